//! The auth header JSON (docs/protocol/obshell-auth.md §2.4): built by the client, and decoded by
//! the agent with Go's rules (keys matched case-insensitively, of two equal keys the later wins,
//! strict types, unknown keys ignored).

use rand_core::{CryptoRng, RngCore};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::obshell::aes_body::SessionKey;
use crate::obshell::error::CryptoError;
use crate::obshell::rsa_key::{decode_base64, AgentPublicKey};

/// What the console puts into `X-OCS-Header` before RSA encryption.
#[derive(Serialize)]
pub struct AuthHeader<'a> {
    #[serde(rename = "Auth")]
    auth: &'a str,
    #[serde(rename = "Ts")]
    ts: String,
    #[serde(rename = "Uri")]
    uri: &'a str,
    #[serde(rename = "Keys", skip_serializing_if = "Option::is_none")]
    keys: Option<String>,
    #[serde(rename = "session_id", skip_serializing_if = "Option::is_none")]
    session_id: Option<&'a str>,
}

impl std::fmt::Debug for AuthHeader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credential never reaches a log line.
        f.debug_struct("AuthHeader")
            .field("ts", &self.ts)
            .field("uri", &self.uri)
            .finish_non_exhaustive()
    }
}

impl<'a> AuthHeader<'a> {
    /// `auth` is the root password (empty when a session is used), `expires_at` the expiry in
    /// agent Unix seconds, `uri` the exact request target that will be fetched.
    pub fn new(auth: &'a str, expires_at: i64, uri: &'a str) -> Self {
        Self {
            auth,
            ts: expires_at.to_string(),
            uri,
            keys: None,
            session_id: None,
        }
    }

    /// Carries the request's AES key and IV (needed with a body, and for login).
    pub fn with_keys(mut self, key: &SessionKey) -> Self {
        self.keys = Some(key.keys_base64());
        self
    }

    /// Authenticates with a session from `/api/v1/login` instead of the password.
    pub fn with_session(mut self, session_id: &'a str) -> Self {
        self.session_id = Some(session_id);
        self
    }

    /// The plaintext JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising a struct of strings cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The value of the `X-OCS-Header` HTTP header.
    pub fn encrypt<R: RngCore + CryptoRng>(
        &self,
        key: &AgentPublicKey,
        rng: &mut R,
    ) -> Result<String, CryptoError> {
        key.encrypt_sectional(rng, &self.to_json())
    }
}

/// The header as the agent decodes it (Go struct `HttpHeader` plus `session_id`, `ssotoken`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceivedHeader {
    pub auth: String,
    pub ts: String,
    pub uri: String,
    /// Raw bytes of `Keys` (key ‖ IV); `None` when absent or null.
    pub keys: Option<Vec<u8>>,
    pub session_id: String,
    pub sso_token: String,
    pub token: String,
    pub forward_type: i64,
}

const GO_TYPE: &str = "secure.HttpHeader";
const GO_STRUCT: &str = "HttpHeader";

impl ReceivedHeader {
    /// Decodes decrypted header bytes as Go's `encoding/json` would.
    pub fn from_json(bytes: &[u8]) -> Result<Self, CryptoError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| CryptoError::HeaderJson(go_syntax_text(&e)))?;
        let entries = match value {
            Value::Object(_) => {
                let ordered: Ordered = serde_json::from_slice(bytes)
                    .map_err(|e| CryptoError::HeaderJson(go_syntax_text(&e)))?;
                ordered.0
            }
            Value::Null => return Ok(Self::default()),
            other => {
                return Err(CryptoError::HeaderJson(format!(
                    "json: cannot unmarshal {} into Go value of type {GO_TYPE}",
                    json_kind(&other)
                )))
            }
        };
        let mut header = Self::default();
        let mut first_error: Option<String> = None;
        for (key, value) in entries {
            let folded = key.to_ascii_lowercase();
            let result = match folded.as_str() {
                "auth" => set_string(&mut header.auth, value, "Auth"),
                "ts" => set_string(&mut header.ts, value, "Ts"),
                "uri" => set_string(&mut header.uri, value, "Uri"),
                "token" => set_string(&mut header.token, value, "Token"),
                "session_id" => set_string(&mut header.session_id, value, "SessionID"),
                "ssotoken" => set_string(&mut header.sso_token, value, "SSOToken"),
                "sha256" => set_string(&mut String::new(), value, "Sha256"),
                "keys" => set_bytes(&mut header.keys, value),
                "forwardtype" => set_int(&mut header.forward_type, value, "ForwardType"),
                "forwardagent" => match value {
                    Value::Object(_) | Value::Null => Ok(()),
                    other => Err(type_error(&other, "ForwardAgent", "meta.AgentInfo")),
                },
                _ => Ok(()),
            };
            if let (Err(e), None) = (result, &first_error) {
                first_error = Some(e);
            }
        }
        match first_error {
            Some(e) => Err(CryptoError::HeaderJson(e)),
            None => Ok(header),
        }
    }
}

/// A JSON object's entries in document order (serde_json's map would sort them).
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_error(v: &Value, field: &str, go_type: &str) -> String {
    let kind = match v {
        Value::Number(n) => format!("number {n}"),
        other => json_kind(other).to_owned(),
    };
    format!(
        "json: cannot unmarshal {kind} into Go struct field {GO_STRUCT}.{field} of type {go_type}"
    )
}

fn set_string(slot: &mut String, v: Value, field: &str) -> Result<(), String> {
    match v {
        Value::String(s) => {
            *slot = s;
            Ok(())
        }
        Value::Null => Ok(()),
        other => Err(type_error(&other, field, "string")),
    }
}

fn set_bytes(slot: &mut Option<Vec<u8>>, v: Value) -> Result<(), String> {
    match v {
        Value::String(s) => {
            *slot = Some(decode_base64(&s).map_err(|e| e.to_string())?);
            Ok(())
        }
        Value::Null => {
            *slot = None;
            Ok(())
        }
        other => Err(type_error(&other, "Keys", "[]uint8")),
    }
}

fn set_int(slot: &mut i64, v: Value, field: &str) -> Result<(), String> {
    match v {
        Value::Number(n) if n.as_i64().is_some() => {
            *slot = n.as_i64().unwrap_or_default();
            Ok(())
        }
        Value::Null => Ok(()),
        other => Err(type_error(&other, field, "int")),
    }
}

/// serde_json reports positions; Go reports what it found. Keep the gist, drop the position.
fn go_syntax_text(e: &serde_json::Error) -> String {
    if e.is_eof() {
        "unexpected end of JSON input".to_owned()
    } else {
        let text = e.to_string();
        match text.find(" at line ") {
            Some(cut) => text[..cut].to_owned(),
            None => text,
        }
    }
}

/// Parses a decimal integer the way Go's `strconv.ParseInt(s, 10, 64)` does (an optional sign,
/// digits only), returning Go's error text on failure.
pub fn parse_go_int(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.ParseInt: parsing {s:?}: invalid syntax"));
    }
    s.parse::<i64>()
        .map_err(|_| format!("strconv.ParseInt: parsing {s:?}: value out of range"))
}
