//! Entry points for `make bench`, exported to the page so a headless browser can time the
//! console's own request sealing against the libraries the official web UI uses.

use obshell_protocol::{seal_request, AgentPublicKey, Credential};
use wasm_bindgen::prelude::*;

/// Seals one request exactly as [`crate::api::Session`] does (fresh AES key and IV, RSA header
/// in *k*−11 chunks, AES body) and returns the header value's length, so the work cannot be
/// optimised away.
#[wasm_bindgen]
pub fn bench_seal_request(
    public_key: &str,
    password: &str,
    target: &str,
    body_json: &str,
    expires_at: f64,
) -> Result<usize, JsError> {
    let key = AgentPublicKey::from_base64(public_key)?;
    let sealed = seal_request(
        &mut rand_core::OsRng,
        &key,
        Credential::Password(password),
        expires_at as i64,
        target,
        Some(body_json.as_bytes()),
        false,
    )?;
    Ok(sealed.header.len() + sealed.body.map_or(0, |b| b.len()))
}
