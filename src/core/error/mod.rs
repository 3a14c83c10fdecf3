//! Why a call to the agent failed, kept apart so the page can say which layer refused.

pub mod ocp;

use obshell_protocol::obshell::CryptoError;
use thiserror::Error;

use crate::core::i18n::{fill, Lang};
use crate::core::transport::{NoAnswer, REQUEST_TIMEOUT_MS};

crate::texts! {
    /// A failed call as the page says it (the agent's and OCP's own words stay as sent).
    pub(crate) mod tx {
        transport: "{0}: network error: {1}" => "{0}：网络错误：{1}",
        agent: "{0}: {1} ({2})" => "{0}：{1}（{2}）",
        crypto: "{0}: encryption failed: {1}" => "{0}：加密失败：{1}",
        unsupported: "{0}: {1}" => "{0}：{1}",
        ocp: "{0}: {1} (OCP code {2}, HTTP {3})" => "{0}：{1}（OCP 错误码 {2}，HTTP {3}）",
        decode: "{0}: unexpected answer (HTTP {1}): {2}" => "{0}：意外的应答（HTTP {1}）：{2}",
        kind_network: "network" => "网络",
        kind_agent: "agent" => "Agent",
        kind_encryption: "encryption" => "加密",
        kind_response: "response" => "应答",
        kind_version: "version" => "版本",
        timeout: "no answer within {0} s (the request was abandoned; its outcome is unknown)" => "{0} 秒内没有应答（请求已放弃，结果未知）",
        locked: "locked: the credential was forgotten" => "已锁定：凭据已被忘记",
        empty_body: "empty body" => "应答为空",
        unsuccessful: "unsuccessful answer without an error" => "应答表示失败，但未给出错误",
        no_data: "the answer has no data" => "应答中没有数据",
        no_request_key: "no request key" => "没有请求密钥",
        unsupported_agent: "obshell {0} is not supported: this console needs an agent of version {1} or later" => "不支持 obshell {0}：本控制台需要 {1} 或更高版本的 Agent",
    }
}

/// What the transport says of a request abandoned after `secs` seconds, in `lang`.
pub fn timeout_text(lang: Lang, secs: u32) -> String {
    fill(tx::in_lang(lang).timeout, &[&secs])
}

/// What a request without an answer says: a timeout in English (as the journal keeps it; the
/// page says it in its language), else the browser's reason.
pub fn no_answer_detail(e: NoAnswer) -> String {
    match e {
        NoAnswer::Timeout => timeout_text(Lang::En, REQUEST_TIMEOUT_MS / 1000),
        NoAnswer::Failed(detail) => detail,
    }
}

/// A detail the console wrote (in English, as kept in the journal), in `lang`; other details
/// (the browser's, a decoder's) as they are.
fn detail_in(lang: Lang, detail: &str) -> String {
    let (en, t) = (&tx::EN, tx::in_lang(lang));
    let secs = REQUEST_TIMEOUT_MS / 1000;
    if detail == timeout_text(Lang::En, secs) {
        return timeout_text(lang, secs);
    }
    for (from, to) in [
        (en.locked, t.locked),
        (en.empty_body, t.empty_body),
        (en.unsuccessful, t.unsuccessful),
        (en.no_data, t.no_data),
        (en.no_request_key, t.no_request_key),
    ] {
        if detail == from {
            return to.to_owned();
        }
    }
    // "obshell X is not supported: this console needs an agent of version Y or later".
    let unsupported = detail
        .strip_prefix("obshell ")
        .and_then(|rest| rest.strip_suffix(" or later"))
        .and_then(|rest| {
            rest.split_once(" is not supported: this console needs an agent of version ")
        });
    if let Some((version, oldest)) = unsupported {
        return fill(t.unsupported_agent, &[&version, &oldest]);
    }
    detail.to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    /// The request never got an HTTP answer (network, proxy down, browser refused).
    #[error("{call}: network error: {detail}")]
    Transport { call: &'static str, detail: String },
    /// The agent answered with its error envelope.
    #[error("{call}: {message} ({err_code})")]
    Agent {
        call: &'static str,
        status: u16,
        code: Option<i64>,
        err_code: String,
        message: String,
        trace_id: String,
    },
    /// Encrypting the request or decrypting a returned secret failed in the page.
    #[error("{call}: encryption failed: {source}")]
    Crypto {
        call: &'static str,
        source: CryptoError,
    },
    /// The agent is of a version or kind this console cannot drive.
    #[error("{call}: {detail}")]
    Unsupported { call: &'static str, detail: String },
    /// OCP answered with its error envelope (`docs/protocol/ocp.md` §4.1).
    #[error("{}: {} (OCP code {}, HTTP {})", .0.call, .0.message, .0.code, .0.status)]
    Ocp(Box<OcpRefusal>),
    /// The answer was not the envelope or payload this console expects.
    #[error("{call}: unexpected answer (HTTP {status}): {detail}")]
    Decode {
        call: &'static str,
        status: u16,
        detail: String,
    },
}

impl ApiError {
    /// A call that got no HTTP answer. A timeout's detail is kept in English (as the journal
    /// keeps it); the page says it in its language.
    pub fn no_answer(call: &'static str, e: NoAnswer) -> Self {
        Self::Transport {
            call,
            detail: no_answer_detail(e),
        }
    }

    /// A short name of the layer that failed, shown beside the message.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Transport { .. } => "network",
            Self::Agent { .. } => "agent",
            Self::Ocp(_) => "OCP",
            Self::Crypto { .. } => "encryption",
            Self::Decode { .. } => "response",
            Self::Unsupported { .. } => "version",
        }
    }

    /// The layer that failed, in `lang`.
    pub fn kind_in(&self, lang: Lang) -> &'static str {
        let t = tx::in_lang(lang);
        match self {
            Self::Transport { .. } => t.kind_network,
            Self::Agent { .. } => t.kind_agent,
            Self::Ocp(_) => "OCP",
            Self::Crypto { .. } => t.kind_encryption,
            Self::Decode { .. } => t.kind_response,
            Self::Unsupported { .. } => t.kind_version,
        }
    }

    /// The failure in `lang` (English: as [`Display`](std::fmt::Display) writes it). What the
    /// agent or OCP sent stays as sent.
    pub fn in_lang(&self, lang: Lang) -> String {
        let t = tx::in_lang(lang);
        match self {
            Self::Transport { call, detail } => {
                fill(t.transport, &[call, &detail_in(lang, detail)])
            }
            Self::Agent {
                call,
                err_code,
                message,
                ..
            } => fill(t.agent, &[call, message, err_code]),
            Self::Crypto { call, source } => fill(t.crypto, &[call, source]),
            Self::Unsupported { call, detail } => {
                fill(t.unsupported, &[call, &detail_in(lang, detail)])
            }
            Self::Ocp(r) => fill(t.ocp, &[&r.call, &r.message, &r.code, &r.status]),
            Self::Decode {
                call,
                status,
                detail,
            } => fill(t.decode, &[call, status, &detail_in(lang, detail)]),
        }
    }

    /// The failure in the console's language (tracked: call it in a closure).
    pub fn shown(&self) -> String {
        self.in_lang(crate::core::i18n::lang())
    }

    /// No answer of the agent's arrived (the network, or a proxy's 502/503/504): a mutation may
    /// have been carried out. Never to be read as a refusal.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Self::Transport { .. } => true,
            Self::Decode { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    /// The agent's dotted error code, when the agent refused.
    pub fn err_code(&self) -> Option<&str> {
        match self {
            Self::Agent { err_code, .. } => Some(err_code),
            _ => None,
        }
    }

    /// The backend's code as text, when it refused: the agent's dotted code, OCP's number.
    pub fn code_text(&self) -> String {
        match self {
            Self::Agent { err_code, .. } => err_code.clone(),
            Self::Ocp(r) => r.code.to_string(),
            _ => String::new(),
        }
    }

    /// The call that failed, e.g. `GET /api/v1/ob/info`.
    pub fn call(&self) -> &'static str {
        match self {
            Self::Transport { call, .. }
            | Self::Agent { call, .. }
            | Self::Crypto { call, .. }
            | Self::Decode { call, .. }
            | Self::Unsupported { call, .. } => call,
            Self::Ocp(r) => r.call,
        }
    }
}

