//! `PUT /api/v1/tenant/:name/primary-zone` (docs/protocol/obshell.md §4.3): the agent's checks in
//! its order, `RANDOM` in any spelling, the one-node DAG, and the change made before the lock, so
//! that an error can follow a change that was applied.

mod support;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use obshell_protocol::obshell::version::AgentVersion;
use obshell_sim::obshell::AgentConfig;
use serde_json::{json, Value};
use support::{node_names, Agent, Answer, PASSWORD};
use tower::ServiceExt;

const ADD_ZONE3: &str =
    r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;

fn uri(tenant: &str) -> String {
    format!("/api/v1/tenant/{tenant}/primary-zone")
}

fn body(primary_zone: &str) -> String {
    json!({ "primary_zone": primary_zone }).to_string()
}

async fn put(agent: &Agent, tenant: &str, primary_zone: &str) -> Answer {
    agent
        .call("PUT", &uri(tenant), Some(&body(primary_zone)))
        .await
}

async fn primary_zone(agent: &Agent, tenant: &str) -> String {
    agent.get(&format!("/api/v1/tenant/{tenant}")).await.body["data"]["primary_zone"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The cluster DAGs the agent lists, by name.
async fn dag_names(agent: &Agent) -> Vec<String> {
    agent
        .get("/api/v1/task/dags/ob?show_details=false")
        .await
        .body["data"]["contents"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|d| d["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_change_shows_at_once_and_runs_a_one_node_dag() {
    let agent = Agent::new();
    let answer = put(&agent, "orders", "zone2;zone1").await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let dag = &answer.body["data"];
    assert_eq!(dag["name"], "Modify tenant primary zone");
    assert_eq!(
        (&dag["state"], &dag["operator"]),
        (&json!("READY"), &json!("RUN"))
    );
    assert_eq!(
        (&dag["maintenance_type"], &dag["maintenance_key"]),
        (&json!(3), &json!("orders"))
    );
    // Already made: the tenant shows it before the DAG has run.
    assert_eq!(primary_zone(&agent, "orders").await, "zone2;zone1");
    let id = dag["id"].as_str().expect("id").to_owned();
    let done = agent.run_dag(&id).await;
    assert_eq!(done["state"], "SUCCEED");
    assert_eq!(node_names(&done), ["Modify tenant primary zone"]);
    let node = &done["nodes"][0];
    let task = node["sub_tasks"][0]["id"].as_str().expect("sub-task id");
    let logs = agent
        .get(&format!("/api/v1/task/sub_task/{task}/logs"))
        .await
        .body["data"]["contents"]
        .clone();
    let lines: Vec<&str> = logs
        .as_array()
        .expect("logs")
        .iter()
        .filter_map(|l| l["log_content"].as_str())
        .collect();
    assert!(
        lines.contains(&"Tenant orders primary zone is already zone2;zone1")
            && !lines.iter().any(|l| l.starts_with("Alter tenant")),
        "the step finds the change made: {lines:?}"
    );
    assert_eq!(primary_zone(&agent, "orders").await, "zone2;zone1");
}

#[tokio::test]
async fn empty_or_random_in_any_case_is_random() {
    let agent = Agent::new();
    for (sent, dag_runs) in [("random", true), ("", true), ("Random", true)] {
        let answer = put(&agent, "orders", sent).await;
        assert_eq!(answer.status, StatusCode::OK, "{sent:?}: {:?}", answer.body);
        assert_eq!(primary_zone(&agent, "orders").await, "RANDOM", "{sent:?}");
        if dag_runs {
            let id = answer.body["data"]["id"].as_str().expect("id").to_owned();
            assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED");
        }
    }
}

#[tokio::test]
async fn the_checks_refuse_in_the_agents_order_and_change_nothing() {
    let agent = Agent::new();
    let cases: [(&str, Option<String>, u16, &str, &str); 7] = [
        (
            // The tenant before the body (4.4.0 and later).
            "nope",
            Some("{}".to_owned()),
            400,
            "OB.Tenant.NotExist",
            "Tenant 'nope' does not exist.",
        ),
        (
            "orders",
            Some("{}".to_owned()),
            400,
            "Common.BindJsonFailed",
            "Bind JSON failed: Key: 'ModifyTenantPrimaryZoneParam.PrimaryZone' Error:Field \
             validation for 'PrimaryZone' failed on the 'required' tag",
        ),
        (
            "orders",
            Some(body("zone1;zone3")),
            400,
            "OB.Tenant.PrimaryZone.Invalid",
            "Primary zone 'zone1;zone3' is invalid: Zone 'zone3' is not in zone_list..",
        ),
        (
            "orders",
            Some(body("zone1,zone2;zone1")),
            400,
            "OB.Tenant.PrimaryZone.Invalid",
            "Primary zone 'zone1,zone2;zone1' is invalid: Zone 'zone1' is repeated in \
             primary_zone..",
        ),
        (
            // The zones before enable_rebalance.
            "billing",
            Some(body("zone3;zone9")),
            400,
            "OB.Tenant.PrimaryZone.Invalid",
            "Primary zone 'zone3;zone9' is invalid: Zone 'zone9' is not in zone_list..",
        ),
        (
            // billing has enable_rebalance off: a new first priority is refused …
            "billing",
            Some(body("zone3;zone1,zone2")),
            400,
            "OB.Tenant.RebalanceDisabled",
            "Change first priority zone of primary zone is not allowed when tenant \
             'enable_rebalance' is disabled.",
        ),
        (
            // … and sys (rebalance on) cannot put two regions first.
            "sys",
            Some(body("zone1,zone3")),
            400,
            "OB.Tenant.PrimaryZone.CrossRegion",
            "Primary zone 'zone1,zone3' crosses regions, please check tenant's primary zone.",
        ),
    ];
    for (tenant, sent, status, code, message) in cases {
        let before = primary_zone(&agent, tenant).await;
        let answer = agent.call("PUT", &uri(tenant), sent.as_deref()).await;
        assert_eq!(
            (answer.status.as_u16(), answer.err_code(), answer.message()),
            (status, code, message),
            "{tenant} {sent:?}"
        );
        assert_eq!(primary_zone(&agent, tenant).await, before, "{tenant}");
    }
    // The same first-priority zones written otherwise pass on billing.
    let same = put(&agent, "billing", "zone2,zone1").await;
    assert_eq!(same.status, StatusCode::OK, "{:?}", same.body);
    assert!(dag_names(&agent)
        .await
        .iter()
        .all(|n| n == "Modify tenant primary zone"));
}

#[tokio::test]
async fn a_lock_refusal_follows_a_change_that_was_made() {
    let agent = Agent::new();
    let add = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    assert_eq!(add.status, StatusCode::OK, "{:?}", add.body);
    let refused = put(&agent, "orders", "zone2;zone1").await;
    assert_eq!(
        (
            refused.status.as_u16(),
            refused.err_code(),
            refused.message()
        ),
        (
            500,
            "OB.Tenant.UnderMaintenance",
            "Create task 'Modify tenant primary zone' failed: Tenant 'orders' is under \
             maintenance, please try again later."
        )
    );
    assert_eq!(refused.body["data"], Value::Null);
    // The error came after the ALTER: the tenant has the new primary zone, without a DAG.
    assert_eq!(primary_zone(&agent, "orders").await, "zone2;zone1");
    assert_eq!(dag_names(&agent).await, ["Scale out tenant replicas"]);
}

#[tokio::test]
async fn an_answer_lost_after_the_change_hides_a_change_that_was_made() {
    let agent = Agent::faulty();
    let armed = r#"{"times":1,"path":"/api/v1/tenant/orders/primary-zone","status":502}"#;
    assert_eq!(agent.admin("/lose-answer", armed).await, StatusCode::OK);
    let target = uri("orders");
    let (header, sealed) = agent.sealed(PASSWORD, &target, &body("zone2"));
    let request = Request::put(&target)
        .header("X-OCS-Header", header)
        .body(Body::from(sealed))
        .expect("request");
    let lost = agent
        .router
        .clone()
        .oneshot(request)
        .await
        .expect("infallible");
    assert_eq!(lost.status(), StatusCode::BAD_GATEWAY);
    let text = to_bytes(lost.into_body(), usize::MAX).await.expect("body");
    assert_eq!(
        &text[..],
        b"simulated agent failure (fault switch)",
        "a bare status, no envelope"
    );
    assert_eq!(primary_zone(&agent, "orders").await, "zone2");
    assert_eq!(dag_names(&agent).await, ["Modify tenant primary zone"]);
    // A status that is not 5xx is refused by the switch.
    let bad = r#"{"times":1,"status":200}"#;
    assert_eq!(
        agent.admin("/lose-answer", bad).await,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn messages_in_chinese_and_the_old_agents_words() {
    let agent = Agent::new();
    let target = uri("orders");
    let (header, sealed) = agent.sealed(PASSWORD, &target, &body("zone9"));
    let request = Request::put(&target)
        .header("X-OCS-Header", header)
        .header("Accept-Language", "zh-CN")
        .body(Body::from(sealed))
        .expect("request");
    let zh = agent.send(request).await;
    assert_eq!(
        zh.message(),
        "Primary zone 'zone9' 非法：Zone 'zone9' is not in zone_list."
    );

    // Before 4.3.1: the reason alone behind "Illegal argument: ", and a lock refusal in the
    // executor's own words — after the change was made all the same.
    let old = Agent::with_config(AgentConfig::of_version(AgentVersion::new(4, 3, 0, 0)));
    let invalid = put(&old, "orders", "zone9").await;
    assert_eq!(
        invalid.body["error"],
        json!({"code": 1001, "message": "Illegal argument: Zone 'zone9' is not in zone_list."})
    );
    let add = old
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    assert_eq!(add.status, StatusCode::OK);
    let locked = put(&old, "orders", "zone2;zone1").await;
    assert_eq!(
        (locked.status.as_u16(), locked.body["error"].clone()),
        (
            500,
            json!({"code": 1002, "message": "Unexpected error: create 'Modify tenant primary zone' dag instance failed"})
        )
    );
    assert_eq!(primary_zone(&old, "orders").await, "zone2;zone1");

    // 4.2.3 had no such route.
    let older = Agent::with_config(AgentConfig::of_version(AgentVersion::new(4, 2, 3, 1)));
    let missing = put(&older, "orders", "zone1").await;
    assert_eq!(
        (missing.status, missing.body["error"]["code"].clone()),
        (StatusCode::BAD_REQUEST, json!(1000))
    );
}
