//! The typed agent client: one method per endpoint, one send path that encrypts, one place
//! that decodes the envelope.

mod client;
mod connect;
mod endpoints;
mod envelope;
mod error;
mod journal;
mod session;
pub(crate) mod transport;

pub use client::AgentClient;
pub use connect::Connected;
pub(crate) use envelope::browser_now_secs;
pub use error::{ApiError, OcpRefusal};
pub use journal::{export_json, JournalEntry, RequestTrace};
pub use session::{PendingLogout, Recorder, Session};

/// Reads a static file of the console's origin (e.g. `console.json`): its status and text.
pub async fn fetch_static(path: &str) -> Result<(u16, String), String> {
    let raw = transport::fetch_console_file(path).await?;
    Ok((raw.status, raw.text))
}
