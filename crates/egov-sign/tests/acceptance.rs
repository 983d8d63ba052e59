//! The core issue's acceptance scenarios, end to end: documents signed into CMS envelopes
//! with the test PKI, verified by a shared `Verifier`.

mod common;

use common::*;
use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{
    samples, Issued, KeyFamily, TestPki, CITIZEN2_IIN, PROVIDER_EMPLOYEE_IIN, PROVIDER_SIGNER_IIN,
};
use egov_sign::Bin;
use egov_sign::SigningKey;
use egov_sign::{Code, Indication, Lang, Report};
use egov_sign::{Error, Time};
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};
use time::Duration;

fn sign_with(p: &TestPki, who: &Issued, content: &[u8], opts: SignOptions) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    cms::sign(
        content,
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &opts,
    )
    .unwrap()
}

fn sign(p: &TestPki, who: &Issued, content: &[u8]) -> Vec<u8> {
    sign_with(
        p,
        who,
        content,
        SignOptions {
            signing_time: Some(now(p)),
            ..SignOptions::default()
        },
    )
}

fn at(p: &TestPki) -> VerifyOptions<'static> {
    VerifyOptions {
        time: VerificationTime::At(now(p)),
        ..VerifyOptions::default()
    }
}

fn request(p: &TestPki) -> Vec<u8> {
    samples::citizen_portal_request(now(p)).unwrap().to_json()
}

fn verify_req(v: &Verifier, p: &TestPki, env: &[u8]) -> Report {
    v.verify_request(env, &at(p)).unwrap()
}

#[test]
fn valid_portal_request_both_families() {
    for f in FAMILIES {
        let p = pki(f);
        let env = sign(p, &p.citizen_sign, &request(p));
        let r = verify_req(&verifier(p), p, &env);
        assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
        let signer = r.signer.as_ref().unwrap();
        assert_eq!(
            signer.iin.as_deref(),
            Some(egov_sign::test_pki::CITIZEN_IIN)
        );
        assert_eq!(r.chain.len(), 3);
        assert_eq!(r.document.as_ref().unwrap().to_value()["channel"], "portal");
        assert!(r.signing_time.is_some());
        // The fingerprint is the SHA-256 of the envelope DER, computed when read.
        assert_eq!(r.envelope_sha256.der(), Some(env.as_slice()));
        let expected: String = ring::digest::digest(&ring::digest::SHA256, &env)
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r.envelope_sha256.hex(), Some(expected.as_str()));
        // The report serialises with the contract fields.
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["indication"], "valid");
        assert_eq!(json["signer"]["role"], "individual");
    }
}

#[test]
fn iin_mismatch_is_invalid_with_texts_in_three_languages() {
    let p = pki(KeyFamily::P256);
    let other = samples::portal_queue_request(CITIZEN2_IIN, now(p))
        .unwrap()
        .to_json();
    let r = verify_req(&verifier(p), p, &sign(p, &p.citizen_sign, &other));
    assert_eq!(r.indication, Indication::Invalid);
    assert_eq!(r.codes(), vec![Code::IinMismatch]);
    let f = &r.findings[0];
    assert!(f.message.ru.contains("ИИН"), "{}", f.message.ru);
    assert!(f.message.kk.contains("ЖСН"), "{}", f.message.kk);
    assert!(f.message.en.contains("IIN"), "{}", f.message.en);
    assert_eq!(r.refusal_text(Lang::Ru), f.message.ru);
}

#[test]
fn portal_request_signed_with_an_organisation_certificate_is_refused() {
    use egov_sign::test_pki::PROVIDER_HEAD_IIN;
    let p = pki(KeyFamily::P256);
    // Same IIN as the signer, but the certificate is the provider head's legal-entity one.
    let doc = samples::portal_queue_request(PROVIDER_HEAD_IIN, now(p))
        .unwrap()
        .to_json();
    let r = verify_req(&verifier(p), p, &sign(p, &p.provider_head_sign, &doc));
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Invalid, vec![Code::RoleNotAllowed])
    );
}

#[test]
fn revoked_before_time_invalid_after_valid_and_delta_revocation() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let env = sign(p, &p.revoked_sign, &request(p));
        assert_eq!(verify_req(&v, p, &env).codes(), vec![Code::CertRevoked]);
        let earlier = VerifyOptions {
            time: VerificationTime::At(now(p) - Duration::days(20)),
            ..VerifyOptions::default()
        };
        assert!(v.verify_request(&env, &earlier).unwrap().is_valid());
        let env = sign(p, &p.delta_revoked_sign, &request(p));
        assert_eq!(verify_req(&v, p, &env).codes(), vec![Code::CertRevoked]);
        let env = sign(p, &p.on_hold_sign, &request(p));
        assert_eq!(verify_req(&v, p, &env).codes(), vec![Code::CertOnHold]);
    }
}

