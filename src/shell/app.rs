//! The application shell: the backends of `console.json` (`crate::shell::backends`), the routes
//! (`/b/<name>/…`, and unprefixed for the first backend), and each backend's view: its connect
//! form, or its context (the agent's [`ObshellCtx`], OCP's [`OcpCtx`]), header and pages.

use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::core::backend::{BackendKind, BackendSpec, ConfigError, Reconnect};
use crate::core::i18n::common;
use crate::core::links::{Base, CONNECT};
use crate::obshell::context::ObshellCtx;
use crate::obshell::links::ObshellLinks;
use crate::obshell::split as obshell;
use crate::ocp::split as ocp;
use crate::ocp::{OcpCtx, OcpLinks};
use crate::shell::backends::{expect_backends, Backends, Link, Slot};
use crate::shell::connect::{connect_form, ConnectPage};
use crate::shell::switcher::switcher_for;
use crate::ui::split::page;

#[component]
pub fn App() -> impl IntoView {
    crate::shell::prefs::apply_at_start();
    provide_context(crate::core::journal::Journal::new());
    provide_context(crate::obshell::expected::Expectations::new());
    provide_context(crate::core::poll::TaskWatch::new());
    let config = LocalResource::new(crate::shell::backends::load);
    view! {
        <crate::shell::prefs::PrefsBar/>
        {move || crate::core::inspector::open().get().then(|| page(crate::shell::split::inspector))}
        <main class="app">
            <Suspense fallback=|| view! { <p class="muted">{move || common::t().loading}</p> }>
                {move || Suspend::new(async move {
                    let shown = match config.await {
                        Ok(specs) => view! { <Console specs=specs/> }.into_any(),
                        Err(error) => view! { <ConfigRefused error=error/> }.into_any(),
                    };
                    // A page without a connect form (which would have taken it over) replaces
                    // index.html's once drawn.
                    request_animation_frame(crate::shell::boot::dismiss);
                    shown
                })}
            </Suspense>
        </main>
    }
}

crate::texts! {
    /// The application shell.
    mod tx {
        config_refused: "This console's backend list (console.json) cannot be used" => "无法使用本控制台的后端列表（console.json）",
        config_fix: "Fix the file beside index.html and reload the page." => "请修正 index.html 旁的该文件，然后重新加载页面。",
        no_backend: "There is no backend named {0} here. " => "这里没有名为 {0} 的后端。",
        all_backends: "All backends" => "全部后端",
    }
}

/// A `console.json` the console cannot use: which entry, which field, which rule.
#[component]
fn ConfigRefused(error: ConfigError) -> impl IntoView {
    view! {
        <section class="connect">
            <h1>"obshell-console"</h1>
            <section class="error-panel" role="alert" data-testid="config-error">
                <h3>{move || tx::t().config_refused}</h3>
                <p class="error-message">{move || error.shown()}</p>
                <p class="hint">{move || tx::t().config_fix}</p>
            </section>
        </section>
    }
}

#[component]
fn Console(specs: Vec<BackendSpec>) -> impl IntoView {
    crate::core::inspector::name_backends(&specs);
    let backends = Backends::new(specs);
    provide_context(backends.clone());
    let agents = backends.clone();
    let session_of =
        Callback::new(move |name: String| agents.find(&name)?.obshell().map(|c| c.session));
    let ocps = backends.clone();
    let ocp_of = Callback::new(move |name: String| ocps.find(&name)?.ocp());
    // Each backend kind's announcer watches what this tab changed there: there is nothing to
    // watch (and no code to fetch) before the first change sent to a backend of that kind.
    let journal = crate::core::journal::expect_journal();
    let changed = move |kind: BackendKind| {
        let backends = backends.clone();
        Memo::new(move |_| {
            journal.entries.with(|l| {
                l.iter().any(|e| {
                    backends
                        .find(&e.backend)
                        .is_some_and(|s| s.spec.kind == kind)
                })
            })
        })
    };
    let (changed_agent, changed_ocp) = (changed(BackendKind::Obshell), changed(BackendKind::Ocp));
    view! {
        <Router>
          <crate::shell::keyboard::KeyboardLayer>
            {move || changed_agent.get().then(|| page(move || obshell::announcer(session_of)))}
            {move || changed_ocp.get().then(|| page(move || ocp::ocp_announcer(ocp_of)))}
            <Routes fallback=|| view! { <p class="muted" data-testid="not-found">{move || common::t().not_found}</p> }>
                <Route path=path!("/connect") view=ConnectPage/>
                <ParentRoute path=path!("/b/:backend") view=BackendScope>
                    <PageRoutes/>
                </ParentRoute>
                <ParentRoute path=path!("") view=BackendScope>
                    <PageRoutes/>
                </ParentRoute>
            </Routes>
          </crate::shell::keyboard::KeyboardLayer>
        </Router>
    }
}

