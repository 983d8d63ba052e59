//! The revocation decision (`egov_sign::revocation`, issue 13): CRL scope by
//! issuingDistributionPoint and cRLDistributionPoints, reason partitions, evidence from
//! every CRL of the issuer, status at a past instant (holds and releases), deltas with an
//! unknown base, CA key rollover, strict DER in CRLs, and the NCA's real GOST CRL.

use egov_sign::crl::{Crl, ParsedCrl};
use egov_sign::test_pki::revocation::{
    distribution_point, idp, sequence, CrlParams, Key, RevocationPki, Revoked,
};
use egov_sign::Verifier;
use egov_sign::{Code, Indication, Report};
use egov_sign::{Error, Time};
use egov_sign::{KeyUsageRequirement, Policy, RevocationScope};
use std::sync::OnceLock;
use time::Duration;

#[allow(dead_code)]
#[path = "../../../fuzz/src/crl_diff.rs"]
mod crl_diff;

fn pki() -> &'static RevocationPki {
    static P: OnceLock<RevocationPki> = OnceLock::new();
    P.get_or_init(|| RevocationPki::generate(Time::now_utc()).expect("revocation PKI"))
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

const P1: &str = "http://crl.test.invalid/p1.crl";
const P2: &str = "http://crl.test.invalid/p2.crl";

/// Root anchor; `intermediates`; `crls`; revocation of the end certificate only.
fn verifier_of(anchors: &[&[u8]], intermediates: &[&[u8]], crls: &[Vec<u8>]) -> Verifier {
    let mut b = Verifier::builder().policy(Policy {
        revocation: RevocationScope::EndEntity,
        ..Policy::default()
    });
    for a in anchors {
        b = b.anchors(a).unwrap();
    }
    for i in intermediates {
        b = b.intermediates(i).unwrap();
    }
    for c in crls {
        b = b.crls(c).unwrap();
    }
    b.build().unwrap()
}

fn verifier(crls: &[Vec<u8>]) -> Verifier {
    let p = pki();
    verifier_of(&[&p.root], &[&p.ca_old, &p.ca_new], crls)
}

fn check(v: &Verifier, leaf: &[u8], at: Time) -> Report {
    v.verify_chain(leaf, &[], KeyUsageRequirement::Any, at)
        .unwrap()
}

fn crl(by: Key, f: impl FnOnce(&mut CrlParams)) -> Vec<u8> {
    let p = pki();
    let mut params = CrlParams::full(p.now, 1);
    f(&mut params);
    p.crl(by, &params).unwrap()
}

fn entry(serial: u8, at: Time, reason: u8) -> Revoked {
    Revoked {
        serial: vec![serial],
        at,
        reason: Some(reason),
    }
}

const KEY_COMPROMISE: u8 = 1;
const HOLD: u8 = 6;
const REMOVE: u8 = 8;

fn assert_valid(r: &Report) {
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
}

fn assert_codes(r: &Report, codes: &[Code]) {
    assert_eq!(r.codes(), codes.to_vec(), "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------------
// 1, 2: scope

#[test]
fn an_empty_crl_of_another_partition_does_not_unrevoke() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x21], &[P1], false).unwrap();
    let mine = crl(Key::Old, |c| {
        c.number = 5;
        c.idp = Some(idp(&[P1], false, false, None));
        c.entries = vec![entry(0x21, p.now - days(5), KEY_COMPROMISE)];
    });
    let other = crl(Key::Old, |c| {
        c.number = 9;
        c.idp = Some(idp(&[P2], false, false, None));
    });
    let r = check(&verifier(&[mine, other]), &leaf, p.now);
    assert_codes(&r, &[Code::CertRevoked]);
}

#[test]
fn a_crl_of_another_partition_proves_nothing() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x22], &[P1], false).unwrap();
    let other = crl(Key::Old, |c| c.idp = Some(idp(&[P2], false, false, None)));
    let r = check(&verifier(&[other]), &leaf, p.now);
    assert_codes(&r, &[Code::RevocationUnknown]);
    // The certificate's own partition does.
    let mine = crl(Key::Old, |c| {
        c.idp = Some(idp(&[P2, P1], false, false, None))
    });
    assert_valid(&check(&verifier(&[mine]), &leaf, p.now));
    // A CRL naming a distribution point does not cover a certificate that names none.
    let bare = p.leaf(Key::Old, &[0x23], &[], false).unwrap();
    let mine = crl(Key::Old, |c| c.idp = Some(idp(&[P1], false, false, None)));
    let r = check(&verifier(&[mine]), &bare, p.now);
    assert_codes(&r, &[Code::RevocationUnknown]);
    // A CRL without issuingDistributionPoint covers both.
    let all = crl(Key::Old, |_| {});
    assert_valid(&check(&verifier(std::slice::from_ref(&all)), &bare, p.now));
    assert_valid(&check(&verifier(&[all]), &leaf, p.now));
}

