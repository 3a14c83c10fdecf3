//! The OCP pages. Each reads [`crate::ocp::OcpCtx`] and builds its URLs with
//! [`crate::ocp::OcpLinks`].

mod clusters;
mod replicas;
mod tasks;
mod tenant;
mod tenants;

pub use clusters::OcpClustersPage;
pub use replicas::{OcpAddReplicaPage, OcpDeleteReplicaPage, OcpModifyReplicaPage};
pub use tasks::OcpTasksPage;
pub use tenant::OcpTenantPage;
pub use tenants::OcpTenantsPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What a page whose URL's ids are not numbers shows: it names nothing.
pub(crate) fn not_found() -> impl IntoView {
    view! { <p class="muted" data-testid="not-found">{move || crate::core::i18n::common::t().not_found}</p> }
}

/// A numeric id of the URL (`:cid`, `:tid`, `:id`).
pub(crate) fn id_param(name: &'static str) -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).and_then(|v| v.parse::<i64>().ok()))
}

/// `RUNNING` in green, `STOPPED` in red…: the class of a status word.
pub(crate) fn status_class(status: &str) -> &'static str {
    match status.to_ascii_uppercase().as_str() {
        "RUNNING" | "NORMAL" | "ACTIVE" | "SUCCESSFUL" => "state-succeed",
        "FAILED" | "STOPPED" | "UNAVAILABLE" | "DELETING" | "ABANDONED" => "state-failed",
        _ => "state-running",
    }
}
