//! The simulated OCP's `modifyPrimaryZone` (docs/protocol/ocp.md §4.5) and the batch rule of
//! `modifyReplica` (§4.4): what a client sees of each.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::ocp::*;

const PAYMENTS_PZ: &str = "/api/v2/ob/clusters/2/tenants/12/modifyPrimaryZone";
const SYS_PZ: &str = "/api/v2/ob/clusters/2/tenants/11/modifyPrimaryZone";

#[tokio::test]
async fn a_primary_zone_change_is_applied_at_once_without_a_task() {
    let ocp = Ocp::new();
    let tasks_before =
        ocp.get("/api/v2/tasks/instances").await.data()["page"]["totalElements"].clone();
    let res = ocp
        .post(
            PAYMENTS_PZ,
            &json!({"primaryZone": "zone3;zone4"}).to_string(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let body: serde_json::Value = serde_json::from_str(&res.text).expect("json");
    assert_eq!(body["successful"], true);
    assert!(body.get("data").is_none(), "no data: {}", res.text);
    assert_eq!(ocp.tenant(2, 12).await.primary_zone, "zone3;zone4");
    let tasks_after =
        ocp.get("/api/v2/tasks/instances").await.data()["page"]["totalElements"].clone();
    assert_eq!(tasks_before, tasks_after, "no task is created");
}

#[tokio::test]
async fn a_zone_the_tenant_does_not_have_is_refused_and_nothing_changes() {
    let ocp = Ocp::new();
    let res = ocp
        .post(
            PAYMENTS_PZ,
            &json!({"primaryZone": "zone1;zone2"}).to_string(),
        )
        .await;
    assert_eq!(res.refusal(), (404, 60008), "{}", res.text);
    assert!(res.text.contains("zone1"), "{}", res.text);
    assert_eq!(ocp.tenant(2, 12).await.primary_zone, "zone2;zone3");
}

#[tokio::test]
async fn the_sys_tenant_keeps_one_zone_first_and_never_random() {
    let ocp = Ocp::new();
    for pz in ["RANDOM", "zone1,zone2;zone3"] {
        let res = ocp
            .post(SYS_PZ, &json!({"primaryZone": pz}).to_string())
            .await;
        assert_eq!(res.refusal(), (400, 50001), "{pz}: {}", res.text);
    }
    let res = ocp
        .post(
            SYS_PZ,
            &json!({"primaryZone": "zone2;zone1,zone3"}).to_string(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn a_modifying_tenant_may_still_change_its_primary_zone() {
    let ocp = Ocp::new();
    ocp.start(ADD_EAST, &add("zone1", "S1", 1)).await;
    ocp.advance(1.0);
    assert_eq!(ocp.tenant(2, 12).await.status, "MODIFYING");
    let res = ocp
        .post(PAYMENTS_PZ, &json!({"primaryZone": "zone4"}).to_string())
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn a_type_change_in_a_batch_is_dropped_and_one_alone_is_applied() {
    let ocp = Ocp::new();
    let batch = json!([
        {"zoneName": "zone3", "replicaType": "READONLY", "resourcePool": {"unitSpecName": "S2"}},
        {"zoneName": "zone4", "resourcePool": {"unitSpecName": "S2"}},
    ]);
    let task = ocp
        .start(
            "/api/v2/ob/clusters/2/tenants/12/modifyReplica",
            &batch.to_string(),
        )
        .await;
    ocp.advance(60.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "SUCCESSFUL");
    let t = ocp.tenant(2, 12).await;
    assert!(t.locality.contains("FULL{1}@zone3"), "{}", t.locality);
    let alone = json!([{"zoneName": "zone3", "replicaType": "READONLY"}]);
    let task = ocp
        .start(
            "/api/v2/ob/clusters/2/tenants/12/modifyReplica",
            &alone.to_string(),
        )
        .await;
    ocp.advance(60.0);
    assert_eq!(ocp.task(task.id).await.status.as_str(), "SUCCESSFUL");
    let t = ocp.tenant(2, 12).await;
    assert!(t.locality.contains("READONLY{1}@zone3"), "{}", t.locality);
}
