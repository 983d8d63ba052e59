//! Time-stamp tokens and OCSP responses the caller already holds:
//! the calls the bindings (Python, WASM) make, so that they only convert types.
//!
//! Nothing here checks anything itself: every check is [`crate::tsp::verify_token`]'s or
//! [`crate::ocsp::verify_response`]'s. This module picks the time-stamped datum of a
//! SignerInfo (its `signature` value, [RFC 3161] Appendix A), strings the steps "check the
//! TSA's response, then embed its token" together (what the CLI's `timestamp --response`
//! does), and describes results and refusals in a serialisable, stable form (the same
//! field names as the report's [`crate::report::TimestampSummary`] and
//! [`crate::report::RevocationSummary`]). No network I/O: the caller fetches the TSA's and
//! the responder's answers with its own HTTP client.
//!
//! [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161

use crate::algorithm::{DigestAlgorithm, SignatureBackend};
use crate::certificate::Certificate;
use crate::cms::Envelope;
use crate::crl::Reason;
use crate::ocsp::{self, CertIdHash, CertStatus, OcspError, OcspResult};
use crate::report::TimestampSummary;
use crate::tsp::{self, TsaTrust, TspError, VerifiedTimestamp};
use crate::Error;
use der::asn1::ObjectIdentifier;
use serde::Serialize;

/// A digest by its name: `sha256`, `sha384`, `sha512`, `streebog512` (GOST R 34.11-2012
/// 512), `gost34311` (GOST 34.311-95). (The CLI's `--hash` names.)
pub fn digest_named(name: &str) -> Result<DigestAlgorithm, Error> {
    Ok(match name {
        "sha256" => DigestAlgorithm::Sha256,
        "sha384" => DigestAlgorithm::Sha384,
        "sha512" => DigestAlgorithm::Sha512,
        "streebog512" => DigestAlgorithm::Streebog512,
        "gost34311" => DigestAlgorithm::Gost94Test,
        other => {
            return Err(Error::Config {
                detail: format!(
                    "unknown hash {other:?} (sha256, sha384, sha512, streebog512, gost34311)"
                ),
            })
        }
    })
}

/// The SignerInfo `signer` (from 0; `None`: the only one, see [`Envelope::signer_at`]) of
/// `envelope` (DER, PEM or base64): its `signature` value — the datum a
/// signature-time-stamp token stamps ([RFC 3161] Appendix A: "the value of the signature
/// field within SignerInfo") — and its digestAlgorithm.
///
/// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
pub fn signer_signature(
    envelope: &[u8],
    signer: Option<usize>,
) -> Result<(Vec<u8>, DigestAlgorithm), Error> {
    let env = Envelope::parse(envelope)?;
    let (_, si) = env.signer_at(signer)?;
    let digest = DigestAlgorithm::from_identifier(&si.digest_algorithm)?;
    Ok((si.signature.clone(), digest))
}

/// The DER `TimeStampReq` ([RFC 3161 §2.4.1]) for SignerInfo `signer` of `envelope` (`None`:
/// the only one; an envelope with several is refused): [`tsp::TimeStampReq::for_signer`]
/// — the imprint is `digest` (default: the signer's digestAlgorithm) of its signature
/// value; certReq is set. Send it to the TSA (`Content-Type:
/// application/timestamp-query`), then pass its answer to [`add_signature_timestamp`].
///
/// [RFC 3161 §2.4.1]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.1
pub fn timestamp_request(
    envelope: &[u8],
    signer: Option<usize>,
    digest: Option<DigestAlgorithm>,
    nonce: Option<&[u8]>,
    policy: Option<ObjectIdentifier>,
) -> Result<Vec<u8>, Error> {
    let env = Envelope::parse(envelope)?;
    tsp::TimeStampReq::for_signer(&env, signer, digest, nonce, policy)?.to_der()
}

/// Check a TSA's `TimeStampResp` (DER, PEM or base64) for `envelope`'s SignerInfo and embed
/// its token as an id-aa-signatureTimeStampToken unsigned attribute (earlier tokens are
/// kept): [`tsp::token_from_response`], [`tsp::verify_token`] over the SignerInfo's
/// signature value with `trust` (and `nonce`, when the request had one), then
/// [`tsp::embed_verified_timestamp`]. Nothing is embedded unless the token verifies.
/// `signer` is the SignerInfo stamped (`None`: the only one; an envelope with several is
/// refused). Returns the new envelope (DER) and the verified token.
pub fn add_signature_timestamp(
    envelope: &[u8],
    signer: Option<usize>,
    response: &[u8],
    nonce: Option<&[u8]>,
    trust: &TsaTrust,
    backend: &dyn SignatureBackend,
) -> Result<(Vec<u8>, VerifiedTimestamp), TspError> {
    let token = tsp::token_from_response(response)?;
    tsp::embed_verified_timestamp(envelope, signer, &token, nonce, trust, backend)
}

