//! A task in time, whatever the backend: one lane per executor, one bar per execution, the
//! running one growing every second, zoomed with buttons or + and − (the view scrolls sideways
//! when zoomed in; "Fit" shows the whole task). Mounted once; each poll patches per-bar signals
//! in the store, so bars, the focus on one and the zoom survive it. Each backend's feed makes
//! the bars (`src/obshell/task/timeline/`, `src/ocp/task/timeline/`) and says what a lane is.

mod axis;
mod bars;
pub mod model;
mod store;
mod tabs;
pub mod zoom;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use axis::{grid_tick, Legend, Ticks};
use bars::Lane;
use model::Bar;
pub use store::TimelineStore;
pub use tabs::ViewTabs;
use zoom::{keep_centre, zoom_in, zoom_out};

crate::texts! {
    /// The timeline's texts.
    mod tx {
        empty: "No step has started yet." => "尚无步骤开始执行。",
        lanes: "Executions by executor" => "各执行者的执行",
        tools: "Timeline zoom" => "时间线缩放",
        zoom_in: "Zoom the timeline in" => "放大时间线",
        zoom_out: "Zoom the timeline out" => "缩小时间线",
        fit: "Fit the whole task" => "显示整个任务",
        fit_short: "Fit" => "适应",
        region: "Timeline: + and − zoom, 0 fits the whole task" => "时间线：按 + 和 − 缩放，按 0 显示整个任务",
        hint: "+ / − zoom · 0 fits" => "+ / − 缩放 · 0 显示全部",
    }
}

#[component]
pub fn Timeline(
    /// The bars, patched in by the backend's feed.
    store: TimelineStore,
    /// Called when a bar is clicked.
    open: Callback<Bar>,
    /// What a lane and a bar are, for the legend (`One lane per agent, one bar per execution`).
    lead: fn() -> &'static str,
    /// A lane's name for a screen reader (`Agent 10.0.1.1:2886`).
    lane_name: fn(&str) -> String,
) -> impl IntoView {
    let scroller = NodeRef::<leptos::html::Div>::new();
    // A new zoom, keeping the moment in the middle of the view where it was.
    let set_zoom = move |z: Option<f64>| {
        let Some(z) = z else { return };
        if (store.zoom.get_untracked() - z).abs() < 1e-9 {
            return;
        }
        let before = scroller.get_untracked().map(|e| {
            let e: &web_sys::Element = e.as_ref();
            (
                f64::from(e.scroll_left()),
                f64::from(e.client_width()),
                f64::from(e.scroll_width()),
            )
        });
        store.zoom.set(z);
        request_animation_frame(move || {
            if let (Some(el), Some((scroll, visible, width))) = (scroller.get_untracked(), before) {
                let el: &web_sys::Element = el.as_ref();
                let to = keep_centre(scroll, visible, width, f64::from(el.scroll_width()));
                el.set_scroll_left(to.round() as i32);
            }
        });
    };
    let zoom_in_now = move || set_zoom(zoom_in(store.zoom.get_untracked()));
    let zoom_out_now = move || set_zoom(zoom_out(store.zoom.get_untracked()));
    let fit = move || set_zoom(Some(1.0));
    // + and − (and 0 to fit) anywhere in the timeline: on a bar, a button or the lanes.
    let on_key = move |ev: KeyboardEvent| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        match ev.key().as_str() {
            "+" | "=" => zoom_in_now(),
            "-" | "_" => zoom_out_now(),
            "0" => fit(),
            _ => return,
        }
        ev.prevent_default();
        ev.stop_propagation();
    };
    let started = move || store.axis.with(Option::is_some);
    let at_fit = move || zoom_out(store.zoom.get()).is_none();
    let at_deepest = move || zoom_in(store.zoom.get()).is_none();
    // The lanes' width: the agents' column, then the time `zoom` times the visible width.
    let width = move || format!("calc(10.5rem + (100% - 10.5rem) * {})", store.zoom.get());
    view! {
        <div class="timeline" data-testid="timeline" on:keydown=on_key>
            <Show when=started fallback=|| view! { <p class="muted" data-testid="timeline-empty">{move || tx::t().empty}</p> }>
                <Legend store=store lead=lead/>
                <div class="tl-tools" role="toolbar" aria-label=move || tx::t().tools>
                    <button type="button" class="secondary small" aria-label=move || tx::t().zoom_out
                        disabled=at_fit on:click=move |_| zoom_out_now()>"−"</button>
                    <span class="muted" data-testid="timeline-zoom">{move || format!("{:.0} %", store.zoom.get() * 100.0)}</span>
                    <button type="button" class="secondary small" aria-label=move || tx::t().zoom_in
                        disabled=at_deepest on:click=move |_| zoom_in_now()>"+"</button>
                    <button type="button" class="secondary small" aria-label=move || tx::t().fit
                        disabled=at_fit on:click=move |_| fit()>{move || tx::t().fit_short}</button>
                    <span class="muted tl-hint" aria-hidden="true">{move || tx::t().hint}</span>
                </div>
                <div class="tl-scroll" class:zoomed=move || { store.zoom.get() > 1.0 } node_ref=scroller tabindex="0" role="region" aria-label=move || tx::t().region
                    data-testid="timeline-scroll">
                    <div class="tl-grid" style:width=width style=("--tick", move || grid_tick(store))>
                        // Covers the ticks scrolled past, beside the executors' column.
                        <span class="tl-corner" aria-hidden="true"></span>
                        <Ticks store=store/>
                        <ul class="tl-lanes" aria-label=move || tx::t().lanes>
                            <For each=move || store.lanes.get() key=|l| l.name.get_value() let:lane>
                                <Lane lane=lane store=store name=lane_name open=open/>
                            </For>
                        </ul>
                    </div>
                </div>
            </Show>
        </div>
    }
}
