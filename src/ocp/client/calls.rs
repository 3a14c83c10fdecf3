//! OCP's endpoints: the session's method that makes each call (the calls themselves, the labels
//! errors carry, are listed in `obshell_protocol::ocp::calls`).

use obshell_protocol::ocp::ops::{SubtaskOp, TaskOp};
use obshell_protocol::ocp::{
    paths, Cluster, DeleteReplica, ModifyPrimaryZone, ModifyReplica, Page, ReplicaSpec, SubtaskLog,
    Task, TaskStatus, Tenant, UnitSpec,
};

use super::envelope::required;
use super::OcpSession;
use crate::core::error::ApiError;

pub use obshell_protocol::ocp::calls::*;

impl OcpSession {
    /// Clusters with their zones and servers.
    pub async fn clusters(&self) -> Result<Vec<Cluster>, ApiError> {
        let page: Page<Cluster> = self
            .get(CLUSTERS, &format!("{}?page=1&size=100", paths::CLUSTERS))
            .await?;
        Ok(page.contents)
    }

    pub async fn cluster(&self, id: i64) -> Result<Cluster, ApiError> {
        self.get(CLUSTER, &paths::cluster(id)).await
    }

    pub async fn tenants(&self, cluster: i64) -> Result<Vec<Tenant>, ApiError> {
        let page: Page<Tenant> = self
            .get(
                TENANTS,
                &format!("{}?page=1&size=100", paths::tenants(cluster)),
            )
            .await?;
        Ok(page.contents)
    }

    pub async fn tenant(&self, cluster: i64, tenant: i64) -> Result<Tenant, ApiError> {
        self.get(TENANT, &paths::tenant(cluster, tenant)).await
    }

    pub async fn unit_specs(&self) -> Result<Vec<UnitSpec>, ApiError> {
        let page: Page<UnitSpec> = self
            .get(
                UNIT_SPECS,
                &format!("{}?page=1&size=100", paths::UNIT_SPECS),
            )
            .await?;
        Ok(page.contents)
    }

    /// `addReplica`: the task that adds them.
    pub async fn add_replica(
        &self,
        cluster: i64,
        tenant: i64,
        zones: &[ReplicaSpec],
    ) -> Result<Task, ApiError> {
        let data = self
            .post(
                ADD_REPLICA,
                &paths::add_replica(cluster, tenant),
                Some(zones),
            )
            .await?;
        required(ADD_REPLICA, data)
    }

    pub async fn delete_replica(
        &self,
        cluster: i64,
        tenant: i64,
        zones: &[DeleteReplica],
    ) -> Result<Task, ApiError> {
        let data = self
            .post(
                DELETE_REPLICA,
                &paths::delete_replica(cluster, tenant),
                Some(zones),
            )
            .await?;
        required(DELETE_REPLICA, data)
    }

    pub async fn modify_replica(
        &self,
        cluster: i64,
        tenant: i64,
        zones: &[ModifyReplica],
    ) -> Result<Task, ApiError> {
        let data = self
            .post(
                MODIFY_REPLICA,
                &paths::modify_replica(cluster, tenant),
                Some(zones),
            )
            .await?;
        required(MODIFY_REPLICA, data)
    }

    /// `modifyPrimaryZone`: applied at once, no task (docs/protocol/ocp.md §4.5).
    pub async fn modify_primary_zone(
        &self,
        cluster: i64,
        tenant: i64,
        primary_zone: &str,
    ) -> Result<(), ApiError> {
        let body = ModifyPrimaryZone {
            primary_zone: primary_zone.to_owned(),
        };
        self.post::<_, serde_json::Value>(
            MODIFY_PRIMARY_ZONE,
            &paths::modify_primary_zone(cluster, tenant),
            Some(&body),
        )
        .await
        .map(|_| ())
    }

    /// Tasks, newest first, optionally of one status.
    pub async fn tasks(&self, status: Option<TaskStatus>) -> Result<Page<Task>, ApiError> {
        let mut path = format!("{}?page=1&size=100&sort=id,desc", paths::TASKS);
        if let Some(s) = status {
            path.push_str("&status=");
            path.push_str(s.as_str());
        }
        self.get(TASKS, &path).await
    }

    pub async fn task(&self, id: i64) -> Result<Task, ApiError> {
        self.get(TASK, &paths::task(id)).await
    }

    /// Retry or roll back a failed task.
    pub async fn task_op(&self, id: i64, op: TaskOp) -> Result<(), ApiError> {
        let (call, path) = match op {
            TaskOp::Retry => (TASK_RETRY, paths::task_retry(id)),
            TaskOp::Rollback => (TASK_ROLLBACK, paths::task_rollback(id)),
        };
        self.post::<(), serde_json::Value>(call, &path, None)
            .await
            .map(|_| ())
    }

    /// The whole log of a subtask.
    pub async fn subtask_log(&self, task: i64, subtask: i64) -> Result<String, ApiError> {
        let log: SubtaskLog = self
            .get(SUBTASK_LOG, &paths::subtask_log(task, subtask))
            .await?;
        Ok(log.log)
    }

    /// Retry, skip or cancel one subtask.
    pub async fn subtask_op(&self, task: i64, subtask: i64, op: SubtaskOp) -> Result<(), ApiError> {
        let call = match op {
            SubtaskOp::Retry => SUBTASK_RETRY,
            SubtaskOp::Skip => SUBTASK_SKIP,
            SubtaskOp::Cancel => SUBTASK_CANCEL,
        };
        self.post::<(), serde_json::Value>(call, &paths::subtask_op(task, subtask, op), None)
            .await
            .map(|_| ())
    }
}
