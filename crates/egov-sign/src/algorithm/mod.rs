//! Signature algorithms: identifiers, public keys, verification, signing keys.
//!
//! | file | holds |
//! |------|-------|
//! | `mod.rs` | [`AlgorithmIdentifier`], [`DigestAlgorithm`], [`SignatureAlgorithm`]: OIDs, names, the parameter rules of each identifier, RSASSA-PSS-params, the CMS pairing [`signer_algorithm`] |
//! | `spki.rs` | the SubjectPublicKeyInfo reader: the key types, curves and sizes accepted |
//! | `verify.rs` | [`verify_signature`] / [`verify()`], the [`SignatureBackend`] seam and the crate's own [`CoreBackend`] |
//! | `signing.rs` | [`SigningKey`]: PKCS#8 private keys and signing |
//!
//! Every signature the crate checks (certificates, CRLs, OCSP responses, CMS SignerInfos,
//! time-stamp tokens, XML signatures) goes through [`verify()`]: one place resolves the
//! algorithm, one reader parses the key, one rule decides whether they fit, and only then
//! does a [`SignatureBackend`] (by default [`CoreBackend`]) run the primitive. Algorithm
//! confusion is impossible by construction: the key type (and, for ECDSA, the named curve;
//! for GOST, the curve of the key's parameters) must fit the algorithm before any
//! arithmetic.
//!
//! Supported: RSA PKCS#1 v1.5 and RSASSA-PSS with SHA-256/384/512 (keys of 2048–8192 bits,
//! `rsaEncryption` SubjectPublicKeyInfo), ECDSA on P-256 and P-384 with SHA-256 or SHA-384
//! (signing only with the curve's own hash), Ed25519, and the Kazakh GOST algorithms of the
//! NCA — GOST 34.10-2015 (512) with Streebog-512 and GOST 34.310-2004 with GOST 34.311-95 —
//! implemented in `crate::gost`.
//!
//! The identifiers are read as [RFC 5280] defines them
//! ([§4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2)):
//!
//! ```text
//! AlgorithmIdentifier  ::=  SEQUENCE  {
//!      algorithm               OBJECT IDENTIFIER,
//!      parameters              ANY DEFINED BY algorithm OPTIONAL  }
//! ```
//!
//! and the parameters are part of the identifier, checked per algorithm:
//!
//! | algorithm | parameters | reference |
//! |-----------|------------|-----------|
//! | `sha{256,384,512}WithRSAEncryption` | NULL; absent accepted (encoders omit it) | [RFC 4055 §5](https://www.rfc-editor.org/rfc/rfc4055#section-5), [RFC 3279 §2.2.1](https://www.rfc-editor.org/rfc/rfc3279#section-2.2.1) |
//! | `id-RSASSA-PSS` | RSASSA-PSS-params with explicit hash, MGF1 with the same hash, salt = hash length, trailerField 1 | [RFC 4055 §3.1](https://www.rfc-editor.org/rfc/rfc4055#section-3.1) |
//! | `ecdsa-with-SHA{256,384}` | absent | [RFC 5758 §3.2](https://www.rfc-editor.org/rfc/rfc5758#section-3.2) |
//! | `id-Ed25519` | absent | [RFC 8410 §3](https://www.rfc-editor.org/rfc/rfc8410#section-3) |
//! | `id-sha{256,384,512}` (digests) | absent or NULL | [RFC 5754 §2](https://www.rfc-editor.org/rfc/rfc5754#section-2) |
//! | GOST signature OIDs | NULL (as the NCA writes them) or absent | `crate::gost` |
//!
//! [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280

