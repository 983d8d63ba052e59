//! Fixed-width field and scalar arithmetic for the two GOST curves (4 or 8 64-bit limbs):
//!
//! - GF(p): both primes are pseudo-Mersenne, p = 2^512 − 569 and p = 2^256 − 617, and the
//!   special reduction ([`Pm`]: schoolbook product, hi·C + lo fold) is what is used;
//!   crypto-bigint's Montgomery form ([`MontyFp512`]) is kept for the comparison (the
//!   figures are in `BENCHMARKS.md`).
//! - Z/qZ (q is not of a special form; only a handful of scalar operations per signature):
//!   Montgomery form on `crypto-bigint`'s [`ConstMontyForm`], moduli fixed at compile time.
//!
//! Every operation of [`Field`] except the ones named `*_vartime` runs in time independent of
//! the values (crypto-bigint's Montgomery multiplication, addition, subtraction and
//! safegcd inversion are constant time; [`Pm`] is branch-free with a public-exponent
//! Fermat inversion; the encodings use only [`subtle`] selections). The `*_vartime`
//! operations are for public data (verification).
//!
//! - Verification only: [`VtField`] / [`Lz`], the same GF(p) lazily reduced and in
//!   variable time (carry folds, one Karatsuba level for 512-bit products; its speed-up
//!   over [`Pm`] is in `BENCHMARKS.md`). Signing never uses it.

use crypto_bigint::modular::ConstMontyForm;
use crypto_bigint::{impl_modulus, Limb, U256, U512};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeLess};
use zeroize::Zeroize;

impl_modulus!(
    P512,
    U512,
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
     FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
    "p of id-tc26-gost-3410-12-512-paramSetA (RFC 7836 §A.1), 2^512 − 569"
);
impl_modulus!(
    Q512,
    U512,
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
     27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
    "q (group order) of id-tc26-gost-3410-12-512-paramSetA"
);
impl_modulus!(
    P256,
    U256,
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
    "p of id-GostR3410-2001-CryptoPro-A-ParamSet (RFC 4357 §11.4), 2^256 − 617"
);
impl_modulus!(
    Q256,
    U256,
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893",
    "q (group order) of id-GostR3410-2001-CryptoPro-A-ParamSet"
);

/// An element of GF(p) or Z/qZ (p, q prime), in Montgomery form.
pub(crate) trait Field:
    Copy + Clone + core::fmt::Debug + ConditionallySelectable + ConstantTimeEq + Zeroize
{
    /// The integer type (4 or 8 limbs).
    type Int: Copy + ConditionallySelectable + ConstantTimeLess + ConstantTimeEq + Zeroize;
    /// Length in bytes of the encoding (= of the modulus): 32 or 64.
    const LEN: usize;
    /// 0 and 1.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// The modulus as an integer.
    fn modulus() -> Self::Int;
    /// a + b, a − b, a·b, a², −a, 2a.
    fn add(&self, rhs: &Self) -> Self;
    /// a − b.
    fn sub(&self, rhs: &Self) -> Self;
    /// a·b.
    fn mul(&self, rhs: &Self) -> Self;
    /// a².
    fn square(&self) -> Self;
    /// −a.
    fn neg(&self) -> Self;
    /// 2a.
    fn double(&self) -> Self {
        self.add(self)
    }
    /// a⁻¹, constant time (safegcd); 0 ↦ 0.
    fn invert(&self) -> Self;
    /// a⁻¹ for public a (variable time); `None` for 0.
    fn invert_vartime(&self) -> Option<Self>;
    /// The element of integer `v` (which must be < the modulus).
    fn from_int(v: &Self::Int) -> Self;
    /// The canonical integer in [0, modulus).
    fn to_int(&self) -> Self::Int;
    /// Little-endian bytes of an integer, exactly `LEN` bytes.
    fn int_from_le(bytes: &[u8]) -> Self::Int;
    /// The `LEN` little-endian bytes of an integer.
    fn int_to_le(v: &Self::Int) -> Vec<u8>;
    /// The 64-bit words of an integer, least significant first.
    fn int_words(v: &Self::Int) -> Vec<u64>;
    /// v − m if v ≥ m else v (constant time), for v < 2·m.
    fn int_reduce_once(v: &Self::Int) -> Self::Int;
    /// (v + m, carry-out or result ≥ `bound`): v + modulus as an integer, and whether it is
    /// < `bound` without overflow (public data).
    fn int_add_modulus_lt(v: &Self::Int, bound: &Self::Int) -> (Self::Int, bool);

    /// From exactly `LEN` little-endian bytes; `None` unless the value is < the modulus.
    fn from_le_canonical(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != Self::LEN {
            return None;
        }
        let v = Self::int_from_le(bytes);
        if bool::from(v.ct_lt(&Self::modulus())) {
            Some(Self::from_int(&v))
        } else {
            None
        }
    }
    /// The `LEN` little-endian bytes of the canonical value.
    fn to_le(&self) -> Vec<u8> {
        Self::int_to_le(&self.to_int())
    }
    /// True (as a [`Choice`]) for 0.
    fn is_zero(&self) -> Choice {
        self.ct_eq(&Self::ZERO)
    }
}

