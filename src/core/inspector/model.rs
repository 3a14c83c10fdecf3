//! The request inspector's data, pure (tested natively): what one request of this tab was, with
//! every secret masked by construction. The recorder never receives a password, a session id,
//! an AES key or a Basic credential in clear: a sealed header is described by the *names* of
//! its fields and their non-secret values ([`agent_header`], [`basic_header`]), and a body
//! comes in as a [`MaskedBody`], whose only constructor masks every secret-looking field (and
//! wipes the parsed copy of the secret it replaces).

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;
use zeroize::Zeroize;

pub use crate::core::backend::BackendKind;

/// What a secret is shown as (in the panel and in the export).
pub const MASK: &str = "•••";

/// How many requests the inspector keeps (the oldest go first).
pub const CAPACITY: usize = 500;

/// One field of a request's authentication header, as the console built it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderField {
    pub name: &'static str,
    /// The value in clear when it is not secret; [`MASK`] when it is.
    pub value: String,
    /// The value is a secret (shown masked).
    pub secret: bool,
}

impl HeaderField {
    fn plain(name: &'static str, value: String) -> Self {
        Self {
            name,
            value,
            secret: false,
        }
    }

    fn secret(name: &'static str) -> Self {
        Self {
            name,
            value: MASK.to_owned(),
            secret: true,
        }
    }
}

/// How a sealed agent request proves who sends it (no credential inside, only which kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentAuth {
    /// The root password in `Auth`.
    Password,
    /// A login session: `Auth` empty, `session_id` set.
    Session,
}

/// The JSON fields of the agent's `X-OCS-Header` before RSA encryption
/// (docs/protocol/obshell-auth.md §2.4): `Auth`, `Ts`, `Uri`, and `Keys` (the AES key and IV) and
/// `session_id` when present. Only `Ts` and `Uri` are shown; `Auth`, `Keys` and `session_id` are
/// masked (an empty `Auth`, as a session sends it, is shown empty).
pub fn agent_header(auth: AgentAuth, ts: i64, uri: &str, keys: bool) -> Vec<HeaderField> {
    let mut fields = vec![
        match auth {
            AgentAuth::Password => HeaderField::secret("Auth"),
            AgentAuth::Session => HeaderField::plain("Auth", String::new()),
        },
        HeaderField::plain("Ts", ts.to_string()),
        HeaderField::plain("Uri", uri.to_owned()),
    ];
    if keys {
        fields.push(HeaderField::secret("Keys"));
    }
    if auth == AgentAuth::Session {
        fields.push(HeaderField::secret("session_id"));
    }
    fields
}

/// OCP's HTTP Basic header: `Authorization: Basic •••`.
pub fn basic_header() -> Vec<HeaderField> {
    vec![HeaderField {
        name: "Authorization",
        value: format!("Basic {MASK}"),
        secret: true,
    }]
}

/// Whether a JSON field's name says it holds a secret (passwords of every kind, session ids,
/// keys, tokens, credentials).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['_', '-'], "");
    const WORDS: [&str; 8] = [
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "credential",
        "sessionid",
        "privatekey",
    ];
    WORDS.iter().any(|w| n.contains(w))
        || matches!(n.as_str(), "auth" | "authorization" | "keys" | "key" | "iv")
}

/// A request body with its secrets masked: the only way to hand a body to the inspector.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MaskedBody {
    /// JSON, every secret field's value replaced by [`MASK`].
    Json(Value),
    /// Not JSON: only its size is kept.
    Opaque { bytes: usize },
}

impl MaskedBody {
    /// Masks the JSON body `plain` (the bytes about to be encrypted or sent). The parsed copies
    /// of the secrets are wiped as they are replaced.
    pub fn from_json(plain: &[u8]) -> Self {
        match serde_json::from_slice::<Value>(plain) {
            Ok(mut value) => {
                mask(&mut value);
                Self::Json(value)
            }
            Err(_) => Self::Opaque { bytes: plain.len() },
        }
    }

    /// The body as indented JSON (what the panel shows).
    pub fn pretty(&self) -> String {
        match self {
            Self::Json(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
            Self::Opaque { bytes } => format!("({bytes} bytes, not JSON)"),
        }
    }
}

fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => map.values_mut().for_each(wipe),
        _ => {}
    }
}

