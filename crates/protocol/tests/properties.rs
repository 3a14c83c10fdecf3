//! Decoders that cannot be made to panic: generated input — random text and bytes, random JSON,
//! and valid samples with one part replaced — goes through the header and body decryption, the
//! public-key parser, and every decoder of an agent's or OCP's answer. Each property runs
//! `PROPERTY_CASES` cases (100,000 by default; `make fuzz` runs more). A failure prints the
//! smallest input proptest found.
#![cfg(not(target_arch = "wasm32"))]

use obshell_protocol::obshell::aes_body::agent_decrypt_body;
use obshell_protocol::obshell::model::cluster_info::{ClusterInfo, UnitConfigLimit};
use obshell_protocol::obshell::model::task::{DagDetail, SubTaskLog};
use obshell_protocol::obshell::model::tenant::{TenantInfo, TenantOverview};
use obshell_protocol::obshell::model::{AgentInfo, ObInfo, SecretInfo};
use obshell_protocol::obshell::{
    AgentKeyPair, AgentPublicKey, Contents, Envelope, ReceivedHeader, SessionKey,
};
use obshell_protocol::ocp::{self, OcpEnvelope};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::Value;

mod samples;

const KEY_512: &str = include_str!("fixtures/agent-512.pem");

fn cases() -> u32 {
    std::env::var("PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn config() -> Config {
    Config {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// Any JSON value, a few levels deep, with the texts and numbers that break decoders.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("RUNNING"),
            Just("FAILED"),
            Just("-1"),
            Just(""),
            Just("{}"),
            Just("NaN")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,12}",
                    Just("id".to_owned()),
                    Just("data".to_owned()),
                    Just("error".to_owned()),
                    Just("subtasks".to_owned()),
                    Just("nodes".to_owned()),
                    Just("status".to_owned()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every position of `value` (a path of keys and indices).
fn positions(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(path.clone());
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Value::from(i));
                positions(v, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                path.push(Value::String(k.clone()));
                positions(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn replace(root: &mut Value, path: &[Value], with: Value) {
    let mut at = root;
    for step in path {
        at = match step {
            Value::String(k) => &mut at[k.as_str()],
            other => &mut at[other.as_u64().unwrap_or(0) as usize],
        };
    }
    *at = with;
}

/// The samples every decoder is given, each with one position replaced by a random value.
fn samples() -> &'static [Value] {
    static ALL: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let ocp_task: Value =
            serde_json::from_str(include_str!("fixtures/ocp-add-replica-response.json"))
                .unwrap_or(Value::Null);
        vec![
            samples::dag(),
            samples::tenant(),
            samples::cluster_info(),
            samples::unit_config(),
            ocp_task,
        ]
    })
}

/// Runs `text` through every decoder of a payload (`wrapped: false`) or of a whole answer in
/// its envelope (`wrapped: true`); none may panic (errors are fine).
fn decode_all(text: &str, wrapped: bool) {
    macro_rules! each {
        ($env:ident: $($t:ty),*) => {$(
            if wrapped {
                let _ = serde_json::from_str::<$env<$t>>(text);
            } else {
                let _ = serde_json::from_str::<$t>(text);
            }
        )*};
    }
    each!(Envelope:
        AgentInfo, SecretInfo, ObInfo, ClusterInfo, UnitConfigLimit, DagDetail, SubTaskLog,
        TenantInfo, Contents<TenantOverview>, Contents<DagDetail>
    );
    each!(OcpEnvelope:
        ocp::Task, ocp::Page<ocp::Task>, ocp::Cluster, ocp::Page<ocp::Cluster>, ocp::Tenant,
        ocp::Page<ocp::UnitSpec>, ocp::SubtaskLog, Vec<ocp::ReplicaSpec>, Vec<ocp::ModifyReplica>
    );
    if !wrapped {
        let _ = ReceivedHeader::from_json(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn body_decryption_never_panics(body in ".{0,80}", keys in prop::collection::vec(any::<u8>(), 0..40), raw in prop::collection::vec(any::<u8>(), 0..80)) {
        let _ = agent_decrypt_body(&body, &keys);
        let b64 = base64_std(&raw);
        let _ = agent_decrypt_body(&b64, &keys);
        let key = SessionKey::from_parts([7; 16], [9; 16]);
        let _ = key.decrypt(&body);
        let _ = key.decrypt(&b64);
    }

    #[test]
    fn header_json_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64), value in json()) {
        let _ = ReceivedHeader::from_json(&bytes);
        let _ = ReceivedHeader::from_json(value.to_string().as_bytes());
    }

    #[test]
    fn public_key_parser_never_panics(text in ".{0,120}", flip in any::<(usize, u8)>()) {
        let _ = AgentPublicKey::from_base64(&text);
        // A real key with one byte changed.
        if let Ok(pair) = AgentKeyPair::from_pkcs1_pem(KEY_512) {
            let mut der = base64_decode(&pair.public_key_base64());
            if !der.is_empty() {
                let at = flip.0 % der.len();
                der[at] ^= flip.1.max(1);
            }
            let _ = AgentPublicKey::from_base64(&base64_std(&der));
        }
    }

    #[test]
    fn every_answer_decoder_survives_random_json(value in json()) {
        let text = value.to_string();
        decode_all(&text, false);
        decode_all(&text, true);
    }

    #[test]
    fn every_answer_decoder_survives_a_damaged_sample(which in any::<usize>(), at in any::<usize>(), with in json()) {
        let all = samples();
        let mut sample = all[which % all.len()].clone();
        let mut found = Vec::new();
        positions(&sample, &mut Vec::new(), &mut found);
        let path = found[at % found.len()].clone();
        replace(&mut sample, &path, with);
        let wrapped = serde_json::json!({"successful": true, "status": 200, "data": &sample});
        decode_all(&sample.to_string(), false);
        decode_all(&wrapped.to_string(), true);
    }
}

/// Inputs up to two key blocks long, so most reach the RSA step (the decryption is compiled
/// optimised in tests, see the workspace's `Cargo.toml`).
#[test]
fn header_decryption_never_panics() {
    let Ok(pair) = AgentKeyPair::from_pkcs1_pem(KEY_512) else {
        panic!("fixture key");
    };
    let k = pair.size();
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let strategy = (
        prop::collection::vec(any::<u8>(), 0..(2 * k + 2)),
        ".{0,40}",
    );
    let outcome = runner.run(&strategy, |(raw, text)| {
        let _ = pair.decrypt_sectional(&base64_std(&raw));
        let _ = pair.decrypt_sectional(&text);
        Ok(())
    });
    assert!(outcome.is_ok(), "{outcome:?}");
}

fn base64_std(raw: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(raw)
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_default()
}
