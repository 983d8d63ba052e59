//! Kazakh GOST signatures: GOST 34.10-2015 (512 bits) and GOST 34.310-2004, verified (and
//! made) with open code.
//!
//! | | GOST 2015-512 | GOST 34.310-2004 |
//! |---|---|---|
//! | signature algorithm | 1.2.398.3.10.1.1.2.3.2 | 1.2.398.3.10.1.1.1.2 |
//! | key algorithm, params | 1.2.398.3.10.1.1.2.2, SEQ{1.2.398.3.10.1.1.2.2.1, 1.2.398.3.10.1.3.3} | 1.2.398.3.10.1.1.1.1, SEQ{1.2.398.3.10.1.1.1.1.1, 1.2.398.3.10.1.3.1.1.0} |
//! | curve | id-tc26-gost-3410-12-512-paramSetA ([RFC 7836]) | id-GostR3410-2001-CryptoPro-A-ParamSet ([RFC 4357]) |
//! | public key | OCTET STRING: x (64, LE) ‖ y (64, LE) | OCTET STRING: x (32, LE) ‖ y (32, LE) |
//! | signature | r (64, LE) ‖ s (64, LE) | r (32, LE) ‖ s (32, LE) |
//! | digest (CMS OID) | Streebog-512 (1.2.398.3.10.1.3.3) | GOST R 34.11-94, test S-box (1.2.398.3.10.1.3.1) |
//!
//! e = the digest read as a little-endian integer mod q (0 → 1). Verification is standard
//! GOST R 34.10: 0 < r, s < q; v = e⁻¹; z1 = s·v; z2 = −r·v; C = z1·G + z2·Q; valid iff
//! C.x mod q = r. Public keys are checked (exact length, coordinates < p, on the curve; both
//! curves have cofactor 1, so that is also subgroup membership) before use.
//!
//! # Arithmetic and timing
//!
//! Fixed-width limbs (`field.rs`, `curve.rs`): GF(p) with the special reduction for
//! p = 2^512 − 569 / 2^256 − 617, scalars mod q in Montgomery form (crypto-bigint
//! `ConstMontyForm`). Signing is **constant time** in the key d and the nonce k: the nonce is
//! rejection-sampled in [1, q−1] from the OS CSPRNG (ring's `SystemRandom`); k·G (and d·G) is
//! a fixed 4-bit window over all bits with a table read entirely at each step
//! (`subtle::ConditionallySelectable`) and the complete Renes–Costello–Batina formulas for
//! a = −3; Z⁻¹ is a Fermat power with the public exponent p − 2; GOST's s = r·d + k·e needs no
//! inverse of a secret. Verification (public data) uses variable-time Jacobian formulas with
//! checked exceptional cases and an interleaved wNAF double-scalar multiplication, on its own
//! variable-time, lazily reduced GF(p) (`field::VtField`), which signing never uses. How this
//! is tested (a dudect-style timing test in CI, differential tests and fuzzing against the
//! old num-bigint code kept in `oracle` with the `gost-oracle` feature): `SECURITY.md`.
//!
//! The relative cost of a verification, for work budgets: [`verification_cost_units`].
//!
//! # Private key format
//!
//! PKCS#8 for these OIDs is not standardised; this crate reads and writes a PKCS#8
//! `PrivateKeyInfo` (PEM label `PRIVATE KEY`) modelled on [RFC 9215]'s for Russian GOST keys:
//!
//! ```text
//! PrivateKeyInfo ::= SEQUENCE {
//!   version             INTEGER 0,
//!   privateKeyAlgorithm SEQUENCE {           -- the same AlgorithmIdentifier as the SPKI's
//!     algorithm  1.2.398.3.10.1.1.2.2 | 1.2.398.3.10.1.1.1.1,
//!     parameters SEQUENCE { curve OID, digest OID } },
//!   privateKey          OCTET STRING {       -- wraps:
//!     OCTET STRING d }                       -- d little-endian, 64 | 32 bytes, 0 < d < q
//! }
//! ```
//!
//! [RFC 4357]: https://www.rfc-editor.org/rfc/rfc4357
//! [RFC 7836]: https://www.rfc-editor.org/rfc/rfc7836
//! [RFC 9215]: https://www.rfc-editor.org/rfc/rfc9215

