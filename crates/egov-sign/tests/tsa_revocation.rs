//! Issue 16: the TSA's certificate is checked for revocation at the token's genTime, with
//! the evidence the verifier has (given CRLs / OCSP responses, the envelope's own). Before,
//! the TSA path was checked without revocation: a token of a TSA revoked before genTime
//! proved its time.

mod common;

use common::{now, pki, policy};
use egov_sign::cms::{self, Envelope, SignOptions};
use egov_sign::ocsp::{self, CertIdHash};
use egov_sign::test_pki::responders::{
    ca_crl, Answer, ResponderProfile, ResponseOptions, TestResponder, TestTsa, TokenOptions,
    TsaProfile,
};
use egov_sign::test_pki::{KeyFamily, TestPki};
use egov_sign::tsp::{self, TimeStampReq, TsaRevocation};
use egov_sign::Certificate;
use egov_sign::SigningKey;
use egov_sign::Time;
use egov_sign::VerificationTime;
use egov_sign::{Code, Indication, Report};
use egov_sign::{Verifier, VerifyOptions};
use time::Duration;

fn stamped(p: &TestPki, tsa: &TestTsa, gen_time: Time) -> Vec<u8> {
    let who = &p.citizen_sign;
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let env = cms::sign(
        b"document",
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions::default(),
    )
    .unwrap();
    let req =
        TimeStampReq::for_signer(&Envelope::parse(&env).unwrap(), None, None, None, None).unwrap();
    let token = tsa
        .token_for(
            &req,
            &TokenOptions {
                gen_time,
                serial: 3,
                accuracy_seconds: None,
                embed_certificate: true,
            },
        )
        .unwrap();
    tsp::embed_signature_timestamp(&env, &token).unwrap()
}

fn verifier(p: &TestPki, crls: &[&[u8]], ocsp: &[&[u8]], mode: TsaRevocation) -> Verifier {
    let mut b = Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .intermediates(&p.ca.cert_der)
        .unwrap()
        .tsa_anchors(&p.root.cert_der)
        .unwrap()
        .policy(policy())
        .tsa_revocation(mode);
    for c in crls {
        b = b.crls(c).unwrap();
    }
    for o in ocsp {
        b = b.ocsp_response(o).unwrap();
    }
    b.build().unwrap()
}

fn at_timestamp(v: &Verifier, env: &[u8]) -> Report {
    v.verify_envelope(
        env,
        &VerifyOptions {
            time: VerificationTime::Timestamp,
            ..VerifyOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn a_tsa_revoked_before_gen_time_proves_nothing() {
    for f in [KeyFamily::P256, KeyFamily::Rsa] {
        let p = pki(f);
        let tsa = TestTsa::new(p, TsaProfile::Conforming).unwrap();
        let serial = Certificate::from_der(&tsa.cert_der)
            .unwrap()
            .serial()
            .to_vec();
        let gen_time = now(p) - Duration::days(1);
        let env = stamped(p, &tsa, gen_time);
        let crl = |at: Time, reason: u8| {
            ca_crl(
                p,
                now(p) - Duration::days(3),
                now(p) + Duration::days(7),
                200,
                &[(serial.clone(), at, reason)],
            )
            .unwrap()
        };
        let mode = TsaRevocation::Warn;
        // Not revoked: valid, no warning.
        let clean = ca_crl(
            p,
            now(p) - Duration::days(3),
            now(p) + Duration::days(7),
            200,
            &[],
        )
        .unwrap();
        let r = at_timestamp(&verifier(p, &[&p.crls.root_full, &clean], &[], mode), &env);
        assert_eq!(r.indication, Indication::Valid, "{f:?} {:#?}", r.findings);
        assert!(!r.has(Code::TsaRevocationUnknown));

        // superseded before genTime: the token proves nothing (fails on the old code: VALID).
        let before = crl(gen_time - Duration::days(1), 4);
        let r = at_timestamp(&verifier(p, &[&p.crls.root_full, &before], &[], mode), &env);
        assert_eq!(
            r.indication,
            Indication::Indeterminate,
            "{f:?} {:#?}",
            r.findings
        );
        let d = &r
            .findings
            .iter()
            .find(|x| x.code == Code::TimestampInvalid)
            .expect("TIMESTAMP_INVALID")
            .detail;
        assert!(d.contains("TSA"), "{d}");
        // TsaRevocation::Skip is the old behaviour: the revocation is not looked for, VALID.
        let r = at_timestamp(
            &verifier(p, &[&p.crls.root_full, &before], &[], TsaRevocation::Skip),
            &env,
        );
        assert_eq!(r.indication, Indication::Valid);

        // superseded after genTime: the token holds.
        let after = crl(gen_time + Duration::hours(12), 4);
        let r = at_timestamp(&verifier(p, &[&p.crls.root_full, &after], &[], mode), &env);
        assert_eq!(r.indication, Indication::Valid, "{f:?} {:#?}", r.findings);
        // keyCompromise (or no stated reason) after genTime: any genTime may be forged.
        for reason in [1, 0] {
            let compromised = crl(gen_time + Duration::hours(12), reason);
            let r = at_timestamp(
                &verifier(p, &[&p.crls.root_full, &compromised], &[], mode),
                &env,
            );
            assert_eq!(
                r.indication,
                Indication::Indeterminate,
                "{f:?} {:#?}",
                r.findings
            );
            assert!(r.has(Code::TimestampInvalid));
        }

        // No evidence about the TSA (the signer's status from OCSP only): a warning under
        // Warn, TIMESTAMP_INVALID under Require.
        let cert = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let id = ocsp::CertId::new(&cert, &ca, CertIdHash::Sha1).unwrap();
        let good = TestResponder::new(p, ResponderProfile::Delegated)
            .unwrap()
            .response(
                &[id],
                None,
                &ResponseOptions {
                    this_update: gen_time - Duration::minutes(5),
                    next_update: Some(gen_time + Duration::days(1)),
                },
                |_| Answer::Good,
            )
            .unwrap();
        let r = at_timestamp(&verifier(p, &[&p.crls.root_full], &[&good], mode), &env);
        assert_eq!(r.indication, Indication::Valid, "{f:?} {:#?}", r.findings);
        assert!(r.has(Code::TsaRevocationUnknown), "{:#?}", r.findings);
        let r = at_timestamp(
            &verifier(p, &[&p.crls.root_full], &[&good], TsaRevocation::Require),
            &env,
        );
        assert_eq!(
            r.indication,
            Indication::Indeterminate,
            "{f:?} {:#?}",
            r.findings
        );
        assert!(r.has(Code::TimestampInvalid));
    }
}
