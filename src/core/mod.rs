//! What everything stands on: texts and languages, `console.json`, the transport and its errors,
//! the request inspector's log, this tab's journal of changes and its announcer, polling, earlier runs' durations, change plans' storage and runner, the keyboard layer's
//! registry and the console's URLs.
//! Nothing here names a backend's context or page.

pub mod backend;
pub mod download;
pub mod error;
pub mod history;
pub mod i18n;
pub mod inspector;
pub mod journal;
pub mod keys;
pub mod links;
pub mod plan;
pub mod poll;
pub mod secret;
pub mod transport;
