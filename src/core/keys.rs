//! What pages register for the shell's keyboard layer, in the layer below both: the pollers a
//! page runs (refreshed now by `r`), the one its refresh bar shows (paused by `p`), and the polite
//! live region pages speak through ([`say`]). The shell's `KeyboardLayer` provides [`Keys`] and
//! reads it; pages only register into it, so no page reaches up to the shell.

use std::time::Duration;

use leptos::prelude::*;

use crate::core::poll::Poller;

/// What pages register into the layer.
#[derive(Debug, Clone, Copy)]
pub struct Keys {
    /// Every running poller (for `r`), with an id to remove it by.
    pub pollers: RwSignal<Vec<(u64, Poller)>>,
    /// The pollers whose refresh bar is on the page (for `p`).
    pub paused_by_bar: RwSignal<Vec<(u64, Poller)>>,
    next: StoredValue<u64>,
    /// The polite live region's text.
    pub(crate) spoken: RwSignal<String>,
    pending: StoredValue<Vec<String>>,
    /// The shortcuts dialog asked open (by `?` or its button).
    pub(crate) help: RwSignal<u32>,
}

impl Keys {
    pub fn new() -> Self {
        Self {
            pollers: RwSignal::new(Vec::new()),
            paused_by_bar: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
            spoken: RwSignal::new(String::new()),
            pending: StoredValue::new(Vec::new()),
            help: RwSignal::new(0),
        }
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
    /// The layer, for code that runs outside any component (a spawned task).
    pub static LAYER: std::cell::Cell<Option<Keys>> = const { std::cell::Cell::new(None) };
}

fn keys() -> Option<Keys> {
    use_context::<Keys>().or_else(|| LAYER.with(std::cell::Cell::get))
}

/// A poller of the page, refreshed now by `r`; removed when its owner unmounts.
pub fn register_poller(poller: Poller) {
    if let Some(k) = keys() {
        k.add(k.pollers, poller);
    }
}

/// The poller a refresh bar shows, paused and resumed by `p`.
pub fn register_pausable(poller: Poller) {
    if let Some(k) = keys() {
        k.add(k.paused_by_bar, poller);
    }
}

/// Says `text` politely (a screen reader reads it when idle). Texts said within a moment of each
/// other are read as one.
pub fn say(text: String) {
    if let Some(k) = keys() {
        say_with(k, text);
    }
}

pub fn say_with(k: Keys, text: String) {
    let first = k.pending.try_update_value(|p| {
        p.push(text);
        p.len() == 1
    });
    if first != Some(true) {
        return;
    }
    set_timeout(
        move || {
            let all = k
                .pending
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            if all.is_empty() {
                return;
            }
            // Emptied first, so the same words twice are read twice.
            k.spoken.set(String::new());
            request_animation_frame(move || k.spoken.set(all.join(". ")));
        },
        Duration::from_millis(250),
    );
}
