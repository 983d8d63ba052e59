//! CMS SignedData (RFC 5652): parsing and signing.
//!
//! Parsing is strict DER (definite, minimal lengths; no trailing data) and bounded by the
//! limits of [`crate::limits`]. Exactly one SignerInfo is supported. The order of SET OF
//! elements is not checked on input: the signed attributes are verified over the exact bytes
//! received, so their order cannot be exploited.
//!
//! Signing produces SignedData version 1 (3 with a subjectKeyIdentifier signer), eContentType
//! id-data, the certificates sorted in DER order, and one SignerInfo with the signed
//! attributes contentType, messageDigest and (optionally) signingTime.

use crate::algorithm::{
    self, AlgorithmIdentifier, DigestAlgorithm, SignatureAlgorithm, SigningKey,
};
use crate::certificate::Certificate;
use crate::encoding::{self, oid_der, oid_of, parse_single, tlv, tlv_parts, DerReader};
use crate::limits::{
    MAX_CERTIFICATE_SIZE, MAX_DIGEST_ALGORITHMS, MAX_ENVELOPE_CERTIFICATES, MAX_ENVELOPE_SIZE,
    MAX_ESS_CERT_IDS, MAX_SERIAL_LEN, MAX_SIGNED_ATTRIBUTES, MAX_SIGNERS, MAX_UNSIGNED_ATTRIBUTES,
};
use crate::{Error, Time};

/// id-data (RFC 5652 §4).
pub const OID_DATA: &str = "1.2.840.113549.1.7.1";
/// id-signedData (RFC 5652 §5.1).
pub const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
/// id-contentType attribute (RFC 5652 §11.1).
pub const OID_ATTR_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
/// id-messageDigest attribute (RFC 5652 §11.2).
pub const OID_ATTR_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
/// id-signingTime attribute (RFC 5652 §11.3).
pub const OID_ATTR_SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// id-aa-signingCertificate (RFC 2634 §5.4): 1.2.840.113549.1.9.16.2.12.
pub const OID_ATTR_SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
/// id-aa-signingCertificateV2 (RFC 5035 §3): 1.2.840.113549.1.9.16.2.47.
pub const OID_ATTR_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
/// Content octets of [`OID_ATTR_SIGNING_CERTIFICATE`] without the last arc.
/// Content octets of id-aa-signatureTimeStampToken, 1.2.840.113549.1.9.16.2.14 (RFC 3161
/// Appendix A; dotted: [`crate::tsp::OID_AA_SIGNATURE_TIME_STAMP_TOKEN`]).
const OID_AA_SIGNATURE_TIME_STAMP_TOKEN_CONTENT: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
];
const OID_SMIME_AA_PREFIX: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02];

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

/// How the signer is identified (RFC 5652 §5.3).
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
    /// issuer Name (compared as RFC 5280 §7.1 says), or its subjectKeyIdentifier.
    pub fn matches(&self, cert: &Certificate) -> bool {
        match self {
            SignerIdentifier::IssuerAndSerial { issuer, serial } => {
                cert.serial() == serial.as_slice()
                    && crate::name::names_match(cert.issuer_raw(), issuer)
            }
            SignerIdentifier::SubjectKeyId(ski) => cert.ski() == Some(ski.as_slice()),
        }
    }
}

