//! Code splitting: the main wasm module only starts the console, which is a split module of its
//! own (the shell and the connect forms: docs/architecture.md, "The first screen"); each group of
//! pages is split off by `wasm-split-cli` (see `scripts/split.sh`) into a module of its own,
//! fetched the first time one of its pages is shown, or earlier by
//! `crate::shell::split::preload_after_connect_form` while the person types the password.
//!
//! A page function here is a split point: the `wasm_split` macro turns it into an `async fn`
//! that loads its module, then calls it. A module that cannot be fetched (the network, or a
//! new deployment that replaced the files) is said on the page with a way to try again, never
//! a panic: a panic would abort the whole console.
//!
//! The split runtime declares its loader as an `extern "C"` import, which needs `unsafe`; this
//! module alone allows it (the macro's code, none written here).

use futures::FutureExt;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::rc::Rc;

use crate::core::i18n::common;

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

pub type Page = Result<Ctor, LoadError>;

/// A page's constructor (its code, like the page's, in the split module).
pub fn ctor<V: IntoView + 'static>(build: impl Fn() -> V + 'static) -> Ctor {
    Rc::new(move || build().into_any())
}

/// Work done in a split module: the module is loaded first, then the future runs.
pub type Work<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// A call whose code is in a split module: its answer, or the module's failure as a failed call.
pub async fn run_call<T>(
    loaded: Result<Work<Result<T, crate::core::error::ApiError>>, LoadError>,
) -> Result<T, crate::core::error::ApiError> {
    match loaded {
        Ok(work) => work.await,
        Err(e) => Err(e.as_api_error()),
    }
}

impl LoadError {
    /// As a failed call of the page that needed the module: fetching it is a request that got
    /// no usable answer, and nothing was sent to the backend.
    pub fn as_api_error(self) -> crate::core::error::ApiError {
        crate::core::error::ApiError::Transport {
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
