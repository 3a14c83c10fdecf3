//! A task in time (Gantt): one lane per executing agent, one bar per execution of a sub-task,
//! and the time axis, as pure functions of the polled DAGs, their sub-task logs and "now".

use std::collections::BTreeMap;

use obshell_protocol::obshell::model::task::{DagDetail, SubTaskDetail, SubTaskLog, TaskState};
use obshell_protocol::time::rfc3339_unix_seconds;

/// Times before this (2000-01-01) are the agent's "reset" epoch or garbage, never a start.
const EARLIEST_MS: i64 = 946_684_800_000;

/// The log line by which a scale-out's step names the new host's own DAG
/// (docs/protocol/obshell-tasks.md §5.6).
const LOCAL_DAG_LINE: &str = "create local scale out dag success, genericID:";

/// One execution of a sub-task, on its agent's lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Stable key: the sub-task's id and the execution's number.
    pub key: String,
    /// The DAG the step belongs to (the page's own, or a scale-out's local DAG).
    pub dag_id: String,
    pub dag_name: String,
    pub node_id: String,
    pub task_id: String,
    pub name: String,
    /// `ip:port` of the executing agent: the lane.
    pub agent: String,
    /// 1-based number of this execution (`execute_times` of its log rows).
    pub execution: i64,
    /// How many executions the sub-task has had so far.
    pub executions: i64,
    /// The bar covers every execution (the agent gives no per-execution rows).
    pub whole: bool,
    /// How this execution ended, or `RUNNING` for the live one.
    pub state: TaskState,
    /// Unix milliseconds.
    pub start_ms: i64,
    /// `None` while it runs: the bar ends at "now".
    pub end_ms: Option<i64>,
    /// Row inside the lane, so that bars overlapping in time do not hide each other.
    pub row: usize,
}

/// Unix milliseconds of an agent time; `None` for text that is not a time and for the epoch
/// the agent writes when an operation resets a node (docs/protocol/obshell-tasks.md §5.4: CANCEL,
/// RETRY, ROLLBACK).
pub fn millis(text: &str) -> Option<i64> {
    let secs = rfc3339_unix_seconds(text)?;
    let frac = text
        .get(19..)
        .and_then(|rest| rest.strip_prefix('.'))
        .map(|f| {
            let digits: String = f.chars().take_while(char::is_ascii_digit).take(3).collect();
            format!("{digits:0<3}").parse::<i64>().unwrap_or(0)
        })
        .unwrap_or(0);
    let ms = secs * 1000 + frac;
    (ms >= EARLIEST_MS).then_some(ms)
}

/// The id of the new host's local DAG that a scale-out created, read from its step's log.
pub fn linked_dag_id(dag: &DagDetail) -> Option<String> {
    dag.nodes
        .iter()
        .flatten()
        .flat_map(|n| n.sub_tasks.iter().flatten())
        .flat_map(|t| t.task_logs.iter().flatten())
        .find_map(|line| {
            let at = line.find(LOCAL_DAG_LINE)? + LOCAL_DAG_LINE.len();
            let id: String = line[at..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (!id.is_empty()).then_some(id)
        })
}

/// What the log fetches depend on: a sub-task's logs are read again only when it ran once more
/// or changed state.
pub fn log_key(t: &SubTaskDetail) -> (i64, TaskState) {
    (t.execute_times, t.state)
}

fn agent_of(t: &SubTaskDetail) -> String {
    format!("{}:{}", t.execute_agent.ip, t.execute_agent.port)
}

/// A past execution failed if it logged an error or was cancelled.
fn outcome(rows: &[&SubTaskLog]) -> TaskState {
    let failed = rows.iter().any(|r| {
        r.log_content.starts_with("ERROR:") || r.log_content.trim() == "sub task cancelled"
    });
    if failed {
        TaskState::Failed
    } else {
        TaskState::Succeed
    }
}

struct Base<'a> {
    dag: &'a DagDetail,
    node_id: &'a str,
    task: &'a SubTaskDetail,
    executions: i64,
}

