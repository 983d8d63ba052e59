//! Signature algorithms: OIDs ↔ ring, signature verification against a
//! SubjectPublicKeyInfo, and PKCS#8 signing keys.
//!
//! Algorithm confusion is impossible by construction: [`verify_signature`] parses the
//! SubjectPublicKeyInfo itself and requires the key type (and, for ECDSA, the named curve)
//! to fit the algorithm before ring is called.
//!
//! Supported: RSA PKCS#1 v1.5 and RSASSA-PSS with SHA-256/384/512 (keys of 2048–8192 bits,
//! `rsaEncryption` SubjectPublicKeyInfo), ECDSA on P-256 and P-384 with SHA-256 or SHA-384
//! (signing only with the curve's own hash), Ed25519, and the Kazakh GOST algorithms of the
//! NCA — GOST 34.10-2015 (512) with Streebog-512 and GOST 34.310-2004 with GOST 34.311-95 —
//! implemented in [`crate::gost`] (the key's curve must be the signature algorithm's).

use ring::rand::SystemRandom;
use ring::signature::{self, KeyPair as _};

use crate::encoding::{self, oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::gost::{GostCurve, GostPrivateKey, GostPublicKey};
use crate::oid::{self, ObjectIdentifier};
use crate::Error;

const DER_NULL: [u8; 2] = [0x05, 0x00];

/// An AlgorithmIdentifier, owned.
///
/// ```text
/// AlgorithmIdentifier  ::=  SEQUENCE  {
///      algorithm               OBJECT IDENTIFIER,
///      parameters              ANY DEFINED BY algorithm OPTIONAL  }
/// ```
/// (RFC 5280 §4.1.1.2)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlgorithmIdentifier {
    /// The algorithm OID (a [`crate::oid`] constant when recognised; compare as bytes,
    /// render only for reports).
    pub oid: ObjectIdentifier,
    /// The parameters as a full DER TLV, if present (NULL included as `05 00`).
    pub parameters: Option<Vec<u8>>,
}

impl AlgorithmIdentifier {
    /// Parse the DER of an AlgorithmIdentifier SEQUENCE (exactly one TLV, strict DER).
    pub fn from_der(der: &[u8]) -> Result<AlgorithmIdentifier, Error> {
        const WHAT: &str = "AlgorithmIdentifier";
        let any = parse_single(der, WHAT)?;
        if der.first() != Some(&0x30) {
            return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
        }
        let mut r = DerReader::new(any.value(), WHAT)?;
        let oid = oid_of(r.expect(0x06, "algorithm")?, WHAT)?;
        let parameters = if r.is_finished() {
            None
        } else {
            Some(r.next_raw()?.1.to_vec())
        };
        r.finish("parameters")?;
        Ok(AlgorithmIdentifier { oid, parameters })
    }

    /// The DER of this AlgorithmIdentifier.
    pub fn to_der(&self) -> Result<Vec<u8>, Error> {
        let oid = oid_der(&self.oid);
        Ok(tlv_parts(
            0x30,
            &[&oid, self.parameters.as_deref().unwrap_or_default()],
        ))
    }

    /// True when the parameters are absent or NULL.
    fn params_absent_or_null(&self) -> bool {
        matches!(self.parameters.as_deref(), None | Some([0x05, 0x00]))
    }
}

/// The digest algorithms used with the supported signature algorithms.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// GOST 34.11-2015 (Streebog) 512 bits (OID 1.2.398.3.10.1.3.3).
    Streebog512,
    /// GOST R 34.11-94 / GOST 34.311-95 with the test S-box (OID 1.2.398.3.10.1.3.1).
    Gost94Test,
}

impl DigestAlgorithm {
    /// The digest algorithm OID.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            DigestAlgorithm::Sha256 => oid::ID_SHA256,
            DigestAlgorithm::Sha384 => oid::ID_SHA384,
            DigestAlgorithm::Sha512 => oid::ID_SHA512,
            DigestAlgorithm::Streebog512 => oid::STREEBOG512,
            DigestAlgorithm::Gost94Test => oid::GOST34311,
        }
    }

    /// A readable name ("SHA-256", ...).
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha384 => "SHA-384",
            DigestAlgorithm::Sha512 => "SHA-512",
            DigestAlgorithm::Streebog512 => "Streebog-512",
            DigestAlgorithm::Gost94Test => "GOST 34.311-95",
        }
    }

    /// The digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 | DigestAlgorithm::Streebog512 => 64,
            DigestAlgorithm::Gost94Test => 32,
        }
    }

    /// Hash `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let alg = match self {
            DigestAlgorithm::Sha256 => &ring::digest::SHA256,
            DigestAlgorithm::Sha384 => &ring::digest::SHA384,
            DigestAlgorithm::Sha512 => &ring::digest::SHA512,
            DigestAlgorithm::Streebog512 => return GostCurve::Gost2015_512.digest(data),
            DigestAlgorithm::Gost94Test => return GostCurve::Gost2004.digest(data),
        };
        ring::digest::digest(alg, data).as_ref().to_vec()
    }

    /// The AlgorithmIdentifier this crate emits (parameters absent, RFC 5754 §2).
    pub fn algorithm_identifier(self) -> AlgorithmIdentifier {
        AlgorithmIdentifier {
            oid: self.oid(),
            parameters: None,
        }
    }

    /// The digest named by `id` (parameters absent or NULL); otherwise
    /// [`Error::UnsupportedAlgorithm`].
    pub fn from_identifier(id: &AlgorithmIdentifier) -> Result<DigestAlgorithm, Error> {
        let alg = match id.oid {
            oid::ID_SHA256 => DigestAlgorithm::Sha256,
            oid::ID_SHA384 => DigestAlgorithm::Sha384,
            oid::ID_SHA512 => DigestAlgorithm::Sha512,
            oid::STREEBOG512 => DigestAlgorithm::Streebog512,
            oid::GOST34311 => DigestAlgorithm::Gost94Test,
            other => return Err(unsupported(other)),
        };
        if !id.params_absent_or_null() {
            return Err(Error::malformed(
                "AlgorithmIdentifier",
                format!("{} with parameters", alg.name()),
            ));
        }
        Ok(alg)
    }
}

/// The signature algorithms this crate verifies (and signs with).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// sha256WithRSAEncryption.
    RsaPkcs1Sha256,
    /// sha384WithRSAEncryption.
    RsaPkcs1Sha384,
    /// sha512WithRSAEncryption.
    RsaPkcs1Sha512,
    /// RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32.
    RsaPssSha256,
    /// RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48.
    RsaPssSha384,
    /// RSASSA-PSS, SHA-512, MGF1-SHA-512, salt 64.
    RsaPssSha512,
    /// ecdsa-with-SHA256 on P-256.
    EcdsaP256Sha256,
    /// ecdsa-with-SHA384 on P-384.
    EcdsaP384Sha384,
    /// ecdsa-with-SHA384 on P-256 (verification only).
    EcdsaP256Sha384,
    /// ecdsa-with-SHA256 on P-384 (verification only).
    EcdsaP384Sha256,
    /// Ed25519.
    Ed25519,
    /// GOST 34.10-2015 (512 bits) with Streebog-512 (1.2.398.3.10.1.1.2.3.2).
    Gost2015_512,
    /// GOST 34.310-2004 with GOST 34.311-95 (1.2.398.3.10.1.1.1.2).
    Gost2004,
}

