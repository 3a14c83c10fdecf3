//! Errors as the agent renders them: HTTP status, legacy `code`, dotted `errCode`, English text;
//! and, for agents before 4.3.1, the numeric-only form of the same refusal.

use obshell_protocol::catalog::{
    self, ErrorSpec, LegacyCode, Violation, CODE_HEADER_DECRYPT, CODE_UNAUTHORIZED,
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
    /// The old agents' own text for it (legacy template filled in, wrappers applied), when it
    /// differs from today's.
    pub legacy_text: Option<String>,
    /// What the handler passed as data beside the error: Go writes a typed nil pointer as
    /// `"data": null`, a nil slice as `{"contents": null}`; `None`: no `data` key.
    pub data: Option<serde_json::Value>,
}

impl Failure {
    pub fn new(status: u16, err_code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: None,
            err_code,
            message: message.into(),
            before_trace: false,
            legacy_text: None,
            data: None,
        }
    }

    /// A plain error of the agent's catalog, its template filled with `args`.
    pub fn from_spec(spec: ErrorSpec, args: &[String]) -> Self {
        Self {
            legacy_text: spec
                .legacy_template()
                .map(|t| catalog::render_template(t, args)),
            ..Self::new(spec.status, spec.code, spec.render(args))
        }
    }

    /// The agent's "retain" wrapper: status and code of the inner error, message prefixed.
    pub fn wrapped(self, outer: &str) -> Self {
        Self {
            message: format!("{outer}: {}", self.message),
            legacy_text: self.legacy_text.map(|t| format!("{outer}: {t}")),
            ..self
        }
    }

    /// The agent's `OccurWithMessage`: the code's message, then `: <extra>`.
    pub fn wrapped_message(self, extra: &str) -> Self {
        Self {
            message: format!("{}: {extra}", self.message),
            legacy_text: self.legacy_text.map(|t| format!("{t}: {extra}")),
            ..self
        }
    }

    /// The envelope carries `"data": null` (see [`Failure::data`]).
    pub fn with_null_data(self) -> Self {
        self.with_data(serde_json::Value::Null)
    }

    /// The envelope carries `data` beside the error (see [`Failure::data`]).
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }

    /// The catalog spec of the failure's code (specs sharing a code share their legacy form).
    fn spec(&self) -> Option<&'static ErrorSpec> {
        catalog::by_code(self.err_code)
    }

    /// The numeric code an agent before 4.3.1 sent for this failure.
    pub fn legacy_code(&self) -> LegacyCode {
        match self.spec() {
            Some(spec) => spec.legacy(),
            None => match self.status {
                400 => LegacyCode::ILLEGAL_ARGUMENT,
                401 => LegacyCode::UNAUTHORIZED,
                404 => LegacyCode::NOT_FOUND,
                _ => LegacyCode::UNEXPECTED,
            },
        }
    }

    /// The error object as an agent before 4.3.1 wrote it: `code` always present, no
    /// `errCode`, the message behind the old code's prefix (never twice).
    pub fn to_legacy_error(&self) -> serde_json::Value {
        let legacy = self.legacy_code();
        let text = self
            .spec()
            .and_then(ErrorSpec::legacy_auth_text)
            .map(str::to_owned)
            .or_else(|| self.legacy_text.clone())
            .unwrap_or_else(|| self.message.clone());
        let message = if text.starts_with(legacy.prefix) {
            text
        } else {
            format!("{}{text}", legacy.prefix)
        };
        serde_json::json!({ "code": legacy.code, "message": message })
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
