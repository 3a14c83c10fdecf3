//! View pieces both backends' pages use, each taking what it needs as arguments.

mod capacity;
mod error_panel;
mod gate;
mod preview;
mod switcher;

pub use capacity::CapacityBars;
pub use error_panel::ErrorPanel;
pub use gate::Unavailable;
pub use preview::PreviewTable;
pub use switcher::{BackendSwitcher, Switcher};
