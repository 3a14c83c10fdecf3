//! Unauthenticated endpoints (docs/protocol/obshell.md §4.1).

mod support;

use axum::http::StatusCode;
use obshell_protocol::obshell::model::{AgentIdentity, AgentInfo, SecretInfo};
use obshell_protocol::obshell::{AgentPublicKey, Envelope};
use support::Agent;

#[tokio::test]
async fn secret_publishes_the_pkcs1_public_key() {
    let agent = Agent::new();
    let answer = agent.get_plain("/api/v1/secret").await;
    assert_eq!(answer.status, StatusCode::OK);
    let secret: Envelope<SecretInfo> = serde_json::from_value(answer.body).expect("shape");
    let secret = secret.data.expect("data");
    assert!(secret.public_key.starts_with("MIGJAoGBA"));
    assert_eq!(
        AgentPublicKey::from_base64(&secret.public_key).expect("parses"),
        agent.public
    );
    assert_eq!((secret.ip.as_str(), secret.port), ("10.0.1.1", 2886));
}

#[tokio::test]
async fn info_names_a_cluster_agent() {
    let answer = Agent::new().get_plain("/api/v1/info").await;
    let info: Envelope<AgentInfo> = serde_json::from_value(answer.body).expect("shape");
    let info = info.data.expect("data");
    assert_eq!(info.identity, AgentIdentity::ClusterAgent);
    assert_eq!(info.zone, "zone1");
    assert_eq!(info.supported_auth, Some(vec!["v2".to_owned()]));
    assert!(
        info.start_at > 1_000_000_000_000_000_000,
        "startAt is in nanoseconds"
    );
}

#[tokio::test]
async fn time_is_the_agents_clock() {
    let agent = Agent::new();
    let answer = agent.get_plain("/api/v1/time").await;
    let text = answer.body["data"].as_str().expect("string");
    let parsed = chrono::DateTime::parse_from_rfc3339(text).expect("RFC 3339");
    assert_eq!(parsed.timestamp(), support::start_time().timestamp());
}

#[tokio::test]
async fn status_has_no_trace_id() {
    let answer = Agent::new().get_plain("/api/v1/status").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.trace_id(), "");
    assert_eq!(answer.body["data"]["agent"]["identity"], "CLUSTER AGENT");
}
