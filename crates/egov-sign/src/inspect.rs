//! What a file holds — certificates, CRLs, a CMS envelope — described for people and tools
//! (`egov-sign inspect`, `egov_sign.inspect` in Python, `inspect` in JavaScript), without
//! judging it: nothing here verifies a signature, a path or a revocation status (that is
//! [`crate::verifier::Verifier`]'s work).
//!
//! Every description is a serialisable struct, so the CLI and the bindings print one JSON
//! shape: [`CertificateDetails`] (the report's [`CertSummary`] plus the signature
//! algorithm and the extended key usages), [`CrlSummary`], [`EnvelopeSummary`] (with one
//! [`SignerInfoSummary`] per SignerInfo). Times are [RFC 3339] in UTC ([`rfc3339`], the one
//! formatter of the crate's JSON).
//!
//! [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339

use crate::certificate::Certificate;
use crate::cms::{Envelope, SignerIdentifier, SignerInfo};
use crate::crl::ParsedCrl;
use crate::report::CertSummary;
use crate::{Error, Time};
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

/// An instant as an [RFC 3339 §5.6] `date-time` in UTC (`Z`), whole seconds unless the
/// instant has a fraction: `2024-05-01T09:30:00Z`. The form of every time in the crate's
/// JSON (reports, summaries, evidence checks).
///
/// An instant the format cannot hold (a year outside 0000–9999) is written as its unix
/// seconds, never an error: descriptions are for reading, not parsing back.
///
/// [RFC 3339 §5.6]: https://www.rfc-editor.org/rfc/rfc3339#section-5.6
pub fn rfc3339(t: Time) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A certificate as `inspect` shows it: the NCA-profile [`CertSummary`] of reports, its
/// `signatureAlgorithm` and its extended key usages ([RFC 5280 §4.2.1.12]), dotted.
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateDetails {
    /// Always `certificate`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// What a report says about the certificate.
    #[serde(flatten)]
    pub summary: CertSummary,
    /// `Certificate.signatureAlgorithm` ([RFC 5280 §4.1.1.2]), dotted OID.
    ///
    /// [RFC 5280 §4.1.1.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
    pub signature_algorithm: String,
    /// Its readable name ("GOST 34.310-2004 GOST 34.311-95", ...), or the OID with the
    /// registry's short name when the crate does not support it.
    pub signature_algorithm_name: String,
    /// The extKeyUsage OIDs, dotted, in certificate order.
    pub ekus: Vec<String>,
}

impl CertificateDetails {
    /// The details of a parsed certificate.
    pub fn of(cert: &Certificate) -> CertificateDetails {
        let id = cert.signature_algorithm();
        CertificateDetails {
            kind: "certificate",
            summary: CertSummary::clone(&cert.summary()),
            signature_algorithm: id.oid.to_string(),
            signature_algorithm_name: crate::algorithm::SignatureAlgorithm::from_identifier(id)
                .map(|a| a.name().to_string())
                .unwrap_or_else(|_| crate::oid::describe(&id.oid)),
            ekus: cert.ekus().iter().map(ToString::to_string).collect(),
        }
    }
}