/// A verified time-stamp token as the bindings return it: the fields of the report's
/// [`TimestampSummary`] (same names), plus the TSA path, the imprint's hash algorithm and the
/// nonce. (Written out rather than `#[serde(flatten)]`: flattening costs the wasm module
/// tens of kilobytes of generic serde code.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimestampCheck {
    /// genTime, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub gen_time: String,
    /// The accuracy in microseconds, if the token states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy_micros: Option<u64>,
    /// The TSA certificate's subject (display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub tsa: String,
    /// The TSA policy (dotted).
    pub policy: String,
    /// The NCA name of the policy, if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<&'static str>,
    /// The token's signature algorithm.
    pub signature_algorithm: &'static str,
    /// The token's serialNumber, lowercase hex.
    pub serial: String,
    /// The TSA path, TSA certificate first, anchor last (subjects, display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub path: Vec<String>,
    /// messageImprint.hashAlgorithm (dotted).
    pub hash_algorithm: String,
    /// The token's nonce (lowercase hex of the INTEGER octets), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

impl TimestampCheck {
    /// The description of a verified token.
    pub fn of(v: &VerifiedTimestamp) -> TimestampCheck {
        let s = TimestampSummary::of(v);
        TimestampCheck {
            gen_time: s.gen_time,
            accuracy_micros: s.accuracy_micros,
            tsa: s.tsa,
            policy: s.policy,
            policy_name: s.policy_name,
            signature_algorithm: s.signature_algorithm,
            serial: s.serial,
            path: v.path.clone(),
            hash_algorithm: v.info.hash_algorithm.oid.to_string(),
            nonce: v.info.nonce.as_deref().map(crate::asn1::hex),
        }
    }
}

/// A stable name of a time-stamp refusal (for exceptions of the bindings):
/// `MALFORMED` / `TOO_LARGE` (the inner error's code), `NOT_A_TIMESTAMP_TOKEN`,
/// `TSA_CERTIFICATE_MISSING`, `SIGNATURE_INVALID`, `SIGNING_CERTIFICATE`,
/// `NOT_A_TIMESTAMPING_CERTIFICATE`, `TSA_PATH_INVALID`, `UNSUPPORTED_HASH`,
/// `IMPRINT_MISMATCH`, `NONCE_MISMATCH`, `POLICY_NOT_ACCEPTED`, `REJECTED`.
pub fn tsp_error_reason(e: &TspError) -> &'static str {
    match e {
        TspError::Malformed(inner) => inner.code(),
        TspError::NotATimestampToken(_) => "NOT_A_TIMESTAMP_TOKEN",
        TspError::TsaCertificateMissing => "TSA_CERTIFICATE_MISSING",
        TspError::SignatureInvalid(_) => "SIGNATURE_INVALID",
        TspError::SigningCertificate(_) => "SIGNING_CERTIFICATE",
        TspError::NotATimestampingCertificate(_) => "NOT_A_TIMESTAMPING_CERTIFICATE",
        TspError::TsaPathInvalid(_) => "TSA_PATH_INVALID",
        TspError::UnsupportedHash(_) => "UNSUPPORTED_HASH",
        TspError::ImprintMismatch => "IMPRINT_MISMATCH",
        TspError::NonceMismatch => "NONCE_MISMATCH",
        TspError::PolicyNotAccepted(_) => "POLICY_NOT_ACCEPTED",
        TspError::Rejected { .. } => "REJECTED",
    }
}

/// The first certificate of `input` (DER, or PEM with one or more certificates).
fn first_certificate(input: &[u8], what: &'static str) -> Result<Certificate, Error> {
    Certificate::parse_all(input)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::malformed(what, "no certificate"))
}

/// The DER `OCSPRequest` ([RFC 6960 §4.1.1]) about `cert` issued by `issuer` (each DER or
/// PEM; the first certificate of each is used), CertID hashed with SHA-1 (what responders,
/// the NCA's included, expect) or `hash`; `nonce` 1 to 32 octets ([RFC 8954]).
///
/// [RFC 6960 §4.1.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1
/// [RFC 8954]: https://www.rfc-editor.org/rfc/rfc8954
pub fn ocsp_request(
    cert: &[u8],
    issuer: &[u8],
    hash: Option<DigestAlgorithm>,
    nonce: Option<&[u8]>,
) -> Result<Vec<u8>, Error> {
    let cert = first_certificate(cert, "certificate")?;
    let issuer = first_certificate(issuer, "issuer certificate")?;
    let hash = hash.map_or(CertIdHash::Sha1, CertIdHash::Digest);
    ocsp::request(&cert, &issuer, hash, nonce)
}

