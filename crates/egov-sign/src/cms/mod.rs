//! CMS SignedData ([RFC 5652]): parsing and signing.
//!
//! | file | what |
//! |---|---|
//! | `mod.rs` | the structures ([`Envelope`], [`SignerInfo`], [`SignerIdentifier`]) and the strict reader |
//! | `sign.rs` | [`sign`] (a new SignedData) and [`cosign`] (one more SignerInfo) |
//! | `edit.rs` | the one writer of an existing SignedData (co-signing, time-stamping a signer), [`add_revocation_evidence`] (the long-term form) |
//!
//! Parsing is strict DER (definite, minimal lengths; no trailing data) and bounded by the
//! limits of [`crate::limits`]. An envelope holds one or more SignerInfos (at most
//! [`MAX_SIGNERS`]; KalkanCrypt co-signs by adding one): each is read into a [`SignerInfo`]
//! and verified on its own. The order of SET OF elements is not checked on input: the
//! signed attributes are verified over the exact bytes received (their `[0] IMPLICIT` tag
//! replaced by SET, [RFC 5652 §5.4]), in the order the signer wrote them, so an encoder that
//! does not sort them (some KalkanCrypt versions) still verifies and the order cannot be
//! exploited. What this crate writes is sorted (DER, X.690 §11.6).
//!
//! [`cosign`] adds a SignerInfo to an existing envelope, leaving the earlier ones byte for
//! byte as they were (their unsigned attributes, e.g. timestamps, included).
//!
//! [`sign`] produces SignedData version 1 (3 with a subjectKeyIdentifier signer), eContentType
//! id-data, the certificates sorted in DER order, and one SignerInfo with the signed
//! attributes contentType, messageDigest and (optionally) signingTime.
//!
//! [RFC 5652]: https://www.rfc-editor.org/rfc/rfc5652
//! [RFC 5652 §5.4]: https://www.rfc-editor.org/rfc/rfc5652#section-5.4

use crate::algorithm::{
    self, AlgorithmIdentifier, DigestAlgorithm, SignatureAlgorithm, SigningKey,
};
use crate::certificate::Certificate;
use crate::encoding::{self, oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::limits::{
    MAX_CERTIFICATE_SIZE, MAX_DIGEST_ALGORITHMS, MAX_EMBEDDED_REVOCATION_VALUES,
    MAX_ENVELOPE_CERTIFICATES, MAX_ENVELOPE_SIZE, MAX_ESS_CERT_IDS, MAX_SERIAL_LEN,
    MAX_SIGNED_ATTRIBUTES, MAX_SIGNERS, MAX_UNSIGNED_ATTRIBUTES,
};
use crate::oid::{self, ObjectIdentifier};
use crate::{Error, Time};

mod edit;
mod sign;

#[cfg(test)]
use edit::ocsp_revocation_choice;
pub use edit::{add_revocation_evidence, Evidence};
pub(crate) use edit::{edit_signed_data, SignedDataEdit};
#[cfg(test)]
use sign::new_signer_info;
use sign::NewSignerInfo;
pub use sign::{cosign, sign, SignOptions};

const TAG_INTEGER: u8 = 0x02;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_OID: u8 = 0x06;
const TAG_UTC_TIME: u8 = 0x17;
const TAG_GENERALIZED_TIME: u8 = 0x18;
const TAG_SEQUENCE: u8 = 0x30;
const TAG_SET: u8 = 0x31;
const TAG_CTX0_PRIM: u8 = 0x80;
const TAG_CTX0: u8 = 0xa0;
const TAG_CTX1: u8 = 0xa1;

/// How the signer is identified ([RFC 5652 §5.3]).
///
/// ```text
/// SignerIdentifier ::= CHOICE {
///   issuerAndSerialNumber IssuerAndSerialNumber,
///   subjectKeyIdentifier [0] SubjectKeyIdentifier }
///
/// IssuerAndSerialNumber ::= SEQUENCE {
///   issuer Name,
///   serialNumber CertificateSerialNumber }
/// ```
///
/// [RFC 5652 §5.3]: https://www.rfc-editor.org/rfc/rfc5652#section-5.3
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerIdentifier {
    /// issuerAndSerialNumber: the issuer Name DER and the serial's INTEGER content bytes.
    IssuerAndSerial {
        /// The issuer Name, full DER (SEQUENCE).
        issuer: Vec<u8>,
        /// The serial number's INTEGER content octets (two's complement, as encoded).
        serial: Vec<u8>,
    },
    /// `[0] subjectKeyIdentifier`.
    SubjectKeyId(Vec<u8>),
}

impl SignerIdentifier {
    /// True when `cert` is the certificate this identifier names: its serial number and
    /// issuer Name (compared as [RFC 5280 §7.1] says), or its subjectKeyIdentifier.
    ///
    /// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
    pub fn matches(&self, cert: &Certificate) -> bool {
        match self {
            SignerIdentifier::IssuerAndSerial { issuer, serial } => {
                cert.serial() == serial.as_slice()
                    && crate::name::names_match(cert.issuer_raw(), issuer)
            }
            SignerIdentifier::SubjectKeyId(ski) => cert.ski() == Some(ski.as_slice()),
        }
    }

    /// The first of `candidates` this identifier names ([`SignerIdentifier::matches`]).
    pub fn find_in<'c>(
        &self,
        candidates: impl IntoIterator<Item = &'c Certificate>,
    ) -> Option<&'c Certificate> {
        candidates.into_iter().find(|c| self.matches(c))
    }
}

/// Serialises as `{"serial": "<uppercase hex>"}` (issuerAndSerialNumber, the serial's
/// INTEGER content octets as [`Certificate::serial_hex`] writes them; the issuer is the
/// certificate's) or `{"ski": "<lowercase hex>"}` (subjectKeyIdentifier).
impl serde::Serialize for SignerIdentifier {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(1))?;
        match self {
            SignerIdentifier::IssuerAndSerial { serial, .. } => {
                map.serialize_entry("serial", &crate::asn1::hex(serial).to_ascii_uppercase())?
            }
            SignerIdentifier::SubjectKeyId(ski) => {
                map.serialize_entry("ski", &crate::asn1::hex(ski))?
            }
        }
        map.end()
    }
}

/// A parsed SignedData.
///
/// The fields from `signer` to `signing_certificates` are those of the first SignerInfo
/// (kept for single-signer callers); [`Envelope::signers`] holds every SignerInfo, the
/// first included, in the order of the envelope.
///
/// ```text
/// ContentInfo ::= SEQUENCE {
///   contentType ContentType,
///   content [0] EXPLICIT ANY DEFINED BY contentType }
///
/// SignedData ::= SEQUENCE {
///   version CMSVersion,
///   digestAlgorithms DigestAlgorithmIdentifiers,
///   encapContentInfo EncapsulatedContentInfo,
///   certificates [0] IMPLICIT CertificateSet OPTIONAL,
///   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
///   signerInfos SignerInfos }
///
/// EncapsulatedContentInfo ::= SEQUENCE {
///   eContentType ContentType,
///   eContent [0] EXPLICIT OCTET STRING OPTIONAL }
/// ```
/// ([RFC 5652 §3], §5.1, §5.2.) Of the CertificateChoices only `certificate` (a plain X.509
/// Certificate SEQUENCE) is kept; the obsolete and attribute-certificate choices are
/// skipped (but counted against [`MAX_ENVELOPE_CERTIFICATES`]). Of the crls
/// (RevocationInfoChoices, [RFC 5652 §10.2.1]; [RFC 5940 §3.2.1]) CRLs and OCSP responses are
/// kept as [`Envelope::crls`] and [`Envelope::ocsp_responses`] (the long-term form, issue
/// 16): unverified evidence, checked by the verifier like evidence it is given.
///
/// [RFC 5652 §10.2.1]: https://www.rfc-editor.org/rfc/rfc5652#section-10.2.1
/// [RFC 5652 §3]: https://www.rfc-editor.org/rfc/rfc5652#section-3
/// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The DER of the whole ContentInfo as received (after PEM/base64 unwrapping).
    pub der: Vec<u8>,
    /// eContentType.
    pub content_type: ObjectIdentifier,
    /// The encapsulated content; `None` when detached.
    pub content: Option<Vec<u8>>,
    /// Embedded certificates, DER each.
    pub certificates: Vec<Vec<u8>>,
    /// The signer.
    pub signer: SignerIdentifier,
    /// The signing time from the signed attributes, if any.
    pub signing_time: Option<Time>,
    /// The SignedData version.
    pub version: u8,
    /// The SignerInfo version (1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier).
    pub signer_version: u8,
    /// The SignerInfo's digestAlgorithm.
    pub digest_algorithm: AlgorithmIdentifier,
    /// The SignerInfo's signatureAlgorithm.
    pub signature_algorithm: AlgorithmIdentifier,
    /// The signature value.
    pub signature: Vec<u8>,
    /// The signed attributes as signed: the DER `SET OF Attribute` (tag `0x31` in place of
    /// the `[0] IMPLICIT` tag, [RFC 5652 §5.4]); `None` when the SignerInfo has none.
    ///
    /// [RFC 5652 §5.4]: https://www.rfc-editor.org/rfc/rfc5652#section-5.4
    pub signed_attrs: Option<Vec<u8>>,
    /// The messageDigest attribute's value (present iff `signed_attrs` is).
    pub message_digest: Option<Vec<u8>>,
    /// The contentType attribute's value (present iff `signed_attrs` is).
    pub signed_content_type: Option<ObjectIdentifier>,
    /// The first ESSCertID of the signingCertificate ([RFC 2634]) and the first ESSCertIDv2
    /// of the signingCertificateV2 ([RFC 5035]) signed attributes, when present: the
    /// certificate the signer says it signed with (checked by
    /// [`Envelope::check_signing_certificate`]).
    ///
    /// [RFC 2634]: https://www.rfc-editor.org/rfc/rfc2634
    /// [RFC 5035]: https://www.rfc-editor.org/rfc/rfc5035
    pub signing_certificates: Vec<EssCertId>,
    /// The dotted OIDs of SignedData.digestAlgorithms, in the order received.
    pub digest_algorithms: Vec<ObjectIdentifier>,
    /// Every SignerInfo, in the order of the envelope (at least one, at most
    /// [`MAX_SIGNERS`]).
    pub signers: Vec<SignerInfo>,
    /// The values of the SignerInfo's id-aa-signatureTimeStampToken unsigned attributes
    /// ([RFC 3161] Appendix A), each a TimeStampToken ContentInfo DER as received, in order
    /// (verified by [`crate::tsp::verify_token`] over [`Envelope::signature`]). Other unsigned
    /// attributes are only counted.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub signature_timestamp_tokens: Vec<Vec<u8>>,
    /// The CRLs of SignedData.crls (the `crl CertificateList` choice), DER each, as
    /// received and **unverified**.
    pub crls: Vec<Vec<u8>>,
    /// The OCSP responses of SignedData.crls (the `other` choice with
    /// id-ri-ocsp-response, [RFC 5940 §3.2.1]: an `OCSPResponse` DER each), unverified.
    /// Other `other` formats are skipped.
    ///
    /// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
    pub ocsp_responses: Vec<Vec<u8>>,
}

