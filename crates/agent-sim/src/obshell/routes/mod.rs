//! The agent's routes, grouped like the agent's own route file, behind its verification (all
//! but the zone group, which the agent leaves open).

mod admin;
pub mod bind;
mod cluster;
mod compaction;
mod guards;
pub(crate) mod identity;
mod precheck;
mod primary_zone;
mod query;
mod scale;
mod scenarios;
mod session;
mod slow_node;
mod slow_sql;
mod statistics;
mod task;
mod tenant;
mod unit;
mod zone;

#[cfg(test)]
mod bind_properties;

use std::path::Path;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::version::Feature;
use tower_http::services::{ServeDir, ServeFile};

use crate::obshell::failure::Failure;
use crate::obshell::pipeline::verify;
use crate::obshell::since;
use crate::obshell::state::AppState;

/// Everything under `/api/v1` that the configured version has (each group leaves out the routes
/// its version lacks, so they answer like any unknown route); unknown paths and wrong methods
/// answer as that version's gin `NoRoute` does. With faults enabled, the admin API under `/__sim`.
pub fn api_router(state: AppState) -> Router {
    let caps = state.config().capabilities();
    let protected = Router::new()
        .merge(cluster::routes(&caps))
        .merge(session::routes(&caps))
        .merge(tenant::routes())
        .merge(dashboard(&caps))
        .merge(primary_zone::routes(&caps))
        .merge(unit::routes())
        .merge(scale::routes(&caps))
        .merge(task::routes(&caps))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), verify));
    // The agent never verifies its `zone` route group (docs/protocol/obshell-auth.md §2.9).
    let v1 = Router::new()
        .merge(identity::routes())
        .merge(zone::routes(&caps))
        .merge(protected)
        .fallback(not_found)
        .method_not_allowed_fallback(not_found);
    let mut router = Router::new()
        .nest("/api/v1", v1)
        .route("/api/v1", get(not_found))
        .with_state(state.clone());
    if state.config().faults_enabled {
        router = router.nest("/__sim", admin::routes().with_state(state));
    }
    router
}

/// The routes the agent's dashboard calls (docs/protocol/obshell.md §4.12). Three are fixed
/// paths beside `/tenant/{name}` (`top-compactions`, `top-slow-sqls`, `support-templates`): the
/// router prefers a fixed segment and falls back to the name when the rest of the path does not
/// match, as gin's tree does (`/tenant/top-compactions/precheck` is a tenant's precheck). Before
/// the version that added one, its path is a tenant's name like any other.
fn dashboard(caps: &obshell_protocol::obshell::version::Capabilities) -> Router<AppState> {
    let mut router = Router::new();
    if since::has(caps, since::DASHBOARD) {
        router = router
            .merge(statistics::routes())
            .merge(precheck::routes())
            .merge(compaction::routes())
            .merge(slow_sql::routes());
    }
    if since::has(caps, since::SUPPORT_TEMPLATES) {
        router = router.merge(scenarios::routes());
    }
    router
}

/// gin's `NoRoute` of the agent: `Common.NotFound` (404) from 4.3.1; before, `ErrBadRequest`
/// "404 not found" (400, code 1000: `api/agent_route.go` of 4.2.5.0 and 4.3.0.0).
async fn not_found(State(state): State<AppState>) -> Failure {
    if state.config().capabilities().has(Feature::ErrCode) {
        Failure::not_found()
    } else {
        Failure::from_spec(catalog::BAD_REQUEST, &["404 not found".to_owned()])
    }
}

/// The console's files, with every unknown path answered by `index.html` (client routing).
pub fn static_files(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))
}
