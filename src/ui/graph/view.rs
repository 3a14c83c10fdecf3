//! The SVG of a DAG. It only draws: positions come from the pure layout, each box reads its own
//! signal, so a poll that changes one node re-renders one box. What is in sight is the SVG's
//! `viewBox` (`viewport.rs`): fitted on first show, moved by dragging (pointer events), zoomed
//! with the buttons, ctrl + wheel or two pointers (a touch pinch, `gestures.rs`).
//!
//! Each box is a focusable button named "step 3: Alter tenant locality, RUNNING" (`node.rs`);
//! Tab and the arrow keys walk the steps, Enter selects (`keys.rs`), and hover or focus shows
//! the full name (`tip.rs`).

use leptos::prelude::*;

use super::gestures::Gestures;
use super::node::GraphNode;
use super::tip::GraphTip;
use super::viewport::Viewport;
use super::GraphStore;
use crate::core::i18n::fill;

crate::texts! {
    /// The task graph's texts.
    mod tx {
        zoom_out: "Zoom out" => "缩小",
        zoom_in: "Zoom in" => "放大",
        zoom_fit: "Zoom to fit" => "适应窗口",
        hint: "Drag to move · Ctrl + wheel or pinch to zoom · Tab or arrow keys through the steps" => "拖动以移动 · Ctrl + 滚轮或双指捏合以缩放 · 用 Tab 或方向键逐步浏览",
        graph_name: "task graph, {0} steps" => "任务图，共 {0} 步",
    }
}

/// From this many boxes on, only those near the visible part are drawn.
const WINDOW_FROM: usize = 60;

/// Draws the store's boxes; a click (or Enter) selects a box's node. `current` is kept in sight
/// when the whole graph does not fit.
#[component]
pub fn DagGraph(
    /// The live boxes and the structure their layout depends on.
    store: GraphStore,
    /// The selected node's id.
    selected: Signal<Option<String>>,
    /// Called when a box is chosen, with its node id and, for a fanned-out node, the id of
    /// the box's sub-task.
    on_select: Callback<(String, Option<String>)>,
    /// Index of the box to keep in sight (the current stage).
    current: Signal<usize>,
    /// Each step against its earlier runs, for the steps list (where the backend reads them).
    #[prop(optional)]
    usual: Option<Signal<crate::ui::history::StepsUsual>>,
) -> impl IntoView {
    let vp = Viewport::new(store, current);
    let gestures = Gestures::new(vp);
    let layout = vp.layout;
    let tip = RwSignal::new(None::<usize>);
    let cells = move || {
        let drawn = vp.drawn();
        layout.with(|l| {
            let windowed = l.boxes.len() > WINDOW_FROM;
            store.cells.with(|cells| {
                cells
                    .iter()
                    .enumerate()
                    // A box is drawn once the layout has placed it (the frame measured).
                    .filter(|(i, _)| {
                        l.boxes
                            .get(*i)
                            .is_some_and(|b| !windowed || drawn.near(b.x, b.y))
                    })
                    .map(|(i, cell)| (i, *cell))
                    .collect::<Vec<_>>()
            })
        })
    };
    let routes = move || {
        layout.with(|l| {
            let windowed = l.boxes.len() > WINDOW_FROM;
            let drawn = vp.drawn();
            l.routes
                .iter()
                .filter(|r| {
                    !windowed
                        || l.boxes.get(r.from).is_some_and(|b| drawn.near(b.x, b.y))
                        || l.boxes.get(r.to).is_some_and(|b| drawn.near(b.x, b.y))
                })
                .map(|r| view! { <path d=r.path() class="edge" marker-end="url(#arrow)"/> })
                .collect_view()
        })
    };
    view! {
        <div class="graph-tools">
            <button type="button" class="secondary" data-testid="zoom-out" aria-label=move || tx::t().zoom_out on:click=move |_| vp.zoom_centre(1.0 / 1.25)>"−"</button>
            <span class="muted" data-testid="zoom-level">{move || format!("{:.0} %", vp.view.get().scale * 100.0)}</span>
            <button type="button" class="secondary" data-testid="zoom-in" aria-label=move || tx::t().zoom_in on:click=move |_| vp.zoom_centre(1.25)>"+"</button>
            <button type="button" class="secondary" data-testid="zoom-fit" on:click=move |_| vp.fit()>{move || tx::t().zoom_fit}</button>
            <span class="hint">{move || tx::t().hint}</span>
        </div>
        // The tooltip goes with the pointer: leaving the frame, or grabbing it to pan, hides it.
        <div class="graph-frame" node_ref=vp.frame data-testid="graph" style:height=move || format!("{:.0}px", vp.frame_h.get())
            on:pointerleave=move |_| tip.set(None) on:pointerdown=move |_| tip.set(None)>
            <svg
                width="100%"
                height=move || format!("{:.0}", vp.frame_h.get())
                viewBox=move || vp.view_box()
                role="group"
                aria-label=move || store.cells.with(|c| fill(tx::t().graph_name, &[&c.len()]))
                data-testid="graph-svg"
                node_ref=vp.svg
                on:pointerdown=move |e| gestures.down(e)
                on:pointermove=move |e| gestures.moved(e)
                on:pointerup=move |e| gestures.up(e)
                on:pointercancel=move |e| gestures.up(e)
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow"/>
                    </marker>
                </defs>
                <g class="edges">{routes}</g>
                // Keyed by box, not position: a relayout (the frame resized) moves the boxes.
                <For each=cells key=|(i, cell)| (*i, cell.key.get_value()) let:item>
                    <GraphNode index=item.0 data=item.1.data vp=vp selected=selected
                        on_select=on_select gestures=gestures tip=tip/>
                </For>
            </svg>
            <GraphTip store=store vp=vp tip=tip/>
        </div>
        {match usual {
            Some(usual) => view! { <super::steps::StepsList store=store usual=usual/> }.into_any(),
            None => view! { <super::steps::StepsList store=store/> }.into_any(),
        }}
    }
}
