//! Reusable view pieces.

mod blockers;
mod error_panel;
mod gate;
mod header;
mod preview;

pub use blockers::Blockers;
pub use error_panel::ErrorPanel;
pub use gate::Unavailable;
pub use header::{BackendSwitcher, Header};
pub use preview::{FormErrors, PreviewTable};
