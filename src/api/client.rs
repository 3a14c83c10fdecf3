//! The agent client. An [`AgentClient`] can only read what the agent publishes and connect;
//! the [`Session`] it returns calls the protected endpoints. One place decodes every envelope.

use std::sync::{Arc, Mutex};

use obshell_protocol::model::{AgentIdentity, AgentInfo, ObInfo, SecretInfo};
use obshell_protocol::time::rfc3339_unix_seconds;
use obshell_protocol::version::{Capabilities, Feature};
use obshell_protocol::{paths, AgentPublicKey, Envelope};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::session::{Auth, Cred, Password, Session};
use super::transport::{self, Method, RawResponse};
use crate::agent::AgentProfile;

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

pub(super) fn required<T>(call: &'static str, status: u16, data: Option<T>) -> Result<T, ApiError> {
    data.ok_or(ApiError::Decode {
        call,
        status,
        detail: "the answer has no data".to_owned(),
    })
}

/// Seconds since the epoch by the browser's clock.
pub(super) fn browser_now_secs() -> i64 {
    // `Date.now()` is milliseconds as a float; `Ts` carries whole seconds.
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
        let raw = transport::send(Method::Get, target, &[], None)
            .await
            .map_err(|detail| ApiError::Transport { call, detail })?;
        let data = decode_envelope(call, &raw)?;
        required(call, raw.status, data)
    }

    /// `GET /api/v1/info`.
    pub async fn info(&self) -> Result<AgentInfo, ApiError> {
        Self::get_open("GET /api/v1/info", paths::INFO).await
    }

    /// `GET /api/v1/secret`, parsed.
    pub async fn public_key(&self) -> Result<AgentPublicKey, ApiError> {
        const CALL: &str = "GET /api/v1/secret";
        let secret: SecretInfo = Self::get_open(CALL, paths::SECRET).await?;
        AgentPublicKey::from_base64(&secret.public_key)
            .map_err(|source| ApiError::Crypto { call: CALL, source })
    }

    /// Agent clock minus browser clock, in seconds, from `GET /api/v1/time`.
    pub async fn clock_offset(&self) -> Result<i64, ApiError> {
        const CALL: &str = "GET /api/v1/time";
        let before = browser_now_secs();
        let text: String = Self::get_open(CALL, paths::TIME).await?;
        let agent = rfc3339_unix_seconds(&text).ok_or_else(|| ApiError::Decode {
            call: CALL,
            status: 200,
            detail: format!("not an RFC 3339 time: {text}"),
        })?;
        Ok(agent - before)
    }

    /// Reads the agent's identity, clock and key, proves the password with a protected call,
    /// and on agents that have sessions (a cluster agent of 4.4 or later) logs in, so requests
    /// are signed with the session instead of the password. The password lives only in the
    /// returned session, in memory.
    pub async fn connect(&self, password: String) -> Result<Connected, ApiError> {
        let info = self.info().await?;
        let caps = Capabilities::from_info(&info.version).map_err(|unsupported| {
            ApiError::Unsupported {
                call: "GET /api/v1/info",
                detail: unsupported.to_string(),
            }
        })?;
        let clock_offset = self.clock_offset().await?;
        let key = self.public_key().await?;
        let key_bits = key.size() * 8;
        let session = Session {
            inner: Arc::new(Mutex::new(Auth {
                key,
                credential: Cred::Password(Password(password)),
                clock_offset,
                caps,
                recorder: None,
                recent: Default::default(),
            })),
        };
        let cluster = session.ob_info().await?;
        let sessions = info.identity == AgentIdentity::ClusterAgent && caps.has(Feature::Sessions);
        let logged_in = sessions && session.login().await.is_ok();
        let profile = AgentProfile::new(&info, caps, key_bits, &cluster);
        Ok(Connected {
            session,
            info,
            clock_offset,
            cluster,
            logged_in,
            profile,
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
    /// A login session replaced the password.
    pub logged_in: bool,
    /// What this agent can do, and why not.
    pub profile: AgentProfile,
}

#[cfg(test)]
mod tests {
    use super::super::session::{repair_for, Repair};
    use super::*;

    fn caps(version: &str) -> Capabilities {
        Capabilities::from_info(version).expect("supported")
    }

    fn retry_reason(err: &ApiError) -> Option<Repair> {
        repair_for(err, caps("4.5.0.0"))
    }

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
        let err = decode_envelope::<ObInfo>("GET /api/v1/ob/info", &answer).expect_err("refused");
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
        assert_eq!(
            retry_reason(&err),
            None,
            "a wrong password is never sent again"
        );
    }

    #[test]
    fn only_pre_handler_refusals_are_retried() {
        let agent = |code: &str, num: Option<i64>| ApiError::Agent {
            call: "c",
            status: 401,
            code: num,
            err_code: code.into(),
            message: String::new(),
            trace_id: String::new(),
        };
        assert_eq!(
            retry_reason(&agent(
                "Security.Authentication.Header.DecryptFailed",
                Some(1)
            )),
            Some(Repair::Key)
        );
        assert_eq!(
            retry_reason(&agent("Security.Authentication.Expired", Some(10008))),
            Some(Repair::Clock)
        );
        assert_eq!(
            retry_reason(&agent(
                "Security.Authentication.SessionInvalid",
                Some(10008)
            )),
            Some(Repair::Session)
        );
        // 4.3.1 to 4.4.1: the dotted code without a number; 4.4.2+: `code` 1.
        assert_eq!(
            repair_for(
                &agent("Security.Authentication.Header.DecryptFailed", None),
                caps("4.3.1.0")
            ),
            Some(Repair::Key)
        );
        assert_eq!(retry_reason(&agent("", Some(1))), Some(Repair::Key));
        // A current agent's 10008 is a real refusal (wrong password, URI mismatch).
        assert_eq!(
            retry_reason(&agent(
                "Security.Authentication.IncorrectOceanbasePassword",
                Some(10008)
            )),
            None
        );
        assert_eq!(
            retry_reason(&agent("OB.Tenant.UnderMaintenance", None)),
            None
        );
        assert_eq!(
            retry_reason(&ApiError::Transport {
                call: "c",
                detail: "reset".into()
            }),
            None,
            "a request that may have arrived is not repeated"
        );
    }

    #[test]
    fn proxy_pages_and_empty_answers_are_decode_errors() {
        let html = raw(502, "<html><body>502 Bad Gateway</body></html>");
        let err =
            decode_envelope::<ObInfo>("GET /api/v1/ob/info", &html).expect_err("not an envelope");
        assert!(
            matches!(err, ApiError::Decode { status: 502, .. }),
            "{err:?}"
        );
        let err =
            decode_envelope::<ObInfo>("GET /api/v1/ob/info", &raw(200, "")).expect_err("empty");
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
    }

    #[test]
    fn old_agents_numeric_codes_are_repaired_by_their_text() {
        let legacy = |message: &str| ApiError::Agent {
            call: "c",
            status: 401,
            code: Some(10008),
            err_code: String::new(),
            message: message.into(),
            trace_id: String::new(),
        };
        for version in ["4.2.4.0", "4.2.5.0", "4.3.0.0"] {
            let caps = caps(version);
            assert_eq!(
                repair_for(&legacy("Verification failed: header decrypt failed"), caps),
                Some(Repair::Key),
                "{version}"
            );
            assert_eq!(
                repair_for(&legacy("Verification failed: auth expired"), caps),
                Some(Repair::Clock)
            );
            assert_eq!(
                repair_for(&legacy("Verification failed: access denied"), caps),
                None
            );
            assert_eq!(
                repair_for(&legacy("Verification failed: uri mismatch"), caps),
                Some(Repair::Key),
                "an unknown 10008 of an old agent is worth one key refresh"
            );
        }
        // From 4.3.1 a bare 10008 is never a stale key.
        assert_eq!(
            repair_for(
                &legacy("Verification failed: header decrypt failed"),
                caps("4.3.1.0")
            ),
            None
        );
    }
}
