//! Signature verification, and the seam where the final primitive may run elsewhere.
//!
//! [`verify`] does, in this order: resolve the algorithm (for ECDSA, to the key's curve),
//! parse the key ([`super::spki`]), refuse a key that does not fit the algorithm, refuse
//! signatures of the wrong length (RSA: the modulus length; Ed25519: 64 octets), and only
//! then hand a [`SignatureCheck`] to a [`SignatureBackend`]. [`CoreBackend`] — ring and the
//! crate's GOST arithmetic — is the default everywhere; another backend (the WebAssembly
//! binding's WebCrypto / `node:crypto`) replaces the primitive alone, and its `None` hands
//! the check back to the core.
//!
//! The signature is taken as the signed structure carries it
//! ([RFC 5280 §4.1.1.3](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.3)):
//! RSA octets ([RFC 8017 §8.2](https://www.rfc-editor.org/rfc/rfc8017#section-8.2)),
//! the DER `Ecdsa-Sig-Value` for ECDSA
//! ([RFC 3279 §2.2.3](https://www.rfc-editor.org/rfc/rfc3279#section-2.2.3)), the 64
//! octets of Ed25519 ([RFC 8410 §6](https://www.rfc-editor.org/rfc/rfc8410#section-6)),
//! `r ‖ s` for GOST (`crate::gost`).

use ring::signature;