/// One certificate identifier of a signingCertificate / signingCertificateV2 attribute.
///
/// ```text
/// SigningCertificateV2 ::=  SEQUENCE {                       -- RFC 5035 §3
///     certs        SEQUENCE OF ESSCertIDv2,
///     policies     SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertIDv2 ::=  SEQUENCE {
///     hashAlgorithm           AlgorithmIdentifier
///                    DEFAULT {algorithm id-sha256},
///     certHash                 Hash,
///     issuerSerial             IssuerSerial OPTIONAL }
/// SigningCertificate ::=  SEQUENCE {                         -- RFC 2634 §5.4
///     certs        SEQUENCE OF ESSCertID,
///     policies     SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID ::=  SEQUENCE {
///      certHash                 Hash,                       -- SHA-1
///      issuerSerial             IssuerSerial OPTIONAL }
/// Hash ::= OCTET STRING
/// IssuerSerial ::= SEQUENCE {
///     issuer                   GeneralNames,
///     serialNumber             CertificateSerialNumber }
/// ```
/// "The first certificate identified in the sequence of certificate identifiers MUST be
/// the certificate used to verify the signature" ([RFC 5035 §4], [RFC 2634 §5.4]): only the
/// first entry of each attribute is kept.
///
/// [RFC 2634 §5.4]: https://www.rfc-editor.org/rfc/rfc2634#section-5.4
/// [RFC 5035 §4]: https://www.rfc-editor.org/rfc/rfc5035#section-4
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssCertId {
    /// `None` for a v1 ESSCertID (SHA-1); for v2 the hashAlgorithm (SHA-256 when absent).
    pub hash_algorithm: Option<AlgorithmIdentifier>,
    /// certHash.
    pub cert_hash: Vec<u8>,
    /// issuerSerial: the directoryName entries of `issuer` (Name DER each) and the serial
    /// number's INTEGER content octets.
    pub issuer_serial: Option<(Vec<Vec<u8>>, Vec<u8>)>,
}

/// Why [`Envelope::check_signing_certificate`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningCertificateError {
    /// The attribute names another certificate (hash or issuerSerial differ).
    Mismatch(String),
    /// The hash algorithm is not one this crate computes.
    UnsupportedAlgorithm(String),
}

/// One SignerInfo of an envelope ([RFC 5652 §5.3]):
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
/// [RFC 5652 §5.3]: https://www.rfc-editor.org/rfc/rfc5652#section-5.3
#[derive(Debug, Clone)]
pub struct SignerInfo {
    /// The SignerInfo's DER as received (what [`cosign`] copies unchanged).
    pub der: Vec<u8>,
    /// 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
    pub version: u8,
    /// The signer.
    pub sid: SignerIdentifier,
    /// digestAlgorithm.
    pub digest_algorithm: AlgorithmIdentifier,
    /// signatureAlgorithm.
    pub signature_algorithm: AlgorithmIdentifier,
    /// The signature value.
    pub signature: Vec<u8>,
    /// The signed attributes as signed (see [`Envelope::signed_attrs`]).
    pub signed_attrs: Option<Vec<u8>>,
    /// The messageDigest attribute's value.
    pub message_digest: Option<Vec<u8>>,
    /// The contentType attribute's value, dotted.
    pub signed_content_type: Option<ObjectIdentifier>,
    /// The signingTime attribute.
    pub signing_time: Option<Time>,
    /// See [`Envelope::signing_certificates`].
    pub signing_certificates: Vec<EssCertId>,
    /// The `[1] IMPLICIT UnsignedAttributes` TLV as received, if any (e.g. a
    /// signature-time-stamp token, [RFC 3161] Appendix A).
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub unsigned_attrs: Option<Vec<u8>>,
    /// The values of its id-aa-signatureTimeStampToken unsigned attributes ([RFC 3161]
    /// Appendix A), each a TimeStampToken ContentInfo DER as received, in order.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub timestamp_tokens: Vec<Vec<u8>>,
    /// The CRLs of its id-aa-ets-revocationValues unsigned attribute (CAdES-X-L, [RFC 5126]
    /// §6.3.4 `crlVals`), DER each, unverified.
    ///
    /// [RFC 5126]: https://www.rfc-editor.org/rfc/rfc5126
    pub revocation_crls: Vec<Vec<u8>>,
    /// The `ocspVals` of its id-aa-ets-revocationValues attribute: `BasicOCSPResponse`
    /// DER each (not wrapped in an OCSPResponse), unverified.
    pub revocation_basic_ocsp: Vec<Vec<u8>>,
}

/// The signed attributes ([RFC 5652 §5.3], §11):
///
/// ```text
/// SignedAttributes ::= SET SIZE (1..MAX) OF Attribute
///
/// Attribute ::= SEQUENCE {
///   attrType OBJECT IDENTIFIER,
///   attrValues SET OF AttributeValue }
///
/// ContentType ::= OBJECT IDENTIFIER                    -- §11.1
/// MessageDigest ::= OCTET STRING                       -- §11.2
/// SigningTime  ::= Time                                -- §11.3
/// Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
/// ```
///
/// [RFC 5652 §5.3]: https://www.rfc-editor.org/rfc/rfc5652#section-5.3
#[derive(Debug)]
struct SignedAttributes {
    der: Vec<u8>,
    content_type: ObjectIdentifier,
    message_digest: Vec<u8>,
    signing_time: Option<Time>,
    signing_certificates: Vec<EssCertId>,
}

fn malformed(detail: impl core::fmt::Display) -> Error {
    Error::malformed("CMS", detail)
}

fn small_uint(any: der::asn1::AnyRef<'_>, field: &str) -> Result<u8, Error> {
    match any.value() {
        [v] if *v < 0x80 => Ok(*v),
        _ => Err(malformed(format!("{field}: unsupported value"))),
    }
}

impl Envelope {
    /// Parse DER, PEM ("CMS" or "PKCS7") or base64.
    ///
    /// Errors: [`Error::TooLarge`] (input over [`MAX_ENVELOPE_SIZE`] of DER or the text
    /// limit, more than [`MAX_ENVELOPE_CERTIFICATES`] certificates, a certificate over
    /// [`MAX_CERTIFICATE_SIZE`], more than [`MAX_SIGNERS`] SignerInfos, more than
    /// [`MAX_SIGNED_ATTRIBUTES`] signed or [`MAX_UNSIGNED_ATTRIBUTES`] unsigned attributes),
    /// [`Error::Malformed`] (anything not a strict-DER SignedData with at least one
    /// SignerInfo, a signed attribute of
    /// contentType / messageDigest / signingTime repeated or not single-valued, signed
    /// attributes without contentType or messageDigest).
    pub fn parse(input: &[u8]) -> Result<Envelope, Error> {
        let mut blobs = encoding::decode_der_blobs(input, "CMS", MAX_ENVELOPE_SIZE)?;
        let n = blobs.len();
        match blobs.pop() {
            Some(der) if n == 1 => Self::parse_der(der),
            _ => Err(malformed(format!(
                "{n} PEM blocks; exactly one envelope expected"
            ))),
        }
    }

