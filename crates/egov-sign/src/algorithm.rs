//! Signature algorithms: OIDs ↔ ring, signature verification against a
//! SubjectPublicKeyInfo, and PKCS#8 signing keys.
//!
//! SKELETON — the signatures below are the contract; bodies are filled in by the CMS work.

use crate::Error;

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
    /// The algorithm OID in dotted form, e.g. "1.2.840.113549.1.1.11".
    pub oid: String,
    /// The parameters as a full DER TLV, if present (NULL included as `05 00`).
    pub parameters: Option<Vec<u8>>,
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
    /// Ed25519.
    Ed25519,
}

impl SignatureAlgorithm {
    /// A readable name, e.g. "RSA PKCS#1 v1.5 SHA-256".
    pub fn name(self) -> &'static str {
        "skeleton"
    }
}

/// Verify `signature` over `message`, made with algorithm `alg` by the key in `spki`
/// (a full SubjectPublicKeyInfo DER). The key type (and curve) must match the algorithm.
pub fn verify_signature(
    alg: &AlgorithmIdentifier,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<SignatureAlgorithm, Error> {
    let _ = (alg, spki, message, signature);
    Err(Error::BadSignature)
}

/// A private key from PKCS#8 (RSA, ECDSA P-256/P-384, Ed25519).
pub struct SigningKey {
    _private: (),
}

impl SigningKey {
    /// Load a PKCS#8 key from DER or PEM ("PRIVATE KEY").
    pub fn from_pkcs8(input: &[u8]) -> Result<SigningKey, Error> {
        let _ = input;
        Err(Error::InvalidKey {
            detail: "skeleton".into(),
        })
    }
    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Ed25519
    }
    /// Sign `message`.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let _ = message;
        Err(Error::Crypto {
            detail: "skeleton".into(),
        })
    }
}
