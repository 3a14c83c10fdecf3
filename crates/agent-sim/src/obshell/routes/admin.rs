//! The simulator's own admin API under `/__sim` (only with `--faults`): plain JSON, no
//! encryption, for tests and demos. Documented in the README.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use obshell_protocol::obshell::AgentKeyPair;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::obshell::model::fail_rule::{FailRule, FieldError};
use crate::obshell::model::world::World;
use crate::obshell::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/fail-node", get(fail_rules).post(fail_node))
        .route("/latency", post(latency))
        .route("/errors", post(errors))
        .route("/drop", post(drops))
        .route("/lose-answer", post(lose_answer))
        .route("/rotate-key", post(rotate_key))
        .route("/clock", post(clock))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/reset", post(reset))
        .route("/tick", post(tick))
        .route("/hostile", post(hostile))
        .route("/oceanbase", get(oceanbase).post(set_oceanbase))
        .route("/zone", post(add_zone))
        .route("/idle-host", post(add_idle_host))
        .route("/slow-node", post(super::slow_node::slow_node))
}

type Answer = (StatusCode, Json<Value>);

fn ok(value: Value) -> Answer {
    (StatusCode::OK, Json(value))
}

fn one() -> u32 {
    1
}

/// Arms a failure: the next DAG with a node of this name fails there; `dag` and `tenant`
/// narrow the DAGs that match, `skip` lets that many matching DAGs pass first, `times` fails
/// that many matching DAGs in a row. An unknown field or a wrong value is a 400 naming it.
async fn fail_node(State(state): State<AppState>, body: Bytes) -> Answer {
    let parsed = serde_json::from_slice::<Value>(&body)
        .map_err(|e| FieldError {
            field: String::new(),
            message: format!("the body is not JSON: {e}"),
        })
        .and_then(|v| FailRule::from_json(&v));
    let rule = match parsed {
        Ok(rule) => rule,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                // `field` is null when the body as a whole is wrong.
                Json(
                    json!({ "error": e.message, "field": (!e.field.is_empty()).then_some(e.field) }),
                ),
            );
        }
    };
    state.update(|w| w.fail_rules.push(rule.clone()));
    ok(json!({
        "armed": rule.node,
        "dag": rule.dag,
        "tenant": rule.tenant,
        "skip": rule.skip,
        "times": rule.times,
    }))
}

/// The failures still armed, in the order they fire.
async fn fail_rules(State(state): State<AppState>) -> Answer {
    ok(json!({ "rules": state.read(|w| w.fail_rules.clone()) }))
}

#[derive(Deserialize)]
struct Latency {
    ms: u64,
}

async fn latency(State(state): State<AppState>, Json(body): Json<Latency>) -> Answer {
    state.faults().set_latency_ms(body.ms);
    ok(json!({ "latency_ms": body.ms }))
}

#[derive(Deserialize)]
struct Share {
    share: f64,
    #[serde(default = "unavailable")]
    status: u16,
}

fn unavailable() -> u16 {
    503
}

async fn errors(State(state): State<AppState>, Json(body): Json<Share>) -> Answer {
    state.faults().set_errors(body.share, body.status);
    ok(json!({ "error_share": body.share, "status": body.status }))
}

async fn drops(State(state): State<AppState>, Json(body): Json<Share>) -> Answer {
    state.faults().set_drops(body.share);
    ok(json!({ "drop_share": body.share }))
}

#[derive(Deserialize)]
struct LoseAnswer {
    #[serde(default = "one")]
    times: u32,
    /// A prefix of the request target; every mutation when absent.
    #[serde(default = "api_prefix")]
    path: String,
    /// A 5xx status to answer instead of dropping the connection.
    #[serde(default)]
    status: Option<u16>,
}

fn api_prefix() -> String {
    "/api/".to_owned()
}

/// The next `times` mutations whose target starts with `path` are carried out, and their
/// connection is then dropped without an answer (or, with `status`, answered with that 5xx
/// status and no envelope).
async fn lose_answer(State(state): State<AppState>, Json(body): Json<LoseAnswer>) -> Answer {
    if body.status.is_some_and(|s| !(500..600).contains(&s)) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "status must be a 5xx status" })),
        );
    }
    state
        .faults()
        .set_lose_answers(Some(crate::faults::LoseAnswers {
            times: body.times,
            path: body.path.clone(),
            status: body.status,
        }));
    ok(json!({ "times": body.times, "path": body.path, "status": body.status }))
}

#[derive(Deserialize)]
struct Rotate {
    #[serde(default = "bits")]
    bits: usize,
}

fn bits() -> usize {
    1024
}

/// A new RSA key, as an agent upgrade makes: clients must fetch `/api/v1/secret` again.
async fn rotate_key(State(state): State<AppState>, Json(body): Json<Rotate>) -> Answer {
    if body.bits != 512 && body.bits != 1024 {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "bits must be 512 or 1024" })),
        );
    }
    match tokio::task::spawn_blocking(move || {
        AgentKeyPair::generate(&mut rand_core::OsRng, body.bits)
    })
    .await
    {
        Ok(Ok(keys)) => {
            state.rotate_keys(keys);
            ok(json!({ "public_key": state.public_key_base64() }))
        }
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "error": "key generation failed" })),
        ),
    }
}