mod curve;
#[cfg(test)]
mod differential;
mod field;
#[cfg(any(test, feature = "gost-oracle"))]
#[doc(hidden)]
pub mod oracle;

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::oid::{self, ObjectIdentifier};
use crate::Error;

use self::curve::{Affine, CurveDef};
use self::field::Field;

/// Runs `$body` with `$c` the [`CurveDef`] of `$curve`.
macro_rules! with_curve {
    ($curve:expr, $c:ident => $body:expr) => {
        match $curve {
            GostCurve::Gost2015_512 => {
                type $c = curve::Tc26512A;
                $body
            }
            GostCurve::Gost2004 => {
                type $c = curve::CryptoProA;
                $body
            }
        }
    };
}

/// One of the two supported GOST curves (each bound to its digest).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GostCurve {
    /// GOST 34.10-2015, 512 bits: id-tc26-gost-3410-12-512-paramSetA, Streebog-512.
    Gost2015_512,
    /// GOST 34.310-2004: id-GostR3410-2001-CryptoPro-A-ParamSet, GOST R 34.11-94 (test
    /// S-box).
    Gost2004,
}

impl GostCurve {
    /// Both curves.
    pub const ALL: [GostCurve; 2] = [GostCurve::Gost2015_512, GostCurve::Gost2004];

