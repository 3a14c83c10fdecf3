//! The confirmation of a task operation, and what came of it, for one task (its page) or several
//! (the tasks list, a form's blockers): for each task, what the operation will do or why it no
//! longer can, and what happens to each of its steps (docs/protocol/obshell-tasks.md §5.4). It
//! reads the tasks live, so a task that moved on while the confirmation was open is said and left
//! out, never sent an operation the agent would refuse.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::error::ApiError;
use crate::core::i18n::fill;
use crate::obshell::client::Session;
use crate::obshell::task::ops::{affected, availability, DagOp};
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The confirmation of an operation and its results.
    mod tx {
        confirm_one: "{0} this task?" => "{0}此任务？",
        confirm_many: "{0} these {1} tasks?" => "{0}这 {1} 个任务？",
        no_longer: "{0} is no longer possible: {1}." => "已无法{0}：{1}。",
        left_out: "Left out: {0}." => "不处理：{0}。",
        affected: "What happens to each step" => "各步骤将如何处理",
        what: ": {0}" => "：{0}",
        now: "{0} now" => "立即{0}",
        now_many: "{0} {1} tasks now" => "立即{0} {1} 个任务",
        keep: "Keep the task as it is" => "保持任务不变",
        keep_many: "Keep the tasks as they are" => "保持这些任务不变",
        sent: "{0} sent; following the task." => "已发送“{0}”，正在跟踪任务。",
        results: "What the agent answered, task by task" => "Agent 对每个任务的答复",
        loading: "Reading the tasks' steps…" => "正在读取任务的步骤…",
    }
}

/// "Retry sent; following the task." in the language of the moment it was sent.
pub fn sent_text(op: DagOp) -> String {
    fill(
        tx::t_untracked().sent,
        &[&op.label_in(crate::obshell::task::ops::tx::t_untracked())],
    )
}

/// The ids of the tasks `op` can be sent to now.
pub fn allowed(tasks: &[DagDetail], op: DagOp) -> Vec<String> {
    tasks
        .iter()
        .filter(|d| availability(d, op).is_ok())
        .map(|d| d.id.clone())
        .collect()
}

/// The confirmation of `op` on `tasks` (read with their steps). `on_yes` gets the ids of the
/// tasks it can still be sent to.
#[component]
pub fn ConfirmOp(
    op: DagOp,
    /// The tasks, with their nodes, as they are now (`None` while they are read).
    tasks: Signal<Option<Vec<DagDetail>>>,
    /// An operation is being sent: the button waits.
    #[prop(into)]
    pending: Signal<bool>,
    on_yes: Callback<Vec<String>>,
    on_no: Callback<()>,
) -> impl IntoView {
    let ok_ids = Memo::new(move |_| tasks.with(|t| t.as_deref().map(|t| allowed(t, op))));
    let count = move || tasks.with(|t| t.as_ref().map_or(0, Vec::len));
    let label = move || match count() {
        0 | 1 => fill(tx::t().confirm_one, &[&op.label()]),
        n => fill(tx::t().confirm_many, &[&op.label(), &n]),
    };
    let sendable = move || ok_ids.with(|ids| ids.as_ref().map_or(0, Vec::len));
    let send = move |_| {
        let ids = ok_ids.get_untracked().unwrap_or_default();
        if !ids.is_empty() && !pending.get_untracked() {
            on_yes.run(ids);
        }
    };
    // One block per task: the verdict, then the steps (a memo each, so a poll that changes
    // nothing redraws nothing).
    let body = move || {
        let list = tasks.get()?;
        let many = list.len() > 1;
        Some(
            list.into_iter()
                .map(|d| task_block(op, d, many))
                .collect_view(),
        )
    };
    view! {
        <div class="confirm" role="dialog" aria-label=label data-testid="confirm">
            {move || tasks.with(Option::is_none).then(|| view! { <p class="muted">{move || tx::t().loading}</p> })}
            {body}
            <button type="button" data-testid="confirm-yes" disabled=move || sendable() == 0 || pending.get() on:click=send>
                {move || match count() {
                    0 | 1 => fill(tx::t().now, &[&op.label()]),
                    _ => fill(tx::t().now_many, &[&op.label(), &sendable()]),
                }}
            </button>
            <button type="button" class="secondary" data-testid="confirm-no" on:click=move |_| on_no.run(())>
                {move || if count() > 1 { tx::t().keep_many } else { tx::t().keep }}
            </button>
        </div>
    }
}