#[test]
fn a_ca_only_crl_entry_still_revokes_an_end_entity() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x24], &[], false).unwrap();
    let full = crl(Key::Old, |c| c.number = 3);
    let ca_only = crl(Key::Old, |c| {
        c.number = 4;
        c.idp = Some(idp(&[], false, true, None));
        c.entries = vec![entry(0x24, p.now - days(3), KEY_COMPROMISE)];
    });
    let r = check(&verifier(&[full, ca_only]), &leaf, p.now);
    assert_codes(&r, &[Code::CertRevoked]);
}

#[test]
fn only_user_certs_does_not_cover_a_ca_certificate() {
    let p = pki();
    let sub_ca = p.leaf(Key::Old, &[0x25], &[], true).unwrap();
    let users = crl(Key::Old, |c| c.idp = Some(idp(&[], true, false, None)));
    let r = check(&verifier(&[users]), &sub_ca, p.now);
    assert_codes(&r, &[Code::RevocationUnknown]);
    let cas = crl(Key::Old, |c| c.idp = Some(idp(&[], false, true, None)));
    assert_valid(&check(&verifier(&[cas]), &sub_ca, p.now));
}

#[test]
fn reason_partitions_revoke_and_combine() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x26], &[P1], false).unwrap();
    let key_reasons = (1 << 1) | (1 << 2);
    let other_reasons = 0x1fe & !key_reasons;
    let revoking = crl(Key::Old, |c| {
        c.idp = Some(idp(&[], false, false, Some(key_reasons)));
        c.entries = vec![entry(0x26, p.now - days(1), KEY_COMPROMISE)];
    });
    let r = check(&verifier(&[revoking]), &leaf, p.now);
    assert_codes(&r, &[Code::CertRevoked]);
    let part1 = crl(Key::Old, |c| {
        c.number = 1;
        c.idp = Some(idp(&[], false, false, Some(key_reasons)));
    });
    let part2 = crl(Key::Old, |c| {
        c.number = 1;
        c.idp = Some(idp(&[], false, false, Some(other_reasons)));
    });
    // One partition alone covers only some reasons: never VALID.
    let r = check(&verifier(std::slice::from_ref(&part1)), &leaf, p.now);
    assert_codes(&r, &[Code::RevocationUnknown]);
    assert_valid(&check(&verifier(&[part1, part2]), &leaf, p.now));
}

#[test]
fn distribution_point_reasons_and_crl_issuer() {
    let p = pki();
    let all = || crl(Key::Old, |_| {});
    // The certificate's only distribution point serves keyCompromise: a CRL for all reasons
    // obtained through it covers only that (RFC 5280 §6.3.3 (d)).
    let cdp = sequence(&[distribution_point(&[P1], Some(1 << 1), &[])]);
    let leaf = p.leaf_with_cdp(Key::Old, &[0x28], &cdp).unwrap();
    assert_codes(
        &check(&verifier(&[all()]), &leaf, p.now),
        &[Code::RevocationUnknown],
    );
    // With a second distribution point for every reason, covered.
    let cdp = sequence(&[
        distribution_point(&[P1], Some(1 << 1), &[]),
        distribution_point(&[P2], None, &[]),
    ]);
    let leaf = p.leaf_with_cdp(Key::Old, &[0x29], &cdp).unwrap();
    assert_valid(&check(&verifier(&[all()]), &leaf, p.now));
    let p2 = crl(Key::Old, |c| c.idp = Some(idp(&[P2], false, false, None)));
    assert_valid(&check(&verifier(&[p2]), &leaf, p.now));
    let p1 = crl(Key::Old, |c| c.idp = Some(idp(&[P1], false, false, None)));
    assert_codes(
        &check(&verifier(&[p1]), &leaf, p.now),
        &[Code::RevocationUnknown],
    );
    // Only an indirect distribution point (cRLIssuer): the CA's own CRL does not cover it.
    let cdp = sequence(&[distribution_point(&[P1], None, &["http://other.invalid/"])]);
    let leaf = p.leaf_with_cdp(Key::Old, &[0x2a], &cdp).unwrap();
    assert_codes(
        &check(&verifier(&[all()]), &leaf, p.now),
        &[Code::RevocationUnknown],
    );
}