    fn parse_der(der: Vec<u8>) -> Result<Envelope, Error> {
        const WHAT: &str = "CMS";
        let ci = parse_single(&der, WHAT)?;
        if der.first() != Some(&TAG_SEQUENCE) {
            return Err(malformed("ContentInfo is not a SEQUENCE"));
        }
        let mut r = DerReader::new(ci.value(), WHAT)?;
        let ct = oid_of(r.expect(TAG_OID, "contentType")?, WHAT)?;
        if ct != oid::ID_SIGNED_DATA {
            return Err(malformed(format!("contentType {ct} is not id-signedData")));
        }
        let explicit = r.expect(TAG_CTX0, "content")?;
        r.finish("ContentInfo")?;
        let mut inner = DerReader::new(explicit.value(), WHAT)?;
        let sd = inner.expect(TAG_SEQUENCE, "SignedData")?;
        inner.finish("ContentInfo content")?;

        let mut r = DerReader::new(sd.value(), WHAT)?;
        let version = small_uint(r.expect(TAG_INTEGER, "SignedData version")?, "version")?;
        if !matches!(version, 1 | 3 | 4 | 5) {
            return Err(malformed(format!("SignedData version {version}")));
        }
        // digestAlgorithms: a bounded SET of AlgorithmIdentifier (each SignerInfo's own
        // digestAlgorithm is what is used; GOST OIDs, with or without parameters, are read
        // like any other).
        let digests = r.expect(TAG_SET, "digestAlgorithms")?;
        let mut dr = DerReader::new(digests.value(), WHAT)?;
        let mut digest_algorithms = Vec::new();
        while !dr.is_finished() {
            if digest_algorithms.len() == MAX_DIGEST_ALGORITHMS {
                return Err(Error::TooLarge {
                    what: "digestAlgorithms",
                    size: MAX_DIGEST_ALGORITHMS + 1,
                    limit: MAX_DIGEST_ALGORITHMS,
                });
            }
            let (_, raw) = dr.next_raw()?;
            digest_algorithms.push(AlgorithmIdentifier::from_der(raw)?.oid);
        }

        // encapContentInfo
        let eci = r.expect(TAG_SEQUENCE, "encapContentInfo")?;
        let mut er = DerReader::new(eci.value(), WHAT)?;
        let content_type = oid_of(er.expect(TAG_OID, "eContentType")?, WHAT)?;
        let content = match er.optional(TAG_CTX0)? {
            Some(explicit) => {
                let mut xr = DerReader::new(explicit.value(), WHAT)?;
                let os = xr.expect(TAG_OCTET_STRING, "eContent")?;
                xr.finish("eContent")?;
                Some(os.value().to_vec())
            }
            None => None,
        };
        er.finish("encapContentInfo")?;

        // certificates [0] IMPLICIT CertificateSet
        let mut certificates = Vec::new();
        if let Some(set) = r.optional(TAG_CTX0)? {
            let mut cr = DerReader::new(set.value(), WHAT)?;
            let mut count = 0usize;
            while !cr.is_finished() {
                count += 1;
                if count > MAX_ENVELOPE_CERTIFICATES {
                    return Err(Error::TooLarge {
                        what: "envelope certificates",
                        size: count,
                        limit: MAX_ENVELOPE_CERTIFICATES,
                    });
                }
                let tag = cr.peek_tag();
                let (_, raw) = cr.next_raw()?;
                if tag == Some(TAG_SEQUENCE) {
                    if raw.len() > MAX_CERTIFICATE_SIZE {
                        return Err(Error::TooLarge {
                            what: "certificate",
                            size: raw.len(),
                            limit: MAX_CERTIFICATE_SIZE,
                        });
                    }
                    certificates.push(raw.to_vec());
                }
                // Other CertificateChoices ([0]..[3]) are skipped.
            }
        }
        // crls [1] IMPLICIT RevocationInfoChoices (the long-term form).
        let (crls, ocsp_responses) = match r.optional(TAG_CTX1)? {
            Some(set) => parse_revocation_info_choices(set.value())?,
            None => (Vec::new(), Vec::new()),
        };

        // signerInfos SET OF SignerInfo: one or more, at most MAX_SIGNERS.
        let sis = r.expect(TAG_SET, "signerInfos")?;
        r.finish("SignedData")?;
        let mut sr = DerReader::new(sis.value(), WHAT)?;
        let mut signers = Vec::new();
        while !sr.is_finished() {
            if signers.len() == MAX_SIGNERS {
                return Err(Error::TooLarge {
                    what: "SignerInfos",
                    size: MAX_SIGNERS + 1,
                    limit: MAX_SIGNERS,
                });
            }
            if sr.peek_tag() != Some(TAG_SEQUENCE) {
                sr.expect(TAG_SEQUENCE, "SignerInfo")?;
            }
            let (si, raw) = sr.next_raw()?;
            signers.push(parse_signer_info(si.value(), raw)?);
        }
        let first = signers
            .first()
            .cloned()
            .ok_or_else(|| malformed("no SignerInfo; at least one is required"))?;
        Ok(Envelope {
            der,
            content_type,
            content,
            certificates,
            signer: first.sid,
            signing_time: first.signing_time,
            version,
            signer_version: first.version,
            digest_algorithm: first.digest_algorithm,
            signature_algorithm: first.signature_algorithm,
            signature: first.signature,
            signed_attrs: first.signed_attrs,
            message_digest: first.message_digest,
            signed_content_type: first.signed_content_type,
            signing_certificates: first.signing_certificates,
            digest_algorithms,
            signature_timestamp_tokens: first.timestamp_tokens.clone(),
            signers,
            crls,
            ocsp_responses,
        })
        .and_then(|env| {
            // One bound for the evidence of the whole envelope.
            let n = env.crls.len()
                + env.ocsp_responses.len()
                + env
                    .signers
                    .iter()
                    .map(|s| s.revocation_crls.len() + s.revocation_basic_ocsp.len())
                    .sum::<usize>();
            if n > MAX_EMBEDDED_REVOCATION_VALUES {
                return Err(Error::TooLarge {
                    what: "embedded revocation values",
                    size: n,
                    limit: MAX_EMBEDDED_REVOCATION_VALUES,
                });
            }
            Ok(env)
        })
    }

    /// The SignerInfo at `index` (from 0) with its index; with `None`, the only one.
    ///
    /// Errors: [`Error::Config`] when `index` is out of range, or `None` and the envelope
    /// has several SignerInfos (which one is meant must be said: a time-stamp or evidence
    /// for one signer proves nothing for another).
    pub fn signer_at(&self, index: Option<usize>) -> Result<(usize, &SignerInfo), Error> {
        match index {
            Some(i) => self
                .signers
                .get(i)
                .map(|s| (i, s))
                .ok_or_else(|| Error::Config {
                    detail: format!(
                        "signer #{i} does not exist: the envelope has {} SignerInfo(s), #0..#{}",
                        self.signers.len(),
                        self.signers.len().saturating_sub(1)
                    ),
                }),
            None => match self.signers.as_slice() {
                [only] => Ok((0, only)),
                many => Err(Error::Config {
                    detail: format!(
                        "the envelope has {} SignerInfos: choose one by index (#0..#{}; CLI \
                         --signer N)",
                        many.len(),
                        many.len().saturating_sub(1)
                    ),
                }),
            },
        }
    }

    /// The embedded certificates (SignedData.certificates) that parse
    /// ([`Certificate::from_der`]), in the order of the envelope; the others are left out.
    /// Nothing is verified.
    pub fn embedded_certificates(&self) -> Vec<Certificate> {
        self.certificates
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect()
    }

    /// For each SignerInfo, in the order of [`Envelope::signers`], the embedded certificate
    /// its SignerIdentifier names ([`SignerIdentifier::matches`]; the first when several
    /// do), or `None` when none is embedded. Nothing is verified: this is the certificate
    /// the signer claims, whose key the signature check then uses.
    pub fn signer_certificates(&self) -> Vec<Option<Certificate>> {
        let embedded = self.embedded_certificates();
        self.signers
            .iter()
            .map(|si| si.sid.find_in(&embedded).cloned())
            .collect()
    }

    /// True when the SignerInfo carries signed attributes.
    pub fn has_signed_attributes(&self) -> bool {
        self.signed_attrs.is_some()
    }

    /// True when the envelope carries no content (detached signature).
    pub fn is_detached(&self) -> bool {
        self.content.is_none()
    }

    /// The signer's algorithm from the SignerInfo's digestAlgorithm and
    /// signatureAlgorithm (see [`algorithm::signer_algorithm`]).
    pub fn signer_algorithm(&self) -> Result<SignatureAlgorithm, Error> {
        algorithm::signer_algorithm(&self.digest_algorithm, &self.signature_algorithm)
    }

    /// True when `cert_der` is the certificate this envelope's SignerIdentifier names:
    /// equal issuer Name DER and serial number, or equal subjectKeyIdentifier extension.
    /// An unparsable certificate is `false`.
    pub fn signer_matches(&self, cert_der: &[u8]) -> bool {
        let cert = match Certificate::from_der(cert_der) {
            Ok(c) => c,
            Err(_) => return false,
        };
        self.signer.matches(&cert)
    }

    /// Check the signingCertificate / signingCertificateV2 signed attributes (when present)
    /// against `signer`, the certificate whose key verifies the signature: the first
    /// ESSCertID(v2)'s certHash must be the hash of the certificate's DER (SHA-1 for v1,
    /// hashAlgorithm — SHA-256 by default — for v2), and its issuerSerial, when present,
    /// must name the certificate's issuer (a directoryName matching as [RFC 5280 §7.1] says)
    /// and serial number ([RFC 5035 §4]; [RFC 2634 §5.4]).
    ///
    /// [RFC 2634 §5.4]: https://www.rfc-editor.org/rfc/rfc2634#section-5.4
    /// [RFC 5035 §4]: https://www.rfc-editor.org/rfc/rfc5035#section-4
    /// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
    pub fn check_signing_certificate(
        &self,
        signer: &Certificate,
    ) -> Result<(), SigningCertificateError> {
        check_signing_certificate(&self.signing_certificates, signer)
    }

    /// Check the signer's signature: the messageDigest against `content` (or the
    /// encapsulated content when `content` is `None`), the contentType attribute, and the
    /// signature over the signed attributes with the key in `signer_spki`.
    ///
    /// When both `content` and an encapsulated content are present they must be equal
    /// (else [`Error::DigestMismatch`]). Without signed attributes (OpenSSL `-noattr`) the
    /// signature is over the content itself, which is only allowed for eContentType id-data.
    ///
    /// `backend` performs the final primitive ([`algorithm::CoreBackend`] for the crate's
    /// own, see [`algorithm::SignatureBackend`]).
    ///
    /// Errors: [`Error::ContentMissing`], [`Error::DigestMismatch`], [`Error::BadSignature`],
    /// [`Error::UnsupportedAlgorithm`], [`Error::Malformed`] (e.g. contentType mismatch,
    /// key type not fitting the algorithm).
    pub fn verify_signature(
        &self,
        content: Option<&[u8]>,
        signer_spki: &[u8],
        backend: &dyn algorithm::SignatureBackend,
    ) -> Result<SignatureAlgorithm, Error> {
        self.first_parts()
            .verify(self, content, SignerKey::Spki(signer_spki), backend)
    }

