//! The one place that touches `fetch`.

use gloo_net::http::{Method, RequestBuilder};

/// A raw HTTP answer.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub text: String,
}

/// Sends `target` (same origin) with the given headers and body text.
pub async fn send(
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<RawResponse, String> {
    let mut builder = RequestBuilder::new(target).method(method);
    // Agent messages are localised; the console shows them in English with their codes.
    builder = builder.header("Accept-Language", "en-US");
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(text) => builder
            .header("Content-Type", "text/plain")
            .body(text)
            .map_err(|e| e.to_string())?,
        None => builder.build().map_err(|e| e.to_string())?,
    };
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let text = response.text().await.map_err(|e| e.to_string())?;
    Ok(RawResponse { status, text })
}
