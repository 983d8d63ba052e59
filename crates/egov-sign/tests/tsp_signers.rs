//! Issue 16: several signers, each with its own signature-time-stamp. A time-stamp request
//! and an embedded token are for one SignerInfo, chosen by index (refused without one when
//! there are several); co-signing and stamping one signer keep the others' tokens byte for
//! byte; `VerificationTime::Timestamp` judges each signer at its own genTime.

mod common;

use common::{now, pki, policy};
use egov_sign::cms::{self, Envelope, SignOptions};
use egov_sign::test_pki::responders::{TestTsa, TokenOptions, TsaProfile};
use egov_sign::test_pki::{Issued, KeyFamily, TestPki};
use egov_sign::tsp::{self, TimeStampReq, TsaTrust, TspError};
use egov_sign::VerificationTime;
use egov_sign::{Code, Indication};
use egov_sign::{CoreBackend, SigningKey};
use egov_sign::{Error, Time};
use egov_sign::{Verifier, VerifyOptions};
use time::Duration;

fn token(p: &TestPki, req: &TimeStampReq, gen_time: Time) -> Vec<u8> {
    TestTsa::new(p, TsaProfile::Conforming)
        .unwrap()
        .token_for(
            req,
            &TokenOptions {
                gen_time,
                serial: gen_time.unix_timestamp() as u64,
                accuracy_seconds: Some(1),
                embed_certificate: true,
            },
        )
        .unwrap()
}

fn trust(p: &TestPki) -> TsaTrust {
    TsaTrust::new()
        .anchors(&p.root.cert_der)
        .unwrap()
        .intermediates(&p.ca.cert_der)
        .unwrap()
}

fn opts(p: &TestPki, at: Time) -> SignOptions {
    let _ = p;
    SignOptions {
        signing_time: Some(at),
        ..SignOptions::default()
    }
}

fn key(who: &Issued) -> SigningKey {
    SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap()
}

