//! A task (DAG), live: the graph, a summary with a ticking duration, the selected node with its
//! logs (following the tail), and the operations with a confirmation.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::model::task::{DagDetail, NodeDetail, TaskState};
use obshell_protocol::paths::segment;
use obshell_protocol::time::rfc3339_unix_seconds;
use obshell_protocol::version::Feature;

use crate::api::ApiError;
use crate::app::{agent_profile, session};
use crate::components::ErrorPanel;
use crate::graph::layout::{layout, Metrics};
use crate::graph::model::{graph_of, operator_label, state_cue};
use crate::graph::ops::{availability, node_pass, DagOp};
use crate::graph::{BoxCell, DagGraph};
use crate::poll::{use_poller, Poller};

/// Box keys and edges: all the layout depends on.
type Structure = (Vec<String>, Vec<(usize, usize)>);

/// The live graph: box cells and the structure the layout depends on.
#[derive(Debug, Clone, Copy)]
pub struct GraphStore {
    pub cells: RwSignal<Vec<BoxCell>>,
    pub structure: RwSignal<Structure>,
}

impl GraphStore {
    pub fn new() -> Self {
        Self {
            cells: RwSignal::new(Vec::new()),
            structure: RwSignal::new((Vec::new(), Vec::new())),
        }
    }

    /// Patches a poll in: only boxes whose data changed are touched; the list (and layout) is
    /// rebuilt only when the structure changed.
    pub fn apply(&self, dag: &DagDetail) {
        let (boxes, edges) = graph_of(dag);
        let keys: Vec<String> = boxes.iter().map(|b| b.key.clone()).collect();
        let same = self
            .structure
            .with_untracked(|(k, e)| *k == keys && *e == edges);
        if same {
            self.cells.with_untracked(|cells| {
                for (cell, data) in cells.iter().zip(boxes) {
                    if cell.data.with_untracked(|d| *d != data) {
                        cell.data.set(data);
                    }
                }
            });
        } else {
            let cells = boxes
                .into_iter()
                .map(|b| BoxCell {
                    key: StoredValue::new(b.key.clone()),
                    data: RwSignal::new(b),
                })
                .collect();
            self.cells.set(cells);
            self.structure.set((keys, edges));
        }
    }
}

impl Default for GraphStore {
    fn default() -> Self {
        Self::new()
    }
}

fn seconds_between(from: &str, to: Option<&str>) -> Option<i64> {
    let start = rfc3339_unix_seconds(from)?;
    let end = match to {
        Some(t) => rfc3339_unix_seconds(t)?,
        None => (js_sys::Date::now() / 1000.0) as i64,
    };
    (start > 0 && end >= start).then_some(end - start)
}

/// `2026-11-25 19:00:28` out of an RFC 3339 time.
fn short_time(t: &str) -> String {
    t.get(..19).unwrap_or(t).replace('T', " ")
}

