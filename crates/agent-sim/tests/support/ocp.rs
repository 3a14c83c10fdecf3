//! A client of the simulated OCP for its tests (`tests/ocp_*.rs`): requests with Basic auth on
//! a manual clock, OCP's seed sample, and helpers to read tasks and tenants.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use obshell_protocol::ocp::{Task, Tenant};
use obshell_sim::ocp::{self, OcpConfig, OcpState};
use obshell_sim::ManualClock;
use serde_json::{json, Value};
use tower::ServiceExt;

pub const SEED_REQUEST: &str =
    include_str!("../../../protocol/tests/fixtures/ocp-add-replica-request.json");
pub const SEED_RESPONSE: &str =
    include_str!("../../../protocol/tests/fixtures/ocp-add-replica-response.json");
pub const PASSWORD: &str = "Ocp#Demo1";

pub fn start_time() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("valid")
}

pub struct Ocp {
    pub clock: Arc<ManualClock>,
    pub router: Router,
}

pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Res {
    pub fn code(&self) -> i64 {
        self.body["error"]["code"].as_i64().unwrap_or(-1)
    }
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }
    pub fn refusal(&self) -> (u16, i64) {
        (self.status.as_u16(), self.code())
    }
}

pub fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

impl Ocp {
    pub fn new() -> Self {
        Self::with(OcpConfig {
            faults_enabled: true,
            rate_limit: 100_000,
            ..OcpConfig::default()
        })
    }

    pub fn with(config: OcpConfig) -> Self {
        let clock = Arc::new(ManualClock::new(start_time()));
        let state = OcpState::new(config, clock.clone());
        Self {
            clock,
            router: ocp::app(state),
        }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: Option<&str>,
    ) -> Res {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        if body.is_some() {
            req = req.header("Content-Type", "application/json");
        }
        let req = req
            .body(Body::from(body.unwrap_or_default().to_owned()))
            .expect("request");
        let res = self.router.clone().oneshot(req).await.expect("answer");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = to_bytes(res.into_body(), 1 << 24).await.expect("body");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            text,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Res {
        self.send("GET", path, Some(&basic("admin", PASSWORD)), None)
            .await
    }

    pub async fn post(&self, path: &str, body: &str) -> Res {
        self.send("POST", path, Some(&basic("admin", PASSWORD)), Some(body))
            .await
    }

    pub fn advance(&self, secs: f64) {
        self.clock
            .advance(Duration::milliseconds((secs * 1000.0) as i64));
    }

    pub async fn task(&self, id: i64) -> Task {
        let res = self.get(&format!("/api/v2/tasks/instances/{id}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        serde_json::from_value(res.data().clone()).expect("task")
    }

    pub async fn tenant(&self, cluster: i64, id: i64) -> Tenant {
        let res = self
            .get(&format!("/api/v2/ob/clusters/{cluster}/tenants/{id}"))
            .await;
        serde_json::from_value(res.data().clone()).expect("tenant")
    }

    /// Starts a change and gives its task.
    pub async fn start(&self, path: &str, body: &str) -> Task {
        let res = self.post(path, body).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        serde_json::from_value(res.data().clone()).expect("task")
    }

    pub async fn arm(&self, subtask: &str) {
        let res = self
            .send(
                "POST",
                "/__sim/ocp/fail",
                None,
                Some(&json!({"subtask": subtask, "times": 1}).to_string()),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
    }

    pub async fn log(&self, task: i64, subtask: i64) -> String {
        let res = self
            .get(&format!(
                "/api/v2/tasks/instances/{task}/subtasks/{subtask}/log"
            ))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        res.data()["log"].as_str().expect("log").to_owned()
    }
}

pub fn sub<'a>(task: &'a Task, name: &str) -> &'a obshell_protocol::ocp::Subtask {
    task.subtasks
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no subtask {name}"))
}

pub const ADD_EAST: &str = "/api/v2/ob/clusters/2/tenants/12/addReplica";

pub fn add(zone: &str, spec: &str, count: i64) -> String {
    json!([{"zoneName": zone, "replicaType": "FULL",
        "resourcePool": {"unitSpecName": spec, "unitCount": count}}])
    .to_string()
}
