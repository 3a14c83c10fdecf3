//! A task in time (Gantt), whatever the backend: one lane per executor, one bar per execution
//! of a step, and the time axis, as pure functions of the bars a backend's feed gives and "now".
//! The zoom is in `zoom.rs`.

use obshell_protocol::obshell::model::task::TaskState;
use obshell_protocol::time::rfc3339_unix_seconds;

/// Times before this (2000-01-01) are a reset epoch or garbage, never a start.
const EARLIEST_MS: i64 = 946_684_800_000;

/// Unix milliseconds of an RFC 3339 time a backend sent; `None` for text that is not a time and
/// for the epoch the agent writes when an operation resets a node
/// (docs/protocol/obshell-tasks.md §5.4: CANCEL, RETRY, ROLLBACK).
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

/// One execution of a step, on its executor's lane. Each backend's feed makes these from its
/// own answers (the agent's DAGs and sub-task logs, OCP's subtasks and their logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Stable key: the step's id and the execution's number.
    pub key: String,
    /// Whose lane: the executing agent or node (`ip:port`); empty when the backend did not say.
    pub lane: String,
    /// The graph the step belongs to (a task's or DAG's id).
    pub dag_id: String,
    /// Said after the step's name when the step is not of the page's own graph (a scale-out's
    /// local DAG: `Local scale out 12`); empty for the page's own.
    pub elsewhere: String,
    /// The node and the step (sub-task) a click on the bar opens.
    pub node_id: String,
    pub task_id: String,
    pub name: String,
    /// 1-based number of this execution.
    pub execution: i64,
    /// How many executions the step has had so far.
    pub executions: i64,
    /// The bar covers every execution (the backend gives no per-execution times).
    pub whole: bool,
    /// How this execution ended, or `RUNNING` for the live one.
    pub state: TaskState,
    /// Unix milliseconds.
    pub start_ms: i64,
    /// `None` while it runs: the bar ends at "now".
    pub end_ms: Option<i64>,
    /// The first line of what the failed execution said (its error), shown under the bar.
    pub failure: Option<String>,
    /// Row inside the lane, so that bars overlapping in time do not hide each other.
    pub row: usize,
}

impl Bar {
    /// `#2` on the bar of a step's second execution; `×3` on a bar that covers three; nothing
    /// for a step that ran once.
    pub fn attempt_mark(&self) -> Option<String> {
        if self.executions <= 1 {
            None
        } else if self.whole {
            Some(format!("×{}", self.executions))
        } else {
            Some(format!("#{}", self.execution))
        }
    }
}

/// The first line of a failure, trimmed; `None` for nothing to say.
pub fn first_line(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(line.to_owned())
}

/// Lanes in order of their first execution, each with the indexes of its bars; sets each bar's
/// row so that bars overlapping in time stack.
pub fn lanes_of(bars: &mut [Bar]) -> Vec<(String, Vec<usize>)> {
    let mut lanes: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, a) in bars.iter().enumerate() {
        match lanes.iter_mut().find(|(lane, _)| *lane == a.lane) {
            Some((_, members)) => members.push(i),
            None => lanes.push((a.lane.clone(), vec![i])),
        }
    }
    for (_, members) in &lanes {
        let mut order = members.clone();
        obshell_protocol::sort::by_key(&mut order, |&i| (bars[i].start_ms, i));
        // The end of the last bar in each row; a live bar holds its row for good.
        let mut rows: Vec<i64> = Vec::new();
        for i in order {
            let a = &bars[i];
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
            bars[i].row = row;
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

/// The steps a tick may take, shortest first.
pub(crate) const STEPS_MS: [i64; 16] = [
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

/// The first start and the latest end (a live bar's being `now`); `None` without bars.
fn extent(bars: &[Bar], now: i64) -> Option<(i64, i64)> {
    let t0 = bars.iter().map(|a| a.start_ms).min()?;
    let latest = bars
        .iter()
        .map(|a| a.end_ms.unwrap_or(now.max(a.start_ms)))
        .max()
        .unwrap_or(t0);
    Some((t0, latest))
}

/// The axis for these bars at `now`; `None` before anything started.
pub fn axis_of(bars: &[Bar], now: i64) -> Option<Axis> {
    extent(bars, now).map(|(t0, latest)| axis(t0, latest))
}

/// Whether `axis` still holds everything at `now`, so it need not change.
pub fn axis_holds(axis: &Axis, bars: &[Bar], now: i64) -> bool {
    extent(bars, now).is_some_and(|(t0, l)| t0 == axis.t0 && l <= axis.t0 + axis.span_ms)
}

/// Left edge and width of a bar, in percent of the axis; a live bar ends at `now`.
pub fn place(a: &Bar, axis: &Axis, now: i64) -> (f64, f64) {
    let span = axis.span_ms.max(1) as f64;
    let end = a.end_ms.unwrap_or(now).max(a.start_ms);
    let left = ((a.start_ms - axis.t0) as f64 / span * 100.0).clamp(0.0, 100.0);
    let width = ((end - a.start_ms) as f64 / span * 100.0).clamp(0.0, 100.0 - left);
    (left, width)
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
