//! The entry points of the OBShell agent's split modules: each function here is a split point that
//! `wasm-split-cli` cuts off with the code it alone reaches (see [`crate::ui::split`] for the
//! loader and `scripts/split.sh` for the build step).
//!
//! The split runtime declares its loader as an `extern "C"` import, which needs `unsafe`; the
//! files of split points alone allow it (the macro's code, none written here: see
//! docs/architecture.md, "Exceptions").
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use crate::ui::split::{ctor, run_call, LoadError, Page, Work};

// ---- the connected agent: connecting, its header and the pages one reads first ----

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn connect_obshell_work(
    spec: crate::core::backend::BackendSpec,
    password: String,
) -> Result<Work<Result<crate::obshell::client::Connected, crate::core::error::ApiError>>, LoadError>
{
    Ok(Box::pin(async move {
        crate::obshell::client::Session::connect(&spec, password).await
    }))
}

/// [`crate::obshell::client::Session::connect`], with its code loaded first.
pub async fn connect_obshell(
    spec: crate::core::backend::BackendSpec,
    password: String,
) -> Result<crate::obshell::client::Connected, crate::core::error::ApiError> {
    run_call(connect_obshell_work(spec, password).await).await
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn log_out_work(logout: crate::obshell::client::PendingLogout) -> Result<Work<()>, LoadError> {
    Ok(Box::pin(logout.send()))
}

/// [`crate::obshell::client::PendingLogout::send`] (best effort: a module that cannot be loaded leaves the
/// agent's session to expire on its own, as a failed logout call does).
pub async fn log_out(logout: crate::obshell::client::PendingLogout) {
    if let Ok(work) = log_out_work(logout).await {
        work.await;
    }
}

/// A refused connection (the module is there: connecting went through it).
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn obshell_error_panel(error: crate::core::error::ApiError) -> Page {
    Ok(ctor(
        move || view! { <crate::ui::components::ErrorPanel error=error.clone()/> },
    ))
}

/// The announcer of the tasks this tab started ([`crate::obshell::announcer::Announcer`]): the
/// shell mounts it once the journal holds a change sent to an agent, so its code stays out of the
/// first screen.
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn announcer(session_of: Callback<String, Option<crate::obshell::client::Session>>) -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::announcer::Announcer session_of=session_of/> },
    ))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_obshell))]
pub fn header(switcher: crate::ui::components::Switcher) -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::header::Header switcher=switcher.clone()/> },
    ))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn cluster() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::ClusterPage/> },
    ))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn tenants() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::TenantsPage/> },
    ))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn tenant() -> Page {
    Ok(ctor(move || view! { <crate::obshell::pages::TenantPage/> }))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn tasks() -> Page {
    Ok(ctor(move || view! { <crate::obshell::pages::TasksPage/> }))
}

// ---- the agent's changes: replicas and scaling ----

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn add_replicas() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::AddReplicasPage/> },
    ))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn delete_replicas() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::DeleteReplicasPage/> },
    ))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn modify_replicas() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::ModifyReplicasPage/> },
    ))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn scale_out() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::ScaleOutPage/> },
    ))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn scale_in() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::ScaleInPage/> },
    ))
}

// ---- change plans ----

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn reshape() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::ReshapePage/> },
    ))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn drain() -> Page {
    Ok(ctor(move || view! { <crate::obshell::pages::DrainPage/> }))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn scale_outs() -> Page {
    Ok(ctor(
        move || view! { <crate::obshell::pages::ScaleOutsPage/> },
    ))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn plans() -> Page {
    Ok(ctor(move || view! { <crate::obshell::pages::PlansPage/> }))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn plan() -> Page {
    Ok(ctor(move || view! { <crate::obshell::pages::PlanPage/> }))
}

// ---- an agent's task: graph, timeline, logs ----

#[wasm_split(task, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn task() -> Page {
    Ok(ctor(move || view! { <crate::obshell::task::TaskPage/> }))
}
