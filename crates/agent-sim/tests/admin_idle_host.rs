//! `POST /__sim/idle-host`: one more idle host ready to scale out, for tests that add several
//! servers; refused (naming the field) when the ip is empty, malformed or already taken.

mod support;

use axum::http::StatusCode;
use support::Agent;

#[tokio::test]
async fn an_added_host_scales_out() {
    let agent = Agent::faulty();
    let added = agent
        .admin_answer("POST", "/idle-host", r#"{"ip":"10.0.4.3"}"#)
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(added.body["ip"], "10.0.4.3");
    assert_eq!(added.body["port"], 2886);
    let answer = agent.scale_out("10.0.4.3", "zone1").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let id = answer.body["data"]["id"]
        .as_str()
        .expect("a task")
        .to_owned();
    let dag = agent.run_dag(&id).await;
    assert_eq!(dag["state"], "SUCCEED", "{dag}");
    let info = agent.get("/api/v1/ob/info").await;
    let zone1 = &info.body["data"]["obcluster_info"]["topology"]["zone1"];
    assert!(
        zone1
            .as_array()
            .expect("zone1's servers")
            .iter()
            .any(|s| s["svr_ip"] == "10.0.4.3"),
        "{zone1}"
    );
    // Now a server: not a host again.
    let again = agent
        .admin_answer("POST", "/idle-host", r#"{"ip":"10.0.4.3"}"#)
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.body["field"], "ip");
}

#[tokio::test]
async fn a_wrong_ip_is_refused_naming_the_field() {
    let agent = Agent::faulty();
    for (body, field, why) in [
        (r#"{"ip":""}"#, Some("ip"), "empty"),
        (r#"{}"#, Some("ip"), "missing"),
        (r#"{"ip":"10.0.4"}"#, Some("ip"), "malformed"),
        (r#"{"ip":7}"#, Some("ip"), "not a string"),
        (r#"{"ip":"10.0.4.1"}"#, Some("ip"), "an idle host already"),
        (r#"{"ip":"10.0.1.1"}"#, Some("ip"), "a server already"),
        (
            r#"{"ip":"10.0.4.3","port":1}"#,
            Some("port"),
            "unknown field",
        ),
        ("not json", None, "not JSON"),
    ] {
        let answer = agent.admin_answer("POST", "/idle-host", body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{why}");
        assert_eq!(
            answer.body["field"].as_str(),
            field,
            "{why}: {}",
            answer.body
        );
        assert!(answer.body["error"].is_string(), "{why}");
    }
}

#[tokio::test]
async fn only_with_faults() {
    let agent = Agent::new();
    assert_ne!(
        agent.admin("/idle-host", r#"{"ip":"10.0.4.3"}"#).await,
        StatusCode::OK
    );
}
