//! Request verification in the agent's order, with the agent's status, codes and messages
//! (docs/protocol/obshell-auth.md §2.10, docs/protocol/obshell.md §3.4).

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Duration;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::{AgentPublicKey, SessionKey};
use obshell_sim::obshell::AgentConfig;
use support::{Agent, PASSWORD};

const OB_INFO: &str = "/api/v1/ob/info";

#[tokio::test]
async fn correct_password_reads_the_cluster() {
    let agent = Agent::new();
    let answer = agent.get(OB_INFO).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["successful"], true);
    assert_eq!(answer.body["status"], 200);
    assert_eq!(answer.trace_id().len(), 16);
    assert!(answer.trace_id().bytes().all(|b| b.is_ascii_hexdigit()));
    let topology = answer.body["data"]["obcluster_info"]["topology"]
        .as_object()
        .expect("topology");
    assert_eq!(
        topology.keys().collect::<Vec<_>>(),
        ["zone1", "zone2", "zone3"]
    );
    assert!(topology
        .values()
        .all(|servers| servers.as_array().map(Vec::len) == Some(2)));
    assert_eq!(
        answer.body["data"]["agent_info"].as_array().map(Vec::len),
        Some(6)
    );
    assert!(answer.body.get("error").is_none());
}

#[tokio::test]
async fn missing_header_is_a_bad_request() {
    let answer = Agent::new().get_plain(OB_INFO).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.err_code(), "Request.Header.NotFound");
    assert_eq!(
        answer.message(),
        "X-OCS-Agent-Header or X-OCS-Header not found in http request header"
    );
    assert_eq!(answer.code(), None);
    assert!(
        answer.body["error"].get("code").is_none(),
        "code 0 is omitted"
    );
}

#[tokio::test]
async fn undecryptable_header_fails_before_tracing() {
    let agent = Agent::new();
    let other_key = obshell_protocol::obshell::AgentKeyPair::from_pkcs1_pem(include_str!(
        "../../protocol/tests/fixtures/agent-512.pem"
    ))
    .expect("key");
    let mut rng = rand_chacha::rand_core::SeedableRng::seed_from_u64(1);
    let foreign = AgentPublicKey::from_base64(&other_key.public_key_base64())
        .expect("key")
        .encrypt_sectional::<rand_chacha::ChaCha20Rng>(&mut rng, b"{}")
        .expect("encrypts");
    for value in ["!!!!", foreign.as_str()] {
        let answer = agent.get_raw_header(OB_INFO, "X-OCS-Header", value).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            answer.err_code(),
            "Security.Authentication.Header.DecryptFailed"
        );
        assert_eq!(answer.code(), Some(1));
        assert_eq!(answer.trace_id(), "");
        assert!(
            answer.message().starts_with("Decrypt http header failed: "),
            "{}",
            answer.message()
        );
    }
    // Headers are decrypted on every route, even unprotected ones.
    let answer = agent
        .get_raw_header("/api/v1/info", "X-OCS-Header", "!!!!")
        .await;
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.Header.DecryptFailed"
    );
}

#[tokio::test]
async fn ts_as_a_number_is_a_decrypt_failure() {
    let agent = Agent::new();
    let json = format!(
        r#"{{"Auth":"{PASSWORD}","Ts":{},"Uri":"{OB_INFO}"}}"#,
        agent.now() + 60
    );
    let answer = agent
        .get_raw_header(OB_INFO, "X-OCS-Header", &agent.raw_header(&json))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.Header.DecryptFailed"
    );
    assert!(
        answer.message().contains("cannot unmarshal number"),
        "{}",
        answer.message()
    );
}

#[tokio::test]
async fn lowercase_keys_as_the_python_sdk_sends_them() {
    let agent = Agent::new();
    let json = format!(
        r#"{{"auth":"{PASSWORD}","ts":"{}","uri":"{OB_INFO}","keys":"{}"}}"#,
        agent.now() + 60,
        SessionKey::from_parts([1; 16], [2; 16]).keys_base64()
    );
    let answer = agent
        .get_raw_header(OB_INFO, "X-OCS-Header", &agent.raw_header(&json))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn uri_must_match_byte_for_byte() {
    let agent = Agent::new();
    let header = agent.header(PASSWORD, agent.now() + 60, "/api/v1/ob/info?x=1", None);
    let answer = agent.get_raw_header(OB_INFO, "X-OCS-Header", &header).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.Header.UriMismatch"
    );
    assert_eq!(answer.message(), "URI mismatch");
    assert_eq!(answer.code(), Some(10008));
    // The Uri check comes before the password check.
    let header = agent.header("wrong", agent.now() + 60, "/api/v1/ob/info/", None);
    let answer = agent.get_raw_header(OB_INFO, "X-OCS-Header", &header).await;
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.Header.UriMismatch"
    );
}

#[tokio::test]
async fn wrong_password_is_refused_with_a_trace_id() {
    let agent = Agent::new();
    let answer = agent
        .get_with(OB_INFO, "not-the-password", agent.now() + 60)
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.IncorrectOceanbasePassword"
    );
    assert_eq!(
        answer.message(),
        "Unauthorized: OceanBase password is incorrect"
    );
    assert_eq!(answer.code(), Some(10008));
    assert_eq!(answer.trace_id().len(), 16);
}

