//! A task (DAG), live: the graph, a summary with a ticking duration, the selected node with its
//! logs (following the tail), and the operations with a confirmation.
//!
//! Every panel is mounted once per task page and fed by memos derived from the polled DAG, so a
//! poll changes text in place: a confirmation, a result, a log's scroll position survive it.

#[cfg(feature = "bench")]
mod bench;
pub mod confirm;
mod history;
mod linked;
mod node;
pub mod operations;
pub mod ops;
mod outcome;
mod scale_out;
mod search;
pub mod shapes;
mod summary;
pub mod timeline;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::time::rfc3339_unix_seconds;

use crate::core::error::ApiError;
use crate::core::poll::use_poller;
use crate::obshell::context::expect_obshell;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::{DagGraph, GraphStore};
use crate::ui::history::{HistoryLine, StepsUsual};
use crate::ui::refresh::RefreshBar;
use crate::ui::timeline::ViewTabs;

use history::{ticking_run, EarlierRuns};
use linked::{local_url, LinkedDag, ParentLink};
use node::NodePanel;
use operations::Operations;
use outcome::AfterSuccess;
use scale_out::local_scale_out_id;
use search::{Hit, LogSearch};
use summary::{DagHead, Summary};
use timeline::AgentTimeline;

pub(super) fn seconds_between(from: &str, to: Option<&str>) -> Option<i64> {
    let start = rfc3339_unix_seconds(from)?;
    let end = match to {
        Some(t) => rfc3339_unix_seconds(t)?,
        None => (js_sys::Date::now() / 1000.0) as i64,
    };
    (start > 0 && end >= start).then_some(end - start)
}

crate::texts! {
    /// The task page's own texts.
    mod tx {
        reconnecting: "Reconnecting to the agent… the last known state is shown." => "正在重新连接 Agent…显示的是最后已知的状态。",
        loading: "Loading the task…" => "正在加载任务…",
    }
}

/// The node the panel shows: the one chosen in the URL, else the current stage's.
fn shown_node_id(dag: &DagDetail, selected: Option<&str>) -> Option<String> {
    let nodes = dag.nodes.as_deref().unwrap_or_default();
    selected
        .and_then(|s| nodes.iter().find(|n| n.id == s))
        .or_else(|| nodes.get(usize::try_from(dag.stage).unwrap_or(1).saturating_sub(1)))
        .map(|n| n.id.clone())
}

