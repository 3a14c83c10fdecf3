//! The authenticated side of the client: one send path that seals each request with the
//! agent's key and the session (or password), repairs a stale key, clock or session once, and
//! one method per endpoint.

use std::sync::{Arc, Mutex};

use obshell_protocol::catalog::{self, CODE_HEADER_DECRYPT, CODE_UNAUTHORIZED};
use obshell_protocol::version::{Capabilities, Feature};
use obshell_protocol::{paths, seal_request, AgentPublicKey, Credential, OCS_HEADER};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::{browser_now_secs, decode_envelope, required, AgentClient};
use super::error::ApiError;
use super::journal::{entry, trace, JournalEntry, RequestTrace};
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

pub(super) struct Auth {
    pub(super) key: AgentPublicKey,
    pub(super) credential: Cred,
    pub(super) clock_offset: i64,
    /// What the agent's version can do; fixed for the connection.
    pub(super) caps: Capabilities,
    /// Where the journal of this tab's mutations goes.
    pub(super) recorder: Option<Recorder>,
    /// The last requests (reads too): target, status, trace id.
    pub(super) recent: std::collections::VecDeque<RequestTrace>,
}

/// How many requests [`Session::traces`] remembers.
const RECENT: usize = 400;

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("credential", &self.credential)
            .field("clock_offset", &self.clock_offset)
            .field("caps", &self.caps)
            .finish_non_exhaustive()
    }
}

/// Receives one journal entry per mutation sent.
pub type Recorder = Arc<dyn Fn(JournalEntry) + Send + Sync>;

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

/// What to mend before a refused call is sent once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repair {
    /// The agent's key changed (a restart, an upgrade to 1024-bit keys): fetch it again.
    Key,
    /// The request expired on arrival: read the agent's clock again.
    Clock,
    /// The agent forgot the login session: log in again with the password.
    Session,
}

/// Why a failed call may be sent again: only refusals that happen before the agent looks at
/// the request (so a mutation cannot have been applied). Agents before 4.3.1 report every
/// authentication failure as `code` 10008 with an English text (they do not localise), which
/// tells an expired request and a wrong password apart from an undecryptable header.
pub(super) fn repair_for(err: &ApiError, caps: Capabilities) -> Option<Repair> {
    let ApiError::Agent {
        err_code,
        code,
        message,
        ..
    } = err
    else {
        return None;
    };
    let is = |spec: catalog::ErrorSpec| err_code == spec.code;
    if is(catalog::HEADER_DECRYPT_FAILED)
        || (*code == Some(CODE_HEADER_DECRYPT) && err_code.is_empty())
    {
        return Some(Repair::Key);
    }
    if is(catalog::AUTH_EXPIRED) {
        return Some(Repair::Clock);
    }
    if is(catalog::SESSION_INVALID) || is(catalog::SESSION_EXPIRED) {
        return Some(Repair::Session);
    }
    if !caps.has(Feature::ErrCode) && err_code.is_empty() && *code == Some(CODE_UNAUTHORIZED) {
        let text = message.to_ascii_lowercase();
        return if text.contains("auth expired") {
            Some(Repair::Clock)
        } else if text.contains("access denied") {
            // A wrong password: sending it again changes nothing.
            None
        } else {
            Some(Repair::Key)
        };
    }
    None
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

    /// Sends one journal entry per mutation to `recorder` from now on.
    pub fn set_recorder(&self, recorder: Recorder) {
        self.lock().recorder = Some(recorder);
    }

    /// Remembers every answer's trace id, and journals a mutation's answer (reads are not
    /// journalled, nor logging in and out).
    fn note(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        answer: Result<&RawResponse, &ApiError>,
    ) {
        let at = String::from(js_sys::Date::new_0().to_iso_string());
        let journalled = method != Method::Get && target != paths::LOGIN && target != paths::LOGOUT;
        let e = journalled.then(|| entry(at.clone(), call, target, answer));
        let recorder = {
            let mut auth = self.lock();
            if auth.recent.len() >= RECENT {
                auth.recent.pop_front();
            }
            auth.recent.push_back(match &e {
                Some(e) => RequestTrace::from(e),
                None => trace(at, call, target, answer),
            });
            auth.recorder.clone()
        };
        if let (Some(record), Some(e)) = (recorder, e) {
            record(e);
        }
    }

    /// The remembered requests whose target contains `fragment` (e.g. a task id).
    pub fn traces(&self, fragment: &str) -> Vec<RequestTrace> {
        self.lock()
            .recent
            .iter()
            .filter(|t| t.target.contains(fragment))
            .cloned()
            .collect()
    }

    /// What the agent's version can do.
    pub fn caps(&self) -> Capabilities {
        self.lock().caps
    }

    /// A login session is in use.
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
        let mut repaired: Vec<Repair> = Vec::new();
        loop {
            let (raw, _) = match self
                .send_once(call, method, target, json.as_deref(), false)
                .await
            {
                Ok(sent) => sent,
                Err(err) => {
                    self.note(call, method, target, Err(&err));
                    return Err(err);
                }
            };
            match decode_envelope::<T>(call, &raw) {
                Ok(data) => {
                    self.note(call, method, target, Ok(&raw));
                    return Ok((raw.status, data));
                }
                Err(err) => match repair_for(&err, self.caps()) {
                    Some(reason) if !repaired.contains(&reason) => {
                        repaired.push(reason);
                        self.repair(reason).await?;
                    }
                    _ => {
                        self.note(call, method, target, Err(&err));
                        return Err(err);
                    }
                },
            }
        }
    }

    async fn repair(&self, repair: Repair) -> Result<(), ApiError> {
        match repair {
            Repair::Key => {
                let key = AgentClient.public_key().await?;
                self.lock().key = key;
            }
            Repair::Clock => {
                let offset = AgentClient.clock_offset().await?;
                self.lock().clock_offset = offset;
            }
            Repair::Session => {
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
