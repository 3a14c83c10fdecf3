//! The task and subtask operations: what each does, why OCP would refuse it now (in the
//! console's language, with OCP's code), and the bar of buttons that sends one after a
//! confirmation.

use leptos::prelude::*;
use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::ops::{check_subtask_op, check_task_op, Refusal, SubtaskOp, TaskOp};
use obshell_protocol::ocp::{Subtask, SubtaskStatus, Task, TaskStatus};

use crate::core::error::ApiError;
use crate::core::i18n::glossed;
use crate::ocp::expect_ocp;
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The operations of an OCP task and its subtasks.
    mod tx {
        retry_task: "Retry task" => "重试任务",
        rollback_task: "Roll back task" => "回滚任务",
        retry_subtask: "Retry subtask" => "重试子任务",
        skip_subtask: "Skip subtask" => "跳过子任务",
        cancel_subtask: "Cancel subtask" => "取消子任务",
        explain_retry_task: "OCP rolls back the failed subtasks, runs them again and goes on downstream." => "OCP 回滚失败的子任务，重新执行它们，然后继续执行下游子任务。",
        explain_rollback_task: "OCP rolls back from the failed subtask to the first, cleaning up what the task made. The task cannot be run again afterwards." => "OCP 从失败的子任务回滚到第一个子任务，清理该任务已创建的内容。回滚后该任务不能再次执行。",
        explain_retry_subtask: "OCP rolls this subtask back and runs it again." => "OCP 回滚此子任务并重新执行。",
        explain_skip_subtask: "OCP marks this subtask successful without running it again and goes on with the next ones." => "OCP 将此子任务标记为成功而不再执行，并继续执行后续子任务。",
        explain_cancel_subtask: "OCP stops this running subtask: it fails, and so does the task (it can then be retried or skipped)." => "OCP 停止这个正在执行的子任务：子任务和任务都将失败（之后可以重试或跳过）。",
        needs_task: "{0} needs the task {1}, it is {2}" => "{0}要求任务处于 {1} 状态，当前为 {2}",
        needs_subtask: "{0} needs the subtask {1}, it is {2}" => "{0}要求子任务处于 {1} 状态，当前为 {2}",
        rollback_failed_task: "a task whose rollback failed cannot be retried" => "回滚失败的任务不能重试",
        rollback_failed_subtask: "a subtask whose rollback failed cannot be retried" => "回滚失败的子任务不能重试",
        prohibit_rollback: "task {0} prohibits rollback" => "任务 {0} 禁止回滚",
        reason_code: "{0} ({1})" => "{0}（{1}）",
        not_possible: "{0}: {1}." => "{0}：{1}。",
        not_possible_count: "Not possible now ({0})" => "当前不可执行（{0} 项）",
        no_longer: "{0} is no longer possible: {1}." => "已无法{0}：{1}。",
        now: "{0} now" => "立即{0}",
        keep: "Keep it as it is" => "保持现状",
        sent: "Sent; following the task." => "已提交，正在跟踪任务。",
        not_loaded: "not loaded" => "尚未加载",
        task_not_loaded: "the task is not loaded" => "任务尚未加载",
        subtask_not_loaded: "the subtask is not loaded" => "子任务尚未加载",
        task_ops: "Task operations" => "任务操作",
    }
}

/// A task or subtask operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnyOp {
    Task(TaskOp),
    Subtask(SubtaskOp),
}

