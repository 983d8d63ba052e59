//! Differential check of `ParsedCrl::from_der` (the crate's own strict CRL reader) against
//! x509-parser 0.18 (the reference), shared by the fuzz target `crl` and
//! `crates/egov-sign/tests/revocation.rs` (included there by `#[path]`).
//!
//! [`check`] parses with both. When ours refuses, nothing is compared (ours is the stricter
//! reader by design: DER-only BOOLEANs and ReasonFlags in issuingDistributionPoint, strict
//! authorityKeyIdentifier, RFC 5280 times, ...). When ours accepts, the reference must
//! accept too — anything we accept that the reference rejects is a finding — and every
//! field the revocation decision uses must be equal: issuer, thisUpdate, nextUpdate, the
//! entries (serial, revocationDate, reasonCode), cRLNumber, BaseCRLNumber, the
//! authorityKeyIdentifier's keyIdentifier, and the issuingDistributionPoint (distribution
//! point names, onlyContains* flags, onlySomeReasons, indirectCRL).

use egov_sign::crl::{DistributionPointName, ParsedCrl, Reason};
use x509_parser::extensions::{DistributionPointName as RefDpName, GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

/// What [`check`] concluded.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Ours refused (the reference may accept or refuse).
    OursRefused,
    /// Both accepted and agree on every compared field.
    Agree,
}

fn strip(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// The reference's GeneralName as (our tag octet, content octets), for the kinds the
/// reference keeps the bytes of.
fn reference_name(gn: &GeneralName<'_>) -> Option<(u8, Vec<u8>)> {
    Some(match gn {
        GeneralName::URI(s) => (0x86, s.as_bytes().to_vec()),
        GeneralName::DNSName(s) => (0x82, s.as_bytes().to_vec()),
        GeneralName::RFC822Name(s) => (0x81, s.as_bytes().to_vec()),
        GeneralName::DirectoryName(n) => (0xa4, n.as_raw().to_vec()),
        GeneralName::IPAddress(b) => (0x87, b.to_vec()),
        _ => return None,
    })
}

fn reason_of(code: u8) -> Option<Reason> {
    Some(match code {
        0 => Reason::Unspecified,
        1 => Reason::KeyCompromise,
        2 => Reason::CaCompromise,
        3 => Reason::AffiliationChanged,
        4 => Reason::Superseded,
        5 => Reason::CessationOfOperation,
        6 => Reason::CertificateHold,
        8 => Reason::RemoveFromCrl,
        9 => Reason::PrivilegeWithdrawn,
        10 => Reason::AaCompromise,
        _ => return None,
    })
}

/// Run both readers on `data`; panics on a disagreement (see the module documentation).
pub fn check(data: &[u8]) -> Outcome {
    let Ok(ours) = ParsedCrl::from_der(data) else {
        return Outcome::OursRefused;
    };
    let reference = match CertificateRevocationList::from_der(data) {
        Ok((rest, r)) => {
            assert!(
                rest.is_empty(),
                "reference: trailing data after a CRL we accept"
            );
            r
        }
        Err(e) => panic!("we accept a CRL the reference rejects: {e}"),
    };

    // Issuer and times.
    assert_eq!(ours.issuer_raw(), reference.issuer().as_raw(), "issuer");
    assert_eq!(
        ours.this_update().unix_timestamp(),
        reference.last_update().timestamp(),
        "thisUpdate"
    );
    assert_eq!(
        ours.next_update().map(|t| t.unix_timestamp()),
        reference.next_update().map(|t| t.timestamp()),
        "nextUpdate"
    );

    // Entries.
    let mut n = 0usize;
    for entry in reference.iter_revoked_certificates() {
        n += 1;
        let found = ours
            .lookup(entry.raw_serial())
            .unwrap_or_else(|| panic!("entry {:02x?} not found", entry.raw_serial()));
        assert_eq!(
            found.revocation_date.unix_timestamp(),
            entry.revocation_date.timestamp(),
            "revocationDate"
        );
        let reason = entry
            .reason_code()
            .map(|(_, r)| reason_of(r.0).expect("reference reason our reader accepted"))
            .unwrap_or(Reason::Unspecified);
        assert_eq!(found.reason, reason, "reasonCode");
    }
    assert_eq!(ours.len(), n, "number of entries");

    // Extensions.
    let mut number = None;
    let mut delta_base = None;
    let mut aki = None;
    let mut idp = None;
    for ext in reference.extensions() {
        let oid = ext.oid.to_id_string();
        match ext.parsed_extension() {
            ParsedExtension::CRLNumber(v) => number = Some(v.to_bytes_be()),
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                aki = Some(a.key_identifier.as_ref().map(|k| k.0.to_vec()))
            }
            ParsedExtension::IssuingDistributionPoint(i) => idp = Some(i.clone()),
            ParsedExtension::ParseError { error } => match oid.as_str() {
                "2.5.29.20" | "2.5.29.28" | "2.5.29.35" => {
                    panic!("we accept extension {oid} the reference cannot parse: {error:?}")
                }
                _ => {}
            },
            _ if oid == "2.5.29.27" => {
                let (rest, int) = x509_parser::der_parser::der::parse_der_integer(ext.value)
                    .expect("reference: deltaCRLIndicator is not an INTEGER");
                assert!(rest.is_empty(), "deltaCRLIndicator trailing data");
                delta_base = Some(int.as_slice().expect("INTEGER content").to_vec());
            }
            _ => {}
        }
    }
    assert_eq!(
        ours.number().map(strip),
        number.as_deref().map(strip),
        "cRLNumber"
    );
    assert_eq!(
        ours.delta_base().map(strip),
        delta_base.as_deref().map(strip),
        "BaseCRLNumber"
    );
    assert_eq!(
        ours.aki().map(<[u8]>::to_vec),
        aki.flatten(),
        "authorityKeyIdentifier"
    );

    match (ours.idp(), idp) {
        (None, None) => {}
        (Some(o), Some(r)) => {
            assert_eq!(
                o.only_user_certs, r.only_contains_user_certs,
                "onlyContainsUserCerts"
            );
            assert_eq!(
                o.only_ca_certs, r.only_contains_ca_certs,
                "onlyContainsCACerts"
            );
            assert_eq!(o.indirect_crl, r.indirect_crl, "indirectCRL");
            assert_eq!(
                o.only_attribute_certs, r.only_contains_attribute_certs,
                "onlyContainsAttributeCerts"
            );
            assert_eq!(
                o.only_some_reasons,
                r.only_some_reasons.map(|f| f.flags),
                "onlySomeReasons"
            );
            match (&o.distribution_point, &r.distribution_point) {
                (None, None) => {}
                (
                    Some(DistributionPointName::RelativeToIssuer),
                    Some(RefDpName::NameRelativeToCRLIssuer(_)),
                ) => {}
                (Some(DistributionPointName::FullName(a)), Some(RefDpName::FullName(b))) => {
                    assert_eq!(a.len(), b.len(), "distributionPoint names");
                    for (x, y) in a.iter().zip(b) {
                        if let Some((tag, value)) = reference_name(y) {
                            assert_eq!((x.tag, &x.value), (tag, &value), "distributionPoint name");
                        }
                    }
                }
                (o, r) => panic!("distributionPoint differs: {o:?} / {r:?}"),
            }
        }
        (o, r) => panic!("issuingDistributionPoint: ours {o:?}, reference {r:?}"),
    }
    Outcome::Agree
}
