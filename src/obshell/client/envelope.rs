//! The agent's answer envelope, decoded in one place, and the browser clock the signatures use.

use obshell_protocol::obshell::Envelope;
use serde::de::DeserializeOwned;

use crate::core::error::ApiError;
use crate::core::transport::RawResponse;

/// Decodes an agent answer: `data` on success, the agent's error otherwise, `None` for 204 or
/// an envelope without `data`.
pub(crate) fn decode_envelope<T: DeserializeOwned>(
    call: &'static str,
    raw: &RawResponse,
) -> Result<Option<T>, ApiError> {
    if raw.status == 204 {
        return Ok(None);
    }
    let envelope: Envelope<T> = serde_json::from_str(&raw.text).map_err(|e| ApiError::Decode {
        call,
        status: raw.status,
        detail: if raw.text.trim().is_empty() {
            "empty body".to_owned()
        } else {
            e.to_string()
        },
    })?;
    match envelope.error {
        Some(error) => Err(ApiError::Agent {
            call,
            status: envelope.status,
            code: error.code,
            err_code: error.err_code,
            message: error.message,
            trace_id: envelope.trace_id,
        }),
        None if !envelope.successful || !(200..300).contains(&raw.status) => {
            Err(ApiError::Decode {
                call,
                status: raw.status,
                detail: "unsuccessful answer without an error".to_owned(),
            })
        }
        None => Ok(envelope.data),
    }
}

pub(crate) fn required<T>(call: &'static str, status: u16, data: Option<T>) -> Result<T, ApiError> {
    data.ok_or(ApiError::Decode {
        call,
        status,
        detail: "the answer has no data".to_owned(),
    })
}

/// Seconds since the epoch by the browser's clock.
pub(crate) fn browser_now_secs() -> i64 {
    // `Date.now()` is milliseconds as a float; `Ts` carries whole seconds.
    (js_sys::Date::now() / 1000.0).floor() as i64
}