    /// A readable name.
    pub fn name(self) -> &'static str {
        match self {
            GostCurve::Gost2015_512 => "GOST 34.10-2015 (512) with Streebog-512",
            GostCurve::Gost2004 => "GOST 34.310-2004 with GOST 34.311-95",
        }
    }

    /// Field element (and scalar) length in bytes: 64 or 32.
    pub fn field_len(self) -> usize {
        match self {
            GostCurve::Gost2015_512 => 64,
            GostCurve::Gost2004 => 32,
        }
    }

    /// The signature algorithm OID.
    pub fn signature_oid(self) -> ObjectIdentifier {
        match self {
            GostCurve::Gost2015_512 => oid::GOST2015_512_SIGNATURE,
            GostCurve::Gost2004 => oid::GOST2004_SIGNATURE,
        }
    }

    /// The key algorithm OID of the SubjectPublicKeyInfo.
    pub fn key_oid(self) -> ObjectIdentifier {
        match self {
            GostCurve::Gost2015_512 => oid::GOST2015_512_KEY,
            GostCurve::Gost2004 => oid::GOST2004_KEY,
        }
    }

    /// The curve parameter-set OID (first OID of the key parameters).
    pub fn paramset_oid(self) -> ObjectIdentifier {
        match self {
            GostCurve::Gost2015_512 => oid::GOST2015_512_PARAMSET_A,
            GostCurve::Gost2004 => oid::GOST2004_PARAMSET_A,
        }
    }

    /// The digest OID in the key parameters (second OID).
    pub fn key_digest_param_oid(self) -> ObjectIdentifier {
        match self {
            GostCurve::Gost2015_512 => oid::STREEBOG512,
            GostCurve::Gost2004 => oid::GOST34311_PARAMS,
        }
    }

    /// The digest OID used as CMS digestAlgorithm.
    pub fn digest_oid(self) -> ObjectIdentifier {
        match self {
            GostCurve::Gost2015_512 => oid::STREEBOG512,
            GostCurve::Gost2004 => oid::GOST34311,
        }
    }

    /// The curve's digest of `data` (Streebog-512, or GOST R 34.11-94 with the test
    /// S-box), in the byte order of the RustCrypto implementations.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        use streebog::Digest as _;
        match self {
            GostCurve::Gost2015_512 => streebog::Streebog512::digest(data).to_vec(),
            GostCurve::Gost2004 => gost94::Gost94Test::digest(data).to_vec(),
        }
    }

    /// The key AlgorithmIdentifier DER: `SEQUENCE { key OID, SEQUENCE { paramset, digest } }`.
    pub fn key_algorithm_identifier_der(self) -> Result<Vec<u8>, Error> {
        let params = tlv_parts(
            0x30,
            &[
                &oid_der(&self.paramset_oid()),
                &oid_der(&self.key_digest_param_oid()),
            ],
        );
        Ok(tlv_parts(0x30, &[&oid_der(&self.key_oid()), &params]))
    }

    /// The curve named by a key AlgorithmIdentifier's OID and parameters (the parameters'
    /// full DER TLV). Exactly the combinations of the table in the module documentation are
    /// accepted; anything else is [`Error::UnsupportedAlgorithm`] or [`Error::Malformed`].
    pub fn from_key_algorithm(
        algorithm: ObjectIdentifier,
        parameters: Option<&[u8]>,
    ) -> Result<GostCurve, Error> {
        const WHAT: &str = "GOST key parameters";
        let curve = match algorithm {
            oid::GOST2015_512_KEY => GostCurve::Gost2015_512,
            oid::GOST2004_KEY => GostCurve::Gost2004,
            other => {
                return Err(Error::UnsupportedAlgorithm {
                    algorithm: other.to_string(),
                })
            }
        };
        let params = parameters.ok_or_else(|| Error::malformed(WHAT, "missing"))?;
        let any = parse_single(params, WHAT)?;
        if params.first() != Some(&0x30) {
            return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
        }
        let mut r = DerReader::new(any.value(), WHAT)?;
        let set = oid_of(r.expect(0x06, "paramset")?, WHAT)?;
        let dig = oid_of(r.expect(0x06, "digest paramset")?, WHAT)?;
        r.finish("GOST key parameters")?;
        if set != curve.paramset_oid() || dig != curve.key_digest_param_oid() {
            return Err(Error::UnsupportedAlgorithm {
                algorithm: format!("{algorithm} with parameters {set}, {dig}"),
            });
        }
        Ok(curve)
    }
}

impl core::fmt::Display for GostCurve {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// A checked GOST public key: a point of the curve, not ∞.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GostPublicKey {
    curve: GostCurve,
    /// `x (LE) ‖ y (LE)`, checked: coordinates < p, on the curve (so the encoding is
    /// canonical and equality of keys is equality of bytes).
    raw: Vec<u8>,
}

fn point_from_raw<C: CurveDef>(raw: &[u8]) -> Option<Affine<C::F>> {
    Affine::from_raw(raw, &C::params().b)
}

/// A scalar in [1, q−1] from exactly `LEN` little-endian bytes. Whether the value is in
/// range is the only thing the result's `Some`/`None` reveals.
fn scalar_in_range<C: CurveDef>(bytes: &[u8]) -> Option<C::S> {
    let v = C::S::from_le_canonical(bytes)?;
    if bool::from(v.is_zero()) {
        None
    } else {
        Some(v)
    }
}

fn verify_raw<C: CurveDef>(key: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    let n = C::F::LEN;
    if signature.len() != 2 * n {
        return false;
    }
    let Some(q) = point_from_raw::<C>(key) else {
        return false;
    };
    let (rb, sb) = signature.split_at(n);
    curve::verify::<C>(&q, digest, rb, sb)
}

/// `r ‖ s` for the private scalar `d`, digest and nonce `k` (both `LEN` bytes, LE);
/// `None` when d or k is not in [1, q−1] or r or s comes out 0.
fn sign_raw<C: CurveDef>(d: &[u8], digest: &[u8], k: &[u8]) -> Option<Vec<u8>> {
    let mut d = scalar_in_range::<C>(d)?;
    let mut k = scalar_in_range::<C>(k)?;
    let e: C::S = curve::digest_scalar(digest);
    let rs = curve::sign::<C>(&d, &k, &e);
    d.zeroize();
    k.zeroize();
    let (r, s) = rs?;
    let mut out = r.to_le();
    out.extend(s.to_le());
    Some(out)
}

