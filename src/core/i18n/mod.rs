//! Two languages, 简体中文 and English, chosen from the browser's languages or by the person (the
//! choice is kept in `localStorage`, with the theme: see [`crate::shell::prefs`]).
//!
//! Every text the console shows lives in a [`texts!`](crate::texts) table beside the code that
//! shows it, each key with its English and its Chinese text in one entry, so a key missing in
//! either language does not compile. Texts with values use numbered holes (`{0}`, `{1}`), filled
//! by [`fill`]; a test of each table checks that both languages use the same holes.
//!
//! Why not `leptos_i18n`: it generates a typed accessor per key from JSON files through a
//! build script and proc macros, and pulls ICU plural data into the bundle. The console has two
//! languages and a few hundred short texts: a `macro_rules!` table of `&'static str` pairs costs
//! nothing at run time but one branch, keeps the bundle small, and still refuses a missing key.

pub mod format;

use std::cell::OnceCell;

use leptos::prelude::*;

/// A language of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag: `<html lang>`, `Accept-Language` (one tag: the agent parses a single
    /// tag and falls back to English for a list) and `Intl` formats.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::Zh => "zh-CN",
        }
    }

    /// The same language in the agent's message catalog (`obshell_protocol::obshell::catalog`), so the
    /// console says an agent rule in the words the agent would use.
    pub fn catalog(self) -> obshell_protocol::obshell::lang::Lang {
        match self {
            Self::En => obshell_protocol::obshell::lang::Lang::En,
            Self::Zh => obshell_protocol::obshell::lang::Lang::Zh,
        }
    }

    /// The language's own name, as the switch lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Zh => "简体中文",
        }
    }

    /// The console language for a browser language tag (`zh`, `zh-CN`, `zh-Hans-CN`, `en-GB`…).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The first of the browser's languages the console speaks; English otherwise.
    pub fn from_browser(tags: &[String]) -> Self {
        tags.iter()
            .find_map(|t| Self::from_tag(t))
            .unwrap_or_default()
    }
}

thread_local! {
    static LANG: OnceCell<ArcRwSignal<Lang>> = const { OnceCell::new() };
}

fn signal() -> ArcRwSignal<Lang> {
    LANG.with(|cell| cell.get_or_init(|| ArcRwSignal::new(Lang::En)).clone())
}

/// The current language; tracked, so a closure that reads a text follows a switch.
pub fn lang() -> Lang {
    signal().get()
}

/// The current language, without subscribing (requests, one-off texts).
pub fn lang_untracked() -> Lang {
    signal().get_untracked()
}

/// Switches the language: every shown text follows. (The person's choice is kept, and
/// `<html lang>` set, by the preferences that call this: `crate::shell::prefs`.)
pub fn set_lang(lang: Lang) {
    signal().set(lang);
}