#[derive(Deserialize)]
struct ClockShift {
    offset_secs: i64,
}

async fn clock(State(state): State<AppState>, Json(body): Json<ClockShift>) -> Answer {
    state
        .clock()
        .set_offset(Duration::seconds(body.offset_secs));
    ok(json!({ "offset_secs": body.offset_secs, "now": crate::clock::go_time(state.now()) }))
}

async fn requests(State(state): State<AppState>) -> Answer {
    ok(json!({ "requests": state.faults().requests() }))
}

async fn clear_requests(State(state): State<AppState>) -> Answer {
    state.faults().clear_requests();
    ok(json!({}))
}

async fn reset(State(state): State<AppState>) -> Answer {
    state.faults().reset();
    state.set_ob_down(false);
    state.clock().set_offset(Duration::zero());
    state.update(|w| w.fail_rules.clear());
    ok(json!({}))
}

#[derive(Deserialize)]
struct OceanBase {
    down: bool,
}

/// Takes OceanBase down (its observer process gone) or brings it back: while down,
/// `obcluster/info` is degraded, `ob/info` has no topology, and calls that need SQL fail.
async fn set_oceanbase(State(state): State<AppState>, Json(body): Json<OceanBase>) -> Answer {
    state.set_ob_down(body.down);
    ok(json!({ "down": body.down }))
}

async fn oceanbase(State(state): State<AppState>) -> Answer {
    ok(json!({ "down": state.ob_down() }))
}

/// Seeds hostile text (HTML, script, entities, bidi characters) into tenant, zone, idc and
/// region names, and makes the next DAG's name, node names and logs hostile too
/// (see `crate::obshell::engine::hostile`). Answers with the strings seeded.
async fn hostile(State(state): State<AppState>) -> Answer {
    let now = state.now();
    let seeded = state.update(|w| {
        let World { cluster, tasks, .. } = w;
        crate::obshell::engine::hostile::seed(cluster, tasks, now)
    });
    ok(json!(seeded))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewZone {
    name: String,
    region: String,
    /// Servers are `10.0.<subnet>.1` and `.2`.
    subnet: u8,
}

/// Adds a zone of two servers to the cluster at once (no task), for tests and demos that need
/// more room than the demo's three zones; refused when the zone or its servers exist.
async fn add_zone(State(state): State<AppState>, Json(body): Json<NewZone>) -> Answer {
    let since = state.now();
    let zone =
        crate::obshell::model::Cluster::demo_zone(&body.name, &body.region, body.subnet, since);
    let added = state.update(|w| {
        let taken = w.cluster.zones.iter().any(|z| {
            z.name == body.name
                || z.servers
                    .iter()
                    .any(|s| zone.servers.iter().any(|n| n.ip == s.ip))
        });
        if body.name.is_empty() || body.region.is_empty() || taken {
            return false;
        }
        w.cluster.zones.push(zone);
        true
    });
    if added {
        ok(json!({ "zone": body.name, "region": body.region }))
    } else {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "the zone or its servers exist, or a name is empty" })),
        )
    }
}

/// A 400 naming the field (`null` when the body as a whole is wrong).
fn bad_field(field: Option<&str>, message: String) -> Answer {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": message, "field": field })),
    )
}

/// Adds one more idle host ready to scale out (`{"ip": "10.0.4.3"}`: the demo's versions, agent
/// port 2886); a 400 naming the field when the ip is empty, not an IP address, or already a
/// host or server, or when the body has another field.
async fn add_idle_host(State(state): State<AppState>, body: Bytes) -> Answer {
    let value = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return bad_field(None, "the body must be a JSON object".into()),
        Err(e) => return bad_field(None, format!("the body is not JSON: {e}")),
    };
    if let Some(other) = value.keys().find(|k| *k != "ip") {
        return bad_field(Some(other), format!("unknown field '{other}'"));
    }
    let ip = match value.get("ip") {
        Some(Value::String(ip)) => ip.trim().to_owned(),
        Some(_) => return bad_field(Some("ip"), "ip must be a string".into()),
        None => String::new(),
    };
    if ip.is_empty() {
        return bad_field(Some("ip"), "ip is empty".into());
    }
    if ip.parse::<std::net::IpAddr>().is_err() {
        return bad_field(Some("ip"), format!("'{ip}' is not an IP address"));
    }
    let host = crate::obshell::model::IdleHost::ready(&ip);
    let added = state.update(|w| {
        let c = &w.cluster;
        let taken = c.idle_hosts.iter().any(|h| h.ip == ip) || c.servers().any(|(_, s)| s.ip == ip);
        if !taken {
            w.cluster.idle_hosts.push(host.clone());
        }
        !taken
    });
    if !added {
        return bad_field(Some("ip"), format!("{ip} is already a host or a server"));
    }
    ok(json!({
        "ip": host.ip,
        "port": host.port,
        "version": host.version,
        "ob_version": host.ob_version,
    }))
}

/// Runs one scheduler tick now (tests that do not want to wait for the next one).
async fn tick(State(state): State<AppState>) -> Answer {
    ok(json!({ "changed": state.tick() }))
}
