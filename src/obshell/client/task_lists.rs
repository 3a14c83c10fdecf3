//! The task lists of the agent merged into one, kept current between full reads by the small
//! list of unfinished tasks, and the one refusal of a list that only means "not here": the
//! cluster's list asked of an agent that is not a cluster agent.
//!
//! The agent's full lists have no paging and hold every task of the cluster's life
//! (docs/protocol/obshell-tasks.md §3): they are read at most once a minute
//! ([`FULL_READ_EVERY_MS`]); in between, the unfinished list says what runs, and a task that
//! left it is read alone to learn how it ended.

use std::collections::{HashMap, HashSet};

use obshell_protocol::obshell::catalog::{LegacyCode, NO_RESPONSE_BODY, UNEXPECTED};
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::error::ApiError;

/// Every task the console could read from the agent, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskLists {
    pub dags: Vec<DagDetail>,
    /// The cluster's own list (`/task/dags/ob`) is not available from this agent, which is not a
    /// cluster agent: only its own tasks, and the unfinished ones it knows of, are listed.
    pub cluster_list_missing: bool,
    /// The ids of the last read of the unfinished list (failed tasks that still hold a lock are
    /// in it, docs/protocol/obshell.md §4.8): one that leaves it has ended, or been ended.
    pub unfinished: HashSet<String>,
}

impl TaskLists {
    /// Adds one list; a task listed twice (unfinished and in the full list) is kept once.
    pub fn add(&mut self, list: Vec<DagDetail>) {
        let mut seen: HashSet<String> = self.dags.iter().map(|d| d.id.clone()).collect();
        self.dags
            .extend(list.into_iter().filter(|d| seen.insert(d.id.clone())));
    }

    /// Folds a read of the unfinished tasks into the list: each one listed is replaced, a new
    /// one is added; returns the ids of the tasks listed as unfinished that are no longer (they
    /// ended since: [`TaskLists::replace`] each with its own read).
    pub fn fold_unfinished(&mut self, unfinished: Vec<DagDetail>) -> Vec<String> {
        let still: HashSet<String> = unfinished.iter().map(|d| d.id.clone()).collect();
        let ended = self
            .dags
            .iter()
            .filter(|d| !d.state.is_final() || self.unfinished.contains(&d.id))
            .filter(|d| !still.contains(&d.id))
            .map(|d| d.id.clone())
            .collect();
        self.unfinished = still;
        let at: HashMap<String, usize> = self
            .dags
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut added = false;
        for dag in unfinished {
            match at.get(&dag.id) {
                Some(&i) => self.dags[i] = dag,
                None => {
                    self.dags.push(dag);
                    added = true;
                }
            }
        }
        if added {
            self.sort();
        }
        ended
    }

    /// Puts a task read alone in the list, without its steps (the list does not keep them).
    pub fn replace(&mut self, mut dag: DagDetail) {
        dag.nodes = None;
        if let Some(d) = self.dags.iter_mut().find(|d| d.id == dag.id) {
            *d = dag;
        }
    }

    /// Newest first: by start time, then by id.
    pub fn sort(&mut self) {
        obshell_protocol::sort::by(&mut self.dags, |a, b| {
            b.start_time
                .cmp(&a.start_time)
                .then(b.dag_id.cmp(&a.dag_id))
        });
    }
}

/// The full lists are read again after this long (milliseconds), or when a task ended and more
/// than [`ENDED_READ_ALONE`] did at once.
pub const FULL_READ_EVERY_MS: f64 = 60_000.0;

/// At most this many ended tasks are read one by one; more, and the full lists are read.
pub const ENDED_READ_ALONE: usize = 5;

