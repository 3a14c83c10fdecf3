//! The console's OCP backend (`shared/spec/ocp-api.md`): a client speaking OCP's API v2 with
//! HTTP Basic, OCP's refusals explained, the clusters, tenants and the three replica forms
//! checked with OCP's own rules before sending, and OCP tasks as live graphs.
//!
//! A `console.json` backend of `kind: "ocp"` mounts these pages under its base (`/b/<name>`, or
//! unprefixed for the first backend): `app.rs` routes each path to the page of the backend's
//! kind and provides an [`OcpCtx`] (the session, the base for [`links::OcpLinks`], the path
//! prefix before `/api/v2/`) under [`OcpRoot`]. The pages read it with [`expect_ocp`];
//! [`OcpConnect`] is the sign-in form (in a backend's slot, or standalone under an `OcpCtx`).

pub mod client;
pub mod connect;
pub mod errors;
pub mod forms;
pub mod graph;
pub mod links;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::Outlet;

pub use client::{OcpInfo, OcpSession};
pub use connect::OcpConnect;
pub use links::{OcpLinks, ReplicaForm};

/// The OCP connection every OCP page reads: the session (`None` until connected, and after
/// "Disconnect", which drops the password with it) and the base path of the pages.
#[derive(Debug, Clone, Copy)]
pub struct OcpCtx {
    pub session: RwSignal<Option<OcpSession>>,
    base: StoredValue<String>,
    /// The path prefix before OCP's `/api/v2/…` (`""` when proxied at the same origin).
    api_prefix: StoredValue<String>,
}

impl OcpCtx {
    pub fn new(base: &str, api_prefix: &str) -> Self {
        Self {
            session: RwSignal::new(None),
            base: StoredValue::new(base.to_owned()),
            api_prefix: StoredValue::new(api_prefix.to_owned()),
        }
    }

    /// The session, from any code (async included); `None` when not connected or unmounted.
    pub fn get(&self) -> Option<OcpSession> {
        self.session.try_get_untracked().flatten()
    }

    pub fn links(&self) -> OcpLinks {
        OcpLinks::new(&self.base.get_value())
    }

    pub fn api_prefix(&self) -> String {
        self.api_prefix.get_value()
    }

    /// Forgets the session and its password.
    pub fn disconnect(&self) {
        self.session.set(None);
    }
}

/// Reads the OCP context; provided by `app.rs` under an OCP backend.
pub fn expect_ocp() -> OcpCtx {
    expect_context::<OcpCtx>()
}

/// A call made without a session (the page outlived it).
pub(crate) fn not_connected(call: &'static str) -> crate::api::ApiError {
    crate::api::ApiError::Transport {
        call,
        detail: "not connected to OCP".into(),
    }
}

/// The frame of every OCP page: a bar with the connection and the sections, then the page, or
/// [`OcpConnect`] while not connected.
#[component]
pub fn OcpRoot() -> impl IntoView {
    let ocp = expect_ocp();
    let links = ocp.links();
    let (home, tasks) = (links.home(), links.tasks(None));
    view! {
        <Show when=move || ocp.session.with(Option::is_some) fallback=|| view! { <OcpConnect/> }>
            <nav class="ocp-bar" aria-label="OCP">
                <strong>"OCP"</strong>
                <a href=home.clone()>"Clusters"</a>
                <a href=tasks.clone()>"Tasks"</a>
                <a href=crate::routes::CONNECT>"All backends"</a>
                <span class="muted" data-testid="ocp-identity">{move || ocp.session.with(|s| s.as_ref().map(|s| format!("{} · OCP {}", s.user(), s.build_version())).unwrap_or_default())}</span>
                <button type="button" class="secondary small" on:click=move |_| ocp.disconnect()>"Disconnect from OCP"</button>
            </nav>
            <Outlet/>
        </Show>
    }
}
