//! Entry points for `make bench` (cargo feature `bench`, never in the shipped dist/), exported
//! to the page so a headless browser can time the console's own request sealing against the
//! libraries the official web UI uses (`seal`), and the task graph (`graph`).

mod graph;
mod seal;

/// The page's clock, in milliseconds (to 0.1 ms: the page is not cross-origin isolated).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
