//! The part of the graph in sight, as the SVG's `viewBox`: the frame measured as it resizes,
//! fitted on first show, following the current box until the reader moves it, zoomed about a
//! point, and the window of boxes near it that are drawn.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::layout::{layout, Layout, Metrics};
use super::GraphStore;

/// Zoom limits; a first show fits only when the fitted graph stays readable.
const MIN_SCALE: f64 = 0.1;
const MAX_SCALE: f64 = 3.0;
const READABLE_FIT: f64 = 0.5;

/// The part of the layout in sight: its top-left corner and pixels per unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct View {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

/// Where a box's top-left corner may be for the box to be drawn (layout units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Drawn {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Drawn {
    /// The box at (`x`, `y`) is near the part in sight.
    pub fn near(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// The graph's frame, its layout and the view on it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Viewport {
    pub m: Metrics,
    pub frame: NodeRef<leptos::html::Div>,
    pub svg: NodeRef<leptos::svg::Svg>,
    /// The frame's inner width (pixels); 0 until the frame has been measured.
    pub frame_w: RwSignal<f64>,
    pub frame_h: Memo<f64>,
    pub layout: Memo<Layout>,
    pub view: RwSignal<View>,
    /// The view follows the layout (fit or the current box) until the reader moves it.
    follow: RwSignal<bool>,
}

impl Viewport {
    /// Measures the frame, lays the store out in it and keeps `current` in sight.
    pub fn new(store: GraphStore, current: Signal<usize>) -> Self {
        let m = Metrics::default();
        let frame = NodeRef::<leptos::html::Div>::new();
        let svg = NodeRef::<leptos::svg::Svg>::new();
        // The frame's inner width and the tallest it may grow (pixels).
        let frame_w = RwSignal::new(0.0f64);
        let max_h = RwSignal::new(520.0f64);
        watch_size(frame, frame_w, max_h);
        // The graph is laid out once the frame's width is known (`None` before), not at a
        // guessed width first: at a guess, the first show drew every box and then moved it
        // (docs/benchmarks.md, "The first show at the frame's width").
        let columns = Memo::new(move |_| {
            let w = frame_w.get();
            (w > 0.0).then(|| m.columns_for(w))
        });
        let layout = Memo::new(move |_| {
            let Some(c) = columns.get() else {
                return Layout::default();
            };
            store
                .structure
                .with(|(keys, edges)| layout(keys.len(), edges, &m, c))
        });
        let frame_h = Memo::new(move |_| layout.with(|l| l.height).clamp(160.0, max_h.get()));
        let vp = Self {
            m,
            frame,
            svg,
            frame_w,
            frame_h,
            layout,
            view: RwSignal::new(View {
                x: 0.0,
                y: 0.0,
                scale: 1.0,
            }),
            follow: RwSignal::new(true),
        };
        vp.follow_layout(current);
        vp
    }

    /// Fits the layout (while followed) as it changes, or centres the current box when the
    /// fitted graph would not be readable; a large graph that does not fit keeps the current
    /// stage in sight as it moves on.
    fn follow_layout(self, current: Signal<usize>) {
        let vp = self;
        Effect::new(move |_| {
            vp.layout.track();
            vp.frame_w.track();
            vp.frame_h.track();
            // Nothing is laid out to fit before the frame is measured.
            if !vp.follow.get_untracked() || vp.frame_w.get_untracked() <= 0.0 {
                return;
            }
            let f = vp.fitted();
            if f.scale >= READABLE_FIT {
                vp.view.set(f);
            } else if let Some(v) = vp.centre_on(current.get_untracked(), 1.0) {
                vp.view.set(v);
            }
        });
        Effect::new(move |_| {
            let index = current.get();
            if vp.follow.get_untracked() && !vp.in_sight(index) {
                if let Some(v) = vp.centre_on(index, vp.view.get_untracked().scale) {
                    vp.view.set(v);
                }
            }
        });
    }

    /// The frame's size, untracked.
    fn size(&self) -> (f64, f64) {
        (self.frame_w.get_untracked(), self.frame_h.get_untracked())
    }

    fn fitted(&self) -> View {
        let (lw, lh) = self.layout.with_untracked(|l| (l.width, l.height));
        let (fw, fh) = self.size();
        let scale = (fw / lw).min(fh / lh).clamp(MIN_SCALE, 1.0);
        View {
            x: (lw - fw / scale) / 2.0,
            y: (lh - fh / scale) / 2.0,
            scale,
        }
    }

