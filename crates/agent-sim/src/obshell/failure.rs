//! Errors as the agent renders them: HTTP status, legacy `code`, dotted `errCode`, English text
//! and, from 4.3.1, the same text localised by `Accept-Language`; and, for agents before 4.3.1,
//! the numeric-only form of the same refusal.

use obshell_protocol::obshell::catalog::{
    self, ErrorSpec, LegacyCode, Violation, CODE_HEADER_DECRYPT, CODE_UNAUTHORIZED,
};
use obshell_protocol::obshell::version::AgentVersion;
use obshell_protocol::obshell::{AgentError, Lang};

/// One piece of a message the agent localises (`LocaleMessage` of its errors, the pieces
/// joined with `": "`): a catalog message, or words it keeps as they are (a plain Go error's
/// text, an `errors.Wrap` annotation).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Spec(ErrorSpec, Vec<String>),
    Text(String),
}

/// The pieces of one message, outermost first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Parts(Vec<Part>);

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
    /// differs from today's. (This and `parts` are boxed: a `Failure` is the error of most
    /// results and must stay small.)
    pub legacy_text: Option<Box<str>>,
    /// What the handler passed as data beside the error: Go writes a typed nil pointer as
    /// `"data": null`, a nil slice as `{"contents": null}`; `None`: no `data` key.
    pub data: Option<serde_json::Value>,
    /// The message's pieces for localisation, outermost first; empty for an answer the agent
    /// writes without its response middleware (a recovered panic), which is never localised.
    parts: Box<Parts>,
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
            parts: Box::default(),
        }
    }

    /// A plain error of the agent's catalog, its template filled with `args`.
    pub fn from_spec(spec: ErrorSpec, args: &[String]) -> Self {
        Self {
            legacy_text: spec
                .legacy_template()
                .map(|t| catalog::render_template(t, args).into()),
            parts: Box::new(Parts(vec![Part::Spec(spec, args.to_vec())])),
            ..Self::new(spec.status, spec.code, spec.render(args))
        }
    }

    /// The agent's `WrapRetain(outer, err, args…)`: status and code of the inner error, message
    /// prefixed with the outer code's (localised like the inner one).
    pub fn wrapped(self, outer: ErrorSpec, args: &[String]) -> Self {
        let words = outer.render(args);
        self.prefixed(&words, Part::Spec(outer, args.to_vec()))
    }

    /// The agent's `errors.Wrap(err, text)`: the message prefixed with `text`, which stays as
    /// written in every language.
    pub fn annotated(self, text: &str) -> Self {
        self.prefixed(text, Part::Text(text.to_owned()))
    }

    fn prefixed(mut self, words: &str, part: Part) -> Self {
        if self.parts.0.is_empty() {
            self.parts.0.push(Part::Text(self.message.clone()));
        }
        self.parts.0.insert(0, part);
        Self {
            message: format!("{words}: {}", self.message),
            legacy_text: self.legacy_text.map(|t| format!("{words}: {t}").into()),
            ..self
        }
    }

    /// The agent's `OccurWithMessage`: the code's message, then `: <extra>` (kept as written).
    pub fn wrapped_message(mut self, extra: &str) -> Self {
        self.parts.0.push(Part::Text(extra.to_owned()));
        Self {
            message: format!("{}: {extra}", self.message),
            legacy_text: self.legacy_text.map(|t| format!("{t}: {extra}").into()),
            ..self
        }
    }

    /// The message as an agent of `version` sends it: localised to `lang` when the request
    /// asked for a language it reads (see [`Lang::from_accept_language`]), else as built.
    pub fn message_in(&self, lang: Option<Lang>, version: AgentVersion) -> String {
        match lang {
            Some(lang) if !self.parts.0.is_empty() => self
                .parts
                .0
                .iter()
                .map(|part| match part {
                    Part::Spec(spec, args) => spec.render_in_version(lang, version, args),
                    Part::Text(text) => text.clone(),
                })
                .collect::<Vec<_>>()
                .join(": "),
            _ => self.message.clone(),
        }
    }

    /// What an agent before 4.3.1 said instead, where its words differ from the code's legacy
    /// template (they are sent behind the legacy code's prefix).
    pub fn with_legacy_text(mut self, text: impl Into<String>) -> Self {
        self.legacy_text = Some(text.into().into_boxed_str());
        self
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
            .or_else(|| self.legacy_text.as_deref().map(str::to_owned))
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

    /// The error object of 4.3.1 and later, its message in `lang` (see [`Failure::message_in`]).
    pub fn to_agent_error(&self, lang: Option<Lang>, version: AgentVersion) -> AgentError {
        AgentError {
            code: self.code,
            err_code: self.err_code.to_owned(),
            message: self.message_in(lang, version),
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
        Self::from_spec(*v.spec, &v.args)
    }
}
