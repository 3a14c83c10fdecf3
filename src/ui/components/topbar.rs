//! The bar above every page of a connected backend, one for both kinds (docs/design.md):
//! which backend, its sections, the other connected backends, and the backend's own tools
//! (task counts, "About", Lock) passed in as children.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{BackendSwitcher, Switcher};

crate::texts! {
    /// The bar.
    mod tx {
        sections: "Sections" => "栏目",
    }
}

/// One section of a backend: its name in the navigation and its page.
#[derive(Debug, Clone)]
pub struct Section {
    pub label: Signal<&'static str>,
    pub href: String,
}

impl Section {
    pub fn new(label: impl Fn() -> &'static str + Send + Sync + 'static, href: String) -> Self {
        Self {
            label: Signal::derive(label),
            href,
        }
    }
}

/// The bar: the backend's name and what it is, the sections (the current one marked by the
/// router's `aria-current`), the backend switcher, then `children` at the end.
#[component]
pub fn Topbar(
    /// The backend's name, as in `console.json`.
    name: String,
    /// What the backend is, in a few words ("10.0.1.1:2886", "OCP 4.3.5").
    what: String,
    sections: Vec<Section>,
    switcher: Switcher,
    children: Children,
) -> impl IntoView {
    let links = sections
        .into_iter()
        .map(|s| view! { <A href=s.href>{move || s.label.get()}</A> })
        .collect_view();
    view! {
        <header class="topbar">
            <div class="brand" data-testid="brand">
                <span class="identity">{name}</span>" "<span class="muted">{what}</span>
            </div>
            <nav class="sections" aria-label=move || tx::t().sections>{links}</nav>
            <div class="tools">{children()}</div>
            <BackendSwitcher switcher=switcher/>
        </header>
    }
}
