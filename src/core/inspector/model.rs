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
mod tests {
    use super::*;
    use obshell_protocol::obshell::{seal_request, AgentPublicKey, Credential};

    const KEY: &str = "MIGJAoGBAMb3ZKSC4cmGJ5Cc3c0KssC2vPYuerkhlF8Rgs/cF0Hnvffw0TvN8FOvOgjukMF1YKT71mwxCH4N+bXyg4Dd9v1I3hftOWH2GVt2idgKeTxNBRzQp9JWbXibDSSbzSUHfYP+xQ/5UB+c81qfKN4e0JLp26Ce15Y7wI4FK/6VFTBzAgMBAAE=";

    fn done(status: u16, trace: &str) -> Outcome {
        Outcome {
            answer: Answer::Status { status },
            duration_ms: 12,
            trace_id: trace.to_owned(),
            header_bytes: Some(344),
            body_bytes: Some(64),
        }
    }

    #[test]
    fn a_recorded_header_and_body_hold_no_secret() {
        let password = "R00t#pw-5ecret";
        let target_password = "T4rget-5ecret";
        let body = serde_json::json!({
            "agent_info": {"ip": "10.0.0.9", "port": 2886},
            "target_agent_password": target_password,
            "obConfigs": [{"rootPassword": password, "name": "x"}],
            "zone": "z1",
        })
        .to_string();
        // Seal it as the session does, to know every secret byte that went out.
        let key = AgentPublicKey::from_base64(KEY).expect("key");
        let sealed = seal_request(
            &mut rand_core::OsRng,
            &key,
            Credential::Password(password),
            1_800_000_000,
            "/api/v1/ob/scale_out",
            Some(body.as_bytes()),
            false,
        )
        .expect("sealed");
        let aes = sealed.key.as_ref().expect("a body key").keys_base64();
        let mut log = Log::default();
        let id = log.begin(
            "agent".into(),
            "t".into(),
            Request {
                kind: BackendKind::Obshell,
                method: "POST",
                prefix: String::new(),
                target: "/api/v1/ob/scale_out".into(),
                header: agent_header(
                    AgentAuth::Password,
                    1_800_000_000,
                    "/api/v1/ob/scale_out",
                    true,
                ),
                body: Some(MaskedBody::from_json(body.as_bytes())),
                sealed_header: Some("X-OCS-Header"),
            },
        );
        log.finish(id, done(200, "tr-1"));
        let session = log.begin(
            "agent".into(),
            "t".into(),
            Request {
                kind: BackendKind::Obshell,
                method: "POST",
                prefix: String::new(),
                target: "/api/v1/logout".into(),
                header: agent_header(AgentAuth::Session, 1, "/api/v1/logout", true),
                body: Some(MaskedBody::from_json(br#"{"session_id":"sess-1d-5ecret"}"#)),
                sealed_header: Some("X-OCS-Header"),
            },
        );
        log.finish(session, done(200, "tr-2"));
        let all = log.filtered("", false);
        let json = export_json(&all);
        let debug = format!("{log:?}");
        let (aes_key, aes_iv) = aes.split_at(aes.len() / 2);
        for text in [&json, &debug] {
            for secret in [
                password,
                target_password,
                "sess-1d",
                "5ecret",
                &aes,
                aes_key,
                aes_iv,
            ] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            assert!(text.contains("/api/v1/ob/scale_out"));
            assert!(text.contains("tr-1"));
            assert!(text.contains("10.0.0.9"), "the rest of the body is kept");
        }
        let names: Vec<_> = all[1]
            .request
            .header
            .iter()
            .map(|f| (f.name, f.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Auth", MASK),
                ("Ts", "1800000000"),
                ("Uri", "/api/v1/ob/scale_out"),
                ("Keys", MASK)
            ]
        );
        let body = all[1].request.body.as_ref().expect("body").pretty();
        assert!(body.contains(r#""target_agent_password": "•••""#), "{body}");
        assert!(body.contains(r#""rootPassword": "•••""#), "{body}");
        assert!(basic_header()[0].value == "Basic •••");
    }

    #[test]
    fn secret_names_are_recognised_and_others_kept() {
        for name in [
            "password",
            "target_agent_password",
            "rootPassword",
            "root_pwd",
            "session_id",
            "sessionId",
            "Keys",
            "Auth",
            "accessToken",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "zone",
            "tenant_name",
            "unit_num",
            "keyword",
            "author",
            "monkeys",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
        assert_eq!(
            MaskedBody::from_json(b"not json"),
            MaskedBody::Opaque { bytes: 8 }
        );
    }

    #[test]
    fn the_log_is_bounded_filtered_and_emptied_per_backend() {
        let mut log = Log::default();
        for i in 0..(CAPACITY + 20) {
            let prefix = if i % 2 == 0 { "" } else { "/agents/east" };
            let id = log.begin(
                "b".into(),
                "t".into(),
                Request::open("GET", prefix, &format!("/api/v1/x/{i}")),
            );
            let outcome = if i == CAPACITY + 19 {
                Outcome::unanswered(Answer::Timeout, 30_000)
            } else {
                done(
                    if i == CAPACITY + 18 { 500 } else { 200 },
                    &format!("tr-{i}"),
                )
            };
            log.finish(id, outcome);
        }
        assert_eq!(log.len(), CAPACITY, "the oldest requests go");
        let newest = log.filtered("", false);
        assert_eq!(
            newest[0].request.target,
            format!("/api/v1/x/{}", CAPACITY + 19)
        );
        let failed = log.filtered("", true);
        assert_eq!(failed.len(), 2, "a 500 and a timeout");
        assert_eq!(
            log.filtered("TR-510", false).len(),
            1,
            "by trace id, any case"
        );
        assert_eq!(
            log.filtered("no answer", false).len(),
            1,
            "a timeout is no answer"
        );
        assert_eq!(log.filtered("timeout", false).len(), 1);
        // OCP behind the same prefix as an agent keeps its requests when the agent is locked.
        let ocp = log.begin(
            "ocp".into(),
            "t".into(),
            Request {
                kind: BackendKind::Ocp,
                header: basic_header(),
                ..Request::open("GET", "/agents/east", "/api/v2/info")
            },
        );
        log.finish(ocp, done(200, "ocp-tr"));
        log.forget_backend(BackendKind::Obshell, "/agents/east");
        assert_eq!(log.len(), CAPACITY / 2);
        let left = log.filtered("", false);
        assert_eq!(left[0].backend, "ocp");
        assert!(left[1..].iter().all(|e| e.request.prefix.is_empty()));
        log.forget_backend(BackendKind::Ocp, "/agents/east");
        assert_eq!(log.len(), CAPACITY / 2 - 1);
        // A request completed after Lock emptied it stays gone.
        log.clear();
        log.finish(3, done(200, "late"));
        assert!(log.is_empty());
    }

    #[test]
    fn a_request_left_unread_is_neither_pending_nor_failed() {
        let mut log = Log::default();
        let id = log.begin(
            "b".into(),
            "t".into(),
            Request::open("GET", "", "/api/v1/task/dag/7"),
        );
        assert_eq!(log.filtered("pending", false).len(), 1);
        log.finish(id, Outcome::unanswered(Answer::Unread, 500));
        assert!(
            log.filtered("pending", false).is_empty(),
            "no longer pending"
        );
        assert!(
            log.filtered("", true).is_empty(),
            "not a failure of the backend"
        );
        assert_eq!(log.filtered("page left", false).len(), 1);
    }
}
