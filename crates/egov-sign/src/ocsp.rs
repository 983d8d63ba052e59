//! [RFC 6960] OCSP: verify a response about one certificate, build a request.
//!
//! No network I/O: the caller fetches the response with its own HTTP client and hands the
//! DER here. [`verify_response`] fails closed with a typed [`OcspError`] unless:
//!
//! 1. the `OCSPResponse` is `successful` with a `BasicOCSPResponse` ([RFC 6960 §4.2.1]);
//! 2. its signature verifies with the key of the **CA itself** (the issuer of the
//!    certificate asked about) or of a **delegated responder**: a certificate issued by that
//!    CA (its signature checked with the CA's key), valid at the verification time, whose
//!    extKeyUsage contains id-kp-OCSPSigning (§4.2.2.2); the ResponderID (byName or byKey)
//!    names the signer. A delegated responder without id-pkix-ocsp-nocheck (§4.2.2.2.1) is
//!    reported ([`OcspResult::responder_unchecked`]): its own revocation status is for the
//!    caller to check;
//! 3. one SingleResponse's CertID matches the certificate: hashAlgorithm (SHA-1, SHA-256,
//!    SHA-384, SHA-512, Streebog-512), issuerNameHash (the hash of the issuer's Name DER),
//!    issuerKeyHash (the hash of the issuer's subjectPublicKey BIT STRING value) and
//!    serialNumber (§4.1.1);
//! 4. it is fresh at the verification time: thisUpdate not after it, and before
//!    nextUpdate — or, without nextUpdate, not older than the configured maximum age
//!    (§4.2.2.1, §2.4);
//! 5. the nonce matches when the caller gives one (§4.4.1, [RFC 8954]);
//! 6. no unknown critical extension.
//!
//! The status is good, revoked (time, reason), or unknown. [RFC 6960 §2.2]'s "non-issued"
//! convention — revoked, reason certificateHold, revocationTime 1970-01-01T00:00:00Z (with
//! the extended-revoke extension, §4.4.8) — is reported as [`CertStatus::Unknown`] with
//! `non_issued`, never as a revocation date.
//!
//! [RFC 6960]: https://www.rfc-editor.org/rfc/rfc6960
//! [RFC 6960 §2.2]: https://www.rfc-editor.org/rfc/rfc6960#section-2.2
//! [RFC 6960 §4.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1
//! [RFC 8954]: https://www.rfc-editor.org/rfc/rfc8954

use crate::algorithm::{AlgorithmIdentifier, DigestAlgorithm};
use crate::certificate::Certificate;
use crate::crl::Reason;
use crate::encoding::{decode_der_blobs, oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::limits::{MAX_CERTIFICATE_SIZE, MAX_OCSP_RESPONSES, MAX_OCSP_RESPONSE_SIZE};
use crate::oid;
use crate::Error;

/// Content octets of the id-pkix-ocsp arc 1.3.6.1.5.5.7.48.1.
const OCSP_ARC: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];

const WHAT: &str = "OCSP";
const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_ENUMERATED: u8 = 0x0a;
const TAG_OID: u8 = 0x06;
const TAG_GENERALIZED_TIME: u8 = 0x18;
const TAG_SEQUENCE: u8 = 0x30;

/// Why a response was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OcspError {
    /// The DER does not parse, or a limit is exceeded.
    Malformed(Error),
    /// responseStatus is not successful (1 malformedRequest, 2 internalError, 3 tryLater,
    /// 5 sigRequired, 6 unauthorized).
    NotSuccessful(u8),
    /// responseType is not id-pkix-ocsp-basic.
    UnsupportedResponseType(String),
    /// No certificate that may sign for this CA signed the response (the CA itself, or a
    /// delegated responder it issued with id-kp-OCSPSigning), or the ResponderID names
    /// another one.
    ResponderNotAuthorized(String),
    /// The response's signature does not verify with the responder's key.
    SignatureInvalid(Error),
    /// No SingleResponse is about this certificate (CertID: hash algorithm, issuer name and
    /// key hashes, serial).
    NoMatchingResponse,
    /// The CertID hash algorithm is not one this crate computes.
    UnsupportedHash(String),
    /// thisUpdate is after the verification time.
    NotYetValid {
        /// thisUpdate.
        this_update: crate::Time,
    },
    /// Past nextUpdate, or (no nextUpdate) older than the configured maximum age.
    Stale {
        /// thisUpdate.
        this_update: crate::Time,
        /// nextUpdate, if any.
        next_update: Option<crate::Time>,
    },
    /// A nonce was sent and the response carries none, or another one.
    NonceMismatch,
    /// An unknown critical extension.
    UnknownCriticalExtension(String),
}

