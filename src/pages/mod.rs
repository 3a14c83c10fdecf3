//! One module per page.

mod cluster;
mod connect;
mod query;
mod replicas;
mod scale_out;
mod task;
mod tasks;
mod tenant;
mod tenants;

pub use cluster::ClusterPage;
pub use connect::ConnectPage;
pub use replicas::{AddReplicasPage, DeleteReplicasPage, ModifyReplicasPage};
pub use scale_out::ScaleOutPage;
pub use task::{GraphStore, TaskPage};
pub use tasks::TasksPage;
pub use tenant::TenantPage;
pub use tenants::TenantsPage;

use leptos::prelude::*;
use obshell_protocol::model::task::DagDetail;

use crate::api::ApiError;

/// Once `submit` answers with a task, opens its page; when the agent answered 204 (nothing to
/// do), opens `otherwise`.
pub(crate) fn follow_to_task<I: 'static>(
    submit: Action<I, Result<Option<DagDetail>, ApiError>>,
    otherwise: Option<String>,
) {
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(Some(dag))) => navigate(
            &format!("/tasks/{}", obshell_protocol::paths::segment(&dag.id)),
            Default::default(),
        ),
        Some(Ok(None)) => {
            if let Some(url) = &otherwise {
                navigate(url, Default::default());
            }
        }
        _ => {}
    });
}
