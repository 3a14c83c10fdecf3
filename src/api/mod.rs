//! The typed agent client: one method per endpoint, one send path that encrypts, one place
//! that decodes the envelope.

mod client;
mod error;
mod transport;

pub use client::{AgentClient, Connected, Session};
pub use error::ApiError;