use super::spki::{key_bytes, parse_spki, PublicKey};
use super::{unsupported, AlgorithmIdentifier, DigestAlgorithm, KeyFamily, SignatureAlgorithm};
use crate::encoding::{parse_single, DerReader};
use crate::Error;

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
/// work-bound tests (no input costs more than 5× a legitimate verification);
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
/// key: ring, or the GOST arithmetic of `crate::gost`. A key that does not fit the
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
    /// The signer's SubjectPublicKeyInfo, DER
    /// ([RFC 5280 §4.1.2.7](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7)).
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
    /// ([RFC 3279 §2.2.3](https://www.rfc-editor.org/rfc/rfc3279#section-2.2.3)). `None`
    /// for other algorithms and for anything that is not strict DER with
    /// `0 < r, s < 2^(8·size)`: ring rejects those, so a backend that returns `None` for
    /// them leaves the (rejecting) decision to the core.
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
/// [`crate::cms::Envelope::verify_signature`], `crate::path::build`,
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
/// (`crate::gost`) for GOST 34.10-2015 (512) with Streebog-512 and GOST 34.310-2004 with
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::SigningKey;
    use crate::oid::ObjectIdentifier;
    use ring::rand::SystemRandom;

    fn ec_key(alg: &'static signature::EcdsaSigningAlgorithm) -> SigningKey {
        let doc = signature::EcdsaKeyPair::generate_pkcs8(alg, &SystemRandom::new()).unwrap();
        SigningKey::from_pkcs8(doc.as_ref()).unwrap()
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

    /// A second verifier, written apart from `core_verify`: its own algorithm table over
    /// ring, and for GOST the pre-issue-17 arithmetic kept as a differential oracle
    /// (`crate::gost::oracle`), not the arithmetic the core runs.
    #[derive(Debug)]
    struct Independent;

    impl SignatureBackend for Independent {
        fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
            use SignatureAlgorithm as S;
            let key = parse_spki(c.spki).ok()?;
            let ring_alg: &dyn signature::VerificationAlgorithm = match c.algorithm {
                S::RsaPkcs1Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
                S::RsaPkcs1Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
                S::RsaPkcs1Sha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
                S::RsaPssSha256 => &signature::RSA_PSS_2048_8192_SHA256,
                S::RsaPssSha384 => &signature::RSA_PSS_2048_8192_SHA384,
                S::RsaPssSha512 => &signature::RSA_PSS_2048_8192_SHA512,
                S::EcdsaP256Sha256 => &signature::ECDSA_P256_SHA256_ASN1,
                S::EcdsaP256Sha384 => &signature::ECDSA_P256_SHA384_ASN1,
                S::EcdsaP384Sha256 => &signature::ECDSA_P384_SHA256_ASN1,
                S::EcdsaP384Sha384 => &signature::ECDSA_P384_SHA384_ASN1,
                S::Ed25519 => &signature::ED25519,
                S::Gost2015_512 | S::Gost2004 => {
                    let PublicKey::Gost(k) = &key else {
                        return Some(false);
                    };
                    let curve = c.algorithm.gost_curve()?;
                    return Some(
                        k.curve() == curve
                            && crate::gost::oracle::verify_digest(
                                curve,
                                &k.to_raw(),
                                &curve.digest(c.message),
                                c.signature,
                            ),
                    );
                }
            };
            let raw = match &key {
                PublicKey::Rsa(k, _)
                | PublicKey::P256(k)
                | PublicKey::P384(k)
                | PublicKey::Ed25519(k) => k,
                PublicKey::Gost(_) => return Some(false),
            };
            Some(
                signature::UnparsedPublicKey::new(ring_alg, raw)
                    .verify(c.message, c.signature)
                    .is_ok(),
            )
        }
    }

    /// Leaves every check to the core (the trait's `None`).
    #[derive(Debug)]
    struct Abstain;

    impl SignatureBackend for Abstain {
        fn check(&self, _: &SignatureCheck<'_>) -> Option<bool> {
            None
        }
    }

    /// Counts what it is asked and answers `answer`.
    #[derive(Debug)]
    struct Counting {
        asked: std::sync::atomic::AtomicUsize,
        answer: Option<bool>,
    }

    impl Counting {
        fn new(answer: Option<bool>) -> Counting {
            Counting {
                asked: std::sync::atomic::AtomicUsize::new(0),
                answer,
            }
        }
        fn asked(&self) -> usize {
            self.asked.load(std::sync::atomic::Ordering::Relaxed)
        }
    }

    impl SignatureBackend for Counting {
        fn check(&self, _: &SignatureCheck<'_>) -> Option<bool> {
            self.asked
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.answer
        }
    }

    /// One signing key per algorithm the crate signs with: the test PKI's RSA-2048 key
    /// under each RSA algorithm, fresh P-256, P-384, Ed25519 and GOST keys.
    fn signing_keys() -> Vec<SigningKey> {
        use crate::gost::{GostCurve, GostPrivateKey};
        let rsa = || {
            SigningKey::from_pkcs8(include_str!("../test_pki/keys/rsa0.pem").as_bytes()).unwrap()
        };
        let mut keys: Vec<SigningKey> = [
            SignatureAlgorithm::RsaPkcs1Sha256,
            SignatureAlgorithm::RsaPkcs1Sha384,
            SignatureAlgorithm::RsaPkcs1Sha512,
            SignatureAlgorithm::RsaPssSha256,
            SignatureAlgorithm::RsaPssSha384,
            SignatureAlgorithm::RsaPssSha512,
        ]
        .into_iter()
        .map(|a| rsa().with_algorithm(a).unwrap())
        .collect();
        keys.push(ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING));
        keys.push(ec_key(&signature::ECDSA_P384_SHA384_ASN1_SIGNING));
        let ed = signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        keys.push(SigningKey::from_pkcs8(ed.as_ref()).unwrap());
        for curve in [GostCurve::Gost2015_512, GostCurve::Gost2004] {
            keys.push(SigningKey::from_gost(
                GostPrivateKey::generate(curve).unwrap(),
            ));
        }
        keys
    }

    /// `CoreBackend` answers as an independently written verifier does, for every
    /// algorithm, on good signatures, other messages and damaged signatures; and
    /// `verify` gives the same result whether the core backend decides, a backend
    /// abstains (the core's fallback), or the independent verifier decides.
    #[test]
    fn core_backend_agrees_with_an_independent_verifier() {
        let mut cases = 0;
        for key in signing_keys() {
            let alg = key.algorithm();
            let spki = key.public_key_spki_der().unwrap();
            let message = b"egov-sign: the same answer from every backend".to_vec();
            let good = key.sign(&message).unwrap();
            let mut damaged = good.clone();
            let last = damaged.len() - 1;
            damaged[last] ^= 0x01;
            let mut other_message = message.clone();
            other_message[0] ^= 0x20;
            for (msg, sig, valid) in [
                (&message, &good, true),
                (&other_message, &good, false),
                (&message, &damaged, false),
            ] {
                let check = SignatureCheck {
                    algorithm: alg,
                    spki: &spki,
                    message: msg,
                    signature: sig,
                };
                assert_eq!(CoreBackend.check(&check), Some(valid), "{alg:?} {valid}");
                assert_eq!(Independent.check(&check), Some(valid), "{alg:?} {valid}");
                let core = verify(alg, &spki, msg, sig, &CoreBackend);
                assert_eq!(core.is_ok(), valid, "{alg:?}: {core:?}");
                assert_eq!(verify(alg, &spki, msg, sig, &Abstain), core, "{alg:?}");
                assert_eq!(verify(alg, &spki, msg, sig, &Independent), core, "{alg:?}");
                cases += 1;
            }
        }
        assert_eq!(cases, 3 * 11);
    }

    /// The same on real NCA certificates (testdata/nca): GOST 34.10-2015 (512) — the 2022
    /// test root, self-signed, its CA, an individual's certificate of that CA — and GOST
    /// 34.310-2004 (a first head's certificate of ҰКО 3.0 (GOST TEST)); and a damaged TBS
    /// fails with every backend.
    #[test]
    fn real_nca_signatures_verify_alike() {
        use crate::certificate::Certificate;
        let cert = |input: &[u8]| Certificate::parse_all(input).unwrap().remove(0);
        let root = cert(include_bytes!(
            "../../../../testdata/nca/root_test_gost_2022.cer"
        ));
        let ca = cert(include_bytes!(
            "../../../../testdata/nca/nca_gost2015_test.cer"
        ));
        let person = cert(include_bytes!(
            "../../../../testdata/nca/test2022_individual_2026.cer"
        ));
        let ca2004 = cert(include_bytes!("../../../../testdata/nca/nca_gost_test.crt"));
        let ceo2004 = cert(include_bytes!(
            "../../../../testdata/nca/ceo_valid_sign_2004_gost.cer"
        ));
        for (subject, issuer, expected) in [
            (&root, &root, SignatureAlgorithm::Gost2015_512),
            (&ca, &root, SignatureAlgorithm::Gost2015_512),
            (&person, &ca, SignatureAlgorithm::Gost2015_512),
            (&ceo2004, &ca2004, SignatureAlgorithm::Gost2004),
        ] {
            let alg = SignatureAlgorithm::from_identifier(subject.signature_algorithm()).unwrap();
            assert_eq!(alg, expected);
            let (spki, tbs, sig) = (issuer.spki(), subject.tbs(), subject.signature());
            let backends: [&dyn SignatureBackend; 3] = [&CoreBackend, &Abstain, &Independent];
            for backend in backends {
                assert_eq!(verify(alg, spki, tbs, sig, backend), Ok(alg), "{backend:?}");
                assert_eq!(subject.verify_signed_by(issuer, backend), Ok(()));
                let mut damaged = tbs.to_vec();
                let mid = damaged.len() / 2;
                damaged[mid] ^= 0x01;
                assert_eq!(
                    verify(alg, spki, &damaged, sig, backend),
                    Err(Error::BadSignature),
                    "{backend:?}"
                );
            }
            // The wrong issuer's key: refused by every backend.
            if !core::ptr::eq(issuer, &root) {
                assert!(subject.verify_signed_by(&root, &CoreBackend).is_err());
                assert!(subject.verify_signed_by(&root, &Independent).is_err());
            }
        }
    }

    /// Asked directly, `CoreBackend` decides every check — `Some(false)` for what the core
    /// would refuse (unparsable key, key not fitting the algorithm), never `None`.
    #[test]
    fn core_backend_fails_closed() {
        let key = ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING);
        let spki = key.public_key_spki_der().unwrap();
        let sig = key.sign(b"m").unwrap();
        let decide = |algorithm, spki: &[u8]| {
            CoreBackend.check(&SignatureCheck {
                algorithm,
                spki,
                message: b"m",
                signature: &sig,
            })
        };
        assert_eq!(
            decide(SignatureAlgorithm::EcdsaP256Sha256, &spki),
            Some(true)
        );
        for (alg, spki) in [
            (SignatureAlgorithm::EcdsaP256Sha256, &b"garbage"[..]),
            (SignatureAlgorithm::EcdsaP256Sha256, &[][..]),
            // The right key, the wrong curve's algorithm, the wrong family.
            (SignatureAlgorithm::EcdsaP384Sha256, &spki[..]),
            (SignatureAlgorithm::RsaPkcs1Sha256, &spki[..]),
            (SignatureAlgorithm::Ed25519, &spki[..]),
            (SignatureAlgorithm::Gost2015_512, &spki[..]),
        ] {
            assert_eq!(decide(alg, spki), Some(false), "{alg:?}");
        }
    }

    /// Only `CoreBackend` is the core (another zero-sized backend may share its address):
    /// the core's shortcut and the path memo's backend identity rest on this.
    #[test]
    fn only_the_core_backend_is_the_core() {
        assert!(is_core(&CoreBackend));
        assert!(!is_core(&Abstain));
        assert!(!is_core(&Independent));
        assert!(!is_core(&Counting::new(None)));
        // The core's shortcut is not taken for other backends: they are asked.
        let key = ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING);
        let spki = key.public_key_spki_der().unwrap();
        let sig = key.sign(b"m").unwrap();
        let pessimist = Counting::new(Some(false));
        assert_eq!(
            verify(
                SignatureAlgorithm::EcdsaP256Sha256,
                &spki,
                b"m",
                &sig,
                &pessimist
            ),
            Err(Error::BadSignature)
        );
        assert_eq!(pessimist.asked(), 1);
    }

    /// Key ↔ algorithm fit and signature lengths are the core's, checked before any
    /// backend is asked; what passes them is decided by the backend alone.
    #[test]
    fn fit_and_lengths_come_before_the_backend() {
        let ed = signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let ed = SigningKey::from_pkcs8(ed.as_ref()).unwrap();
        let ed_spki = ed.public_key_spki_der().unwrap();
        let rsa =
            SigningKey::from_pkcs8(include_str!("../test_pki/keys/rsa0.pem").as_bytes()).unwrap();
        let rsa_spki = rsa.public_key_spki_der().unwrap();
        let optimist = Counting::new(Some(true));
        // Ed25519: 64 octets exactly.
        for len in [0, 63, 65] {
            assert_eq!(
                verify(
                    SignatureAlgorithm::Ed25519,
                    &ed_spki,
                    b"m",
                    &vec![0; len],
                    &optimist
                ),
                Err(Error::BadSignature),
                "{len}"
            );
        }
        // RSA: exactly the modulus length (256 octets for RSA-2048).
        for len in [0, 255, 257] {
            assert_eq!(
                verify(
                    SignatureAlgorithm::RsaPkcs1Sha256,
                    &rsa_spki,
                    b"m",
                    &vec![1; len],
                    &optimist
                ),
                Err(Error::BadSignature),
                "{len}"
            );
        }
        // A key of another family.
        assert!(matches!(
            verify(
                SignatureAlgorithm::RsaPkcs1Sha256,
                &ed_spki,
                b"m",
                &[0; 64],
                &optimist
            ),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            verify(
                SignatureAlgorithm::Gost2004,
                &rsa_spki,
                b"m",
                &[0; 64],
                &optimist
            ),
            Err(Error::Malformed { .. })
        ));
        assert_eq!(optimist.asked(), 0);
        // The right lengths reach the backend, whose answer stands.
        assert_eq!(
            verify(
                SignatureAlgorithm::Ed25519,
                &ed_spki,
                b"m",
                &[0; 64],
                &optimist
            ),
            Ok(SignatureAlgorithm::Ed25519)
        );
        assert_eq!(
            verify(
                SignatureAlgorithm::RsaPkcs1Sha256,
                &rsa_spki,
                b"m",
                &[1; 256],
                &optimist
            ),
            Ok(SignatureAlgorithm::RsaPkcs1Sha256)
        );
        assert_eq!(optimist.asked(), 2);
    }

    /// Every verification is counted on the thread, refused ones included (the work
    /// bounds read this counter).
    #[test]
    fn every_check_is_counted() {
        let key = ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING);
        let spki = key.public_key_spki_der().unwrap();
        let sig = key.sign(b"m").unwrap();
        let before = signature_checks_on_this_thread();
        verify(
            SignatureAlgorithm::EcdsaP256Sha256,
            &spki,
            b"m",
            &sig,
            &CoreBackend,
        )
        .unwrap();
        verify(
            SignatureAlgorithm::EcdsaP256Sha256,
            &spki,
            b"x",
            &sig,
            &Abstain,
        )
        .unwrap_err();
        verify(SignatureAlgorithm::Ed25519, &spki, b"m", &sig, &CoreBackend).unwrap_err();
        assert_eq!(signature_checks_on_this_thread() - before, 3);
    }
}