#[test]
fn expired_now_invalid_valid_at_earlier_time_and_at_signing_time() {
    let p = pki(KeyFamily::Rsa);
    let v = verifier(p);
    let signed_at = now(p) - Duration::days(2 * 365);
    let env = sign_with(
        p,
        &p.expired_sign,
        &request(p),
        SignOptions {
            signing_time: Some(signed_at),
            ..SignOptions::default()
        },
    );
    assert_eq!(verify_req(&v, p, &env).codes(), vec![Code::CertExpired]);
    let earlier = VerifyOptions {
        time: VerificationTime::At(signed_at),
        ..VerifyOptions::default()
    };
    assert!(v.verify_request(&env, &earlier).unwrap().is_valid());
    let st = VerifyOptions {
        time: VerificationTime::SigningTime,
        ..VerifyOptions::default()
    };
    // The signingTime is the signer's own, unproven claim: it cannot turn the certificate
    // that expired since into a valid signature (issue 16).
    let r = v.verify_request(&env, &st).unwrap();
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(r.has(Code::SigningTimeUnproven), "{:#?}", r.findings);
    // No signingTime attribute and the signing-time mode: indeterminate.
    let env = sign_with(p, &p.citizen_sign, &request(p), SignOptions::default());
    let r = v.verify_request(&env, &st).unwrap();
    assert!(r.has(Code::SigningTimeMissing));
    assert_ne!(r.indication, Indication::Valid);
}

#[test]
fn revocation_data_problems_are_not_valid() {
    let p = pki(KeyFamily::P256);
    let env = sign(p, &p.citizen_sign, &request(p));
    let v = verifier_with(p, &[], policy());
    let r = verify_req(&v, p, &env);
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Indeterminate, vec![Code::RevocationUnknown])
    );
    let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_stale], policy());
    let r = verify_req(&v, p, &env);
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Indeterminate, vec![Code::CrlExpired])
    );
    let v = verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_wrong_signature],
        policy(),
    );
    let r = verify_req(&v, p, &env);
    assert!(!r.is_valid() && r.has(Code::CrlSignatureInvalid));
}

#[test]
fn tampering_content_and_signature() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let content = request(p);
        let env = sign(p, &p.citizen_sign, &content);
        // One content byte: find the JSON inside the envelope and change a letter.
        let pos = env
            .windows(content.len())
            .position(|w| w == content.as_slice())
            .unwrap();
        let mut t = env.clone();
        let i = pos + content.iter().position(|b| *b == b'q').unwrap();
        t[i] = b'Q';
        let r = verify_req(&v, p, &t);
        assert!(r.has(Code::DigestMismatch), "{:#?}", r.findings);
        assert_eq!(r.indication, Indication::Invalid);
        // One signature byte: the signature is the last OCTET STRING in the envelope; flip
        // a byte near the end (inside the signature value).
        let mut t = env.clone();
        let n = t.len();
        t[n - 5] ^= 0x01;
        let r = verify_req(&v, p, &t);
        assert!(r.has(Code::SignatureInvalid), "{f:?}: {:#?}", r.findings);
        assert_eq!(r.indication, Indication::Invalid);
    }
}

#[test]
fn untrusted_root_auth_key_and_non_ca_issuer() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let key = SigningKey::from_pkcs8(&p.untrusted_sign.key_pkcs8_der).unwrap();
    let env = cms::sign(
        &request(p),
        &key,
        &p.untrusted_sign.cert_der,
        std::slice::from_ref(&p.other_root.cert_der),
        &SignOptions::default(),
    )
    .unwrap();
    let r = verify_req(&v, p, &env);
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Indeterminate, vec![Code::ChainUntrusted])
    );

    let r = verify_req(&v, p, &sign(p, &p.citizen_auth, &request(p)));
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Invalid, vec![Code::KeyUsage])
    );

    let key = SigningKey::from_pkcs8(&p.issued_by_not_ca.key_pkcs8_der).unwrap();
    let chain = [p.not_ca.cert_der.clone(), p.ca.cert_der.clone()];
    let env = cms::sign(
        &request(p),
        &key,
        &p.issued_by_not_ca.cert_der,
        &chain,
        &SignOptions::default(),
    )
    .unwrap();
    let r = verify_req(&v, p, &env);
    assert_eq!(r.indication, Indication::Invalid);
    assert!(r.has(Code::ChainInvalid), "{:#?}", r.findings);
}

