use super::*;
use obshell_protocol::obshell::{seal_request, AgentPublicKey, Credential};

const KEY: &str = "MIGJAoGBAMb3ZKSC4cmGJ5Cc3c0KssC2vPYuerkhlF8Rgs/cF0Hnvffw0TvN8FOvOgjukMF1YKT71mwxCH4N+bXyg4Dd9v1I3hftOWH2GVt2idgKeTxNBRzQp9JWbXibDSSbzSUHfYP+xQ/5UB+c81qfKN4e0JLp26Ce15Y7wI4FK/6VFTBzAgMBAAE=";

fn done(status: u16, trace: &str) -> Outcome {
    Outcome {
        answer: Answer::Status { status },
        duration_ms: 12,
        trace_id: trace.to_owned(),
        header_bytes: Some(344),
        body_bytes: Some(64),
    }
}

#[test]
fn a_recorded_header_and_body_hold_no_secret() {
    let password = "R00t#pw-5ecret";
    let target_password = "T4rget-5ecret";
    let body = serde_json::json!({
        "agent_info": {"ip": "10.0.0.9", "port": 2886},
        "target_agent_password": target_password,
        "obConfigs": [{"rootPassword": password, "name": "x"}],
        "zone": "z1",
    })
    .to_string();
    // Seal it as the session does, to know every secret byte that went out.
    let key = AgentPublicKey::from_base64(KEY).expect("key");
    let sealed = seal_request(
        &mut rand_core::OsRng,
        &key,
        Credential::Password(password),
        1_800_000_000,
        "/api/v1/ob/scale_out",
        Some(body.as_bytes()),
        false,
    )
    .expect("sealed");
    let aes = sealed.key.as_ref().expect("a body key").keys_base64();
    let mut log = Log::default();
    let id = log.begin(
        "agent".into(),
        "t".into(),
        Request {
            kind: BackendKind::Obshell,
            method: "POST",
            prefix: String::new(),
            target: "/api/v1/ob/scale_out".into(),
            header: agent_header(
                AgentAuth::Password,
                1_800_000_000,
                "/api/v1/ob/scale_out",
                true,
            ),
            body: Some(MaskedBody::from_json(body.as_bytes())),
            sealed_header: Some("X-OCS-Header"),
        },
    );
    log.finish(id, done(200, "tr-1"));
    let session = log.begin(
        "agent".into(),
        "t".into(),
        Request {
            kind: BackendKind::Obshell,
            method: "POST",
            prefix: String::new(),
            target: "/api/v1/logout".into(),
            header: agent_header(AgentAuth::Session, 1, "/api/v1/logout", true),
            body: Some(MaskedBody::from_json(br#"{"session_id":"sess-1d-5ecret"}"#)),
            sealed_header: Some("X-OCS-Header"),
        },
    );
    log.finish(session, done(200, "tr-2"));
    let all = log.filtered("", false);
    let json = export_json(&all);
    let debug = format!("{log:?}");
    let (aes_key, aes_iv) = aes.split_at(aes.len() / 2);
    for text in [&json, &debug] {
        for secret in [
            password,
            target_password,
            "sess-1d",
            "5ecret",
            &aes,
            aes_key,
            aes_iv,
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("/api/v1/ob/scale_out"));
        assert!(text.contains("tr-1"));
        assert!(text.contains("10.0.0.9"), "the rest of the body is kept");
    }
    let names: Vec<_> = all[1]
        .request
        .header
        .iter()
        .map(|f| (f.name, f.value.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Auth", MASK),
            ("Ts", "1800000000"),
            ("Uri", "/api/v1/ob/scale_out"),
            ("Keys", MASK)
        ]
    );
    let body = all[1].request.body.as_ref().expect("body").pretty();
    assert!(body.contains(r#""target_agent_password": "•••""#), "{body}");
    assert!(body.contains(r#""rootPassword": "•••""#), "{body}");
    assert!(basic_header()[0].value == "Basic •••");
}

#[test]
fn secret_names_are_recognised_and_others_kept() {
    for name in [
        "password",
        "target_agent_password",
        "rootPassword",
        "root_pwd",
        "session_id",
        "sessionId",
        "Keys",
        "Auth",
        "accessToken",
    ] {
        assert!(is_secret_name(name), "{name}");
    }
    for name in [
        "zone",
        "tenant_name",
        "unit_num",
        "keyword",
        "author",
        "monkeys",
    ] {
        assert!(!is_secret_name(name), "{name}");
    }
    assert_eq!(
        MaskedBody::from_json(b"not json"),
        MaskedBody::Opaque { bytes: 8 }
    );
}

#[test]
fn the_log_is_bounded_filtered_and_emptied_per_backend() {
    let mut log = Log::default();
    for i in 0..(CAPACITY + 20) {
        let prefix = if i % 2 == 0 { "" } else { "/agents/east" };
        let id = log.begin(
            "b".into(),
            "t".into(),
            Request::open("GET", prefix, &format!("/api/v1/x/{i}")),
        );
        let outcome = if i == CAPACITY + 19 {
            Outcome::unanswered(Answer::Timeout, 30_000)
        } else {
            done(
                if i == CAPACITY + 18 { 500 } else { 200 },
                &format!("tr-{i}"),
            )
        };
        log.finish(id, outcome);
    }
    assert_eq!(log.len(), CAPACITY, "the oldest requests go");
    let newest = log.filtered("", false);
    assert_eq!(
        newest[0].request.target,
        format!("/api/v1/x/{}", CAPACITY + 19)
    );
    let failed = log.filtered("", true);
    assert_eq!(failed.len(), 2, "a 500 and a timeout");
    assert_eq!(
        log.filtered("TR-510", false).len(),
        1,
        "by trace id, any case"
    );
    assert_eq!(
        log.filtered("no answer", false).len(),
        1,
        "a timeout is no answer"
    );
    assert_eq!(log.filtered("timeout", false).len(), 1);
    // OCP behind the same prefix as an agent keeps its requests when the agent is locked.
    let ocp = log.begin(
        "ocp".into(),
        "t".into(),
        Request {
            kind: BackendKind::Ocp,
            header: basic_header(),
            ..Request::open("GET", "/agents/east", "/api/v2/info")
        },
    );
    log.finish(ocp, done(200, "ocp-tr"));
    log.forget_backend(BackendKind::Obshell, "/agents/east");
    assert_eq!(log.len(), CAPACITY / 2);
    let left = log.filtered("", false);
    assert_eq!(left[0].backend, "ocp");
    assert!(left[1..].iter().all(|e| e.request.prefix.is_empty()));
    log.forget_backend(BackendKind::Ocp, "/agents/east");
    assert_eq!(log.len(), CAPACITY / 2 - 1);
    // A request completed after Lock emptied it stays gone.
    log.clear();
    log.finish(3, done(200, "late"));
    assert!(log.is_empty());
}

#[test]
fn a_request_left_unread_is_neither_pending_nor_failed() {
    let mut log = Log::default();
    let id = log.begin(
        "b".into(),
        "t".into(),
        Request::open("GET", "", "/api/v1/task/dag/7"),
    );
    assert_eq!(log.filtered("pending", false).len(), 1);
    log.finish(id, Outcome::unanswered(Answer::Unread, 500));
    assert!(
        log.filtered("pending", false).is_empty(),
        "no longer pending"
    );
    assert!(
        log.filtered("", true).is_empty(),
        "not a failure of the backend"
    );
    assert_eq!(log.filtered("page left", false).len(), 1);
}
