//! A cluster's past: ended cluster DAGs, as a real agent's task tables hold them after years of
//! changes. The agent's full lists (`/task/dags/ob`, `/task/dags/agent`) have no paging and
//! answer every DAG it ever ran (docs/protocol/obshell.md §4.8), so a console must stay usable
//! with thousands of them: `--history N` starts the simulator with N.
//!
//! The DAGs are history: succeeded (one in fifty failed and was rolled back, which a real
//! agent stores as `SUCCEED`/`ROLLBACK`), their locks released, their effects not applied (the
//! cluster as it is already reflects them). Oldest first, one every `SPACING_S` before now,
//! ids from 1 so that every DAG the simulator starts afterwards is newer.

use chrono::{DateTime, Duration, Utc};
use obshell_protocol::obshell::dag_names as n;
use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator, TaskState};

use crate::obshell::model::{Dag, Effect, LogLine, Node, SubTask, TaskStore, MAINTENANCE_TENANT};

/// Seconds between two DAGs of the history.
const SPACING_S: i64 = 1_800;

/// A kind of DAG of the history: name, lock, key, and each node with its nominal seconds.
type Kind = (
    &'static str,
    i64,
    &'static str,
    &'static [(&'static str, i64)],
);

/// The kinds of DAG the history cycles through.
const KINDS: [Kind; 4] = [
    (
        n::SCALE_OUT_TENANT_REPLICAS,
        MAINTENANCE_TENANT,
        "logs",
        &[
            (n::CREATE_AND_ATTACH_RESOURCE_POOLS, 3),
            (n::ALTER_TENANT_LOCALITY, 12),
        ],
    ),
    (
        n::MODIFY_TENANT_REPLICAS,
        MAINTENANCE_TENANT,
        "orders",
        &[(n::ALTER_RESOURCE_POOL_UNIT_NUM, 10)],
    ),
    (
        n::SCALE_IN_TENANT_REPLICAS,
        MAINTENANCE_TENANT,
        "logs",
        &[(n::ALTER_TENANT_LOCALITY, 12), (n::DROP_RESOURCE_POOLS, 3)],
    ),
    (
        n::MODIFY_TENANT_PRIMARY_ZONE,
        MAINTENANCE_TENANT,
        "billing",
        &[(n::MODIFY_TENANT_PRIMARY_ZONE, 3)],
    ),
];

impl TaskStore {
    /// Adds `count` ended cluster DAGs run by `agent`, the last one ending before `now`.
    pub fn seed_history(&mut self, count: usize, now: DateTime<Utc>, agent: &AgentAddr) {
        let count_i = i64::try_from(count).unwrap_or(i64::MAX / SPACING_S);
        for i in 0..count {
            let i_ = i64::try_from(i).unwrap_or_default();
            let (name, lock, key, steps) = KINDS[i % KINDS.len()];
            let mut at = now - Duration::seconds((count_i - i_) * SPACING_S);
            let start = at;
            let rolled_back = i % 50 == 49;
            let mut nodes = Vec::with_capacity(steps.len());
            for (k, (step, secs)) in steps.iter().enumerate() {
                // A little spread, as real runs have: ±20 % by position.
                let spread = (i_ * 7 + i64::try_from(k).unwrap_or_default() * 3) % 9 - 4;
                let took = Duration::milliseconds(secs * 1000 + secs * spread * 50);
                let end = at + took;
                nodes.push(self.history_node(step, at, end, agent, rolled_back));
                at = end;
            }
            self.next_dag += 1;
            self.dags.push(Dag {
                id: self.next_dag,
                local_owner: None,
                name: name.to_owned(),
                stage: if rolled_back { 1 } else { nodes.len() },
                maintenance_type: lock,
                maintenance_key: key.to_owned(),
                state: TaskState::Succeed,
                operator: if rolled_back {
                    TaskOperator::Rollback
                } else {
                    TaskOperator::Run
                },
                start_time: start,
                end_time: at,
                nodes,
                failure_exits_maintenance: true,
                holds_lock: false,
                is_finished: true,
                cancel_requested: false,
                linked_local: None,
                local_target: None,
            });
        }
    }

    fn history_node(
        &mut self,
        name: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        agent: &AgentAddr,
        rolled_back: bool,
    ) -> Node {
        self.next_node += 1;
        self.next_task += 1;
        self.next_log += 1;
        let operator = if rolled_back {
            TaskOperator::Rollback
        } else {
            TaskOperator::Run
        };
        Node {
            id: self.next_node,
            name: name.to_owned(),
            state: TaskState::Succeed,
            operator,
            start_time: start,
            end_time: end,
            caps: obshell_protocol::obshell::model::task::node_caps("", name),
            duration: (end - start).as_seconds_f64(),
            effect: Effect::Log(Vec::new()),
            applied: true,
            task: SubTask {
                id: self.next_task,
                state: TaskState::Succeed,
                operator,
                start_time: start,
                end_time: end,
                execute_times: 1,
                agent: agent.clone(),
                logs: vec![LogLine {
                    id: self.next_log,
                    execute_times: 1,
                    content: format!("{name} done"),
                    at: end,
                }],
                step: None,
                fail_times: 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::obshell::model::MAINTENANCE_GLOBAL;

    #[test]
    fn the_history_is_ended_oldest_first_and_locks_nothing() {
        let now = Utc::now();
        let agent = AgentAddr {
            ip: "10.0.1.1".into(),
            port: 2886,
        };
        let mut store = TaskStore::default();
        store.seed_history(120, now, &agent);
        assert_eq!(store.dags.len(), 120);
        assert!(store
            .dags
            .windows(2)
            .all(|w| w[0].id < w[1].id && w[0].end_time <= w[1].start_time));
        assert!(store.dags.iter().all(|d| d.state == TaskState::Succeed
            && d.is_finished
            && !d.holds_lock
            && d.end_time < now));
        assert_eq!(
            store
                .dags
                .iter()
                .filter(|d| d.operator == TaskOperator::Rollback)
                .count(),
            2
        );
        // A DAG started afterwards is newer, and nothing refuses it.
        assert_eq!(store.next_dag, 120);
        assert!(store.lock_conflict(MAINTENANCE_GLOBAL, "").is_none());
    }
}
