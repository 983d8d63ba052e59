//! CMS SignedData (RFC 5652): parsing and signing.
//!
//! SKELETON — the signatures below are the contract; bodies are filled in by the CMS work.

use crate::algorithm::{AlgorithmIdentifier, SignatureAlgorithm, SigningKey};
use crate::{Error, Time};

/// How the signer is identified (RFC 5652 §5.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerIdentifier {
    /// issuerAndSerialNumber: the issuer Name DER and the serial's INTEGER content bytes.
    IssuerAndSerial {
        /// The issuer Name, full DER (SEQUENCE).
        issuer: Vec<u8>,
        /// The serial number's INTEGER content octets (two's complement, as encoded).
        serial: Vec<u8>,
    },
    /// [0] subjectKeyIdentifier.
    SubjectKeyId(Vec<u8>),
}

/// A parsed SignedData with exactly one signer.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The DER of the whole ContentInfo as received (after PEM/base64 unwrapping).
    pub der: Vec<u8>,
    /// eContentType dotted OID.
    pub content_type: String,
    /// The encapsulated content; `None` when detached.
    pub content: Option<Vec<u8>>,
    /// Embedded certificates, DER each.
    pub certificates: Vec<Vec<u8>>,
    /// The signer.
    pub signer: SignerIdentifier,
    /// The signing time from the signed attributes, if any.
    pub signing_time: Option<Time>,
}

impl Envelope {
    /// Parse DER, PEM or base64.
    pub fn parse(input: &[u8]) -> Result<Envelope, Error> {
        let _ = input;
        Err(Error::malformed("envelope", "skeleton"))
    }

    /// Check the signer's signature: the messageDigest against `content` (or the
    /// encapsulated content when `content` is `None`), the contentType attribute, and the
    /// signature over the signed attributes with the key in `signer_spki`.
    ///
    /// Errors: [`Error::ContentMissing`], [`Error::DigestMismatch`], [`Error::BadSignature`],
    /// [`Error::UnsupportedAlgorithm`], [`Error::Malformed`] (e.g. contentType mismatch).
    pub fn verify_signature(
        &self,
        content: Option<&[u8]>,
        signer_spki: &[u8],
    ) -> Result<SignatureAlgorithm, Error> {
        let _ = (content, signer_spki);
        Err(Error::BadSignature)
    }
}

/// Options for [`sign`].
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Leave the content out of the envelope.
    pub detached: bool,
    /// The signingTime attribute; `None` omits it.
    pub signing_time: Option<Time>,
}

/// Sign `content` with `key`, embedding `cert` (the signer's certificate, DER) and `chain`.
/// Returns the ContentInfo DER.
pub fn sign(
    content: &[u8],
    key: &SigningKey,
    cert: &[u8],
    chain: &[Vec<u8>],
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    let _ = (content, key, cert, chain, options);
    Err(Error::Crypto {
        detail: "skeleton".into(),
    })
}

#[allow(dead_code)]
fn _unused(_: AlgorithmIdentifier) {}