impl core::fmt::Display for OcspError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use crate::inspect::rfc3339;
        match self {
            OcspError::Malformed(e) => write!(f, "OCSP: {e}"),
            OcspError::NotSuccessful(s) => write!(f, "OCSP responseStatus {s} is not successful"),
            OcspError::UnsupportedResponseType(t) => write!(f, "OCSP responseType {t}"),
            OcspError::ResponderNotAuthorized(d) => write!(f, "OCSP responder not authorized: {d}"),
            OcspError::SignatureInvalid(e) => write!(f, "OCSP response signature: {e}"),
            OcspError::NoMatchingResponse => {
                f.write_str("no OCSP SingleResponse for this certificate")
            }
            OcspError::UnsupportedHash(o) => write!(f, "OCSP CertID hash algorithm {o}"),
            OcspError::NotYetValid { this_update } => {
                write!(
                    f,
                    "OCSP thisUpdate {} is in the future",
                    rfc3339(*this_update)
                )
            }
            OcspError::Stale {
                this_update,
                next_update,
            } => match next_update {
                Some(n) => write!(f, "OCSP response past its nextUpdate {}", rfc3339(*n)),
                None => write!(
                    f,
                    "OCSP response of {} without nextUpdate is older than the maximum age",
                    rfc3339(*this_update)
                ),
            },
            OcspError::NonceMismatch => f.write_str("OCSP nonce missing or different"),
            OcspError::UnknownCriticalExtension(o) => {
                write!(f, "OCSP unknown critical extension {o}")
            }
        }
    }
}

impl std::error::Error for OcspError {}

impl From<Error> for OcspError {
    fn from(e: Error) -> Self {
        OcspError::Malformed(e)
    }
}

fn malformed(detail: impl core::fmt::Display) -> Error {
    Error::malformed(WHAT, detail)
}

/// A CertID hash: the digests of [`DigestAlgorithm`] plus SHA-1 ([RFC 6960]'s usual one).
///
/// [RFC 6960]: https://www.rfc-editor.org/rfc/rfc6960
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertIdHash {
    /// SHA-1 ([RFC 6960 §4.1.1]; what most responders, the NCA's included, answer with).
    ///
    /// [RFC 6960 §4.1.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1
    Sha1,
    /// Another digest.
    Digest(DigestAlgorithm),
}

impl CertIdHash {
    fn from_identifier(id: &AlgorithmIdentifier) -> Result<CertIdHash, OcspError> {
        if id.oid == oid::ID_SHA1 {
            if !matches!(id.parameters.as_deref(), None | Some([0x05, 0x00])) {
                return Err(malformed("SHA-1 with parameters").into());
            }
            return Ok(CertIdHash::Sha1);
        }
        DigestAlgorithm::from_identifier(id)
            .map(CertIdHash::Digest)
            .map_err(|_| OcspError::UnsupportedHash(id.oid.to_string()))
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            CertIdHash::Sha1 => ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, data)
                .as_ref()
                .to_vec(),
            CertIdHash::Digest(d) => d.digest(data),
        }
    }

    fn identifier_der(self) -> Result<Vec<u8>, Error> {
        match self {
            // RFC 5754 / common practice: SHA-1 with NULL parameters (what OpenSSL sends).
            CertIdHash::Sha1 => Ok(tlv_parts(
                TAG_SEQUENCE,
                &[&oid_der(&oid::ID_SHA1), &[0x05, 0x00]],
            )),
            CertIdHash::Digest(d) => d.algorithm_identifier().to_der(),
        }
    }
}

/// The value of a certificate's subjectPublicKey BIT STRING (what issuerKeyHash and
/// ResponderID byKey hash, [RFC 6960 §4.1.1] / §4.2.1).
///
/// [RFC 6960 §4.1.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1
fn public_key_bits(cert: &Certificate) -> Result<Vec<u8>, Error> {
    let spki = parse_single(cert.spki(), WHAT)?;
    let mut r = DerReader::new(spki.value(), WHAT)?;
    r.next_raw()?;
    let bits = r.expect(TAG_BIT_STRING, "subjectPublicKey")?;
    let (_, data) = crate::asn1::bit_string(WHAT, bits.value())?;
    Ok(data.to_vec())
}

/// ```text
/// CertID ::= SEQUENCE {
///     hashAlgorithm       AlgorithmIdentifier,
///     issuerNameHash      OCTET STRING, -- Hash of issuer's DN
///     issuerKeyHash       OCTET STRING, -- Hash of issuer's public key
///     serialNumber        CertificateSerialNumber }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertId {
    /// hashAlgorithm.
    pub hash_algorithm: AlgorithmIdentifier,
    /// issuerNameHash.
    pub issuer_name_hash: Vec<u8>,
    /// issuerKeyHash.
    pub issuer_key_hash: Vec<u8>,
    /// serialNumber (INTEGER content octets).
    pub serial: Vec<u8>,
}

impl CertId {
    /// The CertID of `cert` issued by `issuer`, hashed with `hash`.
    pub fn new(
        cert: &Certificate,
        issuer: &Certificate,
        hash: CertIdHash,
    ) -> Result<CertId, Error> {
        Ok(CertId {
            hash_algorithm: AlgorithmIdentifier::from_der(&hash.identifier_der()?)?,
            issuer_name_hash: hash.digest(issuer.subject_raw()),
            issuer_key_hash: hash.digest(&public_key_bits(issuer)?),
            serial: cert.serial().to_vec(),
        })
    }

