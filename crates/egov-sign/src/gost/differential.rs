//! Differential tests: the fixed-width arithmetic against the pre-issue-17 num-bigint
//! implementation ([`super::oracle`]) on random and edge inputs. The fuzz target
//! `gost_arith` does the same on fuzzer-chosen inputs.

use num_bigint::BigUint;
use num_traits::{One, Zero};

use super::oracle::{self, le_fixed};
use super::{internals, GostCurve, GostPrivateKey, GostPublicKey};

/// splitmix64: deterministic, reproducible inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n.div_ceil(8))
            .flat_map(|_| self.next().to_le_bytes())
            .take(n)
            .collect()
    }
}

fn new_verify(curve: GostCurve, key: &[u8], digest: &[u8], sig: &[u8]) -> bool {
    internals::verify_digest(curve, key, digest, sig)
}

fn old_verify(curve: GostCurve, key: &[u8], digest: &[u8], sig: &[u8]) -> bool {
    oracle::public_key_valid(curve, key) && oracle::verify_digest(curve, key, digest, sig)
}

/// Scalars worth trying: 0, 1, 2, q−2, q−1, q, q+1, all-FF, 2^(8n−1), random.
fn edge_scalars(curve: GostCurve, rng: &mut Rng) -> Vec<Vec<u8>> {
    let c = oracle::params(curve);
    let n = curve.field_len();
    let mut v: Vec<Vec<u8>> = [
        BigUint::zero(),
        BigUint::one(),
        BigUint::from(2u32),
        &c.q - 2u32,
        &c.q - 1u32,
        c.q.clone(),
        &c.q + 1u32,
        BigUint::one() << (8 * n - 1),
        &c.p - 1u32,
    ]
    .iter()
    .map(|x| le_fixed(x, n))
    .collect();
    v.push(vec![0xFF; n]);
    for _ in 0..3 {
        v.push(rng.bytes(n));
    }
    v
}

#[test]
fn base_mul_agrees_with_oracle() {
    let mut rng = Rng(17);
    for curve in GostCurve::ALL {
        for k in edge_scalars(curve, &mut rng) {
            let new = internals::base_mul_ct(curve, &k).unwrap();
            match oracle::base_mul(curve, &k) {
                Some(old) => assert_eq!(new, old, "{curve}: k = {k:02x?}"),
                None => assert_eq!(new, vec![0; 2 * curve.field_len()], "{curve}: ∞"),
            }
        }
        assert!(internals::base_mul_ct(curve, &[1]).is_none());
    }
}

#[test]
fn sign_and_verify_agree_with_oracle() {
    let mut rng = Rng(2015);
    for curve in GostCurve::ALL {
        let n = curve.field_len();
        let c = oracle::params(curve);
        let scalars = edge_scalars(curve, &mut rng);
        for (i, d) in scalars.iter().enumerate() {
            // Public key derivation (and refusal of d ∉ [1, q−1]).
            let key = GostPrivateKey::from_scalar_le(curve, d);
            let old_pub = oracle::base_mul(curve, d);
            let dv = BigUint::from_bytes_le(d);
            let in_range = !dv.is_zero() && dv < c.q;
            assert_eq!(key.is_ok(), in_range, "{curve}: d = {d:02x?}");
            let Ok(key) = key else { continue };
            let raw = key.public_key().to_raw();
            assert_eq!(Some(raw.clone()), old_pub);
            // A quarter of the (d, k) pairs, every k with several d (debug builds are slow).
            for (j, k) in scalars.iter().enumerate().filter(|(j, _)| (i + j) % 4 == 0) {
                let digest = match (i + j / 4) % 4 {
                    0 => vec![0; n],
                    1 => vec![0xFF; n],
                    2 => le_fixed(&c.q, n),
                    _ => rng.bytes(n),
                };
                let new = internals::sign_digest_with_nonce(curve, d, &digest, k);
                let old = oracle::sign_digest_with_nonce(curve, d, &digest, k);
                assert_eq!(new, old, "{curve}: d = {d:02x?}, k = {k:02x?}");
                let Some(sig) = new else { continue };
                assert!(new_verify(curve, &raw, &digest, &sig));
                assert!(old_verify(curve, &raw, &digest, &sig));
                // Mutations: every answer must agree.
                let mut variants = vec![];
                for pos in [0, n - 1, n, 2 * n - 1] {
                    let mut s = sig.clone();
                    s[pos] ^= 1;
                    variants.push((digest.clone(), s));
                }
                let (r, s) = sig.split_at(n);
                let q = le_fixed(&c.q, n);
                let r_plus_q = le_fixed(&(BigUint::from_bytes_le(r) + &c.q), n + 1);
                for bad in [
                    [vec![0; n], s.to_vec()].concat(),
                    [r.to_vec(), vec![0; n]].concat(),
                    [q.clone(), s.to_vec()].concat(),
                    [r.to_vec(), q.clone()].concat(),
                    [vec![0xFF; n], s.to_vec()].concat(),
                    [r.to_vec(), vec![0xFF; n]].concat(),
                    [r_plus_q[..n].to_vec(), s.to_vec()].concat(),
                    vec![0; 2 * n],
                    vec![0xFF; 2 * n],
                    sig[..2 * n - 1].to_vec(),
                    [sig.clone(), vec![0]].concat(),
                ] {
                    variants.push((digest.clone(), bad));
                }
                let mut d2 = digest.clone();
                d2[0] ^= 0x80;
                variants.push((d2, sig.clone()));
                variants.push((vec![], sig.clone()));
                for (dg, sg) in &variants {
                    assert_eq!(
                        new_verify(curve, &raw, dg, sg),
                        old_verify(curve, &raw, dg, sg),
                        "{curve}: sig {sg:02x?}"
                    );
                }
            }
        }
    }
}

