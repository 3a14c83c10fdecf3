//! A minimal agent client for the simulator's tests: builds requests the way the console and
//! the SDKs do, using the shared protocol crate.

#![allow(dead_code)]

pub mod ocp;

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Utc};
use obshell_protocol::obshell::{AgentKeyPair, AgentPublicKey, AuthHeader, SessionKey};
use obshell_sim::obshell::model::world::World;
use obshell_sim::obshell::model::Cluster;
use obshell_sim::obshell::model::TaskStore;
use obshell_sim::obshell::state::DEFAULT_ROOT_PASSWORD;
use obshell_sim::obshell::{app, AgentConfig, AppState};
use obshell_sim::ManualClock;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;
use tower::ServiceExt;

pub const PASSWORD: &str = DEFAULT_ROOT_PASSWORD;
/// A fixed agent key, so the tests need no key generation.
pub const KEY_PEM: &str = include_str!("../../../protocol/tests/fixtures/agent-1024.pem");

pub fn start_time() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("valid")
}

pub struct Agent {
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub router: Router,
    pub public: AgentPublicKey,
}

pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    pub fn err_code(&self) -> &str {
        self.body["error"]["errCode"].as_str().unwrap_or_default()
    }
    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or_default()
    }
    pub fn trace_id(&self) -> &str {
        self.body["traceId"].as_str().unwrap_or_default()
    }
    pub fn code(&self) -> Option<i64> {
        self.body["error"]["code"].as_i64()
    }
}

impl Agent {
    pub fn new() -> Self {
        Self::with_config(AgentConfig::default())
    }

    pub fn with_config(config: AgentConfig) -> Self {
        let keys = AgentKeyPair::from_pkcs1_pem(KEY_PEM).expect("fixture key");
        let public = keys.public_key();
        let clock = Arc::new(ManualClock::new(start_time()));
        let world = World {
            cluster: Cluster::demo(start_time()),
            tasks: TaskStore::default(),
            fail_rules: Vec::new(),
        };
        let state = AppState::new(config, keys, clock.clone(), world, None);
        let router = app(state.clone(), None);
        Self {
            state,
            clock,
            router,
            public,
        }
    }

    pub fn now(&self) -> i64 {
        self.state.now().timestamp()
    }

    /// The header value for `auth`, expiring at `ts`, signed for `uri`.
    pub fn header(&self, auth: &str, ts: i64, uri: &str, key: Option<&SessionKey>) -> String {
        let mut header = AuthHeader::new(auth, ts, uri);
        if let Some(key) = key {
            header = header.with_keys(key);
        }
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        header.encrypt(&self.public, &mut rng).expect("encrypts")
    }

    /// Encrypts `json` (the payload) and returns the header value and body text.
    pub fn sealed(&self, auth: &str, uri: &str, json: &str) -> (String, String) {
        let key = SessionKey::from_parts([7; 16], [8; 16]);
        (
            self.header(auth, self.now() + 60, uri, Some(&key)),
            key.encrypt(json.as_bytes()),
        )
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        self.try_send(request).await.expect("a whole answer")
    }

    /// Like [`Agent::send`], but an answer whose body breaks off is an `Err`.
    pub async fn try_send(&self, request: Request<Body>) -> Result<Answer, String> {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("JSON envelope")
        };
        Ok(Answer { status, body })
    }

    /// An agent with the admin API (`--faults`).
    pub fn faulty() -> Self {
        Self::with_config(AgentConfig {
            faults_enabled: true,
            ..AgentConfig::default()
        })
    }

    /// `POST /__sim<path>` of the admin API with a JSON body.
    pub async fn admin(&self, path: &str, body: &str) -> StatusCode {
        let request = Request::post(format!("/__sim{path}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .expect("request");
        self.send(request).await.status
    }

    /// Like [`Agent::admin`], with the answer's body.
    pub async fn admin_answer(&self, method: &str, path: &str, body: &str) -> Answer {
        let request = Request::builder()
            .method(method)
            .uri(format!("/__sim{path}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .expect("request");
        self.send(request).await
    }

    pub async fn get_plain(&self, uri: &str) -> Answer {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// A GET with a correct `X-OCS-Header`.
    pub async fn get(&self, uri: &str) -> Answer {
        self.get_with(uri, PASSWORD, self.now() + 60).await
    }

    pub async fn get_with(&self, uri: &str, auth: &str, ts: i64) -> Answer {
        let header = self.header(auth, ts, uri, None);
        self.get_raw_header(uri, "X-OCS-Header", &header).await
    }

    pub async fn get_raw_header(&self, uri: &str, name: &str, value: &str) -> Answer {
        self.send(
            Request::get(uri)
                .header(name, value)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }
}

impl Agent {
    /// Encrypts an arbitrary header JSON text (for malformed-header cases).
    pub fn raw_header(&self, json: &str) -> String {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        self.public
            .encrypt_sectional(&mut rng, json.as_bytes())
            .expect("encrypts")
    }
}

impl Agent {
    /// Any method, with the payload encrypted as clients do.
    pub async fn call(&self, method: &str, uri: &str, json: Option<&str>) -> Answer {
        self.try_call(method, uri, json)
            .await
            .expect("a whole answer")
    }

    /// Like [`Agent::call`], but an answer whose body breaks off is an `Err`.
    pub async fn try_call(
        &self,
        method: &str,
        uri: &str,
        json: Option<&str>,
    ) -> Result<Answer, String> {
        let (header, body) = match json {
            Some(j) => {
                let (h, b) = self.sealed(PASSWORD, uri, j);
                (h, Body::from(b))
            }
            None => (
                self.header(PASSWORD, self.now() + 60, uri, None),
                Body::empty(),
            ),
        };
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("X-OCS-Header", header)
            .body(body)
            .expect("request");
        self.try_send(request).await
    }

    /// Moves the clock one second and runs one scheduler tick, `seconds` times.
    /// `POST /api/v1/ob/scale_out` of the idle host `ip:2886` into `zone`, no extra config.
    pub async fn scale_out(&self, ip: &str, zone: &str) -> Answer {
        let body = format!(
            r#"{{"agentInfo":{{"ip":"{ip}","port":2886}},"zone":"{zone}","obConfigs":{{}}}}"#
        );
        self.call("POST", "/api/v1/ob/scale_out", Some(&body)).await
    }

    pub fn run_for(&self, seconds: u32) {
        for _ in 0..seconds {
            self.clock.advance(chrono::Duration::seconds(1));
            self.state.tick();
        }
    }

    /// Ticks until the DAG is SUCCEED or FAILED (at most ten minutes of agent time).
    pub async fn run_dag(&self, id: &str) -> Value {
        for _ in 0..600 {
            let dag = self
                .call("GET", &format!("/api/v1/task/dag/{id}"), None)
                .await
                .body["data"]
                .clone();
            if dag["state"] == "SUCCEED" || dag["state"] == "FAILED" {
                return dag;
            }
            self.run_for(1);
        }
        panic!("DAG {id} did not finish");
    }

    pub async fn locality(&self, tenant: &str) -> String {
        let answer = self
            .call("GET", &format!("/api/v1/tenant/{tenant}"), None)
            .await;
        answer.body["data"]["locality"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn fail_next(&self, node: &str) {
        self.state.update(|w| {
            w.fail_rules.push(obshell_sim::obshell::model::FailRule {
                node: node.to_owned(),
                times: 1,
                ..Default::default()
            })
        });
    }
}

/// Node names of a DAG detail.
pub fn node_names(dag: &Value) -> Vec<String> {
    dag["nodes"]
        .as_array()
        .map(|n| {
            n.iter()
                .map(|n| n["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}
