//! The entry points of OCP's split modules: each function here is a split point that
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

// ---- OCP ----

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
fn connect_ocp_work(
    prefix: String,
    user: String,
    password: zeroize::Zeroizing<String>,
) -> Result<Work<Result<crate::ocp::OcpSession, crate::core::error::ApiError>>, LoadError> {
    Ok(Box::pin(async move {
        crate::ocp::OcpSession::connect(&prefix, &user, &password).await
    }))
}

/// A refused OCP connection.
#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_error_panel(error: crate::core::error::ApiError) -> Page {
    Ok(ctor(
        move || view! { <crate::ui::components::ErrorPanel error=error.clone()/> },
    ))
}

/// [`crate::ocp::OcpSession::connect`], with its code loaded first.
pub async fn connect_ocp(
    prefix: String,
    user: String,
    password: zeroize::Zeroizing<String>,
) -> Result<crate::ocp::OcpSession, crate::core::error::ApiError> {
    run_call(connect_ocp_work(prefix, user, password).await).await
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_ocp))]
pub fn ocp_bar(switcher: crate::ui::components::Switcher) -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::header::OcpBar switcher=switcher.clone()/> },
    ))
}

/// The announcer of the OCP tasks this tab started ([`crate::ocp::announcer::OcpAnnouncer`]):
/// the shell mounts it once the journal holds a change sent to an OCP.
#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_announcer(session_of: Callback<String, Option<crate::ocp::OcpSession>>) -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::announcer::OcpAnnouncer session_of=session_of/> },
    ))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_clusters() -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::pages::OcpClustersPage/> },
    ))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_tenants() -> Page {
    Ok(ctor(move || view! { <crate::ocp::pages::OcpTenantsPage/> }))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_tenant() -> Page {
    Ok(ctor(move || view! { <crate::ocp::pages::OcpTenantPage/> }))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_tasks() -> Page {
    Ok(ctor(move || view! { <crate::ocp::pages::OcpTasksPage/> }))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_task() -> Page {
    Ok(ctor(move || view! { <crate::ocp::task::OcpTaskPage/> }))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_add_replica() -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::pages::OcpAddReplicaPage/> },
    ))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_delete_replica() -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::pages::OcpDeleteReplicaPage/> },
    ))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_modify_replica() -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::pages::OcpModifyReplicaPage/> },
    ))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_reshape() -> Page {
    Ok(ctor(move || view! { <crate::ocp::pages::OcpReshapePage/> }))
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_plan() -> Page {
    Ok(ctor(move || view! { <crate::ocp::pages::OcpPlanPage/> }))
}