fn human(secs: i64) -> String {
    if secs >= 3600 {
        format!("{}h {:02}m {:02}s", secs / 3600, secs / 60 % 60, secs % 60)
    } else if secs >= 60 {
        format!("{}m {:02}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    }
}

#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let selected = Signal::derive(move || query.read().get("node"));
    let selected_task = Signal::derive(move || query.read().get("task"));
    let dag = RwSignal::new(None::<DagDetail>);
    let error = RwSignal::new(None::<ApiError>);
    let store = GraphStore::new();
    let poller = use_poller(move || {
        let id = id();
        async move {
            let Some(s) = session() else { return Err(()) };
            match s.dag(&id).await {
                Ok(d) => {
                    store.apply(&d);
                    let done = d.state.is_final();
                    dag.set(Some(d));
                    error.set(None);
                    Ok(done)
                }
                Err(e) => {
                    // A refusal is final; a transport problem is retried with back-off.
                    let transport =
                        matches!(e, ApiError::Transport { .. } | ApiError::Decode { .. });
                    error.set(Some(e));
                    if transport {
                        Err(())
                    } else {
                        Ok(true)
                    }
                }
            }
        }
    });
    let layout = Memo::new(move |_| {
        store
            .structure
            .with(|(keys, edges)| layout(keys.len(), edges, &Metrics::default()))
    });
    let current = Signal::derive(move || {
        let stage = dag.with(|d| {
            d.as_ref()
                .map_or(1, |d| usize::try_from(d.stage).unwrap_or(1))
        });
        store.cells.with(|c| {
            c.iter()
                .position(|cell| cell.data.with_untracked(|b| b.stage == stage))
                .unwrap_or(0)
        })
    });
    let navigate = use_navigate();
    let on_select = Callback::new(move |(node, task): (String, Option<String>)| {
        let url = match task {
            Some(task) => format!(
                "/tasks/{}?node={}&task={}",
                segment(&id()),
                segment(&node),
                segment(&task)
            ),
            None => format!("/tasks/{}?node={}", segment(&id()), segment(&node)),
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let reconnecting = move || poller.errors.get() > 0;
    view! {
        <section class="task">
            {move || reconnecting().then(|| view! {
                <p class="banner warn" role="status" data-testid="reconnecting">"Reconnecting to the agent… the last known state is shown."</p>
            })}
            {move || match (dag.get(), error.get()) {
                (None, Some(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                (None, None) => view! { <p class="muted">"Loading the task…"</p> }.into_any(),
                (Some(d), e) => view! {
                    <Summary dag=d.clone()/>
                    {e.filter(|e| !matches!(e, ApiError::Transport { .. })).map(|e| view! { <ErrorPanel error=e/> })}
                    <Operations dag=d poller=poller/>
                }.into_any(),
            }}
            <DagGraph boxes=store.cells.into() layout=layout selected=selected on_select=on_select current=current/>
            {move || dag.with(|d| d.as_ref().and_then(|d| {
                let nodes = d.nodes.clone().unwrap_or_default();
                let chosen = selected.get()
                    .and_then(|s| nodes.iter().find(|n| n.id == s).cloned())
                    .or_else(|| nodes.get(usize::try_from(d.stage).unwrap_or(1).saturating_sub(1)).cloned())?;
                Some(view! { <NodePanel dag=d.clone() node=chosen poller=poller selected_task=selected_task.get()/> })
            }))}
        </section>
    }
}

#[component]
fn Summary(dag: DagDetail) -> impl IntoView {
    let (tick, set_tick) = signal(0u32);
    if !dag.state.is_final() {
        if let Ok(handle) =
            set_interval_with_handle(move || set_tick.update(|t| *t += 1), Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
    }
    let (glyph, word) = state_cue(dag.state);
    let start = dag.start_time.clone();
    let end = dag.state.is_final().then(|| dag.end_time.clone());
    let duration = move || {
        tick.get();
        seconds_between(&start, end.as_deref())
            .map(human)
            .unwrap_or_else(|| "–".to_owned())
    };
    view! {
        <h1 data-testid="task-name">{dag.name.clone()}</h1>
        <p class="summary" data-testid="task-summary">
            <span data-testid="task-id">{format!("task {}", dag.id)}</span>" · "
            <span data-testid="task-state" class=format!("state state-{}", dag.state.as_str().to_ascii_lowercase())>{format!("{glyph} {}", dag.state.as_str())}</span>
            <span class="muted">{format!(" ({word})")}</span>" · "
            <span data-testid="task-operator">{format!("{} ({})", dag.operator.as_str(), operator_label(dag.operator))}</span>" · "
            <span data-testid="task-stage">{format!("stage {} of {}", dag.stage, dag.max_stage)}</span>" · "
            {format!("started {}", dag.start_time.get(..19).unwrap_or(&dag.start_time).replace('T', " "))}" · "
            <span data-testid="task-duration">{duration}</span>
        </p>
    }
}

/// What the user clicked and what came of it.
#[derive(Debug, Clone, PartialEq)]
enum OpOutcome {
    Confirming(DagOp, String),
    Done(String),
    Refused(ApiError),
}

#[component]
fn Operations(dag: DagDetail, poller: Poller) -> impl IntoView {
    let outcome = RwSignal::new(None::<OpOutcome>);
    let id = dag.id.clone();
    let run = Action::new_local(move |op: &DagOp| {
        let (op, id) = (*op, id.clone());
        async move {
            let result = match session() {
                Some(s) => s.operate_dag(&id, op.operator()).await,
                None => Ok(()),
            };
            (op, result)
        }
    });
    Effect::new(move |_| {
        if let Some((op, result)) = run.value().get() {
            outcome.set(Some(match result {
                Ok(()) => OpOutcome::Done(format!("{} sent; following the task.", op.label())),
                Err(e) => OpOutcome::Refused(e),
            }));
            poller.kick();
        }
    });
    let buttons = DagOp::ALL
        .into_iter()
        .map(|op| {
            let verdict = availability(&dag, op);
            let reason = verdict.clone().err();
            let blocked = verdict.is_err();
            view! {
                <button type="button" class="secondary" data-testid=format!("op-{}", op.operator().to_ascii_lowercase())
                    disabled=move || blocked || run.pending().get()
                    title=reason.clone().unwrap_or_default()
                    on:click={
                        let verdict = verdict.clone();
                        move |_| if let Ok(text) = &verdict { outcome.set(Some(OpOutcome::Confirming(op, text.clone()))) }
                    }>
                    {op.label()}
                </button>
            }
        })
        .collect_view();
    let reasons: Vec<String> = DagOp::ALL
        .iter()
        .filter_map(|op| {
            availability(&dag, *op)
                .err()
                .map(|r| format!("{}: {r}", op.label()))
        })
        .collect();
    view! {
        <div class="operations" data-testid="operations">
            {buttons}
            <details class="muted"><summary>"why some are disabled"</summary>
                <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            </details>
            {move || outcome.get().map(|o| match o {
                OpOutcome::Confirming(op, text) => view! {
                    <div class="confirm" role="dialog" data-testid="confirm">
                        <p>{text}</p>
                        <button type="button" data-testid="confirm-yes" on:click=move |_| { outcome.set(None); run.dispatch(op); }>{format!("{} now", op.label())}</button>
                        <button type="button" class="secondary" data-testid="confirm-no" on:click=move |_| outcome.set(None)>"Keep the task as it is"</button>
                    </div>
                }.into_any(),
                OpOutcome::Done(text) => view! { <p class="ok" data-testid="op-result">{text}</p> }.into_any(),
                OpOutcome::Refused(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn NodePanel(
    dag: DagDetail,
    node: NodeDetail,
    poller: Poller,
    selected_task: Option<String>,
) -> impl IntoView {
    let (glyph, word) = state_cue(node.state);
    let ended = node.state.is_final().then(|| node.end_time.clone());
    let took = seconds_between(&node.start_time, ended.as_deref())
        .filter(|_| node.state != TaskState::Pending)
        .map(human)
        .unwrap_or_else(|| "–".to_owned());
    // Passing one step is an agent feature of 4.3.1 and later.
    let pass = match agent_profile().map_or(Ok(()), |p| p.gate(Feature::NodePass)) {
        Ok(()) => node_pass(&dag, &node),
        Err(reason) => Err(reason),
    };
    let node_id = node.id.clone();
    let passing = Action::new_local(move |_: &()| {
        let id = node_id.clone();
        async move {
            match session() {
                Some(s) => s.pass_node(&id).await,
                None => Ok(()),
            }
        }
    });
    Effect::new(move |_| {
        if passing.value().get().is_some() {
            poller.kick();
        }
    });
    let confirm = RwSignal::new(false);
    let tasks = node.sub_tasks.clone().unwrap_or_default();
    view! {
        <section class="node-panel" data-testid="node-panel">
            <h2 data-testid="node-name">{node.name.clone()}</h2>
            <p class="muted">
                {format!("node {} · ", node.id)}
                <span data-testid="node-state">{format!("{glyph} {} ({word})", node.state.as_str())}</span>
                {format!(" · {} · took {took}", node.operator.as_str())}
            </p>
            <p class="muted" data-testid="node-times">
                {format!("started {} · ended {}", short_time(&node.start_time), if node.state.is_final() { short_time(&node.end_time) } else { "–".to_owned() })}
            </p>
            {match pass {
                Ok(text) => view! {
                    <button type="button" class="secondary" data-testid="node-pass" on:click=move |_| confirm.set(true)>"Pass this step"</button>
                    <Show when=move || confirm.get()>
                        <div class="confirm" role="dialog">
                            <p>{text.clone()}</p>
                            <button type="button" data-testid="node-pass-yes" on:click=move |_| { confirm.set(false); passing.dispatch(()); }>"Pass now"</button>
                            <button type="button" class="secondary" on:click=move |_| confirm.set(false)>"Keep it"</button>
                        </div>
                    </Show>
                }.into_any(),
                Err(reason) => view! { <p class="muted" data-testid="node-pass-reason">{format!("Pass this step: not possible ({reason}).")}</p> }.into_any(),
            }}
            {move || passing.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorPanel error=e/> })}
            {tasks.into_iter().map(|t| {
                let logs = t.task_logs.clone().unwrap_or_default();
                let error_line = logs.iter().rev().find(|l| l.starts_with("ERROR:")).cloned();
                view! {
                    <article class=if selected_task.as_deref() == Some(t.id.as_str()) { "sub-task selected" } else { "sub-task" } data-testid="sub-task">
                        <p>{format!("sub-task {} on ", t.id)}<strong data-testid="execute-agent">{format!("{}:{}", t.execute_agent.ip, t.execute_agent.port)}</strong>
                            {format!(" · executed {} time(s) · {}", t.execute_times, t.state.as_str())}</p>
                        {error_line.map(|l| view! { <p class="error-line" role="alert" data-testid="error-line">{l}</p> })}
                        <LogView lines=logs running=t.state == TaskState::Running/>
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

/// A log that follows its tail until the reader scrolls up.
#[component]
fn LogView(lines: Vec<String>, running: bool) -> impl IntoView {
    let follow = RwSignal::new(true);
    let pre = NodeRef::<leptos::html::Pre>::new();
    let count = lines.len();
    Effect::new(move |_| {
        if follow.get() {
            if let Some(el) = pre.get() {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = pre.get() {
            let at_bottom = el.scroll_top() + el.client_height() >= el.scroll_height() - 4;
            follow.set(at_bottom);
        }
    };
    view! {
        <div class="log-head">
            <span class="muted">{format!("{count} line(s){}", if running { " · live" } else { "" })}</span>
            <Show when=move || !follow.get()>
                <button type="button" class="secondary" data-testid="follow" on:click=move |_| follow.set(true)>"Follow the end"</button>
            </Show>
        </div>
        <pre class="log" node_ref=pre on:scroll=on_scroll data-testid="log">
            {lines.into_iter().map(|l| {
                let class = if l.starts_with("ERROR:") { "error" } else if l.starts_with("WARN:") { "warn" } else { "" };
                view! { <span class=class>{l}"\n"</span> }
            }).collect_view()}
        </pre>
    }
}
