//! DAG and node operations as the agent's task service does them
//! (docs/protocol/obshell-tasks.md §5.4), local DAG ids forwarded, and the scale-out and replica
//! refusals' texts and envelopes.

mod support;

use axum::http::StatusCode;
use serde_json::Value;
use support::Agent;

const ADD_ZONE3: &str =
    r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;

async fn start(agent: &Agent, body: &str) -> String {
    let answer = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(body))
        .await;
    answer.body["data"]["id"]
        .as_str()
        .expect("dag id")
        .to_owned()
}

async fn operate(agent: &Agent, id: &str, operator: &str) -> StatusCode {
    agent
        .call(
            "POST",
            &format!("/api/v1/task/dag/{id}"),
            Some(&format!(r#"{{"operator":"{operator}"}}"#)),
        )
        .await
        .status
}

async fn dag(agent: &Agent, id: &str) -> Value {
    agent
        .call("GET", &format!("/api/v1/task/dag/{id}"), None)
        .await
        .body["data"]
        .clone()
}

fn epoch(v: &Value) -> bool {
    v.as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| t.timestamp() == 0)
}

#[tokio::test]
async fn dag_pass_leaves_the_stage_at_the_failed_node() {
    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let two = r#"{"zone_list":[{"name":"zone2","unit_config_name":"unit_2c8g","unit_num":1},{"name":"zone3","unit_config_name":"unit_2c8g","unit_num":1}]}"#;
    let answer = agent
        .call("POST", "/api/v1/tenant/logs/replicas", Some(two))
        .await;
    let id = answer.body["data"]["id"].as_str().expect("dag").to_owned();
    let failed = agent.run_dag(&id).await;
    let stage = failed["stage"].clone();
    assert_eq!(stage, 2);
    assert_eq!(operate(&agent, &id, "PASS").await, StatusCode::OK);
    let passed = dag(&agent, &id).await;
    assert_eq!(passed["state"], "SUCCEED");
    assert_eq!(passed["stage"], stage);
    assert!(passed["stage"].as_i64() < passed["max_stage"].as_i64());
}

#[tokio::test]
async fn node_pass_leaves_the_stage_to_the_scheduler() {
    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let id = start(&agent, ADD_ZONE3).await;
    let failed = agent.run_dag(&id).await;
    let node = failed["nodes"][1]["id"].as_str().expect("node").to_owned();
    let passed = agent
        .call(
            "POST",
            &format!("/api/v1/task/node/{node}"),
            Some(r#"{"operator":"PASS"}"#),
        )
        .await;
    assert_eq!(passed.status, StatusCode::OK);
    let now = dag(&agent, &id).await;
    assert_eq!(
        now["stage"], failed["stage"],
        "unchanged until the scheduler runs"
    );
    assert_eq!(
        (&now["state"], epoch(&now["start_time"])),
        (&"READY".into(), true)
    );
    assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED");
}

#[tokio::test]
async fn cancel_and_retry_reset_times_to_the_epoch() {
    let agent = Agent::new();
    let id = start(&agent, ADD_ZONE3).await;
    agent.run_for(3);
    assert_eq!(operate(&agent, &id, "CANCEL").await, StatusCode::OK);
    let cancelled = dag(&agent, &id).await;
    assert!(epoch(&cancelled["start_time"]) && epoch(&cancelled["end_time"]));
    let stage = usize::try_from(cancelled["stage"].as_i64().unwrap_or(1)).unwrap_or(1);
    let node = &cancelled["nodes"][stage - 1];
    assert_eq!(node["operator"], "CANCEL");
    assert!(
        epoch(&node["start_time"]) && epoch(&node["end_time"]),
        "{node}"
    );

    let agent = Agent::new();
    agent.fail_next("Alter tenant locality");
    let id = start(&agent, ADD_ZONE3).await;
    let failed = agent.run_dag(&id).await;
    assert_eq!(failed["state"], "FAILED", "{failed}");
    assert_eq!(operate(&agent, &id, "RETRY").await, StatusCode::OK);
    let retried = dag(&agent, &id).await;
    let node = &retried["nodes"][1];
    assert_eq!(node["operator"], "RETRY");
    assert!(
        epoch(&node["start_time"]) && epoch(&node["end_time"]),
        "{node}"
    );
}

#[tokio::test]
async fn retry_of_a_local_dag_is_forwarded_to_its_agent() {
    let agent = Agent::new();
    let started = agent.scale_out("10.0.4.1", "zone3").await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    // Local DAGs take no fail rules at creation: arm the step once the DAG exists.
    let mut armed = false;
    let mut local = None;
    for _ in 0..300 {
        agent.run_for(1);
        if !armed {
            armed = agent.state.update(|w| {
                let node = w
                    .tasks
                    .dags
                    .iter_mut()
                    .filter(|d| d.local_owner.is_some())
                    .flat_map(|d| d.nodes.iter_mut())
                    .find(|n| n.name == "Start observer");
                node.map(|n| n.task.fail_times = 1).is_some()
            });
        }
        local = agent.state.read(|w| {
            w.tasks
                .dags
                .iter()
                .find(|d| d.local_owner.is_some() && d.state.as_str() == "FAILED")
                .map(|d| d.generic_id())
        });
        if local.is_some() {
            break;
        }
    }
    let local = local.expect("the local DAG failed at 'Start observer'");
    assert!(local.starts_with('2'));
    // The new host's DAG holds that agent's own lock (type 2), never the cluster's.
    assert_eq!(dag(&agent, &local).await["maintenance_type"], 2);
    assert_eq!(operate(&agent, &local, "RETRY").await, StatusCode::OK);
    assert_eq!(dag(&agent, &local).await["state"], "READY");
}

#[tokio::test]
async fn scale_out_texts_and_null_data() {
    let agent = Agent::new();
    let unreachable = agent.scale_out("10.0.7.7", "zone3").await;
    assert_eq!(unreachable.err_code(), "Agent.RPC.RequestFailed");
    assert!(
        unreachable
            .message()
            .contains("Request [GET]10.0.7.7:2886 to /api/v1/info failed"),
        "{}",
        unreachable.message()
    );
    assert_eq!(unreachable.body.get("data"), Some(&Value::Null));
    let alias = agent
        .call(
            "POST",
            "/api/v1/ob/scale_out",
            Some(r#"{"agentInfo":{"ip":"10.0.4.1","port":2886},"zone":"zone3","obConfigs":{"rpc_port":"2882","rpcPort":"2883"}}"#),
        )
        .await;
    assert_eq!(
        alias.message(),
        "The input parameter 'observerConfig' is illegal: You cannot set both rpc_port and rpcPort, use rpc_port instead."
    );
    // A bind failure comes before the executor: no data.
    let unbound = agent.call("POST", "/api/v1/ob/scale_out", Some("{}")).await;
    assert_eq!(unbound.body.get("data"), None);
}

#[tokio::test]
async fn replica_refusals_of_the_executor_carry_null_data() {
    let agent = Agent::new();
    let refused = agent
        .call(
            "POST",
            "/api/v1/tenant/orders/replicas",
            Some(
                r#"{"zone_list":[{"name":"zone1","unit_config_name":"unit_4c16g","unit_num":1}]}"#,
            ),
        )
        .await;
    assert_eq!(refused.err_code(), "OB.Tenant.ZoneAlreadyHasReplica");
    assert_eq!(refused.body.get("data"), Some(&Value::Null));
    let unknown = agent
        .call("POST", "/api/v1/tenant/nope/replicas", Some(ADD_ZONE3))
        .await;
    assert_eq!(unknown.err_code(), "OB.Tenant.NotExist");
    assert_eq!(
        unknown.body.get("data"),
        None,
        "the tenant middleware sends none"
    );
}
