//! [RFC 3161] time-stamp tokens: read a `TSTInfo`, verify a `TimeStampToken` for a
//! SignerInfo's signature value, build a `TimeStampReq`, unwrap a `TimeStampResp`.
//!
//! A time-stamp token is a CMS `SignedData` (read by the one CMS reader,
//! [`crate::cms::Envelope`]) whose eContentType is id-ct-TSTInfo and whose content is the
//! DER `TSTInfo` ([RFC 3161 §2.4.2]). Verifying it for a signature
//! ([`verify_token`]) checks, failing closed with a typed [`TspError`]:
//!
//! 1. the token is a SignedData with eContentType id-ct-TSTInfo, one SignerInfo, signed
//!    attributes (contentType = id-ct-TSTInfo, messageDigest over the TSTInfo) and a
//!    signingCertificate or signingCertificateV2 attribute naming the TSA's certificate
//!    ([RFC 3161 §2.4.1], [RFC 5816 §2.2.1]);
//! 2. the TSA's signature over the signed attributes, with any algorithm of
//!    [`crate::algorithm`] (GOST 34.10-2015 / 34.310-2004, RSA, ECDSA: the NCA's TSA may
//!    sign with an RSA certificate even for a GOST signature);
//! 3. the TSA certificate: extKeyUsage critical with id-kp-timeStamping as its only purpose
//!    ([RFC 3161 §2.3]), and a path to the **separately configured** TSA anchors
//!    ([`TsaTrust`], never the document anchors) valid at genTime;
//! 4. the messageImprint: its hash of the given SignerInfo's signature value
//!    (the value of `SignerInfo.signature`, [RFC 3161] Appendix A);
//! 5. the nonce, when the caller gives one, and the policy, when the caller lists the
//!    acceptable ones.
//!
//! Not checked here: the revocation status of the TSA certificate (the caller judges it with
//! its CRLs / OCSP, at genTime); the `tsa` GeneralName hint.
//!
//! [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
//! [RFC 3161 §2.3]: https://www.rfc-editor.org/rfc/rfc3161#section-2.3
//! [RFC 3161 §2.4.1]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.1
//! [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
//! [RFC 5816 §2.2.1]: https://www.rfc-editor.org/rfc/rfc5816#section-2.2.1

use crate::algorithm::{AlgorithmIdentifier, DigestAlgorithm};
use crate::certificate::Certificate;
use crate::cms::Envelope;
use crate::encoding::{decode_der_blobs, oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::limits::{MAX_CERTIFICATE_SIZE, MAX_TIMESTAMP_TOKEN_SIZE, MAX_VERIFIER_ITEMS};
use crate::oid;
use crate::report::Finding;
use crate::Error;
use der::asn1::ObjectIdentifier;

const WHAT: &str = "TSTInfo";
const TAG_BOOLEAN: u8 = 0x01;
const TAG_INTEGER: u8 = 0x02;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_OID: u8 = 0x06;
const TAG_UTF8: u8 = 0x0c;
const TAG_GENERALIZED_TIME: u8 = 0x18;
const TAG_SEQUENCE: u8 = 0x30;

/// The name of an NCA TSA policy (`tsa_gost_policy`, `tsa_rsa_policy`,
/// `tsa_gostgt_policy`, `tsa_gost2015_policy`), `None` for other policies.
pub fn nca_policy_name(policy: &ObjectIdentifier) -> Option<&'static str> {
    match *policy {
        oid::NCA_TSA_POLICY_GOST => Some("tsa_gost_policy"),
        oid::NCA_TSA_POLICY_RSA => Some("tsa_rsa_policy"),
        oid::NCA_TSA_POLICY_GOST_GT => Some("tsa_gostgt_policy"),
        oid::NCA_TSA_POLICY_GOST2015 => Some("tsa_gost2015_policy"),
        _ => None,
    }
}

/// Why a time-stamp token, request or response was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TspError {
    /// The DER does not parse (token, TSTInfo, request, response), or a limit is exceeded.
    Malformed(Error),
    /// The SignedData's eContentType is not id-ct-TSTInfo, or it has no content.
    NotATimestampToken(String),
    /// The TSA's certificate is neither in the token nor among the configured TSA
    /// certificates.
    TsaCertificateMissing,
    /// The token's signature (or messageDigest) does not verify with the TSA's key.
    SignatureInvalid(Error),
    /// No signingCertificate / signingCertificateV2 signed attribute ([RFC 3161 §2.4.1]), or
    /// it names another certificate.
    ///
    /// [RFC 3161 §2.4.1]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.1
    SigningCertificate(String),
    /// The TSA certificate's extKeyUsage is not critical with id-kp-timeStamping as its only
    /// purpose ([RFC 3161 §2.3]).
    ///
    /// [RFC 3161 §2.3]: https://www.rfc-editor.org/rfc/rfc3161#section-2.3
    NotATimestampingCertificate(String),
    /// The TSA certificate has no valid path to a configured TSA anchor at genTime (the
    /// path findings).
    TsaPathInvalid(Vec<Finding>),
    /// The messageImprint's hash algorithm is not one this crate computes.
    UnsupportedHash(String),
    /// The messageImprint is not the hash of the given signature value.
    ImprintMismatch,
    /// A nonce was sent and the token carries none, or another one.
    NonceMismatch,
    /// The token's policy is not among the acceptable ones.
    PolicyNotAccepted(String),
    /// The TSA refused the request (PKIStatus rejection/waiting/revocation…, [RFC 3161 §2.4.2]).
    ///
    /// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
    Rejected {
        /// PKIStatus (2 rejection, 3 waiting, 4 revocationWarning, 5 revocationNotification).
        status: u8,
        /// The statusString texts, joined.
        text: String,
    },
}

impl core::fmt::Display for TspError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TspError::Malformed(e) => write!(f, "time-stamp: {e}"),
            TspError::NotATimestampToken(d) => write!(f, "not a time-stamp token: {d}"),
            TspError::TsaCertificateMissing => {
                f.write_str("the TSA's certificate is not in the token nor configured")
            }
            TspError::SignatureInvalid(e) => write!(f, "the token's signature: {e}"),
            TspError::SigningCertificate(d) => write!(f, "the token's signingCertificate: {d}"),
            TspError::NotATimestampingCertificate(d) => {
                write!(f, "not a time-stamping certificate (RFC 3161 §2.3): {d}")
            }
            TspError::TsaPathInvalid(findings) => {
                f.write_str("the TSA certificate has no valid path to a TSA anchor:")?;
                for x in findings {
                    write!(f, " {} ({})", x.code, x.detail)?;
                }
                Ok(())
            }
            TspError::UnsupportedHash(oid) => write!(f, "messageImprint hash algorithm {oid}"),
            TspError::ImprintMismatch => {
                f.write_str("the messageImprint is not the hash of the signature value")
            }
            TspError::NonceMismatch => f.write_str("the nonce is missing or differs"),
            TspError::PolicyNotAccepted(p) => write!(f, "policy {p} is not accepted"),
            TspError::Rejected { status, text } => {
                write!(f, "the TSA refused the request: PKIStatus {status} {text}")
            }
        }
    }
}

