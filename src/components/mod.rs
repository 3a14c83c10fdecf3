//! Reusable view pieces.

mod error_panel;
mod gate;
mod header;
mod preview;

pub use error_panel::ErrorPanel;
pub use gate::Unavailable;
pub use header::Header;
pub use preview::{FormErrors, PreviewTable};
