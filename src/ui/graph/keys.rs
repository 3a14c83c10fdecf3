//! The keyboard on a box: Enter or Space selects it, the arrow keys, Home and End step to
//! another box (along the layers and within one, `steps.rs`), brought into sight and focused.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::viewport::Viewport;

/// A key pressed on the box at `index`; `choose` selects it.
pub(super) fn on_box_key(
    vp: Viewport,
    index: usize,
    e: &web_sys::KeyboardEvent,
    choose: impl Fn(),
) {
    match e.key().as_str() {
        "Enter" | " " => {
            e.prevent_default();
            choose()
        }
        // Arrows go along the layers and within one (steps.rs).
        key @ ("ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" | "Home" | "End") => {
            e.prevent_default();
            if let Some(to) = vp
                .layout
                .with_untracked(|l| super::steps::step_from(&l.boxes, index, key))
            {
                step_to(vp, to)
            }
        }
        _ => {}
    }
}

/// Keyboard focus to another box: brought into sight first, so that it is drawn.
fn step_to(vp: Viewport, target: usize) {
    let count = vp.layout.with_untracked(|l| l.boxes.len());
    if count == 0 {
        return;
    }
    let target = target.min(count - 1);
    vp.reveal(target);
    request_animation_frame(move || {
        let found = vp
            .svg
            .get_untracked()
            .and_then(|el| {
                let el: &web_sys::Element = el.as_ref();
                el.query_selector(&format!("[data-index='{target}']"))
                    .ok()
                    .flatten()
            })
            .and_then(|el| el.dyn_into::<web_sys::SvgElement>().ok());
        if let Some(el) = found {
            let _ = el.focus();
        }
    });
}
