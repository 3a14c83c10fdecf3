//! The SVG of a DAG. It only draws: positions come from the pure layout, each box reads its own
//! signal, so a poll that changes one node re-renders one box.

use leptos::prelude::*;

use super::layout::{Layout, Metrics};
use super::model::{operator_label, state_cue, GraphBox};

/// From this many boxes on, only those near the visible part are drawn.
const WINDOW_FROM: usize = 60;

/// One box's live state.
#[derive(Debug, Clone, Copy)]
pub struct BoxCell {
    pub key: StoredValue<String>,
    pub data: RwSignal<GraphBox>,
}

/// Draws `boxes` at `layout`; a click selects a box's node. `current` is scrolled into view.
#[component]
pub fn DagGraph(
    /// The boxes, in layout order.
    boxes: Signal<Vec<BoxCell>>,
    /// Their positions (recomputed only when the structure changes).
    layout: Memo<Layout>,
    /// The selected node's id.
    selected: Signal<Option<String>>,
    /// Called when a box is clicked, with its node id and, for a fanned-out node, the id of
    /// the box's sub-task.
    on_select: Callback<(String, Option<String>)>,
    /// Index of the box to keep in view (the current stage).
    current: Signal<usize>,
) -> impl IntoView {
    let m = Metrics::default();
    let (zoom, set_zoom) = signal(1.0f64);
    let frame = NodeRef::<leptos::html::Div>::new();
    // The visible part of the graph (screen pixels): large DAGs draw only what can be seen.
    let window = RwSignal::new((0.0f64, 2400.0f64));
    let on_scroll = move |_| {
        if let Some(div) = frame.get() {
            window.set((
                f64::from(div.scroll_left()),
                f64::from(div.client_width()).max(600.0),
            ));
        }
    };
    Effect::new(move |_| {
        let index = current.get();
        let x = layout
            .with(|l| l.boxes.get(index).map(|b| b.x))
            .unwrap_or(0.0)
            * zoom.get_untracked();
        if let Some(div) = frame.get() {
            let width = f64::from(div.client_width());
            div.set_scroll_left((x - width / 3.0).max(0.0) as i32);
            window.set((f64::from(div.scroll_left()), width.max(600.0)));
        }
    });
    let visible = move |x: f64| {
        let (left, width) = window.get();
        let z = zoom.get();
        let margin = width;
        (x + m.width) * z >= left - margin && x * z <= left + width + margin
    };
    let cells = move || {
        let l = layout.get();
        let windowed = l.boxes.len() > WINDOW_FROM;
        boxes
            .get()
            .into_iter()
            .enumerate()
            .filter_map(|(i, cell)| {
                let pos = l.boxes.get(i).map(|p| (p.x, p.y)).unwrap_or_default();
                (!windowed || visible(pos.0)).then_some((i, cell, pos))
            })
            .collect::<Vec<_>>()
    };
    let routes = move || {
        layout.with(|l| {
            let windowed = l.boxes.len() > WINDOW_FROM;
            l.routes
                .iter()
                .filter(|r| {
                    !windowed
                        || l.boxes.get(r.from).is_some_and(|b| visible(b.x))
                        || l.boxes.get(r.to).is_some_and(|b| visible(b.x))
                })
                .map(|r| view! { <path d=r.path.clone() class="edge"/> })
                .collect_view()
        })
    };
    view! {
        <div class="graph-tools">
            <button type="button" class="secondary" data-testid="zoom-out" on:click=move |_| set_zoom.update(|z| *z = (*z / 1.25).max(0.2))>"−"</button>
            <span class="muted">{move || format!("{:.0} %", zoom.get() * 100.0)}</span>
            <button type="button" class="secondary" data-testid="zoom-in" on:click=move |_| set_zoom.update(|z| *z = (*z * 1.25).min(3.0))>"+"</button>
        </div>
        <div class="graph-frame" node_ref=frame data-testid="graph" on:scroll=on_scroll>
            <svg
                width=move || format!("{:.0}", layout.with(|l| l.width) * zoom.get())
                height=move || format!("{:.0}", layout.with(|l| l.height) * zoom.get())
                viewBox=move || layout.with(|l| format!("0 0 {:.0} {:.0}", l.width, l.height))
                role="img" aria-label="task graph"
            >
                <g class="edges">{routes}</g>
                <For each=cells key=|(i, cell, pos)| (*i, cell.key.get_value(), (pos.0 as i64, pos.1 as i64)) let:item>
                    {
                        let (_, cell, (x, y)) = item;
                        let data = cell.data;
                        let is_selected = move || selected.get().is_some_and(|s| data.with(|d| d.node_id == s));
                        view! {
                            <g
                                class=move || format!("box state-{}{}", data.with(|d| d.state.as_str().to_ascii_lowercase()), if is_selected() { " selected" } else { "" })
                                transform=format!("translate({x:.1},{y:.1})")
                                data-testid="graph-node"
                                data-state=move || data.with(|d| d.state.as_str())
                                data-name=move || data.with(|d| d.title.clone())
                                on:click=move |_| on_select.run(data.with_untracked(|d| (d.node_id.clone(), (d.key != d.node_id).then(|| d.key.clone()))))
                            >
                                <rect width=m.width height=m.height rx="8"/>
                                <text x="10" y="20" class="title">{move || data.with(|d| clip(&d.title, 26))}</text>
                                <text x="10" y="38" class="sub">{move || data.with(|d| d.subtitle.clone())}</text>
                                <text x="10" y="55" class="cue">{move || data.with(|d| {
                                    let (glyph, word) = state_cue(d.state);
                                    format!("{glyph} {word} · {}", operator_label(d.operator))
                                })}</text>
                            </g>
                        }
                    }
                </For>
            </svg>
        </div>
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}
