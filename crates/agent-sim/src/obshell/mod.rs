//! The simulated OBShell agent: the real agent's encryption, envelope, error codes and validation
//! order over an in-memory OceanBase cluster model.

pub mod engine;
pub mod failure;
pub mod model;
pub mod pipeline;
pub mod routes;
pub mod since;
pub mod state;

use std::path::Path;
use std::time::Duration;

use axum::Router;

pub use state::{AgentConfig, AppState};

/// Runs the scheduler like the agent's: one tick a second, shortened by the speed factor.
pub fn spawn_scheduler(state: AppState) -> tokio::task::JoinHandle<()> {
    let period = Duration::from_secs_f64((1.0 / state.config().speed.max(0.001)).clamp(0.01, 1.0));
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            state.tick();
        }
    })
}

/// The whole agent: API routes behind the agent's middleware order, and the console's static
/// files (with the SPA fallback to `index.html`) for every other path when `dist` is given.
pub fn app(state: AppState, dist: Option<&Path>) -> Router {
    let api = routes::api_router(state.clone());
    let routed = match dist {
        Some(dir) => api.fallback_service(routes::static_files(dir)),
        None => api,
    };
    // The pipeline sees the target as sent; the routes see the path as gin routes it.
    let routed = tower::ServiceBuilder::new()
        .map_request(pipeline::route_on_decoded_slashes)
        .service(routed);
    let panic_state = state.clone();
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::from_fn_with_state(
            state,
            pipeline::agent_pipeline,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            move |_: Box<dyn std::any::Any + Send>| pipeline::panic_response(&panic_state),
        ))
}
