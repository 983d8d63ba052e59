//! The two GOST curves on fixed-width limbs ([`super::field`]): point decoding, constant-time
//! scalar multiplication for signing, variable-time double-scalar multiplication for
//! verification.
//!
//! Both curves are short Weierstrass y² = x³ + a·x + b with **a = −3** (p − 3) and prime
//! order q (cofactor 1), so:
//!
//! - Signing (secret scalars) uses the *complete* projective formulas of Renes, Costello and
//!   Batina, "Complete addition formulas for prime order elliptic curves" (EUROCRYPT 2016,
//!   <https://eprint.iacr.org/2015/1060>), Algorithms 4 (addition) and 6 (doubling) for
//!   a = −3: no exceptional case (P + P, P + (−P), P + ∞, ∞ + ∞ all come out right), hence no
//!   branch. The scalar multiplication is a fixed 4-bit window over all bits of the scalar
//!   with a constant-time table lookup (every entry is read, [`ConditionallySelectable`]).
//! - Verification (public data only) uses Jacobian coordinates (dbl-2001-b, add-2007-bl,
//!   madd-2007-bl of the Explicit-Formulas Database), whose exceptional cases (∞ operands,
//!   P = ±Q) are handled by explicit, tested branches, and Straus–Shamir interleaved wNAF:
//!   window 8 over a table of G's odd multiples computed once per process (affine), window
//!   5 over Q's. The final check needs no inversion: C.x mod q = r ⇔ X = r·Z² or
//!   (r + q < p and X = (r + q)·Z²). Its field arithmetic is [`VtField`] (variable time,
//!   lazily reduced, Karatsuba products; the speed-up over the constant-time field is in
//!   `BENCHMARKS.md`), never the signing code's.

use std::sync::OnceLock;

use crypto_bigint::{U256, U512};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

use super::field::{Field, Fp256, Fp512, Fq256, Fq512, Vp256, Vp512, VtField};

/// The parameters of one curve.
pub(crate) struct Params<F: Field> {
    pub(crate) b: F,
    pub(crate) g: Affine<F>,
    /// Odd multiples G, 3G, …, (2^(W_G−1) − 1)·G, affine (verification).
    g_table: Vec<Affine<F>>,
}

/// One of the two curves: its field, scalar field and parameters.
pub(crate) trait CurveDef: 'static {
    /// GF(p).
    type F: Field;
    /// Z/qZ (same integer width as GF(p)).
    type S: Field<Int = <Self::F as Field>::Int>;
    /// GF(p) for verification (variable time, lazily reduced).
    type V: VtField<Canon = Self::F>;
    /// The parameters, computed once.
    fn params() -> &'static Params<Self::F>;
}

/// id-tc26-gost-3410-12-512-paramSetA ([RFC 7836 §A.1]).
///
/// [RFC 7836 §A.1]: https://www.rfc-editor.org/rfc/rfc7836#appendix-A.1
pub(crate) struct Tc26512A;
/// id-GostR3410-2001-CryptoPro-A-ParamSet ([RFC 4357 §11.4]).
///
/// [RFC 4357 §11.4]: https://www.rfc-editor.org/rfc/rfc4357#section-11.4
pub(crate) struct CryptoProA;

impl CurveDef for Tc26512A {
    type F = Fp512;
    type S = Fq512;
    type V = Vp512;
    fn params() -> &'static Params<Fp512> {
        static P: OnceLock<Params<Fp512>> = OnceLock::new();
        P.get_or_init(|| {
            let h = |s: &str| Fp512::from_int(&U512::from_be_hex(s));
            make_params::<Vp512>(
                h(
                    "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265\
                   EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
                ),
                Fp512::from_int(&U512::from_u64(3)),
                h(
                    "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
                   DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
                ),
            )
        })
    }
}

impl CurveDef for CryptoProA {
    type F = Fp256;
    type S = Fq256;
    type V = Vp256;
    fn params() -> &'static Params<Fp256> {
        static P: OnceLock<Params<Fp256>> = OnceLock::new();
        P.get_or_init(|| {
            make_params::<Vp256>(
                Fp256::from_int(&U256::from_u64(0xA6)),
                Fp256::ONE,
                Fp256::from_int(&U256::from_be_hex(
                    "8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14",
                )),
            )
        })
    }
}