#[test]
fn public_key_checks_agree_with_oracle() {
    let mut rng = Rng(34);
    for curve in GostCurve::ALL {
        let n = curve.field_len();
        let c = oracle::params(curve);
        let g = [le_fixed(&c.gx, n), le_fixed(&c.gy, n)].concat();
        // G with x + p (non-canonical, fits in n bytes: x = 3 or 1), −G, y + p (does not
        // fit for the 512 curve: truncated), off-curve, ∞ encodings, all-FF, lengths.
        let x_plus_p = le_fixed(&(&c.gx + &c.p), n);
        let minus_g = [le_fixed(&c.gx, n), le_fixed(&(&c.p - &c.gy), n)].concat();
        let mut off = g.clone();
        off[n] ^= 1;
        let mut keys = vec![
            g.clone(),
            [x_plus_p.clone(), le_fixed(&c.gy, n)].concat(),
            minus_g,
            off,
            vec![0; 2 * n],
            vec![0xFF; 2 * n],
            [le_fixed(&c.p, n), le_fixed(&c.p, n)].concat(),
            g[..2 * n - 1].to_vec(),
            [g.clone(), vec![0]].concat(),
        ];
        for _ in 0..8 {
            keys.push(rng.bytes(2 * n));
        }
        for key in &keys {
            let new = GostPublicKey::from_raw(curve, key).is_ok();
            assert_eq!(
                new,
                oracle::public_key_valid(curve, key),
                "{curve}: {key:02x?}"
            );
            // A signature made for G as public key (d = 1) verifies under the same rule.
            let d = le_fixed(&BigUint::one(), n);
            let k = rng.bytes(n);
            let digest = rng.bytes(n);
            if let Some(sig) = internals::sign_digest_with_nonce(curve, &d, &digest, &k) {
                assert_eq!(
                    new_verify(curve, key, &digest, &sig),
                    old_verify(curve, key, &digest, &sig)
                );
            }
        }
    }
}

/// √a mod p for p ≡ 3 (mod 4) (both curves), if a is a square.
fn sqrt(a: &BigUint, p: &BigUint) -> Option<BigUint> {
    let r = a.modpow(&((p + 1u32) >> 2), p);
    ((&r * &r) % p == *a).then_some(r)
}

