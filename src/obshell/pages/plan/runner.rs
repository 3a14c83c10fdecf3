//! What the shared runner ([`crate::core::plan::Runner`]) asks of the agent
//! (docs/protocol/obshell.md §4.14): the read-back, the step's rule again ([`super::recheck`]),
//! the request, the task, and the task a lost answer started (found as the forms find it).

use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::plan::{task_end, Change, Expect, Goal, PlanStep, StepState};
use obshell_protocol::plan::TaskEnd;

use super::checks;
use crate::core::error::ApiError;
use crate::core::plan::{Driver, Sent};
use crate::obshell::client::Session;
use crate::obshell::pages::lost_answer::{find_started, LostRequest};

/// The agent behind a plan: its session.
#[derive(Clone)]
pub struct AgentDriver(pub Session);

/// An agent plan shown (and perhaps run) by this tab.
pub type Runner = crate::core::plan::Runner<AgentDriver>;

impl Driver for AgentDriver {
    type Goal = Goal;
    type Change = Change;
    type Expect = Expect;
    type Task = DagDetail;

    fn now_secs(&self) -> i64 {
        crate::obshell::client::browser_now_secs() + self.0.clock_offset()
    }

    async fn shows(&self, step: &PlanStep) -> Result<bool, ApiError> {
        checks::shows(&self.0, &step.change, &step.expect).await
    }

    async fn recheck(&self, change: &Change) -> Result<(), StepState> {
        super::recheck::recheck(&self.0, change).await
    }

    async fn send(&self, change: &Change) -> Result<Sent<DagDetail>, ApiError> {
        Ok(match checks::send(&self.0, change).await? {
            Some(dag) => Sent::Task(dag.id.clone(), Some(dag)),
            // "Nothing changes" (204): done when the read-back shows it.
            None => Sent::NoTask,
        })
    }

    async fn task(&self, id: &str) -> Result<(DagDetail, TaskEnd), ApiError> {
        let dag = self.0.dag(id).await?;
        let end = task_end(dag.state);
        Ok((dag, end))
    }

    async fn find_task(
        &self,
        change: &Change,
        sent_at: i64,
        known: &[String],
    ) -> Result<Option<String>, ApiError> {
        let request = LostRequest {
            dag_name: change.dag_name(),
            tenant: change.tenant().map(str::to_owned),
            sent_at,
        };
        let mut dags = self.0.all_dags().await?;
        dags.retain(|d| !known.contains(&d.id));
        Ok(find_started(&dags, &request).map(|d| d.id.clone()))
    }

    fn may_apply_despite_error(&self, change: &Change) -> bool {
        checks::is_primary_zone(change)
    }
}