/// wNAF window for G (table of 2^(W_G−2) = 64 affine points, built once per process; 8 is
/// the widest whose digits fit an `i8`) and for Q (8 points, made affine per verification).
const W_G: usize = 8;
const W_Q: usize = 5;

fn make_params<V: VtField>(b: V::Canon, gx: V::Canon, gy: V::Canon) -> Params<V::Canon> {
    let g = Affine { x: gx, y: gy };
    // Odd multiples k·G, 0 < k < q, are never ∞: the conversion is `Some` (the curve tests
    // check the table).
    let g_table =
        batch_to_affine(&odd_multiples(&Jac::<V>::from_affine(&g), W_G)).unwrap_or_default();
    Params { b, g, g_table }
}

/// An affine point (never ∞).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Affine<F: Field> {
    pub(crate) x: F,
    pub(crate) y: F,
}

impl<F: Field> Affine<F> {
    /// y² = x³ − 3x + b.
    pub(crate) fn is_on_curve(&self, b: &F) -> bool {
        let lhs = self.y.square();
        let x3 = self.x.square().mul(&self.x);
        let three_x = self.x.double().add(&self.x);
        let rhs = x3.sub(&three_x).add(b);
        bool::from(lhs.ct_eq(&rhs))
    }

    /// From `x (LE) ‖ y (LE)`: exact length, coordinates < p, on the curve.
    pub(crate) fn from_raw(raw: &[u8], b: &F) -> Option<Affine<F>> {
        if raw.len() != 2 * F::LEN {
            return None;
        }
        let (xb, yb) = raw.split_at(F::LEN);
        let p = Affine {
            x: F::from_le_canonical(xb)?,
            y: F::from_le_canonical(yb)?,
        };
        p.is_on_curve(b).then_some(p)
    }

    /// `x (LE) ‖ y (LE)`.
    pub(crate) fn to_raw(self) -> Vec<u8> {
        let mut out = self.x.to_le();
        out.extend(self.y.to_le());
        out
    }
}

// ---------------------------------------------------------------------------------------
// Complete projective formulas (constant time), RCB 2016 Algorithms 4 and 6 (a = −3).
// (X : Y : Z) ↔ (X/Z, Y/Z); the identity is (0 : 1 : 0).

/// A point in homogeneous projective coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Proj<F: Field> {
    x: F,
    y: F,
    z: F,
}

impl<F: Field> ConditionallySelectable for Proj<F> {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Proj {
            x: F::conditional_select(&a.x, &b.x, choice),
            y: F::conditional_select(&a.y, &b.y, choice),
            z: F::conditional_select(&a.z, &b.z, choice),
        }
    }
}

impl<F: Field> Proj<F> {
    const IDENTITY: Proj<F> = Proj {
        x: F::ZERO,
        y: F::ONE,
        z: F::ZERO,
    };

    fn from_affine(p: &Affine<F>) -> Proj<F> {
        Proj {
            x: p.x,
            y: p.y,
            z: F::ONE,
        }
    }

    /// RCB Algorithm 4 (complete addition, a = −3): 12M + 2m_b.
    fn add(&self, rhs: &Proj<F>, b: &F) -> Proj<F> {
        let (x1, y1, z1) = (self.x, self.y, self.z);
        let (x2, y2, z2) = (rhs.x, rhs.y, rhs.z);
        let xx = x1.mul(&x2);
        let yy = y1.mul(&y2);
        let zz = z1.mul(&z2);
        let xy_pairs = x1.add(&y1).mul(&x2.add(&y2)).sub(&xx.add(&yy));
        let yz_pairs = y1.add(&z1).mul(&y2.add(&z2)).sub(&yy.add(&zz));
        let xz_pairs = x1.add(&z1).mul(&x2.add(&z2)).sub(&xx.add(&zz));
        let bzz_part = xz_pairs.sub(&b.mul(&zz));
        let bzz3_part = bzz_part.double().add(&bzz_part);
        let yy_m_bzz3 = yy.sub(&bzz3_part);
        let yy_p_bzz3 = yy.add(&bzz3_part);
        let zz3 = zz.double().add(&zz);
        let bxz_part = b.mul(&xz_pairs).sub(&zz3.add(&xx));
        let bxz3_part = bxz_part.double().add(&bxz_part);
        let xx3_m_zz3 = xx.double().add(&xx).sub(&zz3);
        Proj {
            x: yy_p_bzz3.mul(&xy_pairs).sub(&yz_pairs.mul(&bxz3_part)),
            y: yy_p_bzz3.mul(&yy_m_bzz3).add(&xx3_m_zz3.mul(&bxz3_part)),
            z: yy_m_bzz3.mul(&yz_pairs).add(&xy_pairs.mul(&xx3_m_zz3)),
        }
    }

