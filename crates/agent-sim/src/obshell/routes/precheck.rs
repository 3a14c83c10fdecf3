//! `GET /api/v1/tenant/:name/precheck` (docs/protocol/obshell.md §4.12): whether the agent can
//! log in to the tenant, behind the agent's general tenant wrapper (`tenantHandlerWrapper`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::model::dashboard::TenantPrecheck;
use obshell_protocol::obshell::version::Feature;
use serde::Deserialize;
use serde_json::Value;

use super::guards::require_cluster_agent;
use crate::obshell::failure::Failure;
use crate::obshell::model::Tenant;
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::routes::bind::{bind, Field, Schema, StructSchema};
use crate::obshell::since;
use crate::obshell::state::AppState;

/// The routes of this file; `super::dashboard` adds them from the version that has them.
pub fn routes() -> Router<AppState> {
    Router::new().route("/tenant/{name}/precheck", get(precheck))
}

#[derive(Deserialize)]
struct PasswordParam {
    root_password: Option<String>,
}

pub(crate) static PASSWORD: StructSchema = StructSchema {
    go_name: "TenantRootPasswordParam",
    fields: &[Field {
        json: "root_password",
        go: "RootPassword",
        schema: Schema::String,
        nullable: true,
        required: false,
    }],
};

/// The wrapper's checks, in its order: identity, name, the tenant's row, `locked`. The row is
/// read in one query from 4.3.2 (before: existence, then the lock, each its own query, so its
/// failure is worded after the existence check).
fn wrapper(state: &AppState, name: &str) -> Result<Tenant, Failure> {
    require_cluster_agent(state)?;
    if name.is_empty() {
        return Err(Failure::from_spec(catalog::TENANT_NAME_EMPTY, &[]));
    }
    let caps = state.config().capabilities();
    if let Err(down) = state.sql() {
        return Err(if since::has(&caps, since::SUPPORT_TEMPLATES) {
            down.annotated(&format!("get tenant '{name}' info failed"))
        } else if caps.has(Feature::ErrCode) {
            down.annotated(&format!("check tenant '{name}' exist failed"))
        } else {
            Failure::from_spec(
                catalog::UNEXPECTED,
                &[format!("check tenant '{name}' exist failed")],
            )
        });
    }
    let Some(tenant) = state.read(|w| w.cluster.tenant(name).cloned()) else {
        let missing = Failure::from_spec(catalog::TENANT_NOT_EXIST, &[name.to_owned()]);
        // 4.3.0's wrapper had its own words for it.
        return Err(missing.with_legacy_text(format!("Tenant '{name}' not exists.")));
    };
    if tenant.locked {
        let locked = Failure::from_spec(catalog::TENANT_LOCKED, &[name.to_owned()]);
        return Err(locked.with_legacy_text("Tenant has been locked."));
    }
    Ok(tenant)
}

/// The wrapper reads `root_password` from the body (a key spelt exactly so); a body that is not
/// a JSON object was drained by the request logger and reads as nothing.
fn password_key(body: &Bytes) -> Result<bool, Failure> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map.contains_key("root_password")),
        Ok(Value::Null) => Ok(false),
        _ => Err(Failure::new(
            500,
            catalog::UNEXPECTED.code,
            "unmarshal request body failed: unexpected end of JSON input",
        )),
    }
}

/// Without a password in the body the agent (the tenant's maintainer) puts in the one it keeps,
/// then hands the request to an agent whose server is ACTIVE and holds a unit of the tenant —
/// the simulator answers for it.
fn executing_agent(state: &AppState, tenant: &Tenant) -> Result<(), Failure> {
    let active = state.read(|w| {
        w.cluster.tenant_pools(tenant.id).any(|p| {
            p.units.iter().any(|u| {
                w.cluster
                    .servers()
                    .any(|(_, s)| s.addr() == u.server && s.status == "ACTIVE")
            })
        })
    });
    if active {
        return Ok(());
    }
    Err(Failure::from_spec(
        catalog::TENANT_NO_ACTIVE_SERVER,
        std::slice::from_ref(&tenant.name),
    )
    .with_legacy_text("tenant is not active")
    .annotated("get execute agent failed"))
}

/// `tenantPrecheck` / `TenantPreCheck`. `is_password_exists` is true when no password reached
/// the check (the agent's own inversion): for `sys` without one in the body; for other tenants
/// only with an explicit `"root_password": null`, since the wrapper fills in the password it keeps.
async fn precheck(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: Bytes,
) -> ApiResult {
    let tenant = wrapper(&state, &name)?;
    if tenant.id != 1 {
        let given = password_key(&body)?;
        executing_agent(&state, &tenant)?;
        if !given {
            let password = Some(tenant.root_password.clone());
            return Ok(Reply::data(&result(&state, &tenant, password.as_deref())));
        }
    }
    let param: PasswordParam = bind(&body, &PASSWORD)?;
    Ok(Reply::data(&result(
        &state,
        &tenant,
        param.root_password.as_deref(),
    )))
}

fn result(state: &AppState, tenant: &Tenant, password: Option<&str>) -> TenantPrecheck {
    if tenant.id == 1 {
        // `sys` is reached through the agent's own connection; its password is the agent's.
        return TenantPrecheck {
            is_connectable: true,
            is_password_exists: password.is_none(),
            is_empty_root_password: state.config().root_password.is_empty(),
        };
    }
    TenantPrecheck {
        is_connectable: password.unwrap_or_default() == tenant.root_password,
        is_password_exists: password.is_none(),
        is_empty_root_password: tenant.root_password.is_empty(),
    }
}
