//! A strict-DER reader of the TBSCertificate ([RFC 5280 §4.1]), the fields
//! [`crate::certificate::Certificate`] keeps.
//!
//! ```text
//! TBSCertificate  ::=  SEQUENCE  {
//!      version         [0]  EXPLICIT Version DEFAULT v1,
//!      serialNumber         CertificateSerialNumber,
//!      signature            AlgorithmIdentifier,
//!      issuer               Name,
//!      validity             Validity,
//!      subject              Name,
//!      subjectPublicKeyInfo SubjectPublicKeyInfo,
//!      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
//!                           -- If present, version MUST be v2 or v3
//!      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
//!                           -- If present, version MUST be v2 or v3
//!      extensions      [3]  EXPLICIT Extensions OPTIONAL
//!                           -- If present, version MUST be v3
//!      }
//!
//! Version  ::=  INTEGER  {  v1(0), v2(1), v3(2)  }
//! CertificateSerialNumber  ::=  INTEGER
//! Validity ::= SEQUENCE {
//!      notBefore      Time,
//!      notAfter       Time }
//! Time ::= CHOICE {
//!      utcTime        UTCTime,
//!      generalTime    GeneralizedTime }
//! UniqueIdentifier  ::=  BIT STRING
//! SubjectPublicKeyInfo  ::=  SEQUENCE  {
//!      algorithm            AlgorithmIdentifier,
//!      subjectPublicKey     BIT STRING  }
//! Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
//! Extension  ::=  SEQUENCE  {
//!      extnID      OBJECT IDENTIFIER,
//!      critical    BOOLEAN DEFAULT FALSE,
//!      extnValue   OCTET STRING }
//! ```
//!
//! Every TLV goes through [`crate::asn1::split_tlv`] (X.690 §10.1 definite, minimal
//! lengths) and every constructed value must be used up exactly: trailing data anywhere is
//! refused. The reader also refuses (stricter than the x509-parser reader it replaced; see
//! SECURITY.md, "What is verified"): an explicitly encoded `version` v1 (a DEFAULT value, X.690 §11.5), unique
//! identifiers in a v1 certificate and extensions in a v1/v2 certificate ([RFC 5280 §4.1.2.8],
//! §4.1.2.9), a non-minimal or empty serial INTEGER (X.690 §8.3.2), times other than
//! `YYMMDDHHMMSSZ` / `YYYYMMDDHHMMSSZ` ([RFC 5280 §4.1.2.5.1], §4.1.2.5.2: no fractions, no
//! offsets, seconds present), an empty `Extensions`, a `critical` BOOLEAN other than
//! `0xFF` — an explicit `critical FALSE` is the DEFAULT written out, not DER (X.690 §11.5)
//! — (the Extensions are read by [`crate::extension::read`], shared with CRLs), and a
//! malformed known extension even when it is not critical (reading it as absent would be
//! fail-open).
//!
//! `cA FALSE` explicitly encoded in basicConstraints is accepted (rcgen and other
//! generators emit it; its meaning is unambiguous).
//!
//! Extensions decoded ([RFC 5280 §4.2.1]): basicConstraints, keyUsage, extKeyUsage,
//! subjectKeyIdentifier, authorityKeyIdentifier. Known but not decoded (their extnValue
//! must be exactly one DER SEQUENCE of well-formed TLVs; deeper levels are not read):
//! subjectAltName, issuerAltName,
//! cRLDistributionPoints, certificatePolicies, freshestCRL, privateKeyUsagePeriod,
//! authorityInfoAccess. Any other critical extension is listed in
//! [`Extensions::unknown_critical`].
//!
//! [RFC 5280 §4.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1
//! [RFC 5280 §4.1.2.5.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.1
//! [RFC 5280 §4.1.2.8]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.8
//! [RFC 5280 §4.2.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1

use crate::asn1::{split_tlv, Tlv};
use crate::certificate::{BasicConstraints, KeyUsage};
use crate::limits::{MAX_CERTIFICATE_EXTENSIONS, MAX_EKU_PURPOSES, MAX_SERIAL_LEN};
use crate::name::{self, Name};
use crate::oid::{self, ObjectIdentifier};
use crate::Error;