/// The pages of one backend, under `/b/<name>` and unprefixed (one route list, for both
/// parents). An agent and OCP share `/` and `/tasks…`; each page is shown only for the kind of
/// backend it belongs to (another kind's URL is "not found" there).
#[component(transparent)]
fn PageRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=Outlet>
        <Route path=path!("") view=|| by_kind(|| page(obshell::cluster), || page(ocp::ocp_clusters))/>
        <Route path=path!("/cluster") view=|| obshell_only(|| page(obshell::cluster))/>
        <Route path=path!("/tenants") view=|| obshell_only(|| page(obshell::tenants))/>
        <Route path=path!("/tenants/:name") view=|| obshell_only(|| page(obshell::tenant))/>
        <Route path=path!("/tenants/:name/replicas/add") view=|| obshell_only(|| page(obshell::add_replicas))/>
        <Route path=path!("/tenants/:name/replicas/delete") view=|| obshell_only(|| page(obshell::delete_replicas))/>
        <Route path=path!("/tenants/:name/replicas/modify") view=|| obshell_only(|| page(obshell::modify_replicas))/>
        <Route path=path!("/tenants/:name/plan") view=|| obshell_only(|| page(obshell::reshape))/>
        <Route path=path!("/cluster/zones/:zone/drain") view=|| obshell_only(|| page(obshell::drain))/>
        <Route path=path!("/cluster/scale-outs") view=|| obshell_only(|| page(obshell::scale_outs))/>
        <Route path=path!("/plans") view=|| obshell_only(|| page(obshell::plans))/>
        <Route path=path!("/plans/:id") view=|| by_kind(|| page(obshell::plan), || page(ocp::ocp_plan))/>
        <Route path=path!("/cluster/scale-out") view=|| obshell_only(|| page(obshell::scale_out))/>
        <Route path=path!("/cluster/scale-in") view=|| obshell_only(|| page(obshell::scale_in))/>
        <Route path=path!("/tasks") view=|| by_kind(|| page(obshell::tasks), || page(ocp::ocp_tasks))/>
        <Route path=path!("/tasks/:id") view=|| by_kind(|| page(obshell::task), || page(ocp::ocp_task))/>
        <Route path=path!("/clusters") view=|| ocp_only(|| page(ocp::ocp_clusters))/>
        <Route path=path!("/clusters/:cid") view=|| ocp_only(|| page(ocp::ocp_tenants))/>
        <Route path=path!("/clusters/:cid/tenants/:tid") view=|| ocp_only(|| page(ocp::ocp_tenant))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/add") view=|| ocp_only(|| page(ocp::ocp_add_replica))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/delete") view=|| ocp_only(|| page(ocp::ocp_delete_replica))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/modify") view=|| ocp_only(|| page(ocp::ocp_modify_replica))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/plan") view=|| ocp_only(|| page(ocp::ocp_reshape))/>
        </ParentRoute>
    }
    .into_inner()
}

