//! Every call the console makes to OCP, spelled once: the label its errors carry and the list
//! the shipped nginx passes (`crate::calls`). The targets are built by [`super::paths`];
//! endpoints: docs/protocol/ocp.md §2.1 and §3.

crate::calls::calls! {
    /// The first authenticated call: it checks the login.
    INFO = "GET /api/v2/info";
    CLUSTERS = "GET /api/v2/ob/clusters";
    CLUSTER = "GET /api/v2/ob/clusters/{id}";
    TENANTS = "GET /api/v2/ob/clusters/{id}/tenants";
    TENANT = "GET /api/v2/ob/clusters/{id}/tenants/{tenantId}";
    UNIT_SPECS = "GET /api/v2/ob/unitSpecs";
    ADD_REPLICA = "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/addReplica";
    DELETE_REPLICA = "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/deleteReplica";
    MODIFY_REPLICA = "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/modifyReplica";
    MODIFY_PRIMARY_ZONE = "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/modifyPrimaryZone";
    TASKS = "GET /api/v2/tasks/instances";
    TASK = "GET /api/v2/tasks/instances/{taskInstanceId}";
    TASK_RETRY = "POST /api/v2/tasks/instances/{taskInstanceId}/retry";
    TASK_ROLLBACK = "POST /api/v2/tasks/instances/{taskInstanceId}/rollback";
    SUBTASK_LOG = "GET /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/log";
    SUBTASK_RETRY = "POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/retry";
    SUBTASK_SKIP = "POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/skip";
    SUBTASK_CANCEL = "POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/cancel";
}

#[cfg(test)]
mod tests {
    use super::super::ops::SubtaskOp;
    use super::super::paths;
    use crate::calls::matches;

    /// Each target the console builds is an instance of the call it is sent as.
    #[test]
    fn the_targets_fit_their_calls() {
        let pairs = [
            (super::INFO, paths::INFO.to_owned()),
            (
                super::CLUSTERS,
                format!("{}?page=1&size=100", paths::CLUSTERS),
            ),
            (super::CLUSTER, paths::cluster(2)),
            (super::TENANTS, paths::tenants(2)),
            (super::TENANT, paths::tenant(2, 12)),
            (super::UNIT_SPECS, paths::UNIT_SPECS.to_owned()),
            (super::ADD_REPLICA, paths::add_replica(2, 12)),
            (super::DELETE_REPLICA, paths::delete_replica(2, 12)),
            (super::MODIFY_REPLICA, paths::modify_replica(2, 12)),
            (
                super::MODIFY_PRIMARY_ZONE,
                paths::modify_primary_zone(2, 12),
            ),
            (super::TASKS, paths::TASKS.to_owned()),
            (super::TASK, paths::task(7)),
            (super::TASK_RETRY, paths::task_retry(7)),
            (super::TASK_ROLLBACK, paths::task_rollback(7)),
            (super::SUBTASK_LOG, paths::subtask_log(7, 8)),
            (
                super::SUBTASK_RETRY,
                paths::subtask_op(7, 8, SubtaskOp::Retry),
            ),
            (
                super::SUBTASK_SKIP,
                paths::subtask_op(7, 8, SubtaskOp::Skip),
            ),
            (
                super::SUBTASK_CANCEL,
                paths::subtask_op(7, 8, SubtaskOp::Cancel),
            ),
        ];
        for (call, target) in pairs {
            assert!(matches(call, &target), "{target} is not {call}");
        }
    }
}