impl AnyOp {
    /// The button's name in the current language (English as `ops` labels it).
    pub fn label(self) -> &'static str {
        let t = tx::t();
        match self {
            Self::Task(TaskOp::Retry) => t.retry_task,
            Self::Task(TaskOp::Rollback) => t.rollback_task,
            Self::Subtask(SubtaskOp::Retry) => t.retry_subtask,
            Self::Subtask(SubtaskOp::Skip) => t.skip_subtask,
            Self::Subtask(SubtaskOp::Cancel) => t.cancel_subtask,
        }
    }

    /// What it does, in OCP's terms (docs/protocol/ocp.md §2.4).
    pub fn explain(self) -> &'static str {
        let t = tx::t();
        match self {
            Self::Task(TaskOp::Retry) => t.explain_retry_task,
            Self::Task(TaskOp::Rollback) => t.explain_rollback_task,
            Self::Subtask(SubtaskOp::Retry) => t.explain_retry_subtask,
            Self::Subtask(SubtaskOp::Skip) => t.explain_skip_subtask,
            Self::Subtask(SubtaskOp::Cancel) => t.explain_cancel_subtask,
        }
    }
}

/// Why OCP would refuse a task operation now, with OCP's code: OCP's message in English (as
/// `ops::check_task_op` words it), the same reason from the task's state in another language.
fn task_refusal(t: &Task, op: TaskOp, r: &Refusal) -> String {
    let reason = if crate::core::i18n::lang() == crate::core::i18n::Lang::En {
        r.message.clone()
    } else if t.status != TaskStatus::Failed {
        crate::core::i18n::fill(
            tx::t().needs_task,
            &[
                &AnyOp::Task(op).label(),
                &"FAILED",
                &glossed(t.status.as_str()),
            ],
        )
    } else if r.code.code == codes::TASK_PROHIBIT_ROLLBACK.code {
        crate::core::i18n::fill(tx::t().prohibit_rollback, &[&t.id])
    } else {
        tx::t().rollback_failed_task.to_owned()
    };
    crate::core::i18n::fill(tx::t().reason_code, &[&reason, &r.code.code])
}

/// [`task_refusal`] for a subtask operation (`ops::check_subtask_op`).
fn subtask_refusal(s: &Subtask, op: SubtaskOp, r: &Refusal) -> String {
    let need = match op {
        SubtaskOp::Retry | SubtaskOp::Skip => SubtaskStatus::Failed,
        SubtaskOp::Cancel => SubtaskStatus::Running,
    };
    let reason = if crate::core::i18n::lang() == crate::core::i18n::Lang::En {
        r.message.clone()
    } else if s.status != need {
        crate::core::i18n::fill(
            tx::t().needs_subtask,
            &[
                &AnyOp::Subtask(op).label(),
                &need.as_str(),
                &glossed(s.status.as_str()),
            ],
        )
    } else {
        tx::t().rollback_failed_subtask.to_owned()
    };
    crate::core::i18n::fill(tx::t().reason_code, &[&reason, &r.code.code])
}

/// Each subtask operation's verdict for `s`: allowed, or why not.
pub fn subtask_verdicts(s: Option<&Subtask>) -> Vec<Result<(), String>> {
    SubtaskOp::ALL
        .iter()
        .map(|op| match s {
            Some(s) => check_subtask_op(s, *op).map_err(|r| subtask_refusal(s, *op, &r)),
            None => Err(tx::t().subtask_not_loaded.to_owned()),
        })
        .collect::<Vec<_>>()
}

