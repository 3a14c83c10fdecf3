//! OCP's API v2 routes, by area: clusters (with their zones and the unit specs), tenants,
//! replicas, tasks; and the `/__sim/ocp` admin routes.

mod admin;
mod clusters;
mod query;
mod replicas;
mod tasks;
mod tenants;

use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use serde_json::json;

pub use admin::admin;

use crate::ocp::model::ocp_time;
use crate::ocp::pipeline::envelope::{data, no_code, Answer, Out};
use crate::ocp::state::OcpState;
use clusters::{cluster, clusters, unit_specs, zones};
use replicas::{add_replica, delete_replica, modify_replica};
use tasks::{subtask_log, subtask_op, task, task_retry, task_rollback, tasks};
use tenants::{all_tenants, modify_primary_zone, tenant, tenants};

/// OCP's API v2 (`/api/v2/…`), without its filter.
pub fn api() -> Router<OcpState> {
    Router::new()
        .route("/api/v2/time", api_get(time))
        .route("/api/v2/info", api_get(info))
        .route("/api/v2/ob/clusters", api_get(clusters))
        .route("/api/v2/ob/clusters/{id}", api_get(cluster))
        .route("/api/v2/ob/clusters/{id}/zones", api_get(zones))
        .route("/api/v2/ob/tenants", api_get(all_tenants))
        .route("/api/v2/ob/clusters/{id}/tenants", api_get(tenants))
        .route("/api/v2/ob/clusters/{id}/tenants/{tenant}", api_get(tenant))
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/addReplica",
            api_post(add_replica),
        )
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/deleteReplica",
            api_post(delete_replica),
        )
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/modifyReplica",
            api_post(modify_replica),
        )
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/modifyPrimaryZone",
            api_post(modify_primary_zone),
        )
        .route("/api/v2/ob/unitSpecs", api_get(unit_specs))
        .route("/api/v2/tasks/instances", api_get(tasks))
        .route("/api/v2/tasks/instances/{id}", api_get(task))
        .route("/api/v2/tasks/instances/{id}/retry", api_post(task_retry))
        .route(
            "/api/v2/tasks/instances/{id}/rollback",
            api_post(task_rollback),
        )
        .route(
            "/api/v2/tasks/instances/{id}/subtasks/{sid}/log",
            api_get(subtask_log),
        )
        .route(
            "/api/v2/tasks/instances/{id}/subtasks/{sid}/{op}",
            api_post(subtask_op),
        )
        .route("/api/v2", axum::routing::any(no_handler))
        .route("/api/v2/{*rest}", axum::routing::any(no_handler))
}

fn api_get<H, T>(handler: H) -> MethodRouter<OcpState>
where
    H: axum::handler::Handler<T, OcpState>,
    T: 'static,
{
    get(handler).fallback(method_not_allowed)
}

fn api_post<H, T>(handler: H) -> MethodRouter<OcpState>
where
    H: axum::handler::Handler<T, OcpState>,
    T: 'static,
{
    post(handler).fallback(method_not_allowed)
}

async fn no_handler(method: Method, request: Request) -> Out {
    no_code(
        404,
        &format!("No handler found for {method} {}", request.uri().path()),
    )
}

async fn method_not_allowed(method: Method) -> Out {
    no_code(405, &format!("Request method '{method}' not supported"))
}

/// `GET /api/v2/time`: the server time as plain text, no auth.
async fn time(State(state): State<OcpState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")],
        ocp_time(state.now()),
    )
        .into_response()
}

async fn info(State(state): State<OcpState>) -> Answer {
    data(&json!({
        "buildVersion": state.config().build_version,
        "buildTime": "2025-01-01T00:00:00.000+08:00",
        "applicationName": "ocp-server",
        "server": state.config().server,
    }))
}
