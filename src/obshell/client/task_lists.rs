//! The task lists of the agent merged into one, and the one refusal of a list that only means
//! "not here": the cluster's list asked of an agent that is not a cluster agent.

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
}

impl TaskLists {
    /// Adds one list; a task listed twice (unfinished and in the full list) is kept once.
    pub fn add(&mut self, list: Vec<DagDetail>) {
        for dag in list {
            if !self.dags.iter().any(|d| d.id == dag.id) {
                self.dags.push(dag);
            }
        }
    }

    /// Newest first: by start time, then by id.
    pub fn sort(&mut self) {
        self.dags.sort_by(|a, b| {
            b.start_time
                .cmp(&a.start_time)
                .then(b.dag_id.cmp(&a.dag_id))
        });
    }
}

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
