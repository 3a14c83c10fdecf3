//! `PUT /api/v1/tenant/:name/primary-zone` (docs/protocol/obshell.md §4.3): the tenant check, the
//! body, the agent's three checks, then — in the agent's order — the change itself, and only then
//! the DAG and the tenant's lock. A refusal at the lock (`OB.Tenant.UnderMaintenance`) therefore
//! follows a change that was made.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::put;
use axum::Router;
use obshell_protocol::obshell::catalog::{self, Violation};
use obshell_protocol::obshell::dag_names::MODIFY_TENANT_PRIMARY_ZONE;
use obshell_protocol::obshell::replica::{check_primary_zone, normalise_primary_zone};
use obshell_protocol::obshell::version::{Capabilities, Feature};
use serde::Deserialize;

use super::bind::{Field, Schema, StructSchema};
use super::tenant::{start_dag, tenant_and_body};
use crate::obshell::engine::plan_modify_primary_zone;
use crate::obshell::failure::Failure;
use crate::obshell::pipeline::ApiResult;
use crate::obshell::state::AppState;

/// From 4.2.4.0, with the tenant replica routes (docs/protocol/obshell.md §7).
pub fn routes(caps: &Capabilities) -> Router<AppState> {
    if !caps.has(Feature::ReplicaForms) {
        return Router::new();
    }
    Router::new().route("/tenant/{name}/primary-zone", put(modify))
}

#[derive(Deserialize)]
struct Param {
    primary_zone: Option<String>,
}

/// A Go `*string` with `binding:"required"`: only `null` or absence fails, `""` passes.
pub(crate) static PRIMARY_ZONE: StructSchema = StructSchema {
    go_name: "ModifyTenantPrimaryZoneParam",
    fields: &[Field {
        json: "primary_zone",
        go: "PrimaryZone",
        schema: Schema::String,
        nullable: true,
        required: true,
    }],
};

/// A refusal of the checks, with the words an agent before 4.3.1 used for it
/// (`executor/zone/check.go` of 4.3.0.0, behind "Illegal argument: ").
fn refusal(v: Violation) -> Failure {
    let old = match v.spec.code {
        c if c == catalog::PRIMARY_ZONE_INVALID.code => v.args.get(1).cloned(),
        c if c == catalog::REBALANCE_DISABLED.code => Some(
            "Change first priority zone of primary zone is not allowed when tenant \
             'enable_rebalance' is disabled"
                .to_owned(),
        ),
        c if c == catalog::PRIMARY_ZONE_CROSS_REGION.code => {
            Some("Tenant primary zone could not span regions.".to_owned())
        }
        _ => None,
    };
    let mut failure = Failure::from(v);
    if let Some(old) = old {
        failure.legacy_text = Some(old.into());
    }
    failure
}

async fn modify(State(state): State<AppState>, Path(name): Path<String>, body: Bytes) -> ApiResult {
    let (tenant, param): (_, Param) = tenant_and_body(&state, &name, &body, &PRIMARY_ZONE)?;
    let target = normalise_primary_zone(param.primary_zone.as_deref().unwrap_or_default());
    let dotted = state.config().capabilities().has(Feature::ErrCode);
    state
        .update(|w| {
            let tenant = w.cluster.tenant(&name).cloned().unwrap_or(tenant);
            let view = w
                .cluster
                .replica_view(&tenant)
                .map_err(|v| Failure::from(v).annotated("get tenant replica info map failed"))?;
            check_primary_zone(&view, &target, &w.cluster).map_err(refusal)?;
            // `ALTER TENANT … PRIMARY_ZONE`: made here, before the DAG and its lock.
            if let Some(t) = w.cluster.tenant_mut(&name) {
                t.primary_zone = target.clone();
            }
            let nodes = plan_modify_primary_zone(&name, &target);
            start_dag(&state, w, &name, MODIFY_TENANT_PRIMARY_ZONE, nodes).map_err(|f| {
                if dotted {
                    f
                } else {
                    // 4.2.x/4.3.0 replaced any error of the task service with its own words.
                    Failure::from_spec(
                        catalog::UNEXPECTED,
                        &[format!(
                            "create '{MODIFY_TENANT_PRIMARY_ZONE}' dag instance failed"
                        )],
                    )
                }
            })
        })
        .map_err(Failure::with_null_data)
}
