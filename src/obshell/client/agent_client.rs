//! The agent's open calls (no authentication): its identity, key and clock. [`Session::connect`]
//! (in `connect.rs`) starts from them; the [`Session`] calls the protected endpoints.
//!
//! [`Session::connect`]: super::Session::connect
//! [`Session`]: super::Session

use obshell_protocol::obshell::model::{AgentInfo, SecretInfo};
use obshell_protocol::obshell::{calls, paths, AgentPublicKey};
use obshell_protocol::time::rfc3339_unix_seconds;
use serde::de::DeserializeOwned;

use super::envelope::{browser_now_secs, decode_envelope, required};
use crate::core::error::ApiError;
use crate::core::transport::{self, Method};

/// Calls that need no authentication, to the agent behind `prefix` (`""`: the agent that
/// serves the page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentClient {
    prefix: String,
}

impl AgentClient {
    /// The agent behind `prefix` (see [`crate::core::backend::BackendSpec::prefix`]).
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
        }
    }

    /// The path prefix requests go through.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    async fn get_open<T: DeserializeOwned>(
        &self,
        call: &'static str,
        target: &str,
    ) -> Result<T, ApiError> {
        let inspect = crate::core::inspector::model::Request::open("GET", &self.prefix, target);
        let raw = transport::send(Method::Get, &self.prefix, target, &[], None, Some(inspect))
            .await
            .map_err(|e| ApiError::no_answer(call, e))?;
        let data = decode_envelope(call, &raw)?;
        required(call, raw.status, data)
    }

    /// `GET /api/v1/info`.
    pub async fn info(&self) -> Result<AgentInfo, ApiError> {
        self.get_open(calls::INFO, paths::INFO).await
    }

    /// `GET /api/v1/secret`, parsed.
    pub async fn public_key(&self) -> Result<AgentPublicKey, ApiError> {
        const CALL: &str = calls::SECRET;
        let secret: SecretInfo = self.get_open(CALL, paths::SECRET).await?;
        AgentPublicKey::from_base64(&secret.public_key)
            .map_err(|source| ApiError::Crypto { call: CALL, source })
    }

    /// Agent clock minus browser clock, in seconds, from `GET /api/v1/time`.
    pub async fn clock_offset(&self) -> Result<i64, ApiError> {
        const CALL: &str = calls::TIME;
        let before = browser_now_secs();
        let text: String = self.get_open(CALL, paths::TIME).await?;
        let agent = rfc3339_unix_seconds(&text).ok_or_else(|| ApiError::Decode {
            call: CALL,
            status: 200,
            detail: format!("not an RFC 3339 time: {text}"),
        })?;
        Ok(agent - before)
    }
}