/// Whether `error` is how an agent that is not a cluster agent answers `/task/dags/ob`: its
/// refusal is built but never sent, so the envelope writer answers 500 `Common.Unexpected`
/// "ocsagent cannot build response body" (code 1002 before 4.3.1, the words untranslated in any
/// language). See docs/protocol/obshell.md §3.4 and §4.8.
pub fn cluster_list_refused(error: &ApiError) -> bool {
    match error {
        ApiError::Agent {
            status,
            code,
            err_code,
            message,
            ..
        } => {
            let unexpected = err_code == UNEXPECTED.code
                || (err_code.is_empty() && *code == Some(LegacyCode::UNEXPECTED.code));
            *status == 500 && unexpected && message.contains(NO_RESPONSE_BODY)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dag(id: &str, dag_id: i64, start: &str) -> DagDetail {
        serde_json::from_value(serde_json::json!({
            "id": id, "dag_id": dag_id, "name": "Scale out tenant replicas", "stage": 1,
            "max_stage": 2, "state": "SUCCEED", "operator": "RUN", "start_time": start,
            "end_time": start, "additional_data": null, "nodes": null
        }))
        .expect("a DAG")
    }

    fn agent_error(status: u16, code: Option<i64>, err_code: &str, message: &str) -> ApiError {
        ApiError::Agent {
            call: "GET /api/v1/task/dags/ob",
            status,
            code,
            err_code: err_code.to_owned(),
            message: message.to_owned(),
            trace_id: "0123456789abcdef".to_owned(),
        }
    }

    #[test]
    fn lists_merge_once_each_newest_first() {
        let mut lists = TaskLists::default();
        lists.add(vec![dag("11", 1, "2026-01-01T00:00:00Z")]);
        lists.add(vec![
            dag("11", 1, "2026-01-01T00:00:00Z"),
            dag("12", 2, "2026-01-02T00:00:00Z"),
        ]);
        lists.add(vec![dag("21", 3, "2026-01-01T00:00:00Z")]);
        lists.sort();
        let ids: Vec<&str> = lists.dags.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["12", "21", "11"]);
    }

    #[test]
    fn a_read_of_the_unfinished_tasks_updates_adds_and_names_the_ended() {
        let mut running = dag("13", 3, "2026-01-03T00:00:00Z");
        running.state = obshell_protocol::obshell::model::task::TaskState::Running;
        let mut lists = TaskLists::default();
        lists.add(vec![
            running.clone(),
            dag("12", 2, "2026-01-02T00:00:00Z"),
            dag("11", 1, "2026-01-01T00:00:00Z"),
        ]);
        // 13 ended (no longer unfinished), 14 started.
        let mut new = dag("14", 4, "2026-01-04T00:00:00Z");
        new.state = obshell_protocol::obshell::model::task::TaskState::Running;
        let ended = lists.fold_unfinished(vec![new]);
        assert_eq!(ended, ["13"]);
        let ids: Vec<&str> = lists.dags.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["14", "13", "12", "11"]);
        // Its own read says how it ended; the steps are not kept.
        let mut done = dag("13", 3, "2026-01-03T00:00:00Z");
        done.nodes = Some(Vec::new());
        lists.replace(done);
        assert_eq!(lists.dags[1].state.as_str(), "SUCCEED");
        assert!(lists.dags[1].nodes.is_none());
        // A failed task that still holds its lock is in the unfinished list; a running one's
        // new stage replaces it in place.
        let mut further = lists.dags[0].clone();
        further.stage = 2;
        let mut failed = lists.dags[2].clone();
        failed.state = obshell_protocol::obshell::model::task::TaskState::Failed;
        assert!(lists.fold_unfinished(vec![further, failed]).is_empty());
        assert_eq!(lists.dags[0].stage, 2);
        assert_eq!(lists.dags[2].state.as_str(), "FAILED");
        // Rolled back, it leaves the list: ended, though it read failed.
        let running = lists.dags[0].clone();
        assert_eq!(lists.fold_unfinished(vec![running]), ["12"]);
    }

    #[test]
    fn only_the_unsent_identity_refusal_means_the_list_is_not_here() {
        let en = "Unexpected error: ocsagent cannot build response body";
        let zh = "非预期错误：ocsagent cannot build response body";
        assert!(cluster_list_refused(&agent_error(
            500,
            None,
            "Common.Unexpected",
            en
        )));
        assert!(cluster_list_refused(&agent_error(
            500,
            None,
            "Common.Unexpected",
            zh
        )));
        // 4.3.0: the numeric code only.
        assert!(cluster_list_refused(&agent_error(500, Some(1002), "", en)));
        // Any other failure of the list is a real failure.
        assert!(!cluster_list_refused(&agent_error(
            500,
            None,
            "OB.Server.Process.NotExist",
            "Observer process does not exist"
        )));
        assert!(!cluster_list_refused(&agent_error(
            500,
            None,
            "Common.Unexpected",
            "Unexpected error: Internal Server Error"
        )));
        assert!(!cluster_list_refused(&agent_error(
            401,
            Some(10008),
            "Security.Authentication.Expired",
            en
        )));
        assert!(!cluster_list_refused(&ApiError::Transport {
            call: "GET /api/v1/task/dags/ob",
            detail: "ocsagent cannot build response body".to_owned(),
        }));
    }
}
