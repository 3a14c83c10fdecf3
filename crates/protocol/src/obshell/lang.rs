//! The languages the agent localises its error messages into (`assets/i18n/error/en.json` and
//! `zh.json`, from 4.3.1), and how it reads the `Accept-Language` request header.

/// A language of the agent's message catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The `Accept-Language` value that asks the agent for this language (what the official UI
    /// sends).
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
        }
    }

    /// What an agent from 4.3.1 makes of an `Accept-Language` value (`api/common/middleware.go`
    /// `PostHandlers`, go-i18n v2.3.0, golang.org/x/text v0.33.0):
    ///
    /// * the value goes through `language.Parse`, which reads ONE BCP 47 tag: a list
    ///   (`zh-CN,zh;q=0.9`, what browsers send), a quality value, `*` or anything malformed is an
    ///   error, and the message is left as it was: `None`;
    /// * a tag is matched against the catalog's languages (English, the default, and Chinese) by
    ///   x/text's matcher: Chinese for `zh` in any region or in the Hans or Hant script (`zh`,
    ///   `zh-CN`, `zh-Hans`, `zh-TW`, `zh-Hant-HK`: all get the one, simplified, catalog), for
    ///   `cmn`, for `und` with a Chinese script or region, and for any tag written with the Hans
    ///   script (the matcher prefers a supported language of the same script); English for every
    ///   other tag.
    ///
    /// Not modelled: x/text also refuses well-formed tags with unknown subtags (`xx-YY`), which
    /// here count as English; and the grandfathered tags (`zh-min-nan`, `i-klingon`).
    pub fn from_accept_language(value: &str) -> Option<Lang> {
        // HTTP strips the whitespace around a header value; x/text refuses anything not ASCII.
        let value = value.trim();
        if !value.is_ascii() {
            return None;
        }
        let lower = value.to_ascii_lowercase().replace('_', "-");
        let tag = parse_tag(&lower)?;
        let chinese_script = matches!(tag.script, Some("hans" | "hant"));
        let zh = match tag.language {
            "zh" | "cmn" => tag.script.is_none() || chinese_script,
            // `und` is maximised first: und-CN → zh-Hans-CN, und-TW → zh-Hant-TW.
            "und" => match tag.script {
                Some(_) => chinese_script,
                None => matches!(tag.region, Some("cn" | "tw" | "hk" | "mo")),
            },
            _ => tag.script == Some("hans"),
        };
        Some(if zh { Lang::Zh } else { Lang::En })
    }
}

/// The subtags of a well-formed language tag that decide the match (lower case).
struct Tag<'a> {
    language: &'a str,
    script: Option<&'a str>,
    region: Option<&'a str>,
}

fn is_alpha(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_digit(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// BCP 47 syntax as x/text's `language.Parse` checks it (on a lower-case value with `_` read as
/// `-`): every subtag is 1–8 letters or digits, in the order language, extlang, script, region,
/// variants, extensions, private use.
fn parse_tag(lower: &str) -> Option<Tag<'_>> {
    let tokens: Vec<&str> = lower.split('-').collect();
    if tokens
        .iter()
        .any(|t| t.is_empty() || t.len() > 8 || !t.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return None;
    }
    let mut rest = tokens.as_slice();
    let (&first, tail) = rest.split_first()?;
    rest = tail;
    if first == "x" {
        // Private use only: well-formed, no language: the default (English).
        return (!rest.is_empty()).then_some(Tag {
            language: "und",
            script: None,
            region: None,
        });
    }
    if !is_alpha(first) || !matches!(first.len(), 2 | 3 | 5..=8) {
        return None;
    }
    let mut tag = Tag {
        language: first,
        script: None,
        region: None,
    };
    // Up to three extended language subtags; the first one is the language (zh-cmn = cmn).
    let mut extlangs = 0;
    while let Some((&t, tail)) = rest.split_first() {
        if first.len() > 3 || extlangs == 3 || t.len() != 3 || !is_alpha(t) {
            break;
        }
        if extlangs == 0 {
            tag.language = t;
        }
        extlangs += 1;
        rest = tail;
    }
    if let Some((&t, tail)) = rest.split_first() {
        if t.len() == 4 && is_alpha(t) {
            tag.script = Some(t);
            rest = tail;
        }
    }
    if let Some((&t, tail)) = rest.split_first() {
        if (t.len() == 2 && is_alpha(t)) || (t.len() == 3 && is_digit(t)) {
            tag.region = Some(t);
            rest = tail;
        }
    }
    while let Some((&t, tail)) = rest.split_first() {
        let variant = t.len() >= 5 || (t.len() == 4 && t.as_bytes()[0].is_ascii_digit());
        if !variant {
            break;
        }
        rest = tail;
    }
    // Extensions (a singleton and 2–8 character subtags), then private use (`x` and 1–8).
    while let Some((&t, tail)) = rest.split_first() {
        if t.len() != 1 {
            return None;
        }
        // Private use takes every subtag after it; an extension runs to the next singleton.
        let n = if t == "x" {
            tail.len()
        } else {
            tail.iter().take_while(|s| s.len() >= 2).count()
        };
        if n == 0 {
            return None;
        }
        rest = &tail[n..];
    }
    rest.is_empty().then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chinese_tag_gets_chinese() {
        for tag in [
            "zh",
            "zh-CN",
            "ZH-cn",
            "zh_CN",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-SG",
            "zh-TW",
            "zh-HK",
            "zh-Hant",
            "zh-Hant-TW",
            "cmn",
            "zh-cmn-Hans-CN",
            "und-CN",
            "und-Hant",
            " zh-CN ",
            "zh-CN-u-co-pinyin",
            "zh-CN-x-private",
        ] {
            assert_eq!(Lang::from_accept_language(tag), Some(Lang::Zh), "{tag}");
        }
    }

    #[test]
    fn other_tags_get_english() {
        for tag in [
            "en", "en-US", "en-GB", "fr", "ja-JP", "zh-Latn", "und", "und-US", "x-test", "de-1996",
        ] {
            assert_eq!(Lang::from_accept_language(tag), Some(Lang::En), "{tag}");
        }
    }

    #[test]
    fn lists_and_malformed_values_leave_the_message_alone() {
        for value in [
            "",
            "  ",
            "zh-CN,zh;q=0.9",
            "zh-CN,en-US",
            "zh;q=0.8",
            "*",
            "zh-",
            "-zh",
            "zh--CN",
            "中文",
            "zh-CN-toolongsubtag",
            "z",
            "1234",
            "zh-CN-u",
            "zh-x",
        ] {
            assert_eq!(Lang::from_accept_language(value), None, "{value:?}");
        }
    }
}
