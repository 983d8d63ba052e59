//! Differential check of `Certificate::from_der` (the crate's own TBSCertificate reader)
//! against the x509-parser 0.18 based reader it replaced, shared by the fuzz target
//! `certificate_diff` and `crates/egov-sign/tests/certificate_parser.rs` (included there by
//! `#[path]`).
//!
//! [`baseline`] is the old `Certificate::from_der`, field for field. [`check`] runs both:
//! when both accept, every field must be equal; when only the new reader accepts, the
//! only allowed case is the documented one — the old reader refused a certificate because
//! a critical extension that the new reader does not decode (anything but basicConstraints,
//! keyUsage, extKeyUsage, subjectKeyIdentifier, authorityKeyIdentifier) failed
//! x509-parser's deep parse; the new reader checks only the outer SEQUENCE of the known
//! ones and lists unknown critical ones, which makes the certificate unusable in a path.

use egov_sign::Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::{FromDer, X509Certificate};

/// Every field a `Certificate` exposes that comes from the TBSCertificate.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Fields {
    pub subject: String,
    pub issuer: String,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub serial: Vec<u8>,
    pub not_before: i64,
    pub not_after: i64,
    pub spki: Vec<u8>,
    pub basic_constraints: Option<(bool, Option<u32>)>,
    pub key_usage: Option<u16>,
    pub ekus: Vec<String>,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<Vec<u8>>,
    pub unknown_critical: Vec<String>,
    pub iin: Option<String>,
    pub bin: Option<String>,
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub tbs: Vec<u8>,
}

/// Why the old reader refused a certificate.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum OldReject {
    /// A critical extension failed x509-parser's deep parse (its OID content octets).
    CriticalParseError(Vec<u8>),
    /// Anything else.
    Other(String),
}

/// The fields of a parsed certificate.
pub fn fields(c: &Certificate) -> Fields {
    Fields {
        subject: c.subject().to_owned(),
        issuer: c.issuer().to_owned(),
        subject_raw: c.subject_raw().to_vec(),
        issuer_raw: c.issuer_raw().to_vec(),
        serial: c.serial().to_vec(),
        not_before: c.not_before().unix_timestamp(),
        not_after: c.not_after().unix_timestamp(),
        spki: c.spki().to_vec(),
        basic_constraints: c.basic_constraints().map(|bc| (bc.ca, bc.path_len)),
        key_usage: c.key_usage().map(|ku| ku.bits()),
        // Rendered for the comparison with x509-parser (dotted on both sides).
        ekus: c.ekus().iter().map(ToString::to_string).collect(),
        ski: c.ski().map(<[u8]>::to_vec),
        aki: c.aki().map(<[u8]>::to_vec),
        unknown_critical: c.unknown_critical_extensions().to_vec(),
        iin: c.iin().map(str::to_owned),
        bin: c.bin().map(str::to_owned),
        common_name: c.common_name().map(str::to_owned),
        organization: c.organization().map(str::to_owned),
        tbs: c.tbs().to_vec(),
    }
}

const KNOWN_EXTENSIONS: &[&[u8]] = &[
    &[0x55, 0x1d, 14],
    &[0x55, 0x1d, 15],
    &[0x55, 0x1d, 17],
    &[0x55, 0x1d, 18],
    &[0x55, 0x1d, 19],
    &[0x55, 0x1d, 31],
    &[0x55, 0x1d, 32],
    &[0x55, 0x1d, 35],
    &[0x55, 0x1d, 37],
    &[0x55, 0x1d, 46],
    &[0x55, 0x1d, 16],
    &[0x2b, 6, 1, 5, 5, 7, 1, 1],
];

/// The extensions the new reader decodes fully.
const DECODED: &[&[u8]] = &[
    &[0x55, 0x1d, 14],
    &[0x55, 0x1d, 15],
    &[0x55, 0x1d, 19],
    &[0x55, 0x1d, 35],
    &[0x55, 0x1d, 37],
];

fn oid_text(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    oid.to_id_string()
}

fn prefixed_number(value: &str, prefix: &str) -> Option<String> {
    let digits = value.strip_prefix(prefix)?;
    (digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_owned())
}