#[test]
fn a_revocation_in_a_stale_crl_is_still_evidence() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x27], &[], false).unwrap();
    let stale = crl(Key::Old, |c| {
        c.number = 1;
        c.this_update = p.now - days(30);
        c.next_update = p.now - days(20);
        c.entries = vec![entry(0x27, p.now - days(31), KEY_COMPROMISE)];
    });
    let fresh = crl(Key::Old, |c| c.number = 2);
    let r = check(&verifier(&[stale, fresh]), &leaf, p.now);
    assert_codes(&r, &[Code::CertRevoked]);
}

// ---------------------------------------------------------------------------------------
// 3: status at an instant

#[test]
fn a_hold_released_later_is_on_hold_at_a_past_instant() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x31], &[], false).unwrap();
    let full = crl(Key::Old, |c| {
        c.number = 10;
        c.entries = vec![entry(0x31, p.now - days(10), HOLD)];
    });
    let delta = crl(Key::Old, |c| {
        c.number = 11;
        c.delta_base = Some(10);
        c.next_update = p.now + days(1);
        c.entries = vec![entry(0x31, p.now - days(2), REMOVE)];
    });
    let v = verifier(&[full, delta]);
    assert_valid(&check(&v, &leaf, p.now));
    assert_codes(&check(&v, &leaf, p.now - days(5)), &[Code::CertOnHold]);
    // Before the hold: good.
    assert_valid(&check(&v, &leaf, p.now - days(11)));
}

#[test]
fn a_later_full_crl_releases_a_hold_only_from_its_this_update() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x32], &[], false).unwrap();
    let held = crl(Key::Old, |c| {
        c.number = 1;
        c.this_update = p.now - days(20);
        c.next_update = p.now - days(13);
        c.entries = vec![entry(0x32, p.now - days(21), HOLD)];
    });
    let released = crl(Key::Old, |c| {
        c.number = 2;
        c.this_update = p.now - days(10);
    });
    let v = verifier(&[held, released]);
    assert_valid(&check(&v, &leaf, p.now));
    assert_codes(&check(&v, &leaf, p.now - days(15)), &[Code::CertOnHold]);
}

#[test]
fn a_delta_entry_does_not_replace_an_earlier_revocation() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x33], &[], false).unwrap();
    let full = crl(Key::Old, |c| {
        c.number = 10;
        c.entries = vec![entry(0x33, p.now - days(10), KEY_COMPROMISE)];
    });
    let delta = crl(Key::Old, |c| {
        c.number = 11;
        c.delta_base = Some(10);
        c.entries = vec![entry(0x33, p.now - days(1), HOLD)];
    });
    let v = verifier(&[full, delta]);
    assert_codes(&check(&v, &leaf, p.now - days(5)), &[Code::CertRevoked]);
    // removeFromCRL never releases a revocation.
    let full = crl(Key::Old, |c| {
        c.number = 10;
        c.entries = vec![entry(0x33, p.now - days(10), KEY_COMPROMISE)];
    });
    let delta = crl(Key::Old, |c| {
        c.number = 11;
        c.delta_base = Some(10);
        c.entries = vec![entry(0x33, p.now - days(1), REMOVE)];
    });
    assert_codes(
        &check(&verifier(&[full, delta]), &leaf, p.now),
        &[Code::CertRevoked],
    );
}

#[test]
fn a_revocation_after_the_instant_does_not_count() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x34], &[], false).unwrap();
    let full = crl(Key::Old, |c| {
        c.entries = vec![entry(0x34, p.now - days(2), KEY_COMPROMISE)];
    });
    let v = verifier(&[full]);
    assert_valid(&check(&v, &leaf, p.now - days(5)));
    assert_codes(&check(&v, &leaf, p.now), &[Code::CertRevoked]);
}