    /// The first SignerInfo as the top-level fields hold it.
    fn first_parts(&self) -> SignerParts<'_> {
        SignerParts {
            digest_algorithm: &self.digest_algorithm,
            signature_algorithm: &self.signature_algorithm,
            signature: &self.signature,
            signed_attrs: self.signed_attrs.as_deref(),
            message_digest: self.message_digest.as_deref(),
            signed_content_type: self.signed_content_type.as_ref(),
        }
    }

    /// Verify the signature of `self.signers[index]` as [`Envelope::verify_signature`]
    /// does for the first one ([`SignerInfo::verify_signature`]).
    pub fn verify_signer(
        &self,
        index: usize,
        content: Option<&[u8]>,
        signer_spki: &[u8],
        backend: &dyn algorithm::SignatureBackend,
    ) -> Result<SignatureAlgorithm, Error> {
        let si = self
            .signers
            .get(index)
            .ok_or_else(|| malformed(format!("no SignerInfo #{index}")))?;
        si.verify_signature(self, content, signer_spki, backend)
    }
}

impl SignerInfo {
    /// The signer's algorithm from digestAlgorithm and signatureAlgorithm.
    pub fn algorithm(&self) -> Result<SignatureAlgorithm, Error> {
        algorithm::signer_algorithm(&self.digest_algorithm, &self.signature_algorithm)
    }

    /// See [`Envelope::check_signing_certificate`].
    pub fn check_signing_certificate(
        &self,
        signer: &Certificate,
    ) -> Result<(), SigningCertificateError> {
        check_signing_certificate(&self.signing_certificates, signer)
    }

    /// This signer's signature over `envelope`'s content (or `content`, for a detached
    /// envelope), as [`Envelope::verify_signature`] says, with the key in `signer_spki`.
    pub fn verify_signature(
        &self,
        envelope: &Envelope,
        content: Option<&[u8]>,
        signer_spki: &[u8],
        backend: &dyn algorithm::SignatureBackend,
    ) -> Result<SignatureAlgorithm, Error> {
        self.parts()
            .verify(envelope, content, SignerKey::Spki(signer_spki), backend)
    }

    /// [`SignerInfo::verify_signature`] with the signer's certificate.
    pub(crate) fn verify_signature_by(
        &self,
        envelope: &Envelope,
        content: Option<&[u8]>,
        signer: &Certificate,
        backend: &dyn algorithm::SignatureBackend,
    ) -> Result<SignatureAlgorithm, Error> {
        self.parts()
            .verify(envelope, content, SignerKey::Certificate(signer), backend)
    }

    fn parts(&self) -> SignerParts<'_> {
        SignerParts {
            digest_algorithm: &self.digest_algorithm,
            signature_algorithm: &self.signature_algorithm,
            signature: &self.signature,
            signed_attrs: self.signed_attrs.as_deref(),
            message_digest: self.message_digest.as_deref(),
            signed_content_type: self.signed_content_type.as_ref(),
        }
    }
}

/// See [`Envelope::check_signing_certificate`].
fn check_signing_certificate(
    ids: &[EssCertId],
    signer: &Certificate,
) -> Result<(), SigningCertificateError> {
    for id in ids {
        let hash = match &id.hash_algorithm {
            None => ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, signer.der())
                .as_ref()
                .to_vec(),
            Some(alg) => match DigestAlgorithm::from_identifier(alg) {
                Ok(d) => d.digest(signer.der()),
                Err(_) => {
                    return Err(SigningCertificateError::UnsupportedAlgorithm(
                        alg.oid.to_string(),
                    ))
                }
            },
        };
        let version = if id.hash_algorithm.is_none() {
            "signingCertificate"
        } else {
            "signingCertificateV2"
        };
        if hash != id.cert_hash {
            return Err(SigningCertificateError::Mismatch(format!(
                "{version}: certHash is not the hash of the signer's certificate"
            )));
        }
        if let Some((names, serial)) = &id.issuer_serial {
            if serial.as_slice() != signer.serial() {
                return Err(SigningCertificateError::Mismatch(format!(
                    "{version}: issuerSerial serialNumber is not the signer's"
                )));
            }
            if !names
                .iter()
                .any(|n| crate::name::names_match(n, signer.issuer_raw()))
            {
                return Err(SigningCertificateError::Mismatch(format!(
                    "{version}: issuerSerial issuer is not the signer certificate's issuer"
                )));
            }
        }
    }
    Ok(())
}

/// The parts of one SignerInfo the signature check reads.
struct SignerParts<'a> {
    digest_algorithm: &'a AlgorithmIdentifier,
    signature_algorithm: &'a AlgorithmIdentifier,
    signature: &'a [u8],
    signed_attrs: Option<&'a [u8]>,
    message_digest: Option<&'a [u8]>,
    signed_content_type: Option<&'a ObjectIdentifier>,
}

impl SignerParts<'_> {
    /// The one signature check of a SignerInfo ([RFC 5652 §5.4], §5.6): the content, the
    /// contentType and messageDigest attributes, then the signature.
    ///
    /// [RFC 5652 §5.4]: https://www.rfc-editor.org/rfc/rfc5652#section-5.4
    fn verify(
        &self,
        env: &Envelope,
        content: Option<&[u8]>,
        signer: SignerKey<'_>,
        backend: &dyn algorithm::SignatureBackend,
    ) -> Result<SignatureAlgorithm, Error> {
        let alg = algorithm::signer_algorithm(self.digest_algorithm, self.signature_algorithm)?;
        // The key is parsed (or taken from the certificate) only where the signature is
        // checked, after the content and attribute checks.
        let verify = |message: &[u8]| match signer {
            SignerKey::Spki(spki) => algorithm::verify(alg, spki, message, self.signature, backend),
            SignerKey::Certificate(c) => algorithm::verify_parsed(
                alg,
                c.spki(),
                c.public_key()?,
                message,
                self.signature,
                backend,
            ),
        };
        let content = match (content, env.content.as_deref()) {
            (Some(external), Some(encapsulated)) => {
                if external != encapsulated {
                    return Err(Error::DigestMismatch);
                }
                external
            }
            (Some(c), None) | (None, Some(c)) => c,
            (None, None) => return Err(Error::ContentMissing),
        };
        match (
            self.signed_attrs,
            self.message_digest,
            self.signed_content_type,
        ) {
            (Some(attrs), Some(md), Some(ct)) => {
                if *ct != env.content_type {
                    return Err(malformed(format!(
                        "contentType attribute {ct} differs from eContentType {}",
                        env.content_type
                    )));
                }
                let digest = DigestAlgorithm::from_identifier(self.digest_algorithm)?;
                if digest.digest(content) != md {
                    return Err(Error::DigestMismatch);
                }
                verify(attrs)
            }
            (None, _, _) => {
                if env.content_type != oid::ID_DATA {
                    return Err(malformed(
                        "no signed attributes but eContentType is not id-data (RFC 5652 §5.3)",
                    ));
                }
                verify(content)
            }
            _ => Err(malformed("incomplete signed attributes")),
        }
    }
}

