//! The lanes and their bars: one lane per executing agent, one bar per execution (a button that
//! opens its step), placed on the axis, the running one growing with the clock, described on
//! hover and focus.

use leptos::prelude::*;

use super::axis::clock;
use super::store::{BarCell, LaneCell, TimelineStore};
use crate::core::i18n::fill;
use crate::core::i18n::format::duration_ms;
use crate::obshell::task::timeline::model::{place, Attempt};
use crate::ui::graph::model::state_cue;

crate::texts! {
    /// The bars' texts.
    mod tx {
        still_running: "still running" => "仍在执行",
        other_dag: " ({0} {1})" => "（{0} {1}）",
        executed: "executed {0} time(s)" => "共执行 {0} 次",
        execution: "execution {0} of {1}" => "第 {0} 次执行（共 {1} 次）",
        describe: "{0}{1}, {2}: {3}, on {4}, started {5}, ended {6}, took {7}" => "{0}{1}，{2}：{3}，执行于 {4}，开始 {5}，结束 {6}，耗时 {7}",
        lane: "Agent {0}" => "Agent {0}",
    }
}

/// Height of one row of bars, in rem.
const ROW_REM: f64 = 2.1;

/// What a bar says to a person (its tooltip) and to a screen reader (its name).
fn describe(a: &Attempt, now: i64, page_dag: &str) -> String {
    let t = tx::t();
    let (_, word) = state_cue(a.state);
    let end = a.end_ms.unwrap_or(now).max(a.start_ms);
    let ended = match a.end_ms {
        Some(e) => clock(e),
        None => t.still_running.to_owned(),
    };
    let dag = if a.dag_id == page_dag {
        String::new()
    } else {
        fill(t.other_dag, &[&a.dag_name, &a.dag_id])
    };
    let runs = if a.whole {
        fill(t.executed, &[&a.executions])
    } else {
        fill(t.execution, &[&a.execution, &a.executions])
    };
    fill(
        t.describe,
        &[
            &a.name,
            &dag,
            &runs,
            &word,
            &a.agent,
            &clock(a.start_ms),
            &ended,
            &duration_ms(end - a.start_ms),
        ],
    )
}

/// One agent's lane.
#[component]
pub(super) fn Lane(
    lane: LaneCell,
    store: TimelineStore,
    page_dag: Memo<Option<String>>,
    open: Callback<Attempt>,
) -> impl IntoView {
    let agent = lane.agent.get_value();
    let height = move || format!("{:.1}rem", lane.rows.get() as f64 * ROW_REM);
    view! {
        <li class="tl-lane" data-testid="timeline-lane" data-agent=agent.clone()>
            <span class="tl-agent" data-testid="timeline-agent">{agent.clone()}</span>
            <div class="tl-track" role="group" aria-label={ let agent = agent.clone(); move || fill(tx::t().lane, &[&agent]) } style:height=height>
                <For each=move || lane.bars.get() key=|b| b.key.get_value() let:bar>
                    <Bar bar=bar store=store page_dag=page_dag open=open/>
                </For>
            </div>
        </li>
    }
}

/// One execution: a button that opens its step, described on hover and focus.
#[component]
fn Bar(
    bar: BarCell,
    store: TimelineStore,
    page_dag: Memo<Option<String>>,
    open: Callback<Attempt>,
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
        Some(data.with(|d| {
            let (left, width) = place(d, &axis, now);
            (left, width, d.row as f64 * ROW_REM)
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
        let page = page_dag.get().unwrap_or_default();
        data.with(|d| describe(d, now, &page))
    };
    let class =
        move || data.with(|d| format!("tl-bar state-{}", d.state.as_str().to_ascii_lowercase()));
    view! {
        <button type="button" class=class data-testid="timeline-bar"
            style:display=hidden style:left=left style:width=width style:top=top
            data-key=bar.key.get_value() data-side=side
            data-state=move || data.with(|d| d.state.as_str().to_owned())
            data-name=move || data.with(|d| d.name.clone())
            data-execution=move || data.with(|d| d.execution.to_string())
            aria-label=describe
            on:click=move |_| open.run(data.get_untracked())>
            <span class="tl-label" aria-hidden="true">
                {move || data.with(|d| format!("{} {}", state_cue(d.state).0, d.name))}
            </span>
            <span class="tl-tip" aria-hidden="true" data-testid="timeline-tip">{describe}</span>
        </button>
    }
}