// ---------------------------------------------------------------------------------------
// 4: a delta whose base is newer than the full CRL held

#[test]
fn a_delta_with_an_unknown_base_still_revokes() {
    let p = pki();
    let listed = p.leaf(Key::Old, &[0x41], &[], false).unwrap();
    let other = p.leaf(Key::Old, &[0x42], &[], false).unwrap();
    let full = crl(Key::Old, |c| c.number = 10);
    let delta = crl(Key::Old, |c| {
        c.number = 13;
        c.delta_base = Some(12);
        c.entries = vec![entry(0x41, p.now - days(1), KEY_COMPROMISE)];
    });
    let v = verifier(&[full, delta.clone()]);
    assert_codes(&check(&v, &listed, p.now), &[Code::CertRevoked]);
    // The full CRL is complete by itself for the others.
    assert_valid(&check(&v, &other, p.now));
    // Alone, the delta proves nothing.
    let r = check(&verifier(&[delta]), &other, p.now);
    assert_codes(&r, &[Code::RevocationUnknown]);
}

// ---------------------------------------------------------------------------------------
// 5: key rollover

#[test]
fn a_crl_signed_by_the_new_key_covers_certificates_of_the_old_key() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x51], &[], false).unwrap();
    let revoking = crl(Key::New, |c| {
        c.entries = vec![entry(0x51, p.now - days(1), KEY_COMPROMISE)];
    });
    assert_codes(
        &check(&verifier(std::slice::from_ref(&revoking)), &leaf, p.now),
        &[Code::CertRevoked],
    );
    let empty = crl(Key::New, |_| {});
    assert_valid(&check(
        &verifier(std::slice::from_ref(&empty)),
        &leaf,
        p.now,
    ));
    // Through the self-issued new-with-old certificate instead of ca_new.
    let v = verifier_of(&[&p.root], &[&p.ca_old, &p.new_with_old], &[revoking]);
    assert_codes(&check(&v, &leaf, p.now), &[Code::CertRevoked]);
    let v = verifier_of(&[&p.root], &[&p.ca_old, &p.new_with_old], &[empty]);
    assert_valid(&check(&v, &leaf, p.now));
}

#[test]
fn a_crl_signed_by_the_old_key_covers_certificates_of_the_new_key() {
    let p = pki();
    let leaf = p.leaf(Key::New, &[0x52], &[], false).unwrap();
    let revoking = crl(Key::Old, |c| {
        c.entries = vec![entry(0x52, p.now - days(1), KEY_COMPROMISE)];
    });
    assert_codes(
        &check(&verifier(std::slice::from_ref(&revoking)), &leaf, p.now),
        &[Code::CertRevoked],
    );
    let empty = crl(Key::Old, |_| {});
    assert_valid(&check(
        &verifier(std::slice::from_ref(&empty)),
        &leaf,
        p.now,
    ));
    // The path goes leaf → new_with_old → ca_old → root; the CRL is ca_old's.
    let v = verifier_of(&[&p.root], &[&p.ca_old, &p.new_with_old], &[empty]);
    let r = check(&v, &leaf, p.now);
    assert_valid(&r);
    let v = verifier_of(
        &[&p.root],
        &[&p.ca_old, &p.old_with_new, &p.ca_new],
        &[revoking],
    );
    assert_codes(&check(&v, &leaf, p.now), &[Code::CertRevoked]);
}

#[test]
fn a_crl_of_another_ca_with_the_same_name_is_not_used() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x53], &[], false).unwrap();
    let foreign = crl(Key::Foreign, |_| {});
    // The foreign CA does not chain to the root.
    let v = verifier_of(
        &[&p.root],
        &[&p.ca_old, &p.foreign_ca],
        std::slice::from_ref(&foreign),
    );
    assert_codes(&check(&v, &leaf, p.now), &[Code::RevocationUnknown]);
    // Nor when its own root is trusted too: another anchor.
    let v = verifier_of(
        &[&p.root, &p.foreign_root],
        &[&p.ca_old, &p.foreign_ca],
        &[foreign],
    );
    assert_codes(&check(&v, &leaf, p.now), &[Code::RevocationUnknown]);
}

// ---------------------------------------------------------------------------------------
// 6: strict DER, required extensions

fn parse(der: &[u8]) -> Result<ParsedCrl, Error> {
    ParsedCrl::from_der(der)
}

