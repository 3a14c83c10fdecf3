//! What a handler answers, and OCP's envelope around it (docs/protocol/ocp.md §4.1).

use std::time::Instant;

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use obshell_protocol::ocp::codes::{self, OcpCode};
use obshell_protocol::ocp::rules::OcpViolation;
use obshell_protocol::ocp::{OcpEnvelope, OcpError};
use rand_core::RngCore;
use serde_json::{json, Value};

use crate::ocp::model::ocp_time;
use crate::ocp::state::OcpState;

/// A handler's answer before the envelope is put around it.
#[derive(Debug, Clone)]
pub enum Out {
    Data(Value),
    NoData,
    Error(u16, OcpError),
}

impl IntoResponse for Out {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        response.extensions_mut().insert(self);
        response
    }
}

pub type Answer = Result<Out, Out>;

pub fn data<T: serde::Serialize>(value: &T) -> Answer {
    Ok(Out::Data(
        serde_json::to_value(value).unwrap_or(Value::Null),
    ))
}

pub fn fail(code: OcpCode, arg: &str) -> Out {
    Out::Error(
        code.status,
        OcpError {
            code: code.code,
            message: code.message(arg),
            ..OcpError::default()
        },
    )
}

pub fn no_code(status: u16, message: &str) -> Out {
    Out::Error(
        status,
        OcpError {
            code: codes::CODE_NONE,
            message: message.to_owned(),
            ..OcpError::default()
        },
    )
}

pub fn violation(v: OcpViolation) -> Out {
    Out::Error(
        v.code.status,
        OcpError {
            code: v.code.code,
            message: v.message,
            target: v.field.map(|f| match v.index {
                Some(i) => format!("[{i}].{f}"),
                None => f.to_owned(),
            }),
            sub_errors: v.sub_error.into_iter().collect(),
            ..OcpError::default()
        },
    )
}

pub fn trace_id() -> String {
    format!("{:016x}", rand_core::OsRng.next_u64())
}

/// OCP's envelope around `out` (docs/protocol/ocp.md §4.1).
pub fn envelope(state: &OcpState, trace: &str, started: Instant, out: Out) -> Response {
    let (status, data, error) = match out {
        Out::Data(v) => (200, Some(v), None),
        Out::NoData => (200, None, None),
        Out::Error(status, e) => (status, None, Some(e)),
    };
    let env = OcpEnvelope {
        data,
        successful: error.is_none(),
        timestamp: Some(ocp_time(state.now())),
        duration: Some(i64::try_from(started.elapsed().as_millis()).unwrap_or(0)),
        status: Some(status),
        trace_id: Some(trace.to_owned()),
        server: Some(state.config().server.clone()),
        error,
    };
    let mut body = serde_json::to_value(&env).unwrap_or(Value::Null);
    if let Some(e) = body.get_mut("error").and_then(Value::as_object_mut) {
        e.entry("subErrors").or_insert_with(|| json!([]));
    }
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (code, Json(body)).into_response()
}