/// Fills the numbered holes `{0}` … `{9}` of `template` with `args`, in any order (Chinese often
/// puts them elsewhere than English). A hole without an argument stays as written.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)));
        match hole.and_then(|(i, close)| args.get(i).map(|a| (a, close))) {
            Some((arg, close)) => {
                use std::fmt::Write;
                let _ = write!(out, "{arg}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The numbered holes a text uses, sorted (for the tables' tests).
pub fn holes(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            if let Ok(i) = after[..close].parse::<usize>() {
                found.push(i);
            }
        }
        rest = after;
    }
    obshell_protocol::sort::natural(&mut found);
    found.dedup();
    found
}

/// Checks one table: both languages of each key non-empty (unless both are) and with the same
/// holes. Panics naming the key.
pub fn check_table(table: &str, entries: &[(&str, &str, &str)]) {
    for (key, en, zh) in entries {
        assert_eq!(
            en.trim().is_empty(),
            zh.trim().is_empty(),
            "{table}.{key}: one language is empty"
        );
        assert_eq!(
            holes(en),
            holes(zh),
            "{table}.{key}: the languages fill different holes ({en:?} / {zh:?})"
        );
    }
}

/// A table of texts in both languages. Each entry is `key: "English" => "中文",`; the table is a
/// module holding a `Texts` struct with one field per key, its two values `EN` and `ZH`, `t()`
/// for the current language (tracked) and `t_untracked()`, and a test of its holes.
///
/// ```ignore
/// crate::texts! {
///     /// The connect page.
///     pub mod tx {
///         title: "Connect" => "连接",
///         tenants: "{0} tenants" => "{0} 个租户",
///     }
/// }
/// view! { <h1>{move || tx::t().title}</h1> }
/// ```
#[macro_export]
macro_rules! texts {
    ($(#[$meta:meta])* $vis:vis mod $module:ident { $($(#[$kmeta:meta])* $key:ident : $en:literal => $zh:literal),* $(,)? }) => {
        $(#[$meta])*
        #[allow(dead_code)]
        $vis mod $module {
            /// The texts of this table in one language.
            #[derive(Debug)]
            pub struct Texts {
                $($(#[$kmeta])* pub $key: &'static str,)*
            }

            pub const EN: Texts = Texts { $($key: $en,)* };
            pub const ZH: Texts = Texts { $($key: $zh,)* };

            /// The texts in a given language.
            pub fn in_lang(lang: $crate::core::i18n::Lang) -> &'static Texts {
                match lang {
                    $crate::core::i18n::Lang::En => &EN,
                    $crate::core::i18n::Lang::Zh => &ZH,
                }
            }

            /// The texts in the current language; tracked (read it inside a closure).
            pub fn t() -> &'static Texts {
                in_lang($crate::core::i18n::lang())
            }

            /// The texts in the current language, untracked.
            pub fn t_untracked() -> &'static Texts {
                in_lang($crate::core::i18n::lang_untracked())
            }

            #[cfg(test)]
            #[test]
            fn both_languages_fill_the_same_holes() {
                $crate::core::i18n::check_table(
                    concat!(module_path!()),
                    &[$((stringify!($key), $en, $zh)),*],
                );
            }
        }
    };
}

crate::texts! {
    /// Words shared by many pages.
    pub mod common {
        loading: "Loading…" => "加载中…",
        not_found: "Page not found." => "页面不存在。",
        language: "Language" => "语言",
        theme: "Theme" => "主题",
        theme_system: "As the system" => "跟随系统",
        theme_light: "Light" => "浅色",
        theme_dark: "Dark" => "深色",
        preferences: "Console preferences" => "控制台偏好",
        cancel: "Cancel" => "取消",
        close: "Close" => "关闭",
        yes: "yes" => "是",
        no: "no" => "否",
        none: "none" => "无",
        dash: "–" => "–",
    }
}

/// A translated explanation of a state word the agent or OCP writes (shown beside the word,
/// which stays as the backend wrote it). `None` when the console has nothing to add in this
/// language (English: the word is the explanation).
pub fn gloss(word: &str) -> Option<&'static str> {
    gloss_in(lang(), word)
}

/// A state word with its gloss when there is one (`RUNNING（运行中）`), else the word alone.
pub fn glossed(word: &str) -> String {
    match gloss(word) {
        Some(g) => format!("{word}（{g}）"),
        None => word.to_owned(),
    }
}

/// [`gloss`] in a given language.
pub fn gloss_in(lang: Lang, word: &str) -> Option<&'static str> {
    if lang == Lang::En {
        return None;
    }
    Some(match word {
        // Tasks (agent DAGs and nodes, OCP tasks and subtasks).
        "READY" => "就绪，等待执行",
        "PENDING" => "等待中",
        "RUNNING" => "运行中",
        "FAILED" => "失败",
        "SUCCEED" | "SUCCESSFUL" => "成功",
        "CANCELED" | "CANCELLED" => "已取消",
        "CANCELING" => "取消中",
        "ROLLBACK" => "回滚中",
        "ROLLBACKED" | "ROLLBACK_SUCCEED" | "ROLLBACKED_SUCCESSFUL" => "已回滚",
        "ROLLBACK_FAILED" => "回滚失败",
        "SKIPPED" => "已跳过",
        "PASSED" | "PASS" => "已跳过（标记为通过）",
        "TIMEOUT" => "超时",
        "ABANDONED" => "已放弃",
        "RETRY" => "重试中",
        "PREPARING" => "准备中",
        // Tenants, zones, servers.
        "NORMAL" => "正常",
        "CREATING" => "创建中",
        "DROPPING" => "删除中",
        "RESTORE" => "恢复中",
        "MODIFYING" => "修改中",
        "LOCKED" => "已锁定",
        "ACTIVE" => "活跃",
        "INACTIVE" => "不活跃",
        "DELETING" => "删除中",
        "STOPPED" => "已停止",
        "TAKEOVER" => "接管中",
        "UNAVAILABLE" => "不可用",
        "AVAILABLE" => "可用",
        // Replica types.
        "FULL" => "全能型副本",
        "READONLY" => "只读型副本",
        "LOGONLY" => "日志型副本",
        // Agent identities.
        "SINGLE" => "单机（未加入集群）",
        "CLUSTER AGENT" => "集群 Agent",
        "MASTER" => "主 Agent",
        "FOLLOWER" => "从 Agent",
        "TAKE OVER MASTER" => "接管中的主 Agent",
        "TAKE OVER FOLLOWER" => "接管中的从 Agent",
        "SCALING OUT" => "扩容中",
        "SCALING IN" => "缩容中",
        "UNIDENTIFIED" => "未识别",
        _ => return None,
    })
}

