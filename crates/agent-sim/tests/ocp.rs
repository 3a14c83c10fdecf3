//! The simulated OCP (API v2) against OCP's seed sample and the spec's confirmed facts: auth,
//! envelope, refusals with OCP's codes and statuses, task shapes, the task engine on a manual
//! clock, task operations and their preconditions, throttling and paging.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use obshell_protocol::ocp::{OcpEnvelope, Page, Task, Tenant};
use obshell_sim::ocp::{self, OcpConfig, OcpState};
use obshell_sim::ManualClock;
use serde_json::{json, Value};
use tower::ServiceExt;

const SEED_REQUEST: &str =
    include_str!("../../protocol/tests/fixtures/ocp-add-replica-request.json");
const SEED_RESPONSE: &str =
    include_str!("../../protocol/tests/fixtures/ocp-add-replica-response.json");
const PASSWORD: &str = "Ocp#Demo1";

fn start_time() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("valid")
}

struct Ocp {
    clock: Arc<ManualClock>,
    router: Router,
}

struct Res {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
    body: Value,
}

impl Res {
    fn code(&self) -> i64 {
        self.body["error"]["code"].as_i64().unwrap_or(-1)
    }
    fn data(&self) -> &Value {
        &self.body["data"]
    }
    fn refusal(&self) -> (u16, i64) {
        (self.status.as_u16(), self.code())
    }
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

impl Ocp {
    fn new() -> Self {
        Self::with(OcpConfig {
            faults_enabled: true,
            rate_limit: 100_000,
            ..OcpConfig::default()
        })
    }

    fn with(config: OcpConfig) -> Self {
        let clock = Arc::new(ManualClock::new(start_time()));
        let state = OcpState::new(config, clock.clone());
        Self {
            clock,
            router: ocp::app(state),
        }
    }

