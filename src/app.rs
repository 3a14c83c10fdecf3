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
use crate::components::Header;
use crate::pages::{
    AddReplicasPage, AgentConnect, ClusterPage, ConnectPage, DeleteReplicasPage,
    ModifyReplicasPage, ScaleInPage, ScaleOutPage, TaskPage, TasksPage, TenantPage, TenantsPage,
};
use crate::routes::Base;

/// A live connection to one backend.
#[derive(Debug, Clone)]
pub enum Link {
    /// An OBShell agent, connected with its root password (or a login session).
    Agent(Box<Connected>),
    /// OCP, its user and password in the session (HTTP Basic, `src/ocp`).
    Ocp(crate::ocp::OcpSession),
}

impl Link {
    /// The agent connection, when this is one.
    pub fn agent(&self) -> Option<&Connected> {
        match self {
            Self::Agent(c) => Some(c),
            Self::Ocp(_) => None,
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

    /// Forgets the connection (logging a session out, best effort).
    pub fn lock(&self) {
        if let Some(c) = self.agent() {
            leptos::task::spawn_local(async move { c.session.logout().await });
        }
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
    let config = LocalResource::new(crate::backend::load);
    view! {
        <main class="app">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
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

/// A `console.json` the console cannot use: which entry, which field, which rule.
#[component]
fn ConfigRefused(error: ConfigError) -> impl IntoView {
    view! {
        <section class="connect">
            <h1>"obshell-console"</h1>
            <section class="error-panel" role="alert" data-testid="config-error">
                <h3>"This console's backend list (console.json) cannot be used"</h3>
                <p class="error-message">{error.to_string()}</p>
                <p class="hint">"Fix the file beside index.html and reload the page."</p>
            </section>
        </section>
    }
}

#[component]
fn Console(specs: Vec<BackendSpec>) -> impl IntoView {
    provide_context(Backends::new(specs));
    view! {
        <Router>
            <crate::journal::Announcer/>
            <Routes fallback=|| view! { <p class="muted" data-testid="not-found">"Page not found."</p> }>
                <Route path=path!("/connect") view=ConnectPage/>
                <ParentRoute path=path!("/b/:backend") view=BackendScope>
                    <PageRoutes/>
                </ParentRoute>
                <ParentRoute path=path!("") view=BackendScope>
                    <PageRoutes/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The page for the backend's kind: an agent's under its [`SessionCtx`], OCP's under its
/// [`crate::ocp::OcpCtx`]; a path only the other kind has is "Page not found".
fn by_kind(agent: Option<fn() -> AnyView>, ocp: Option<fn() -> AnyView>) -> AnyView {
    let page = if use_context::<crate::ocp::OcpCtx>().is_some() {
        ocp
    } else {
        agent
    };
    match page {
        Some(p) => p(),
        None => view! { <p class="muted" data-testid="not-found">"Page not found."</p> }.into_any(),
    }
}

macro_rules! agent_page {
    ($page:ident) => {
        || by_kind(Some(|| view! { <$page/> }.into_any()), None)
    };
}

macro_rules! ocp_page {
    ($page:ident) => {
        || by_kind(None, Some(|| view! { <$page/> }.into_any()))
    };
}

macro_rules! either_page {
    ($agent:ident, $ocp:ident) => {
        || {
            by_kind(
                Some(|| view! { <$agent/> }.into_any()),
                Some(|| view! { <$ocp/> }.into_any()),
            )
        }
    };
}

/// The pages of one backend, under `/b/<name>` and unprefixed (one route, for both parents);
/// the OCP pages (`src/ocp/pages`) where the backend is OCP.
#[component(transparent)]
fn PageRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use crate::ocp::pages::*;
    view! {
        <ParentRoute path=path!("") view=Outlet>
        <Route path=path!("") view=either_page!(ClusterPage, OcpClustersPage)/>
        <Route path=path!("/cluster") view=agent_page!(ClusterPage)/>
        <Route path=path!("/tenants") view=agent_page!(TenantsPage)/>
        <Route path=path!("/tenants/:name") view=agent_page!(TenantPage)/>
        <Route path=path!("/tenants/:name/replicas/add") view=agent_page!(AddReplicasPage)/>
        <Route path=path!("/tenants/:name/replicas/delete") view=agent_page!(DeleteReplicasPage)/>
        <Route path=path!("/tenants/:name/replicas/modify") view=agent_page!(ModifyReplicasPage)/>
        <Route path=path!("/cluster/scale-out") view=agent_page!(ScaleOutPage)/>
        <Route path=path!("/cluster/scale-in") view=agent_page!(ScaleInPage)/>
        <Route path=path!("/tasks") view=either_page!(TasksPage, OcpTasksPage)/>
        <Route path=path!("/tasks/:id") view=either_page!(TaskPage, OcpTaskPage)/>
        <Route path=path!("/clusters/:cid") view=ocp_page!(OcpTenantsPage)/>
        <Route path=path!("/clusters/:cid/tenants/:tid") view=ocp_page!(OcpTenantPage)/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/add") view=ocp_page!(OcpAddReplicaPage)/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/delete") view=ocp_page!(OcpDeleteReplicaPage)/>
        <Route path=path!("/clusters/:cid/tenants/:tid/replicas/modify") view=ocp_page!(OcpModifyReplicaPage)/>
        </ParentRoute>
    }
    .into_inner()
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
                            <p class="muted" data-testid="not-found">{format!("There is no backend named {name:?} here. ")}
                                <a href=crate::routes::CONNECT>"All backends"</a>
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
    move || match link.get() {
        Some(Link::Agent(connected)) => {
            let connected = *connected;
            let ctx = SessionCtx {
                session: connected.session.clone(),
                profile: connected.profile.clone(),
                connected,
                base: base.clone(),
                slot: slot.clone(),
            };
            view! {
                <Provider value=ctx>
                    <Header/>
                    <Outlet/>
                </Provider>
            }
            .into_any()
        }
        Some(Link::Ocp(session)) => {
            // OCP's pages read this; "Disconnect" (or a 401's "enter again") empties the slot.
            let ctx = crate::ocp::OcpCtx::new(&base.path(), &slot.spec.prefix);
            ctx.session.set(Some(session));
            Effect::new(move |_| {
                if ctx.session.with(Option::is_none) {
                    link.set(None);
                }
            });
            view! {
                <Provider value=ctx>
                    <crate::ocp::OcpRoot/>
                </Provider>
            }
            .into_any()
        }
        None => {
            let form = match slot.spec.kind {
                BackendKind::Obshell => view! { <AgentConnect backend=slot.clone()/> }.into_any(),
                BackendKind::Ocp => crate::pages::ocp_connect(&slot),
            };
            view! {
                <section class="connect">
                    <h1>"obshell-console"</h1>
                    {form}
                    {several.then(|| view! {
                        <p class="hint"><a href=crate::routes::CONNECT>"All backends"</a></p>
                    })}
                </section>
            }
            .into_any()
        }
    }
}
