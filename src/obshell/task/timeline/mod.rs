//! The task in time: one lane per executing agent, one bar per execution, the running one
//! growing every second. Mounted once; each poll patches per-bar signals, so bars (and the
//! focus on one) survive it. While the timeline is on screen it reads a sub-task's log rows
//! again only when the sub-task ran again or changed state, and the scale-out's local DAG when
//! the page's own DAG was polled (or, once that ended, every 3 s until the local one ends).

pub mod model;

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use obshell_protocol::obshell::model::task::{DagDetail, SubTaskLog, TaskState};
use obshell_protocol::obshell::version::Feature;

use crate::core::i18n::fill;
use crate::core::i18n::format::duration_ms;
use crate::core::poll::Poller;
use crate::obshell::client::Session;
use crate::obshell::context::expect_session;
use crate::obshell::task::timeline::model::{
    attempts_of, axis_holds, axis_of, lanes_of, linked_dag_id, log_key, place, ticks, Attempt, Axis,
};
use crate::ui::graph::model::state_cue;

crate::texts! {
    /// The timeline's texts.
    mod tx {
        still_running: "still running" => "仍在执行",
        other_dag: " ({0} {1})" => "（{0} {1}）",
        executed: "executed {0} time(s)" => "共执行 {0} 次",
        execution: "execution {0} of {1}" => "第 {0} 次执行（共 {1} 次）",
        describe: "{0}{1}, {2}: {3}, on {4}, started {5}, ended {6}, took {7}" => "{0}{1}，{2}：{3}，执行于 {4}，开始 {5}，结束 {6}，耗时 {7}",
        empty: "No step has started yet." => "尚无步骤开始执行。",
        legend_start: "One lane per agent, one bar per execution; time since the first step started (" => "每个 Agent 一行，每次执行一个条形；时间自第一个步骤开始时（",
        legend_end: "). " => "）起计。",
        lanes: "Executions by agent" => "各 Agent 的执行",
        lane: "Agent {0}" => "Agent {0}",
    }
}

/// Height of one row of bars, in rem.
const ROW_REM: f64 = 2.1;

/// One bar's live state.
#[derive(Debug, Clone, Copy)]
struct BarCell {
    key: StoredValue<String>,
    data: RwSignal<Attempt>,
}

/// One lane's live state.
#[derive(Debug, Clone, Copy)]
struct LaneCell {
    agent: StoredValue<String>,
    bars: RwSignal<Vec<BarCell>>,
    rows: RwSignal<usize>,
}

/// The timeline's signals, patched in place from each poll.
#[derive(Debug, Clone, Copy)]
pub struct TimelineStore {
    lanes: RwSignal<Vec<LaneCell>>,
    axis: RwSignal<Option<Axis>>,
    /// Agent time, Unix milliseconds, ticking while something runs.
    now: RwSignal<i64>,
    attempts: StoredValue<Vec<Attempt>>,
    /// Cells are created here, not in whichever effect patches them in.
    owner: StoredValue<Owner, LocalStorage>,
    /// Cells of bars and lanes that went at the last patch: disposed at the next one, once
    /// their views are gone (the owner above lives as long as the timeline).
    gone: StoredValue<(Vec<BarCell>, Vec<LaneCell>)>,
}

impl TimelineStore {
    pub fn new(now: i64) -> Self {
        Self {
            lanes: RwSignal::new(Vec::new()),
            axis: RwSignal::new(None),
            now: RwSignal::new(now),
            attempts: StoredValue::new(Vec::new()),
            owner: StoredValue::new_local(Owner::new()),
            gone: StoredValue::new((Vec::new(), Vec::new())),
        }
    }

    fn live(&self) -> bool {
        self.attempts
            .with_value(|a| a.iter().any(|a| a.end_ms.is_none()))
    }

