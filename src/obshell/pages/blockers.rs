//! The unfinished tasks whose maintenance lock the agent would refuse a change for, listed
//! before the form is sent (`crate::obshell::forms::locks`), and the way to clear them from
//! there: each names its task, what it is and its state, and offers what can end it (wait for a
//! running one; cancel, retry, roll back or pass as the task allows, with the task page's
//! confirmation). Once one is sent, the list follows the tasks and checks again which still hold
//! a lock, until none does and the change can be sent; nothing typed in the form is lost.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::i18n::StateWord;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::locks::{blockers, Blocker};
use crate::obshell::task::confirm::{ConfirmOp, OpResult, OpResults};
use crate::obshell::task::ops::{availability, DagOp};

/// How often the list is checked again while it follows the tasks.
const FOLLOW_EVERY: Duration = Duration::from_secs(3);

crate::texts! {
    /// The list of tasks holding a lock, and clearing them.
    mod tx {
        holds: " · holds {0}" => " · 持有{0}",
        title: "The agent will refuse this change while these tasks hold their lock: " => "以下任务持有锁期间，Agent 会拒绝本次变更：",
        wait_hint: "End them here (or wait for the running ones), then send: what you typed stays." => "可在此处结束它们（或等待运行中的任务结束），然后再提交：已填写的内容会保留。",
        wait: "Wait for it to end" => "等待其结束",
        waiting: "Following the tasks: checked again every 3 s…" => "正在跟踪这些任务：每 3 秒检查一次…",
        actions: "Clear {0} ({1})" => "处理 {0}（{1}）",
        clear: "No task holds a lock that would refuse this change any more: it can be sent." => "已没有任务持有会导致本次变更被拒绝的锁：可以提交了。",
    }
}

#[component]
pub fn Blockers(
    /// The tasks holding a lock that would refuse the change, as the form read them.
    list: Vec<Blocker>,
    /// The tenant the form changes (`None`: the cluster): which locks are checked again.
    #[prop(optional)]
    tenant: Option<String>,
    /// Read the tasks at once even when `list` is empty (a plan's step the agent refused
    /// because of a lock).
    #[prop(optional)]
    check_now: bool,
    /// Told the unfinished tasks of each check (a form whose own rules read them).
    #[prop(optional)]
    on_check: Option<Callback<Vec<DagDetail>>>,
) -> impl IntoView {
    let scope = expect_obshell();
    let (base, session) = (StoredValue::new(scope.links), scope.session);
    // Some task held a lock since the list was shown: its end is said.
    let had_any = RwSignal::new(!list.is_empty());
    let current = RwSignal::new(list);
    // Each blocking task read with its steps: what its operations would do.
    let details = RwSignal::new(HashMap::<String, DagDetail>::new());
    let following = RwSignal::new(false);
    let confirming = RwSignal::new(None::<(DagOp, String)>);
    let results = RwSignal::new(Vec::<OpResult>::new());
    let tenant = StoredValue::new(tenant);
    let s = session.clone();
    // Reads the tasks again: which still hold a lock, and each one's steps.
    let check = Action::new_local(move |(): &()| {
        let s = s.clone();
        async move {
            let Ok(dags) = s.unfinished_dags().await else {
                return;
            };
            let now = tenant.with_value(|t| blockers(&dags, t.as_deref()));
            if let Some(told) = on_check {
                told.run(dags);
            }
            let mut read = HashMap::new();
            for b in &now {
                if let Ok(d) = s.dag(&b.id).await {
                    read.insert(b.id.clone(), d);
                }
            }
            // Following ends when no task that still holds a lock is on its way.
            if now.iter().all(|b| b.state.is_final()) {
                following.set(false);
            }
            if !now.is_empty() {
                had_any.set(true);
            }
            details.set(read);
            current.set(now);
        }
    });
    if had_any.get_untracked() || check_now {
        check.dispatch(());
    }
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if following.get_untracked() && !check.pending().get_untracked() {
                check.dispatch(());
            }
        },
        FOLLOW_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }
    let send = Action::new_local(move |(op, id): &(DagOp, String)| {
        let (op, id, s) = (*op, id.clone(), session.clone());
        let name = details.with_untracked(|d| d.get(&id).map(|d| d.name.clone()));
        async move {
            let result = OpResult::send(&s, op, id, name.unwrap_or_default()).await;
            let sent = result.answer.is_ok();
            results.update(|r| r.push(result));
            confirming.set(None);
            if sent {
                following.set(true);
                check.dispatch(());
            }
        }
    });
    let item = move |b: Blocker| {
        let (id, lock) = (b.id.clone(), b.lock.clone());
        let offered = {
            let id = id.clone();
            move || {
                details.with(|d| {
                    d.get(&id)
                        .map(|d| {
                            DagOp::ALL
                                .into_iter()
                                .filter(|op| availability(d, *op).is_ok())
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
            }
        };
        let buttons = {
            let id = id.clone();
            move || {
                offered()
                    .into_iter()
                    .map(|op| {
                        let id = id.clone();
                        view! {
                            <button type="button" class="secondary" disabled=move || send.pending().get()
                                on:click=move |_| confirming.set(Some((op, id.clone())))>{move || op.label()}</button>
                        }
                    })
                    .collect_view()
            }
        };
        let running = !b.state.is_final();
        let label = format!("{} ({})", b.name, b.id);
        view! {
            <li data-testid="blocker">
                <A href=base.with_value(|l| l.task(&b.id))>{label.clone()}</A>
                " · "<StateWord word=b.state.as_str().to_owned()/>{move || crate::core::i18n::fill(tx::t().holds, &[&lock.text()])}
                <span class="blocker-actions" role="group" aria-label=move || crate::core::i18n::fill(tx::t().actions, &[&b.name, &b.id])>
                    {running.then(|| view! {
                        <button type="button" class="secondary" disabled=move || following.get()
                            on:click=move |_| following.set(true)>{move || tx::t().wait}</button>
                    })}
                    {buttons}
                </span>
            </li>
        }
    };
    let dialog = move || {
        let (op, id) = confirming.get()?;
        let tasks = Signal::derive(move || details.with(|d| d.get(&id).cloned().map(|d| vec![d])));
        let on_yes = Callback::new(move |ids: Vec<String>| {
            if let Some(id) = ids.into_iter().next() {
                send.dispatch((op, id));
            }
        });
        let on_no = Callback::new(move |()| confirming.set(None));
        Some(
            view! { <ConfirmOp op=op tasks=tasks pending=send.pending() on_yes=on_yes on_no=on_no/> },
        )
    };
    view! {
        {move || (!current.with(Vec::is_empty)).then(|| view! {
            <section class="banner warn" role="note" data-testid="blockers">
                <strong>{move || tx::t().title}</strong>
                <ul>{move || current.get().into_iter().map(item).collect_view()}</ul>
                {dialog}
                <span class="muted">{move || if following.get() { tx::t().waiting } else { tx::t().wait_hint }}</span>
            </section>
        })}
        {move || (had_any.get() && current.with(Vec::is_empty)).then(|| view! {
            <p class="ok" role="status" data-testid="blockers-cleared">{move || tx::t().clear}</p>
        })}
        {move || (!results.with(Vec::is_empty)).then(|| view! { <OpResults results=results.get()/> })}
    }
}
