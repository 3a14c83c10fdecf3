//! Major compactions (docs/protocol/obshell.md §4.12): `GET /api/v1/tenant/:name/compaction` and
//! `GET /api/v1/tenant/top-compactions`, a fixed path that gin matches before `/tenant/:name`.

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::version::Feature;
use obshell_protocol::obshell::Contents;

use super::guards::require_cluster_agent;
use super::query::query_param;
use crate::obshell::failure::Failure;
use crate::obshell::model::Tenant;
use crate::obshell::pipeline::{panic_response, ApiResult, Reply};
use crate::obshell::since;
use crate::obshell::state::AppState;

/// The routes of this file; `super::dashboard` adds them from the version that has them.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenant/{name}/compaction", get(compaction))
        .route("/tenant/top-compactions", get(top))
}

/// 4.3.0's handler said it with a full stop.
fn name_empty() -> Failure {
    Failure::from_spec(catalog::TENANT_NAME_EMPTY, &[]).with_legacy_text("Tenant name is empty.")
}

/// The checks before the executor: from 4.4.0 the route's `tenantExistHandlerWrapper` (identity,
/// name, existence); before, the handler's own name and identity checks.
fn route_checks(state: &AppState, name: &str) -> Result<(), Failure> {
    if !since::has(&state.config().capabilities(), since::TELEMETRY_FLAG) {
        if name.is_empty() {
            return Err(name_empty());
        }
        return require_cluster_agent(state);
    }
    require_cluster_agent(state)?;
    if name.is_empty() {
        return Err(name_empty());
    }
    state
        .sql()
        .map_err(|f| f.annotated(&format!("check tenant '{name}' exist failed")))?;
    if state.read(|w| w.cluster.tenant(name).is_none()) {
        return Err(Failure::from_spec(
            catalog::TENANT_NOT_EXIST,
            &[name.to_owned()],
        ));
    }
    Ok(())
}

/// `GetTenantCompaction`'s own tenant lookup; its refusals come with the handler's nil result,
/// `"data": null`.
fn executor_tenant(state: &AppState, name: &str) -> Result<Tenant, Failure> {
    if let Err(down) = state.sql() {
        let failure = if state.config().capabilities().has(Feature::ErrCode) {
            down.annotated("Get tenant failed")
        } else {
            Failure::from_spec(
                catalog::UNEXPECTED,
                &[format!("Get tenant '{name}' failed.")],
            )
        };
        return Err(failure.with_null_data());
    }
    state
        .read(|w| w.cluster.tenant(name).cloned())
        .ok_or_else(|| {
            Failure::from_spec(catalog::TENANT_NOT_EXIST, &[name.to_owned()]).with_null_data()
        })
}

async fn compaction(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    route_checks(&state, &name)?;
    let tenant = executor_tenant(&state, &name)?;
    let now = state.now();
    Ok(Reply::data(
        &state.read(|w| w.cluster.compaction(&tenant, now).to_dto()),
    ))
}

/// `limit` as the handler reads it: absent, empty or `"0"` mean 3; otherwise Go's `Atoi`.
fn limit(query: Option<&str>) -> Result<i64, Failure> {
    match query_param(query, "limit").as_deref() {
        None | Some("" | "0") => Ok(3),
        Some(text) => text.parse().map_err(|_| {
            Failure::from_spec(catalog::QUERY_PARAM_ILLEGAL, &["limit".to_owned()])
                .with_legacy_text("Invalid top value.")
        }),
    }
}

/// `GetTopCompactions`: every tenant's last (or running) round, longest first, at most `limit`.
/// A negative limit cuts the list at a negative index: the agent panics (500).
async fn top(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let top = limit(query.as_deref())?;
    if let Err(down) = state.sql() {
        return Err(down.with_data(serde_json::json!({ "contents": null })));
    }
    let Ok(keep) = usize::try_from(top) else {
        return Ok(panic_response(&state));
    };
    let now = state.now();
    let mut rows: Vec<_> = state.read(|w| {
        w.cluster
            .tenants
            .iter()
            .map(|t| w.cluster.compaction(t, now).to_history(&t.name, now))
            .collect()
    });
    rows.sort_by_key(|r| std::cmp::Reverse(r.cost_time));
    rows.truncate(keep);
    Ok(Reply::data(&Contents::new(rows)).into_response())
}
