//! Page state kept in the URL's query string.

use obshell_protocol::paths::segment;

/// `path?k=v&…` with the non-empty pairs, values percent-encoded.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", segment(v)))
        .collect();
    if parts.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn empty_values_are_left_out() {
        assert_eq!(
            super::with_query(
                "/tasks",
                &[("state", "FAILED".into()), ("q", String::new())]
            ),
            "/tasks?state=FAILED"
        );
        assert_eq!(
            super::with_query("/tenants", &[("q", "a b".into())]),
            "/tenants?q=a%20b"
        );
        assert_eq!(super::with_query("/tenants", &[]), "/tenants");
    }
}
