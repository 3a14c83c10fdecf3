//! `DELETE /api/v1/zone/:name` (docs/protocol/obshell.md §4.7): answered without any
//! authentication, as the agent answers it (obshell-auth.md §2.9), with the agent's checks, its
//! `Delete zone` DAG and the global lock.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::AgentVersion;
use obshell_sim::obshell::AgentConfig;
use serde_json::{json, Value};
use support::{node_names, Agent, Answer};

/// A DELETE with no auth header at all.
async fn delete_zone(agent: &Agent, zone: &str) -> Answer {
    let request = Request::delete(format!("/api/v1/zone/{zone}"))
        .body(Body::empty())
        .expect("request");
    agent.send(request).await
}

async fn zones(agent: &Agent) -> Vec<String> {
    let info = agent.get("/api/v1/obcluster/info").await.body["data"]["zones"].clone();
    info.as_array()
        .map(|z| {
            z.iter()
                .map(|z| z["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn it_answers_without_any_auth_header() {
    let agent = Agent::new();
    let busy = delete_zone(&agent, "zone2").await;
    assert_eq!(
        (busy.status, busy.err_code(), busy.message()),
        (
            StatusCode::BAD_REQUEST,
            "OB.Zone.NotEmpty",
            "The zone 'zone2' is not empty and cannot be deleted"
        )
    );
    assert_eq!(busy.body["data"], Value::Null);
    assert!(busy
        .body
        .as_object()
        .is_some_and(|o| o.contains_key("data")));
    // A zone that does not exist: nothing to do, 204 without a body.
    let none = delete_zone(&agent, "zone9").await;
    assert_eq!(
        (none.status, none.body.clone()),
        (StatusCode::NO_CONTENT, Value::Null)
    );
    assert_eq!(zones(&agent).await, ["zone1", "zone2", "zone3"]);
}

#[tokio::test]
async fn an_empty_zone_is_deleted_with_its_servers_and_agents() {
    let agent = Agent::new();
    let out = agent.scale_out("10.0.4.1", "zone4").await;
    let out_id = out.body["data"]["id"]
        .as_str()
        .expect("scale-out")
        .to_owned();
    assert_eq!(agent.run_dag(&out_id).await["state"], "SUCCEED");
    assert!(zones(&agent).await.contains(&"zone4".to_owned()));

    let started = delete_zone(&agent, "zone4").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let dag = &started.body["data"];
    assert_eq!(dag["name"], "Delete zone");
    assert_eq!(dag["maintenance_type"], 2, "the global lock");
    // The lock is the cluster's: a second delete is refused while the first runs.
    let again = delete_zone(&agent, "zone4").await;
    assert_eq!(
        (again.status.as_u16(), again.err_code(), again.message()),
        (
            500,
            "OB.Cluster.UnderMaintenanceWithDag",
            "Create task 'Delete zone' failed: OceanBase cluster is under maintenance by DAG: \
             Delete zone, please try again later"
        )
    );
    let id = dag["id"].as_str().expect("id").to_owned();
    let done = agent.run_dag(&id).await;
    assert_eq!(done["state"], "SUCCEED");
    assert_eq!(
        node_names(&done),
        [
            "Set agent to 'SCALING IN'",
            "Stop zone zone4",
            "Delete observer",
            "Wait delete observer success",
            "Delete zone zone4",
            "Delete agent",
            "Try to inform to kill observers",
        ]
    );
    assert_eq!(zones(&agent).await, ["zone1", "zone2", "zone3"]);
    // The host's agent left the cluster: it can be scaled out again.
    let back = agent.scale_out("10.0.4.1", "zone3").await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
}

#[tokio::test]
async fn the_zone_of_this_agent_is_refused_and_other_agents_too() {
    let agent = Agent::new();
    // Emptied of units, zone1 still holds this agent (10.0.1.1:2886).
    agent.state.update(|w| {
        for pool in &mut w.cluster.pools {
            pool.units.retain(|u| u.zone != "zone1");
        }
    });
    let own = delete_zone(&agent, "zone1").await;
    assert_eq!(
        (own.status, own.err_code(), own.message()),
        (
            StatusCode::BAD_REQUEST,
            "OB.Zone.DeleteSelf",
            "The current agent is in 'zone1', please initiate the request through another agent"
        )
    );
    let single = Agent::with_config(AgentConfig {
        identity: AgentIdentity::Single,
        ..AgentConfig::default()
    });
    let refused = delete_zone(&single, "zone1").await;
    assert_eq!(refused.err_code(), "Agent.Identify.NotSupportOperation");
    assert!(
        refused.body.get("data").is_none(),
        "the handler's own refusal has no data"
    );
}

#[tokio::test]
async fn oceanbase_down_and_older_agents() {
    let agent = Agent::faulty();
    assert_eq!(
        agent.admin("/oceanbase", r#"{"down":true}"#).await,
        StatusCode::OK
    );
    let down = delete_zone(&agent, "zone2").await;
    assert_eq!(
        (down.status.as_u16(), down.err_code(), down.message()),
        (
            500,
            "OB.Server.Process.NotExist",
            "check zone exist failed: Observer process does not exist"
        )
    );
    // 4.3.0: a bad request with the old words; 4.2.5: no such route.
    let v430 = Agent::with_config(AgentConfig::of_version(AgentVersion::new(4, 3, 0, 0)));
    assert_eq!(
        delete_zone(&v430, "zone2").await.body["error"],
        json!({"code": 1000, "message": "Bad request: The zone 'zone2' is not empty and can not be deleted"})
    );
    let v425 = Agent::with_config(AgentConfig::of_version(AgentVersion::new(4, 2, 5, 0)));
    assert_eq!(
        delete_zone(&v425, "zone2").await.body["error"],
        json!({"code": 1000, "message": "Bad request: 404 not found"})
    );
}
