//! The backends this deployment offers, from a `console.json` served beside `index.html`:
//! several OBShell agents (each behind its own path prefix of the same nginx) and OCP. Without
//! the file the console drives the one agent that serves it, as it always did.

use serde_json::Value;

/// What speaks behind a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Obshell,
    Ocp,
}

impl BackendKind {
    /// As written in `console.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Obshell => "obshell",
            Self::Ocp => "ocp",
        }
    }

    /// As shown to a person (tracked: read it in a closure).
    pub fn label(self) -> &'static str {
        match self {
            Self::Obshell => tx::t().kind_obshell,
            Self::Ocp => "OCP",
        }
    }
}

/// One backend: its name (in URLs, `/b/<name>/…`), its kind, and the path prefix nginx
/// forwards to it (`""`: same origin, `/agents/east`: `/agents/east/api/v1/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendSpec {
    pub name: String,
    pub kind: BackendKind,
    pub prefix: String,
}

impl BackendSpec {
    /// The path the browser sends this backend's calls to (nginx strips the prefix).
    pub fn proxied_path(&self) -> String {
        match self.kind {
            BackendKind::Obshell => format!("{}/api/v1/", self.prefix),
            BackendKind::Ocp => format!("{}/api/v2/", self.prefix),
        }
    }

    /// The agent that serves the page, when there is no `console.json`.
    pub fn same_origin_agent() -> Self {
        Self {
            name: "agent".to_owned(),
            kind: BackendKind::Obshell,
            prefix: String::new(),
        }
    }
}

crate::texts! {
    /// Backend kinds and the refusals of `console.json`.
    mod tx {
        kind_obshell: "OBShell agent" => "OBShell Agent",
        the_file: "the file" => "整个文件",
        field_syntax: "(syntax)" => "（语法）",
        field_entry: "(entry)" => "（条目）",
        field_http: "(HTTP)" => "（HTTP）",
        field_network: "(network)" => "（网络）",
        not_json: "not JSON: {0}" => "不是 JSON：{0}",
        not_list: "must be a list of backends" => "必须是后端列表",
        no_backend: "must name at least one backend" => "必须至少列出一个后端",
        not_object: "must be an object with name, kind and prefix" => "必须是含 name、kind 和 prefix 的对象",
        name_rule: "must be 1 to 32 of A-Z a-z 0-9 . _ - (not \".\" or \"..\"), unique" => "必须由 1 到 32 个 A-Z a-z 0-9 . _ - 组成（不能是 \".\" 或 \"..\"），且不可重复",
        kind_rule: "must be \"obshell\" or \"ocp\"" => "必须是 \"obshell\" 或 \"ocp\"",
        prefix_rule: "must be \"\" or start with \"/\", without a trailing \"/\", and without \"?\", \"#\", \"%\" or \"..\"" => "必须为 \"\" 或以 \"/\" 开头，不以 \"/\" 结尾，且不含 \"?\"、\"#\"、\"%\" 或 \"..\"",
        http_unread: "could not be read (HTTP {0})" => "无法读取（HTTP {0}）",
        network_unread: "could not be read: {0}" => "无法读取：{0}",
    }
}

/// Which part of `console.json` a refusal is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The whole file.
    File,
    /// `backends[index]`, with its name when it has a readable one.
    Item { index: usize, name: Option<String> },
}

/// The rule `console.json` broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    NotJson(String),
    NotList,
    NoBackend,
    NotObject,
    Name,
    Kind,
    Prefix,
    Http(u16),
    Network(String),
}

/// Why `console.json` was not accepted: which entry, which field, which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub entry: Entry,
    /// The field as written in the file, or `(syntax)`, `(entry)`, `(HTTP)`, `(network)`.
    pub field: &'static str,
    pub rule: Rule,
}

