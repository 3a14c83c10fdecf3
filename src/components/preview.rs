//! What a replica change will do, beside its form, and why a form cannot be sent yet.

use leptos::prelude::*;
use obshell_protocol::replica::Preview;

use crate::forms::FormError;

crate::texts! {
    /// The replica preview and the form problems.
    mod tx {
        none: "(none)" => "（无）",
        before: "before" => "变更前",
        locality: "locality" => "Locality",
        after: "after" => "变更后",
        full: "FULL replicas" => "FULL 副本数",
        first_priority: "first-priority zones" => "第一优先级 Zone",
        majority: "✔ a majority of the FULL replicas survives" => "✔ 多数 FULL 副本保留",
        no_majority: "✘ no majority of the FULL replicas survives" => "✘ FULL 副本无法保留多数",
        priority_changes: "⚠ the primary zone's first priority changes (leaders move)" => "⚠ Primary Zone 的第一优先级改变（Leader 将迁移）",
        priority_stays: "the primary zone's first priority stays" => "Primary Zone 的第一优先级不变",
        row: "row {0}: " => "第 {0} 行：",
        refuses_with: "The agent refuses this with {0}." => "Agent 会以 {0} 拒绝此请求。",
    }
}

/// Locality, FULL count, majority and first-priority zones before and after.
#[component]
pub fn PreviewTable(
    /// The preview to show.
    preview: Preview,
) -> impl IntoView {
    let first = |set: &std::collections::BTreeSet<String>| {
        let list = set.iter().cloned().collect::<Vec<_>>().join(", ");
        move || {
            if list.is_empty() {
                tx::t().none.to_owned()
            } else {
                list.clone()
            }
        }
    };
    let changes = preview.first_priority_changes();
    let kept = preview.majority_kept;
    view! {
        <table class="preview" data-testid="preview">
            <thead><tr><th></th><th>{move || tx::t().before}</th><th>{move || tx::t().after}</th></tr></thead>
            <tbody>
                <tr><th>{move || tx::t().locality}</th>
                    <td data-testid="preview-locality-before">{preview.locality_before.clone()}</td>
                    <td data-testid="preview-locality-after">{preview.locality_after.clone()}</td></tr>
                <tr><th>{move || tx::t().full}</th>
                    <td data-testid="preview-full-before">{preview.full_before}</td>
                    <td data-testid="preview-full-after">{preview.full_after}</td></tr>
                <tr><th>{move || tx::t().first_priority}</th>
                    <td>{first(&preview.first_priority_before)}</td>
                    <td>{first(&preview.first_priority_after)}</td></tr>
            </tbody>
        </table>
        <p data-testid="preview-majority" class=if preview.majority_kept { "ok" } else { "bad" }>
            {move || if kept { tx::t().majority } else { tx::t().no_majority }}
        </p>
        <p data-testid="preview-first-priority" class=if changes { "warn" } else { "muted" }>
            {move || if changes { tx::t().priority_changes } else { tx::t().priority_stays }}
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
                    let zone = zones.get(f.row).filter(|z| !z.is_empty()).cloned();
                    let several = zones.len() > 1;
                    let row = move || match &zone {
                        Some(z) => format!("{z}: "),
                        None if several => crate::i18n::fill(tx::t().row, &[&(f.row + 1)]),
                        None => String::new(),
                    };
                    let message = f.message.clone();
                    view! { <li data-testid="field-error" data-field=f.field>{move || format!("{}{message}", row())}</li> }
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
            let code = violation.code();
            view! {
                <div class="rule-error" role="alert" data-testid="rule-error" data-code=violation.code()>
                    <p><strong>{format!("{place}{}", violation.message())}</strong></p>
                    <p class="muted">{move || crate::i18n::fill(tx::t().refuses_with, &[&code])}</p>
                    {hint.map(|h| view! { <p data-testid="rule-hint">{h}</p> })}
                </div>
            }
            .into_any()
        }
    }
}
