//! The page's pollers, for the shell's keyboard layer: every running poller (refreshed now by
//! `r`) and the one a refresh bar shows (paused and resumed by `p`). The layer provides the
//! [`Registry`] and reads it; a poller registers itself, so no page reaches up to the shell.

use leptos::prelude::*;

use super::Poller;

/// The pollers registered by the pages on screen.
#[derive(Debug, Clone, Copy)]
pub struct Registry {
    /// Every running poller (for `r`), with an id to remove it by.
    pub pollers: RwSignal<Vec<(u64, Poller)>>,
    /// The pollers whose refresh bar is on the page (for `p`).
    pub paused_by_bar: RwSignal<Vec<(u64, Poller)>>,
    next: StoredValue<u64>,
}

impl Registry {
    /// A registry, provided to the pages below and kept for code outside any component.
    pub fn provide() -> Self {
        let r = Self {
            pollers: RwSignal::new(Vec::new()),
            paused_by_bar: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        provide_context(r);
        REGISTRY.with(|l| l.set(Some(r)));
        on_cleanup(|| REGISTRY.with(|l| l.set(None)));
        r
    }

    fn add(&self, list: RwSignal<Vec<(u64, Poller)>>, poller: Poller) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        list.update(|l| l.push((id, poller)));
        on_cleanup(move || {
            let _ = list.try_update(|l| l.retain(|(i, _)| *i != id));
        });
    }
}

thread_local! {
    /// The registry, for code that runs outside any component (a spawned task).
    static REGISTRY: std::cell::Cell<Option<Registry>> = const { std::cell::Cell::new(None) };
}

fn registry() -> Option<Registry> {
    use_context::<Registry>().or_else(|| REGISTRY.with(std::cell::Cell::get))
}

/// A poller of the page, refreshed now by `r`; removed when its owner unmounts.
pub fn register_poller(poller: Poller) {
    if let Some(r) = registry() {
        r.add(r.pollers, poller);
    }
}

/// The poller a refresh bar shows, paused and resumed by `p`.
pub fn register_pausable(poller: Poller) {
    if let Some(r) = registry() {
        r.add(r.paused_by_bar, poller);
    }
}
