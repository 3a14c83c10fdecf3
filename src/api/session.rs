//! The authenticated side of the client: one send path that seals each request with the
//! agent's key and the session (or password), repairs a stale key, clock or session once, and
//! one method per endpoint.

use std::sync::{Arc, Mutex};

use obshell_protocol::{err_codes, paths, seal_request, AgentPublicKey, Credential, OCS_HEADER};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::{browser_now_secs, decode_envelope, required, AgentClient};
use super::error::ApiError;
use super::transport::{self, Method, RawResponse};

/// How long a signed request stays valid, in agent seconds (spec §2.6 advises 60–300 s).
const REQUEST_LIFETIME_SECS: i64 = 120;

/// The root password, never printed.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Password(pub(super) String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cred {
    Password(Password),
    /// A login session (`session_id`) signs the requests; the password stays in memory only to
    /// log in again when the agent forgets the session (a restart, an idle timeout).
    Session {
        id: String,
        password: Password,
    },
}

#[derive(Debug)]
pub(super) struct Auth {
    pub(super) key: AgentPublicKey,
    pub(super) credential: Cred,
    pub(super) clock_offset: i64,
}

/// An authenticated client. Clones share the key, credential and clock offset, which the
/// send path refreshes when the agent rotates its key or the clock drifts.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) inner: Arc<Mutex<Auth>>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// Why a failed call may be sent again: only refusals that happen before the agent looks at
/// the request (so a mutation cannot have been applied).
pub(super) fn retry_reason(err: &ApiError) -> Option<&'static str> {
    match err {
        ApiError::Agent { err_code, code, .. }
            if err_code == err_codes::HEADER_DECRYPT_FAILED
                || (*code == Some(1) && err_code.is_empty()) =>
        {
            Some("key")
        }
        ApiError::Agent { err_code, .. } if err_code == err_codes::AUTH_EXPIRED => Some("clock"),
        ApiError::Agent { err_code, .. }
            if err_code == err_codes::SESSION_INVALID || err_code == err_codes::SESSION_EXPIRED =>
        {
            Some("session")
        }
        _ => None,
    }
}

impl Session {
    fn lock(&self) -> std::sync::MutexGuard<'_, Auth> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Agent clock minus browser clock, in seconds (refreshed after an expiry).
    pub fn clock_offset(&self) -> i64 {
        self.lock().clock_offset
    }

    /// A login session is in use (the password has been dropped).
    pub fn uses_login(&self) -> bool {
        matches!(self.lock().credential, Cred::Session { .. })
    }

    /// Seals and sends once.
    async fn send_once(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        json: Option<&[u8]>,
        with_keys: bool,
    ) -> Result<(RawResponse, Option<obshell_protocol::SessionKey>), ApiError> {
        let sealed = {
            let auth = self.lock();
            let expires = browser_now_secs() + auth.clock_offset + REQUEST_LIFETIME_SECS;
            let credential = match &auth.credential {
                Cred::Password(p) => Credential::Password(&p.0),
                Cred::Session { id, .. } => Credential::Session(id),
            };
            seal_request(
                &mut rand_core::OsRng,
                &auth.key,
                credential,
                expires,
                target,
                json,
                with_keys,
            )
            .map_err(|source| ApiError::Crypto { call, source })?
        };
        let raw = transport::send(method, target, &[(OCS_HEADER, &sealed.header)], sealed.body)
            .await
            .map_err(|detail| ApiError::Transport { call, detail })?;
        Ok((raw, sealed.key))
    }

    /// The one send path: signs `target`, encrypts the payload, decodes the envelope. A refusal
    /// for a stale key or clock is repaired and sent once more; nothing else is repeated.
    pub(super) async fn call<T: DeserializeOwned, B: Serialize>(
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
        let mut repaired: Vec<&'static str> = Vec::new();
        loop {
            let (raw, _) = self
                .send_once(call, method, target, json.as_deref(), false)
                .await?;
            match decode_envelope::<T>(call, &raw) {
                Ok(data) => return Ok((raw.status, data)),
                Err(err) => match retry_reason(&err) {
                    Some(reason) if !repaired.contains(&reason) => {
                        repaired.push(reason);
                        self.repair(reason).await?;
                    }
                    _ => return Err(err),
                },
            }
        }
    }

    async fn repair(&self, reason: &str) -> Result<(), ApiError> {
        match reason {
            "key" => {
                let key = AgentClient.public_key().await?;
                self.lock().key = key;
            }
            "clock" => {
                let offset = AgentClient.clock_offset().await?;
                self.lock().clock_offset = offset;
            }
            _ => {
                // Back to the password, then a new session with it.
                let fallback = match &self.lock().credential {
                    Cred::Session { password, .. } => Some(password.clone()),
                    Cred::Password(_) => None,
                };
                if let Some(password) = fallback {
                    self.lock().credential = Cred::Password(password);
                    self.login().await?;
                }
            }
        }
        Ok(())
    }

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        call: &'static str,
        target: &str,
    ) -> Result<T, ApiError> {
        let (status, data) = self.call::<T, ()>(call, Method::Get, target, None).await?;
        required(call, status, data)
    }

    /// `POST /api/v1/login`: a session id (encrypted with the request's own AES key) that signs
    /// the requests from now on instead of the password.
    pub(super) async fn login(&self) -> Result<(), ApiError> {
        const CALL: &str = "POST /api/v1/login";
        let (raw, key) = self
            .send_once(CALL, Method::Post, paths::LOGIN, None, true)
            .await?;
        let encrypted: String = required(CALL, raw.status, decode_envelope(CALL, &raw)?)?;
        let key = key.ok_or(ApiError::Decode {
            call: CALL,
            status: raw.status,
            detail: "no request key".to_owned(),
        })?;
        let plain = key
            .decrypt(&encrypted)
            .map_err(|source| ApiError::Crypto { call: CALL, source })?;
        let id = String::from_utf8(plain).map_err(|e| ApiError::Decode {
            call: CALL,
            status: raw.status,
            detail: e.to_string(),
        })?;
        let mut auth = self.lock();
        if let Cred::Password(password) = &auth.credential {
            auth.credential = Cred::Session {
                id,
                password: password.clone(),
            };
        }
        Ok(())
    }

    /// `POST /api/v1/logout` of the session in use (best effort: the session also times out).
    pub async fn logout(&self) {
        let id = match &self.lock().credential {
            Cred::Session { id, .. } => id.clone(),
            Cred::Password(_) => return,
        };
        #[derive(Serialize)]
        struct Logout {
            session_id: String,
        }
        let _ = self
            .call::<serde_json::Value, _>(
                "POST /api/v1/logout",
                Method::Post,
                paths::LOGOUT,
                Some(&Logout { session_id: id }),
            )
            .await;
    }
}