    async fn send(&self, method: &str, path: &str, auth: Option<&str>, body: Option<&str>) -> Res {
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

    async fn get(&self, path: &str) -> Res {
        self.send("GET", path, Some(&basic("admin", PASSWORD)), None)
            .await
    }

    async fn post(&self, path: &str, body: &str) -> Res {
        self.send("POST", path, Some(&basic("admin", PASSWORD)), Some(body))
            .await
    }

    fn advance(&self, secs: f64) {
        self.clock
            .advance(Duration::milliseconds((secs * 1000.0) as i64));
    }

    async fn task(&self, id: i64) -> Task {
        let res = self.get(&format!("/api/v2/tasks/instances/{id}")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        serde_json::from_value(res.data().clone()).expect("task")
    }

    async fn tenant(&self, cluster: i64, id: i64) -> Tenant {
        let res = self
            .get(&format!("/api/v2/ob/clusters/{cluster}/tenants/{id}"))
            .await;
        serde_json::from_value(res.data().clone()).expect("tenant")
    }

    /// Starts a change and gives its task.
    async fn start(&self, path: &str, body: &str) -> Task {
        let res = self.post(path, body).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        serde_json::from_value(res.data().clone()).expect("task")
    }

    async fn arm(&self, subtask: &str) {
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

    async fn log(&self, task: i64, subtask: i64) -> String {
        let res = self
            .get(&format!(
                "/api/v2/tasks/instances/{task}/subtasks/{subtask}/log"
            ))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        res.data()["log"].as_str().expect("log").to_owned()
    }
}

fn sub<'a>(task: &'a Task, name: &str) -> &'a obshell_protocol::ocp::Subtask {
    task.subtasks
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no subtask {name}"))
}

const ADD_EAST: &str = "/api/v2/ob/clusters/2/tenants/12/addReplica";

fn add(zone: &str, spec: &str, count: i64) -> String {
    json!([{"zoneName": zone, "replicaType": "FULL",
        "resourcePool": {"unitSpecName": spec, "unitCount": count}}])
    .to_string()
}

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
    // The envelope of spec §4.1.
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
async fn the_seeds_request_makes_a_task_of_the_seeds_shape_that_succeeds() {
    let ocp = Ocp::new();
    let res = ocp.post(ADD_EAST, SEED_REQUEST).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let seed: Value = serde_json::from_str(SEED_RESPONSE).expect("seed");
    let ours = res.data();
    let theirs = &seed["data"];
    // Every field of the sample is there, with the same kind of value.
    for (key, value) in theirs.as_object().expect("object") {
        assert!(ours.get(key).is_some(), "task field {key}");
        if !value.is_number() && key != "startTime" {
            if key == "context" {
                assert_eq!(
                    ours[key].as_object().map(|o| o.keys().collect::<Vec<_>>()),
                    value.as_object().map(|o| o.keys().collect::<Vec<_>>())
                );
            } else if key != "executor" && key != "subtasks" {
                assert_eq!(&ours[key], value, "task field {key}");
            }
        }
    }
    assert_eq!(ours["creator"], "admin");
    assert_eq!(ours["context"]["stringMap"]["zone_name"], "zone1");
    assert_eq!(ours["context"]["stringMap"]["tenant_id"], "12");
    assert_eq!(ours["context"]["stringMap"]["cluster_id"], "2");
    assert_eq!(ours["taskDefinitionId"], -1);
    // The subtasks: same names, in the sample's array order, same fields and values but ids.
    let ours_subs = ours["subtasks"].as_array().expect("subtasks");
    let their_subs = theirs["subtasks"].as_array().expect("subtasks");
    let names = |subs: &[Value]| -> Vec<String> {
        subs.iter()
            .map(|s| s["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(names(ours_subs), names(their_subs));
    let name_of = |subs: &[Value], id: &Value| -> String {
        subs.iter()
            .find(|s| &s["id"] == id)
            .and_then(|s| s["name"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    for (o, t) in ours_subs.iter().zip(their_subs) {
        for (key, value) in t.as_object().expect("subtask") {
            match key.as_str() {
                "id" => assert!(o["id"].is_i64()),
                "upstreams" | "downstreams" => {
                    let mine: Vec<String> = o[key]
                        .as_array()
                        .expect("edges")
                        .iter()
                        .map(|i| name_of(ours_subs, i))
                        .collect();
                    let seeds: Vec<String> = value
                        .as_array()
                        .expect("edges")
                        .iter()
                        .map(|i| name_of(their_subs, i))
                        .collect();
                    assert_eq!(mine, seeds, "{} {key}", t["name"]);
                }
                _ => assert_eq!(&o[key], value, "{} {key}", t["name"]),
            }
        }
    }
    let task: Task = serde_json::from_value(ours.clone()).expect("decodes");
    // It runs: the tenant is MODIFYING, another change is refused with 60003.
    ocp.advance(3.0);
    assert_eq!(ocp.tenant(2, 12).await.status, "MODIFYING");
    let running = ocp.task(task.id).await;
    assert_eq!(
        sub(&running, "Wait alter locality").status.as_str(),
        "RUNNING"
    );
    assert_eq!(
        sub(&running, "Prepare alter tenant").status.as_str(),
        "SUCCESSFUL"
    );
    let busy = ocp.post(ADD_EAST, &add("zone1", "S0", 1)).await;
    assert_eq!(busy.refusal(), (500, 60003), "{}", busy.text);
    // The log grows while the subtask runs, one header block per execution.
    let wait = sub(&running, "Wait alter locality").id;
    let early = ocp.log(task.id, wait).await;
    assert!(early.starts_with("############{EXECUTE}{2026-01-01T08:00:02.000+08:00}############"));
    ocp.advance(3.0);
    let later = ocp.log(task.id, wait).await;
    assert!(later.len() > early.len() && later.starts_with(&early));
    // About 12 s in all at speed 1.
    ocp.advance(5.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "RUNNING");
    ocp.advance(1.5);
    let done = ocp.task(task.id).await;
    assert_eq!(done.status.as_str(), "SUCCESSFUL", "{done:?}");
    assert!(done.finish_time.is_some());
    assert!(done
        .subtasks
        .iter()
        .all(|s| s.status.as_str() == "SUCCESSFUL"));
    let tenant = ocp.tenant(2, 12).await;
    assert_eq!(tenant.status, "NORMAL");
    assert_eq!(
        tenant.locality,
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, FULL{1}@zone4"
    );
    let z1 = tenant
        .zones
        .iter()
        .find(|z| z.name == "zone1")
        .expect("zone1");
    assert_eq!(z1.units.len(), 1);
    assert_eq!(
        z1.resource_pool
            .as_ref()
            .and_then(|p| p.unit_config)
            .map(|c| c.max_memory_size),
        Some(4.0)
    );
    assert!(ocp
        .log(task.id, wait)
        .await
        .ends_with("Subtask Wait alter locality finished"));
}

#[tokio::test]
async fn refusals_come_with_ocps_codes_and_statuses() {
    let ocp = Ocp::new();
    let cases: Vec<(&str, String, (u16, i64))> = vec![
        // The seed's own path: orders has zone1 already.
        (
            "/api/v2/ob/clusters/1/tenants/2/addReplica",
            SEED_REQUEST.to_owned(),
            (400, 60007),
        ),
        (ADD_EAST, add("zone1", "S0", 0), (400, 60010)),
        (
            "/api/v2/ob/clusters/2/tenants/13/addReplica",
            add("zone4", "S0", 2),
            (400, 60011),
        ),
        (ADD_EAST, add("zone9", "S0", 1), (500, 50004)),
        (ADD_EAST, add("zone1", "S9", 1), (404, 10002)),
        (ADD_EAST, "[{\"zoneName\":".to_owned(), (400, 10001)),
        (ADD_EAST, "{}".to_owned(), (400, 10001)),
        (ADD_EAST, "[]".to_owned(), (400, 10001)),
        (
            "/api/v2/ob/clusters/9/tenants/12/addReplica",
            SEED_REQUEST.to_owned(),
            (404, 10002),
        ),
        (
            "/api/v2/ob/clusters/1/tenants/12/addReplica",
            SEED_REQUEST.to_owned(),
            (400, 60002),
        ),
        (
            "/api/v2/ob/clusters/1/tenants/2/deleteReplica",
            json!([{"zoneName": "zone3"}]).to_string(),
            (404, 60008),
        ),
        (
            "/api/v2/ob/clusters/1/tenants/4/deleteReplica",
            json!([{"zoneName": "zone1"}]).to_string(),
            (500, 60006),
        ),
        (
            "/api/v2/ob/clusters/1/tenants/3/modifyReplica",
            json!([{"zoneName": "zone1", "resourcePool": {"unitCount": 1}}]).to_string(),
            (400, 60012),
        ),
    ];
    for (path, body, want) in cases {
        let res = ocp.post(path, &body).await;
        assert_eq!(res.refusal(), want, "{path} {body}: {}", res.text);
        assert_eq!(res.body["successful"], false);
        assert_eq!(res.body["status"], want.0);
        assert!(!res.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .is_empty());
    }
    // Nothing was started.
    let list = ocp.get("/api/v2/tasks/instances").await;
    assert_eq!(list.data()["page"]["totalElements"], 0);
}

#[tokio::test]
async fn oceanbase_refusals_are_10011_with_the_oceanbase_sub_error() {
    let ocp = Ocp::new();
    // zone1 of cluster 2 has 16 GB hosts: an 8c/32G unit does not fit.
    let res = ocp.post(ADD_EAST, &add("zone1", "S3", 1)).await;
    assert_eq!(res.refusal(), (500, 10011), "{}", res.text);
    let subs = &res.body["error"]["subErrors"];
    assert_eq!(subs[0]["code"], 4733);
    assert_eq!(subs[0]["SQLState"], "HY000");
    assert!(subs[0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("zone 'zone1' resource not enough"));
    // OceanBase keeps one unit count per tenant: a new zone with another is refused (4179).
    let res = ocp
        .post(
            "/api/v2/ob/clusters/1/tenants/2/addReplica",
            &add("zone3", "S0", 2),
        )
        .await;
    assert_eq!(res.refusal(), (500, 10011), "{}", res.text);
    assert_eq!(res.body["error"]["subErrors"][0]["code"], 4179);
    // A modify to a spec the zone cannot hold.
    let res = ocp
        .post(
            "/api/v2/ob/clusters/1/tenants/3/modifyReplica",
            &json!([{"zoneName": "zone1", "resourcePool": {"unitSpecName": "S4"}}]).to_string(),
        )
        .await;
    assert_eq!(res.refusal(), (500, 10011), "{}", res.text);
    assert_eq!(res.body["error"]["subErrors"][0]["code"], 4733);
    assert_eq!(ocp.tenant(2, 12).await.status, "NORMAL");
}

#[tokio::test]
async fn modify_over_several_zones_runs_one_subtask_per_zone_side_by_side() {
    let ocp = Ocp::new();
    let body = json!([
        {"zoneName": "zone1", "resourcePool": {"unitSpecName": "S2"}},
        {"zoneName": "zone2", "resourcePool": {"unitSpecName": "S2"}},
        {"zoneName": "zone3", "resourcePool": {"unitSpecName": "S2"}},
    ])
    .to_string();
    let task = ocp
        .start("/api/v2/ob/clusters/1/tenants/3/modifyReplica", &body)
        .await;
    assert_eq!(task.name, "Modify tenant replica");
    let prepare = sub(&task, "Prepare alter tenant");
    let sync = sub(&task, "Sync tenant information");
    let zones: Vec<_> = task
        .subtasks
        .iter()
        .filter(|s| s.name == "Modify zone replica")
        .collect();
    assert_eq!(zones.len(), 3);
    let mut idx: Vec<i64> = zones.iter().map(|s| s.parallel_idx).collect();
    idx.sort();
    assert_eq!(idx, [0, 1, 2]);
    for z in &zones {
        assert_eq!(z.upstreams, [prepare.id]);
        assert_eq!(z.downstreams, [sync.id]);
        assert!(z.is_parallel());
        assert_eq!(
            z.class_name,
            "com.alipay.ocp.service.task.business.tenant.ModifyZoneReplicaTask"
        );
    }
    let mut ups = sync.upstreams.clone();
    ups.sort();
    let mut want: Vec<i64> = zones.iter().map(|s| s.id).collect();
    want.sort();
    assert_eq!(ups, want);
    assert_eq!(prepare.parallel_idx, -1);
    // All three run at once.
    ocp.advance(3.0);
    let t = ocp.task(task.id).await;
    assert!(t
        .subtasks
        .iter()
        .filter(|s| s.name == "Modify zone replica")
        .all(|s| s.status.as_str() == "RUNNING"));
    ocp.advance(20.0);
    let t = ocp.task(task.id).await;
    assert_eq!(t.status.as_str(), "SUCCESSFUL");
    let billing = ocp.tenant(1, 3).await;
    for z in &billing.zones {
        let pool = z.resource_pool.as_ref().expect("pool");
        assert_eq!(pool.unit_config.expect("config").max_cpu_core_count, 4.0);
        assert_eq!(z.units.len(), 2);
    }
    assert_eq!(billing.status, "NORMAL");
}

#[tokio::test]
async fn add_over_two_zones_waits_for_each_zone_in_turn() {
    let ocp = Ocp::new();
    let body = json!([
        {"zoneName": "zone2", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S0", "unitCount": 1}},
        {"zoneName": "zone3", "replicaType": "READONLY", "resourcePool": {"unitSpecName": "S0", "unitCount": 1}},
    ])
    .to_string();
    let task = ocp
        .start("/api/v2/ob/clusters/1/tenants/4/addReplica", &body)
        .await;
    let waits: Vec<_> = task
        .subtasks
        .iter()
        .filter(|s| s.name == "Wait alter locality")
        .collect();
    assert_eq!(waits.len(), 2);
    assert_eq!(waits[1].upstreams, [waits[0].id]);
    assert!(waits.iter().all(|w| w.parallel_idx == -1));
    ocp.advance(30.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "SUCCESSFUL");
    assert_eq!(
        ocp.tenant(1, 4).await.locality,
        "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3"
    );
}

#[tokio::test]
async fn a_failed_subtask_is_retried_to_success() {
    let ocp = Ocp::new();
    ocp.arm("Wait alter locality").await;
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(10.0);
    let failed = ocp.task(task.id).await;
    assert_eq!(failed.status.as_str(), "FAILED");
    let wait = sub(&failed, "Wait alter locality");
    assert_eq!(wait.status.as_str(), "FAILED");
    assert_eq!(
        sub(&failed, "Sync tenant information").status.as_str(),
        "PENDING"
    );
    let log = ocp.log(task.id, wait.id).await;
    assert!(log.contains("simulated fault"), "{log}");
    // The tenant stays MODIFYING while its task is failed.
    assert_eq!(ocp.tenant(2, 12).await.status, "MODIFYING");
    assert_eq!(
        ocp.post(ADD_EAST, &add("zone1", "S0", 1)).await.refusal(),
        (500, 60003)
    );
    // Subtask skip or cancel do not apply to this one now; retry does.
    let path = format!("/api/v2/tasks/instances/{}/subtasks/{}", task.id, wait.id);
    assert_eq!(
        ocp.post(&format!("{path}/cancel"), "").await.refusal(),
        (500, 20003)
    );
    let retried = ocp.post(&format!("{path}/retry"), "").await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.text);
    assert_eq!(retried.data()["id"], wait.id);
    assert_eq!(retried.data()["runTime"], 2);
    ocp.advance(12.0);
    let done = ocp.task(task.id).await;
    assert_eq!(done.status.as_str(), "SUCCESSFUL", "{done:?}");
    let wait = sub(&done, "Wait alter locality");
    assert_eq!(wait.run_time, 2);
    assert_eq!(wait.operation.as_str(), "RETRY");
    let log = ocp.log(task.id, wait.id).await;
    assert_eq!(log.matches("############{").count(), 2, "{log}");
    assert!(log.contains("############{RETRY}{"));
    assert!(ocp.tenant(2, 12).await.locality.contains("@zone1"));
}

#[tokio::test]
async fn task_retry_reruns_the_failed_subtasks() {
    let ocp = Ocp::new();
    ocp.arm("Sync tenant information").await;
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(20.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "FAILED");
    let res = ocp
        .post(&format!("/api/v2/tasks/instances/{}/retry", task.id), "")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.data()["status"], "RUNNING");
    assert_eq!(res.data()["operation"], "RETRY");
    ocp.advance(20.0);
    let done = ocp.task(task.id).await;
    assert_eq!(done.status.as_str(), "SUCCESSFUL");
    assert_eq!(sub(&done, "Sync tenant information").run_time, 2);
    assert_eq!(sub(&done, "Wait alter locality").run_time, 1);
}

#[tokio::test]
async fn skip_sets_a_failed_subtask_successful_and_goes_on() {
    let ocp = Ocp::new();
    ocp.arm("Sync tenant information").await;
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(20.0);
    let failed = ocp.task(task.id).await;
    let sync = sub(&failed, "Sync tenant information");
    let res = ocp
        .post(
            &format!(
                "/api/v2/tasks/instances/{}/subtasks/{}/skip",
                task.id, sync.id
            ),
            "",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(res.body.get("data").is_none());
    ocp.advance(5.0);
    let done = ocp.task(task.id).await;
    assert_eq!(done.status.as_str(), "SUCCESSFUL");
    let sync = sub(&done, "Sync tenant information");
    assert_eq!(
        (sync.status.as_str(), sync.operation.as_str()),
        ("SUCCESSFUL", "SKIP")
    );
    assert_eq!(ocp.tenant(2, 12).await.status, "NORMAL");
    // Skipping a successful subtask is refused.
    let again = ocp
        .post(
            &format!(
                "/api/v2/tasks/instances/{}/subtasks/{}/skip",
                task.id, sync.id
            ),
            "",
        )
        .await;
    assert_eq!(again.refusal(), (500, 20003));
}

#[tokio::test]
async fn cancel_stops_a_running_subtask_and_fails_the_task() {
    let ocp = Ocp::new();
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(4.0);
    let running = ocp.task(task.id).await;
    let wait = sub(&running, "Wait alter locality");
    assert_eq!(wait.status.as_str(), "RUNNING");
    let path = format!(
        "/api/v2/tasks/instances/{}/subtasks/{}/cancel",
        task.id, wait.id
    );
    let res = ocp.post(&path, "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let canceling = ocp.task(task.id).await;
    assert_eq!(
        sub(&canceling, "Wait alter locality").status.as_str(),
        "CANCELING"
    );
    assert_eq!(canceling.status.as_str(), "RUNNING");
    ocp.advance(1.5);
    let failed = ocp.task(task.id).await;
    assert_eq!(failed.status.as_str(), "FAILED");
    let wait = sub(&failed, "Wait alter locality");
    assert_eq!(
        (wait.status.as_str(), wait.operation.as_str()),
        ("FAILED", "CANCEL")
    );
    assert!(ocp
        .log(task.id, wait.id)
        .await
        .contains("canceled by admin"));
    // The zone was not added; a cancel of a failed subtask is refused.
    assert!(!ocp.tenant(2, 12).await.locality.contains("@zone1"));
    assert_eq!(ocp.post(&path, "").await.refusal(), (500, 20003));
}

#[tokio::test]
async fn rollback_undoes_what_ran_and_ends_failed_with_operation_rollback() {
    let ocp = Ocp::new();
    ocp.arm("Sync tenant information").await;
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(20.0);
    assert!(ocp.tenant(2, 12).await.locality.contains("@zone1"));
    let res = ocp
        .post(&format!("/api/v2/tasks/instances/{}/rollback", task.id), "")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.data()["status"], "RUNNING");
    assert_eq!(res.data()["operation"], "ROLLBACK");
    ocp.advance(10.0);
    let done = ocp.task(task.id).await;
    assert_eq!(
        (done.status.as_str(), done.operation.as_str()),
        ("FAILED", "ROLLBACK")
    );
    let wait = sub(&done, "Wait alter locality");
    assert_eq!(wait.operation.as_str(), "ROLLBACK");
    assert!(ocp
        .log(task.id, wait.id)
        .await
        .contains("############{ROLLBACK}{"));
    assert_eq!(
        sub(&done, "Update tenant status").status.as_str(),
        "PENDING"
    );
    let tenant = ocp.tenant(2, 12).await;
    assert_eq!(tenant.status, "NORMAL");
    assert!(!tenant.locality.contains("@zone1"));
    // A rolled-back task cannot be retried.
    let res = ocp
        .post(&format!("/api/v2/tasks/instances/{}/retry", task.id), "")
        .await;
    assert_eq!(res.refusal(), (500, 20003));
}

#[tokio::test]
async fn delete_replica_has_its_own_shape_and_prohibits_rollback() {
    let ocp = Ocp::new();
    ocp.arm("Drop resource pool").await;
    let task = ocp
        .start(
            "/api/v2/ob/clusters/2/tenants/12/deleteReplica",
            &json!([{"zoneName": "zone4"}]).to_string(),
        )
        .await;
    assert_eq!(task.name, "Delete tenant replica");
    assert!(task.prohibit_rollback);
    let mut order: Vec<&obshell_protocol::ocp::Subtask> = task.subtasks.iter().collect();
    order.sort_by_key(|s| s.series_id);
    let names: Vec<&str> = order.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Prepare alter tenant",
            "Wait alter locality",
            "Drop resource pool",
            "Sync tenant information",
            "Update tenant status"
        ]
    );
    ocp.advance(30.0);
    let failed = ocp.task(task.id).await;
    assert_eq!(failed.status.as_str(), "FAILED");
    assert!(!ocp.tenant(2, 12).await.locality.contains("zone4"));
    let res = ocp
        .post(&format!("/api/v2/tasks/instances/{}/rollback", task.id), "")
        .await;
    assert_eq!(res.refusal(), (500, 20004), "{}", res.text);
    let res = ocp
        .post(&format!("/api/v2/tasks/instances/{}/retry", task.id), "")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    ocp.advance(30.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "SUCCESSFUL");
    let tenant = ocp.tenant(2, 12).await;
    assert_eq!(tenant.locality, "FULL{1}@zone2, FULL{1}@zone3");
    assert_eq!(tenant.status, "NORMAL");
}

#[tokio::test]
async fn task_operations_refuse_as_ocps_engine_does() {
    let ocp = Ocp::new();
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    let base = format!("/api/v2/tasks/instances/{}", task.id);
    // Running: neither retry nor rollback.
    assert_eq!(
        ocp.post(&format!("{base}/retry"), "").await.refusal(),
        (500, 20003)
    );
    assert_eq!(
        ocp.post(&format!("{base}/rollback"), "").await.refusal(),
        (500, 20003)
    );
    let pending = sub(&task, "Update tenant status").id;
    assert_eq!(
        ocp.post(&format!("{base}/subtasks/{pending}/retry"), "")
            .await
            .refusal(),
        (500, 20003)
    );
    // Unknown ids.
    for path in [
        "/api/v2/tasks/instances/999".to_owned(),
        "/api/v2/tasks/instances/999/retry".to_owned(),
        "/api/v2/tasks/instances/999/subtasks/1/log".to_owned(),
        format!("{base}/subtasks/1/log"),
        format!("{base}/subtasks/1/skip"),
    ] {
        let res = if path.ends_with("log") || path.ends_with("999") {
            ocp.get(&path).await
        } else {
            ocp.post(&path, "").await
        };
        assert_eq!(res.refusal(), (404, 20000), "{path}: {}", res.text);
    }
    ocp.advance(20.0);
    // Successful: no retry, no rollback.
    assert_eq!(
        ocp.post(&format!("{base}/retry"), "").await.refusal(),
        (500, 20003)
    );
    assert_eq!(
        ocp.post(&format!("{base}/rollback"), "").await.refusal(),
        (500, 20003)
    );
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
async fn tasks_list_newest_first_with_filters_and_pages() {
    let ocp = Ocp::new();
    let a = ocp.start(ADD_EAST, SEED_REQUEST).await;
    let b = ocp
        .start(
            "/api/v2/ob/clusters/1/tenants/2/addReplica",
            &add("zone3", "S1", 1),
        )
        .await;
    // Subtasks start at the next request: b's prepare starts before the fault is armed.
    ocp.get("/api/v2/info").await;
    ocp.arm("Prepare alter tenant").await;
    let c = ocp
        .start(
            "/api/v2/ob/clusters/1/tenants/4/addReplica",
            &add("zone2", "S0", 1),
        )
        .await;
    ocp.advance(1.0);
    let res = ocp.get("/api/v2/tasks/instances").await;
    let ids: Vec<i64> = res.data()["contents"]
        .as_array()
        .expect("contents")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect();
    assert_eq!(ids, [c.id, b.id, a.id]);
    let first = &res.data()["contents"][0];
    assert_eq!(first["cluster"]["name"], "demo");
    assert_eq!(first["tenant"]["name"], "logs");
    assert_eq!(first["creator"]["name"], "admin");
    let res = ocp.get("/api/v2/tasks/instances?page=2&size=2").await;
    assert_eq!(res.data()["contents"][0]["id"], a.id);
    assert_eq!(res.data()["page"]["totalElements"], 3);
    assert_eq!(res.data()["page"]["totalPages"], 2);
    assert_eq!(res.data()["page"]["number"], 2);
    let res = ocp.get("/api/v2/tasks/instances?clusterId=1").await;
    assert_eq!(res.data()["page"]["totalElements"], 2);
    let res = ocp.get("/api/v2/tasks/instances?tenantId=12").await;
    assert_eq!(res.data()["contents"][0]["id"], a.id);
    ocp.advance(2.0);
    let res = ocp
        .get("/api/v2/tasks/instances?status=FAILED&status=SUCCESSFUL")
        .await;
    assert_eq!(res.data()["contents"][0]["id"], c.id);
    assert_eq!(res.data()["page"]["totalElements"], 1);
    let res = ocp.get("/api/v2/tasks/instances?status=RUNNING").await;
    assert_eq!(res.data()["page"]["totalElements"], 2);
    let empty = ocp.get("/api/v2/tasks/instances?tenantId=99").await;
    assert_eq!(empty.data()["contents"], json!([]));
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
async fn the_speed_factor_shortens_every_subtask() {
    let ocp = Ocp::with(OcpConfig {
        speed: 10.0,
        ..OcpConfig::default()
    });
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(1.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "RUNNING");
    ocp.advance(0.3);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "SUCCESSFUL");
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

#[tokio::test]
async fn a_canceled_rollback_fails_and_can_be_rolled_back_again() {
    let ocp = Ocp::new();
    ocp.arm("Sync tenant information").await;
    let task = ocp.start(ADD_EAST, SEED_REQUEST).await;
    ocp.advance(20.0);
    let base = format!("/api/v2/tasks/instances/{}", task.id);
    assert_eq!(
        ocp.post(&format!("{base}/rollback"), "").await.status,
        StatusCode::OK
    );
    ocp.advance(1.5);
    let rolling = ocp.task(task.id).await;
    let wait = sub(&rolling, "Wait alter locality");
    assert_eq!(
        (wait.status.as_str(), wait.operation.as_str()),
        ("RUNNING", "ROLLBACK"),
        "{rolling:?}"
    );
    let cancel = format!("{base}/subtasks/{}/cancel", wait.id);
    assert_eq!(ocp.post(&cancel, "").await.status, StatusCode::OK);
    ocp.advance(1.5);
    let failed = ocp.task(task.id).await;
    assert_eq!(
        (failed.status.as_str(), failed.operation.as_str()),
        ("FAILED", "ROLLBACK")
    );
    assert_eq!(ocp.tenant(2, 12).await.status, "MODIFYING");
    assert_eq!(
        ocp.post(&format!("{base}/retry"), "").await.refusal(),
        (500, 20003)
    );
    assert_eq!(
        ocp.post(&format!("{base}/rollback"), "").await.status,
        StatusCode::OK
    );
    ocp.advance(10.0);
    let done = ocp.task(task.id).await;
    assert_eq!(
        (done.status.as_str(), done.operation.as_str()),
        ("FAILED", "ROLLBACK")
    );
    let tenant = ocp.tenant(2, 12).await;
    assert_eq!(tenant.status, "NORMAL");
    assert!(!tenant.locality.contains("@zone1"));
}
