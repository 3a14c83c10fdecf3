//! The application around the two backends: `console.json`'s backends and their connections,
//! the routes and each backend's view, the connect page, the backend switcher, the keyboard
//! layer and its shortcuts, the preferences bar and the request inspector's panel.

pub mod app;
pub mod backends;
pub mod boot;
pub mod connect;
pub mod inspector;
pub mod keyboard;
pub mod prefs;
pub mod shortcuts;
pub mod split;
pub mod switcher;
