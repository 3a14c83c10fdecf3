//! What a replica change will do, beside its form, and why a form cannot be sent yet.

use leptos::prelude::*;
use obshell_protocol::replica::Preview;

use crate::forms::FormError;

/// Locality, FULL count, majority and first-priority zones before and after.
#[component]
pub fn PreviewTable(
    /// The preview to show.
    preview: Preview,
) -> impl IntoView {
    let first = |set: &std::collections::BTreeSet<String>| {
        if set.is_empty() {
            "(none)".to_owned()
        } else {
            set.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    };
    let changes = preview.first_priority_changes();
    view! {
        <table class="preview" data-testid="preview">
            <thead><tr><th></th><th>"before"</th><th>"after"</th></tr></thead>
            <tbody>
                <tr><th>"locality"</th>
                    <td data-testid="preview-locality-before">{preview.locality_before.clone()}</td>
                    <td data-testid="preview-locality-after">{preview.locality_after.clone()}</td></tr>
                <tr><th>"FULL replicas"</th>
                    <td data-testid="preview-full-before">{preview.full_before}</td>
                    <td data-testid="preview-full-after">{preview.full_after}</td></tr>
                <tr><th>"first-priority zones"</th>
                    <td>{first(&preview.first_priority_before)}</td>
                    <td>{first(&preview.first_priority_after)}</td></tr>
            </tbody>
        </table>
        <p data-testid="preview-majority" class=if preview.majority_kept { "ok" } else { "bad" }>
            {if preview.majority_kept { "✔ a majority of the FULL replicas survives" } else { "✘ no majority of the FULL replicas survives" }}
        </p>
        <p data-testid="preview-first-priority" class=if changes { "warn" } else { "muted" }>
            {if changes { "⚠ the primary zone's first priority changes (leaders move)" } else { "the primary zone's first priority stays" }}
        </p>
    }
}

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
                    let row = zones.get(f.row).filter(|z| !z.is_empty()).map(|z| format!("{z}: ")).unwrap_or_else(|| if zones.len() > 1 { format!("row {}: ", f.row + 1) } else { String::new() });
                    view! { <li data-testid="field-error" data-field=f.field>{format!("{row}{}", f.message)}</li> }
                }).collect_view()}
            </ul></div>
        }
        .into_any(),
        FormError::Rule { violation, row, field, hint } => {
            let place = match (row.and_then(|r| zones.get(r)), field) {
                (Some(z), Some(f)) => format!("{z}, {f}: "),
                (None, Some(f)) => format!("{f}: "),
                (Some(z), None) => format!("{z}: "),
                (None, None) => String::new(),
            };
            view! {
                <div class="rule-error" role="alert" data-testid="rule-error" data-code=violation.code()>
                    <p><strong>{format!("{place}{}", violation.message())}</strong></p>
                    <p class="muted">{format!("The agent refuses this with {}.", violation.code())}</p>
                    {hint.map(|h| view! { <p data-testid="rule-hint">{h}</p> })}
                </div>
            }
            .into_any()
        }
    }
}