#[test]
fn con_request_by_configured_operator_valid_other_bin_invalid() {
    for f in FAMILIES {
        let p = pki(f);
        let doc = samples::citizen_con_request(now(p)).unwrap().to_json();
        let env = sign(p, &p.operator_sign, &doc);
        let r = verify_req(&verifier(p), p, &env);
        assert!(r.is_valid(), "{:#?}", r.findings);
        // The verifier trusts another ЦОН organisation only.
        let other = Policy {
            operator_bins: vec![Bin::parse("950341000052").unwrap()],
            ..policy()
        };
        let v = verifier_with(
            p,
            &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
            other,
        );
        let r = verify_req(&v, p, &env);
        assert_eq!(
            (r.indication, r.codes()),
            (Indication::Invalid, vec![Code::BinMismatch])
        );
        // No operator organisation configured at all.
        let none = Policy {
            operator_bins: vec![],
            ..policy()
        };
        let v = verifier_with(
            p,
            &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
            none,
        );
        assert!(verify_req(&v, p, &env).has(Code::ChannelNotAllowed));
        // A citizen cannot sign a ЦОН request.
        let r = verify_req(&verifier(p), p, &sign(p, &p.citizen_sign, &doc));
        assert!(
            r.has(Code::RoleNotAllowed) && r.has(Code::IinMismatch),
            "{:#?}",
            r.findings
        );
    }
}

#[test]
fn provider_office_request_by_its_employee() {
    use egov_sign::test_pki::{OPERATOR_IIN, PROVIDER_BIN};
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let doc = samples::provider_queue_request(PROVIDER_EMPLOYEE_IIN, PROVIDER_BIN, now(p))
        .unwrap()
        .to_json();
    let r = verify_req(&v, p, &sign(p, &p.provider_employee_sign, &doc));
    assert!(r.is_valid(), "{:#?}", r.findings);
    // The ЦОН operator is not a provider employee.
    let doc = samples::provider_queue_request(OPERATOR_IIN, egov_sign::test_pki::CON_BIN, now(p))
        .unwrap()
        .to_json();
    let r = verify_req(&v, p, &sign(p, &p.operator_sign, &doc));
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Invalid, vec![Code::BinMismatch])
    );
}

#[test]
fn result_by_first_head_bound_to_request() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let req_env = sign(p, &p.citizen_sign, &request(p));
        let result = samples::head_queue_result(&req_env, now(p))
            .unwrap()
            .to_json();
        let env = sign(p, &p.provider_head_sign, &result);
        let opts = VerifyOptions {
            request_envelope: Some(&req_env),
            ..at(p)
        };
        let r = v.verify_result(&env, &opts).unwrap();
        assert!(r.is_valid(), "{:#?}", r.findings);
        assert_eq!(
            r.signer.as_ref().unwrap().role,
            egov_sign::report::Role::FirstHead
        );
        assert_eq!(
            r.document.as_ref().unwrap().to_value()["outcome"]["queue_number"],
            1542
        );
        // PEM request envelope works the same.
        let pem = cms::to_pem(&req_env);
        let r = v
            .verify_result(
                &env,
                &VerifyOptions {
                    request_envelope: Some(pem.as_bytes()),
                    ..at(p)
                },
            )
            .unwrap();
        assert!(r.is_valid());
        // Unbound: another request envelope.
        let other_req = sign_with(
            p,
            &p.citizen_sign,
            &request(p),
            SignOptions {
                signing_time: Some(now(p) - Duration::minutes(1)),
                ..SignOptions::default()
            },
        );
        assert_ne!(other_req, req_env);
        let r = v
            .verify_result(
                &env,
                &VerifyOptions {
                    request_envelope: Some(&other_req),
                    ..at(p)
                },
            )
            .unwrap();
        assert_eq!(
            (r.indication, r.codes()),
            (Indication::Invalid, vec![Code::RequestHashMismatch])
        );
    }
}

