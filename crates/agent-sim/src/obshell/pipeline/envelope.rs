//! The envelope written around whatever a handler produced (docs/protocol/obshell-auth.md §2.10): a
//! handler's answer, the agent's error in the request's language and in its version's form, and the
//! answer to a panic.

use std::time::Instant;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use obshell_protocol::obshell::catalog::{self, CODE_HEADER_DECRYPT};
use obshell_protocol::obshell::version::{Capabilities, Feature};
use obshell_protocol::obshell::{AgentError, Envelope, Lang};
use serde::Serialize;
use serde_json::Value;

use crate::clock::go_time;
use crate::obshell::failure::Failure;
use crate::obshell::state::AppState;

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

/// The language the agent's `PostHandlers` (4.3.1 and later) writes an error's message in: only
/// for requests under `/api/v1` and `/rpc/v1`, from the first `Accept-Language` value read as
/// one language tag ([`Lang::from_accept_language`]); `None` leaves the message as built.
pub(super) fn message_lang(
    state: &AppState,
    headers: &HeaderMap,
    raw_target: &str,
) -> Option<Lang> {
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
pub(super) fn render(
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
