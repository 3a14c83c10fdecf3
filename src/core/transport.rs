//! The one place that touches `fetch`. The target string is handed to `fetch` untouched: the
//! agent compares it byte for byte with the signed `Uri` (a client library that re-assembles the
//! query, even to add a trailing `&`, breaks every call). A backend behind a path prefix gets
//! `prefix + target`; nginx strips the prefix byte for byte, so the agent sees `target`. No
//! request to a backend carries or takes cookies (`credentials: 'omit'`): neither uses them
//! here. The console's own files ([`fetch_console_file`]) are fetched as `index.html` preloads
//! them.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// The HTTP methods the agent API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
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

impl RawResponse {
    /// An answer as the transport hands it over (tests build them so).
    pub fn new(status: u16, text: &str) -> Self {
        Self {
            status,
            text: text.to_owned(),
        }
    }
}

/// How long a request may wait for its whole answer. A call that runs out is an unknown
/// outcome (the backend may have carried it out), never a refusal.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// A request that got no HTTP answer: its outcome is unknown (the backend may have carried it
/// out), never a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAnswer {
    /// Nothing within [`REQUEST_TIMEOUT_MS`]: the request was abandoned.
    Timeout,
    /// The browser's reason (the network, a proxy that is down, a refused request).
    Failed(String),
}

impl NoAnswer {
    fn of(e: wasm_bindgen::JsValue) -> Self {
        if is_timeout(&e) {
            return Self::Timeout;
        }
        Self::Failed(
            e.as_string()
                .or_else(|| {
                    e.dyn_ref::<js_sys::Error>()
                        .map(|err| String::from(err.message()))
                })
                .unwrap_or_else(|| format!("{e:?}")),
        )
    }
}

/// Sends `prefix + target` (same origin) with the given headers and body text.
pub async fn send(
    method: Method,
    prefix: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
    inspect: Option<crate::core::inspector::model::Request>,
) -> Result<RawResponse, NoAnswer> {
    let out = Outgoing {
        method,
        prefix,
        target,
        headers,
        body,
        content_type: "text/plain",
        keep_headers: &[],
        inspect,
    };
    send_request(&out).await.map(|(raw, _)| raw)
}

/// A request with the options other backends need (OCP: a JSON body, no cookies, response
/// headers such as `RateLimit-Reset`).
#[derive(Debug)]
pub struct Outgoing<'a> {
    pub method: Method,
    /// The backend's path prefix (`""` or `/agents/east`).
    pub prefix: &'a str,
    /// The target the backend sees (and, for the agent, the signed `Uri`).
    pub target: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<String>,
    /// Sent with a body.
    pub content_type: &'a str,
    /// Response headers to hand back (those present), by name.
    pub keep_headers: &'a [&'a str],
    /// What the request inspector records of it (built by the layer that knows the plain
    /// header and body, secrets masked); `None`: not shown (the console's own static files).
    pub inspect: Option<crate::core::inspector::model::Request>,
}

fn is_timeout(e: &wasm_bindgen::JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|dom| dom.name() == "TimeoutError")
}

/// Sends `out`; the answer and the kept response headers. The inspector records the request
/// as it leaves and completes it with the status (or the lost answer), duration and sizes.
pub async fn send_request(
    out: &Outgoing<'_>,
) -> Result<(RawResponse, Vec<(String, String)>), NoAnswer> {
    use crate::core::inspector::{self, model::Answer};
    let ticket = out.inspect.clone().map(inspector::begin);
    let result = exchange(out).await;
    if let Some(ticket) = ticket {
        let (answer, text) = match &result {
            Ok((raw, _)) => (
                Answer::Status { status: raw.status },
                Some(raw.text.as_str()),
            ),
            Err(e) => match NoAnswer::of(e.clone()) {
                NoAnswer::Timeout => (Answer::Timeout, None),
                NoAnswer::Failed(detail) => (Answer::NoAnswer { detail }, None),
            },
        };
        inspector::finish(ticket, answer, text, out.headers, out.body.as_deref());
    }
    result.map_err(NoAnswer::of)
}

/// One of the console's own files beside `index.html` (`console.json`): a plain GET as the page's
/// `<link rel="preload" as="fetch" crossorigin>` makes it (credentials `same-origin`, no
/// header of ours), so the browser hands over the preloaded answer instead of asking again
/// after the wasm has started. Not recorded by the inspector (no backend is asked).
pub async fn fetch_console_file(path: &str) -> Result<RawResponse, NoAnswer> {
    let exchange = async {
        let window =
            web_sys::window().ok_or_else(|| wasm_bindgen::JsValue::from_str("no window"))?;
        let init = RequestInit::new();
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
            REQUEST_TIMEOUT_MS,
        )));
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
            .await?
            .dyn_into()?;
        Ok::<_, wasm_bindgen::JsValue>(RawResponse {
            status: response.status(),
            text: body_text(&response).await?,
        })
    };
    exchange.await.map_err(NoAnswer::of)
}

async fn exchange(
    out: &Outgoing<'_>,
) -> Result<(RawResponse, Vec<(String, String)>), wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or_else(|| wasm_bindgen::JsValue::from_str("no window"))?;
    let init = RequestInit::new();
    init.set_method(out.method.as_str());
    init.set_credentials(web_sys::RequestCredentials::Omit);
    // One deadline for the answer and its body (the signal also aborts reading the body).
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        REQUEST_TIMEOUT_MS,
    )));
    let h = Headers::new()?;
    // Agents from 4.3.1 (and OCP) localise their messages: ask for the console's language, as
    // one tag (the agent parses a single tag; a list would fall back to English).
    h.set("Accept-Language", crate::core::i18n::lang_untracked().tag())?;
    for (name, value) in out.headers {
        h.set(name, value)?;
    }
    if let Some(text) = &out.body {
        h.set("Content-Type", out.content_type)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(text));
    }
    init.set_headers(&h);
    let url = format!("{}{}", out.prefix, out.target);
    let request = Request::new_with_str_and_init(&url, &init)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let status = response.status();
    let kept = out
        .keep_headers
        .iter()
        .filter_map(|name| {
            let value = response.headers().get(name).ok().flatten()?;
            Some(((*name).to_owned(), value))
        })
        .collect();
    let text = body_text(&response).await?;
    Ok((RawResponse { status, text }, kept))
}

/// The whole body of `response` as text.
async fn body_text(response: &Response) -> Result<String, wasm_bindgen::JsValue> {
    Ok(JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default())
}
