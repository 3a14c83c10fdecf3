//! The agent client. An [`AgentClient`] can only read what the agent publishes; a [`Session`]
//! holds the agent's public key and the password and can call protected endpoints.

use gloo_net::http::Method;
use obshell_protocol::model::{AgentInfo, ObInfo, SecretInfo};
use obshell_protocol::time::rfc3339_unix_seconds;
use obshell_protocol::{paths, seal_request, AgentPublicKey, Credential, Envelope, OCS_HEADER};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ApiError;
use super::transport::{self, RawResponse};

/// How long a signed request stays valid, in agent seconds (spec §2.6 advises 60–300 s).
const REQUEST_LIFETIME_SECS: i64 = 120;

/// Decodes an agent answer: `data` on success, the agent's error otherwise, `None` for 204 or
/// an envelope without `data`.
pub(crate) fn decode_envelope<T: DeserializeOwned>(
    call: &'static str,
    raw: &RawResponse,
) -> Result<Option<T>, ApiError> {
    if raw.status == 204 {
        return Ok(None);
    }
    let envelope: Envelope<T> = serde_json::from_str(&raw.text).map_err(|e| ApiError::Decode {
        call,
        status: raw.status,
        detail: if raw.text.trim().is_empty() {
            "empty body".to_owned()
        } else {
            e.to_string()
        },
    })?;
    match envelope.error {
        Some(error) => Err(ApiError::Agent {
            call,
            status: envelope.status,
            code: error.code,
            err_code: error.err_code,
            message: error.message,
            trace_id: envelope.trace_id,
        }),
        None if !envelope.successful || !(200..300).contains(&raw.status) => {
            Err(ApiError::Decode {
                call,
                status: raw.status,
                detail: "unsuccessful answer without an error".to_owned(),
            })
        }
        None => Ok(envelope.data),
    }
}

fn required<T>(call: &'static str, status: u16, data: Option<T>) -> Result<T, ApiError> {
    data.ok_or(ApiError::Decode {
        call,
        status,
        detail: "the answer has no data".to_owned(),
    })
}

/// Seconds since the epoch by the browser's clock.
fn browser_now_secs() -> i64 {
    // `Date.now()` is milliseconds as a float; whole seconds are what `Ts` carries.
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Calls that need no authentication (same-origin agent).
#[derive(Debug, Clone, Copy, Default)]
pub struct AgentClient;

impl AgentClient {
    async fn get_open<T: DeserializeOwned>(
        call: &'static str,
        target: &str,
    ) -> Result<T, ApiError> {
        let raw = transport::send(Method::GET, target, &[], None)
            .await
            .map_err(|detail| ApiError::Transport { call, detail })?;
        let data = decode_envelope(call, &raw)?;
        required(call, raw.status, data)
    }

    /// `GET /api/v1/info`.
    pub async fn info(&self) -> Result<AgentInfo, ApiError> {
        Self::get_open("GET /api/v1/info", paths::INFO).await
    }

    /// `GET /api/v1/secret`.
    pub async fn secret(&self) -> Result<SecretInfo, ApiError> {
        Self::get_open("GET /api/v1/secret", paths::SECRET).await
    }

    /// `GET /api/v1/time`, as agent Unix seconds.
    pub async fn time(&self) -> Result<i64, ApiError> {
        const CALL: &str = "GET /api/v1/time";
        let text: String = Self::get_open(CALL, paths::TIME).await?;
        rfc3339_unix_seconds(&text).ok_or_else(|| ApiError::Decode {
            call: CALL,
            status: 200,
            detail: format!("not an RFC 3339 time: {text}"),
        })
    }

    /// Reads the agent's identity, clock and key, then proves the password with a protected
    /// call; the password is kept only inside the returned session, in memory.
    pub async fn connect(&self, password: String) -> Result<Connected, ApiError> {
        let info = self.info().await?;
        let before = browser_now_secs();
        let agent_now = self.time().await?;
        let clock_offset = agent_now - before;
        let secret = self.secret().await?;
        let key =
            AgentPublicKey::from_base64(&secret.public_key).map_err(|source| ApiError::Crypto {
                call: "GET /api/v1/secret",
                source,
            })?;
        let session = Session {
            key,
            password: Password(password),
            clock_offset,
        };
        let cluster = session.ob_info().await?;
        Ok(Connected {
            session,
            info,
            clock_offset,
            cluster,
        })
    }
}

/// What a successful connect learnt.
#[derive(Debug, Clone)]
pub struct Connected {
    pub session: Session,
    pub info: AgentInfo,
    /// Agent clock minus browser clock, in seconds.
    pub clock_offset: i64,
    pub cluster: ObInfo,
}

/// The root password, never printed.
#[derive(Clone, PartialEq, Eq)]
struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

/// An authenticated client: the agent's public key, the password, and the clock offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    key: AgentPublicKey,
    password: Password,
    clock_offset: i64,
}

