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
    // Beside its box, inside the frame (which clips), in frame pixels.
    move || {
        let i = tip.get()?;
        let cell = store.cells.with(|c| c.get(i).copied())?;
        let (bx, by) = vp.layout.with(|l| l.boxes.get(i).map(|b| (b.x, b.y)))?;
        let v = vp.view.get();
        let at = place(
            (
                (bx - v.x) * v.scale,
                (by - v.y) * v.scale,
                vp.m.width * v.scale,
                vp.m.height * v.scale,
            ),
            (vp.frame_w.get(), vp.frame_h.get()),
        );
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
                style:left=at.left.map(|x| format!("{x:.0}px"))
                style:right=at.right.map(|x| format!("{x:.0}px"))
                style:top=format!("{:.0}px", at.top)>
                <strong>{text.0}</strong><br/><span class="muted">{text.1}</span>
            </div>
        })
    }
}

/// The tooltip's largest size (`.graph-tip` in style/main.css: 18rem wide, three lines).
const TIP_W: f64 = 288.0;
const TIP_H: f64 = 64.0;
const GAP: f64 = 8.0;

/// Where the tooltip goes, in frame pixels: `left` or `right` (from the frame's right edge),
/// and `top`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TipPlace {
    left: Option<f64>,
    right: Option<f64>,
    top: f64,
}

/// The tooltip of the box at `(x, y, w, h)` in a frame `(w, h)`: to the right of the box, else to
/// its left, level with its top; in a frame too narrow for either, under the box, else above it,
/// else over its lower part. Always inside the frame, as far as the frame's size allows.
fn place((x, y, w, h): (f64, f64, f64, f64), (fw, fh): (f64, f64)) -> TipPlace {
    let level = y.clamp(GAP / 2.0, (fh - TIP_H - GAP / 2.0).max(GAP / 2.0));
    if x + w + GAP + TIP_W <= fw {
        return TipPlace {
            left: Some(x + w + GAP),
            right: None,
            top: level,
        };
    }
    if x - GAP - TIP_W >= 0.0 {
        return TipPlace {
            left: None,
            right: Some(fw - x + GAP),
            top: level,
        };
    }
    let top = if y + h + GAP + TIP_H <= fh {
        y + h + GAP
    } else if y - GAP - TIP_H >= 0.0 {
        y - GAP - TIP_H
    } else {
        level
    };
    TipPlace {
        left: Some(x.clamp(0.0, (fw - TIP_W).max(0.0))),
        right: None,
        top,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beside_the_box_when_the_frame_is_wide() {
        // A 162 px frame (one row of boxes): right of the box, level with it, not under it.
        let p = place((60.0, 39.0, 220.0, 84.0), (1280.0, 162.0));
        assert_eq!(
            p,
            TipPlace {
                left: Some(288.0),
                right: None,
                top: 39.0
            }
        );
        // The last box of the row: to its left, measured from the frame's right edge.
        let p = place((1000.0, 39.0, 220.0, 84.0), (1280.0, 162.0));
        assert_eq!(
            p,
            TipPlace {
                left: None,
                right: Some(288.0),
                top: 39.0
            }
        );
    }

    #[test]
    fn never_below_the_frame() {
        // A box panned half out of the frame's bottom: the tooltip rises to fit.
        let p = place((60.0, 180.0, 220.0, 84.0), (1280.0, 224.0));
        assert_eq!(p.top, 224.0 - TIP_H - GAP / 2.0);
    }

    #[test]
    fn under_or_above_the_box_on_a_phone() {
        let under = place((20.0, 10.0, 200.0, 76.0), (340.0, 400.0));
        assert_eq!(
            under,
            TipPlace {
                left: Some(20.0),
                right: None,
                top: 94.0
            }
        );
        let above = place((20.0, 300.0, 200.0, 76.0), (340.0, 400.0));
        assert_eq!(above.top, 300.0 - GAP - TIP_H);
        assert_eq!(above.left, Some(20.0));
    }
}
