//! An OCP task, live: its summary, the graph of its subtasks, the task and subtask operations
//! with a confirmation ([`operations`]), and the selected subtask with its log followed
//! ([`subtask`]).
//!
//! Mounted once per task: each poll patches the graph's boxes in place ([`GraphStore`]) and the
//! panels read memos of the polled task, so a poll changes text, never rebuilds the page under
//! the reader. The subtask panel is rebuilt only when another subtask is chosen.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::ocp::{SubtaskStatus, Task, TaskStatus};

use crate::core::error::ApiError;
use crate::ocp::links::id_param;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::{DagGraph, GraphStore};
pub mod graph;
pub mod operations;
mod search;
pub mod subtask;
pub mod timeline;

use crate::core::poll::use_poller;
use crate::ocp::expect_ocp;
use crate::ui::refresh::RefreshBar;
use crate::ui::timeline::ViewTabs;
use graph::{current_subtask, graph_of_task};
pub use operations::AnyOp;
use operations::TaskOps;
pub use subtask::merge_log;
use subtask::SubtaskPanel;
use timeline::OcpTimeline;

crate::texts! {
    /// An OCP task: its page and summary.
    mod tx {
        reconnecting: "Reconnecting to OCP… the last known state is shown." => "正在重新连接 OCP…… 当前显示的是最后已知的状态。",
        loading: "Loading the task…" => "正在加载任务…",
        the_tenant: "the tenant" => "租户",
        name: "{0} (task {1})" => "{0}（任务 {1}）",
        summary: " · operation {0} · {1} of {2} subtasks successful · by {3} · started {4} · finished {5} · " => " · 操作 {0} · {2} 个子任务中 {1} 个成功 · 创建者 {3} · 开始于 {4} · 结束于 {5} · ",
    }
}

/// After an operation the page keeps polling this long, even if the task still reads final.
const AFTER_OP_MS: f64 = 30_000.0;

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
    crate::ocp::announcer::announce_on_page(task, poller, ocp.name());
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
    // The log search over every subtask (search.rs): a hit opens its subtask at its line.
    let (log_query, line) = (RwSignal::new(String::new()), search::line_param());
    let reconnecting = move || poller.errors.get() > 0;
    let side_error = Memo::new(move |_| error.get());
    let timeline_shown = RwSignal::new(false);
    view! {
        <section class="task ocp-task">
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
            <ViewTabs timeline_shown=timeline_shown
                timeline=move || view! { <OcpTimeline task=task on_select=on_select shown=timeline_shown.into()/> }>
                <DagGraph store=store selected=selected on_select=on_select current=current/>
            </ViewTabs>
            <search::OcpLogSearch task=task query=log_query/>
            {move || shown.get().map(|sid| view! { <SubtaskPanel task=task subtask_id=sid after_op=after_op outer=poller line=line.into() query=log_query.into()/> })}
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
        <PageHeader trail=vec![crate::ocp::sections::tasks(&expect_ocp().links())] testid="ocp-task-name"
            title=Signal::derive(move || head.with(|h| crate::core::i18n::fill(tx::t().name, &[&h.name, &h.id])))/>
        <p class="summary">
            <span role="status" aria-live="polite" data-testid="ocp-task-status" data-status=move || head.with(|h| h.status.as_str())
                class=move || head.with(|h| format!("state-{}", h.status.as_str().to_ascii_lowercase()))>{status}</span>
            {move || head.with(|h| crate::core::i18n::fill(tx::t().summary, &[
                &h.operation, &h.done, &h.total, &if h.creator.is_empty() { "–" } else { &h.creator }, &short(&h.start), &short(&h.finish)]))}
            {tenant_link}
        </p>
    }
}