/// [`ocsp::verify_response`] with the certificates given as DER or PEM (the first of each).
pub fn verify_ocsp_response(
    response: &[u8],
    cert: &[u8],
    issuer: &[u8],
    options: &ocsp::CheckOptions<'_>,
    backend: &dyn SignatureBackend,
) -> Result<OcspResult, OcspError> {
    let cert = first_certificate(cert, "certificate")?;
    let issuer = first_certificate(issuer, "issuer certificate")?;
    ocsp::verify_response(response, &cert, &issuer, options, backend)
}

/// A verified OCSP answer as the bindings return it ([RFC 3339] times; the field names of
/// [`crate::report::RevocationSummary`] where they are the same thing).
///
/// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OcspCheck {
    /// `good`, `revoked` or `unknown` (a "non-issued" answer, [RFC 6960 §2.2], is `unknown`
    /// with `non_issued`, never a revocation).
    ///
    /// [RFC 6960 §2.2]: https://www.rfc-editor.org/rfc/rfc6960#section-2.2
    pub status: &'static str,
    /// revoked: revocationReason ([RFC 5280] name: `keyCompromise`, ...), if given.
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// revoked: revocationTime.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_time: Option<String>,
    /// unknown: the responder said the certificate was never issued.
    pub non_issued: bool,
    /// producedAt.
    pub produced_at: String,
    /// thisUpdate.
    pub this_update: String,
    /// nextUpdate, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update: Option<String>,
    /// The responder's subject (display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub responder: String,
    /// A delegated responder (not the CA itself) signed.
    pub delegated: bool,
    /// A delegated responder without id-pkix-ocsp-nocheck signed: its own revocation
    /// status is the caller's to check ([RFC 6960 §4.2.2.2.1]).
    ///
    /// [RFC 6960 §4.2.2.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2.1
    pub responder_unchecked: bool,
    /// The response's signature algorithm.
    pub signature_algorithm: &'static str,
}

impl OcspCheck {
    /// The description of a verified answer.
    pub fn of(r: &OcspResult) -> OcspCheck {
        use crate::inspect::rfc3339;
        let (status, reason, revocation_time, non_issued) = match r.status {
            CertStatus::Good => ("good", None, None, false),
            CertStatus::Revoked { time, reason } => (
                "revoked",
                reason.map(Reason::name),
                Some(rfc3339(time)),
                false,
            ),
            CertStatus::Unknown { non_issued } => ("unknown", None, None, non_issued),
        };
        OcspCheck {
            status,
            reason,
            revocation_time,
            non_issued,
            produced_at: rfc3339(r.produced_at),
            this_update: rfc3339(r.this_update),
            next_update: r.next_update.map(rfc3339),
            responder: r.responder.clone(),
            delegated: r.delegated,
            responder_unchecked: r.responder_unchecked,
            signature_algorithm: r.signature_algorithm,
        }
    }
}

/// A stable name of an OCSP refusal (for exceptions of the bindings): `MALFORMED` /
/// `TOO_LARGE` (the inner error's code), `NOT_SUCCESSFUL`, `UNSUPPORTED_RESPONSE_TYPE`,
/// `RESPONDER_NOT_AUTHORIZED`, `SIGNATURE_INVALID`, `NO_MATCHING_RESPONSE`,
/// `UNSUPPORTED_HASH`, `NOT_YET_VALID`, `STALE`, `NONCE_MISMATCH`,
/// `UNKNOWN_CRITICAL_EXTENSION`.
pub fn ocsp_error_reason(e: &OcspError) -> &'static str {
    match e {
        OcspError::Malformed(inner) => inner.code(),
        OcspError::NotSuccessful(_) => "NOT_SUCCESSFUL",
        OcspError::UnsupportedResponseType(_) => "UNSUPPORTED_RESPONSE_TYPE",
        OcspError::ResponderNotAuthorized(_) => "RESPONDER_NOT_AUTHORIZED",
        OcspError::SignatureInvalid(_) => "SIGNATURE_INVALID",
        OcspError::NoMatchingResponse => "NO_MATCHING_RESPONSE",
        OcspError::UnsupportedHash(_) => "UNSUPPORTED_HASH",
        OcspError::NotYetValid { .. } => "NOT_YET_VALID",
        OcspError::Stale { .. } => "STALE",
        OcspError::NonceMismatch => "NONCE_MISMATCH",
        OcspError::UnknownCriticalExtension(_) => "UNKNOWN_CRITICAL_EXTENSION",
    }
}
