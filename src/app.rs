//! The application shell: the connection (only in memory), the header, and the routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::agent::AgentProfile;
use crate::api::{Connected, Session};
use crate::components::Header;
use crate::pages::{
    AddReplicasPage, ClusterPage, ConnectPage, DeleteReplicasPage, ModifyReplicasPage, ScaleInPage,
    ScaleOutPage, TaskPage, TasksPage, TenantPage, TenantsPage,
};

/// The connection shared with every page: `None` until the user connects, and again after
/// "Lock", which drops the password (or session) with it.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionCtx(pub RwSignal<Option<Connected>>);

/// Reads the connection context; every page is mounted under [`App`], which provides it.
pub fn expect_connection() -> ConnectionCtx {
    expect_context::<ConnectionCtx>()
}

thread_local! {
    /// The same signal as the context, for code that runs outside the reactive owner (polling
    /// loops and futures after their first await). The page has one thread.
    static CONNECTION: std::cell::Cell<Option<RwSignal<Option<Connected>>>> = const { std::cell::Cell::new(None) };
}

/// The session of the current connection, if connected; callable from any async code.
pub fn session() -> Option<Session> {
    CONNECTION
        .with(std::cell::Cell::get)?
        .try_with_untracked(|c| c.as_ref().map(|c| c.session.clone()))?
}

/// What the connected agent can do. Pages are mounted only while connected, and a connection's
/// profile never changes, so reading it once when a page is built is enough.
pub fn agent_profile() -> Option<AgentProfile> {
    use_context::<ConnectionCtx>()?
        .0
        .with_untracked(|c| c.as_ref().map(|c| c.profile.clone()))
}

#[component]
pub fn App() -> impl IntoView {
    let connection = RwSignal::new(None::<Connected>);
    provide_context(ConnectionCtx(connection));
    provide_context(crate::journal::Journal::new());
    CONNECTION.with(|c| c.set(Some(connection)));
    // OCP (src/ocp): its own connection, mounted under /ocp.
    crate::ocp::provide_ocp(crate::ocp::OCP_BASE, "");
    view! {
        <Router>
            <main class="app">
                <OcpOrAgent connection=connection/>
            </main>
        </Router>
    }
}

/// The OCP pages under `/ocp` (their own connection); everything else is the agent's.
#[component]
fn OcpOrAgent(connection: RwSignal<Option<Connected>>) -> impl IntoView {
    use crate::ocp::pages::*;
    let location = use_location();
    let on_ocp = Memo::new(move |_| {
        location
            .pathname
            .with(|p| p == crate::ocp::OCP_BASE || p.starts_with("/ocp/"))
    });
    view! {
        <Show when=move || on_ocp.get() fallback=move || view! {
            <Show when=move || connection.with(Option::is_some) fallback=|| view! { <ConnectPage/> }>
                <Header/>
                <crate::journal::Announcer/>
                <Routes fallback=|| view! { <p class="muted" data-testid="not-found">"Page not found."</p> }>
                    <Route path=path!("/") view=ClusterPage/>
                    <Route path=path!("/cluster") view=ClusterPage/>
                    <Route path=path!("/tenants") view=TenantsPage/>
                    <Route path=path!("/tenants/:name") view=TenantPage/>
                    <Route path=path!("/tenants/:name/replicas/add") view=AddReplicasPage/>
                    <Route path=path!("/tenants/:name/replicas/delete") view=DeleteReplicasPage/>
                    <Route path=path!("/tenants/:name/replicas/modify") view=ModifyReplicasPage/>
                    <Route path=path!("/cluster/scale-out") view=ScaleOutPage/>
                    <Route path=path!("/cluster/scale-in") view=ScaleInPage/>
                    <Route path=path!("/tasks") view=TasksPage/>
                    <Route path=path!("/tasks/:id") view=TaskPage/>
                </Routes>
            </Show>
        }>
            <Routes fallback=|| view! { <p class="muted" data-testid="not-found">"Page not found."</p> }>
                <ParentRoute path=path!("/ocp") view=crate::ocp::OcpRoot>
                    <Route path=path!("") view=OcpClustersPage/>
                    <Route path=path!("clusters/:cid") view=OcpTenantsPage/>
                    <Route path=path!("clusters/:cid/tenants/:tid") view=OcpTenantPage/>
                    <Route path=path!("clusters/:cid/tenants/:tid/replicas/add") view=OcpAddReplicaPage/>
                    <Route path=path!("clusters/:cid/tenants/:tid/replicas/delete") view=OcpDeleteReplicaPage/>
                    <Route path=path!("clusters/:cid/tenants/:tid/replicas/modify") view=OcpModifyReplicaPage/>
                    <Route path=path!("tasks") view=OcpTasksPage/>
                    <Route path=path!("tasks/:id") view=OcpTaskPage/>
                </ParentRoute>
            </Routes>
        </Show>
    }
}
