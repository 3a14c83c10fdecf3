//! How long earlier runs of a task took on this agent: the median of the succeeded tasks of each
//! DAG name in its task history, read once when a plan page opens.

use std::collections::BTreeMap;

use obshell_protocol::obshell::model::task::{DagDetail, TaskState};
use obshell_protocol::time::rfc3339_unix_seconds;

/// Median seconds and number of succeeded runs, per DAG name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Durations(BTreeMap<String, (i64, usize)>);

impl Durations {
    /// From the agent's task list (tasks that did not succeed, or have no end time, left out).
    pub fn from_dags(dags: &[DagDetail]) -> Self {
        let mut runs: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for d in dags.iter().filter(|d| d.state == TaskState::Succeed) {
            let (Some(start), Some(end)) = (
                rfc3339_unix_seconds(&d.start_time),
                rfc3339_unix_seconds(&d.end_time),
            ) else {
                continue;
            };
            if start > 0 && end >= start {
                runs.entry(d.name.clone()).or_default().push(end - start);
            }
        }
        Self(
            runs.into_iter()
                .map(|(name, mut secs)| {
                    secs.sort_unstable();
                    let n = secs.len();
                    let median = if n % 2 == 1 {
                        secs[n / 2]
                    } else {
                        (secs[n / 2 - 1] + secs[n / 2]) / 2
                    };
                    (name, (median, n))
                })
                .collect(),
        )
    }

    /// The median seconds and the number of runs of `dag_name`, when it ran before.
    pub fn of(&self, dag_name: &str) -> Option<(i64, usize)> {
        self.0.get(dag_name).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dag(name: &str, state: &str, start: &str, end: &str) -> DagDetail {
        serde_json::from_value(serde_json::json!({
            "id": "1", "dag_id": 1, "name": name, "stage": 1, "max_stage": 1,
            "state": state, "operator": "RUN", "start_time": start, "end_time": end,
        }))
        .expect("a DAG")
    }

    #[test]
    fn the_median_of_succeeded_runs_per_name() {
        let dags = [
            dag(
                "Add",
                "SUCCEED",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:10Z",
            ),
            dag(
                "Add",
                "SUCCEED",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:30Z",
            ),
            dag(
                "Add",
                "SUCCEED",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:01:00Z",
            ),
            dag(
                "Add",
                "FAILED",
                "2026-01-01T00:00:00Z",
                "2026-01-01T01:00:00Z",
            ),
            dag(
                "Del",
                "SUCCEED",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:20Z",
            ),
            dag(
                "Del",
                "SUCCEED",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:40Z",
            ),
            dag(
                "Run",
                "RUNNING",
                "2026-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z",
            ),
        ];
        let d = Durations::from_dags(&dags);
        assert_eq!(d.of("Add"), Some((30, 3)));
        assert_eq!(d.of("Del"), Some((30, 2)));
        assert_eq!(d.of("Run"), None);
        assert_eq!(d.of("Other"), None);
    }
}