    /// RCB Algorithm 6 (complete doubling, a = −3): 8M + 3S + 2m_b.
    fn double(&self, b: &F) -> Proj<F> {
        let (x, y, z) = (self.x, self.y, self.z);
        let xx = x.square();
        let yy = y.square();
        let zz = z.square();
        let xy2 = x.mul(&y).double();
        let xz2 = x.mul(&z).double();
        let bzz_part = b.mul(&zz).sub(&xz2);
        let bzz3_part = bzz_part.double().add(&bzz_part);
        let yy_m_bzz3 = yy.sub(&bzz3_part);
        let yy_p_bzz3 = yy.add(&bzz3_part);
        let y_frag = yy_p_bzz3.mul(&yy_m_bzz3);
        let x_frag = yy_m_bzz3.mul(&xy2);
        let zz3 = zz.double().add(&zz);
        let bxz2_part = b.mul(&xz2).sub(&zz3.add(&xx));
        let bxz6_part = bxz2_part.double().add(&bxz2_part);
        let xx3_m_zz3 = xx.double().add(&xx).sub(&zz3);
        let yz2 = y.mul(&z).double();
        Proj {
            x: x_frag.sub(&bxz6_part.mul(&yz2)),
            y: y_frag.add(&xx3_m_zz3.mul(&bxz6_part)),
            z: yz2.mul(&yy).double().double(),
        }
    }

    /// (x, y) and whether the point is the identity (then x = y = 0), constant time.
    fn to_affine_ct(self) -> (Affine<F>, Choice) {
        let zi = self.z.invert();
        (
            Affine {
                x: self.x.mul(&zi),
                y: self.y.mul(&zi),
            },
            self.z.is_zero(),
        )
    }
}

/// k·P in constant time: a fixed 4-bit window over every bit of the `F::LEN`-byte integer
/// `k` (leading zero bits included), each window's table entry chosen by reading all 16
/// entries with [`ConditionallySelectable`]; complete formulas throughout. The sequence of
/// field operations and memory accesses does not depend on k or P.
pub(crate) fn mul_ct<F: Field>(k: &F::Int, p: &Affine<F>, b: &F) -> Proj<F> {
    let mut table = [Proj::<F>::IDENTITY; 16];
    table[1] = Proj::from_affine(p);
    for i in 2..16 {
        table[i] = table[i - 1].add(&table[1], b);
    }
    let mut words = F::int_words(k);
    let mut acc = Proj::IDENTITY;
    for i in (0..words.len() * 16).rev() {
        for _ in 0..4 {
            acc = acc.double(b);
        }
        // The position i is public; the 4-bit value is secret and only used in selections.
        let nibble = ((words[i / 16] >> ((i % 16) * 4)) & 0xF) as u8;
        let mut sel = Proj::IDENTITY;
        for (j, t) in table.iter().enumerate() {
            sel.conditional_assign(t, (j as u8).ct_eq(&nibble));
        }
        acc = acc.add(&sel, b);
    }
    words.zeroize();
    acc
}

// ---------------------------------------------------------------------------------------
// Jacobian arithmetic (variable time, public data only). (X, Y, Z) ↔ (X/Z², Y/Z³); Z = 0
// is ∞.

#[derive(Clone, Copy, Debug)]
struct Jac<V: VtField> {
    x: V,
    y: V,
    z: V,
}

impl<V: VtField> Jac<V> {
    const INFINITY: Jac<V> = Jac {
        x: V::ONE,
        y: V::ONE,
        z: V::ZERO,
    };

    fn from_affine(p: &Affine<V::Canon>) -> Jac<V> {
        Jac {
            x: V::from_canon(&p.x),
            y: V::from_canon(&p.y),
            z: V::ONE,
        }
    }

    fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    /// dbl-2001-b (a = −3): 3M + 5S. ∞ stays ∞ (Z3 = 2·Y·Z = 0); no point of these
    /// odd-order curves has y = 0.
    fn double(&self) -> Jac<V> {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2 = gamma.square();
        let y3 = alpha
            .mul(&beta4.sub(&x3))
            .sub(&gamma2.double().double().double());
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// add-2007-bl: 11M + 5S, with the exceptional cases as branches.
    fn add(&self, q: &Jac<V>) -> Jac<V> {
        if self.is_infinity() {
            return *q;
        }
        if q.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = q.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = q.x.mul(&z1z1);
        let s1 = self.y.mul(&q.z).mul(&z2z2);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = s2.sub(&s1).double();
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Jac::INFINITY
            };
        }
        let i = h.double().square();
        let j = h.mul(&i);
        let v = u1.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&j).double());
        let z3 = self.z.add(&q.z).square().sub(&z1z1).sub(&z2z2).mul(&h);
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// madd-2007-bl (q affine): 7M + 4S, with the exceptional cases as branches.
    fn add_affine(&self, qx: &V, qy: &V) -> Jac<V> {
        if self.is_infinity() {
            return Jac {
                x: *qx,
                y: *qy,
                z: V::ONE,
            };
        }
        let z1z1 = self.z.square();
        let u2 = qx.mul(&z1z1);
        let s2 = qy.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Jac::INFINITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h.mul(&i);
        let v = self.x.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    fn to_affine_vartime(self) -> Option<Affine<V::Canon>> {
        let zi = self.z.invert()?;
        let zi2 = zi.square();
        Some(Affine {
            x: self.x.mul(&zi2).to_canon(),
            y: self.y.mul(&zi2).mul(&zi).to_canon(),
        })
    }
}

/// Jacobian points to affine with one field inversion (variable time, public points);
/// `None` if any is ∞.
fn batch_to_affine<V: VtField>(points: &[Jac<V>]) -> Option<Vec<Affine<V::Canon>>> {
    // prefix[i] = Z_0 ⋯ Z_(i−1).
    let mut prefix = Vec::with_capacity(points.len() + 1);
    prefix.push(V::ONE);
    for p in points {
        let last = prefix[prefix.len() - 1];
        prefix.push(last.mul(&p.z));
    }
    let mut inv = prefix[points.len()].invert()?;
    let mut out = vec![
        Affine {
            x: V::Canon::ZERO,
            y: V::Canon::ZERO
        };
        points.len()
    ];
    for i in (0..points.len()).rev() {
        // inv = (Z_0 ⋯ Z_i)⁻¹ here.
        let zi = inv.mul(&prefix[i]);
        inv = inv.mul(&points[i].z);
        let zi2 = zi.square();
        out[i] = Affine {
            x: points[i].x.mul(&zi2).to_canon(),
            y: points[i].y.mul(&zi2).mul(&zi).to_canon(),
        };
    }
    Some(out)
}

/// P, 3P, 5P, …, (2^(w−1) − 1)·P.
fn odd_multiples<V: VtField>(p: &Jac<V>, w: usize) -> Vec<Jac<V>> {
    let n = 1 << (w - 2);
    let p2 = p.double();
    let mut out = Vec::with_capacity(n);
    out.push(*p);
    for i in 1..n {
        let next = out[i - 1].add(&p2);
        out.push(next);
    }
    out
}

/// The width-w non-adjacent form of a (public) integer given as 64-bit words, least
/// significant digit first: digits odd in (−2^(w−1), 2^(w−1)) or 0, one more digit than
/// bits (the last carry).
fn wnaf(words: &[u64], w: usize) -> Vec<i8> {
    let bits = words.len() * 64;
    let mut x = words.to_vec();
    x.extend([0, 0]);
    let width = 1u64 << w;
    let mask = width - 1;
    let mut naf = vec![0i8; bits + 1];
    let mut pos = 0;
    let mut carry = 0u64;
    while pos <= bits {
        let idx = pos / 64;
        let bit = pos % 64;
        let buf = if bit < 64 - w {
            x[idx] >> bit
        } else {
            (x[idx] >> bit) | (x[idx + 1] << (64 - bit))
        };
        let window = carry + (buf & mask);
        if window & 1 == 0 {
            pos += 1;
            continue;
        }
        if window < width / 2 {
            carry = 0;
            naf[pos] = window as i8;
        } else {
            carry = 1;
            naf[pos] = (window as i64 - width as i64) as i8;
        }
        pos += w;
    }
    naf
}

