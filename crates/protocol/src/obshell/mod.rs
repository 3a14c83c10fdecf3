//! The OBShell agent's API: wire types and the hybrid encryption (see
//! docs/protocol/obshell-auth.md §2 and docs/protocol/obshell.md §3), the agent's error catalog
//! and versions, its DAGs' names, and the tenant replica rules it applies.

pub mod aes_body;
pub mod calls;
pub mod capacity;
pub mod catalog;
pub mod dag_names;
pub mod envelope;
pub mod error;
pub mod header;
pub mod lang;
pub mod model;
mod monty;
pub mod paths;
pub mod plan;
pub mod replica;
pub mod request;
pub mod rsa_key;
pub mod version;

pub use aes_body::SessionKey;
pub use envelope::{AgentError, Contents, Envelope};
pub use error::CryptoError;
pub use header::{AuthHeader, ReceivedHeader};
pub use lang::Lang;
pub use request::{seal_request, Credential, SealedRequest};
pub use rsa_key::{AgentKeyPair, AgentPublicKey};

/// HTTP header that carries the RSA-encrypted auth JSON with the root password.
pub const OCS_HEADER: &str = "X-OCS-Header";
/// HTTP header that carries the RSA-encrypted auth JSON with the agent password.
pub const OCS_AGENT_HEADER: &str = "X-OCS-Agent-Header";
/// Request header whose value the agent echoes as `traceId`.
pub const TRACE_ID_HEADER: &str = "X-OBSHELL-Trace-ID";
