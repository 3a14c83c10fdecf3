//! Earlier runs of a task, for its durations in context (`core::history`): the newest succeeded
//! runs of the same name from the one list where tasks like it are, each run's steps from its
//! detail, and what this session has read already: each DAG name's runs are read once per
//! session and never polled (docs/protocol/obshell-tasks.md §5.8).

use std::sync::Arc;

use obshell_protocol::obshell::model::task::{DagDetail, TaskState};
use obshell_protocol::obshell::version::Feature;
use obshell_protocol::obshell::{calls, paths, Contents};

use super::session::Session;
use super::task_lists::cluster_list_refused;
use crate::core::error::ApiError;
use crate::core::history::Run;
use crate::ui::graph::model::span_of;

/// How many of the newest succeeded runs are read, at most.
pub const EARLIER_RUNS: usize = 5;

impl Session {
    /// The earlier runs this session has read for tasks named `name`.
    pub fn earlier_runs(&self, name: &str) -> Option<Arc<Vec<Run>>> {
        self.lock().earlier.get(name).cloned()
    }

    /// Keeps the earlier runs read for tasks named `name`, for the rest of the session.
    pub fn keep_earlier_runs(&self, name: &str, runs: Arc<Vec<Run>>) {
        self.lock().earlier.insert(name.to_owned(), runs);
    }

    /// The ids of the newest [`EARLIER_RUNS`] succeeded tasks named `name` (`id` aside),
    /// from one list: the cluster's for a cluster task (its id starts with 1), this agent's own
    /// otherwise (docs/protocol/obshell-tasks.md §5.2). `None` where that list cannot be read:
    /// an agent before 4.3.0 lists unfinished tasks only, and only a cluster agent lists the
    /// cluster's (docs/protocol/obshell.md §4.8).
    pub async fn succeeded_runs_like(
        &self,
        id: &str,
        name: &str,
        cluster_agent: bool,
    ) -> Result<Option<Vec<String>>, ApiError> {
        let cluster = id.starts_with('1');
        if !self.caps().has(Feature::AllTaskLists) || (cluster && !cluster_agent) {
            return Ok(None);
        }
        let list: Result<Contents<DagDetail>, ApiError> = if cluster {
            self.get(calls::DAGS_CLUSTER, &paths::dags_cluster()).await
        } else {
            self.get(calls::DAGS_AGENT, &paths::dags_agent()).await
        };
        let mut runs: Vec<DagDetail> = match list {
            Ok(list) => list.into_vec(),
            Err(e) if cluster_list_refused(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        runs.retain(|d| d.name == name && d.state == TaskState::Succeed && d.id != id);
        obshell_protocol::sort::by(&mut runs, |a, b| {
            b.start_time
                .cmp(&a.start_time)
                .then(b.dag_id.cmp(&a.dag_id))
        });
        Ok(Some(
            runs.into_iter().take(EARLIER_RUNS).map(|d| d.id).collect(),
        ))
    }
}

/// A succeeded run as the history reads it: its time in all and each step's (a step's time is
/// its node's, whatever its sub-tasks on several agents did).
pub fn run_of(dag: &DagDetail) -> Run {
    let took = |start: &str, end: &str| span_of(start, end).map(|(s, e)| e - s);
    Run {
        id: dag.id.clone(),
        took: took(&dag.start_time, &dag.end_time),
        steps: dag
            .nodes
            .iter()
            .flatten()
            .map(|n| (n.name.clone(), took(&n.start_time, &n.end_time)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::graph::model::chain_dag;

    #[test]
    fn a_run_is_its_time_and_its_steps_times() {
        let mut dag = chain_dag("Scale out tenant replicas", &["Pools", "Locality"], 2);
        dag.start_time = "2026-01-01T00:00:00Z".into();
        dag.end_time = "2026-01-01T00:00:15Z".into();
        let nodes = dag.nodes.as_mut().expect("nodes");
        nodes[0].start_time = "2026-01-01T00:00:00Z".into();
        nodes[0].end_time = "2026-01-01T00:00:03+00:00".into();
        nodes[1].start_time = "2026-01-01T00:00:03Z".into();
        let run = run_of(&dag);
        assert_eq!(run.took, Some(15));
        assert_eq!(
            run.steps,
            [("Pools".to_owned(), Some(3)), ("Locality".to_owned(), None)]
        );
    }
}
