//! The application shell: the connection (only in memory), the header, and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
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
    view! {
        <Router>
            <main class="app">
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
            </main>
        </Router>
    }
}
