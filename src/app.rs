//! The application shell: holds the connection (only in memory) and shows either the connect
//! page or the cluster.

use leptos::prelude::*;

use crate::api::Connected;
use crate::pages::{ClusterPage, ConnectPage};

/// The connection shared with every page: `None` until the user connects, and again after
/// "Lock", which drops the password with it.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionCtx(pub RwSignal<Option<Connected>>);

/// Reads the connection context; every page is mounted under [`App`], which provides it.
pub fn expect_connection() -> ConnectionCtx {
    expect_context::<ConnectionCtx>()
}

#[component]
pub fn App() -> impl IntoView {
    let connection = RwSignal::new(None::<Connected>);
    provide_context(ConnectionCtx(connection));
    view! {
        <main class="app">
            <Show
                when=move || connection.with(Option::is_some)
                fallback=|| view! { <ConnectPage/> }
            >
                <ClusterPage/>
            </Show>
        </main>
    }
}