/// Where the signer's key comes from.
#[derive(Clone, Copy)]
enum SignerKey<'a> {
    /// A SubjectPublicKeyInfo DER, parsed for this call.
    Spki(&'a [u8]),
    /// A certificate, whose parsed key is kept.
    Certificate(&'a crate::certificate::Certificate),
}

fn parse_signer_info(body: &[u8], raw: &[u8]) -> Result<SignerInfo, Error> {
    const WHAT: &str = "CMS";
    let mut r = DerReader::new(body, WHAT)?;
    let version = small_uint(r.expect(TAG_INTEGER, "SignerInfo version")?, "version")?;
    let sid = match (version, r.peek_tag()) {
        (1, Some(TAG_SEQUENCE)) => {
            let ias = r.expect(TAG_SEQUENCE, "issuerAndSerialNumber")?;
            let mut ir = DerReader::new(ias.value(), WHAT)?;
            let (issuer_any, issuer_raw) = ir.next_raw()?;
            if issuer_raw.first() != Some(&TAG_SEQUENCE) {
                return Err(malformed("issuer is not a Name"));
            }
            let _ = issuer_any;
            let serial = ir.expect(TAG_INTEGER, "serialNumber")?;
            ir.finish("issuerAndSerialNumber")?;
            let serial = serial.value();
            if serial.is_empty() {
                return Err(malformed("empty serialNumber"));
            }
            if serial.len() > MAX_SERIAL_LEN {
                return Err(Error::TooLarge {
                    what: "serialNumber",
                    size: serial.len(),
                    limit: MAX_SERIAL_LEN,
                });
            }
            SignerIdentifier::IssuerAndSerial {
                issuer: issuer_raw.to_vec(),
                serial: serial.to_vec(),
            }
        }
        (3, Some(TAG_CTX0_PRIM)) => {
            let ski = r.expect(TAG_CTX0_PRIM, "subjectKeyIdentifier")?;
            if ski.value().is_empty() {
                return Err(malformed("empty subjectKeyIdentifier"));
            }
            SignerIdentifier::SubjectKeyId(ski.value().to_vec())
        }
        (v, _) => {
            return Err(malformed(format!(
                "SignerInfo version {v} with a SignerIdentifier that does not fit it"
            )))
        }
    };
    let (_, da_raw) = r.next_raw()?;
    let digest_algorithm = AlgorithmIdentifier::from_der(da_raw)?;
    let signed = if r.peek_tag() == Some(TAG_CTX0) {
        let (any, raw) = r.next_raw()?;
        Some(parse_signed_attributes(any.value(), raw)?)
    } else {
        None
    };
    let (_, sa_raw) = r.next_raw()?;
    let signature_algorithm = AlgorithmIdentifier::from_der(sa_raw)?;
    let signature = r.expect(TAG_OCTET_STRING, "signature")?.value().to_vec();
    if signature.is_empty() {
        return Err(malformed("empty signature"));
    }
    let mut unsigned_attrs = None;
    let mut timestamp_tokens = Vec::new();
    let mut revocation_crls = Vec::new();
    let mut revocation_basic_ocsp = Vec::new();
    if r.peek_tag() == Some(TAG_CTX1) {
        let (unsigned, unsigned_raw) = r.next_raw()?;
        let mut ur = DerReader::new(unsigned.value(), WHAT)?;
        let mut n = 0usize;
        while !ur.is_finished() {
            n += 1;
            if n > MAX_UNSIGNED_ATTRIBUTES {
                return Err(Error::TooLarge {
                    what: "unsigned attributes",
                    size: n,
                    limit: MAX_UNSIGNED_ATTRIBUTES,
                });
            }
            let attr = ur.expect(TAG_SEQUENCE, "unsigned attribute")?;
            // Attribute ::= SEQUENCE { attrType OID, attrValues SET OF AttributeValue }
            // (RFC 5652 §5.3); the signatureTimeStampToken values are kept.
            let mut ar = DerReader::new(attr.value(), WHAT)?;
            let attr_oid = ar.expect(TAG_OID, "unsigned attrType")?;
            let values = ar.expect(TAG_SET, "unsigned attrValues")?;
            ar.finish("unsigned Attribute")?;
            if attr_oid.value() == oid::ID_AA_SIGNATURE_TIME_STAMP_TOKEN.as_bytes() {
                let mut vr = DerReader::new(values.value(), WHAT)?;
                while !vr.is_finished() {
                    if timestamp_tokens.len() >= MAX_UNSIGNED_ATTRIBUTES {
                        return Err(Error::TooLarge {
                            what: "signature time-stamp tokens",
                            size: timestamp_tokens.len() + 1,
                            limit: MAX_UNSIGNED_ATTRIBUTES,
                        });
                    }
                    let (_, raw) = vr.next_raw()?;
                    if raw.first() != Some(&TAG_SEQUENCE) {
                        return Err(malformed("signatureTimeStampToken is not a ContentInfo"));
                    }
                    timestamp_tokens.push(raw.to_vec());
                }
            } else if attr_oid.value() == oid::ID_AA_ETS_REVOCATION_VALUES.as_bytes() {
                let (c, o) = parse_revocation_values(values.value())?;
                revocation_crls.extend(c);
                revocation_basic_ocsp.extend(o);
                if revocation_crls.len() + revocation_basic_ocsp.len()
                    > MAX_EMBEDDED_REVOCATION_VALUES
                {
                    return Err(Error::TooLarge {
                        what: "embedded revocation values",
                        size: revocation_crls.len() + revocation_basic_ocsp.len(),
                        limit: MAX_EMBEDDED_REVOCATION_VALUES,
                    });
                }
            } else {
                oid_of(attr_oid, WHAT)?;
            }
        }
        unsigned_attrs = Some(unsigned_raw.to_vec());
    }
    r.finish("SignerInfo")?;
    let (signed_attrs, message_digest, signed_content_type, signing_time, signing_certificates) =
        match signed {
            Some(a) => (
                Some(a.der),
                Some(a.message_digest),
                Some(a.content_type),
                a.signing_time,
                a.signing_certificates,
            ),
            None => (None, None, None, None, Vec::new()),
        };
    Ok(SignerInfo {
        der: raw.to_vec(),
        version,
        sid,
        digest_algorithm,
        signature_algorithm,
        signature,
        signed_attrs,
        message_digest,
        signed_content_type,
        signing_time,
        signing_certificates,
        unsigned_attrs,
        timestamp_tokens,
        revocation_crls,
        revocation_basic_ocsp,
    })
}

/// (CRL DERs, OCSP response DERs) read from an envelope.
type RevocationDers = (Vec<Vec<u8>>, Vec<Vec<u8>>);

/// Count one more embedded revocation value against [`MAX_EMBEDDED_REVOCATION_VALUES`].
fn count_revocation_value(n: &mut usize) -> Result<(), Error> {
    *n += 1;
    if *n > MAX_EMBEDDED_REVOCATION_VALUES {
        return Err(Error::TooLarge {
            what: "embedded revocation values",
            size: *n,
            limit: MAX_EMBEDDED_REVOCATION_VALUES,
        });
    }
    Ok(())
}

/// The content of SignedData's `crls [1] IMPLICIT RevocationInfoChoices` ([RFC 5652]
/// §10.2.1, [RFC 5940 §3.2.1]):
///
/// ```text
/// RevocationInfoChoices ::= SET OF RevocationInfoChoice
/// RevocationInfoChoice ::= CHOICE {
///   crl CertificateList,
///   other [1] IMPLICIT OtherRevocationInfoFormat }
/// OtherRevocationInfoFormat ::= SEQUENCE {
///   otherRevInfoFormat OBJECT IDENTIFIER,
///   otherRevInfo ANY DEFINED BY otherRevInfoFormat }
/// id-ri-ocsp-response OBJECT IDENTIFIER ::= { id-ri 2 }   -- 1.3.6.1.5.5.7.16.2
/// -- with it, otherRevInfo is an OCSPResponse (RFC 6960 §4.2.1)
/// ```
///
/// Returns (CertificateList DERs, OCSPResponse DERs); other formats are skipped (but
/// counted). Nothing is verified here.
///
/// [RFC 5652]: https://www.rfc-editor.org/rfc/rfc5652
/// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
fn parse_revocation_info_choices(body: &[u8]) -> Result<RevocationDers, Error> {
    const WHAT: &str = "CMS";
    let mut r = DerReader::new(body, WHAT)?;
    let (mut crls, mut ocsp) = (Vec::new(), Vec::new());
    let mut n = 0usize;
    while !r.is_finished() {
        count_revocation_value(&mut n)?;
        let tag = r.peek_tag();
        let (any, raw) = r.next_raw()?;
        match tag {
            Some(TAG_SEQUENCE) => crls.push(raw.to_vec()),
            Some(TAG_CTX1) => {
                let mut or = DerReader::new(any.value(), WHAT)?;
                let format = or.expect(TAG_OID, "otherRevInfoFormat")?;
                let (_, info) = or.next_raw()?;
                or.finish("OtherRevocationInfoFormat")?;
                if format.value() == oid::ID_RI_OCSP_RESPONSE.as_bytes() {
                    if info.first() != Some(&TAG_SEQUENCE) {
                        return Err(malformed("id-ri-ocsp-response: not an OCSPResponse"));
                    }
                    ocsp.push(info.to_vec());
                }
            }
            _ => return Err(malformed("RevocationInfoChoice: unknown choice")),
        }
    }
    Ok((crls, ocsp))
}

/// The values of an id-aa-ets-revocationValues attribute ([RFC 5126 §6.3.4], CAdES-X-L;
/// KalkanCrypt / NCANode write it):
///
/// ```text
/// -- ETS-ElectronicSignatureFormats-ExplicitSyntax88 ... DEFINITIONS EXPLICIT TAGS
/// RevocationValues ::=  SEQUENCE {
///    crlVals          [0] SEQUENCE OF CertificateList OPTIONAL,
///    ocspVals         [1] SEQUENCE OF BasicOCSPResponse OPTIONAL,
///    otherRevVals     [2] OtherRevVals OPTIONAL }
/// ```
///
/// `values` is the content of the attribute's SET (one RevocationValues). Returns
/// (CertificateList DERs, BasicOCSPResponse DERs); otherRevVals is skipped.
///
/// [RFC 5126 §6.3.4]: https://www.rfc-editor.org/rfc/rfc5126#section-6.3.4
fn parse_revocation_values(values: &[u8]) -> Result<RevocationDers, Error> {
    const WHAT: &str = "CMS";
    let mut vr = DerReader::new(values, WHAT)?;
    let rv = vr.expect(TAG_SEQUENCE, "RevocationValues")?;
    vr.finish("revocationValues attrValues (one value)")?;
    let mut r = DerReader::new(rv.value(), WHAT)?;
    let (mut crls, mut ocsp) = (Vec::new(), Vec::new());
    let mut n = 0usize;
    // The CAdES module has EXPLICIT TAGS: `[0]` holds the SEQUENCE OF.
    for (tag, out) in [(TAG_CTX0, &mut crls), (TAG_CTX1, &mut ocsp)] {
        if let Some(explicit) = r.optional(tag)? {
            let mut xr = DerReader::new(explicit.value(), WHAT)?;
            let list = xr.expect(TAG_SEQUENCE, "RevocationValues SEQUENCE OF")?;
            xr.finish("RevocationValues [n] EXPLICIT")?;
            let mut lr = DerReader::new(list.value(), WHAT)?;
            while !lr.is_finished() {
                count_revocation_value(&mut n)?;
                if lr.peek_tag() != Some(TAG_SEQUENCE) {
                    return Err(malformed("RevocationValues: an element is not a SEQUENCE"));
                }
                out.push(lr.next_raw()?.1.to_vec());
            }
        }
    }
    r.optional(0xa2)?; // otherRevVals
    r.finish("RevocationValues")?;
    Ok((crls, ocsp))
}

/// Parse the `[0] IMPLICIT SignedAttributes` whose content is `body` and whose full TLV is
/// `raw`; the DER that is signed is `raw` with its tag replaced by SET (0x31).
fn parse_signed_attributes(body: &[u8], raw: &[u8]) -> Result<SignedAttributes, Error> {
    const WHAT: &str = "CMS";
    let mut r = DerReader::new(body, WHAT)?;
    let mut count = 0usize;
    let mut content_type = None;
    let mut message_digest = None;
    let mut signing_time = None;
    let mut signing_certificates = Vec::new();
    let mut seen_signing_cert = [false; 2];
    while !r.is_finished() {
        count += 1;
        if count > MAX_SIGNED_ATTRIBUTES {
            return Err(Error::TooLarge {
                what: "signed attributes",
                size: count,
                limit: MAX_SIGNED_ATTRIBUTES,
            });
        }
        let attr = r.expect(TAG_SEQUENCE, "signed attribute")?;
        let mut ar = DerReader::new(attr.value(), WHAT)?;
        let attr_oid = ar.expect(TAG_OID, "attrType")?;
        let values = ar.expect(TAG_SET, "attrValues")?;
        ar.finish("Attribute")?;
        // The three attributes this parser reads are recognised by their content octets
        // (1.2.840.113549.1.9.{3,4,5}); any other type is only checked to be a valid OID.
        let is = |o: ObjectIdentifier| attr_oid.value() == o.as_bytes();
        let slot = match attr_oid.value() {
            _ if is(oid::ID_CONTENT_TYPE) => 0,
            _ if is(oid::ID_MESSAGE_DIGEST) => 1,
            _ if is(oid::ID_SIGNING_TIME) => 2,
            _ if is(oid::ID_AA_SIGNING_CERTIFICATE) || is(oid::ID_AA_SIGNING_CERTIFICATE_V2) => {
                let v2 = is(oid::ID_AA_SIGNING_CERTIFICATE_V2);
                let name = if v2 {
                    oid::ID_AA_SIGNING_CERTIFICATE_V2
                } else {
                    oid::ID_AA_SIGNING_CERTIFICATE
                };
                if seen_signing_cert[usize::from(v2)] {
                    return Err(malformed(format!(
                        "attribute {name} appears more than once"
                    )));
                }
                seen_signing_cert[usize::from(v2)] = true;
                let mut vr = DerReader::new(values.value(), WHAT)?;
                let value = vr.expect(TAG_SEQUENCE, &name.to_string())?;
                if !vr.is_finished() {
                    return Err(malformed(format!("attribute {name} with several values")));
                }
                signing_certificates.push(parse_signing_certificate(value.value(), v2)?);
                continue;
            }
            _ => {
                oid_of(attr_oid, WHAT)?;
                continue;
            }
        };
        let attr_type = match slot {
            0 => oid::ID_CONTENT_TYPE,
            1 => oid::ID_MESSAGE_DIGEST,
            _ => oid::ID_SIGNING_TIME,
        };
        let mut vr = DerReader::new(values.value(), WHAT)?;
        let (value, value_raw) = if vr.is_finished() {
            return Err(malformed(format!("attribute {attr_type} without a value")));
        } else {
            vr.next_raw()?
        };
        if !vr.is_finished() {
            return Err(malformed(format!(
                "attribute {attr_type} with several values"
            )));
        }
        let duplicate = || malformed(format!("attribute {attr_type} appears more than once"));
        match slot {
            0 => {
                if content_type.is_some() {
                    return Err(duplicate());
                }
                content_type = Some(oid_of(value, WHAT)?);
            }
            1 => {
                if message_digest.is_some() {
                    return Err(duplicate());
                }
                if value_raw.first() != Some(&TAG_OCTET_STRING) {
                    return Err(malformed("messageDigest is not an OCTET STRING"));
                }
                message_digest = Some(value.value().to_vec());
            }
            _ => {
                if signing_time.is_some() {
                    return Err(duplicate());
                }
                signing_time = Some(parse_time(value_raw)?);
            }
        }
    }
    if count == 0 {
        return Err(malformed("empty signed attributes"));
    }
    let content_type =
        content_type.ok_or_else(|| malformed("signed attributes without contentType"))?;
    let message_digest =
        message_digest.ok_or_else(|| malformed("signed attributes without messageDigest"))?;
    let mut der = raw.to_vec();
    if let Some(tag) = der.first_mut() {
        *tag = TAG_SET;
    }
    Ok(SignedAttributes {
        der,
        content_type,
        message_digest,
        signing_time,
        signing_certificates,
    })
}

/// The first ESSCertID (`v2` false) or ESSCertIDv2 of a SigningCertificate(V2) SEQUENCE's
/// content (see [`EssCertId`]); the other entries and the policies are checked to be
/// well-formed TLVs, not decoded.
fn parse_signing_certificate(body: &[u8], v2: bool) -> Result<EssCertId, Error> {
    const WHAT: &str = "CMS";
    let mut r = DerReader::new(body, WHAT)?;
    let certs = r.expect(TAG_SEQUENCE, "SigningCertificate certs")?;
    r.optional(TAG_SEQUENCE)?; // policies
    r.finish("SigningCertificate")?;
    let mut cr = DerReader::new(certs.value(), WHAT)?;
    let first = cr.expect(TAG_SEQUENCE, "ESSCertID")?;
    let mut n = 1usize;
    while !cr.is_finished() {
        n += 1;
        if n > MAX_ESS_CERT_IDS {
            return Err(Error::TooLarge {
                what: "ESSCertIDs",
                size: n,
                limit: MAX_ESS_CERT_IDS,
            });
        }
        cr.expect(TAG_SEQUENCE, "ESSCertID")?;
    }
    let mut er = DerReader::new(first.value(), WHAT)?;
    let hash_algorithm = if v2 {
        Some(if er.peek_tag() == Some(TAG_SEQUENCE) {
            let (_, raw) = er.next_raw()?;
            let alg = AlgorithmIdentifier::from_der(raw)?;
            if alg.oid == oid::ID_SHA256 && alg.parameters.is_none() {
                // X.690 §11.5: a DEFAULT value is not encoded in DER.
                return Err(malformed(
                    "ESSCertIDv2 hashAlgorithm encodes its DEFAULT (id-sha256): not DER",
                ));
            }
            alg
        } else {
            DigestAlgorithm::Sha256.algorithm_identifier()
        })
    } else {
        None
    };
    let cert_hash = er.expect(TAG_OCTET_STRING, "certHash")?.value().to_vec();
    let issuer_serial = match er.optional(TAG_SEQUENCE)? {
        None => None,
        Some(is) => {
            let mut ir = DerReader::new(is.value(), WHAT)?;
            let names = ir.expect(TAG_SEQUENCE, "IssuerSerial issuer")?;
            let serial = ir.expect(TAG_INTEGER, "IssuerSerial serialNumber")?;
            ir.finish("IssuerSerial")?;
            let serial = serial.value();
            if serial.is_empty() {
                return Err(malformed("empty IssuerSerial serialNumber"));
            }
            if serial.len() > MAX_SERIAL_LEN {
                return Err(Error::TooLarge {
                    what: "IssuerSerial serialNumber",
                    size: serial.len(),
                    limit: MAX_SERIAL_LEN,
                });
            }
            // GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; directoryName is
            // [4] EXPLICIT Name (RFC 5280 §4.2.1.6, the module's EXPLICIT for a CHOICE).
            let mut nr = DerReader::new(names.value(), WHAT)?;
            let mut directory_names = Vec::new();
            let mut count = 0usize;
            while !nr.is_finished() {
                count += 1;
                if count > MAX_ESS_CERT_IDS {
                    return Err(Error::TooLarge {
                        what: "IssuerSerial GeneralNames",
                        size: count,
                        limit: MAX_ESS_CERT_IDS,
                    });
                }
                let tag = nr.peek_tag();
                let (gn, _) = nr.next_raw()?;
                if tag == Some(0xa4) {
                    let mut dr = DerReader::new(gn.value(), WHAT)?;
                    let (_, name) = dr.next_raw()?;
                    dr.finish("directoryName")?;
                    if name.first() != Some(&TAG_SEQUENCE) {
                        return Err(malformed("directoryName is not a Name"));
                    }
                    directory_names.push(name.to_vec());
                }
            }
            if count == 0 {
                return Err(malformed("IssuerSerial with empty GeneralNames"));
            }
            Some((directory_names, serial.to_vec()))
        }
    };
    er.finish("ESSCertID")?;
    Ok(EssCertId {
        hash_algorithm,
        cert_hash,
        issuer_serial,
    })
}

/// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` ([RFC 5652 §11.3]) in
/// the crate's one strict DER Time reader ([`crate::asn1::der_time`]: RFC 5280's forms,
/// `YYMMDDHHMMSSZ` / `YYYYMMDDHHMMSSZ`, as for certificates and CRLs).
///
/// [RFC 5652 §11.3]: https://www.rfc-editor.org/rfc/rfc5652#section-11.3
fn parse_time(raw: &[u8]) -> Result<Time, Error> {
    let (tlv, _) = crate::asn1::split_tlv("CMS", raw)?;
    if !matches!(tlv.tag, TAG_UTC_TIME | TAG_GENERALIZED_TIME) {
        return Err(malformed("signingTime is not a Time"));
    }
    let secs = crate::asn1::der_time(tlv.tag, tlv.content)
        .ok_or_else(|| malformed("signingTime: not a DER UTCTime / GeneralizedTime"))?;
    Time::from_unix_timestamp(secs).map_err(|_| malformed("signingTime range"))
}

/// DER of a signingTime value: UTCTime for 1950–2049, GeneralizedTime otherwise
/// ([RFC 5652 §11.3]). Times before 1970 or with fractional seconds truncated.
///
/// [RFC 5652 §11.3]: https://www.rfc-editor.org/rfc/rfc5652#section-11.3
fn encode_time(t: Time) -> Result<Vec<u8>, Error> {
    use der::Encode as _;
    let secs = u64::try_from(t.unix_timestamp()).map_err(|_| Error::Config {
        detail: "signing time before 1970 is not supported".into(),
    })?;
    let d = core::time::Duration::from_secs(secs);
    let err = |e: der::Error| Error::Config {
        detail: format!("signing time: {e}"),
    };
    if t.year() < 2050 {
        der::asn1::UtcTime::from_unix_duration(d)
            .map_err(err)?
            .to_der()
            .map_err(err)
    } else {
        der::asn1::GeneralizedTime::from_unix_duration(d)
            .map_err(err)?
            .to_der()
            .map_err(err)
    }
}

/// Encode an envelope's DER as PEM with the label "CMS".
pub fn to_pem(der: &[u8]) -> String {
    encoding::to_pem(der, "CMS")
}

/// The DER of an envelope given as DER, PEM (`CMS` / `PKCS7`) or base64 — the first one
/// when the input holds several — not parsed further: the bytes a request reference hashes
/// ([`crate::document::RequestRef::of`]) and the verifier binds a result to.
///
/// Errors: [`Error::TooLarge`] over [`MAX_ENVELOPE_SIZE`], [`Error::Malformed`] for input
/// that decodes to nothing.
pub fn envelope_der(input: &[u8]) -> Result<Vec<u8>, Error> {
    encoding::decode_der_blobs(input, "CMS", MAX_ENVELOPE_SIZE)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::malformed("envelope", "empty"))
}

