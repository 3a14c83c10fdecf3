//! View pieces both backends use, each taking what it needs as arguments: the task graph and its
//! layout, a task against its earlier runs, the error panel and the form previews, this tab's journal and the notification
//! toggle, the log view and the search across a task's logs, a plan's status and controls, the
//! refresh bar, sending a checked form, and the loader of split modules. Nothing here names a
//! backend's context or page.

#[cfg(feature = "bench")]
pub mod bench_host;
pub mod components;
pub mod graph;
pub mod history;
pub mod journal;
pub mod log_search;
pub mod log_view;
pub mod plan;
pub mod refresh;
pub mod split;
pub mod submit;
pub mod timeline;
