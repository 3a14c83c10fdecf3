//! Where focus goes on its own: to each new page's heading once it is drawn, to an inline
//! confirmation when it opens and back to the button that opened it when it closes, and Esc
//! on an inline confirmation pressing its "keep it" button.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::shell::backends::Backends;

pub(super) fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

pub(super) fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// A control that takes typing (where moving focus away would send keys elsewhere).
fn is_field(el: &web_sys::Element) -> bool {
    el.matches("input, textarea, select, [contenteditable]")
        .unwrap_or(false)
}

pub(super) fn focus(el: &web_sys::Element) {
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// The inline confirmations on the page (the native `<dialog>` handles its own Esc).
fn inline_dialogs() -> Vec<web_sys::Element> {
    let Some(list) = document().and_then(|d| d.query_selector_all("[role=dialog]").ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// Esc on an inline confirmation: its "keep it" button, which is marked `data-dismiss` or is the
/// confirmation's last secondary button. The one holding focus first, else the newest.
pub(super) fn dismiss_inline() -> bool {
    let dialogs = inline_dialogs();
    let active = document().and_then(|d| d.active_element());
    let chosen = dialogs
        .iter()
        .find(|d| {
            active
                .as_ref()
                .is_some_and(|a| d.contains(Some(a.as_ref())))
        })
        .or_else(|| dialogs.last());
    let Some(dialog) = chosen else { return false };
    let button = dialog
        .query_selector("[data-dismiss]")
        .ok()
        .flatten()
        .or_else(|| {
            let all = dialog.query_selector_all("button.secondary").ok()?;
            all.item(all.length().checked_sub(1)?)?.dyn_into().ok()
        });
    match button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(b) => {
            b.click();
            true
        }
        None => false,
    }
}

/// The page's main heading, or on a connect form its first field (the agent's password).
fn landing() -> Option<web_sys::Element> {
    let d = document()?;
    if let Some(p) = d.query_selector("main .connect form input").ok().flatten() {
        return Some(p);
    }
    let h = d.query_selector("main h1").ok().flatten()?;
    if !h.has_attribute("tabindex") {
        let _ = h.set_attribute("tabindex", "-1");
    }
    Some(h)
}

/// Moves focus to the new page's heading once it is drawn (a page may load first), until the
/// person presses a key or a pointer (`touched` counts those), or focus is put on another control
/// meanwhile (a click, a password manager, a test's `fill`: typing there must not be moved
/// elsewhere). A newer page change replaces an older one.
fn focus_landing(generation: StoredValue<u64>, touched: StoredValue<u64>) {
    let mine = generation.get_value() + 1;
    generation.set_value(mine);
    let seen = touched.get_value();
    let before = document().and_then(|d| d.active_element());
    fn attempt(
        generation: StoredValue<u64>,
        mine: u64,
        touched: StoredValue<u64>,
        seen: u64,
        before: Option<web_sys::Element>,
        mut ours: Option<web_sys::Element>,
        left: u32,
    ) {
        if generation.try_get_value() != Some(mine) || touched.try_get_value() != Some(seen) {
            return;
        }
        let active = document().and_then(|d| d.active_element());
        // Focus put by someone else (since the page changed, or on a field of the new page
        // before this noticed the change): it stays where it was put.
        let moved = active.as_ref().is_some_and(|a| {
            Some(a) != ours.as_ref()
                && !a.tag_name().eq_ignore_ascii_case("body")
                && (Some(a) != before.as_ref() || is_field(a))
        });
        if moved {
            return;
        }
        // Found: still watched a moment, in case that was the old page's heading on its way
        // out (focus then falls back to the body, and the new one is found).
        let found = landing();
        if let Some(target) = &found {
            if active.as_ref() != Some(target) {
                focus(target);
            }
            ours = Some(target.clone());
        }
        let left = if found.is_some() { left.min(15) } else { left };
        if left > 0 {
            set_timeout(
                move || attempt(generation, mine, touched, seen, before, ours, left - 1),
                Duration::from_millis(100),
            );
        }
    }
    request_animation_frame(move || attempt(generation, mine, touched, seen, before, None, 50));
}

/// A new page (path) or a backend connected or locked: focus its heading, until the person
/// pressed a key or a pointer (`touched`).
pub(super) fn land_on_new_pages(backends: Backends, touched: StoredValue<u64>) {
    let generation = StoredValue::new(0u64);
    let pointer = window_event_listener(leptos::ev::pointerdown, move |_| {
        touched.update_value(|n| *n += 1);
    });
    on_cleanup(move || pointer.remove());
    Effect::new(move |_| {
        for s in backends.slots() {
            s.link.with(Option::is_some);
        }
        focus_landing(generation, touched);
    });
    // The path, watched from the window's own location (the router's memo was seen to miss a
    // link followed after query-only navigations).
    let last_path = StoredValue::new(current_path());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let now = current_path();
            if last_path.with_value(|p| *p != now) {
                last_path.set_value(now);
                focus_landing(generation, touched);
            }
        },
        Duration::from_millis(100),
    ) {
        on_cleanup(move || handle.clear());
    }
}

/// The button that opened an inline confirmation gets focus back when it closes.
pub(super) fn return_focus_to_openers() {
    let opener = StoredValue::new_local(None::<web_sys::Element>);
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
        let Some(el) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(button) = el.closest("button, [role=button]").ok().flatten() else {
            return;
        };
        if button.closest("[role=dialog]").ok().flatten().is_some() {
            // A button of a confirmation: once it is gone, back to its opener.
            request_animation_frame(move || {
                let lost = document()
                    .and_then(|d| d.active_element())
                    .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body") || !a.is_connected());
                if lost {
                    if let Some(o) = opener.get_value().filter(|o| o.is_connected()) {
                        focus(&o);
                    }
                }
            });
        } else if button.closest("dialog").ok().flatten().is_none() {
            opener.set_value(Some(button.clone()));
            let before = inline_dialogs();
            // A confirmation it opened gets focus, so that a screen reader reads it.
            request_animation_frame(move || {
                if let Some(new) = inline_dialogs().into_iter().find(|d| !before.contains(d)) {
                    if !new.has_attribute("tabindex") {
                        let _ = new.set_attribute("tabindex", "-1");
                    }
                    focus(&new);
                }
            });
        }
    });
    if let Some(d) = document() {
        let _ = d.add_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
    }
    let click_listener = StoredValue::new_local(Some(on_click));
    on_cleanup(move || {
        if let (Some(Some(c)), Some(d)) =
            (click_listener.try_update_value(Option::take), document())
        {
            let _ = d.remove_event_listener_with_callback_and_bool(
                "click",
                c.as_ref().unchecked_ref(),
                true,
            );
        }
    });
}
