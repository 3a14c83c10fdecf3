//! OCP's API v2 paths, spelled once (docs/protocol/ocp.md §2.1, §3). Ids are numbers, so no segment
//! needs escaping.

pub const CLUSTERS: &str = "/api/v2/ob/clusters";
pub const UNIT_SPECS: &str = "/api/v2/ob/unitSpecs";
pub const TASKS: &str = "/api/v2/tasks/instances";
pub const TIME: &str = "/api/v2/time";
pub const INFO: &str = "/api/v2/info";

pub fn cluster(id: i64) -> String {
    format!("{CLUSTERS}/{id}")
}

pub fn tenants(cluster: i64) -> String {
    format!("{CLUSTERS}/{cluster}/tenants")
}

pub fn tenant(cluster: i64, tenant: i64) -> String {
    format!("{CLUSTERS}/{cluster}/tenants/{tenant}")
}

pub fn add_replica(cluster: i64, tenant: i64) -> String {
    format!("{}/addReplica", self::tenant(cluster, tenant))
}

pub fn delete_replica(cluster: i64, tenant: i64) -> String {
    format!("{}/deleteReplica", self::tenant(cluster, tenant))
}

pub fn modify_replica(cluster: i64, tenant: i64) -> String {
    format!("{}/modifyReplica", self::tenant(cluster, tenant))
}

pub fn modify_primary_zone(cluster: i64, tenant: i64) -> String {
    format!("{}/modifyPrimaryZone", self::tenant(cluster, tenant))
}

pub fn task(id: i64) -> String {
    format!("{TASKS}/{id}")
}

pub fn task_retry(id: i64) -> String {
    format!("{TASKS}/{id}/retry")
}

pub fn task_rollback(id: i64) -> String {
    format!("{TASKS}/{id}/rollback")
}

pub fn subtask_log(task: i64, subtask: i64) -> String {
    format!("{TASKS}/{task}/subtasks/{subtask}/log")
}

/// `retry`, `skip` or `cancel` of one subtask.
pub fn subtask_op(task: i64, subtask: i64, op: super::ops::SubtaskOp) -> String {
    format!("{TASKS}/{task}/subtasks/{subtask}/{}", op.path())
}