    fn parse(body: &[u8]) -> Result<CertId, Error> {
        let mut r = DerReader::new(body, WHAT)?;
        let (_, alg) = r.next_raw()?;
        let hash_algorithm = AlgorithmIdentifier::from_der(alg)?;
        let issuer_name_hash = r
            .expect(TAG_OCTET_STRING, "issuerNameHash")?
            .value()
            .to_vec();
        let issuer_key_hash = r
            .expect(TAG_OCTET_STRING, "issuerKeyHash")?
            .value()
            .to_vec();
        let serial = r.expect(TAG_INTEGER, "serialNumber")?.value().to_vec();
        r.finish("CertID")?;
        if serial.is_empty() || serial.len() > crate::limits::MAX_SERIAL_LEN {
            return Err(malformed("CertID serialNumber length"));
        }
        Ok(CertId {
            hash_algorithm,
            issuer_name_hash,
            issuer_key_hash,
            serial,
        })
    }

    /// The DER encoding.
    pub fn to_der(&self) -> Result<Vec<u8>, Error> {
        Ok(tlv_parts(
            TAG_SEQUENCE,
            &[
                &self.hash_algorithm.to_der()?,
                &tlv(TAG_OCTET_STRING, &self.issuer_name_hash),
                &tlv(TAG_OCTET_STRING, &self.issuer_key_hash),
                &tlv(TAG_INTEGER, &self.serial),
            ],
        ))
    }

    /// True when this CertID names `cert` issued by `issuer` (hash algorithm supported,
    /// both issuer hashes and the serial equal).
    fn names(&self, cert: &Certificate, issuer: &Certificate) -> Result<bool, OcspError> {
        let hash = CertIdHash::from_identifier(&self.hash_algorithm)?;
        Ok(self.serial == cert.serial()
            && self.issuer_name_hash == hash.digest(issuer.subject_raw())
            && self.issuer_key_hash == hash.digest(&public_key_bits(issuer)?))
    }
}

/// The status of the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertStatus {
    /// good (§2.2: not revoked; not a proof of issuance).
    Good,
    /// revoked.
    Revoked {
        /// revocationTime.
        time: crate::Time,
        /// revocationReason, if given.
        reason: Option<Reason>,
    },
    /// unknown; `non_issued` for §2.2's "revoked, certificateHold, 1970-01-01" answer about a
    /// serial the CA never issued.
    Unknown {
        /// The responder said the certificate was never issued.
        non_issued: bool,
    },
}

/// A verified answer about one certificate.
#[derive(Debug, Clone)]
pub struct OcspResult {
    /// The status.
    pub status: CertStatus,
    /// producedAt.
    pub produced_at: crate::Time,
    /// thisUpdate.
    pub this_update: crate::Time,
    /// nextUpdate.
    pub next_update: Option<crate::Time>,
    /// The signer's subject (display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub responder: String,
    /// True when a delegated responder (not the CA itself) signed.
    pub delegated: bool,
    /// True when a delegated responder without id-pkix-ocsp-nocheck signed: its own
    /// revocation status must be checked by the caller ([RFC 6960 §4.2.2.2.1]).
    ///
    /// [RFC 6960 §4.2.2.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2.1
    pub responder_unchecked: bool,
    /// The signature algorithm's name.
    pub signature_algorithm: &'static str,
}

/// How to judge a response.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions<'a> {
    /// The verification time (compared in whole seconds, as the response's times are).
    pub at: crate::Time,
    /// A response without nextUpdate is accepted until thisUpdate + this many seconds.
    pub max_age_without_next_update: i64,
    /// The nonce sent in the request (the octets inside the nonce extension's OCTET
    /// STRING), if any.
    pub nonce: Option<&'a [u8]>,
    /// Extra certificates that may be the responder's (e.g. configured), besides the CA and
    /// the response's `certs`.
    pub responders: &'a [Certificate],
}

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        CheckOptions {
            at: crate::Time::UNIX_EPOCH,
            max_age_without_next_update: DEFAULT_MAX_AGE,
            nonce: None,
            responders: &[],
        }
    }
}

/// The default maximum age of a response without nextUpdate: 1 hour (the NCA's responder
/// answers in real time without nextUpdate; a stored answer is not evidence for long).
pub const DEFAULT_MAX_AGE: i64 = 3600;

/// ```text
/// SingleResponse ::= SEQUENCE {
///    certID                       CertID,
///    certStatus                   CertStatus,
///    thisUpdate                   GeneralizedTime,
///    nextUpdate         [0]       EXPLICIT GeneralizedTime OPTIONAL,
///    singleExtensions   [1]       EXPLICIT Extensions OPTIONAL }
/// CertStatus ::= CHOICE {
///    good        [0]     IMPLICIT NULL,
///    revoked     [1]     IMPLICIT RevokedInfo,
///    unknown     [2]     IMPLICIT UnknownInfo }
/// RevokedInfo ::= SEQUENCE {
///    revocationTime              GeneralizedTime,
///    revocationReason    [0]     EXPLICIT CRLReason OPTIONAL }
/// UnknownInfo ::= NULL
/// ```
#[derive(Debug, Clone)]
struct SingleResponse {
    cert_id: CertId,
    status: CertStatus,
    this_update: i64,
    next_update: Option<i64>,
}

