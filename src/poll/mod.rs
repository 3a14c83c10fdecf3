//! Live polling: a pure schedule (when to ask next) and the hook that runs it in the page.

mod hook;
pub mod schedule;

pub use hook::{use_poller, Poller};
