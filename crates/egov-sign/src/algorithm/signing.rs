//! Signing keys: PKCS#8 private keys of every supported family and the signatures they
//! make ([RFC 5958 §2](https://www.rfc-editor.org/rfc/rfc5958#section-2)):
//!
//! ```text
//! OneAsymmetricKey ::= SEQUENCE {
//!   version                   Version,
//!   privateKeyAlgorithm       PrivateKeyAlgorithmIdentifier,
//!   privateKey                PrivateKey,
//!   attributes            [0] Attributes OPTIONAL,
//!   ...,
//!   [[2: publicKey        [1] PublicKey OPTIONAL ]],
//!   ...
//! }
//! ```
//!
//! RSA, ECDSA (P-256, P-384 by `namedCurve`) and Ed25519 keys are read by ring; GOST keys
//! by `crate::gost` (its PKCS#8 form is documented there). Encrypted PKCS#8 is not read
//! here: the NCA's `.p12` containers are opened by [`crate::pkcs12`].

use ring::rand::SystemRandom;
use ring::signature::{self, KeyPair as _};

use super::spki::parse_spki;
use super::{unsupported, AlgorithmIdentifier, KeyFamily, SignatureAlgorithm, DER_NULL};
use crate::encoding::{self, oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::gost::GostPrivateKey;
use crate::oid::{self, ObjectIdentifier};
use crate::Error;

enum KeyPair {
    Rsa(signature::RsaKeyPair),
    Ecdsa(signature::EcdsaKeyPair),
    Ed25519(signature::Ed25519KeyPair),
    Gost(GostPrivateKey),
}

/// A private key from PKCS#8 (RSA, ECDSA P-256/P-384, Ed25519, GOST — the GOST PKCS#8
/// format is documented in `crate::gost`).
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
/// PrivateKeyInfo / OneAsymmetricKey (see the module documentation).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::{verify_signature, CoreBackend};
    use crate::gost::GostCurve;
    use ring::rand::SystemRandom;

    fn ec_key(alg: &'static signature::EcdsaSigningAlgorithm) -> SigningKey {
        let doc = signature::EcdsaKeyPair::generate_pkcs8(alg, &SystemRandom::new()).unwrap();
        SigningKey::from_pkcs8(doc.as_ref()).unwrap()
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
    fn debug_hides_key() {
        let doc = signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let key = SigningKey::from_pkcs8(doc.as_ref()).unwrap();
        assert_eq!(format!("{key:?}"), "SigningKey { algorithm: Ed25519, .. }");
    }

    fn rsa() -> SigningKey {
        SigningKey::from_pkcs8(include_str!("../test_pki/keys/rsa0.pem").as_bytes()).unwrap()
    }

    fn ed25519() -> SigningKey {
        let doc = signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        SigningKey::from_pkcs8(doc.as_ref()).unwrap()
    }

    fn invalid_key(r: Result<SigningKey, Error>) -> bool {
        matches!(r, Err(Error::InvalidKey { .. }))
    }

    fn unsupported_key(r: Result<SigningKey, Error>) -> bool {
        matches!(r, Err(Error::UnsupportedAlgorithm { .. }))
    }

    /// A OneAsymmetricKey shell: version 0, `alg`, an empty privateKey.
    fn pkcs8_of(alg: &[u8]) -> Vec<u8> {
        tlv_parts(0x30, &[&[0x02, 0x01, 0x00], alg, &[0x04, 0x00]])
    }

    /// What `from_pkcs8` refuses, with a typed error: not exactly one PRIVATE KEY, not
    /// PKCS#8, curves and key algorithms it does not sign with.
    #[test]
    fn from_pkcs8_refusals() {
        let pem = include_str!("../test_pki/keys/rsa0.pem");
        assert!(invalid_key(SigningKey::from_pkcs8(
            format!("{pem}{pem}").as_bytes()
        )));
        assert!(invalid_key(SigningKey::from_pkcs8(b"")));
        assert!(invalid_key(SigningKey::from_pkcs8(b"\x30\x03\x02\x01\x00")));
        let ec = |curve: Option<ObjectIdentifier>| {
            let alg = match curve {
                Some(c) => tlv_parts(0x30, &[&oid_der(&oid::ID_EC_PUBLIC_KEY), &oid_der(&c)]),
                None => tlv(0x30, &oid_der(&oid::ID_EC_PUBLIC_KEY)),
            };
            pkcs8_of(&alg)
        };
        let p521 = ObjectIdentifier::new("1.3.132.0.35").unwrap();
        assert!(unsupported_key(SigningKey::from_pkcs8(&ec(Some(p521)))));
        assert!(unsupported_key(SigningKey::from_pkcs8(&ec(None))));
        let dsa = ObjectIdentifier::new("1.2.840.10040.4.1").unwrap();
        assert!(unsupported_key(SigningKey::from_pkcs8(&pkcs8_of(&tlv(
            0x30,
            &oid_der(&dsa)
        )))));
        // A supported algorithm with a broken private key: ring refuses it.
        assert!(invalid_key(SigningKey::from_pkcs8(&ec(Some(
            oid::SECP256R1
        )))));
        assert!(invalid_key(SigningKey::from_pkcs8(&pkcs8_of(&tlv_parts(
            0x30,
            &[&oid_der(&oid::RSA_ENCRYPTION), &DER_NULL]
        )))));
    }

    /// An RSA key signs with any RSA algorithm (PKCS#1 v1.5 SHA-256 by default); other
    /// keys only with their own.
    #[test]
    fn with_algorithm_rules() {
        use SignatureAlgorithm as S;
        assert_eq!(rsa().algorithm(), S::RsaPkcs1Sha256);
        for alg in [
            S::RsaPkcs1Sha384,
            S::RsaPkcs1Sha512,
            S::RsaPssSha256,
            S::RsaPssSha384,
            S::RsaPssSha512,
        ] {
            assert_eq!(rsa().with_algorithm(alg).unwrap().algorithm(), alg);
        }
        for alg in [S::EcdsaP256Sha256, S::Ed25519, S::Gost2015_512] {
            assert!(rsa().with_algorithm(alg).is_err(), "{alg:?}");
        }
        let p256 = ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING);
        assert_eq!(p256.algorithm(), S::EcdsaP256Sha256);
        assert!(ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING)
            .with_algorithm(S::EcdsaP256Sha384)
            .is_err());
        assert!(ed25519().with_algorithm(S::RsaPkcs1Sha256).is_err());
        assert_eq!(
            ed25519().with_algorithm(S::Ed25519).unwrap().algorithm(),
            S::Ed25519
        );
    }

    /// The public key of a signing key is written as [RFC 3279] / 5480 / 8410 say
    /// (rsaEncryption with NULL, id-ecPublicKey with its namedCurve, id-Ed25519 without
    /// parameters), reads back through the SPKI reader, and matches only itself.
    ///
    /// [RFC 3279]: https://www.rfc-editor.org/rfc/rfc3279
    #[test]
    fn public_key_spki_is_the_rfc_form() {
        let keys = [
            (rsa(), oid::RSA_ENCRYPTION, Some(DER_NULL.to_vec())),
            (
                ec_key(&signature::ECDSA_P256_SHA256_ASN1_SIGNING),
                oid::ID_EC_PUBLIC_KEY,
                Some(oid_der(&oid::SECP256R1)),
            ),
            (
                ec_key(&signature::ECDSA_P384_SHA384_ASN1_SIGNING),
                oid::ID_EC_PUBLIC_KEY,
                Some(oid_der(&oid::SECP384R1)),
            ),
            (ed25519(), oid::ID_ED25519, None),
        ];
        for (key, oid, parameters) in &keys {
            let der = key.public_key_spki_der().unwrap();
            let mut r =
                DerReader::new(parse_single(&der, "SPKI").unwrap().value(), "SPKI").unwrap();
            let (_, alg) = r.next_raw().unwrap();
            let alg = AlgorithmIdentifier::from_der(alg).unwrap();
            assert_eq!((&alg.oid, &alg.parameters), (oid, parameters));
            assert!(parse_spki(&der).is_ok());
            assert!(key.matches_spki(&der));
            for (other, _, _) in &keys {
                if !core::ptr::eq(key, other) {
                    assert!(!other.matches_spki(&der));
                }
            }
        }
        assert!(!rsa().matches_spki(b"not a key"));
    }
}
