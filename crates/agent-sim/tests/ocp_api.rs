//! The simulated OCP (API v2) against the spec's confirmed facts: Basic auth, the envelope,
//! reading clusters, tenants, zones and unit specs as OCP's pages, throttling, the request log,
//! and serving beside the agent.

mod support;

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use obshell_protocol::ocp::{OcpEnvelope, Page, Task};
use obshell_sim::ocp::{self, OcpConfig, OcpState};
use obshell_sim::ManualClock;
use serde_json::{json, Value};
use support::ocp::*;
use tower::ServiceExt;

#[tokio::test]
async fn basic_auth_refuses_with_json_401_code_0_and_no_challenge() {
    let ocp = Ocp::new();
    for auth in [
        None,
        Some(basic("admin", "wrong")),
        Some(basic("root", PASSWORD)),
        Some("Bearer x".to_owned()),
    ] {
        let res = ocp
            .send("GET", "/api/v2/ob/clusters", auth.as_deref(), None)
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(res.code(), 0);
        assert_eq!(res.body["successful"], false);
        assert_eq!(res.body["status"], 401);
        assert!(res.body["error"]["subErrors"].is_array());
        assert!(res.headers.get("www-authenticate").is_none());
        assert!(res.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json"));
        assert!(res.headers.contains_key("ratelimit-limit"));
    }
    // Unknown paths need auth too, then answer 404 in the envelope.
    let res = ocp.send("GET", "/api/v2/nothing", None, None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = ocp.get("/api/v2/nothing").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.body["successful"], false);
}

#[tokio::test]
async fn time_is_open_plain_text_and_info_has_the_build_version() {
    let ocp = Ocp::new();
    let res = ocp.send("GET", "/api/v2/time", None, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.headers["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/plain"));
    assert_eq!(res.text, "2026-01-01T08:00:00.000+08:00");
    assert!(chrono::DateTime::parse_from_rfc3339(&res.text).is_ok());
    let res = ocp.get("/api/v2/info").await;
    assert_eq!(res.data()["buildVersion"], "4.3.5-20250101");
    // The envelope of docs/protocol/ocp.md §4.1.
    for key in [
        "data",
        "successful",
        "timestamp",
        "duration",
        "status",
        "traceId",
        "server",
    ] {
        assert!(res.body.get(key).is_some(), "{key}");
    }
    let trace = res.body["traceId"].as_str().expect("trace");
    assert_eq!(trace.len(), 16);
    assert!(trace.chars().all(|c| c.is_ascii_hexdigit()));
    let again = ocp.get("/api/v2/info").await;
    assert_ne!(again.body["traceId"], res.body["traceId"]);
    for h in ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"] {
        assert!(res.headers.contains_key(h), "{h}");
    }
}

