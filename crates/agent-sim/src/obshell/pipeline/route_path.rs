//! The path the agent routes on. gin matches the *decoded* path (`Request.URL.Path`; the agent
//! leaves `UseRawPath` off), so an escaped slash (`%2F`) in a segment splits it there: `GET
//! /api/v1/tenant/a%2Fusers` is the user list of tenant `a`, and `/tenant/a%2Fb` matches no route
//! at all. axum would keep `a/b` as one parameter; this puts the slashes back before routing.
//! The `Uri` check still compares the target as sent (docs/protocol/obshell.md §8).

use axum::extract::Request;
use axum::http::Uri;

/// `request` with every `%2F` of its path decoded, query untouched.
pub fn route_on_decoded_slashes(mut request: Request) -> Request {
    let uri = request.uri();
    let path = uri.path();
    if !path.contains("%2F") && !path.contains("%2f") {
        return request;
    }
    let decoded = path.replace("%2F", "/").replace("%2f", "/");
    let target = match uri.query() {
        Some(query) => format!("{decoded}?{query}"),
        None => decoded,
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = target.parse().ok();
    if let Ok(routed) = Uri::from_parts(parts) {
        *request.uri_mut() = routed;
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routed(target: &str) -> String {
        let request = Request::builder()
            .uri(target)
            .body(axum::body::Body::empty())
            .expect("request");
        route_on_decoded_slashes(request).uri().to_string()
    }

    #[test]
    fn escaped_slashes_split_segments_and_nothing_else_changes() {
        assert_eq!(routed("/api/v1/tenant/a%2Fusers"), "/api/v1/tenant/a/users");
        assert_eq!(
            routed("/api/v1/tenant/a%2fb?x=%2F"),
            "/api/v1/tenant/a/b?x=%2F"
        );
        assert_eq!(
            routed("/api/v1/tenant/a%23b%20c"),
            "/api/v1/tenant/a%23b%20c"
        );
    }
}