/// Buttons for the `ops` whose verdict allows them, each with a confirmation; the others folded
/// into one "not possible now" line that opens to their reasons; and the outcome (OCP's refusal
/// with code, message and trace id).
#[component]
pub fn OpsBar(
    ops: Vec<AnyOp>,
    verdicts: Memo<Vec<Result<(), String>>>,
    run: Action<AnyOp, Result<(), ApiError>>,
    /// Distinguishes the ids of two bars on one page.
    scope: &'static str,
) -> impl IntoView {
    let confirming = RwSignal::new(None::<AnyOp>);
    let list = StoredValue::new(ops.clone());
    let verdict = move |op: AnyOp| {
        let i = list.with_value(|l| l.iter().position(|o| *o == op).unwrap_or(0));
        verdicts.with(|v| {
            v.get(i)
                .cloned()
                .unwrap_or_else(|| Err(tx::t().not_loaded.into()))
        })
    };
    // Only what can act now is offered; what cannot is folded into one line with its reasons.
    let offered = move || {
        list.with_value(|l| {
            l.iter()
                .copied()
                .filter(|op| verdict(*op).is_ok())
                .collect::<Vec<_>>()
        })
    };
    let refused = move || {
        list.with_value(|l| {
            l.iter()
                .filter_map(|op| verdict(*op).err().map(|why| (op.label(), why)))
                .collect::<Vec<_>>()
        })
    };
    let buttons = move || {
        offered()
            .into_iter()
            .map(|op| {
                view! {
                    <button type="button" class="secondary"
                        disabled=move || run.pending().get()
                        title=move || op.explain()
                        on:click=move |_| if verdict(op).is_ok() { confirming.set(Some(op)) }>
                        {move || op.label()}
                    </button>
                }
            })
            .collect_view()
    };
    let why_not = move || {
        let refused = refused();
        (!refused.is_empty()).then(|| {
            let count = refused.len();
            view! {
                <details class="ops-why-not" data-testid=format!("{scope}-ops-why-not")>
                    <summary class="muted small">{crate::core::i18n::fill(tx::t().not_possible_count, &[&count])}</summary>
                    <ul class="muted small">
                        {refused.into_iter().map(|(label, why)| view! { <li>{crate::core::i18n::fill(tx::t().not_possible, &[&label, &why])}</li> }).collect_view()}
                    </ul>
                </details>
            }
        })
    };
    let dialog = move |op: AnyOp| {
        let send = move |_| {
            if verdict(op).is_ok() && !run.pending().get_untracked() {
                confirming.set(None);
                run.dispatch(op);
            }
        };
        view! {
            <div class="confirm" role="dialog" aria-label=move || if crate::core::i18n::lang() == crate::core::i18n::Lang::En { format!("{}?", op.label()) } else { format!("{}？", op.label()) }>
                <p>{move || op.explain()}</p>
                {move || verdict(op).err().map(|r| view! { <p class="warn">{crate::core::i18n::fill(tx::t().no_longer, &[&op.label(), &r])}</p> })}
                <button type="button" disabled=move || verdict(op).is_err() on:click=send>{move || crate::core::i18n::fill(tx::t().now, &[&op.label()])}</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(None)>{move || tx::t().keep}</button>
            </div>
        }
    };
    view! {
        <div class="operations">
            {buttons}
            {why_not}
            {move || confirming.get().map(dialog)}
            {move || match run.value().get() {
                Some(Ok(())) => Some(view! { <p class="ok" role="status">{move || tx::t().sent}</p> }.into_any()),
                Some(Err(e)) => Some(view! { <ErrorPanel error=e/> }.into_any()),
                None => None,
            }}
        </div>
    }
}

#[component]
pub fn TaskOps(task: RwSignal<Option<Task>>, after_op: Callback<()>) -> impl IntoView {
    let ocp = expect_ocp();
    let verdicts = Memo::new(move |_| {
        task.with(|t| {
            TaskOp::ALL
                .iter()
                .map(|op| match t {
                    Some(t) => check_task_op(t, *op).map_err(|r| task_refusal(t, *op, &r)),
                    None => Err(tx::t().task_not_loaded.to_owned()),
                })
                .collect::<Vec<_>>()
        })
    });
    let run = Action::new_local(move |op: &AnyOp| {
        let op = *op;
        let id = task.with_untracked(|t| t.as_ref().map(|t| t.id).unwrap_or_default());
        let s = ocp.session();
        async move {
            let result = match op {
                AnyOp::Task(op) => s.task_op(id, op).await,
                AnyOp::Subtask(_) => Ok(()),
            };
            let _ = after_op.try_run(());
            result
        }
    });
    view! {
        <h2 class="sr-only">{move || tx::t().task_ops}</h2>
        <OpsBar ops=TaskOp::ALL.map(AnyOp::Task).to_vec() verdicts=verdicts run=run scope="task"/>
    }
}
