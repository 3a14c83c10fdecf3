//! The application shell: the backends of `console.json` with one connection slot each (only in
//! memory, each locked on its own), the routes (`/b/<name>/…`, and unprefixed for the first
//! backend), and the [`SessionCtx`] every page of a connected agent reads.

use std::sync::Arc;

use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::agent::AgentProfile;
use crate::api::{Connected, Session};
use crate::backend::{BackendKind, BackendSpec, ConfigError};
use crate::i18n::common;
use crate::ocp::{OcpConnect, OcpCtx, OcpSession};
use crate::pages::{AgentConnect, ConnectPage};
use crate::routes::Base;
use crate::split;

/// A live connection to one backend.
#[derive(Debug, Clone)]
pub enum Link {
    /// An OBShell agent, connected with its root password (or a login session).
    Agent(Box<Connected>),
    /// OCP, with a user and password sent as HTTP Basic.
    Ocp(OcpSession),
}

impl Link {
    /// The agent connection, when this is one.
    pub fn agent(&self) -> Option<&Connected> {
        match self {
            Self::Agent(c) => Some(c),
            Self::Ocp(_) => None,
        }
    }

    /// The OCP connection, when this is one.
    pub fn ocp(&self) -> Option<&OcpSession> {
        match self {
            Self::Ocp(s) => Some(s),
            Self::Agent(_) => None,
        }
    }
}

/// One backend of `console.json` and its connection: `None` until the person connects, and
/// again after "Lock", which drops the password (or session) with it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub spec: BackendSpec,
    pub link: RwSignal<Option<Link>>,
}

impl Slot {
    /// The agent session, when this slot holds a connected agent.
    pub fn agent(&self) -> Option<Connected> {
        self.link
            .with_untracked(|l| l.as_ref().and_then(Link::agent).cloned())
    }

    /// Forgets the connection: the password, session id or Basic credential is wiped now in
    /// every clone (pages still mounted send nothing more), then a login session is logged
    /// out once (best effort, never logging in again to do it).
    pub fn lock(&self) {
        match self.link.get_untracked() {
            Some(Link::Agent(c)) => {
                if let Some(logout) = c.session.forget() {
                    leptos::task::spawn_local(split::log_out(logout));
                }
            }
            Some(Link::Ocp(s)) => s.forget(),
            None => {}
        }
        // Nothing of this backend stays in the request inspector (the other backends' stay).
        crate::inspector::forget_backend(&self.spec);
        self.link.set(None);
    }
}

/// Every backend, in `console.json`'s order (never empty: without the file, the one agent
/// that serves the page).
#[derive(Debug, Clone)]
pub struct Backends(Arc<Vec<Slot>>);

impl Backends {
    fn new(specs: Vec<BackendSpec>) -> Self {
        let specs = if specs.is_empty() {
            vec![BackendSpec::same_origin_agent()]
        } else {
            specs
        };
        Self(Arc::new(
            specs
                .into_iter()
                .map(|spec| Slot {
                    spec,
                    link: RwSignal::new(None),
                })
                .collect(),
        ))
    }

    pub fn slots(&self) -> &[Slot] {
        &self.0
    }

    /// The backend of the unprefixed URLs.
    pub fn first(&self) -> Option<&Slot> {
        self.0.first()
    }

    pub fn find(&self, name: &str) -> Option<&Slot> {
        self.0.iter().find(|s| s.spec.name == name)
    }
}

/// The backends; provided by [`App`] once `console.json` is read.
pub fn expect_backends() -> Backends {
    expect_context::<Backends>()
}

/// The connected agent of the page's backend: provided under the connected view of the backend
/// the URL names, so a page reads it when it is built and its async code keeps the clone (the
/// session is shared, the credential stays in one place).
#[derive(Debug, Clone)]
pub struct SessionCtx {
    pub session: Session,
    pub profile: AgentProfile,
    pub connected: Connected,
    /// Where this backend's pages live (builds every console URL: see [`crate::routes`]).
    pub base: Base,
    pub slot: Slot,
}

/// The page's agent session; every page of an agent is mounted under its connected view.
pub fn expect_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}

