//! The OCP pages. Each reads [`crate::ocp::OcpCtx`] and builds its URLs with
//! [`crate::ocp::OcpLinks`].

mod clusters;
mod replicas;
mod task;
mod tasks;
mod tenant;
mod tenants;

pub use clusters::OcpClustersPage;
pub use replicas::{OcpAddReplicaPage, OcpDeleteReplicaPage, OcpModifyReplicaPage};
pub use task::OcpTaskPage;
pub use tasks::OcpTasksPage;
pub use tenant::OcpTenantPage;
pub use tenants::OcpTenantsPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

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

/// A state word as OCP wrote it, with its explanation in the current language beside it
/// (`NORMAL（正常）`), for texts and attributes; in views prefer [`crate::i18n::StateWord`].
pub(crate) fn glossed(word: &str) -> String {
    match crate::i18n::gloss(word) {
        Some(g) => format!("{word}（{g}）"),
        None => word.to_owned(),
    }
}
