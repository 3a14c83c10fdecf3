//! An OCP task in time: its subtasks as bars of the shared timeline (`src/ui/timeline/`), one
//! lane per `executor` (the node OCP names; "unknown" when a subtask has none), from the
//! subtask's `startTime` and `finishTime` (docs/protocol/ocp.md §2.3). A subtask that ran more
//! than once, or failed, is read from its log too: each execution starts a block under a
//! header line with its time (§2.5), so each gets its bar, numbered, and a failed one its first
//! error line.

use std::collections::BTreeMap;

use obshell_protocol::obshell::model::task::TaskState;
use obshell_protocol::ocp::{Subtask, SubtaskStatus, Task};

use crate::ocp::task::graph::box_state;
use crate::ui::timeline::model::{first_line, millis, Bar};

/// What the log reads depend on: a subtask's log is read again only when it ran once more or
/// changed state, and only for one that ran more than once or failed.
pub fn log_key(s: &Subtask) -> Option<(i64, SubtaskStatus)> {
    (s.run_time > 1 || s.status == SubtaskStatus::Failed).then_some((s.run_time, s.status))
}

/// One execution's block of a log: the time in its header, and its lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Block<'a> {
    /// The header's time as OCP wrote it (RFC 3339).
    pub at: &'a str,
    pub lines: Vec<&'a str>,
}

/// `############{EXECUTE}{2026-12-01T18:00:00.000+08:00}############` → its time.
fn header_time(line: &str) -> Option<&str> {
    let inner = line.trim().trim_matches('#');
    let rest = inner.strip_prefix('{')?;
    let (_, rest) = rest.split_once("}{")?;
    rest.strip_suffix('}')
}

/// A log's execution blocks, in order; lines before the first header are dropped.
pub fn blocks(log: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block> = Vec::new();
    for line in log.lines() {
        match header_time(line) {
            Some(at) => out.push(Block {
                at,
                lines: Vec::new(),
            }),
            None => {
                if let Some(b) = out.last_mut() {
                    b.lines.push(line);
                }
            }
        }
    }
    out
}

/// A log line's leading `2026-12-01 18:00:05.000`, read in the zone of the header above it
/// (a line carries none).
fn line_time(line: &str, header: &str) -> Option<i64> {
    let stamp = line.get(..23).or_else(|| line.get(..19))?;
    let zone = header
        .get(header.len().checked_sub(6)?..)
        .filter(|z| z.starts_with(['+', '-']))
        .unwrap_or("Z");
    millis(&format!("{stamp}{zone}")).or_else(|| millis(&format!("{}{zone}", line.get(..19)?)))
}

/// The line of an error (its level written as `ERROR`).
fn is_error(line: &str) -> bool {
    line.split_whitespace().take(4).any(|w| w == "ERROR")
}

/// The first error of a block, without its leading time.
fn failure_of(block: &Block) -> Option<String> {
    let line = block.lines.iter().find(|l| is_error(l))?;
    let text = if line_time(line, block.at).is_some() {
        line.get(23..).unwrap_or(line)
    } else {
        line
    };
    first_line(text)
}

/// A subtask's bar with the fields every execution shares.
fn base(task: &Task, s: &Subtask, execution: i64, executions: i64) -> Bar {
    Bar {
        key: format!("{}#{execution}", s.id),
        lane: s.executor.clone().unwrap_or_default(),
        dag_id: task.id.to_string(),
        elsewhere: String::new(),
        node_id: s.id.to_string(),
        task_id: s.id.to_string(),
        name: s.name.clone(),
        execution,
        executions,
        whole: false,
        state: box_state(s.status),
        start_ms: 0,
        end_ms: None,
        failure: None,
        row: 0,
    }
}

/// Still going: its bar grows with the clock.
fn live(status: SubtaskStatus) -> bool {
    matches!(status, SubtaskStatus::Running | SubtaskStatus::Canceling)
}

/// The bar of the subtask's latest run (or of all its runs, `whole`), from its own times.
fn from_subtask(task: &Task, s: &Subtask, out: &mut Vec<Bar>) {
    let Some(start) = s.start_time.as_deref().and_then(millis) else {
        return;
    };
    let runs = s.run_time.max(1);
    let mut bar = base(task, s, runs, runs);
    bar.whole = runs > 1;
    bar.start_ms = start;
    bar.end_ms = own_end(s, start);
    out.push(bar);
}

/// The end of the subtask's own run: `None` while it goes on.
fn own_end(s: &Subtask, start: i64) -> Option<i64> {
    (!live(s.status)).then(|| {
        s.finish_time
            .as_deref()
            .and_then(millis)
            .unwrap_or(start)
            .max(start)
    })
}

/// One bar per block of the subtask's log; the last one is the subtask's own run (ending with
/// it), unless the log read is older than the run (then that run follows from its own times).
fn from_log(task: &Task, s: &Subtask, blocks: &[Block], out: &mut Vec<Bar>) -> bool {
    let starts: Vec<i64> = blocks.iter().filter_map(|b| millis(b.at)).collect();
    if starts.len() != blocks.len() {
        return false;
    }
    let logged = i64::try_from(blocks.len()).unwrap_or(0);
    let stale = logged < s.run_time;
    let count = logged.max(s.run_time);
    for (k, block) in blocks.iter().enumerate() {
        let start = starts[k];
        let execution = i64::try_from(k).unwrap_or(0) + 1;
        let mut bar = base(task, s, execution, count);
        bar.start_ms = start;
        if k + 1 == blocks.len() && !stale {
            bar.end_ms = own_end(s, start);
        } else {
            let failed = block.lines.iter().any(|l| is_error(l));
            bar.state = if failed {
                TaskState::Failed
            } else {
                box_state(SubtaskStatus::Successful)
            };
            let next = starts.get(k + 1).copied().unwrap_or(i64::MAX);
            let end = block
                .lines
                .iter()
                .rev()
                .find_map(|l| line_time(l, block.at));
            bar.end_ms = Some(end.unwrap_or(start).clamp(start, next.max(start)));
        }
        if bar.state == TaskState::Failed {
            bar.failure = failure_of(block);
        }
        out.push(bar);
    }
    if stale {
        if let Some(start) = s.start_time.as_deref().and_then(millis) {
            let mut bar = base(task, s, s.run_time, count);
            bar.start_ms = start;
            bar.end_ms = own_end(s, start);
            out.push(bar);
        }
    }
    true
}

/// Every subtask that has started, as bars, in the order OCP runs them (`seriesId`). `logs`
/// holds the log read for a subtask (by id); without one, a subtask is one bar from its own
/// times.
pub fn bars_of(task: &Task, logs: &BTreeMap<i64, String>) -> Vec<Bar> {
    let mut subtasks: Vec<&Subtask> = task.subtasks.iter().collect();
    obshell_protocol::sort::by_key(&mut subtasks, |s| (s.series_id, s.parallel_idx, s.id));
    let mut out = Vec::new();
    for s in subtasks {
        if matches!(s.status, SubtaskStatus::Pending | SubtaskStatus::Ready) {
            continue;
        }
        let parsed = logs.get(&s.id).map(|l| blocks(l)).unwrap_or_default();
        if parsed.is_empty() || !from_log(task, s, &parsed, &mut out) {
            from_subtask(task, s, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests;
