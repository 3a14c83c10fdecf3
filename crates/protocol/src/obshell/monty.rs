//! RSA's public-key operation `m^e mod n` for sealing requests, in Montgomery form on 32-bit
//! limbs with the key's constants computed once, at parse.
//!
//! The `rsa` crate's `modpow` (num-bigint-dig) spends a big division on `R² mod n` and a
//! fixed 4-bit window over every bit of the exponent's digit on each call: some 60 Montgomery
//! products for e = 65537, where square-and-multiply needs 18. In the browser that made
//! sealing a request slower than the official UI's jsencrypt.
//!
//! The exponent is public; the running time depends on it alone (the final subtraction of each
//! product is a masked select, not a branch on the data).

use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};

/// `n`, `e` and the Montgomery constants of one public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublicOp {
    /// The modulus, little-endian 32-bit limbs.
    n: Vec<u32>,
    /// −n⁻¹ mod 2³².
    n0inv: u32,
    /// R² mod n, R = 2^(32·limbs).
    rr: Vec<u32>,
    /// The public exponent (`rsa` bounds it by 2³³ − 1).
    e: u64,
}

fn limbs(x: &BigUint, len: usize) -> Vec<u32> {
    let mut out = vec![0u32; len];
    for (i, b) in x.to_bytes_le().into_iter().enumerate() {
        if let Some(limb) = out.get_mut(i / 4) {
            *limb |= u32::from(b) << (8 * (i % 4));
        }
    }
    out
}

impl PublicOp {
    pub(crate) fn new(key: &RsaPublicKey) -> Option<Self> {
        let n_big = key.n();
        let len = n_big.to_bytes_le().len().div_ceil(4);
        let n = limbs(n_big, len);
        let e_bytes = key.e().to_bytes_le();
        if len == 0 || n[0] & 1 == 0 || e_bytes.len() > 8 {
            return None;
        }
        let e = e_bytes
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        // n0⁻¹ mod 2³² by Newton's iteration (each step doubles the correct low bits).
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        let rr = (BigUint::from(1u32) << (64 * len)) % n_big;
        Some(Self {
            rr: limbs(&rr, len),
            n,
            n0inv: inv.wrapping_neg(),
            e,
        })
    }

    /// `out = a·b·R⁻¹ mod n` (CIOS); `t` is scratch of `limbs + 2`.
    fn mul(&self, a: &[u32], b: &[u32], t: &mut [u32], out: &mut [u32]) {
        let s = self.n.len();
        t.fill(0);
        for &bi in b {
            let bi = u64::from(bi);
            let mut c = 0u64;
            for (tj, &aj) in t.iter_mut().zip(a) {
                let x = u64::from(*tj) + u64::from(aj) * bi + c;
                *tj = x as u32;
                c = x >> 32;
            }
            let x = u64::from(t[s]) + c;
            t[s] = x as u32;
            t[s + 1] = (x >> 32) as u32;

            let m = u64::from(t[0].wrapping_mul(self.n0inv));
            let mut c = (u64::from(t[0]) + m * u64::from(self.n[0])) >> 32;
            for j in 1..s {
                let x = u64::from(t[j]) + m * u64::from(self.n[j]) + c;
                t[j - 1] = x as u32;
                c = x >> 32;
            }
            let x = u64::from(t[s]) + c;
            t[s - 1] = x as u32;
            t[s] = t[s + 1] + (x >> 32) as u32;
            t[s + 1] = 0;
        }
        // t < 2n: subtract n once when t ≥ n, selected by a mask rather than a branch.
        let mut borrow = 0u64;
        for ((o, &tj), &nj) in out.iter_mut().zip(t.iter()).zip(&self.n) {
            let d = u64::from(tj)
                .wrapping_sub(u64::from(nj))
                .wrapping_sub(borrow);
            *o = d as u32;
            borrow = (d >> 63) & 1;
        }
        // Keep t when it was below n: no carry limb and the subtraction borrowed.
        let keep = (u32::from(t[s] == 0) & borrow as u32).wrapping_neg();
        for (o, &tj) in out.iter_mut().zip(t.iter()) {
            *o = (tj & keep) | (*o & !keep);
        }
    }

    /// `m^e mod n` of the big-endian `k`-byte block `em` (`em` < n), big-endian, `k` bytes.
    pub(crate) fn encrypt_block(&self, em: &[u8], k: usize) -> Vec<u8> {
        let s = self.n.len();
        let mut x = vec![0u32; s];
        for (i, &b) in em.iter().rev().enumerate() {
            if let Some(limb) = x.get_mut(i / 4) {
                *limb |= u32::from(b) << (8 * (i % 4));
            }
        }
        let mut t = vec![0u32; s + 2];
        let mut xm = vec![0u32; s];
        self.mul(&x, &self.rr, &mut t, &mut xm);
        let mut acc = xm.clone();
        let mut tmp = vec![0u32; s];
        let top = 63 - self.e.leading_zeros();
        for bit in (0..top).rev() {
            self.mul(&acc, &acc, &mut t, &mut tmp);
            if self.e >> bit & 1 == 1 {
                self.mul(&tmp, &xm, &mut t, &mut acc);
            } else {
                std::mem::swap(&mut acc, &mut tmp);
            }
        }
        // Out of Montgomery form: times 1.
        let mut one = vec![0u32; s];
        one[0] = 1;
        self.mul(&acc, &one, &mut t, &mut tmp);
        let mut out = vec![0u8; k];
        for (i, o) in out.iter_mut().rev().enumerate() {
            *o = tmp
                .get(i / 4)
                .map_or(0, |limb| (limb >> (8 * (i % 4))) as u8);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};

    // Every block of the same key against num-bigint-dig's modpow, for keys of 512 to 2048
    // bits and random blocks below n (and n − 1, the largest).
    #[test]
    fn matches_the_big_number_modpow() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
        for bits in [512usize, 1024, 2048] {
            let key = rsa::RsaPrivateKey::new(&mut rng, bits).expect("key");
            let public = key.to_public_key();
            let op = PublicOp::new(&public).expect("odd modulus");
            let k = public.size();
            let mut blocks: Vec<Vec<u8>> = (0..20)
                .map(|_| {
                    let mut b = vec![0u8; k];
                    rng.fill_bytes(&mut b[1..]);
                    b
                })
                .collect();
            blocks.push(
                (public.n() - BigUint::from(1u32))
                    .to_bytes_be()
                    .into_iter()
                    .collect(),
            );
            blocks.push(vec![0u8; k]);
            for em in blocks {
                let want = BigUint::from_bytes_be(&em).modpow(public.e(), public.n());
                let mut want_be = want.to_bytes_be();
                while want_be.len() < k {
                    want_be.insert(0, 0);
                }
                assert_eq!(op.encrypt_block(&em, k), want_be, "{bits}-bit key");
            }
        }
    }
}