/// The rules of this module on hand-built DER: strict DER, the signed-attribute rules, and
/// (feature `test-pki`) that an edit or a co-signature keeps the earlier signers.
#[cfg(test)]
mod tests {
    use super::*;

    fn alg(o: ObjectIdentifier) -> Vec<u8> {
        tlv(TAG_SEQUENCE, &oid_der(&o))
    }

    fn attr(o: ObjectIdentifier, values: &[&[u8]]) -> Vec<u8> {
        tlv_parts(
            TAG_SEQUENCE,
            &[&oid_der(&o), &tlv(TAG_SET, &values.concat())],
        )
    }

    fn content_type() -> Vec<u8> {
        attr(oid::ID_CONTENT_TYPE, &[&oid_der(&oid::ID_DATA)])
    }

    fn message_digest() -> Vec<u8> {
        attr(oid::ID_MESSAGE_DIGEST, &[&tlv(TAG_OCTET_STRING, &[7; 32])])
    }

    /// `SignedAttributes` as a SignerInfo carries them (`[0] IMPLICIT`), parsed.
    fn signed(attrs: &[Vec<u8>]) -> Result<SignedAttributes, Error> {
        let raw = tlv(TAG_CTX0, &attrs.concat());
        let body = raw[raw.len() - attrs.concat().len()..].to_vec();
        parse_signed_attributes(&body, &raw)
    }

