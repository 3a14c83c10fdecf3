//! The connected backends, in the bar above a backend's pages: each links to its home, the
//! current one marked, and a way to connect another (only when the deployment has several).
//! The shell says which are connected; the bar shows them.

use leptos::prelude::*;

use crate::core::links::CONNECT;

crate::texts! {
    /// The backend switcher.
    mod tx {
        backend: "Backend" => "后端",
        connect_another: "Connect another…" => "连接其他后端…",
    }
}

/// What the switcher of one backend's bar shows.
#[derive(Debug, Clone)]
pub struct Switcher {
    /// The backend whose bar this is.
    pub current: String,
    /// Whether the deployment has several backends (else there is nothing to switch to).
    pub several: bool,
    /// The connected backends: name and home, in `console.json`'s order.
    pub connected: Signal<Vec<(String, String)>>,
}

#[component]
pub fn BackendSwitcher(switcher: Switcher) -> impl IntoView {
    let Switcher {
        current,
        several,
        connected,
    } = switcher;
    if !several {
        return None;
    }
    let list = move || {
        connected
            .get()
            .into_iter()
            .map(|(name, home)| {
                let here = name == current;
                view! {
                    <li>
                        <a href=home aria-current=here.then_some("true")
                            data-testid="backend-link">{name}</a>
                    </li>
                }
            })
            .collect_view()
    };
    Some(view! {
        <nav class="backends" aria-label=move || tx::t().backend data-testid="backend-switcher">
            <ul>
                {list}
                <li><a href=CONNECT>{move || tx::t().connect_another}</a></li>
            </ul>
        </nav>
    })
}