/// A parsed `BasicOCSPResponse` ([RFC 6960 §4.2.1]):
///
/// ```text
/// OCSPResponse ::= SEQUENCE {
///    responseStatus         OCSPResponseStatus,
///    responseBytes          [0] EXPLICIT ResponseBytes OPTIONAL }
/// ResponseBytes ::=       SEQUENCE {
///    responseType   OBJECT IDENTIFIER,
///    response       OCTET STRING }
/// BasicOCSPResponse       ::= SEQUENCE {
///    tbsResponseData      ResponseData,
///    signatureAlgorithm   AlgorithmIdentifier,
///    signature            BIT STRING,
///    certs            [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
/// ResponseData ::= SEQUENCE {
///    version              [0] EXPLICIT Version DEFAULT v1,
///    responderID              ResponderID,
///    producedAt               GeneralizedTime,
///    responses                SEQUENCE OF SingleResponse,
///    responseExtensions   [1] EXPLICIT Extensions OPTIONAL }
/// ResponderID ::= CHOICE {
///    byName   [1] Name,
///    byKey    [2] KeyHash }
/// KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key
/// ```
///
/// [RFC 6960 §4.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1
#[derive(Debug, Clone)]
pub struct BasicResponse {
    tbs: Vec<u8>,
    signature_algorithm: AlgorithmIdentifier,
    signature: Vec<u8>,
    /// The embedded certificates (DER).
    pub certs: Vec<Vec<u8>>,
    responder_by_name: Option<Vec<u8>>,
    responder_by_key: Option<Vec<u8>>,
    /// producedAt.
    pub produced_at: crate::Time,
    responses: Vec<SingleResponse>,
    nonce: Option<Vec<u8>>,
    /// The response carries the extended-revoke extension (§4.4.8).
    pub extended_revoke: bool,
}

fn generalized(any: der::asn1::AnyRef<'_>, field: &str) -> Result<i64, Error> {
    // The caller read it with the GeneralizedTime tag. RFC 6960 does not forbid fractions; whole seconds are kept.
    Ok(crate::tsp::generalized_time(any.value())
        .map_err(|_| malformed(format!("{field}: bad GeneralizedTime")))?
        .0)
}

/// Read `[n] EXPLICIT Extensions` content with the one Extensions reader: every extension
/// is handed to `known`, which returns false for an extension it does not know (refused
/// when critical).
fn extensions(
    list: &[u8],
    mut known: impl FnMut(&[u8], &[u8]) -> Result<bool, Error>,
) -> Result<(), OcspError> {
    for e in crate::extension::read(WHAT, "OCSP extensions", list, 32)? {
        if !known(e.oid, e.value)? && e.critical {
            return Err(OcspError::UnknownCriticalExtension(
                crate::asn1::oid_string(WHAT, e.oid)?,
            ));
        }
    }
    Ok(())
}

fn ocsp_arc(oid: &[u8], last: u8) -> bool {
    oid.len() == OCSP_ARC.len() + 1 && oid.starts_with(OCSP_ARC) && oid[OCSP_ARC.len()] == last
}

/// The nonce in an extnValue: [RFC 8954] says an OCTET STRING; some responders put the raw
/// octets.
///
/// [RFC 8954]: https://www.rfc-editor.org/rfc/rfc8954
fn nonce_value(value: &[u8]) -> Vec<u8> {
    match parse_single(value, WHAT) {
        Ok(any) if value.first() == Some(&TAG_OCTET_STRING) => any.value().to_vec(),
        _ => value.to_vec(),
    }
}

impl BasicResponse {
    /// Parse an `OCSPResponse` (DER, or PEM/base64 of it).
    pub fn from_der(input: &[u8]) -> Result<BasicResponse, OcspError> {
        let blobs = decode_der_blobs(input, "OCSP RESPONSE", MAX_OCSP_RESPONSE_SIZE)?;
        let [der] = blobs.as_slice() else {
            return Err(malformed("exactly one OCSPResponse expected").into());
        };
        let outer = crate::tsp::sequence(der, "OCSPResponse")?;
        let mut r = DerReader::new(outer.value(), WHAT)?;
        let status = r.expect(TAG_ENUMERATED, "responseStatus")?;
        let status = match status.value() {
            [s] if *s < 0x80 => *s,
            _ => return Err(malformed("bad responseStatus").into()),
        };
        if status != 0 {
            return Err(OcspError::NotSuccessful(status));
        }
        let bytes = r.expect(0xa0, "responseBytes")?;
        r.finish("OCSPResponse")?;
        let mut br = DerReader::new(bytes.value(), WHAT)?;
        let rb = br.expect(TAG_SEQUENCE, "ResponseBytes")?;
        br.finish("responseBytes")?;
        let mut rr = DerReader::new(rb.value(), WHAT)?;
        let rtype = oid_of(rr.expect(TAG_OID, "responseType")?, WHAT)?;
        if rtype != oid::ID_PKIX_OCSP_BASIC {
            return Err(OcspError::UnsupportedResponseType(rtype.to_string()));
        }
        let basic = rr.expect(TAG_OCTET_STRING, "response")?;
        rr.finish("ResponseBytes")?;
        Self::parse_basic(basic.value())
    }

