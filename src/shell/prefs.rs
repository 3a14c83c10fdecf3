//! The person's preferences: the language and
//! the theme, in one `localStorage` entry (change plans keep their own: `crate::obshell::pages`).
//! Never a password, a session or a key.

use std::cell::OnceCell;

use leptos::prelude::*;

use crate::core::i18n::Lang;

/// The `localStorage` key of the preferences.
pub const STORAGE_KEY: &str = "obshell-console.prefs";

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// What is stored: a language only once the person chose one (until then the browser's
/// languages decide, on every visit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub lang: Option<Lang>,
    pub theme: Theme,
}

impl Prefs {
    /// `{"lang":"zh-CN","theme":"dark"}`; unknown or malformed parts are ignored.
    pub fn parse(text: &str) -> Self {
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        Self {
            lang: value
                .get("lang")
                .and_then(|v| v.as_str())
                .and_then(Lang::from_tag),
            theme: value
                .get("theme")
                .and_then(|v| v.as_str())
                .and_then(Theme::parse)
                .unwrap_or_default(),
        }
    }

    pub fn to_json(self) -> String {
        let mut map = serde_json::Map::new();
        if let Some(lang) = self.lang {
            map.insert("lang".into(), lang.tag().into());
        }
        map.insert("theme".into(), self.theme.as_str().into());
        serde_json::Value::Object(map).to_string()
    }
}

thread_local! {
    static THEME: OnceCell<ArcRwSignal<Theme>> = const { OnceCell::new() };
    static CHOSEN_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

fn theme_signal() -> ArcRwSignal<Theme> {
    THEME.with(|cell| {
        cell.get_or_init(|| ArcRwSignal::new(stored().theme))
            .clone()
    })
}

/// The current theme (tracked).
pub fn theme() -> Theme {
    theme_signal().get()
}

/// Switches the theme and keeps the choice.
pub fn set_theme(theme: Theme) {
    theme_signal().set(theme);
    apply_theme(theme);
    save();
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored() -> Prefs {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
            return Prefs::parse(&text);
        }
    }
    Prefs::default()
}

/// The language at start: the one chosen earlier, else the first of the browser's languages the
/// console speaks, else English.
pub fn initial_lang() -> Lang {
    let prefs = stored();
    CHOSEN_LANG.with(|c| c.set(prefs.lang));
    prefs
        .lang
        .unwrap_or_else(|| Lang::from_browser(&browser_languages()))
}

fn browser_languages() -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(nav) = web_sys::window().map(|w| w.navigator()) {
            let list: Vec<String> = nav
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect();
            if !list.is_empty() {
                return list;
            }
            if let Some(one) = nav.language() {
                return vec![one];
            }
        }
    }
    Vec::new()
}

/// Records that the person chose `lang` (kept from now on, over the browser's languages).
pub fn choose_lang(lang: Lang) {
    CHOSEN_LANG.with(|c| c.set(Some(lang)));
}

/// Keeps the current choices: a language the person switched to (none until then), and the
/// theme.
pub fn save() {
    let prefs = Prefs {
        lang: CHOSEN_LANG.with(|c| c.get()),
        theme: theme_signal().get_untracked(),
    };
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &prefs.to_json());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = prefs;
}

/// `<html lang="…">`, so screen readers and fonts follow the language.
pub fn apply_lang(lang: Lang) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = lang;
}

/// `<html data-theme="light|dark">`, or none to follow the system.
pub fn apply_theme(theme: Theme) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = theme;
}

/// Switches the language, and keeps the choice for the next visit.
pub fn switch_lang(lang: Lang) {
    crate::core::i18n::set_lang(lang);
    choose_lang(lang);
    apply_lang(lang);
    save();
}

/// Takes the stored (or browser) language, and applies it and the stored theme to the document
/// at start, before any text is shown.
pub fn apply_at_start() {
    crate::core::i18n::set_lang(initial_lang());
    apply_lang(crate::core::i18n::lang_untracked());
    apply_theme(theme_signal().get_untracked());
}

/// The language and theme switches, on every page (the connect page too).
#[component]
pub fn PrefsBar() -> impl IntoView {
    use crate::core::i18n::common;
    let on_lang = move |ev: leptos::ev::Event| {
        if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
            switch_lang(l);
        }
    };
    let on_theme = move |ev: leptos::ev::Event| {
        if let Some(t) = Theme::parse(&event_target_value(&ev)) {
            set_theme(t);
        }
    };
    let theme_name = |t: Theme| match t {
        Theme::System => common::t().theme_system,
        Theme::Light => common::t().theme_light,
        Theme::Dark => common::t().theme_dark,
    };
    view! {
        <aside class="prefs" aria-label=move || common::t().preferences>
            <label>
                <span>{move || common::t().language}</span>
                <select on:change=on_lang>
                    {Lang::ALL.into_iter().map(|l| view! {
                        <option value=l.tag() lang=l.tag() selected=move || crate::core::i18n::lang() == l>{l.native_name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || common::t().theme}</span>
                <select on:change=on_theme>
                    {Theme::ALL.into_iter().map(|t| view! {
                        <option value=t.as_str() selected=move || theme() == t>{move || theme_name(t)}</option>
                    }).collect_view()}
                </select>
            </label>
            <crate::shell::inspector::InspectorButton/>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip_and_ignore_junk() {
        let p = Prefs {
            lang: Some(Lang::Zh),
            theme: Theme::Dark,
        };
        assert_eq!(Prefs::parse(&p.to_json()), p);
        assert_eq!(Prefs::parse("not json"), Prefs::default());
        assert_eq!(
            Prefs::parse(r#"{"lang":"fr","theme":"pink","password":"x"}"#),
            Prefs::default()
        );
        assert!(!Prefs::default().to_json().contains("lang"));
    }
}
