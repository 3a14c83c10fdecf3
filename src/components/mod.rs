//! Reusable view pieces.

mod blockers;
mod error_panel;
mod gate;
mod header;
mod lost_answer;
mod preview;
pub mod shortcuts;

pub use blockers::Blockers;
pub use error_panel::ErrorPanel;
pub use gate::Unavailable;
pub use header::{BackendSwitcher, Header};
pub use lost_answer::{LostAnswer, LostRequest, SubmitError};
pub use preview::{FormErrors, PreviewTable};
