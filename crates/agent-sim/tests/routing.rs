//! How the simulated agent picks a route, as gin does (docs/protocol/obshell.md §4.12, §8): a
//! fixed `/tenant/<word>` path before `/tenant/:name`, with the fall-back to the name; an escaped
//! slash splitting a segment.

mod support;

use axum::http::StatusCode;
use support::{Agent, Answer};

fn refusal(a: &Answer) -> (u16, &str, &str) {
    (a.status.as_u16(), a.err_code(), a.message())
}

#[tokio::test]
async fn fixed_paths_win_over_a_tenant_name_and_fall_back_to_it() {
    let agent = Agent::new();
    for uri in [
        "/api/v1/tenant/top-compactions",
        "/api/v1/tenant/support-templates",
    ] {
        let a = agent.call("GET", uri, None).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {:?}", a.body);
        assert!(a.body["data"]["contents"].is_array(), "{uri}");
    }
    // Deeper paths are a tenant's routes again, as gin's tree backtracks to `:name`.
    for (uri, name) in [
        ("/api/v1/tenant/top-compactions/precheck", "top-compactions"),
        ("/api/v1/tenant/top-slow-sqls/compaction", "top-slow-sqls"),
        ("/api/v1/tenant/top-compactionsX", "top-compactionsX"),
    ] {
        let a = agent.call("GET", uri, None).await;
        assert_eq!(
            refusal(&a),
            (
                400,
                "OB.Tenant.NotExist",
                format!("Tenant '{name}' does not exist.").as_str()
            ),
            "{uri}"
        );
    }
    let replicas = agent
        .call(
            "POST",
            "/api/v1/tenant/top-compactions/replicas",
            Some(r#"{"zone_list":[]}"#),
        )
        .await;
    assert_eq!(replicas.err_code(), "OB.Tenant.NotExist");
}

/// gin routes on the decoded path: an escaped slash in a name splits it into segments, so the
/// target is another route (or none), while the signature still covers the target as sent.
#[tokio::test]
async fn an_escaped_slash_splits_the_segment_as_gin_routes() {
    let agent = Agent::new();
    let split = agent
        .call(
            "GET",
            "/api/v1/tenant/billing%2Fparameter%2Fenable_rebalance",
            None,
        )
        .await;
    assert_eq!(split.status, StatusCode::OK, "{:?}", split.body);
    assert_eq!(split.body["data"]["value"], "False");
    let none = agent.call("GET", "/api/v1/tenant/a%2Fb", None).await;
    assert_eq!(
        (none.status.as_u16(), none.err_code()),
        (404, "Common.NotFound")
    );
    // Any other escape stays inside the name.
    let other = agent.call("GET", "/api/v1/tenant/a%23b", None).await;
    assert_eq!(
        refusal(&other),
        (400, "OB.Tenant.NotExist", "Tenant 'a#b' does not exist.")
    );
}
