//! The simulated OCP's replica calls against OCP's seed sample and the spec's confirmed facts:
//! refusals with OCP's codes and statuses, and the shape of each operation's task.

mod support;

use axum::http::StatusCode;
use obshell_protocol::ocp::Task;
use serde_json::{json, Value};
use support::ocp::*;

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
