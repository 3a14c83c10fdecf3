//! Reading a raw query string.

/// Reads `key` from a raw query string (percent-decoded, `+` as space).
pub(super) fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (crate::http::decode(k) == key).then(|| crate::http::decode(v))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_params() {
        assert_eq!(
            super::query_param(Some("show_details=false&mode=MYSQL"), "mode").as_deref(),
            Some("MYSQL")
        );
        assert_eq!(
            super::query_param(Some("a=%2F+b"), "a").as_deref(),
            Some("/ b")
        );
        assert_eq!(super::query_param(None, "a"), None);
    }
}