#[tokio::test]
async fn expiry_is_inclusive_and_checked_only_with_a_credential() {
    let agent = Agent::new();
    let now = agent.now();
    assert_eq!(
        agent.get_with(OB_INFO, PASSWORD, now).await.status,
        StatusCode::OK
    );
    let answer = agent.get_with(OB_INFO, PASSWORD, now - 1).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.err_code(), "Security.Authentication.Expired");
    assert_eq!(answer.message(), "Unauthorized: Authentication expired");
    // No upper bound.
    assert_eq!(
        agent
            .get_with(OB_INFO, PASSWORD, now + 10 * 365 * 86_400)
            .await
            .status,
        StatusCode::OK
    );
    // An empty password is never expired; it is simply wrong.
    let answer = agent.get_with(OB_INFO, "", now - 1000).await;
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.IncorrectOceanbasePassword"
    );
    // The agent's clock decides.
    let ts = now + 30;
    agent.clock.advance(Duration::seconds(31));
    assert_eq!(
        agent.get_with(OB_INFO, PASSWORD, ts).await.err_code(),
        "Security.Authentication.Expired"
    );
}

#[tokio::test]
async fn non_integer_ts_names_the_value() {
    let agent = Agent::new();
    let json = format!(r#"{{"Auth":"{PASSWORD}","Ts":"abc","Uri":"{OB_INFO}"}}"#);
    let answer = agent
        .get_raw_header(OB_INFO, "X-OCS-Header", &agent.raw_header(&json))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.Timestamp.Invalid"
    );
    assert_eq!(
        answer.message(),
        "Unauthorized: Invalid timestamp: abc, err: strconv.ParseInt: parsing \"abc\": invalid syntax"
    );
}

#[tokio::test]
async fn unknown_session_is_invalid() {
    let agent = Agent::new();
    let json = format!(
        r#"{{"Auth":"","Ts":"{}","Uri":"{OB_INFO}","session_id":"{}"}}"#,
        agent.now() + 60,
        "ab".repeat(32)
    );
    let answer = agent
        .get_raw_header(OB_INFO, "X-OCS-Header", &agent.raw_header(&json))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.err_code(), "Security.Authentication.SessionInvalid");
    assert_eq!(answer.message(), "Session is invalid");
}

#[tokio::test]
async fn agent_header_needs_an_agent_password() {
    let agent = Agent::new();
    let header = agent.header(PASSWORD, agent.now() + 60, OB_INFO, None);
    let answer = agent
        .get_raw_header(OB_INFO, "X-OCS-Agent-Header", &header)
        .await;
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.WithOceanBasePassword"
    );
    let agent = Agent::with_config(AgentConfig {
        agent_password: Some("agentpw".into()),
        ..AgentConfig::default()
    });
    let header = agent.header("agentpw", agent.now() + 60, OB_INFO, None);
    assert_eq!(
        agent
            .get_raw_header(OB_INFO, "X-OCS-Agent-Header", &header)
            .await
            .status,
        StatusCode::OK
    );
    let header = agent.header(PASSWORD, agent.now() + 60, OB_INFO, None);
    let answer = agent
        .get_raw_header(OB_INFO, "X-OCS-Agent-Header", &header)
        .await;
    assert_eq!(
        answer.err_code(),
        "Security.Authentication.IncorrectAgentPassword"
    );
}

#[tokio::test]
async fn single_agent_accepts_any_password_until_one_is_set() {
    let agent = Agent::with_config(AgentConfig {
        identity: AgentIdentity::Single,
        ..AgentConfig::default()
    });
    assert_eq!(
        agent
            .get_with(OB_INFO, "anything", agent.now() + 60)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn trace_id_is_echoed() {
    let agent = Agent::new();
    let header = agent.header(PASSWORD, agent.now() + 60, OB_INFO, None);
    let request = Request::get(OB_INFO)
        .header("X-OCS-Header", header)
        .header("X-OBSHELL-Trace-ID", "console-trace-1")
        .body(Body::empty())
        .expect("request");
    assert_eq!(agent.send(request).await.trace_id(), "console-trace-1");
}

#[tokio::test]
async fn malformed_bodies_get_the_agents_500s() {
    let agent = Agent::new();
    let (header, _) = agent.sealed(PASSWORD, OB_INFO, "{}");
    let post = |body: &'static str, header: String| {
        Request::post(OB_INFO)
            .header("X-OCS-Header", header)
            .body(Body::from(body))
            .expect("request")
    };
    // Plain JSON where ciphertext belongs: the agent panics and answers its generic 500.
    let answer = agent.send(post(r#"{"zones":[]}"#, header.clone())).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.err_code(), "Common.Unexpected");
    assert_eq!(answer.message(), "Unexpected error: Internal Server Error");
    assert_eq!(
        (answer.trace_id(), answer.body["duration"].as_i64()),
        ("", Some(0))
    );
    let answer = agent.send(post("AAAA", header)).await;
    assert_eq!(
        answer.err_code(),
        "Request.Body.Decrypt.AES.ContentLength.Invalid"
    );
    assert_eq!(
        answer.message(),
        "Unauthorized: Decrypted string length is not a multiple of the block size"
    );
    // A body without Keys in the header.
    let no_keys = agent.header(PASSWORD, agent.now() + 60, OB_INFO, None);
    let answer = agent.send(post("AAAAAAAAAAAAAAAAAAAAAA==", no_keys)).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        answer.err_code(),
        "Request.Body.Decrypt.AES.KeyAndIv.Invalid"
    );
    assert_eq!(answer.message(), "Unauthorized: AES key and IV size error");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_not_found() {
    let agent = Agent::new();
    for answer in [
        agent.get("/api/v1/no/such/route").await,
        agent
            .send(
                Request::delete("/api/v1/secret")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await,
    ] {
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(answer.err_code(), "Common.NotFound");
        assert_eq!(answer.message(), "Element not found: 404 not found");
    }
}