macro_rules! monty_field {
    ($name:ident, $modulus:ident, $uint:ident, $len:expr, $doc:expr) => {
        #[doc = $doc]
        #[allow(dead_code)]
        pub(crate) type $name = ConstMontyForm<$modulus, { $uint::LIMBS }>;

        impl Field for $name {
            type Int = $uint;
            const LEN: usize = $len;
            const ZERO: Self = ConstMontyForm::ZERO;
            const ONE: Self = ConstMontyForm::ONE;
            fn modulus() -> $uint {
                use crypto_bigint::modular::ConstMontyParams;
                *<$modulus as ConstMontyParams<{ $uint::LIMBS }>>::MODULUS.as_ref()
            }
            #[inline]
            fn add(&self, rhs: &Self) -> Self {
                ConstMontyForm::add(self, rhs)
            }
            #[inline]
            fn sub(&self, rhs: &Self) -> Self {
                ConstMontyForm::sub(self, rhs)
            }
            #[inline]
            fn mul(&self, rhs: &Self) -> Self {
                ConstMontyForm::mul(self, rhs)
            }
            #[inline]
            fn square(&self) -> Self {
                ConstMontyForm::square(self)
            }
            #[inline]
            fn neg(&self) -> Self {
                ConstMontyForm::neg(self)
            }
            #[inline]
            fn double(&self) -> Self {
                ConstMontyForm::double(self)
            }
            fn invert(&self) -> Self {
                // 0 has no inverse: 0 (CtOption::unwrap_or selects, no branch).
                subtle::CtOption::from(ConstMontyForm::inv(self)).unwrap_or(Self::ZERO)
            }
            fn invert_vartime(&self) -> Option<Self> {
                Option::from(ConstMontyForm::inv_vartime(self))
            }
            fn from_int(v: &$uint) -> Self {
                ConstMontyForm::new(v)
            }
            fn to_int(&self) -> $uint {
                self.retrieve()
            }
            fn int_from_le(bytes: &[u8]) -> $uint {
                $uint::from_le_slice(bytes)
            }
            fn int_to_le(v: &$uint) -> Vec<u8> {
                v.as_words().iter().flat_map(|w| w.to_le_bytes()).collect()
            }
            fn int_words(v: &$uint) -> Vec<u64> {
                // Portable: crypto-bigint's word is u32 on 32-bit targets (wasm32).
                Self::int_to_le(v)
                    .chunks_exact(8)
                    .map(|c| {
                        let mut w = [0u8; 8];
                        w.copy_from_slice(c);
                        u64::from_le_bytes(w)
                    })
                    .collect()
            }
            fn int_reduce_once(v: &$uint) -> $uint {
                let (d, borrow) = v.sbb(&Self::modulus(), Limb::ZERO);
                // borrow = all ones when v < m: keep v.
                let keep_v = Choice::from((borrow.0 & 1) as u8);
                $uint::conditional_select(&d, v, keep_v)
            }
            fn int_add_modulus_lt(v: &$uint, bound: &$uint) -> ($uint, bool) {
                let (s, carry) = v.adc(&Self::modulus(), Limb::ZERO);
                let ok = carry.0 == 0 && bool::from(s.ct_lt(bound));
                (s, ok)
            }
        }
    };
}

monty_field!(Fq512, Q512, U512, 64, "Scalars mod q of tc26-512-A.");
monty_field!(
    MontyFp512,
    P512,
    U512,
    64,
    "Montgomery-form GF(p) of tc26-512-A (crypto-bigint), kept for the comparison with the special reduction (tests)."
);
monty_field!(
    MontyFp256,
    P256,
    U256,
    32,
    "Montgomery-form GF(p) of CryptoPro-A, as [`MontyFp512`]."
);

/// A prime p = 2^(64·L) − C (C < 2^32): the form of both GOST curves' p.
pub(crate) trait PseudoMersenne<const L: usize>:
    Copy + Clone + core::fmt::Debug + 'static
{
    /// 2^(64·L) − p.
    const C: u64;
    /// The same field in crypto-bigint's Montgomery form: its integer type (U512 / U256 on
    /// every target: crypto-bigint's limbs are 32-bit on 32-bit targets such as wasm32, so
    /// [`Pm`]'s own 64-bit limbs are converted through little-endian bytes), and the
    /// variable-time inversion of public values (safegcd).
    type Monty: Field;
}

/// p = 2^512 − 569 (tc26-512-A).
#[derive(Clone, Copy, Debug)]
pub(crate) struct C569;
impl PseudoMersenne<8> for C569 {
    const C: u64 = 569;
    type Monty = MontyFp512;
}
/// p = 2^256 − 617 (CryptoPro-A).
#[derive(Clone, Copy, Debug)]
pub(crate) struct C617;
impl PseudoMersenne<4> for C617 {
    const C: u64 = 617;
    type Monty = MontyFp256;
}

/// An element of GF(2^(64·L) − C), always canonical (in [0, p)), as L little-endian
/// 64-bit limbs. Multiplication is a schoolbook product followed by the special
/// reduction hi·2^(64·L) + lo ≡ hi·C + lo (two folds and one conditional subtraction of
/// p), all branch-free: the same instruction sequence for every value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pm<const L: usize, M: PseudoMersenne<L>> {
    v: [u64; L],
    m: core::marker::PhantomData<M>,
}

/// GF(p), p = 2^512 − 569 (tc26-512-A), special reduction.
pub(crate) type Fp512 = Pm<8, C569>;
/// GF(p), p = 2^256 − 617 (CryptoPro-A), special reduction.
pub(crate) type Fp256 = Pm<4, C617>;

