//! The keyboard layer, mounted once under the router ([`KeyboardLayer`]): page shortcuts, Esc
//! for the inline confirmations, focus on each new page's heading, and a polite live region
//! pages speak through (`crate::core::keys::say`).
//!
//! Shortcuts never fire while focus is in a text field, a select or a text area, nor with Ctrl,
//! Alt or Meta held, so they never take a key from typing or from the browser. `g` then `c`,
//! `t` or `k` goes to the cluster, tenants or tasks; `/` focuses the page's search field; `r`
//! refreshes now; `p` pauses or resumes the page's refresh; `?` lists them all.
//!
//! Pages reach the layer through the [`Keys`] context (`crate::core::keys`): every poller
//! registers itself for `r`, the refresh bar registers the page's poller for `p`.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::core::backend::BackendKind;
use crate::core::keys::{say_with, Keys};
use crate::core::links::Base;
use crate::core::poll::registry::Registry;
use crate::obshell::links::AgentLinks;
use crate::ocp::OcpLinks;
use crate::shell::backends::{expect_backends, Backends};

crate::texts! {
    /// What the keyboard layer says.
    pub(crate) mod tx {
        refreshing: "Refreshing now" => "正在刷新",
        refresh_paused_hint: "Refresh is paused: press p to resume" => "刷新已暂停：按 p 继续",
        paused: "Refresh paused" => "已暂停刷新",
        resumed: "Refresh resumed" => "已继续刷新",
        no_refresh: "This page has no refresh to pause" => "此页面没有可暂停的刷新",
        no_tenants: "This backend lists tenants under each cluster" => "此后端的租户列在各集群之下",
        no_search: "This page has no search field" => "此页面没有搜索框",
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Focus is somewhere a key types into (or chooses with).
fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    if tag == "textarea" || tag == "select" {
        return true;
    }
    if tag == "input" {
        let kind = el
            .get_attribute("type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        return !matches!(
            kind.as_str(),
            "button" | "submit" | "reset" | "checkbox" | "radio"
        );
    }
    el.dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(web_sys::HtmlElement::is_content_editable)
}

/// A control that takes typing (where moving focus away would send keys elsewhere).
fn is_field(el: &web_sys::Element) -> bool {
    el.matches("input, textarea, select, [contenteditable]")
        .unwrap_or(false)
}

fn focus(el: &web_sys::Element) {
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
fn dismiss_inline() -> bool {
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

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The backend the URL names and how its pages are reached.
fn base_of(backends: &Backends, path: &str) -> Option<(Base, BackendKind)> {
    let named = path
        .strip_prefix("/b/")
        .and_then(|rest| rest.split('/').next())
        .filter(|n| !n.is_empty());
    match named {
        Some(name) => {
            let name = js_sys::decode_uri_component(name)
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_else(|| name.to_owned());
            let slot = backends.find(&name)?;
            Some((Base::named(&name), slot.spec.kind))
        }
        None => {
            let slot = backends.first()?;
            Some((Base::unprefixed(&slot.spec.name), slot.spec.kind))
        }
    }
}

/// Where `g` then `second` goes from `path`, or what to say instead.
fn goto(backends: &Backends, path: &str, second: &str) -> Option<Result<String, &'static str>> {
    let (base, kind) = base_of(backends, path)?;
    let t = tx::t_untracked();
    let agent = AgentLinks::new(base.clone());
    let ocp = OcpLinks::new(&base.root());
    Some(match (second, kind) {
        ("c", BackendKind::Obshell) => Ok(agent.cluster()),
        ("c", BackendKind::Ocp) => Ok(ocp.clusters()),
        ("t", BackendKind::Obshell) => Ok(agent.tenants(&[])),
        ("t", BackendKind::Ocp) => Err(t.no_tenants),
        ("k", BackendKind::Obshell) => Ok(agent.tasks(&[])),
        ("k", BackendKind::Ocp) => Ok(ocp.tasks(None)),
        _ => return None,
    })
}

/// Mounted once, under the router.
#[component]
pub fn KeyboardLayer(children: Children) -> impl IntoView {
    let k = Keys::provide();
    let pollers = Registry::provide();
    let navigate = use_navigate();
    let backends = expect_backends();
    let keyed = backends.clone();

    // A new page (path) or a backend connected or locked: focus its heading.
    let generation = StoredValue::new(0u64);
    let touched = StoredValue::new(0u64);
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

    // The button that opened an inline confirmation gets focus back when it closes.
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

    // `g` waits this long for its second key.
    let g_at = StoredValue::new(None::<f64>);
    let keydown = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        touched.update_value(|n| *n += 1);
        if e.default_prevented() || e.is_composing() {
            return;
        }
        let key = e.key();
        if key == "Escape" {
            if document()
                .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
                .is_none()
                && dismiss_inline()
            {
                e.prevent_default();
            }
            return;
        }
        if e.ctrl_key() || e.alt_key() || e.meta_key() || typing_in(e.target()) {
            return;
        }
        if document()
            .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
            .is_some()
        {
            return;
        }
        let now = js_sys::Date::now();
        let after_g = g_at.get_value().is_some_and(|at| now - at < 1500.0);
        g_at.set_value(None);
        if after_g {
            if let Some(to) = goto(&keyed, &current_path(), &key) {
                e.prevent_default();
                match to {
                    Ok(url) => navigate(&url, Default::default()),
                    Err(why) => say_with(k, why.to_owned()),
                }
                return;
            }
        }
        let t = tx::t_untracked();
        match key.as_str() {
            "?" => {
                e.prevent_default();
                k.help.update(|n| *n += 1);
            }
            "g" => g_at.set_value(Some(now)),
            "/" => {
                e.prevent_default();
                let field = document().and_then(|d| {
                    d.query_selector("main input[type=search], main [data-search]")
                        .ok()
                        .flatten()
                });
                match field {
                    Some(f) => focus(&f),
                    None => say_with(k, t.no_search.to_owned()),
                }
            }
            "r" => {
                e.prevent_default();
                let all = pollers.pollers.get_untracked();
                let paused = all.iter().any(|(_, p)| p.paused.get_untracked());
                for (_, p) in &all {
                    p.kick();
                }
                let said = if paused {
                    t.refresh_paused_hint
                } else {
                    t.refreshing
                };
                say_with(k, said.to_owned());
            }
            "p" => {
                e.prevent_default();
                let bars = pollers.paused_by_bar.get_untracked();
                let Some((_, first)) = bars.first() else {
                    say_with(k, t.no_refresh.to_owned());
                    return;
                };
                let pause = !first.paused.get_untracked();
                for (_, p) in &bars {
                    if pause {
                        p.pause();
                    } else {
                        p.resume();
                    }
                }
                let said = if pause { t.paused } else { t.resumed };
                say_with(k, said.to_owned());
            }
            _ => {}
        }
    });
    on_cleanup(move || keydown.remove());

    view! {
        {children()}
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true"
            aria-label=move || crate::shell::shortcuts::tx::t().announcements
            data-testid="announcements">{move || k.spoken.get()}</div>
        <crate::shell::shortcuts::Shortcuts/>
    }
}
