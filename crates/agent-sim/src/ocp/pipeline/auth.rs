//! OCP's Basic auth: user `admin` and the configured password.

use axum::http::{header, HeaderMap};
use base64::Engine as _;

use crate::ocp::state::{OcpState, USER};

pub(super) fn authenticated(state: &OcpState, headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, encoded)) = value.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    text.split_once(':')
        .is_some_and(|(user, password)| user == USER && password == state.config().password)
}