impl SignatureAlgorithm {
    /// A readable name, e.g. "RSA PKCS#1 v1.5 SHA-256".
    pub fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha256 => "RSA PKCS#1 v1.5 SHA-256",
            SignatureAlgorithm::RsaPkcs1Sha384 => "RSA PKCS#1 v1.5 SHA-384",
            SignatureAlgorithm::RsaPkcs1Sha512 => "RSA PKCS#1 v1.5 SHA-512",
            SignatureAlgorithm::RsaPssSha256 => "RSASSA-PSS SHA-256",
            SignatureAlgorithm::RsaPssSha384 => "RSASSA-PSS SHA-384",
            SignatureAlgorithm::RsaPssSha512 => "RSASSA-PSS SHA-512",
            SignatureAlgorithm::EcdsaP256Sha256 => "ECDSA P-256 SHA-256",
            SignatureAlgorithm::EcdsaP384Sha384 => "ECDSA P-384 SHA-384",
            SignatureAlgorithm::EcdsaP256Sha384 => "ECDSA P-256 SHA-384",
            SignatureAlgorithm::EcdsaP384Sha256 => "ECDSA P-384 SHA-256",
            SignatureAlgorithm::Ed25519 => "Ed25519",
            SignatureAlgorithm::Gost2015_512 => "GOST 34.10-2015 (512) Streebog-512",
            SignatureAlgorithm::Gost2004 => "GOST 34.310-2004 GOST 34.311-95",
        }
    }

    /// The signature algorithm OID this algorithm is identified with.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha256 => oid::SHA256_WITH_RSA_ENCRYPTION,
            SignatureAlgorithm::RsaPkcs1Sha384 => oid::SHA384_WITH_RSA_ENCRYPTION,
            SignatureAlgorithm::RsaPkcs1Sha512 => oid::SHA512_WITH_RSA_ENCRYPTION,
            SignatureAlgorithm::RsaPssSha256
            | SignatureAlgorithm::RsaPssSha384
            | SignatureAlgorithm::RsaPssSha512 => oid::ID_RSASSA_PSS,
            SignatureAlgorithm::EcdsaP256Sha256 | SignatureAlgorithm::EcdsaP384Sha256 => {
                oid::ECDSA_WITH_SHA256
            }
            SignatureAlgorithm::EcdsaP384Sha384 | SignatureAlgorithm::EcdsaP256Sha384 => {
                oid::ECDSA_WITH_SHA384
            }
            SignatureAlgorithm::Ed25519 => oid::ID_ED25519,
            SignatureAlgorithm::Gost2015_512 => oid::GOST2015_512_SIGNATURE,
            SignatureAlgorithm::Gost2004 => oid::GOST2004_SIGNATURE,
        }
    }

    /// The digest the algorithm hashes with (SHA-512 for Ed25519, as RFC 8419 requires for
    /// the CMS digestAlgorithm).
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPssSha256
            | SignatureAlgorithm::EcdsaP256Sha256
            | SignatureAlgorithm::EcdsaP384Sha256 => DigestAlgorithm::Sha256,
            SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPssSha384
            | SignatureAlgorithm::EcdsaP384Sha384
            | SignatureAlgorithm::EcdsaP256Sha384 => DigestAlgorithm::Sha384,
            SignatureAlgorithm::RsaPkcs1Sha512
            | SignatureAlgorithm::RsaPssSha512
            | SignatureAlgorithm::Ed25519 => DigestAlgorithm::Sha512,
            SignatureAlgorithm::Gost2015_512 => DigestAlgorithm::Streebog512,
            SignatureAlgorithm::Gost2004 => DigestAlgorithm::Gost94Test,
        }
    }

    /// The AlgorithmIdentifier this algorithm is encoded with: NULL parameters for RSA
    /// PKCS#1 (RFC 4055 §5) and GOST (as the NCA writes them), absent parameters for ECDSA (RFC 5758 §3.2) and Ed25519
    /// (RFC 8410 §3), full RSASSA-PSS-params for PSS (RFC 4055 §3.1: hash and MGF1 hash
    /// equal, salt = hash length, trailerField 1 by default).
    pub fn algorithm_identifier(self) -> AlgorithmIdentifier {
        let parameters = match self {
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPkcs1Sha512
            | SignatureAlgorithm::Gost2015_512
            | SignatureAlgorithm::Gost2004 => Some(DER_NULL.to_vec()),
            SignatureAlgorithm::RsaPssSha256
            | SignatureAlgorithm::RsaPssSha384
            | SignatureAlgorithm::RsaPssSha512 => Some(pss_params_der(self.digest())),
            _ => None,
        };
        AlgorithmIdentifier {
            oid: self.oid(),
            parameters,
        }
    }

    /// The DER of [`SignatureAlgorithm::algorithm_identifier`].
    pub fn algorithm_identifier_der(self) -> Result<Vec<u8>, Error> {
        self.algorithm_identifier().to_der()
    }

    /// The algorithm named by a full signature AlgorithmIdentifier (as in an X.509
    /// certificate). For ECDSA the curve is not part of the identifier: P-256 is assumed
    /// here and [`verify_signature`] substitutes the key's curve. `rsaEncryption` alone
    /// names no hash and is [`Error::UnsupportedAlgorithm`] here (see [`signer_algorithm`]).
    pub fn from_identifier(id: &AlgorithmIdentifier) -> Result<SignatureAlgorithm, Error> {
        let alg = match id.oid {
            oid::SHA256_WITH_RSA_ENCRYPTION => SignatureAlgorithm::RsaPkcs1Sha256,
            oid::SHA384_WITH_RSA_ENCRYPTION => SignatureAlgorithm::RsaPkcs1Sha384,
            oid::SHA512_WITH_RSA_ENCRYPTION => SignatureAlgorithm::RsaPkcs1Sha512,
            oid::ECDSA_WITH_SHA256 => SignatureAlgorithm::EcdsaP256Sha256,
            oid::ECDSA_WITH_SHA384 => SignatureAlgorithm::EcdsaP256Sha384,
            oid::ID_ED25519 => SignatureAlgorithm::Ed25519,
            oid::GOST2015_512_SIGNATURE => SignatureAlgorithm::Gost2015_512,
            oid::GOST2004_SIGNATURE => SignatureAlgorithm::Gost2004,
            oid::ID_RSASSA_PSS => {
                return match parse_pss_params(id.parameters.as_deref())? {
                    DigestAlgorithm::Sha256 => Ok(SignatureAlgorithm::RsaPssSha256),
                    DigestAlgorithm::Sha384 => Ok(SignatureAlgorithm::RsaPssSha384),
                    DigestAlgorithm::Sha512 => Ok(SignatureAlgorithm::RsaPssSha512),
                    other => Err(unsupported(format!(
                        "{} with hash {}",
                        oid::ID_RSASSA_PSS,
                        other.name()
                    ))),
                }
            }
            other => return Err(unsupported(other)),
        };
        let params_ok = match alg {
            // RFC 4055: NULL; absent tolerated (some encoders omit it).
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPkcs1Sha512
            | SignatureAlgorithm::Gost2015_512
            | SignatureAlgorithm::Gost2004 => id.params_absent_or_null(),
            _ => id.parameters.is_none(),
        };
        if !params_ok {
            return Err(Error::malformed(
                "AlgorithmIdentifier",
                format!("unexpected parameters for {}", alg.name()),
            ));
        }
        Ok(alg)
    }

    fn family(self) -> KeyFamily {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPkcs1Sha512
            | SignatureAlgorithm::RsaPssSha256
            | SignatureAlgorithm::RsaPssSha384
            | SignatureAlgorithm::RsaPssSha512 => KeyFamily::Rsa,
            SignatureAlgorithm::EcdsaP256Sha256
            | SignatureAlgorithm::EcdsaP384Sha384
            | SignatureAlgorithm::EcdsaP256Sha384
            | SignatureAlgorithm::EcdsaP384Sha256 => KeyFamily::Ecdsa,
            SignatureAlgorithm::Ed25519 => KeyFamily::Ed25519,
            SignatureAlgorithm::Gost2015_512 | SignatureAlgorithm::Gost2004 => KeyFamily::Gost,
        }
    }

    /// The GOST curve of a GOST algorithm.
    pub fn gost_curve(self) -> Option<GostCurve> {
        match self {
            SignatureAlgorithm::Gost2015_512 => Some(GostCurve::Gost2015_512),
            SignatureAlgorithm::Gost2004 => Some(GostCurve::Gost2004),
            _ => None,
        }
    }

    /// The GOST algorithm of a curve.
    pub fn from_gost_curve(curve: GostCurve) -> SignatureAlgorithm {
        match curve {
            GostCurve::Gost2015_512 => SignatureAlgorithm::Gost2015_512,
            GostCurve::Gost2004 => SignatureAlgorithm::Gost2004,
        }
    }
}

impl core::fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyFamily {
    Rsa,
    Ecdsa,
    Ed25519,
    Gost,
}

/// [`Error::UnsupportedAlgorithm`] naming `what` (an OID, rendered for the report, or a
/// description).
fn unsupported(what: impl core::fmt::Display) -> Error {
    Error::UnsupportedAlgorithm {
        algorithm: what.to_string(),
    }
}

/// RSASSA-PSS-params DER for `digest` (RFC 4055 §3.1), with NULL hash parameters.
fn pss_params_der(digest: DigestAlgorithm) -> Vec<u8> {
    let hash_oid = oid_der(&digest.oid());
    let mgf_oid = oid_der(&oid::ID_MGF1);
    let hash_alg = tlv_parts(0x30, &[&hash_oid, &DER_NULL]);
    let mgf = tlv_parts(0x30, &[&mgf_oid, &hash_alg]);
    let salt = tlv(0x02, &[digest.output_len() as u8]);
    tlv_parts(
        0x30,
        &[&tlv(0xa0, &hash_alg), &tlv(0xa1, &mgf), &tlv(0xa2, &salt)],
    )
}

