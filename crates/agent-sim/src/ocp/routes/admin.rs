//! The `/__sim/ocp` admin routes (`--faults`, no auth): arm a subtask failure, throttle, read
//! or clear the request log, reset.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::ocp::model::FailRule;
use crate::ocp::state::OcpState;

/// The admin routes.
pub fn admin(state: OcpState) -> Router {
    Router::new()
        .route("/__sim/ocp/fail", post(admin_fail))
        .route("/__sim/ocp/throttle", post(admin_throttle))
        .route(
            "/__sim/ocp/requests",
            get(admin_requests).delete(admin_clear),
        )
        .route("/__sim/ocp/reset", post(admin_reset))
        .with_state(state)
}

#[derive(Deserialize)]
struct Fail {
    subtask: String,
    #[serde(default = "one")]
    times: u32,
}

fn one() -> u32 {
    1
}

async fn admin_fail(State(state): State<OcpState>, Json(b): Json<Fail>) -> Json<Value> {
    let times = b.times.max(1);
    state.update(|w| {
        w.fail_rules.push(FailRule {
            subtask: b.subtask.clone(),
            times,
        })
    });
    Json(json!({ "armed": b.subtask, "times": times }))
}

#[derive(Deserialize)]
struct Throttle {
    #[serde(default = "one")]
    times: u32,
    #[serde(default = "sixty")]
    reset: u64,
}

fn sixty() -> u64 {
    60
}

async fn admin_throttle(State(state): State<OcpState>, Json(b): Json<Throttle>) -> Json<Value> {
    state.throttle(b.times, b.reset);
    Json(json!({ "times": b.times, "reset": b.reset }))
}

async fn admin_requests(State(state): State<OcpState>) -> Json<Value> {
    Json(json!({ "requests": state.requests().requests() }))
}

async fn admin_clear(State(state): State<OcpState>) -> Json<Value> {
    state.requests().clear_requests();
    Json(json!({}))
}

async fn admin_reset(State(state): State<OcpState>) -> Json<Value> {
    state.throttle(0, 0);
    state.update(|w| w.fail_rules.clear());
    Json(json!({}))
}