impl ConfigError {
    /// The refusal in `lang`: `console.json: backends[1] ("east"): prefix: must be …`.
    pub fn in_lang(&self, lang: crate::core::i18n::Lang) -> String {
        let t = tx::in_lang(lang);
        let entry = match &self.entry {
            Entry::File => t.the_file.to_owned(),
            Entry::Item {
                index,
                name: Some(n),
            } => format!("backends[{index}] (\"{n}\")"),
            Entry::Item { index, name: None } => format!("backends[{index}]"),
        };
        let field = match self.field {
            "(syntax)" => t.field_syntax,
            "(entry)" => t.field_entry,
            "(HTTP)" => t.field_http,
            "(network)" => t.field_network,
            other => other,
        };
        let fill = crate::core::i18n::fill;
        let rule = match &self.rule {
            Rule::NotJson(e) => fill(t.not_json, &[e]),
            Rule::NotList => t.not_list.to_owned(),
            Rule::NoBackend => t.no_backend.to_owned(),
            Rule::NotObject => t.not_object.to_owned(),
            Rule::Name => t.name_rule.to_owned(),
            Rule::Kind => t.kind_rule.to_owned(),
            Rule::Prefix => t.prefix_rule.to_owned(),
            Rule::Http(status) => fill(t.http_unread, &[status]),
            Rule::Network(d) => fill(t.network_unread, &[d]),
        };
        format!("console.json: {entry}: {field}: {rule}")
    }

    /// The refusal in the current language (tracked).
    pub fn shown(&self) -> String {
        self.in_lang(crate::core::i18n::lang())
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(crate::core::i18n::Lang::En))
    }
}

#[cfg(test)]
const NAME_RULE: &str = tx::EN.name_rule;
#[cfg(test)]
const KIND_RULE: &str = tx::EN.kind_rule;
#[cfg(test)]
const PREFIX_RULE: &str = tx::EN.prefix_rule;

/// A backend name: 1–32 of `[A-Za-z0-9._-]`, not `.` or `..` (a URL segment the browser would
/// resolve away).
pub fn valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && name != "."
        && name != ".."
}

/// A path prefix nginx can strip byte for byte: empty, or `/…` without a trailing slash, a
/// query, a fragment, a percent escape or a `..`.
pub fn valid_prefix(prefix: &str) -> bool {
    prefix.is_empty()
        || (prefix.starts_with('/')
            && !prefix.ends_with('/')
            && !prefix.contains(['?', '#', '%'])
            && !prefix.contains("..")
            && !prefix.contains(|c: char| c.is_whitespace() || c.is_control()))
}

/// Reads `console.json`. Every entry is checked; the first broken rule is reported.
pub fn parse(text: &str) -> Result<Vec<BackendSpec>, ConfigError> {
    let whole = |field, rule| ConfigError {
        entry: Entry::File,
        field,
        rule,
    };
    let value: Value =
        serde_json::from_str(text).map_err(|e| whole("(syntax)", Rule::NotJson(e.to_string())))?;
    let list = value
        .get("backends")
        .and_then(Value::as_array)
        .ok_or_else(|| whole("backends", Rule::NotList))?;
    if list.is_empty() {
        return Err(whole("backends", Rule::NoBackend));
    }
    let mut specs: Vec<BackendSpec> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let name = item.get("name").and_then(Value::as_str);
        let entry = Entry::Item {
            index: i,
            name: name.filter(|n| valid_name(n)).map(str::to_owned),
        };
        let err = |field, rule| ConfigError {
            entry: entry.clone(),
            field,
            rule,
        };
        if !item.is_object() {
            return Err(err("(entry)", Rule::NotObject));
        }
        let name = name
            .filter(|n| valid_name(n))
            .ok_or_else(|| err("name", Rule::Name))?;
        if specs.iter().any(|s| s.name == name) {
            return Err(err("name", Rule::Name));
        }
        let kind = match item.get("kind").and_then(Value::as_str) {
            Some("obshell") => BackendKind::Obshell,
            Some("ocp") => BackendKind::Ocp,
            _ => return Err(err("kind", Rule::Kind)),
        };
        let prefix = item
            .get("prefix")
            .and_then(Value::as_str)
            .filter(|p| valid_prefix(p))
            .ok_or_else(|| err("prefix", Rule::Prefix))?;
        specs.push(BackendSpec {
            name: name.to_owned(),
            kind,
            prefix: prefix.to_owned(),
        });
    }
    Ok(specs)
}

/// Where the console looks for its backends, beside `index.html`.
pub const CONSOLE_JSON: &str = "/console.json";

/// What the browser read at [`CONSOLE_JSON`]: `None` when there is no file (a 404, or the SPA
/// fallback's `index.html` of a server that routes every path to the console).
pub fn from_answer(status: u16, text: &str) -> Option<Result<Vec<BackendSpec>, ConfigError>> {
    if status == 404 || text.trim_start().starts_with('<') {
        return None;
    }
    if !(200..300).contains(&status) {
        return Some(Err(ConfigError {
            entry: Entry::File,
            field: "(HTTP)",
            rule: Rule::Http(status),
        }));
    }
    Some(parse(text))
}

