//! The dashboard routes by version (docs/protocol/obshell.md §4.12, §7): absent before the
//! version that added each, answering as that version's unknown route or, for a fixed
//! `/tenant/<word>` path, as `/tenant/:name` does; and each version's shape and words.

mod support;

use axum::http::StatusCode;
use obshell_protocol::obshell::version::AgentVersion;
use obshell_sim::obshell::AgentConfig;
use serde_json::json;
use support::Agent;

fn at(a: u16, b: u16, c: u16, d: u16) -> Agent {
    Agent::with_config(AgentConfig::of_version(AgentVersion::new(a, b, c, d)))
}

fn error(answer: &support::Answer) -> (u16, serde_json::Value) {
    (answer.status.as_u16(), answer.body["error"].clone())
}

#[tokio::test]
async fn before_4_3_0_the_routes_are_unknown_and_fixed_paths_are_tenant_names() {
    let v426 = at(4, 2, 6, 0);
    let unknown = json!({"code": 1000, "message": "Bad request: 404 not found"});
    for uri in [
        "/api/v1/obcluster/statistics",
        "/api/v1/tenant/orders/precheck",
        "/api/v1/tenant/orders/compaction",
    ] {
        assert_eq!(error(&v426.get(uri).await), (400, unknown.clone()), "{uri}");
    }
    for word in ["top-compactions", "top-slow-sqls", "support-templates"] {
        let a = v426.get(&format!("/api/v1/tenant/{word}")).await;
        assert_eq!(
            error(&a),
            (
                400,
                json!({"code": 1000, "message": format!("Bad request: Tenant '{word}' is not exist.")})
            ),
            "{word}"
        );
    }
}

#[tokio::test]
async fn templates_came_with_4_3_2_and_topology_with_4_4_1() {
    for (agent, templates) in [(at(4, 3, 1, 0), false), (at(4, 3, 2, 0), true)] {
        let a = agent.get("/api/v1/tenant/support-templates").await;
        assert_eq!(a.status == StatusCode::OK, templates, "{:?}", a.body);
        if !templates {
            assert_eq!(a.err_code(), "OB.Tenant.NotExist");
        }
    }
    let v440 = at(4, 4, 0, 0).get("/api/v1/obcluster/topology/info").await;
    assert_eq!(
        (v440.status.as_u16(), v440.err_code()),
        (404, "Common.NotFound")
    );
    let v441 = at(4, 4, 1, 0).get("/api/v1/obcluster/topology/info").await;
    assert_eq!(v441.status, StatusCode::OK);
}

#[tokio::test]
async fn statistics_gained_the_telemetry_flag_and_a_lower_case_name_in_4_4_0() {
    let old = at(4, 3, 2, 0)
        .get("/api/v1/obcluster/statistics")
        .await
        .body["data"]
        .clone();
    assert!(old.get("telemetryEnabled").is_none());
    assert_eq!(old["obshellVersion"], "OBShell 4.3.2.0 (for OceanBase_CE)");
    let new = at(4, 4, 0, 0)
        .get("/api/v1/obcluster/statistics")
        .await
        .body["data"]
        .clone();
    assert_eq!(new["telemetryEnabled"], true);
    assert_eq!(new["obshellVersion"], "obshell 4.4.0.0 (for OceanBase_CE)");
}

#[tokio::test]
async fn tenant_stats_carry_their_totals_from_4_4_2() {
    for (agent, totals) in [
        (at(4, 3, 0, 0), false),
        (at(4, 4, 1, 0), false),
        (at(4, 4, 2, 0), true),
    ] {
        let info = agent.get("/api/v1/obcluster/info").await.body["data"].clone();
        let first = &info["tenant_stats"][0];
        assert!(first["data_disk_usage"].as_i64().unwrap_or_default() > 0);
        assert_eq!(first.get("cpu_core_total").is_some(), totals);
        assert_eq!(first.get("memory_in_bytes_total").is_some(), totals);
        let server = &info["zones"][0]["servers"][0]["stats"];
        assert!(server["disk_in_bytes_used"].as_i64().unwrap_or_default() > 0);
    }
}

#[tokio::test]
async fn the_old_agents_words_for_the_tenant_checks() {
    let v430 = at(4, 3, 0, 0);
    assert_eq!(
        error(&v430.get("/api/v1/tenant/nope/precheck").await),
        (
            400,
            json!({"code": 1000, "message": "Bad request: Tenant 'nope' not exists."})
        )
    );
    v430.state.update(|w| {
        if let Some(t) = w.cluster.tenant_mut("orders") {
            t.locked = true;
        }
    });
    assert_eq!(
        error(&v430.get("/api/v1/tenant/orders/precheck").await),
        (
            500,
            json!({"code": 1010, "message": "Known error: Tenant has been locked."})
        )
    );
    v430.state.update(|w| {
        for zone in &mut w.cluster.zones {
            for server in &mut zone.servers {
                server.status = "INACTIVE".to_owned();
            }
        }
    });
    assert_eq!(
        error(&v430.get("/api/v1/tenant/logs/precheck").await),
        (
            500,
            json!({"code": 1002, "message": "Unexpected error: get execute agent failed: tenant is not active"})
        )
    );
    assert_eq!(
        error(&v430.get("/api/v1/tenant/top-compactions?limit=x").await),
        (
            400,
            json!({"code": 1001, "message": "Illegal argument: Invalid top value."})
        )
    );
    assert_eq!(
        error(&v430.get("/api/v1/tenant/top-slow-sqls").await),
        (
            400,
            json!({"code": 1001, "message": "Illegal argument: start_time is required."})
        )
    );
    let missing = v430.get("/api/v1/tenant/nope/compaction").await;
    assert_eq!(
        error(&missing),
        (
            400,
            json!({"code": 1000, "message": "Bad request: Tenant 'nope' is not exist."})
        )
    );
    assert_eq!(missing.body["data"], serde_json::Value::Null);
    assert!(
        missing.body.get("data").is_some(),
        "the executor's nil result"
    );
}

#[tokio::test]
async fn the_wrappers_failure_words_follow_the_version() {
    for (agent, words) in [
        (at(4, 3, 1, 0), "check tenant 'orders' exist failed"),
        (at(4, 3, 2, 0), "get tenant 'orders' info failed"),
    ] {
        agent.state.set_ob_down(true);
        let a = agent.get("/api/v1/tenant/orders/precheck").await;
        assert_eq!(
            a.message(),
            format!("{words}: Observer process does not exist")
        );
    }
    // The compaction route: the executor's words before 4.4.0 (with its nil result), the
    // wrapper's from 4.4.0.
    for (agent, words, data) in [
        (at(4, 3, 2, 0), "Get tenant failed", true),
        (at(4, 4, 0, 0), "check tenant 'orders' exist failed", false),
    ] {
        agent.state.set_ob_down(true);
        let a = agent.get("/api/v1/tenant/orders/compaction").await;
        assert_eq!(
            a.message(),
            format!("{words}: Observer process does not exist")
        );
        assert_eq!(a.body.get("data").is_some(), data);
    }
}
