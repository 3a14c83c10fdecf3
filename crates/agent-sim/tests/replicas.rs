//! The three replica routes over HTTP: each rule of docs/protocol/obshell.md §4.6 in the agent's
//! order with its status, errCode and message, the 204 cases, and the maintenance lock.

mod support;

use axum::http::StatusCode;
use support::Agent;

const ORDERS: &str = "/api/v1/tenant/orders/replicas";

async fn refused(agent: &Agent, method: &str, uri: &str, body: &str) -> (u16, String, String) {
    let a = agent.call(method, uri, Some(body)).await;
    (
        a.status.as_u16(),
        a.err_code().to_owned(),
        a.message().to_owned(),
    )
}

fn r(status: u16, code: &str, message: &str) -> (u16, String, String) {
    (status, code.to_owned(), message.to_owned())
}

#[tokio::test]
async fn tenant_is_checked_before_the_body() {
    let agent = Agent::new();
    assert_eq!(
        refused(&agent, "POST", "/api/v1/tenant/nope/replicas", "not json").await,
        r(400, "OB.Tenant.NotExist", "Tenant 'nope' does not exist.")
    );
    agent.state.update(|w| {
        w.cluster
            .tenant_mut("orders")
            .map(|t| t.status = "CREATING".into())
    });
    assert_eq!(
        refused(&agent, "DELETE", ORDERS, "{}").await,
        r(
            400,
            "OB.Tenant.StatusNotNormal",
            "Tenant 'orders' status is 'CREATING'."
        )
    );
}

