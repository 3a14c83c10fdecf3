//! Numbers, capacities, times and durations as the current language writes them. In the browser
//! numbers and dates go through `Intl` with the language's tag; natively (tests) a fixed form
//! close to `en-US` / `zh-CN` is used.

use super::{lang, Lang};

/// A whole or decimal number with the language's grouping (`12,345`; `12,345.5`).
pub fn number(n: f64) -> String {
    number_in(lang(), n)
}

pub fn number_in(lang: Lang, n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &2.into());
        let locales = js_sys::Array::of1(&lang.tag().into());
        let f = js_sys::Intl::NumberFormat::new(&locales, &options);
        return f
            .format()
            .call1(&f, &n.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| n.to_string());
    }
    #[allow(unreachable_code)]
    {
        let _ = lang;
        grouped(n)
    }
}

/// `12345.678` → `12,345.68` (both languages group by thousands with a comma).
fn grouped(n: f64) -> String {
    let negative = n < 0.0;
    let rounded = (n.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if negative && (whole > 0 || frac > 0) {
        out.insert(0, '-');
    }
    out
}

/// A duration in milliseconds as a person reads it: `0.4 s`, `12 s`, `3 min 05 s`,
/// `2 h 05 min` (English) or `0.4 秒`, `12 秒`, `3 分 05 秒`, `2 小时 05 分` (Chinese).
pub fn duration_ms(ms: i64) -> String {
    duration_ms_in(lang(), ms)
}

pub fn duration_ms_in(lang: Lang, ms: i64) -> String {
    let (s, min, h) = match lang {
        Lang::En => (" s", " min", " h"),
        Lang::Zh => (" 秒", " 分", " 小时"),
    };
    let ms = ms.max(0);
    if ms < 10_000 {
        format!("{:.1}{s}", ms as f64 / 1000.0)
    } else if ms < 60_000 {
        format!("{}{s}", ms / 1000)
    } else if ms < 3_600_000 {
        format!("{}{min} {:02}{s}", ms / 60_000, ms / 1000 % 60)
    } else {
        format!("{}{h} {:02}{min}", ms / 3_600_000, ms / 60_000 % 60)
    }
}

/// A duration in whole seconds: `45 s`, `3 min 05 s`, `1 h 02 min 05 s`.
pub fn duration_secs(secs: i64) -> String {
    duration_secs_in(lang(), secs)
}

pub fn duration_secs_in(lang: Lang, secs: i64) -> String {
    let (s, min, h) = match lang {
        Lang::En => (" s", " min", " h"),
        Lang::Zh => (" 秒", " 分", " 小时"),
    };
    let secs = secs.max(0);
    if secs >= 3600 {
        format!(
            "{}{h} {:02}{min} {:02}{s}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    } else if secs >= 60 {
        format!("{}{min} {:02}{s}", secs / 60, secs % 60)
    } else {
        format!("{secs}{s}")
    }
}

/// An instant (Unix milliseconds) as a date and time in the browser's time zone, written the
/// language's way (`Dec 1, 2026, 12:46:55 PM` / `2026/12/1 12:46:55`).
pub fn datetime_ms(ms: f64) -> String {
    datetime_ms_in(lang(), ms)
}

pub fn datetime_ms_in(lang: Lang, ms: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"medium".into());
        let locales = js_sys::Array::of1(&lang.tag().into());
        let f = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        let date = js_sys::Date::new(&ms.into());
        return f
            .format()
            .call1(&f, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
    }
    #[allow(unreachable_code)]
    {
        let _ = lang;
        format!("{ms} ms")
    }
}

/// An RFC 3339 time from the agent or OCP in the language's form; the text as sent when it does
/// not parse (never hidden).
pub fn datetime_rfc3339(text: &str) -> String {
    match obshell_protocol::time::rfc3339_unix_seconds(text) {
        Some(secs) if secs > 0 => datetime_ms(secs as f64 * 1000.0),
        _ => text.to_owned(),
    }
}

/// A byte count in the agent's own form (`8.0G`): the same in both languages, as the agent and
/// OceanBase write capacities.
pub fn capacity(bytes: i64) -> String {
    obshell_protocol::obshell::capacity::format_capacity(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_both_languages() {
        assert_eq!(duration_ms_in(Lang::En, 400), "0.4 s");
        assert_eq!(duration_ms_in(Lang::En, 185_000), "3 min 05 s");
        assert_eq!(duration_ms_in(Lang::Zh, 185_000), "3 分 05 秒");
        assert_eq!(duration_ms_in(Lang::Zh, 7_500_000), "2 小时 05 分");
        assert_eq!(duration_secs_in(Lang::En, 3725), "1 h 02 min 05 s");
        assert_eq!(duration_secs_in(Lang::Zh, 45), "45 秒");
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(12_345.678), "12,345.68");
        assert_eq!(grouped(1_000_000.0), "1,000,000");
        assert_eq!(grouped(-42.5), "-42.5");
        assert_eq!(grouped(0.0), "0");
    }
}