/// A state word as the backend wrote it, with its translated explanation beside it when the
/// language has one (`RUNNING（运行中）`).
#[component]
pub fn StateWord(
    /// The word as the agent or OCP wrote it.
    #[prop(into)]
    word: String,
) -> impl IntoView {
    let explained = word.clone();
    view! {
        <span class="state-word">{word}</span>
        {move || gloss(&explained).map(|g| view! { <span class="gloss">{format!("（{g}）")}</span> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_languages_pick_the_first_spoken() {
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(Lang::from_browser(&tags(&["zh-CN", "en-US"])), Lang::Zh);
        assert_eq!(
            Lang::from_browser(&tags(&["fr-FR", "zh-Hans-CN"])),
            Lang::Zh
        );
        assert_eq!(Lang::from_browser(&tags(&["en-GB", "zh"])), Lang::En);
        assert_eq!(Lang::from_browser(&tags(&["de", "fr"])), Lang::En);
        assert_eq!(Lang::from_browser(&[]), Lang::En);
    }

    #[test]
    fn holes_are_filled_in_any_order() {
        assert_eq!(
            fill("{1} 的 {0}", &[&"zone2", &"租户 t1"]),
            "租户 t1 的 zone2"
        );
        assert_eq!(fill("{0} of {1}", &[&3, &5]), "3 of 5");
        assert_eq!(fill("{x} {0} {", &[&1]), "{x} 1 {");
        assert_eq!(fill("{2}", &[&1]), "{2}");
        assert_eq!(holes("{1} a {0} {1} {x}"), vec![0, 1]);
    }

    #[test]
    #[should_panic(expected = "different holes")]
    fn a_table_with_a_lost_hole_fails() {
        check_table("t", &[("k", "{0} tenants", "租户")]);
    }

    #[test]
    fn every_state_the_console_shows_has_a_chinese_gloss() {
        for word in [
            "READY",
            "RUNNING",
            "FAILED",
            "SUCCEED",
            "PENDING",
            "ROLLBACK",
            "NORMAL",
            "ACTIVE",
            "FULL",
            "READONLY",
            "MASTER",
            "FOLLOWER",
            "SINGLE",
            "CLUSTER AGENT",
            "SUCCESSFUL",
        ] {
            assert!(gloss_in(Lang::Zh, word).is_some(), "{word}");
            assert_eq!(gloss_in(Lang::En, word), None, "{word}");
        }
    }
}
