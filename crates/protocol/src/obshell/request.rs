//! Sealing one request (docs/protocol/obshell-auth.md §2.15): the encrypted `X-OCS-Header` value
//! and, with a payload, the encrypted body, both made with one fresh AES key.

use rand_core::{CryptoRng, RngCore};

use crate::obshell::aes_body::SessionKey;
use crate::obshell::error::CryptoError;
use crate::obshell::header::AuthHeader;
use crate::obshell::rsa_key::AgentPublicKey;

/// How the request proves who sends it.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// The root password in `Auth`.
    Password(&'a str),
    /// A login session; `Auth` stays empty.
    Session(&'a str),
}

/// What goes on the wire for one request.
#[derive(Debug)]
pub struct SealedRequest {
    /// Value of `X-OCS-Header`.
    pub header: String,
    /// Bare base64 body text, when there is a payload.
    pub body: Option<String>,
    /// The AES key and IV, kept to decrypt a secret the agent returns (login).
    pub key: Option<SessionKey>,
}

/// Seals `target` (the exact request target that will be fetched), expiring at `expires_at`
/// agent seconds, with an optional JSON payload. `with_keys` draws a key even without a
/// payload, as `/api/v1/login` needs.
pub fn seal_request<R: RngCore + CryptoRng>(
    rng: &mut R,
    agent_key: &AgentPublicKey,
    credential: Credential<'_>,
    expires_at: i64,
    target: &str,
    payload: Option<&[u8]>,
    with_keys: bool,
) -> Result<SealedRequest, CryptoError> {
    let key = (payload.is_some() || with_keys).then(|| SessionKey::generate(rng));
    let body = payload
        .zip(key.as_ref())
        .map(|(json, key)| key.encrypt(json));
    let mut header = match credential {
        Credential::Password(password) => AuthHeader::new(password, expires_at, target),
        Credential::Session(id) => AuthHeader::new("", expires_at, target).with_session(id),
    };
    if let Some(key) = &key {
        header = header.with_keys(key);
    }
    let header = header.encrypt(agent_key, rng)?;
    Ok(SealedRequest { header, body, key })
}
