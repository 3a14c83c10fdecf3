//! Shows a failed call: which call, which layer, and for agent refusals the `errCode`,
//! message and `traceId` an operator needs to look the request up in the agent's log.

use leptos::prelude::*;

use obshell_protocol::catalog;

use crate::api::ApiError;
use crate::app::SessionCtx;

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
        let slot = use_context::<SessionCtx>().map(|c| c.slot);
        view! {
            <p>"The agent no longer knows this session. "
                <button class="secondary" data-testid="reconnect" on:click=move |_| {
                    if let Some(slot) = &slot { slot.link.set(None) }
                }>"Enter the password again"</button>
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
            let code = code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "–".to_owned());
            // Agents before 4.3.1 send the numeric code only.
            let err_code = if err_code.is_empty() {
                "(none: this agent sends numeric codes only)".to_owned()
            } else {
                err_code.clone()
            };
            let trace = if trace_id.is_empty() {
                "(none)".to_owned()
            } else {
                trace_id.clone()
            };
            view! {
                <p class="error-message" data-testid="error-message">{message.clone()}</p>
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
            let crate::api::OcpRefusal {
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
                if t.is_empty() {
                    "(none)".to_owned()
                } else {
                    t.to_owned()
                }
            };
            let name = obshell_protocol::ocp::codes::by_code(*code)
                .map(|c| format!("{code} {}", c.name))
                .unwrap_or_else(|| code.to_string());
            let explain = crate::ocp::errors::explain(*status, *code, *retry_after);
            let relogin = (*status == 401).then(|| {
                let ocp = use_context::<crate::ocp::OcpCtx>();
                view! {
                    <p><button type="button" class="secondary" data-testid="ocp-reconnect" on:click=move |_| {
                        if let Some(c) = ocp { c.disconnect() }
                    }>"Enter the OCP user and password again"</button></p>
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
        other if other.outcome_unknown() && !call.starts_with("GET ") => view! {
            <p class="error-message" data-testid="error-message">{other.to_string()}</p>
            <p class="warn" data-testid="outcome-unknown">
                "Outcome unknown: no answer arrived, so the change may have been made. Look at the tasks list (and the tenant or cluster) before sending it again."
            </p>
        }
        .into_any(),
        other => {
            view! { <p class="error-message" data-testid="error-message">{other.to_string()}</p> }
                .into_any()
        }
    };
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel" data-kind=kind>
            <h3>{if error.outcome_unknown() && !call.starts_with("GET ") { format!("{call}: outcome unknown ({kind})") } else { format!("{call} failed ({kind})") }}</h3>
            {details}
            {reconnect}
        </section>
    }
}