/// Forgets the current backend's connection so that its form shows again (for a session or a
/// credential the backend no longer accepts); provided by the shell under each backend's view.
#[derive(Debug, Clone, Copy)]
pub struct Reconnect(pub leptos::prelude::Callback<()>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_example() {
        let specs = parse(
            r#"{"backends":[{"name":"demo","kind":"obshell","prefix":""},{"name":"east","kind":"obshell","prefix":"/agents/east"},{"name":"ocp","kind":"ocp","prefix":""}]}"#,
        )
        .expect("valid");
        assert_eq!(specs.len(), 3);
        assert_eq!(specs[1].name, "east");
        assert_eq!(specs[1].prefix, "/agents/east");
        assert_eq!(specs[2].kind, BackendKind::Ocp);
    }

    fn refusal(text: &str) -> String {
        parse(text).expect_err("refused").to_string()
    }

    #[test]
    fn names_the_entry_field_and_rule() {
        assert_eq!(
            refusal(
                r#"{"backends":[{"name":"a","kind":"obshell","prefix":""},{"name":"b","kind":"obshell","prefix":"/x/"}]}"#
            ),
            format!("console.json: backends[1] (\"b\"): prefix: {PREFIX_RULE}")
        );
        assert_eq!(
            refusal(r#"{"backends":[{"name":"a b","kind":"obshell","prefix":""}]}"#),
            format!("console.json: backends[0]: name: {NAME_RULE}")
        );
        assert_eq!(
            refusal(r#"{"backends":[{"name":"a","kind":"OCP","prefix":""}]}"#),
            format!("console.json: backends[0] (\"a\"): kind: {KIND_RULE}")
        );
        assert!(refusal(r#"{"backends":[]}"#).contains("backends: must name at least one"));
        assert!(refusal(r#"{"agents":[]}"#).contains("backends: must be a list"));
        assert!(refusal("{").starts_with("console.json: the file: (syntax): not JSON"));
        assert!(refusal(r#"{"backends":[3]}"#).contains("backends[0]: (entry)"));
    }

    #[test]
    fn a_refusal_in_chinese_keeps_the_file_s_own_words() {
        let zh = parse(r#"{"backends":[{"name":"east","kind":"obshell","prefix":"/x/"}]}"#)
            .expect_err("refused")
            .in_lang(crate::core::i18n::Lang::Zh);
        assert!(
            zh.starts_with(
                "console.json: backends[0] (\"east\"): prefix: 必须为 \"\" 或以 \"/\" 开头"
            ),
            "{zh}"
        );
        let whole = parse("{").expect_err("refused");
        assert!(whole
            .in_lang(crate::core::i18n::Lang::Zh)
            .starts_with("console.json: 整个文件: （语法）: 不是 JSON："));
    }

    #[test]
    fn names_are_unique() {
        let dup = r#"{"backends":[{"name":"a","kind":"obshell","prefix":""},{"name":"a","kind":"ocp","prefix":"/o"}]}"#;
        assert_eq!(
            refusal(dup),
            format!("console.json: backends[1] (\"a\"): name: {NAME_RULE}")
        );
    }

    #[test]
    fn name_rule() {
        for ok in ["a", "east-1", "A.b_c", &"x".repeat(32)] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "a/b", "a b", "é", &"x".repeat(33), "a%20"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn prefix_rule() {
        for ok in ["", "/agents/east", "/a", "/a.b/c-d"] {
            assert!(valid_prefix(ok), "{ok}");
        }
        for bad in [
            "/", "agents", "/a/", "/a?b", "/a#b", "/a%2F", "/a/../b", "/..", "/a b",
        ] {
            assert!(!valid_prefix(bad), "{bad}");
        }
        let missing = r#"{"backends":[{"name":"a","kind":"obshell"}]}"#;
        assert!(refusal(missing).contains("prefix: must be"));
    }

    #[test]
    fn no_file_means_the_same_origin_agent() {
        assert_eq!(from_answer(404, "not found"), None);
        assert_eq!(
            from_answer(200, "<!DOCTYPE html><html>obshell-console</html>"),
            None,
            "a server's SPA fallback is no file"
        );
        assert!(matches!(from_answer(500, "x"), Some(Err(_))));
        assert!(matches!(
            from_answer(200, r#"{"backends":[{"name":"a","kind":"obshell","prefix":""}]}"#),
            Some(Ok(list)) if list.len() == 1
        ));
        assert_eq!(BackendSpec::same_origin_agent().name, "agent");
    }
}