    fn centre_on(&self, index: usize, scale: f64) -> Option<View> {
        let (fw, fh) = self.size();
        let m = self.m;
        self.layout.with_untracked(|l| {
            l.boxes.get(index).map(|b| View {
                x: b.x + m.width / 2.0 - fw / scale / 2.0,
                y: b.y + m.height / 2.0 - fh / scale / 2.0,
                scale,
            })
        })
    }

    /// Back to the whole graph, followed again.
    pub fn fit(&self) {
        self.follow.set(true);
        self.view.set(self.fitted());
    }

    /// The box at `index` is wholly in sight.
    fn in_sight(&self, index: usize) -> bool {
        let v = self.view.get_untracked();
        let (fw, fh) = self.size();
        let m = self.m;
        self.layout.with_untracked(|l| {
            l.boxes.get(index).is_some_and(|b| {
                b.x >= v.x
                    && b.y >= v.y
                    && b.x + m.width <= v.x + fw / v.scale
                    && b.y + m.height <= v.y + fh / v.scale
            })
        })
    }

    /// Brings the box at `index` into sight (the reader took the view over).
    pub fn reveal(&self, index: usize) {
        if !self.in_sight(index) {
            self.follow.set(false);
            if let Some(v) = self.centre_on(index, self.view.get_untracked().scale) {
                self.view.set(v);
            }
        }
    }

    /// Zooms by `factor` about the frame point (`px`, `py`).
    pub fn zoom_at(&self, factor: f64, px: f64, py: f64) {
        self.follow.set(false);
        self.view.update(|v| {
            let scale = (v.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
            let (wx, wy) = (v.x + px / v.scale, v.y + py / v.scale);
            *v = View {
                x: wx - px / scale,
                y: wy - py / scale,
                scale,
            };
        });
    }

    /// Zooms by `factor` about the frame's centre.
    pub fn zoom_centre(&self, factor: f64) {
        let (fw, fh) = self.size();
        self.zoom_at(factor, fw / 2.0, fh / 2.0)
    }

    /// Moves the view by (`dx`, `dy`) frame pixels.
    pub fn pan(&self, dx: f64, dy: f64) {
        self.follow.set(false);
        self.view.update(|v| {
            v.x -= dx / v.scale;
            v.y -= dy / v.scale;
        });
    }

    /// Where a pointer is, in frame pixels.
    pub fn local(&self, cx: f64, cy: f64) -> (f64, f64) {
        self.frame.get_untracked().map_or((cx, cy), |div| {
            let r = div.get_bounding_client_rect();
            (cx - r.left(), cy - r.top())
        })
    }

    /// The part of the layout that is drawn: the part in sight, and one view around it on every
    /// side. Tracked (read once per pass over the boxes, not once per box).
    pub fn drawn(&self) -> Drawn {
        let v = self.view.get();
        let (w, h) = (self.frame_w.get() / v.scale, self.frame_h.get() / v.scale);
        Drawn {
            x0: v.x - w - self.m.width,
            y0: v.y - h - self.m.height,
            x1: v.x + 2.0 * w,
            y1: v.y + 2.0 * h,
        }
    }

    /// The SVG's `viewBox`. Tracked.
    pub fn view_box(&self) -> String {
        let v = self.view.get();
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            v.x,
            v.y,
            self.frame_w.get() / v.scale,
            self.frame_h.get() / v.scale
        )
    }
}

/// Measures the frame whenever its size changes: when it is first laid out (a page whose code
/// loads first is built before it is in the document, at width 0), when a scroll bar comes or
/// goes, and with the window. The window's inner height is read along.
fn watch_size(frame: NodeRef<leptos::html::Div>, frame_w: RwSignal<f64>, max_h: RwSignal<f64>) {
    let measure = move || {
        if let Some(div) = frame.get_untracked() {
            let w = f64::from(div.client_width());
            if w > 0.0 && (w - frame_w.get_untracked()).abs() >= 1.0 {
                frame_w.set(w);
            }
        }
        if let Some(h) = window().inner_height().ok().and_then(|h| h.as_f64()) {
            let h = (h * 0.58).max(240.0);
            if (h - max_h.get_untracked()).abs() >= 1.0 {
                max_h.set(h);
            }
        }
    };
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move |_| {
        let Some(div) = frame.get() else { return };
        measure();
        let callback = Closure::<dyn FnMut()>::new(measure);
        if let Ok(watch) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            watch.observe(&div);
            if let Some((old, _)) = observer
                .try_update_value(|o| o.replace((watch, callback)))
                .flatten()
            {
                old.disconnect();
            }
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        resize.remove();
        if let Some((watch, _)) = observer.try_update_value(Option::take).flatten() {
            watch.disconnect();
        }
    });
}
