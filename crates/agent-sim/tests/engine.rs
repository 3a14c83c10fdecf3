//! The task engine with a fake clock: the node sequences of docs/protocol/obshell-tasks.md §5.6,
//! the operations of §5.4, ids and logs of §5.2 and §5.7, and the effect on the model.

mod support;

use axum::http::StatusCode;
use serde_json::Value;
use support::{node_names, Agent};

const ADD_ZONE3: &str =
    r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;

async fn start(agent: &Agent, method: &str, uri: &str, body: &str) -> String {
    let answer = agent.call(method, uri, Some(body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["data"]["id"]
        .as_str()
        .expect("generic id")
        .to_owned()
}

async fn operate(agent: &Agent, id: &str, operator: &str) -> (u16, String, String) {
    let a = agent
        .call(
            "POST",
            &format!("/api/v1/task/dag/{id}"),
            Some(&format!(r#"{{"operator":"{operator}"}}"#)),
        )
        .await;
    (
        a.status.as_u16(),
        a.err_code().to_owned(),
        a.message().to_owned(),
    )
}

fn state_op(v: &Value) -> (String, String) {
    (
        v["state"].as_str().unwrap_or_default().to_owned(),
        v["operator"].as_str().unwrap_or_default().to_owned(),
    )
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[tokio::test]
async fn add_replicas_runs_stage_by_stage() {
    let agent = Agent::new();
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    assert_eq!(id, "11", "cluster DAG 1 has generic id 11");
    agent.run_for(1);
    let dag = agent.call("GET", "/api/v1/task/dag/11", None).await.body["data"].clone();
    assert_eq!(state_op(&dag), pair("RUNNING", "RUN"));
    assert_eq!(
        node_names(&dag),
        ["Create and attach resource pools", "Alter tenant locality"]
    );
    let dag = agent.run_dag(&id).await;
    assert_eq!(state_op(&dag), pair("SUCCEED", "RUN"));
    assert_eq!(dag["stage"], 2);
    let task = &dag["nodes"][1]["sub_tasks"][0];
    assert_eq!(
        (
            task["execute_times"].as_i64(),
            task["execute_agent"]["ip"].as_str()
        ),
        (Some(1), Some("10.0.1.1"))
    );
    let logs: Vec<&str> = task["task_logs"]
        .as_array()
        .expect("logs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        logs.contains(&"Alter tenant locality to FULL@zone1,FULL@zone2,FULL@zone3"),
        "{logs:?}"
    );
    assert_eq!(
        agent.locality("orders").await,
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3"
    );
    // Finished: no longer in the unfinished list, still in the list of all.
    let unfinished = agent
        .call("GET", "/api/v1/task/dag/ob/unfinish", None)
        .await;
    assert_eq!(
        unfinished.body["data"]["contents"].as_array().map(Vec::len),
        Some(0)
    );
    let all = agent
        .call("GET", "/api/v1/task/dags/ob?show_details=false", None)
        .await;
    assert!(all.body["data"]["contents"][0]["nodes"].is_null());
}

#[tokio::test]
async fn ids_are_checked_like_the_agent() {
    let agent = Agent::new();
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    let cases = [
        (
            "/api/v1/task/dag/abc",
            400,
            "Task.GenericID.Invalid",
            "Invalid ID: abc: invalid generic id",
        ),
        (
            "/api/v1/task/dag/1",
            400,
            "Task.GenericID.Invalid",
            "Invalid ID: 1",
        ),
        (
            "/api/v1/task/dag/199",
            404,
            "Task.NotFound",
            "Task not found: record not found",
        ),
        (
            "/api/v1/task/dag/101",
            404,
            "Task.NotFound",
            "Task not found: dag id not match",
        ),
    ];
    for (uri, status, code, message) in cases {
        let a = agent.call("GET", uri, None).await;
        assert_eq!(
            (a.status.as_u16(), a.err_code(), a.message()),
            (status, code, message),
            "{uri}"
        );
    }
    let dag = agent
        .call("GET", &format!("/api/v1/task/dag/{id}"), None)
        .await
        .body["data"]
        .clone();
    let node_id = dag["nodes"][0]["id"].as_str().expect("node id");
    let task_id = dag["nodes"][0]["sub_tasks"][0]["id"]
        .as_str()
        .expect("task id");
    assert_eq!(
        (node_id, task_id),
        ("11", "11"),
        "nodes and sub-tasks count separately"
    );
    assert_eq!(
        agent
            .call("GET", &format!("/api/v1/task/node/{node_id}"), None)
            .await
            .body["data"]["name"],
        "Create and attach resource pools"
    );
    let fresh = agent
        .call("GET", &format!("/api/v1/task/sub_task/{task_id}"), None)
        .await;
    assert!(
        fresh.body["data"]["task_logs"].is_null(),
        "a pending sub-task has no logs yet"
    );
    agent.run_dag(&id).await;
    let logs = agent
        .call(
            "GET",
            &format!("/api/v1/task/sub_task/{task_id}/logs"),
            None,
        )
        .await;
    let rows = logs.body["data"]["contents"]
        .as_array()
        .expect("rows")
        .clone();
    assert!(
        rows.len() >= 2
            && rows
                .iter()
                .all(|r| r["execute_times"] == 1 && r["sub_task_id"] == 1)
    );
}

#[tokio::test]
async fn delete_and_modify_sequences() {
    let agent = Agent::new();
    let id = start(
        &agent,
        "DELETE",
        "/api/v1/tenant/billing/replicas",
        r#"{"zones":["zone3","zone9"]}"#,
    )
    .await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(
        node_names(&dag),
        ["Alter tenant locality", "Drop resource pools"]
    );
    assert_eq!(
        agent.locality("billing").await,
        "FULL{1}@zone1, FULL{1}@zone2"
    );
    // Type changes to FULL come first, then to READONLY, then unit config.
    agent.state.update(|w| {
        let t = w.cluster.tenant_mut("billing").expect("tenant");
        t.locality = "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3".into();
        // zone2 leaves the first priority: only allowed with rebalancing on.
        t.parameters = vec![("enable_rebalance".into(), "True".into())];
        // One region, so the primary region needs no second FULL replica.
        w.cluster.zone_mut("zone3").expect("zone").region = "hangzhou".into();
    });
    let id = start(
        &agent,
        "PATCH",
        "/api/v1/tenant/billing/replicas",
        r#"{"zone_list":[{"zone_name":"zone2","replica_type":"READONLY"},{"zone_name":"zone3","replica_type":"FULL","unit_config_name":"unit_4c16g"}]}"#,
    )
    .await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(
        node_names(&dag),
        [
            "Alter tenant locality",
            "Alter tenant locality",
            "Alter resource pool unit config"
        ]
    );
    assert_eq!(
        agent.locality("billing").await,
        "FULL{1}@zone1, READONLY{1}@zone2, FULL{1}@zone3"
    );
}

#[tokio::test]
async fn unit_number_changes_every_pool() {
    let agent = Agent::new();
    let id = start(
        &agent,
        "PATCH",
        "/api/v1/tenant/orders/replicas",
        r#"{"zone_list":[{"zone_name":"zone1","unit_num":2},{"zone_name":"zone2","unit_num":2}]}"#,
    )
    .await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(node_names(&dag), ["Alter resource pool unit num"]);
    let info = agent.call("GET", "/api/v1/tenant/orders", None).await.body["data"].clone();
    for pool in info["pools"].as_array().expect("pools") {
        assert_eq!(pool["unit_num"], 2);
        assert_eq!(
            pool["observer_list"].as_str().map(|s| s.split(',').count()),
            Some(2)
        );
    }
}

#[tokio::test]
async fn retry_runs_the_failed_step_again() {
    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(
        (state_op(&dag), dag["stage"].as_i64()),
        (pair("FAILED", "RUN"), Some(2))
    );
    let failed = &dag["nodes"][1];
    assert_eq!(state_op(failed), pair("FAILED", "RUN"));
    let last = failed["sub_tasks"][0]["task_logs"]
        .as_array()
        .and_then(|l| l.last())
        .and_then(Value::as_str)
        .unwrap_or_default();
    assert!(last.starts_with("ERROR: [Common.Unexpected]: "), "{last}");
    // A failed replica DAG gives its lock back but stays unfinished.
    let unfinished = agent.call("GET", "/api/v1/task/dag/unfinish", None).await;
    assert_eq!(unfinished.body["data"]["contents"][0]["id"], id.as_str());
    assert_eq!(
        operate(&agent, &id, "nonsense").await,
        (
            400,
            "Task.Dag.Operator.NotSupport".into(),
            "Operator nonsense is not supported".into()
        )
    );
}

#[tokio::test]
async fn retry_succeeds_and_counts_executions() {
    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    agent.run_dag(&id).await;
    assert_eq!(
        operate(&agent, &id, "retry").await.0,
        200,
        "operators are case-insensitive"
    );
    let ready = agent
        .call("GET", &format!("/api/v1/task/dag/{id}"), None)
        .await
        .body["data"]
        .clone();
    assert_eq!(state_op(&ready), pair("READY", "RUN"));
    assert_eq!(state_op(&ready["nodes"][1]), pair("PENDING", "RETRY"));
    let dag = agent.run_dag(&id).await;
    assert_eq!(state_op(&dag), pair("SUCCEED", "RUN"));
    assert_eq!(state_op(&dag["nodes"][1]), pair("SUCCEED", "RETRY"));
    assert_eq!(
        dag["nodes"][1]["sub_tasks"][0]["execute_times"], 3,
        "run, roll back, run again"
    );
    assert_eq!(
        dag["nodes"][0]["sub_tasks"][0]["execute_times"], 1,
        "succeeded steps are not repeated"
    );
    assert_eq!(
        operate(&agent, &id, "RETRY").await,
        (
            400,
            "Task.Dag.Operator.RetryNotFailedDag".into(),
            "Failed to set DAG retry: DAG state is not failed".into()
        )
    );
}

#[tokio::test]
async fn rollback_undoes_every_step() {
    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    agent.run_dag(&id).await;
    let pools_during = agent.call("GET", "/api/v1/tenant/orders", None).await.body["data"]["pools"]
        .as_array()
        .map(Vec::len);
    assert_eq!(
        pools_during,
        Some(3),
        "the pool of step 1 exists while the DAG is failed"
    );
    assert_eq!(operate(&agent, &id, "ROLLBACK").await.0, 200);
    let dag = agent.run_dag(&id).await;
    assert_eq!(
        (state_op(&dag), dag["stage"].as_i64()),
        (pair("SUCCEED", "ROLLBACK"), Some(1))
    );
    assert!(dag["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .all(|n| state_op(n) == pair("SUCCEED", "ROLLBACK")));
    let pools_after = agent.call("GET", "/api/v1/tenant/orders", None).await.body["data"]["pools"]
        .as_array()
        .map(Vec::len);
    assert_eq!(pools_after, Some(2));
    assert_eq!(
        agent.locality("orders").await,
        "FULL{1}@zone1, FULL{1}@zone2"
    );
}

#[tokio::test]
async fn cancel_stops_the_running_step() {
    let agent = Agent::new();
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    agent.run_for(2);
    assert_eq!(operate(&agent, &id, "CANCEL").await.0, 200);
    let pending = agent
        .call("GET", &format!("/api/v1/task/dag/{id}"), None)
        .await
        .body["data"]
        .clone();
    assert_eq!(state_op(&pending), pair("READY", "CANCEL"));
    let dag = agent.run_dag(&id).await;
    assert_eq!(state_op(&dag), pair("FAILED", "CANCEL"));
    let node = dag["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["operator"] == "CANCEL")
        .expect("cancelled node")
        .clone();
    assert_eq!(node["state"], "FAILED");
    assert_eq!(
        node["sub_tasks"][0]["task_logs"]
            .as_array()
            .and_then(|l| l.last())
            .and_then(Value::as_str),
        Some("sub task cancelled")
    );
    assert_eq!(
        operate(&agent, &id, "CANCEL").await,
        (
            400,
            "Task.Dag.Operator.CancelFinishedDag".into(),
            "Failed to cancel DAG: DAG is finished".into()
        )
    );
}

#[tokio::test]
async fn pass_dag_and_pass_node() {
    let agent = Agent::new();
    agent.fail_next("Create and attach resource pools");
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    agent.run_dag(&id).await;
    assert_eq!(
        operate(&agent, &id, "PASS").await,
        (
            400,
            "Task.Dag.Operator.PassNotAllowed".into(),
            "Failed to pass DAG: node Create and attach resource pools cannot pass".into()
        )
    );
    assert_eq!(operate(&agent, &id, "ROLLBACK").await.0, 200);
    agent.run_dag(&id).await;

    agent.fail_next("Alter tenant locality");
    let id = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    let dag = agent.run_dag(&id).await;
    let node_id = dag["nodes"][1]["id"].as_str().expect("id").to_owned();
    let passed = agent
        .call(
            "POST",
            &format!("/api/v1/task/node/{node_id}"),
            Some(r#"{"operator":"PASS"}"#),
        )
        .await;
    assert_eq!(passed.status, StatusCode::OK, "{}", passed.body);
    let dag = agent.run_dag(&id).await;
    assert_eq!(state_op(&dag), pair("SUCCEED", "RUN"));
    assert_eq!(state_op(&dag["nodes"][1]), pair("SUCCEED", "PASS"));
    assert_eq!(
        agent.locality("orders").await,
        "FULL{1}@zone1, FULL{1}@zone2",
        "a passed step changes nothing"
    );
    let again = agent
        .call(
            "POST",
            &format!("/api/v1/task/node/{node_id}"),
            Some(r#"{"operator":"PASS"}"#),
        )
        .await;
    assert_eq!(
        (again.err_code(), again.message()),
        (
            "Task.Node.Operator.PassNotFailedDag",
            "Failed to pass node: assigned DAG is not failed"
        )
    );
}

#[tokio::test]
async fn a_newer_dag_expires_a_failed_one() {
    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let first = start(&agent, "POST", "/api/v1/tenant/orders/replicas", ADD_ZONE3).await;
    agent.run_dag(&first).await;
    let second = start(
        &agent,
        "PATCH",
        "/api/v1/tenant/orders/replicas",
        r#"{"zone_list":[{"zone_name":"zone1","unit_config_name":"unit_2c8g"}]}"#,
    )
    .await;
    agent.run_dag(&second).await;
    assert_eq!(
        operate(&agent, &first, "RETRY").await,
        (
            500,
            "Task.Expired".into(),
            format!("orders has already executed task {second}. '{first}: Scale out tenant replicas' cannot be executed. Please submit a new request")
        )
    );
}

#[tokio::test]
async fn scale_out_to_a_new_zone_runs_eleven_nodes() {
    let agent = Agent::new();
    let body = r#"{"agentInfo":{"ip":"10.0.4.1","port":2886},"zone":"zone4","obConfigs":{"rpcPort":"2882","mysql_port":"2881"}}"#;
    let id = start(&agent, "POST", "/api/v1/ob/scale_out", body).await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(
        (dag["max_stage"].as_i64(), dag["maintenance_type"].as_i64()),
        (Some(11), Some(2))
    );
    assert_eq!(
        node_names(&dag)[6..8],
        ["Add new zone for scale_out", "Start new zone for scale_out"]
    );
    // As the agent logs it: `genericID:%s`, no space (CreateLocalScaleOutDagTask.Execute).
    let logs = dag["nodes"][1]["sub_tasks"][0]["task_logs"].to_string();
    assert!(logs.contains("without an agent password"), "{logs}");
    let local = logs
        .split("genericID:")
        .nth(1)
        .and_then(|s| s.get(..17))
        .expect("local dag id")
        .to_owned();
    assert!(local.starts_with('2'), "{local}");
    let local_dag = agent.run_dag(&local).await;
    assert_eq!(
        (local_dag["name"].as_str(), local_dag["state"].as_str()),
        (Some("Local scale out"), Some("SUCCEED"))
    );
    let info = agent.call("GET", "/api/v1/ob/info", None).await.body["data"].clone();
    assert_eq!(
        info["obcluster_info"]["topology"]["zone4"][0]["svr_ip"],
        "10.0.4.1"
    );
    // Into an existing zone: nine nodes.
    let id = start(
        &agent,
        "POST",
        "/api/v1/ob/scale_out",
        r#"{"agentInfo":{"ip":"10.0.4.2","port":2886},"zone":"zone1","obConfigs":{},"targetAgentPassword":"Pw#4.2"}"#,
    )
    .await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(dag["max_stage"], 9);
    // The log says a password came, never what it is.
    let logs = dag["nodes"][1]["sub_tasks"][0]["task_logs"].to_string();
    assert!(
        logs.contains("with its agent password") && !logs.contains("Pw#4.2"),
        "{logs}"
    );
}

#[tokio::test]
async fn scale_out_checks() {
    let agent = Agent::new();
    let out = |body: &'static str| agent.call("POST", "/api/v1/ob/scale_out", Some(body));
    let a =
        out(r#"{"agentInfo":{"ip":"10.9.9.9","port":2886},"zone":"zone1","obConfigs":{}}"#).await;
    assert_eq!(
        (a.status.as_u16(), a.err_code()),
        (500, "Agent.RPC.RequestFailed")
    );
    let a =
        out(r#"{"agentInfo":{"ip":"10.0.9.9","port":2886},"zone":"zone1","obConfigs":{}}"#).await;
    assert_eq!(
        (a.err_code(), a.message()),
        ("Agent.OB.Version.Inconsistent", "OB version is not consistent between 10.0.9.9:2886(4.2.1.0) and 10.0.1.1:2886(4.3.5.2)")
    );
    let a = out(r#"{"agentInfo":{"ip":"10.0.4.1","port":2886},"zone":"zone1","obConfigs":{"rpc_port":"2882","rpcPort":"2883"}}"#).await;
    assert_eq!(a.err_code(), "Common.IllegalArgument");
    let a = out(r#"{"agentInfo":{"ip":"10.0.4.1","port":2886},"zone":"zone1","obConfigs":{"rpc_port":"x"}}"#).await;
    assert_eq!(
        (a.err_code(), a.message()),
        (
            "Common.InvalidPort",
            "The port 'x' is invalid, must be in [1024, 65535]"
        )
    );
    let a = out(r#"{"agentInfo":{"ip":"10.0.4.1","port":2886},"zone":"zone1","obConfigs":{"rpc_port":2882}}"#).await;
    assert_eq!(
        a.err_code(),
        "Common.BindJsonFailed",
        "values must be strings"
    );
    let a =
        out(r#"{"agentInfo":{"ip":"10.0.1.2","port":2886},"zone":"zone1","obConfigs":{}}"#).await;
    assert_eq!(a.err_code(), "Agent.Identify.NotSupportOperation");
}

#[tokio::test]
async fn scale_in_removes_the_server() {
    let agent = Agent::new();
    let id = start(
        &agent,
        "POST",
        "/api/v1/ob/scale_out",
        r#"{"agentInfo":{"ip":"10.0.4.1","port":2886},"zone":"zone3","obConfigs":{}}"#,
    )
    .await;
    agent.run_dag(&id).await;
    let id = start(
        &agent,
        "POST",
        "/api/v1/ob/scale_in",
        r#"{"agent_info":{"ip":"10.0.4.1","port":2886}}"#,
    )
    .await;
    let dag = agent.run_dag(&id).await;
    assert_eq!(
        node_names(&dag),
        [
            "Delete observer",
            "Set agent to 'SCALING IN'",
            "Wait delete observer success",
            "Delete agent",
            "Try to inform to kill observer"
        ]
    );
    let servers = agent.call("GET", "/api/v1/ob/info", None).await.body["data"]["obcluster_info"]
        ["topology"]["zone3"]
        .clone();
    assert_eq!(servers.as_array().map(Vec::len), Some(2));
    let gone = agent
        .call(
            "POST",
            "/api/v1/ob/scale_in",
            Some(r#"{"agent_info":{"ip":"10.0.4.1","port":2886}}"#),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let me = agent
        .call(
            "POST",
            "/api/v1/ob/scale_in",
            Some(r#"{"agent_info":{"ip":"10.0.1.1","port":2886}}"#),
        )
        .await;
    assert_eq!(
        (me.err_code(), me.message()),
        ("OB.Server.DeleteSelf", "Cannot delete the current server")
    );
    let forced = start(
        &agent,
        "POST",
        "/api/v1/ob/scale_in",
        r#"{"agent_info":{"ip":"10.0.3.2","port":2886},"force_kill":true}"#,
    )
    .await;
    assert_eq!(agent.run_dag(&forced).await["max_stage"], 6);
}
