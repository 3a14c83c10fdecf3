//! The agent's middleware chain, in its order (spec §2.10): header decryption (every route),
//! body decryption, empty-body padding, trace id; then per-route verification; then the
//! envelope written around whatever the handler produced.

use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use obshell_protocol::obshell::aes_body::{agent_decrypt_body, AgentBodyError};
use obshell_protocol::obshell::catalog::CODE_HEADER_DECRYPT;
use obshell_protocol::obshell::version::{Capabilities, Feature};
use obshell_protocol::obshell::{
    catalog, AgentError, Envelope, Lang, ReceivedHeader, OCS_AGENT_HEADER, OCS_HEADER,
    TRACE_ID_HEADER,
};
use rand_core::RngCore;
use serde::Serialize;
use serde_json::Value;

mod verify;

pub use verify::verify;

use crate::clock::go_time;
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

/// A handler's successful answer, before the envelope is put around it.
#[derive(Debug)]
pub enum Reply {
    /// 200 with `data`.
    Data(Value),
    /// 200 without `data`.
    Empty,
    /// 204 with no body and no envelope.
    NoContent,
}

impl Reply {
    pub fn data<T: Serialize>(value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => Self::Data(v),
            Err(_) => Self::Empty,
        }
    }
}

impl Reply {
    /// DAG details (one, `None`, or `Contents` of them) as the configured version writes them:
    /// before 4.3.1 a DAG has no `maintenance_type` / `maintenance_key`.
    pub fn dags<T: Serialize>(caps: &Capabilities, value: &T) -> Self {
        let mut v = serde_json::to_value(value).unwrap_or(Value::Null);
        if !caps.has(Feature::MaintenanceKey) {
            strip_maintenance(&mut v);
        }
        Self::Data(v)
    }
}

fn strip_maintenance(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("dag_id") {
                map.remove("maintenance_type");
                map.remove("maintenance_key");
            }
            if let Some(list) = map.get_mut("contents") {
                strip_maintenance(list);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_maintenance),
        _ => {}
    }
}

/// What a handler returns.
pub type ApiResult = Result<Reply, Failure>;

/// Carried from the handler to the envelope writer in the response's extensions.
#[derive(Debug, Clone)]
struct Outcome {
    data: Option<Value>,
    failure: Option<Failure>,
    without_trace: bool,
}

fn outcome_response(status: u16, outcome: Outcome) -> Response {
    let mut response = StatusCode::from_u16(status)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response();
    response.extensions_mut().insert(outcome);
    response
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
            Reply::Empty => outcome_response(
                200,
                Outcome {
                    data: None,
                    failure: None,
                    without_trace: false,
                },
            ),
            Reply::Data(v) => outcome_response(
                200,
                Outcome {
                    data: Some(v),
                    failure: None,
                    without_trace: false,
                },
            ),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = self.status;
        let without_trace = self.before_trace;
        outcome_response(
            status,
            Outcome {
                data: None,
                failure: Some(self),
                without_trace,
            },
        )
    }
}

/// `GET /api/v1/status` answers with an empty trace id, as the agent does.
pub fn without_trace(reply: Reply) -> Response {
    let mut response = reply.into_response();
    if let Some(outcome) = response.extensions_mut().get_mut::<Outcome>() {
        outcome.without_trace = true;
    }
    response
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
            Disturbance::Error(status) => (
                StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                "simulated agent failure (fault switch)",
            )
                .into_response(),
            Disturbance::None => {
                let lose = state.faults().take_lost_answer(&method, &raw_target);
                let answer = agent_chain(state.clone(), request, next, raw_target.clone()).await;
                if lose {
                    // Carried out; the answer never reaches the client.
                    drop(answer);
                    dropped_connection()
                } else {
                    answer
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

/// The agent's own middleware order (spec §2.10).
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

/// The language the agent's `PostHandlers` (4.3.1 and later) writes an error's message in: only
/// for requests under `/api/v1` and `/rpc/v1`, from the first `Accept-Language` value read as
/// one language tag ([`Lang::from_accept_language`]); `None` leaves the message as built.
fn message_lang(state: &AppState, headers: &HeaderMap, raw_target: &str) -> Option<Lang> {
    if !state
        .config()
        .capabilities()
        .has(Feature::LocalisedMessages)
    {
        return None;
    }
    if !raw_target.starts_with("/api/v1") && !raw_target.starts_with("/rpc/v1") {
        return None;
    }
    let value = headers.get(axum::http::header::ACCEPT_LANGUAGE)?;
    Lang::from_accept_language(value.to_str().ok()?)
}

/// Puts the envelope around a handler's outcome; other responses (static files, 204) pass.
/// The one place where versions differ in how an error is written: before 4.3.1 the error is
/// `{"code": N, "message": …}` with the old code's HTTP status (see [`Failure::to_legacy_error`]);
/// the numeric `code` 1 of an undecryptable header only from 4.4.2; the message in the
/// request's language from 4.3.1 (`lang`, see [`message_lang`]).
fn render(
    state: &AppState,
    mut response: Response,
    trace_id: &str,
    started: Instant,
    lang: Option<Lang>,
) -> Response {
    let Some(outcome) = response.extensions_mut().remove::<Outcome>() else {
        return response;
    };
    let caps = state.config().capabilities();
    let mut status = response.status().as_u16();
    let error = match &outcome.failure {
        None => None,
        Some(f) if !caps.has(Feature::ErrCode) => {
            status = f.legacy_code().status();
            Some(f.to_legacy_error())
        }
        Some(f) => {
            let mut error = f.to_agent_error(lang, caps.version);
            if error.code == Some(CODE_HEADER_DECRYPT) && !caps.has(Feature::DecryptCodeOne) {
                error.code = None;
            }
            serde_json::to_value(error).ok()
        }
    };
    let data = match &outcome.failure {
        Some(f) => f.data.clone(),
        None => outcome.data,
    };
    let envelope = Envelope::<Value> {
        successful: outcome.failure.is_none(),
        timestamp: go_time(state.now()),
        duration: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        status,
        trace_id: if outcome.without_trace {
            String::new()
        } else {
            trace_id.to_owned()
        },
        data,
        error: None,
    };
    let mut body = serde_json::to_value(envelope).unwrap_or(Value::Null);
    if let (Some(error), Value::Object(map)) = (error, &mut body) {
        map.insert("error".to_owned(), error);
    }
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(body),
    )
        .into_response()
}

/// The agent's pre-built answer to a panic: frozen timestamp, no trace id, zero duration;
/// before 4.3.1 with the numeric code (`recoveryResponse` of 4.3.0: `ErrUnexpected`).
pub fn panic_response(state: &AppState) -> Response {
    let failure = Failure::from_spec(catalog::UNEXPECTED, &["Internal Server Error".to_owned()]);
    let error = if state.config().capabilities().has(Feature::ErrCode) {
        serde_json::to_value(AgentError {
            code: None,
            err_code: failure.err_code.to_owned(),
            message: failure.message.clone(),
            sub_errors: Vec::new(),
        })
        .unwrap_or(Value::Null)
    } else {
        failure.to_legacy_error()
    };
    let envelope = Envelope::<Value> {
        successful: false,
        timestamp: state.panic_timestamp().to_owned(),
        duration: 0,
        status: 500,
        trace_id: String::new(),
        data: None,
        error: None,
    };
    let mut body = serde_json::to_value(envelope).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut body {
        map.insert("error".to_owned(), error);
    }
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}
