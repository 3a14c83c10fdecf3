//! The AES-128-CBC layer: the per-request key and IV (`Keys`), body encryption, and decryption
//! of secrets the agent returns (docs/protocol/obshell-auth.md §2.5, §2.8, §2.11).

use aes::cipher::block_padding::{NoPadding, Pkcs7};
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rand_core::{CryptoRng, RngCore};

use crate::obshell::error::CryptoError;
use crate::obshell::rsa_key::decode_base64;

type Enc = cbc::Encryptor<aes::Aes128>;
type Dec = cbc::Decryptor<aes::Aes128>;

const BLOCK: usize = 16;

/// A fresh AES-128 key and IV drawn for one request.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionKey {
    key: [u8; 16],
    iv: [u8; 16],
}

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Key material stays out of logs.
        f.write_str("SessionKey(..)")
    }
}

impl SessionKey {
    /// Builds a key from known bytes (tests, vectors).
    pub fn from_parts(key: [u8; 16], iv: [u8; 16]) -> Self {
        Self { key, iv }
    }

    /// Draws a new key and IV from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let mut key = [0u8; 16];
        let mut iv = [0u8; 16];
        rng.fill_bytes(&mut key);
        rng.fill_bytes(&mut iv);
        Self { key, iv }
    }

    /// Draws a new key and IV from the operating system (or the browser's `crypto`).
    pub fn random() -> Self {
        Self::generate(&mut rand_core::OsRng)
    }

    /// The header's `Keys` value: base64 of key ‖ IV (32 bytes).
    pub fn keys_base64(&self) -> String {
        let mut both = [0u8; 32];
        both[..16].copy_from_slice(&self.key);
        both[16..].copy_from_slice(&self.iv);
        STANDARD.encode(both)
    }

    /// The raw 32 bytes key ‖ IV, as the agent reads them out of `Keys`.
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut both = [0u8; 32];
        both[..16].copy_from_slice(&self.key);
        both[16..].copy_from_slice(&self.iv);
        both
    }

    /// Encrypts `plain` (the JSON payload) and returns the bare base64 body text.
    pub fn encrypt(&self, plain: &[u8]) -> String {
        let cipher =
            Enc::new(&self.key.into(), &self.iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plain);
        STANDARD.encode(cipher)
    }

    /// Decrypts base64 ciphertext made with this key, checking the padding strictly.
    pub fn decrypt(&self, text: &str) -> Result<Vec<u8>, CryptoError> {
        let raw = decode_base64(text)?;
        if raw.is_empty() || !raw.len().is_multiple_of(BLOCK) {
            return Err(CryptoError::ContentLength);
        }
        Dec::new(&self.key.into(), &self.iv.into())
            .decrypt_padded_vec_mut::<Pkcs7>(&raw)
            .map_err(|_| CryptoError::Padding)
    }
}

/// How the agent's own body decryption can end (docs/protocol/obshell-auth.md §2.5, §2.8,
/// docs/protocol/obshell.md §3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentBodyError {
    /// `Keys` shorter than 16 bytes (or absent): 500 `Request.Body.Decrypt.AES.KeyAndIv.Invalid`.
    KeyAndIvSize,
    /// Decoded length not a multiple of 16: 500 `Request.Body.Decrypt.AES.ContentLength.Invalid`.
    ContentLength,
    /// The Go code panics (IV not 16 bytes, nothing decoded, padding byte beyond the data):
    /// the agent answers its generic 500.
    Panic,
}

/// Decrypts a request body exactly as the agent does: base64 errors are ignored (only the
/// prefix before the first bad quantum is used), the padding is stripped without validation.
pub fn agent_decrypt_body(body: &str, keys: &[u8]) -> Result<Vec<u8>, AgentBodyError> {
    if keys.len() < 16 {
        return Err(AgentBodyError::KeyAndIvSize);
    }
    let (key, iv) = keys.split_at(16);
    if iv.len() != BLOCK {
        return Err(AgentBodyError::Panic);
    }
    let raw = decode_base64_prefix(body);
    if !raw.len().is_multiple_of(BLOCK) {
        return Err(AgentBodyError::ContentLength);
    }
    let key: [u8; 16] = key.try_into().map_err(|_| AgentBodyError::KeyAndIvSize)?;
    let iv: [u8; 16] = iv.try_into().map_err(|_| AgentBodyError::Panic)?;
    let plain = Dec::new(&key.into(), &iv.into())
        .decrypt_padded_vec_mut::<NoPadding>(&raw)
        .map_err(|_| AgentBodyError::ContentLength)?;
    let Some(&last) = plain.last() else {
        return Err(AgentBodyError::Panic);
    };
    let strip = usize::from(last);
    if strip > plain.len() {
        return Err(AgentBodyError::Panic);
    }
    Ok(plain[..plain.len() - strip].to_vec())
}

/// Go's `DecodeString` keeps what it decoded before an error; the agent ignores the error.
fn decode_base64_prefix(text: &str) -> Vec<u8> {
    if let Ok(all) = STANDARD.decode(text) {
        return all;
    }
    let valid = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
        .unwrap_or(text.len());
    let whole = valid / 4 * 4;
    STANDARD.decode(&text[..whole]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_prefix_decoding_stops_at_the_first_bad_quantum() {
        assert_eq!(decode_base64_prefix("{\"a\":1}"), Vec::<u8>::new());
        assert_eq!(decode_base64_prefix("AAAA{bc"), vec![0, 0, 0]);
    }
}
