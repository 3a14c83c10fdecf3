//! One box of the graph: a focusable button named "step 3: Alter tenant locality, RUNNING",
//! its title wrapped on two lines, and over it the details it shows (where it ran, its state and
//! operator). Hover or focus shows the full name in the tooltip.

use leptos::prelude::*;

use super::gestures::Gestures;
use super::keys::on_box_key;
use super::layout::wrap;
use super::model::{operator_label, state_cue, subtitle_text, GraphBox};
use super::viewport::Viewport;
use crate::core::i18n::fill;

crate::texts! {
    /// A box's accessible name.
    mod tx {
        step_name: "step {0}: {1}{2}, {3}" => "第 {0} 步：{1}{2}，{3}",
        on_agent: " on {0}" => "（{0}）",
    }
}

/// How a box reads to a screen reader and in its tooltip.
pub fn accessible_name(b: &GraphBox) -> String {
    let on = if b.key == b.node_id {
        String::new()
    } else {
        fill(tx::t().on_agent, &[&b.subtitle])
    };
    let state = crate::core::i18n::glossed(b.state.as_str());
    fill(tx::t().step_name, &[&b.stage, &b.title, &on, &state])
}

/// The box at `index`, drawn from its signal; a click (unless it ended a drag) or Enter
/// selects its node, and hover or focus points `tip` at it.
#[component]
pub(super) fn GraphNode(
    index: usize,
    data: RwSignal<GraphBox>,
    vp: Viewport,
    selected: Signal<Option<String>>,
    on_select: Callback<(String, Option<String>)>,
    /// The pointers on the graph: a click that ends a drag selects nothing.
    gestures: Gestures,
    /// The box the tooltip is about.
    tip: RwSignal<Option<usize>>,
) -> impl IntoView {
    let m = vp.m;
    let layout = vp.layout;
    let transform = move || {
        layout.with(|l| {
            l.boxes
                .get(index)
                .map(|b| format!("translate({:.1},{:.1})", b.x, b.y))
                .unwrap_or_default()
        })
    };
    let is_selected = move || {
        selected
            .get()
            .is_some_and(|s| data.with(|d| d.node_id == s))
    };
    let choose = move || {
        on_select.run(data.with_untracked(|d| {
            (
                d.node_id.clone(),
                (d.key != d.node_id).then(|| d.key.clone()),
            )
        }))
    };
    // A memo of the title: a poll that changes the box's state leaves the title's lines as
    // drawn (drawn again, their attributes would be removed and set again: docs/architecture.md,
    // "What a poll redraws").
    let lines = Memo::new(move |_| data.with(|d| wrap(&d.title, m.title_chars, m.title_lines)));
    view! {
        <g
            class=move || format!("box state-{}{}", data.with(|d| d.state.as_str().to_ascii_lowercase()), if is_selected() { " selected" } else { "" })
            transform=transform
            data-testid="graph-node"
            data-state=move || data.with(|d| d.state.as_str())
            data-name=move || data.with(|d| d.title.clone())
            tabindex="0"
            role="button"
            aria-label=move || data.with(accessible_name)
            aria-pressed=move || if is_selected() { "true" } else { "false" }
            on:click=move |_| { if !gestures.dragged() { choose() } }
            on:keydown=move |e| {
                // Escape dismisses the tooltip, the box keeps its focus (WCAG 1.4.13).
                if e.key() == "Escape" && tip.get_untracked().is_some() {
                    e.prevent_default();
                    tip.set(None)
                } else {
                    on_box_key(vp, index, &e, choose)
                }
            }
            data-index=index.to_string()
            on:focus=move |_| { tip.set(Some(index)); vp.reveal(index) }
            on:blur=move |_| tip.set(None)
            on:mouseenter=move |_| tip.set(Some(index))
            on:mouseleave=move |_| { if tip.get_untracked() == Some(index) { tip.set(None) } }
        >
            <rect width=m.width height=m.height rx="8"/>
            <text class="title" data-testid="graph-title">{move || {
                let lines = lines.get();
                // One line sits lower, two fill the top of the box.
                let first = if lines.len() > 1 { 19.0 } else { 26.0 };
                // A space between the lines: the text reads as the title's words.
                lines.into_iter().enumerate().map(|(n, line)| view! {
                    {(n > 0).then_some(" ")}
                    <tspan x="10" y=format!("{:.0}", first + 16.0 * n as f64)>{line}</tspan>
                }).collect_view()
            }}</text>
        </g>
        // The box's details are drawn over it but are not part of the button: its
        // name ("step 3: Alter tenant locality, RUNNING") holds the words it shows
        // (WCAG 2.5.3), and the node panel and the tooltip say the rest.
        <g class="box-details" transform=transform aria-hidden="true">
            <text x="10" y="58" class="sub">{move || data.with(subtitle_text)}</text>
            <text x="10" y="75" class="cue">{move || data.with(|d| {
                let (glyph, word) = state_cue(d.state);
                format!("{glyph} {word} · {}", operator_label(d.operator))
            })}</text>
        </g>
    }
}
