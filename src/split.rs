//! Code splitting: the first screen (the shell and the connect forms) is the main wasm module;
//! each group of pages below is split off by `wasm-split-cli` (see `scripts/split.sh`) into a
//! module of its own, fetched the first time one of its pages is shown, or earlier by
//! [`preload_after_connect_form`] while the person types the password.
//!
//! A page function here is a split point: the `wasm_split` macro turns it into an `async fn`
//! that loads its module, then calls it. A module that cannot be fetched (the network, or a
//! new deployment that replaced the files) is said on the page with a way to try again, never
//! a panic: a panic would abort the whole console.
//!
//! The split runtime declares its loader as an `extern "C"` import, which needs `unsafe`; this
//! module alone allows it (the macro's code, none written here).
#![allow(unsafe_code)]

use futures::FutureExt;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::rc::Rc;

use crate::i18n::common;

crate::texts! {
    /// Loading a page's code.
    mod tx {
        failed: "This page's code could not be loaded (the network, or a new version of the console was deployed)." => "无法加载此页面的代码（网络问题，或控制台已部署新版本）。",
        retry: "Try again" => "重试",
        reload: "Reload the console" => "重新加载控制台",
    }
}

/// A split module that could not be fetched or instantiated.
#[derive(Debug, Clone, Copy)]
pub struct LoadError;

impl From<SplitLoaderError> for LoadError {
    fn from(_: SplitLoaderError) -> Self {
        Self
    }
}

/// How a split page is built, once its module is there: called where the page is shown, so
/// the page's signals and its view's effects have one owner (see [`page`]).
pub type Ctor = Rc<dyn Fn() -> AnyView>;

type Page = Result<Ctor, LoadError>;

/// A page's constructor (its code, like the page's, in the split module).
fn ctor<V: IntoView + 'static>(build: impl Fn() -> V + 'static) -> Ctor {
    Rc::new(move || build().into_any())
}

/// Work done in a split module: the module is loaded first, then the future runs.
type Work<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// A call whose code is in a split module: its answer, or the module's failure as a failed call.
async fn run_call<T>(
    loaded: Result<Work<Result<T, crate::api::ApiError>>, LoadError>,
) -> Result<T, crate::api::ApiError> {
    match loaded {
        Ok(work) => work.await,
        Err(e) => Err(e.as_api_error()),
    }
}

impl LoadError {
    /// As a failed call of the page that needed the module: fetching it is a request that got
    /// no usable answer, and nothing was sent to the backend.
    pub fn as_api_error(self) -> crate::api::ApiError {
        crate::api::ApiError::Transport {
            call: "GET the console's code for this step",
            detail: tx::t_untracked().failed.to_owned(),
        }
    }
}

/// Shows a split page: "Loading…" until its module is there, then the page; a failed load is
/// said with "Try again" (the loader does not keep a failure) and "Reload".
///
/// The module's future only hands over the page's constructor; the page is built here, in this
/// view's own reactive scope, as an unsplit page is built by its route. (Built inside a
/// `Suspend`'s future instead, a page's signals belonged to the future's scope and its view's
/// effects to the `Suspense`'s: leaving the page disposed the first while the second could still
/// run once, and reading a disposed signal aborts the console.)
pub fn page<F, Fut>(load: F) -> AnyView
where
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Page> + 'static,
{
    // Type-erased at once: one copy of what follows for every page, not one per page.
    shown(Rc::new(move || Box::pin(load()) as Work<Page>))
}

fn shown(load: Rc<dyn Fn() -> Work<Page>>) -> AnyView {
    let loaded = RwSignal::new_local(None::<Page>);
    // A module already loaded answers on the first poll: the page is shown at once, with no
    // "Loading…" in between.
    let fetch = move || {
        let mut pending = load();
        match pending.as_mut().now_or_never() {
            Some(page) => loaded.set(Some(page)),
            None => leptos::task::spawn_local(async move {
                let page = pending.await;
                // Gone if the person left the page before its module came.
                let _ = loaded.try_set(Some(page));
            }),
        }
    };
    let fetch = StoredValue::new_local(Rc::new(fetch) as Rc<dyn Fn()>);
    fetch.with_value(|f| f());
    let retry = move || {
        loaded.set(None);
        fetch.with_value(|f| f());
    };
    (move || match loaded.get() {
        None => {
            view! { <p class="muted" aria-busy="true">{move || common::t().loading}</p> }.into_any()
        }
        Some(Ok(build)) => untrack(|| build()),
        Some(Err(LoadError)) => failed(retry).into_any(),
    })
    .into_any()
}

fn failed(retry: impl Fn() + 'static) -> impl IntoView {
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <section class="error-panel" role="alert" data-testid="page-load-failed">
            <p class="error-message">{move || tx::t().failed}</p>
            <p>
                <button type="button" on:click=move |_| retry()>{move || tx::t().retry}</button>
                " "
                <button type="button" class="secondary" on:click=reload>{move || tx::t().reload}</button>
            </p>
        </section>
    }
}

