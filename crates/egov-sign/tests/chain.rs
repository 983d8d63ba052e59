//! `Verifier::verify_chain`: path building, validity, revocation (full and delta CRLs),
//! key usage — on both test PKI families.

mod common;

use common::*;
use egov_sign::test_pki::TestPki;
use egov_sign::Verifier;
use egov_sign::{Code, Indication};
use egov_sign::{KeyUsageRequirement, Policy, RevocationScope};
use time::Duration;

fn check(v: &Verifier, p: &TestPki, cert: &[u8], at: time::OffsetDateTime) -> egov_sign::Report {
    let _ = p;
    v.verify_chain(cert, &[], KeyUsageRequirement::Sign, at)
        .unwrap()
}

#[test]
fn citizen_signing_cert_is_valid_with_full_chain_revocation() {
    for f in FAMILIES {
        let p = pki(f);
        let r = check(&verifier(p), p, &p.citizen_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
        assert_eq!(r.chain.len(), 3);
        assert_eq!(
            r.signer.as_ref().unwrap().iin.as_deref(),
            Some(egov_sign::test_pki::CITIZEN_IIN)
        );
    }
}

#[test]
fn revoked_before_the_time_is_revoked_after_is_valid() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let r = check(&v, p, &p.revoked_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Invalid);
        assert_eq!(r.codes(), vec![Code::CertRevoked]);
        // Revoked at now-10d: at now-20d it was still good.
        let r = check(&v, p, &p.revoked_sign.cert_der, now(p) - Duration::days(20));
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    }
}

#[test]
fn on_hold_is_its_own_code_and_remove_from_crl_in_delta_unholds() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let r = check(&v, p, &p.on_hold_sign.cert_der, now(p));
        assert_eq!(r.codes(), vec![Code::CertOnHold]);
        let r = check(&v, p, &p.unheld_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
        // Without the delta the hold from the full CRL stands.
        let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_full], policy());
        let r = check(&v, p, &p.unheld_sign.cert_der, now(p));
        assert_eq!(r.codes(), vec![Code::CertOnHold]);
    }
}

#[test]
fn revoked_only_in_delta_is_revoked() {
    for f in FAMILIES {
        let p = pki(f);
        let r = check(&verifier(p), p, &p.delta_revoked_sign.cert_der, now(p));
        assert_eq!(r.codes(), vec![Code::CertRevoked]);
        let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_full], policy());
        let r = check(&v, p, &p.delta_revoked_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Valid);
    }
}

#[test]
fn delta_without_base_is_not_usable() {
    let p = pki(egov_sign::test_pki::KeyFamily::P256);
    let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_delta], policy());
    let r = check(&v, p, &p.citizen_sign.cert_der, now(p));
    assert_eq!(r.indication, Indication::Indeterminate);
    assert!(r.has(Code::RevocationUnknown));
    // A stale base does not make the delta usable either...
    let v = verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_stale, &p.crls.ca_delta],
        policy(),
    );
    let r = check(&v, p, &p.citizen_sign.cert_der, now(p));
    assert_eq!(r.indication, Indication::Indeterminate);
    assert!(r.has(Code::CrlExpired));
    // ...but its revocation entries are signed evidence all the same (issue 13).
    let r = check(&v, p, &p.delta_revoked_sign.cert_der, now(p));
    assert_eq!(r.codes(), vec![Code::CertRevoked]);
}

#[test]
fn expired_now_valid_earlier_and_not_yet_valid() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let r = check(&v, p, &p.expired_sign.cert_der, now(p));
        assert_eq!(r.codes(), vec![Code::CertExpired]);
        let r = check(
            &v,
            p,
            &p.expired_sign.cert_der,
            now(p) - Duration::days(2 * 365),
        );
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
        let r = check(&v, p, &p.not_yet_valid_sign.cert_der, now(p));
        assert_eq!(r.codes(), vec![Code::CertNotYetValid]);
    }
}

#[test]
fn no_crl_is_indeterminate_revocation_unknown_and_policy_can_relax() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier_with(p, &[], policy());
        let r = check(&v, p, &p.citizen_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Indeterminate);
        assert_eq!(r.codes(), vec![Code::RevocationUnknown]);
        // Two certificates need status: the citizen (CA's CRL) and the CA (root's CRL).
        assert_eq!(r.findings.len(), 2);
        // Only the root CRL missing: the CA is unknown.
        let v = verifier_with(p, &[&p.crls.ca_full], policy());
        let r = check(&v, p, &p.citizen_sign.cert_der, now(p));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(
            r.findings[0].subject.as_deref(),
            r.chain.get(1).map(|c| c.subject.as_str())
        );
        // End-entity scope: the CA's status is not needed.
        let v = verifier_with(
            p,
            &[&p.crls.ca_full],
            Policy {
                revocation: RevocationScope::EndEntity,
                ..policy()
            },
        );
        assert!(check(&v, p, &p.citizen_sign.cert_der, now(p)).is_valid());
        let v = verifier_with(p, &[], no_revocation());
        assert!(check(&v, p, &p.citizen_sign.cert_der, now(p)).is_valid());
    }
}

#[test]
fn stale_crl_is_crl_expired_not_valid() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_stale], policy());
        let r = check(&v, p, &p.citizen_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Indeterminate);
        assert_eq!(r.codes(), vec![Code::CrlExpired]);
        // At a time before its nextUpdate the same CRL is fresh.
        let r = check(&v, p, &p.citizen_sign.cert_der, now(p) - Duration::days(2));
        assert!(r.is_valid(), "{:#?}", r.findings);
    }
}