impl std::error::Error for TspError {}

impl From<Error> for TspError {
    fn from(e: Error) -> Self {
        TspError::Malformed(e)
    }
}

fn malformed(detail: impl core::fmt::Display) -> Error {
    Error::malformed(WHAT, detail)
}

/// `der` as exactly one DER SEQUENCE (tag 0x30, nothing after): the outer check of every
/// structure of this module and of [`crate::ocsp`].
pub(crate) fn sequence<'a>(
    der: &'a [u8],
    what: &'static str,
) -> Result<der::asn1::AnyRef<'a>, Error> {
    let any = parse_single(der, what)?;
    if der.first() != Some(&TAG_SEQUENCE) {
        return Err(Error::malformed(what, "not a SEQUENCE"));
    }
    Ok(any)
}

/// The content octets of a DER INTEGER (X.690 §8.3.2: at least one octet, minimal).
fn integer<'a>(content: &'a [u8], field: &str) -> Result<&'a [u8], Error> {
    match content {
        [] => Err(malformed(format!("{field}: empty INTEGER"))),
        [0x00, b, ..] if b & 0x80 == 0 => Err(malformed(format!("{field}: non-minimal INTEGER"))),
        [0xff, b, ..] if b & 0x80 != 0 => Err(malformed(format!("{field}: non-minimal INTEGER"))),
        _ => Ok(content),
    }
}

/// A positive INTEGER's magnitude (leading zero octets removed), for comparisons.
fn magnitude(v: &[u8]) -> &[u8] {
    let skip = v.iter().take_while(|b| **b == 0).count();
    &v[skip..]
}

/// A small non-negative INTEGER (at most 4 octets).
fn small(content: &[u8], field: &str) -> Result<u32, Error> {
    let v = integer(content, field)?;
    if v[0] & 0x80 != 0 || magnitude(v).len() > 4 {
        return Err(malformed(format!("{field}: out of range")));
    }
    Ok(v.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

/// A GeneralizedTime of [RFC 3161 §2.4.2] — "YYYYMMDDhhmmss[.s...]Z": UTC, seconds always
/// present, the fraction (if any) without trailing zeros and not a lone dot — as (unix
/// seconds, nanoseconds). At most 9 fraction digits.
///
/// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
pub(crate) fn generalized_time(content: &[u8]) -> Result<(i64, u32), Error> {
    let bad = || malformed("genTime is not YYYYMMDDhhmmss[.s...]Z (RFC 3161 §2.4.2)");
    if content.len() < 15 || content.last() != Some(&b'Z') {
        return Err(bad());
    }
    let (whole, rest) = content.split_at(14);
    let mut integral = whole.to_vec();
    integral.push(b'Z');
    let secs = crate::asn1::der_time(TAG_GENERALIZED_TIME, &integral).ok_or_else(bad)?;
    let fraction = &rest[..rest.len() - 1];
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] => {
            if digits.is_empty()
                || digits.len() > 9
                || digits.last() == Some(&b'0')
                || !digits.iter().all(u8::is_ascii_digit)
            {
                return Err(bad());
            }
            let mut n = 0u32;
            for i in 0..9 {
                n = n * 10 + u32::from(digits.get(i).map_or(0, |d| d - b'0'));
            }
            n
        }
        _ => return Err(bad()),
    };
    Ok((secs, nanos))
}

/// ```text
/// Accuracy ::= SEQUENCE {
///       seconds        INTEGER              OPTIONAL,
///       millis     [0] INTEGER  (1..999)    OPTIONAL,
///       micros     [1] INTEGER  (1..999)    OPTIONAL  }
/// ```
/// ([RFC 3161 §2.4.2]; the module has IMPLICIT TAGS.)
///
/// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Accuracy {
    /// Whole seconds.
    pub seconds: u32,
    /// Milliseconds (0 when absent).
    pub millis: u16,
    /// Microseconds (0 when absent).
    pub micros: u16,
}

impl Accuracy {
    /// The accuracy in microseconds.
    pub fn as_micros(&self) -> u64 {
        u64::from(self.seconds) * 1_000_000 + u64::from(self.millis) * 1000 + u64::from(self.micros)
    }

    fn parse(body: &[u8]) -> Result<Accuracy, Error> {
        let mut r = DerReader::new(body, WHAT)?;
        let mut out = Accuracy::default();
        if let Some(s) = r.optional(TAG_INTEGER)? {
            out.seconds = small(s.value(), "accuracy seconds")?;
        }
        for (tag, field) in [(0x80u8, "accuracy millis"), (0x81, "accuracy micros")] {
            if let Some(v) = r.optional(tag)? {
                let n = small(v.value(), field)?;
                if !(1..=999).contains(&n) {
                    return Err(malformed(format!("{field}: {n} is not in 1..999")));
                }
                if tag == 0x80 {
                    out.millis = n as u16;
                } else {
                    out.micros = n as u16;
                }
            }
        }
        r.finish("Accuracy")?;
        Ok(out)
    }
}

/// A parsed `TSTInfo` ([RFC 3161 §2.4.2]):
///
/// ```text
/// TSTInfo ::= SEQUENCE  {
///    version                      INTEGER  { v1(1) },
///    policy                       TSAPolicyId,
///    messageImprint               MessageImprint,
///      -- MUST have the same value as the similar field in
///      -- TimeStampReq
///    serialNumber                 INTEGER,
///     -- Time-Stamping users MUST be ready to accommodate integers
///     -- up to 160 bits.
///    genTime                      GeneralizedTime,
///    accuracy                     Accuracy                 OPTIONAL,
///    ordering                     BOOLEAN             DEFAULT FALSE,
///    nonce                        INTEGER                  OPTIONAL,
///      -- MUST be present if the similar field was present
///      -- in TimeStampReq.  In that case it MUST have the same value.
///    tsa                          [0] GeneralName          OPTIONAL,
///    extensions                   [1] IMPLICIT Extensions   OPTIONAL  }
///
/// MessageImprint ::= SEQUENCE  {
///      hashAlgorithm                AlgorithmIdentifier,
///      hashedMessage                OCTET STRING  }
/// TSAPolicyId ::= OBJECT IDENTIFIER
/// ```
/// Read strictly: version 1, a DER BOOLEAN `ordering` that is not the DEFAULT written out,
/// genTime as `generalized_time` reads it, no critical extension (none is defined).
///
/// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TstInfo {
    /// The TSA policy.
    pub policy: ObjectIdentifier,
    /// messageImprint.hashAlgorithm.
    pub hash_algorithm: AlgorithmIdentifier,
    /// messageImprint.hashedMessage.
    pub hashed_message: Vec<u8>,
    /// serialNumber (INTEGER content octets).
    pub serial: Vec<u8>,
    /// genTime, with its fraction of a second (UTC).
    pub gen_time: crate::Time,
    /// accuracy, if given.
    pub accuracy: Option<Accuracy>,
    /// ordering.
    pub ordering: bool,
    /// nonce (INTEGER content octets), if any.
    pub nonce: Option<Vec<u8>>,
    /// tsa `[0] GeneralName`, its DER, if any (a hint only).
    pub tsa: Option<Vec<u8>>,
}

