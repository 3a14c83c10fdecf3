//! The lanes and their bars: one lane per executor, one bar per execution (a button that opens
//! its step), placed on the axis, the running one growing with the clock, numbered when its step
//! ran more than once, a failed one with the first line of its failure under it, described on
//! hover and focus.

use leptos::prelude::*;

use super::axis::clock;
use super::model::{place, Bar};
use super::store::{BarCell, LaneCell, TimelineStore};
use crate::core::i18n::fill;
use crate::core::i18n::format::duration_ms;
use crate::ui::graph::model::state_cue;

crate::texts! {
    /// The bars' texts.
    mod tx {
        still_running: "still running" => "仍在执行",
        elsewhere: " ({0})" => "（{0}）",
        executed: "executed {0} time(s)" => "共执行 {0} 次",
        attempt: "attempt {0} of {1}" => "第 {0} 次执行（共 {1} 次）",
        describe: "{0}{1}, {2}: {3}, on {4}, started {5}, ended {6}, took {7}" => "{0}{1}，{2}：{3}，执行于 {4}，开始 {5}，结束 {6}，耗时 {7}",
        failure: "; failure: {0}" => "；失败原因：{0}",
        unknown: "unknown" => "未知",
    }
}

/// Height of one row of bars, in rem; taller in a lane where a failure line goes under a bar.
const ROW_REM: f64 = 2.1;
const TALL_ROW_REM: f64 = 3.2;
/// The failure line's top below its bar's row, in rem.
const FAIL_TOP_REM: f64 = 1.95;

/// How a lane is named: its executor, or "unknown" when the backend did not say.
pub(super) fn lane_label(lane: &str) -> String {
    if lane.is_empty() {
        tx::t().unknown.to_owned()
    } else {
        lane.to_owned()
    }
}

/// What a bar says to a person (its tooltip) and to a screen reader (its name).
fn describe(a: &Bar, now: i64) -> String {
    let t = tx::t();
    let (_, word) = state_cue(a.state);
    let end = a.end_ms.unwrap_or(now).max(a.start_ms);
    let ended = match a.end_ms {
        Some(e) => clock(e),
        None => t.still_running.to_owned(),
    };
    let elsewhere = if a.elsewhere.is_empty() {
        String::new()
    } else {
        fill(t.elsewhere, &[&a.elsewhere])
    };
    let runs = if a.whole {
        fill(t.executed, &[&a.executions])
    } else {
        fill(t.attempt, &[&a.execution, &a.executions])
    };
    // What the bar shows comes first (`#2 Step`), so the name holds the visible text.
    let named = match a.attempt_mark() {
        Some(mark) => format!("{mark} {}", a.name),
        None => a.name.clone(),
    };
    let said = fill(
        t.describe,
        &[
            &named,
            &elsewhere,
            &runs,
            &word,
            &lane_label(&a.lane),
            &clock(a.start_ms),
            &ended,
            &duration_ms(end - a.start_ms),
        ],
    );
    match &a.failure {
        Some(f) => said + &fill(t.failure, &[f]),
        None => said,
    }
}

/// One executor's lane; `name` says it to a screen reader (`Agent 10.0.1.1:2886`).
#[component]
pub(super) fn Lane(
    lane: LaneCell,
    store: TimelineStore,
    name: fn(&str) -> String,
    open: Callback<Bar>,
) -> impl IntoView {
    let id = lane.name.get_value();
    let row_rem = Signal::derive(move || {
        if lane.tall.get() {
            TALL_ROW_REM
        } else {
            ROW_REM
        }
    });
    let height = move || format!("{:.1}rem", lane.rows.get() as f64 * row_rem.get());
    let label = lane_label(&id);
    view! {
        <li class="tl-lane" data-testid="timeline-lane" data-agent=id.clone()>
            <span class="tl-agent" data-testid="timeline-agent">{ let id = id.clone(); move || lane_label(&id) }</span>
            <div class="tl-track" role="group" aria-label=move || name(&label) style:height=height>
                <For each=move || lane.bars.get() key=|b| b.key.get_value() let:bar>
                    <BarView bar=bar store=store row_rem=row_rem open=open/>
                </For>
            </div>
        </li>
    }
}