fn public_raw<C: CurveDef>(d: &[u8]) -> Option<Vec<u8>> {
    let mut d = scalar_in_range::<C>(d)?;
    let p = curve::public_point::<C>(&d);
    d.zeroize();
    Some(p.to_raw())
}

impl GostPublicKey {
    /// From the raw `x (LE) ‖ y (LE)` bytes (2·[`GostCurve::field_len`]): exact length,
    /// coordinates < p, on the curve. Otherwise [`Error::Malformed`].
    pub fn from_raw(curve: GostCurve, raw: &[u8]) -> Result<GostPublicKey, Error> {
        const WHAT: &str = "GOST public key";
        let n = curve.field_len();
        if raw.len() != 2 * n {
            return Err(Error::malformed(
                WHAT,
                format!("{} bytes, expected {}", raw.len(), 2 * n),
            ));
        }
        let ok = with_curve!(curve, C => point_from_raw::<C>(raw).is_some());
        if !ok {
            return Err(Error::malformed(WHAT, "point is not on the curve"));
        }
        Ok(GostPublicKey {
            curve,
            raw: raw.to_vec(),
        })
    }

    /// From the content of the SubjectPublicKeyInfo BIT STRING (after the unused-bits
    /// byte): a DER OCTET STRING holding `x ‖ y`.
    pub fn from_spki_bits(curve: GostCurve, bits: &[u8]) -> Result<GostPublicKey, Error> {
        const WHAT: &str = "GOST public key";
        let any = parse_single(bits, WHAT)?;
        if bits.first() != Some(&0x04) {
            return Err(Error::malformed(WHAT, "expected an OCTET STRING"));
        }
        GostPublicKey::from_raw(curve, any.value())
    }

    /// The curve.
    pub fn curve(&self) -> GostCurve {
        self.curve
    }

    /// `x (LE) ‖ y (LE)`.
    pub fn to_raw(&self) -> Vec<u8> {
        self.raw.clone()
    }

    /// The SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> Result<Vec<u8>, Error> {
        let alg = self.curve.key_algorithm_identifier_der()?;
        let octets = tlv(0x04, &self.raw);
        let bits = tlv_parts(0x03, &[&[0], &octets]);
        Ok(tlv_parts(0x30, &[&alg, &bits]))
    }

    /// Verify `signature` (`r ‖ s`, little-endian) over `message` (hashed with the curve's
    /// digest). [`Error::BadSignature`] on any mismatch, including a signature of the wrong
    /// length or with r, s outside (0, q).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.verify_digest(&self.curve.digest(message), signature)
    }

    /// Verify `signature` over an already computed digest (variable time: all inputs are
    /// public).
    pub fn verify_digest(&self, digest: &[u8], signature: &[u8]) -> Result<(), Error> {
        let ok = with_curve!(self.curve, C => verify_raw::<C>(&self.raw, digest, signature));
        if ok {
            Ok(())
        } else {
            Err(Error::BadSignature)
        }
    }
}

/// A GOST private key (scalar d, 0 < d < q) with its public key. The scalar is zeroized on
/// drop.
#[derive(Clone)]
pub struct GostPrivateKey {
    /// d, little-endian, [`GostCurve::field_len`] bytes.
    d: Zeroizing<Vec<u8>>,
    public: GostPublicKey,
}

impl core::fmt::Debug for GostPrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GostPrivateKey")
            .field("curve", &self.public.curve)
            .finish_non_exhaustive()
    }
}

fn rng_failed() -> Error {
    Error::Crypto {
        detail: "the system random generator failed".into(),
    }
}

