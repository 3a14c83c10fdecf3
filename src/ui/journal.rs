//! This tab's journal of changes as both backends' tasks pages show it (what was sent, where,
//! when, its HTTP status, trace id, task and outcome; exportable as JSON), and the toggle that
//! asks for a browser notification when a task ends. The journal itself is
//! [`crate::core::journal`].

use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::i18n::format::datetime_rfc3339;
use crate::core::i18n::glossed;
use crate::core::journal::{ask_for_notifications, expect_journal, export_json};

crate::texts! {
    /// This tab's journal and the notification toggle.
    mod tx {
        journal: "This tab's changes" => "本标签页的变更",
        journal_about: "Every change this tab sent to a backend, newest last; kept in memory only, never a password or key." => "本标签页发送给各后端的每项变更，最新的在最后；仅保存在内存中，从不包含密码或密钥。",
        journal_empty: "Nothing sent yet." => "尚未发送任何变更。",
        sent: "sent" => "发送时间",
        backend: "backend" => "后端",
        call: "call" => "调用",
        target: "target" => "对象",
        task: "task" => "任务",
        outcome: "outcome" => "结果",
        ended: "ended" => "结束",
        export: "Export the journal (JSON)" => "导出变更记录（JSON）",
        notifying: "Notifying when tasks end" => "任务结束时将通知",
        notify: "Notify me when tasks end" => "任务结束时通知我",
    }
}

/// This tab's changes, to every backend: what was sent, when, its trace id, task and outcome;
/// exportable.
#[component]
pub fn JournalTable(
    /// The backend whose page shows it.
    #[prop(into)]
    here: String,
    /// The page of one of its tasks, by id (another backend's task: `/b/<name>/tasks/<id>`).
    task_href: Callback<String, String>,
) -> impl IntoView {
    let here = StoredValue::new(here);
    let journal = expect_journal();
    let export = move |_| {
        let text = journal.entries.with_untracked(|e| export_json(e));
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
                        <th>{move || tx::t().sent}</th><th>{move || tx::t().backend}</th><th>{move || tx::t().call}</th><th>{move || tx::t().target}</th><th>"HTTP"</th>
                        <th>"traceId"</th><th>{move || tx::t().task}</th><th>{move || tx::t().outcome}</th><th>{move || tx::t().ended}</th>
                    </tr></thead>
                    <tbody>
                        {move || journal.entries.get().into_iter().map(|e| {
                            let task = e.task_id.clone().map(|id| {
                                let href = if here.with_value(|h| *h == e.backend) {
                                    task_href.run(id.clone())
                                } else {
                                    crate::core::links::task_of(&e.backend, &id)
                                };
                                view! { <A href=href>{id}</A> }
                            });
                            view! {
                            <tr data-testid="journal-row">
                                <td>{datetime_rfc3339(&e.at)}</td>
                                <td data-testid="journal-backend">{e.backend.clone()}</td>
                                <td>{e.call.clone()}</td>
                                <td class="mono">{e.target.clone()}</td>
                                <td data-testid="journal-status">{e.status.map(|s| s.to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                                <td class="mono" data-testid="journal-trace">{e.trace_id.clone()}</td>
                                <td data-testid="journal-task">{task}</td>
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

/// Lets the person ask for a browser notification when a task ends (in each backend's bar).
#[component]
pub fn NotifyToggle() -> impl IntoView {
    let journal = expect_journal();
    let toggle = move |_| {
        if journal.notify.get_untracked() {
            journal.notify.set(false);
        } else {
            ask_for_notifications(journal);
        }
    };
    view! {
        <button type="button" class="secondary small" data-testid="notify-toggle"
            aria-pressed=move || journal.notify.get().to_string()
            on:click=toggle>
            {move || if journal.notify.get() { tx::t().notifying } else { tx::t().notify }}
        </button>
    }
}