/// z1·G + z2·Q as `x ‖ y`, `None` for ∞ (variable time): the double-scalar
/// multiplication of [`verify`] on any `LEN`-byte z1, z2 (not reduced mod q), for the
/// differential tests and the fuzz target `gost_arith`.
pub(crate) fn double_mul_raw<C: CurveDef>(
    z1: &<C::F as Field>::Int,
    z2: &<C::F as Field>::Int,
    q: &Affine<C::F>,
) -> Option<Vec<u8>> {
    double_mul_vartime::<C>(z1, z2, q)
        .to_affine_vartime()
        .map(Affine::to_raw)
}

/// z1·G + z2·Q (variable time, public scalars): interleaved wNAF.
fn double_mul_vartime<C: CurveDef>(
    z1: &<C::F as Field>::Int,
    z2: &<C::F as Field>::Int,
    q: &Affine<C::F>,
) -> Jac<C::V> {
    let params = C::params();
    let n1 = wnaf(&<C::F as Field>::int_words(z1), W_G);
    let n2 = wnaf(&<C::F as Field>::int_words(z2), W_Q);
    // Q's odd multiples made affine with one inversion (Montgomery's trick), so that every
    // addition in the loop is a mixed one. None of them is ∞ (odd k < q, Q ≠ ∞).
    let Some(q_table) = batch_to_affine(&odd_multiples(&Jac::<C::V>::from_affine(q), W_Q)) else {
        return Jac::INFINITY;
    };
    let top = (0..n1.len())
        .rev()
        .find(|&i| n1[i] != 0 || n2[i] != 0)
        .unwrap_or(0);
    let mut acc = Jac::<C::V>::INFINITY;
    for i in (0..=top).rev() {
        acc = acc.double();
        let d1 = n1[i];
        if d1 != 0 {
            let t = &params.g_table[(d1.unsigned_abs() as usize) / 2];
            let (x, y) = (C::V::from_canon(&t.x), C::V::from_canon(&t.y));
            acc = if d1 > 0 {
                acc.add_affine(&x, &y)
            } else {
                acc.add_affine(&x, &y.neg())
            };
        }
        let d2 = n2[i];
        if d2 != 0 {
            let t = &q_table[(d2.unsigned_abs() as usize) / 2];
            let (x, y) = (C::V::from_canon(&t.x), C::V::from_canon(&t.y));
            acc = if d2 > 0 {
                acc.add_affine(&x, &y)
            } else {
                acc.add_affine(&x, &y.neg())
            };
        }
    }
    acc
}

/// e = digest as a little-endian integer mod q, 0 ↦ 1 (any digest length).
pub(crate) fn digest_scalar<S: Field>(digest: &[u8]) -> S {
    // R = 2^(8·LEN) mod q; Horner over LEN-byte chunks, most significant first.
    let two_8len = {
        // 2^(8·LEN−1) < q (q has 8·LEN bits), so 2^(8·LEN) mod q = 2·2^(8·LEN−1) mod q.
        let mut half = vec![0u8; S::LEN];
        half[S::LEN - 1] = 0x80;
        S::from_int(&S::int_reduce_once(&S::int_from_le(&half))).double()
    };
    let mut e = S::ZERO;
    let chunks = digest.len().div_ceil(S::LEN);
    for c in (0..chunks).rev() {
        let lo = c * S::LEN;
        let hi = (lo + S::LEN).min(digest.len());
        let mut chunk = vec![0u8; S::LEN];
        chunk[..hi - lo].copy_from_slice(&digest[lo..hi]);
        let v = S::from_int(&S::int_reduce_once(&S::int_from_le(&chunk)));
        e = e.mul(&two_8len).add(&v);
    }
    let is_zero = e.is_zero();
    S::conditional_select(&e, &S::ONE, is_zero)
}