impl TstInfo {
    /// Parse a DER `TSTInfo`.
    pub fn from_der(der: &[u8]) -> Result<TstInfo, Error> {
        let seq = sequence(der, WHAT)?;
        let mut r = DerReader::new(seq.value(), WHAT)?;
        let version = small(r.expect(TAG_INTEGER, "version")?.value(), "version")?;
        if version != 1 {
            return Err(malformed(format!(
                "version {version}, only v1(1) is defined"
            )));
        }
        let policy = oid_of(r.expect(TAG_OID, "policy")?, WHAT)?;
        let mi = r.expect(TAG_SEQUENCE, "messageImprint")?;
        let (hash_algorithm, hashed_message) = message_imprint(mi.value())?;
        let serial = integer(
            r.expect(TAG_INTEGER, "serialNumber")?.value(),
            "serialNumber",
        )?;
        if serial.len() > crate::limits::MAX_SERIAL_LEN {
            return Err(Error::TooLarge {
                what: "TSTInfo serialNumber",
                size: serial.len(),
                limit: crate::limits::MAX_SERIAL_LEN,
            });
        }
        let gt = r.expect(TAG_GENERALIZED_TIME, "genTime")?;
        let (secs, nanos) = generalized_time(gt.value())?;
        // der_time's years 0000..=9999 are inside Time's range; nanos < 10⁹.
        let gen_time = crate::asn1::time_from_unix(secs)
            .replace_nanosecond(nanos)
            .map_err(|_| malformed("genTime fraction"))?;
        let accuracy = match r.optional(TAG_SEQUENCE)? {
            Some(a) => Some(Accuracy::parse(a.value())?),
            None => None,
        };
        let ordering = match r.optional(TAG_BOOLEAN)? {
            Some(b) => match b.value() {
                [0xff] => true,
                [0x00] => {
                    return Err(malformed(
                        "ordering encodes its DEFAULT FALSE: not DER (X.690 §11.5)",
                    ))
                }
                _ => return Err(malformed("ordering is not a DER BOOLEAN")),
            },
            None => false,
        };
        let nonce = match r.optional(TAG_INTEGER)? {
            Some(n) => Some(integer(n.value(), "nonce")?.to_vec()),
            None => None,
        };
        let tsa = if r.peek_tag() == Some(0xa0) {
            Some(r.next_raw()?.1.to_vec())
        } else {
            None
        };
        if r.peek_tag() == Some(0xa1) {
            let (_, raw) = r.next_raw()?;
            // [1] IMPLICIT Extensions: the one Extensions reader, on the SEQUENCE re-tagged.
            let mut list = raw.to_vec();
            list[0] = TAG_SEQUENCE;
            for e in crate::extension::read(WHAT, "TSTInfo extensions", &list, 16)? {
                if e.critical {
                    return Err(malformed(format!(
                        "unknown critical extension {}",
                        crate::asn1::oid_string(WHAT, e.oid)?
                    )));
                }
            }
        }
        r.finish("TSTInfo")?;
        Ok(TstInfo {
            policy,
            hash_algorithm,
            hashed_message,
            serial: serial.to_vec(),
            gen_time,
            accuracy,
            ordering,
            nonce,
            tsa,
        })
    }

    /// genTime as [RFC 3339] (with the fraction when there is one).
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub fn gen_time_rfc3339(&self) -> String {
        let base = crate::inspect::rfc3339(self.gen_time_seconds());
        if self.gen_time.nanosecond() == 0 {
            return base;
        }
        let frac = format!("{:09}", self.gen_time.nanosecond());
        let frac = frac.trim_end_matches('0');
        match base.strip_suffix('Z') {
            Some(b) => format!("{b}.{frac}Z"),
            None => base,
        }
    }

    /// The latest instant (whole seconds, rounded up) the time-stamped datum may have been
    /// signed at: genTime + accuracy ([RFC 3161 §2.4.2]: "the time ... obtained by adding the
    /// accuracy to the value of the GeneralizedTime"). Without an accuracy field the TSA's
    /// policy defines it; this crate then uses genTime itself. Use it, not genTime, when
    /// judging "before the time-stamp" (e.g. a revocation date).
    ///
    /// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
    pub fn latest_time(&self) -> crate::Time {
        // Saturates past year 9999 (genTime near it plus a large accuracy): later than
        // every X.509 time, so still "not before the time-stamp" for every date.
        crate::asn1::time_from_unix(self.latest_unix())
    }

    /// genTime without its fraction: the whole second the certificate and revocation
    /// checks use (X.509 and CRL times are whole seconds).
    pub(crate) fn gen_time_seconds(&self) -> crate::Time {
        self.gen_time.replace_nanosecond(0).unwrap_or(self.gen_time)
    }

    /// [`TstInfo::latest_time`] in unix seconds (the crate's internal form; not saturated).
    pub(crate) fn latest_unix(&self) -> i64 {
        let micros = self.accuracy.map_or(0, |a| a.as_micros())
            + u64::from(self.gen_time.nanosecond() / 1000);
        let extra = micros.div_ceil(1_000_000);
        self.gen_time
            .unix_timestamp()
            .saturating_add(i64::try_from(extra).unwrap_or(i64::MAX))
    }
}

fn message_imprint(body: &[u8]) -> Result<(AlgorithmIdentifier, Vec<u8>), Error> {
    let mut r = DerReader::new(body, WHAT)?;
    let (_, alg) = r.next_raw()?;
    let alg = AlgorithmIdentifier::from_der(alg)?;
    let hashed = r
        .expect(TAG_OCTET_STRING, "hashedMessage")?
        .value()
        .to_vec();
    r.finish("MessageImprint")?;
    if hashed.is_empty() || hashed.len() > 64 {
        return Err(malformed(format!(
            "hashedMessage of {} octets",
            hashed.len()
        )));
    }
    Ok((alg, hashed))
}