/// All ones if `bit` (0 or 1) is 1, zero if 0, behind an optimisation barrier: without it LLVM knows
/// the mask is 0 or !0 and may turn `(a & m) | (b & !m)` into a select, which the x86
/// cmov-conversion pass may turn into a secret-dependent branch. Without the barrier a build
/// of the same source leaked in the dudect test (`gost-ct`); SECURITY.md ("GOST signing and
/// timing") has the measurements.
#[inline(always)]
fn mask(bit: u64) -> u64 {
    core::hint::black_box(0u64.wrapping_sub(bit))
}

impl<const L: usize, M: PseudoMersenne<L>> Pm<L, M> {
    const fn from_limbs(v: [u64; L]) -> Self {
        Pm {
            v,
            m: core::marker::PhantomData,
        }
    }

    /// r ↦ r − p if r ≥ p (r < 2^(64·L)), branch-free: r ≥ p ⇔ r + C overflows.
    #[inline(always)]
    fn reduce_once(r: [u64; L], extra: u64) -> [u64; L] {
        // `extra` (0 or 1) says the true value is r + 2^(64·L) (an overflow of the caller).
        let mut u = [0u64; L];
        let mut carry = M::C as u128;
        for i in 0..L {
            let t = r[i] as u128 + carry;
            u[i] = t as u64;
            carry = t >> 64;
        }
        let m = mask((carry as u64) | extra);
        let mut out = [0u64; L];
        for i in 0..L {
            out[i] = (u[i] & m) | (r[i] & !m);
        }
        out
    }

    #[inline(always)]
    fn mul_limbs(a: &[u64; L], b: &[u64; L]) -> [u64; L] {
        let mut t = [0u64; 16];
        for i in 0..L {
            let mut carry = 0u64;
            for j in 0..L {
                let uv = (a[i] as u128) * (b[j] as u128) + (t[i + j] as u128) + (carry as u128);
                t[i + j] = uv as u64;
                carry = (uv >> 64) as u64;
            }
            t[i + L] = carry;
        }
        Self::reduce_wide(&t)
    }

    /// a²: the L(L−1)/2 cross products once, doubled, plus the L squares (36 limb products
    /// instead of 64 for L = 8).
    #[inline(always)]
    fn square_limbs(a: &[u64; L]) -> [u64; L] {
        let mut t = [0u64; 16];
        for i in 0..L {
            let mut carry = 0u64;
            for j in i + 1..L {
                let uv = (a[i] as u128) * (a[j] as u128) + (t[i + j] as u128) + (carry as u128);
                t[i + j] = uv as u64;
                carry = (uv >> 64) as u64;
            }
            t[i + L] = carry;
        }
        let mut top = 0u64;
        for limb in t.iter_mut().take(2 * L) {
            let next = *limb >> 63;
            *limb = (*limb << 1) | top;
            top = next;
        }
        let mut carry = 0u128;
        for i in 0..L {
            let sq = (a[i] as u128) * (a[i] as u128);
            let lo = t[2 * i] as u128 + (sq as u64 as u128) + carry;
            t[2 * i] = lo as u64;
            let hi = t[2 * i + 1] as u128 + (sq >> 64) + (lo >> 64);
            t[2 * i + 1] = hi as u64;
            carry = hi >> 64;
        }
        Self::reduce_wide(&t)
    }

    /// The 2L-limb t mod p.
    #[inline(always)]
    fn reduce_wide(t: &[u64; 16]) -> [u64; L] {
        // hi·2^(64L) + lo ≡ hi·C + lo.
        let mut r = [0u64; L];
        let mut carry = 0u128;
        for i in 0..L {
            let uv = (t[L + i] as u128) * (M::C as u128) + (t[i] as u128) + carry;
            r[i] = uv as u64;
            carry = uv >> 64;
        }
        // carry ≤ C: fold again (carry·C < 2^64).
        let mut c2 = carry * (M::C as u128);
        for limb in r.iter_mut() {
            let uv = *limb as u128 + c2;
            *limb = uv as u64;
            c2 = uv >> 64;
        }
        // If that overflowed (c2 = 1), r < C² now: adding C cannot overflow again.
        r[0] = r[0].wrapping_add((c2 as u64) * M::C);
        Self::reduce_once(r, 0)
    }

    /// self^e for a public exponent (4-bit fixed window; the sequence depends only on e).
    fn pow_public(&self, e: &[u64; L]) -> Self {
        let mut table = [Self::ONE_; 16];
        for i in 1..16 {
            table[i] = Field::mul(&table[i - 1], self);
        }
        let mut acc = Self::ONE_;
        for i in (0..L * 16).rev() {
            for _ in 0..4 {
                acc = Field::square(&acc);
            }
            let nib = ((e[i / 16] >> ((i % 16) * 4)) & 0xF) as usize;
            acc = Field::mul(&acc, &table[nib]);
        }
        acc
    }

    const ONE_: Self = {
        let mut v = [0u64; L];
        v[0] = 1;
        Self::from_limbs(v)
    };
}

impl<const L: usize, M: PseudoMersenne<L>> Default for Pm<L, M> {
    fn default() -> Self {
        Self::from_limbs([0; L])
    }
}

impl<const L: usize, M: PseudoMersenne<L>> zeroize::DefaultIsZeroes for Pm<L, M> {}

impl<const L: usize, M: PseudoMersenne<L>> ConditionallySelectable for Pm<L, M> {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        let mut v = [0u64; L];
        for (i, o) in v.iter_mut().enumerate() {
            *o = u64::conditional_select(&a.v[i], &b.v[i], choice);
        }
        Self::from_limbs(v)
    }
}