    /// True when a SingleResponse may be about `cert` issued by `issuer`: its CertID names
    /// them, or uses a hash algorithm not supported here (then [`verify_basic`] says so).
    /// Cheap (hashes, no signature check): lets a caller skip responses about others.
    pub(crate) fn may_be_about(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        self.responses
            .iter()
            .any(|s| s.cert_id.names(cert, issuer).unwrap_or(true))
    }

    /// True if a SingleResponse whose CertID may name `cert` (issued by `issuer`) says
    /// revoked — before any check of the response: whether it could show a revocation.
    pub(crate) fn may_revoke(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        self.responses.iter().any(|s| {
            matches!(s.status, CertStatus::Revoked { .. })
                && s.cert_id.names(cert, issuer).unwrap_or(true)
        })
    }

    /// True if a SingleResponse whose CertID may name `cert` (issued by `issuer`) claims to
    /// be current at `at` (thisUpdate ≤ `at` ≤ nextUpdate, or thisUpdate + `max_age`
    /// without one) — before any check: a response that is not could prove nothing at
    /// `at`, whatever its signature.
    pub(crate) fn may_be_current(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: i64,
        max_age: i64,
    ) -> bool {
        self.responses.iter().any(|s| {
            s.cert_id.names(cert, issuer).unwrap_or(true)
                && s.this_update <= at
                && at
                    <= s.next_update
                        .unwrap_or_else(|| s.this_update.saturating_add(max_age))
        })
    }

    /// Parse a bare `BasicOCSPResponse` (DER), as CAdES revocationValues carry them
    /// (`ocspVals [1] SEQUENCE OF BasicOCSPResponse`, [RFC 5126 §6.3.4]).
    ///
    /// [RFC 5126 §6.3.4]: https://www.rfc-editor.org/rfc/rfc5126#section-6.3.4
    pub fn from_basic_der(der: &[u8]) -> Result<BasicResponse, OcspError> {
        if der.len() > MAX_OCSP_RESPONSE_SIZE {
            return Err(OcspError::Malformed(Error::TooLarge {
                what: "BasicOCSPResponse",
                size: der.len(),
                limit: MAX_OCSP_RESPONSE_SIZE,
            }));
        }
        Self::parse_basic(der)
    }

    fn parse_basic(der: &[u8]) -> Result<BasicResponse, OcspError> {
        let outer = crate::tsp::sequence(der, "BasicOCSPResponse")?;
        let mut r = DerReader::new(outer.value(), WHAT)?;
        let (tbs_any, tbs) = r.next_raw()?;
        if tbs.first() != Some(&TAG_SEQUENCE) {
            return Err(malformed("tbsResponseData is not a SEQUENCE").into());
        }
        let (_, alg) = r.next_raw()?;
        let signature_algorithm = AlgorithmIdentifier::from_der(alg)?;
        let bits = r.expect(TAG_BIT_STRING, "signature")?;
        let (unused, signature) = crate::asn1::bit_string(WHAT, bits.value())?;
        if unused != 0 {
            return Err(OcspError::SignatureInvalid(Error::BadSignature));
        }
        let mut certs = Vec::new();
        if let Some(c) = r.optional(0xa0)? {
            let mut cr = DerReader::new(c.value(), WHAT)?;
            let seq = cr.expect(TAG_SEQUENCE, "certs")?;
            cr.finish("certs")?;
            let mut sr = DerReader::new(seq.value(), WHAT)?;
            while !sr.is_finished() {
                if certs.len() >= MAX_OCSP_RESPONSES {
                    return Err(Error::TooLarge {
                        what: "OCSP certs",
                        size: certs.len() + 1,
                        limit: MAX_OCSP_RESPONSES,
                    }
                    .into());
                }
                let (_, raw) = sr.next_raw()?;
                if raw.len() > MAX_CERTIFICATE_SIZE {
                    return Err(Error::TooLarge {
                        what: "certificate",
                        size: raw.len(),
                        limit: MAX_CERTIFICATE_SIZE,
                    }
                    .into());
                }
                certs.push(raw.to_vec());
            }
        }
        r.finish("BasicOCSPResponse")?;

        // ResponseData
        let mut t = DerReader::new(tbs_any.value(), WHAT)?;
        if let Some(v) = t.optional(0xa0)? {
            // [0] EXPLICIT Version DEFAULT v1: only v1(0) exists, and DER omits a DEFAULT.
            let _ = v;
            return Err(malformed("ResponseData version written out (v1 is the DEFAULT)").into());
        }
        let (mut responder_by_name, mut responder_by_key) = (None, None);
        match t.peek_tag() {
            Some(0xa1) => {
                let n = t.expect(0xa1, "byName")?;
                let mut nr = DerReader::new(n.value(), WHAT)?;
                let (_, name) = nr.next_raw()?;
                nr.finish("byName")?;
                if name.first() != Some(&TAG_SEQUENCE) {
                    return Err(malformed("byName is not a Name").into());
                }
                responder_by_name = Some(name.to_vec());
            }
            Some(0xa2) => {
                let k = t.expect(0xa2, "byKey")?;
                let mut kr = DerReader::new(k.value(), WHAT)?;
                let h = kr.expect(TAG_OCTET_STRING, "KeyHash")?;
                kr.finish("byKey")?;
                responder_by_key = Some(h.value().to_vec());
            }
            _ => return Err(malformed("bad ResponderID").into()),
        }
        let produced_at = crate::asn1::time_from_unix(generalized(
            t.expect(TAG_GENERALIZED_TIME, "producedAt")?,
            "producedAt",
        )?);
        let list = t.expect(TAG_SEQUENCE, "responses")?;
        let mut responses = Vec::new();
        let mut lr = DerReader::new(list.value(), WHAT)?;
        while !lr.is_finished() {
            if responses.len() >= MAX_OCSP_RESPONSES {
                return Err(Error::TooLarge {
                    what: "OCSP SingleResponses",
                    size: responses.len() + 1,
                    limit: MAX_OCSP_RESPONSES,
                }
                .into());
            }
            let s = lr.expect(TAG_SEQUENCE, "SingleResponse")?;
            responses.push(Self::single(s.value())?);
        }
        let mut nonce = None;
        let mut extended_revoke = false;
        if let Some(x) = t.optional(0xa1)? {
            extensions(x.value(), |oid, value| {
                if ocsp_arc(oid, 2) {
                    nonce = Some(nonce_value(value));
                    Ok(true)
                } else if ocsp_arc(oid, 9) {
                    if value != [0x05, 0x00] {
                        return Err(malformed("extended-revoke value is not NULL"));
                    }
                    extended_revoke = true;
                    Ok(true)
                } else {
                    Ok(false)
                }
            })?;
        }
        t.finish("ResponseData")?;
        Ok(BasicResponse {
            tbs: tbs.to_vec(),
            signature_algorithm,
            signature: signature.to_vec(),
            certs,
            responder_by_name,
            responder_by_key,
            produced_at,
            responses,
            nonce,
            extended_revoke,
        })
    }