/// Parse RSASSA-PSS-params strictly: hash SHA-256/384/512 present, MGF1 with the same
/// hash, salt length = hash length, trailerField absent or 1. Anything else (including
/// the SHA-1 defaults) is [`Error::UnsupportedAlgorithm`].
fn parse_pss_params(params: Option<&[u8]>) -> Result<DigestAlgorithm, Error> {
    const WHAT: &str = "RSASSA-PSS-params";
    let pss_unsupported = |why: &str| Error::UnsupportedAlgorithm {
        algorithm: format!("{} ({why})", oid::ID_RSASSA_PSS),
    };
    let params = params.ok_or_else(|| pss_unsupported("no parameters"))?;
    let any = parse_single(params, WHAT)?;
    if params.first() != Some(&0x30) {
        return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
    }
    let mut r = DerReader::new(any.value(), WHAT)?;
    let hash = r
        .optional(0xa0)?
        .ok_or_else(|| pss_unsupported("default SHA-1 hash"))?;
    let hash = hash_from_explicit(hash.value())?;
    if !matches!(
        hash,
        DigestAlgorithm::Sha256 | DigestAlgorithm::Sha384 | DigestAlgorithm::Sha512
    ) {
        return Err(pss_unsupported("a GOST hash"));
    }
    let mgf = r
        .optional(0xa1)?
        .ok_or_else(|| pss_unsupported("default MGF1-SHA-1"))?;
    let mgf_id = single_algorithm_identifier(mgf.value())?;
    if mgf_id.oid != oid::ID_MGF1 {
        return Err(pss_unsupported("mask generation function is not MGF1"));
    }
    let mgf_hash_der = mgf_id
        .parameters
        .ok_or_else(|| pss_unsupported("MGF1 without hash"))?;
    let mgf_hash = DigestAlgorithm::from_identifier(&AlgorithmIdentifier::from_der(&mgf_hash_der)?)
        .map_err(|_| pss_unsupported("unsupported MGF1 hash"))?;
    if mgf_hash != hash {
        return Err(pss_unsupported("MGF1 hash differs from the message hash"));
    }
    let salt = r
        .optional(0xa2)?
        .ok_or_else(|| pss_unsupported("default salt length 20"))?;
    let salt = small_integer(salt.value(), WHAT)?;
    if salt != hash.output_len() as u64 {
        return Err(pss_unsupported("salt length differs from the hash length"));
    }
    if let Some(trailer) = r.optional(0xa3)? {
        if small_integer(trailer.value(), WHAT)? != 1 {
            return Err(pss_unsupported("trailerField is not 1"));
        }
    }
    r.finish("RSASSA-PSS-params")?;
    Ok(hash)
}

/// The hash named by an `[n] EXPLICIT AlgorithmIdentifier` content.
fn hash_from_explicit(content: &[u8]) -> Result<DigestAlgorithm, Error> {
    let id = single_algorithm_identifier(content)?;
    DigestAlgorithm::from_identifier(&id).map_err(|e| match e {
        Error::UnsupportedAlgorithm { algorithm } => Error::UnsupportedAlgorithm {
            algorithm: format!("{} with hash {algorithm}", oid::ID_RSASSA_PSS),
        },
        other => other,
    })
}

fn single_algorithm_identifier(content: &[u8]) -> Result<AlgorithmIdentifier, Error> {
    AlgorithmIdentifier::from_der(content)
}

/// An explicitly tagged `INTEGER` (the content of `[n] EXPLICIT INTEGER`), small and
/// non-negative.
fn small_integer(content: &[u8], what: &'static str) -> Result<u64, Error> {
    let any = parse_single(content, what)?;
    if content.first() != Some(&0x02) {
        return Err(Error::malformed(what, "expected an INTEGER"));
    }
    let v = any
        .decode_as::<u64>()
        .map_err(|e| Error::malformed(what, e))?;
    Ok(v)
}

/// A public key parsed from a SubjectPublicKeyInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PublicKey {
    /// rsaEncryption; the RSAPublicKey DER and the modulus length in octets.
    Rsa(Vec<u8>, usize),
    /// id-ecPublicKey on P-256; the uncompressed point.
    P256(Vec<u8>),
    /// id-ecPublicKey on P-384; the uncompressed point.
    P384(Vec<u8>),
    /// id-Ed25519; the 32-byte key.
    Ed25519(Vec<u8>),
    /// A GOST key, checked to be on its curve.
    Gost(GostPublicKey),
}

/// Parse a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7):
///
/// ```text
/// SubjectPublicKeyInfo  ::=  SEQUENCE  {
///      algorithm            AlgorithmIdentifier,
///      subjectPublicKey     BIT STRING  }
/// ```
pub(crate) fn parse_spki(spki: &[u8]) -> Result<PublicKey, Error> {
    const WHAT: &str = "SubjectPublicKeyInfo";
    let any = parse_single(spki, WHAT)?;
    if spki.first() != Some(&0x30) {
        return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
    }
    let mut r = DerReader::new(any.value(), WHAT)?;
    let (alg_any, alg_raw) = r.next_raw()?;
    let _ = alg_any;
    let alg = AlgorithmIdentifier::from_der(alg_raw)?;
    let bits = r.expect(0x03, "subjectPublicKey")?;
    r.finish("SubjectPublicKeyInfo")?;
    let key = match bits.value().split_first() {
        Some((0, key)) if !key.is_empty() => key.to_vec(),
        _ => return Err(Error::malformed(WHAT, "bad subjectPublicKey BIT STRING")),
    };
    match alg.oid {
        oid::RSA_ENCRYPTION => {
            if !alg.params_absent_or_null() {
                return Err(Error::malformed(WHAT, "rsaEncryption with parameters"));
            }
            let modulus_len = check_rsa_public_key(&key)?;
            Ok(PublicKey::Rsa(key, modulus_len))
        }
        oid::ID_EC_PUBLIC_KEY => {
            let curve = match alg.parameters.as_deref() {
                Some(p) => oid_of(parse_single(p, WHAT)?, WHAT)?,
                None => return Err(Error::malformed(WHAT, "id-ecPublicKey without curve")),
            };
            let (expected_len, key) = match curve {
                oid::SECP256R1 => (65, PublicKey::P256(key.clone())),
                oid::SECP384R1 => (97, PublicKey::P384(key.clone())),
                other => return Err(unsupported(other)),
            };
            if key_len(&key) != expected_len || key_first(&key) != Some(0x04) {
                return Err(Error::malformed(WHAT, "EC point is not uncompressed"));
            }
            Ok(key)
        }
        oid::ID_ED25519 => {
            if alg.parameters.is_some() || key.len() != 32 {
                return Err(Error::malformed(WHAT, "bad Ed25519 key"));
            }
            Ok(PublicKey::Ed25519(key))
        }
        oid::GOST2015_512_KEY | oid::GOST2004_KEY => {
            let curve = GostCurve::from_key_algorithm(alg.oid, alg.parameters.as_deref())?;
            Ok(PublicKey::Gost(GostPublicKey::from_spki_bits(curve, &key)?))
        }
        other => Err(unsupported(other)),
    }
}

fn key_bytes(key: &PublicKey) -> &[u8] {
    match key {
        PublicKey::Rsa(k, _) | PublicKey::P256(k) | PublicKey::P384(k) | PublicKey::Ed25519(k) => k,
        PublicKey::Gost(_) => &[],
    }
}

fn key_len(key: &PublicKey) -> usize {
    key_bytes(key).len()
}

fn key_first(key: &PublicKey) -> Option<u8> {
    key_bytes(key).first().copied()
}

/// Structural check of an RSAPublicKey (`SEQUENCE { modulus INTEGER, publicExponent
/// INTEGER }`) and its size (2048–8192 bits, what ring verifies); returns the modulus length
/// in octets.
fn check_rsa_public_key(der: &[u8]) -> Result<usize, Error> {
    const WHAT: &str = "RSAPublicKey";
    let any = parse_single(der, WHAT)?;
    if der.first() != Some(&0x30) {
        return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
    }
    let mut r = DerReader::new(any.value(), WHAT)?;
    let n = r.expect(0x02, "modulus")?;
    let e = r.expect(0x02, "publicExponent")?;
    r.finish("RSAPublicKey")?;
    for (int, name) in [(n.value(), "modulus"), (e.value(), "publicExponent")] {
        // X.690 §8.3.2: minimal; and both must be positive.
        match int {
            [] => return Err(Error::malformed(WHAT, format!("empty {name}"))),
            [0x80..=0xff, ..] => return Err(Error::malformed(WHAT, format!("negative {name}"))),
            [0, next, ..] if *next < 0x80 => {
                return Err(Error::malformed(WHAT, format!("non-minimal {name}")))
            }
            _ => {}
        }
    }
    let n = n.value();
    let n = match n.split_first() {
        Some((0, rest)) => rest,
        _ => n,
    };
    if e.value().is_empty() || n.is_empty() {
        return Err(Error::malformed(WHAT, "empty INTEGER"));
    }
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if !(2048..=8192).contains(&bits) {
        return Err(Error::UnsupportedAlgorithm {
            algorithm: format!("RSA key of {bits} bits (2048 to 8192 supported)"),
        });
    }
    // The rules ring applies when it verifies, checked here so that every backend (see
    // `SignatureBackend`) sees only keys ring would accept: an odd modulus, and an odd
    // public exponent 3 ≤ e < 2^33.
    if n.last().is_some_and(|b| b & 1 == 0) {
        return Err(Error::malformed(WHAT, "even modulus"));
    }
    let e = e.value();
    let e = match e.split_first() {
        Some((0, rest)) => rest,
        _ => e,
    };
    if e.len() > 5 {
        return Err(Error::malformed(WHAT, "public exponent ≥ 2^33"));
    }
    let value = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if !(3..1 << 33).contains(&value) || value & 1 == 0 {
        return Err(Error::malformed(
            WHAT,
            format!("public exponent {value} (odd, 3 ≤ e < 2^33 required)"),
        ));
    }
    Ok(n.len())
}