/// Draws `LEN` random bytes until they are a scalar in [1, q−1] (rejection sampling: no
/// bias; for both curves q > 2^(8·LEN) − 2^(4·LEN+1), so a draw is rejected with
/// probability < 2^−127 and the bound of 64 draws is never reached in practice). The
/// loop's length depends only on the rejected draws, never on the accepted scalar.
fn random_scalar_bytes(
    curve: GostCurve,
    rng: &dyn SecureRandom,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut buf = Zeroizing::new(vec![0u8; curve.field_len()]);
    for _ in 0..64 {
        rng.fill(&mut buf).map_err(|_| rng_failed())?;
        if with_curve!(curve, C => scalar_in_range::<C>(&buf).is_some()) {
            return Ok(buf);
        }
    }
    Err(rng_failed())
}

impl GostPrivateKey {
    /// A fresh key from the system CSPRNG.
    pub fn generate(curve: GostCurve) -> Result<GostPrivateKey, Error> {
        let d = random_scalar_bytes(curve, &SystemRandom::new())?;
        Self::from_scalar_le(curve, &d)
    }

    /// From the scalar d, little-endian, exactly [`GostCurve::field_len`] bytes, 0 < d < q.
    pub fn from_scalar_le(curve: GostCurve, d: &[u8]) -> Result<GostPrivateKey, Error> {
        if d.len() != curve.field_len() {
            return Err(Error::InvalidKey {
                detail: format!(
                    "GOST private key of {} bytes, expected {}",
                    d.len(),
                    curve.field_len()
                ),
            });
        }
        let raw = with_curve!(curve, C => public_raw::<C>(d)).ok_or_else(|| Error::InvalidKey {
            detail: "GOST private key out of range".into(),
        })?;
        Ok(GostPrivateKey {
            d: Zeroizing::new(d.to_vec()),
            public: GostPublicKey { curve, raw },
        })
    }

    /// The public key.
    pub fn public_key(&self) -> &GostPublicKey {
        &self.public
    }

    /// The curve.
    pub fn curve(&self) -> GostCurve {
        self.public.curve
    }

    /// The PKCS#8 DER of this key (format in the [module documentation](self)).
    pub fn to_pkcs8_der(&self) -> Result<Vec<u8>, Error> {
        let curve = self.public.curve;
        let scalar = Zeroizing::new(tlv(0x04, &self.d));
        Ok(tlv_parts(
            0x30,
            &[
                &[0x02, 0x01, 0x00],
                &curve.key_algorithm_identifier_der()?,
                &tlv(0x04, &scalar),
            ],
        ))
    }

