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

mod focus;
mod goto;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::core::keys::{say_with, Keys};
use crate::core::poll::registry::Registry;
use crate::shell::backends::expect_backends;
use focus::{
    current_path, dismiss_inline, document, focus, land_on_new_pages, return_focus_to_openers,
};
use goto::goto;

crate::texts! {
    /// What the keyboard layer says.
    pub(crate) mod tx {
        refreshing: "Refreshing now" => "正在刷新",
        refresh_paused_hint: "Refresh is paused: press p to resume" => "刷新已暂停：按 p 继续",
        paused: "Refresh paused" => "已暂停刷新",
        resumed: "Refresh resumed" => "已继续刷新",
        no_refresh: "This page has no refresh to pause" => "此页面没有可暂停的刷新",
        no_search: "This page has no search field" => "此页面没有搜索框",
    }
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

/// Mounted once, under the router.
#[component]
pub fn KeyboardLayer(children: Children) -> impl IntoView {
    let k = Keys::provide();
    let pollers = Registry::provide();
    let navigate = use_navigate();
    let backends = expect_backends();
    let keyed = backends.clone();

    // A new page (path) or a backend connected or locked: focus its heading.
    let touched = StoredValue::new(0u64);
    land_on_new_pages(backends, touched);
    return_focus_to_openers();

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
