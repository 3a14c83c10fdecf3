//! `--agent-version`: each version answers as that version of the agent did
//! (docs/protocol/obshell.md §7).

mod support;

use axum::http::StatusCode;
use obshell_protocol::obshell::version::AgentVersion;
use obshell_sim::obshell::AgentConfig;
use serde_json::json;
use support::Agent;

fn at(a: u16, b: u16, c: u16, d: u16) -> Agent {
    Agent::with_config(AgentConfig::of_version(AgentVersion::new(a, b, c, d)))
}

/// The whole `error` object, which before 4.3.1 is `code` + `message` only.
fn error(answer: &support::Answer) -> (u16, serde_json::Value) {
    (answer.status.as_u16(), answer.body["error"].clone())
}

#[tokio::test]
async fn info_reports_the_chosen_version_and_supported_auth_from_4_2_5() {
    for (agent, version, auth) in [
        (at(4, 2, 4, 0), "4.2.4.0-", false),
        (at(4, 2, 5, 0), "4.2.5.0-", true),
        (at(4, 4, 1, 0), "4.4.1.0-", true),
        (Agent::new(), "4.5.0.0-", true),
    ] {
        let info = agent.get_plain("/api/v1/info").await.body["data"].clone();
        let text = info["version"].as_str().unwrap_or_default();
        assert!(
            text.starts_with(version) && text.len() > version.len(),
            "{text}"
        );
        assert_eq!(info.get("supportedAuth").is_some(), auth, "{version}");
        let status = agent.get_plain("/api/v1/status").await.body["data"].clone();
        assert_eq!(status["version"], info["version"]);
    }
}

#[tokio::test]
async fn unknown_routes_answer_as_the_versions_no_route() {
    let old = at(4, 3, 0, 0);
    let answer = old.get("/api/v1/nope").await;
    assert_eq!(
        error(&answer),
        (
            400,
            json!({"code": 1000, "message": "Bad request: 404 not found"})
        )
    );
    assert_eq!(answer.body["status"], 400);
    let new = at(4, 3, 1, 0).get("/api/v1/nope").await;
    assert_eq!(
        error(&new),
        (
            404,
            json!({"errCode": "Common.NotFound", "message": "Element not found: 404 not found"})
        )
    );
}