/// Verify `signature` over `message`, made with the algorithm named by `alg` (an
/// AlgorithmIdentifier as a certificate, CRL or OCSP response carries it) by the key in
/// `spki` (a full SubjectPublicKeyInfo DER), with `backend` performing the final primitive
/// ([`CoreBackend`] for the crate's own). The key type (and curve) must match the
/// algorithm.
///
/// For ECDSA the identifier names only the hash; the key's curve (P-256 or P-384) decides
/// the variant returned. Errors: [`Error::UnsupportedAlgorithm`] (unknown OID, unsupported
/// PSS parameters, curve or key size), [`Error::Malformed`] (bad key or identifier, key type
/// that does not fit the algorithm), [`Error::BadSignature`].
pub fn verify_signature(
    alg: &AlgorithmIdentifier,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
    backend: &dyn SignatureBackend,
) -> Result<SignatureAlgorithm, Error> {
    let alg = SignatureAlgorithm::from_identifier(alg)?;
    verify(alg, spki, message, signature, backend)
}

/// [`verify_signature`] with an already resolved algorithm: `backend` performs the final
/// cryptographic check once the algorithm is resolved and the key is known to fit it (see
/// [`SignatureBackend`]).
pub fn verify(
    alg: SignatureAlgorithm,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
    backend: &dyn SignatureBackend,
) -> Result<SignatureAlgorithm, Error> {
    let key = parse_spki(spki)?;
    verify_parsed(alg, spki, &key, message, signature, backend)
}

thread_local! {
    static CHECKS_ON_THREAD: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// Signature verifications this thread has started (every check of the core, whatever
/// decides it: certificates, CRLs, OCSP responses, SignerInfos, time-stamp tokens). For
/// work-bound tests (issue 17: no input costs more than 5× a legitimate verification);
/// compare two readings around a call.
#[doc(hidden)]
pub fn signature_checks_on_this_thread() -> u64 {
    CHECKS_ON_THREAD.with(|c| c.get())
}

/// [`verify`] with `spki` already parsed into `key` (a certificate keeps its parsed key,
/// see [`crate::certificate::Certificate`]): the same checks, the same order.
pub(crate) fn verify_parsed(
    alg: SignatureAlgorithm,
    spki: &[u8],
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
    backend: &dyn SignatureBackend,
) -> Result<SignatureAlgorithm, Error> {
    use SignatureAlgorithm as S;
    CHECKS_ON_THREAD.with(|c| c.set(c.get().wrapping_add(1)));
    let mismatch = || key_mismatch(alg);
    let actual = match (alg.family(), key) {
        (KeyFamily::Gost, PublicKey::Gost(k)) => {
            // The key's curve (from its OID and parameters) must be the algorithm's.
            if alg.gost_curve() != Some(k.curve()) {
                return Err(mismatch());
            }
            alg
        }
        (KeyFamily::Rsa, PublicKey::Rsa(..)) => alg,
        (KeyFamily::Ecdsa, PublicKey::P256(_)) => match alg.digest() {
            DigestAlgorithm::Sha256 => S::EcdsaP256Sha256,
            DigestAlgorithm::Sha384 => S::EcdsaP256Sha384,
            other => return Err(unsupported(format!("ECDSA with {}", other.name()))),
        },
        (KeyFamily::Ecdsa, PublicKey::P384(_)) => match alg.digest() {
            DigestAlgorithm::Sha256 => S::EcdsaP384Sha256,
            DigestAlgorithm::Sha384 => S::EcdsaP384Sha384,
            other => return Err(unsupported(format!("ECDSA with {}", other.name()))),
        },
        (KeyFamily::Ed25519, PublicKey::Ed25519(_)) => S::Ed25519,
        _ => return Err(mismatch()),
    };
    // ring's length rules, before any backend sees the signature (OpenSSL, for one,
    // accepts an RSA signature shorter than the modulus): RSA signatures are exactly as
    // long as the modulus, Ed25519 signatures 64 octets.
    let length_ok = match key {
        PublicKey::Rsa(_, modulus_len) => *modulus_len == signature.len(),
        PublicKey::Ed25519(_) => signature.len() == 64,
        _ => true,
    };
    if !length_ok {
        return Err(Error::BadSignature);
    }
    // The core backend decides here, on the key already parsed (its `check` would parse
    // `spki` again); any other backend is asked, and its `None` falls back to the core.
    if !is_core(backend) {
        let check = SignatureCheck {
            algorithm: actual,
            spki,
            message,
            signature,
        };
        match backend.check(&check) {
            Some(true) => return Ok(actual),
            Some(false) => return Err(Error::BadSignature),
            None => {}
        }
    }
    core_verify(actual, key, message, signature)?;
    Ok(actual)
}

fn key_mismatch(alg: SignatureAlgorithm) -> Error {
    Error::malformed(
        "SubjectPublicKeyInfo",
        format!("key type does not fit the algorithm {}", alg.name()),
    )
}

/// The core's primitive for a resolved algorithm (for ECDSA: the key's curve) on a parsed
/// key: ring, or the GOST arithmetic of [`crate::gost`]. A key that does not fit the
/// algorithm is refused ([`Error::Malformed`]), a signature that does not verify is
/// [`Error::BadSignature`].
fn core_verify(
    alg: SignatureAlgorithm,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    use SignatureAlgorithm as S;
    let ring_alg: &'static dyn signature::VerificationAlgorithm = match (alg, key) {
        (_, PublicKey::Gost(k)) if alg.gost_curve() == Some(k.curve()) => {
            return k.verify(message, signature);
        }
        (S::RsaPkcs1Sha256, PublicKey::Rsa(..)) => &signature::RSA_PKCS1_2048_8192_SHA256,
        (S::RsaPkcs1Sha384, PublicKey::Rsa(..)) => &signature::RSA_PKCS1_2048_8192_SHA384,
        (S::RsaPkcs1Sha512, PublicKey::Rsa(..)) => &signature::RSA_PKCS1_2048_8192_SHA512,
        (S::RsaPssSha256, PublicKey::Rsa(..)) => &signature::RSA_PSS_2048_8192_SHA256,
        (S::RsaPssSha384, PublicKey::Rsa(..)) => &signature::RSA_PSS_2048_8192_SHA384,
        (S::RsaPssSha512, PublicKey::Rsa(..)) => &signature::RSA_PSS_2048_8192_SHA512,
        (S::EcdsaP256Sha256, PublicKey::P256(_)) => &signature::ECDSA_P256_SHA256_ASN1,
        (S::EcdsaP256Sha384, PublicKey::P256(_)) => &signature::ECDSA_P256_SHA384_ASN1,
        (S::EcdsaP384Sha256, PublicKey::P384(_)) => &signature::ECDSA_P384_SHA256_ASN1,
        (S::EcdsaP384Sha384, PublicKey::P384(_)) => &signature::ECDSA_P384_SHA384_ASN1,
        (S::Ed25519, PublicKey::Ed25519(_)) => &signature::ED25519,
        _ => return Err(key_mismatch(alg)),
    };
    signature::UnparsedPublicKey::new(ring_alg, key_bytes(key))
        .verify(message, signature)
        .map_err(|_| Error::BadSignature)
}

/// One signature check, as the core hands it to a [`SignatureBackend`]: the algorithm is
/// resolved (for ECDSA, to the key's curve), the identifier's parameters are checked, and
/// the key in `spki` is known to parse and to fit the algorithm. What is left is the
/// cryptographic primitive alone.
#[derive(Debug, Clone, Copy)]
pub struct SignatureCheck<'a> {
    /// The algorithm.
    pub algorithm: SignatureAlgorithm,
    /// The signer's SubjectPublicKeyInfo, DER (RFC 5280 §4.1.2.7).
    pub spki: &'a [u8],
    /// The signed message itself (the DER of the signed attributes, a TBSCertificate, ...),
    /// not its hash.
    pub message: &'a [u8],
    /// The signature as carried: for RSA the octets, for ECDSA the DER `Ecdsa-Sig-Value`
    /// (see [`SignatureCheck::ecdsa_fixed_signature`]), for Ed25519 the 64 octets.
    pub signature: &'a [u8],
}