    /// Parse the PKCS#8 DER of a GOST key (format in the [module documentation](self)).
    /// Errors: [`Error::InvalidKey`], [`Error::UnsupportedAlgorithm`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<GostPrivateKey, Error> {
        const WHAT: &str = "GOST PKCS#8";
        let invalid = |e: Error| match e {
            Error::UnsupportedAlgorithm { .. } => e,
            other => Error::InvalidKey {
                detail: other.to_string(),
            },
        };
        let inner = || -> Result<GostPrivateKey, Error> {
            let any = parse_single(der, WHAT)?;
            if der.first() != Some(&0x30) {
                return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
            }
            let mut r = DerReader::new(any.value(), WHAT)?;
            if r.expect(0x02, "version")?.value() != [0] {
                return Err(Error::malformed(WHAT, "version is not 0"));
            }
            let alg_any = r.expect(0x30, "privateKeyAlgorithm")?;
            let mut ar = DerReader::new(alg_any.value(), WHAT)?;
            let oid = oid_of(ar.expect(0x06, "algorithm")?, WHAT)?;
            let (_, params) = ar.next_raw()?;
            ar.finish("privateKeyAlgorithm")?;
            let curve = GostCurve::from_key_algorithm(oid, Some(params))?;
            let outer = r.expect(0x04, "privateKey")?;
            // Optional attributes [0] / publicKey [1] are not accepted: fail closed.
            r.finish("PrivateKeyInfo")?;
            let outer_value = outer.value();
            let scalar = parse_single(outer_value, WHAT)?;
            if outer_value.first() != Some(&0x04) {
                return Err(Error::malformed(WHAT, "privateKey is not an OCTET STRING"));
            }
            GostPrivateKey::from_scalar_le(curve, scalar.value())
        };
        inner().map_err(invalid)
    }

    /// Sign `message` (hashed with the curve's digest); the nonce k comes from `rng`.
    /// Returns `r ‖ s`, little-endian. Constant time in d and k (see the module
    /// documentation).
    pub fn sign_with_rng(&self, message: &[u8], rng: &dyn SecureRandom) -> Result<Vec<u8>, Error> {
        let curve = self.public.curve;
        let digest = curve.digest(message);
        // r or s = 0 happens with probability ~2⁻²⁵⁶; bounded retries keep this total.
        for _ in 0..64 {
            let k = random_scalar_bytes(curve, rng)?;
            if let Some(sig) = with_curve!(curve, C => sign_raw::<C>(&self.d, &digest, &k)) {
                return Ok(sig);
            }
        }
        Err(Error::Crypto {
            detail: "GOST signing failed".into(),
        })
    }

    /// Sign `message` with a nonce from the system CSPRNG.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        self.sign_with_rng(message, &SystemRandom::new())
    }
}

/// One RSA-2048 (PKCS#1 v1.5, e = 65537) signature verification = 10 cost units: the unit of
/// [`verification_cost_units`] (a tenth of an RSA-2048 verification, so that every figure is
/// an integer).
pub const COST_UNITS_RSA2048_VERIFY: u32 = 10;
/// One ECDSA P-256 verification (ring), in the same units: 2.5–4.2 RSA-2048 verifications
/// in three criterion runs of 4 Dec 2026 (`BENCHMARKS.md`), rounded up.
pub const COST_UNITS_P256_VERIFY: u32 = 45;

/// The cost of one signature verification on `curve`, in tenths of an RSA-2048
/// verification ([`COST_UNITS_RSA2048_VERIFY`] = 10, [`COST_UNITS_P256_VERIFY`] = 45):
/// GOST 34.10-2015 (512) 330, GOST 34.310-2004 75.
/// Measured with `cargo bench -p egov-sign-benches --bench verify -- gost/` (the
/// `gost/<alg>/verify-signature` benches, RSA-2048, P-256 and both GOST curves in one run,
/// figures are in `BENCHMARKS.md`) and rounded up from the highest ratio measured: the path
/// builder's budget counts cost, not signature checks ([`crate::path`]), so an envelope full of GOST-512 look-alikes exhausts it as fast as its
/// real cost.
pub fn verification_cost_units(curve: GostCurve) -> u32 {
    match curve {
        GostCurve::Gost2015_512 => 330,
        GostCurve::Gost2004 => 75,
    }
}

/// Entry points for the timing test, the differential tests and fuzzing (not a stable
/// API).
#[doc(hidden)]
pub mod internals {
    use super::*;

    /// k·G (constant time) as `x ‖ y`, all-zero for ∞, for any `field_len`-byte k
    /// (reduced mod q by the group law). `None` for a wrong length.
    pub fn base_mul_ct(curve: GostCurve, k: &[u8]) -> Option<Vec<u8>> {
        if k.len() != curve.field_len() {
            return None;
        }
        Some(with_curve!(curve, C => curve::base_mul_ct::<C>(&<C as CurveDef>::F::int_from_le(k))))
    }

    /// The signing equation with a given nonce (as `oracle::sign_digest_with_nonce`).
    pub fn sign_digest_with_nonce(
        curve: GostCurve,
        d: &[u8],
        digest: &[u8],
        k: &[u8],
    ) -> Option<Vec<u8>> {
        if d.len() != curve.field_len() || k.len() != curve.field_len() {
            return None;
        }
        with_curve!(curve, C => sign_raw::<C>(d, digest, k))
    }

