//! obshell-console: a browser console for OceanBase clusters, speaking the OBShell agent API
//! with the agent's hybrid encryption done in the page.

pub mod agent;
pub mod api;
pub mod app;
pub mod backend;
#[cfg(feature = "bench")]
pub mod bench;
pub mod components;
pub mod download;
pub mod forms;
pub mod graph;
pub mod i18n;
pub mod inspector;
pub mod journal;
pub mod keyboard;
pub mod ocp;
pub mod pages;
pub mod poll;
pub mod prefs;
pub mod routes;
pub mod secret;

pub use app::App;