impl Base<'_> {
    fn attempt(&self, execution: i64, state: TaskState, start: i64, end: Option<i64>) -> Attempt {
        Attempt {
            key: format!("{}#{execution}", self.task.id),
            dag_id: self.dag.id.clone(),
            dag_name: self.dag.name.clone(),
            node_id: self.node_id.to_owned(),
            task_id: self.task.id.clone(),
            name: self.task.name.clone(),
            agent: agent_of(self.task),
            execution,
            executions: self.executions,
            whole: false,
            state,
            start_ms: start,
            end_ms: end.map(|e| e.max(start)),
            row: 0,
        }
    }
}

/// Executions of one sub-task from its log rows: rows grouped by `execute_times`, each group
/// from its first row's creation to its last row's update; the last one ends with the
/// sub-task (or runs on).
fn from_logs(base: &Base, rows: &[SubTaskLog], out: &mut Vec<Attempt>) {
    let mut groups: BTreeMap<i64, Vec<&SubTaskLog>> = BTreeMap::new();
    for r in rows {
        groups.entry(r.execute_times).or_default().push(r);
    }
    let t = base.task;
    let running = t.state == TaskState::Running;
    let last = groups.keys().next_back().copied().unwrap_or(0);
    let mut previous_end = None;
    for (&execution, rows) in &groups {
        let start = rows.iter().filter_map(|r| millis(&r.create_time)).min();
        let end = rows
            .iter()
            .filter_map(|r| millis(&r.update_time).or_else(|| millis(&r.create_time)))
            .max();
        let Some(start) = start else { continue };
        let current = execution == last && execution >= t.execute_times;
        let (state, end) = if current && running {
            (TaskState::Running, None)
        } else if current && t.state.is_final() {
            let own_end = millis(&t.end_time).filter(|e| *e >= start);
            (t.state, own_end.max(end))
        } else {
            (outcome(rows), end)
        };
        previous_end = end.or(Some(start));
        out.push(base.attempt(execution, state, start, end));
    }
    // Running again, but the rows of this execution are not read yet: it started after the
    // last one we know of.
    if running && t.execute_times > last {
        let start = millis(&t.start_time).into_iter().chain(previous_end).max();
        if let Some(start) = start {
            out.push(base.attempt(t.execute_times, TaskState::Running, start, None));
        }
    }
}

/// One bar for the whole sub-task, from its own times (agents before 4.3.0 have no per-row
/// logs).
fn from_task(base: &Base, out: &mut Vec<Attempt>) {
    let t = base.task;
    if t.execute_times == 0 || matches!(t.state, TaskState::Pending | TaskState::Ready) {
        return;
    }
    let Some(start) = millis(&t.start_time) else {
        return;
    };
    let (state, end) = if t.state == TaskState::Running {
        (TaskState::Running, None)
    } else {
        (
            t.state,
            Some(millis(&t.end_time).unwrap_or(start).max(start)),
        )
    };
    let mut bar = base.attempt(t.execute_times.max(1), state, start, end);
    bar.whole = true;
    out.push(bar);
}

/// Every execution that has started, in stage order, of every DAG given (the page's DAG
/// first). `logs` holds the rows of `GET /sub_task/:id/logs` by sub-task id; a sub-task
/// without rows is drawn as one bar from its own times.
pub fn attempts_of(dags: &[&DagDetail], logs: &BTreeMap<String, Vec<SubTaskLog>>) -> Vec<Attempt> {
    let mut out = Vec::new();
    for dag in dags {
        for node in dag.nodes.iter().flatten() {
            for task in node.sub_tasks.iter().flatten() {
                let rows = logs.get(&task.id).filter(|r| !r.is_empty());
                let logged = rows.map_or(0, |r| {
                    r.iter()
                        .map(|l| l.execute_times)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len()
                });
                let base = Base {
                    dag,
                    node_id: &node.id,
                    task,
                    executions: task.execute_times.max(i64::try_from(logged).unwrap_or(0)),
                };
                match rows {
                    Some(rows) => from_logs(&base, rows, &mut out),
                    None => from_task(&base, &mut out),
                }
            }
        }
    }
    out
}