/// Fetches the modules a person needs right after connecting (the header and the cluster's
/// pages), in the background, once the connect form is up: on a slow link they arrive while the
/// password is typed. A failure is left to the page that needs the module (it says so).
pub fn preload_after_connect_form(ocp: bool) {
    leptos::task::spawn_local(async move {
        if ocp {
            let _ = preload_ocp().await;
        } else {
            let _ = preload_agent().await;
        }
    });
}

// ---- the connected agent: connecting, its header and the pages one reads first ----

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn connect_agent_work(
    spec: crate::backend::BackendSpec,
    password: String,
) -> Result<Work<Result<crate::api::Connected, crate::api::ApiError>>, LoadError> {
    Ok(Box::pin(async move {
        crate::api::Session::connect(&spec, password).await
    }))
}

/// [`crate::api::Session::connect`], with its code loaded first.
pub async fn connect_agent(
    spec: crate::backend::BackendSpec,
    password: String,
) -> Result<crate::api::Connected, crate::api::ApiError> {
    run_call(connect_agent_work(spec, password).await).await
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
fn log_out_work(logout: crate::api::PendingLogout) -> Result<Work<()>, LoadError> {
    Ok(Box::pin(logout.send()))
}

/// [`crate::api::PendingLogout::send`] (best effort: a module that cannot be loaded leaves the
/// agent's session to expire on its own, as a failed logout call does).
pub async fn log_out(logout: crate::api::PendingLogout) {
    if let Ok(work) = log_out_work(logout).await {
        work.await;
    }
}

/// A refused connection (the module is there: connecting went through it).
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn agent_error_panel(error: crate::api::ApiError) -> Page {
    Ok(ctor(
        move || view! { <crate::components::ErrorPanel error=error.clone()/> },
    ))
}

/// The journal's check of the tasks this tab started (see [`crate::journal::Announcer`]).
#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn check_open_tasks(
    journal: crate::journal::Journal,
    open: Vec<(String, String, crate::api::Session)>,
) -> Result<Work<()>, LoadError> {
    Ok(Box::pin(crate::journal::check_open_tasks(journal, open)))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_agent))]
pub fn header() -> Page {
    Ok(ctor(move || view! { <crate::components::Header/> }))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn cluster() -> Page {
    Ok(ctor(move || view! { <crate::pages::ClusterPage/> }))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn tenants() -> Page {
    Ok(ctor(move || view! { <crate::pages::TenantsPage/> }))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn tenant() -> Page {
    Ok(ctor(move || view! { <crate::pages::TenantPage/> }))
}

#[wasm_split(agent, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn tasks() -> Page {
    Ok(ctor(move || view! { <crate::pages::TasksPage/> }))
}

// ---- the agent's changes: replicas and scaling ----

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn add_replicas() -> Page {
    Ok(ctor(move || view! { <crate::pages::AddReplicasPage/> }))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn delete_replicas() -> Page {
    Ok(ctor(move || view! { <crate::pages::DeleteReplicasPage/> }))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn modify_replicas() -> Page {
    Ok(ctor(move || view! { <crate::pages::ModifyReplicasPage/> }))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn scale_out() -> Page {
    Ok(ctor(move || view! { <crate::pages::ScaleOutPage/> }))
}

#[wasm_split(changes, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn scale_in() -> Page {
    Ok(ctor(move || view! { <crate::pages::ScaleInPage/> }))
}

// ---- an agent's task: graph, timeline, logs ----

#[wasm_split(task, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn task() -> Page {
    Ok(ctor(move || view! { <crate::pages::TaskPage/> }))
}

// ---- the request inspector (opened from the top bar) ----

#[wasm_split(inspector, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn inspector() -> Page {
    Ok(ctor(move || view! { <crate::inspector::InspectorPanel/> }))
}

// ---- OCP ----

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
fn connect_ocp_work(
    prefix: String,
    user: String,
    password: zeroize::Zeroizing<String>,
) -> Result<Work<Result<crate::ocp::OcpSession, crate::api::ApiError>>, LoadError> {
    Ok(Box::pin(async move {
        crate::ocp::OcpSession::connect(&prefix, &user, &password).await
    }))
}

/// A refused OCP connection.
#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn ocp_error_panel(error: crate::api::ApiError) -> Page {
    Ok(ctor(
        move || view! { <crate::components::ErrorPanel error=error.clone()/> },
    ))
}

/// [`crate::ocp::OcpSession::connect`], with its code loaded first.
pub async fn connect_ocp(
    prefix: String,
    user: String,
    password: zeroize::Zeroizing<String>,
) -> Result<crate::ocp::OcpSession, crate::api::ApiError> {
    run_call(connect_ocp_work(prefix, user, password).await).await
}

#[wasm_split(ocp, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_ocp))]
pub fn ocp_bar(backend: crate::app::Slot) -> Page {
    Ok(ctor(
        move || view! { <crate::ocp::OcpBar backend=backend.clone()/> },
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
    Ok(ctor(move || view! { <crate::ocp::pages::OcpTaskPage/> }))
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