    /// `n` dependent multiplications in GF(p) of `curve`, with the special reduction
    /// (`special`) or crypto-bigint's Montgomery form: the bench `gost/field-mul` that chose
    /// the former. Returns the first byte of the result (so the work is not optimised away).
    pub fn field_mul_chain(curve: GostCurve, special: bool, n: usize) -> u8 {
        fn chain<F: Field>(n: usize) -> u8 {
            let mut x = F::from_le_canonical(&vec![0x5A; F::LEN]).unwrap_or(F::ONE);
            let y = x.add(&F::ONE);
            for _ in 0..n {
                x = x.mul(&y);
            }
            x.to_le()[0]
        }
        match (curve, special) {
            (GostCurve::Gost2015_512, true) => chain::<field::Fp512>(n),
            (GostCurve::Gost2015_512, false) => chain::<field::MontyFp512>(n),
            (GostCurve::Gost2004, true) => chain::<field::Fp256>(n),
            (GostCurve::Gost2004, false) => chain::<field::MontyFp256>(n),
        }
    }

    /// z1·G + z2·Q for `field_len`-byte little-endian z1, z2 (any value, not reduced) and a
    /// raw public key Q, with the verification's variable-time double-scalar
    /// multiplication: `Some(x ‖ y)`, `Some(None)` for ∞ (as `oracle::double_base_mul`),
    /// `None` for an invalid key or a wrong length.
    pub fn double_mul_vartime(
        curve: GostCurve,
        z1: &[u8],
        key: &[u8],
        z2: &[u8],
    ) -> Option<Option<Vec<u8>>> {
        let n = curve.field_len();
        if z1.len() != n || z2.len() != n {
            return None;
        }
        with_curve!(curve, C => {
            let q = point_from_raw::<C>(key)?;
            let f = |b: &[u8]| <C as CurveDef>::F::int_from_le(b);
            Some(curve::double_mul_raw::<C>(&f(z1), &f(z2), &q))
        })
    }

    /// `n` dependent multiplications in the verification's variable-time, lazily reduced
    /// GF(p) of `curve` (`field::VtField`): the bench `gost/field-mul-x1000/<n>/vartime`,
    /// next to [`field_mul_chain`]'s constant-time ones. Returns the first byte of the result.
    pub fn field_mul_chain_vartime(curve: GostCurve, n: usize) -> u8 {
        fn chain<V: field::VtField>(n: usize) -> u8 {
            let x0 = <V::Canon as Field>::from_le_canonical(&vec![0x5A; <V::Canon as Field>::LEN])
                .unwrap_or(<V::Canon as Field>::ONE);
            let mut x = V::from_canon(&x0);
            let y = x.add(&V::ONE);
            for _ in 0..n {
                x = x.mul(&y);
            }
            x.to_canon().to_le()[0]
        }
        match curve {
            GostCurve::Gost2015_512 => chain::<field::Vp512>(n),
            GostCurve::Gost2004 => chain::<field::Vp256>(n),
        }
    }

    /// Verification on a raw key (`false` also for an invalid key).
    pub fn verify_digest(curve: GostCurve, key: &[u8], digest: &[u8], signature: &[u8]) -> bool {
        with_curve!(curve, C => verify_raw::<C>(key, digest, signature))
    }
}

#[cfg(test)]
mod tests {
    use super::oracle::le_fixed;
    use super::*;
    use num_bigint::BigUint;
    use num_traits::One;

