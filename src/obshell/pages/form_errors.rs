//! Why an agent's form cannot be sent yet: its field problems, or the agent's rule that would
//! refuse it, with the rule's code.

use leptos::prelude::*;

use crate::obshell::forms::{field_label, violation_message, FormError};

/// Field problems, or the agent rule that refuses the request, with its code and a hint.
#[component]
pub fn FormErrors(
    /// The problem to show.
    error: FormError,
    /// Zone names by row, to say which row a problem is about.
    zones: Vec<String>,
) -> impl IntoView {
    match error {
        FormError::Fields(fields) => view! {
            <div role="alert"><ul class="field-errors">
                {fields.into_iter().map(|f| {
                    let zone = zones.get(f.row).filter(|z| !z.is_empty()).cloned();
                    let numbered = zones.len() > 1;
                    let row = move || match &zone {
                        Some(z) => format!("{z}{}", tx::t().colon),
                        None if numbered => crate::core::i18n::fill(tx::t().row, &[&(f.row + 1)]),
                        None => String::new(),
                    };
                    let message = f.message;
                    view! { <li data-testid="field-error" data-field=f.field>{move || format!("{}{message}", row())}</li> }
                }).collect_view()}
            </ul></div>
        }
        .into_any(),
        FormError::Rule { violation, row, field, hint } => {
            let zone = row.and_then(|r| zones.get(r)).cloned();
            let code = violation.code();
            let shown = move || {
                let t = tx::t();
                let place = match (&zone, field.map(field_label)) {
                    (Some(z), Some(f)) => crate::core::i18n::fill(t.zone_field, &[z, &f]),
                    (None, Some(f)) => format!("{f}{}", t.colon),
                    (Some(z), None) => format!("{z}{}", t.colon),
                    (None, None) => String::new(),
                };
                format!("{place}{}", violation_message(&violation))
            };
            view! {
                <div class="rule-error" role="alert" data-testid="rule-error" data-code=code>
                    <p><strong>{shown}</strong></p>
                    <p class="muted">{move || crate::core::i18n::fill(tx::t().refuses_with, &[&code])}</p>
                    {hint.map(|h| view! { <p data-testid="rule-hint">{h}</p> })}
                </div>
            }
            .into_any()
        }
    }
}

crate::texts! {
    /// The form errors.
    mod tx {
        colon: ": " => "：",
        row: "row {0}: " => "第 {0} 行：",
        zone_field: "{0}, {1}: " => "{0}，{1}：",
        refuses_with: "The agent refuses this with {0}." => "Agent 会以 {0} 拒绝此请求。",
    }
}
