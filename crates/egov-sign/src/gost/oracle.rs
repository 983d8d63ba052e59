//! The **differential oracle**: the GOST arithmetic egov-sign used before the
//! fixed-width field (`num-bigint`, variable time), kept verbatim to check the fixed-width implementation of
//! `super::curve` against (unit tests in `src/gost/differential.rs`, fuzz target `gost_arith`).
//! Compiled only for tests and with the `gost-oracle` feature; never used to verify or sign.
//! To be removed once the new arithmetic has a release of field use behind it.
//!
//! Points are kept in Jacobian coordinates (X, Y, Z) ↔ (X/Z², Y/Z³) so that a scalar
//! multiplication needs two field inversions, not one per addition.

use num_bigint::BigUint;
use num_traits::{One, Zero};

/// The parameters of a curve y² = x³ + a·x + b over GF(p) with a base point of prime order
/// q (cofactor 1 for both curves used here).
#[derive(Debug, Clone)]
pub(crate) struct CurveParams {
    pub(crate) p: BigUint,
    pub(crate) a: BigUint,
    pub(crate) b: BigUint,
    pub(crate) q: BigUint,
    pub(crate) gx: BigUint,
    pub(crate) gy: BigUint,
    /// Field element / scalar length in bytes (64 or 32).
    pub(crate) len: usize,
}

fn hex(s: &str) -> BigUint {
    // Constants below are valid hex; an impossible failure yields 0, which the curve tests
    // (G on the curve, q·G = ∞) would catch.
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap_or_default()
}

/// id-tc26-gost-3410-12-512-paramSetA ([RFC 7836 §A.1]), p = 2^512 − 569.
///
/// [RFC 7836 §A.1]: https://www.rfc-editor.org/rfc/rfc7836#appendix-A.1
pub(crate) fn tc26_512_a() -> CurveParams {
    let p = hex(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                 FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
    );
    CurveParams {
        a: &p - 3u32,
        b: hex(
            "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265\
                EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
        ),
        q: hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
        ),
        gx: BigUint::from(3u32),
        gy: hex(
            "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
                 DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
        ),
        p,
        len: 64,
    }
}

/// id-GostR3410-2001-CryptoPro-A-ParamSet ([RFC 4357 §11.4]; = id-tc26-gost-3410-2012-256
/// paramSetB), p = 2^256 − 617.
///
/// [RFC 4357 §11.4]: https://www.rfc-editor.org/rfc/rfc4357#section-11.4
pub(crate) fn cryptopro_a() -> CurveParams {
    let p = hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97");
    CurveParams {
        a: &p - 3u32,
        b: BigUint::from(0xA6u32),
        q: hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893"),
        gx: BigUint::one(),
        gy: hex("8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14"),
        p,
        len: 32,
    }
}

/// An affine point; `None` is the point at infinity.
pub(crate) type Affine = Option<(BigUint, BigUint)>;

/// A point in Jacobian coordinates; Z = 0 is the point at infinity.
#[derive(Debug, Clone)]
struct Jacobian {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

impl CurveParams {
    fn mul(&self, a: &BigUint, b: &BigUint) -> BigUint {
        self.reduce(a * b)
    }

    /// x mod p for p = 2^n − c (both curves' primes have this form; c < 2^10): fold the
    /// high part, hi·2^n + lo ≡ hi·c + lo, instead of a long division.
    fn reduce(&self, mut x: BigUint) -> BigUint {
        let n = (self.len * 8) as u64;
        let c = (BigUint::one() << n) - &self.p;
        while x.bits() > n {
            let hi = &x >> n;
            let lo = x - (&hi << n);
            x = hi * &c + lo;
        }
        if x >= self.p {
            x - &self.p
        } else {
            x
        }
    }

    fn add(&self, a: &BigUint, b: &BigUint) -> BigUint {
        let s = a + b;
        if s >= self.p {
            s - &self.p
        } else {
            s
        }
    }

    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        if a >= b {
            a - b
        } else {
            &self.p - (b - a)
        }
    }