/// The old `Certificate::from_der` (x509-parser 0.18), without the parts that did not
/// use x509-parser (size limit, outer structure, SHA-256): those are the same code in
/// both readers.
pub fn baseline(der: &[u8]) -> Result<Fields, OldReject> {
    let other = |s: &str| OldReject::Other(s.to_owned());
    let (rest, x509) =
        X509Certificate::from_der(der).map_err(|e| OldReject::Other(e.to_string()))?;
    if !rest.is_empty() {
        return Err(other("trailing data"));
    }
    let tbs_cert = &x509.tbs_certificate;
    if tbs_cert.version.0 > 2 {
        return Err(other("unknown version"));
    }
    let serial = tbs_cert.raw_serial().to_vec();
    if serial.len() > egov_sign::limits::MAX_SERIAL_LEN {
        return Err(other("serial number too long"));
    }
    let mut basic_constraints = None;
    let mut key_usage = None;
    let mut ekus = Vec::new();
    let mut ski = None;
    let mut aki = None;
    let mut unknown_critical = Vec::new();
    let mut seen: Vec<&[u8]> = Vec::new();
    for ext in x509.extensions() {
        let oid_bytes = ext.oid.as_bytes();
        if seen.contains(&oid_bytes) {
            return Err(other("duplicate extension"));
        }
        seen.push(oid_bytes);
        if ext.critical && !KNOWN_EXTENSIONS.contains(&oid_bytes) {
            unknown_critical.push(oid_text(&ext.oid));
        }
        match ext.parsed_extension() {
            ParsedExtension::BasicConstraints(bc) => {
                basic_constraints = Some((bc.ca, bc.path_len_constraint))
            }
            ParsedExtension::KeyUsage(ku) => key_usage = Some(ku.flags),
            ParsedExtension::ExtendedKeyUsage(eku) => {
                let named = [
                    (eku.any, "2.5.29.37.0"),
                    (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
                    (eku.client_auth, "1.3.6.1.5.5.7.3.2"),
                    (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
                    (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
                    (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
                    (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
                ];
                ekus.extend(
                    named
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, o)| (*o).to_owned()),
                );
                ekus.extend(eku.other.iter().map(oid_text));
            }
            ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                aki = a.key_identifier.as_ref().map(|k| k.0.to_vec())
            }
            ParsedExtension::ParseError { .. } if ext.critical => {
                return Err(OldReject::CriticalParseError(oid_bytes.to_vec()));
            }
            _ => {}
        }
    }
    let attr = |oid: &x509_parser::der_parser::oid::Oid<'_>| -> Vec<String> {
        tbs_cert
            .subject
            .iter_by_oid(oid)
            .filter_map(|a| a.as_str().ok().map(str::to_owned))
            .collect()
    };
    let serial_numbers = attr(&x509_parser::oid_registry::OID_X509_SERIALNUMBER);
    let ous = attr(&x509_parser::oid_registry::OID_X509_ORGANIZATIONAL_UNIT);
    Ok(Fields {
        subject: tbs_cert.subject.to_string(),
        issuer: tbs_cert.issuer.to_string(),
        subject_raw: tbs_cert.subject.as_raw().to_vec(),
        issuer_raw: tbs_cert.issuer.as_raw().to_vec(),
        serial,
        not_before: tbs_cert.validity.not_before.timestamp(),
        not_after: tbs_cert.validity.not_after.timestamp(),
        spki: tbs_cert.subject_pki.raw.to_vec(),
        basic_constraints,
        key_usage,
        ekus,
        ski,
        aki,
        unknown_critical,
        iin: serial_numbers
            .iter()
            .find_map(|v| prefixed_number(v, "IIN")),
        bin: ous.iter().find_map(|v| prefixed_number(v, "BIN")),
        common_name: attr(&x509_parser::oid_registry::OID_X509_COMMON_NAME)
            .into_iter()
            .next(),
        organization: attr(&x509_parser::oid_registry::OID_X509_ORGANIZATION_NAME)
            .into_iter()
            .next(),
        tbs: tbs_cert.as_ref().to_vec(),
    })
}

/// What [`check`] saw.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Outcome {
    /// Both readers accepted, with equal fields.
    BothAccept,
    /// Both refused.
    BothReject,
    /// Only the new reader refused (it is stricter).
    NewStricter,
    /// Only the new reader accepted, in the documented case (see the module docs).
    DocumentedDifference,
}

/// Run both readers on `der` and panic on a disagreement that is not documented.
pub fn check(der: &[u8]) -> Outcome {
    let new = Certificate::from_der(der);
    let old = baseline(der);
    match (new, old) {
        (Ok(n), Ok(o)) => {
            let n = fields(&n);
            assert_eq!(n, o, "fields differ");
            Outcome::BothAccept
        }
        (Err(_), Ok(_)) => Outcome::NewStricter,
        (Err(_), Err(_)) => Outcome::BothReject,
        (Ok(n), Err(OldReject::CriticalParseError(oid))) => {
            assert!(
                !DECODED.contains(&oid.as_slice()),
                "accepted a critical decoded extension x509-parser could not parse: {oid:02x?}"
            );
            let dotted =
                x509_parser::der_parser::oid::Oid::new(oid.as_slice().into()).to_id_string();
            assert!(
                KNOWN_EXTENSIONS.contains(&oid.as_slice())
                    || n.unknown_critical_extensions().contains(&dotted),
                "critical extension {dotted} neither known nor listed"
            );
            Outcome::DocumentedDifference
        }
        (Ok(_), Err(OldReject::Other(why))) => {
            panic!("new reader accepts what x509-parser refused: {why}")
        }
    }
}