#[tokio::test]
async fn clusters_tenants_and_unit_specs_read_as_ocp_pages() {
    let ocp = Ocp::new();
    let res = ocp.get("/api/v2/ob/clusters").await;
    let page: Page<obshell_protocol::ocp::Cluster> =
        serde_json::from_value(res.data().clone()).expect("page");
    assert_eq!(page.page.total_elements, 2);
    let demo = &page.contents[0];
    assert_eq!((demo.id, demo.name.as_str()), (1, "demo"));
    let zones: Vec<&str> = demo.zones.iter().map(|z| z.name.as_str()).collect();
    assert_eq!(zones, ["zone1", "zone2", "zone3"]);
    assert_eq!(demo.zones[0].servers.len(), 2);
    assert_eq!(demo.tenant_count, 5);
    let east = &page.contents[1];
    assert_eq!(east.name, "obcluster-east");
    let zone4 = east
        .zones
        .iter()
        .find(|z| z.name == "zone4")
        .expect("zone4");
    assert_eq!(zone4.active_servers(), 1);
    let one = ocp.get("/api/v2/ob/clusters?page=2&size=1").await;
    assert_eq!(one.data()["contents"][0]["id"], 2);
    assert_eq!(one.data()["page"]["totalPages"], 2);
    assert_eq!(ocp.get("/api/v2/ob/clusters/2").await.data()["id"], 2);

    let res = ocp.get("/api/v2/ob/clusters/1/tenants").await;
    let names: Vec<&str> = res.data()["contents"]
        .as_array()
        .expect("contents")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["sys", "orders", "billing", "logs", "analytics"]);
    assert_eq!(res.data()["contents"][1]["zones"], json!([]));

    let orders = ocp.tenant(1, 2).await;
    assert_eq!(orders.name, "orders");
    assert_eq!(orders.locality, "FULL{1}@zone1, FULL{1}@zone2");
    assert_eq!(orders.status, "NORMAL");
    let z1 = &orders.zones[0];
    assert_eq!(
        (z1.name.as_str(), z1.replica_type.as_str()),
        ("zone1", "FULL")
    );
    let pool = z1.resource_pool.as_ref().expect("pool");
    assert_eq!(pool.unit_count, 1);
    assert_eq!(pool.unit_config.expect("config").max_memory_size, 16.0);
    assert_eq!(z1.units.len(), 1);
    assert_eq!(z1.units[0].resource_pool_id, pool.id);

    let res = ocp.get("/api/v2/ob/unitSpecs?size=100").await;
    let specs: Vec<(String, String)> = res.data()["contents"]
        .as_array()
        .expect("specs")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default().to_owned(),
                s["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(specs[0], ("S0".to_owned(), "SYSTEM".to_owned()));
    assert_eq!(specs.len(), 6);
    assert_eq!(
        ocp.get("/api/v2/ob/unitSpecs?type=CUSTOM").await.data()["contents"][0]["name"],
        "C_2C6G"
    );

    // Unknown ids.
    let res = ocp.get("/api/v2/ob/clusters/9").await;
    assert_eq!(res.refusal(), (404, 10002));
    let res = ocp.get("/api/v2/ob/clusters/1/tenants/99").await;
    assert_eq!(res.refusal(), (400, 60002));
    let res = ocp.get("/api/v2/ob/clusters/x").await;
    assert_eq!(res.refusal(), (400, 10001));
}