    fn malformed_detail(r: Result<impl core::fmt::Debug, Error>) -> String {
        match r {
            Err(Error::Malformed { detail, .. }) => detail,
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    /// A SignerInfo (issuerAndSerialNumber, serial 1) with `signed_attrs` (`[0]` TLV).
    fn signer_info(version: u8, sid: &[u8], signed_attrs: &[u8]) -> Vec<u8> {
        tlv_parts(
            TAG_SEQUENCE,
            &[
                &tlv(TAG_INTEGER, &[version]),
                sid,
                &alg(oid::ID_SHA256),
                signed_attrs,
                &alg(oid::ECDSA_WITH_SHA256),
                &tlv(TAG_OCTET_STRING, &[1, 2, 3]),
            ],
        )
    }

    fn issuer_and_serial() -> Vec<u8> {
        tlv_parts(
            TAG_SEQUENCE,
            &[&tlv(TAG_SEQUENCE, &[]), &tlv(TAG_INTEGER, &[1])],
        )
    }

    /// A structurally complete ContentInfo / SignedData (signatures are not checked by the
    /// parser) with `signer_infos`, the SignedData `version`, and encapsulated "x".
    fn envelope(version: u8, signer_infos: &[Vec<u8>]) -> Vec<u8> {
        let eci = tlv_parts(
            TAG_SEQUENCE,
            &[
                &oid_der(&oid::ID_DATA),
                &tlv(TAG_CTX0, &tlv(TAG_OCTET_STRING, b"x")),
            ],
        );
        let sd = tlv_parts(
            TAG_SEQUENCE,
            &[
                &tlv(TAG_INTEGER, &[version]),
                &tlv(TAG_SET, &alg(oid::ID_SHA256)),
                &eci,
                &tlv(TAG_SET, &signer_infos.concat()),
            ],
        );
        tlv_parts(
            TAG_SEQUENCE,
            &[&oid_der(&oid::ID_SIGNED_DATA), &tlv(TAG_CTX0, &sd)],
        )
    }

    fn good_signer_info() -> Vec<u8> {
        let attrs = tlv(TAG_CTX0, &[content_type(), message_digest()].concat());
        signer_info(1, &issuer_and_serial(), &attrs)
    }

    #[test]
    fn hand_built_envelope_parses() {
        let env = Envelope::parse(&envelope(1, &[good_signer_info()])).unwrap();
        assert_eq!(env.signers.len(), 1);
        assert_eq!(env.content.as_deref(), Some(&b"x"[..]));
        assert_eq!(env.signers[0].der, good_signer_info());
        assert_eq!(
            env.signer,
            SignerIdentifier::IssuerAndSerial {
                issuer: tlv(TAG_SEQUENCE, &[]),
                serial: vec![1]
            }
        );
    }

    #[test]
    fn strict_der_refusals() {
        let der = envelope(1, &[good_signer_info()]);
        // Trailing data after the ContentInfo.
        let mut trailing = der.clone();
        trailing.push(0);
        assert!(Envelope::parse_der(trailing).is_err());
        // Indefinite length (BER, X.690 §8.1.3.6; DER §10.1 forbids it).
        let body = crate::asn1::split_tlv("CMS", &der).unwrap().0.content;
        let indefinite = [&[TAG_SEQUENCE, 0x80][..], body, &[0, 0]].concat();
        assert!(Envelope::parse_der(indefinite).is_err());
        // A length in more octets than needed (X.690 §10.1: the definite form, fewest
        // octets).
        let n = body.len();
        assert!(n > 127 && n < 256, "{n}");
        let long = [&[TAG_SEQUENCE, 0x82, 0, n as u8][..], body].concat();
        assert!(Envelope::parse_der(long).is_err());
        // Not id-signedData; SignedData version 2 (RFC 5652 §5.1 has 1, 3, 4, 5).
        let mut other_type = der.clone();
        let at = other_type
            .windows(9)
            .position(|w| w == oid::ID_SIGNED_DATA.as_bytes())
            .unwrap();
        other_type[at + 8] = 1; // id-data
        assert!(malformed_detail(Envelope::parse_der(other_type)).contains("not id-signedData"));
        assert!(
            malformed_detail(Envelope::parse(&envelope(2, &[good_signer_info()])))
                .contains("version 2")
        );
        // No SignerInfo.
        assert!(malformed_detail(Envelope::parse(&envelope(1, &[]))).contains("no SignerInfo"));
        // SignerInfo version 3 with issuerAndSerialNumber, version 1 with a key identifier.
        let attrs = tlv(TAG_CTX0, &[content_type(), message_digest()].concat());
        for si in [
            signer_info(3, &issuer_and_serial(), &attrs),
            signer_info(1, &tlv(TAG_CTX0_PRIM, &[9; 20]), &attrs),
        ] {
            assert!(
                malformed_detail(Envelope::parse(&envelope(1, &[si]))).contains("does not fit it")
            );
        }
        // Empty signature, empty subjectKeyIdentifier, empty serial.
        let empty_sig = tlv_parts(
            TAG_SEQUENCE,
            &[
                &tlv(TAG_INTEGER, &[1]),
                &issuer_and_serial(),
                &alg(oid::ID_SHA256),
                &attrs,
                &alg(oid::ECDSA_WITH_SHA256),
                &tlv(TAG_OCTET_STRING, &[]),
            ],
        );
        assert!(
            malformed_detail(Envelope::parse(&envelope(1, &[empty_sig])))
                .contains("empty signature")
        );
        let empty_ski = signer_info(3, &tlv(TAG_CTX0_PRIM, &[]), &attrs);
        assert!(
            malformed_detail(Envelope::parse(&envelope(3, &[empty_ski])))
                .contains("empty subjectKeyIdentifier")
        );
        let empty_serial = tlv_parts(
            TAG_SEQUENCE,
            &[&tlv(TAG_SEQUENCE, &[]), &tlv(TAG_INTEGER, &[])],
        );
        assert!(Envelope::parse(&envelope(1, &[signer_info(1, &empty_serial, &attrs)])).is_err());
    }

    #[test]
    fn signed_attributes_rules() {
        // The signed DER is the attributes as received under a SET tag (RFC 5652 §5.4),
        // in the signer's order: an unsorted encoder still verifies.
        let unsorted = [message_digest(), content_type()];
        let a = signed(&unsorted).unwrap();
        assert_eq!(a.der, tlv(TAG_SET, &unsorted.concat()));
        assert_eq!(a.content_type, oid::ID_DATA);
        assert_eq!(a.message_digest, vec![7; 32]);
        assert_eq!(a.signing_time, None);

        // RFC 5652 §5.3: SIZE (1..MAX), contentType and messageDigest required.
        assert!(malformed_detail(signed(&[])).contains("empty signed attributes"));
        assert!(malformed_detail(signed(&[message_digest()])).contains("without contentType"));
        assert!(malformed_detail(signed(&[content_type()])).contains("without messageDigest"));
        // §11.1–11.3: single-valued, not repeated.
        assert!(
            malformed_detail(signed(&[content_type(), content_type(), message_digest()]))
                .contains("more than once")
        );
        let two_values = attr(
            oid::ID_MESSAGE_DIGEST,
            &[&tlv(TAG_OCTET_STRING, &[1]), &tlv(TAG_OCTET_STRING, &[2])],
        );
        assert!(malformed_detail(signed(&[content_type(), two_values])).contains("several values"));
        let no_value = attr(oid::ID_MESSAGE_DIGEST, &[]);
        assert!(malformed_detail(signed(&[content_type(), no_value])).contains("without a value"));
        let not_octets = attr(oid::ID_MESSAGE_DIGEST, &[&tlv(TAG_INTEGER, &[1])]);
        assert!(
            malformed_detail(signed(&[content_type(), not_octets])).contains("not an OCTET STRING")
        );

        // signingTime: a DER UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime, nothing else.
        let time = |tag: u8, v: &[u8]| attr(oid::ID_SIGNING_TIME, &[&tlv(tag, v)]);
        let ok = signed(&[
            content_type(),
            message_digest(),
            time(TAG_UTC_TIME, b"260102030405Z"),
        ])
        .unwrap();
        assert_eq!(
            ok.signing_time.map(|t| t.unix_timestamp()),
            Some(1_767_323_045)
        );
        for (tag, v) in [
            (TAG_UTC_TIME, &b"2601020304Z"[..]),          // no seconds
            (TAG_UTC_TIME, b"260102030405+0600"),         // not UTC
            (TAG_GENERALIZED_TIME, b"20260102030405.5Z"), // fractional seconds
            (TAG_OCTET_STRING, b"260102030405Z"),         // not a Time
        ] {
            assert!(
                signed(&[content_type(), message_digest(), time(tag, v)]).is_err(),
                "{}",
                String::from_utf8_lossy(v)
            );
        }

        // At most MAX_SIGNED_ATTRIBUTES.
        let mut many = vec![content_type(), message_digest()];
        while many.len() <= MAX_SIGNED_ATTRIBUTES {
            many.push(attr(oid::ID_DATA, &[&tlv(TAG_INTEGER, &[1])]));
        }
        assert!(matches!(
            signed(&many),
            Err(Error::TooLarge {
                what: "signed attributes",
                ..
            })
        ));
        many.pop();
        assert!(signed(&many).is_ok());

        // ESSCertIDv2 (RFC 5035): the DEFAULT hashAlgorithm must not be encoded (X.690
        // §11.5); without it, SHA-256 is meant.
        let v2 = |ess_cert_id: &[u8]| {
            let certs = tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, ess_cert_id));
            let value = tlv(TAG_SEQUENCE, &certs);
            attr(oid::ID_AA_SIGNING_CERTIFICATE_V2, &[&value])
        };
        let hash = tlv(TAG_OCTET_STRING, &[5; 32]);
        let implicit = signed(&[content_type(), message_digest(), v2(&hash)]).unwrap();
        assert_eq!(
            implicit.signing_certificates[0].hash_algorithm,
            Some(DigestAlgorithm::Sha256.algorithm_identifier())
        );
        let explicit_default = [alg(oid::ID_SHA256), hash.clone()].concat();
        assert!(malformed_detail(signed(&[
            content_type(),
            message_digest(),
            v2(&explicit_default)
        ]))
        .contains("DEFAULT"));
        // Twice the same signingCertificate attribute.
        assert!(malformed_detail(signed(&[
            content_type(),
            message_digest(),
            v2(&hash),
            v2(&hash)
        ]))
        .contains("more than once"));
    }

