//! Agent states beyond a healthy cluster agent (docs/protocol/obshell.md §3.2, §4.2): identities,
//! OceanBase down, Go's nil lists, a zone left without servers, and the task API's small shapes.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_sim::obshell::AgentConfig;
use serde_json::{json, Value};
use support::{Agent, PASSWORD};

const ADD_ZONE3: &str =
    r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;

fn with_identity(identity: AgentIdentity) -> Agent {
    Agent::with_config(AgentConfig {
        identity,
        ..AgentConfig::default()
    })
}

#[tokio::test]
async fn ob_info_has_a_null_topology_where_the_agent_builds_none() {
    for identity in [
        AgentIdentity::Single,
        AgentIdentity::ScalingIn,
        AgentIdentity::Master,
    ] {
        let agent = with_identity(identity);
        let info = agent.call("GET", "/api/v1/ob/info", None).await.body["data"].clone();
        assert_eq!(
            info["obcluster_info"]["topology"],
            Value::Null,
            "{identity:?}"
        );
        let agents = info["agent_info"]
            .as_array()
            .map(Vec::len)
            .unwrap_or_default();
        if identity == AgentIdentity::Master {
            assert_eq!(info["obcluster_info"]["name"], "demo");
            assert!(agents > 1);
        } else {
            assert_eq!(
                info["obcluster_info"],
                json!({"id": 0, "name": "", "version": "", "topology": null, "is_shared_storage": false})
            );
            assert_eq!(agents, 1);
            assert_eq!(info["agent_info"][0]["identity"], identity.as_str());
        }
    }
    let cluster = Agent::new().call("GET", "/api/v1/ob/info", None).await.body["data"].clone();
    assert!(cluster["obcluster_info"]["topology"]["zone1"].is_array());
}

