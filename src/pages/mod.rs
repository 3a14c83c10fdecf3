//! One module per page.

mod cluster;
mod connect;
mod query_text;
mod replicas;
mod scale_in;
mod scale_out;
mod task;
mod tasks;
mod tenant;
mod tenants;

pub use cluster::ClusterPage;
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
use obshell_protocol::obshell::model::task::DagDetail;

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
    // Which form (a count of its changes) was last sent, and when (`Date.now()` ms): the same
    // form twice within a double click's time is one submit, even when the answer (a quick
    // refusal) lands between the two clicks; a changed form is sent at once. The count keeps no
    // copy of the request (which may hold a password).
    let edits = Memo::new(move |n: Option<&u64>| {
        verdict.track();
        n.map_or(0, |n| n.wrapping_add(1))
    });
    let last_sent = StoredValue::new(None::<(u64, f64)>);
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if submit.pending().get_untracked() {
            return;
        }
        if let Ok(checked) = verdict.get_untracked() {
            let (now, form) = (js_sys::Date::now(), edits.get_untracked());
            let repeated = matches!(
                last_sent.get_value(),
                Some((sent, at)) if sent == form && now - at < DOUBLE_CLICK_MS
            );
            if repeated {
                return;
            }
            last_sent.set_value(Some((form, now)));
            submit.dispatch(input(checked));
        }
    }
}

/// Submits closer together than this are one person's double click.
const DOUBLE_CLICK_MS: f64 = 700.0;