const WHAT: &str = "certificate";

const TAG_BOOLEAN: u8 = 0x01;
const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_OID: u8 = 0x06;
#[cfg(test)]
const TAG_UTC_TIME: u8 = 0x17;
#[cfg(test)]
const TAG_GENERALIZED_TIME: u8 = 0x18;
const TAG_SEQUENCE: u8 = 0x30;

/// Extensions this crate understands; any other extension marked critical makes the
/// certificate unusable ([RFC 5280 §4.2]). certificatePolicies is not processed and accepted,
/// as webpki does.
///
/// [RFC 5280 §4.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2
pub(crate) const KNOWN_EXTENSIONS: &[ObjectIdentifier] = &[
    oid::ID_CE_SUBJECT_KEY_IDENTIFIER,
    oid::ID_CE_KEY_USAGE,
    oid::ID_CE_SUBJECT_ALT_NAME,
    oid::ID_CE_ISSUER_ALT_NAME,
    oid::ID_CE_BASIC_CONSTRAINTS,
    oid::ID_CE_CRL_DISTRIBUTION_POINTS,
    oid::ID_CE_CERTIFICATE_POLICIES,
    oid::ID_CE_AUTHORITY_KEY_IDENTIFIER,
    oid::ID_CE_EXT_KEY_USAGE,
    oid::ID_CE_FRESHEST_CRL,
    oid::ID_CE_PRIVATE_KEY_USAGE_PERIOD,
    oid::ID_PE_AUTHORITY_INFO_ACCESS,
];

/// The named KeyPurposeIds, in the order they are reported (x509-parser's
/// `ExtendedKeyUsage` fields).
const NAMED_EKUS: [ObjectIdentifier; 7] = [
    oid::ANY_EXTENDED_KEY_USAGE,
    oid::ID_KP_SERVER_AUTH,
    oid::ID_KP_CLIENT_AUTH,
    oid::ID_KP_CODE_SIGNING,
    oid::ID_KP_EMAIL_PROTECTION,
    oid::ID_KP_TIME_STAMPING,
    oid::ID_KP_OCSP_SIGNING,
];

/// The TBSCertificate fields a [`crate::certificate::Certificate`] keeps.
#[derive(Debug)]
pub(crate) struct Tbs<'a> {
    /// The inner `signature` AlgorithmIdentifier TLV, not decoded here: the caller checks
    /// it is byte for byte the outer `signatureAlgorithm` ([RFC 5280 §4.1.1.2], §4.1.2.3),
    /// which `asn1::signed_parts` validated. In DER, equal values have equal encodings.
    ///
    /// [RFC 5280 §4.1.1.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
    pub signature: &'a [u8],
    /// serialNumber's INTEGER content octets.
    pub serial: &'a [u8],
    /// The issuer Name.
    pub issuer: Name<'a>,
    /// The subject Name.
    pub subject: Name<'a>,
    /// notBefore, unix seconds.
    pub not_before: i64,
    /// notAfter, unix seconds.
    pub not_after: i64,
    /// The SubjectPublicKeyInfo TLV.
    pub spki: &'a [u8],
    /// The extensions read.
    pub extensions: Extensions<'a>,
}

/// The extensions of a TBSCertificate, decoded.
#[derive(Debug, Default)]
pub(crate) struct Extensions<'a> {
    /// basicConstraints.
    pub basic_constraints: Option<BasicConstraints>,
    /// keyUsage.
    pub key_usage: Option<KeyUsage>,
    /// extKeyUsage: the named purposes first (anyExtendedKeyUsage, serverAuth, clientAuth,
    /// codeSigning, emailProtection, timeStamping, OCSPSigning), then the others in
    /// encoding order; duplicates dropped.
    pub ekus: Vec<ObjectIdentifier>,
    /// subjectKeyIdentifier.
    pub ski: Option<&'a [u8]>,
    /// authorityKeyIdentifier's keyIdentifier.
    pub aki: Option<&'a [u8]>,
    /// The cRLDistributionPoints extnValue (decoded by `crl::crl_distribution_points`).
    pub crl_distribution_points: Option<&'a [u8]>,
    /// Critical extensions not in [`KNOWN_EXTENSIONS`] (dotted OIDs).
    pub unknown_critical: Vec<String>,
    /// Every extension present: (extnID content octets, critical), in encoding order.
    pub present: Vec<(&'a [u8], bool)>,
}