/// Agents in order of their first execution, each with the indexes of its attempts; sets each
/// attempt's row so that attempts overlapping in time stack.
pub fn lanes_of(attempts: &mut [Attempt]) -> Vec<(String, Vec<usize>)> {
    let mut lanes: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, a) in attempts.iter().enumerate() {
        match lanes.iter_mut().find(|(agent, _)| *agent == a.agent) {
            Some((_, members)) => members.push(i),
            None => lanes.push((a.agent.clone(), vec![i])),
        }
    }
    for (_, members) in &lanes {
        let mut order = members.clone();
        order.sort_by_key(|&i| (attempts[i].start_ms, i));
        // The end of the last bar in each row; a live bar holds its row for good.
        let mut rows: Vec<i64> = Vec::new();
        for i in order {
            let a = &attempts[i];
            let end = a.end_ms.unwrap_or(i64::MAX);
            let row = match rows.iter().position(|&e| e <= a.start_ms) {
                Some(r) => {
                    rows[r] = end;
                    r
                }
                None => {
                    rows.push(end);
                    rows.len() - 1
                }
            };
            attempts[i].row = row;
        }
    }
    lanes
}

/// The time axis: from the first start, a span rounded up to whole ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Axis {
    pub t0: i64,
    pub span_ms: i64,
    pub step_ms: i64,
}

const STEPS_MS: [i64; 16] = [
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
    1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000,
];

/// `a / b` rounded up, for positive numbers.
fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

/// The axis for bars from `t0` to `latest`: at most eight ticks, at least ten seconds, and
/// room to grow so that a live bar does not rescale the others every second.
pub fn axis(t0: i64, latest: i64) -> Axis {
    let raw = (latest - t0).max(10_000);
    let wanted = raw + raw / 10;
    let step = STEPS_MS
        .iter()
        .copied()
        .find(|s| ceil_div(wanted, *s) <= 8)
        .unwrap_or(86_400_000);
    Axis {
        t0,
        span_ms: ceil_div(wanted, step) * step,
        step_ms: step,
    }
}

/// The axis for these attempts at `now`; `None` before anything started.
pub fn axis_of(attempts: &[Attempt], now: i64) -> Option<Axis> {
    let t0 = attempts.iter().map(|a| a.start_ms).min()?;
    let latest = attempts
        .iter()
        .map(|a| a.end_ms.unwrap_or(now.max(a.start_ms)))
        .max()
        .unwrap_or(t0);
    Some(axis(t0, latest))
}

/// Whether `axis` still holds everything at `now`, so it need not change.
pub fn axis_holds(axis: &Axis, attempts: &[Attempt], now: i64) -> bool {
    let t0 = attempts.iter().map(|a| a.start_ms).min();
    let latest = attempts
        .iter()
        .map(|a| a.end_ms.unwrap_or(now.max(a.start_ms)))
        .max();
    t0 == Some(axis.t0) && latest.is_some_and(|l| l <= axis.t0 + axis.span_ms)
}

/// Left edge and width of a bar, in percent of the axis; a live bar ends at `now`.
pub fn place(a: &Attempt, axis: &Axis, now: i64) -> (f64, f64) {
    let span = axis.span_ms.max(1) as f64;
    let end = a.end_ms.unwrap_or(now).max(a.start_ms);
    let left = ((a.start_ms - axis.t0) as f64 / span * 100.0).clamp(0.0, 100.0);
    let width = ((end - a.start_ms) as f64 / span * 100.0).clamp(0.0, 100.0 - left);
    (left, width)
}

