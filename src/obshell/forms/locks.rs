//! Which unfinished tasks hold a maintenance lock the agent would refuse a change for (see
//! docs/protocol/obshell-tasks.md §5.5, the agent's `service/task/status_maintainer.go`): the
//! cluster's status row goes from "none" to "global" or "tenant", so a cluster change (scale-out,
//! scale-in) is refused while any task holds a lock, and a tenant change while a global task runs
//! or a task holds that tenant's lock. Listed before a form is sent, with the lock's type and key
//! where the agent says them (4.3.1+).

use obshell_protocol::obshell::dag_names as n;
use obshell_protocol::obshell::model::task::{DagDetail, TaskState};

/// `task.NOT_UNDER_MAINTENANCE`, `GLOBAL_MAINTENANCE`, `TENANT_MAINTENANCE`.
const MAINTENANCE_NONE: i64 = 1;
const MAINTENANCE_GLOBAL: i64 = 2;
const MAINTENANCE_TENANT: i64 = 3;

/// The replica DAGs take a tenant's lock and give it back when they fail.
const TENANT_DAGS: [&str; 3] = [
    n::SCALE_OUT_TENANT_REPLICAS,
    n::SCALE_IN_TENANT_REPLICAS,
    n::MODIFY_TENANT_REPLICAS,
];

/// Whether an unfinished DAG still holds one of the cluster's maintenance locks (global or a
/// tenant's), so a cluster change is refused: a running cluster DAG with a lock, or a failed
/// one whose lock is not released on failure (scale-out, and scale-in past its first step).
/// Local DAGs (ids not starting with `1`) lock only their own agent.
pub fn holds_cluster_lock(dag: &DagDetail) -> bool {
    if !dag.id.starts_with('1') || dag.maintenance_type == MAINTENANCE_NONE {
        return false;
    }
    match dag.state {
        TaskState::Succeed => false,
        // Before 4.3.1 the agent does not say which lock a DAG holds (type 0): a running cluster
        // DAG is taken to hold one.
        TaskState::Pending | TaskState::Ready | TaskState::Running => true,
        TaskState::Failed => match dag.name.as_str() {
            "Cluster scale out" => true,
            "Cluster scale in" => dag.stage > 1,
            _ => dag.maintenance_type == MAINTENANCE_GLOBAL,
        },
        TaskState::Other(_) => true,
    }
}

/// Whether a task has failed and still holds the cluster's lock, so that every later change
/// waits for it (a failed replica task gives its tenant's lock back: a failed task that holds
/// a lock holds the cluster's).
pub fn blocks_changes(dag: &DagDetail) -> bool {
    dag.state == TaskState::Failed && holds_cluster_lock(dag)
}

/// Whether an unfinished DAG holds the global lock (a tenant's lock does not refuse a change
/// of another tenant).
pub fn holds_global_lock(dag: &DagDetail) -> bool {
    let tenant_dag = dag.maintenance_type == MAINTENANCE_TENANT
        || (dag.maintenance_type == 0 && TENANT_DAGS.contains(&dag.name.as_str()));
    !tenant_dag && holds_cluster_lock(dag)
}

/// Whether an unfinished DAG holds `tenant`'s lock: a replica DAG of that tenant that has not
/// ended (a failed one has given the lock back). Before 4.3.1 the DAG does not name its tenant,
/// so any unfinished replica DAG may hold it.
pub fn holds_tenant_lock(dag: &DagDetail, tenant: &str) -> bool {
    let unfinished = !dag.state.is_final();
    match dag.maintenance_type {
        MAINTENANCE_TENANT => unfinished && dag.maintenance_key == tenant,
        0 => unfinished && TENANT_DAGS.contains(&dag.name.as_str()),
        _ => false,
    }
}

/// An unfinished task that would make the agent refuse the change, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub id: String,
    pub name: String,
    pub state: TaskState,
    /// Which lock: the cluster's, a tenant's, or maybe a tenant's on old agents.
    pub lock: Lock,
}

/// A maintenance lock a task holds, as [`Lock::text`] says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lock {
    /// The global lock.
    Cluster,
    /// A tenant's lock, the agent not saying which tenant.
    AnyTenant,
    /// This tenant's lock.
    Tenant(String),
    /// Maybe this tenant's lock: agents before 4.3.1 do not say.
    PossiblyTenant(String),
}