/// What the page's agent can do. A connection's profile never changes, so reading it once when
/// a page is built is enough.
pub fn agent_profile() -> AgentProfile {
    expect_session().profile
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(crate::journal::Journal::new());
    provide_context(crate::poll::TaskWatch::new());
    crate::prefs::apply_at_start();
    let config = LocalResource::new(crate::backend::load);
    view! {
        <crate::prefs::PrefsBar/>
        {move || crate::inspector::open().get().then(|| split::page(split::inspector))}
        <main class="app">
            <Suspense fallback=|| view! { <p class="muted">{move || common::t().loading}</p> }>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(specs) => view! { <Console specs=specs/> }.into_any(),
                        Err(error) => view! { <ConfigRefused error=error/> }.into_any(),
                    }
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
    crate::inspector::name_backends(&specs);
    provide_context(Backends::new(specs));
    view! {
        <Router>
          <crate::keyboard::KeyboardLayer>
            <crate::journal::Announcer/>
            <Routes fallback=|| view! { <p class="muted" data-testid="not-found">{move || common::t().not_found}</p> }>
                <Route path=path!("/connect") view=ConnectPage/>
                <ParentRoute path=path!("/b/:backend") view=BackendScope>
                    <PageRoutes/>
                </ParentRoute>
                <ParentRoute path=path!("") view=BackendScope>
                    <PageRoutes/>
                </ParentRoute>
            </Routes>
          </crate::keyboard::KeyboardLayer>
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
        <Route path=path!("") view=|| by_kind(|| split::page(split::cluster), || split::page(split::ocp_clusters))/>
        <Route path=path!("/cluster") view=|| agent_only(|| split::page(split::cluster))/>
        <Route path=path!("/tenants") view=|| agent_only(|| split::page(split::tenants))/>
        <Route path=path!("/tenants/:name") view=|| agent_only(|| split::page(split::tenant))/>
        <Route path=path!("/tenants/:name/replicas/add") view=|| agent_only(|| split::page(split::add_replicas))/>
        <Route path=path!("/tenants/:name/replicas/delete") view=|| agent_only(|| split::page(split::delete_replicas))/>
        <Route path=path!("/tenants/:name/replicas/modify") view=|| agent_only(|| split::page(split::modify_replicas))/>
        <Route path=path!("/cluster/scale-out") view=|| agent_only(|| split::page(split::scale_out))/>
        <Route path=path!("/cluster/scale-in") view=|| agent_only(|| split::page(split::scale_in))/>
        <Route path=path!("/tasks") view=|| by_kind(|| split::page(split::tasks), || split::page(split::ocp_tasks))/>
        <Route path=path!("/tasks/:id") view=|| by_kind(|| split::page(split::task), || split::page(split::ocp_task))/>
        <Route path=path!("/clusters") view=|| ocp_only(|| split::page(split::ocp_clusters))/>
        <Route path=path!("/clusters/:cid") view=|| ocp_only(|| split::page(split::ocp_tenants))/>
        <Route path=path!("/clusters/:cid/tenants/:tid") view=|| ocp_only(|| split::page(split::ocp_tenant))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/add") view=|| ocp_only(|| split::page(split::ocp_add_replica))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/delete") view=|| ocp_only(|| split::page(split::ocp_delete_replica))/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/modify") view=|| ocp_only(|| split::page(split::ocp_modify_replica))/>
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

fn agent_only<A: IntoView + 'static>(page: impl FnOnce() -> A) -> AnyView {
    by_kind(page, not_found)
}

fn ocp_only<O: IntoView + 'static>(page: impl FnOnce() -> O) -> AnyView {
    by_kind(not_found, page)
}

fn not_found() -> impl IntoView {
    view! { <p class="muted" data-testid="not-found">{move || common::t().not_found}</p> }
}

/// The backend the URL names (the first one for unprefixed URLs): its connect form until it is
/// connected, then its header and the page asked for, with its [`SessionCtx`].
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
                            <p class="muted" data-testid="not-found">{move || crate::i18n::fill(tx::t().no_backend, &[&format!("{name:?}")])}
                                <a href=crate::routes::CONNECT>{move || tx::t().all_backends}</a>
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

/// One backend's view: connected, or its connect form.
#[component]
fn Connection(backend: Slot, base: Base, several: bool) -> impl IntoView {
    let slot = backend;
    let link = slot.link;
    provide_context(slot.spec.kind);
    if slot.spec.kind == BackendKind::Ocp {
        provide_context(OcpCtx::new(&slot, &base.root()));
    }
    move || match link.get() {
        Some(Link::Agent(connected)) => {
            let ctx = SessionCtx {
                session: connected.session.clone(),
                profile: connected.profile.clone(),
                connected: *connected,
                base: base.clone(),
                slot: slot.clone(),
            };
            view! {
                <Provider value=ctx>
                    {split::page(split::header)}
                    <Outlet/>
                </Provider>
            }
            .into_any()
        }
        Some(Link::Ocp(_)) => view! {
            {let slot = slot.clone(); split::page(move || split::ocp_bar(slot.clone()))}
            <Outlet/>
        }
        .into_any(),
        None => {
            // While the password is typed, the pages that come next are fetched.
            split::preload_after_connect_form(slot.spec.kind == BackendKind::Ocp);
            let form = match slot.spec.kind {
                BackendKind::Obshell => view! { <AgentConnect backend=slot.clone()/> }.into_any(),
                BackendKind::Ocp => view! { <OcpConnect backend=slot.clone()/> }.into_any(),
            };
            view! {
                <section class="connect">
                    <h1>"obshell-console"</h1>
                    {form}
                    {several.then(|| view! {
                        <p class="hint"><a href=crate::routes::CONNECT>{move || tx::t().all_backends}</a></p>
                    })}
                </section>
            }
            .into_any()
        }
    }
}
