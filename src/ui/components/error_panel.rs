//! Shows a failed call: which call, which layer, and for agent refusals the `errCode`,
//! message and `traceId` an operator needs to look the request up in the agent's log.

use leptos::prelude::*;

use obshell_protocol::obshell::catalog;

use crate::core::backend::Reconnect;
use crate::core::error::ApiError;
use crate::core::i18n::fill;

crate::texts! {
    /// The console's words around a failed call.
    mod tx {
        session_lost: "The agent no longer knows this session. " => "Agent 已不认识此会话。",
        password_again: "Enter the password again" => "重新输入密码",
        numeric_only: "(none: this agent sends numeric codes only)" => "（无：此 Agent 只发送数字错误码）",
        none: "(none)" => "（无）",
        wrong_password: "The root@sys password is not correct: type it again and connect." => "root@sys 密码不正确，请重新输入后再连接。",
        ocp_again: "Enter the OCP user and password again" => "重新输入 OCP 用户名和密码",
        outcome_unknown: "Outcome unknown: no answer arrived, so the change may have been made. Look at the tasks list (and the tenant or cluster) before sending it again." => "结果未知：没有收到应答，变更可能已经执行。请先查看任务列表（以及租户或集群），再决定是否重新提交。",
        title_unknown: "{0}: outcome unknown ({1})" => "{0}：结果未知（{1}）",
        title_failed: "{0} failed ({1})" => "{0} 失败（{1}）",
    }
}

/// Renders one [`ApiError`]; all agent text is rendered as text, never as HTML.
#[component]
pub fn ErrorPanel(
    /// The failure to show.
    error: ApiError,
) -> impl IntoView {
    let kind = error.kind();
    let call = error.call();
    // A login session that ended (agent restart, idle timeout) needs the password again.
    let session_lost = matches!(error.err_code(), Some(code) if code == catalog::SESSION_INVALID.code || code == catalog::SESSION_EXPIRED.code);
    let reconnect = session_lost.then(|| {
        // On the connect form there is no session yet; elsewhere its backend is locked.
        let reconnect = use_context::<Reconnect>();
        view! {
            <p>{move || tx::t().session_lost}
                <button class="secondary" data-testid="reconnect" on:click=move |_| {
                    if let Some(Reconnect(r)) = reconnect { r.run(()) }
                }>{move || tx::t().password_again}</button>
            </p>
        }
    });
    let details = match &error {
        ApiError::Agent {
            status,
            code,
            err_code,
            message,
            trace_id,
            ..
        } => {
            let wrong_password = err_code == catalog::INCORRECT_OB_PASSWORD.code
                || (err_code.is_empty()
                    && *code == Some(catalog::CODE_UNAUTHORIZED)
                    && message.contains("password is incorrect"));
            let code = code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "–".to_owned());
            // Agents before 4.3.1 send the numeric code only.
            let err_code = {
                let sent = err_code.clone();
                move || {
                    if sent.is_empty() {
                        tx::t().numeric_only.to_owned()
                    } else {
                        sent.clone()
                    }
                }
            };
            let trace = {
                let sent = trace_id.clone();
                move || {
                    if sent.is_empty() {
                        tx::t().none.to_owned()
                    } else {
                        sent.clone()
                    }
                }
            };
            view! {
                <p class="error-message" data-testid="error-message">{message.clone()}</p>
                {wrong_password.then(|| view! { <p class="warn" data-testid="error-explain">{move || tx::t().wrong_password}</p> })}
                <dl class="error-fields">
                    <dt>"errCode"</dt><dd data-testid="error-code">{err_code}</dd>
                    <dt>"traceId"</dt><dd data-testid="error-trace-id">{trace}</dd>
                    <dt>"HTTP"</dt><dd>{*status}</dd>
                    <dt>"code"</dt><dd data-testid="error-number">{code}</dd>
                </dl>
            }
            .into_any()
        }
        ApiError::Ocp(refusal) => {
            let crate::core::error::OcpRefusal {
                status,
                code,
                message,
                sub_errors,
                trace_id,
                server,
                retry_after,
                ..
            } = refusal.as_ref();
            let or_none = |t: &str| {
                let sent = t.to_owned();
                move || {
                    if sent.is_empty() {
                        tx::t().none.to_owned()
                    } else {
                        sent.clone()
                    }
                }
            };
            let name = obshell_protocol::ocp::codes::by_code(*code)
                .map(|c| format!("{code} {}", c.name))
                .unwrap_or_else(|| code.to_string());
            let explain = crate::core::error::ocp::explain(*status, *code, *retry_after);
            let relogin = (*status == 401).then(|| {
                let reconnect = use_context::<Reconnect>();
                view! {
                    <p><button type="button" class="secondary" data-testid="ocp-reconnect" on:click=move |_| {
                        if let Some(Reconnect(r)) = reconnect { r.run(()) }
                    }>{move || tx::t().ocp_again}</button></p>
                }
            });
            view! {
                <p class="error-message" data-testid="error-message">{message.clone()}</p>
                {explain.map(|e| view! { <p class="warn" data-testid="error-explain">{e}</p> })}
                {(!sub_errors.is_empty()).then(|| view! {
                    <ul class="sub-errors" data-testid="sub-errors">
                        {sub_errors.iter().map(|s| view! { <li data-testid="sub-error">{s.describe()}</li> }).collect_view()}
                    </ul>
                })}
                <dl class="error-fields">
                    <dt>"code"</dt><dd data-testid="error-code">{name}</dd>
                    <dt>"traceId"</dt><dd data-testid="error-trace-id">{or_none(trace_id)}</dd>
                    <dt>"server"</dt><dd data-testid="error-server">{or_none(server)}</dd>
                    <dt>"HTTP"</dt><dd data-testid="error-status">{*status}</dd>
                </dl>
                {relogin}
            }
            .into_any()
        }
        other if other.outcome_unknown() && !call.starts_with("GET ") => {
            let other = other.clone();
            view! {
                <p class="error-message" data-testid="error-message">{move || other.shown()}</p>
                <p class="warn" data-testid="outcome-unknown">{move || tx::t().outcome_unknown}</p>
            }
            .into_any()
        }
        other => {
            let other = other.clone();
            view! { <p class="error-message" data-testid="error-message">{move || other.shown()}</p> }
                .into_any()
        }
    };
    let unknown = error.outcome_unknown() && !call.starts_with("GET ");
    let shown_kind = error.clone();
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel" data-kind=kind>
            <h3>{move || fill(if unknown { tx::t().title_unknown } else { tx::t().title_failed }, &[&call, &shown_kind.kind_in(crate::core::i18n::lang())])}</h3>
            {details}
            {reconnect}
        </section>
    }
}