fn mask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (name, v) in map.iter_mut() {
                if is_secret_name(name) {
                    wipe(v);
                    *v = Value::String(MASK.to_owned());
                } else {
                    mask(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

/// What the layer that builds a request knows before sending it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// Which kind of backend it goes to (an agent and OCP may share a prefix).
    #[serde(skip)]
    pub kind: BackendKind,
    pub method: &'static str,
    /// The backend's path prefix (`""` or `/agents/east`).
    pub prefix: String,
    /// The bare target the backend sees (and, for the agent, the signed `Uri`).
    pub target: String,
    pub header: Vec<HeaderField>,
    pub body: Option<MaskedBody>,
    /// The name of the request header that carries the sealed header (its size is measured).
    #[serde(skip)]
    pub sealed_header: Option<&'static str>,
}

impl Request {
    /// A request with neither authentication nor body (the agent's open calls).
    pub fn open(method: &'static str, prefix: &str, target: &str) -> Self {
        Self {
            kind: BackendKind::Obshell,
            method,
            prefix: prefix.to_owned(),
            target: target.to_owned(),
            header: Vec::new(),
            body: None,
            sealed_header: None,
        }
    }
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// Sent, no answer yet.
    Pending,
    /// An HTTP answer.
    Status { status: u16 },
    /// No answer within the deadline: abandoned, its outcome unknown.
    Timeout,
    /// The network failed (or the request could not be made): its outcome unknown.
    NoAnswer { detail: String },
    /// The page that sent it was left before the answer came: the request went, its answer was
    /// not read (the console stopped waiting; the backend may well have answered).
    Unread,
}

impl Answer {
    /// The request failed: no answer, or an HTTP status outside 2xx.
    pub fn failed(&self) -> bool {
        match self {
            Self::Pending | Self::Unread => false,
            Self::Status { status } => !(200..300).contains(status),
            Self::Timeout | Self::NoAnswer { .. } => true,
        }
    }
}

/// What the transport learnt sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub answer: Answer,
    pub duration_ms: u64,
    /// The `traceId` of the answer's envelope (agent and OCP alike), empty when none.
    pub trace_id: String,
    /// Bytes of the sealed header value as sent (`None` without one).
    pub header_bytes: Option<usize>,
    /// Bytes of the body as sent (encrypted for the agent).
    pub body_bytes: Option<usize>,
}

impl Outcome {
    /// A request that got no answer the console read (`answer`: a timeout, or unread): no
    /// trace id, no sizes.
    pub fn unanswered(answer: Answer, duration_ms: u64) -> Self {
        Self {
            answer,
            duration_ms,
            trace_id: String::new(),
            header_bytes: None,
            body_bytes: None,
        }
    }
}

/// The trace id of an answer's envelope (`traceId` at the top level), if it is JSON.
pub fn trace_id_of(text: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "traceId", default)]
        trace_id: Option<String>,
    }
    serde_json::from_str::<Head>(text)
        .ok()
        .and_then(|h| h.trace_id)
        .unwrap_or_default()
}

/// One request of this tab.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: u64,
    /// The backend's name in `console.json`.
    pub backend: String,
    /// When it was sent, by this browser's clock (RFC 3339, UTC).
    pub at: String,
    /// What was sent (method, prefix, target, the plain header fields and the masked body).
    #[serde(flatten)]
    pub request: Request,
    pub answer: Answer,
    pub duration_ms: Option<u64>,
    pub trace_id: String,
    pub header_bytes: Option<usize>,
    pub body_bytes: Option<usize>,
}

impl Entry {
    /// Whether `text` (lower case) is found in its method, backend, target, status or trace id.
    fn matches(&self, text: &str) -> bool {
        if text.is_empty() {
            return true;
        }
        let status = match &self.answer {
            Answer::Status { status } => status.to_string(),
            Answer::Pending => "pending".to_owned(),
            Answer::Timeout => "timeout no answer".to_owned(),
            Answer::NoAnswer { .. } => "no answer".to_owned(),
            Answer::Unread => "unread page left".to_owned(),
        };
        let r = &self.request;
        [
            r.method,
            &self.backend,
            &r.prefix,
            &r.target,
            &status,
            &self.trace_id,
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(text))
    }
}

/// The requests of this tab, the newest last, at most [`CAPACITY`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Log {
    next_id: u64,
    entries: VecDeque<Entry>,
}

impl Log {
    /// Records a request about to be sent; its id, to complete it with.
    pub fn begin(&mut self, backend: String, at: String, req: Request) -> u64 {
        self.next_id += 1;
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(Entry {
            id: self.next_id,
            backend,
            at,
            request: req,
            answer: Answer::Pending,
            duration_ms: None,
            trace_id: String::new(),
            header_bytes: None,
            body_bytes: None,
        });
        self.next_id
    }

    /// Completes request `id` (nothing when it was emptied away meanwhile, e.g. by Lock).
    pub fn finish(&mut self, id: u64, outcome: Outcome) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.id == id) {
            e.answer = outcome.answer;
            e.duration_ms = Some(outcome.duration_ms);
            e.trace_id = outcome.trace_id;
            e.header_bytes = outcome.header_bytes;
            e.body_bytes = outcome.body_bytes;
        }
    }

    /// Forgets every request of the backend of `kind` behind `prefix` (Lock).
    pub fn forget_backend(&mut self, kind: BackendKind, prefix: &str) {
        self.entries
            .retain(|e| e.request.kind != kind || e.request.prefix != prefix);
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The requests whose method, backend, target, status or trace id contains `text` (any
    /// case), only the failed ones if `failed_only`; the newest first.
    pub fn filtered(&self, text: &str, failed_only: bool) -> Vec<Entry> {
        let text = text.trim().to_lowercase();
        self.entries
            .iter()
            .rev()
            .filter(|e| !failed_only || e.answer.failed())
            .filter(|e| e.matches(&text))
            .cloned()
            .collect()
    }
}

/// The requests as a JSON file's text (secrets are masked already: nothing else to remove).
pub fn export_json(entries: &[Entry]) -> String {
    serde_json::to_string_pretty(entries).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests;