#[tokio::test]
async fn endpoints_a_version_lacks_are_unknown_routes() {
    let lacking = |a: &support::Answer| {
        a.status == StatusCode::BAD_REQUEST && a.body["error"]["code"] == 1000
    };
    let v425 = at(4, 2, 5, 0);
    for uri in [
        "/api/v1/obcluster/info",
        "/api/v1/obcluster/unit-config-limit",
        "/api/v1/task/dags/ob",
        "/api/v1/task/dags/agent",
        "/api/v1/task/sub_task/11/logs",
    ] {
        assert!(lacking(&v425.get(uri).await), "{uri} on 4.2.5");
        assert_eq!(
            at(4, 3, 0, 0).get(uri).await.status,
            StatusCode::OK,
            "{uri}"
        );
    }
    let scale_in = r#"{"agent_info":{"ip":"10.0.9.9","port":2886}}"#;
    assert!(lacking(
        &v425
            .call("POST", "/api/v1/ob/scale_in", Some(scale_in))
            .await
    ));
    assert_eq!(
        at(4, 2, 6, 0)
            .call("POST", "/api/v1/ob/scale_in", Some(scale_in))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let pass = r#"{"operator":"PASS"}"#;
    let v430 = at(4, 3, 0, 0);
    assert!(lacking(
        &v430.call("POST", "/api/v1/task/node/11", Some(pass)).await
    ));
    assert!(lacking(&v430.call("POST", "/api/v1/login", None).await));
    assert_eq!(
        v430.call("GET", "/api/v1/task/node/11", None).await.status,
        StatusCode::NOT_FOUND,
        "node details stay"
    );
    // From 4.3.1 node PASS exists (an unknown node is a 404 task error, not a lacking route).
    let v431 = at(4, 3, 1, 0)
        .call("POST", "/api/v1/task/node/11", Some(pass))
        .await;
    assert_eq!(v431.err_code(), "Task.NotFound");
    let v441 = at(4, 4, 1, 0).call("POST", "/api/v1/login", None).await;
    assert_ne!(v441.err_code(), "Common.NotFound", "sessions from 4.4.0");
    assert_ne!(v441.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn auth_failures_before_4_3_1_are_401_with_code_10008() {
    let agent = at(4, 3, 0, 0);
    let wrong = agent
        .get_with("/api/v1/tenants/overview", "nope", agent.now() + 60)
        .await;
    assert_eq!(
        error(&wrong),
        (
            401,
            json!({"code": 10008, "message": "Verification failed: access denied"})
        )
    );
    let missing = agent.get_plain("/api/v1/tenants/overview").await;
    assert_eq!(
        error(&missing),
        (
            401,
            json!({"code": 10008, "message": "Verification failed: header not found"})
        )
    );
    let undecryptable = agent
        .get_raw_header("/api/v1/tenants/overview", "X-OCS-Header", "AAAA")
        .await;
    assert_eq!(
        error(&undecryptable),
        (
            401,
            json!({"code": 10008, "message": "Verification failed: header decrypt failed"})
        )
    );
}

#[tokio::test]
async fn the_decrypt_failure_carries_code_1_only_from_4_4_2() {
    for (agent, code) in [(at(4, 4, 1, 0), None), (at(4, 4, 2, 0), Some(1))] {
        let answer = agent
            .get_raw_header("/api/v1/tenants/overview", "X-OCS-Header", "AAAA")
            .await;
        assert_eq!(
            answer.err_code(),
            "Security.Authentication.Header.DecryptFailed"
        );
        assert_eq!(answer.code(), code);
    }
}

#[tokio::test]
async fn before_4_4_0_the_tenant_is_checked_after_the_body_with_the_old_words() {
    let agent = at(4, 3, 0, 0);
    let uri = "/api/v1/tenant/nope/replicas";
    // The body is bound first: a bad body wins over an unknown tenant.
    let bad = agent.call("POST", uri, Some(r#"{}"#)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), Some(1001));
    let add = r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    assert_eq!(
        error(&agent.call("POST", uri, Some(add)).await),
        (
            400,
            json!({"code": 1000, "message": "Bad request: Tenant 'nope' is not exist."})
        )
    );
    agent.state.update(|w| {
        w.cluster
            .tenant_mut("orders")
            .map(|t| t.status = "CREATING".into())
    });
    assert_eq!(
        error(
            &agent
                .call("POST", "/api/v1/tenant/orders/replicas", Some(add))
                .await
        ),
        (
            500,
            json!({"code": 1010, "message": "Known error: Tenant 'orders' status is 'CREATING'."})
        )
    );
    // From 4.4.0 the tenant comes first, with today's codes.
    let new = at(4, 4, 0, 0).call("POST", uri, Some("{}")).await;
    assert_eq!(new.err_code(), "OB.Tenant.NotExist");
}

#[tokio::test]
async fn delete_of_zones_without_a_replica_is_204_from_4_2_5() {
    let uri = "/api/v1/tenant/orders/replicas";
    let body = r#"{"zones":["zone3"]}"#;
    let v424 = at(4, 2, 4, 0).call("DELETE", uri, Some(body)).await;
    assert_eq!(
        error(&v424),
        (
            400,
            json!({"code": 1001, "message": "Illegal argument: Zone 'zone3' does not have a replica."})
        )
    );
    let v425 = at(4, 2, 5, 0).call("DELETE", uri, Some(body)).await;
    assert_eq!(v425.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn dags_lack_maintenance_fields_before_4_3_1() {
    let add = r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    for (agent, has) in [(at(4, 3, 0, 0), false), (at(4, 3, 1, 0), true)] {
        let created = agent
            .call("POST", "/api/v1/tenant/orders/replicas", Some(add))
            .await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
        let id = created.body["data"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let dag = agent
            .call("GET", &format!("/api/v1/task/dag/{id}"), None)
            .await;
        let unfinished = agent.call("GET", "/api/v1/task/dag/unfinish", None).await;
        for value in [
            &created.body["data"],
            &dag.body["data"],
            &unfinished.body["data"]["contents"][0],
        ] {
            assert_eq!(value.get("maintenance_type").is_some(), has, "{value}");
            assert_eq!(value.get("maintenance_key").is_some(), has, "{value}");
        }
    }
}

#[tokio::test]
async fn unknown_sub_task_logs_are_an_empty_list_and_only_dag_ids_must_be_canonical() {
    let agent = Agent::new();
    let logs = agent
        .call("GET", "/api/v1/task/sub_task/199/logs", None)
        .await;
    assert_eq!(
        (logs.status, logs.body["data"].clone()),
        (StatusCode::OK, json!({"contents": []}))
    );
    let add = r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(add))
        .await;
    assert_eq!(
        agent
            .call("GET", "/api/v1/task/dag/101", None)
            .await
            .message(),
        "Task not found: dag id not match"
    );
    for uri in ["/api/v1/task/node/101", "/api/v1/task/sub_task/101"] {
        assert_eq!(
            agent.call("GET", uri, None).await.status,
            StatusCode::OK,
            "{uri}"
        );
    }
}

#[tokio::test]
async fn add_rules_use_the_old_words_where_known() {
    let agent = at(4, 3, 0, 0);
    let uri = "/api/v1/tenant/orders/replicas";
    let no_zone =
        r#"{"zone_list":[{"name":"zone9","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    assert_eq!(
        error(&agent.call("POST", uri, Some(no_zone)).await),
        (
            400,
            json!({"code": 1001, "message": "Illegal argument: Zone 'zone9' is not exist."})
        )
    );
    let has = r#"{"zone_list":[{"name":"zone1","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    assert_eq!(
        error(&agent.call("POST", uri, Some(has)).await),
        (
            400,
            json!({"code": 1001, "message": "Illegal argument: Zone 'zone1' already has a replica"})
        )
    );
}

#[test]
fn the_key_size_follows_the_version_unless_given() {
    let v = |a, b, c| AgentVersion::new(4, a, b, c);
    assert_eq!(AgentConfig::key_bits(v(2, 5, 0), None), 512);
    assert_eq!(AgentConfig::key_bits(v(4, 1, 0), None), 512);
    assert_eq!(AgentConfig::key_bits(v(4, 2, 0), None), 1024);
    assert_eq!(AgentConfig::key_bits(v(5, 0, 0), None), 1024);
    assert_eq!(AgentConfig::key_bits(v(5, 0, 0), Some(512)), 512);
    assert_eq!(AgentConfig::key_bits(v(3, 0, 0), Some(1024)), 1024);
}

#[tokio::test]
async fn the_panic_answer_is_numeric_before_4_3_1() {
    for (agent, error) in [
        (
            at(4, 3, 0, 0),
            json!({"code": 1002, "message": "Unexpected error: Internal Server Error"}),
        ),
        (
            Agent::new(),
            json!({"errCode": "Common.Unexpected", "message": "Unexpected error: Internal Server Error"}),
        ),
    ] {
        // `show_details=false` on a node detail makes the agent's handler panic.
        let answer = agent
            .call("GET", "/api/v1/task/node/11?show_details=false", None)
            .await;
        assert_eq!(
            (answer.status.as_u16(), answer.body["error"].clone()),
            (500, error)
        );
    }
}

#[tokio::test]
async fn the_core_flow_works_on_every_simulated_version() {
    let add = r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    for (a, b, c, d) in [(4, 2, 5, 0), (4, 3, 0, 0), (4, 4, 1, 0), (4, 5, 0, 0)] {
        let agent = at(a, b, c, d);
        let version = format!("{a}.{b}.{c}.{d}");
        assert_eq!(
            agent.call("GET", "/api/v1/ob/info", None).await.status,
            StatusCode::OK,
            "{version}"
        );
        assert_eq!(
            agent
                .call("GET", "/api/v1/tenants/overview", None)
                .await
                .status,
            StatusCode::OK
        );
        let started = agent
            .call("POST", "/api/v1/tenant/orders/replicas", Some(add))
            .await;
        assert_eq!(
            started.status,
            StatusCode::OK,
            "{version}: {}",
            started.body
        );
        let id = started.body["data"]["id"].as_str().expect("dag").to_owned();
        assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED", "{version}");
        assert_eq!(
            agent.locality("orders").await,
            "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3"
        );
        let deleted = agent
            .call(
                "DELETE",
                "/api/v1/tenant/orders/replicas",
                Some(r#"{"zones":["zone3"]}"#),
            )
            .await;
        let id = deleted.body["data"]["id"].as_str().expect("dag").to_owned();
        assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED", "{version}");
        let refused = agent
            .call("POST", "/api/v1/tenant/orders/replicas", Some(r#"{"zone_list":[{"name":"zone1","unit_config_name":"unit_4c16g","unit_num":1}]}"#))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{version}");
        let has_err_code = refused.body["error"].get("errCode").is_some();
        assert_eq!(has_err_code, (a, b, c) >= (4, 3, 1), "{version}");
        assert!(!refused.trace_id().is_empty());
    }
}