impl<const L: usize, M: PseudoMersenne<L>> ConstantTimeEq for Pm<L, M> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.v[..].ct_eq(&other.v[..])
    }
}

fn limbs_from_le<const L: usize>(bytes: &[u8]) -> [u64; L] {
    let mut v = [0u64; L];
    for (o, c) in v.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        *o = u64::from_le_bytes(w);
    }
    v
}

impl<const L: usize, M: PseudoMersenne<L>> Field for Pm<L, M> {
    type Int = <M::Monty as Field>::Int;
    const LEN: usize = 8 * L;
    const ZERO: Self = Self::from_limbs([0; L]);
    const ONE: Self = Self::ONE_;

    fn modulus() -> Self::Int {
        // The same p as the Montgomery field's (checked by the tests).
        M::Monty::modulus()
    }

    #[inline]
    fn add(&self, rhs: &Self) -> Self {
        let mut s = [0u64; L];
        let mut carry = 0u128;
        for (i, o) in s.iter_mut().enumerate() {
            let t = self.v[i] as u128 + rhs.v[i] as u128 + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        // a + b < 2p: one conditional subtraction, counting the carry-out as 2^(64L).
        Self::from_limbs(Self::reduce_once(s, carry as u64))
    }

    #[inline]
    fn sub(&self, rhs: &Self) -> Self {
        let mut d = [0u64; L];
        let mut borrow = 0u64;
        for (i, o) in d.iter_mut().enumerate() {
            let (t1, b1) = self.v[i].overflowing_sub(rhs.v[i]);
            let (t2, b2) = t1.overflowing_sub(borrow);
            *o = t2;
            borrow = (b1 | b2) as u64;
        }
        // On borrow d = a − b + 2^(64L) (≥ C + 1): a − b + p = d − C.
        let mut c = mask(borrow) & M::C;
        for o in d.iter_mut() {
            let (t, b) = o.overflowing_sub(c);
            *o = t;
            c = b as u64;
        }
        Self::from_limbs(d)
    }

    #[inline]
    fn mul(&self, rhs: &Self) -> Self {
        Self::from_limbs(Self::mul_limbs(&self.v, &rhs.v))
    }

    #[inline]
    fn square(&self) -> Self {
        Self::from_limbs(Self::square_limbs(&self.v))
    }

    #[inline]
    fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }

    fn invert(&self) -> Self {
        // Fermat: a^(p−2) (0 ↦ 0); the exponent is public, so the sequence of operations is
        // fixed. (crypto-bigint's constant-time safegcd was slower here.)
        let mut e = [u64::MAX; L];
        e[0] = 0u64.wrapping_sub(M::C + 2);
        self.pow_public(&e)
    }

    fn invert_vartime(&self) -> Option<Self> {
        let v = M::Monty::from_int(&self.to_int()).invert_vartime()?;
        Some(Self::from_int(&v.to_int()))
    }

    fn from_int(v: &Self::Int) -> Self {
        Self::from_limbs(limbs_from_le(&M::Monty::int_to_le(v)))
    }

    fn to_int(&self) -> Self::Int {
        let bytes: Vec<u8> = self.v.iter().flat_map(|w| w.to_le_bytes()).collect();
        M::Monty::int_from_le(&bytes)
    }

    fn int_from_le(bytes: &[u8]) -> Self::Int {
        M::Monty::int_from_le(bytes)
    }

    fn int_to_le(v: &Self::Int) -> Vec<u8> {
        M::Monty::int_to_le(v)
    }

    fn int_words(v: &Self::Int) -> Vec<u64> {
        M::Monty::int_words(v)
    }

    fn int_reduce_once(v: &Self::Int) -> Self::Int {
        M::Monty::int_reduce_once(v)
    }

    fn int_add_modulus_lt(v: &Self::Int, bound: &Self::Int) -> (Self::Int, bool) {
        M::Monty::int_add_modulus_lt(v, bound)
    }
}

monty_field!(Fq256, Q256, U256, 32, "Scalars mod q of CryptoPro-A.");

// ---------------------------------------------------------------------------------------
// Variable-time arithmetic for verification (public data only).

/// GF(p) for **verification only** (variable time: every input is public): the operations
/// a verification spends its time in, on a lazily reduced representation.
///
/// [`Lz`] holds any L-limb value v < 2^(64·L) standing for v mod p (so 0 has two
/// representations, 0 and p, and every x < C has two): no conditional subtraction after a
/// product or a sum, only a fold of the carry-out (2^(64·L) ≡ C), which is a branch on
/// public data. Products: one Karatsuba level for L = 8 (three 4×4 schoolbook products, 48
/// limb products instead of 64), schoolbook for L = 4; squaring: the cross products once,
/// doubled. Comparisons ([`VtField::is_zero`], [`VtField::eq`]) reduce to the canonical
/// value first. Never used for secrets: signing stays on [`Pm`] (constant time, unchanged).
pub(crate) trait VtField: Copy + Clone + core::fmt::Debug {
    /// The canonical (constant-time) field of the same p.
    type Canon: Field;
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// The same element.
    fn from_canon(x: &Self::Canon) -> Self;
    /// The canonical value, in [0, p).
    fn to_canon(&self) -> Self::Canon;
    /// a + b.
    fn add(&self, rhs: &Self) -> Self;
    /// a − b.
    fn sub(&self, rhs: &Self) -> Self;
    /// a·b.
    fn mul(&self, rhs: &Self) -> Self;
    /// a².
    fn square(&self) -> Self;
    /// 2a.
    fn double(&self) -> Self {
        self.add(self)
    }
    /// −a.
    fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }
    /// a ≡ 0 (mod p).
    fn is_zero(&self) -> bool;
    /// a ≡ b (mod p).
    fn eq(&self, rhs: &Self) -> bool {
        self.sub(rhs).is_zero()
    }
    /// a⁻¹, `None` for 0 (variable time).
    fn invert(&self) -> Option<Self> {
        Some(Self::from_canon(&self.to_canon().invert_vartime()?))
    }
}

