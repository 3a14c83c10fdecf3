//! `POST /__sim/slow-node`: the steps of a name that have not ended, in the DAGs running now,
//! take that many times as long; the steps that ended and the DAGs that come later do not.

mod support;

use axum::http::StatusCode;
use serde_json::Value;
use support::Agent;

const ADD_ZONE2: &str = r#"{"zone_list":[{"name":"zone2","replica_type":"READONLY","unit_config_name":"unit_2c8g","unit_num":1}]}"#;

/// Seconds between a node's start and end, by the agent's times.
fn took(node: &Value) -> i64 {
    let at = |f: &str| {
        chrono::DateTime::parse_from_rfc3339(node[f].as_str().expect("a time"))
            .expect("RFC 3339")
            .timestamp()
    };
    at("end_time") - at("start_time")
}

#[tokio::test]
async fn a_slowed_step_takes_factor_times_as_long() {
    let agent = Agent::faulty();
    let answer = agent
        .call("POST", "/api/v1/tenant/logs/replicas", Some(ADD_ZONE2))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let id = answer.body["data"]["id"].as_str().expect("id").to_owned();
    let slowed = agent
        .admin_answer(
            "POST",
            "/slow-node",
            r#"{"node":"Alter tenant locality","factor":5}"#,
        )
        .await;
    assert_eq!(slowed.status, StatusCode::OK, "{}", slowed.body);
    assert_eq!(slowed.body["slowed"], 1);
    let dag = agent.run_dag(&id).await;
    assert_eq!(dag["state"], "SUCCEED", "{dag}");
    let nodes = dag["nodes"].as_array().expect("nodes");
    // Resource pools: 3 s as always; the locality: 12 s five times over, give or take a tick.
    assert!(took(&nodes[0]) <= 4, "{}", nodes[0]);
    assert!((60..=62).contains(&took(&nodes[1])), "{}", nodes[1]);
    // Nothing runs now: nothing to slow.
    let none = agent
        .admin_answer(
            "POST",
            "/slow-node",
            r#"{"node":"Alter tenant locality","factor":5}"#,
        )
        .await;
    assert_eq!(none.body["slowed"], 0);
}

#[tokio::test]
async fn a_factor_not_above_zero_is_refused() {
    let agent = Agent::faulty();
    for factor in ["0", "-2"] {
        let body = format!(r#"{{"node":"Alter tenant locality","factor":{factor}}}"#);
        let answer = agent.admin_answer("POST", "/slow-node", &body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{factor}");
        assert_eq!(answer.body["field"], "factor");
    }
}