#[tokio::test]
async fn throttling_answers_429_with_the_reset() {
    let ocp = Ocp::new();
    let res = ocp
        .send(
            "POST",
            "/__sim/ocp/throttle",
            None,
            Some(r#"{"times":2,"reset":7}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    for _ in 0..2 {
        let res = ocp.get("/api/v2/ob/clusters").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.code(), 0);
        assert_eq!(res.body["error"]["message"], "Too many requests");
        assert_eq!(res.headers["ratelimit-reset"], "7");
        assert_eq!(res.headers["ratelimit-remaining"], "0");
    }
    assert_eq!(ocp.get("/api/v2/ob/clusters").await.status, StatusCode::OK);
    // The per-second budget.
    let tight = Ocp::with(OcpConfig {
        rate_limit: 3,
        ..OcpConfig::default()
    });
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(tight.get("/api/v2/info").await.status.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    // Time and unauthenticated requests are not counted, but carry the headers.
    let res = tight.send("GET", "/api/v2/time", None, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["ratelimit-limit"], "3");
}

#[tokio::test]
async fn lists_the_console_reads_are_arrays_never_null() {
    let ocp = Ocp::new();
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    let res = ocp
        .get(&format!("/api/v2/tasks/instances/{}", task.id))
        .await;
    for s in res.data()["subtasks"].as_array().expect("subtasks") {
        assert!(s["upstreams"].is_array() && s["downstreams"].is_array());
        for key in [
            "id",
            "name",
            "seriesId",
            "status",
            "operation",
            "runTime",
            "parallelIdx",
            "description",
        ] {
            assert!(!s[key].is_null(), "{key}");
        }
    }
    for key in ["id", "name", "status", "operation", "startTime", "creator"] {
        assert!(!res.data()[key].is_null(), "{key}");
    }
    let env: OcpEnvelope<Task> = serde_json::from_value(res.body.clone()).expect("decodes");
    assert!(env.successful);
    let clusters = ocp.get("/api/v2/ob/clusters").await;
    for c in clusters.data()["contents"].as_array().expect("clusters") {
        for z in c["zones"].as_array().expect("zones") {
            assert!(z["servers"].is_array());
        }
    }
    let tenant = ocp.get("/api/v2/ob/clusters/1/tenants/2").await;
    for z in tenant.data()["zones"].as_array().expect("zones") {
        assert!(z["units"].is_array());
        assert!(z["resourcePool"].is_object());
    }
}

#[tokio::test]
async fn the_request_log_keeps_method_target_and_status() {
    let ocp = Ocp::new();
    ocp.get("/api/v2/ob/clusters?page=1").await;
    ocp.send("GET", "/api/v2/info", None, None).await;
    let log = ocp.send("GET", "/__sim/ocp/requests", None, None).await;
    let reqs = log.body["requests"].as_array().expect("requests");
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0]["method"], "GET");
    assert_eq!(reqs[0]["target"], "/api/v2/ob/clusters?page=1");
    assert_eq!(reqs[0]["status"], 200);
    assert_eq!(reqs[1]["status"], 401);
    ocp.send("DELETE", "/__sim/ocp/requests", None, None).await;
    let log = ocp.send("GET", "/__sim/ocp/requests", None, None).await;
    assert_eq!(log.body["requests"], json!([]));
    // Without --faults there is no admin API.
    let plain = Ocp::with(OcpConfig::default());
    let res = plain.send("GET", "/__sim/ocp/requests", None, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn beside_the_agent_console_json_names_both_backends() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("index.html"), "<html></html>").expect("index");
    let clock = Arc::new(ManualClock::new(start_time()));
    let state = OcpState::new(OcpConfig::default(), clock);
    let agent = Router::new().fallback(|| async { "agent" });
    let router = ocp::with_agent(state.clone(), agent, Some(dir.path()));
    let get = |path: &str| {
        let router = router.clone();
        let req = Request::builder()
            .uri(path)
            .header("Authorization", basic("admin", PASSWORD))
            .body(Body::empty())
            .expect("request");
        async move {
            let res = router.oneshot(req).await.expect("answer");
            let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("body");
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let text = get("/console.json").await;
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["backends"][1]["kind"], "ocp");
    assert_eq!(v["backends"][0]["kind"], "obshell");
    assert_eq!(get("/api/v1/info").await, "agent");
    assert!(get("/api/v2/info").await.contains("buildVersion"));
    // The built console ships a console.json naming its agent alone; beside OCP both are named.
    std::fs::write(
        dir.path().join("console.json"),
        r#"{"backends":[{"name":"agent","kind":"obshell","prefix":""}]}"#,
    )
    .expect("shipped");
    assert_eq!(get("/console.json").await, ocp::CONSOLE_JSON);
}

#[tokio::test]
async fn wrong_methods_and_bodies_answer_in_the_envelope() {
    let ocp = Ocp::new();
    let res = ocp.get(ADD_EAST).await;
    assert_eq!(res.refusal(), (405, 0));
    // The body is read before the ids are looked up.
    let res = ocp
        .post("/api/v2/ob/clusters/9/tenants/99/addReplica", "not json")
        .await;
    assert_eq!(res.refusal(), (400, 10001));
    let res = ocp.post("/api/v2/tasks/instances/x/retry", "").await;
    assert_eq!(res.refusal(), (400, 10001));
    let res = ocp
        .post("/api/v2/tasks/instances/1/subtasks/2/pause", "")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn zones_and_all_tenants_read_as_pages() {
    let ocp = Ocp::new();
    let res = ocp.get("/api/v2/ob/clusters/2/zones").await;
    assert_eq!(res.data()["page"]["totalElements"], 4);
    assert_eq!(res.data()["contents"][3]["servers"][1]["status"], "STOPPED");
    let res = ocp.get("/api/v2/ob/tenants?size=100").await;
    assert_eq!(res.data()["page"]["totalElements"], 8);
    let res = ocp.get("/api/v2/ob/tenants?clusterId=2").await;
    assert_eq!(res.data()["contents"][1]["name"], "payments");
    assert_eq!(res.data()["contents"][1]["clusterName"], "obcluster-east");
}
