//! The hostile-text fault switch: names with HTML and script in the model, and the next DAG's
//! name, node names and logs, all served as the agent serves any text.

mod support;

use axum::http::StatusCode;
use obshell_protocol::obshell::paths::{segment, tenant_replicas};
use obshell_sim::obshell::engine::hostile::{
    self, DAG_SUFFIX, LOG_LINES, NODE_SUFFIX, TENANT, ZONE,
};
use support::{node_names, Agent};

#[tokio::test]
async fn the_switch_seeds_hostile_names_and_taints_the_next_dag_only() {
    let agent = Agent::faulty();
    assert_eq!(agent.admin("/hostile", "{}").await, StatusCode::OK);
    // Idempotent: a second call adds nothing twice.
    assert_eq!(agent.admin("/hostile", "{}").await, StatusCode::OK);

    let overview = agent.call("GET", "/api/v1/tenants/overview", None).await;
    let names: Vec<String> = overview.body["data"]["contents"]
        .as_array()
        .expect("tenants")
        .iter()
        .map(|t| t["tenant_name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(names.iter().any(|n| n == TENANT), "{names:?}");
    assert!(!names.iter().any(|n| n == "logs"), "{names:?}");
    for more in hostile::MORE_TENANTS {
        assert_eq!(names.iter().filter(|n| n == more).count(), 1, "{names:?}");
    }
    assert!(names.contains(&hostile::long_tenant()));

    // The renamed tenant answers under its percent-encoded name, the new zone is in the topology.
    assert_eq!(agent.locality(&segment(TENANT)).await, "FULL{1}@zone1");
    let info = agent.call("GET", "/api/v1/ob/info", None).await;
    let zone = serde_json::to_string(ZONE).expect("json");
    assert!(
        info.body.to_string().contains(zone.trim_matches('"')),
        "{:?}",
        info.body
    );

    let body = serde_json::json!({
        "zone_list": [{ "name": ZONE, "unit_config_name": "unit_2c8g", "unit_num": 1 }]
    })
    .to_string();
    let created = agent
        .call("POST", &tenant_replicas(TENANT), Some(&body))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let id = created.body["data"]["id"].as_str().expect("id").to_owned();
    let dag = agent.run_dag(&id).await;
    assert_eq!(dag["state"], "SUCCEED");
    assert_eq!(
        dag["name"].as_str(),
        Some(format!("Scale out tenant replicas{DAG_SUFFIX}").as_str())
    );
    for name in node_names(&dag) {
        assert!(name.ends_with(NODE_SUFFIX), "{name}");
    }
    let logs = dag["nodes"][0]["sub_tasks"][0]["task_logs"].to_string();
    for line in LOG_LINES {
        assert!(
            logs.contains(&serde_json::to_string(line).expect("json")),
            "{logs}"
        );
    }
    assert_eq!(
        agent.locality(&segment(TENANT)).await,
        format!("FULL{{1}}@zone1, FULL{{1}}@{ZONE}")
    );

    // Only the next DAG: the one after has plain names.
    let body = r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    let plain = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(body))
        .await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(
        plain.body["data"]["name"].as_str(),
        Some("Scale out tenant replicas")
    );
}
