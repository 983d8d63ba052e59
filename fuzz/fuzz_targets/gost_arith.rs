// Differential fuzzing of the fixed-width GOST arithmetic (issue 17) against the
// pre-issue-17 num-bigint implementation kept as `egov_sign::gost::oracle` (feature
// `gost-oracle`): every answer must be the same.
//
// Input: byte 0 = curve (bit 0: 0 → GOST 34.10-2015 512, 1 → GOST 34.310-2004) and
// operation (bits 1..3); the rest is cut into fixed-size fields (n = 64 or 32 bytes),
// missing bytes read as 0:
//   0: k·G for any n-byte k (edge values: 0, q, q+1, all-FF included by the fuzzer's
//      choice)                                                    — base_mul_ct vs oracle
//   1: sign(d, digest, k) with a given nonce                      — r ‖ s (or refusal) equal
//   2: verify(key, digest, sig) on raw, hostile keys and signatures — same verdict
//   3: verify under d·G of sign(d, digest, k) XOR a fuzzer mask, digest XOR a mask
//   4: public-key validity of raw bytes (length, < p, on the curve)
//   5: the verification's double-scalar multiplication z1·G + z2·Q (variable-time lazily
//      reduced GF(p), interleaved wNAF) for any n-byte z1, z2 and Q = d·G, or Q = G / −G
//      (byte 0 bits 4–5 = 1 / 2: the exceptional additions P + P and P + (−P), ∞ in the
//      middle of the loop) — the point, or ∞, equal to the oracle's
#![no_main]

use egov_sign::gost::{internals, oracle, GostCurve, GostPublicKey};
use libfuzzer_sys::fuzz_target;

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Vec<u8> {
        let k = n.min(self.0.len());
        let mut out = self.0[..k].to_vec();
        self.0 = &self.0[k..];
        out.resize(n, 0);
        out
    }
    fn rest(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0).to_vec()
    }
}

fn one(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    v[0] = 1;
    v
}

/// q − 1, little-endian: the scalar of −G.
fn q_minus_one(curve: GostCurve) -> Vec<u8> {
    let mut q = oracle::order_le(curve);
    // q is odd: q − 1 clears bit 0.
    q[0] &= !1;
    q
}

fn old_verify(curve: GostCurve, key: &[u8], digest: &[u8], sig: &[u8]) -> bool {
    oracle::public_key_valid(curve, key) && oracle::verify_digest(curve, key, digest, sig)
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let curve = if sel & 1 == 0 {
        GostCurve::Gost2015_512
    } else {
        GostCurve::Gost2004
    };
    let n = curve.field_len();
    let mut c = Cursor(rest);
    match (sel >> 1) % 6 {
        0 => {
            let k = c.take(n);
            let new = internals::base_mul_ct(curve, &k).unwrap();
            match oracle::base_mul(curve, &k) {
                Some(old) => assert_eq!(new, old),
                None => assert_eq!(new, vec![0; 2 * n]),
            }
        }
        1 => {
            let d = c.take(n);
            let k = c.take(n);
            let digest = c.rest();
            assert_eq!(
                internals::sign_digest_with_nonce(curve, &d, &digest, &k),
                oracle::sign_digest_with_nonce(curve, &d, &digest, &k)
            );
        }
        2 => {
            let key = c.take(2 * n);
            let sig = c.take(2 * n);
            let digest = c.rest();
            assert_eq!(
                internals::verify_digest(curve, &key, &digest, &sig),
                old_verify(curve, &key, &digest, &sig)
            );
        }
        3 => {
            let d = c.take(n);
            let k = c.take(n);
            let digest = c.take(n);
            let sig_mask = c.take(2 * n);
            let digest_mask = c.rest();
            let Some(key) = oracle::base_mul(curve, &d) else {
                return;
            };
            let Some(sig) = oracle::sign_digest_with_nonce(curve, &d, &digest, &k) else {
                return;
            };
            let sig: Vec<u8> = sig.iter().zip(&sig_mask).map(|(a, b)| a ^ b).collect();
            let mut digest = digest;
            for (a, b) in digest.iter_mut().zip(&digest_mask) {
                *a ^= b;
            }
            let new = internals::verify_digest(curve, &key, &digest, &sig);
            assert_eq!(new, old_verify(curve, &key, &digest, &sig));
            if sig_mask.iter().all(|b| *b == 0) && digest_mask.iter().all(|b| *b == 0) {
                assert!(new, "an honest signature must verify");
            }
        }
        5 => {
            let z1 = c.take(n);
            let z2 = c.take(n);
            let d = c.take(n);
            let key = match (sel >> 4) & 3 {
                1 => oracle::base_mul(curve, &one(n)),
                2 => oracle::base_mul(curve, &q_minus_one(curve)),
                _ => oracle::base_mul(curve, &d),
            };
            let Some(key) = key else {
                return;
            };
            assert_eq!(
                internals::double_mul_vartime(curve, &z1, &key, &z2),
                Some(oracle::double_base_mul(curve, &z1, &key, &z2))
            );
        }
        _ => {
            let raw = c.rest();
            assert_eq!(
                GostPublicKey::from_raw(curve, &raw).is_ok(),
                oracle::public_key_valid(curve, &raw)
            );
        }
    }
});