/// The certificates a time-stamp token may be checked against: TSA trust anchors and TSA
/// intermediates (or TSA certificates for tokens that do not carry theirs), configured
/// **separately** from the document anchors of a [`crate::verifier::Verifier`].
#[derive(Debug, Default)]
pub struct TsaTrust {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
}

impl TsaTrust {
    /// An empty trust (verifies nothing).
    pub fn new() -> TsaTrust {
        TsaTrust::default()
    }

    /// Add TSA trust anchors (DER, or PEM with one or more certificates).
    pub fn anchors(mut self, input: &[u8]) -> Result<Self, Error> {
        for der in decode_der_blobs(input, "CERTIFICATE", MAX_CERTIFICATE_SIZE)? {
            self.anchors.push(Certificate::from_der(&der)?);
        }
        check_count(self.anchors.len())?;
        Ok(self)
    }

    /// Add intermediate CA certificates or TSA certificates (DER or PEM); not trusted by
    /// themselves.
    pub fn intermediates(mut self, input: &[u8]) -> Result<Self, Error> {
        for der in decode_der_blobs(input, "CERTIFICATE", MAX_CERTIFICATE_SIZE)? {
            self.intermediates.push(Certificate::from_der(&der)?);
        }
        check_count(self.intermediates.len())?;
        Ok(self)
    }

    /// True when no anchor is configured.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

fn check_count(n: usize) -> Result<(), Error> {
    if n > MAX_VERIFIER_ITEMS {
        return Err(Error::TooLarge {
            what: "TSA certificates",
            size: n,
            limit: MAX_VERIFIER_ITEMS,
        });
    }
    Ok(())
}

/// What a token must prove, besides its own signature and path.
#[derive(Debug, Clone, Copy, Default)]
pub struct Expectation<'a> {
    /// The time-stamped datum: for a signature-time-stamp, the value of the SignerInfo's
    /// `signature` field ([RFC 3161] Appendix A). The messageImprint must be its hash.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub signature_value: &'a [u8],
    /// The nonce sent in the request (INTEGER content octets), if any.
    pub nonce: Option<&'a [u8]>,
    /// The acceptable policies (dotted); empty: any.
    pub policies: &'a [ObjectIdentifier],
}

/// A token that verified.
#[derive(Debug, Clone)]
pub struct VerifiedTimestamp {
    /// The TSTInfo.
    pub info: TstInfo,
    /// The TSA's certificate (the token's signer).
    pub tsa: Certificate,
    /// The NCA name of the policy, if it is an NCA policy.
    pub policy_name: Option<&'static str>,
    /// The signature algorithm of the token (e.g. "GOST 34.10-2015 512").
    pub signature_algorithm: &'static str,
    /// The TSA path, TSA certificate first, anchor last (subjects, display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub path: Vec<String>,
    /// The TSA path's certificates, TSA certificate first, anchor last (for the revocation
    /// check of the TSA, [`TsaRevocation`]).
    pub chain: Vec<Certificate>,
}

/// What a verifier does when the revocation status of a TSA's certificate (path) at the
/// token's genTime cannot be established from the evidence it has (given CRLs / OCSP
/// responses and the envelope's own). Whatever the setting, a TSA certificate
/// shown **revoked** (or on hold) at genTime makes the token prove nothing
/// (TIMESTAMP_INVALID), and so does one revoked later for keyCompromise or with no stated
/// reason ([RFC 3161 §4]: tokens signed with a compromised key "cannot be trusted"; the
/// revocation date does not bound what the key's holder could backdate).
///
/// [RFC 3161 §4]: https://www.rfc-editor.org/rfc/rfc3161#section-4
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TsaRevocation {
    /// Report a TSA_REVOCATION_UNKNOWN warning; the token still proves its time. The
    /// default: the TSA is a separately configured trust point, and its CA's CRL is often
    /// not at hand.
    #[default]
    Warn,
    /// The token proves nothing unless the TSA path's status is proven good
    /// (TIMESTAMP_INVALID otherwise): for long-term archives.
    Require,
    /// Do not check the TSA's revocation status at all (the pre-issue-16 behaviour).
    Skip,
}

impl TsaRevocation {
    /// `warn`, `require` or `skip`.
    pub fn parse(s: &str) -> Option<TsaRevocation> {
        s.parse().ok()
    }
}