/// GF(2^(64·L) − C), lazily reduced, variable time: see [`VtField`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lz<const L: usize, M: PseudoMersenne<L>> {
    v: [u64; L],
    m: core::marker::PhantomData<M>,
}

/// Verification-only GF(p) of tc26-512-A.
pub(crate) type Vp512 = Lz<8, C569>;
/// Verification-only GF(p) of CryptoPro-A.
pub(crate) type Vp256 = Lz<4, C617>;

/// The 8-limb product of two 4-limb integers (schoolbook).
#[inline(always)]
fn mul_4x4(a: &[u64; 4], b: &[u64; 4]) -> [u64; 8] {
    let mut t = [0u64; 8];
    for i in 0..4 {
        let mut carry = 0u64;
        for j in 0..4 {
            let uv = (a[i] as u128) * (b[j] as u128) + (t[i + j] as u128) + (carry as u128);
            t[i + j] = uv as u64;
            carry = (uv >> 64) as u64;
        }
        t[i + 4] = carry;
    }
    t
}

/// (|a − b|, a < b) for 4-limb integers (variable time).
#[inline(always)]
fn abs_diff_4(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], bool) {
    let mut d = [0u64; 4];
    let mut borrow = false;
    for i in 0..4 {
        let (x, b1) = a[i].overflowing_sub(b[i]);
        let (y, b2) = x.overflowing_sub(borrow as u64);
        d[i] = y;
        borrow = b1 | b2;
    }
    if borrow {
        // Two's complement negation.
        let mut c = true;
        for limb in d.iter_mut() {
            let (x, o) = (!*limb).overflowing_add(c as u64);
            *limb = x;
            c = o;
        }
    }
    (d, borrow)
}

/// The 8-limb square of a 4-limb integer: the 6 cross products once, doubled, plus the
/// 4 squares.
#[inline(always)]
fn square_4(a: &[u64; 4]) -> [u64; 8] {
    let mut t = [0u64; 8];
    for i in 0..4 {
        let mut carry = 0u64;
        for j in i + 1..4 {
            let uv = (a[i] as u128) * (a[j] as u128) + (t[i + j] as u128) + (carry as u128);
            t[i + j] = uv as u64;
            carry = (uv >> 64) as u64;
        }
        t[i + 4] = carry;
    }
    let mut top = 0u64;
    for limb in t.iter_mut() {
        let next = *limb >> 63;
        *limb = (*limb << 1) | top;
        top = next;
    }
    let mut carry = 0u128;
    for i in 0..4 {
        let sq = (a[i] as u128) * (a[i] as u128);
        let lo = t[2 * i] as u128 + (sq as u64 as u128) + carry;
        t[2 * i] = lo as u64;
        let hi = t[2 * i + 1] as u128 + (sq >> 64) + (lo >> 64);
        t[2 * i + 1] = hi as u64;
        carry = hi >> 64;
    }
    t
}

/// The 16-limb square of an 8-limb integer from 4-limb blocks:
/// a² = a0² + 2·a0·a1·2^256 + a1²·2^512 (36 limb products, as the 8-limb dedicated
/// squaring, but in register-sized blocks: measured faster).
#[inline(always)]
fn square_8_split(a: &[u64]) -> [u64; 16] {
    let (a0, a1) = halves(a);
    let z0 = square_4(&a0);
    let z2 = square_4(&a1);
    let m = mul_4x4(&a0, &a1);
    let mut m2 = [0u64; 9];
    let mut top = 0u64;
    for i in 0..8 {
        m2[i] = (m[i] << 1) | top;
        top = m[i] >> 63;
    }
    m2[8] = top;
    let mut t = [0u64; 16];
    t[..8].copy_from_slice(&z0);
    t[8..].copy_from_slice(&z2);
    add_middle(&mut t, &m2);
    t
}

/// t += mid·2^256 (t the 16-limb product being assembled, which stays < 2^1024).
#[inline(always)]
fn add_middle(t: &mut [u64; 16], mid: &[u64; 9]) {
    let mut c = 0u128;
    for i in 0..9 {
        let s = t[4 + i] as u128 + mid[i] as u128 + c;
        t[4 + i] = s as u64;
        c = s >> 64;
    }
    let mut i = 13;
    while c != 0 && i < 16 {
        let s = t[i] as u128 + c;
        t[i] = s as u64;
        c = s >> 64;
        i += 1;
    }
}

fn halves(a: &[u64]) -> ([u64; 4], [u64; 4]) {
    let mut lo = [0u64; 4];
    let mut hi = [0u64; 4];
    lo.copy_from_slice(&a[..4]);
    hi.copy_from_slice(&a[4..8]);
    (lo, hi)
}

