//! The entry points of the shell's split modules: each function here is a split point that
//! `wasm-split-cli` cuts off with the code it alone reaches (see [`crate::ui::split`] for the
//! loader and `scripts/split.sh` for the build step).
//!
//! The split runtime declares its loader as an `extern "C"` import, which needs `unsafe`; the
//! files of split points alone allow it (the macro's code, none written here: see
//! docs/architecture.md, "Exceptions").
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use crate::ui::split::{ctor, LoadError, Page};

// ---- the console itself (the entry point's only call) ----

/// Mounts the console: the shell, its routes and the connect forms, which take over
/// index.html's form (`crate::shell::boot`).
#[wasm_split(console, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn console() -> Result<(), LoadError> {
    leptos::mount::mount_to_body(crate::App);
    Ok(())
}

/// Fetches the modules a person needs right after connecting (the header and the cluster's
/// pages), in the background, once the connect form is up: on a slow link they arrive while the
/// password is typed. A failure is left to the page that needs the module (it says so).
pub fn preload_after_connect_form(ocp: bool) {
    leptos::task::spawn_local(preload_pages(ocp));
}

/// The page group of an OCP (`ocp`) or of an agent, fetched; a failure is left to its pages.
pub async fn preload_pages(ocp: bool) {
    if ocp {
        let _ = crate::ocp::split::preload_ocp().await;
    } else {
        let _ = crate::obshell::split::preload_obshell().await;
    }
}

// ---- the request inspector (opened from the top bar) ----

#[wasm_split(inspector, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn inspector() -> Page {
    Ok(ctor(
        move || view! { <crate::shell::inspector::InspectorPanel/> },
    ))
}
