//! Shows a failed call: which call, which layer, and for agent refusals the `errCode`,
//! message and `traceId` an operator needs to look the request up in the agent's log.

use leptos::prelude::*;

use crate::api::ApiError;

/// Renders one [`ApiError`]; all agent text is rendered as text, never as HTML.
#[component]
pub fn ErrorPanel(
    /// The failure to show.
    error: ApiError,
) -> impl IntoView {
    let kind = error.kind();
    let call = error.call();
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
            let trace = if trace_id.is_empty() {
                "(none)".to_owned()
            } else {
                trace_id.clone()
            };
            view! {
                <p class="error-message" data-testid="error-message">{message.clone()}</p>
                <dl class="error-fields">
                    <dt>"errCode"</dt><dd data-testid="error-code">{err_code.clone()}</dd>
                    <dt>"traceId"</dt><dd data-testid="error-trace-id">{trace}</dd>
                    <dt>"HTTP"</dt><dd>{*status}</dd>
                    <dt>"code"</dt><dd>{code}</dd>
                </dl>
            }
            .into_any()
        }
        other => {
            view! { <p class="error-message" data-testid="error-message">{other.to_string()}</p> }
                .into_any()
        }
    };
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel" data-kind=kind>
            <h3>{format!("{call} failed ({kind})")}</h3>
            {details}
        </section>
    }
}