/// A parsed SignedData with exactly one signer.
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
/// (RFC 5652 §3, §5.1, §5.2.) Of the CertificateChoices only `certificate` (a plain X.509
/// Certificate SEQUENCE) is kept; the obsolete and attribute-certificate choices are
/// skipped (but counted against [`MAX_ENVELOPE_CERTIFICATES`]). The crls are skipped: CRLs
/// are supplied to the verifier separately.
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
    /// the `[0] IMPLICIT` tag, RFC 5652 §5.4); `None` when the SignerInfo has none.
    pub signed_attrs: Option<Vec<u8>>,
    /// The messageDigest attribute's value (present iff `signed_attrs` is).
    pub message_digest: Option<Vec<u8>>,
    /// The contentType attribute's value, dotted (present iff `signed_attrs` is).
    pub signed_content_type: Option<String>,
    /// The first ESSCertID of the signingCertificate (RFC 2634) and the first ESSCertIDv2
    /// of the signingCertificateV2 (RFC 5035) signed attributes, when present: the
    /// certificate the signer says it signed with (checked by
    /// [`Envelope::check_signing_certificate`]).
    pub signing_certificates: Vec<EssCertId>,
    /// The values of the SignerInfo's id-aa-signatureTimeStampToken unsigned attributes
    /// (RFC 3161 Appendix A), each a TimeStampToken ContentInfo DER as received, in order
    /// (verified by [`crate::tsp::verify_token`] over [`Envelope::signature`]). Other unsigned
    /// attributes are only counted.
    pub signature_timestamp_tokens: Vec<Vec<u8>>,
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
/// the certificate used to verify the signature" (RFC 5035 §4, RFC 2634 §5.4): only the
/// first entry of each attribute is kept.
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

/// The parts of a SignerInfo (RFC 5652 §5.3):
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
struct SignerInfo {
    version: u8,
    sid: SignerIdentifier,
    digest_algorithm: AlgorithmIdentifier,
    signed: Option<SignedAttributes>,
    signature_algorithm: AlgorithmIdentifier,
    signature: Vec<u8>,
    timestamp_tokens: Vec<Vec<u8>>,
}