impl Extensions<'_> {
    /// `Some(critical)` when the extension `oid` is present.
    pub fn criticality(&self, oid: ObjectIdentifier) -> Option<bool> {
        self.present
            .iter()
            .find(|(o, _)| *o == oid.as_bytes())
            .map(|(_, critical)| *critical)
    }
}

/// A cursor over the TLVs of one constructed value's content.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    #[inline]
    fn new(content: &'a [u8]) -> Self {
        Cursor { rest: content }
    }
    #[inline]
    fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }
    #[inline(always)]
    fn next(&mut self, field: &str) -> Result<Tlv<'a>, Error> {
        if self.rest.is_empty() {
            return Err(Error::malformed(WHAT, format!("{field}: missing")));
        }
        let (tlv, rest) = split_tlv(WHAT, self.rest)?;
        self.rest = rest;
        Ok(tlv)
    }
    #[inline(always)]
    fn expect(&mut self, tag: u8, field: &str) -> Result<Tlv<'a>, Error> {
        let tlv = self.next(field)?;
        if tlv.tag != tag {
            return Err(Error::malformed(
                WHAT,
                format!("{field}: expected tag 0x{tag:02x}, found 0x{:02x}", tlv.tag),
            ));
        }
        Ok(tlv)
    }
    #[inline(always)]
    fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Error> {
        if self.peek_tag() == Some(tag) {
            self.next("optional field").map(Some)
        } else {
            Ok(None)
        }
    }
    #[inline]
    fn finish(&self, field: &str) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::malformed(WHAT, format!("{field}: trailing data")))
        }
    }
}

/// `bytes` as exactly one TLV with tag `tag`.
fn single<'a>(bytes: &'a [u8], tag: u8, field: &str) -> Result<Tlv<'a>, Error> {
    let (tlv, rest) = split_tlv(WHAT, bytes)?;
    if tlv.tag != tag || !rest.is_empty() {
        return Err(Error::malformed(
            WHAT,
            format!("{field}: not exactly one value of tag 0x{tag:02x}"),
        ));
    }
    Ok(tlv)
}

/// Check OBJECT IDENTIFIER content octets (X.690 §8.19; arcs of at most 32 bits).
fn check_oid(content: &[u8], field: &str) -> Result<(), Error> {
    crate::encoding::check_oid(content).map_err(|e| Error::malformed(WHAT, format!("{field}: {e}")))
}

/// The content of a DER INTEGER: non-empty and minimal (X.690 §8.3.2).
fn check_integer(content: &[u8], field: &str) -> Result<(), Error> {
    match content {
        [] => Err(Error::malformed(WHAT, format!("{field}: empty INTEGER"))),
        [0x00, b, ..] if b & 0x80 == 0 => Err(Error::malformed(
            WHAT,
            format!("{field}: non-minimal INTEGER"),
        )),
        [0xff, b, ..] if b & 0x80 != 0 => Err(Error::malformed(
            WHAT,
            format!("{field}: non-minimal INTEGER"),
        )),
        _ => Ok(()),
    }
}

/// The data octets of DER BIT STRING content ([`crate::asn1::bit_string`]).
fn bit_string<'a>(content: &'a [u8], field: &str) -> Result<(u8, &'a [u8]), Error> {
    crate::asn1::bit_string(WHAT, content).map_err(|e| match e {
        Error::Malformed { detail, .. } => Error::malformed(WHAT, format!("{field}: {detail}")),
        other => other,
    })
}

/// A DER BOOLEAN's content: `0xFF` is TRUE, `0x00` FALSE (X.690 §11.1).
fn boolean(content: &[u8], field: &str) -> Result<bool, Error> {
    match content {
        [0xff] => Ok(true),
        [0x00] => Ok(false),
        _ => Err(Error::malformed(WHAT, format!("{field}: bad BOOLEAN"))),
    }
}

