//! The Kazakh NCA certificate profile, in one place: what an NCA certificate says about its
//! holder beyond [RFC 5280]. [`crate::certificate::Certificate`] is a plain [RFC 5280]
//! certificate; [`NcaProfile::of`] reads this view of it (once per certificate, on first
//! use), and [`summary`] makes the report's view ([`CertSummary`]) from both.
//!
//! - subject `serialNumber` (2.5.4.5) = `"IIN"` + 12 digits → [`NcaProfile::iin`]
//!   (the first serialNumber of a string type with that shape);
//! - legal entities: `OU` (2.5.4.11) = `"BIN"` + 12 digits → [`NcaProfile::bin`]; the
//!   first `CN` (2.5.4.3) and `O` (2.5.4.10) of a string type;
//! - role EKUs 1.2.398.3.3.4.1.1 (individual), 1.2.398.3.3.4.1.2 (legal entity) and
//!   1.2.398.3.3.4.1.2.{1,2,3,4,5} (first head, right to sign, financial, HR, employee) —
//!   OIDs compared in their dotted form, which the certificate reader renders only from
//!   minimal (DER) encodings;
//! - signing keys: keyUsage digitalSignature + nonRepudiation; authentication keys:
//!   digitalSignature + keyEncipherment without nonRepudiation.
//!
//! The IIN and BIN are taken as written (not validated): the identity rules
//! ([`crate::identity`]) check them under the policy in force.
//!
//! [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280

use crate::certificate::{Certificate, KeyUsage};
use crate::name::{self, Attribute};
use crate::oid::{self, ObjectIdentifier};
use crate::report::{CertSummary, KeyKind, Role};

/// What an NCA certificate says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NcaProfile {
    /// The IIN from the subject serialNumber ("IIN" + 12 digits), unvalidated.
    pub iin: Option<String>,
    /// The BIN from the subject OU ("BIN" + 12 digits), unvalidated.
    pub bin: Option<String>,
    /// The subject CN.
    pub common_name: Option<String>,
    /// The subject O.
    pub organization: Option<String>,
    /// The role from the role EKUs (the most specific one present).
    pub role: Role,
    /// Signing, authentication or other key.
    pub key_kind: KeyKind,
    /// Any legal-entity role EKU (1.2.398.3.3.4.1.2 or below).
    pub legal_entity: bool,
}

impl NcaProfile {
    /// Read the profile of `cert` (its subject Name, extKeyUsage and keyUsage).
    pub fn of(cert: &Certificate) -> NcaProfile {
        let mut iin = None;
        let mut bin = None;
        let mut common_name = None;
        let mut organization = None;
        // The subject was validated when the certificate was parsed: reading it again
        // cannot fail (and if it did, the profile would just be empty).
        if let Ok((tlv, _)) = crate::asn1::split_tlv("certificate", cert.subject_raw()) {
            let _ = name::parse("certificate", tlv, |a: Attribute<'_>| {
                let is = |o: ObjectIdentifier| a.oid == o.as_bytes();
                let slot = if is(oid::ID_AT_SERIAL_NUMBER) {
                    if iin.is_none() {
                        iin = a.as_str().and_then(|s| prefixed_number(s, "IIN"));
                    }
                    return;
                } else if is(oid::ID_AT_ORGANIZATIONAL_UNIT_NAME) {
                    if bin.is_none() {
                        bin = a.as_str().and_then(|s| prefixed_number(s, "BIN"));
                    }
                    return;
                } else if is(oid::ID_AT_COMMON_NAME) {
                    &mut common_name
                } else if is(oid::ID_AT_ORGANIZATION_NAME) {
                    &mut organization
                } else {
                    return;
                };
                if slot.is_none() {
                    *slot = a.as_str().map(str::to_owned);
                }
            });
        }
        let ekus = cert.ekus();
        NcaProfile {
            iin,
            bin,
            common_name,
            organization,
            role: role(ekus),
            key_kind: key_kind(cert.key_usage()),
            // The legal-entity arc or below it: an arc prefix, i.e. a prefix of the content
            // octets ending on a subidentifier boundary (which a whole OID always does).
            legal_entity: ekus
                .iter()
                .any(|e| e.starts_with(oid::NCA_ROLE_LEGAL_ENTITY)),
        }
    }
}

