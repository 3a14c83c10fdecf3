//! The connected backends, for the header of every backend's pages: each links to its home.

use leptos::prelude::*;

use crate::core::backend::{BackendKind, BackendSpec};
use crate::core::links::{Base, CONNECT};
use crate::obshell::links::AgentLinks;
use crate::ocp::OcpLinks;
use crate::shell::backends::expect_backends;

crate::texts! {
    /// The backend switcher.
    mod tx {
        backend: "Backend" => "后端",
        connect_another: "Connect another…" => "连接其他后端…",
    }
}

/// Where a backend's pages start (`/b/<name>/cluster` for an agent, `/b/<name>` for OCP).
pub fn home_of(spec: &BackendSpec) -> String {
    let base = Base::named(&spec.name);
    match spec.kind {
        BackendKind::Obshell => AgentLinks::new(base).home(),
        BackendKind::Ocp => OcpLinks::new(&base.root()).home(),
    }
}

/// The switcher for the header of backend `current`, as the header takes it.
pub fn switcher_for(current: String) -> ViewFn {
    ViewFn::from(move || view! { <BackendSwitcher current=current.clone()/> })
}

/// The connected backends, the current one marked, and a way to connect another (only when the
/// deployment has several).
#[component]
pub fn BackendSwitcher(current: String) -> impl IntoView {
    let backends = expect_backends();
    if backends.slots().len() < 2 {
        return None;
    }
    let slots = backends.slots().to_vec();
    let list = move || {
        slots
            .iter()
            .filter(|s| s.link.with(Option::is_some))
            .map(|s| {
                let name = s.spec.name.clone();
                let here = name == current;
                view! {
                    <li>
                        <a href=home_of(&s.spec) aria-current=here.then_some("true")
                            data-testid="backend-link">{name.clone()}</a>
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
