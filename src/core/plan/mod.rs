//! Change plans on either backend (docs/protocol/plans.md): the documents kept in the browser's
//! storage with the lease between tabs ([`store`]), and the runner that sends one step at a time
//! ([`runner`]) through what a backend gives it ([`runner::Driver`]), and how long a backend's
//! earlier tasks took ([`durations`]).

pub mod durations;
pub mod runner;
pub mod store;

pub use durations::Durations;
pub use runner::{Driver, Runner, Sent};