/// The page of the current backend's kind (provided by [`Connection`]).
fn by_kind<A: IntoView + 'static, O: IntoView + 'static>(
    agent: impl FnOnce() -> A,
    ocp: impl FnOnce() -> O,
) -> AnyView {
    match use_context::<BackendKind>() {
        Some(BackendKind::Obshell) => agent().into_any(),
        Some(BackendKind::Ocp) => ocp().into_any(),
        None => not_found().into_any(),
    }
}

fn obshell_only<A: IntoView + 'static>(page: impl FnOnce() -> A) -> AnyView {
    by_kind(page, not_found)
}

fn ocp_only<O: IntoView + 'static>(page: impl FnOnce() -> O) -> AnyView {
    by_kind(not_found, page)
}

fn not_found() -> impl IntoView {
    view! { <p class="muted" data-testid="not-found">{move || common::t().not_found}</p> }
}

/// The backend the URL names (the first one for unprefixed URLs): its connect form until it is
/// connected, then its header and the page asked for, with its [`ObshellCtx`].
#[component]
fn BackendScope() -> impl IntoView {
    let backends = expect_backends();
    let params = use_params_map();
    let named = Memo::new(move |_| params.with(|p| p.get("backend")));
    move || {
        let (slot, base) = match named.get() {
            Some(name) => match backends.find(&name) {
                Some(slot) => (slot.clone(), Base::named(&name)),
                None => {
                    return view! {
                        <section class="connect">
                            <p class="muted" data-testid="not-found">{move || crate::core::i18n::fill(tx::t().no_backend, &[&format!("{name:?}")])}
                                <a href=CONNECT>{move || tx::t().all_backends}</a>
                            </p>
                        </section>
                    }
                    .into_any()
                }
            },
            None => match backends.first() {
                Some(slot) => (slot.clone(), Base::unprefixed(&slot.spec.name)),
                None => return ().into_any(),
            },
        };
        let several = backends.slots().len() > 1;
        view! { <Connection backend=slot base=base several=several/> }.into_any()
    }
}

/// One backend's view: connected, with its context, header and the page asked for; or its
/// connect form. A backend's context exists only here, under its connected view.
#[component]
fn Connection(backend: Slot, base: Base, several: bool) -> impl IntoView {
    let slot = backend;
    let link = slot.link;
    provide_context(slot.spec.kind);
    // A session or credential the backend no longer accepts: its form again (on the form itself,
    // a no-op).
    provide_context(Reconnect(Callback::new(move |()| link.set(None))));
    let name = slot.spec.name.clone();
    move || match link.get() {
        Some(Link::Obshell(connected)) => {
            let locked = slot.clone();
            let ctx = ObshellCtx {
                session: connected.session.clone(),
                profile: connected.profile.clone(),
                connected: *connected,
                links: ObshellLinks::new(base.clone()),
                lock: Callback::new(move |()| locked.lock()),
            };
            let switcher = switcher_for(name.clone());
            view! {
                <Provider value=ctx>
                    {page(move || obshell::header(switcher.clone()))}
                    <Outlet/>
                </Provider>
            }
            .into_any()
        }
        Some(Link::Ocp(session)) => {
            let locked = slot.clone();
            let ctx = OcpCtx::new(
                session,
                name.clone(),
                OcpLinks::new(&base.root()),
                Callback::new(move |()| locked.lock()),
            );
            let switcher = switcher_for(name.clone());
            view! {
                <Provider value=ctx>
                    {page(move || ocp::ocp_bar(switcher.clone()))}
                    <Outlet/>
                </Provider>
            }
            .into_any()
        }
        None => {
            // While the password is typed, the pages that come next are fetched.
            crate::shell::split::preload_after_connect_form(slot.spec.kind == BackendKind::Ocp);
            view! {
                <section class="connect">
                    <h1>"obshell-console"</h1>
                    {connect_form(&slot)}
                    {several.then(|| view! {
                        <p class="hint"><a href=CONNECT>{move || tx::t().all_backends}</a></p>
                    })}
                </section>
            }
            .into_any()
        }
    }
}
