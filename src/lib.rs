//! obshell-console: a browser console for OceanBase clusters, speaking the OBShell agent API
//! with the agent's hybrid encryption done in the page, and OCP's API v2.
//!
//! The layers, from the top (docs/architecture.md): a module imports only its own folder or a
//! layer below, and the two backends never import each other.
//!
//! - [`shell`]: the application: backends, routes, header bar, keyboard, preferences.
//! - [`obshell`] and [`ocp`]: the two backends, built alike (context, links, split entry points,
//!   connect, client, forms, task, pages).
//! - [`ui`]: view pieces both backends use (the task graph, the error panel, the log view, the
//!   refresh bar, submit, the split loader), taking what they need as arguments.
//! - [`core`]: what everything stands on (texts and languages, the transport and its errors, the
//!   request inspector's log, polling, the console's URLs, `console.json`).

#[cfg(feature = "bench")]
pub mod bench;
pub mod core;
pub mod obshell;
pub mod ocp;
pub mod shell;
pub mod ui;

pub use shell::app::App;
