//! Live polling: a pure schedule (when to ask next), the hook that runs it in the page, and the
//! task watch that lets the header's badge lean on the page's own poll.

mod hook;
pub mod registry;
pub mod schedule;
pub mod watch;

pub use hook::{sleep, use_poller, use_poller_with, Poller};
pub use watch::{expect_task_watch, TaskWatch};
