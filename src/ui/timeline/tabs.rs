//! "Graph | Timeline": two views of the same task, both mounted once; the switch only shows
//! one, so neither is rebuilt when a person goes back and forth or when a poll arrives. Both
//! backends' task pages use it.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

crate::texts! {
    /// The view switch.
    mod tx {
        views: "Task view" => "任务视图",
        graph: "Graph" => "任务图",
        timeline: "Timeline" => "时间线",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Graph,
    Timeline,
}

#[component]
pub fn ViewTabs(
    /// Set while the timeline is on screen (its feed reads more only then).
    timeline_shown: RwSignal<bool>,
    /// The timeline.
    #[prop(into)]
    timeline: ViewFnOnce,
    /// The graph.
    children: Children,
) -> impl IntoView {
    let shown = RwSignal::new(View::Graph);
    Effect::new(move |_| {
        let on = shown.get() == View::Timeline;
        if timeline_shown.get_untracked() != on {
            timeline_shown.set(on);
        }
    });
    let graph_tab = NodeRef::<leptos::html::Button>::new();
    let timeline_tab = NodeRef::<leptos::html::Button>::new();
    // Arrow keys move between the tabs, as in every tab list (WAI-ARIA).
    let on_key = move |ev: KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" | "Home" | "End" => match shown.get_untracked() {
                View::Graph => View::Timeline,
                View::Timeline => View::Graph,
            },
            _ => return,
        };
        ev.prevent_default();
        shown.set(next);
        let tab = match next {
            View::Graph => graph_tab.get(),
            View::Timeline => timeline_tab.get(),
        };
        if let Some(tab) = tab {
            let _ = tab.focus();
        }
    };
    let tab = move |view: View| {
        (
            move || (shown.get() == view).to_string(),
            move || if shown.get() == view { "0" } else { "-1" },
        )
    };
    let (graph_selected, graph_index) = tab(View::Graph);
    let (timeline_selected, timeline_index) = tab(View::Timeline);
    view! {
        <div class="view-tabs" role="tablist" aria-label=move || tx::t().views on:keydown=on_key>
            <button type="button" role="tab" id="tab-graph" class="tab" node_ref=graph_tab
                aria-controls="panel-graph" aria-selected=graph_selected tabindex=graph_index
                data-testid="tab-graph" on:click=move |_| shown.set(View::Graph)>{move || tx::t().graph}</button>
            <button type="button" role="tab" id="tab-timeline" class="tab" node_ref=timeline_tab
                aria-controls="panel-timeline" aria-selected=timeline_selected tabindex=timeline_index
                data-testid="tab-timeline" on:click=move |_| shown.set(View::Timeline)>{move || tx::t().timeline}</button>
        </div>
        <div role="tabpanel" id="panel-graph" aria-labelledby="tab-graph"
            hidden=move || shown.get() != View::Graph>
            {children()}
        </div>
        <div role="tabpanel" id="panel-timeline" aria-labelledby="tab-timeline"
            hidden=move || shown.get() != View::Timeline>
            {timeline.run()}
        </div>
    }
}
