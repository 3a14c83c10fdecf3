//! Unauthenticated endpoints: time, identity, status, public key (docs/protocol/obshell.md §4.1).

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::model::{AgentInfo, SecretInfo};
use obshell_protocol::obshell::version::Feature;
use serde::Serialize;

use crate::clock::go_time;
use crate::obshell::pipeline::{without_trace, ApiResult, Reply};
use crate::obshell::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/time", get(time))
        .route("/info", get(info))
        .route("/status", get(status).post(status))
        .route("/secret", get(secret))
}

async fn time(State(state): State<AppState>) -> ApiResult {
    Ok(Reply::data(&go_time(state.now())))
}

fn start_nanos(state: &AppState) -> i64 {
    state.started().timestamp_nanos_opt().unwrap_or_default()
}

async fn info(State(state): State<AppState>) -> ApiResult {
    let config = state.config();
    let (zone, ob_version) = state.read(|w| {
        let c = &w.cluster;
        let zone = c
            .zones
            .iter()
            .find(|z| {
                z.servers
                    .iter()
                    .any(|s| s.ip == config.ip && s.agent_port == config.port)
            })
            .map(|z| z.name.clone())
            .unwrap_or_default();
        (zone, c.ob_version.clone())
    });
    Ok(Reply::data(&AgentInfo {
        ip: config.ip.clone(),
        port: config.port,
        zone,
        identity: config.identity,
        version: config.version.clone(),
        pid: i64::from(std::process::id()),
        state: 2,
        start_at: start_nanos(&state),
        home_path: "/home/admin/oceanbase".to_owned(),
        ob_version,
        architecture: "x86_64".to_owned(),
        is_obproxy_agent: false,
        security: config.agent_password.is_some(),
        // From 4.2.5 (`supportedAuth` absent before).
        supported_auth: config
            .capabilities()
            .has(Feature::SupportedAuth)
            .then(|| vec!["v2".to_owned()]),
    }))
}

/// An agent's status (`/api/v1/status`, and each entry of `/api/v1/agents/status`).
#[derive(Serialize)]
pub(super) struct Status {
    agent: AgentAddr,
    state: i32,
    version: String,
    pid: u32,
    #[serde(rename = "startAt")]
    start_at: i64,
    port: u16,
    #[serde(rename = "obState")]
    ob_state: i32,
    #[serde(rename = "sqlPort")]
    sql_port: u16,
    #[serde(rename = "underMaintenance")]
    under_maintenance: bool,
}

#[derive(Serialize)]
struct AgentAddr {
    ip: String,
    port: u16,
    identity: &'static str,
}

impl Status {
    /// A running agent with a reachable observer.
    pub(super) fn running(
        ip: &str,
        port: u16,
        identity: &'static str,
        version: &str,
        start_at: i64,
        sql_port: u16,
    ) -> Self {
        Self {
            agent: AgentAddr {
                ip: ip.to_owned(),
                port,
                identity,
            },
            state: 2,
            version: version.to_owned(),
            pid: std::process::id(),
            start_at,
            port,
            ob_state: 3,
            sql_port,
            under_maintenance: false,
        }
    }
}

async fn status(State(state): State<AppState>) -> Response {
    let config = state.config();
    let status = Status::running(
        &config.ip,
        config.port,
        config.identity.as_str(),
        &config.version,
        start_nanos(&state),
        2881,
    );
    without_trace(Reply::data(&status))
}

async fn secret(State(state): State<AppState>) -> ApiResult {
    let config = state.config();
    Ok(Reply::data(&SecretInfo {
        ip: config.ip.clone(),
        port: config.port,
        public_key: state.public_key_base64(),
    }))
}