#[test]
fn issuing_distribution_point_booleans_are_der() {
    // onlyContainsUserCerts with 0x01 (BER TRUE, not DER).
    let ber_true = crl(Key::Old, |c| {
        c.idp = Some(vec![0x30, 0x03, 0x81, 0x01, 0x01])
    });
    assert!(parse(&ber_true).is_err());
    // onlyContainsCACerts FALSE encoded explicitly (DEFAULT: not DER).
    let explicit_false = crl(Key::Old, |c| {
        c.idp = Some(vec![0x30, 0x03, 0x82, 0x01, 0x00])
    });
    assert!(parse(&explicit_false).is_err());
    // An empty issuingDistributionPoint (RFC 5280 §5.2.5: MUST NOT).
    let empty = crl(Key::Old, |c| c.idp = Some(vec![0x30, 0x00]));
    assert!(parse(&empty).is_err());
    // Two onlyContains* flags.
    let both = crl(Key::Old, |c| c.idp = Some(idp(&[], true, true, None)));
    assert!(parse(&both).is_err());
    // Fields out of order.
    let order = crl(Key::Old, |c| {
        c.idp = Some(vec![0x30, 0x06, 0x82, 0x01, 0xff, 0x81, 0x01, 0xff])
    });
    assert!(parse(&order).is_err());
    // ReasonFlags with a trailing zero bit (not minimal).
    let reasons = crl(Key::Old, |c| {
        c.idp = Some(vec![0x30, 0x04, 0x83, 0x02, 0x00, 0x40])
    });
    assert!(parse(&reasons).is_err());
    // Well-formed ones parse, with their fields.
    let good = crl(Key::Old, |c| {
        c.idp = Some(idp(&[P1], true, false, Some(1 << 1)))
    });
    let parsed = parse(&good).unwrap();
    let i = parsed.idp().unwrap();
    assert!(i.only_user_certs && !i.only_ca_certs && !i.indirect_crl);
    assert_eq!(i.only_some_reasons, Some(1 << 1));
}

#[test]
fn authority_key_identifier_is_strict() {
    // keyIdentifier followed by a NULL inside the SEQUENCE.
    let trailing = crl(Key::Old, |c| {
        c.aki = Some(vec![0x30, 0x05, 0x80, 0x01, 0xaa, 0x05, 0x00])
    });
    assert!(parse(&trailing).is_err());
    // keyIdentifier twice.
    let twice = crl(Key::Old, |c| {
        c.aki = Some(vec![0x30, 0x06, 0x80, 0x01, 0xaa, 0x80, 0x01, 0xbb])
    });
    assert!(parse(&twice).is_err());
    let ok = crl(Key::Old, |c| {
        c.aki = Some(vec![0x30, 0x03, 0x80, 0x01, 0xaa])
    });
    assert_eq!(parse(&ok).unwrap().aki(), Some(&[0xaa][..]));
}

#[test]
fn crl_number_is_required_and_non_critical() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x61], &[], false).unwrap();
    for bad in [
        crl(Key::Old, |c| c.omit_number = true),
        crl(Key::Old, |c| c.number_critical = true),
    ] {
        let v = verifier(std::slice::from_ref(&bad));
        assert_eq!(v.crls().len(), 0);
        assert_eq!(v.rejected_crls().len(), 1);
        assert_eq!(v.rejected_crls()[0].code, Code::CrlInvalid);
        let r = check(&v, &leaf, p.now);
        assert_codes(&r, &[Code::CrlInvalid, Code::RevocationUnknown]);
    }
}