#[tokio::test]
async fn bodies_are_bound_like_gin() {
    let agent = Agent::new();
    assert_eq!(
        refused(&agent, "POST", ORDERS, "{}").await,
        r(
            400,
            "Common.BindJsonFailed",
            "Bind JSON failed: Key: 'ScaleOutTenantReplicasParam.ZoneList' Error:Field validation for 'ZoneList' failed on the 'required' tag"
        )
    );
    assert_eq!(
        refused(&agent, "DELETE", ORDERS, r#"{"zones":"zone1"}"#).await,
        r(400, "Common.BindJsonFailed", "Bind JSON failed: json: cannot unmarshal string into Go struct field ScaleInTenantReplicasParam.zones of type []string")
    );
    // Keys in any case; elements of zone_list are not validated by the binder.
    assert_eq!(
        refused(
            &agent,
            "POST",
            ORDERS,
            r#"{"ZONE_LIST":[{"NAME":"zone3","Unit_Config_Name":"unit_4c16g"}]}"#
        )
        .await,
        r(
            400,
            "OB.Tenant.UnitNum.Invalid",
            "Unit number '0' is invalid: unit num should be greater than 0"
        )
    );
}

#[tokio::test]
async fn add_rules_in_order() {
    let agent = Agent::new();
    let cases = [
        (
            r#"{"zone_list":[]}"#,
            r(400, "OB.Tenant.ZoneList.Empty", "Zone list is empty."),
        ),
        (
            r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1},{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#,
            r(400, "OB.Tenant.Zone.Repeated", "Zone 'zone3' is repeated."),
        ),
        (
            r#"{"zone_list":[{"name":"zone3","unit_num":1}]}"#,
            r(
                400,
                "OB.Resource.UnitConfig.Name.Empty",
                "Unit config name is empty.",
            ),
        ),
        (
            r#"{"zone_list":[{"name":"zone3","replica_type":"LOGONLY","unit_config_name":"unit_4c16g","unit_num":1}]}"#,
            r(
                400,
                "OB.Tenant.Replica.InvalidType",
                "Replica type 'LOGONLY' is not supported",
            ),
        ),
        (
            r#"{"zone_list":[{"name":"zone9","unit_config_name":"unit_4c16g","unit_num":1}]}"#,
            r(400, "OB.Zone.NotExist", "Zone 'zone9' does not exist"),
        ),
        (
            r#"{"zone_list":[{"name":"zone3","unit_config_name":"huge","unit_num":1}]}"#,
            r(
                400,
                "OB.Resource.UnitConfig.NotExist",
                "Unit config 'huge' does not exist.",
            ),
        ),
        (
            r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":3}]}"#,
            r(
                400,
                "OB.Tenant.UnitNum.ExceedsLimit",
                "Unit number '3' is bigger than server number '2' in zone 'zone3'.",
            ),
        ),
        (
            r#"{"zone_list":[{"name":"zone1","unit_config_name":"unit_4c16g","unit_num":1}]}"#,
            r(
                400,
                "OB.Tenant.ZoneAlreadyHasReplica",
                "Zone 'zone1' already has a replica.",
            ),
        ),
        (
            r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":2}]}"#,
            r(
                400,
                "OB.Tenant.UnitNum.Inconsistent",
                "Unit number is inconsistent, should be the same in all zones.",
            ),
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(
            refused(&agent, "POST", ORDERS, body).await,
            expected,
            "{body}"
        );
    }
}

#[tokio::test]
async fn add_region_and_rebalance_rules() {
    let agent = Agent::new();
    // analytics: FULL@zone1, READONLY@zone2, primary zone1 — a replica in shanghai needs two
    // FULL replicas in hangzhou first.
    assert_eq!(
        refused(&agent, "POST", "/api/v1/tenant/analytics/replicas", r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_2c8g","unit_num":1}]}"#).await,
        r(
            400,
            "OB.Tenant.PrimaryRegion.FullReplica.NotEnough",
            "The region hangzhou where the first priority of tenant zone is located needs to have at least 2 F replicas. In fact, there are only 1 full replicas."
        )
    );
    // sys: RANDOM primary zone spans both regions already.
    agent.state.update(|w| {
        let t = w.cluster.tenant_mut("analytics").expect("tenant");
        t.primary_zone = "RANDOM".into();
        t.parameters = vec![("enable_rebalance".into(), "False".into())];
    });
    assert_eq!(
        refused(&agent, "POST", "/api/v1/tenant/analytics/replicas", r#"{"zone_list":[{"name":"zone3","replica_type":"FULL","unit_config_name":"unit_2c8g","unit_num":1}]}"#).await,
        r(400, "OB.Tenant.RebalanceDisabled", "Change first priority zone of locality is not allowed when tenant 'enable_rebalance' is disabled.")
    );
}

#[tokio::test]
async fn add_needs_resources_on_enough_servers() {
    let agent = Agent::new();
    agent.state.update(|w| {
        for s in w
            .cluster
            .zone_mut("zone3")
            .expect("zone")
            .servers
            .iter_mut()
        {
            s.mem_capacity = 8 << 30;
        }
    });
    assert_eq!(
        refused(
            &agent,
            "POST",
            ORDERS,
            r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#
        )
        .await,
        r(
            400,
            "OB.Tenant.ResourceNotEnough",
            "Server 10.0.3.2:2882 MEMORY_SIZE resource not enough."
        )
    );
}

#[tokio::test]
async fn delete_rules_and_no_content() {
    let agent = Agent::new();
    let none = agent
        .call("DELETE", ORDERS, Some(r#"{"zones":["zone3"]}"#))
        .await;
    assert_eq!(
        (none.status, none.body.clone()),
        (StatusCode::NO_CONTENT, serde_json::Value::Null)
    );
    assert_eq!(
        refused(&agent, "DELETE", ORDERS, r#"{"zones":["zone2"]}"#).await,
        r(
            400,
            "OB.Tenant.Locality.PrincipalNotAllowed",
            "Violate locality principal not allowed."
        )
    );
    agent.state.update(|w| {
        w.cluster
            .tenant_mut("orders")
            .map(|t| t.locality = "FULL{1}@zone1".into())
    });
    assert_eq!(
        refused(&agent, "DELETE", ORDERS, r#"{"zones":["zone1"]}"#).await,
        r(
            400,
            "OB.Tenant.OnlyOneReplica",
            "Tenant 'orders' only has one replica"
        )
    );
}

#[tokio::test]
async fn modify_rules_and_no_content() {
    let agent = Agent::new();
    let billing = "/api/v1/tenant/billing/replicas";
    let cases = [
        (
            r#"{"zone_list":[]}"#,
            r(400, "OB.Tenant.ZoneList.Empty", "Zone list is empty."),
        ),
        (
            r#"{"zone_list":[{"zone_name":"zone9"}]}"#,
            r(
                400,
                "OB.Tenant.ZoneWithoutReplica",
                "Zone 'zone9' does not have a replica.",
            ),
        ),
        (
            r#"{"zone_list":[{"zone_name":"zone1","replica_type":"readonly"}]}"#,
            r(
                400,
                "OB.Tenant.Replica.InvalidType",
                "Replica type 'readonly' is not supported",
            ),
        ),
        (
            r#"{"zone_list":[{"zone_name":"zone1","unit_num":1}]}"#,
            r(
                500,
                "OB.Tenant.ModifyUnitNumPartially",
                "Cannot modify unit number partially.",
            ),
        ),
        (
            r#"{"zone_list":[{"zone_name":"zone1","unit_num":1},{"zone_name":"zone2","unit_num":1},{"zone_name":"zone3","unit_num":1}]}"#,
            r(
                400,
                "OB.Tenant.RebalanceDisabled",
                "modify unit num is not allowed when tenant 'enable_rebalance' is disabled.",
            ),
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(
            refused(&agent, "PATCH", billing, body).await,
            expected,
            "{body}"
        );
    }
    let same = agent.call("PATCH", billing, Some(r#"{"zone_list":[{"zone_name":"zone1","replica_type":"FULL","unit_config_name":"unit_2c8g","unit_num":2}]}"#)).await;
    assert_eq!(same.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn one_dag_per_tenant_and_none_beside_a_cluster_dag() {
    let agent = Agent::new();
    let body = r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    let created = agent.call("POST", ORDERS, Some(body)).await;
    assert_eq!(created.status, StatusCode::OK);
    let dag = &created.body["data"];
    assert_eq!(
        (
            dag["state"].as_str(),
            dag["operator"].as_str(),
            dag["stage"].as_i64()
        ),
        (Some("READY"), Some("RUN"), Some(1))
    );
    assert_eq!(
        (
            dag["max_stage"].as_i64(),
            dag["maintenance_type"].as_i64(),
            dag["maintenance_key"].as_str()
        ),
        (Some(2), Some(3), Some("orders"))
    );
    assert!(dag["nodes"].is_null());
    assert_eq!(
        refused(&agent, "PATCH", ORDERS, r#"{"zone_list":[{"zone_name":"zone1","unit_config_name":"unit_2c8g"}]}"#).await,
        r(500, "OB.Tenant.UnderMaintenance", "Create task 'Modify tenant replicas' failed: Tenant 'orders' is under maintenance, please try again later.")
    );
    // Another tenant may change at the same time.
    let other = agent
        .call(
            "PATCH",
            "/api/v1/tenant/billing/replicas",
            Some(r#"{"zone_list":[{"zone_name":"zone1","unit_config_name":"unit_4c16g"}]}"#),
        )
        .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    // A cluster-wide DAG waits for both.
    let scale = agent.scale_out("10.0.4.1", "zone1").await;
    assert_eq!(
        (scale.status.as_u16(), scale.err_code(), scale.message()),
        (500, "OB.Cluster.UnderMaintenanceWithDag", "Create task 'Cluster scale out' failed: OceanBase cluster is under maintenance by DAG: Modify tenant replicas, please try again later")
    );
}

#[tokio::test]
async fn a_locality_the_agent_cannot_read_is_its_unexpected_format() {
    let agent = Agent::new();
    agent.state.update(|w| {
        w.cluster
            .tenant_mut("orders")
            .map(|t| t.locality = "FULL{1}@zone1, FULL".into())
    });
    assert_eq!(
        refused(&agent, "DELETE", ORDERS, r#"{"zones":["zone2"]}"#).await,
        r(
            500,
            "OB.Tenant.Locality.Format.Unexpected",
            "Unexpected locality format: FULL{1}@zone1, FULL."
        )
    );
}
