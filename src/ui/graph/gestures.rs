//! Moving the view by hand: dragging (pointer events), ctrl + wheel and two pointers (a touch
//! pinch) to zoom.
//!
//! Why ctrl + wheel and not the plain wheel: the task page scrolls on past the graph to the node
//! panel and its logs, and a graph that takes the plain wheel traps that scroll — what users of
//! such widgets keep asking to change (cytoscape.js #2062, uber/react-digraph #242,
//! ipycytoscape #329; Google Maps embeds ask for ctrl + scroll for the same reason). Browsers
//! deliver a trackpad pinch as a wheel event with `ctrlKey`, so it zooms here too.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::viewport::Viewport;

/// Pointers down on the graph, for drag and pinch.
#[derive(Debug, Default)]
struct Gesture {
    pointers: Vec<(i32, f64, f64)>,
    start: (f64, f64),
    /// Moved far enough to be a drag: the click that ends it selects nothing.
    dragged: bool,
}

/// The pointers on the graph and the view they move.
#[derive(Debug, Clone, Copy)]
pub(super) struct Gestures {
    vp: Viewport,
    gesture: StoredValue<Gesture, LocalStorage>,
}

impl Gestures {
    /// Zooms on ctrl + wheel over the frame, and follows the pointers the SVG passes on.
    pub fn new(vp: Viewport) -> Self {
        zoom_on_wheel(vp);
        Self {
            vp,
            gesture: StoredValue::new_local(Gesture::default()),
        }
    }

    /// The last gesture moved far enough to be a drag (or was a pinch).
    pub fn dragged(&self) -> bool {
        self.gesture.with_value(|g| g.dragged)
    }

    pub fn down(&self, e: web_sys::PointerEvent) {
        if e.pointer_type() == "mouse" && e.button() != 0 {
            return;
        }
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        self.gesture.update_value(|g| {
            if g.pointers.is_empty() {
                g.dragged = false;
                g.start = (x, y);
            }
            g.pointers.retain(|p| p.0 != e.pointer_id());
            g.pointers.push((e.pointer_id(), x, y));
        });
    }

    pub fn moved(&self, e: web_sys::PointerEvent) {
        let id = e.pointer_id();
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        let mut pan = None;
        let mut pinch = None;
        let mut capture = false;
        self.gesture.update_value(|g| {
            let Some(at) = g.pointers.iter().position(|p| p.0 == id) else {
                return;
            };
            let (_, px, py) = g.pointers[at];
            match g.pointers.len() {
                1 => {
                    if !g.dragged && (x - g.start.0).hypot(y - g.start.1) > 4.0 {
                        g.dragged = true;
                        capture = true;
                    }
                    if g.dragged {
                        pan = Some((x - px, y - py));
                    }
                }
                2 => {
                    let (_, ox, oy) = g.pointers[1 - at];
                    let before = (px - ox).hypot(py - oy);
                    let after = (x - ox).hypot(y - oy);
                    if before > 0.0 {
                        pinch = Some((after / before, (x + ox) / 2.0, (y + oy) / 2.0));
                    }
                    g.dragged = true;
                }
                _ => {}
            }
            g.pointers[at] = (id, x, y);
        });
        // Captured only once it is a drag, so that a plain click still reaches its box.
        if capture {
            if let Some(el) = self.vp.svg.get_untracked() {
                let el: &web_sys::Element = el.as_ref();
                let _ = el.set_pointer_capture(id);
            }
        }
        if let Some((dx, dy)) = pan {
            self.vp.pan(dx, dy);
        }
        if let Some((factor, cx, cy)) = pinch {
            let (px, py) = self.vp.local(cx, cy);
            self.vp.zoom_at(factor, px, py);
        }
    }

    pub fn up(&self, e: web_sys::PointerEvent) {
        self.gesture
            .update_value(|g| g.pointers.retain(|p| p.0 != e.pointer_id()));
    }
}

/// The wheel listener must not be passive, to keep the page itself from zooming; it is
/// removed with the graph.
fn zoom_on_wheel(vp: Viewport) {
    type Wheel = (
        web_sys::EventTarget,
        Closure<dyn FnMut(web_sys::WheelEvent)>,
    );
    let wheel = StoredValue::new_local(None::<Wheel>);
    Effect::new(move |_| {
        let Some(div) = vp.frame.get() else { return };
        let on_wheel =
            Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |e: web_sys::WheelEvent| {
                if !(e.ctrl_key() || e.meta_key()) {
                    return;
                }
                e.prevent_default();
                let unit = match e.delta_mode() {
                    1 => 16.0,
                    2 => 400.0,
                    _ => 1.0,
                };
                let (px, py) = vp.local(f64::from(e.client_x()), f64::from(e.client_y()));
                vp.zoom_at((-e.delta_y() * unit * 0.002).exp(), px, py);
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let target: web_sys::EventTarget = div.unchecked_into();
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        wheel.set_value(Some((target, on_wheel)));
    });
    on_cleanup(move || {
        if let Some(Some((target, on_wheel))) = wheel.try_update_value(Option::take) {
            let _ = target
                .remove_event_listener_with_callback("wheel", on_wheel.as_ref().unchecked_ref());
        }
    });
}
