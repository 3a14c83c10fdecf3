//! What the shared runner ([`crate::core::plan::Runner`]) asks of OCP (docs/protocol/ocp.md
//! §4.6): the tenant read back, OCP's rule again against fresh reads, the call, the task, and
//! the task a lost answer started (OCP's task list, by name, tenant and time).

use obshell_protocol::ocp::plan::{
    task_end, OcpChange, OcpExpect, OcpGoal, OcpOperation, OcpPlanStep,
};
use obshell_protocol::ocp::Task;
use obshell_protocol::plan::{StepState, TaskEnd};
use obshell_protocol::time::rfc3339_unix_seconds;

use crate::core::error::ApiError;
use crate::core::plan::{Driver, Sent};
use crate::ocp::OcpSession;

/// A task created this long before the request was sent (by the browser's clock) may still be
/// its task: OCP's clock and the browser's are not compared.
const CLOCK_SLACK_SECS: i64 = 120;

/// OCP behind a plan: its session.
#[derive(Clone)]
pub struct OcpDriver(pub OcpSession);

/// An OCP plan shown (and perhaps run) by this tab.
pub type OcpRunner = crate::core::plan::Runner<OcpDriver>;

/// The tenant a task is about: its `tenantId`, or its context's `tenant_id`.
fn task_tenant(task: &Task) -> Option<i64> {
    task.tenant_id.or_else(|| {
        task.context
            .pointer("/stringMap/tenant_id")
            .and_then(|v| v.as_str())
            .and_then(|v| v.parse().ok())
    })
}

impl Driver for OcpDriver {
    type Goal = OcpGoal;
    type Change = OcpChange;
    type Expect = OcpExpect;
    type Task = Task;

    fn now_secs(&self) -> i64 {
        (js_sys::Date::now() / 1000.0) as i64
    }

    async fn shows(&self, step: &OcpPlanStep) -> Result<bool, ApiError> {
        let c = &step.change;
        let tenant = self.0.tenant(c.cluster_id, c.tenant_id).await?;
        let specs = self.0.unit_specs().await?;
        Ok(step.expect.met_by(&tenant, &specs))
    }

    async fn recheck(&self, change: &OcpChange) -> Result<(), StepState> {
        let read = async {
            let tenant = self.0.tenant(change.cluster_id, change.tenant_id).await?;
            let cluster = self.0.cluster(change.cluster_id).await?;
            let specs = self.0.unit_specs().await?;
            Ok::<_, ApiError>(change.operation.check(&tenant, &cluster, &specs))
        };
        match read.await {
            Ok(violations) => match violations.into_iter().next() {
                None => Ok(()),
                Some(v) => Err(StepState::Refused {
                    code: v.code.code.to_string(),
                    message: format!("checked before sending: {}", v.message),
                }),
            },
            // A read that fails sends nothing: the step waits, refused by the read's error.
            Err(e) => Err(StepState::Refused {
                code: e.code_text(),
                message: format!("read before sending failed: {e}"),
            }),
        }
    }

    async fn send(&self, change: &OcpChange) -> Result<Sent<Task>, ApiError> {
        let (s, cid, tid) = (&self.0, change.cluster_id, change.tenant_id);
        let task = match &change.operation {
            OcpOperation::AddReplica(r) => s.add_replica(cid, tid, std::slice::from_ref(r)).await?,
            OcpOperation::ModifyReplica(list) => s.modify_replica(cid, tid, list).await?,
            OcpOperation::DeleteReplica(list) => s.delete_replica(cid, tid, list).await?,
            OcpOperation::ModifyPrimaryZone(pz) => {
                s.modify_primary_zone(cid, tid, pz).await?;
                return Ok(Sent::NoTask);
            }
        };
        Ok(Sent::Task(task.id.to_string(), Some(task)))
    }

    async fn task(&self, id: &str) -> Result<(Task, TaskEnd), ApiError> {
        let id: i64 = id.parse().unwrap_or_default();
        let task = self.0.task(id).await?;
        let end = task_end(task.status);
        Ok((task, end))
    }

    async fn find_task(
        &self,
        change: &OcpChange,
        sent_at: i64,
        known: &[String],
    ) -> Result<Option<String>, ApiError> {
        let Some(name) = change.operation.task_name() else {
            // A primary-zone change starts no task: the read-back alone can tell.
            return Ok(None);
        };
        let tasks = self.0.tasks(None).await?.contents;
        Ok(tasks
            .iter()
            .filter(|t| t.name == name && task_tenant(t) == Some(change.tenant_id))
            .filter(|t| !known.contains(&t.id.to_string()))
            .filter_map(|t| {
                let created =
                    rfc3339_unix_seconds(t.create_time.as_deref().or(t.start_time.as_deref())?)?;
                (created >= sent_at - CLOCK_SLACK_SECS).then_some((created, t.id))
            })
            .min()
            .map(|(_, id)| id.to_string()))
    }

    fn may_apply_despite_error(&self, change: &OcpChange) -> bool {
        // OCP runs the primary zone's `ALTER TENANT` before it records it.
        matches!(change.operation, OcpOperation::ModifyPrimaryZone(_))
    }
}
