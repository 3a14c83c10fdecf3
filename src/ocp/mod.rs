//! The console's OCP backend (docs/protocol/ocp.md): a client speaking OCP's API v2 with HTTP
//! Basic, OCP's refusals explained, the clusters, tenants and the three replica forms checked
//! with OCP's own rules before sending, and OCP tasks as live graphs.
//!
//! Built like the agent's side (`crate::obshell`): its [`context`] (provided by the shell only
//! under the backend's connected view), [`links`], the entry points of its split modules
//! ([`split`]), [`connect`], [`client`], [`forms`], [`task`] and [`pages`], its [`header`] and [`sections`],
//! and its [`announcer`] of the tasks this tab started (on the shared one, `crate::core::journal`).

pub mod announcer;
pub mod client;
pub mod connect;
pub mod context;
pub mod forms;
pub mod header;
pub mod links;
pub mod pages;
pub mod sections;
pub mod split;
pub mod task;

pub use client::{OcpInfo, OcpSession};
pub use connect::OcpConnect;
pub use context::{expect_ocp, OcpCtx};
pub use links::OcpLinks;
