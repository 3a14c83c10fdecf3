//! The tooltip of the box under the pointer or focus: its full title, and its stage, where it
//! ran, its state and operator, placed under the box in frame pixels.

use leptos::prelude::*;

use super::model::{operator_label, state_cue, subtitle_text};
use super::viewport::Viewport;
use super::GraphStore;
use crate::core::i18n::fill;

crate::texts! {
    /// The tooltip's texts.
    mod tx {
        tip: "step {0} · {1} · {2} {3} · {4}" => "第 {0} 步 · {1} · {2} {3} · {4}",
    }
}

/// The tooltip of the box at `tip`, if any.
#[component]
pub(super) fn GraphTip(
    store: GraphStore,
    vp: Viewport,
    tip: RwSignal<Option<usize>>,
) -> impl IntoView {
    // The tooltip sits under its box, in frame pixels.
    move || {
        let i = tip.get()?;
        let cell = store.cells.with(|c| c.get(i).copied())?;
        let (bx, by) = vp.layout.with(|l| l.boxes.get(i).map(|b| (b.x, b.y)))?;
        let v = vp.view.get();
        let left = ((bx - v.x) * v.scale).clamp(0.0, (vp.frame_w.get() - 240.0).max(0.0));
        let top = (by + vp.m.height - v.y) * v.scale + 6.0;
        let text = cell.data.with(|d| {
            let (glyph, word) = state_cue(d.state);
            (
                d.title.clone(),
                fill(
                    tx::t().tip,
                    &[
                        &d.stage,
                        &subtitle_text(d),
                        &glyph,
                        &word,
                        &operator_label(d.operator),
                    ],
                ),
            )
        });
        Some(view! {
            <div class="graph-tip" role="tooltip" id="graph-tip" data-testid="graph-tip"
                style:left=format!("{left:.0}px") style:top=format!("{top:.0}px")>
                <strong>{text.0}</strong><br/><span class="muted">{text.1}</span>
            </div>
        })
    }
}
