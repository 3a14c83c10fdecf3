//! Entry point: installs the panic hook and mounts the console.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(obshell_console::App);
}