impl SignatureCheck<'_> {
    /// For ECDSA: the signature as `r || s`, each left-padded to the curve's size (the
    /// IEEE P1363 form WebCrypto takes), from the DER form
    ///
    /// ```text
    /// Ecdsa-Sig-Value  ::=  SEQUENCE  {
    ///      r     INTEGER,
    ///      s     INTEGER  }
    /// ```
    /// (RFC 3279 §2.2.3). `None` for other algorithms and for anything that is not strict
    /// DER with `0 < r, s < 2^(8·size)`: ring rejects those, so a backend that returns
    /// `None` for them leaves the (rejecting) decision to the core.
    pub fn ecdsa_fixed_signature(&self) -> Option<Vec<u8>> {
        let size = match self.algorithm {
            SignatureAlgorithm::EcdsaP256Sha256 | SignatureAlgorithm::EcdsaP256Sha384 => 32,
            SignatureAlgorithm::EcdsaP384Sha384 | SignatureAlgorithm::EcdsaP384Sha256 => 48,
            _ => return None,
        };
        let any = parse_single(self.signature, "Ecdsa-Sig-Value").ok()?;
        if self.signature.first() != Some(&0x30) {
            return None;
        }
        let mut r = DerReader::new(any.value(), "Ecdsa-Sig-Value").ok()?;
        let ri = r.expect(0x02, "r").ok()?;
        let si = r.expect(0x02, "s").ok()?;
        r.finish("Ecdsa-Sig-Value").ok()?;
        let mut out = Vec::with_capacity(2 * size);
        for int in [ri.value(), si.value()] {
            // Minimal, positive, non-zero, at most `size` octets of magnitude.
            let magnitude = match int {
                [] | [0x80..=0xff, ..] => return None,
                [0, next, ..] if *next < 0x80 => return None,
                [0, rest @ ..] => rest,
                all => all,
            };
            if magnitude.len() > size || magnitude.iter().all(|b| *b == 0) {
                return None;
            }
            out.extend(core::iter::repeat_n(0u8, size - magnitude.len()));
            out.extend_from_slice(magnitude);
        }
        Some(out)
    }
}

/// Who performs the final signature primitive of a check: every operation that verifies a
/// signature takes one ([`verify`], [`crate::certificate::Certificate::verify_signed_by`],
/// [`crate::cms::Envelope::verify_signature`], [`crate::path::build`],
/// [`crate::tsp::verify_token`], [`crate::ocsp::verify_response`], and the verifier through
/// [`crate::verifier::VerifyOptions::signature_backend`]). [`CoreBackend`] is the crate's
/// own and the default.
///
/// The verifier asks its backend for every signature it checks in a call (the envelope's
/// signature and certificate signatures met while building the path; CRLs and configured
/// CA certificates were verified, with [`CoreBackend`], when the verifier was built).
///
/// `check` returns `Some(true)` / `Some(false)` to decide, or `None` to let the core verify
/// with its own code (as [`CoreBackend`] does). Everything before the primitive (algorithm
/// resolution, parameter checks, key parsing, key ↔ algorithm fit, signature lengths) stays
/// in the core. A backend that answers `Some(true)` for a signature that is not valid
/// makes the verifier accept it: only use backends whose answers come from a real
/// verification.
///
/// The WebAssembly binding uses this to run the primitive in the platform's WebCrypto or
/// `node:crypto` (native code) instead of portable WebAssembly.
pub trait SignatureBackend: core::fmt::Debug + Send + Sync {
    /// Decide one check, or return `None` to leave it to the core.
    fn check(&self, check: &SignatureCheck<'_>) -> Option<bool>;

    /// True only for [`CoreBackend`]; the parameter's type cannot be named outside the
    /// crate, so no other backend can claim to be the core. The core then checks with the
    /// key it has already parsed, and the path search's memo tells the core's answers from
    /// any other backend's (two zero-sized backends may share an address).
    #[doc(hidden)]
    fn is_core_backend(&self, _sealed: sealed::Core) -> bool {
        false
    }
}

mod sealed {
    /// The unnameable argument of [`super::SignatureBackend::is_core_backend`].
    #[derive(Debug, Clone, Copy)]
    pub struct Core;
}

/// True if `backend` is [`CoreBackend`].
pub(crate) fn is_core(backend: &dyn SignatureBackend) -> bool {
    backend.is_core_backend(sealed::Core)
}

/// The crate's own signature primitives, and the default [`SignatureBackend`]: [ring] for
/// RSA PKCS#1 v1.5 and RSASSA-PSS (SHA-256/384/512, 2048–8192-bit keys), ECDSA on P-256
/// and P-384 (SHA-256, SHA-384) and Ed25519; the crate's GOST arithmetic
/// ([`crate::gost`]) for GOST 34.10-2015 (512) with Streebog-512 and GOST 34.310-2004 with
/// GOST 34.311-95.
///
/// Pass `&CoreBackend` to any operation that takes a backend to have it verified by this
/// crate alone. Its [`SignatureBackend::check`] parses the check's SubjectPublicKeyInfo
/// and verifies (`Some(true)` / `Some(false)`, never `None`); inside the core, the
/// operations use the key they have already parsed instead.
///
/// [ring]: https://docs.rs/ring
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CoreBackend;

impl SignatureBackend for CoreBackend {
    fn check(&self, check: &SignatureCheck<'_>) -> Option<bool> {
        let verified = parse_spki(check.spki)
            .and_then(|key| core_verify(check.algorithm, &key, check.message, check.signature));
        Some(verified.is_ok())
    }

