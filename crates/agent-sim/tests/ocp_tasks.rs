//! The simulated OCP's task engine on a manual clock: task and subtask operations and their
//! preconditions, rollback, the task list, and the speed factor.

mod support;

use axum::http::StatusCode;
use obshell_sim::ocp::OcpConfig;
use serde_json::json;
use support::ocp::*;

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
