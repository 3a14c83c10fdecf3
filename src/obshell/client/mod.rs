//! The typed agent client: one method per endpoint, one send path that encrypts, one place
//! that decodes the envelope.

mod agent_client;
mod connect;
mod endpoints;
mod envelope;
mod history;
mod login;
pub mod record;
mod repair;
mod secrets;
mod send;
mod session;
pub mod task_lists;

pub use agent_client::AgentClient;
pub use connect::Connected;
pub(crate) use envelope::browser_now_secs;
pub use history::{run_of, EARLIER_RUNS};
pub use login::PendingLogout;
pub use session::{Recorder, Session};
pub use task_lists::TaskLists;
