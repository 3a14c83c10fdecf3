//! Tenants, unit configs, pools and cluster summaries (docs/protocol/obshell.md §4.2–§4.5).

mod support;

use axum::http::StatusCode;
use support::Agent;

#[tokio::test]
async fn tenants_overview_detail_and_parameter() {
    let agent = Agent::new();
    let all = agent.call("GET", "/api/v1/tenants/overview", None).await;
    let names: Vec<&str> = all.body["data"]["contents"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|t| t["tenant_name"].as_str())
        .collect();
    assert_eq!(names, ["sys", "orders", "billing", "logs", "analytics"]);
    let oracle = agent
        .call("GET", "/api/v1/tenants/overview?mode=ORACLE", None)
        .await;
    assert_eq!(
        oracle.body["data"]["contents"].as_array().map(Vec::len),
        Some(1)
    );
    let bad = agent
        .call("GET", "/api/v1/tenants/overview?mode=PG", None)
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.err_code(), bad.message()),
        (
            400,
            "OB.Tenant.Mode.NotSupported",
            "Tenant mode 'PG' is not supported."
        )
    );
    let info = agent.call("GET", "/api/v1/tenant/billing", None).await.body["data"].clone();
    assert_eq!(
        info["locality"],
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3"
    );
    assert_eq!(info["pools"][0]["unit_num"], 2);
    assert_eq!(info["pools"][0]["unit_config"]["name"], "unit_2c8g");
    assert_eq!(
        info["pools"][0]["observer_list"],
        "10.0.1.1:2882,10.0.1.2:2882"
    );
    let p = agent
        .call(
            "GET",
            "/api/v1/tenant/billing/parameter/enable_rebalance",
            None,
        )
        .await;
    assert_eq!(p.body["data"]["value"], "False");
    let missing = agent
        .call("GET", "/api/v1/tenant/billing/parameter/nope", None)
        .await;
    assert_eq!(missing.err_code(), "OB.Tenant.Parameter.NotExist");
    let unknown = agent.call("GET", "/api/v1/tenant/nope", None).await;
    assert_eq!(
        (unknown.status.as_u16(), unknown.message()),
        (400, "Tenant 'nope' does not exist.")
    );
}