/// GOST R 34.10 verification of (r, s) (`LEN` bytes each, little-endian) for digest `digest`
/// under the public key `q`.
pub(crate) fn verify<C: CurveDef>(q: &Affine<C::F>, digest: &[u8], rb: &[u8], sb: &[u8]) -> bool {
    type I<C> = <<C as CurveDef>::F as Field>::Int;
    let (Some(r), Some(s)) = (C::S::from_le_canonical(rb), C::S::from_le_canonical(sb)) else {
        return false;
    };
    if bool::from(r.is_zero() | s.is_zero()) {
        return false;
    }
    let e: C::S = digest_scalar(digest);
    let Some(v) = e.invert_vartime() else {
        return false;
    };
    let z1: I<C> = s.mul(&v).to_int();
    let z2: I<C> = r.mul(&v).neg().to_int();
    let c = double_mul_vartime::<C>(&z1, &z2, q);
    if c.is_infinity() {
        return false;
    }
    // C.x = X/Z² ∈ [0, p); C.x mod q = r ⇔ C.x = r or C.x = r + q (< p).
    let zz = c.z.square();
    let r_int = r.to_int();
    let r_fe = C::V::from_canon(&C::F::from_int(&r_int));
    if c.x.eq(&r_fe.mul(&zz)) {
        return true;
    }
    let (rq, ok) = C::S::int_add_modulus_lt(&r_int, &C::F::modulus());
    ok && c.x.eq(&C::V::from_canon(&C::F::from_int(&rq)).mul(&zz))
}

/// d·G and x ↦ r: the constant-time half of signing. Returns (r, s) or `None` when r = 0 or
/// s = 0 (then the caller draws another k). `d`, `k` ∈ [1, q−1].
pub(crate) fn sign<C: CurveDef>(d: &C::S, k: &C::S, e: &C::S) -> Option<(C::S, C::S)> {
    let params = C::params();
    let mut k_int = k.to_int();
    let point = mul_ct(&k_int, &params.g, &params.b);
    k_int.zeroize();
    let (aff, _) = point.to_affine_ct();
    // x < p < 2q: x mod q is one conditional subtraction.
    let r = C::S::from_int(&C::S::int_reduce_once(&aff.x.to_int()));
    let s = r.mul(d).add(&k.mul(e));
    // r and s are the public signature: branching on them being 0 is fine.
    if bool::from(r.is_zero() | s.is_zero()) {
        None
    } else {
        Some((r, s))
    }
}

/// d·G as an affine point (constant time).
pub(crate) fn public_point<C: CurveDef>(d: &C::S) -> Affine<C::F> {
    let params = C::params();
    let mut d_int = d.to_int();
    let (aff, _) = mul_ct(&d_int, &params.g, &params.b).to_affine_ct();
    d_int.zeroize();
    aff
}

