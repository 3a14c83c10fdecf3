//! The secrets a session signs with: the password and the login session's id (never printed,
//! wiped when dropped), and the credential that holds them.

use zeroize::Zeroize;

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