/// Read the TBSCertificate TLV `tbs` (exactly one SEQUENCE).
///
/// Errors: [`Error::Malformed`] (`what` = "certificate") for anything the module
/// documentation lists; [`Error::TooLarge`] over [`MAX_CERTIFICATE_EXTENSIONS`],
/// [`MAX_EKU_PURPOSES`] or the Name limits.
pub(crate) fn parse(tbs: &[u8]) -> Result<Tbs<'_>, Error> {
    let seq = single(tbs, TAG_SEQUENCE, "TBSCertificate")?;
    let mut r = Cursor::new(seq.content);

    // version [0] EXPLICIT Version DEFAULT v1 (RFC 5280 §4.1.2.1).
    let version = match r.optional(0xa0)? {
        None => 0u8,
        Some(v) => {
            let int = single(v.content, TAG_INTEGER, "version")?;
            match int.content {
                [1] => 1,
                [2] => 2,
                [0] => {
                    return Err(Error::malformed(
                        WHAT,
                        "version v1 encoded explicitly (DEFAULT, not DER)",
                    ))
                }
                _ => return Err(Error::malformed(WHAT, "unknown version")),
            }
        }
    };

    // serialNumber (RFC 5280 §4.1.2.2).
    let serial = r.expect(TAG_INTEGER, "serialNumber")?.content;
    check_integer(serial, "serialNumber")?;
    if serial.len() > MAX_SERIAL_LEN {
        return Err(Error::TooLarge {
            what: "certificate serialNumber",
            size: serial.len(),
            limit: MAX_SERIAL_LEN,
        });
    }

    // signature (RFC 5280 §4.1.2.3).
    let signature = r.expect(TAG_SEQUENCE, "signature")?.whole;

    // issuer (RFC 5280 §4.1.2.4).
    let issuer = name::parse(WHAT, r.next("issuer")?, |_| {})?;

    // validity (RFC 5280 §4.1.2.5).
    let validity = r.expect(TAG_SEQUENCE, "validity")?;
    let mut v = Cursor::new(validity.content);
    let not_before = time(v.next("notBefore")?)?;
    let not_after = time(v.next("notAfter")?)?;
    v.finish("validity")?;

    // subject (RFC 5280 §4.1.2.6).
    let subject = name::parse(WHAT, r.next("subject")?, |_| {})?;

    // subjectPublicKeyInfo (RFC 5280 §4.1.2.7).
    let spki = r.expect(TAG_SEQUENCE, "subjectPublicKeyInfo")?;
    check_spki(spki.content)?;

    // issuerUniqueID, subjectUniqueID (RFC 5280 §4.1.2.8).
    for (tag, field) in [(0x81, "issuerUniqueID"), (0x82, "subjectUniqueID")] {
        if let Some(uid) = r.optional(tag)? {
            if version < 1 {
                return Err(Error::malformed(
                    WHAT,
                    format!("{field} in a v1 certificate"),
                ));
            }
            bit_string(uid.content, field)?;
        }
    }

    // extensions (RFC 5280 §4.1.2.9).
    let extensions = match r.optional(0xa3)? {
        None => Extensions::default(),
        Some(wrapper) => {
            if version < 2 {
                return Err(Error::malformed(WHAT, "extensions in a v1/v2 certificate"));
            }
            extensions(wrapper.content)?
        }
    };
    r.finish("TBSCertificate")?;

    Ok(Tbs {
        signature,
        serial,
        issuer,
        subject,
        not_before,
        not_after,
        spki: spki.whole,
        extensions,
    })
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey
/// BIT STRING }` with `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER,
/// parameters ANY DEFINED BY algorithm OPTIONAL }` ([RFC 5280 §4.1.1.2]). The key itself is
/// checked when it is used (`algorithm::parse_spki`).
///
/// [RFC 5280 §4.1.1.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
fn check_spki(content: &[u8]) -> Result<(), Error> {
    let mut r = Cursor::new(content);
    let alg = r.expect(TAG_SEQUENCE, "SPKI algorithm")?;
    let mut a = Cursor::new(alg.content);
    check_oid(
        a.expect(TAG_OID, "SPKI algorithm")?.content,
        "SPKI algorithm",
    )?;
    if !a.rest.is_empty() {
        a.next("SPKI parameters")?;
    }
    a.finish("SPKI algorithm")?;
    bit_string(
        r.expect(TAG_BIT_STRING, "subjectPublicKey")?.content,
        "subjectPublicKey",
    )?;
    r.finish("subjectPublicKeyInfo")
}

/// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` in [RFC 5280]'s DER
/// profile (§4.1.2.5), as unix seconds ([`crate::asn1::der_time`]).
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
fn time(t: Tlv<'_>) -> Result<i64, Error> {
    crate::asn1::der_time(t.tag, t.content)
        .ok_or_else(|| Error::malformed(WHAT, "bad validity time"))
}

/// Read and decode the `[3] EXPLICIT Extensions` content `list` ([`crate::extension::read`]:
/// strict DER, no duplicate, at most [`MAX_CERTIFICATE_EXTENSIONS`]).
fn extensions(list: &[u8]) -> Result<Extensions<'_>, Error> {
    let all = crate::extension::read(
        WHAT,
        "certificate extensions",
        list,
        MAX_CERTIFICATE_EXTENSIONS,
    )?;
    let mut out = Extensions {
        present: Vec::with_capacity(all.len()),
        ..Extensions::default()
    };
    for ext in all {
        let (oid, critical, value) = (ext.oid, ext.critical, ext.value);
        out.present.push((oid, critical));
        let is = |o: ObjectIdentifier| oid == o.as_bytes();
        match oid {
            _ if is(oid::ID_CE_BASIC_CONSTRAINTS) => {
                out.basic_constraints = Some(basic_constraints(value)?);
            }
            _ if is(oid::ID_CE_KEY_USAGE) => out.key_usage = Some(key_usage(value)?),
            _ if is(oid::ID_CE_EXT_KEY_USAGE) => out.ekus = ext_key_usage(value)?,
            _ if is(oid::ID_CE_SUBJECT_KEY_IDENTIFIER) => {
                out.ski = Some(single(value, TAG_OCTET_STRING, "subjectKeyIdentifier")?.content)
            }
            _ if is(oid::ID_CE_AUTHORITY_KEY_IDENTIFIER) => {
                out.aki = authority_key_identifier(value)?
            }
            _ if KNOWN_EXTENSIONS.iter().any(|k| is(*k)) => {
                // Known, not decoded: one SEQUENCE whose elements are well-formed TLVs.
                let seq = single(value, TAG_SEQUENCE, "extension value")?;
                let mut elements = Cursor::new(seq.content);
                while !elements.rest.is_empty() {
                    elements.next("extension value")?;
                }
                if is(oid::ID_CE_CRL_DISTRIBUTION_POINTS) {
                    out.crl_distribution_points = Some(value);
                }
            }
            _ if critical => out.unknown_critical.push(dotted(oid)),
            _ => {}
        }
    }
    Ok(out)
}

/// Dotted form of a validated OID.
fn dotted(oid: &[u8]) -> String {
    crate::encoding::oid_string(oid).unwrap_or_default()
}

