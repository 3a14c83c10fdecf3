//! One module per page.

mod cluster;
mod connect;
mod replicas;
mod scale_in;
mod scale_out;
mod task;
mod tasks;
mod tenant;
mod tenants;

pub use crate::ocp::OcpConnect;
pub use cluster::ClusterPage;
pub(crate) use connect::ocp_connect;
pub use connect::{AgentConnect, ConnectPage};
pub use replicas::{AddReplicasPage, DeleteReplicasPage, ModifyReplicasPage};
pub use scale_in::ScaleInPage;
pub use scale_out::ScaleOutPage;
pub use task::TaskPage;
pub use tasks::TasksPage;
pub use tenant::TenantPage;
pub use tenants::TenantsPage;

pub(crate) use task::{LogView, RefreshBar};

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
    let base = crate::app::expect_session().base;
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

/// A form's submit handler: marks the form attempted (so field errors show) and dispatches the
/// checked request — once: never while one is pending, never when the check fails.
pub(crate) fn submit_checked<T, E, I, O>(
    attempted: RwSignal<bool>,
    verdict: Memo<Result<T, E>>,
    submit: Action<I, O>,
    input: fn(T) -> I,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy
where
    T: Clone + PartialEq + Send + Sync + 'static,
    E: Clone + PartialEq + Send + Sync + 'static,
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if submit.pending().get_untracked() {
            return;
        }
        if let Ok(checked) = verdict.get_untracked() {
            submit.dispatch(input(checked));
        }
    }
}