#[test]
fn explicit_critical_false_crl_extension_is_refused() {
    // cRLNumber marked critical, then its BOOLEAN TRUE patched to an explicit FALSE (same
    // length; the signature is not checked by `parse`): the DEFAULT written out, not DER
    // (X.690 §11.5), refused as in certificates (one Extensions reader).
    let critical = crl(Key::Old, |c| c.number_critical = true);
    let marker = [0x06, 0x03, 0x55, 0x1d, 0x14, 0x01, 0x01, 0xff];
    let at = critical
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("critical cRLNumber");
    let mut explicit_false = critical.clone();
    explicit_false[at + marker.len() - 1] = 0x00;
    assert!(parse(&critical).is_ok());
    match parse(&explicit_false) {
        Err(Error::Malformed { detail, .. }) => assert!(detail.contains("critical FALSE")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicate_and_unknown_critical_crl_extensions() {
    let p = pki();
    let dup = crl(Key::Old, |c| {
        c.extensions = vec![("2.5.29.20".into(), false, vec![0x02, 0x01, 0x07])]
    });
    assert!(parse(&dup).is_err());
    let unknown = crl(Key::Old, |c| {
        c.extensions = vec![("1.2.3.4.5".into(), true, vec![0x05, 0x00])]
    });
    let v = verifier(&[unknown]);
    assert_eq!(v.rejected_crls().len(), 1);
    let leaf = p.leaf(Key::Old, &[0x62], &[], false).unwrap();
    assert_codes(
        &check(&v, &leaf, p.now),
        &[Code::CrlInvalid, Code::RevocationUnknown],
    );
}

// ---------------------------------------------------------------------------------------
// 8, 9: typed rejection codes, indirect CRLs

#[test]
fn rejections_carry_a_typed_code() {
    let p = pki();
    let der = crl(Key::Old, |_| {});
    let new_ca = egov_sign::Certificate::from_der(&p.ca_new).unwrap();
    match Crl::from_der_verified(&der, &new_ca) {
        Err(Error::CrlRejected { code, .. }) => assert_eq!(code, Code::CrlSignatureInvalid),
        other => panic!("{other:?}"),
    }
    let no_number = crl(Key::Old, |c| c.omit_number = true);
    let old_ca = egov_sign::Certificate::from_der(&p.ca_old).unwrap();
    match Crl::from_der_verified(&no_number, &old_ca) {
        Err(e @ Error::CrlRejected { .. }) => {
            assert_eq!(e.code(), "CRL_INVALID");
            assert!(matches!(
                e,
                Error::CrlRejected {
                    code: Code::CrlInvalid,
                    ..
                }
            ));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn indirect_crls_are_unsupported_and_never_valid() {
    let p = pki();
    let leaf = p.leaf(Key::Old, &[0x71], &[], false).unwrap();
    // indirectCRL TRUE, listing the leaf: its entries are not taken as the CA's own, and it
    // proves nothing.
    let indirect = crl(Key::Old, |c| {
        c.idp = Some(vec![0x30, 0x03, 0x84, 0x01, 0xff]);
        c.entries = vec![entry(0x71, p.now - days(1), KEY_COMPROMISE)];
    });
    let v = verifier(&[indirect]);
    assert_eq!(v.rejected_crls().len(), 1);
    let r = check(&v, &leaf, p.now);
    assert_eq!(r.indication, Indication::Indeterminate);
    assert!(r.has(Code::RevocationUnknown));
}

// ---------------------------------------------------------------------------------------
// 7: the NCA's current GOST CRL (real material, testdata/nca/)

fn nca(name: &str) -> Vec<u8> {
    let path = format!("{}/../../testdata/nca/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("missing fixture {path}: {e} (see testdata/nca/SOURCE.md)"));
    egov_sign::encoding::decode_der_blobs(&bytes, "CERTIFICATE", 1 << 20)
        .unwrap()
        .remove(0)
}

fn serial_from_hex(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn the_ncas_current_gost_crl_loads_verifies_and_is_used() {
    let crl_der = std::fs::read(format!(
        "{}/../../testdata/nca/nca_gost2022_test_2026-08.crl",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("testdata/nca/nca_gost2022_test_2026-08.crl (see testdata/nca/SOURCE.md)");
    let ca = egov_sign::Certificate::from_der(&nca("nca_gost2015_test.cer")).unwrap();
    // Its TBS AlgorithmIdentifier has no parameters, the outer one has NULL.
    let parsed = ParsedCrl::from_der(&crl_der).unwrap();
    assert_eq!(parsed.len(), 195);
    assert_eq!(parsed.number(), Some(&[166u8][..]));
    let verified = Crl::from_der_verified(&crl_der, &ca).unwrap();
    let at = time::macros::datetime!(2026-09-01 00:00 UTC);
    assert!(verified.fresh_at(at));

    // Through a verifier: the CRL is accepted, and used for the key store's certificate
    // (issued by that CA, not on the CRL) and for a serial that is on it.
    let v = Verifier::builder()
        .anchors(&nca("root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&nca("nca_gost2015_test.cer"))
        .unwrap()
        .crls(&crl_der)
        .unwrap()
        .policy(Policy {
            revocation: RevocationScope::EndEntity,
            ..Policy::default()
        })
        .build()
        .unwrap();
    assert_eq!(v.crls().len(), 1, "{:?}", v.rejected_crls());
    assert!(v.rejected_crls().is_empty());
    let kalkan = egov_sign::Certificate::from_der(&nca("kalkan_individual_2023.cer.pem")).unwrap();
    assert_eq!(kalkan.issuer_raw(), ca.subject_raw());
    let t = at;
    let status = |c: &egov_sign::Certificate| {
        egov_sign::revocation::status(v.crls(), c, |crl| crl.verified_by() == ca.spki_sha256(), t)
    };
    assert_eq!(status(&kalkan), egov_sign::revocation::Status::Good);
    // A serial on the CRL: revoked (affiliationChanged on 2026-05-06).
    let listed = serial_from_hex("11878BBB2D0C22C0BB736D57935C80D54BE605FF");
    let entry = verified.parsed().lookup(&listed).unwrap();
    assert_eq!(entry.reason, egov_sign::crl::Reason::AffiliationChanged);
    assert!(entry.revocation_date <= t);
    // The verifier's own report for the key store's certificate while it was valid
    // (2024-01-01; the CRL, issued later, is fresh then too): VALID, revocation checked.
    let r = v
        .verify_chain(
            &nca("kalkan_individual_2023.cer.pem"),
            &[],
            KeyUsageRequirement::Any,
            time::macros::datetime!(2024-01-01 00:00 UTC),
        )
        .unwrap();
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.chain.len(), 3);
}

// ---------------------------------------------------------------------------------------
// 10: the differential reader check (the `crl` fuzz target's) on every CRL at hand

#[test]
fn every_crl_agrees_with_the_reference_reader() {
    let p = pki();
    let mut crls: Vec<Vec<u8>> = Vec::new();
    for dir in ["testdata/pki", "testdata/nca"] {
        let path = format!("{}/../../{dir}", env!("CARGO_MANIFEST_DIR"));
        for e in std::fs::read_dir(&path).unwrap() {
            let e = e.unwrap().path();
            if e.extension().is_some_and(|x| x == "crl") {
                crls.push(std::fs::read(e).unwrap());
            }
        }
    }
    let leaf_entries = vec![
        entry(0x21, p.now - days(1), KEY_COMPROMISE),
        entry(0x22, p.now - days(2), HOLD),
        Revoked {
            serial: vec![0x00, 0x80],
            at: p.now,
            reason: None,
        },
    ];
    crls.push(crl(Key::Old, |c| c.entries = leaf_entries.clone()));
    crls.push(crl(Key::New, |c| {
        c.idp = Some(idp(&[P1, P2], true, false, Some(0x1fe & !(1 << 6))));
        c.entries = leaf_entries.clone();
    }));
    crls.push(crl(Key::Old, |c| {
        c.number = 300;
        c.delta_base = Some(299);
        c.idp = Some(idp(&[], false, true, None));
        c.entries = vec![entry(0x22, p.now, REMOVE)];
    }));
    crls.push(crl(Key::Root, |c| {
        c.idp = Some(vec![0x30, 0x03, 0x84, 0x01, 0xff])
    }));
    assert!(crls.len() >= 12);
    // `EGOV_WRITE_CRL_SEEDS=<dir>` keeps them as fuzz seeds (fuzz/seeds/crl/).
    if let Ok(dir) = std::env::var("EGOV_WRITE_CRL_SEEDS") {
        for (i, der) in crls.iter().enumerate() {
            std::fs::write(format!("{dir}/revocation-{i}.crl"), der).unwrap();
        }
    }
    let mut agreed = 0;
    for der in &crls {
        if crl_diff::check(der) == crl_diff::Outcome::Agree {
            agreed += 1;
        }
    }
    assert_eq!(agreed, crls.len());
    // Refusals by ours are not compared.
    let bad = crl(Key::Old, |c| {
        c.idp = Some(vec![0x30, 0x03, 0x81, 0x01, 0x01])
    });
    assert_eq!(crl_diff::check(&bad), crl_diff::Outcome::OursRefused);
}
