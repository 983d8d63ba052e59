//! The regulations' rules on results and requests (issue 14), end to end with the test PKI.
//! Seeds: /work/shared/seeds/000_… (Almaty region, 2012) and 002_… (Almaty city, 2018);
//! `002:205` is line 205 of 002.
#![cfg(feature = "test-pki")]

mod common;

use common::*;
use egov_sign::algorithm::SigningKey;
use egov_sign::cms::{self, SignOptions};
use egov_sign::policy::{Policy, VerificationTime};
use egov_sign::report::{Code, Indication};
use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki};
use egov_sign::verifier::VerifyOptions;

fn sign(p: &TestPki, who: &Issued, content: &[u8]) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    cms::sign(
        content,
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(now(p)),
            ..SignOptions::default()
        },
    )
    .unwrap()
}

fn at(p: &TestPki) -> VerifyOptions<'static> {
    VerifyOptions {
        time: VerificationTime::At(now(p)),
        ..VerifyOptions::default()
    }
}

/// The forgery of issue 14: with the default policy (no provider organisation configured,
/// as in the CLI, Python and WASM defaults), the first head of a company the verifier knows
/// nothing about signs a result naming its own BIN as issuer, bound to the victim's real
/// request. Only the provider's authorized person signs results (000:199, 002:54), so with
/// no provider configured a result is refused, never valid.
#[test]
fn forged_result_with_no_provider_configured_is_refused() {
    for f in [KeyFamily::P256, KeyFamily::Rsa] {
        let p = pki(f);
        let v = verifier_with(
            p,
            &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
            Policy::default(),
        );
        // The victim's real portal request.
        let req = samples::citizen_portal_request(now(p)).unwrap().to_json();
        let req_env = sign(p, &p.citizen_sign, &req);
        // Any company's first head: the certificate's BIN is the result's issuer BIN.
        let forged = samples::head_queue_result(&req_env, now(p))
            .unwrap()
            .to_json();
        let env = sign(p, &p.provider_head_sign, &forged);
        let r = v
            .verify_result(
                &env,
                &VerifyOptions {
                    request_envelope: Some(&req_env),
                    ..at(p)
                },
            )
            .unwrap();
        assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
        assert!(
            r.has(Code::parse("PROVIDER_NOT_CONFIGURED").expect("code exists")),
            "{:#?}",
            r.findings
        );
        // And without the request envelope as well.
        let r = v.verify_result(&env, &at(p)).unwrap();
        assert_eq!(r.indication, Indication::Invalid);
    }
}