#[test]
fn result_rules_refuse_wrong_bin_wrong_official_and_employee() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let req_env = sign(p, &p.citizen_sign, &request(p));
    let opts = VerifyOptions {
        request_envelope: Some(&req_env),
        ..at(p)
    };
    // An employee without signing rights, named as the official.
    let doc = samples::queue_result(&req_env, PROVIDER_EMPLOYEE_IIN, 7, now(p))
        .unwrap()
        .to_json();
    let r = v
        .verify_result(&sign(p, &p.provider_employee_sign, &doc), &opts)
        .unwrap();
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Invalid, vec![Code::RoleNotAllowed])
    );
    // Right to sign is allowed.
    let doc = samples::queue_result(&req_env, PROVIDER_SIGNER_IIN, 7, now(p))
        .unwrap()
        .to_json();
    assert!(v
        .verify_result(&sign(p, &p.provider_signer_sign, &doc), &opts)
        .unwrap()
        .is_valid());
    // The ЦОН operator signs the head's result: wrong BIN, wrong IIN, wrong role.
    let doc = samples::head_queue_result(&req_env, now(p))
        .unwrap()
        .to_json();
    let r = v
        .verify_result(&sign(p, &p.operator_sign, &doc), &opts)
        .unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    for c in [Code::BinMismatch, Code::IinMismatch, Code::RoleNotAllowed] {
        assert!(r.has(c), "{c}: {:#?}", r.findings);
    }
    // A request is not a result.
    let r = v.verify_result(&req_env, &opts).unwrap();
    assert!(r.has(Code::DocumentInvalid));
}

#[test]
fn detached_envelope_needs_its_content() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let content = request(p);
    let env = sign_with(
        p,
        &p.citizen_sign,
        &content,
        SignOptions {
            detached: true,
            signing_time: Some(now(p)),
            ..SignOptions::default()
        },
    );
    let r = verify_req(&v, p, &env);
    assert_eq!(
        (r.indication, r.codes()),
        (Indication::Indeterminate, vec![Code::ContentMissing])
    );
    let r = v
        .verify_request(
            &env,
            &VerifyOptions {
                content: Some(&content),
                ..at(p)
            },
        )
        .unwrap();
    assert!(r.is_valid(), "{:#?}", r.findings);
    let mut other = content.clone();
    other[10] ^= 1;
    let r = v
        .verify_request(
            &env,
            &VerifyOptions {
                content: Some(&other),
                ..at(p)
            },
        )
        .unwrap();
    assert!(r.has(Code::DigestMismatch));
}

#[test]
fn openssl_signed_request_verifies() {
    let p = pki(KeyFamily::Rsa);
    let dir = tempfile::tempdir().unwrap();
    p.write_to_dir(dir.path()).unwrap();
    let doc = dir.path().join("request.json");
    std::fs::write(&doc, request(p)).unwrap();
    for noattr in [false, true] {
        let out = dir.path().join(format!("ossl-{noattr}.p7s"));
        let mut cmd = std::process::Command::new("openssl");
        cmd.current_dir(dir.path()).args([
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-outform",
            "DER",
            "-in",
            "request.json",
            "-signer",
            "citizen_sign.pem",
            "-inkey",
            "citizen_sign.key.pem",
            "-certfile",
            "ca.pem",
            "-md",
            "sha256",
            "-out",
        ]);
        cmd.arg(&out);
        if noattr {
            cmd.arg("-noattr");
        }
        let st = cmd.status().expect("the openssl CLI is required");
        assert!(st.success());
        let env = std::fs::read(&out).unwrap();
        let r = verify_req(&verifier(p), p, &env);
        assert!(r.is_valid(), "noattr={noattr}: {:#?}", r.findings);
        assert_eq!(r.signing_time.is_some(), !noattr);
    }
}

#[test]
fn hostile_inputs_are_typed_errors() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let env = sign(p, &p.citizen_sign, &request(p));
    for len in 0..env.len() {
        let r = v.verify_request(&env[..len], &at(p));
        assert!(r.is_err(), "truncated at {len} parsed");
    }
    assert!(matches!(
        v.verify_request(b"garbage garbage", &at(p)),
        Err(Error::Malformed { .. })
    ));
    let huge = vec![0x30u8; egov_sign::limits::MAX_ENVELOPE_SIZE + 1];
    assert!(matches!(
        v.verify_request(&huge, &at(p)),
        Err(Error::TooLarge { .. })
    ));
    // A bad request-envelope argument is an error, not a silently unbound result.
    let opts = VerifyOptions {
        request_envelope: Some(b"not an envelope"),
        ..at(p)
    };
    assert!(v.verify_result(&env, &opts).is_err());
}

