//! The authenticated side of the client: one send path that seals each request with the
//! agent's key and the session (or password), repairs a stale key, clock or session once, and
//! one method per endpoint.

use std::sync::{Arc, Mutex};

use obshell_protocol::obshell::catalog::{self, CODE_HEADER_DECRYPT, CODE_UNAUTHORIZED};
use obshell_protocol::obshell::version::{Capabilities, Feature};
use obshell_protocol::obshell::{paths, seal_request, AgentPublicKey, Credential, OCS_HEADER};
use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::{Zeroize, Zeroizing};

use super::agent_client::AgentClient;
use super::envelope::{browser_now_secs, decode_envelope, required};
use super::record::{entry, trace, JournalEntry, RequestTrace};
use crate::core::error::ApiError;
use crate::core::inspector::model as inspector;
use crate::core::transport::{self, Method, RawResponse};

/// How long a signed request stays valid, in agent seconds (docs/protocol/obshell-auth.md §2.6
/// advises 60–300 s).
const REQUEST_LIFETIME_SECS: i64 = 120;

/// The root password, never printed, wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Password(pub(super) String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// A login session's id, never printed, wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct SessionId(pub(super) String);

impl std::fmt::Debug for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionId(..)")
    }
}

impl Drop for SessionId {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cred {
    Password(Password),
    /// A login session (`session_id`) signs the requests; the password stays in memory only to
    /// log in again when the agent forgets the session (a restart, an idle timeout).
    Session {
        id: SessionId,
        password: Password,
    },
    /// After Lock: nothing to sign with, so nothing is sent (and nobody logs in again).
    Locked,
}

/// Why a locked session sends nothing.
const LOCKED: &str = "locked: the credential was forgotten";

/// The password to log in again with, when the agent forgot the session: only a session has
/// one (a locked session has none, so nothing after Lock can log in).
pub(super) fn relogin_password(credential: &Cred) -> Option<Password> {
    match credential {
        Cred::Session { password, .. } => Some(password.clone()),
        Cred::Password(_) | Cred::Locked => None,
    }
}

/// The logout Lock leaves to send: the session id taken out of the session (which holds no
/// credential any more), signed once, never repaired, never preceded by a login.
#[derive(Debug)]
pub struct PendingLogout {
    session: Session,
    id: SessionId,
}

pub(super) struct Auth {
    /// The agent's open calls, behind the backend's path prefix.
    pub(super) open: AgentClient,
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

    /// The agent's open calls (behind the same prefix).
    fn open(&self) -> AgentClient {
        self.lock().open.clone()
    }

