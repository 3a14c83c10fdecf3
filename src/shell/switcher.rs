//! Which backends are connected, for the switcher in every backend's bar, and where each
//! backend's pages start.

use leptos::prelude::*;

use crate::core::backend::{BackendKind, BackendSpec};
use crate::core::links::Base;
use crate::obshell::links::ObshellLinks;
use crate::ocp::OcpLinks;
use crate::shell::backends::expect_backends;
use crate::ui::components::Switcher;

/// Where a backend's pages start (`/b/<name>/cluster` for an agent, `/b/<name>` for OCP).
pub fn home_of(spec: &BackendSpec) -> String {
    let base = Base::named(&spec.name);
    match spec.kind {
        BackendKind::Obshell => ObshellLinks::new(base).home(),
        BackendKind::Ocp => OcpLinks::new(&base.root()).home(),
    }
}

/// What the bar of backend `current` shows in its switcher: the connected backends, followed
/// as they connect and lock.
pub fn switcher_for(current: String) -> Switcher {
    let backends = expect_backends();
    let slots = backends.slots().to_vec();
    Switcher {
        current,
        several: slots.len() > 1,
        connected: Signal::derive(move || {
            slots
                .iter()
                .filter(|s| s.link.with(Option::is_some))
                .map(|s| (s.spec.name.clone(), home_of(&s.spec)))
                .collect()
        }),
    }
}