#[test]
fn one_verifier_shared_across_threads() {
    let p = pki(KeyFamily::P256);
    let v = std::sync::Arc::new(verifier(p));
    let good = sign(p, &p.citizen_sign, &request(p));
    let bad = sign(p, &p.revoked_sign, &request(p));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let (v, good, bad) = (v.clone(), good.clone(), bad.clone());
            let t = now(p);
            std::thread::spawn(move || {
                let o = VerifyOptions {
                    time: VerificationTime::At(t),
                    ..VerifyOptions::default()
                };
                for _ in 0..10 {
                    assert!(
                        v.verify_request(&good, &o).unwrap().is_valid(),
                        "thread {i}"
                    );
                    assert!(v.verify_request(&bad, &o).unwrap().has(Code::CertRevoked));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn lenient_policy_accepts_test_iins_strict_refuses() {
    // A request whose applicant IIN fails the check digit (like NCA test certificates').
    let p = pki(KeyFamily::P256);
    let json = String::from_utf8(request(p))
        .unwrap()
        .replace(egov_sign::test_pki::CITIZEN_IIN, "123456789011");
    let env = sign(p, &p.citizen_sign, json.as_bytes());
    let r = verify_req(&verifier(p), p, &env);
    assert!(r.has(Code::IinInvalid), "{:#?}", r.findings);
    let lenient = Policy {
        checksum: egov_sign::ChecksumPolicy::Lenient,
        ..policy()
    };
    let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_full], lenient);
    let r = verify_req(&v, p, &env);
    // Parsed now; the IIN differs from the certificate's.
    assert_eq!(r.codes(), vec![Code::IinMismatch]);
}

#[allow(dead_code)]
fn _time(_: Time) {}

/// Issue 16, fact 1: a backdated signingTime (the signer's unsigned claim) never turns a
/// result that is not valid now into VALID — a key revoked for keyCompromise, an expired
/// certificate, a stale CRL: at best INDETERMINATE with SIGNING_TIME_UNPROVEN.
#[test]
fn backdated_signing_time_never_valid() {
    let st = VerifyOptions {
        time: VerificationTime::SigningTime,
        ..VerifyOptions::default()
    };
    for f in [KeyFamily::P256, KeyFamily::Gost2015] {
        let p = pki(f);
        let backdated = |who: &Issued, days: i64| {
            sign_with(
                p,
                who,
                &samples::citizen_portal_request(now(p) - Duration::days(days))
                    .unwrap()
                    .to_json(),
                SignOptions {
                    signing_time: Some(now(p) - Duration::days(days)),
                    ..SignOptions::default()
                },
            )
        };
        // revoked_sign: keyCompromise at now−10d; the signer claims now−20d.
        let v = verifier(p);
        let env = backdated(&p.revoked_sign, 20);
        assert!(verify_req(&v, p, &env).has(Code::CertRevoked));
        let r = v.verify_request(&env, &st).unwrap();
        assert_ne!(
            r.indication,
            Indication::Valid,
            "{f:?} revoked: {:#?}",
            r.findings
        );
        assert!(r.has(Code::SigningTimeUnproven), "{f:?}: {:#?}", r.findings);

        // expired_sign: valid now−3y … now−1y; the signer claims now−2y.
        let env = backdated(&p.expired_sign, 2 * 365);
        let r = v.verify_request(&env, &st).unwrap();
        assert_ne!(
            r.indication,
            Indication::Valid,
            "{f:?} expired: {:#?}",
            r.findings
        );
        assert!(r.has(Code::SigningTimeUnproven));

        // ca_stale: fresh from now−30d to now−1d; the signer claims now−5d (end-entity
        // scope: the root's CRL, issued now−1h, says nothing about now−5d).
        let ee = Policy {
            revocation: egov_sign::RevocationScope::EndEntity,
            ..policy()
        };
        let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_stale], ee);
        let env = backdated(&p.citizen_sign, 5);
        assert!(verify_req(&v, p, &env).has(Code::CrlExpired));
        let r = v.verify_request(&env, &st).unwrap();
        assert_ne!(
            r.indication,
            Indication::Valid,
            "{f:?} stale: {:#?}",
            r.findings
        );
        assert!(r.has(Code::SigningTimeUnproven));
        assert!(r
            .findings
            .iter()
            .any(|x| x.code == Code::SigningTimeUnproven && x.detail.contains("CRL_EXPIRED")));

        // A signature that is valid now stays valid at its (unproven) signing time.
        let v = verifier(p);
        let env = backdated(&p.citizen_sign, 5);
        let r = v.verify_request(&env, &st).unwrap();
        assert!(r.is_valid(), "{f:?}: {:#?}", r.findings);
    }
}
