//! The agent's RSA key: parsing the published public key, sectional PKCS#1 v1.5 encryption
//! (client) and block-wise decryption (agent), docs/protocol/obshell-auth.md §2.2–§2.3.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rand_core::{CryptoRng, RngCore};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};

use crate::obshell::error::CryptoError;
use crate::obshell::monty::PublicOp;

/// PKCS#1 v1.5 needs 11 bytes of each block for padding.
const PKCS1_OVERHEAD: usize = 11;

/// The public key an agent hands out at `GET /api/v1/secret`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentPublicKey {
    key: RsaPublicKey,
    /// The key's Montgomery constants, computed once for every request it seals (`None` for
    /// an even modulus, which no RSA key has: the rsa crate then encrypts).
    op: Option<PublicOp>,
}

impl AgentPublicKey {
    /// Parses standard base64 of a DER PKCS#1 `RSAPublicKey` (not SubjectPublicKeyInfo).
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        let der = decode_base64(text.trim())?;
        let key = RsaPublicKey::from_pkcs1_der(&der)
            .map_err(|e| CryptoError::PublicKey(e.to_string()))?;
        Ok(Self::new(key))
    }

    fn new(key: RsaPublicKey) -> Self {
        Self {
            op: PublicOp::new(&key),
            key,
        }
    }

    /// Modulus length in bytes (*k*): 64 for 512-bit keys, 128 for 1024-bit keys.
    pub fn size(&self) -> usize {
        self.key.size()
    }

    /// Largest plaintext chunk one block can carry (*k* − 11), the chunk size the console uses.
    pub fn max_chunk(&self) -> usize {
        self.size() - PKCS1_OVERHEAD
    }

    /// Encrypts `plain` in chunks of *k* − 11 bytes and returns base64 of the joined blocks.
    pub fn encrypt_sectional<R: RngCore + CryptoRng>(
        &self,
        rng: &mut R,
        plain: &[u8],
    ) -> Result<String, CryptoError> {
        self.encrypt_with_chunk(rng, plain, self.max_chunk())
    }

    /// Encrypts with an explicit chunk size (the official SDKs always use 53).
    pub fn encrypt_with_chunk<R: RngCore + CryptoRng>(
        &self,
        rng: &mut R,
        plain: &[u8],
        chunk: usize,
    ) -> Result<String, CryptoError> {
        if chunk == 0 || chunk > self.max_chunk() {
            return Err(CryptoError::RsaEncrypt(format!(
                "chunk of {chunk} bytes does not fit a {}-byte key",
                self.size()
            )));
        }
        let mut out = Vec::with_capacity(plain.len().div_ceil(chunk).max(1) * self.size());
        // An empty plaintext still yields one block, as the agent's own encoder does.
        let chunks: Vec<&[u8]> = if plain.is_empty() {
            vec![plain]
        } else {
            plain.chunks(chunk).collect()
        };
        let k = self.size();
        let mut em = vec![0u8; k];
        for part in chunks {
            let Some(op) = &self.op else {
                let block = self
                    .key
                    .encrypt(rng, Pkcs1v15Encrypt, part)
                    .map_err(|e| CryptoError::RsaEncrypt(e.to_string()))?;
                out.extend_from_slice(&block);
                continue;
            };
            // EM = 00 ‖ 02 ‖ PS ‖ 00 ‖ M, PS at least 8 random non-zero bytes (RFC 8017
            // §7.2.1), drawn as the rsa crate draws them: one fill, then each zero redrawn.
            em.fill(0);
            em[1] = 2;
            let ps = k - part.len() - 1;
            rng.fill_bytes(&mut em[2..ps]);
            for b in &mut em[2..ps] {
                while *b == 0 {
                    rng.fill_bytes(std::slice::from_mut(b));
                }
            }
            em[ps + 1..].copy_from_slice(part);
            out.extend_from_slice(&op.encrypt_block(&em, k));
        }
        Ok(STANDARD.encode(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;

    // The same blocks as the rsa crate's PKCS#1 v1.5 encryption, byte for byte, from the same
    // random stream.
    #[test]
    fn blocks_are_the_rsa_crates() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(11);
        for bits in [512usize, 1024, 2048] {
            let pair = AgentKeyPair::generate(&mut rng, bits).expect("key");
            let public = pair.public_key();
            for len in [0usize, 1, 53, public.max_chunk()] {
                let plain: Vec<u8> = (0..len).map(|i| (i * 7 + 1) as u8).collect();
                let ours = public
                    .encrypt_with_chunk(
                        &mut rand_chacha::ChaCha20Rng::seed_from_u64(len as u64),
                        &plain,
                        public.max_chunk(),
                    )
                    .expect("encrypts");
                let theirs = public
                    .key
                    .encrypt(
                        &mut rand_chacha::ChaCha20Rng::seed_from_u64(len as u64),
                        Pkcs1v15Encrypt,
                        &plain,
                    )
                    .expect("encrypts");
                assert_eq!(ours, STANDARD.encode(theirs), "{bits} bits, {len} bytes");
                assert_eq!(pair.decrypt_sectional(&ours).expect("decrypts"), plain);
            }
        }
    }
}

/// The agent's key pair (simulator side).
#[derive(Debug, Clone)]
pub struct AgentKeyPair {
    private: RsaPrivateKey,
}

impl AgentKeyPair {
    /// Generates a new key pair of `bits` (1024 for current agents, 512 for older ones).
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R, bits: usize) -> Result<Self, CryptoError> {
        let private =
            RsaPrivateKey::new(rng, bits).map_err(|e| CryptoError::PrivateKey(e.to_string()))?;
        Ok(Self { private })
    }

    /// Reads a PKCS#1 PEM private key (`-----BEGIN RSA PRIVATE KEY-----`).
    pub fn from_pkcs1_pem(pem: &str) -> Result<Self, CryptoError> {
        let private = RsaPrivateKey::from_pkcs1_pem(pem)
            .map_err(|e| CryptoError::PrivateKey(e.to_string()))?;
        Ok(Self { private })
    }

    /// Reads a DER PKCS#1 private key.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, CryptoError> {
        let private = RsaPrivateKey::from_pkcs1_der(der)
            .map_err(|e| CryptoError::PrivateKey(e.to_string()))?;
        Ok(Self { private })
    }

    /// DER PKCS#1 encoding of the private key, for persisting it.
    pub fn to_pkcs1_der(&self) -> Result<Vec<u8>, CryptoError> {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        self.private
            .to_pkcs1_der()
            .map(|doc| doc.as_bytes().to_vec())
            .map_err(|e| CryptoError::PrivateKey(e.to_string()))
    }

    /// What `GET /api/v1/secret` publishes: base64 of the DER PKCS#1 public key.
    pub fn public_key_base64(&self) -> String {
        let public = self.private.to_public_key();
        // Encoding a key we hold cannot fail; an empty string would make every client fail loudly.
        public
            .to_pkcs1_der()
            .map(|doc| STANDARD.encode(doc.as_bytes()))
            .unwrap_or_default()
    }

    /// The public half, as a client would parse it.
    pub fn public_key(&self) -> AgentPublicKey {
        AgentPublicKey::new(self.private.to_public_key())
    }

    /// Modulus length in bytes.
    pub fn size(&self) -> usize {
        self.private.size()
    }

    /// Decrypts the way the agent does: base64-decode, cut into *k*-byte blocks (the last one
    /// may be shorter and then fails), decrypt each and concatenate.
    pub fn decrypt_sectional(&self, text: &str) -> Result<Vec<u8>, CryptoError> {
        let raw = decode_base64(text)?;
        let k = self.size();
        let mut plain = Vec::with_capacity(raw.len());
        for block in raw.chunks(k) {
            if block.len() != k {
                return Err(CryptoError::RsaDecrypt);
            }
            let part = self
                .private
                .decrypt(Pkcs1v15Encrypt, block)
                .map_err(|_| CryptoError::RsaDecrypt)?;
            plain.extend_from_slice(&part);
        }
        Ok(plain)
    }
}

/// Standard base64 with padding; errors carry Go's byte position.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, CryptoError> {
    STANDARD.decode(text).map_err(|e| {
        use base64::DecodeError as E;
        CryptoError::Base64(match e {
            E::InvalidByte(at, _) | E::InvalidLastSymbol(at, _) => at,
            E::InvalidLength(len) => len,
            E::InvalidPadding => text.find('=').unwrap_or(text.len()),
        })
    })
}