    #[test]
    fn signer_identifier_serialises_as_the_cli_shows_it() {
        let by_serial = SignerIdentifier::IssuerAndSerial {
            issuer: tlv(TAG_SEQUENCE, &[]),
            serial: vec![0x0a, 0xbc],
        };
        assert_eq!(
            serde_json::to_string(&by_serial).unwrap(),
            r#"{"serial":"0ABC"}"#
        );
        let by_ski = SignerIdentifier::SubjectKeyId(vec![0xde, 0xad]);
        assert_eq!(serde_json::to_string(&by_ski).unwrap(), r#"{"ski":"dead"}"#);
    }

    #[cfg(feature = "test-pki")]
    mod signing {
        use std::sync::OnceLock;

        use super::super::*;
        use crate::test_pki::{Issued, KeyFamily, TestPki};

        fn pki() -> &'static TestPki {
            static PKI: OnceLock<TestPki> = OnceLock::new();
            PKI.get_or_init(|| {
                TestPki::generate(
                    KeyFamily::P256,
                    Time::from_unix_timestamp(1_780_000_000).unwrap(),
                )
                .unwrap()
            })
        }

        fn key(i: &Issued) -> SigningKey {
            SigningKey::from_pkcs8(&i.key_pkcs8_der).unwrap()
        }

        fn spki(i: &Issued) -> Vec<u8> {
            Certificate::from_der(&i.cert_der).unwrap().spki().to_vec()
        }

        fn sign_as(i: &Issued, content: &[u8], options: &SignOptions) -> Vec<u8> {
            sign(
                content,
                &key(i),
                &i.cert_der,
                &[pki().ca.cert_der.clone()],
                options,
            )
            .unwrap()
        }

        fn cosign_as(
            env: &[u8],
            content: Option<&[u8]>,
            i: &Issued,
            options: &SignOptions,
        ) -> Result<Vec<u8>, Error> {
            cosign(
                env,
                content,
                &key(i),
                &i.cert_der,
                &[pki().ca.cert_der.clone()],
                options,
            )
        }

        /// `si` with one unsigned attribute (an unknown type) added, as a time-stamp would be.
        fn with_unsigned(si: &[u8]) -> Vec<u8> {
            let body = crate::asn1::split_tlv("CMS", si).unwrap().0.content;
            let unsigned = tlv(
                TAG_CTX1,
                &tlv_parts(
                    TAG_SEQUENCE,
                    &[
                        &oid_der(&oid::ID_DATA),
                        &tlv(TAG_SET, &tlv(TAG_INTEGER, &[42])),
                    ],
                ),
            );
            tlv_parts(TAG_SEQUENCE, &[body, &unsigned])
        }

        #[test]
        fn cosign_keeps_earlier_signers_byte_for_byte() {
            let p = pki();
            let first = sign_as(&p.citizen_sign, b"{\"a\":1}", &SignOptions::default());
            // The first signer gets an unsigned attribute (an edit), then a co-signer by
            // subjectKeyIdentifier.
            let env = Envelope::parse(&first).unwrap();
            let stamped_si = with_unsigned(&env.signers[0].der);
            let stamped = edit_signed_data(
                &env,
                &SignedDataEdit {
                    signer: Some((0, &stamped_si)),
                    ..Default::default()
                },
            )
            .unwrap();
            let before = Envelope::parse(&stamped).unwrap();
            assert_eq!(before.signers[0].der, stamped_si);
            assert_eq!(before.version, 1);
            let by_ski = SignOptions {
                sid_by_ski: true,
                ..Default::default()
            };
            let both = cosign_as(&stamped, None, &p.operator_sign, &by_ski).unwrap();
            let after = Envelope::parse(&both).unwrap();
            assert_eq!(after.signers.len(), 2);
            assert_eq!(after.signers[0].der, before.signers[0].der);
            assert_eq!(after.content, before.content);
            // RFC 5652 §5.1: a version 3 SignerInfo makes the SignedData version 3.
            assert_eq!(after.signers[1].version, 3);
            assert_eq!(after.version, 3);
            // One digest algorithm (both SHA-256); the CA embedded once.
            assert_eq!(after.digest_algorithms, before.digest_algorithms);
            assert_eq!(after.certificates.len(), 3);
            assert_eq!(&after.certificates[..2], &before.certificates[..]);
            after
                .verify_signer(0, None, &spki(&p.citizen_sign), &algorithm::CoreBackend)
                .unwrap();
            after
                .verify_signer(1, None, &spki(&p.operator_sign), &algorithm::CoreBackend)
                .unwrap();
            // Each signer's embedded certificate.
            let certs = after.signer_certificates();
            assert_eq!(
                certs[0].as_ref().map(|c| c.der()),
                Some(&p.citizen_sign.cert_der[..])
            );
            assert_eq!(
                certs[1].as_ref().map(|c| c.der()),
                Some(&p.operator_sign.cert_der[..])
            );
            // A third signer keeps both.
            let three = cosign_as(&both, None, &p.citizen2_sign, &SignOptions::default()).unwrap();
            let three = Envelope::parse(&three).unwrap();
            assert_eq!(
                three.signers[..2]
                    .iter()
                    .map(|s| &s.der)
                    .collect::<Vec<_>>(),
                after.signers.iter().map(|s| &s.der).collect::<Vec<_>>()
            );
            assert_eq!(three.version, 3);
        }

        #[test]
        fn cosign_keeps_the_evidence_and_its_version() {
            let p = pki();
            let first =
                Envelope::parse(&sign_as(&p.citizen_sign, b"x", &SignOptions::default())).unwrap();
            // An `other` RevocationInfoChoice makes the SignedData version 5.
            let fake_ocsp = tlv(TAG_SEQUENCE, &tlv(0x0a, &[1]));
            let with_evidence = edit_signed_data(
                &first,
                &SignedDataEdit {
                    revocation_choices: &[ocsp_revocation_choice(&fake_ocsp)],
                    ..Default::default()
                },
            )
            .unwrap();
            let before = Envelope::parse(&with_evidence).unwrap();
            assert_eq!((before.version, before.ocsp_responses.len()), (5, 1));
            let after = Envelope::parse(
                &cosign_as(
                    &with_evidence,
                    None,
                    &p.citizen2_sign,
                    &SignOptions::default(),
                )
                .unwrap(),
            )
            .unwrap();
            assert_eq!(after.version, 5);
            assert_eq!(after.ocsp_responses, before.ocsp_responses);
            assert_eq!(after.signers[0].der, before.signers[0].der);
        }

        #[test]
        fn cosign_refuses_what_it_cannot_keep() {
            let p = pki();
            let detached = SignOptions {
                detached: true,
                ..Default::default()
            };
            let env = sign_as(&p.citizen_sign, b"signed", &detached);
            assert!(matches!(
                cosign_as(&env, None, &p.citizen2_sign, &detached),
                Err(Error::ContentMissing)
            ));
            // The earlier signature does not hold over other content.
            match cosign_as(&env, Some(b"other"), &p.citizen2_sign, &detached) {
                Err(Error::CosignRefused { signer: 0, cause }) => {
                    assert!(matches!(*cause, Error::DigestMismatch), "{cause:?}")
                }
                other => panic!("{other:?}"),
            }
            cosign_as(&env, Some(b"signed"), &p.citizen2_sign, &detached).unwrap();
            // The key must be the certificate's.
            assert!(matches!(
                cosign(
                    &env,
                    Some(b"signed"),
                    &key(&p.citizen_sign),
                    &p.citizen2_sign.cert_der,
                    &[],
                    &detached
                ),
                Err(Error::CertificateKeyMismatch)
            ));
            // The edit itself refuses a SignerInfo past MAX_SIGNERS.
            let mut full = sign_as(&p.citizen_sign, b"x", &SignOptions::default());
            for _ in 1..MAX_SIGNERS {
                full = cosign_as(&full, None, &p.citizen_sign, &SignOptions::default()).unwrap();
            }
            let full = Envelope::parse(&full).unwrap();
            let new = new_signer_info(
                b"x",
                &oid::ID_DATA,
                &key(&p.citizen_sign),
                &Certificate::from_der(&p.citizen_sign.cert_der).unwrap(),
                &SignOptions::default(),
            )
            .unwrap();
            assert!(matches!(
                edit_signed_data(
                    &full,
                    &SignedDataEdit {
                        added_signer: Some(&new),
                        ..Default::default()
                    }
                ),
                Err(Error::TooLarge {
                    what: "SignerInfos",
                    ..
                })
            ));
        }
    }
}