/// The value of `prefix` + 12 digits, if `value` has that shape.
fn prefixed_number(value: &str, prefix: &str) -> Option<String> {
    let digits = value.strip_prefix(prefix)?;
    (digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_owned())
}

/// The role from the NCA role EKUs: the most specific one present.
pub fn role(ekus: &[ObjectIdentifier]) -> Role {
    let has = |o: ObjectIdentifier| ekus.contains(&o);
    if has(oid::NCA_ROLE_FIRST_HEAD) {
        Role::FirstHead
    } else if has(oid::NCA_ROLE_RIGHT_TO_SIGN) {
        Role::RightToSign
    } else if has(oid::NCA_ROLE_FINANCIAL) {
        Role::FinancialSign
    } else if has(oid::NCA_ROLE_HR) {
        Role::Hr
    } else if has(oid::NCA_ROLE_EMPLOYEE) {
        Role::Employee
    } else if has(oid::NCA_ROLE_LEGAL_ENTITY) {
        Role::LegalEntity
    } else if has(oid::NCA_ROLE_INDIVIDUAL) {
        Role::Individual
    } else {
        Role::Unknown
    }
}

/// Signing key (digitalSignature + nonRepudiation), authentication key (digitalSignature +
/// keyEncipherment without nonRepudiation), or other (including no keyUsage).
pub fn key_kind(key_usage: Option<KeyUsage>) -> KeyKind {
    let Some(ku) = key_usage else {
        return KeyKind::Other;
    };
    match (
        ku.digital_signature(),
        ku.non_repudiation(),
        ku.key_encipherment(),
    ) {
        (true, true, _) => KeyKind::Sign,
        (true, false, true) => KeyKind::Auth,
        _ => KeyKind::Other,
    }
}

/// The report's view of `cert`: its [RFC 5280] fields and its NCA profile.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub fn summary(cert: &Certificate, profile: &NcaProfile) -> CertSummary {
    CertSummary {
        subject: cert.subject().to_owned(),
        issuer: cert.issuer().to_owned(),
        serial: cert.serial_hex(),
        not_before: crate::asn1::rfc3339(cert.not_before_unix()),
        not_after: crate::asn1::rfc3339(cert.not_after_unix()),
        iin: profile.iin.clone(),
        bin: profile.bin.clone(),
        name: profile.common_name.clone(),
        organization: profile.organization.clone(),
        role: profile.role,
        key: profile.key_kind,
        is_ca: cert.is_ca(),
        sha256: crate::asn1::hex(cert.sha256()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_key_kinds() {
        assert_eq!(
            role(&[oid::NCA_ROLE_LEGAL_ENTITY, oid::NCA_ROLE_FIRST_HEAD]),
            Role::FirstHead
        );
        assert_eq!(role(&[oid::NCA_ROLE_INDIVIDUAL]), Role::Individual);
        let unknown = ObjectIdentifier::new("1.2.398.3.3.4.1.2.9").unwrap();
        assert_eq!(role(&[unknown]), Role::Unknown);
        // Below the legal-entity arc, not beside it.
        assert!(unknown.starts_with(oid::NCA_ROLE_LEGAL_ENTITY));
        let beside = ObjectIdentifier::new("1.2.398.3.3.4.1.20").unwrap();
        assert!(!beside.starts_with(oid::NCA_ROLE_LEGAL_ENTITY));
        let ku = KeyUsage::from_bits;
        assert_eq!(key_kind(Some(ku(0b011))), KeyKind::Sign);
        assert_eq!(key_kind(Some(ku(0b111))), KeyKind::Sign);
        assert_eq!(key_kind(Some(ku(0b101))), KeyKind::Auth);
        assert_eq!(key_kind(Some(ku(0b001))), KeyKind::Other);
        assert_eq!(key_kind(Some(ku(0b110))), KeyKind::Other);
        assert_eq!(key_kind(Some(ku(0))), KeyKind::Other);
        assert_eq!(key_kind(None), KeyKind::Other);
        assert_eq!(
            prefixed_number("IIN123456789012", "IIN").as_deref(),
            Some("123456789012")
        );
        assert_eq!(prefixed_number("IIN12345678901", "IIN"), None);
        assert_eq!(prefixed_number("BIN12345678901x", "BIN"), None);
    }
}