    fn single(body: &[u8]) -> Result<SingleResponse, OcspError> {
        let mut r = DerReader::new(body, WHAT)?;
        let id = r.expect(TAG_SEQUENCE, "certID")?;
        let cert_id = CertId::parse(id.value())?;
        let status = match r.peek_tag() {
            Some(0x80) => {
                if !r.expect(0x80, "good")?.value().is_empty() {
                    return Err(malformed("good is not NULL").into());
                }
                CertStatus::Good
            }
            Some(0xa1) => {
                let ri = r.expect(0xa1, "revoked")?;
                let mut rr = DerReader::new(ri.value(), WHAT)?;
                let time = generalized(
                    rr.expect(TAG_GENERALIZED_TIME, "revocationTime")?,
                    "revocationTime",
                )?;
                let reason = match rr.optional(0xa0)? {
                    Some(x) => {
                        let mut xr = DerReader::new(x.value(), WHAT)?;
                        let e = xr.expect(TAG_ENUMERATED, "revocationReason")?;
                        xr.finish("revocationReason")?;
                        match e.value() {
                            [v] => Some(
                                Reason::from_u8(*v)
                                    .ok_or_else(|| malformed(format!("revocationReason {v}")))?,
                            ),
                            _ => return Err(malformed("bad revocationReason").into()),
                        }
                    }
                    None => None,
                };
                rr.finish("RevokedInfo")?;
                if time == 0 && reason == Some(Reason::CertificateHold) {
                    // RFC 6960 §2.2: "non-issued" — never a revocation date.
                    CertStatus::Unknown { non_issued: true }
                } else {
                    CertStatus::Revoked {
                        time: crate::asn1::time_from_unix(time),
                        reason,
                    }
                }
            }
            Some(0x82) => {
                if !r.expect(0x82, "unknown")?.value().is_empty() {
                    return Err(malformed("unknown is not NULL").into());
                }
                CertStatus::Unknown { non_issued: false }
            }
            _ => return Err(malformed("bad CertStatus").into()),
        };
        let this_update = generalized(r.expect(TAG_GENERALIZED_TIME, "thisUpdate")?, "thisUpdate")?;
        let next_update = match r.optional(0xa0)? {
            Some(x) => {
                let mut xr = DerReader::new(x.value(), WHAT)?;
                let t = generalized(xr.expect(TAG_GENERALIZED_TIME, "nextUpdate")?, "nextUpdate")?;
                xr.finish("nextUpdate")?;
                if t < this_update {
                    return Err(malformed("nextUpdate before thisUpdate").into());
                }
                Some(t)
            }
            None => None,
        };
        if let Some(x) = r.optional(0xa1)? {
            extensions(x.value(), |_, _| Ok(false))?;
        }
        r.finish("SingleResponse")?;
        Ok(SingleResponse {
            cert_id,
            status,
            this_update,
            next_update,
        })
    }