/// The 16-limb product of two 8-limb integers, one Karatsuba level (subtractive form):
/// a·b = z0 + (z0 + z2 − (a0 − a1)(b0 − b1))·2^256 + z2·2^512 with z0 = a0·b0, z2 = a1·b1.
#[inline(always)]
fn mul_8x8_karatsuba(a: &[u64], b: &[u64]) -> [u64; 16] {
    let (a0, a1) = halves(a);
    let (b0, b1) = halves(b);
    let z0 = mul_4x4(&a0, &b0);
    let z2 = mul_4x4(&a1, &b1);
    let (da, na) = abs_diff_4(&a0, &a1);
    let (db, nb) = abs_diff_4(&b0, &b1);
    let zm = mul_4x4(&da, &db);
    // mid = z0 + z2 ∓ zm, in [0, 2^513): (a0 − a1)(b0 − b1) = ±zm, + when the signs agree.
    let mut mid = [0u64; 9];
    let mut c = 0u128;
    for i in 0..8 {
        let s = z0[i] as u128 + z2[i] as u128 + c;
        mid[i] = s as u64;
        c = s >> 64;
    }
    mid[8] = c as u64;
    if na != nb {
        let mut c = 0u128;
        for i in 0..8 {
            let s = mid[i] as u128 + zm[i] as u128 + c;
            mid[i] = s as u64;
            c = s >> 64;
        }
        mid[8] += c as u64;
    } else {
        let mut borrow = false;
        for i in 0..8 {
            let (x, b1) = mid[i].overflowing_sub(zm[i]);
            let (y, b2) = x.overflowing_sub(borrow as u64);
            mid[i] = y;
            borrow = b1 | b2;
        }
        mid[8] -= borrow as u64;
    }
    let mut t = [0u64; 16];
    t[..8].copy_from_slice(&z0);
    t[8..].copy_from_slice(&z2);
    add_middle(&mut t, &mid);
    t
}

impl<const L: usize, M: PseudoMersenne<L>> Lz<L, M> {
    const fn from_limbs(v: [u64; L]) -> Self {
        Lz {
            v,
            m: core::marker::PhantomData,
        }
    }

    /// v + C for a carry-out of 2^(64·L) (≡ C), repeated while that overflows (at most
    /// twice).
    #[inline(always)]
    fn fold_carry(mut v: [u64; L], mut carry: bool) -> [u64; L] {
        while carry {
            let mut c = M::C;
            for limb in v.iter_mut() {
                let (x, o) = limb.overflowing_add(c);
                *limb = x;
                c = o as u64;
                if c == 0 {
                    break;
                }
            }
            carry = c != 0;
        }
        v
    }

    /// The 2L-limb t mod p, lazily: < 2^(64·L).
    #[inline(always)]
    fn reduce_wide(t: &[u64; 16]) -> [u64; L] {
        let mut r = [0u64; L];
        let mut carry = 0u128;
        for i in 0..L {
            let uv = (t[L + i] as u128) * (M::C as u128) + (t[i] as u128) + carry;
            r[i] = uv as u64;
            carry = uv >> 64;
        }
        // carry ≤ C: carry·2^(64L) ≡ carry·C < 2^20.
        let mut c = (carry as u64) * M::C;
        for limb in r.iter_mut() {
            let (x, o) = limb.overflowing_add(c);
            *limb = x;
            c = o as u64;
            if c == 0 {
                break;
            }
        }
        // An overflow leaves r < 2^20: adding C cannot overflow again.
        if c != 0 {
            r[0] += M::C;
        }
        r
    }

    #[inline(always)]
    fn mul_wide(a: &[u64; L], b: &[u64; L]) -> [u64; 16] {
        if L == 8 {
            return mul_8x8_karatsuba(a, b);
        }
        let mut t = [0u64; 16];
        for i in 0..L {
            let mut carry = 0u64;
            for j in 0..L {
                let uv = (a[i] as u128) * (b[j] as u128) + (t[i + j] as u128) + (carry as u128);
                t[i + j] = uv as u64;
                carry = (uv >> 64) as u64;
            }
            t[i + L] = carry;
        }
        t
    }

    #[inline(always)]
    fn square_wide(a: &[u64; L]) -> [u64; 16] {
        if L == 8 {
            return square_8_split(a);
        }
        let mut t = [0u64; 16];
        for i in 0..L {
            let mut carry = 0u64;
            for j in i + 1..L {
                let uv = (a[i] as u128) * (a[j] as u128) + (t[i + j] as u128) + (carry as u128);
                t[i + j] = uv as u64;
                carry = (uv >> 64) as u64;
            }
            t[i + L] = carry;
        }
        let mut top = 0u64;
        for limb in t.iter_mut().take(2 * L) {
            let next = *limb >> 63;
            *limb = (*limb << 1) | top;
            top = next;
        }
        let mut carry = 0u128;
        for i in 0..L {
            let sq = (a[i] as u128) * (a[i] as u128);
            let lo = t[2 * i] as u128 + (sq as u64 as u128) + carry;
            t[2 * i] = lo as u64;
            let hi = t[2 * i + 1] as u128 + (sq >> 64) + (lo >> 64);
            t[2 * i + 1] = hi as u64;
            carry = hi >> 64;
        }
        t
    }

    /// The canonical limbs: v − p if v ≥ p (⇔ v + C overflows).
    fn canonical(&self) -> [u64; L] {
        let mut u = [0u64; L];
        let mut carry = M::C as u128;
        for (o, &w) in u.iter_mut().zip(self.v.iter()) {
            let t = w as u128 + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        if carry != 0 {
            u
        } else {
            self.v
        }
    }
}

impl<const L: usize, M: PseudoMersenne<L>> VtField for Lz<L, M> {
    type Canon = Pm<L, M>;
    const ZERO: Self = Self::from_limbs([0; L]);
    const ONE: Self = {
        let mut v = [0u64; L];
        v[0] = 1;
        Self::from_limbs(v)
    };

