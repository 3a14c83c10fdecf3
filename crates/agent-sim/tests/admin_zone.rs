//! `POST /__sim/zone`: a zone of two servers added at once, for tests and demos that move
//! replicas within a region; the agent then reports it and a tenant can be placed there.

mod support;

use axum::http::StatusCode;
use support::Agent;

#[tokio::test]
async fn an_added_zone_is_reported_and_takes_a_replica() {
    let agent = Agent::faulty();
    let body = r#"{"name":"zone4","region":"hangzhou","subnet":6}"#;
    assert_eq!(agent.admin("/zone", body).await, StatusCode::OK);
    assert_eq!(
        agent.admin("/zone", body).await,
        StatusCode::BAD_REQUEST,
        "twice"
    );
    assert_eq!(
        agent
            .admin(
                "/zone",
                r#"{"name":"zone5","region":"hangzhou","subnet":1}"#
            )
            .await,
        StatusCode::BAD_REQUEST,
        "servers of zone1"
    );
    let info = agent.get("/api/v1/ob/info").await;
    let servers = &info.body["data"]["obcluster_info"]["topology"]["zone4"];
    let ips: Vec<&str> = servers
        .as_array()
        .expect("zone4's servers")
        .iter()
        .map(|s| s["svr_ip"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ips, ["10.0.6.1", "10.0.6.2"]);
    let add = r#"{"zone_list":[{"name":"zone4","unit_config_name":"unit_2c8g","unit_num":1,"replica_type":"FULL"}]}"#;
    let answer = agent
        .call("POST", "/api/v1/tenant/orders/replicas", Some(add))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let id = answer.body["data"]["id"]
        .as_str()
        .expect("a task")
        .to_owned();
    let dag = agent.run_dag(&id).await;
    assert_eq!(dag["state"], "SUCCEED");
    let tenant = agent.get("/api/v1/tenant/orders").await;
    assert_eq!(
        tenant.body["data"]["locality"],
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4"
    );
}
