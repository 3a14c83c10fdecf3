//! `Accept-Language`: from 4.3.1 the agent's response middleware (`PostHandlers`) rewrites an
//! error's message in the language the header names, read as ONE language tag; code, status and
//! trace id stay as they were. Older agents ignore the header.

mod support;

use axum::body::Body;
use axum::http::Request;
use obshell_protocol::obshell::version::AgentVersion;
use obshell_sim::obshell::AgentConfig;
use serde_json::json;
use support::{Agent, Answer, PASSWORD};

const NOPE: &str = "/api/v1/tenant/nope/replicas";
const ORDERS: &str = "/api/v1/tenant/orders/replicas";
const ADD_ZONE3: &str =
    r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
const TRACE: &str = "0123456789abcdef";

fn at(a: u16, b: u16, c: u16, d: u16) -> Agent {
    Agent::with_config(AgentConfig::of_version(AgentVersion::new(a, b, c, d)))
}

/// A signed call with the payload encrypted, a fixed trace id and, when given, `Accept-Language`.
async fn call_in(
    agent: &Agent,
    language: Option<&str>,
    method: &str,
    uri: &str,
    json: Option<&str>,
) -> Answer {
    let (header, body) = match json {
        Some(j) => {
            let (h, b) = agent.sealed(PASSWORD, uri, j);
            (h, Body::from(b))
        }
        None => (
            agent.header(PASSWORD, agent.now() + 60, uri, None),
            Body::empty(),
        ),
    };
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("X-OCS-Header", header)
        .header("X-OBSHELL-Trace-ID", TRACE);
    if let Some(language) = language {
        request = request.header("Accept-Language", language);
    }
    agent.send(request.body(body).expect("request")).await
}

/// Status, errCode and message of a refusal.
fn refusal(answer: &Answer) -> (u16, String, String) {
    (
        answer.status.as_u16(),
        answer.err_code().to_owned(),
        answer.message().to_owned(),
    )
}

fn r(status: u16, code: &str, message: &str) -> (u16, String, String) {
    (status, code.to_owned(), message.to_owned())
}

#[tokio::test]
async fn a_chinese_tag_gets_the_chinese_message_with_the_same_code_and_trace() {
    let agent = Agent::new();
    for tag in ["zh-CN", "zh", "zh-Hans", "zh-TW", "zh_CN"] {
        let answer = call_in(&agent, Some(tag), "POST", NOPE, Some(ADD_ZONE3)).await;
        assert_eq!(
            refusal(&answer),
            // zh.json has no full stop here.
            r(400, "OB.Tenant.NotExist", "租户 'nope' 不存在"),
            "{tag}"
        );
        assert_eq!(answer.trace_id(), TRACE);
        assert_eq!(answer.code(), None);
        assert_eq!(answer.body["successful"], false);
    }
    // A replica rule, after the tenant check.
    let zone9 = r#"{"zone_list":[{"name":"zone9","unit_config_name":"unit_4c16g","unit_num":1}]}"#;
    assert_eq!(
        refusal(&call_in(&agent, Some("zh-CN"), "POST", ORDERS, Some(zone9)).await),
        r(400, "OB.Zone.NotExist", "zone 'zone9' 不存在")
    );
}

#[tokio::test]
async fn english_no_header_and_lists_give_the_english_message() {
    let agent = Agent::new();
    let english = r(400, "OB.Tenant.NotExist", "Tenant 'nope' does not exist.");
    for language in [
        Some("en-US"),
        Some("en"),
        Some("fr-FR"),
        None,
        Some(""),
        // What browsers send: `language.Parse` reads one tag, so a list is an error and the
        // message stays as built.
        Some("zh-CN,zh;q=0.9"),
        Some("zh-CN,en-US;q=0.8"),
        Some("zh;q=0.9"),
        Some("*"),
    ] {
        let answer = call_in(&agent, language, "POST", NOPE, Some(ADD_ZONE3)).await;
        assert_eq!(refusal(&answer), english, "{language:?}");
        assert_eq!(answer.trace_id(), TRACE);
    }
}

#[tokio::test]
async fn authentication_and_header_failures_are_localised_too() {
    let agent = Agent::new();
    let uri = "/api/v1/ob/info";
    let header = agent.header("wrong", agent.now() + 60, uri, None);
    let wrong = |language: &'static str| {
        let header = header.clone();
        let agent = &agent;
        async move {
            let request = Request::get(uri)
                .header("X-OCS-Header", header)
                .header("Accept-Language", language)
                .body(Body::empty())
                .expect("request");
            agent.send(request).await
        }
    };
    let zh = wrong("zh-CN").await;
    assert_eq!(
        refusal(&zh),
        r(
            401,
            "Security.Authentication.IncorrectOceanbasePassword",
            "认证失败: OceanBase root 密码不正确"
        )
    );
    assert_eq!(zh.code(), Some(10008));
    assert_eq!(
        wrong("en-US").await.message(),
        "Unauthorized: OceanBase password is incorrect"
    );
    // Raised before the trace middleware, still inside the response middleware; the Go error's
    // own words stay English.
    let request = Request::get(uri)
        .header("X-OCS-Header", "!!!!")
        .header("Accept-Language", "zh-CN")
        .body(Body::empty())
        .expect("request");
    let undecryptable = agent.send(request).await;
    assert_eq!(
        undecryptable.err_code(),
        "Security.Authentication.Header.DecryptFailed"
    );
    assert!(
        undecryptable
            .message()
            .starts_with("解密 HTTP 请求头失败：illegal base64 data"),
        "{}",
        undecryptable.message()
    );
}

