//! The agent's middleware chain, in its order (docs/protocol/obshell-auth.md §2.10): header
//! decryption (every route), body decryption, empty-body padding, trace id; then per-route
//! verification; then the envelope written around whatever the handler produced.

use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use obshell_protocol::obshell::aes_body::{agent_decrypt_body, AgentBodyError};
use obshell_protocol::obshell::{ReceivedHeader, OCS_AGENT_HEADER, OCS_HEADER, TRACE_ID_HEADER};
use rand_core::RngCore;

mod envelope;
mod route_path;
mod verify;

use envelope::{message_lang, render};
pub use envelope::{panic_response, without_trace, ApiResult, Reply};
pub use route_path::route_on_decoded_slashes;
pub use verify::verify;

use crate::faults::Disturbance;
use crate::obshell::failure::Failure;
use crate::obshell::state::AppState;

/// Largest request body read; the agent's payloads are a few KiB.
const BODY_LIMIT: usize = 16 * 1024 * 1024;
const LOGIN_PATH: &str = "/api/v1/login";
const PACKAGE_PATH: &str = "/api/v1/package";

/// Which header carried the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialHeader {
    /// `X-OCS-Header`: root password.
    RootPassword,
    /// `X-OCS-Agent-Header`: agent password.
    AgentPassword,
}

/// A decrypted auth header.
#[derive(Debug, Clone)]
pub struct AuthContext {
    pub kind: CredentialHeader,
    pub header: ReceivedHeader,
}

/// What the early middleware learnt about a request, for verification and handlers.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub auth: Option<AuthContext>,
    pub trace_id: String,
    /// The request target exactly as received (path and raw query).
    pub raw_target: String,
    /// Set when the request was authenticated through a session.
    pub session_id: Option<String>,
}

fn credential_header(headers: &HeaderMap) -> Option<(CredentialHeader, Result<&str, ()>)> {
    // The agent header wins when both are present.
    for (name, kind) in [
        (OCS_AGENT_HEADER, CredentialHeader::AgentPassword),
        (OCS_HEADER, CredentialHeader::RootPassword),
    ] {
        if let Some(value) = headers.get(name) {
            if value.is_empty() {
                continue;
            }
            return Some((kind, value.to_str().map_err(|_| ())));
        }
    }
    None
}

fn random_trace_id() -> String {
    let mut raw = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

/// A response whose body breaks off: the client sees the connection drop.
fn dropped_connection() -> Response {
    let broken = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
            "connection dropped by the fault switch",
        ))
    });
    Response::new(Body::from_stream(broken))
}

/// A 5xx answer without the agent's envelope, as a failing proxy or crashed agent gives.
fn failed_answer(status: u16) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
        "simulated agent failure (fault switch)",
    )
        .into_response()
}

/// The outermost agent middleware: records every API request and, with the fault switch on,
/// delays, fails or drops some of them before the agent's own chain runs.
pub async fn agent_pipeline(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let method = request.method().as_str().to_owned();
    let raw_target = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    if !is_api {
        return agent_chain(state, request, next, raw_target).await;
    }
    let forwarded_for = crate::http::forwarded_for(request.headers());
    let response = if state.config().faults_enabled {
        let latency = state.faults().latency_ms();
        if latency > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
        }
        match state.faults().draw() {
            Disturbance::Drop => dropped_connection(),
            Disturbance::Error(status) => failed_answer(status),
            Disturbance::None => {
                let lose = state.faults().take_lost_answer(&method, &raw_target);
                let answer = agent_chain(state.clone(), request, next, raw_target.clone()).await;
                // Carried out; the agent's answer never reaches the client.
                match lose {
                    Disturbance::None => answer,
                    Disturbance::Drop => dropped_connection(),
                    Disturbance::Error(status) => failed_answer(status),
                }
            }
        }
    } else {
        agent_chain(state.clone(), request, next, raw_target.clone()).await
    };
    state.faults().record(
        &method,
        &raw_target,
        response.status().as_u16(),
        state.now().timestamp_millis(),
        forwarded_for.as_deref(),
    );
    response
}

/// The agent's own middleware order (docs/protocol/obshell-auth.md §2.10).
async fn agent_chain(
    state: AppState,
    request: Request,
    next: Next,
    raw_target: String,
) -> Response {
    let started = Instant::now();
    let (mut parts, body) = request.into_parts();
    let lang = message_lang(&state, &parts.headers, &raw_target);

    let auth = match credential_header(&parts.headers) {
        None => None,
        Some((kind, value)) => {
            let decoded = value
                .map_err(|()| "illegal base64 data at input byte 0".to_owned())
                .and_then(|text| state.decrypt_header(text).map_err(|e| e.to_string()))
                .and_then(|plain| ReceivedHeader::from_json(&plain).map_err(|e| e.to_string()));
            match decoded {
                Ok(header) => Some(AuthContext { kind, header }),
                Err(reason) => {
                    return render(
                        &state,
                        Failure::header_decrypt(&reason).into_response(),
                        "",
                        started,
                        lang,
                    )
                }
            }
        }
    };

    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return panic_response(&state);
    };
    let bytes = match &auth {
        Some(ctx) if !bytes.is_empty() && parts.uri.path() != PACKAGE_PATH => {
            let keys = ctx.header.keys.as_deref().unwrap_or_default();
            match agent_decrypt_body(&String::from_utf8_lossy(&bytes), keys) {
                Ok(plain) => plain.into(),
                Err(AgentBodyError::KeyAndIvSize) => {
                    return render(
                        &state,
                        Failure::body_key_and_iv().into_response(),
                        "",
                        started,
                        lang,
                    )
                }
                Err(AgentBodyError::ContentLength) => {
                    return render(
                        &state,
                        Failure::body_content_length().into_response(),
                        "",
                        started,
                        lang,
                    )
                }
                Err(AgentBodyError::Panic) => return panic_response(&state),
            }
        }
        _ => bytes,
    };
    let bytes = if bytes.is_empty() {
        axum::body::Bytes::from_static(b"{}")
    } else {
        bytes
    };

    let trace_id = parts
        .headers
        .get(TRACE_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(random_trace_id);
    parts.extensions.insert(RequestContext {
        auth,
        trace_id: trace_id.clone(),
        raw_target,
        session_id: None,
    });
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    render(&state, response, &trace_id, started, lang)
}