    #[inline]
    fn from_canon(x: &Pm<L, M>) -> Self {
        Self::from_limbs(x.v)
    }

    fn to_canon(&self) -> Pm<L, M> {
        Pm::from_limbs(self.canonical())
    }

    #[inline]
    fn add(&self, rhs: &Self) -> Self {
        let mut s = [0u64; L];
        let mut carry = false;
        for (i, o) in s.iter_mut().enumerate() {
            let (x, c1) = self.v[i].overflowing_add(rhs.v[i]);
            let (y, c2) = x.overflowing_add(carry as u64);
            *o = y;
            carry = c1 | c2;
        }
        Self::from_limbs(Self::fold_carry(s, carry))
    }

    #[inline]
    fn sub(&self, rhs: &Self) -> Self {
        let mut d = [0u64; L];
        let mut borrow = false;
        for (i, o) in d.iter_mut().enumerate() {
            let (x, b1) = self.v[i].overflowing_sub(rhs.v[i]);
            let (y, b2) = x.overflowing_sub(borrow as u64);
            *o = y;
            borrow = b1 | b2;
        }
        // A borrow means d = a − b + 2^(64L); a − b + p = d − C, again while that borrows
        // (at most twice: the second time d is ≥ 2^(64L) − C).
        while borrow {
            let mut c = M::C;
            for limb in d.iter_mut() {
                let (x, b) = limb.overflowing_sub(c);
                *limb = x;
                c = b as u64;
                if c == 0 {
                    break;
                }
            }
            borrow = c != 0;
        }
        Self::from_limbs(d)
    }

    #[inline]
    fn mul(&self, rhs: &Self) -> Self {
        Self::from_limbs(Self::reduce_wide(&Self::mul_wide(&self.v, &rhs.v)))
    }

    #[inline]
    fn square(&self) -> Self {
        Self::from_limbs(Self::reduce_wide(&Self::square_wide(&self.v)))
    }

    fn is_zero(&self) -> bool {
        self.canonical().iter().all(|&w| w == 0)
    }