    /// a⁻¹ mod p (p prime; a ≠ 0).
    fn inv_p(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.p - 2u32), &self.p)
    }

    /// a⁻¹ mod q (q prime; a ≠ 0 mod q).
    pub(crate) fn inv_q(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.q - 2u32), &self.q)
    }

    /// True when (x, y) is a point of the curve with coordinates in [0, p).
    pub(crate) fn is_on_curve(&self, x: &BigUint, y: &BigUint) -> bool {
        if x >= &self.p || y >= &self.p {
            return false;
        }
        let lhs = self.mul(y, y);
        let x3 = self.mul(&self.mul(x, x), x);
        let rhs = self.add(&self.add(&x3, &self.mul(&self.a, x)), &self.b);
        lhs == rhs
    }

    fn to_jacobian(&self, p: &Affine) -> Jacobian {
        match p {
            Some((x, y)) => Jacobian {
                x: x.clone(),
                y: y.clone(),
                z: BigUint::one(),
            },
            None => Jacobian {
                x: BigUint::one(),
                y: BigUint::one(),
                z: BigUint::zero(),
            },
        }
    }

    fn to_affine(&self, p: &Jacobian) -> Affine {
        if p.z.is_zero() {
            return None;
        }
        let zi = self.inv_p(&p.z);
        let zi2 = self.mul(&zi, &zi);
        let zi3 = self.mul(&zi2, &zi);
        Some((self.mul(&p.x, &zi2), self.mul(&p.y, &zi3)))
    }

    fn double(&self, p: &Jacobian) -> Jacobian {
        if p.z.is_zero() || p.y.is_zero() {
            return self.to_jacobian(&None);
        }
        let xx = self.mul(&p.x, &p.x);
        let yy = self.mul(&p.y, &p.y);
        let yyyy = self.mul(&yy, &yy);
        let zz = self.mul(&p.z, &p.z);
        let s = self.mul(&BigUint::from(4u32), &self.mul(&p.x, &yy));
        let m = self.add(
            &self.mul(&BigUint::from(3u32), &xx),
            &self.mul(&self.a, &self.mul(&zz, &zz)),
        );
        let x3 = self.sub(&self.mul(&m, &m), &self.add(&s, &s));
        let y3 = self.sub(
            &self.mul(&m, &self.sub(&s, &x3)),
            &self.mul(&BigUint::from(8u32), &yyyy),
        );
        let z3 = self.mul(&BigUint::from(2u32), &self.mul(&p.y, &p.z));
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    fn add_points(&self, p: &Jacobian, q: &Jacobian) -> Jacobian {
        if p.z.is_zero() {
            return q.clone();
        }
        if q.z.is_zero() {
            return p.clone();
        }
        let z1z1 = self.mul(&p.z, &p.z);
        let z2z2 = self.mul(&q.z, &q.z);
        let u1 = self.mul(&p.x, &z2z2);
        let u2 = self.mul(&q.x, &z1z1);
        let s1 = self.mul(&self.mul(&p.y, &q.z), &z2z2);
        let s2 = self.mul(&self.mul(&q.y, &p.z), &z1z1);
        if u1 == u2 {
            return if s1 == s2 {
                self.double(p)
            } else {
                self.to_jacobian(&None)
            };
        }
        let h = self.sub(&u2, &u1);
        let r = self.sub(&s2, &s1);
        let hh = self.mul(&h, &h);
        let hhh = self.mul(&h, &hh);
        let v = self.mul(&u1, &hh);
        let x3 = self.sub(&self.sub(&self.mul(&r, &r), &hhh), &self.add(&v, &v));
        let y3 = self.sub(&self.mul(&r, &self.sub(&v, &x3)), &self.mul(&s1, &hhh));
        let z3 = self.mul(&self.mul(&p.z, &q.z), &h);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// k·P (double-and-add, variable time).
    pub(crate) fn scalar_mul(&self, k: &BigUint, p: &Affine) -> Affine {
        self.double_scalar_mul(k, p, &BigUint::zero(), &None)
    }

    /// k1·P1 + k2·P2 (Shamir's trick, variable time).
    pub(crate) fn double_scalar_mul(
        &self,
        k1: &BigUint,
        p1: &Affine,
        k2: &BigUint,
        p2: &Affine,
    ) -> Affine {
        let j1 = self.to_jacobian(p1);
        let j2 = self.to_jacobian(p2);
        let j12 = self.add_points(&j1, &j2);
        let bits = k1.bits().max(k2.bits());
        let mut acc = self.to_jacobian(&None);
        for i in (0..bits).rev() {
            acc = self.double(&acc);
            match (k1.bit(i), k2.bit(i)) {
                (true, true) => acc = self.add_points(&acc, &j12),
                (true, false) => acc = self.add_points(&acc, &j1),
                (false, true) => acc = self.add_points(&acc, &j2),
                (false, false) => {}
            }
        }
        self.to_affine(&acc)
    }

    /// The base point.
    pub(crate) fn g(&self) -> Affine {
        Some((self.gx.clone(), self.gy.clone()))
    }
}

/// The old curve parameters of `curve` (tc26-512-A or CryptoPro-A).
pub(crate) fn params(curve: super::GostCurve) -> CurveParams {
    match curve {
        super::GostCurve::Gost2015_512 => tc26_512_a(),
        super::GostCurve::Gost2004 => cryptopro_a(),
    }
}

/// The old `GostPublicKey::from_raw` check: exact length, coordinates < p, on the curve.
pub fn public_key_valid(curve: super::GostCurve, raw: &[u8]) -> bool {
    let c = params(curve);
    let n = curve.field_len();
    if raw.len() != 2 * n {
        return false;
    }
    let (xb, yb) = raw.split_at(n);
    c.is_on_curve(&BigUint::from_bytes_le(xb), &BigUint::from_bytes_le(yb))
}

/// The old `GostPublicKey::verify_digest`, on a raw key (which must be valid).
pub fn verify_digest(curve: super::GostCurve, key: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    let c = params(curve);
    let n = curve.field_len();
    if signature.len() != 2 * n || key.len() != 2 * n {
        return false;
    }
    let (rb, sb) = signature.split_at(n);
    let r = BigUint::from_bytes_le(rb);
    let s = BigUint::from_bytes_le(sb);
    if r.is_zero() || s.is_zero() || r >= c.q || s >= c.q {
        return false;
    }
    let e = digest_scalar(&c, digest);
    let v = c.inv_q(&e);
    let z1 = (&s * &v) % &c.q;
    let z2 = (&c.q - (&r * &v) % &c.q) % &c.q;
    let (xb, yb) = key.split_at(n);
    let q_point: Affine = Some((BigUint::from_bytes_le(xb), BigUint::from_bytes_le(yb)));
    match c.double_scalar_mul(&z1, &c.g(), &z2, &q_point) {
        Some((x, _)) => &x % &c.q == r,
        None => false,
    }
}

/// e = digest as a little-endian integer mod q, 0 → 1.
fn digest_scalar(c: &CurveParams, digest: &[u8]) -> BigUint {
    let e = BigUint::from_bytes_le(digest) % &c.q;
    if e.is_zero() {
        BigUint::one()
    } else {
        e
    }
}

pub(crate) fn le_fixed(v: &BigUint, len: usize) -> Vec<u8> {
    let mut out = v.to_bytes_le();
    out.resize(len, 0);
    out
}

/// The group order q, little-endian, `field_len` bytes.
pub fn order_le(curve: super::GostCurve) -> Vec<u8> {
    let c = params(curve);
    le_fixed(&c.q, c.len)
}

/// z1·G + z2·Q (Shamir's trick) as `x ‖ y`, `None` for ∞; the key must be valid
/// ([`public_key_valid`]).
pub fn double_base_mul(
    curve: super::GostCurve,
    z1: &[u8],
    key: &[u8],
    z2: &[u8],
) -> Option<Vec<u8>> {
    let c = params(curve);
    let (xb, yb) = key.split_at(key.len() / 2);
    let q_point: Affine = Some((BigUint::from_bytes_le(xb), BigUint::from_bytes_le(yb)));
    let (x, y) = c.double_scalar_mul(
        &BigUint::from_bytes_le(z1),
        &c.g(),
        &BigUint::from_bytes_le(z2),
        &q_point,
    )?;
    let mut out = le_fixed(&x, c.len);
    out.extend(le_fixed(&y, c.len));
    Some(out)
}

/// k·G as `x ‖ y` (little-endian), `None` for ∞ (k ≡ 0 mod q).
pub fn base_mul(curve: super::GostCurve, k: &[u8]) -> Option<Vec<u8>> {
    let c = params(curve);
    let (x, y) = c.scalar_mul(&BigUint::from_bytes_le(k), &c.g())?;
    let mut out = le_fixed(&x, c.len);
    out.extend(le_fixed(&y, c.len));
    Some(out)
}

/// The old signing equation with a given nonce: r = (k·G).x mod q, s = r·d + k·e mod q;
/// `None` when r or s is 0 or d, k are not in [1, q−1].
pub fn sign_digest_with_nonce(
    curve: super::GostCurve,
    d: &[u8],
    digest: &[u8],
    k: &[u8],
) -> Option<Vec<u8>> {
    let c = params(curve);
    let d = BigUint::from_bytes_le(d);
    let k = BigUint::from_bytes_le(k);
    if d.is_zero() || d >= c.q || k.is_zero() || k >= c.q {
        return None;
    }
    let e = digest_scalar(&c, digest);
    let (x, _) = c.scalar_mul(&k, &c.g())?;
    let r = x % &c.q;
    let s = (&r * &d + &k * &e) % &c.q;
    if r.is_zero() || s.is_zero() {
        return None;
    }
    let mut out = le_fixed(&r, c.len);
    out.extend(le_fixed(&s, c.len));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(c: &CurveParams) {
        assert!(c.is_on_curve(&c.gx, &c.gy), "G on the curve");
        assert_eq!(c.scalar_mul(&c.q, &c.g()), None, "q·G = ∞");
        // (q−1)·G = −G and (q+1)·G = G: the arithmetic agrees with the group law.
        let minus_g = c.scalar_mul(&(&c.q - 1u32), &c.g());
        assert_eq!(minus_g, Some((c.gx.clone(), &c.p - &c.gy)));
        assert_eq!(c.scalar_mul(&(&c.q + 1u32), &c.g()), c.g());
        // 2G + 3G = 5G via both paths.
        let two = BigUint::from(2u32);
        let three = BigUint::from(3u32);
        let p2 = c.scalar_mul(&two, &c.g());
        let sum = c.double_scalar_mul(&BigUint::one(), &p2, &three, &c.g());
        assert_eq!(sum, c.scalar_mul(&BigUint::from(5u32), &c.g()));
        let (x5, y5) = sum.unwrap();
        assert!(c.is_on_curve(&x5, &y5));
        // p and q are the sizes the encodings assume; p ≠ q.
        assert_eq!(c.p.bits() as usize, c.len * 8);
        assert_eq!(c.q.bits() as usize, c.len * 8);
        assert_ne!(c.p, c.q);
        // Not on the curve: G with y+1; coordinates ≥ p.
        assert!(!c.is_on_curve(&c.gx, &(&c.gy + 1u32)));
        assert!(!c.is_on_curve(&(&c.gx + &c.p), &c.gy));
    }

    #[test]
    fn tc26_512_a_parameters() {
        let c = tc26_512_a();
        assert_eq!(&c.p + 569u32, BigUint::one() << 512);
        check(&c);
    }

    #[test]
    fn cryptopro_a_parameters() {
        let c = cryptopro_a();
        assert_eq!(&c.p + 617u32, BigUint::one() << 256);
        check(&c);
    }
}
