//! The task on screen against its earlier runs on this agent (`core::history`, shown by
//! `ui::history`): the runs are read once per DAG name and session (`client/history.rs`), a
//! request at a time in the place of every other poll of the page while the task runs, so the
//! page asks no more often than its schedule says (docs/benchmarks.md), and all at once after
//! the poll that finds the task ended; never again after that.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::{DagDetail, TaskState};
use obshell_protocol::time::rfc3339_unix_seconds;

use crate::core::history::estimate::{Progress, StepNow};
use crate::core::history::{History, Run, StepKey};
use crate::obshell::client::{run_of, Session};
use crate::ui::graph::model::span_of;
use crate::ui::history::{RunNow, Usual};

/// What is left to read.
#[derive(Debug, Default)]
enum Due {
    #[default]
    Nothing,
    /// The list where the task's earlier runs are.
    List,
    /// The details of these runs.
    Runs(VecDeque<String>),
}

#[derive(Debug, Default)]
struct Reading {
    /// The task on screen: its id and name.
    id: String,
    name: String,
    running: bool,
    due: Due,
    got: Vec<Run>,
    /// The last poll's turn was the history's: the next one is the task's.
    took_last: bool,
    /// When the task was last read (`Date.now()` ms).
    read_at: f64,
}

/// The earlier runs of the task on screen, as read so far.
#[derive(Debug, Clone, Copy)]
pub struct EarlierRuns {
    /// `None` while reading; `Some(None)` where they cannot be read.
    pub runs: RwSignal<Option<Option<Arc<Vec<Run>>>>>,
    reading: StoredValue<Reading>,
    session: StoredValue<Session>,
    cluster_agent: bool,
}

impl EarlierRuns {
    pub fn new(session: Session, cluster_agent: bool) -> Self {
        Self {
            runs: RwSignal::new(None),
            reading: StoredValue::new(Reading::default()),
            session: StoredValue::new(session),
            cluster_agent,
        }
    }

    /// The poll read the task: a task of another name starts its reading (none when this
    /// session has read that name already).
    pub fn saw(&self, dag: &DagDetail) {
        let same = self.reading.with_value(|r| r.name == dag.name);
        let running = !dag.state.is_final();
        self.reading.update_value(|r| {
            r.running = running;
            r.id = dag.id.clone();
            r.read_at = js_sys::Date::now();
        });
        if same {
            return;
        }
        let cached = self.session.with_value(|s| s.earlier_runs(&dag.name));
        self.reading.update_value(|r| {
            r.name = dag.name.clone();
            r.got.clear();
            r.due = if cached.is_some() {
                Due::Nothing
            } else {
                Due::List
            };
        });
        self.runs.set(cached.map(Some));
    }

    /// While the task runs, every other poll is one request of the history instead: whether
    /// this one was. Never the first poll after a pause (a hidden tab, the refresh paused):
    /// that one reads the task.
    pub async fn in_place_of_a_poll(&self) -> bool {
        let recent = |r: &Reading| js_sys::Date::now() - r.read_at < 3_000.0;
        let turn = self.reading.with_value(|r| {
            r.running && !r.took_last && recent(r) && !matches!(r.due, Due::Nothing)
        });
        self.reading.update_value(|r| r.took_last = turn);
        if turn {
            self.turn().await;
        }
        turn
    }

    /// After the poll that finds the task ended: the rest at once.
    pub async fn rest(&self) {
        while !self.reading.with_value(|r| matches!(r.due, Due::Nothing)) {
            self.turn().await;
        }
    }

    /// One request of the history.
    async fn turn(&self) {
        let session = self.session.get_value();
        let (id, name, next) = self.reading.with_value(|r| {
            let next = match &r.due {
                Due::Nothing => None,
                Due::List => Some(None),
                Due::Runs(ids) => ids.front().cloned().map(Some),
            };
            (r.id.clone(), r.name.clone(), next)
        });
        let Some(next) = next else { return };
        // A task of another name shown meanwhile has its own reading: this answer is dropped.
        let still = |r: &Reading| r.name == name;
        match next {
            None => match session
                .succeeded_runs_like(&id, &name, self.cluster_agent)
                .await
            {
                Ok(Some(ids)) => {
                    self.reading.update_value(|r| {
                        if still(r) {
                            r.due = Due::Runs(ids.into());
                        }
                    });
                }
                // Not listed by this agent, or the list failed: unknown (read again on another
                // page of this name).
                Ok(None) | Err(_) => {
                    if self.reading.with_value(|r| still(r)) {
                        self.reading.update_value(|r| r.due = Due::Nothing);
                        self.runs.set(Some(None));
                    }
                    return;
                }
            },
            Some(run) => {
                // A run that cannot be read is left out.
                let read = session.dag(&run).await.ok();
                self.reading.update_value(|r| {
                    if let (true, Due::Runs(ids)) = (still(r), &mut r.due) {
                        ids.retain(|i| *i != run);
                        r.got.extend(read.as_ref().map(run_of));
                    }
                });
            }
        }
        let done = self.reading.with_value(|r| {
            (still(r) && matches!(&r.due, Due::Runs(ids) if ids.is_empty())).then(|| r.got.clone())
        });
        if let Some(runs) = done {
            let runs = Arc::new(runs);
            self.reading.update_value(|r| r.due = Due::Nothing);
            session.keep_earlier_runs(&name, runs.clone());
            self.runs.set(Some(Some(runs)));
        }
    }

