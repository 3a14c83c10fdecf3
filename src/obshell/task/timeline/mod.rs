//! The agent's task in time, drawn by the shared timeline (`src/ui/timeline/`): one lane per
//! executing agent, one bar per execution. While the timeline is on screen it reads a sub-task's
//! log rows again only when the sub-task ran again or changed state, and the scale-out's local
//! DAG when the page's own DAG was polled (or, once that ended, every 3 s until the local one
//! ends).

pub mod model;

mod feed;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::version::Feature;

use crate::core::i18n::fill;
use crate::core::poll::Poller;
use crate::obshell::context::expect_obshell;
use crate::ui::timeline::model::Bar;
use crate::ui::timeline::Timeline;
use feed::feed;

crate::texts! {
    /// The agent's words for the timeline.
    mod tx {
        lead: "One lane per agent, one bar per execution" => "每个 Agent 一行，每次执行一个条形",
        lane: "Agent {0}" => "Agent {0}",
    }
}

fn lead() -> &'static str {
    tx::t().lead
}

fn lane_name(agent: &str) -> String {
    fill(tx::t().lane, &[&agent])
}

#[component]
pub fn AgentTimeline(
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
    // A bar of the page's DAG selects its step; one of the local DAG opens that DAG.
    let open = Callback::new(move |a: Bar| {
        if page_dag.get_untracked().as_deref() == Some(a.dag_id.as_str()) {
            on_select.run((a.node_id, Some(a.task_id)));
        } else {
            navigate(
                &base.task_at(&a.dag_id, &[("node", a.node_id)]),
                NavigateOptions::default(),
            );
        }
    });
    view! { <Timeline store=store open=open lead=lead lane_name=lane_name/> }
}