    /// The responder's nonce (the octets inside the extension's OCTET STRING), if any.
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }

    fn responder_id_names(&self, cert: &Certificate) -> Result<bool, Error> {
        if let Some(name) = &self.responder_by_name {
            return Ok(crate::name::names_match(name, cert.subject_raw()));
        }
        if let Some(hash) = &self.responder_by_key {
            let bits = public_key_bits(cert)?;
            let h = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &bits);
            return Ok(h.as_ref() == hash.as_slice());
        }
        Ok(false)
    }
}

/// Verify `response` (DER or PEM/base64 `OCSPResponse`) about `cert`, issued by `issuer`,
/// at `options.at`. See the module documentation for every check.
pub fn verify_response(
    response: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    options: &CheckOptions<'_>,
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<OcspResult, OcspError> {
    let basic = BasicResponse::from_der(response)?;
    verify_basic(&basic, cert, issuer, options, backend)
}

/// [`verify_response`] on a parsed response.
pub fn verify_basic(
    basic: &BasicResponse,
    cert: &Certificate,
    issuer: &Certificate,
    options: &CheckOptions<'_>,
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<OcspResult, OcspError> {
    // The response's times are whole seconds (GeneralizedTime, fraction dropped).
    let at = options.at.unix_timestamp();
    // 2. Who signed, and may they?
    let embedded: Vec<Certificate> = basic
        .certs
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let alg = crate::algorithm::SignatureAlgorithm::from_identifier(&basic.signature_algorithm)?;
    let mut why = String::from("the ResponderID names no candidate");
    let mut signer: Option<(&Certificate, bool)> = None;
    for (cand, delegated) in core::iter::once((issuer, false)).chain(
        embedded
            .iter()
            .chain(options.responders.iter())
            .map(|c| (c, true)),
    ) {
        if !basic.responder_id_names(cand)? {
            continue;
        }
        if delegated {
            if let Err(e) = authorize_delegate(cand, issuer, at, backend) {
                why = e;
                continue;
            }
        }
        match crate::algorithm::verify(alg, cand.spki(), &basic.tbs, &basic.signature, backend) {
            Ok(_) => {
                signer = Some((cand, delegated));
                break;
            }
            Err(e) => return Err(OcspError::SignatureInvalid(e)),
        }
    }
    let Some((signer, delegated)) = signer else {
        return Err(OcspError::ResponderNotAuthorized(why));
    };
    let responder_unchecked = delegated
        && crate::tbs::parse(signer.tbs())?
            .extensions
            .criticality(oid::ID_PKIX_OCSP_NOCHECK)
            .is_none();

    // 3. The SingleResponse about this certificate.
    let mut found = None;
    let mut unsupported = None;
    for s in &basic.responses {
        match s.cert_id.names(cert, issuer) {
            Ok(true) => {
                found = Some(s);
                break;
            }
            Ok(false) => {}
            Err(e) => unsupported = Some(e),
        }
    }
    let single = match (found, unsupported) {
        (Some(s), _) => s,
        (None, Some(e)) => return Err(e),
        (None, None) => return Err(OcspError::NoMatchingResponse),
    };

    // 4. Freshness.
    let time = crate::asn1::time_from_unix;
    if single.this_update > at {
        return Err(OcspError::NotYetValid {
            this_update: time(single.this_update),
        });
    }
    let limit = match single.next_update {
        Some(n) => n,
        None => single
            .this_update
            .saturating_add(options.max_age_without_next_update),
    };
    if at > limit {
        return Err(OcspError::Stale {
            this_update: time(single.this_update),
            next_update: single.next_update.map(time),
        });
    }
    // 5. Nonce.
    if let Some(sent) = options.nonce {
        if basic.nonce.as_deref() != Some(sent) {
            return Err(OcspError::NonceMismatch);
        }
    }
    Ok(OcspResult {
        status: single.status,
        produced_at: basic.produced_at,
        this_update: time(single.this_update),
        next_update: single.next_update.map(time),
        responder: signer.subject().to_owned(),
        delegated,
        responder_unchecked,
        signature_algorithm: alg.name(),
    })
}

/// [RFC 6960 §4.2.2.2]: a delegated responder's certificate is issued directly by the CA
/// (its signature verifies with the CA's key, its issuer name is the CA's), includes
/// id-kp-OCSPSigning in extKeyUsage, and is valid at `at`.
///
/// [RFC 6960 §4.2.2.2]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2
fn authorize_delegate(
    responder: &Certificate,
    ca: &Certificate,
    at: i64,
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<(), String> {
    if !responder.ekus().contains(&oid::ID_KP_OCSP_SIGNING) {
        return Err(format!("{}: no id-kp-OCSPSigning", responder.subject()));
    }
    if !crate::name::names_match(responder.issuer_raw(), ca.subject_raw()) {
        return Err(format!("{}: not issued by the CA", responder.subject()));
    }
    responder
        .verify_signed_by(ca, backend)
        .map_err(|e| format!("{}: not signed by the CA: {e}", responder.subject()))?;
    if !responder.valid_at_unix(at) {
        return Err(format!(
            "{}: not valid at the verification time",
            responder.subject()
        ));
    }
    if !responder.unknown_critical_extensions().is_empty() {
        return Err(format!(
            "{}: unknown critical extensions {:?}",
            responder.subject(),
            responder.unknown_critical_extensions()
        ));
    }
    Ok(())
}

/// Build an `OCSPRequest` ([RFC 6960 §4.1.1]) for `cert` issued by `issuer`, unsigned, with a
/// nonce extension when `nonce` is given ([RFC 8954]: an OCTET STRING of 1 to 32 octets):
///
/// ```text
/// OCSPRequest ::= SEQUENCE {
///    tbsRequest                  TBSRequest,
///    optionalSignature   [0]     EXPLICIT Signature OPTIONAL }
/// TBSRequest ::= SEQUENCE {
///    version             [0]     EXPLICIT Version DEFAULT v1,
///    requestorName       [1]     EXPLICIT GeneralName OPTIONAL,
///    requestList                 SEQUENCE OF Request,
///    requestExtensions   [2]     EXPLICIT Extensions OPTIONAL }
/// Request ::= SEQUENCE {
///    reqCert                     CertID,
///    singleRequestExtensions     [0] EXPLICIT Extensions OPTIONAL }
/// ```
///
/// [RFC 6960 §4.1.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1
/// [RFC 8954]: https://www.rfc-editor.org/rfc/rfc8954
pub fn request(
    cert: &Certificate,
    issuer: &Certificate,
    hash: CertIdHash,
    nonce: Option<&[u8]>,
) -> Result<Vec<u8>, Error> {
    let id = CertId::new(cert, issuer, hash)?.to_der()?;
    let list = tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &id));
    let mut tbs = list;
    if let Some(n) = nonce {
        if n.is_empty() || n.len() > 32 {
            return Err(malformed("nonce must be 1 to 32 octets (RFC 8954)"));
        }
        let ext = tlv_parts(
            TAG_SEQUENCE,
            &[
                &oid_der(&oid::ID_PKIX_OCSP_NONCE),
                &tlv(TAG_OCTET_STRING, &tlv(TAG_OCTET_STRING, n)),
            ],
        );
        tbs.extend(tlv(0xa2, &tlv(TAG_SEQUENCE, &ext)));
    }
    Ok(tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &tbs)))
}