    /// What is known of the usual times of the task on screen (`id`: itself not counted).
    pub fn usual(&self, id: &str) -> Usual {
        self.runs.with(|r| match r {
            None => Usual::Reading,
            Some(None) => Usual::Unknown,
            Some(Some(runs)) => Usual::Known(History::of(runs, id)),
        })
    }
}

/// The task as the history sees it at `now` (Unix seconds on the agent's clock): its time so
/// far, and each step's (by node: a step on several agents is one step).
pub fn run_now(dag: &DagDetail, now: i64) -> RunNow {
    let nodes = dag.nodes.as_deref().unwrap_or_default();
    let keys = StepKey::all(nodes.iter().map(|n| n.name.as_str()));
    let since = |start: &str| {
        rfc3339_unix_seconds(start)
            .filter(|s| *s > 0)
            .map(|s| (now - s).max(0))
    };
    let took = |start: &str, end: &str| span_of(start, end).map(|(s, e)| e - s);
    let running = !dag.state.is_final();
    RunNow {
        running,
        secs: if running {
            since(&dag.start_time)
        } else {
            took(&dag.start_time, &dag.end_time)
        },
        steps: nodes
            .iter()
            .zip(keys)
            .map(|(n, key)| {
                let progress = match n.state {
                    TaskState::Running => Progress::Running(since(&n.start_time).unwrap_or(0)),
                    s if s.is_final() => Progress::Ended(took(&n.start_time, &n.end_time)),
                    _ => Progress::Waiting,
                };
                (n.id.clone(), StepNow { key, progress })
            })
            .collect(),
    }
}

/// The task as [`run_now`] sees it, again every second while it runs (on the agent's clock:
/// the browser's plus the session's offset).
pub fn ticking_run(dag: RwSignal<Option<DagDetail>>, clock_offset: i64) -> Memo<RunNow> {
    let (tick, set_tick) = signal(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if dag.with_untracked(|d| d.as_ref().is_some_and(|d| !d.state.is_final())) {
                set_tick.update(|t| *t += 1);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    Memo::new(move |_| {
        tick.track();
        let now = (js_sys::Date::now() / 1000.0) as i64 + clock_offset;
        dag.with(|d| d.as_ref().map(|d| run_now(d, now)).unwrap_or_default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::graph::model::chain_dag;

    #[test]
    fn the_run_now_has_each_step_where_it_is() {
        let mut dag = chain_dag(
            "Scale out tenant replicas",
            &["Pools", "Locality", "Locality"],
            1,
        );
        dag.start_time = "2026-01-01T00:00:00Z".into();
        let nodes = dag.nodes.as_mut().expect("nodes");
        nodes[0].start_time = "2026-01-01T00:00:00Z".into();
        nodes[0].end_time = "2026-01-01T00:00:04Z".into();
        nodes[1].start_time = "2026-01-01T00:00:04Z".into();
        let now = rfc3339_unix_seconds("2026-01-01T00:00:10Z").expect("time");
        let run = run_now(&dag, now);
        assert!(run.running);
        assert_eq!(run.secs, Some(10));
        let steps: Vec<(&str, usize, Progress)> = run
            .steps
            .iter()
            .map(|(_, s)| (s.key.name.as_str(), s.key.nth, s.progress))
            .collect();
        assert_eq!(
            steps,
            [
                ("Pools", 0, Progress::Ended(Some(4))),
                ("Locality", 0, Progress::Running(6)),
                ("Locality", 1, Progress::Waiting),
            ]
        );
        assert_eq!(run.steps[1].0, "12", "keyed by the node's id");
    }
}
