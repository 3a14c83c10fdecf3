//! View pieces both backends' pages use, each taking what it needs as arguments.

mod about;
mod capacity;
mod error_panel;
mod gate;
mod page_header;
mod preview;
mod switcher;
mod topbar;

pub use about::AboutPanel;
pub use capacity::CapacityBars;
pub use error_panel::ErrorPanel;
pub use gate::Unavailable;
pub use page_header::{Crumb, PageHeader};
pub use preview::PreviewTable;
pub use switcher::{BackendSwitcher, Switcher};
pub use topbar::{Section, Topbar};
