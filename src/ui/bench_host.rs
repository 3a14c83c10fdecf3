//! Where a benchmark mounts what it measures (the `bench` build only).

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
