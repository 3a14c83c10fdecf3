//! Zooming the timeline: the width of the lanes as a multiple of the visible width (1 = the
//! whole task fits), the ticks that follow it, and where to scroll so the middle stays put.

use super::model::{elapsed_label, Axis, STEPS_MS};

/// The zoom levels, from "fit" (1) to 64 times the width.
pub const LEVELS: [f64; 11] = [1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 32.0, 64.0];

/// The next level in: `None` at the deepest.
pub fn zoom_in(zoom: f64) -> Option<f64> {
    LEVELS.iter().copied().find(|l| *l > zoom + 1e-9)
}

/// The next level out: `None` when the whole task already fits.
pub fn zoom_out(zoom: f64) -> Option<f64> {
    LEVELS.iter().rev().copied().find(|l| *l < zoom - 1e-9)
}

/// The step between two ticks at `zoom`: about eight ticks per screen, on a round step that
/// divides the axis' own (so the last tick still falls on the end).
pub fn tick_step(axis: &Axis, zoom: f64) -> i64 {
    let step = axis.step_ms.max(1);
    let per_screen = axis.span_ms as f64 / zoom.max(1.0);
    STEPS_MS
        .iter()
        .copied()
        .filter(|s| *s <= step && step % s == 0)
        .find(|s| per_screen / *s as f64 <= 8.0)
        .unwrap_or(step)
}

/// Ticks at `zoom`: position in percent of the whole axis and the time since the first start.
pub fn ticks_at(axis: &Axis, zoom: f64) -> Vec<(f64, String)> {
    let step = tick_step(axis, zoom);
    let span = axis.span_ms.max(1);
    (0..=span / step)
        .map(|k| {
            let at = k * step;
            (at as f64 / span as f64 * 100.0, elapsed_label(at))
        })
        .collect()
}

/// The step between grid lines at `zoom`, in percent of the axis.
pub fn grid_step(axis: &Axis, zoom: f64) -> f64 {
    tick_step(axis, zoom) as f64 / axis.span_ms.max(1) as f64 * 100.0
}

/// Where to scroll after the lanes went from `old_width` to `new_width` pixels wide, so that
/// what was in the middle of the `visible` pixels stays there.
pub fn keep_centre(scroll: f64, visible: f64, old_width: f64, new_width: f64) -> f64 {
    if old_width <= 0.0 {
        return 0.0;
    }
    let centre = (scroll + visible / 2.0) / old_width;
    (centre * new_width - visible / 2.0).clamp(0.0, (new_width - visible).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::timeline::model::axis;

    #[test]
    fn levels_go_in_and_out_and_stop_at_the_ends() {
        assert_eq!(zoom_in(1.0), Some(1.5));
        assert_eq!(zoom_out(1.5), Some(1.0));
        assert_eq!(zoom_out(1.0), None, "fit is as far out as it goes");
        assert_eq!(zoom_in(64.0), None);
        // From a level in between (none is, but a value may be), the nearest one.
        assert_eq!(zoom_in(5.0), Some(6.0));
        assert_eq!(zoom_out(5.0), Some(4.0));
    }

    #[test]
    fn ticks_get_finer_as_the_view_zooms_in() {
        let a = axis(0, 25 * 60_000);
        assert_eq!((a.step_ms, a.span_ms), (300_000, 1_800_000));
        assert_eq!(tick_step(&a, 1.0), 300_000, "fit: the axis' own ticks");
        assert_eq!(ticks_at(&a, 1.0).len(), 7);
        assert_eq!(tick_step(&a, 4.0), 60_000);
        let fine = ticks_at(&a, 4.0);
        assert_eq!(fine.len(), 31);
        assert_eq!(fine[1].1, "1m");
        assert_eq!(
            fine.last().map(|t| t.0),
            Some(100.0),
            "the last tick is the end"
        );
        // Deep in: never finer than a second, and every step divides the axis' own.
        let deep = tick_step(&a, 64.0);
        assert!(deep >= 1_000 && 300_000 % deep == 0, "{deep}");
        assert!((grid_step(&a, 4.0) - 60_000.0 / 1_800_000.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn zooming_keeps_the_middle_in_place() {
        // 1000 px visible, fitted (1000 wide): the middle is at 50 %.
        assert_eq!(keep_centre(0.0, 1000.0, 1000.0, 2000.0), 500.0);
        // Scrolled to the end of a 4000 px view and zoomed back out: clamped to the start.
        assert_eq!(keep_centre(3000.0, 1000.0, 4000.0, 1000.0), 0.0);
        // Deeper in, scrolled to the right: stays on the same moment.
        let s = keep_centre(1500.0, 1000.0, 4000.0, 8000.0);
        assert_eq!(s, (2000.0 / 4000.0) * 8000.0 - 500.0);
        assert_eq!(keep_centre(10.0, 100.0, 0.0, 100.0), 0.0);
    }
}