/// The branch of verification where C.x ∈ [q, p), so C.x mod q = C.x − q: a point R with
/// x ≥ q, and a public key Q built so that z1·G + z2·Q = R (no private key needed). Both
/// implementations accept r = R.x − q and refuse r = R.x (≥ q).
#[test]
fn x_coordinate_above_q_agrees_with_oracle() {
    let mut rng = Rng(569);
    for curve in GostCurve::ALL {
        let n = curve.field_len();
        let c = oracle::params(curve);
        let mut x = &c.q + 1u32;
        let y = loop {
            let rhs = (&x * &x * &x + &c.a * &x + &c.b) % &c.p;
            if let Some(y) = sqrt(&rhs, &c.p) {
                break y;
            }
            x += 1u32;
        };
        assert!(x < c.p);
        let r = &x - &c.q;
        let s = BigUint::from_bytes_le(&rng.bytes(n)) % &c.q;
        let digest = rng.bytes(n);
        let e = {
            let e = BigUint::from_bytes_le(&digest) % &c.q;
            if e.is_zero() {
                BigUint::one()
            } else {
                e
            }
        };
        let v = c.inv_q(&e);
        let z1 = (&s * &v) % &c.q;
        let z2 = (&c.q - (&r * &v) % &c.q) % &c.q;
        // Q = z2⁻¹·(R − z1·G).
        let rp = Some((x.clone(), y));
        let diff = c.double_scalar_mul(&BigUint::one(), &rp, &(&c.q - &z1), &c.g());
        let qp = c.scalar_mul(&c.inv_q(&z2), &diff).unwrap();
        let key = [le_fixed(&qp.0, n), le_fixed(&qp.1, n)].concat();
        assert!(GostPublicKey::from_raw(curve, &key).is_ok());
        let sig = [le_fixed(&r, n), le_fixed(&s, n)].concat();
        assert!(old_verify(curve, &key, &digest, &sig));
        assert!(new_verify(curve, &key, &digest, &sig));
        let sig_x = [le_fixed(&x, n), le_fixed(&s, n)].concat();
        assert!(!old_verify(curve, &key, &digest, &sig_x));
        assert!(!new_verify(curve, &key, &digest, &sig_x));
    }
}

/// The verification's double-scalar multiplication (variable-time lazily reduced GF(p),
/// interleaved wNAF) against the oracle's Shamir loop on edge inputs: z1 or z2 = 0, both 0,
/// Q = G and Q = −G (every exceptional case of the additions: P + P, P + (−P)), scalars
/// whose wNAF prefixes cancel so that the accumulator is ∞ in the middle of the loop and
/// then doubled and added to, q and all-FF (not reduced), random keys.
#[test]
fn double_mul_agrees_with_oracle() {
    let mut rng = Rng(1034);
    for curve in GostCurve::ALL {
        let c = oracle::params(curve);
        let n = curve.field_len();
        let g = internals::base_mul_ct(curve, &le_fixed(&BigUint::one(), n)).unwrap();
        let minus_g = internals::base_mul_ct(curve, &le_fixed(&(&c.q - 1u32), n)).unwrap();
        let d = rng.bytes(n);
        let random_key = internals::base_mul_ct(curve, &d).unwrap();
        let mut scalars = edge_scalars(curve, &mut rng);
        // 2^(8n−12) (+ 1, + 3): a single top wNAF digit at the same position for both
        // windows, so with Q = −G and z1 = z2 the accumulator is G − G = ∞ there and the
        // lower digits are added to ∞ (with Q = G: G + G, the doubling branch).
        let top = BigUint::one() << (8 * n - 12);
        for extra in [0u32, 1, 3, 0x8001] {
            scalars.push(le_fixed(&(&top + extra), n));
        }
        scalars.push(le_fixed(&((&c.q - 1u32) >> 1), n));
        let mut checked = 0;
        for key in [&g, &minus_g, &random_key] {
            for z1 in &scalars {
                for z2 in &scalars {
                    let new = internals::double_mul_vartime(curve, z1, key, z2).unwrap();
                    let old = oracle::double_base_mul(curve, z1, key, z2);
                    assert_eq!(new, old, "{curve}: z1 = {z1:02x?}, z2 = {z2:02x?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 500);
        // Results at ∞: z1 = z2 with Q = −G, z2 = −z1 with Q = G, 0·G + 0·Q.
        let z = le_fixed(&(&top + 3u32), n);
        assert_eq!(
            internals::double_mul_vartime(curve, &z, &minus_g, &z),
            Some(None)
        );
        let neg = le_fixed(&(&c.q - (&top + 3u32)), n);
        assert_eq!(
            internals::double_mul_vartime(curve, &z, &g, &neg),
            Some(None)
        );
        let zero = vec![0u8; n];
        assert_eq!(
            internals::double_mul_vartime(curve, &zero, &g, &zero),
            Some(None)
        );
        // Wrong lengths and an invalid key are refused.
        assert_eq!(
            internals::double_mul_vartime(curve, &zero[1..], &g, &zero),
            None
        );
        let mut bad = g.clone();
        bad[3] ^= 1;
        assert_eq!(
            internals::double_mul_vartime(curve, &zero, &bad, &zero),
            None
        );
    }
}
