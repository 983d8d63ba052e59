//! The verifier's certificate cache memoises only the parse of embedded certificates: a hit
//! must never change a report. Every scenario is verified by a verifier with the cache off
//! and, three times, by one with the cache on; the reports must be identical, and the
//! per-call checks (issuer signature, validity at the chosen time, revocation) must still
//! run on a hit.

mod common;

use common::*;
use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{samples, Issued, TestPki};
use egov_sign::SigningKey;
use egov_sign::Time;
use egov_sign::VerificationTime;
use egov_sign::{Code, Indication};
use egov_sign::{Verifier, VerifyOptions};
use time::Duration;

fn sign_at(p: &TestPki, who: &Issued, at: Time) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let content = samples::citizen_portal_request(now(p)).unwrap().to_json();
    cms::sign(
        &content,
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(at),
            ..SignOptions::default()
        },
    )
    .unwrap()
}

fn at(t: Time) -> VerifyOptions<'static> {
    VerifyOptions {
        time: VerificationTime::At(t),
        ..VerifyOptions::default()
    }
}

fn builder(p: &TestPki) -> egov_sign::VerifierBuilder {
    let mut b = Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .intermediates(&p.ca.cert_der)
        .unwrap()
        .policy(policy());
    for crl in [&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta] {
        b = b.crls(crl).unwrap();
    }
    b
}

/// The envelope with one byte of the embedded `cert` flipped at `offset` from its end.
fn tamper_cert(env: &[u8], cert: &[u8], from_end: usize) -> Vec<u8> {
    let pos = env
        .windows(cert.len())
        .position(|w| w == cert)
        .expect("certificate embedded");
    let mut t = env.to_vec();
    t[pos + cert.len() - from_end] ^= 0x01;
    t
}

#[test]
fn reports_with_and_without_the_cache_are_identical() {
    for f in FAMILIES {
        let p = pki(f);
        let t = now(p);
        let cached = builder(p).build().unwrap();
        let uncached = builder(p).certificate_cache(0).build().unwrap();
        assert_eq!(uncached.certificate_cache_capacity(), 0);
        let valid = sign_at(p, &p.citizen_sign, t);
        let cases: Vec<(&str, Vec<u8>, Time)> = vec![
            ("valid", valid.clone(), t),
            ("revoked", sign_at(p, &p.revoked_sign, t), t),
            ("delta revoked", sign_at(p, &p.delta_revoked_sign, t), t),
            ("on hold", sign_at(p, &p.on_hold_sign, t), t),
            ("auth key", sign_at(p, &p.citizen_auth, t), t),
            ("untrusted root", sign_at(p, &p.untrusted_sign, t), t),
            ("valid, later", valid.clone(), t + Duration::days(4000)),
            ("valid, earlier", valid.clone(), t - Duration::days(4000)),
            (
                "cert signature byte",
                tamper_cert(&valid, &p.citizen_sign.cert_der, 3),
                t,
            ),
        ];
        for (name, env, time) in &cases {
            let expected = uncached.verify_request(env, &at(*time)).unwrap();
            for round in 0..3 {
                let got = cached.verify_request(env, &at(*time)).unwrap();
                assert_eq!(got, expected, "{f:?} {name} round {round}");
            }
        }
        assert_eq!(uncached.cached_certificates(), 0);
        assert!(cached.cached_certificates() >= 6, "{f:?}");
    }
}

#[test]
fn a_hit_still_checks_time_revocation_and_the_issuer_signature() {
    for f in FAMILIES {
        let p = pki(f);
        let t = now(p);
        let v = builder(p).build().unwrap();
        let env = sign_at(p, &p.citizen_sign, t);
        assert!(v.verify_request(&env, &at(t)).unwrap().is_valid());
        assert_eq!(v.cached_certificates(), 1, "{f:?}");

        // Same certificate (a hit), later than its notAfter: expired.
        let late = v
            .verify_request(&env, &at(t + Duration::days(4000)))
            .unwrap();
        assert!(late.has(Code::CertExpired), "{f:?}: {:#?}", late.findings);
        assert_eq!(v.cached_certificates(), 1);
        // And back in its validity period: valid again.
        assert!(v.verify_request(&env, &at(t)).unwrap().is_valid());

        // A revoked certificate, verified twice: revoked both times.
        let revoked = sign_at(p, &p.revoked_sign, t);
        for _ in 0..2 {
            let r = v.verify_request(&revoked, &at(t)).unwrap();
            assert_eq!(r.codes(), vec![Code::CertRevoked], "{f:?}");
        }
        // Before the revocation date it was fine (the same cached parse).
        let earlier = v
            .verify_request(&revoked, &at(t - Duration::days(20)))
            .unwrap();
        assert!(earlier.is_valid(), "{f:?}: {:#?}", earlier.findings);

        // The cached certificate with one signature byte flipped is another certificate:
        // parsed anew, and its issuer signature fails.
        let forged = tamper_cert(&env, &p.citizen_sign.cert_der, 3);
        let r = v.verify_request(&forged, &at(t)).unwrap();
        assert_eq!(r.indication, Indication::Invalid, "{f:?}");
        assert!(!r.is_valid());
        assert!(
            r.findings.iter().any(|x| x.code != Code::CertRevoked),
            "{f:?}: {:#?}",
            r.findings
        );
        // The original still verifies.
        assert!(v.verify_request(&env, &at(t)).unwrap().is_valid());
    }
}

#[test]
fn capacity_bounds_what_the_verifier_keeps() {
    let p = pki(FAMILIES[0]);
    let t = now(p);
    let v = builder(p).certificate_cache(2).build().unwrap();
    assert_eq!(v.certificate_cache_capacity(), 2);
    let signers = [
        &p.citizen_sign,
        &p.citizen_auth,
        &p.revoked_sign,
        &p.on_hold_sign,
        &p.delta_revoked_sign,
        &p.operator_sign,
    ];
    for round in 0..3 {
        for s in signers {
            let env = sign_at(p, s, t);
            v.verify_request(&env, &at(t)).unwrap();
            assert!(v.cached_certificates() <= 2, "round {round}");
        }
    }
    assert!(v.cached_certificates() >= 1);
}
