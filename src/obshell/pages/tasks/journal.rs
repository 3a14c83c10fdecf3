//! This tab's changes, under the tasks page: what was sent, when, its trace id, task and
//! outcome; exportable as JSON.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::i18n::format::datetime_rfc3339;
use crate::core::i18n::glossed;
use crate::obshell::context::expect_obshell;
use crate::obshell::links::ObshellLinks;

crate::texts! {
    /// This tab's journal.
    mod tx {
        journal: "This tab's changes" => "本标签页的变更",
        journal_about: "Every change this tab sent to the agent, newest last; kept in memory only, never a password or key." => "本标签页发送给 Agent 的每项变更，最新的在最后；仅保存在内存中，从不包含密码或密钥。",
        journal_empty: "Nothing sent yet." => "尚未发送任何变更。",
        sent: "sent" => "发送时间",
        call: "call" => "调用",
        target: "target" => "对象",
        task: "task" => "任务",
        outcome: "outcome" => "结果",
        ended: "ended" => "结束",
        export: "Export the journal (JSON)" => "导出变更记录（JSON）",
    }
}

/// This tab's changes: what was sent, when, its trace id, task and outcome; exportable.
#[component]
pub fn JournalTable() -> impl IntoView {
    let journal = crate::obshell::journal::expect_journal();
    let here = StoredValue::new(expect_obshell().links);
    let export = move |_| {
        let text = journal
            .entries
            .with_untracked(|e| crate::obshell::client::record::export_json(e));
        let stamp = String::from(js_sys::Date::new_0().to_iso_string()).replace(':', "-");
        let _ = crate::core::download::save_text(
            &format!("obshell-console-journal-{stamp}.json"),
            "application/json",
            &text,
        );
    };
    view! {
        <section class="journal" aria-labelledby="journal-title">
            <h2 id="journal-title">{move || tx::t().journal}</h2>
            <p class="muted">{move || tx::t().journal_about}</p>
            <Show when=move || journal.entries.with(|e| !e.is_empty()) fallback=|| view! { <p class="muted" data-testid="journal-empty">{move || tx::t().journal_empty}</p> }>
                <div class="scroll-x"><table class="tasks" data-testid="journal">
                    <thead><tr>
                        <th>{move || tx::t().sent}</th><th>{move || tx::t().call}</th><th>{move || tx::t().target}</th><th>"HTTP"</th>
                        <th>"traceId"</th><th>{move || tx::t().task}</th><th>{move || tx::t().outcome}</th><th>{move || tx::t().ended}</th>
                    </tr></thead>
                    <tbody>
                        {move || journal.entries.get().into_iter().map(|e| {
                            // A task of another backend links to that backend's page.
                            let base = here.with_value(|h| if e.backend == h.name() { h.clone() } else { ObshellLinks::named(&e.backend) });
                            view! {
                            <tr data-testid="journal-row">
                                <td>{datetime_rfc3339(&e.at)}</td>
                                <td>{e.call.clone()}</td>
                                <td class="mono">{e.target.clone()}</td>
                                <td>{e.status.map(|s| s.to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                                <td class="mono" data-testid="journal-trace">{e.trace_id.clone()}</td>
                                <td>{e.task_id.clone().map(|id| view! { <A href=base.task(&id)>{id.clone()}</A> })}</td>
                                <td data-testid="journal-outcome">{e.outcome.clone()}</td>
                                <td data-testid="journal-ended">{e.ended.as_deref().map(glossed).unwrap_or_default()}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table></div>
                <button type="button" class="secondary" on:click=export>{move || tx::t().export}</button>
            </Show>
        </section>
    }
}