#[test]
fn crl_signed_by_another_key_is_rejected() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier_with(
            p,
            &[&p.crls.root_full, &p.crls.ca_wrong_signature],
            policy(),
        );
        assert_eq!(v.rejected_crls().len(), 1);
        assert_eq!(v.crls().len(), 1);
        let r = check(&v, p, &p.revoked_sign.cert_der, now(p));
        assert!(!r.is_valid());
        assert!(r.has(Code::CrlSignatureInvalid), "{:#?}", r.findings);
        assert!(r.has(Code::RevocationUnknown));
        assert!(!r.has(Code::CertRevoked), "a rejected CRL must not be used");
    }
}

#[test]
fn unknown_critical_crl_extensions_reject_the_crl() {
    let p = pki(egov_sign::test_pki::KeyFamily::P256);
    for crl in [
        &p.crls.ca_unknown_critical,
        &p.crls.ca_entry_unknown_critical,
    ] {
        let v = verifier_with(p, &[&p.crls.root_full, crl], policy());
        assert_eq!(v.rejected_crls().len(), 1);
        assert_eq!(v.rejected_crls()[0].code, Code::CrlInvalid);
        let r = check(&v, p, &p.citizen_sign.cert_der, now(p));
        assert!(r.has(Code::CrlInvalid) && r.has(Code::RevocationUnknown));
    }
}

#[test]
fn untrusted_root_is_chain_untrusted() {
    for f in FAMILIES {
        let p = pki(f);
        let r = check(&verifier(p), p, &p.untrusted_sign.cert_der, now(p));
        assert_eq!(r.indication, Indication::Indeterminate);
        assert_eq!(r.codes(), vec![Code::ChainUntrusted]);
        assert!(r.chain.is_empty());
    }
}

#[test]
fn issuer_without_ca_basic_constraints_is_chain_invalid() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let r = v
            .verify_chain(
                &p.issued_by_not_ca.cert_der,
                &p.not_ca.cert_der,
                KeyUsageRequirement::Sign,
                now(p),
            )
            .unwrap();
        assert_eq!(r.indication, Indication::Invalid);
        assert!(r.has(Code::ChainInvalid), "{:#?}", r.findings);
    }
}

#[test]
fn auth_key_fails_sign_usage_but_passes_any() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let r = v
            .verify_chain(
                &p.citizen_auth.cert_der,
                &[],
                KeyUsageRequirement::Sign,
                now(p),
            )
            .unwrap();
        assert_eq!(r.codes(), vec![Code::KeyUsage]);
        let r = v
            .verify_chain(
                &p.citizen_auth.cert_der,
                &[],
                KeyUsageRequirement::Any,
                now(p),
            )
            .unwrap();
        assert!(r.is_valid());
    }
}

#[test]
fn intermediate_as_anchor() {
    for f in FAMILIES {
        let p = pki(f);
        let v = Verifier::builder()
            .anchors(&p.ca.cert_der)
            .unwrap()
            .crls(&p.crls.ca_full)
            .unwrap()
            .policy(policy())
            .build()
            .unwrap();
        let r = v
            .verify_chain(
                &p.citizen_sign.cert_der,
                &[],
                KeyUsageRequirement::Sign,
                now(p),
            )
            .unwrap();
        assert!(r.is_valid(), "{:#?}", r.findings);
        assert_eq!(r.chain.len(), 2);
        let r = v
            .verify_chain(
                &p.revoked_sign.cert_der,
                &[],
                KeyUsageRequirement::Sign,
                now(p),
            )
            .unwrap();
        assert_eq!(r.codes(), vec![Code::CertRevoked]);
    }
}

#[test]
fn crl_issuer_must_be_configured() {
    let p = pki(egov_sign::test_pki::KeyFamily::P256);
    // Only the root is configured: the CA's CRL cannot be verified at build time.
    let v = Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .crls(&p.crls.ca_full)
        .unwrap()
        .crls(&p.crls.root_full)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(v.rejected_crls().len(), 1);
    // The chain can still be built with the CA supplied by the caller, but its CRL is unusable.
    let r = v
        .verify_chain(
            &p.citizen_sign.cert_der,
            &p.ca.cert_der,
            KeyUsageRequirement::Sign,
            now(p),
        )
        .unwrap();
    assert_eq!(r.indication, Indication::Indeterminate);
    assert!(r.has(Code::RevocationUnknown));
}

#[test]
fn a_crl_of_another_issuer_does_not_cover() {
    let p = pki(egov_sign::test_pki::KeyFamily::P256);
    let other = pki(egov_sign::test_pki::KeyFamily::Rsa);
    // The RSA PKI's CA has the same name as the P-256 one but another key: its CRL must
    // not be taken as covering the P-256 CA's certificates.
    let v = Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .intermediates(&p.ca.cert_der)
        .unwrap()
        .intermediates(&other.ca.cert_der)
        .unwrap()
        .crls(&p.crls.root_full)
        .unwrap()
        .crls(&other.crls.ca_full)
        .unwrap()
        .build()
        .unwrap();
    let r = v
        .verify_chain(
            &p.citizen_sign.cert_der,
            &[],
            KeyUsageRequirement::Sign,
            now(p),
        )
        .unwrap();
    assert!(r.has(Code::RevocationUnknown), "{:#?}", r.findings);
}

#[test]
fn verifier_without_anchor_is_a_config_error() {
    assert!(matches!(
        Verifier::builder().build(),
        Err(egov_sign::Error::Config { .. })
    ));
}
