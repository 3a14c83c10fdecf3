//! The task in time: one lane per executing agent, one bar per execution, the running one
//! growing every second. Mounted once; each poll patches per-bar signals, so bars (and the
//! focus on one) survive it. While the timeline is on screen it reads a sub-task's log rows
//! again only when the sub-task ran again or changed state, and the scale-out's local DAG when
//! the page's own DAG was polled (or, once that ended, every 3 s until the local one ends).

pub mod model;

mod axis;
mod bars;
mod feed;
mod store;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::version::Feature;

use crate::core::poll::Poller;
use crate::obshell::context::expect_obshell;
use crate::obshell::task::timeline::model::Attempt;
use axis::{grid_tick, Legend, Ticks};
use bars::Lane;
use feed::feed;
pub use store::TimelineStore;

crate::texts! {
    /// The timeline's texts.
    mod tx {
        empty: "No step has started yet." => "尚无步骤开始执行。",
        lanes: "Executions by agent" => "各 Agent 的执行",
    }
}

#[component]
pub fn Timeline(
    /// The polled DAG (set on every answer).
    dag: RwSignal<Option<DagDetail>>,
    /// Called when a bar of this DAG is clicked, with its node and sub-task ids.
    on_select: Callback<(String, Option<String>)>,
    /// The page's poller: while it is paused, the timeline asks nothing either.
    poller: Poller,
    /// The timeline is on screen: only then are log rows and the local DAG read.
    shown: Signal<bool>,
) -> impl IntoView {
    let scope = expect_obshell();
    let base = scope.links.clone();
    let with_logs = scope.profile.gate(Feature::SubTaskLogs).is_ok();
    let store = feed(scope.session.clone(), with_logs, dag, poller, shown);
    let page_dag = Memo::new(move |_| dag.with(|d| d.as_ref().map(|d| d.id.clone())));
    let navigate = use_navigate();
    let open = Callback::new(move |a: Attempt| {
        if page_dag.get_untracked().as_deref() == Some(a.dag_id.as_str()) {
            on_select.run((a.node_id, Some(a.task_id)));
        } else {
            navigate(
                &base.task_at(&a.dag_id, &[("node", a.node_id)]),
                NavigateOptions::default(),
            );
        }
    });
    let started = move || store.axis.with(Option::is_some);
    view! {
        <div class="timeline" data-testid="timeline">
            <Show when=started fallback=|| view! { <p class="muted" data-testid="timeline-empty">{move || tx::t().empty}</p> }>
                <Legend store=store/>
                <div class="tl-grid" style=("--tick", move || grid_tick(store))>
                    <Ticks store=store/>
                    <ul class="tl-lanes" aria-label=move || tx::t().lanes>
                        <For each=move || store.lanes.get() key=|l| l.agent.get_value() let:lane>
                            <Lane lane=lane store=store page_dag=page_dag open=open/>
                        </For>
                    </ul>
                </div>
            </Show>
        </div>
    }
}
