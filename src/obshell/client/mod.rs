//! The typed agent client: one method per endpoint, one send path that encrypts, one place
//! that decodes the envelope.

mod agent_client;
mod connect;
mod endpoints;
mod envelope;
pub mod record;
mod session;

pub use agent_client::AgentClient;
pub use connect::Connected;
pub(crate) use envelope::browser_now_secs;
pub use session::{PendingLogout, Recorder, Session};
