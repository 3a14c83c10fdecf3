//! OCP's middleware: its security filter (Basic auth, then the rate limit) and the envelope put
//! around every answer.

mod auth;
pub mod envelope;

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::ocp::state::{OcpState, RateVerdict};
use auth::authenticated;
use envelope::{envelope, no_code, trace_id, Out};

/// OCP's security filter and envelope: Basic auth (401 JSON, code 0, no `WWW-Authenticate`),
/// the rate limit (429 JSON, code 0), then the handler; every answer carries the
/// `RateLimit-*` headers, and `/api/v2` requests are logged for `/__sim/ocp/requests`.
pub async fn filter(State(state): State<OcpState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/v2") {
        return next.run(request).await;
    }
    let started = Instant::now();
    let trace = trace_id();
    let method = request.method().to_string();
    let target = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    let forwarded_for = crate::http::forwarded_for(request.headers());
    let open = request.uri().path() == "/api/v2/time";
    let authed = open || authenticated(&state, request.headers());
    let verdict = state.rate(authed && !open);
    let mut response = if !authed {
        let message = if request.headers().contains_key(header::AUTHORIZATION) {
            "Bad credentials"
        } else {
            "Full authentication is required to access this resource"
        };
        envelope(&state, &trace, started, no_code(401, message))
    } else if verdict.refused {
        envelope(&state, &trace, started, no_code(429, "Too many requests"))
    } else {
        state.advance();
        let response = next.run(request).await;
        match response.extensions().get::<Out>().cloned() {
            Some(out) => envelope(&state, &trace, started, out),
            None => response,
        }
    };
    rate_headers(response.headers_mut(), verdict);
    response.headers_mut().remove(header::WWW_AUTHENTICATE);
    state.requests().record(
        &method,
        &target,
        response.status().as_u16(),
        state.now().timestamp_millis(),
        forwarded_for.as_deref(),
    );
    response
}

fn rate_headers(headers: &mut HeaderMap, v: RateVerdict) {
    for (name, value) in [
        ("ratelimit-limit", v.limit.to_string()),
        ("ratelimit-remaining", v.remaining.to_string()),
        ("ratelimit-reset", v.reset.to_string()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}