/// A certificate revocation list ([RFC 5280 §5.1]) as `inspect` shows it; its signature is
/// not checked.
///
/// ```text
/// TBSCertList  ::=  SEQUENCE  {
///      ...
///      issuer                  Name,
///      thisUpdate              Time,
///      nextUpdate              Time OPTIONAL,
///      revokedCertificates     SEQUENCE OF SEQUENCE { ... } OPTIONAL,
///      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
/// ```
///
/// [RFC 5280 §5.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.1
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrlSummary {
    /// `crl`, or `delta_crl` for a delta CRL (a deltaCRLIndicator, [RFC 5280 §5.2.4]).
    ///
    /// [RFC 5280 §5.2.4]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.4
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The issuer ([RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub issuer: String,
    /// thisUpdate, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub this_update: String,
    /// nextUpdate, [RFC 3339], if any.
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub next_update: Option<String>,
    /// How many revokedCertificates entries it lists.
    pub entries: usize,
}

impl CrlSummary {
    /// The summary of a parsed CRL.
    pub fn of(crl: &ParsedCrl) -> CrlSummary {
        CrlSummary {
            kind: if crl.is_delta() { "delta_crl" } else { "crl" },
            issuer: crl.issuer().to_owned(),
            this_update: rfc3339(crl.this_update()),
            next_update: crl.next_update().map(rfc3339),
            entries: crl.len(),
        }
    }
}

/// A SignerInfo's `sid` ([RFC 5652 §5.3]).
///
/// ```text
/// SignerIdentifier ::= CHOICE {
///   issuerAndSerialNumber IssuerAndSerialNumber,
///   subjectKeyIdentifier [0] SubjectKeyIdentifier }
/// ```
///
/// [RFC 5652 §5.3]: https://www.rfc-editor.org/rfc/rfc5652#section-5.3
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SignerIdSummary {
    /// issuerAndSerialNumber: the serial number, uppercase hex of its content octets (as
    /// [`CertSummary::serial`]).
    #[serde(rename = "serial")]
    Serial(String),
    /// subjectKeyIdentifier, lowercase hex.
    #[serde(rename = "ski")]
    Ski(String),
}

impl SignerIdSummary {
    /// The summary of a signer identifier.
    pub fn of(sid: &SignerIdentifier) -> SignerIdSummary {
        match sid {
            SignerIdentifier::IssuerAndSerial { serial, .. } => {
                SignerIdSummary::Serial(hex(serial).to_ascii_uppercase())
            }
            SignerIdentifier::SubjectKeyId(k) => SignerIdSummary::Ski(hex(k)),
        }
    }
}

/// One SignerInfo of an envelope ([RFC 5652 §5.3]), unverified.
///
/// [RFC 5652 §5.3]: https://www.rfc-editor.org/rfc/rfc5652#section-5.3
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerInfoSummary {
    /// Its position in `SignerInfos`, from 0.
    pub index: usize,
    /// Its `sid`.
    pub sid: SignerIdSummary,
    /// digestAlgorithm, dotted OID.
    pub digest_algorithm: String,
    /// The signature algorithm's name, when the crate supports it.
    pub signature_algorithm: Option<&'static str>,
    /// The signingTime signed attribute ([RFC 5652 §11.3]), [RFC 3339] in whole seconds (as
    /// in reports), if any.
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    /// [RFC 5652 §11.3]: https://www.rfc-editor.org/rfc/rfc5652#section-11.3
    pub signing_time: Option<String>,
    /// Whether it has signedAttrs.
    pub signed_attributes: bool,
    /// Whether it has unsignedAttrs.
    pub unsigned_attributes: bool,
    /// How many signature-time-stamp tokens ([RFC 3161] Appendix A) it carries.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub timestamp_tokens: usize,
    /// How many CRLs and OCSP responses its id-aa-ets-revocationValues attribute holds.
    pub revocation_values: usize,
    /// The embedded certificate its `sid` names, if any.
    pub signer: Option<CertSummary>,
}

impl SignerInfoSummary {
    /// The summary of SignerInfo number `index`, its certificate looked up in `embedded`.
    pub fn of(index: usize, si: &SignerInfo, embedded: &[Certificate]) -> SignerInfoSummary {
        SignerInfoSummary {
            index,
            sid: SignerIdSummary::of(&si.sid),
            digest_algorithm: si.digest_algorithm.oid.to_string(),
            signature_algorithm: si.algorithm().ok().map(|a| a.name()),
            signing_time: si.signing_time.map(rfc3339),
            signed_attributes: si.signed_attrs.is_some(),
            unsigned_attributes: si.unsigned_attrs.is_some(),
            timestamp_tokens: si.timestamp_tokens.len(),
            revocation_values: si.revocation_crls.len() + si.revocation_basic_ocsp.len(),
            signer: embedded
                .iter()
                .find(|c| si.sid.matches(c))
                .map(|c| CertSummary::clone(&c.summary())),
        }
    }
}

/// A CMS SignedData envelope ([RFC 5652 §5.1]) as `inspect` shows it, unverified.
///
/// [RFC 5652 §5.1]: https://www.rfc-editor.org/rfc/rfc5652#section-5.1
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvelopeSummary {
    /// Always `envelope`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// eContentType, dotted OID.
    pub content_type: String,
    /// True when the content is not encapsulated.
    pub detached: bool,
    /// The encapsulated content's length in bytes, if any.
    pub content_length: Option<usize>,
    /// The first SignerInfo's signingTime, [RFC 3339] in whole seconds, if any.
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub signing_time: Option<String>,
    /// How many certificates SignedData.certificates holds.
    pub certificates: usize,
    /// How many CRLs SignedData.crls holds.
    pub crls: usize,
    /// How many OCSP responses SignedData.crls holds ([RFC 5940 §3.2.1]).
    ///
    /// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
    pub ocsp_responses: usize,
    /// The first SignerInfo's signature algorithm name, when supported.
    pub signature_algorithm: Option<&'static str>,
    /// The embedded certificate of the first SignerInfo, if any.
    pub signer: Option<CertSummary>,
    /// SignedData.digestAlgorithms, dotted OIDs.
    pub digest_algorithms: Vec<String>,
    /// Every SignerInfo, in order.
    pub signers: Vec<SignerInfoSummary>,
    /// The encapsulated content when it is JSON (a document), as it is; else `None`.
    pub content: Option<serde_json::Value>,
}

impl EnvelopeSummary {
    /// The summary of a parsed envelope. Embedded certificates that do not parse are left
    /// out of the signer lookup (they are still counted).
    pub fn of(env: &Envelope) -> EnvelopeSummary {
        let embedded: Vec<Certificate> = env
            .certificates
            .iter()
            .filter_map(|d| Certificate::from_der(d).ok())
            .collect();
        EnvelopeSummary {
            kind: "envelope",
            content_type: env.content_type.to_string(),
            detached: env.content.is_none(),
            content_length: env.content.as_ref().map(Vec::len),
            signing_time: env.signing_time.map(rfc3339),
            certificates: env.certificates.len(),
            crls: env.crls.len(),
            ocsp_responses: env.ocsp_responses.len(),
            signature_algorithm: env.signer_algorithm().ok().map(|a| a.name()),
            signer: embedded
                .iter()
                .find(|c| env.signer.matches(c))
                .map(|c| CertSummary::clone(&c.summary())),
            digest_algorithms: env
                .digest_algorithms
                .iter()
                .map(ToString::to_string)
                .collect(),
            signers: env
                .signers
                .iter()
                .enumerate()
                .map(|(i, si)| SignerInfoSummary::of(i, si, &embedded))
                .collect(),
            // Bounded by the envelope's own size limit; serde_json caps the nesting.
            content: env
                .content
                .as_ref()
                .and_then(|c| serde_json::from_slice(c).ok()),
        }
    }
}

/// What [`inspect`] found.
///
/// Serialises as the one description (an object) when there is one, else as an array of
/// them (a PEM bundle of certificates or CRLs).
#[derive(Debug, Clone, PartialEq)]
pub enum Inspection {
    /// One or more certificates (DER, or a PEM / base64 bundle).
    Certificates(Vec<CertificateDetails>),
    /// One or more CRLs.
    Crls(Vec<CrlSummary>),
    /// A CMS envelope.
    Envelope(Box<EnvelopeSummary>),
}

impl Serialize for Inspection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn one_or_many<S: Serializer, T: Serialize>(s: S, v: &[T]) -> Result<S::Ok, S::Error> {
            match v {
                [one] => one.serialize(s),
                many => {
                    let mut seq = s.serialize_seq(Some(many.len()))?;
                    for item in many {
                        seq.serialize_element(item)?;
                    }
                    seq.end()
                }
            }
        }
        match self {
            Inspection::Certificates(v) => one_or_many(s, v),
            Inspection::Crls(v) => one_or_many(s, v),
            Inspection::Envelope(e) => e.serialize(s),
        }
    }
}

