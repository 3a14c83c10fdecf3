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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use obshell_protocol::obshell::model::ObInfo;

    pub(crate) fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse {
            status,
            text: text.to_owned(),
        }
    }

    #[test]
    fn proxy_pages_and_empty_answers_are_decode_errors() {
        let html = raw(502, "<html><body>502 Bad Gateway</body></html>");
        let err =
            decode_envelope::<ObInfo>("GET /api/v1/ob/info", &html).expect_err("not an envelope");
        assert!(
            matches!(err, ApiError::Decode { status: 502, .. }),
            "{err:?}"
        );
        let err =
            decode_envelope::<ObInfo>("GET /api/v1/ob/info", &raw(200, "")).expect_err("empty");
        assert_eq!(
            err.to_string(),
            "GET /api/v1/ob/info: unexpected answer (HTTP 200): empty body"
        );
    }

    #[test]
    fn no_content_and_data_less_success() {
        assert_eq!(decode_envelope::<String>("c", &raw(204, "")), Ok(None));
        let ok = raw(
            200,
            r#"{"successful":true,"timestamp":"t","duration":0,"status":200,"traceId":"x"}"#,
        );
        assert_eq!(decode_envelope::<String>("c", &ok), Ok(None));
    }
}