/// Ticks of the axis: position in percent and a label of the time since the first start.
pub fn ticks(axis: &Axis) -> Vec<(f64, String)> {
    let step = axis.step_ms.max(1);
    (0..=axis.span_ms / step)
        .map(|k| {
            let at = k * step;
            (
                at as f64 / axis.span_ms.max(1) as f64 * 100.0,
                elapsed_label(at),
            )
        })
        .collect()
}

crate::texts! {
    /// The time axis' compact labels.
    mod tx {
        secs: "{0}s" => "{0} 秒",
        mins: "{0}m" => "{0} 分",
        min_secs: "{0}m {1}s" => "{0} 分 {1} 秒",
        hours: "{0}h {1}m" => "{0} 小时 {1} 分",
    }
}

/// `0s`, `45s`, `1m 30s`, `2h 05m` (`0 秒`, `1 分 30 秒`…).
pub fn elapsed_label(ms: i64) -> String {
    use crate::core::i18n::fill;
    let t = tx::t();
    let secs = ms / 1000;
    if secs >= 3600 {
        let m = format!("{:02}", secs / 60 % 60);
        fill(t.hours, &[&(secs / 3600), &m])
    } else if secs >= 60 && secs % 60 == 0 {
        fill(t.mins, &[&(secs / 60)])
    } else if secs >= 60 {
        let s = format!("{:02}", secs % 60);
        fill(t.min_secs, &[&(secs / 60), &s])
    } else {
        fill(t.secs, &[&secs])
    }
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator};

    use super::*;
    use crate::ui::graph::model::synthetic_dag;

    const T: &str = "2026-12-01T10:00:00Z";
    const T0: i64 = 1_796_119_200_000;

    fn at(secs: i64) -> String {
        let s = 10 * 3600 + secs;
        format!(
            "2026-12-01T{:02}:{:02}:{:02}.250+00:00",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }

    fn row(task: i64, execution: i64, secs: i64, text: &str) -> SubTaskLog {
        SubTaskLog {
            id: secs,
            sub_task_id: task,
            execute_times: execution,
            log_content: text.to_owned(),
            is_sync: false,
            create_time: at(secs),
            update_time: at(secs),
        }
    }

    /// Three steps: done, running, pending; times from the agent.
    fn dag() -> DagDetail {
        let mut d = synthetic_dag(3, 1);
        let nodes = d.nodes.as_mut().expect("nodes");
        for (i, n) in nodes.iter_mut().enumerate() {
            let t = &mut n.sub_tasks.as_mut().expect("tasks")[0];
            t.start_time = at(i as i64 * 10);
            t.end_time = at(i as i64 * 10 + 5);
        }
        let pending = &mut nodes[2].sub_tasks.as_mut().expect("tasks")[0];
        pending.execute_times = 0;
        pending.start_time = T.into();
        pending.end_time = T.into();
        d
    }

    #[test]
    fn reads_times_to_the_millisecond_and_refuses_the_epoch() {
        assert_eq!(millis(T), Some(T0));
        assert_eq!(millis(&at(1)), Some(T0 + 1_250));
        assert_eq!(millis("2026-12-01T10:00:00.5Z"), Some(T0 + 500));
        assert_eq!(millis("1970-01-01T00:00:00Z"), None);
        assert_eq!(millis("1970-01-01T08:00:00+08:00"), None);
        assert_eq!(millis("0001-01-01T00:00:00Z"), None);
        assert_eq!(millis(""), None);
    }

    #[test]
    fn one_bar_per_started_sub_task_without_logs() {
        let d = dag();
        let bars = attempts_of(&[&d], &BTreeMap::new());
        assert_eq!(bars.len(), 2, "the pending step has no bar: {bars:?}");
        assert_eq!(bars[0].state, TaskState::Succeed);
        assert_eq!(
            (bars[0].start_ms, bars[0].end_ms),
            (T0 + 250, Some(T0 + 5_250))
        );
        assert_eq!(bars[1].state, TaskState::Running);
        assert_eq!(bars[1].end_ms, None, "the running one grows");
        assert_eq!(bars[1].agent, "10.0.1.1:2886");
        assert!(bars.iter().all(|b| b.whole));
    }

    #[test]
    fn a_cancelled_step_reset_to_the_epoch_draws_nothing_from_1970() {
        let mut d = dag();
        let nodes = d.nodes.as_mut().expect("nodes");
        nodes[1].state = TaskState::Failed;
        nodes[1].operator = TaskOperator::Cancel;
        let t = &mut nodes[1].sub_tasks.as_mut().expect("tasks")[0];
        t.state = TaskState::Failed;
        t.start_time = "1970-01-01T08:00:00+08:00".into();
        t.end_time = "1970-01-01T08:00:00+08:00".into();
        let bars = attempts_of(&[&d], &BTreeMap::new());
        assert_eq!(bars.len(), 1);
        let axis = axis_of(&bars, T0 + 60_000).expect("axis");
        assert_eq!(axis.t0, T0 + 250, "the axis starts at the first real start");
        // Its end reset but its start kept: a bar of no length at its start, never to 1970.
        let t = &mut d.nodes.as_mut().expect("nodes")[1]
            .sub_tasks
            .as_mut()
            .expect("tasks")[0];
        t.start_time = at(10);
        let bars = attempts_of(&[&d], &BTreeMap::new());
        assert_eq!(bars[1].end_ms, Some(bars[1].start_ms));
    }

    #[test]
    fn a_retried_step_shows_each_execution() {
        let mut d = dag();
        let t = &mut d.nodes.as_mut().expect("nodes")[1]
            .sub_tasks
            .as_mut()
            .expect("tasks")[0];
        t.state = TaskState::Succeed;
        t.execute_times = 3;
        t.end_time = at(40);
        let id = t.id.clone();
        let logs = BTreeMap::from([(
            id,
            vec![
                row(2, 1, 10, "Start Step 2"),
                row(2, 1, 15, "ERROR: [Common.Unexpected]: boom"),
                row(2, 2, 30, "Roll back the failed attempt before retrying"),
                row(2, 3, 31, "Start Step 2"),
                row(2, 3, 38, "done"),
            ],
        )]);
        let bars = attempts_of(&[&d], &logs);
        let step2: Vec<_> = bars.iter().filter(|b| b.name == "Step 2").collect();
        assert_eq!(step2.len(), 3);
        assert_eq!(
            step2.iter().map(|b| b.state).collect::<Vec<_>>(),
            [TaskState::Failed, TaskState::Succeed, TaskState::Succeed]
        );
        assert_eq!(
            step2.iter().map(|b| b.execution).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert!(step2.iter().all(|b| b.executions == 3 && !b.whole));
        assert_eq!(
            (step2[0].start_ms, step2[0].end_ms),
            (T0 + 10_250, Some(T0 + 15_250))
        );
        // The last one ends with the sub-task, after its last line.
        assert_eq!(step2[2].end_ms, Some(T0 + 40_250));
        let keys: std::collections::BTreeSet<_> = bars.iter().map(|b| b.key.clone()).collect();
        assert_eq!(keys.len(), bars.len(), "keys are unique");
    }

    #[test]
    fn a_running_execution_not_yet_in_the_logs_runs_from_its_start() {
        let mut d = dag();
        let t = &mut d.nodes.as_mut().expect("nodes")[1]
            .sub_tasks
            .as_mut()
            .expect("tasks")[0];
        t.execute_times = 2;
        let logs = BTreeMap::from([(
            t.id.clone(),
            vec![row(2, 1, 10, "Start"), row(2, 1, 12, "ERROR: x")],
        )]);
        let bars = attempts_of(&[&d], &logs);
        let step2: Vec<_> = bars.iter().filter(|b| b.name == "Step 2").collect();
        assert_eq!(step2.len(), 2);
        assert_eq!(step2[0].state, TaskState::Failed);
        assert_eq!(step2[1].state, TaskState::Running);
        assert_eq!(step2[1].start_ms, T0 + 12_250);
    }

    #[test]
    fn lanes_per_agent_in_order_of_first_work_and_overlaps_stack() {
        let d = dag();
        let mut local = synthetic_dag(2, 0);
        local.id = "2000000000102886".into();
        for n in local.nodes.as_mut().expect("nodes") {
            let t = &mut n.sub_tasks.as_mut().expect("tasks")[0];
            t.id = format!("9{}", t.id);
            t.execute_agent = AgentAddr {
                ip: "10.0.4.1".into(),
                port: 2886,
            };
            t.start_time = at(12);
            t.end_time = at(14);
        }
        let mut bars = attempts_of(&[&d, &local], &BTreeMap::new());
        let lanes = lanes_of(&mut bars);
        assert_eq!(
            lanes.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
            ["10.0.1.1:2886", "10.0.4.1:2886"]
        );
        assert_eq!(
            lanes[1].1.len(),
            1,
            "the local DAG's pending step has no bar"
        );
        assert_eq!(bars[2].dag_id, "2000000000102886");
        // Two bars at once on one agent: the second goes to a second row.
        bars[0].end_ms = Some(T0 + 20_000);
        let lanes = lanes_of(&mut bars);
        assert_eq!(
            lanes[0].1.iter().map(|&i| bars[i].row).collect::<Vec<_>>(),
            [0, 1]
        );
    }

    #[test]
    fn bars_are_placed_on_a_round_axis_and_the_live_one_grows() {
        let d = dag();
        let bars = attempts_of(&[&d], &BTreeMap::new());
        let now = T0 + 20_250;
        let axis = axis_of(&bars, now).expect("axis");
        assert_eq!(axis.t0, T0 + 250);
        assert!(axis.span_ms >= 20_000 && axis.span_ms % axis.step_ms == 0);
        let (left, width) = place(&bars[0], &axis, now);
        assert_eq!(left, 0.0);
        assert!((width - 5_000.0 / axis.span_ms as f64 * 100.0).abs() < 1e-9);
        let (_, w1) = place(&bars[1], &axis, now);
        let (_, w2) = place(&bars[1], &axis, now + 1_000);
        assert!(w2 > w1, "a second later the running bar is longer");
        assert!(axis_holds(&axis, &bars, now + 1_000));
        assert!(!axis_holds(&axis, &bars, now + 3_600_000));
        let labels: Vec<String> = ticks(&axis).into_iter().map(|(_, l)| l).collect();
        assert_eq!(labels.first().map(String::as_str), Some("0s"));
        assert!(labels.len() <= 9 && labels.len() >= 3, "{labels:?}");
        assert_eq!(axis_of(&[], now), None);
    }

    #[test]
    fn axes_pick_round_steps() {
        assert_eq!(axis(0, 5_000).step_ms, 2_000);
        assert_eq!(axis(0, 5_000).span_ms, 12_000);
        let long = axis(0, 25 * 60_000);
        assert_eq!((long.step_ms, long.span_ms), (300_000, 30 * 60_000));
        assert_eq!(elapsed_label(90_000), "1m 30s");
        assert_eq!(elapsed_label(120_000), "2m");
        assert_eq!(elapsed_label(3_900_000), "1h 05m");
    }

    #[test]
    fn finds_the_local_dag_of_a_scale_out() {
        let mut d = dag();
        assert_eq!(linked_dag_id(&d), None);
        d.nodes.as_mut().expect("nodes")[0]
            .sub_tasks
            .as_mut()
            .expect("tasks")[0]
            .task_logs = Some(vec![
            "Start".into(),
            "create local scale out dag success, genericID: 20167772161028861".into(),
        ]);
        assert_eq!(linked_dag_id(&d).as_deref(), Some("20167772161028861"));
    }
}
