//! "About this backend": the facts of the connection one click away from every page, in the
//! browser's own popover (light dismiss, Escape closes it, focus returns to its button).

use leptos::prelude::*;

use crate::core::i18n::common;

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
        </div>
    }
}