/// k·G in constant time, as `x ‖ y` (all-zero for ∞): the operation the timing test
/// measures.
pub(crate) fn base_mul_ct<C: CurveDef>(k: &<C::F as Field>::Int) -> Vec<u8> {
    let params = C::params();
    let (aff, _) = mul_ct(k, &params.g, &params.b).to_affine_ct();
    aff.to_raw()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proj_eq<F: Field>(a: &Proj<F>, b: &Proj<F>) -> bool {
        let (pa, ia) = a.to_affine_ct();
        let (pb, ib) = b.to_affine_ct();
        bool::from(ia.ct_eq(&ib)) && (bool::from(ia) || pa.to_raw() == pb.to_raw())
    }

    fn jac_raw<V: VtField>(p: &Jac<V>) -> Option<Vec<u8>> {
        p.to_affine_vartime().map(|a| a.to_raw())
    }

    fn group_law<C: CurveDef>() {
        let pr = C::params();
        let b = &pr.b;
        assert!(pr.g.is_on_curve(b));
        let g = Proj::from_affine(&pr.g);
        let id = Proj::<C::F>::IDENTITY;
        let minus_g = Proj {
            x: g.x,
            y: g.y.neg(),
            z: g.z,
        };
        // Complete formulas: every exceptional case.
        assert!(proj_eq(&g.add(&id, b), &g));
        assert!(proj_eq(&id.add(&g, b), &g));
        assert!(proj_eq(&id.add(&id, b), &id));
        assert!(proj_eq(&id.double(b), &id));
        assert!(proj_eq(&g.add(&g, b), &g.double(b)));
        assert!(bool::from(g.add(&minus_g, b).to_affine_ct().1));
        // Jacobian: the same cases through the branches.
        let jg = Jac::<C::V>::from_affine(&pr.g);
        let (gx, gy) = (C::V::from_canon(&pr.g.x), C::V::from_canon(&pr.g.y));
        let j2 = jg.double();
        assert_eq!(jac_raw(&jg.add(&jg)), jac_raw(&j2));
        assert_eq!(jac_raw(&jg.add_affine(&gx, &gy)), jac_raw(&j2));
        let jmg = Jac {
            x: jg.x,
            y: jg.y.neg(),
            z: jg.z,
        };
        assert!(jg.add(&jmg).is_infinity());
        assert!(jg.add_affine(&gx, &gy.neg()).is_infinity());
        assert_eq!(jac_raw(&Jac::INFINITY.add(&jg)), jac_raw(&jg));
        assert_eq!(jac_raw(&jg.add(&Jac::INFINITY)), jac_raw(&jg));
        assert!(Jac::<C::V>::INFINITY.double().is_infinity());
        // Projective and Jacobian agree: 2G, 3G.
        let (a2, _) = g.double(b).to_affine_ct();
        assert_eq!(Some(a2.to_raw()), jac_raw(&j2));
        let (a3, _) = g.double(b).add(&g, b).to_affine_ct();
        assert_eq!(Some(a3.to_raw()), jac_raw(&j2.add(&jg)));
        assert!(a3.is_on_curve(b));
        // q·G = ∞, (q−1)·G = −G, (q+1)... via the fixed window.
        let q = <C::S as Field>::modulus();
        assert!(bool::from(mul_ct(&q, &pr.g, b).to_affine_ct().1));
        let qm1 = C::S::ONE.neg().to_int();
        let (m, _) = mul_ct(&qm1, &pr.g, b).to_affine_ct();
        assert_eq!(
            m.to_raw(),
            Affine {
                x: pr.g.x,
                y: pr.g.y.neg()
            }
            .to_raw()
        );
        // Double-scalar: 1·G + (q−1)·G = ∞; 2·G + 3·G = 5·G.
        let one = C::S::ONE.to_int();
        assert!(double_mul_vartime::<C>(&one, &qm1, &pr.g).is_infinity());
        let two = C::S::ONE.double().to_int();
        let three = C::S::ONE.double().add(&C::S::ONE).to_int();
        let five = C::S::ONE.double().double().add(&C::S::ONE).to_int();
        let (p5, _) = mul_ct(&five, &pr.g, b).to_affine_ct();
        assert_eq!(
            jac_raw(&double_mul_vartime::<C>(&two, &three, &pr.g)),
            Some(p5.to_raw())
        );
        // G table: 2^(W_G−2) odd multiples on the curve, the i-th = (2i+1)·G.
        assert_eq!(pr.g_table.len(), 1 << (W_G - 2));
        for (i, t) in pr.g_table.iter().enumerate() {
            assert!(t.is_on_curve(b));
            let k = <C::F as Field>::int_from_le(&{
                let mut v = vec![0u8; <C::F as Field>::LEN];
                v[0] = (2 * i + 1) as u8;
                v
            });
            assert_eq!(mul_ct(&k, &pr.g, b).to_affine_ct().0.to_raw(), t.to_raw());
        }
    }

    #[test]
    fn group_law_tc26_512_a() {
        group_law::<Tc26512A>();
    }

    #[test]
    fn group_law_cryptopro_a() {
        group_law::<CryptoProA>();
    }

    #[test]
    fn wnaf_reconstructs() {
        for (words, w) in [
            (vec![0u64, 0], 5),
            (vec![u64::MAX, u64::MAX], 5),
            (vec![0x1234_5678_9ABC_DEF0, 0x8000_0000_0000_0001], 7),
            (vec![u64::MAX; 4], 7),
        ] {
            let naf = wnaf(&words, w);
            // Σ naf[i]·2^i, as i128 chunks: reconstruct with num-bigint.
            let mut acc = num_bigint::BigInt::from(0);
            for (i, d) in naf.iter().enumerate() {
                assert!(*d == 0 || (d % 2 != 0 && (d.unsigned_abs() as u64) < (1 << (w - 1))));
                acc += num_bigint::BigInt::from(*d) << i;
            }
            let want = num_bigint::BigInt::from(num_bigint::BigUint::from_slice(
                &words
                    .iter()
                    .flat_map(|w| [*w as u32, (*w >> 32) as u32])
                    .collect::<Vec<_>>(),
            ));
            assert_eq!(acc, want);
        }
    }
}
