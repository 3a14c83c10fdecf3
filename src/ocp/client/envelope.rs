//! OCP's envelope decoded: `data` on success, OCP's refusal (code, message, sub-errors, trace
//! id, throttle) otherwise, and a refusal explained by its status when a proxy dropped the
//! envelope.

use obshell_protocol::ocp::OcpEnvelope;
use serde::de::DeserializeOwned;

use crate::core::error::{ApiError, OcpRefusal};
use crate::core::transport::RawResponse;

crate::texts! {
    /// The client's own texts that reach the page (inside errors): answers it cannot read.
    mod tx {
        no_envelope: "HTTP {0} without OCP's error envelope" => "HTTP {0}，没有 OCP 的错误信封",
        empty_body: "empty body" => "响应体为空",
        no_message: "unsuccessful answer without an error message" => "请求未成功，且没有错误信息",
        no_data: "the answer has no data" => "响应中没有 data",
    }
}

/// Decodes one OCP answer: `data` on success, [`ApiError::Ocp`] for OCP's error envelope.
pub fn decode<T: DeserializeOwned>(
    call: &'static str,
    raw: &RawResponse,
    rate_limit_reset: Option<&str>,
) -> Result<Option<T>, ApiError> {
    let retry_after = crate::core::error::ocp::rate_limit_reset(rate_limit_reset);
    let envelope: OcpEnvelope<T> = match serde_json::from_str(&raw.text) {
        Ok(e) => e,
        // A refusal without OCP's envelope (a proxy in between): still explained by status.
        Err(_) if matches!(raw.status, 401 | 403 | 404 | 409 | 429) => {
            return Err(ApiError::ocp(OcpRefusal {
                call,
                status: raw.status,
                code: 0,
                message: crate::core::i18n::fill(tx::t_untracked().no_envelope, &[&raw.status]),
                sub_errors: Vec::new(),
                trace_id: String::new(),
                server: String::new(),
                retry_after,
            }))
        }
        Err(e) => {
            return Err(ApiError::Decode {
                call,
                status: raw.status,
                detail: if raw.text.trim().is_empty() {
                    tx::t_untracked().empty_body.to_owned()
                } else {
                    e.to_string()
                },
            })
        }
    };
    let ok_status = (200..300).contains(&raw.status);
    if envelope.successful && ok_status && envelope.error.is_none() {
        return Ok(envelope.data);
    }
    let error = envelope.error.unwrap_or_default();
    Err(ApiError::ocp(OcpRefusal {
        call,
        status: if ok_status {
            envelope.status.unwrap_or(raw.status)
        } else {
            raw.status
        },
        code: error.code,
        message: if error.message.is_empty() {
            tx::t_untracked().no_message.to_owned()
        } else {
            error.message
        },
        sub_errors: error.sub_errors,
        trace_id: envelope.trace_id.unwrap_or_default(),
        server: envelope.server.unwrap_or_default(),
        retry_after,
    }))
}

/// The data a call cannot do without, or [`ApiError::Decode`].
pub(super) fn required<T>(call: &'static str, data: Option<T>) -> Result<T, ApiError> {
    data.ok_or(ApiError::Decode {
        call,
        status: 200,
        detail: tx::t_untracked().no_data.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{calls, OcpInfo};
    use super::*;

    fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse::new(status, text)
    }

    #[test]
    fn envelopes_decode_to_data_or_ocp_errors() {
        let ok: Option<OcpInfo> = decode(
            calls::INFO,
            &raw(
                200,
                r#"{"successful":true,"data":{"buildVersion":"4.2.2-20240108"}}"#,
            ),
            None,
        )
        .expect("ok");
        assert_eq!(
            ok.map(|i| i.build_version).as_deref(),
            Some("4.2.2-20240108")
        );
        let refused = decode::<serde_json::Value>(
            calls::ADD_REPLICA,
            &raw(
                500,
                r#"{"successful":false,"status":500,"traceId":"t-9","server":"ocp-1","error":{"code":10011,"message":"failed","subErrors":[{"SQLState":"HY000","code":4179,"message":"no"}]}}"#,
            ),
            None,
        )
        .expect_err("refused");
        match refused {
            ApiError::Ocp(r) => {
                assert_eq!(r.call, calls::ADD_REPLICA);
                assert_eq!((r.status, r.code), (500, 10011));
                assert_eq!(
                    r.sub_errors[0].describe(),
                    "OceanBase error 4179 (HY000): no"
                );
                assert_eq!((r.trace_id.as_str(), r.server.as_str()), ("t-9", "ocp-1"));
            }
            other => panic!("{other:?}"),
        }
        let throttled = decode::<serde_json::Value>(
            calls::TASK,
            &raw(
                429,
                r#"{"successful":false,"error":{"code":0,"message":"Too many requests"}}"#,
            ),
            Some("3"),
        )
        .expect_err("429");
        assert!(
            matches!(&throttled, ApiError::Ocp(r) if r.status == 429 && r.retry_after == Some(3))
        );
        // A proxy's bare 401, and a gateway that lost the answer.
        let bare =
            decode::<serde_json::Value>(calls::INFO, &raw(401, "<html>"), None).expect_err("401");
        assert_eq!(bare.ocp_status(), Some(401));
        let lost = decode::<serde_json::Value>(calls::ADD_REPLICA, &raw(504, "<html>"), None)
            .expect_err("504");
        assert!(lost.outcome_unknown());
    }
}
