//! Fixed-width field and scalar arithmetic for the two GOST curves: elements of GF(p) and of
//! Z/qZ in Montgomery form on `crypto-bigint`'s [`ConstMontyForm`] (4 or 8 64-bit limbs,
//! moduli fixed at compile time).
//!
//! Every operation of [`Field`] except the ones named `*_vartime` runs in time independent of
//! the values (crypto-bigint's Montgomery multiplication, addition, subtraction and
//! safegcd inversion are constant time; the encodings below use only
//! [`subtle`] selections). The `*_vartime` operations are for public data (verification).
//!
//! Special reduction for p = 2^512 − 569: measured against Montgomery in issue 17 (see
//! `BENCHMARKS.md`); the Montgomery form is what is used.

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
                v.as_words().to_vec()
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

monty_field!(
    Fp512,
    P512,
    U512,
    64,
    "GF(p), p = 2^512 − 569 (tc26-512-A)."
);
monty_field!(
    Fq512,
    Q512,
    U512,
    64,
    "Scalars mod q of tc26-512-A."
);
monty_field!(
    Fp256,
    P256,
    U256,
    32,
    "GF(p), p = 2^256 − 617 (CryptoPro-A)."
);
monty_field!(Fq256, Q256, U256, 32, "Scalars mod q of CryptoPro-A.");

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
        let mut values: Vec<Vec<u8>> = vec![vec![0; F::LEN], m_minus_1, {
            let mut b = vec![0; F::LEN];
            b[0] = 1;
            b
        }];
        for _ in 0..40 {
            let mut b: Vec<u8> = (0..F::LEN / 8)
                .flat_map(|_| next().to_le_bytes())
                .collect();
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
        assert_eq!(F::int_to_le(&F::int_reduce_once(&F::modulus())), vec![0; F::LEN]);
        let ff = BigUint::from_bytes_le(&vec![0xFF; F::LEN]);
        let r = F::int_reduce_once(&F::int_from_le(&vec![0xFF; F::LEN]));
        assert_eq!(BigUint::from_bytes_le(&F::int_to_le(&r)), &ff - &m);
    }

    #[test]
    fn fields_agree_with_num_bigint() {
        check::<Fp512>(1);
        check::<Fq512>(2);
        check::<Fp256>(3);
        check::<Fq256>(4);
    }
}
