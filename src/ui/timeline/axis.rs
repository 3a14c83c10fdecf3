//! The timeline's time axis: the legend saying when time starts and what the colours mean, the
//! ticks over the lanes (finer as the view zooms in), and the grid lines that fall on them.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::TaskState;

use super::store::TimelineStore;
use super::zoom::{grid_step, ticks_at};
use crate::ui::graph::model::state_cue;

crate::texts! {
    /// The axis' texts.
    mod tx {
        legend_start: "; time since the first step started (" => "；时间自第一个步骤开始时（",
        legend_end: "). " => "）起计。",
    }
}

/// `14:03:27` in the browser's time zone.
pub(super) fn clock(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// A state's glyph and word, for the legend (`✔ succeeded`).
fn cue(state: TaskState) -> String {
    let (glyph, word) = state_cue(state);
    format!("{glyph} {word}")
}

/// The lanes' grid lines fall on the ticks: the step between two, in % of the axis. Run-time
/// styles are set through the CSSOM (`style:name=` and `style=(name, value)` call
/// `style.setProperty`), never as a `style` attribute, which the Content-Security-Policy
/// (`style-src 'self'`) blocks.
pub(super) fn grid_tick(store: TimelineStore) -> Option<String> {
    let zoom = store.zoom.get();
    store
        .axis
        .with(|a| a.as_ref().map(|a| format!("{:.4}%", grid_step(a, zoom))))
}

/// What the bars mean and when time starts; `lead` says what a lane is (`One lane per agent,
/// one bar per execution`).
#[component]
pub(super) fn Legend(store: TimelineStore, lead: fn() -> &'static str) -> impl IntoView {
    view! {
        <p class="tl-legend muted">
            {move || lead()}{move || tx::t().legend_start}
            <span data-testid="timeline-start">{move || store.axis.get().map(|a| clock(a.t0)).unwrap_or_default()}</span>{move || tx::t().legend_end}
            <span class="state-succeed">{move || cue(TaskState::Succeed)}</span>" · "
            <span class="state-failed">{move || cue(TaskState::Failed)}</span>" · "
            <span class="state-running">{move || cue(TaskState::Running)}</span>
        </p>
    }
}

/// The ticks over the lanes.
#[component]
pub(super) fn Ticks(store: TimelineStore) -> impl IntoView {
    let axis_ticks = move || {
        let zoom = store.zoom.get();
        store
            .axis
            .get()
            .map(|a| ticks_at(&a, zoom))
            .unwrap_or_default()
    };
    view! {
        <div class="tl-axis" aria-hidden="true" data-testid="timeline-axis">
            <For each=axis_ticks key=|(at, label)| (at.to_bits(), label.clone()) let:((at, label))>
                <span class="tl-tick" style:left=format!("{at:.3}%")>{label}</span>
            </For>
        </div>
    }
}