fn rfc3339(t: i64) -> String {
    Time::from_unix_timestamp(t)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn each_signer_is_stamped_and_judged_at_its_own_time() {
    for f in [KeyFamily::P256, KeyFamily::Gost2015] {
        let p = pki(f);
        let (a, b) = (&p.revoked_sign, &p.delta_revoked_sign);
        // revoked_sign: keyCompromise at now−10d (ca_full); stamped at now−20d.
        // delta_revoked_sign: keyCompromise at now−2d (ca_delta); stamped at now−1d.
        let t_a = now(p) - Duration::days(20);
        let t_b = now(p) - Duration::days(1);
        let content = b"a contract both parties sign";
        let env = cms::sign(
            content,
            &key(a),
            &a.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &opts(p, t_a),
        )
        .unwrap();
        let req_a =
            TimeStampReq::for_signer(&Envelope::parse(&env).unwrap(), None, None, None, None)
                .unwrap();
        let tok_a = token(p, &req_a, t_a);
        let (env1, v) =
            tsp::embed_verified_timestamp(&env, None, &tok_a, None, &trust(p), &CoreBackend)
                .unwrap();
        assert_eq!(v.info.gen_time, t_a);
        let first = Envelope::parse(&env1).unwrap().signers[0].der.clone();

        // Co-signing keeps signer #0 (and its token) byte for byte.
        let env2 = cms::cosign(
            &env1,
            None,
            &key(b),
            &b.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &opts(p, t_b),
        )
        .unwrap();
        let parsed2 = Envelope::parse(&env2).unwrap();
        assert_eq!(parsed2.signers.len(), 2);
        assert_eq!(parsed2.signers[0].der, first);
        assert_eq!(parsed2.signers[0].timestamp_tokens, vec![tok_a.clone()]);

        // Two SignerInfos: which one must be said.
        for e in [
            TimeStampReq::for_signer(&parsed2, None, None, None, None).unwrap_err(),
            tsp::embed_signature_timestamp(&env2, &tok_a).unwrap_err(),
            TimeStampReq::for_signer(&parsed2, Some(2), None, None, None).unwrap_err(),
        ] {
            assert!(matches!(e, Error::Config { .. }), "{e:?}");
        }
        assert!(tsp::embed_signature_timestamp(&env2, &tok_a)
            .unwrap_err()
            .to_string()
            .contains("2 SignerInfos"),);
        let req_b = TimeStampReq::for_signer(&parsed2, Some(1), None, None, None).unwrap();
        assert_ne!(req_b, req_a);
        let tok_b = token(p, &req_b, t_b);
        // A token over signer #1's signature is refused for signer #0 (and #0's for #1).
        assert_eq!(
            tsp::embed_verified_timestamp(&env2, Some(0), &tok_b, None, &trust(p), &CoreBackend)
                .unwrap_err(),
            TspError::ImprintMismatch
        );
        assert_eq!(
            tsp::embed_verified_timestamp(&env2, Some(1), &tok_a, None, &trust(p), &CoreBackend)
                .unwrap_err(),
            TspError::ImprintMismatch
        );
        let (env3, _) =
            tsp::embed_verified_timestamp(&env2, Some(1), &tok_b, None, &trust(p), &CoreBackend)
                .unwrap();
        let parsed3 = Envelope::parse(&env3).unwrap();
        assert_eq!(parsed3.signers[0].der, first, "signer #0 untouched");
        assert_eq!(parsed3.signers[1].timestamp_tokens, vec![tok_b.clone()]);
        assert_eq!(parsed3.content, parsed2.content);
        assert_eq!(parsed3.certificates, parsed2.certificates);

        // A third signer after both tokens: both kept byte for byte.
        let env4 = cms::cosign(
            &env3,
            None,
            &key(&p.citizen_sign),
            &p.citizen_sign.cert_der,
            &[],
            &opts(p, now(p)),
        )
        .unwrap();
        let parsed4 = Envelope::parse(&env4).unwrap();
        assert_eq!(parsed4.signers[0].der, parsed3.signers[0].der);
        assert_eq!(parsed4.signers[1].der, parsed3.signers[1].der);

        // Each judged at its own genTime (+1 s accuracy).
        let v = Verifier::builder()
            .anchors(&p.root.cert_der)
            .unwrap()
            .intermediates(&p.ca.cert_der)
            .unwrap()
            .crls(&p.crls.root_full)
            .unwrap()
            .crls(&p.crls.ca_full)
            .unwrap()
            .crls(&p.crls.ca_delta)
            .unwrap()
            .policy(policy())
            .tsa_anchors(&p.root.cert_der)
            .unwrap()
            .tsa_intermediates(&p.ca.cert_der)
            .unwrap()
            .build()
            .unwrap();
        let ts = VerifyOptions {
            time: VerificationTime::Timestamp,
            ..VerifyOptions::default()
        };
        let r = v.verify_envelope(&env3, &ts).unwrap();
        assert_eq!(r.signers.len(), 2);
        let (s0, s1) = (&r.signers[0], &r.signers[1]);
        assert_eq!(
            s0.indication,
            Indication::Valid,
            "{f:?}: {:#?}",
            s0.findings
        );
        assert_eq!(s0.verification_time, rfc3339(t_a.unix_timestamp() + 1));
        assert_eq!(
            s0.timestamp.as_ref().unwrap().gen_time,
            rfc3339(t_a.unix_timestamp())
        );
        assert_eq!(
            s1.indication,
            Indication::Invalid,
            "{f:?}: {:#?}",
            s1.findings
        );
        assert!(s1.findings.iter().any(|x| x.code == Code::CertRevoked));
        assert_eq!(s1.verification_time, rfc3339(t_b.unix_timestamp() + 1));
        assert_eq!(r.indication, Indication::Invalid);
        // Judged now, signer #0 is revoked too.
        let now_opts = VerifyOptions {
            time: VerificationTime::At(now(p)),
            ..VerifyOptions::default()
        };
        let r = v.verify_envelope(&env3, &now_opts).unwrap();
        assert_eq!(r.signers[0].indication, Indication::Invalid);
        // The third signer (no token) is TIMESTAMP_MISSING at the time-stamp.
        let r = v.verify_envelope(&env4, &ts).unwrap();
        assert_eq!(r.signers[0].indication, Indication::Valid);
        assert!(r.signers[2]
            .findings
            .iter()
            .any(|x| x.code == Code::TimestampMissing));
    }
}
