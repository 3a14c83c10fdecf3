//! An OCP task, live: its summary, the graph of its subtasks, the task and subtask operations
//! with a confirmation, and the selected subtask with its log followed.
//!
//! Mounted once per task: each poll patches the graph's boxes in place ([`GraphStore`]) and the
//! panels read memos of the polled task, so a poll changes text, never rebuilds the page under
//! the reader. The subtask panel is rebuilt only when another subtask is chosen.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::ops::{check_subtask_op, check_task_op, Refusal, SubtaskOp, TaskOp};
use obshell_protocol::ocp::{Subtask, SubtaskStatus, Task, TaskStatus};

use crate::core::error::ApiError;
use crate::core::i18n::glossed;
use crate::ocp::pages::id_param;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::model::{operator_label, state_cue};
use crate::ui::graph::{DagGraph, GraphStore};
pub mod graph;

use crate::core::poll::{use_poller, Poller};
use crate::ocp::expect_ocp;
use crate::ui::log_view::LogView;
use crate::ui::refresh::RefreshBar;
use graph::{box_operator, box_state, current_subtask, graph_of_task};

crate::texts! {
    /// An OCP task and its subtasks.
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
        all_tasks: "← all OCP tasks" => "← 全部 OCP 任务",
        reconnecting: "Reconnecting to OCP… the last known state is shown." => "正在重新连接 OCP…… 当前显示的是最后已知的状态。",
        loading: "Loading the task…" => "正在加载任务…",
        the_tenant: "the tenant" => "租户",
        name: "{0} (task {1})" => "{0}（任务 {1}）",
        summary: " · operation {0} · {1} of {2} subtasks successful · by {3} · started {4} · finished {5} · " => " · 操作 {0} · {2} 个子任务中 {1} 个成功 · 创建者 {3} · 开始于 {4} · 结束于 {5} · ",
        not_possible: "Not possible now: {0}." => "当前不可执行：{0}。",
        no_longer: "{0} is no longer possible: {1}." => "已无法{0}：{1}。",
        now: "{0} now" => "立即{0}",
        keep: "Keep it as it is" => "保持现状",
        sent: "Sent; following the task." => "已提交，正在跟踪任务。",
        not_loaded: "not loaded" => "尚未加载",
        task_not_loaded: "the task is not loaded" => "任务尚未加载",
        subtask_not_loaded: "the subtask is not loaded" => "子任务尚未加载",
        task_ops: "Task operations" => "任务操作",
        log: "Log" => "日志",
        facts: "subtask {0} · series {1} · {2} · operation {3} ({4}) · ran {5} time(s) · executor {6} · timeout {7} · started {8} · finished {9}" => "子任务 {0} · 序列 {1} · {2} · 操作 {3}（{4}） · 已执行 {5} 次 · 执行者 {6} · 超时 {7} · 开始于 {8} · 结束于 {9}",
        parallel: "parallel {0}" => "并行 {0}",
        serial: "serial" => "串行",
    }
}

/// After an operation the page keeps polling this long, even if the task still reads final.
const AFTER_OP_MS: f64 = 30_000.0;

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

/// The task's parts the summary and operations read.
#[derive(Debug, Clone, PartialEq, Default)]
struct Head {
    id: i64,
    name: String,
    status: TaskStatus,
    operation: String,
    creator: String,
    start: String,
    finish: String,
    cluster: Option<i64>,
    tenant: Option<i64>,
    done: usize,
    total: usize,
}

impl Head {
    fn of(t: &Task) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            status: t.status,
            operation: t.operation.as_str().to_owned(),
            creator: t.creator.name.clone(),
            start: t.start_time.clone().unwrap_or_default(),
            finish: t.finish_time.clone().unwrap_or_default(),
            cluster: t.cluster_id,
            tenant: t.tenant_id,
            done: t
                .subtasks
                .iter()
                .filter(|s| s.status == SubtaskStatus::Successful)
                .count(),
            total: t.subtasks.len(),
        }
    }
}

fn task_cue(status: TaskStatus) -> (&'static str, &'static str) {
    match status {
        TaskStatus::Running => ("▶", "running"),
        TaskStatus::Failed => ("✖", "failed"),
        TaskStatus::Successful => ("✔", "successful"),
        TaskStatus::Other(t) => ("?", t),
    }
}