    /// Patches the attempts in: a bar's signal is set only when its data changed; lists are
    /// replaced only when a bar or lane appeared or went, keeping the cells that stay.
    pub fn apply(&self, mut attempts: Vec<Attempt>) {
        let (bars_gone, lanes_gone) = self.gone.with_value(|g| (g.0.clone(), g.1.clone()));
        for b in bars_gone {
            b.key.dispose();
            b.data.dispose();
        }
        for l in lanes_gone {
            l.agent.dispose();
            l.bars.dispose();
            l.rows.dispose();
        }
        let mut gone = (Vec::new(), Vec::new());
        let lanes = lanes_of(&mut attempts);
        let owner = self.owner.get_value();
        let old_lanes = self.lanes.get_untracked();
        let mut new_lanes = Vec::with_capacity(lanes.len());
        for (agent, members) in &lanes {
            let lane = old_lanes
                .iter()
                .copied()
                .find(|l| l.agent.with_value(|a| a == agent))
                .unwrap_or_else(|| {
                    owner.with(|| LaneCell {
                        agent: StoredValue::new(agent.clone()),
                        bars: RwSignal::new(Vec::new()),
                        rows: RwSignal::new(1),
                    })
                });
            let old_bars = lane.bars.get_untracked();
            let bars: Vec<BarCell> = members
                .iter()
                .map(|&i| {
                    let a = &attempts[i];
                    match old_bars.iter().find(|b| b.key.with_value(|k| *k == a.key)) {
                        Some(cell) => {
                            if cell.data.with_untracked(|d| d != a) {
                                cell.data.set(a.clone());
                            }
                            *cell
                        }
                        None => owner.with(|| BarCell {
                            key: StoredValue::new(a.key.clone()),
                            data: RwSignal::new(a.clone()),
                        }),
                    }
                })
                .collect();
            let same = bars.len() == old_bars.len()
                && bars
                    .iter()
                    .zip(&old_bars)
                    .all(|(a, b)| a.data == b.data && a.key == b.key);
            if !same {
                gone.0.extend(
                    old_bars
                        .iter()
                        .filter(|b| !bars.iter().any(|n| n.key == b.key))
                        .copied(),
                );
                lane.bars.set(bars);
            }
            let rows = members
                .iter()
                .map(|&i| attempts[i].row + 1)
                .max()
                .unwrap_or(1);
            if lane.rows.get_untracked() != rows {
                lane.rows.set(rows);
            }
            new_lanes.push(lane);
        }
        let same_lanes = new_lanes.len() == old_lanes.len()
            && new_lanes
                .iter()
                .zip(&old_lanes)
                .all(|(a, b)| a.bars == b.bars);
        if !same_lanes {
            for lane in &old_lanes {
                if !new_lanes.iter().any(|n| n.agent == lane.agent) {
                    gone.0.extend(lane.bars.get_untracked());
                    gone.1.push(*lane);
                }
            }
            self.lanes.set(new_lanes);
        }
        self.gone.set_value(gone);
        self.attempts.set_value(attempts);
        self.rescale();
    }

    /// Moves "now" on; the axis changes only when a bar outgrew it.
    pub fn tick(&self, now: i64) {
        if self.live() {
            self.now.set(now);
        }
        self.rescale();
    }

    fn rescale(&self) {
        let now = self.now.get_untracked();
        let next = self.attempts.with_value(|a| {
            let holds = self
                .axis
                .with_untracked(|axis| axis.as_ref().is_some_and(|x| axis_holds(x, a, now)));
            (!holds).then(|| axis_of(a, now))
        });
        if let Some(next) = next {
            if self.axis.get_untracked() != next {
                self.axis.set(next);
            }
        }
    }
}

/// Agent time now: the browser's clock corrected by the offset measured at connection.
fn agent_now(s: &Session) -> i64 {
    let offset = s.clock_offset();
    js_sys::Date::now() as i64 + offset * 1000
}

