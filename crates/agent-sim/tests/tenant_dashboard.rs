//! The tenant routes the agent's dashboard calls (docs/protocol/obshell.md §4.12): precheck,
//! compaction, the longest compactions, slow SQL and templates; the checks in the agent's order
//! (which path wins over a tenant's name: `routing.rs`).

mod support;

use axum::http::{Request, StatusCode};
use chrono::Duration;
use obshell_protocol::obshell::model::dashboard::{
    TenantCompaction, TenantCompactionHistory, TenantPrecheck,
};
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::Contents;
use obshell_sim::obshell::AgentConfig;
use serde_json::{json, Value};
use support::{Agent, Answer};

fn refusal(a: &Answer) -> (u16, &str, &str) {
    (a.status.as_u16(), a.err_code(), a.message())
}

async fn precheck(agent: &Agent, tenant: &str, body: Option<&str>) -> Answer {
    let uri = format!("/api/v1/tenant/{tenant}/precheck");
    agent.call("GET", &uri, body).await
}

fn checked(a: &Answer) -> TenantPrecheck {
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    serde_json::from_value(a.body["data"].clone()).expect("TenantPrecheck")
}

fn result(connectable: bool, password_exists: bool, empty: bool) -> TenantPrecheck {
    TenantPrecheck {
        is_connectable: connectable,
        is_password_exists: password_exists,
        is_empty_root_password: empty,
    }
}