    fn is_core_backend(&self, _sealed: sealed::Core) -> bool {
        true
    }
}

/// The algorithm of a CMS SignerInfo from its `digestAlgorithm` and `signatureAlgorithm`
/// (RFC 5652 §5.3).
///
/// `signatureAlgorithm` may be a full signature identifier (`sha256WithRSAEncryption`,
/// `ecdsa-with-SHA256`, `id-RSASSA-PSS`, `id-Ed25519`, ...) whose hash must equal the
/// digest algorithm, or a bare key type as OpenSSL writes it (`rsaEncryption` → RSA
/// PKCS#1 v1.5 with the digest algorithm's hash; `id-ecPublicKey` → ECDSA with it). For
/// ECDSA the P-256 variant is returned; verification substitutes the key's curve. Ed25519
/// requires SHA-512 as digest algorithm (RFC 8419 §3.1).
///
/// Errors: [`Error::UnsupportedAlgorithm`]; [`Error::Malformed`] for inconsistent pairs.
pub fn signer_algorithm(
    digest_alg: &AlgorithmIdentifier,
    signature_alg: &AlgorithmIdentifier,
) -> Result<SignatureAlgorithm, Error> {
    let digest = DigestAlgorithm::from_identifier(digest_alg)?;
    let alg = match signature_alg.oid {
        oid::RSA_ENCRYPTION => {
            if !signature_alg.params_absent_or_null() {
                return Err(Error::malformed(
                    "SignerInfo",
                    "rsaEncryption with parameters",
                ));
            }
            return match digest {
                DigestAlgorithm::Sha256 => Ok(SignatureAlgorithm::RsaPkcs1Sha256),
                DigestAlgorithm::Sha384 => Ok(SignatureAlgorithm::RsaPkcs1Sha384),
                DigestAlgorithm::Sha512 => Ok(SignatureAlgorithm::RsaPkcs1Sha512),
                other => Err(unsupported(format!("RSA with {}", other.name()))),
            };
        }
        oid::ID_EC_PUBLIC_KEY => {
            // Parameters (a curve, or NULL/absent) are ignored: the key decides the curve.
            return match digest {
                DigestAlgorithm::Sha256 => Ok(SignatureAlgorithm::EcdsaP256Sha256),
                DigestAlgorithm::Sha384 => Ok(SignatureAlgorithm::EcdsaP256Sha384),
                other => Err(unsupported(format!("ECDSA with {}", other.name()))),
            };
        }
        // A GOST key algorithm OID as signatureAlgorithm (as for rsaEncryption): the OID
        // names the curve; its parameters are ignored, verification checks the key's.
        oid::GOST2015_512_KEY => SignatureAlgorithm::Gost2015_512,
        oid::GOST2004_KEY => SignatureAlgorithm::Gost2004,
        _ => SignatureAlgorithm::from_identifier(signature_alg)?,
    };
    if alg.digest() != digest {
        return Err(Error::malformed(
            "SignerInfo",
            format!(
                "digestAlgorithm {} does not fit signatureAlgorithm {}",
                digest.name(),
                alg.name()
            ),
        ));
    }
    Ok(alg)
}

enum KeyPair {
    Rsa(signature::RsaKeyPair),
    Ecdsa(signature::EcdsaKeyPair),
    Ed25519(signature::Ed25519KeyPair),
    Gost(GostPrivateKey),
}

/// A private key from PKCS#8 (RSA, ECDSA P-256/P-384, Ed25519, GOST — the GOST PKCS#8
/// format is documented in [`crate::gost`]).
///
/// RSA keys sign with RSA PKCS#1 v1.5 SHA-256 unless another RSA algorithm is chosen with
/// [`SigningKey::with_algorithm`]; ECDSA keys with their curve's hash; Ed25519 with Ed25519.
pub struct SigningKey {
    pair: KeyPair,
    algorithm: SignatureAlgorithm,
    rng: SystemRandom,
}

impl core::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Load a PKCS#8 key from DER or PEM ("PRIVATE KEY"). Encrypted PKCS#8 is not
    /// supported. Errors: [`Error::InvalidKey`], [`Error::UnsupportedAlgorithm`].
    pub fn from_pkcs8(input: &[u8]) -> Result<SigningKey, Error> {
        let blobs = encoding::decode_der_blobs(input, "PRIVATE KEY", 16 * 1024).map_err(|e| {
            Error::InvalidKey {
                detail: e.to_string(),
            }
        })?;
        let der = match blobs.as_slice() {
            [one] => one,
            _ => {
                return Err(Error::InvalidKey {
                    detail: "expected exactly one PRIVATE KEY".into(),
                })
            }
        };
        let (oid, curve) = pkcs8_algorithm(der)?;
        if matches!(oid, oid::GOST2015_512_KEY | oid::GOST2004_KEY) {
            return Ok(SigningKey::from_gost(GostPrivateKey::from_pkcs8_der(der)?));
        }
        let rejected = |e: ring::error::KeyRejected| Error::InvalidKey {
            detail: e.to_string(),
        };
        let rng = SystemRandom::new();
        let (pair, algorithm) = match (oid, curve) {
            (oid::RSA_ENCRYPTION, _) => (
                KeyPair::Rsa(signature::RsaKeyPair::from_pkcs8(der).map_err(rejected)?),
                SignatureAlgorithm::RsaPkcs1Sha256,
            ),
            (oid::ID_EC_PUBLIC_KEY, Some(oid::SECP256R1)) => (
                KeyPair::Ecdsa(
                    signature::EcdsaKeyPair::from_pkcs8(
                        &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                        der,
                        &rng,
                    )
                    .map_err(rejected)?,
                ),
                SignatureAlgorithm::EcdsaP256Sha256,
            ),
            (oid::ID_EC_PUBLIC_KEY, Some(oid::SECP384R1)) => (
                KeyPair::Ecdsa(
                    signature::EcdsaKeyPair::from_pkcs8(
                        &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
                        der,
                        &rng,
                    )
                    .map_err(rejected)?,
                ),
                SignatureAlgorithm::EcdsaP384Sha384,
            ),
            (oid::ID_EC_PUBLIC_KEY, Some(other)) => return Err(unsupported(other)),
            (oid::ID_EC_PUBLIC_KEY, None) => return Err(unsupported("EC key without named curve")),
            (oid::ID_ED25519, _) => (
                KeyPair::Ed25519(
                    signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(rejected)?,
                ),
                SignatureAlgorithm::Ed25519,
            ),
            (other, _) => return Err(unsupported(other)),
        };
        Ok(SigningKey {
            pair,
            algorithm,
            rng,
        })
    }

    /// The private key of a PKCS#12 key store (`.p12`, e.g. as KalkanCrypt issues NCA
    /// keys): the entry named `alias` (its friendlyName), or the only entry with `None`.
    /// For the certificate and chain too, use [`crate::pkcs12::KeyStore`].
    ///
    /// Errors: [`Error::KeyPassword`], [`Error::Malformed`], [`Error::TooLarge`],
    /// [`Error::UnsupportedAlgorithm`], [`Error::InvalidKey`] (no such alias, several
    /// entries and no alias), [`Error::CertificateKeyMismatch`].
    pub fn from_pkcs12(
        bytes: &[u8],
        password: &str,
        alias: Option<&str>,
    ) -> Result<SigningKey, Error> {
        Ok(crate::pkcs12::KeyStore::open(bytes, password)?
            .into_entry(alias)?
            .into_signing_key())
    }

    /// A GOST signing key (see [`GostPrivateKey::generate`] for a fresh one).
    pub fn from_gost(key: GostPrivateKey) -> SigningKey {
        let algorithm = SignatureAlgorithm::from_gost_curve(key.curve());
        SigningKey {
            pair: KeyPair::Gost(key),
            algorithm,
            rng: SystemRandom::new(),
        }
    }

    /// Choose the signature algorithm: any RSA algorithm for an RSA key; for other keys
    /// only their own algorithm. Otherwise [`Error::UnsupportedAlgorithm`].
    pub fn with_algorithm(mut self, algorithm: SignatureAlgorithm) -> Result<SigningKey, Error> {
        let ok = match self.pair {
            KeyPair::Rsa(_) => algorithm.family() == KeyFamily::Rsa,
            _ => algorithm == self.algorithm,
        };
        if !ok {
            return Err(Error::UnsupportedAlgorithm {
                algorithm: format!("{} with a {} key", algorithm.name(), self.algorithm.name()),
            });
        }
        self.algorithm = algorithm;
        Ok(self)
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The key's SubjectPublicKeyInfo DER (rsaEncryption with NULL parameters,
    /// id-ecPublicKey with the named curve, or id-Ed25519).
    pub fn public_key_spki_der(&self) -> Result<Vec<u8>, Error> {
        let (alg, key) = match &self.pair {
            KeyPair::Rsa(k) => (
                tlv_parts(0x30, &[&oid_der(&oid::RSA_ENCRYPTION), &DER_NULL]),
                k.public_key().as_ref().to_vec(),
            ),
            KeyPair::Ecdsa(k) => {
                let curve = if self.algorithm == SignatureAlgorithm::EcdsaP384Sha384 {
                    oid::SECP384R1
                } else {
                    oid::SECP256R1
                };
                (
                    tlv_parts(0x30, &[&oid_der(&oid::ID_EC_PUBLIC_KEY), &oid_der(&curve)]),
                    k.public_key().as_ref().to_vec(),
                )
            }
            KeyPair::Ed25519(k) => (
                tlv(0x30, &oid_der(&oid::ID_ED25519)),
                k.public_key().as_ref().to_vec(),
            ),
            KeyPair::Gost(k) => return k.public_key().spki_der(),
        };
        let bits = tlv_parts(0x03, &[&[0], &key]);
        Ok(tlv_parts(0x30, &[&alg, &bits]))
    }

    /// True when `spki` (a SubjectPublicKeyInfo DER, e.g. from the signer's certificate)
    /// holds this key's public key. Unparsable input is `false`.
    pub fn matches_spki(&self, spki: &[u8]) -> bool {
        let mine = match self.public_key_spki_der().and_then(|d| parse_spki(&d)) {
            Ok(k) => k,
            Err(_) => return false,
        };
        match parse_spki(spki) {
            Ok(theirs) => theirs == mine,
            Err(_) => false,
        }
    }

    /// Sign `message` with [`SigningKey::algorithm`].
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let crypto = |_| Error::Crypto {
            detail: format!("{} signing failed", self.algorithm.name()),
        };
        match &self.pair {
            KeyPair::Rsa(k) => {
                let padding: &'static dyn signature::RsaEncoding = match self.algorithm {
                    SignatureAlgorithm::RsaPkcs1Sha256 => &signature::RSA_PKCS1_SHA256,
                    SignatureAlgorithm::RsaPkcs1Sha384 => &signature::RSA_PKCS1_SHA384,
                    SignatureAlgorithm::RsaPkcs1Sha512 => &signature::RSA_PKCS1_SHA512,
                    SignatureAlgorithm::RsaPssSha256 => &signature::RSA_PSS_SHA256,
                    SignatureAlgorithm::RsaPssSha384 => &signature::RSA_PSS_SHA384,
                    SignatureAlgorithm::RsaPssSha512 => &signature::RSA_PSS_SHA512,
                    other => return Err(unsupported(other.name())),
                };
                let mut sig = vec![0u8; k.public().modulus_len()];
                k.sign(padding, &self.rng, message, &mut sig)
                    .map_err(crypto)?;
                Ok(sig)
            }
            KeyPair::Ecdsa(k) => Ok(k
                .sign(&self.rng, message)
                .map_err(crypto)?
                .as_ref()
                .to_vec()),
            KeyPair::Ed25519(k) => Ok(k.sign(message).as_ref().to_vec()),
            KeyPair::Gost(k) => k.sign_with_rng(message, &self.rng),
        }
    }
}