impl Inspection {
    /// Compact JSON (the form the bindings hand over).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and parsed JSON values cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Describe `data`: certificates, CRLs or a CMS envelope, each as DER, PEM or base64.
///
/// A PEM label decides which reading comes first (`X509 CRL`; `CMS` / `PKCS7`; else
/// certificates); the others are tried after it. When none reads, the error is the first
/// reading's. Every reading keeps its own limits ([`crate::limits`]).
pub fn inspect(data: &[u8]) -> Result<Inspection, Error> {
    let text = std::str::from_utf8(data).unwrap_or("");
    let looks = |label: &str| text.contains(&format!("-----BEGIN {label}-----"));
    let certificates = || -> Result<Inspection, Error> {
        let certs = Certificate::parse_all(data)?;
        Ok(Inspection::Certificates(
            certs.iter().map(CertificateDetails::of).collect(),
        ))
    };
    let crls = || -> Result<Inspection, Error> {
        let blobs =
            crate::encoding::decode_der_blobs(data, "X509 CRL", crate::limits::MAX_CRL_SIZE)?;
        let mut out = Vec::with_capacity(blobs.len());
        for der in blobs {
            out.push(CrlSummary::of(&ParsedCrl::from_der(&der)?));
        }
        Ok(Inspection::Crls(out))
    };
    let envelope = || -> Result<Inspection, Error> {
        Ok(Inspection::Envelope(Box::new(EnvelopeSummary::of(
            &Envelope::parse(data)?,
        ))))
    };
    let order: [&dyn Fn() -> Result<Inspection, Error>; 3] = if looks("X509 CRL") {
        [&crls, &certificates, &envelope]
    } else if looks("CMS") || looks("PKCS7") {
        [&envelope, &certificates, &crls]
    } else {
        [&certificates, &crls, &envelope]
    };
    let mut first_err = None;
    for read in order {
        match read() {
            Ok(found) => return Ok(found),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(Error::Malformed {
        what: "input",
        detail: "not a certificate, CRL or envelope".into(),
    }))
}

/// A certificate of a key store: its summary, or why it does not parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StoredCertificate {
    /// The certificate's [`CertSummary`].
    Summary(Box<CertSummary>),
    /// It does not parse: the error.
    Unreadable {
        /// The parser's error.
        error: String,
    },
}

impl StoredCertificate {
    /// The description of a certificate DER.
    pub fn of(der: &[u8]) -> StoredCertificate {
        match Certificate::from_der(der) {
            Ok(c) => StoredCertificate::Summary(Box::new(CertSummary::clone(&c.summary()))),
            Err(e) => StoredCertificate::Unreadable {
                error: e.to_string(),
            },
        }
    }
}

/// One key of a PKCS#12 key store ([RFC 7292]), no secrets.
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyEntrySummary {
    /// Its friendlyName ([RFC 2985 §5.5.1]; KalkanCrypt: the hex of the key id).
    ///
    /// [RFC 2985 §5.5.1]: https://www.rfc-editor.org/rfc/rfc2985#section-5.5.1
    pub alias: Option<String>,
    /// Its localKeyId ([RFC 2985 §5.5.2]), lowercase hex.
    ///
    /// [RFC 2985 §5.5.2]: https://www.rfc-editor.org/rfc/rfc2985#section-5.5.2
    pub local_key_id: Option<String>,
    /// The signature algorithm of the key, e.g. `GOST 34.10-2015 (512) Streebog-512`.
    pub key_algorithm: &'static str,
    /// The key's certificate, if the store has it.
    pub certificate: Option<StoredCertificate>,
    /// How many certificates of the store are above it.
    pub chain: usize,
}

/// A PKCS#12 key store as `inspect` shows it: its keys and certificates, no secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyStoreSummary {
    /// Always `pkcs12`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Every key.
    pub entries: Vec<KeyEntrySummary>,
    /// Every certificate of the store.
    pub certificates: Vec<StoredCertificate>,
}