    #[test]
    fn sign_verify_round_trip_and_tamper() {
        for curve in GostCurve::ALL {
            let key = GostPrivateKey::generate(curve).unwrap();
            let sig = key.sign(b"hello").unwrap();
            assert_eq!(sig.len(), 2 * curve.field_len());
            key.public_key().verify(b"hello", &sig).unwrap();
            assert_eq!(
                key.public_key().verify(b"hellp", &sig),
                Err(Error::BadSignature)
            );
            let mut bad = sig.clone();
            bad[0] ^= 1;
            assert_eq!(
                key.public_key().verify(b"hello", &bad),
                Err(Error::BadSignature)
            );
            // PKCS#8 round trip gives the same key.
            let der = key.to_pkcs8_der().unwrap();
            let back = GostPrivateKey::from_pkcs8_der(&der).unwrap();
            assert_eq!(back.public_key(), key.public_key());
            // SPKI bits round trip.
            let raw = key.public_key().to_raw();
            assert_eq!(
                &GostPublicKey::from_raw(curve, &raw).unwrap(),
                key.public_key()
            );
        }
    }

    #[test]
    fn range_checks() {
        let curve = GostCurve::Gost2004;
        let key = GostPrivateKey::generate(curve).unwrap();
        let c = oracle::params(curve);
        let q = le_fixed(&c.q, 32);
        let one = le_fixed(&BigUint::one(), 32);
        let zero = vec![0u8; 32];
        for (r, s) in [(&zero, &one), (&one, &zero), (&q, &one), (&one, &q)] {
            let sig = [r.as_slice(), s.as_slice()].concat();
            assert_eq!(
                key.public_key().verify(b"x", &sig),
                Err(Error::BadSignature)
            );
        }
        assert_eq!(
            key.public_key().verify(b"x", &[1u8; 63]),
            Err(Error::BadSignature)
        );
        // d = 0 and d = q are refused.
        assert!(GostPrivateKey::from_scalar_le(curve, &zero).is_err());
        assert!(GostPrivateKey::from_scalar_le(curve, &q).is_err());
        // Off-curve, wrong-length and p-sized coordinates are refused.
        let mut raw = key.public_key().to_raw();
        raw[40] ^= 1;
        assert!(GostPublicKey::from_raw(curve, &raw).is_err());
        assert!(GostPublicKey::from_raw(curve, &raw[1..]).is_err());
        let p = le_fixed(&c.p, 32);
        assert!(GostPublicKey::from_raw(curve, &[p.clone(), p].concat()).is_err());
    }

    #[test]
    fn digest_zero_maps_to_one() {
        let c = oracle::cryptopro_a();
        let e = |d: &[u8]| {
            let v: field::Fq256 = curve::digest_scalar(d);
            BigUint::from_bytes_le(&v.to_le())
        };
        assert_eq!(e(&[0u8; 32]), BigUint::one());
        assert_eq!(e(&le_fixed(&c.q, 32)), BigUint::one());
        assert_eq!(e(&[2, 1]), BigUint::from(0x0102u32));
        // Longer and shorter digests reduce like the old code: q·2^256 + 5 ↦ 5.
        let mut long = vec![5u8; 1];
        long.resize(32, 0);
        long.extend(le_fixed(&c.q, 32));
        assert_eq!(e(&long), BigUint::from(5u32));
    }

    #[test]
    fn key_algorithm_parameters_are_strict() {
        for curve in GostCurve::ALL {
            let der = curve.key_algorithm_identifier_der().unwrap();
            let id = crate::algorithm::AlgorithmIdentifier::from_der(&der).unwrap();
            assert_eq!(
                GostCurve::from_key_algorithm(id.oid, id.parameters.as_deref()).unwrap(),
                curve
            );
            assert!(GostCurve::from_key_algorithm(id.oid, None).is_err());
        }
        // 2015 key OID with the 2004 parameters: refused.
        let p2004 = GostCurve::Gost2004.key_algorithm_identifier_der().unwrap();
        let id = crate::algorithm::AlgorithmIdentifier::from_der(&p2004).unwrap();
        assert!(
            GostCurve::from_key_algorithm(oid::GOST2015_512_KEY, id.parameters.as_deref()).is_err()
        );
    }
}