/// A parsed `OCSPRequest` (for a responder, e.g. the test responder): the CertIDs asked
/// about and the nonce. Signed requests are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspRequest {
    /// The reqCerts.
    pub cert_ids: Vec<CertId>,
    /// The nonce octets, if any.
    pub nonce: Option<Vec<u8>>,
}

impl OcspRequest {
    /// Parse a DER `OCSPRequest`.
    pub fn from_der(der: &[u8]) -> Result<OcspRequest, Error> {
        if der.len() > MAX_OCSP_RESPONSE_SIZE {
            return Err(Error::TooLarge {
                what: "OCSPRequest",
                size: der.len(),
                limit: MAX_OCSP_RESPONSE_SIZE,
            });
        }
        let outer = crate::tsp::sequence(der, "OCSPRequest")?;
        let mut r = DerReader::new(outer.value(), WHAT)?;
        let tbs = r.expect(TAG_SEQUENCE, "tbsRequest")?;
        if r.peek_tag().is_some() {
            return Err(malformed("signed OCSP requests are not supported"));
        }
        let mut t = DerReader::new(tbs.value(), WHAT)?;
        if t.optional(0xa0)?.is_some() || t.optional(0xa1)?.is_some() {
            return Err(malformed("version / requestorName are not supported"));
        }
        let list = t.expect(TAG_SEQUENCE, "requestList")?;
        let mut cert_ids = Vec::new();
        let mut lr = DerReader::new(list.value(), WHAT)?;
        while !lr.is_finished() {
            if cert_ids.len() >= MAX_OCSP_RESPONSES {
                return Err(Error::TooLarge {
                    what: "OCSP requests",
                    size: cert_ids.len() + 1,
                    limit: MAX_OCSP_RESPONSES,
                });
            }
            let req = lr.expect(TAG_SEQUENCE, "Request")?;
            let mut rr = DerReader::new(req.value(), WHAT)?;
            let id = rr.expect(TAG_SEQUENCE, "reqCert")?;
            rr.optional(0xa0)?;
            rr.finish("Request")?;
            cert_ids.push(CertId::parse(id.value())?);
        }
        let mut nonce = None;
        if let Some(x) = t.optional(0xa2)? {
            extensions(x.value(), |oid, value| {
                if ocsp_arc(oid, 2) {
                    nonce = Some(nonce_value(value));
                    Ok(true)
                } else {
                    Ok(false)
                }
            })
            .map_err(|e| match e {
                OcspError::Malformed(e) => e,
                other => malformed(other),
            })?;
        }
        t.finish("TBSRequest")?;
        Ok(OcspRequest { cert_ids, nonce })
    }
}
