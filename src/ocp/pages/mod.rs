//! The OCP pages. Each reads [`crate::ocp::OcpCtx`] and builds its URLs with
//! [`crate::ocp::OcpLinks`].

mod clusters;
mod plan;
mod replicas;
mod tasks;
mod tenant;
mod tenants;

pub use clusters::OcpClustersPage;
pub use plan::{OcpOpenPlans, OcpPlanPage, OcpReshapePage};
pub use replicas::{OcpAddReplicaPage, OcpDeleteReplicaPage, OcpModifyReplicaPage};
pub use tasks::OcpTasksPage;
pub use tenant::OcpTenantPage;
pub use tenants::OcpTenantsPage;

use leptos::prelude::*;

/// What a page whose URL's ids are not numbers shows: it names nothing.
pub(crate) fn not_found() -> impl IntoView {
    view! { <p class="muted" data-testid="not-found">{move || crate::core::i18n::common::t().not_found}</p> }
}

pub(crate) use crate::ocp::links::id_param;

/// `RUNNING` in green, `STOPPED` in red…: the class of a status word.
pub(crate) fn status_class(status: &str) -> &'static str {
    match status.to_ascii_uppercase().as_str() {
        "RUNNING" | "NORMAL" | "ACTIVE" | "SUCCESSFUL" => "state-succeed",
        "FAILED" | "STOPPED" | "UNAVAILABLE" | "DELETING" | "ABANDONED" => "state-failed",
        _ => "state-running",
    }
}