/// `14:03:27` in the browser's time zone.
fn clock(ms: i64) -> String {
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

/// Keeps `logs` to the rows of every started sub-task, reading them again only for a
/// sub-task that ran again or changed state.
fn refresh_logs(
    s: &Session,
    dags: &[&DagDetail],
    requested: StoredValue<BTreeMap<String, (i64, TaskState)>>,
    logs: RwSignal<BTreeMap<String, Vec<SubTaskLog>>>,
) {
    for task in dags
        .iter()
        .flat_map(|d| d.nodes.iter().flatten())
        .flat_map(|n| n.sub_tasks.iter().flatten())
    {
        let key = log_key(task);
        if task.execute_times == 0 || requested.with_value(|r| r.get(&task.id) == Some(&key)) {
            continue;
        }
        requested.update_value(|r| {
            r.insert(task.id.clone(), key);
        });
        let (s, id) = (s.clone(), task.id.clone());
        leptos::task::spawn_local(async move {
            match s.sub_task_logs(&id).await {
                Ok(rows) => {
                    logs.try_update(|l| l.insert(id, rows));
                }
                // Asked again at the next poll; the bar meanwhile comes from the sub-task.
                Err(_) => {
                    requested.try_update_value(|r| r.remove(&id));
                }
            }
        });
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
    let scope = expect_session();
    let session = StoredValue::new(scope.session.clone());
    let base = scope.links.clone();
    let store = TimelineStore::new(agent_now(&scope.session));
    let logs = RwSignal::new(BTreeMap::<String, Vec<SubTaskLog>>::new());
    let requested = StoredValue::new(BTreeMap::<String, (i64, TaskState)>::new());
    let linked = RwSignal::new(None::<DagDetail>);
    let with_logs = scope.profile.gate(Feature::SubTaskLogs).is_ok();
    let linked_id = Memo::new(move |_| dag.with(|d| d.as_ref().and_then(linked_dag_id)));
    // Each answer for the page's DAG (or the timeline coming on screen) is the cue to read the
    // local DAG (until it ended) and the logs that changed: while the refresh is paused, or the
    // graph is shown instead, nothing is asked.
    let fetch_linked = move || {
        let Some(id) = linked_id.get_untracked() else {
            return;
        };
        let ended =
            linked.with_untracked(|l| l.as_ref().is_some_and(|l| l.id == id && l.state.is_final()));
        if !ended {
            let s = session.get_value();
            leptos::task::spawn_local(async move {
                if let Ok(d) = s.dag(&id).await {
                    linked.try_set(Some(d));
                }
            });
        }
    };
    Effect::new(move |_| {
        dag.track();
        if shown.get() {
            fetch_linked();
        }
    });
    if with_logs {
        Effect::new(move |_| {
            if !shown.get() {
                return;
            }
            dag.with(|d| {
                linked.with(|l| {
                    let dags: Vec<&DagDetail> = d.iter().chain(l.iter()).collect();
                    session.with_value(|s| refresh_logs(s, &dags, requested, logs));
                });
            });
        });
    }
    Effect::new(move |_| {
        let attempts = dag.with(|d| {
            linked.with(|l| {
                logs.with(|logs| {
                    let dags: Vec<&DagDetail> = d.iter().chain(l.iter()).collect();
                    attempts_of(&dags, logs)
                })
            })
        });
        store.apply(attempts);
    });
    // The page's poller stops when its DAG ends; the new host's DAG may end after it, so it
    // is read every few seconds until it does (unless the refresh is paused).
    let ticks_seen = StoredValue::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            store.tick(session.with_value(agent_now));
            ticks_seen.update_value(|t| *t = t.wrapping_add(1));
            let page_ended = dag.with_untracked(|d| d.as_ref().is_some_and(|d| d.state.is_final()));
            if page_ended
                && shown.get_untracked()
                && !poller.paused.get_untracked()
                && ticks_seen.get_value().is_multiple_of(3)
            {
                fetch_linked();
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
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
    let axis_ticks = move || store.axis.get().map(|a| ticks(&a)).unwrap_or_default();
    let started = move || store.axis.with(Option::is_some);
    // The lanes' grid lines fall on the ticks. Run-time styles are set through the CSSOM
    // (`style:name=` and `style=(name, value)` call `style.setProperty`), never as a `style`
    // attribute, which the Content-Security-Policy (`style-src 'self'`) blocks.
    let grid_tick = move || {
        store.axis.with(|a| {
            a.as_ref()
                .map(|a| format!("{:.4}%", a.step_ms as f64 / a.span_ms.max(1) as f64 * 100.0))
        })
    };
    view! {
        <div class="timeline" data-testid="timeline">
            <Show when=started fallback=|| view! { <p class="muted" data-testid="timeline-empty">{move || tx::t().empty}</p> }>
                <p class="tl-legend muted">
                    {move || tx::t().legend_start}
                    <span data-testid="timeline-start">{move || store.axis.get().map(|a| clock(a.t0)).unwrap_or_default()}</span>{move || tx::t().legend_end}
                    <span class="state-succeed">{move || cue(TaskState::Succeed)}</span>" · "
                    <span class="state-failed">{move || cue(TaskState::Failed)}</span>" · "
                    <span class="state-running">{move || cue(TaskState::Running)}</span>
                </p>
                <div class="tl-grid" style=("--tick", grid_tick)>
                    <div class="tl-axis" aria-hidden="true" data-testid="timeline-axis">
                        <For each=axis_ticks key=|(at, label)| (at.to_bits(), label.clone()) let:((at, label))>
                            <span class="tl-tick" style:left=format!("{at:.3}%")>{label}</span>
                        </For>
                    </div>
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

/// One agent's lane.
#[component]
fn Lane(
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
