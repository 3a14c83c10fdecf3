//! Task DAGs as node graphs: the pure model and layout, and the SVG that draws them.

pub mod layout;
pub mod model;
pub mod steps;
mod view;

pub mod store;

pub use store::GraphStore;
pub use view::{BoxCell, DagGraph};
