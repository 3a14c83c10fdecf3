//! What a benchmark needs of the page (the `bench` build only): an element to mount what it
//! measures into, the page's clock, and the waits for the next task and the next frame. Both
//! benches (`src/bench/`, and the task page's in `src/obshell/task/bench.rs`) time through these.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A fresh element at the end of the page's body, for a benchmark to mount into.
pub fn bench_host() -> Result<web_sys::HtmlElement, JsError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document"))?;
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(|_| JsError::new("no div"))?
        .unchecked_into();
    document
        .body()
        .ok_or_else(|| JsError::new("no body"))?
        .append_child(&host)
        .map_err(|_| JsError::new("append"))?;
    Ok(host)
}

/// The page's clock, in milliseconds (to 0.1 ms: the page is not cross-origin isolated).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Waits for the next task (a message to itself, which unlike a timer is not clamped to 4 ms):
/// every microtask queued before it, deferred effects included, has run by then.
pub async fn settle() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        HOP.with(|hop| {
            if let Some((inbox, outbox)) = hop {
                inbox.set_onmessage(Some(resolve.unchecked_ref()));
                let _ = outbox.post_message(&JsValue::NULL);
            }
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

thread_local! {
    /// The channel [`settle`] sends itself a message through, made at its first wait (before
    /// any clock starts) and kept: making one per wait cost about 0.03 ms of every timed poll
    /// (docs/benchmarks.md). The benches wait one at a time.
    static HOP: Option<(web_sys::MessagePort, web_sys::MessagePort)> =
        web_sys::MessageChannel::new().ok().map(|c| (c.port1(), c.port2()));
}

/// Waits for the next animation frame: the browser paints right after it.
pub async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
}

/// Waits until the browser has drawn a frame: its animation-frame callbacks, then its style,
/// layout and paint, then [`settle`].
pub async fn painted() {
    next_frame().await;
    settle().await;
}