/// The signed attributes (RFC 5652 §5.3, §11):
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
struct SignedAttributes {
    der: Vec<u8>,
    content_type: String,
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
    /// [`MAX_CERTIFICATE_SIZE`], more than [`MAX_SIGNED_ATTRIBUTES`] signed or
    /// [`MAX_UNSIGNED_ATTRIBUTES`] unsigned attributes), [`Error::Malformed`] (anything not
    /// a strict-DER SignedData with exactly one SignerInfo, a signed attribute of
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
        if ct != OID_SIGNED_DATA {
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
        // digestAlgorithms: checked to be a bounded SET of AlgorithmIdentifier.
        let digests = r.expect(TAG_SET, "digestAlgorithms")?;
        let mut dr = DerReader::new(digests.value(), WHAT)?;
        let mut n = 0usize;
        while !dr.is_finished() {
            n += 1;
            if n > MAX_DIGEST_ALGORITHMS {
                return Err(Error::TooLarge {
                    what: "digestAlgorithms",
                    size: n,
                    limit: MAX_DIGEST_ALGORITHMS,
                });
            }
            let (_, raw) = dr.next_raw()?;
            AlgorithmIdentifier::from_der(raw)?;
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
        // crls [1] IMPLICIT RevocationInfoChoices: skipped.
        r.optional(TAG_CTX1)?;

        // signerInfos SET OF SignerInfo: exactly one.
        let sis = r.expect(TAG_SET, "signerInfos")?;
        r.finish("SignedData")?;
        let mut sr = DerReader::new(sis.value(), WHAT)?;
        let mut first = None;
        let mut count = 0usize;
        while !sr.is_finished() {
            count += 1;
            if count > MAX_SIGNERS {
                return Err(malformed(
                    "more than one SignerInfo; exactly one signer is supported",
                ));
            }
            first = Some(sr.expect(TAG_SEQUENCE, "SignerInfo")?);
        }
        let si = first.ok_or_else(|| malformed("no SignerInfo; exactly one is required"))?;
        let si = parse_signer_info(si.value())?;

        let (signed_attrs, message_digest, signed_content_type, signing_time, signing_certs) =
            match si.signed {
                Some(a) => (
                    Some(a.der),
                    Some(a.message_digest),
                    Some(a.content_type),
                    a.signing_time,
                    a.signing_certificates,
                ),
                None => (None, None, None, None, Vec::new()),
            };
        Ok(Envelope {
            der,
            content_type,
            content,
            certificates,
            signer: si.sid,
            signing_time,
            version,
            signer_version: si.version,
            digest_algorithm: si.digest_algorithm,
            signature_algorithm: si.signature_algorithm,
            signature: si.signature,
            signed_attrs,
            message_digest,
            signed_content_type,
            signing_certificates: signing_certs,
            signature_timestamp_tokens: si.timestamp_tokens,
        })
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
    /// must name the certificate's issuer (a directoryName matching as RFC 5280 §7.1 says)
    /// and serial number (RFC 5035 §4; RFC 2634 §5.4).
    pub fn check_signing_certificate(
        &self,
        signer: &Certificate,
    ) -> Result<(), SigningCertificateError> {
        for id in &self.signing_certificates {
            let hash = match &id.hash_algorithm {
                None => ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, signer.der())
                    .as_ref()
                    .to_vec(),
                Some(alg) => match DigestAlgorithm::from_identifier(alg) {
                    Ok(d) => d.digest(signer.der()),
                    Err(_) => {
                        return Err(SigningCertificateError::UnsupportedAlgorithm(
                            alg.oid.clone(),
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

    /// Check the signer's signature: the messageDigest against `content` (or the
    /// encapsulated content when `content` is `None`), the contentType attribute, and the
    /// signature over the signed attributes with the key in `signer_spki`.
    ///
    /// When both `content` and an encapsulated content are present they must be equal
    /// (else [`Error::DigestMismatch`]). Without signed attributes (OpenSSL `-noattr`) the
    /// signature is over the content itself, which is only allowed for eContentType id-data.
    ///
    /// Errors: [`Error::ContentMissing`], [`Error::DigestMismatch`], [`Error::BadSignature`],
    /// [`Error::UnsupportedAlgorithm`], [`Error::Malformed`] (e.g. contentType mismatch,
    /// key type not fitting the algorithm).
    pub fn verify_signature(
        &self,
        content: Option<&[u8]>,
        signer_spki: &[u8],
    ) -> Result<SignatureAlgorithm, Error> {
        self.verify_signature_with(content, signer_spki, None)
    }

    /// [`Envelope::verify_signature`], with the final primitive asked of `backend` when
    /// given (see [`algorithm::SignatureBackend`]).
    pub fn verify_signature_with(
        &self,
        content: Option<&[u8]>,
        signer_spki: &[u8],
        backend: Option<&dyn algorithm::SignatureBackend>,
    ) -> Result<SignatureAlgorithm, Error> {
        self.verify_signature_key(content, SignerKey::Spki(signer_spki), backend)
    }

    /// [`Envelope::verify_signature_with`] with the signer's certificate (its key parsed
    /// once, see [`crate::certificate::Certificate`]).
    pub(crate) fn verify_signature_by(
        &self,
        content: Option<&[u8]>,
        signer: &crate::certificate::Certificate,
        backend: Option<&dyn algorithm::SignatureBackend>,
    ) -> Result<SignatureAlgorithm, Error> {
        self.verify_signature_key(content, SignerKey::Certificate(signer), backend)
    }

    fn verify_signature_key(
        &self,
        content: Option<&[u8]>,
        signer: SignerKey<'_>,
        backend: Option<&dyn algorithm::SignatureBackend>,
    ) -> Result<SignatureAlgorithm, Error> {
        let alg = self.signer_algorithm()?;
        // The key is parsed (or taken from the certificate) only where the signature is
        // checked, after the content and attribute checks.
        let verify = |message: &[u8]| match signer {
            SignerKey::Spki(spki) => {
                algorithm::verify_with_backend(alg, spki, message, &self.signature, backend)
            }
            SignerKey::Certificate(c) => algorithm::verify_with_key(
                alg,
                c.spki(),
                c.public_key()?,
                message,
                &self.signature,
                backend,
            ),
        };
        let content = match (content, self.content.as_deref()) {
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
            &self.signed_attrs,
            &self.message_digest,
            &self.signed_content_type,
        ) {
            (Some(attrs), Some(md), Some(ct)) => {
                if *ct != self.content_type {
                    return Err(malformed(format!(
                        "contentType attribute {ct} differs from eContentType {}",
                        self.content_type
                    )));
                }
                let digest = DigestAlgorithm::from_identifier(&self.digest_algorithm)?;
                if digest.digest(content) != *md {
                    return Err(Error::DigestMismatch);
                }
                verify(attrs)
            }
            (None, _, _) => {
                if self.content_type != OID_DATA {
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

fn parse_signer_info(body: &[u8]) -> Result<SignerInfo, Error> {
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
    let mut timestamp_tokens = Vec::new();
    if let Some(unsigned) = r.optional(TAG_CTX1)? {
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
            // (RFC 5652 §5.3); the signatureTimeStampToken values are kept (issue 16).
            let mut ar = DerReader::new(attr.value(), WHAT)?;
            let attr_oid = ar.expect(TAG_OID, "unsigned attrType")?;
            let values = ar.expect(TAG_SET, "unsigned attrValues")?;
            ar.finish("unsigned Attribute")?;
            if attr_oid.value() == OID_AA_SIGNATURE_TIME_STAMP_TOKEN_CONTENT {
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
            } else {
                oid_of(attr_oid, WHAT)?;
            }
        }
    }
    r.finish("SignerInfo")?;
    Ok(SignerInfo {
        version,
        sid,
        digest_algorithm,
        signed,
        signature_algorithm,
        signature,
        timestamp_tokens,
    })
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
        let slot = match attr_oid.value() {
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, last @ 3..=5] => *last - 3,
            [prefix @ .., last @ (12 | 47)] if prefix == OID_SMIME_AA_PREFIX => {
                let v2 = *last == 47;
                let name = if v2 {
                    OID_ATTR_SIGNING_CERTIFICATE_V2
                } else {
                    OID_ATTR_SIGNING_CERTIFICATE
                };
                if seen_signing_cert[usize::from(v2)] {
                    return Err(malformed(format!(
                        "attribute {name} appears more than once"
                    )));
                }
                seen_signing_cert[usize::from(v2)] = true;
                let mut vr = DerReader::new(values.value(), WHAT)?;
                let value = vr.expect(TAG_SEQUENCE, name)?;
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
            0 => OID_ATTR_CONTENT_TYPE,
            1 => OID_ATTR_MESSAGE_DIGEST,
            _ => OID_ATTR_SIGNING_TIME,
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
            if alg.oid == algorithm::OID_SHA256 && alg.parameters.is_none() {
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

/// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` (RFC 5652 §11.3) in
/// the crate's one strict DER Time reader ([`crate::asn1::der_time`]: RFC 5280's forms,
/// `YYMMDDHHMMSSZ` / `YYYYMMDDHHMMSSZ`, as for certificates and CRLs).
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
/// (RFC 5652 §11.3). Times before 1970 or with fractional seconds truncated.
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

/// Options for [`sign`].
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Leave the content out of the envelope.
    pub detached: bool,
    /// The signingTime attribute; `None` omits it.
    pub signing_time: Option<Time>,
    /// Identify the signer by the certificate's subjectKeyIdentifier extension (SignerInfo
    /// version 3, SignedData version 3) instead of issuerAndSerialNumber.
    pub sid_by_ski: bool,
}

/// Sign `content` with `key`, embedding `cert` (the signer's certificate, DER) and `chain`.
/// Returns the ContentInfo DER.
///
/// The digest algorithm is the key's ([`SignatureAlgorithm::digest`]); the signed
/// attributes are contentType (id-data), messageDigest and, if requested, signingTime, in
/// DER order. Certificates are deduplicated and sorted in DER order.
///
/// Errors: [`Error::CertificateKeyMismatch`] (the certificate's key is not `key`'s),
/// [`Error::TooLarge`] (content, certificates), [`Error::Malformed`] (the certificate does
/// not parse ([`Certificate::from_der`]), no subjectKeyIdentifier with `sid_by_ski`),
/// [`Error::Crypto`].
pub fn sign(
    content: &[u8],
    key: &SigningKey,
    cert: &[u8],
    chain: &[Vec<u8>],
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    if !options.detached && content.len() > MAX_ENVELOPE_SIZE {
        return Err(Error::TooLarge {
            what: "content",
            size: content.len(),
            limit: MAX_ENVELOPE_SIZE,
        });
    }
    if chain.len() + 1 > MAX_ENVELOPE_CERTIFICATES {
        return Err(Error::TooLarge {
            what: "envelope certificates",
            size: chain.len() + 1,
            limit: MAX_ENVELOPE_CERTIFICATES,
        });
    }
    for c in core::iter::once(cert).chain(chain.iter().map(Vec::as_slice)) {
        if c.len() > MAX_CERTIFICATE_SIZE {
            return Err(Error::TooLarge {
                what: "certificate",
                size: c.len(),
                limit: MAX_CERTIFICATE_SIZE,
            });
        }
    }
    let parsed = Certificate::from_der(cert)?;
    if !key.matches_spki(parsed.spki()) {
        return Err(Error::CertificateKeyMismatch);
    }
    let alg = key.algorithm();
    let digest = alg.digest();

    // Signed attributes, DER-sorted (a complete TLV is never a prefix of another, so plain
    // byte order is the DER SET OF order).
    let attribute = |oid: &str, value: &[u8]| -> Result<Vec<u8>, Error> {
        Ok(tlv_parts(
            TAG_SEQUENCE,
            &[&oid_der(oid)?, &tlv(TAG_SET, value)],
        ))
    };
    let mut attrs = vec![
        attribute(OID_ATTR_CONTENT_TYPE, &oid_der(OID_DATA)?)?,
        attribute(
            OID_ATTR_MESSAGE_DIGEST,
            &tlv(TAG_OCTET_STRING, &digest.digest(content)),
        )?,
    ];
    if let Some(t) = options.signing_time {
        attrs.push(attribute(OID_ATTR_SIGNING_TIME, &encode_time(t)?)?);
    }
    attrs.sort();
    let attrs_body = attrs.concat();
    let signed_set = tlv(TAG_SET, &attrs_body);
    let signature = key.sign(&signed_set)?;

    let (version, sid) = if options.sid_by_ski {
        let ski = parsed
            .ski()
            .ok_or_else(|| Error::malformed("certificate", "no subjectKeyIdentifier extension"))?;
        (3u8, tlv(TAG_CTX0_PRIM, ski))
    } else {
        let issuer = parsed.issuer_raw();
        let serial = tlv(TAG_INTEGER, parsed.serial());
        (1u8, tlv_parts(TAG_SEQUENCE, &[issuer, &serial]))
    };
    let digest_id = digest.algorithm_identifier().to_der()?;
    let signer_info = tlv_parts(
        TAG_SEQUENCE,
        &[
            &tlv(TAG_INTEGER, &[version]),
            &sid,
            &digest_id,
            &tlv(TAG_CTX0, &attrs_body),
            &alg.algorithm_identifier_der()?,
            &tlv(TAG_OCTET_STRING, &signature),
        ],
    );

    let mut certs: Vec<&[u8]> = core::iter::once(cert)
        .chain(chain.iter().map(Vec::as_slice))
        .collect();
    certs.sort();
    certs.dedup();
    let econtent = if options.detached {
        Vec::new()
    } else {
        tlv(TAG_CTX0, &tlv(TAG_OCTET_STRING, content))
    };
    let eci = tlv_parts(TAG_SEQUENCE, &[&oid_der(OID_DATA)?, &econtent]);
    let signed_data = tlv_parts(
        TAG_SEQUENCE,
        &[
            &tlv(TAG_INTEGER, &[version]),
            &tlv(TAG_SET, &digest_id),
            &eci,
            &tlv(TAG_CTX0, &certs.concat()),
            &tlv(TAG_SET, &signer_info),
        ],
    );
    let der = tlv_parts(
        TAG_SEQUENCE,
        &[&oid_der(OID_SIGNED_DATA)?, &tlv(TAG_CTX0, &signed_data)],
    );
    if der.len() > MAX_ENVELOPE_SIZE {
        return Err(Error::TooLarge {
            what: "envelope",
            size: der.len(),
            limit: MAX_ENVELOPE_SIZE,
        });
    }
    Ok(der)
}

/// Encode an envelope's DER as PEM with the label "CMS".
pub fn to_pem(der: &[u8]) -> String {
    encoding::to_pem(der, "CMS")
}
