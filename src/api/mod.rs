//! The typed agent client: one method per endpoint, one send path that encrypts, one place
//! that decodes the envelope.

mod client;
mod error;
mod transport;

pub use client::{version_at_least, AgentClient, Connected, Session};
pub use error::ApiError;