/// One task in the confirmation: what the operation does to it (or why not), and to its steps.
fn task_block(op: DagOp, dag: DagDetail, many: bool) -> impl IntoView {
    let verdict = availability(&dag, op);
    let steps = if verdict.is_ok() {
        affected(&dag, op)
    } else {
        Vec::new()
    };
    let title = many.then(|| format!("{} ({})", dag.name, dag.id));
    let text = match (&verdict, many) {
        (Ok(text), _) => text.clone(),
        (Err(reason), false) => fill(tx::t().no_longer, &[&op.label(), reason]),
        (Err(reason), true) => fill(tx::t().left_out, &[reason]),
    };
    let steps = steps
        .into_iter()
        .map(|(step, what)| view! { <li><span>{step}</span>{fill(tx::t().what, &[&what])}</li> })
        .collect_view();
    view! {
        <div class="confirm-task" data-testid="confirm-task">
            {title.map(|t| view! { <strong>{t}</strong> })}
            <p>{text}</p>
            {verdict.is_ok().then(|| view! {
                <ol class="affected" aria-label=move || tx::t().affected data-testid="affected">{steps}</ol>
            })}
        </div>
    }
}

/// What the agent answered for each task an operation was sent to.
#[derive(Debug, Clone, PartialEq)]
pub struct OpResult {
    pub id: String,
    pub name: String,
    pub op: DagOp,
    pub answer: Result<(), ApiError>,
}

impl OpResult {
    /// Sends `op` to task `id` (`name`) once, and keeps what the agent answered.
    pub async fn send(s: &Session, op: DagOp, id: String, name: String) -> Self {
        let answer = s.operate_dag(&id, op.operator()).await;
        Self {
            id,
            name,
            op,
            answer,
        }
    }
}

/// The answers, one line per task: sent, or the agent's code, message and trace id (an answer
/// that never came is "outcome unknown", not a refusal: see `ErrorPanel`).
#[component]
pub fn OpResults(results: Vec<OpResult>) -> impl IntoView {
    let many = results.len() > 1;
    let items = results
        .into_iter()
        .map(|r| {
            let who = many.then(|| format!("{} ({}): ", r.name, r.id));
            match r.answer {
                Ok(()) => view! {
                    <li class="ok" data-testid="op-result">{who}{sent_text(r.op)}</li>
                }
                .into_any(),
                Err(e) => view! {
                    <li data-testid="op-refused">{who}<ErrorPanel error=e/></li>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <ul class="op-results" aria-label=move || tx::t().results>{items}</ul>
    }
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::model::task::TaskState;

    use super::*;
    use crate::ui::graph::model::synthetic_dag;

    fn failed(id: &str, name: &str) -> DagDetail {
        let mut dag = synthetic_dag(3, 1);
        dag.id = id.into();
        dag.name = name.into();
        dag.state = TaskState::Failed;
        dag.stage = 2;
        dag.nodes.as_mut().expect("nodes")[1].state = TaskState::Failed;
        dag
    }

    #[test]
    fn an_operation_on_several_goes_to_those_that_allow_it() {
        let tasks = vec![
            failed("11", "Scale out tenant replicas"),
            failed("12", "Cluster scale out"),
            synthetic_dag(3, 1),
        ];
        // A running task is not retried; both failed ones are.
        assert_eq!(allowed(&tasks, DagOp::Retry), ["11", "12"]);
        // A scale-out's steps cannot be passed: only the replica task is.
        assert_eq!(allowed(&tasks, DagOp::Pass), ["11"]);
        // Only the running one can be cancelled (its first steps allow it).
        assert_eq!(allowed(&tasks, DagOp::Cancel), [tasks[2].id.clone()]);
    }
}
