//! `GET /api/v1/tenant/support-templates` (docs/protocol/obshell.md §4.12): the workload scenarios
//! the installed OceanBase has parameter templates for, a fixed path gin matches before
//! `/tenant/:name` (4.3.2.0 and later; before, that route takes it for a tenant's name).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::model::dashboard::ParameterTemplate;
use obshell_protocol::obshell::Contents;

use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::state::AppState;

/// The routes of this file; `super::dashboard` adds them from the version that has them.
pub fn routes() -> Router<AppState> {
    Router::new().route("/tenant/support-templates", get(templates))
}

/// The agent's descriptions, English and Chinese, as it sends them.
const SCENARIOS: [(&str, &str, &str); 5] = [
    (
        "EXPRESS_OLTP",
        "for workloads like trade, payment core system, internet high throughput application, etc. no restrictions like foreign key, no stored procedure, no long transaction, no large transaction, no complex join, no complex subquery",
        "适用于贸易、支付核心系统、互联网高吞吐量应用程序等工作负载。没有外键等限制，没有存储过程，没有长交易，没有大交易，没有复杂的连接，没有复杂的子查询",
    ),
    (
        "COMPLEX_OLTP",
        "for workloads like bank, insurance system. they often have complex join, complex correlated subquery, batch jobs written in PL, have both long and large transactions. Sometimes use parallel execution for short running queries",
        "适用于银行、保险系统等工作负载。它们通常具有复杂的联接、复杂的相关子查询、用 PL 编写的批处理作业，以及长事务和大事务。有时对短时间运行的查询使用并行执行",
    ),
    (
        "OLAP",
        "for real-time data warehouse analytics scenarios.",
        "用于实时数据仓库分析场景",
    ),
    (
        "HTAP",
        "for mixed OLAP and OLTP workload. Typically utilized for obtaining instant insights from active operational data, fraud detection, and personalized recommendations",
        "适用于混合 OLAP 和 OLTP 工作负载。通常用于从活动运营数据、欺诈检测和个性化建议中获取即时见解",
    ),
    (
        "KV",
        "for key-value workloads and hbase-like wide-column workloads, which commonly experience very high throughput and are sensitive to latency",
        "用于键值工作负载和类似 hbase 的宽列工作负载，这些工作负载通常具有非常高的吞吐量并且对延迟敏感",
    ),
];

/// `GetAllSupportedScenarios`: the descriptions are Chinese only for an `Accept-Language` of
/// exactly `zh-CN` (a list such as `zh-CN,zh;q=0.9` gets English). The agent reads a Go map, so
/// its order changes between calls; the simulator keeps one.
async fn templates(State(_state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let chinese = headers
        .get("accept-language")
        .is_some_and(|v| v.as_bytes() == b"zh-CN");
    let rows = SCENARIOS
        .iter()
        .map(|(scenario, en, zh)| ParameterTemplate {
            scenario: (*scenario).to_owned(),
            description: (*if chinese { zh } else { en }).to_owned(),
        })
        .collect();
    Ok(Reply::data(&Contents::new(rows)))
}
