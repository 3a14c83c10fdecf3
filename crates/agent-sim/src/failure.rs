//! Errors as the agent renders them: HTTP status, legacy `code`, dotted `errCode`, English text.

use obshell_protocol::catalog::{
    self, ErrorSpec, Violation, CODE_HEADER_DECRYPT, CODE_UNAUTHORIZED,
};
use obshell_protocol::AgentError;

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
        Self::from_spec(catalog::HEADER_NOT_FOUND, &[])
    }

    pub fn header_decrypt(reason: &str) -> Self {
        Self::from_spec(catalog::HEADER_DECRYPT_FAILED, &[reason.to_owned()])
            .with_code(CODE_HEADER_DECRYPT)
            .early()
    }

    pub fn body_key_and_iv() -> Self {
        Self::from_spec(catalog::BODY_KEY_AND_IV_INVALID, &[]).early()
    }

    pub fn body_content_length() -> Self {
        Self::from_spec(catalog::BODY_CONTENT_LENGTH_INVALID, &[]).early()
    }

    /// An authentication failure that also carries the legacy numeric code.
    fn unauthorized(spec: ErrorSpec, args: &[String]) -> Self {
        Self::from_spec(spec, args).with_code(CODE_UNAUTHORIZED)
    }

    pub fn uri_mismatch() -> Self {
        Self::unauthorized(catalog::URI_MISMATCH, &[])
    }

    pub fn incorrect_ob_password() -> Self {
        Self::unauthorized(catalog::INCORRECT_OB_PASSWORD, &[])
    }

    pub fn incorrect_agent_password() -> Self {
        Self::unauthorized(catalog::INCORRECT_AGENT_PASSWORD, &[])
    }

    pub fn agent_password_not_set() -> Self {
        Self::unauthorized(catalog::WITH_OB_PASSWORD, &[])
    }

    /// The password path wraps the message as `Unauthorized: <inner>`.
    pub fn expired_password_path() -> Self {
        Self::unauthorized(catalog::AUTH_EXPIRED, &[])
    }

    /// The session path does not.
    pub fn expired_session_path() -> Self {
        Self::unauthorized(catalog::AUTH_EXPIRED_SESSION, &[])
    }

    pub fn timestamp_invalid(ts: &str, parse_error: &str) -> Self {
        Self::unauthorized(
            catalog::TIMESTAMP_INVALID,
            &[ts.to_owned(), parse_error.to_owned()],
        )
    }

    pub fn session_invalid() -> Self {
        Self::unauthorized(catalog::SESSION_INVALID, &[])
    }

    pub fn session_expired() -> Self {
        Self::unauthorized(catalog::SESSION_EXPIRED, &[])
    }

    pub fn not_found() -> Self {
        Self::from_spec(catalog::NOT_FOUND, &["404 not found".to_owned()])
    }

    pub fn not_cluster_agent(addr: &str, identity: &str) -> Self {
        Self::from_spec(
            catalog::AGENT_NOT_CLUSTER,
            &[
                addr.to_owned(),
                identity.to_owned(),
                "CLUSTER AGENT".to_owned(),
            ],
        )
    }
}

impl From<Violation> for Failure {
    fn from(v: Violation) -> Self {
        Self::from_spec(v.spec, &v.args)
    }
}
