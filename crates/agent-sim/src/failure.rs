//! Errors as the agent renders them: HTTP status, legacy `code`, dotted `errCode`, English text.

use obshell_protocol::catalog::{ErrorSpec, Violation};
use obshell_protocol::err_codes as codes;
use obshell_protocol::AgentError;

/// The legacy numeric code still sent with most authentication failures.
const CODE_UNAUTHORIZED: i64 = 10008;

/// One refusal of the agent, ready to be written as an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    pub code: Option<i64>,
    pub err_code: &'static str,
    pub message: String,
    /// Failures raised before the agent's trace middleware runs carry an empty `traceId`.
    pub before_trace: bool,
}

impl Failure {
    pub fn new(status: u16, err_code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: None,
            err_code,
            message: message.into(),
            before_trace: false,
        }
    }

    /// A plain error of the agent's catalog, its template filled with `args`.
    pub fn from_spec(spec: ErrorSpec, args: &[String]) -> Self {
        Self::new(spec.status, spec.code, spec.render(args))
    }

    /// The agent's "retain" wrapper: status and code of the inner error, message prefixed.
    pub fn wrapped(self, outer: &str) -> Self {
        Self {
            message: format!("{outer}: {}", self.message),
            ..self
        }
    }

    /// The agent's `OccurWithMessage`: the code's message, then `: <extra>`.
    pub fn wrapped_message(self, extra: &str) -> Self {
        Self {
            message: format!("{}: {extra}", self.message),
            ..self
        }
    }

    fn with_code(mut self, code: i64) -> Self {
        self.code = Some(code);
        self
    }

    fn early(mut self) -> Self {
        self.before_trace = true;
        self
    }

    pub fn to_agent_error(&self) -> AgentError {
        AgentError {
            code: self.code,
            err_code: self.err_code.to_owned(),
            message: self.message.clone(),
            sub_errors: Vec::new(),
        }
    }

    pub fn header_not_found() -> Self {
        Self::new(
            400,
            codes::HEADER_NOT_FOUND,
            "X-OCS-Agent-Header or X-OCS-Header not found in http request header",
        )
    }

    pub fn header_decrypt(reason: &str) -> Self {
        Self::new(
            401,
            codes::HEADER_DECRYPT_FAILED,
            format!("Decrypt http header failed: {reason}"),
        )
        .with_code(1)
        .early()
    }

    pub fn body_key_and_iv() -> Self {
        Self::new(
            500,
            codes::BODY_KEY_AND_IV_INVALID,
            "Unauthorized: AES key and IV size error",
        )
        .early()
    }

    pub fn body_content_length() -> Self {
        Self::new(
            500,
            codes::BODY_CONTENT_LENGTH_INVALID,
            "Unauthorized: Decrypted string length is not a multiple of the block size",
        )
        .early()
    }

    pub fn uri_mismatch() -> Self {
        Self::new(401, codes::URI_MISMATCH, "URI mismatch").with_code(CODE_UNAUTHORIZED)
    }

    /// An authentication failure on the password path: wrapped as `Unauthorized: <inner>`.
    fn unauthorized(err_code: &'static str, inner: &str) -> Self {
        Self::new(401, err_code, format!("Unauthorized: {inner}")).with_code(CODE_UNAUTHORIZED)
    }

    pub fn incorrect_ob_password() -> Self {
        Self::unauthorized(
            codes::INCORRECT_OB_PASSWORD,
            "OceanBase password is incorrect",
        )
    }

    pub fn incorrect_agent_password() -> Self {
        Self::unauthorized(
            codes::INCORRECT_AGENT_PASSWORD,
            "Agent password is incorrect",
        )
    }

    pub fn agent_password_not_set() -> Self {
        Self::unauthorized(
            codes::WITH_OB_PASSWORD,
            "Should use oceanbase_password to verify: agent password is not initialized",
        )
    }

    pub fn expired_password_path() -> Self {
        Self::unauthorized(codes::AUTH_EXPIRED, "Authentication expired")
    }

    pub fn expired_session_path() -> Self {
        Self::new(401, codes::AUTH_EXPIRED, "Authentication expired").with_code(CODE_UNAUTHORIZED)
    }

    pub fn timestamp_invalid(ts: &str, parse_error: &str) -> Self {
        Self::unauthorized(
            codes::TIMESTAMP_INVALID,
            &format!("Invalid timestamp: {ts}, err: {parse_error}"),
        )
    }

    pub fn session_invalid() -> Self {
        Self::new(401, codes::SESSION_INVALID, "Session is invalid").with_code(CODE_UNAUTHORIZED)
    }

    pub fn session_expired() -> Self {
        Self::new(401, codes::SESSION_EXPIRED, "Session is expired").with_code(CODE_UNAUTHORIZED)
    }

    pub fn not_found() -> Self {
        Self::new(404, codes::NOT_FOUND, "Element not found: 404 not found")
    }

    pub fn not_cluster_agent(addr: &str, identity: &str) -> Self {
        Self::new(
            400,
            codes::NOT_CLUSTER_AGENT,
            format!("'{addr}' is '{identity}', instead of 'CLUSTER AGENT', does not support this operation"),
        )
    }
}

impl From<Violation> for Failure {
    fn from(v: Violation) -> Self {
        Self::from_spec(v.spec, &v.args)
    }
}
