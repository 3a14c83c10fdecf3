//! The agent's routes, grouped like the agent's own route file, behind its verification.

mod cluster;
mod identity;

use std::path::Path;

use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::failure::Failure;
use crate::pipeline::verify;
use crate::state::AppState;

/// Everything under `/api/v1`; unknown paths and wrong methods answer `Common.NotFound`.
pub fn api_router(state: AppState) -> Router {
    let open = identity::routes();
    let protected =
        cluster::routes().route_layer(axum::middleware::from_fn_with_state(state.clone(), verify));
    let v1 = Router::new()
        .merge(open)
        .merge(protected)
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .with_state(state);
    Router::new()
        .nest("/api/v1", v1)
        .route("/api/v1", get(not_found))
}

async fn not_found() -> Failure {
    Failure::not_found()
}

/// The console's files, with every unknown path answered by `index.html` (client routing).
pub fn static_files(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))
}
