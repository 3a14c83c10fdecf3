//! The console's OCP backend (`shared/spec/ocp-api.md`): a client speaking OCP's API v2 with
//! HTTP Basic, OCP's refusals explained, the clusters, tenants and the three replica forms
//! checked with OCP's own rules before sending, and OCP tasks as live graphs.
//!
//! An OCP backend's pages live under its base (`/b/<name>`, or unprefixed for the first backend);
//! all their URLs come from [`links::OcpLinks`]. They read the connection from [`OcpCtx`]
//! ([`expect_ocp`]), which `app.rs` provides under the backend's view, above [`OcpBar`].

pub mod client;
pub mod connect;
pub mod errors;
pub mod forms;
pub mod graph;
pub mod links;
pub mod pages;

use leptos::prelude::*;

pub use client::{OcpInfo, OcpSession};
pub use connect::OcpConnect;
pub use links::{OcpLinks, ReplicaForm};

use crate::app::{Link, Slot};
use crate::components::BackendSwitcher;

crate::texts! {
    /// The OCP bar, and the error of a page that outlived its session.
    mod tx {
        not_connected: "not connected to OCP" => "未连接到 OCP",
        clusters: "Clusters" => "集群",
        tasks: "Tasks" => "任务",
        lock: "Lock" => "锁定",
        lock_title: "Forget the OCP password of {0} (other backends stay connected)" => "清除 {0} 的 OCP 密码（其他后端保持连接）",
    }
}

/// The OCP backend every OCP page reads: its connection slot (the session is `None` until
/// connected, and after "Lock", which drops the password with it) and where its pages live.
#[derive(Debug, Clone, Copy)]
pub struct OcpCtx {
    link: RwSignal<Option<Link>>,
    base: StoredValue<String>,
    /// The path prefix before OCP's `/api/v2/…` (`""` when proxied at the same origin).
    api_prefix: StoredValue<String>,
}

impl OcpCtx {
    /// The context of an OCP backend's `slot`, its pages under `base` (`/b/<name>` or `""`).
    pub fn new(slot: &Slot, base: &str) -> Self {
        Self {
            link: slot.link,
            base: StoredValue::new(base.to_owned()),
            api_prefix: StoredValue::new(slot.spec.prefix.clone()),
        }
    }

    /// The session, from any code (async included); `None` when not connected or unmounted.
    pub fn get(&self) -> Option<OcpSession> {
        self.link
            .try_with_untracked(|l| l.as_ref().and_then(Link::ocp).cloned())
            .flatten()
    }

    pub fn links(&self) -> OcpLinks {
        OcpLinks::new(&self.base.get_value())
    }

    pub fn api_prefix(&self) -> String {
        self.api_prefix.get_value()
    }

    /// Forgets the session and its password.
    pub fn disconnect(&self) {
        self.link.set(None);
    }
}

/// Reads the OCP context; provided under an OCP backend's view (see `app.rs`).
pub fn expect_ocp() -> OcpCtx {
    expect_context::<OcpCtx>()
}

/// A call made without a session (the page outlived it).
pub(crate) fn not_connected(call: &'static str) -> crate::api::ApiError {
    crate::api::ApiError::Transport {
        call,
        detail: tx::t_untracked().not_connected.into(),
    }
}

/// The bar above every OCP page: who is connected to which OCP, the sections, the backends,
/// and Lock (this backend only).
#[component]
pub fn OcpBar(backend: Slot) -> impl IntoView {
    let slot = backend;
    let ocp = expect_ocp();
    let links = ocp.links();
    let (home, tasks) = (links.home(), links.tasks(None));
    let identity = ocp
        .get()
        .map(|s| format!("{} · OCP {}", s.user(), s.build_version()))
        .unwrap_or_default();
    let name = slot.spec.name.clone();
    let title = {
        let name = name.clone();
        move || crate::i18n::fill(tx::t().lock_title, &[&name])
    };
    view! {
        <header class="topbar ocp-bar">
            <div class="agent">
                <span class="identity">"OCP"</span>
                <span data-testid="ocp-identity">{identity}</span>
            </div>
            <BackendSwitcher current=name/>
            <nav aria-label="OCP">
                <a href=home>{move || tx::t().clusters}</a>
                <a href=tasks>{move || tx::t().tasks}</a>
            </nav>
            <button type="button" class="secondary" data-testid="lock" title=title
                on:click=move |_| slot.lock()>{move || tx::t().lock}</button>
        </header>
    }
}
