//! The cost of sealing one request in the browser (`make bench`'s "seal"): the console's own
//! hybrid encryption, timed against the libraries the official web UI uses.

use obshell_protocol::obshell::{seal_request, AgentPublicKey, AuthHeader, Credential, SessionKey};
use wasm_bindgen::prelude::*;

/// The agent's public key, parsed once as [`crate::obshell::client::Session`] holds it from the connect on.
#[wasm_bindgen]
#[derive(Debug)]
pub struct BenchKey {
    key: AgentPublicKey,
}

#[wasm_bindgen]
impl BenchKey {
    /// Parses the base64 DER key of `GET /api/v1/secret`.
    pub fn parse(text: &str) -> Result<BenchKey, JsError> {
        Ok(BenchKey {
            key: AgentPublicKey::from_base64(text)?,
        })
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.key.size() * 8
    }
}

/// Seals `calls` requests exactly as [`crate::obshell::client::Session`] does per request (fresh AES key
/// and IV from the browser's `crypto`, RSA header in *k*−11 chunks, AES body), with the strings
/// already in Rust as the session has them; returns the bytes sealed, so the work cannot be
/// optimised away.
#[wasm_bindgen]
pub fn bench_seal_requests(
    key: &BenchKey,
    password: &str,
    target: &str,
    body_json: &str,
    expires_at: f64,
    calls: u32,
) -> Result<usize, JsError> {
    let mut total = 0;
    for _ in 0..calls {
        let sealed = seal_request(
            &mut rand_core::OsRng,
            &key.key,
            Credential::Password(password),
            expires_at as i64,
            target,
            Some(body_json.as_bytes()),
            false,
        )?;
        total += sealed.header.len() + sealed.body.map_or(0, |b| b.len());
    }
    Ok(total)
}

/// A fast generator for the breakdown only, to time RSA without the browser's `crypto` calls
/// (xorshift: not a cryptographic generator, whatever the marker trait says; never sealing).
struct NotRandom(u64);

impl rand_core::RngCore for NotRandom {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand_core::impls::fill_bytes_via_next(self, dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for NotRandom {}

/// Where one seal's time goes: milliseconds per call, each part run `calls` times, in the
/// order of [`bench_seal_parts`].
#[wasm_bindgen]
pub fn bench_seal_breakdown(
    key_text: &str,
    key: &BenchKey,
    password: &str,
    target: &str,
    body_json: &str,
    expires_at: f64,
    calls: u32,
) -> Result<Vec<f64>, JsError> {
    let now = crate::ui::bench_host::now_ms;
    let n = f64::from(calls.max(1));
    let mut out = Vec::new();
    let mut sink = 0usize;
    let expires = expires_at as i64;
    let session_key = SessionKey::random();
    let header = AuthHeader::new(password, expires, target)
        .with_keys(&session_key)
        .to_json();

    let t = now();
    for _ in 0..calls {
        sink += AgentPublicKey::from_base64(key_text)?.size();
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += usize::from(SessionKey::random().to_bytes()[0]);
    }
    out.push((now() - t) / n);

    let t = now();
    let mut pad = vec![0u8; key.key.size() - 3 - header.len().min(key.key.max_chunk())];
    for _ in 0..calls {
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut pad);
        sink += usize::from(pad[0]);
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += session_key.encrypt(body_json.as_bytes()).len();
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += AuthHeader::new(password, expires, target)
            .with_keys(&session_key)
            .to_json()
            .len();
    }
    out.push((now() - t) / n);

    let mut rng = NotRandom(0x9E37_79B9_7F4A_7C15);
    let t = now();
    for _ in 0..calls {
        sink += key.key.encrypt_sectional(&mut rng, &header)?.len();
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += key
            .key
            .encrypt_sectional(&mut rand_core::OsRng, &header)?
            .len();
    }
    out.push((now() - t) / n);

    let t = now();
    sink += bench_seal_requests(key, password, target, body_json, expires_at, calls)?;
    out.push((now() - t) / n);

    if sink == 0 {
        return Err(JsError::new("nothing was sealed"));
    }
    Ok(out)
}

/// The labels of [`bench_seal_breakdown`]'s figures.
#[wasm_bindgen]
pub fn bench_seal_parts() -> Vec<String> {
    [
        "parse the agent key (the session does it once, at connect)",
        "AES key + IV from crypto.getRandomValues (2 calls, 32 B)",
        "RSA padding bytes from crypto.getRandomValues (1 call)",
        "AES-128-CBC + base64 of the body",
        "header JSON (with Keys in base64)",
        "RSA PKCS#1 v1.5 of the header + base64 (fast non-OS generator)",
        "RSA PKCS#1 v1.5 of the header + base64 (OsRng, as sealing does)",
        "the whole seal_request (as the session calls it)",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}
