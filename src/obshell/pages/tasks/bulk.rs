//! Several tasks at once: the person ticks tasks on the tasks page (in the list, or among those
//! that need attention), then Retry / Roll back / Pass / Cancel them together. The confirmation
//! reads each task with its steps and says what happens to each (`ConfirmOp`); the operations are
//! sent one after the other, each once, and answered task by task (`OpResults`).

use std::collections::BTreeSet;

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::i18n::fill;
use crate::core::poll::Poller;
use crate::obshell::context::expect_obshell;
use crate::obshell::task::confirm::{allowed, ConfirmOp, OpResult, OpResults};
use crate::obshell::task::ops::DagOp;

crate::texts! {
    /// Choosing tasks and operating on several.
    mod tx {
        select: "Select {0} ({1})" => "选择 {0}（{1}）",
        select_failed: "Select every failed task listed" => "选择列出的所有失败任务",
        selected: "Selected tasks" => "已选任务",
        count: "{0} selected" => "已选 {0} 个",
        clear: "Clear the selection" => "清除选择",
        done: "Close" => "关闭",
    }
}

/// The ids of the tasks the person ticked.
pub type Selection = RwSignal<BTreeSet<String>>;

/// The tick box of one task.
#[component]
pub fn SelectBox(selected: Selection, id: String, name: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let checked = move || id.with_value(|id| selected.with(|s| s.contains(id)));
    let label = move || id.with_value(|id| fill(tx::t().select, &[&name, id]));
    let change = move |ev| {
        let on = event_target_checked(&ev);
        let id = id.get_value();
        selected.update(|s| {
            if on {
                s.insert(id);
            } else {
                s.remove(&id);
            }
        });
    };
    view! { <input type="checkbox" class="select" aria-label=label prop:checked=checked on:change=change/> }
}

/// The tick box above the list: every failed task listed, or none.
#[component]
pub fn SelectFailed(selected: Selection, shown: Memo<Vec<DagDetail>>) -> impl IntoView {
    let failed = Memo::new(move |_| {
        shown.with(|list| {
            list.iter()
                .filter(|d| d.state.as_str() == "FAILED")
                .map(|d| d.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let all = move || {
        failed.with(|f| !f.is_empty() && selected.with(|s| f.iter().all(|id| s.contains(id))))
    };
    let change = move |ev| {
        let on = event_target_checked(&ev);
        let ids = failed.get_untracked();
        selected.update(|s| {
            for id in ids {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    };
    view! {
        <input type="checkbox" class="select" aria-label=move || tx::t().select_failed
            disabled=move || failed.with(Vec::is_empty) prop:checked=all on:change=change/>
    }
}

/// Where the bar is: choosing, confirming one operation, sending, or showing the answers.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Choosing,
    Confirming(DagOp),
    Answered(Vec<OpResult>),
}

/// The operations on the ticked tasks, above the list while any is ticked.
#[component]
pub fn BulkBar(
    selected: Selection,
    /// The list as last read (without steps).
    dags: RwSignal<Option<Vec<DagDetail>>>,
    poller: Poller,
) -> impl IntoView {
    let session = expect_obshell().session;
    // The ticked tasks still listed, in the list's order.
    let chosen = Memo::new(move |_| {
        selected.with(|s| {
            dags.with(|d| {
                d.iter()
                    .flatten()
                    .filter(|d| s.contains(&d.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let stage = RwSignal::new(Stage::Choosing);
    // The ticked tasks read again with their steps, for the confirmation.
    let detailed = RwSignal::new(None::<Vec<DagDetail>>);
    let read = session.clone();
    let confirm = Callback::new(move |op: DagOp| {
        detailed.set(None);
        stage.set(Stage::Confirming(op));
        let (s, list) = (read.clone(), chosen.get_untracked());
        leptos::task::spawn_local(async move {
            let mut out = Vec::with_capacity(list.len());
            for d in list {
                // A task that cannot be read is confirmed as listed; the agent has the last word.
                out.push(s.dag(&d.id).await.unwrap_or(d));
            }
            detailed.set(Some(out));
        });
    });
    let send = Action::new_local(move |(op, ids): &(DagOp, Vec<String>)| {
        let (op, ids, s) = (*op, ids.clone(), session.clone());
        let names = detailed.get_untracked().unwrap_or_default();
        async move {
            let mut results = Vec::with_capacity(ids.len());
            for id in ids {
                let name = names
                    .iter()
                    .find(|d| d.id == id)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                // Each sent once, in turn; an answer that never came is reported as such.
                results.push(OpResult::send(&s, op, id, name).await);
            }
            selected.update(|s| {
                for r in results.iter().filter(|r| r.answer.is_ok()) {
                    s.remove(&r.id);
                }
            });
            stage.set(Stage::Answered(results));
            poller.kick();
        }
    });
    // An operation is offered when one ticked task at least allows it (as listed; the
    // confirmation checks each with its steps).
    let offered = move |op: DagOp| chosen.with(|c| !allowed(c, op).is_empty());
    let buttons =
        move || {
            DagOp::ALL
            .into_iter()
            .filter(|op| offered(*op))
            .map(|op| view! {
                <button type="button" class="secondary" disabled=move || send.pending().get()
                    on:click=move |_| confirm.run(op)>{move || op.label()}</button>
            })
            .collect_view()
        };
    let dialog = move |op: DagOp| {
        let on_yes = Callback::new(move |ids: Vec<String>| {
            send.dispatch((op, ids));
        });
        let on_no = Callback::new(move |()| stage.set(Stage::Choosing));
        view! { <ConfirmOp op=op tasks=detailed.into() pending=send.pending() on_yes=on_yes on_no=on_no/> }
    };
    let visible = move || chosen.with(|c| !c.is_empty()) || stage.with(|s| *s != Stage::Choosing);
    view! {
        <Show when=visible>
            <section class="bulk operations" aria-label=move || tx::t().selected>
                <strong>{move || fill(tx::t().count, &[&chosen.with(Vec::len)])}</strong>
                {buttons}
                <button type="button" class="secondary" on:click=move |_| selected.set(BTreeSet::new())>{move || tx::t().clear}</button>
                {move || match stage.get() {
                    Stage::Choosing => None,
                    Stage::Confirming(op) => Some(dialog(op).into_any()),
                    Stage::Answered(results) => Some(view! {
                        <OpResults results=results/>
                        <button type="button" class="secondary" on:click=move |_| stage.set(Stage::Choosing)>{move || tx::t().done}</button>
                    }.into_any()),
                }}
            </section>
        </Show>
    }
}
