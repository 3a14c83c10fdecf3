//! The console's OBShell backend: an agent driven through its HTTP API with the agent's hybrid
//! encryption done in the page (docs/protocol/obshell.md).
//!
//! Built like OCP's side (`crate::ocp`): its [`context`] (provided by the shell only under the
//! agent's connected view), [`links`], the entry points of its split modules ([`split`]),
//! [`connect`], [`client`], [`forms`], [`task`] and [`pages`], its [`header`] and [`sections`]; besides them,
//! its [`announcer`] of the tasks this tab started (on the shared one, `crate::core::journal`);
//! besides them, what the agent alone has: its [`profile`] (version, identity, capabilities) and
//! what a change should leave behind ([`expected`]).

pub mod announcer;
pub mod client;
pub mod connect;
pub mod context;
pub mod expected;
pub mod forms;
pub mod header;
pub mod links;
pub mod pages;
pub mod profile;
pub mod sections;
pub mod split;
pub mod task;
