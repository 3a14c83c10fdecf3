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
mod tests;
