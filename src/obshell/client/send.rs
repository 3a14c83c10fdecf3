//! The sealed send path: each request signed and encrypted with the agent's key and the
//! session's credential (or password), sent, its envelope decoded; a refusal the repair policy
//! allows is mended and sent once more.

use obshell_protocol::obshell::{seal_request, Credential, SessionKey, OCS_HEADER};
use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::Zeroizing;

use super::envelope::{browser_now_secs, decode_envelope, required};
use super::repair::{relogin_password, repair_for, Repair};
use super::secrets::{Cred, SessionId};
use super::session::Session;
use crate::core::error::ApiError;
use crate::core::inspector::model as inspector;
use crate::core::transport::{self, Method, RawResponse};

/// How long a signed request stays valid, in agent seconds (docs/protocol/obshell-auth.md §2.6
/// advises 60–300 s).
const REQUEST_LIFETIME_SECS: i64 = 120;

/// Why a locked session sends nothing.
const LOCKED: &str = "locked: the credential was forgotten";

impl Session {
    /// Seals and sends once, with the session's credential.
    pub(super) async fn send_once(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        json: Option<&[u8]>,
        with_keys: bool,
    ) -> Result<(RawResponse, Option<SessionKey>), ApiError> {
        self.send_as(None, call, method, target, json, with_keys)
            .await
    }

    /// Seals and sends once, signed with `as_session` if given (the logout of a locked
    /// session), else with the session's credential.
    pub(super) async fn send_as(
        &self,
        as_session: Option<&SessionId>,
        call: &'static str,
        method: Method,
        target: &str,
        json: Option<&[u8]>,
        with_keys: bool,
    ) -> Result<(RawResponse, Option<SessionKey>), ApiError> {
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
}