    /// The path prefix this session's requests go through (`""`: the agent serving the page).
    pub fn prefix(&self) -> String {
        self.lock().open.prefix().to_owned()
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

    /// Lock: wipes the password (and session id) now, so that nothing can sign or log in with
    /// them again; a login session comes back as the one logout left to send.
    pub fn forget(&self) -> Option<PendingLogout> {
        let taken = std::mem::replace(&mut self.lock().credential, Cred::Locked);
        match taken {
            // The password is dropped (wiped) here; only the id goes on, to log out.
            Cred::Session { id, password } => {
                drop(password);
                Some(PendingLogout {
                    session: self.clone(),
                    id,
                })
            }
            Cred::Password(_) | Cred::Locked => None,
        }
    }

    /// Seals and sends once, with the session's credential.
    async fn send_once(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        json: Option<&[u8]>,
        with_keys: bool,
    ) -> Result<(RawResponse, Option<obshell_protocol::obshell::SessionKey>), ApiError> {
        self.send_as(None, call, method, target, json, with_keys)
            .await
    }

    /// Seals and sends once, signed with `as_session` if given (the logout of a locked
    /// session), else with the session's credential.
    async fn send_as(
        &self,
        as_session: Option<&SessionId>,
        call: &'static str,
        method: Method,
        target: &str,
        json: Option<&[u8]>,
        with_keys: bool,
    ) -> Result<(RawResponse, Option<obshell_protocol::obshell::SessionKey>), ApiError> {
        let (sealed, prefix, inspect) = {
            let auth = self.lock();
            let expires = browser_now_secs() + auth.clock_offset + REQUEST_LIFETIME_SECS;
            let credential = match (as_session, &auth.credential) {
                (Some(id), _) => Credential::Session(&id.0),
                (None, Cred::Password(p)) => Credential::Password(&p.0),
                (None, Cred::Session { id, .. }) => Credential::Session(&id.0),
                (None, Cred::Locked) => {
                    return Err(ApiError::Transport {
                        call,
                        detail: LOCKED.to_owned(),
                    })
                }
            };
            // What the inspector shows: the header's field names and non-secret values, the
            // body with its secrets masked (built from the plain JSON, before sealing).
            let inspect = inspector::Request {
                kind: inspector::BackendKind::Obshell,
                method: method.as_str(),
                prefix: auth.open.prefix().to_owned(),
                target: target.to_owned(),
                header: inspector::agent_header(
                    match credential {
                        Credential::Password(_) => inspector::AgentAuth::Password,
                        Credential::Session(_) => inspector::AgentAuth::Session,
                    },
                    expires,
                    target,
                    json.is_some() || with_keys,
                ),
                body: json.map(inspector::MaskedBody::from_json),
                sealed_header: Some(OCS_HEADER),
            };
            let sealed = seal_request(
                &mut rand_core::OsRng,
                &auth.key,
                credential,
                expires,
                target,
                json,
                with_keys,
            )
            .map_err(|source| ApiError::Crypto { call, source })?;
            (sealed, auth.open.prefix().to_owned(), inspect)
        };
        // Signed for `target` (what the agent sees), sent through the backend's prefix.
        let raw = transport::send(
            method,
            &prefix,
            target,
            &[(OCS_HEADER, &sealed.header)],
            sealed.body,
            // The logout Lock leaves is sent after Lock emptied this backend's entries: it is
            // not recorded, so nothing of the locked backend comes back.
            as_session.is_none().then_some(inspect),
        )
        .await
        .map_err(|e| ApiError::no_answer(call, e))?;
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
        // The body may carry a secret (a target agent password, a session id): wiped once sent.
        let json = payload
            .map(serde_json::to_vec)
            .map(|r| r.map(Zeroizing::new))
            .transpose()
            .map_err(|e| ApiError::Decode {
                call,
                status: 0,
                detail: format!("request body: {e}"),
            })?;
        let mut repaired: Vec<Repair> = Vec::new();
        loop {
            let (raw, _) = match self
                .send_once(
                    call,
                    method,
                    target,
                    json.as_deref().map(|j| j.as_slice()),
                    false,
                )
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
                let open = self.open();
                let key = open.public_key().await?;
                self.lock().key = key;
            }
            Repair::Clock => {
                let open = self.open();
                let offset = open.clock_offset().await?;
                self.lock().clock_offset = offset;
            }
            Repair::Session => {
                // Back to the password, then a new session with it (never after Lock).
                let fallback = relogin_password(&self.lock().credential);
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
        let plain = Zeroizing::new(plain);
        let id = SessionId(
            String::from_utf8(plain.to_vec()).map_err(|e| ApiError::Decode {
                call: CALL,
                status: raw.status,
                detail: e.to_string(),
            })?,
        );
        let mut auth = self.lock();
        if let Cred::Password(password) = &auth.credential {
            auth.credential = Cred::Session {
                id,
                password: password.clone(),
            };
        }
        Ok(())
    }
}

impl PendingLogout {
    /// `POST /api/v1/logout` of the session Lock took (best effort: the session also times
    /// out). Sent once, signed with the id: a refusal is not repaired, so no login can precede
    /// it, and the session holds no password to log in with anyway.
    pub async fn send(self) {
        const CALL: &str = "POST /api/v1/logout";
        #[derive(Serialize)]
        struct Logout<'a> {
            session_id: &'a str,
        }
        let Ok(json) = serde_json::to_vec(&Logout {
            session_id: &self.id.0,
        }) else {
            return;
        };
        let json = Zeroizing::new(json);
        let answer = self
            .session
            .send_as(
                Some(&self.id),
                CALL,
                Method::Post,
                paths::LOGOUT,
                Some(json.as_slice()),
                false,
            )
            .await;
        let answer = answer.map(|(raw, _)| raw);
        self.session
            .note(CALL, Method::Post, paths::LOGOUT, answer.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::super::envelope::decode_envelope;
    use super::super::session::{repair_for, Repair};
    use super::*;
    use crate::core::transport::RawResponse;
    use obshell_protocol::obshell::model::ObInfo;
    use obshell_protocol::obshell::version::Capabilities;

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

    const KEY: &str = "MIGJAoGBAMb3ZKSC4cmGJ5Cc3c0KssC2vPYuerkhlF8Rgs/cF0Hnvffw0TvN8FOvOgjukMF1YKT71mwxCH4N+bXyg4Dd9v1I3hftOWH2GVt2idgKeTxNBRzQp9JWbXibDSSbzSUHfYP+xQ/5UB+c81qfKN4e0JLp26Ce15Y7wI4FK/6VFTBzAgMBAAE=";

    fn session_with(credential: Cred) -> Session {
        let key = AgentPublicKey::from_base64(KEY).expect("key");
        let spec = crate::core::backend::BackendSpec::same_origin_agent();
        let s = Session::unconnected(&spec, key, caps("4.5.0.0"), String::new());
        s.lock().credential = credential;
        s
    }

    fn logged_in() -> Cred {
        Cred::Session {
            id: SessionId("sess-1d-5ecret".into()),
            password: Password("R00t#pw-5ecret".into()),
        }
    }

    #[test]
    fn no_debug_output_shows_a_secret() {
        let session = session_with(logged_in());
        let mut form = crate::obshell::forms::ScaleOutForm::default();
        form.target_agent_password = "T4rget-5ecret".into();
        let printed = [
            format!("{session:?}"),
            format!("{:#?}", session.lock()),
            format!("{:?}", logged_in()),
            format!("{:?}", Cred::Password(Password("R00t#pw-5ecret".into()))),
            format!("{form:?}"),
            format!("{:?}", session.forget()),
        ];
        for text in printed {
            for secret in ["5ecret", "sess-1d"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }

    #[test]
    fn lock_wipes_the_credential_and_leaves_no_password_to_log_in_with() {
        let session = session_with(logged_in());
        assert!(relogin_password(&session.lock().credential).is_some());
        let logout = session.forget().expect("a session to log out");
        assert_eq!(logout.id.0, "sess-1d-5ecret");
        assert_eq!(session.lock().credential, Cred::Locked);
        assert_eq!(
            relogin_password(&session.lock().credential),
            None,
            "after Lock, a forgotten session cannot be repaired by logging in"
        );
        assert!(!session.uses_login());
        // A second Lock has nothing to log out; a password-only session neither.
        assert!(session.forget().is_none());
        let plain = session_with(Cred::Password(Password("R00t#pw-5ecret".into())));
        assert!(plain.forget().is_none());
        assert_eq!(plain.lock().credential, Cred::Locked);
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