impl KeyStoreSummary {
    /// The summary of an opened key store.
    pub fn of(store: &crate::pkcs12::KeyStore) -> KeyStoreSummary {
        KeyStoreSummary {
            kind: "pkcs12",
            entries: store
                .entries()
                .iter()
                .map(|e| KeyEntrySummary {
                    alias: e.alias().map(str::to_owned),
                    local_key_id: e.local_key_id().map(hex),
                    key_algorithm: e.algorithm().name(),
                    certificate: e.certificate_der().map(StoredCertificate::of),
                    chain: e.chain().len(),
                })
                .collect(),
            certificates: store
                .certificates()
                .iter()
                .map(|c| StoredCertificate::of(c))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_is_utc_with_z_and_keeps_fractions() {
        let t = Time::from_unix_timestamp(1_714_555_800).unwrap();
        assert_eq!(rfc3339(t), "2024-05-01T09:30:00Z");
        let off = t.to_offset(time::UtcOffset::from_hms(5, 0, 0).unwrap());
        assert_eq!(rfc3339(off), "2024-05-01T09:30:00Z");
        let frac = t + time::Duration::milliseconds(250);
        assert_eq!(rfc3339(frac), "2024-05-01T09:30:00.25Z");
        // Beyond year 9999: the unix seconds, not an error.
        assert_eq!(crate::asn1::rfc3339(253_402_300_800), "253402300800");
        assert_eq!(crate::asn1::rfc3339(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn sid_serial_is_uppercase_and_ski_lowercase() {
        let s = SignerIdSummary::of(&SignerIdentifier::IssuerAndSerial {
            issuer: Vec::new(),
            serial: vec![0x0a, 0xbc],
        });
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"serial":"0ABC"}"#);
        let k = SignerIdSummary::of(&SignerIdentifier::SubjectKeyId(vec![0xAB, 0x01]));
        assert_eq!(serde_json::to_string(&k).unwrap(), r#"{"ski":"ab01"}"#);
    }

    #[test]
    fn garbage_is_the_first_readings_error() {
        let e = inspect(b"not a certificate").unwrap_err();
        assert!(e.is_malformed_input(), "{e}");
    }

    #[test]
    fn one_is_an_object_several_an_array() {
        let crl = CrlSummary {
            kind: "crl",
            issuer: "CN=x".into(),
            this_update: "2024-05-01T09:30:00Z".into(),
            next_update: None,
            entries: 0,
        };
        let one = serde_json::to_value(Inspection::Crls(vec![crl.clone()])).unwrap();
        assert_eq!(one["type"], "crl");
        assert_eq!(one["next_update"], serde_json::Value::Null);
        let two = serde_json::to_value(Inspection::Crls(vec![crl.clone(), crl])).unwrap();
        assert_eq!(two.as_array().map(Vec::len), Some(2));
    }
}
