//! The selected subtask: its state and facts, its operations, and its log, followed while it
//! runs (a retry that rewrites the log replaces it).

use leptos::prelude::*;
use obshell_protocol::ocp::ops::SubtaskOp;
use obshell_protocol::ocp::{Subtask, SubtaskStatus, Task};

use super::graph::{box_operator, box_state};
use super::operations::{subtask_verdicts, AnyOp, OpsBar};
use super::{cued, short};
use crate::core::error::ApiError;
use crate::core::poll::{use_poller, Poller};
use crate::ocp::expect_ocp;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::model::{operator_label, state_cue};
use crate::ui::log_view::LogView;

crate::texts! {
    /// The subtask panel.
    mod tx {
        log: "Log" => "日志",
        facts: "subtask {0} · series {1} · {2} · operation {3} ({4}) · ran {5} time(s) · executor {6} · timeout {7} · started {8} · finished {9}" => "子任务 {0} · 序列 {1} · {2} · 操作 {3}（{4}） · 已执行 {5} 次 · 执行者 {6} · 超时 {7} · 开始于 {8} · 结束于 {9}",
        parallel: "parallel {0}" => "并行 {0}",
        serial: "serial" => "串行",
    }
}

/// Appends the new tail of a whole log OCP sent again; a log that is not a continuation (a
/// retry rewrote it) replaces the old one. Returns whether anything changed.
pub fn merge_log(old: &mut String, new: &str) -> bool {
    if new.len() > old.len() && new.starts_with(old.as_str()) {
        old.push_str(&new[old.len()..]);
        true
    } else if new != old.as_str() {
        old.clear();
        old.push_str(new);
        true
    } else {
        false
    }
}

#[component]
pub fn SubtaskPanel(
    task: RwSignal<Option<Task>>,
    subtask_id: i64,
    after_op: Callback<()>,
    /// The task's poller: an operation here wakes it too.
    outer: Poller,
    /// The log line the URL asks for (a log search's hit).
    line: Signal<Option<usize>>,
    /// The log search: matching text is marked.
    query: Signal<String>,
) -> impl IntoView {
    let ocp = expect_ocp();
    let sub = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .and_then(|t| t.subtasks.iter().find(|s| s.id == subtask_id).cloned())
        })
    });
    let task_id = Memo::new(move |_| task.with(|t| t.as_ref().map(|t| t.id).unwrap_or_default()));
    let status = Memo::new(move |_| sub.with(|s| s.as_ref().map(|s| s.status)));
    let log = RwSignal::new(String::new());
    let log_error = RwSignal::new(None::<ApiError>);
    let log_poller = use_poller(move || {
        let (tid, s) = (task_id.get_untracked(), ocp.session());
        async move {
            match s.subtask_log(tid, subtask_id).await {
                Ok(text) => {
                    let changed = log.with_untracked(|l| l.as_str() != text);
                    if changed {
                        log.update(|l| {
                            merge_log(l, &text);
                        });
                    }
                    if log_error.with_untracked(Option::is_some) {
                        log_error.set(None);
                    }
                    let done = status.get_untracked().is_some_and(|s| {
                        matches!(s, SubtaskStatus::Successful | SubtaskStatus::Failed)
                    });
                    Ok(done)
                }
                Err(e) => {
                    log_error.set(Some(e));
                    Err(())
                }
            }
        }
    });
    // A subtask that runs again (retry) or ends: read its log at once.
    Effect::new(move |prev: Option<Option<SubtaskStatus>>| {
        let now = status.get();
        if prev.is_some_and(|p| p != now) {
            log_poller.kick();
        }
        now
    });
    let lines = Memo::new(move |_| log.with(|l| l.lines().map(str::to_owned).collect::<Vec<_>>()));
    let running = Signal::derive(move || {
        matches!(
            status.get(),
            Some(SubtaskStatus::Running | SubtaskStatus::Canceling)
        )
    });
    let field = move |f: fn(&Subtask) -> String| {
        move || sub.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let state = field(|s| {
        let (glyph, word) = state_cue(box_state(s.status));
        cued(glyph, s.status.as_str(), word)
    });
    let facts = field(|s| {
        let t = tx::t();
        crate::core::i18n::fill(
            t.facts,
            &[
                &s.id,
                &s.series_id,
                &if s.is_parallel() {
                    crate::core::i18n::fill(t.parallel, &[&s.parallel_idx])
                } else {
                    t.serial.to_owned()
                },
                &s.operation.as_str(),
                &operator_label(box_operator(s.operation)),
                &s.run_time,
                &s.executor.clone().unwrap_or_else(|| "–".into()),
                &s.timeout
                    .map(crate::core::i18n::format::duration_secs)
                    .unwrap_or_else(|| "–".into()),
                &short(s.start_time.as_deref().unwrap_or_default()),
                &short(s.finish_time.as_deref().unwrap_or_default()),
            ],
        )
    });
    let verdicts = Memo::new(move |_| sub.with(|s| subtask_verdicts(s.as_ref())));
    let run = Action::new_local(move |op: &AnyOp| {
        let op = *op;
        let (tid, s) = (task_id.get_untracked(), ocp.session());
        async move {
            let result = match op {
                AnyOp::Subtask(op) => s.subtask_op(tid, subtask_id, op).await,
                AnyOp::Task(_) => Ok(()),
            };
            let _ = after_op.try_run(());
            outer.kick();
            log_poller.kick();
            result
        }
    });
    view! {
        <section class="node-panel" data-testid="ocp-subtask-panel" aria-labelledby="ocp-subtask-name">
            <h2 id="ocp-subtask-name" data-testid="ocp-subtask-name">{field(|s| s.name.clone())}</h2>
            <p><span data-testid="ocp-subtask-state">{state}</span></p>
            <p class="muted" data-testid="ocp-subtask-facts">{facts}</p>
            {move || sub.with(|s| s.as_ref().filter(|s| !s.description.is_empty()).map(|s| view! { <p>{s.description.clone()}</p> }))}
            <OpsBar ops=SubtaskOp::ALL.map(AnyOp::Subtask).to_vec() verdicts=verdicts run=run scope="subtask"/>
            <h3>{move || tx::t().log}</h3>
            {move || log_error.get().map(|e| view! { <ErrorPanel error=e/> })}
            <LogView lines=lines running=running anchor=subtask_id.to_string() target=line query=query/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::merge_log;

    #[test]
    fn a_log_grows_by_its_new_tail() {
        let mut log = String::from("a\nb\n");
        assert!(merge_log(&mut log, "a\nb\nc\n"));
        assert_eq!(log, "a\nb\nc\n");
        assert!(!merge_log(&mut log, "a\nb\nc\n"));
        // Rewritten (not a continuation): replaced.
        assert!(merge_log(&mut log, "x\n"));
        assert_eq!(log, "x\n");
    }
}