#[tokio::test]
async fn a_raw_sql_error_gets_its_codes_words_once_a_language_is_asked_for() {
    let agent = Agent::new();
    let body = r#"{"name":"u2","memory_size":"1G","max_cpu":2}"#;
    let sql = "Error 1235 (0A000): unit MEMORY_SIZE less than __min_full_resource_pool_memory not supported";
    for (language, message) in [
        (None, sql.to_owned()),
        (Some("zh-CN,zh;q=0.9"), sql.to_owned()),
        (Some("en-US"), format!("MySQL error: {sql}")),
        (Some("zh-CN"), format!("SQL 执行出错: {sql}")),
    ] {
        let answer = call_in(&agent, language, "POST", "/api/v1/unit/config", Some(body)).await;
        assert_eq!(
            refusal(&answer),
            r(400, "MySQL.Error", &message),
            "{language:?}"
        );
    }
}

#[tokio::test]
async fn wrappers_localise_their_own_words() {
    let agent = Agent::new();
    // The tenant's lock is taken by a running DAG: `WrapRetain(ErrTaskCreateFailed, …)` around
    // the lock's refusal; the DAG's name is an argument and stays English.
    let first = call_in(&agent, None, "POST", ORDERS, Some(ADD_ZONE3)).await;
    assert_eq!(first.status.as_u16(), 200, "{:?}", first.body);
    let modify = r#"{"zone_list":[{"zone_name":"zone1","unit_config_name":"unit_2c8g"}]}"#;
    assert_eq!(
        refusal(&call_in(&agent, Some("zh-CN"), "PATCH", ORDERS, Some(modify)).await),
        r(
            500,
            "OB.Tenant.UnderMaintenance",
            "创建任务 'Modify tenant replicas' 失败: 租户 'orders' 处于运维状态中"
        )
    );
    assert_eq!(
        call_in(&agent, Some("en-US"), "PATCH", ORDERS, Some(modify)).await.message(),
        "Create task 'Modify tenant replicas' failed: Tenant 'orders' is under maintenance, please try again later."
    );
}

#[tokio::test]
async fn version_4_3_1_localises_with_its_own_chinese_words() {
    let exceeds =
        r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_4c16g","unit_num":3}]}"#;
    // 4.3.1's zh.json had the verbs in another order than the arguments; Go prints the mismatch.
    let v431 = call_in(
        &at(4, 3, 1, 0),
        Some("zh-CN"),
        "POST",
        ORDERS,
        Some(exceeds),
    )
    .await;
    assert_eq!(
        refusal(&v431),
        r(
            400,
            "OB.Tenant.UnitNum.ExceedsLimit",
            "租户 unit 数量 '3' 超过 zone '%!s(int=2)' 中的 observer 数量 '%!d(string=zone3)'"
        )
    );
    let v45 = call_in(&Agent::new(), Some("zh-CN"), "POST", ORDERS, Some(exceeds)).await;
    assert_eq!(
        v45.message(),
        "租户 unit 数量 '3' 超过 observer 数量 '2'(在 zone 'zone3' 中)"
    );
}

#[tokio::test]
async fn agents_before_4_3_1_ignore_the_header() {
    let body = r#"{"zones":["zone3"]}"#;
    for agent in [at(4, 2, 4, 0), at(4, 3, 0, 0)] {
        let plain = call_in(&agent, None, "DELETE", ORDERS, Some(body)).await;
        let zh = call_in(&agent, Some("zh-CN"), "DELETE", ORDERS, Some(body)).await;
        assert_eq!(zh.body["error"], plain.body["error"]);
        assert_eq!(zh.status, plain.status);
    }
    let v424 = call_in(&at(4, 2, 4, 0), Some("zh-CN"), "DELETE", ORDERS, Some(body)).await;
    assert_eq!(
        v424.body["error"],
        json!({"code": 1001, "message": "Illegal argument: Zone 'zone3' does not have a replica."})
    );
    let nope = call_in(
        &at(4, 2, 4, 0),
        Some("zh-CN"),
        "POST",
        NOPE,
        Some(ADD_ZONE3),
    )
    .await;
    assert_eq!(
        nope.body["error"],
        json!({"code": 1000, "message": "Bad request: Tenant 'nope' is not exist."})
    );
}