#[tokio::test]
async fn precheck_says_whether_the_agent_can_log_in_to_the_tenant() {
    let agent = Agent::new();
    // `sys` is the agent's own connection; no password reached the check.
    assert_eq!(
        checked(&precheck(&agent, "sys", None).await),
        result(true, true, false)
    );
    // Other tenants get the password the agent keeps: "exists" reads false.
    assert_eq!(
        checked(&precheck(&agent, "orders", None).await),
        result(true, false, false)
    );
    assert_eq!(
        checked(&precheck(&agent, "logs", None).await),
        result(true, false, true)
    );
    let wrong = precheck(&agent, "orders", Some(r#"{"root_password":"guess"}"#)).await;
    assert_eq!(checked(&wrong), result(false, false, false));
    let right = precheck(&agent, "orders", Some(r#"{"root_password":"Orders#2026"}"#)).await;
    assert_eq!(checked(&right), result(true, false, false));
    let none = precheck(&agent, "orders", Some(r#"{"root_password":null}"#)).await;
    assert_eq!(checked(&none), result(false, true, false));
    let typed = precheck(&agent, "orders", Some(r#"{"root_password":1}"#)).await;
    assert_eq!(
        (typed.status.as_u16(), typed.err_code()),
        (400, "Common.BindJsonFailed")
    );
}

#[tokio::test]
async fn precheck_checks_identity_then_the_tenant_then_its_lock_and_servers() {
    let agent = Agent::new();
    assert_eq!(
        refusal(&precheck(&agent, "nope", None).await),
        (400, "OB.Tenant.NotExist", "Tenant 'nope' does not exist.")
    );
    agent.state.update(|w| {
        if let Some(t) = w.cluster.tenant_mut("orders") {
            t.locked = true;
        }
    });
    let locked = precheck(&agent, "orders", None).await;
    assert_eq!(
        refusal(&locked),
        (400, "OB.Tenant.Locked", "Tenant orders is locked")
    );
    assert!(locked.body.get("data").is_none());
    // `logs` has its one unit on 10.0.1.1 (the first server of zone1).
    agent.state.update(|w| {
        for zone in &mut w.cluster.zones {
            for server in &mut zone.servers {
                server.status = "INACTIVE".to_owned();
            }
        }
    });
    assert_eq!(
        refusal(&precheck(&agent, "logs", None).await),
        (
            400,
            "OB.Tenant.NoActiveServer",
            "get execute agent failed: Tenant 'logs' has no active server."
        )
    );
    assert!(checked(&precheck(&agent, "sys", None).await).is_connectable);
    agent.state.set_ob_down(true);
    assert_eq!(
        refusal(&precheck(&agent, "logs", None).await),
        (
            500,
            "OB.Server.Process.NotExist",
            "get tenant 'logs' info failed: Observer process does not exist"
        )
    );
    let single = Agent::with_config(AgentConfig {
        identity: AgentIdentity::Single,
        ..AgentConfig::default()
    });
    assert_eq!(
        precheck(&single, "nope", None).await.err_code(),
        "Agent.Identify.NotSupportOperation"
    );
}

#[tokio::test]
async fn compaction_is_the_tenants_last_daily_round() {
    let agent = Agent::new();
    let answer = agent
        .call("GET", "/api/v1/tenant/orders/compaction", None)
        .await;
    let c: TenantCompaction =
        serde_json::from_value(answer.body["data"].clone()).expect("TenantCompaction");
    let info = agent.call("GET", "/api/v1/tenant/orders", None).await.body["data"].clone();
    assert_eq!(json!(c.tenant_id), info["tenant_id"]);
    assert_eq!(c.status, "IDLE");
    assert_eq!(
        (c.global_broadcast_scn, c.last_scn),
        (c.frozen_scn, c.frozen_scn)
    );
    let frozen = chrono::DateTime::parse_from_rfc3339(&c.frozen_time).expect("time");
    assert_eq!(
        c.frozen_scn,
        frozen.timestamp_nanos_opt().unwrap_or_default()
    );
    assert_eq!(c.start_time, c.frozen_time);
    let finished = chrono::DateTime::parse_from_rfc3339(&c.last_finish_time).expect("time");
    assert!(finished > frozen, "the round ended after it began");
    assert_eq!((c.is_error.as_str(), c.is_suspended.as_str()), ("NO", "NO"));
    // The test clock starts at midnight UTC; the next freeze is at 18:00 UTC.
    agent
        .clock
        .advance(Duration::hours(18) + Duration::seconds(5));
    let running: TenantCompaction = serde_json::from_value(
        agent
            .call("GET", "/api/v1/tenant/orders/compaction", None)
            .await
            .body["data"]
            .clone(),
    )
    .expect("TenantCompaction");
    assert_eq!(running.status, "COMPACTING");
    assert_eq!(running.last_scn, c.frozen_scn, "yesterday's round");
    assert!(running.frozen_scn > c.frozen_scn);
    assert_eq!(running.last_finish_time, c.last_finish_time);
}

#[tokio::test]
async fn compaction_refusals_come_in_the_agents_order() {
    let agent = Agent::new();
    let unknown = agent
        .call("GET", "/api/v1/tenant/nope/compaction", None)
        .await;
    assert_eq!(
        refusal(&unknown),
        (400, "OB.Tenant.NotExist", "Tenant 'nope' does not exist.")
    );
    assert!(
        unknown.body.get("data").is_none(),
        "refused by the route's wrapper"
    );
    let empty = agent.call("GET", "/api/v1/tenant//compaction", None).await;
    assert_eq!(empty.err_code(), "OB.Tenant.Name.Empty");
    agent.state.set_ob_down(true);
    assert_eq!(
        refusal(
            &agent
                .call("GET", "/api/v1/tenant/orders/compaction", None)
                .await
        ),
        (
            500,
            "OB.Server.Process.NotExist",
            "check tenant 'orders' exist failed: Observer process does not exist"
        )
    );
}

async fn top(agent: &Agent, query: &str) -> Answer {
    agent
        .call(
            "GET",
            &format!("/api/v1/tenant/top-compactions{query}"),
            None,
        )
        .await
}

fn rows(a: &Answer) -> Vec<TenantCompactionHistory> {
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let list: Contents<TenantCompactionHistory> =
        serde_json::from_value(a.body["data"].clone()).expect("contents");
    list.into_vec()
}

#[tokio::test]
async fn top_compactions_is_a_fixed_path_longest_rounds_first() {
    let agent = Agent::new();
    let three = rows(&top(&agent, "").await);
    assert_eq!(three.len(), 3, "three by default");
    assert_eq!(
        rows(&top(&agent, "?limit=0").await).len(),
        3,
        "0 is the default too"
    );
    let all = rows(&top(&agent, "?limit=10").await);
    assert_eq!(all.len(), 5, "every tenant");
    assert!(all.windows(2).all(|w| w[0].cost_time >= w[1].cost_time));
    assert_eq!(all[..3], three[..]);
    for row in &all {
        let c = agent
            .call(
                "GET",
                &format!("/api/v1/tenant/{}/compaction", row.tenant_name),
                None,
            )
            .await;
        assert_eq!(json!(row.tenant_id), c.body["data"]["tenant_id"]);
        assert_eq!(json!(row.start_time), c.body["data"]["start_time"]);
    }
    assert_eq!(rows(&top(&agent, "?limit=-0").await), []);
    assert_eq!(
        refusal(&top(&agent, "?limit=three").await),
        (
            400,
            "Request.Query.Param.Illegal",
            "Query parameter 'limit' is illegal"
        )
    );
    let negative = top(&agent, "?limit=-1").await;
    assert_eq!(
        refusal(&negative),
        (
            500,
            "Common.Unexpected",
            "Unexpected error: Internal Server Error"
        )
    );
    agent.state.set_ob_down(true);
    let down = top(&agent, "").await;
    assert_eq!(down.err_code(), "OB.Server.Process.NotExist");
    assert_eq!(down.body["data"], json!({"contents": null}));
}

#[tokio::test]
async fn slow_sql_ranking_checks_limit_then_the_window() {
    let agent = Agent::new();
    let window = "start_time=2026-01-01T00:00:00Z&end_time=2026-01-01T08:00:00%2B08:00";
    let ok = agent
        .call(
            "GET",
            &format!("/api/v1/tenant/top-slow-sqls?{window}"),
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body["data"], json!({"contents": []}));
    for (query, answer) in [
        (
            "limit=x&start_time=bad",
            (
                "Request.Query.Param.Illegal",
                "Query parameter 'limit' is illegal",
            ),
        ),
        (
            "end_time=bad",
            (
                "Request.Query.Param.Empty",
                "Query parameter 'start_time' is empty",
            ),
        ),
        (
            "start_time=2026-01-01%2000:00:00Z",
            (
                "Request.Query.Param.Illegal",
                "Query parameter 'start_time' is illegal",
            ),
        ),
        // An unescaped `+` is a space in a query.
        (
            "start_time=2026-01-01T00:00:00Z&end_time=2026-01-01T08:00:00+08:00",
            (
                "Request.Query.Param.Illegal",
                "Query parameter 'end_time' is illegal",
            ),
        ),
    ] {
        let a = agent
            .call(
                "GET",
                &format!("/api/v1/tenant/top-slow-sqls?{query}"),
                None,
            )
            .await;
        assert_eq!(
            (a.status.as_u16(), a.err_code(), a.message()),
            (400, answer.0, answer.1),
            "{query}"
        );
    }
    agent.state.set_ob_down(true);
    let down = agent
        .call(
            "GET",
            &format!("/api/v1/tenant/top-slow-sqls?{window}"),
            None,
        )
        .await;
    assert_eq!(down.body["data"], json!({"contents": null}));
}

#[tokio::test]
async fn templates_speak_chinese_only_to_exactly_zh_cn() {
    let agent = Agent::new();
    let uri = "/api/v1/tenant/support-templates";
    let ask = |lang: &'static str| {
        let header = agent.header(support::PASSWORD, agent.now() + 60, uri, None);
        Request::get(uri)
            .header("X-OCS-Header", header)
            .header("Accept-Language", lang)
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let first = |a: &Answer| a.body["data"]["contents"][0].clone();
    let zh = agent.send(ask("zh-CN")).await;
    let listed = agent.send(ask("zh-CN,zh;q=0.9")).await;
    let scenarios: Vec<Value> = zh.body["data"]["contents"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["scenario"].clone())
        .collect();
    assert_eq!(
        scenarios,
        ["EXPRESS_OLTP", "COMPLEX_OLTP", "OLAP", "HTAP", "KV"].map(|s| json!(s))
    );
    assert!(!first(&zh)["description"]
        .as_str()
        .unwrap_or_default()
        .is_ascii());
    assert!(first(&listed)["description"]
        .as_str()
        .unwrap_or_default()
        .is_ascii());
}

#[tokio::test]
async fn every_dashboard_route_needs_authentication() {
    let agent = Agent::new();
    for uri in [
        "/api/v1/obcluster/statistics",
        "/api/v1/obcluster/topology/info",
        "/api/v1/tenant/orders/precheck",
        "/api/v1/tenant/orders/compaction",
        "/api/v1/tenant/top-compactions",
        "/api/v1/tenant/top-slow-sqls",
        "/api/v1/tenant/support-templates",
    ] {
        let bare = agent.get_plain(uri).await;
        assert_eq!(
            (bare.status.as_u16(), bare.err_code()),
            (400, "Request.Header.NotFound"),
            "{uri}"
        );
        let wrong = agent.get_with(uri, "nope", agent.now() + 60).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{uri}");
    }
}