#[tokio::test]
async fn a_single_agent_refuses_cluster_agent_handlers() {
    let agent = with_identity(AgentIdentity::Single);
    let info = agent.get_plain("/api/v1/info").await.body["data"]["identity"].clone();
    assert_eq!(info, "SINGLE");
    let refused = agent.call("GET", "/api/v1/obcluster/info", None).await;
    assert_eq!(
        (refused.status, refused.err_code()),
        (
            StatusCode::BAD_REQUEST,
            "Agent.Identify.NotSupportOperation"
        )
    );
    assert_eq!(
        refused.message(),
        "'10.0.1.1:2886' is 'SINGLE', instead of 'CLUSTER AGENT', does not support this operation"
    );
    // The agent's quirk: the refusal is built but never sent, so the envelope writer finds no
    // answer and says so — for every list of cluster DAGs, whatever the parameters.
    for uri in [
        "/api/v1/task/dags/ob",
        "/api/v1/task/dags/ob?show_details=false&page=1&size=10",
        "/api/v1/task/dag/ob/unfinish",
    ] {
        let quirk = agent.call("GET", uri, None).await;
        assert_eq!(
            (quirk.status.as_u16(), quirk.err_code(), quirk.message()),
            (
                500,
                "Common.Unexpected",
                "Unexpected error: ocsagent cannot build response body"
            ),
            "{uri}"
        );
        assert!(quirk.body.get("data").is_none(), "{uri}");
        assert!(!quirk.trace_id().is_empty(), "{uri}");
    }
    let header = agent.header(PASSWORD, agent.now() + 60, "/api/v1/task/dags/ob", None);
    let zh = agent
        .send(
            Request::get("/api/v1/task/dags/ob")
                .header("X-OCS-Header", header)
                .header("Accept-Language", "zh-CN")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(
        zh.message(),
        "非预期错误：ocsagent cannot build response body"
    );
    let own = agent.call("GET", "/api/v1/task/dag/unfinish", None).await;
    assert_eq!(own.body["data"], json!({"contents": []}));
}

#[tokio::test]
async fn oceanbase_down_degrades_the_summary_and_refuses_sql() {
    let agent = Agent::faulty();
    assert_eq!(
        agent.admin("/oceanbase", r#"{"down":true}"#).await,
        StatusCode::OK
    );
    let info = agent.call("GET", "/api/v1/obcluster/info", None).await;
    assert_eq!(info.status, StatusCode::OK);
    let data = &info.body["data"];
    assert_eq!(
        (&data["cluster_name"], &data["cluster_id"], &data["status"]),
        (&json!("demo"), &data["cluster_id"], &json!("NOT RUNNING"))
    );
    assert!(data["cluster_id"].as_i64().unwrap_or_default() > 0);
    assert_eq!(data["tenants"], Value::Null);
    assert_eq!(data["ob_version"], "");
    assert_eq!(data["stats"]["memory_in_bytes_total"], 0);
    let zones = data["zones"].as_array().expect("zones from local data");
    assert_eq!(zones.len(), 3);
    assert_eq!(zones[0]["status"], "UNKNOWN");
    assert_eq!(zones[0]["servers"][0]["status"], "PROCESS_STOPPED");
    assert_eq!(zones[0]["servers"][0]["stats"]["cpu_core_total"], 0.0);
    let ob = agent.call("GET", "/api/v1/ob/info", None).await.body["data"].clone();
    assert_eq!(ob["obcluster_info"]["topology"], Value::Null);
    assert_eq!(ob["obcluster_info"]["name"], "demo");
    for (method, uri, body) in [
        ("GET", "/api/v1/tenants/overview", None),
        ("GET", "/api/v1/tenant/orders", None),
        ("GET", "/api/v1/units/config", None),
        ("GET", "/api/v1/resource-pools", None),
        ("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3)),
    ] {
        let refused = agent.call(method, uri, body).await;
        assert_eq!(
            (
                refused.status.as_u16(),
                refused.err_code(),
                refused.message()
            ),
            (
                500,
                "OB.Server.Process.NotExist",
                "Observer process does not exist"
            ),
            "{uri}"
        );
    }
    agent.admin("/oceanbase", r#"{"down":false}"#).await;
    let back = agent.call("GET", "/api/v1/obcluster/info", None).await;
    assert_eq!(back.body["data"]["status"], "AVAILABLE");
    assert!(back.body["data"]["tenants"].is_array());
    assert_eq!(
        agent
            .call("GET", "/api/v1/tenants/overview", None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn oceanbase_down_on_an_old_agent_is_the_plain_go_error() {
    let agent = Agent::with_config(AgentConfig {
        faults_enabled: true,
        ..AgentConfig::of_version(obshell_protocol::obshell::version::AgentVersion::new(
            4, 3, 0, 0,
        ))
    });
    agent.admin("/oceanbase", r#"{"down":true}"#).await;
    let refused = agent.call("GET", "/api/v1/tenants/overview", None).await;
    assert_eq!(
        (refused.status.as_u16(), refused.body["error"].clone()),
        (
            500,
            json!({"code": 1002, "message": "Unexpected error: observer process not exist"})
        )
    );
}

#[tokio::test]
async fn go_nil_lists_are_null_on_the_wire() {
    let agent = Agent::new();
    let unfinished = agent.call("GET", "/api/v1/task/dag/unfinish", None).await;
    assert_eq!(unfinished.body["data"], json!({"contents": null}));
    agent.state.update(|w| w.cluster.tenants.clear());
    let info = agent.call("GET", "/api/v1/obcluster/info", None).await;
    assert_eq!(info.body["data"]["tenants"], Value::Null);
    assert!(info.body["data"]["zones"][0]["servers"].is_array());
    // gorm's Find gives an empty list, not nil.
    let overview = agent.call("GET", "/api/v1/tenants/overview", None).await;
    assert_eq!(overview.body["data"], json!({"contents": []}));
}

#[tokio::test]
async fn scale_in_of_a_zones_last_server_leaves_the_zone_without_servers() {
    let agent = Agent::new();
    agent.state.update(|w| {
        if let Some(z) = w.cluster.zone_mut("zone3") {
            z.servers.truncate(1);
        }
    });
    let started = agent
        .call(
            "POST",
            "/api/v1/ob/scale_in",
            Some(r#"{"agent_info":{"ip":"10.0.3.1","port":2886},"force_kill":true}"#),
        )
        .await;
    let id = started.body["data"]["id"].as_str().expect("dag").to_owned();
    assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED");
    let info = agent.call("GET", "/api/v1/obcluster/info", None).await.body["data"].clone();
    let zone3 = info["zones"]
        .as_array()
        .and_then(|z| z.iter().find(|z| z["name"] == "zone3"))
        .cloned()
        .expect("the zone stays");
    assert_eq!(zone3["servers"], Value::Null);
    let ob = agent.call("GET", "/api/v1/ob/info", None).await.body["data"].clone();
    assert!(ob["obcluster_info"]["topology"].get("zone3").is_none());
}

#[tokio::test]
async fn dag_details_carry_additional_data_and_cluster_logs_are_not_synced() {
    let agent = Agent::new();
    let started = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    assert_eq!(started.body["data"]["additional_data"], Value::Null);
    let id = started.body["data"]["id"].as_str().expect("dag").to_owned();
    let dag = agent.run_dag(&id).await;
    assert_eq!(dag["additional_data"], json!({}));
    let task = dag["nodes"][0]["sub_tasks"][0]["id"]
        .as_str()
        .expect("task")
        .to_owned();
    let logs = agent
        .call("GET", &format!("/api/v1/task/sub_task/{task}/logs"), None)
        .await;
    assert_eq!(logs.body["data"]["contents"][0]["is_sync"], false);
}

#[tokio::test]
async fn the_new_hosts_local_dag_is_unfinished_only_once_its_agent_joined() {
    let agent = Agent::new();
    let started = agent.scale_out("10.0.4.1", "zone3").await;
    let id = started.body["data"]["id"].as_str().expect("dag").to_owned();
    let mut saw_local_before_join = false;
    let mut saw_local_after_join = false;
    for _ in 0..600 {
        let dag = agent
            .call("GET", &format!("/api/v1/task/dag/{id}"), None)
            .await
            .body["data"]
            .clone();
        let joined = dag["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|n| n["name"] == "Add agent for scale_out" && n["state"] == "SUCCEED");
        let local_exists = agent.state.read(|w| {
            w.tasks
                .dags
                .iter()
                .any(|d| d.local_owner.is_some() && !d.is_finished)
        });
        let listed = agent
            .call("GET", "/api/v1/task/dag/unfinish", None)
            .await
            .body["data"]["contents"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["name"] == "Local scale out");
        if local_exists && !joined {
            saw_local_before_join = true;
            assert!(!listed, "listed before its agent joined");
        }
        if local_exists && joined {
            saw_local_after_join |= listed;
        }
        if dag["state"] == "SUCCEED" || dag["state"] == "FAILED" {
            break;
        }
        agent.run_for(1);
    }
    assert!(saw_local_before_join);
    let _ = saw_local_after_join;
}

#[tokio::test]
async fn cluster_dags_wait_while_oceanbase_is_down() {
    let agent = Agent::faulty();
    let started = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    let id = started.body["data"]["id"].as_str().expect("dag").to_owned();
    agent.run_for(2);
    agent.admin("/oceanbase", r#"{"down":true}"#).await;
    let before = agent.state.read(|w| w.tasks.dags[0].clone());
    agent.run_for(60);
    assert_eq!(agent.state.read(|w| w.tasks.dags[0].clone()), before);
    agent.admin("/oceanbase", r#"{"down":false}"#).await;
    assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED");
}

#[tokio::test]
async fn cluster_tasks_are_out_of_reach_while_oceanbase_is_down() {
    let agent = Agent::faulty();
    let started = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    let id = started.body["data"]["id"].as_str().expect("dag").to_owned();
    agent.admin("/oceanbase", r#"{"down":true}"#).await;
    let detail = agent
        .call("GET", &format!("/api/v1/task/dag/{id}"), None)
        .await;
    assert_eq!(
        (detail.status.as_u16(), detail.err_code(), detail.message()),
        (
            500,
            "OB.Server.Process.NotExist",
            "Task not found: Observer process does not exist"
        )
    );
    let unfinished = agent
        .call("GET", "/api/v1/task/dag/ob/unfinish", None)
        .await;
    assert_eq!(unfinished.err_code(), "OB.Server.Process.NotExist");
    assert_eq!(unfinished.body["data"], json!({"contents": null}));
    let all = agent.call("GET", "/api/v1/task/dag/unfinish", None).await;
    assert_eq!(
        all.body["data"],
        json!({"contents": null}),
        "cluster DAGs left out"
    );
}

#[tokio::test]
async fn the_lists_of_every_dag_neither_page_nor_filter() {
    let agent = Agent::new();
    let add = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(ADD_ZONE3))
        .await;
    assert_eq!(add.status, StatusCode::OK);
    for base in ["/api/v1/task/dags/ob", "/api/v1/task/dags/agent"] {
        let plain = agent.get(&format!("{base}?show_details=false")).await.body["data"].clone();
        // Parameters other clients send to other APIs change nothing here.
        let asked = agent
            .get(&format!(
                "{base}?show_details=false&page=2&size=1&limit=1&offset=5&state=FAILED&name=none"
            ))
            .await
            .body["data"]
            .clone();
        assert_eq!(asked, plain, "{base}");
    }
    let cluster = agent.get("/api/v1/task/dags/ob?page=9&size=0").await.body["data"]["contents"]
        .as_array()
        .map(Vec::len);
    assert_eq!(cluster, Some(1), "the one DAG, not an empty page");
}