/// OCP's refusal of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcpRefusal {
    pub call: &'static str,
    pub status: u16,
    /// 0 for errors raised before OCP sets a code (authentication, throttling).
    pub code: i64,
    pub message: String,
    pub sub_errors: Vec<obshell_protocol::ocp::SubError>,
    pub trace_id: String,
    pub server: String,
    /// For 429: the `RateLimit-Reset` seconds.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// OCP's refusal, boxed.
    pub fn ocp(refusal: OcpRefusal) -> Self {
        Self::Ocp(Box::new(refusal))
    }

    /// The HTTP status of an OCP refusal.
    pub fn ocp_status(&self) -> Option<u16> {
        match self {
            Self::Ocp(r) => Some(r.status),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_display_and_chinese_keeps_what_the_agent_sent() {
        let secs = REQUEST_TIMEOUT_MS / 1000;
        let errors = [
            ApiError::Transport {
                call: "GET /api/v1/tenants/overview",
                detail: timeout_text(Lang::En, secs),
            },
            ApiError::Agent {
                call: "GET /api/v1/ob/info",
                status: 401,
                code: Some(10008),
                err_code: "Security.Authentication.IncorrectOceanbasePassword".into(),
                message: "Unauthorized: OceanBase password is incorrect".into(),
                trace_id: "a1b2".into(),
            },
            ApiError::Decode {
                call: "GET /api/v1/info",
                status: 200,
                detail: "empty body".into(),
            },
            ApiError::Unsupported {
                call: "GET /api/v1/info",
                detail: obshell_protocol::obshell::version::Capabilities::from_info("4.2.0.0")
                    .expect_err("old")
                    .to_string(),
            },
        ];
        for e in &errors {
            assert_eq!(e.in_lang(Lang::En), e.to_string());
        }
        assert_eq!(
            errors[0].in_lang(Lang::Zh),
            "GET /api/v1/tenants/overview：网络错误：30 秒内没有应答（请求已放弃，结果未知）"
        );
        assert!(errors[0].to_string().contains("no answer within 30 s"));
        assert!(errors[1]
            .in_lang(Lang::Zh)
            .contains("Unauthorized: OceanBase password is incorrect（Security.Authentication.IncorrectOceanbasePassword）"));
        assert!(errors[2].in_lang(Lang::Zh).ends_with("应答为空"));
        assert!(
            errors[3]
                .in_lang(Lang::Zh)
                .contains("不支持 obshell 4.2.0.0"),
            "{}",
            errors[3].in_lang(Lang::Zh)
        );
        assert_eq!(errors[1].kind_in(Lang::Zh), "Agent");
        assert_eq!(errors[1].kind_in(Lang::En), errors[1].kind());
    }
}
