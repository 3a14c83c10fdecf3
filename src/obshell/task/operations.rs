//! Cancel / Retry / Roll back / Pass for the whole task: each offered when the rules of
//! docs/protocol/obshell-tasks.md §5.4 and the node capability table allow it (the others' reasons
//! folded below), and confirmed before it is sent. The panel lives as long as the page: a poll
//! updates which are offered, never the open confirmation or the last result.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::error::ApiError;
use crate::core::i18n::fill;
use crate::core::poll::Poller;
use crate::obshell::context::expect_obshell;
use crate::obshell::task::ops::{affected, availability, DagOp};
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The task's operations and their confirmation.
    mod tx {
        not_loaded: "the task is not loaded" => "任务尚未加载",
        sent: "{0} sent; following the task." => "已发送“{0}”，正在跟踪任务。",
        reason: "{0}: {1}" => "{0}：{1}",
        confirm_name: "{0} this task?" => "{0}此任务？",
        no_longer: "{0} is no longer possible: {1}." => "已无法{0}：{1}。",
        affected: "What happens to each step" => "各步骤将如何处理",
        what: ": {0}" => "：{0}",
        now: "{0} now" => "立即{0}",
        keep: "Keep the task as it is" => "保持任务不变",
        why: "why the others are not offered" => "为何其他操作不可用",
    }
}

/// What the user clicked and what came of it.
#[derive(Debug, Clone, PartialEq)]
enum OpOutcome {
    Confirming(DagOp),
    Done(String),
    Refused(ApiError),
}

#[component]
pub fn Operations(dag: RwSignal<Option<DagDetail>>, poller: Poller) -> impl IntoView {
    // What each operation would do now, or why not; notifies only when that changes.
    let verdicts = Memo::new(move |_| {
        dag.with(|d| {
            DagOp::ALL.map(|op| match d {
                Some(d) => availability(d, op),
                None => Err(tx::t().not_loaded.to_owned()),
            })
        })
    });
    let verdict = move |op: DagOp| {
        verdicts.with(|v| {
            let i = DagOp::ALL.iter().position(|o| *o == op).unwrap_or(0);
            v[i].clone()
        })
    };
    let outcome = RwSignal::new(None::<OpOutcome>);
    let session = expect_obshell().session;
    let run = Action::new_local(move |op: &DagOp| {
        let op = *op;
        let id = dag.with_untracked(|d| d.as_ref().map(|d| d.id.clone()).unwrap_or_default());
        let s = session.clone();
        async move {
            let result = s.operate_dag(&id, op.operator()).await;
            outcome.set(Some(match result {
                Ok(()) => OpOutcome::Done(fill(
                    tx::t_untracked().sent,
                    &[&op.label_in(crate::obshell::task::ops::tx::t_untracked())],
                )),
                Err(e) => OpOutcome::Refused(e),
            }));
            poller.kick();
        }
    });
    // Only what the task allows now is offered; the others' reasons are folded below.
    let buttons = move || {
        DagOp::ALL
            .into_iter()
            .filter(|op| verdict(*op).is_ok())
            .map(|op| {
                view! {
                    <button type="button" class="secondary" data-testid=format!("op-{}", op.operator().to_ascii_lowercase())
                        disabled=move || run.pending().get()
                        title=move || verdict(op).unwrap_or_default()
                        on:click=move |_| if verdict(op).is_ok() { outcome.set(Some(OpOutcome::Confirming(op))) }>
                        {move || op.label()}
                    </button>
                }
            })
            .collect_view()
    };
    let reasons = move || {
        DagOp::ALL
            .iter()
            .filter_map(|op| {
                verdict(*op)
                    .err()
                    .map(|r| fill(tx::t().reason, &[&op.label(), &r]))
            })
            .map(|r| view! { <li>{r}</li> })
            .collect_view()
    };
    // The confirmation reads the verdict live: if the task moved on while it was open, it says
    // so instead of sending an operation the agent would refuse.
    let dialog = move |op: DagOp| {
        // Changes (and redraws) only when what the operation would do changes.
        let steps = Memo::new(move |_| {
            dag.with(|d| d.as_ref().map(|d| affected(d, op)).unwrap_or_default())
        });
        let send = move |_| {
            if verdict(op).is_ok() && !run.pending().get_untracked() {
                outcome.set(None);
                run.dispatch(op);
            }
        };
        view! {
            <div class="confirm" role="dialog" aria-label=move || fill(tx::t().confirm_name, &[&op.label()]) data-testid="confirm">
                <p>{move || match verdict(op) {
                    Ok(text) => text,
                    Err(reason) => fill(tx::t().no_longer, &[&op.label(), &reason]),
                }}</p>
                <ol class="affected" aria-label=move || tx::t().affected data-testid="affected">
                    {move || steps.get()
                        .into_iter()
                        .map(|(step, what)| view! { <li><span>{step}</span>{move || fill(tx::t().what, &[&what])}</li> })
                        .collect_view()}
                </ol>
                <button type="button" data-testid="confirm-yes" disabled=move || verdict(op).is_err() on:click=send>{move || fill(tx::t().now, &[&op.label()])}</button>
                <button type="button" class="secondary" data-testid="confirm-no" on:click=move |_| outcome.set(None)>{move || tx::t().keep}</button>
            </div>
        }
    };
    view! {
        <div class="operations" data-testid="operations">
            {buttons}
            <details class="muted"><summary>{move || tx::t().why}</summary>
                <ul>{reasons}</ul>
            </details>
            {move || outcome.get().map(|o| match o {
                OpOutcome::Confirming(op) => dialog(op).into_any(),
                OpOutcome::Done(text) => view! { <p class="ok" data-testid="op-result">{text}</p> }.into_any(),
                OpOutcome::Refused(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </div>
    }
}
