//! One module per page.

mod blockers;
mod cluster;
mod form_errors;
mod lost_answer;
mod plan;
mod query_text;
mod replicas;
mod scale_in;
mod scale_out;
mod tasks;
mod tenant;
mod tenants;

pub use blockers::Blockers;
pub use cluster::ClusterPage;
pub use form_errors::FormErrors;
pub use lost_answer::{LostAnswer, LostRequest, SubmitError};
pub use plan::{DrainPage, OpenPlans, PlanPage, PlansPage, ReshapePage, ScaleOutsPage};
pub use replicas::{AddReplicasPage, DeleteReplicasPage, ModifyReplicasPage};
pub use scale_in::ScaleInPage;
pub use scale_out::ScaleOutPage;
pub use tasks::TasksPage;
pub use tenant::TenantPage;
pub use tenants::TenantsPage;

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::error::ApiError;

/// Once `submit` answers with a task, opens its page; when the agent answered 204 (nothing to
/// do), opens `otherwise`.
pub(crate) fn follow_to_task<I: 'static>(
    submit: Action<I, Result<Option<DagDetail>, ApiError>>,
    otherwise: Option<String>,
) {
    let navigate = leptos_router::hooks::use_navigate();
    let base = crate::obshell::context::expect_obshell().links;
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(Some(dag))) => navigate(&base.task(&dag.id), Default::default()),
        Some(Ok(None)) => {
            if let Some(url) = &otherwise {
                navigate(url, Default::default());
            }
        }
        _ => {}
    });
}