/// The privateKeyAlgorithm OID and, for EC keys, the named curve of a PKCS#8
/// PrivateKeyInfo / OneAsymmetricKey (RFC 5958):
///
/// ```text
/// OneAsymmetricKey ::= SEQUENCE {
///   version                   Version,
///   privateKeyAlgorithm       PrivateKeyAlgorithmIdentifier,
///   privateKey                PrivateKey, ... }
/// ```
fn pkcs8_algorithm(der: &[u8]) -> Result<(ObjectIdentifier, Option<ObjectIdentifier>), Error> {
    const WHAT: &str = "PKCS#8";
    let invalid = |e: Error| Error::InvalidKey {
        detail: e.to_string(),
    };
    let any = parse_single(der, WHAT).map_err(invalid)?;
    let mut r = DerReader::new(any.value(), WHAT).map_err(invalid)?;
    r.expect(0x02, "version").map_err(invalid)?;
    let (_, alg_raw) = r.next_raw().map_err(invalid)?;
    let alg = AlgorithmIdentifier::from_der(alg_raw).map_err(invalid)?;
    let curve = match alg.parameters.as_deref() {
        Some(p) if alg.oid == oid::ID_EC_PUBLIC_KEY => {
            Some(oid_of(parse_single(p, WHAT).map_err(invalid)?, WHAT).map_err(invalid)?)
        }
        _ => None,
    };
    Ok((alg.oid, curve))
}

/// True if `inner` (the `signature` field inside a TBSCertificate / TBSCertList) and
/// `outer` (the `signatureAlgorithm` beside it) name the same signature algorithm, as
/// RFC 5280 §4.1.1.2 and §5.1.1.2 require ("MUST contain the same algorithm identifier").
///
/// The one comparison used for certificates and CRLs. Equal OIDs and byte-equal
/// parameters are the same; in addition, for the algorithms whose parameters are
/// "absent or NULL" — the RSA PKCS#1 v1.5 family (RFC 4055 §5: "the parameters MUST be
/// present and MUST be NULL", while RFC 3279 §2.2.1 encoders are known to omit them) and the
/// GOST signature OIDs — an absent parameters field and `NULL` are the same value. The
/// NCA's own GOST CRLs carry no parameters in the TBS and `NULL` outside. Different OIDs, or
/// any other parameters (PSS, ECDSA with parameters, ...), stay a mismatch.
pub(crate) fn same_signature_algorithm(
    inner: &AlgorithmIdentifier,
    outer: &AlgorithmIdentifier,
) -> bool {
    if inner.oid != outer.oid {
        return false;
    }
    if inner.parameters == outer.parameters {
        return true;
    }
    let absent_or_null_family = matches!(
        inner.oid,
        oid::SHA256_WITH_RSA_ENCRYPTION
            | oid::SHA384_WITH_RSA_ENCRYPTION
            | oid::SHA512_WITH_RSA_ENCRYPTION
            | oid::GOST2015_512_SIGNATURE
            | oid::GOST2004_SIGNATURE
    );
    absent_or_null_family && inner.params_absent_or_null() && outer.params_absent_or_null()
}

#[cfg(test)]
mod same_signature_algorithm_tests {
    use super::*;

    fn id(oid: ObjectIdentifier, parameters: Option<&[u8]>) -> AlgorithmIdentifier {
        AlgorithmIdentifier {
            oid,
            parameters: parameters.map(<[u8]>::to_vec),
        }
    }

