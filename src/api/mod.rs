//! The typed agent client: one method per endpoint, one send path that encrypts, one place
//! that decodes the envelope.

mod client;
mod endpoints;
mod error;
mod journal;
mod session;
pub(crate) mod transport;

pub use client::{AgentClient, Connected};
pub use error::{ApiError, OcpRefusal};
pub use journal::{export_json, JournalEntry, RequestTrace};
pub use session::{Recorder, Session};