use crate::encoding::{oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::gost::GostCurve;
use crate::oid::{self, ObjectIdentifier};
use crate::Error;

mod signing;
mod spki;
mod verify;

pub use signing::SigningKey;
pub(crate) use spki::{parse_spki, PublicKey};
#[doc(hidden)]
pub use verify::signature_checks_on_this_thread;
pub(crate) use verify::{is_core, verify_parsed};
pub use verify::{verify, verify_signature, CoreBackend, SignatureBackend, SignatureCheck};

const DER_NULL: [u8; 2] = [0x05, 0x00];

/// An AlgorithmIdentifier, owned.
///
/// ```text
/// AlgorithmIdentifier  ::=  SEQUENCE  {
///      algorithm               OBJECT IDENTIFIER,
///      parameters              ANY DEFINED BY algorithm OPTIONAL  }
/// ```
/// ([RFC 5280 §4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2))
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlgorithmIdentifier {
    /// The algorithm OID (a `crate::oid` constant when recognised; compare as bytes,
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

    /// The AlgorithmIdentifier this crate emits (parameters absent,
    /// [RFC 5754 §2](https://www.rfc-editor.org/rfc/rfc5754#section-2)).
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

    /// The digest the algorithm hashes with (SHA-512 for Ed25519, as
    /// [RFC 8419 §3](https://www.rfc-editor.org/rfc/rfc8419#section-3) requires for
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
    /// PKCS#1 ([RFC 4055 §5](https://www.rfc-editor.org/rfc/rfc4055#section-5)) and GOST (as the NCA writes them),
    /// absent parameters for ECDSA ([RFC 5758 §3.2](https://www.rfc-editor.org/rfc/rfc5758#section-3.2)) and
    /// Ed25519 ([RFC 8410 §3](https://www.rfc-editor.org/rfc/rfc8410#section-3)), full RSASSA-PSS-params for PSS
    /// ([RFC 4055 §3.1](https://www.rfc-editor.org/rfc/rfc4055#section-3.1): hash and MGF1 hash equal, salt = hash
    /// length, trailerField 1 by default).
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
            // RFC 4055 §5: NULL; absent tolerated (RFC 3279 §2.2.1 encoders omit it).
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

/// RSASSA-PSS-params DER for `digest`, with NULL hash parameters
/// ([RFC 4055 §3.1](https://www.rfc-editor.org/rfc/rfc4055#section-3.1)):
///
/// ```text
/// RSASSA-PSS-params  ::=  SEQUENCE  {
///     hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
///     maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
///     saltLength         [2] INTEGER DEFAULT 20,
///     trailerField       [3] INTEGER DEFAULT 1  }
/// ```
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

/// Parse RSASSA-PSS-params (see [`pss_params_der`]) strictly: hash SHA-256/384/512
/// present, MGF1 with the same hash, salt length = hash length, trailerField absent or 1
/// (the profile of [RFC 4055 §3.1](https://www.rfc-editor.org/rfc/rfc4055#section-3.1) and
/// [RFC 8017 §A.2.3](https://www.rfc-editor.org/rfc/rfc8017#appendix-A.2.3)). Anything else
/// (including the SHA-1 defaults) is [`Error::UnsupportedAlgorithm`].
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

/// The algorithm of a CMS SignerInfo from its `digestAlgorithm` and `signatureAlgorithm`
/// ([RFC 5652 §5.3](https://www.rfc-editor.org/rfc/rfc5652#section-5.3)):
///
/// ```text
/// SignerInfo ::= SEQUENCE {
///   version CMSVersion,
///   sid SignerIdentifier,
///   digestAlgorithm DigestAlgorithmIdentifier,
///   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
///   signatureAlgorithm SignatureAlgorithmIdentifier,
///   signature SignatureValue,
///   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
/// ```
///
/// `signatureAlgorithm` may be a full signature identifier (`sha256WithRSAEncryption`,
/// `ecdsa-with-SHA256`, `id-RSASSA-PSS`, `id-Ed25519`, ...) whose hash must equal the
/// digest algorithm, or a bare key type as OpenSSL writes it (`rsaEncryption` → RSA
/// PKCS#1 v1.5 with the digest algorithm's hash; `id-ecPublicKey` → ECDSA with it). For
/// ECDSA the P-256 variant is returned; verification substitutes the key's curve. Ed25519
/// requires SHA-512 as digest algorithm ([RFC 8419 §3.1](https://www.rfc-editor.org/rfc/rfc8419#section-3.1)).
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

/// True if `inner` (the `signature` field inside a TBSCertificate / TBSCertList) and
/// `outer` (the `signatureAlgorithm` beside it) name the same signature algorithm, as
/// [RFC 5280] [§4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2) and
/// [§5.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-5.1.1.2) require ("MUST contain the same algorithm
/// identifier").
///
/// The one comparison used for certificates and CRLs. Equal OIDs and byte-equal
/// parameters are the same; in addition, for the algorithms whose parameters are
/// "absent or NULL" — the RSA PKCS#1 v1.5 family ([RFC 4055 §5](https://www.rfc-editor.org/rfc/rfc4055#section-5): "the
/// parameters MUST be present and MUST be NULL", while
/// [RFC 3279 §2.2.1](https://www.rfc-editor.org/rfc/rfc3279#section-2.2.1) encoders are known to omit them) and the
/// GOST signature OIDs — an absent parameters field and `NULL` are the same value. The
/// NCA's own GOST CRLs carry no parameters in the TBS and `NULL` outside. Different OIDs, or
/// any other parameters (PSS, ECDSA with parameters, ...), stay a mismatch.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
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

    const NULL: &[u8] = &[0x05, 0x00];

    fn with(alg: SignatureAlgorithm, parameters: Option<&[u8]>) -> AlgorithmIdentifier {
        AlgorithmIdentifier {
            oid: alg.oid(),
            parameters: parameters.map(<[u8]>::to_vec),
        }
    }

    /// The parameters are part of a signature AlgorithmIdentifier: NULL or absent for RSA
    /// PKCS#1 v1.5 ([RFC 4055 §5]; [RFC 3279] encoders omit it) and GOST, absent only for ECDSA
    /// ([RFC 5758 §3.2]) and Ed25519 ([RFC 8410 §3]), RSASSA-PSS-params for PSS.
    ///
    /// [RFC 3279]: https://www.rfc-editor.org/rfc/rfc3279
    /// [RFC 4055 §5]: https://www.rfc-editor.org/rfc/rfc4055#section-5
    /// [RFC 5758 §3.2]: https://www.rfc-editor.org/rfc/rfc5758#section-3.2
    /// [RFC 8410 §3]: https://www.rfc-editor.org/rfc/rfc8410#section-3
    #[test]
    fn signature_identifier_parameter_rules() {
        use SignatureAlgorithm as S;
        let other = oid_der(&oid::SECP256R1);
        let null_or_absent = [
            S::RsaPkcs1Sha256,
            S::RsaPkcs1Sha384,
            S::RsaPkcs1Sha512,
            S::Gost2015_512,
            S::Gost2004,
        ];
        for alg in null_or_absent {
            assert_eq!(
                SignatureAlgorithm::from_identifier(&with(alg, None)),
                Ok(alg)
            );
            assert_eq!(
                SignatureAlgorithm::from_identifier(&with(alg, Some(NULL))),
                Ok(alg)
            );
            assert!(
                matches!(
                    SignatureAlgorithm::from_identifier(&with(alg, Some(&other))),
                    Err(Error::Malformed { .. })
                ),
                "{alg:?}"
            );
        }
        // ECDSA (the identifier names the hash; P-256 until the key says otherwise) and
        // Ed25519: absent only.
        for (alg, named) in [
            (S::EcdsaP256Sha256, S::EcdsaP256Sha256),
            (S::EcdsaP384Sha384, S::EcdsaP256Sha384),
            (S::Ed25519, S::Ed25519),
        ] {
            assert_eq!(
                SignatureAlgorithm::from_identifier(&with(alg, None)),
                Ok(named)
            );
            for bad in [NULL, &other[..]] {
                assert!(
                    matches!(
                        SignatureAlgorithm::from_identifier(&with(alg, Some(bad))),
                        Err(Error::Malformed { .. })
                    ),
                    "{alg:?} {bad:02x?}"
                );
            }
        }
        // RSASSA-PSS: the parameters are required (the SHA-1 defaults are not supported)
        // and must be a SEQUENCE.
        assert!(matches!(
            SignatureAlgorithm::from_identifier(&with(S::RsaPssSha256, None)),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
        assert!(matches!(
            SignatureAlgorithm::from_identifier(&with(S::RsaPssSha256, Some(NULL))),
            Err(Error::Malformed { .. })
        ));
        // RSASSA-PSS-params with every field at its (SHA-1) default.
        assert!(matches!(
            SignatureAlgorithm::from_identifier(&with(S::RsaPssSha256, Some(&[0x30, 0x00]))),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
    }

    /// Digest identifiers: absent or NULL parameters ([RFC 5754 §2]), nothing else; SHA-1
    /// and unknown digests are unsupported.
    ///
    /// [RFC 5754 §2]: https://www.rfc-editor.org/rfc/rfc5754#section-2
    #[test]
    fn digest_identifier_parameter_rules() {
        let other = oid_der(&oid::SECP256R1);
        for d in [
            DigestAlgorithm::Sha256,
            DigestAlgorithm::Sha384,
            DigestAlgorithm::Sha512,
            DigestAlgorithm::Streebog512,
            DigestAlgorithm::Gost94Test,
        ] {
            let id = |p: Option<&[u8]>| AlgorithmIdentifier {
                oid: d.oid(),
                parameters: p.map(<[u8]>::to_vec),
            };
            assert_eq!(DigestAlgorithm::from_identifier(&id(None)), Ok(d));
            assert_eq!(DigestAlgorithm::from_identifier(&id(Some(NULL))), Ok(d));
            assert!(matches!(
                DigestAlgorithm::from_identifier(&id(Some(&other))),
                Err(Error::Malformed { .. })
            ));
            assert_eq!(d.digest(b"abc").len(), d.output_len(), "{d:?}");
            assert_eq!(
                d.algorithm_identifier().parameters,
                None,
                "RFC 5754: absent"
            );
        }
        let sha1 = AlgorithmIdentifier {
            oid: oid::ID_SHA1,
            parameters: None,
        };
        assert!(matches!(
            DigestAlgorithm::from_identifier(&sha1),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
    }

    /// What this crate emits follows the same rules, and reads back as itself.
    #[test]
    fn emitted_identifiers_round_trip() {
        use SignatureAlgorithm as S;
        for alg in [
            S::RsaPkcs1Sha256,
            S::RsaPkcs1Sha384,
            S::RsaPkcs1Sha512,
            S::RsaPssSha256,
            S::RsaPssSha384,
            S::RsaPssSha512,
            S::EcdsaP256Sha256,
            S::EcdsaP384Sha384,
            S::EcdsaP256Sha384,
            S::EcdsaP384Sha256,
            S::Ed25519,
            S::Gost2015_512,
            S::Gost2004,
        ] {
            let id = alg.algorithm_identifier();
            let expected_parameters = match alg.family() {
                KeyFamily::Rsa if id.oid != oid::ID_RSASSA_PSS => Some(NULL.to_vec()),
                KeyFamily::Rsa => Some(pss_params_der(alg.digest())),
                KeyFamily::Gost => Some(NULL.to_vec()),
                KeyFamily::Ecdsa | KeyFamily::Ed25519 => None,
            };
            assert_eq!(id.parameters, expected_parameters, "{alg:?}");
            let der = alg.algorithm_identifier_der().unwrap();
            assert_eq!(AlgorithmIdentifier::from_der(&der).unwrap(), id);
            let back = SignatureAlgorithm::from_identifier(&id).unwrap();
            assert_eq!(
                (back.oid(), back.digest()),
                (alg.oid(), alg.digest()),
                "{alg:?}"
            );
            assert_eq!(back.family(), alg.family());
        }
    }

    /// AlgorithmIdentifier DER: one SEQUENCE of an OID and at most one parameters value.
    #[test]
    fn algorithm_identifier_der_is_strict() {
        let oid = oid_der(&oid::ID_SHA256);
        let good = tlv_parts(0x30, &[&oid, NULL]);
        assert_eq!(
            AlgorithmIdentifier::from_der(&good).unwrap(),
            AlgorithmIdentifier {
                oid: oid::ID_SHA256,
                parameters: Some(NULL.to_vec())
            }
        );
        assert_eq!(good.len(), 15);
        let mut set = good.clone();
        set[0] = 0x31;
        let mut trailing = good.clone();
        trailing.push(0);
        for bad in [
            set,
            trailing,
            tlv(0x30, &[]),                                 // no OID
            tlv(0x30, &[0x02, 0x01, 0x01]),                 // INTEGER instead of OID
            tlv_parts(0x30, &[&oid, NULL, NULL]),           // two parameters
            [&[0x30, 0x81, 0x0d][..], &oid, NULL].concat(), // non-minimal length
            Vec::new(),
        ] {
            assert!(AlgorithmIdentifier::from_der(&bad).is_err(), "{bad:02x?}");
        }
    }

    /// A SignerInfo's bare `rsaEncryption` carries NULL or no parameters, as in an SPKI.
    #[test]
    fn signer_rsa_encryption_parameters() {
        let sha256 = DigestAlgorithm::Sha256.algorithm_identifier();
        let rsa = |p: Option<Vec<u8>>| AlgorithmIdentifier {
            oid: oid::RSA_ENCRYPTION,
            parameters: p,
        };
        assert_eq!(
            signer_algorithm(&sha256, &rsa(None)),
            Ok(SignatureAlgorithm::RsaPkcs1Sha256)
        );
        assert_eq!(
            signer_algorithm(&sha256, &rsa(Some(NULL.to_vec()))),
            Ok(SignatureAlgorithm::RsaPkcs1Sha256)
        );
        assert!(matches!(
            signer_algorithm(&sha256, &rsa(Some(oid_der(&oid::SECP256R1)))),
            Err(Error::Malformed { .. })
        ));
        // Ed25519 requires SHA-512 as digestAlgorithm (RFC 8419 §3.1).
        let ed = SignatureAlgorithm::Ed25519.algorithm_identifier();
        assert_eq!(
            signer_algorithm(&DigestAlgorithm::Sha512.algorithm_identifier(), &ed),
            Ok(SignatureAlgorithm::Ed25519)
        );
    }
}