#[tokio::test]
async fn unit_configs() {
    let agent = Agent::new();
    let create = |body: &'static str| agent.call("POST", "/api/v1/unit/config", Some(body));
    let ok = create(r#"{"name":"u1","memory_size":"4GB","max_cpu":2,"log_disk_size":"12g"}"#).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.body.get("data").is_none());
    let u1 = agent.call("GET", "/api/v1/unit/config/u1", None).await.body["data"].clone();
    assert_eq!(
        (
            u1["memory_size"].as_i64(),
            u1["log_disk_size"].as_i64(),
            u1["min_cpu"].as_f64()
        ),
        (Some(4 << 30), Some(12 << 30), Some(2.0))
    );
    let cases = [
        (r#"{"name":"u1","memory_size":"4G","max_cpu":2}"#, "OB.Resource.UnitConfig.Existed", "Unit config 'u1' already exists"),
        (r#"{"name":"","memory_size":"4G","max_cpu":2}"#, "OB.Resource.UnitConfig.Name.Empty", "Unit config name is empty."),
        (r#"{"name":"u2","memory_size":"4.5G","max_cpu":2}"#, "Common.IllegalArgument", "The input parameter 'memory_size' is illegal: 4.5G"),
        (r#"{"name":"u2","memory_size":"4G","max_cpu":0.5}"#, "Common.IllegalArgument", "The input parameter 'max_cpu' is illegal: min value is 1."),
        (r#"{"name":"u2","memory_size":"4G","max_cpu":2,"min_cpu":3}"#, "Common.IllegalArgument", "The input parameter 'min_cpu' is illegal: min_cpu should not be greater than max_cpu."),
        (r#"{"name":"u2","memory_size":"1G","max_cpu":2}"#, "MySQL.Error", "Error 1235 (0A000): unit MEMORY_SIZE less than __min_full_resource_pool_memory not supported"),
        (r#"{"name":"u2","memory_size":"4G"}"#, "Common.BindJsonFailed", "Bind JSON failed: Key: 'CreateResourceUnitConfigParams.MaxCpu' Error:Field validation for 'MaxCpu' failed on the 'required' tag"),
    ];
    for (body, code, message) in cases {
        let a = agent.call("POST", "/api/v1/unit/config", Some(body)).await;
        assert_eq!(
            (a.status.as_u16(), a.err_code(), a.message()),
            (400, code, message),
            "{body}"
        );
    }
    let in_use = agent
        .call("DELETE", "/api/v1/unit/config/unit_2c8g", None)
        .await;
    assert_eq!(in_use.err_code(), "MySQL.Error");
    assert_eq!(
        agent
            .call("DELETE", "/api/v1/unit/config/u1", None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        agent
            .call("DELETE", "/api/v1/unit/config/u1", None)
            .await
            .status,
        StatusCode::OK,
        "idempotent"
    );
    let gone = agent.call("GET", "/api/v1/unit/config/u1", None).await;
    assert_eq!(gone.err_code(), "OB.Resource.UnitConfig.NotExist");
}

#[tokio::test]
async fn pools_and_cluster_summaries() {
    let agent = Agent::new();
    let pools =
        agent.call("GET", "/api/v1/resource-pools", None).await.body["data"]["contents"].clone();
    let first = &pools[0];
    assert!(
        first.get("UnitCount").is_some() && first.get("CreateTime").is_some(),
        "capitalised keys, as the agent sends them"
    );
    let granted = agent
        .call("DELETE", "/api/v1/resource-pool/orders_pool_zone1", None)
        .await;
    assert_eq!(
        (granted.err_code(), granted.message()),
        (
            "OB.Resource.Pool.Granted",
            "Resource pool 'orders_pool_zone1' has already been granted to a tenant."
        )
    );
    let info = agent.call("GET", "/api/v1/obcluster/info", None).await.body["data"].clone();
    let regions: Vec<&str> = info["zones"]
        .as_array()
        .expect("zones")
        .iter()
        .filter_map(|z| z["region_name"].as_str())
        .collect();
    assert_eq!(regions, ["hangzhou", "hangzhou", "shanghai"]);
    assert_eq!(
        info["zones"][0]["servers"].as_array().map(Vec::len),
        Some(2)
    );
    assert!(
        info["stats"]["memory_in_bytes_assigned"]
            .as_i64()
            .unwrap_or_default()
            > 0
    );
    let limit = agent
        .call("GET", "/api/v1/obcluster/unit-config-limit", None)
        .await
        .body["data"]
        .clone();
    assert_eq!(limit["min_cpu"], 1);
    let status = agent.call("GET", "/api/v1/agents/status", None).await.body["data"].clone();
    assert_eq!(status.as_object().map(|o| o.len()), Some(6));
}

#[tokio::test]
async fn the_default_log_disk_cannot_overflow() {
    let agent = Agent::new();
    let created = agent
        .call(
            "POST",
            "/api/v1/unit/config",
            Some(r#"{"name":"huge","memory_size":"4000P","max_cpu":1}"#),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let unit = agent.call("GET", "/api/v1/unit/config/huge", None).await;
    assert_eq!(unit.body["data"]["log_disk_size"], i64::MAX);
    let normal = agent
        .call(
            "POST",
            "/api/v1/unit/config",
            Some(r#"{"name":"u4g","memory_size":"4G","max_cpu":1}"#),
        )
        .await;
    assert_eq!(normal.status, StatusCode::OK);
    let unit = agent.call("GET", "/api/v1/unit/config/u4g", None).await;
    assert_eq!(unit.body["data"]["log_disk_size"], 12_i64 << 30);
}