    fn eq(&self, rhs: &Self) -> bool {
        self.canonical() == rhs.canonical()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    fn big<F: Field>(x: &F) -> BigUint {
        BigUint::from_bytes_le(&x.to_le())
    }

    fn check<F: Field>(seed: u64) {
        let m = BigUint::from_bytes_le(&F::int_to_le(&F::modulus()));
        // Deterministic pseudo-random inputs (splitmix64) plus edge values.
        let mut s = seed;
        let mut next = || {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let m_minus_1 = {
            let mut b = (&m - 1u32).to_bytes_le();
            b.resize(F::LEN, 0);
            b
        };
        let fixed = |v: BigUint| {
            let mut b = v.to_bytes_le();
            b.resize(F::LEN, 0);
            b
        };
        let top = BigUint::from(1u32) << (8 * F::LEN - 1);
        let mut values: Vec<Vec<u8>> = vec![
            vec![0; F::LEN],
            m_minus_1,
            fixed(BigUint::from(1u32)),
            fixed(&m - 2u32),
            fixed(top.clone()),
            fixed(&top - 1u32),
            fixed(&m - &top),
            fixed(BigUint::from(u64::MAX)),
        ];
        for _ in 0..40 {
            let mut b: Vec<u8> = (0..F::LEN / 8).flat_map(|_| next().to_le_bytes()).collect();
            let v = BigUint::from_bytes_le(&b) % &m;
            b = v.to_bytes_le();
            b.resize(F::LEN, 0);
            values.push(b);
        }
        for a in &values {
            let fa = F::from_le_canonical(a).unwrap();
            let ba = BigUint::from_bytes_le(a);
            assert_eq!(big(&fa), ba);
            assert_eq!(big(&fa.neg()), (&m - &ba) % &m);
            assert_eq!(big(&fa.square()), (&ba * &ba) % &m);
            assert_eq!(big(&fa.double()), (&ba * 2u32) % &m);
            if ba != BigUint::default() {
                assert_eq!(big(&fa.invert().mul(&fa)), BigUint::from(1u32));
                assert_eq!(big(&fa.invert_vartime().unwrap()), big(&fa.invert()));
            } else {
                assert_eq!(big(&fa.invert()), BigUint::default());
                assert!(fa.invert_vartime().is_none());
            }
            for b in values.iter().take(8) {
                let fb = F::from_le_canonical(b).unwrap();
                let bb = BigUint::from_bytes_le(b);
                assert_eq!(big(&fa.add(&fb)), (&ba + &bb) % &m);
                assert_eq!(big(&fa.sub(&fb)), (&ba + &m - &bb) % &m);
                assert_eq!(big(&fa.mul(&fb)), (&ba * &bb) % &m);
            }
        }
        // Non-canonical: m, all-FF, wrong length.
        let mut mb = m.to_bytes_le();
        mb.resize(F::LEN, 0);
        assert!(F::from_le_canonical(&mb).is_none());
        assert!(F::from_le_canonical(&vec![0xFF; F::LEN]).is_none());
        assert!(F::from_le_canonical(&vec![0; F::LEN - 1]).is_none());
        // reduce_once: m ↦ 0, m−1 ↦ m−1, all-FF ↦ all-FF − m.
        assert_eq!(
            F::int_to_le(&F::int_reduce_once(&F::modulus())),
            vec![0; F::LEN]
        );
        let ff = BigUint::from_bytes_le(&vec![0xFF; F::LEN]);
        let r = F::int_reduce_once(&F::int_from_le(&vec![0xFF; F::LEN]));
        assert_eq!(BigUint::from_bytes_le(&F::int_to_le(&r)), &ff - &m);
    }

    /// The verification-only lazily reduced fields against num-bigint, on canonical and
    /// non-canonical representations (every value in [p, 2^n) stands for value − p).
    fn check_lazy<V: VtField>(seed: u64) {
        let n = V::Canon::LEN;
        let m = BigUint::from_bytes_le(&V::Canon::int_to_le(&V::Canon::modulus()));
        let two_n = BigUint::from(1u32) << (8 * n);
        let c = &two_n - &m;
        let mut s = seed;
        let mut next = || {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        // Raw limb values: 0, p (= 0), p + 1, 2^n − 1 (= C − 1), C, C − 1, 1, p − 1,
        // 2^(n−1), values just below 2^n, random.
        let mut raw: Vec<BigUint> = vec![
            BigUint::default(),
            m.clone(),
            &m + 1u32,
            &two_n - 1u32,
            c.clone(),
            &c - 1u32,
            BigUint::from(1u32),
            &m - 1u32,
            BigUint::from(1u32) << (8 * n - 1),
            &two_n - 2u32 * &c,
            &two_n - (BigUint::from(1u32) << 64),
        ];
        for _ in 0..30 {
            let b: Vec<u8> = (0..n / 8).flat_map(|_| next().to_le_bytes()).collect();
            raw.push(BigUint::from_bytes_le(&b));
        }
        let lz = |v: &BigUint| {
            let mut b = v.to_bytes_le();
            b.resize(n, 0);
            let limbs: [u64; 8] = {
                let mut l = [0u64; 8];
                for (o, ch) in l.iter_mut().zip(b.chunks_exact(8)) {
                    *o = u64::from_le_bytes(ch.try_into().unwrap());
                }
                l
            };
            (limbs, v % &m)
        };
        let val = |x: &V| BigUint::from_bytes_le(&x.to_canon().to_le());
        let mk = |limbs: &[u64; 8]| -> V {
            // Build through the canonical type for values < p, else p + (v − p) via add.
            let mut b: Vec<u8> = limbs.iter().flat_map(|w| w.to_le_bytes()).collect();
            b.truncate(n);
            let v = BigUint::from_bytes_le(&b);
            if v < m {
                V::from_canon(&V::Canon::from_le_canonical(&b).unwrap())
            } else {
                // v − p < C: non-canonical v as (v − p) + p, where p is represented by the
                // limbs of p itself: ZERO − 1 is p − 1, + 1 is p in raw limbs… check raw.
                let small = le(&(&v - &m), n);
                let p_minus_1 = V::ZERO.sub(&V::ONE);
                let p_raw = p_minus_1.add(&V::ONE);
                p_raw.add(&V::from_canon(
                    &V::Canon::from_le_canonical(&small).unwrap(),
                ))
            }
        };
        for a in &raw {
            let (la, va) = lz(a);
            let fa = mk(&la);
            assert_eq!(val(&fa), va);
            assert_eq!(fa.is_zero(), va == BigUint::default());
            assert_eq!(val(&fa.neg()), (&m - &va) % &m);
            assert_eq!(val(&fa.double()), (&va * 2u32) % &m);
            assert_eq!(val(&fa.square()), (&va * &va) % &m);
            match fa.invert() {
                Some(i) => assert_eq!(val(&i.mul(&fa)), BigUint::from(1u32)),
                None => assert_eq!(va, BigUint::default()),
            }
            for b in &raw {
                let (lb, vb) = lz(b);
                let fb = mk(&lb);
                assert_eq!(val(&fa.add(&fb)), (&va + &vb) % &m);
                assert_eq!(val(&fa.sub(&fb)), (&va + &m - &vb) % &m);
                assert_eq!(val(&fa.mul(&fb)), (&va * &vb) % &m);
                assert_eq!(fa.eq(&fb), va == vb);
            }
        }
    }

    fn le(v: &BigUint, n: usize) -> Vec<u8> {
        let mut b = v.to_bytes_le();
        b.resize(n, 0);
        b
    }

    #[test]
    fn lazy_fields_agree_with_num_bigint() {
        check_lazy::<Vp512>(7);
        check_lazy::<Vp256>(8);
        // p's own limbs are a representation of 0 (the sum (p − 1) + 1 is not reduced).
        let p_raw = Vp512::ZERO.sub(&Vp512::ONE).add(&Vp512::ONE);
        assert!(p_raw.v != [0; 8] && p_raw.is_zero());
    }

    #[test]
    fn fields_agree_with_num_bigint() {
        check::<Fp512>(1);
        check::<Fq512>(2);
        check::<Fp256>(3);
        check::<Fq256>(4);
        check::<MontyFp512>(5);
        check::<MontyFp256>(6);
        // The special-form fields' p is 2^n − C (their Int and modulus are the Montgomery
        // field's).
        let p512 = BigUint::from_bytes_le(&Fp512::int_to_le(&Fp512::modulus()));
        assert_eq!(p512 + 569u32, BigUint::from(1u32) << 512);
        let p256 = BigUint::from_bytes_le(&Fp256::int_to_le(&Fp256::modulus()));
        assert_eq!(p256 + 617u32, BigUint::from(1u32) << 256);
    }
}
