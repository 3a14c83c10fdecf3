//! The one place that touches `fetch`. The target string is handed to `fetch` untouched: the
//! agent compares it byte for byte with the signed `Uri` (a client library that re-assembles the
//! query, even to add a trailing `&`, breaks every call). A backend behind a path prefix gets
//! `prefix + target`; nginx strips the prefix byte for byte, so the agent sees `target`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// The HTTP methods the agent API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// A raw HTTP answer.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub text: String,
}

fn js_text(e: wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|err| String::from(err.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Sends `prefix + target` (same origin) with the given headers and body text.
pub async fn send(
    method: Method,
    prefix: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<RawResponse, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_method(method.as_str());
    let h = Headers::new().map_err(js_text)?;
    // Agent messages are localised; the console shows them in English with their codes.
    h.set("Accept-Language", "en-US").map_err(js_text)?;
    for (name, value) in headers {
        h.set(name, value).map_err(js_text)?;
    }
    if let Some(text) = body {
        h.set("Content-Type", "text/plain").map_err(js_text)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(&text));
    }
    init.set_headers(&h);
    let url = format!("{prefix}{target}");
    let request = Request::new_with_str_and_init(&url, &init).map_err(js_text)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_text)?
        .dyn_into()
        .map_err(js_text)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(js_text)?)
        .await
        .map_err(js_text)?
        .as_string()
        .unwrap_or_default();
    Ok(RawResponse { status, text })
}
