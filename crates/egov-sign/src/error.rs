//! The crate's one error type.

use core::fmt;

/// Everything that can go wrong outside a verification report.
///
/// Verification itself does not fail with an `Error` once an envelope has parsed: it
/// produces a [`crate::report::Report`] listing every finding. `Error` is for input that
/// cannot be understood at all (malformed, oversized, unsupported), for invalid documents,
/// and for signing failures.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An input exceeds a documented limit (see [`crate::limits`]).
    TooLarge {
        /// What was too large ("envelope", "CRL", "JSON", ...).
        what: &'static str,
        /// The size or count seen (may be a lower bound).
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Structurally invalid input (bad DER, bad PEM, bad base64, wrong structure).
    Malformed {
        /// What was being parsed.
        what: &'static str,
        /// Why it was rejected.
        detail: String,
    },
    /// An algorithm (signature, digest, key type, curve) this crate does not support.
    UnsupportedAlgorithm {
        /// The OID or name of the algorithm.
        algorithm: String,
    },
    /// An IIN that is not valid under the policy in force.
    InvalidIin {
        /// The offending value (as given, truncated to a sane length).
        value: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A BIN that is not valid under the policy in force.
    InvalidBin {
        /// The offending value (as given, truncated to a sane length).
        value: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A JSON document that could not be parsed (syntax, types, unknown or duplicate fields).
    Json {
        /// The parser's message, including line and column where known.
        detail: String,
    },
    /// A document that parsed but breaks a rule of its schema.
    InvalidDocument {
        /// The field (JSON path) at fault.
        field: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A private key that cannot be used (bad PKCS#8, unsupported type, inconsistent).
    InvalidKey {
        /// Why it was rejected.
        detail: String,
    },
    /// The signer certificate does not match the key, or cannot be embedded.
    CertificateKeyMismatch,
    /// A cryptographic operation failed (signing; never returned for a bad signature
    /// during verification, which is a report finding).
    Crypto {
        /// What failed.
        detail: String,
    },
    /// A signature did not verify.
    BadSignature,
    /// The message digest in the signed attributes differs from the content's digest.
    DigestMismatch,
    /// A detached envelope was given without its content.
    ContentMissing,
    /// A CRL was rejected when added to a verifier.
    CrlRejected {
        /// The report code of the reason ([`crate::report::Code::CrlSignatureInvalid`],
        /// [`crate::report::Code::CrlInvalid`]).
        code: crate::report::Code,
        /// Human-readable detail.
        detail: String,
    },
    /// A configuration error (verifier builder, policy, CLI arguments passed to the core).
    Config {
        /// What is wrong.
        detail: String,
    },
    /// The password of a key store (PKCS#12) is wrong: the MAC fails and the contents do
    /// not decrypt with it.
    KeyPassword,
    /// [`crate::cms::cosign`] refused: a signature already in the envelope does not verify
    /// over the content (or cannot be checked).
    CosignRefused {
        /// The SignerInfo's position in the envelope, from 0.
        signer: usize,
        /// Why its signature does not hold.
        cause: Box<Error>,
    },
    /// An XML request / result document that breaks its schema
    /// ([`crate::document::xml`]): not well-formed, a DTD, an element unknown, repeated,
    /// missing, out of order or in another namespace, mixed content, an attribute, a value
    /// not of its type.
    XmlDocument {
        /// The element's path (`/request/attachments/attachment[2]/size`; empty for the
        /// document as a whole).
        path: String,
        /// What is wrong.
        fault: crate::document::xml::XmlFault,
        /// Details.
        detail: String,
    },
    /// XML that is refused before any signature work: not well-formed, a DTD
    /// (entities: XXE, billion laughs), or beyond a structural limit of [`crate::limits`]
    /// (depth, attributes, namespace declarations), or an XML signature that cannot be read.
    Xml {
        /// What was refused ("XML", "ds:Signature", ...).
        what: &'static str,
        /// Why.
        detail: String,
    },
}

impl Error {
    /// A short, stable, SCREAMING_SNAKE name of the variant, for bindings and exit codes.
    pub fn code(&self) -> &'static str {
        match self {
            Error::TooLarge { .. } => "TOO_LARGE",
            Error::Malformed { .. } => "MALFORMED",
            Error::UnsupportedAlgorithm { .. } => "UNSUPPORTED_ALGORITHM",
            Error::InvalidIin { .. } => "IIN_INVALID",
            Error::InvalidBin { .. } => "BIN_INVALID",
            Error::Json { .. } => "JSON_INVALID",
            Error::InvalidDocument { .. } => "DOCUMENT_INVALID",
            Error::InvalidKey { .. } => "KEY_INVALID",
            Error::CertificateKeyMismatch => "CERT_KEY_MISMATCH",
            Error::Crypto { .. } => "CRYPTO",
            Error::BadSignature => "SIGNATURE_INVALID",
            Error::DigestMismatch => "DIGEST_MISMATCH",
            Error::ContentMissing => "CONTENT_MISSING",
            Error::CrlRejected { code, .. } => code.as_str(),
            Error::Config { .. } => "CONFIG",
            Error::KeyPassword => "KEY_PASSWORD",
            Error::CosignRefused { .. } => "COSIGN_REFUSED",
            Error::XmlDocument { .. } => "XML_DOCUMENT_INVALID",
            Error::Xml { .. } => "XML_REFUSED",
        }
    }

    /// True for errors caused by input that could not be understood (malformed, oversized,
    /// unparsable JSON, invalid document) as opposed to a failed check.
    pub fn is_malformed_input(&self) -> bool {
        matches!(
            self,
            Error::TooLarge { .. }
                | Error::Malformed { .. }
                | Error::Json { .. }
                | Error::InvalidDocument { .. }
                | Error::InvalidIin { .. }
                | Error::InvalidBin { .. }
                | Error::XmlDocument { .. }
                | Error::Xml { .. }
        )
    }

    /// The report code of a finding made from this error: the one mapping from errors to
    /// finding codes (the verifier adds its context — which stage, which certificate — to
    /// the detail). Input that cannot be read (malformed, oversized) is `MALFORMED`; a
    /// document that cannot be read is `DOCUMENT_INVALID` (see [`Error::document_code`]).
    pub fn finding_code(&self) -> crate::report::Code {
        use crate::report::Code;
        match self {
            Error::BadSignature => Code::SignatureInvalid,
            Error::DigestMismatch => Code::DigestMismatch,
            Error::ContentMissing => Code::ContentMissing,
            Error::UnsupportedAlgorithm { .. } => Code::UnsupportedAlgorithm,
            Error::InvalidIin { .. } => Code::IinInvalid,
            Error::InvalidBin { .. }
            | Error::Json { .. }
            | Error::InvalidDocument { .. }
            | Error::XmlDocument { .. } => Code::DocumentInvalid,
            Error::CrlRejected { code, .. } => *code,
            Error::TooLarge { .. }
            | Error::Malformed { .. }
            | Error::InvalidKey { .. }
            | Error::CertificateKeyMismatch
            | Error::Crypto { .. }
            | Error::Config { .. }
            // A key store's password is never part of verifying an envelope, nor is
            // co-signing.
            | Error::KeyPassword
            | Error::CosignRefused { .. }
            | Error::Xml { .. } => Code::Malformed,
        }
    }

    /// [`Error::finding_code`] for an error met while reading the signed document: what
    /// is not an IIN problem is the document's (`DOCUMENT_INVALID`).
    pub fn document_code(&self) -> crate::report::Code {
        use crate::report::Code;
        match self {
            Error::InvalidDocument { field, .. } if field == "outcome.kind" => {
                Code::OutcomeNotForService
            }
            Error::InvalidDocument { field, .. } if field.starts_with("outcome.reasons") => {
                Code::RefusalGroundInvalid
            }
            _ => match self.finding_code() {
                Code::IinInvalid => Code::IinInvalid,
                _ => Code::DocumentInvalid,
            },
        }
    }

    /// Shorthand for [`Error::Malformed`].
    pub(crate) fn malformed(what: &'static str, detail: impl fmt::Display) -> Self {
        Error::Malformed {
            what,
            detail: detail.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooLarge { what, size, limit } => {
                write!(f, "{what} too large: {size} exceeds the limit of {limit}")
            }
            Error::Malformed { what, detail } => write!(f, "malformed {what}: {detail}"),
            Error::UnsupportedAlgorithm { algorithm } => {
                write!(f, "unsupported algorithm: {algorithm}")
            }
            Error::InvalidIin { value, reason } => write!(f, "invalid IIN {value:?}: {reason}"),
            Error::InvalidBin { value, reason } => write!(f, "invalid BIN {value:?}: {reason}"),
            Error::Json { detail } => write!(f, "invalid JSON: {detail}"),
            Error::InvalidDocument { field, reason } => {
                write!(f, "invalid document: {field}: {reason}")
            }
            Error::InvalidKey { detail } => write!(f, "invalid key: {detail}"),
            Error::CertificateKeyMismatch => {
                write!(f, "the certificate does not match the private key")
            }
            Error::Crypto { detail } => write!(f, "cryptographic failure: {detail}"),
            Error::BadSignature => write!(f, "signature does not verify"),
            Error::DigestMismatch => write!(f, "message digest does not match the content"),
            Error::ContentMissing => write!(f, "detached envelope given without its content"),
            Error::CrlRejected { code, detail } => {
                write!(f, "CRL rejected ({}): {detail}", code.as_str())
            }
            Error::Config { detail } => write!(f, "configuration error: {detail}"),
            Error::KeyPassword => write!(f, "wrong key store password"),
            Error::CosignRefused { signer, cause } => write!(
                f,
                "cannot co-sign: the signature of signer #{signer} already in the envelope does not hold: {cause}"
            ),
            Error::XmlDocument {
                path,
                fault,
                detail,
            } => write!(f, "invalid XML document ({fault}) at {path:?}: {detail}"),
            Error::Xml { what, detail } => write!(f, "{what} refused: {detail}"),
        }
    }
}

impl std::error::Error for Error {}
