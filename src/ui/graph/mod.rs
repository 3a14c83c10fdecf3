//! Task DAGs as node graphs: the pure model and layout, and the SVG that draws them.

mod gestures;
mod keys;
pub mod layout;
pub mod model;
mod node;
mod seen;
pub mod steps;
mod tip;
mod view;
mod viewport;

pub mod store;

pub use store::{BoxCell, GraphStore};
pub use view::DagGraph;