/// One execution: a button that opens its step, described on hover and focus.
#[component]
fn BarView(
    bar: BarCell,
    store: TimelineStore,
    row_rem: Signal<f64>,
    open: Callback<Bar>,
) -> impl IntoView {
    let data = bar.data;
    // Only a running bar reads the clock.
    let now = move || {
        if data.with(|d| d.end_ms.is_none()) {
            store.now.get()
        } else {
            0
        }
    };
    // Left and width in % of the axis, top in rem; None (hidden) before the axis exists.
    let geometry = move || {
        let axis = store.axis.get()?;
        let now = now();
        let row = row_rem.get();
        Some(data.with(|d| {
            let (left, width) = place(d, &axis, now);
            (left, width, d.row as f64 * row)
        }))
    };
    let hidden = move || store.axis.with(Option::is_none).then_some("none");
    let left = move || geometry().map(|(left, _, _)| format!("{left:.3}%"));
    let width = move || geometry().map(|(_, width, _)| format!("max({width:.3}%, 6px)"));
    let top = move || geometry().map(|(_, _, top)| format!("{top:.1}rem"));
    // Bars in the right half show their description leftwards, inside the page.
    let side = move || {
        let right = store
            .axis
            .get()
            .is_some_and(|axis| data.with(|d| place(d, &axis, d.start_ms).0 > 50.0));
        if right {
            "end"
        } else {
            "start"
        }
    };
    let describe = move || {
        let now = now();
        data.with(|d| describe(d, now))
    };
    let class =
        move || data.with(|d| format!("tl-bar state-{}", d.state.as_str().to_ascii_lowercase()));
    // A memo: a poll that changes the bar leaves its mark's element as drawn
    // (docs/architecture.md, "What a poll redraws").
    let attempt = Memo::new(move |_| data.with(|d| d.attempt_mark()));
    let mark = move || {
        attempt.get().map(|m| {
            view! { <span class="tl-attempt" aria-hidden="true" data-testid="timeline-attempt">{m}</span> }
        })
    };
    // The failure line goes under the bar, beside the button (whose name says it whole), so
    // that the button's visible text stays its name's start; left-aligned with the bar, or
    // right-aligned with it in the right half.
    let key = bar.key.get_value();
    let failure = move || {
        let f = data.with(|d| d.failure.clone())?;
        let (left, width, top) = geometry()?;
        let end = side() == "end";
        let (title, key) = (f.clone(), key.clone());
        let at_left = (!end).then(|| format!("{left:.3}%"));
        let at_right = end.then(|| format!("{:.3}%", (100.0 - left - width).max(0.0)));
        Some(view! {
            <span class="tl-fail" aria-hidden="true" title=title data-testid="timeline-failure" data-key=key
                style:left=at_left style:right=at_right style:top=format!("{:.2}rem", top + FAIL_TOP_REM)>{f}</span>
        })
    };
    view! {
        <button type="button" class=class data-testid="timeline-bar"
            style:display=hidden style:left=left style:width=width style:top=top
            data-key=bar.key.get_value() data-side=side
            data-state=move || data.with(|d| d.state.as_str().to_owned())
            data-name=move || data.with(|d| d.name.clone())
            data-execution=move || data.with(|d| d.execution.to_string())
            aria-label=describe
            on:click=move |_| open.run(data.get_untracked())>
            {mark}
            <span class="tl-label" aria-hidden="true">
                {move || data.with(|d| format!("{} {}", state_cue(d.state).0, d.name))}
            </span>
            <span class="tl-tip" aria-hidden="true" data-testid="timeline-tip">{describe}</span>
        </button>
        {failure}
    }
}
