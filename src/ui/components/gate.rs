//! A feature this agent cannot offer: it stays in sight, disabled, with the reason beside it.

use leptos::prelude::*;

crate::texts! {
    mod tx {
        unavailable: "{0}: not available. " => "{0}：不可用。",
    }
}

/// The notice shown instead of (or beside) a control the agent cannot serve.
#[component]
pub fn Unavailable(
    /// What is not offered, e.g. "Add replicas".
    what: String,
    /// Why: the identity, a degraded cluster, or "needs agent ≥ X, this agent is Y".
    reason: String,
) -> impl IntoView {
    view! {
        <p class="gate" role="note" data-testid="gate">
            <strong>{move || crate::core::i18n::fill(tx::t().unavailable, &[&what])}</strong>
            <span data-testid="gate-reason">{reason}</span>
        </p>
    }
}
