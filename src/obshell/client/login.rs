//! Logging in (a session id replaces the password) and out: Lock wipes the credential and
//! leaves the one logout to send, [`PendingLogout`].

use obshell_protocol::obshell::{calls, paths};
use serde::Serialize;
use zeroize::Zeroizing;

use super::envelope::{decode_envelope, required};
use super::secrets::{Cred, SessionId};
use super::session::Session;
use crate::core::error::ApiError;
use crate::core::transport::Method;

/// The logout Lock leaves to send: the session id taken out of the session (which holds no
/// credential any more), signed once, never repaired, never preceded by a login.
#[derive(Debug)]
pub struct PendingLogout {
    session: Session,
    id: SessionId,
}

impl Session {
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

    /// `POST /api/v1/login`: a session id (encrypted with the request's own AES key) that signs
    /// the requests from now on instead of the password.
    pub(super) async fn login(&self) -> Result<(), ApiError> {
        const CALL: &str = calls::LOGIN;
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
        const CALL: &str = calls::LOGOUT;
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
    use super::super::repair::relogin_password;
    use super::super::secrets::Password;
    use super::super::session::tests::{logged_in, session_with};
    use super::*;

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
}