impl Session {
    fn expires_at(&self) -> i64 {
        browser_now_secs() + self.clock_offset + REQUEST_LIFETIME_SECS
    }

    /// The one send path: signs `target`, encrypts the payload, decodes the envelope.
    async fn call<T: DeserializeOwned, B: Serialize>(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        payload: Option<&B>,
    ) -> Result<(u16, Option<T>), ApiError> {
        let json = payload
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| ApiError::Decode {
                call,
                status: 0,
                detail: format!("request body: {e}"),
            })?;
        let sealed = seal_request(
            &mut rand_core::OsRng,
            &self.key,
            Credential::Password(&self.password.0),
            self.expires_at(),
            target,
            json.as_deref(),
            false,
        )
        .map_err(|source| ApiError::Crypto { call, source })?;
        let raw = transport::send(method, target, &[(OCS_HEADER, &sealed.header)], sealed.body)
            .await
            .map_err(|detail| ApiError::Transport { call, detail })?;
        Ok((raw.status, decode_envelope(call, &raw)?))
    }

    /// `GET /api/v1/ob/info`.
    pub async fn ob_info(&self) -> Result<ObInfo, ApiError> {
        const CALL: &str = "GET /api/v1/ob/info";
        let (status, data) = self
            .call::<ObInfo, ()>(CALL, Method::GET, paths::OB_INFO, None)
            .await?;
        required(CALL, status, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse {
            status,
            text: text.to_owned(),
        }
    }

    #[test]
    fn agent_errors_keep_code_message_and_trace() {
        let answer = raw(
            401,
            r#"{"successful":false,"timestamp":"t","duration":1,"status":401,"traceId":"a1b2","error":{"code":10008,"errCode":"Security.Authentication.IncorrectOceanbasePassword","message":"Unauthorized: OceanBase password is incorrect"}}"#,
        );
        let err = decode_envelope::<ObInfo>("GET /api/v1/ob/info", &answer).unwrap_err();
        assert_eq!(
            err,
            ApiError::Agent {
                call: "GET /api/v1/ob/info",
                status: 401,
                code: Some(10008),
                err_code: "Security.Authentication.IncorrectOceanbasePassword".into(),
                message: "Unauthorized: OceanBase password is incorrect".into(),
                trace_id: "a1b2".into(),
            }
        );
        assert_eq!(err.kind(), "agent");
    }

    #[test]
    fn proxy_pages_and_empty_answers_are_decode_errors() {
        let html = raw(502, "<html><body>502 Bad Gateway</body></html>");
        let err = decode_envelope::<ObInfo>("GET /api/v1/ob/info", &html).unwrap_err();
        assert!(
            matches!(err, ApiError::Decode { status: 502, .. }),
            "{err:?}"
        );
        let empty = raw(200, "");
        let err = decode_envelope::<ObInfo>("GET /api/v1/ob/info", &empty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GET /api/v1/ob/info: unexpected answer (HTTP 200): empty body"
        );
    }

    #[test]
    fn no_content_and_data_less_success() {
        assert_eq!(decode_envelope::<String>("c", &raw(204, "")), Ok(None));
        let ok = raw(
            200,
            r#"{"successful":true,"timestamp":"t","duration":0,"status":200,"traceId":"x"}"#,
        );
        assert_eq!(decode_envelope::<String>("c", &ok), Ok(None));
        let data = raw(
            200,
            r#"{"successful":true,"timestamp":"t","duration":0,"status":200,"traceId":"x","data":"v"}"#,
        );
        assert_eq!(
            decode_envelope::<String>("c", &data),
            Ok(Some("v".to_owned()))
        );
    }
}
