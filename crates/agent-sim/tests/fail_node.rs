//! The fault switch `POST /__sim/fail-node` over HTTP: a node name alone fails the next DAG
//! with that node; `dag`, `tenant` and `skip` pick one DAG of a sequence (a change plan runs
//! several DAGs per tenant, one tenant after another). The failed DAG is FAILED, holds or gives
//! back its lock as the agent does, and Retry then succeeds: the rule is spent when it fires.

mod support;

use axum::http::StatusCode;
use obshell_sim::obshell::model::{MAINTENANCE_GLOBAL, MAINTENANCE_TENANT};
use serde_json::{json, Value};
use support::{node_names, Agent};

const ADD_ZONE3: &str =
    r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_2c8g","unit_num":1}]}"#;
const DELETE_ZONE3: &str = r#"{"zones":["zone3"]}"#;

async fn start(agent: &Agent, method: &str, tenant: &str, body: &str) -> String {
    let uri = format!("/api/v1/tenant/{tenant}/replicas");
    let answer = agent.call(method, &uri, Some(body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["data"]["id"]
        .as_str()
        .expect("generic id")
        .to_owned()
}

/// Adds a replica in zone3 and runs the DAG to its end.
async fn add_zone3(agent: &Agent, tenant: &str) -> Value {
    let id = start(agent, "POST", tenant, ADD_ZONE3).await;
    agent.run_dag(&id).await
}

/// Deletes the replica in zone3; the DAG's id and its end.
async fn delete_zone3(agent: &Agent, tenant: &str) -> (String, Value) {
    let id = start(agent, "DELETE", tenant, DELETE_ZONE3).await;
    let dag = agent.run_dag(&id).await;
    (id, dag)
}

async fn arm(agent: &Agent, body: Value) -> Value {
    let answer = agent
        .admin_answer("POST", "/fail-node", &body.to_string())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

async fn armed(agent: &Agent) -> Value {
    agent.admin_answer("GET", "/fail-node", "").await.body["rules"].clone()
}

async fn retry(agent: &Agent, id: &str) -> Value {
    let answer = agent
        .call(
            "POST",
            &format!("/api/v1/task/dag/{id}"),
            Some(r#"{"operator":"RETRY"}"#),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    agent.run_dag(id).await
}

fn lock_free(agent: &Agent, maintenance_type: i64, key: &str) -> bool {
    agent
        .state
        .read(|w| w.tasks.lock_conflict(maintenance_type, key).is_none())
}

/// The failed node of a FAILED DAG: its name and last log line.
fn failed_at(dag: &Value) -> (String, String) {
    assert_eq!(dag["state"], "FAILED", "{dag}");
    let node = dag["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["state"] == "FAILED"))
        .expect("a failed node");
    let last = node["sub_tasks"][0]["task_logs"]
        .as_array()
        .and_then(|l| l.last())
        .and_then(Value::as_str)
        .unwrap_or_default();
    (
        node["name"].as_str().unwrap_or_default().to_owned(),
        last.to_owned(),
    )
}

#[tokio::test]
async fn dag_and_tenant_pick_one_dag_of_a_plan() {
    let agent = Agent::faulty();
    let answer = arm(
        &agent,
        json!({"node": "Drop resource pools", "dag": "Scale in tenant replicas", "tenant": "billing"}),
    )
    .await;
    assert_eq!(
        answer,
        json!({"armed": "Drop resource pools", "dag": "Scale in tenant replicas",
               "tenant": "billing", "skip": 0, "times": 1})
    );
    // The first tenant's scale-out and scale-in, then the second's scale-out, pass.
    assert_eq!(add_zone3(&agent, "orders").await["state"], "SUCCEED");
    let (_, first) = delete_zone3(&agent, "orders").await;
    assert_eq!(first["state"], "SUCCEED", "{first}");
    assert_eq!(armed(&agent).await.as_array().map(Vec::len), Some(1));

    let (id, second) = delete_zone3(&agent, "billing").await;
    let (node, log) = failed_at(&second);
    assert_eq!(node, "Drop resource pools");
    assert!(
        log.starts_with("ERROR: [Common.Unexpected]: ") && log.contains("'Drop resource pools'"),
        "{log}"
    );
    assert_eq!(second["nodes"].as_array().map(Vec::len), Some(2));
    assert_eq!(armed(&agent).await, json!([]), "the rule is spent");
    // A failed tenant DAG gives its lock back (and takes it again on retry).
    assert!(lock_free(&agent, MAINTENANCE_TENANT, "billing"));
    let retried = retry(&agent, &id).await;
    assert_eq!(retried["state"], "SUCCEED", "{retried}");
    assert_eq!(
        agent.locality("billing").await,
        "FULL{1}@zone1, FULL{1}@zone2"
    );
}

#[tokio::test]
async fn skip_lets_matching_dags_pass_first() {
    let agent = Agent::faulty();
    arm(
        &agent,
        json!({"node": "Drop resource pools", "dag": "Scale in tenant replicas", "skip": 1}),
    )
    .await;
    add_zone3(&agent, "orders").await;
    let (_, first) = delete_zone3(&agent, "orders").await;
    assert_eq!(first["state"], "SUCCEED", "{first}");
    assert_eq!(
        armed(&agent).await,
        json!([{"node": "Drop resource pools", "dag": "Scale in tenant replicas", "skip": 0, "times": 1}])
    );
    let (id, second) = delete_zone3(&agent, "billing").await;
    assert_eq!(failed_at(&second).0, "Drop resource pools");
    assert_eq!(retry(&agent, &id).await["state"], "SUCCEED");
}

#[tokio::test]
async fn the_dag_filter_tells_dags_with_the_same_node_apart() {
    let agent = Agent::faulty();
    arm(
        &agent,
        json!({"node": "Alter tenant locality", "dag": "Scale in tenant replicas"}),
    )
    .await;
    let added = add_zone3(&agent, "orders").await;
    assert_eq!(
        added["state"], "SUCCEED",
        "both have an 'Alter tenant locality'"
    );
    let (_, deleted) = delete_zone3(&agent, "orders").await;
    assert_eq!(failed_at(&deleted).0, "Alter tenant locality");
}

#[tokio::test]
async fn a_node_alone_fails_the_next_dags_as_before() {
    let agent = Agent::faulty();
    let answer = arm(&agent, json!({"node": "Alter tenant locality", "times": 2})).await;
    assert_eq!(
        answer,
        json!({"armed": "Alter tenant locality", "dag": null, "tenant": null, "skip": 0, "times": 2})
    );
    let first = add_zone3(&agent, "orders").await;
    assert_eq!(failed_at(&first).0, "Alter tenant locality");
    // Another tenant's DAG, of another name, is the second in a row.
    let (_, second) = delete_zone3(&agent, "billing").await;
    assert_eq!(failed_at(&second).0, "Alter tenant locality");
    assert_eq!(armed(&agent).await, json!([]));
}

#[tokio::test]
async fn a_failed_cluster_dag_keeps_the_cluster_lock_and_retries() {
    let agent = Agent::faulty();
    arm(
        &agent,
        json!({"node": "Add server for scale_out", "dag": "Cluster scale out"}),
    )
    .await;
    let answer = agent.scale_out("10.0.4.1", "zone3").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let id = answer.body["data"]["id"].as_str().expect("id").to_owned();
    let dag = agent.run_dag(&id).await;
    assert_eq!(failed_at(&dag).0, "Add server for scale_out");
    assert!(node_names(&dag).len() >= 9);
    assert!(!lock_free(&agent, MAINTENANCE_GLOBAL, ""));
    let refused = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    assert_eq!(refused.err_code(), "OB.Cluster.UnderMaintenanceWithDag");
    assert_eq!(retry(&agent, &id).await["state"], "SUCCEED");
    assert!(lock_free(&agent, MAINTENANCE_GLOBAL, ""));
}

#[tokio::test]
async fn bad_bodies_name_the_field() {
    let agent = Agent::faulty();
    let cases = [
        (
            r#"{"node":"Drop resource pools","tenants":"t2"}"#,
            "tenants",
        ),
        (r#"{"node":""}"#, "node"),
        (r#"{"dag":"Scale in tenant replicas"}"#, "node"),
        (r#"{"node":"Drop resource pools","skip":-1}"#, "skip"),
        (r#"{"node":"Drop resource pools","times":"2"}"#, "times"),
        (r#"{"node":"Drop resource pools","dag":""}"#, "dag"),
    ];
    for (body, field) in cases {
        let answer = agent.admin_answer("POST", "/fail-node", body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.body["field"], field, "{body}: {}", answer.body);
        let error = answer.body["error"].as_str().unwrap_or_default();
        assert!(error.contains(field), "{body}: {error}");
    }
    let garbled = agent.admin_answer("POST", "/fail-node", "not json").await;
    assert_eq!(garbled.status, StatusCode::BAD_REQUEST);
    assert_eq!(garbled.body["field"], Value::Null, "{}", garbled.body);
    assert_eq!(armed(&agent).await, json!([]), "nothing was armed");
}
