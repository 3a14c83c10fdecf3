//! The agent's task in time: one bar per execution of a sub-task on its agent's lane, as pure
//! functions of the polled DAGs and their sub-task logs (the lanes, the axis and the zoom are the
//! shared timeline's, `src/ui/timeline/`).

use std::collections::BTreeMap;

use obshell_protocol::obshell::model::task::{DagDetail, SubTaskDetail, SubTaskLog, TaskState};

use crate::ui::timeline::model::{first_line, millis, Bar};

/// The log line by which a scale-out's step names the new host's own DAG
/// (docs/protocol/obshell-tasks.md §5.6).
const LOCAL_DAG_LINE: &str = "create local scale out dag success, genericID:";

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

/// A line of a failure: an error the agent logged, or its word for a cancelled sub-task
/// (docs/protocol/obshell-tasks.md §5.7).
fn is_failure(line: &str) -> bool {
    line.starts_with("ERROR:") || line.trim() == "sub task cancelled"
}

/// A past execution failed if it logged an error or was cancelled.
fn outcome(rows: &[&SubTaskLog]) -> TaskState {
    if rows.iter().any(|r| is_failure(&r.log_content)) {
        TaskState::Failed
    } else {
        TaskState::Succeed
    }
}

/// The first line of an execution's failure, from its rows.
fn failure_of(rows: &[&SubTaskLog]) -> Option<String> {
    rows.iter()
        .find(|r| is_failure(&r.log_content))
        .and_then(|r| first_line(&r.log_content))
}

/// The first line of a failed sub-task's latest failure, from its own lines (the node panel
/// shows the same one).
fn last_failure(task: &SubTaskDetail) -> Option<String> {
    task.task_logs
        .iter()
        .flatten()
        .rev()
        .find(|l| is_failure(l))
        .and_then(|l| first_line(l))
}

struct Base<'a> {
    dag: &'a DagDetail,
    /// The page's own DAG's id: a bar of another DAG names it.
    page: &'a str,
    node_id: &'a str,
    task: &'a SubTaskDetail,
    executions: i64,
}

impl Base<'_> {
    fn attempt(&self, execution: i64, state: TaskState, start: i64, end: Option<i64>) -> Bar {
        Bar {
            key: format!("{}#{execution}", self.task.id),
            lane: agent_of(self.task),
            dag_id: self.dag.id.clone(),
            elsewhere: if self.dag.id == self.page {
                String::new()
            } else {
                format!("{} {}", self.dag.name, self.dag.id)
            },
            node_id: self.node_id.to_owned(),
            task_id: self.task.id.clone(),
            name: self.task.name.clone(),
            execution,
            executions: self.executions,
            whole: false,
            state,
            start_ms: start,
            end_ms: end.map(|e| e.max(start)),
            failure: None,
            row: 0,
        }
    }
}

/// Executions of one sub-task from its log rows: rows grouped by `execute_times`, each group
/// from its first row's creation to its last row's update; the last one ends with the
/// sub-task (or runs on).
fn from_logs(base: &Base, rows: &[SubTaskLog], out: &mut Vec<Bar>) {
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
        let mut bar = base.attempt(execution, state, start, end);
        if state == TaskState::Failed {
            bar.failure = failure_of(rows).or_else(|| current.then(|| last_failure(t)).flatten());
        }
        out.push(bar);
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
fn from_task(base: &Base, out: &mut Vec<Bar>) {
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
    if state == TaskState::Failed {
        bar.failure = last_failure(t);
    }
    out.push(bar);
}

/// Every execution that has started, in stage order, of every DAG given (the page's DAG
/// first: a bar of another names its DAG). `logs` holds the rows of `GET /sub_task/:id/logs` by sub-task id; a sub-task
/// without rows is drawn as one bar from its own times.
pub fn attempts_of(dags: &[&DagDetail], logs: &BTreeMap<String, Vec<SubTaskLog>>) -> Vec<Bar> {
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
                    page: &dags[0].id,
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

#[cfg(test)]
mod tests;