    #[test]
    fn absent_equals_null_only_for_the_absent_or_null_family() {
        let null: &[u8] = &DER_NULL;
        for oid in [
            oid::SHA256_WITH_RSA_ENCRYPTION,
            oid::SHA512_WITH_RSA_ENCRYPTION,
            oid::GOST2015_512_SIGNATURE,
            oid::GOST2004_SIGNATURE,
        ] {
            assert!(same_signature_algorithm(
                &id(oid, None),
                &id(oid, Some(null))
            ));
            assert!(same_signature_algorithm(
                &id(oid, Some(null)),
                &id(oid, None)
            ));
            assert!(same_signature_algorithm(&id(oid, None), &id(oid, None)));
            // Other parameters are not NULL.
            assert!(!same_signature_algorithm(
                &id(oid, Some(&[0x04, 0x00])),
                &id(oid, None)
            ));
        }
        // ECDSA: parameters absent; NULL is a different value.
        assert!(!same_signature_algorithm(
            &id(oid::ECDSA_WITH_SHA256, None),
            &id(oid::ECDSA_WITH_SHA256, Some(null))
        ));
        // PSS: the parameters are the algorithm.
        let p1 = pss_params_der(DigestAlgorithm::Sha256);
        let p2 = pss_params_der(DigestAlgorithm::Sha384);
        assert!(same_signature_algorithm(
            &id(oid::ID_RSASSA_PSS, Some(&p1)),
            &id(oid::ID_RSASSA_PSS, Some(&p1))
        ));
        assert!(!same_signature_algorithm(
            &id(oid::ID_RSASSA_PSS, Some(&p1)),
            &id(oid::ID_RSASSA_PSS, Some(&p2))
        ));
        // Different OIDs never match.
        assert!(!same_signature_algorithm(
            &id(oid::SHA256_WITH_RSA_ENCRYPTION, Some(null)),
            &id(oid::SHA384_WITH_RSA_ENCRYPTION, Some(null))
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;

    /// RSAPublicKey DER from raw INTEGER contents.
    fn rsa_key(n: &[u8], e: &[u8]) -> Vec<u8> {
        tlv_parts(0x30, &[&tlv(0x02, n), &tlv(0x02, e)])
    }

    #[test]
    fn rsa_public_key_rules_are_rings() {
        let mut n = vec![0x00, 0xc5];
        n.extend([0x5a; 254]);
        n.push(0x01); // 2048 bits, odd
        assert!(check_rsa_public_key(&rsa_key(&n, &[0x01, 0x00, 0x01])).is_ok());
        assert!(check_rsa_public_key(&rsa_key(&n, &[0x03])).is_ok());
        assert!(check_rsa_public_key(&rsa_key(&n, &[0x01, 0xff, 0xff, 0xff, 0xff])).is_ok());
        for bad_e in [
            &[0x01][..],                           // e = 1
            &[0x02],                               // even
            &[0x01, 0x00, 0x00],                   // even
            &[0x02, 0x00, 0x00, 0x00, 0x01],       // 2^33 + 1
            &[0x00, 0x03],                         // non-minimal
            &[0x81],                               // negative
            &[0x01, 0x00, 0x00, 0x00, 0x00, 0x01], // too long
        ] {
            assert!(
                check_rsa_public_key(&rsa_key(&n, bad_e)).is_err(),
                "{bad_e:02x?}"
            );
        }
        let mut even = n.clone();
        *even.last_mut().unwrap() = 0x02;
        assert!(check_rsa_public_key(&rsa_key(&even, &[0x03])).is_err());
        let negative = n[1..].to_vec(); // 0xc5… without the sign octet
        assert!(check_rsa_public_key(&rsa_key(&negative, &[0x03])).is_err());
        let mut padded = vec![0x00];
        padded.extend(&n); // 00 00 c5…
        assert!(check_rsa_public_key(&rsa_key(&padded, &[0x03])).is_err());
    }

    fn ec_key(alg: &'static signature::EcdsaSigningAlgorithm) -> SigningKey {
        let doc = signature::EcdsaKeyPair::generate_pkcs8(alg, &SystemRandom::new()).unwrap();
        SigningKey::from_pkcs8(doc.as_ref()).unwrap()
    }

    #[test]
    fn pss_params_round_trip() {
        for (alg, d) in [
            (SignatureAlgorithm::RsaPssSha256, DigestAlgorithm::Sha256),
            (SignatureAlgorithm::RsaPssSha384, DigestAlgorithm::Sha384),
            (SignatureAlgorithm::RsaPssSha512, DigestAlgorithm::Sha512),
        ] {
            let id = alg.algorithm_identifier();
            assert_eq!(parse_pss_params(id.parameters.as_deref()).unwrap(), d);
            let der = id.to_der().unwrap();
            assert_eq!(AlgorithmIdentifier::from_der(&der).unwrap(), id);
            assert_eq!(SignatureAlgorithm::from_identifier(&id).unwrap(), alg);
        }
        // OpenSSL's encoding of PSS SHA-256 (hash params NULL, salt 32).
        let openssl = [
            0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
            0x04, 0x02, 0x01, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48,
            0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
        ];
        assert_eq!(pss_params_der(DigestAlgorithm::Sha256), openssl);
        // Salt 20 → unsupported; no params → unsupported; MGF1 hash mismatch → unsupported.
        let mut salt20 = openssl;
        salt20[53] = 20;
        assert!(matches!(
            parse_pss_params(Some(&salt20)),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
        assert!(matches!(
            parse_pss_params(None),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
        let mut mgf384 = openssl;
        mgf384[46] = 0x02;
        assert!(matches!(
            parse_pss_params(Some(&mgf384)),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
    }

    #[test]
    fn ecdsa_sign_verify_and_confusion() {
        let key = ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING);
        let spki = key.public_key_spki_der().unwrap();
        assert!(key.matches_spki(&spki));
        let sig = key.sign(b"msg").unwrap();
        let id = SignatureAlgorithm::EcdsaP256Sha256.algorithm_identifier();
        assert_eq!(
            verify_signature(&id, &spki, b"msg", &sig, &CoreBackend).unwrap(),
            SignatureAlgorithm::EcdsaP256Sha256
        );
        assert_eq!(
            verify_signature(&id, &spki, b"msh", &sig, &CoreBackend),
            Err(Error::BadSignature)
        );
        // An RSA algorithm with an EC key is refused before ring is asked.
        let rsa = SignatureAlgorithm::RsaPkcs1Sha256.algorithm_identifier();
        assert!(matches!(
            verify_signature(&rsa, &spki, b"msg", &sig, &CoreBackend),
            Err(Error::Malformed { .. })
        ));
        let ed = SignatureAlgorithm::Ed25519.algorithm_identifier();
        assert!(matches!(
            verify_signature(&ed, &spki, b"msg", &sig, &CoreBackend),
            Err(Error::Malformed { .. })
        ));
        let p384 = ec_key(&signature::ECDSA_P384_SHA384_ASN1_SIGNING);
        assert!(!p384.matches_spki(&spki));
        assert!(key
            .with_algorithm(SignatureAlgorithm::RsaPkcs1Sha256)
            .is_err());
    }

    #[test]
    fn unknown_oid_is_unsupported() {
        // GOST 34.10-2015 (256) is not supported.
        let id = AlgorithmIdentifier {
            oid: ObjectIdentifier::new("1.2.398.3.10.1.1.2.3.1").unwrap(),
            parameters: None,
        };
        assert_eq!(
            verify_signature(&id, &[], b"", b"", &CoreBackend),
            Err(Error::UnsupportedAlgorithm {
                algorithm: "1.2.398.3.10.1.1.2.3.1".into()
            })
        );
    }

    #[test]
    fn gost_sign_verify_and_confusion() {
        let k2015 =
            SigningKey::from_gost(GostPrivateKey::generate(GostCurve::Gost2015_512).unwrap());
        let k2004 = SigningKey::from_gost(GostPrivateKey::generate(GostCurve::Gost2004).unwrap());
        let ec = ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING);
        let (s2015, s2004, sec) = (
            k2015.public_key_spki_der().unwrap(),
            k2004.public_key_spki_der().unwrap(),
            ec.public_key_spki_der().unwrap(),
        );
        let id2015 = SignatureAlgorithm::Gost2015_512.algorithm_identifier();
        let id2004 = SignatureAlgorithm::Gost2004.algorithm_identifier();
        let sig2015 = k2015.sign(b"msg").unwrap();
        let sig2004 = k2004.sign(b"msg").unwrap();
        assert_eq!(
            verify_signature(&id2015, &s2015, b"msg", &sig2015, &CoreBackend).unwrap(),
            SignatureAlgorithm::Gost2015_512
        );
        assert_eq!(
            verify_signature(&id2004, &s2004, b"msg", &sig2004, &CoreBackend).unwrap(),
            SignatureAlgorithm::Gost2004
        );
        assert_eq!(
            verify_signature(&id2004, &s2004, b"msh", &sig2004, &CoreBackend),
            Err(Error::BadSignature)
        );
        // Algorithm and key must agree: 2004 algorithm with a 2015 key and vice versa,
        // GOST with an EC key, ECDSA/RSA with a GOST key: refused before any arithmetic.
        for (id, spki) in [
            (&id2004, &s2015),
            (&id2015, &s2004),
            (&id2015, &sec),
            (
                &SignatureAlgorithm::EcdsaP256Sha256.algorithm_identifier(),
                &s2015,
            ),
            (
                &SignatureAlgorithm::RsaPkcs1Sha256.algorithm_identifier(),
                &s2004,
            ),
        ] {
            assert!(
                matches!(
                    verify_signature(id, spki, b"msg", &sig2015, &CoreBackend),
                    Err(Error::Malformed { .. })
                ),
                "{id:?}"
            );
        }
        // The identifiers round trip (NULL parameters, as the NCA writes them).
        for alg in [
            SignatureAlgorithm::Gost2015_512,
            SignatureAlgorithm::Gost2004,
        ] {
            let id = alg.algorithm_identifier();
            assert_eq!(id.parameters.as_deref(), Some(&DER_NULL[..]));
            assert_eq!(SignatureAlgorithm::from_identifier(&id).unwrap(), alg);
        }
        // PKCS#8 round trip through SigningKey::from_pkcs8 (PEM too).
        let GostKeyDer(der) = gost_pkcs8(&k2015);
        let back = SigningKey::from_pkcs8(&der).unwrap();
        assert!(back.matches_spki(&s2015));
        assert!(!back.matches_spki(&s2004));
        let pem = encoding::to_pem(&der, "PRIVATE KEY");
        assert!(SigningKey::from_pkcs8(pem.as_bytes())
            .unwrap()
            .matches_spki(&s2015));
        assert!(k2015.with_algorithm(SignatureAlgorithm::Gost2004).is_err());
    }

    struct GostKeyDer(Vec<u8>);

    fn gost_pkcs8(k: &SigningKey) -> GostKeyDer {
        match &k.pair {
            KeyPair::Gost(g) => GostKeyDer(g.to_pkcs8_der().unwrap()),
            _ => panic!("not GOST"),
        }
    }

    #[test]
    fn gost_signer_algorithm_pairs() {
        let id =
            |oid: ObjectIdentifier, p: Option<Vec<u8>>| AlgorithmIdentifier { oid, parameters: p };
        let streebog = DigestAlgorithm::Streebog512.algorithm_identifier();
        let gost94 = DigestAlgorithm::Gost94Test.algorithm_identifier();
        assert_eq!(
            signer_algorithm(
                &streebog,
                &SignatureAlgorithm::Gost2015_512.algorithm_identifier()
            )
            .unwrap(),
            SignatureAlgorithm::Gost2015_512
        );
        assert_eq!(
            signer_algorithm(&gost94, &id(oid::GOST2004_KEY, None)).unwrap(),
            SignatureAlgorithm::Gost2004
        );
        // Digest that does not fit the signature algorithm.
        assert!(matches!(
            signer_algorithm(
                &gost94,
                &SignatureAlgorithm::Gost2015_512.algorithm_identifier()
            ),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            signer_algorithm(
                &DigestAlgorithm::Sha256.algorithm_identifier(),
                &id(oid::GOST2004_KEY, None)
            ),
            Err(Error::Malformed { .. })
        ));
        // RSA / ECDSA with a GOST digest: unsupported.
        assert!(matches!(
            signer_algorithm(&streebog, &id(oid::RSA_ENCRYPTION, None)),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
        assert!(matches!(
            signer_algorithm(&streebog, &id(oid::ID_EC_PUBLIC_KEY, None)),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
    }

    #[test]
    fn signer_algorithm_pairs() {
        let sha = |d: DigestAlgorithm| d.algorithm_identifier();
        let id =
            |oid: ObjectIdentifier, p: Option<Vec<u8>>| AlgorithmIdentifier { oid, parameters: p };
        assert_eq!(
            signer_algorithm(
                &sha(DigestAlgorithm::Sha384),
                &id(oid::RSA_ENCRYPTION, Some(DER_NULL.to_vec()))
            )
            .unwrap(),
            SignatureAlgorithm::RsaPkcs1Sha384
        );
        assert_eq!(
            signer_algorithm(
                &sha(DigestAlgorithm::Sha256),
                &id(oid::ID_EC_PUBLIC_KEY, None)
            )
            .unwrap(),
            SignatureAlgorithm::EcdsaP256Sha256
        );
        assert!(matches!(
            signer_algorithm(
                &sha(DigestAlgorithm::Sha384),
                &id(oid::SHA256_WITH_RSA_ENCRYPTION, Some(DER_NULL.to_vec()))
            ),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            signer_algorithm(&sha(DigestAlgorithm::Sha256), &id(oid::ID_ED25519, None)),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            signer_algorithm(&id(oid::ID_SHA1, None), &id(oid::RSA_ENCRYPTION, None)),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
    }

    #[test]
    fn debug_hides_key() {
        let doc = signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let key = SigningKey::from_pkcs8(doc.as_ref()).unwrap();
        assert_eq!(format!("{key:?}"), "SigningKey { algorithm: Ed25519, .. }");
    }
}