#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let selected = Signal::derive(move || query.read().get("node"));
    let selected_task = Signal::derive(move || query.read().get("task"));
    let line = Signal::derive(move || {
        query
            .read()
            .get("line")
            .and_then(|l| l.parse::<usize>().ok())
    });
    let log_query = RwSignal::new(String::new());
    let dag = RwSignal::new(None::<DagDetail>);
    let error = RwSignal::new(None::<ApiError>);
    let store = GraphStore::new();
    // A cluster scale-out's new host runs its own DAG; the same poll reads it too.
    let local = RwSignal::new(None::<DagDetail>);
    let scope = expect_obshell();
    let session = scope.session.clone();
    let base = scope.links.clone();
    let cluster_agent = scope.profile.identity == AgentIdentity::ClusterAgent;
    let earlier = EarlierRuns::new(session.clone(), cluster_agent);
    let poller = use_poller(move || {
        let id = id();
        let s = session.clone();
        async move {
            if earlier.in_place_of_a_poll().await {
                return Ok(false);
            }
            match s.dag(&id).await {
                Ok(d) => {
                    earlier.saw(&d);
                    let task_ended = d.state.is_final();
                    store.apply(&d);
                    let mut done = d.state.is_final();
                    let linked = local_scale_out_id(&d);
                    dag.set(Some(d));
                    error.set(None);
                    if let Some(lid) = linked {
                        let ended = local.with_untracked(|l| {
                            l.as_ref()
                                .is_some_and(|l| l.id == lid && l.state.is_final())
                        });
                        if !ended {
                            // Its failure to answer is shown there as "not read yet".
                            if let Ok(l) = s.dag(&lid).await {
                                done = done && l.state.is_final();
                                local.set(Some(l));
                            }
                        }
                    }
                    // Shown first; then the earlier runs, at once now that it has ended.
                    if task_ended {
                        earlier.rest().await;
                    }
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
    // Another task opened on this page (the links between a scale-out's two DAGs): polled at
    // once, even when the last one had ended and the poller was waiting for nothing.
    Effect::new(move |was: Option<String>| {
        let now = id();
        if was.is_some_and(|w| w != now) {
            poller.kick();
        }
        now
    });
    // What the panels read; each memo notifies only when its own part changed.
    let loaded = Memo::new(move |_| dag.with(Option::is_some));
    let head = Memo::new(move |_| dag.with(|d| d.as_ref().map(DagHead::of).unwrap_or_default()));
    // The header's badge follows this poll instead of polling beside it.
    let watcher = crate::core::poll::expect_task_watch().watch(scope.links.name(), poller);
    Effect::new(move |_| {
        head.with(|h| {
            if !h.id.is_empty() {
                watcher.saw(&h.id, h.state);
            }
        })
    });
    let node_id = Memo::new(move |_| {
        dag.with(|d| {
            d.as_ref()
                .and_then(|d| shown_node_id(d, selected.get().as_deref()))
        })
    });
    // A task seen running that ends is announced (title, and a notification if allowed).
    let journal = crate::core::journal::expect_journal();
    let backend = scope.links.name().to_owned();
    Effect::new(move |was_running: Option<bool>| {
        let (running, ended) =
            head.with(|h| (!h.id.is_empty() && !h.state.is_final(), h.state.is_final()));
        if was_running == Some(true) && ended {
            head.with_untracked(|h| {
                let ended = crate::obshell::announcer::ended_in(&h.name, &h.id, h.state);
                crate::core::journal::announce(journal, &backend, &ended)
            });
        }
        running
    });
    let current = Signal::derive(move || {
        let stage = usize::try_from(head.with(|h| h.stage)).unwrap_or(1);
        store.cells.with(|c| {
            c.iter()
                .position(|cell| cell.data.with_untracked(|b| b.stage == stage))
                .unwrap_or(0)
        })
    });
    let linked_id = Memo::new(move |_| dag.with(|d| d.as_ref().and_then(local_scale_out_id)));
    let local_link = {
        let base = base.clone();
        Signal::derive(move || linked_id.get().map(|l| local_url(&base, &l, &id())))
    };
    let is_local =
        Memo::new(move |_| dag.with(|d| d.as_ref().is_some_and(|d| d.name == "Local scale out")));
    let navigate = use_navigate();
    let select_base = base.clone();
    let on_select = Callback::new(move |(node, task): (String, Option<String>)| {
        let url = select_base.task_at(&id(), &[("node", node), ("task", task.unwrap_or_default())]);
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let navigate_hit = use_navigate();
    let open_hit = Callback::new(move |hit: Hit| {
        navigate_hit(
            &base.task_at(
                &id(),
                &[
                    ("node", hit.node_id),
                    ("task", hit.task_id),
                    ("line", hit.line.to_string()),
                ],
            ),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    // The task against its earlier runs on this agent.
    let run = ticking_run(dag, scope.session.clock_offset());
    let usual = Memo::new(move |_| earlier.usual(&head.with(|h| h.id.clone())));
    let steps_usual = Signal::derive(move || run.with(|r| StepsUsual::of(usual.get(), r)));
    let reconnecting = move || poller.errors.get() > 0;
    let timeline_shown = RwSignal::new(false);
    // An error beside a known task (a transport error is the "reconnecting" banner instead).
    let side_error = Memo::new(move |_| {
        error
            .get()
            .filter(|e| !matches!(e, ApiError::Transport { .. }))
    });
    view! {
        <section class="task">
            {move || reconnecting().then(|| view! {
                <p class="banner warn" role="status" data-testid="reconnecting">{move || tx::t().reconnecting}</p>
            })}
            <Show
                when=move || loaded.get()
                fallback=move || match error.get() {
                    Some(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    None => view! { <p class="muted">{move || tx::t().loading}</p> }.into_any(),
                }
            >
                <Summary head=head/>
                <HistoryLine usual=usual.into() run=run.into()/>
                {move || is_local.get().then(|| view! { <ParentLink id=id()/> })}
                <RefreshBar poller=poller finished=Signal::derive(move || head.with(|h| h.state.is_final()))/>
                <AfterSuccess head=head/>
                {move || side_error.get().map(|e| view! { <ErrorPanel error=e/> })}
                <Operations dag=dag poller=poller/>
            </Show>
            // Graph | Timeline (ui/timeline/tabs.rs): both mounted once.
            <ViewTabs timeline_shown=timeline_shown
                timeline=move || view! { <AgentTimeline dag=dag on_select=on_select poller=poller shown=timeline_shown.into()/> }>
                <DagGraph store=store selected=selected on_select=on_select current=current usual=steps_usual/>
            </ViewTabs>
            {move || linked_id.get().map(|lid| view! { <LinkedDag parent=id() id=lid local=local/> })}
            <LogSearch dag=dag query=log_query open=open_hit/>
            // Rebuilt only when another node is shown, never by a poll.
            {move || node_id.get().map(|id| view! {
                <NodePanel dag=dag node_id=id poller=poller selected_task=selected_task line=line query=log_query.into() local_link=local_link/>
            })}
        </section>
    }
}
