//! Typed failures of the encryption layer; texts follow the Go errors the agent reports.

use thiserror::Error;

/// Every way the hybrid encryption can fail, on either side of the wire.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The agent's public key is not base64 of a PKCS#1 `RSAPublicKey`.
    #[error("invalid agent public key: {0}")]
    PublicKey(String),
    /// The private key could not be read or generated (simulator side).
    #[error("invalid agent private key: {0}")]
    PrivateKey(String),
    /// Standard base64 decoding failed (Go's wording).
    #[error("illegal base64 data at input byte {0}")]
    Base64(usize),
    /// An RSA block did not decrypt (wrong key, truncated block, bad padding).
    #[error("crypto/rsa: decryption error")]
    RsaDecrypt,
    /// A chunk was too long for the key or the RNG failed.
    #[error("crypto/rsa: encryption error: {0}")]
    RsaEncrypt(String),
    /// `Keys` is shorter than an AES key, or the IV is not one block.
    #[error("AES key and IV size error")]
    KeyAndIvSize,
    /// AES ciphertext is not a whole number of 16-byte blocks.
    #[error("Decrypted string length is not a multiple of the block size")]
    ContentLength,
    /// PKCS#7 padding is malformed (strict client-side check).
    #[error("invalid PKCS#7 padding")]
    Padding,
    /// The decrypted header is not the JSON object the agent expects.
    #[error("{0}")]
    HeaderJson(String),
}