/// `✔ SUCCESSFUL (successful)` in English; OCP's word with its gloss in another language
/// (`✔ SUCCESSFUL（成功）`).
fn cued(glyph: &str, status: &str, word: &str) -> String {
    match crate::core::i18n::gloss(status) {
        Some(g) => format!("{glyph} {status}（{g}）"),
        None if crate::core::i18n::lang() == crate::core::i18n::Lang::En => {
            format!("{glyph} {status} ({word})")
        }
        None => format!("{glyph} {status}"),
    }
}

/// A time OCP sent, in the language's form; `–` when there is none.
fn short(t: &str) -> String {
    if t.is_empty() {
        "–".to_owned()
    } else {
        crate::core::i18n::format::datetime_rfc3339(t)
    }
}

#[component]
pub fn OcpTaskPage() -> impl IntoView {
    let ocp = expect_ocp();
    let links = ocp.links();
    let id = id_param("id");
    let query = use_query_map();
    let chosen = Memo::new(move |_| {
        query
            .read()
            .get("subtask")
            .and_then(|s| s.parse::<i64>().ok())
    });
    let task = RwSignal::new(None::<Task>);
    let error = RwSignal::new(None::<ApiError>);
    let store = GraphStore::new();
    let keep_until = StoredValue::new(0.0f64);
    let poller = use_poller(move || {
        let (id, s) = (id.get_untracked(), ocp.session());
        async move {
            let Some(id) = id else {
                return Err(());
            };
            match s.task(id).await {
                Ok(t) => {
                    let (boxes, edges) = graph_of_task(&t);
                    store.apply_boxes(boxes, edges);
                    let done = t.status.is_terminal()
                        && js_sys::Date::now() > keep_until.try_get_value().unwrap_or_default();
                    if task.with_untracked(|old| old.as_ref() != Some(&t)) {
                        task.set(Some(t));
                    }
                    if error.with_untracked(Option::is_some) {
                        error.set(None);
                    }
                    Ok(done)
                }
                Err(e) => {
                    // Throttling and lost answers are retried (the session waits out a 429);
                    // a refusal (404, 403) is final.
                    let retry = e.outcome_unknown()
                        || e.ocp_status() == Some(429)
                        || matches!(e, ApiError::Transport { .. } | ApiError::Decode { .. });
                    error.set(Some(e));
                    if retry {
                        Err(())
                    } else {
                        Ok(true)
                    }
                }
            }
        }
    });
    let after_op = Callback::new(move |()| {
        keep_until.set_value(js_sys::Date::now() + AFTER_OP_MS);
        poller.kick();
    });
    let loaded = Memo::new(move |_| task.with(Option::is_some));
    let head = Memo::new(move |_| task.with(|t| t.as_ref().map(Head::of).unwrap_or_default()));
    let shown = Memo::new(move |_| {
        task.with(|t| {
            let t = t.as_ref()?;
            chosen
                .get()
                .filter(|c| t.subtasks.iter().any(|s| s.id == *c))
                .or_else(|| current_subtask(t))
        })
    });
    let selected = Signal::derive(move || shown.get().map(|s| s.to_string()));
    let current = Signal::derive(move || {
        let want = shown.get().map(|s| s.to_string());
        store.cells.with(|c| {
            c.iter()
                .position(|cell| cell.data.with_untracked(|b| Some(&b.key) == want.as_ref()))
                .unwrap_or(0)
        })
    });
    let navigate = use_navigate();
    let links_sel = links.clone();
    let on_select = Callback::new(move |(node, _): (String, Option<String>)| {
        let (Some(tid), Ok(sid)) = (id.get_untracked(), node.parse::<i64>()) else {
            return;
        };
        navigate(
            &links_sel.subtask(tid, sid),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let reconnecting = move || poller.errors.get() > 0;
    let side_error = Memo::new(move |_| error.get());
    let tasks_link = links.tasks(None);
    view! {
        <section class="task ocp-task">
            <p><a href=tasks_link>{move || tx::t().all_tasks}</a></p>
            {move || reconnecting().then(|| view! {
                <p class="banner warn" role="status" data-testid="reconnecting">{move || tx::t().reconnecting}</p>
            })}
            <Show when=move || loaded.get()
                fallback=move || match error.get() {
                    Some(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    None => view! { <p class="muted">{move || tx::t().loading}</p> }.into_any(),
                }>
                <TaskSummary head=head/>
                <RefreshBar poller=poller finished=Signal::derive(move || head.with(|h| h.status.is_terminal()))/>
                {move || side_error.get().map(|e| view! { <ErrorPanel error=e/> })}
                <TaskOps task=task after_op=after_op/>
            </Show>
            <DagGraph store=store selected=selected on_select=on_select current=current/>
            {move || shown.get().map(|sid| view! { <SubtaskPanel task=task subtask_id=sid after_op=after_op outer=poller/> })}
        </section>
    }
}

#[component]
fn TaskSummary(head: Memo<Head>) -> impl IntoView {
    let links = expect_ocp().links();
    let status = move || {
        head.with(|h| {
            let (glyph, word) = task_cue(h.status);
            cued(glyph, h.status.as_str(), word)
        })
    };
    let tenant_link = move || {
        head.with(|h| match (h.cluster, h.tenant) {
            (Some(c), Some(t)) => {
                Some(view! { <a href=links.tenant(c, t)>{move || tx::t().the_tenant}</a> })
            }
            _ => None,
        })
    };
    view! {
        <h1 data-testid="ocp-task-name">{move || head.with(|h| crate::core::i18n::fill(tx::t().name, &[&h.name, &h.id]))}</h1>
        <p class="summary">
            <span role="status" aria-live="polite" data-testid="ocp-task-status" data-status=move || head.with(|h| h.status.as_str())
                class=move || head.with(|h| format!("state-{}", h.status.as_str().to_ascii_lowercase()))>{status}</span>
            {move || head.with(|h| crate::core::i18n::fill(tx::t().summary, &[
                &h.operation, &h.done, &h.total, &if h.creator.is_empty() { "–" } else { &h.creator }, &short(&h.start), &short(&h.finish)]))}
            {tenant_link}
        </p>
    }
}

/// Buttons for `ops`, each enabled by its verdict (or saying why not, in its description),
/// with a confirmation, and the outcome (OCP's refusal with code, message and trace id).
#[component]
fn OpsBar(
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
    let buttons = ops
        .into_iter()
        .enumerate()
        .map(|(i, op)| {
            let desc = format!("{scope}-op-{i}-why");
            view! {
                <span class="op">
                    <button type="button" class="secondary"
                        aria-describedby=desc.clone()
                        disabled=move || verdict(op).is_err() || run.pending().get()
                        title=move || verdict(op).err().unwrap_or_else(|| op.explain().to_owned())
                        on:click=move |_| if verdict(op).is_ok() { confirming.set(Some(op)) }>
                        {move || op.label()}
                    </button>
                    <span class="muted small" id=desc>{move || match verdict(op) {
                        Ok(()) => String::new(),
                        Err(reason) => crate::core::i18n::fill(tx::t().not_possible, &[&reason]),
                    }}</span>
                </span>
            }
        })
        .collect_view();
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
fn TaskOps(task: RwSignal<Option<Task>>, after_op: Callback<()>) -> impl IntoView {
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
fn SubtaskPanel(
    task: RwSignal<Option<Task>>,
    subtask_id: i64,
    after_op: Callback<()>,
    /// The task's poller: an operation here wakes it too.
    outer: Poller,
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
    let verdicts = Memo::new(move |_| {
        sub.with(|s| {
            SubtaskOp::ALL
                .iter()
                .map(|op| match s {
                    Some(s) => check_subtask_op(s, *op).map_err(|r| subtask_refusal(s, *op, &r)),
                    None => Err(tx::t().subtask_not_loaded.to_owned()),
                })
                .collect::<Vec<_>>()
        })
    });
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
            <LogView lines=lines running=running anchor=subtask_id.to_string() target=Signal::derive(|| None) query=Signal::derive(String::new)/>
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
