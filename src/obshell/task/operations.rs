//! Cancel / Retry / Roll back / Pass for the whole task: each offered when the rules of
//! docs/protocol/obshell-tasks.md §5.4 and the node capability table allow it (the others' reasons
//! folded below), and confirmed before it is sent. The panel lives as long as the page: a poll
//! updates which are offered, never the open confirmation or the last result.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::i18n::fill;
use crate::core::poll::Poller;
use crate::obshell::context::expect_obshell;
use crate::obshell::task::confirm::{ConfirmOp, OpResult, OpResults};
use crate::obshell::task::ops::{availability, DagOp};

crate::texts! {
    /// The task's operations.
    mod tx {
        not_loaded: "the task is not loaded" => "任务尚未加载",
        reason: "{0}: {1}" => "{0}：{1}",
        why: "why the others are not offered" => "为何其他操作不可用",
    }
}

/// What the user clicked and what came of it.
#[derive(Debug, Clone, PartialEq)]
enum OpOutcome {
    Confirming(DagOp),
    Answered(OpResult),
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
        let (id, name) = dag.with_untracked(|d| {
            d.as_ref()
                .map(|d| (d.id.clone(), d.name.clone()))
                .unwrap_or_default()
        });
        let s = session.clone();
        async move {
            let result = OpResult::send(&s, op, id, name).await;
            outcome.set(Some(OpOutcome::Answered(result)));
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
    // The confirmation reads the task live (see `ConfirmOp`).
    let tasks: Signal<_> = Memo::new(move |_| dag.get().map(|d| vec![d])).into();
    let dialog = move |op: DagOp| {
        let on_yes = Callback::new(move |_ids: Vec<String>| {
            outcome.set(None);
            run.dispatch(op);
        });
        let on_no = Callback::new(move |()| outcome.set(None));
        view! { <ConfirmOp op=op tasks=tasks pending=run.pending() on_yes=on_yes on_no=on_no/> }
    };
    view! {
        <div class="operations" data-testid="operations">
            {buttons}
            <details class="muted"><summary>{move || tx::t().why}</summary>
                <ul>{reasons}</ul>
            </details>
            {move || outcome.get().map(|o| match o {
                OpOutcome::Confirming(op) => dialog(op).into_any(),
                OpOutcome::Answered(r) => view! { <OpResults results=vec![r]/> }.into_any(),
            })}
        </div>
    }
}