/// Verify a time-stamp token (DER, or PEM/base64 of it) over `expect.signature_value`,
/// with the TSA path built to `trust` at genTime. See the module documentation for every
/// check. `backend`: who performs the final signature primitives of the token's signature
/// ([`crate::algorithm::CoreBackend`]: the crate's own; the TSA path is always checked with
/// the core's).
pub fn verify_token(
    token: &[u8],
    expect: &Expectation<'_>,
    trust: &TsaTrust,
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<VerifiedTimestamp, TspError> {
    verify_token_with(token, expect, trust, &[], backend)
}

/// [`verify_token`] with `extra` untrusted certificates for the TSA path (e.g. those the
/// signed envelope carries: the long-term form embeds the TSA's CA there). They are path
/// candidates only; the path must still end at a TSA anchor.
pub(crate) fn verify_token_with(
    token: &[u8],
    expect: &Expectation<'_>,
    trust: &TsaTrust,
    extra: &[&Certificate],
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<VerifiedTimestamp, TspError> {
    if token.len() > MAX_TIMESTAMP_TOKEN_SIZE {
        return Err(TspError::Malformed(Error::TooLarge {
            what: "time-stamp token",
            size: token.len(),
            limit: MAX_TIMESTAMP_TOKEN_SIZE,
        }));
    }
    let env = Envelope::parse(token)?;
    if env.content_type != oid::ID_CT_TST_INFO {
        return Err(TspError::NotATimestampToken(format!(
            "eContentType {} is not id-ct-TSTInfo",
            env.content_type
        )));
    }
    let content = env
        .content
        .as_deref()
        .ok_or_else(|| TspError::NotATimestampToken("no encapsulated TSTInfo".into()))?;
    let info = TstInfo::from_der(content)?;

    // The TSA certificate: in the token, or configured.
    let embedded: Vec<Certificate> = env
        .certificates
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let tsa = env
        .signer
        .find_in(
            embedded
                .iter()
                .chain(trust.intermediates.iter())
                .chain(trust.anchors.iter()),
        )
        .cloned()
        .ok_or(TspError::TsaCertificateMissing)?;

    // 1–2. Signed attributes and the TSA's signature.
    if env.signed_attrs.is_none() {
        return Err(TspError::NotATimestampToken(
            "no signed attributes (RFC 3161 §2.4.1 requires signingCertificate)".into(),
        ));
    }
    // A token is signed by the TSA alone (RFC 3161 §2.4.2: one SignerInfo).
    let [si] = env.signers.as_slice() else {
        return Err(TspError::NotATimestampToken(format!(
            "{} SignerInfos (a time-stamp token has one)",
            env.signers.len()
        )));
    };
    let alg = si
        .verify_signature_by(&env, None, &tsa, backend)
        .map_err(TspError::SignatureInvalid)?;
    if env.signing_certificates.is_empty() {
        return Err(TspError::SigningCertificate(
            "no signingCertificate or signingCertificateV2 attribute".into(),
        ));
    }
    env.check_signing_certificate(&tsa)
        .map_err(|e| TspError::SigningCertificate(format!("{e:?}")))?;

    // 3. The TSA certificate's purpose and path.
    check_timestamping_eku(&tsa)?;
    let mut pool: Vec<&Certificate> = embedded.iter().collect();
    pool.extend(trust.intermediates.iter());
    pool.extend(extra.iter().copied());
    let built = crate::path::build(
        &tsa,
        &pool,
        &trust.anchors,
        info.gen_time_seconds(),
        crate::path::VerifiedEdges::none(),
        &crate::algorithm::CoreBackend,
    );
    if built.path.is_empty() || !built.findings.is_empty() {
        let mut findings = built.findings;
        if findings.is_empty() {
            findings.push(Finding::new(
                crate::report::Code::ChainUntrusted,
                "no path to a configured TSA anchor",
            ));
        }
        return Err(TspError::TsaPathInvalid(findings));
    }
    let path = built.path.iter().map(|c| c.subject().to_owned()).collect();
    let chain: Vec<Certificate> = built.path.iter().map(|c| (*c).clone()).collect();

    // 4. The messageImprint.
    let digest = DigestAlgorithm::from_identifier(&info.hash_algorithm)
        .map_err(|_| TspError::UnsupportedHash(info.hash_algorithm.oid.to_string()))?;
    if digest.digest(expect.signature_value) != info.hashed_message {
        return Err(TspError::ImprintMismatch);
    }
    // 5. Nonce and policy.
    if let Some(sent) = expect.nonce {
        match &info.nonce {
            Some(got) if magnitude(got) == magnitude(sent) => {}
            _ => return Err(TspError::NonceMismatch),
        }
    }
    if !expect.policies.is_empty() && !expect.policies.contains(&info.policy) {
        return Err(TspError::PolicyNotAccepted(info.policy.to_string()));
    }
    Ok(VerifiedTimestamp {
        policy_name: nca_policy_name(&info.policy),
        signature_algorithm: alg.name(),
        info,
        tsa,
        path,
        chain,
    })
}

/// [RFC 3161 §2.3]: "The corresponding certificate MUST contain only one instance of the
/// extended key usage field extension ... with KeyPurposeID having value:
/// id-kp-timeStamping. This extension MUST be critical."
///
/// [RFC 3161 §2.3]: https://www.rfc-editor.org/rfc/rfc3161#section-2.3
fn check_timestamping_eku(tsa: &Certificate) -> Result<(), TspError> {
    if tsa.ekus() != [oid::ID_KP_TIME_STAMPING] {
        return Err(TspError::NotATimestampingCertificate(format!(
            "extKeyUsage {:?}, id-kp-timeStamping alone required",
            tsa.ekus()
        )));
    }
    let critical = crate::tbs::parse(tsa.tbs())?
        .extensions
        .criticality(oid::ID_CE_EXT_KEY_USAGE);
    if critical != Some(true) {
        return Err(TspError::NotATimestampingCertificate(
            "the extKeyUsage extension is not critical".into(),
        ));
    }
    Ok(())
}

/// A `TimeStampReq` ([RFC 3161 §2.4.1]):
///
/// ```text
/// TimeStampReq ::= SEQUENCE  {
///    version                      INTEGER  { v1(1) },
///    messageImprint               MessageImprint,
///    reqPolicy             TSAPolicyId              OPTIONAL,
///    nonce                 INTEGER                  OPTIONAL,
///    certReq               BOOLEAN                  DEFAULT FALSE,
///    extensions            [0] IMPLICIT Extensions  OPTIONAL  }
/// ```
///
/// [RFC 3161 §2.4.1]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.1
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeStampReq {
    /// messageImprint.hashAlgorithm.
    pub hash_algorithm: AlgorithmIdentifier,
    /// messageImprint.hashedMessage.
    pub hashed_message: Vec<u8>,
    /// reqPolicy.
    pub policy: Option<ObjectIdentifier>,
    /// nonce (INTEGER content octets, positive).
    pub nonce: Option<Vec<u8>>,
    /// certReq: the TSA is asked to include its certificate.
    pub cert_req: bool,
}

impl TimeStampReq {
    /// The request for a signature-time-stamp over `signature_value` (a SignerInfo's
    /// `signature`), hashed with `digest`.
    pub fn for_signature(
        signature_value: &[u8],
        digest: DigestAlgorithm,
        nonce: Option<&[u8]>,
        policy: Option<ObjectIdentifier>,
    ) -> TimeStampReq {
        TimeStampReq {
            hash_algorithm: digest.algorithm_identifier(),
            hashed_message: digest.digest(signature_value),
            policy,
            nonce: nonce.map(|n| {
                // A positive INTEGER: one leading zero octet when the top bit is set.
                let m = magnitude(n);
                let mut v = Vec::with_capacity(m.len() + 1);
                if m.first().is_none_or(|b| b & 0x80 != 0) {
                    v.push(0);
                }
                v.extend_from_slice(m);
                v
            }),
            cert_req: true,
        }
    }

    /// The request for a signature-time-stamp of SignerInfo `signer` of `envelope` (`None`:
    /// the only one, see [`Envelope::signer_at`]), hashed with `digest` (`None`: that
    /// SignerInfo's digestAlgorithm).
    pub fn for_signer(
        envelope: &Envelope,
        signer: Option<usize>,
        digest: Option<DigestAlgorithm>,
        nonce: Option<&[u8]>,
        policy: Option<ObjectIdentifier>,
    ) -> Result<TimeStampReq, Error> {
        let (_, si) = envelope.signer_at(signer)?;
        let digest = match digest {
            Some(d) => d,
            None => DigestAlgorithm::from_identifier(&si.digest_algorithm)?,
        };
        Ok(TimeStampReq::for_signature(
            &si.signature,
            digest,
            nonce,
            policy,
        ))
    }

    /// The DER encoding.
    pub fn to_der(&self) -> Result<Vec<u8>, Error> {
        let mut parts = vec![
            tlv(TAG_INTEGER, &[1]),
            tlv_parts(
                TAG_SEQUENCE,
                &[
                    &self.hash_algorithm.to_der()?,
                    &tlv(TAG_OCTET_STRING, &self.hashed_message),
                ],
            ),
        ];
        if let Some(p) = &self.policy {
            parts.push(oid_der(p));
        }
        if let Some(n) = &self.nonce {
            parts.push(tlv(TAG_INTEGER, n));
        }
        if self.cert_req {
            parts.push(tlv(TAG_BOOLEAN, &[0xff]));
        }
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        Ok(tlv_parts(TAG_SEQUENCE, &refs))
    }

    /// Parse a DER `TimeStampReq` (for a TSA, e.g. the test TSA).
    pub fn from_der(der: &[u8]) -> Result<TimeStampReq, Error> {
        if der.len() > MAX_TIMESTAMP_TOKEN_SIZE {
            return Err(Error::TooLarge {
                what: "TimeStampReq",
                size: der.len(),
                limit: MAX_TIMESTAMP_TOKEN_SIZE,
            });
        }
        let seq = sequence(der, WHAT)?;
        let mut r = DerReader::new(seq.value(), WHAT)?;
        if small(r.expect(TAG_INTEGER, "version")?.value(), "version")? != 1 {
            return Err(malformed("TimeStampReq version is not v1(1)"));
        }
        let mi = r.expect(TAG_SEQUENCE, "messageImprint")?;
        let (hash_algorithm, hashed_message) = message_imprint(mi.value())?;
        let policy = match r.optional(TAG_OID)? {
            Some(o) => Some(oid_of(o, WHAT)?),
            None => None,
        };
        let nonce = match r.optional(TAG_INTEGER)? {
            Some(n) => Some(integer(n.value(), "nonce")?.to_vec()),
            None => None,
        };
        let cert_req = match r.optional(TAG_BOOLEAN)? {
            Some(b) if b.value() == [0xff] => true,
            Some(_) => return Err(malformed("certReq is not a DER TRUE")),
            None => false,
        };
        if r.peek_tag() == Some(0xa0) {
            return Err(malformed("TimeStampReq extensions are not supported"));
        }
        r.finish("TimeStampReq")?;
        Ok(TimeStampReq {
            hash_algorithm,
            hashed_message,
            policy,
            nonce,
            cert_req,
        })
    }
}

/// The TimeStampToken of a `TimeStampResp` ([RFC 3161 §2.4.2]), or why the TSA refused:
///
/// ```text
/// TimeStampResp ::= SEQUENCE  {
///      status                  PKIStatusInfo,
///      timeStampToken          TimeStampToken     OPTIONAL  }
/// PKIStatusInfo ::= SEQUENCE {
///     status        PKIStatus,
///     statusString  PKIFreeText     OPTIONAL,
///     failInfo      PKIFailureInfo  OPTIONAL  }
/// PKIStatus ::= INTEGER { granted (0), grantedWithMods (1), rejection (2), waiting (3),
///     revocationWarning (4), revocationNotification (5) }
/// PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
/// ```
/// The token is returned as received (not verified: pass it to [`verify_token`]).
///
/// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
pub fn token_from_response(response: &[u8]) -> Result<Vec<u8>, TspError> {
    let der = decode_der_blobs(response, "TIMESTAMP RESPONSE", MAX_TIMESTAMP_TOKEN_SIZE)?;
    let [der] = der.as_slice() else {
        return Err(malformed("exactly one TimeStampResp expected").into());
    };
    let seq = sequence(der, "TimeStampResp")?;
    let mut r = DerReader::new(seq.value(), "TimeStampResp")?;
    let si = r.expect(TAG_SEQUENCE, "status")?;
    let mut sr = DerReader::new(si.value(), "TimeStampResp")?;
    let status = small(sr.expect(TAG_INTEGER, "PKIStatus")?.value(), "PKIStatus")?;
    let mut text = Vec::new();
    if let Some(ft) = sr.optional(TAG_SEQUENCE)? {
        let mut fr = DerReader::new(ft.value(), "TimeStampResp")?;
        while !fr.is_finished() {
            let s = fr.expect(TAG_UTF8, "statusString")?;
            text.push(String::from_utf8_lossy(s.value()).into_owned());
        }
    }
    sr.optional(0x03)?; // failInfo
    sr.finish("PKIStatusInfo")?;
    let token = if r.is_finished() {
        None
    } else {
        Some(r.next_raw()?.1.to_vec())
    };
    r.finish("TimeStampResp")?;
    match (status, token) {
        (0 | 1, Some(t)) => Ok(t),
        (0 | 1, None) => Err(malformed("granted without a timeStampToken").into()),
        (s, _) => Err(TspError::Rejected {
            status: u8::try_from(s).unwrap_or(u8::MAX),
            text: text.join("; "),
        }),
    }
}

/// Embed `token` as an id-aa-signatureTimeStampToken unsigned attribute of the (single)
/// SignerInfo of `envelope`: [`embed_signature_timestamp_for`] with `None` (an envelope with
/// several SignerInfos is refused: say which one).
pub fn embed_signature_timestamp(envelope: &[u8], token: &[u8]) -> Result<Vec<u8>, Error> {
    embed_signature_timestamp_for(envelope, None, token)
}

/// Embed `token` as an id-aa-signatureTimeStampToken unsigned attribute of the SignerInfo
/// `signer` of `envelope` (DER ContentInfo of a SignedData, [RFC 3161] Appendix A; `None`:
/// the only SignerInfo, see [`Envelope::signer_at`]), after the unsigned attributes already
/// there (a token already present is kept: co-signing or re-stamping never loses an earlier
/// token). The signed part (content, signed attributes, signature), the other SignerInfos
/// (their tokens included), the certificates and crls are copied byte for byte; only the
/// enclosing lengths change.
///
/// `token` is not checked here: [`embed_verified_timestamp`] verifies it over that
/// SignerInfo's signature value first (the CLI `timestamp --response` uses it).
///
/// ```text
/// SignerInfo ::= SEQUENCE { ...,
///   signature SignatureValue,
///   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
/// UnsignedAttributes ::= SET SIZE (1..MAX) OF Attribute
/// ```
///
/// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
pub fn embed_signature_timestamp_for(
    envelope: &[u8],
    signer: Option<usize>,
    token: &[u8],
) -> Result<Vec<u8>, Error> {
    if envelope.len() > crate::limits::MAX_ENVELOPE_SIZE {
        return Err(Error::TooLarge {
            what: "envelope",
            size: envelope.len(),
            limit: crate::limits::MAX_ENVELOPE_SIZE,
        });
    }
    if token.len() > MAX_TIMESTAMP_TOKEN_SIZE {
        return Err(Error::TooLarge {
            what: "time-stamp token",
            size: token.len(),
            limit: MAX_TIMESTAMP_TOKEN_SIZE,
        });
    }
    sequence(token, "time-stamp token")?;
    // The envelope must be one the CMS reader accepts (strict DER); PEM and base64 are
    // unwrapped by it.
    let env = Envelope::parse(envelope)?;
    let (index, si) = env.signer_at(signer)?;
    let attribute = tlv_parts(
        TAG_SEQUENCE,
        &[
            &oid_der(&oid::ID_AA_SIGNATURE_TIME_STAMP_TOKEN),
            &tlv(0x31, token),
        ],
    );
    let si = with_unsigned_attribute(&si.der, &attribute)?;
    crate::cms::edit_signed_data(
        &env,
        &crate::cms::SignedDataEdit {
            signer: Some((index, &si)),
            ..Default::default()
        },
    )
}

/// `si_der` (a SignerInfo TLV) with `attribute` added to its unsigned attributes (DER SET
/// OF order); every other field copied byte for byte.
fn with_unsigned_attribute(si_der: &[u8], attribute: &[u8]) -> Result<Vec<u8>, Error> {
    const W: &str = "CMS";
    let si = parse_single(si_der, W)?;
    let mut ir = DerReader::new(si.value(), W)?;
    let mut fields = Vec::new();
    let mut attrs: Vec<&[u8]> = Vec::new();
    while !ir.is_finished() {
        let (any, raw) = ir.next_raw()?;
        if raw.first() == Some(&0xa1) {
            let mut ar = DerReader::new(any.value(), W)?;
            while !ar.is_finished() {
                attrs.push(ar.next_raw()?.1);
            }
        } else {
            fields.extend_from_slice(raw);
        }
    }
    attrs.push(attribute);
    if attrs.len() > crate::limits::MAX_UNSIGNED_ATTRIBUTES {
        return Err(Error::TooLarge {
            what: "unsigned attributes",
            size: attrs.len(),
            limit: crate::limits::MAX_UNSIGNED_ATTRIBUTES,
        });
    }
    attrs.sort();
    fields.extend(tlv(0xa1, &attrs.concat()));
    Ok(tlv(TAG_SEQUENCE, &fields))
}

/// Verify `token` over the signature value of SignerInfo `signer` of `envelope` (`None`:
/// the only one) with [`verify_token`] (`nonce`: the one sent in the request, if any), then
/// embed it there with [`embed_signature_timestamp_for`]. A token over another SignerInfo's
/// signature (or anything else) is refused with [`TspError::ImprintMismatch`]: it would
/// prove nothing for this signer.
pub fn embed_verified_timestamp(
    envelope: &[u8],
    signer: Option<usize>,
    token: &[u8],
    nonce: Option<&[u8]>,
    trust: &TsaTrust,
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<(Vec<u8>, VerifiedTimestamp), TspError> {
    let env = Envelope::parse(envelope)?;
    let (index, si) = env.signer_at(signer)?;
    let v = verify_token(
        token,
        &Expectation {
            signature_value: &si.signature,
            nonce,
            policies: &[],
        },
        trust,
        backend,
    )?;
    let out = embed_signature_timestamp_for(&env.der, Some(index), token)?;
    Ok((out, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_time_forms() {
        assert_eq!(
            generalized_time(b"20260902100514Z").unwrap(),
            (1788343514, 0)
        );
        assert_eq!(
            generalized_time(b"20260902100514.25Z").unwrap(),
            (1788343514, 250_000_000)
        );
        for bad in [
            &b"20260902100514.Z"[..],
            b"20260902100514.50Z",
            b"202609021005Z",
            b"20260902100514+0000",
            b"20260902100514.1234567891Z",
            b"20260931100514Z",
        ] {
            assert!(
                generalized_time(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    /// genTime's fraction is part of the one `Time`: kept in `gen_time`, in its
    /// [RFC 3339] text, and rounded up with the accuracy in `latest_time`.
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    #[test]
    fn gen_time_fraction_is_part_of_the_time() {
        use time::macros::datetime;
        let alg = tlv(TAG_SEQUENCE, &oid_der(&oid::ID_SHA256));
        let der = tlv_parts(
            TAG_SEQUENCE,
            &[
                &tlv(TAG_INTEGER, &[1]),
                &oid_der(&oid::NCA_TSA_POLICY_GOST2015),
                &tlv_parts(TAG_SEQUENCE, &[&alg, &tlv(TAG_OCTET_STRING, &[7; 32])]),
                &tlv(TAG_INTEGER, &[5]),
                &tlv(TAG_GENERALIZED_TIME, b"20260902100514.25Z"),
                // accuracy: millis [0] 500
                &tlv(TAG_SEQUENCE, &tlv(0x80, &[0x01, 0xf4])),
            ],
        );
        let info = TstInfo::from_der(&der).unwrap();
        assert_eq!(info.gen_time, datetime!(2026-09-02 10:05:14.25 UTC));
        assert_eq!(info.gen_time_rfc3339(), "2026-09-02T10:05:14.25Z");
        // 0.25 s + 0.5 s of accuracy: the next whole second.
        assert_eq!(info.latest_time(), datetime!(2026-09-02 10:05:15 UTC));
    }

    #[test]
    fn request_round_trip() {
        let req = TimeStampReq::for_signature(
            b"sig",
            DigestAlgorithm::Sha256,
            Some(&[0x80, 1]),
            Some(oid::NCA_TSA_POLICY_GOST2015),
        );
        let der = req.to_der().unwrap();
        assert_eq!(TimeStampReq::from_der(&der).unwrap(), req);
        assert_eq!(req.nonce.as_deref(), Some(&[0, 0x80, 1][..]));
    }

    /// The BasicOCSPResponse inside an OCSPResponse ([RFC 6960 §4.2.1]).
    ///
    /// [RFC 6960 §4.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1
    fn basic_of(ocsp_response: &[u8]) -> Vec<u8> {
        let outer = parse_single(ocsp_response, "t").unwrap();
        let mut r = DerReader::new(outer.value(), "t").unwrap();
        r.next_raw().unwrap(); // responseStatus
        let bytes = r.expect(0xa0, "responseBytes").unwrap();
        let rb = parse_single(bytes.value(), "t").unwrap();
        let mut rr = DerReader::new(rb.value(), "t").unwrap();
        rr.next_raw().unwrap(); // responseType
        rr.expect(TAG_OCTET_STRING, "response")
            .unwrap()
            .value()
            .to_vec()
    }

    /// An id-aa-ets-revocationValues attribute ([RFC 5126 §6.3.4]) with `crls` and
    /// BasicOCSPResponses `ocsp`, added to SignerInfo #0 of `envelope`.
    ///
    /// [RFC 5126 §6.3.4]: https://www.rfc-editor.org/rfc/rfc5126#section-6.3.4
    fn with_revocation_values(envelope: &[u8], crls: &[&[u8]], ocsp: &[&[u8]]) -> Vec<u8> {
        let env = Envelope::parse(envelope).unwrap();
        let mut fields = Vec::new();
        if !crls.is_empty() {
            fields.extend(tlv(0xa0, &tlv(TAG_SEQUENCE, &crls.concat())));
        }
        if !ocsp.is_empty() {
            fields.extend(tlv(0xa1, &tlv(TAG_SEQUENCE, &ocsp.concat())));
        }
        let values = tlv(TAG_SEQUENCE, &fields);
        let attribute = tlv_parts(
            TAG_SEQUENCE,
            &[
                &oid_der(&oid::ID_AA_ETS_REVOCATION_VALUES),
                &tlv(0x31, &values),
            ],
        );
        let si = with_unsigned_attribute(&env.signers[0].der, &attribute).unwrap();
        crate::cms::edit_signed_data(
            &env,
            &crate::cms::SignedDataEdit {
                signer: Some((0, &si)),
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn nca(name: &str) -> Vec<u8> {
        let path = format!("{}/../../testdata/nca/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("missing fixture {path}: {e}"))
    }

    /// CAdES-X-L revocation values (KalkanCrypt / NCANode style) are read: the real NCA
    /// OCSP response, as the BasicOCSPResponse `ocspVals` carries, and the real NCA CRL, in
    /// the real NCALayer CAdES-T envelope; the signed part and the TSA token are untouched,
    /// and the response verifies as the one given directly does.
    #[test]
    fn real_nca_cades_revocation_values_are_read() {
        let cades = nca("nca_cades_t_2025-06-26.p7s");
        let crl = nca("nca_gost2022_test_2026-08.crl");
        let basic = basic_of(&nca("nca_ocsp_test2022_2026-09-02.ocsp"));
        let out = with_revocation_values(&cades, &[&crl], &[&basic]);
        let before = Envelope::parse(&cades).unwrap();
        let env = Envelope::parse(&out).unwrap();
        let si = &env.signers[0];
        assert_eq!(si.revocation_crls, vec![crl]);
        assert_eq!(si.revocation_basic_ocsp, vec![basic.clone()]);
        assert_eq!(si.signed_attrs, before.signers[0].signed_attrs);
        assert_eq!(si.signature, before.signers[0].signature);
        assert_eq!(si.timestamp_tokens, before.signers[0].timestamp_tokens);
        let r = crate::ocsp::BasicResponse::from_basic_der(&basic).unwrap();
        let cert = Certificate::from_der(&nca("test2022_individual_2026.cer")).unwrap();
        let ca = Certificate::from_der(&nca("nca_gost2015_test.cer")).unwrap();
        let opts = crate::ocsp::CheckOptions {
            at: crate::asn1::time_from_unix(generalized_time(b"20260902110000Z").unwrap().0),
            ..Default::default()
        };
        let v = crate::ocsp::verify_basic(&r, &cert, &ca, &opts, &crate::algorithm::CoreBackend)
            .unwrap();
        assert_eq!(v.status, crate::ocsp::CertStatus::Good);
        // More values than the limit: refused.
        let many: Vec<&[u8]> = vec![&basic[..]; crate::limits::MAX_EMBEDDED_REVOCATION_VALUES + 1];
        let env = Envelope::parse(&cades).unwrap();
        let values = tlv(TAG_SEQUENCE, &tlv(0xa1, &tlv(TAG_SEQUENCE, &many.concat())));
        let attribute = tlv_parts(
            TAG_SEQUENCE,
            &[
                &oid_der(&oid::ID_AA_ETS_REVOCATION_VALUES),
                &tlv(0x31, &values),
            ],
        );
        let si = with_unsigned_attribute(&env.signers[0].der, &attribute).unwrap();
        assert!(matches!(
            crate::cms::edit_signed_data(
                &env,
                &crate::cms::SignedDataEdit {
                    signer: Some((0, &si)),
                    ..Default::default()
                },
            ),
            Err(Error::TooLarge { .. })
        ));
    }

    /// The verifier uses the revocation values: an OCSP answer in ocspVals and a CRL in
    /// crlVals prove the status of a test-PKI signer without any configured evidence.
    #[cfg(feature = "test-pki")]
    #[test]
    fn cades_revocation_values_are_used_by_the_verifier() {
        use crate::algorithm::SigningKey;
        use crate::test_pki::responders::{
            Answer, ResponderProfile, ResponseOptions, TestResponder,
        };
        use crate::test_pki::{KeyFamily, TestPki};
        let p = TestPki::generate(KeyFamily::P256, crate::Time::now_utc()).unwrap();
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let env = crate::cms::sign(
            b"x",
            &key,
            &p.citizen_sign.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &crate::cms::SignOptions::default(),
        )
        .unwrap();
        let cert = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let id = crate::ocsp::CertId::new(&cert, &ca, crate::ocsp::CertIdHash::Sha1).unwrap();
        let now = p.generated_at;
        let answer = |a: Answer| {
            basic_of(
                &TestResponder::new(&p, ResponderProfile::Delegated)
                    .unwrap()
                    .response(
                        std::slice::from_ref(&id),
                        None,
                        &ResponseOptions {
                            this_update: now - time::Duration::minutes(5),
                            next_update: Some(now + time::Duration::days(1)),
                        },
                        move |_| a,
                    )
                    .unwrap(),
            )
        };
        let v = crate::verifier::Verifier::builder()
            .anchors(&p.root.cert_der)
            .unwrap()
            .build()
            .unwrap();
        let opts = crate::verifier::VerifyOptions::default();
        let good = with_revocation_values(&env, &[&p.crls.root_full], &[&answer(Answer::Good)]);
        let r = v.verify_envelope(&good, &opts).unwrap();
        assert_eq!(
            r.indication,
            crate::report::Indication::Valid,
            "{:#?}",
            r.findings
        );
        assert!(r.revocation.iter().all(|s| s.embedded));
        let revoked = with_revocation_values(
            &env,
            &[&p.crls.root_full],
            &[&answer(Answer::Revoked(
                now - time::Duration::days(1),
                Some(1),
            ))],
        );
        let r = v.verify_envelope(&revoked, &opts).unwrap();
        assert!(r.has(crate::report::Code::CertRevoked), "{:#?}", r.findings);
        let r = v.verify_envelope(&env, &opts).unwrap();
        assert!(r.has(crate::report::Code::RevocationUnknown));
    }
}
