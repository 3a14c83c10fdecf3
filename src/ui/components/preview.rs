//! What a replica change will do, beside its form (both backends' replica forms).

use leptos::prelude::*;
use obshell_protocol::obshell::replica::Preview;

/// Locality, FULL count, majority and first-priority zones before and after.
#[component]
pub fn PreviewTable(
    /// The preview to show.
    preview: Preview,
) -> impl IntoView {
    let first = |set: &std::collections::BTreeSet<String>| {
        if set.is_empty() {
            tx::t().none.to_owned()
        } else {
            set.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    };
    let changes = preview.first_priority_changes();
    let majority_kept = preview.majority_kept;
    let (before, after) = (
        preview.first_priority_before.clone(),
        preview.first_priority_after.clone(),
    );
    view! {
        <table class="preview" data-testid="preview">
            <thead><tr><th></th><th>{move || tx::t().before}</th><th>{move || tx::t().after}</th></tr></thead>
            <tbody>
                <tr><th>{move || tx::t().locality}</th>
                    <td data-testid="preview-locality-before">{preview.locality_before.clone()}</td>
                    <td data-testid="preview-locality-after">{preview.locality_after.clone()}</td></tr>
                <tr><th>{move || tx::t().full_replicas}</th>
                    <td data-testid="preview-full-before">{preview.full_before}</td>
                    <td data-testid="preview-full-after">{preview.full_after}</td></tr>
                <tr><th>{move || tx::t().first_priority}</th>
                    <td>{move || first(&before)}</td>
                    <td>{move || first(&after)}</td></tr>
            </tbody>
        </table>
        <p data-testid="preview-majority" class=if preview.majority_kept { "ok" } else { "bad" }>
            {move || if majority_kept { tx::t().majority_kept } else { tx::t().majority_lost }}
        </p>
        <p data-testid="preview-first-priority" class=if changes { "warn" } else { "muted" }>
            {move || if changes { tx::t().first_changes } else { tx::t().first_stays }}
        </p>
    }
}

crate::texts! {
    /// The preview of a replica change.
    mod tx {
        none: "(none)" => "（无）",
        before: "before" => "变更前",
        after: "after" => "变更后",
        locality: "locality" => "Locality",
        full_replicas: "FULL replicas" => "全能型副本（FULL）",
        first_priority: "first-priority zones" => "第一优先级 Zone",
        majority_kept: "✔ a majority of the FULL replicas survives" => "✔ 全能型副本仍保有多数派",
        majority_lost: "✘ no majority of the FULL replicas survives" => "✘ 全能型副本将失去多数派",
        first_changes: "⚠ the primary zone's first priority changes (leaders move)" => "⚠ Primary Zone 的第一优先级会改变（Leader 将迁移）",
        first_stays: "the primary zone's first priority stays" => "Primary Zone 的第一优先级保持不变",
    }
}
