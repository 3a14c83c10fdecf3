//! Cluster topology endpoints (spec §4.2).

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use crate::pipeline::{ApiResult, Reply};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/ob/info", get(ob_info))
}

async fn ob_info(State(state): State<AppState>) -> ApiResult {
    Ok(Reply::data(&state.with_cluster(|c| c.ob_info())))
}
