//! What the shell's keyboard layer shares with the pages below it: the polite live region pages
//! speak through ([`say`]) and the shortcuts dialog's trigger. The layer provides [`Keys`] and
//! renders them; pages only speak into it, so no page reaches up to the shell.

use std::time::Duration;

use leptos::prelude::*;

/// The live region and the shortcuts dialog.
#[derive(Debug, Clone, Copy)]
pub struct Keys {
    /// The polite live region's text.
    pub spoken: RwSignal<String>,
    pending: StoredValue<Vec<String>>,
    /// The shortcuts dialog asked open (by `?` or its button).
    pub help: RwSignal<u32>,
}

impl Keys {
    /// The layer's, provided to the pages below and kept for code outside any component.
    pub fn provide() -> Self {
        let k = Self {
            spoken: RwSignal::new(String::new()),
            pending: StoredValue::new(Vec::new()),
            help: RwSignal::new(0),
        };
        provide_context(k);
        LAYER.with(|l| l.set(Some(k)));
        on_cleanup(|| LAYER.with(|l| l.set(None)));
        k
    }
}

thread_local! {
    /// The layer, for code that runs outside any component (a spawned task).
    static LAYER: std::cell::Cell<Option<Keys>> = const { std::cell::Cell::new(None) };
}

fn keys() -> Option<Keys> {
    use_context::<Keys>().or_else(|| LAYER.with(std::cell::Cell::get))
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
