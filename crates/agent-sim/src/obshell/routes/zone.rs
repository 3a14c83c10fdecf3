//! `DELETE /api/v1/zone/:name` (4.2.6+, docs/protocol/obshell.md §4.7), served like the agent
//! serves it: **without authentication** (its route group never gets the agent's verification,
//! obshell-auth.md §2.9), the handler checking only that this is a cluster agent. A zone that does
//! not exist is 204; a zone with units is `OB.Zone.NotEmpty`; a zone holding this very agent is
//! `OB.Zone.DeleteSelf`; otherwise the `Delete zone` DAG under the global lock.

use axum::extract::{Path, State};
use axum::routing::delete;
use axum::Router;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::dag_names::DELETE_ZONE;
use obshell_protocol::obshell::version::{Capabilities, Feature};

use super::guards::require_cluster_agent;
use super::scale::start_global_dag;
use crate::obshell::engine::{plan_delete_zone, ZoneMember};
use crate::obshell::failure::Failure;
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::state::AppState;

/// From 4.2.6.0, with scale-in (the same change brought both).
pub fn routes(caps: &Capabilities) -> Router<AppState> {
    if !caps.has(Feature::ScaleIn) {
        return Router::new();
    }
    Router::new().route("/zone/{name}", delete(remove))
}

async fn remove(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    if name.is_empty() {
        return Err(Failure::from_spec(catalog::ZONE_NAME_EMPTY, &[]));
    }
    require_cluster_agent(&state)?;
    // From here the executor answers, and its nil DAG goes beside any error: `"data": null`.
    state
        .sql()
        .map_err(|f| f.annotated("check zone exist failed"))
        .map_err(Failure::with_null_data)?;
    let config = state.config().clone();
    state
        .update(|w| {
            let Some(zone) = w.cluster.zone(&name).cloned() else {
                return Ok(Reply::NoContent);
            };
            let has_units = w
                .cluster
                .pools
                .iter()
                .any(|p| p.units.iter().any(|u| u.zone == name));
            if has_units {
                return Err(Failure::from_spec(
                    catalog::ZONE_NOT_EMPTY,
                    std::slice::from_ref(&name),
                ));
            }
            let members: Vec<ZoneMember> = zone
                .servers
                .iter()
                .map(|s| ZoneMember {
                    ip: s.ip.clone(),
                    agent_port: s.agent_port,
                })
                .collect();
            if members
                .iter()
                .any(|m| m.ip == config.ip && m.agent_port == config.port)
            {
                return Err(Failure::from_spec(
                    catalog::ZONE_DELETE_SELF,
                    std::slice::from_ref(&name),
                ));
            }
            let nodes = plan_delete_zone(
                &name,
                &members,
                &w.cluster.agent_version,
                &w.cluster.ob_version,
            );
            start_global_dag(&state, w, DELETE_ZONE, nodes, None)
        })
        .map_err(Failure::with_null_data)
}
