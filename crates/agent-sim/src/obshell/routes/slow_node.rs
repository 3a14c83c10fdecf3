//! `POST /__sim/slow-node {"node": "Alter tenant locality", "factor": 20}`: the steps of that name
//! that have not ended yet, in the DAGs that run now, take `factor` times as long (a step running
//! far beyond its history, for the task page's durations in context). Only with `--faults`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::obshell::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SlowNode {
    node: String,
    factor: f64,
}

/// Answers how many steps were slowed; a 400 when the factor is not above 0.
pub(super) async fn slow_node(
    State(state): State<AppState>,
    Json(body): Json<SlowNode>,
) -> (StatusCode, Json<Value>) {
    if !(body.factor.is_finite() && body.factor > 0.0) {
        let error = json!({ "error": "factor must be a number above 0", "field": "factor" });
        return (StatusCode::BAD_REQUEST, Json(error));
    }
    let slowed = state.update(|w| {
        let steps = w.tasks.dags.iter_mut().filter(|d| !d.state.is_final());
        let steps = steps.flat_map(|d| d.nodes.iter_mut());
        let mut n = 0;
        for step in steps.filter(|s| s.name == body.node && !s.state.is_final()) {
            step.duration *= body.factor;
            n += 1;
        }
        n
    });
    (
        StatusCode::OK,
        Json(json!({ "node": body.node, "slowed": slowed })),
    )
}
