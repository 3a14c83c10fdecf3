//! Why a call to the agent failed, kept apart so the page can say which layer refused.

use obshell_protocol::CryptoError;
use thiserror::Error;

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
    /// OCP answered with its error envelope (`shared/spec/ocp-api.md` §4.1).
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