/// ```text
/// BasicConstraints ::= SEQUENCE {
///      cA                      BOOLEAN DEFAULT FALSE,
///      pathLenConstraint       INTEGER (0..MAX) OPTIONAL }
/// ```
/// ([RFC 5280 §4.2.1.9]; pathLenConstraint must fit 32 bits, as in x509-parser.)
///
/// [RFC 5280 §4.2.1.9]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
fn basic_constraints(value: &[u8]) -> Result<BasicConstraints, Error> {
    let seq = single(value, TAG_SEQUENCE, "basicConstraints")?;
    let mut r = Cursor::new(seq.content);
    let ca = match r.optional(TAG_BOOLEAN)? {
        Some(b) => boolean(b.content, "basicConstraints cA")?,
        None => false,
    };
    let path_len = match r.optional(TAG_INTEGER)? {
        None => None,
        Some(i) => {
            check_integer(i.content, "pathLenConstraint")?;
            let bad = || Error::malformed(WHAT, "pathLenConstraint out of range");
            let bytes = match i.content {
                [0x00, rest @ ..] => rest,
                [b, ..] if b & 0x80 != 0 => return Err(bad()),
                all => all,
            };
            if bytes.len() > 4 {
                return Err(bad());
            }
            Some(bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
        }
    };
    r.finish("basicConstraints")?;
    Ok(BasicConstraints { ca, path_len })
}

/// ```text
/// KeyUsage ::= BIT STRING {
///      digitalSignature        (0),
///      nonRepudiation          (1), -- recent editions of X.509 have
///                           -- renamed this bit to contentCommitment
///      keyEncipherment         (2),
///      dataEncipherment        (3),
///      keyAgreement            (4),
///      keyCertSign             (5),
///      cRLSign                 (6),
///      encipherOnly            (7),
///      decipherOnly            (8) }
/// ```
/// ([RFC 5280 §4.2.1.3].) Named bit *n* is `1 << n` of [`KeyUsage::bits`] (x509-parser's
/// `KeyUsage::flags` numbering). At least one and at most two data octets (nine named
/// bits) are accepted.
///
/// [RFC 5280 §4.2.1.3]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3
fn key_usage(value: &[u8]) -> Result<KeyUsage, Error> {
    let bits = single(value, TAG_BIT_STRING, "keyUsage")?;
    let (_, data) = bit_string(bits.content, "keyUsage")?;
    if data.is_empty() || data.len() > 2 {
        return Err(Error::malformed(WHAT, "keyUsage: bad length"));
    }
    Ok(KeyUsage::from_bits(
        data.iter()
            .rev()
            .fold(0u16, |acc, b| (acc << 8) | u16::from(b.reverse_bits())),
    ))
}

/// ```text
/// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
/// KeyPurposeId ::= OBJECT IDENTIFIER
/// ```
/// ([RFC 5280 §4.2.1.12].) Reported as documented on [`Extensions::ekus`].
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
fn ext_key_usage(value: &[u8]) -> Result<Vec<ObjectIdentifier>, Error> {
    let seq = single(value, TAG_SEQUENCE, "extKeyUsage")?;
    if seq.content.is_empty() {
        return Err(Error::malformed(WHAT, "extKeyUsage: empty"));
    }
    let mut named = [false; NAMED_EKUS.len()];
    let mut others: Vec<ObjectIdentifier> = Vec::new();
    let mut count = 0usize;
    let mut r = Cursor::new(seq.content);
    while !r.rest.is_empty() {
        count += 1;
        if count > MAX_EKU_PURPOSES {
            return Err(Error::TooLarge {
                what: "extKeyUsage purposes",
                size: count,
                limit: MAX_EKU_PURPOSES,
            });
        }
        let oid = r.expect(TAG_OID, "KeyPurposeId")?.content;
        if let Some(i) = NAMED_EKUS.iter().position(|o| o.as_bytes() == oid) {
            named[i] = true;
        } else if !others.iter().any(|o| o.as_bytes() == oid) {
            check_oid(oid, "KeyPurposeId")?;
            let purpose = ObjectIdentifier::from_bytes(oid).map_err(|e| {
                Error::malformed(WHAT, format!("KeyPurposeId: bad OBJECT IDENTIFIER: {e}"))
            })?;
            others.push(purpose);
        }
    }
    let mut out = Vec::with_capacity(NAMED_EKUS.len() + others.len());
    out.extend(
        NAMED_EKUS
            .iter()
            .zip(named)
            .filter(|(_, on)| *on)
            .map(|(o, _)| *o),
    );
    out.extend(others);
    Ok(out)
}

/// ```text
/// AuthorityKeyIdentifier ::= SEQUENCE {
///    keyIdentifier             [0] KeyIdentifier           OPTIONAL,
///    authorityCertIssuer       [1] GeneralNames            OPTIONAL,
///    authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL  }
/// KeyIdentifier ::= OCTET STRING
/// ```
/// ([RFC 5280 §4.2.1.1]; the module uses IMPLICIT tags.) authorityCertIssuer must be a
/// non-empty sequence of well-formed context-tagged GeneralNames (not decoded further);
/// authorityCertSerialNumber a valid INTEGER.
///
/// [RFC 5280 §4.2.1.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.1
pub(crate) fn authority_key_identifier(value: &[u8]) -> Result<Option<&[u8]>, Error> {
    let seq = single(value, TAG_SEQUENCE, "authorityKeyIdentifier")?;
    let mut r = Cursor::new(seq.content);
    let key_id = r.optional(0x80)?.map(|k| k.content);
    if let Some(names) = r.optional(0xa1)? {
        if names.content.is_empty() {
            return Err(Error::malformed(WHAT, "authorityCertIssuer: empty"));
        }
        let mut n = Cursor::new(names.content);
        while !n.rest.is_empty() {
            let gn = n.next("authorityCertIssuer")?;
            // GeneralName ::= CHOICE { [0] .. [8] }, context-specific.
            if gn.tag & 0xc0 != 0x80 || gn.tag & 0x1f > 8 {
                return Err(Error::malformed(
                    WHAT,
                    "authorityCertIssuer: bad GeneralName",
                ));
            }
        }
    }
    if let Some(serial) = r.optional(0x82)? {
        check_integer(serial.content, "authorityCertSerialNumber")?;
    }
    r.finish("authorityKeyIdentifier")?;
    Ok(key_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(tag: u8, s: &str) -> Result<i64, Error> {
        let content = s.as_bytes();
        time(Tlv {
            tag,
            content,
            whole: content,
        })
    }

    #[test]
    fn times() {
        assert_eq!(t(TAG_UTC_TIME, "700101000000Z").unwrap(), 0);
        assert_eq!(t(TAG_UTC_TIME, "491231235959Z").unwrap(), 2_524_607_999);
        assert_eq!(t(TAG_UTC_TIME, "500101000000Z").unwrap(), -631_152_000);
        assert_eq!(
            t(TAG_GENERALIZED_TIME, "20500101000000Z").unwrap(),
            2_524_608_000
        );
        assert_eq!(t(TAG_UTC_TIME, "000229120000Z").unwrap(), 951_825_600);
        for bad in [
            "700101000000",
            "7001010000Z",
            "700101000000+0000",
            "700230000000Z",
            "010229000000Z",
            "701301000000Z",
            "700100000000Z",
            "700101240000Z",
            "700101006000Z",
            "700101000060Z",
            "70010100000aZ",
            "7001010000 0Z",
        ] {
            assert!(t(TAG_UTC_TIME, bad).is_err(), "{bad}");
        }
        for bad in [
            "20500101000000.5Z",
            "2050010100000Z",
            "205001010000000",
            "19000229000000Z",
        ] {
            assert!(t(TAG_GENERALIZED_TIME, bad).is_err(), "{bad}");
        }
        assert!(t(TAG_OCTET_STRING, "700101000000Z").is_err());
        // Year 2000 is a leap year, 1900 is not.
        assert!(t(TAG_GENERALIZED_TIME, "20000229000000Z").is_ok());
    }

    #[test]
    fn key_usage_numbering() {
        // digitalSignature + nonRepudiation: 03 02 06 C0 (6 unused bits).
        let ku = key_usage(&[0x03, 0x02, 0x06, 0xc0]).unwrap();
        assert_eq!(ku.bits(), 0b11);
        assert!(ku.digital_signature() && ku.non_repudiation());
        assert!(!ku.key_encipherment() && !ku.key_cert_sign());
        assert!(ku.contains(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION));
        // keyCertSign + cRLSign: 03 02 01 06 (1 unused bit).
        let ku = key_usage(&[0x03, 0x02, 0x01, 0x06]).unwrap();
        assert_eq!(ku, KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN);
        assert!(ku.key_cert_sign() && ku.crl_sign() && !ku.digital_signature());
        // digitalSignature alone, 7 unused bits: 03 02 07 80.
        assert_eq!(
            key_usage(&[0x03, 0x02, 0x07, 0x80]).unwrap(),
            KeyUsage::DIGITAL_SIGNATURE
        );
        // digitalSignature + keyEncipherment (the NCA authentication key): 03 02 05 A0.
        let ku = key_usage(&[0x03, 0x02, 0x05, 0xa0]).unwrap();
        assert!(ku.digital_signature() && ku.key_encipherment() && !ku.non_repudiation());
        // decipherOnly, in the second octet: 03 03 07 00 80.
        let ku = key_usage(&[0x03, 0x03, 0x07, 0x00, 0x80]).unwrap();
        assert_eq!(ku.bits(), 0x100);
        assert!(ku.decipher_only() && !ku.encipher_only());
        // encipherOnly + keyAgreement: 03 02 00 09 (bits 4 and 7).
        let ku = key_usage(&[0x03, 0x02, 0x00, 0x09]).unwrap();
        assert!(ku.key_agreement() && ku.encipher_only() && !ku.data_encipherment());
        // Unused bits not zero; too long; the empty BIT STRING (no initial octet, or no
        // data octet); unused bits without data; more than 7 unused bits; not a BIT STRING.
        for bad in [
            &[0x03, 0x02, 0x01, 0x07][..],
            &[0x03, 0x02, 0x07, 0x81],
            &[0x03, 0x04, 0x00, 0x80, 0x00, 0x00],
            &[0x03, 0x00],
            &[0x03, 0x01, 0x00],
            &[0x03, 0x01, 0x03],
            &[0x03, 0x02, 0x08, 0x00],
            &[0x04, 0x02, 0x07, 0x80],
            &[0x03, 0x02, 0x07, 0x80, 0x00],
        ] {
            assert!(key_usage(bad).is_err(), "{bad:02x?}");
        }
    }

    #[test]
    fn basic_constraints_forms() {
        let bc = |ca, path_len| BasicConstraints { ca, path_len };
        assert_eq!(basic_constraints(&[0x30, 0x00]).unwrap(), bc(false, None));
        assert_eq!(
            basic_constraints(&[0x30, 0x03, 0x01, 0x01, 0xff]).unwrap(),
            bc(true, None)
        );
        // cA FALSE written out (DEFAULT, but generators emit it): accepted.
        assert_eq!(
            basic_constraints(&[0x30, 0x03, 0x01, 0x01, 0x00]).unwrap(),
            bc(false, None)
        );
        assert_eq!(
            basic_constraints(&[0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00]).unwrap(),
            bc(true, Some(0))
        );
        assert_eq!(
            basic_constraints(&[0x30, 0x07, 0x01, 0x01, 0xff, 0x02, 0x02, 0x00, 0x80]).unwrap(),
            bc(true, Some(128))
        );
        // pathLenConstraint without cA: kept as given (cA stays false).
        assert_eq!(
            basic_constraints(&[0x30, 0x03, 0x02, 0x01, 0x03]).unwrap(),
            bc(false, Some(3))
        );
        assert_eq!(
            basic_constraints(&[0x30, 0x07, 0x02, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff]).unwrap(),
            bc(false, Some(u32::MAX))
        );
        for bad in [
            // cA: a BER TRUE.
            &[0x30, 0x03, 0x01, 0x01, 0x01][..],
            // pathLenConstraint negative, over 32 bits, not minimal.
            &[0x30, 0x03, 0x02, 0x01, 0xff],
            &[0x30, 0x08, 0x02, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00],
            &[0x30, 0x04, 0x02, 0x02, 0x00, 0x01],
            // Out of order; trailing data; not a SEQUENCE.
            &[0x30, 0x06, 0x02, 0x01, 0x00, 0x01, 0x01, 0xff],
            &[0x30, 0x03, 0x01, 0x01, 0xff, 0x00],
            &[0x04, 0x00],
        ] {
            assert!(basic_constraints(bad).is_err(), "{bad:02x?}");
        }
    }
}
