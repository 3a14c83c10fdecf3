//! How the console's list of calls is written, for both backends: each call is one string,
//! `"<METHOD> <route>"`, where a route segment that starts with `:` (the agent's gin syntax) or
//! `{` (OCP's) stands for one path segment. The string is the call's label in every error the
//! console shows, and the shipped nginx passes to a backend exactly the calls in its list
//! (`deploy/nginx.conf`, checked by the console's `tests/nginx_calls.rs`).

/// Defines one `pub const` per call and `ALL`, the list of them, so a call cannot be made
/// without being listed.
macro_rules! calls {
    ($($(#[$doc:meta])* $name:ident = $call:literal;)*) => {
        $($(#[$doc])* pub const $name: &str = $call;)*
        /// Every call of this backend the console makes, in the order above.
        pub const ALL: &[&str] = &[$($name),*];
    };
}
pub(crate) use calls;

/// The method of a call (`"GET"` of `"GET /api/v1/info"`).
pub fn method(call: &str) -> &str {
    call.split_once(' ').map_or(call, |(m, _)| m)
}

/// The route of a call (`"/api/v1/tenant/:name"` of `"GET /api/v1/tenant/:name"`).
pub fn route(call: &str) -> &str {
    call.split_once(' ').map_or("", |(_, r)| r)
}

/// Whether a route segment is a parameter (`:name`, `{id}`).
pub fn is_parameter(segment: &str) -> bool {
    segment.starts_with(':') || segment.starts_with('{')
}

/// Whether `target` (path and optional query, as sent) is an instance of `call`'s route: the
/// same number of segments, each fixed one equal, each parameter non-empty.
pub fn matches(call: &str, target: &str) -> bool {
    let path = target.split_once('?').map_or(target, |(p, _)| p);
    let mut want = route(call).split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if is_parameter(w) => {
                if g.is_empty() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_a_method_and_a_route() {
        assert_eq!(method("DELETE /api/v1/unit/config/:name"), "DELETE");
        assert_eq!(
            route("DELETE /api/v1/unit/config/:name"),
            "/api/v1/unit/config/:name"
        );
    }

    #[test]
    fn targets_match_their_route_only() {
        let call = "GET /api/v1/tenant/:name/parameter/:parameter";
        assert!(matches(call, "/api/v1/tenant/t1/parameter/x?y=1"));
        assert!(!matches(call, "/api/v1/tenant/t1/parameter/"));
        assert!(!matches(call, "/api/v1/tenant/t1/parameters"));
        assert!(!matches(call, "/api/v1/tenant/t1/parameter/x/y"));
        assert!(matches(
            "GET /api/v2/tasks/instances/{taskInstanceId}",
            "/api/v2/tasks/instances/7"
        ));
    }
}