impl Lock {
    /// "the cluster's maintenance lock", "tenant 'orders''s maintenance lock"… in the current
    /// language (tracked).
    pub fn text(&self) -> String {
        let t = tx::t();
        match self {
            Self::Cluster => t.cluster.to_owned(),
            Self::AnyTenant => t.any_tenant.to_owned(),
            Self::Tenant(name) => crate::core::i18n::fill(t.tenant, &[name]),
            Self::PossiblyTenant(name) => crate::core::i18n::fill(t.possibly, &[name]),
        }
    }
}

/// The lock in the current language, as [`Lock::text`] (read it in a closure to follow a switch).
impl std::fmt::Display for Lock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

crate::texts! {
    /// The locks a blocking task holds.
    mod tx {
        cluster: "the cluster's maintenance lock" => "集群的维护锁",
        any_tenant: "a tenant's maintenance lock" => "某个租户的维护锁",
        tenant: "tenant '{0}''s maintenance lock" => "租户 '{0}' 的维护锁",
        possibly: "possibly tenant '{0}''s lock (this agent does not say which tenant a task locks)" => "可能是租户 '{0}' 的锁（此 Agent 不说明任务锁定的是哪个租户）",
    }
}

/// The unfinished DAGs that would refuse a change of `tenant` (or of the cluster when `None`).
pub fn blockers(dags: &[DagDetail], tenant: Option<&str>) -> Vec<Blocker> {
    dags.iter()
        .filter_map(|d| {
            let lock = if holds_global_lock(d) {
                Lock::Cluster
            } else if tenant.is_none() && holds_cluster_lock(d) {
                match d.maintenance_key.as_str() {
                    "" => Lock::AnyTenant,
                    key => Lock::Tenant(key.to_owned()),
                }
            } else {
                match tenant {
                    Some(t) if holds_tenant_lock(d, t) && d.maintenance_type == 0 => {
                        Lock::PossiblyTenant(t.to_owned())
                    }
                    Some(t) if holds_tenant_lock(d, t) => Lock::Tenant(t.to_owned()),
                    _ => return None,
                }
            };
            Some(Blocker {
                id: d.id.clone(),
                name: d.name.clone(),
                state: d.state,
                lock,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use obshell_protocol::obshell::model::task::TaskState::{Failed, Running, Succeed};

    fn dag(id: &str, name: &str, state: TaskState, kind: i64, key: &str) -> DagDetail {
        let mut d = crate::ui::graph::model::synthetic_dag(1, 0);
        d.id = id.into();
        d.name = name.into();
        d.state = state;
        d.stage = 1;
        d.maintenance_type = kind;
        d.maintenance_key = key.into();
        d
    }

    #[test]
    fn a_tenants_running_replica_task_blocks_that_tenant_only() {
        let dags = [dag("11", "Modify tenant replicas", Running, 3, "orders")];
        assert_eq!(blockers(&dags, Some("orders")).len(), 1);
        assert!(
            blockers(&dags, Some("logs")).is_empty(),
            "another tenant's lock"
        );
        let cluster = blockers(&dags, None);
        assert_eq!(cluster.len(), 1, "any lock refuses a cluster change");
        assert_eq!(cluster[0].lock.text(), "tenant 'orders''s maintenance lock");
        // A failed replica task gave its lock back.
        let failed = [dag("12", "Scale out tenant replicas", Failed, 3, "orders")];
        assert!(blockers(&failed, Some("orders")).is_empty());
    }

    #[test]
    fn the_cluster_lock_blocks_every_change() {
        let dags = [
            dag("13", "Cluster scale out", Failed, 2, ""),
            dag("14", "Cluster scale out", Succeed, 2, ""),
        ];
        let b = blockers(&dags, Some("logs"));
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].lock.text(), "the cluster's maintenance lock");
        assert_eq!(blockers(&dags, None).len(), 1);
    }

    #[test]
    fn old_agents_do_not_name_the_tenant() {
        let dags = [dag("15", "Scale in tenant replicas", Running, 0, "")];
        let b = blockers(&dags, Some("logs"));
        assert_eq!(b.len(), 1);
        assert!(b[0].lock.text().starts_with("possibly"));
        assert!(
            !holds_global_lock(&dags[0]),
            "a replica task never takes the global lock"
        );
    }
}
