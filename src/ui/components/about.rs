//! "About this backend": the facts of the connection one click away from every page, in the
//! browser's own popover (light dismiss, Escape closes it, focus returns to its button), and
//! below them this console's own version and build (the same in both backends' panels).

use leptos::prelude::*;

use crate::core::i18n::{common, fill};

crate::texts! {
    /// The console's own line in every "About" panel.
    mod tx {
        console: "this console" => "本控制台",
        version_build: "obshell-console {0}, build {1}" => "obshell-console {0}，构建 {1}",
    }
}

/// The console's version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The console's build: the git commit it was built from (`-dirty` when the tree had changes),
/// which `make console` passes in `OBSHELL_CONSOLE_BUILD` (scripts/build-id.sh, the same that
/// names the release tarball); "dev" for a build without it (`make dev`, tests).
pub const BUILD: &str = match option_env!("OBSHELL_CONSOLE_BUILD") {
    Some(build) => build,
    None => "dev",
};

/// A button in the bar that opens a panel of facts; `children` is the panel's content.
#[component]
pub fn AboutPanel(
    /// The element id of the panel (one per page).
    id: &'static str,
    /// The button's name and the panel's heading.
    label: Signal<&'static str>,
    /// A test hook on the panel.
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <button type="button" class="secondary small" popovertarget=id>{move || label.get()}</button>
        <div id=id popover="auto" class="about" role="dialog" aria-label=move || label.get() data-testid=testid>
            <div class="about-head">
                <h2>{move || label.get()}</h2>
                <button type="button" class="secondary small" popovertarget=id popovertargetaction="hide">
                    {move || common::t().close}</button>
            </div>
            {children()}
            <dl class="facts">
                <dt>{move || tx::t().console}</dt>
                <dd class="mono" data-testid="about-console">{move || fill(tx::t().version_build, &[&VERSION, &BUILD])}</dd>
            </dl>
        </div>
    }
}
