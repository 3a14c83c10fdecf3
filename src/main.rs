//! Entry point: installs the panic hook and fetches the console.
//!
//! The first screen is index.html's own connect form (plain HTML: typeable before any code has
//! arrived). This module is only what starts the console: the shell, the framework and the
//! forms are a split module (`crate::shell::split::console`) fetched at once, which takes the
//! form over with what was typed (`crate::shell::boot`).

fn main() {
    use obshell_console::shell::{boot, split};
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        if split::console().await.is_err() {
            boot::failed();
        }
    });
    // Beside it, the agent's (or OCP's) pages, needed as soon as the person connects.
    wasm_bindgen_futures::spawn_local(boot::preload_first_group());
}
