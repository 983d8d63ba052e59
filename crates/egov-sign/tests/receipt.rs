//! The receipt refusing documents for an incomplete package (issue 14): its own document
//! kind, issued and signed by a ЦОН operator before any request exists. Seeds:
//! /work/shared/seeds/002_… line 120 (queue, appendix 3), 273 (справка, appendix 3), 401
//! (privatization, appendix 1).

mod common;

use common::*;
use egov_sign::cms::{self, SignOptions};
use egov_sign::document::{
    CertificateForm, Channel, Form, Operator, Outcome, Person, Receipt, Request, Service,
};
use egov_sign::report::Signer;
use egov_sign::test_pki::{
    samples, Issued, KeyFamily, TestPki, CITIZEN_IIN, CON_BIN, OPERATOR_IIN, PROVIDER_BIN,
};
use egov_sign::Error;
use egov_sign::SigningKey;
use egov_sign::VerifyOptions;
use egov_sign::{Bin, ChecksumPolicy, Iin};
use egov_sign::{Code, Indication, Lang};
use egov_sign::{Policy, VerificationTime};

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

fn receipt(p: &TestPki, service: Service, operator_bin: &str) -> Receipt {
    Receipt::new(
        service,
        Person {
            iin: Iin::parse(CITIZEN_IIN).unwrap(),
            name: samples::CITIZEN_NAME.into(),
        },
        Operator {
            iin: Iin::parse(OPERATOR_IIN).unwrap(),
            bin: Bin::parse(operator_bin).unwrap(),
        },
        vec!["Справка о составе семьи".into()],
        now(p),
        ChecksumPolicy::Strict,
    )
    .unwrap()
}

/// 002:120 «выдача работником Государственной корпорации расписки об отказе в приеме
/// документов»: a ЦОН operator's receipt verifies; its refusal texts name the State
/// Corporation's employee.
#[test]
fn receipt_signed_by_a_con_operator_is_valid() {
    for f in [KeyFamily::P256, KeyFamily::Rsa] {
        let p = pki(f);
        let v = verifier(p);
        let doc = receipt(p, Service::HousingQueue, CON_BIN);
        let env = sign(p, &p.operator_sign, &doc.to_json());
        let r = v.verify_receipt(&env, &at(p)).unwrap();
        assert!(r.is_valid(), "{:#?}", r.findings);
        assert_eq!(r.document.as_ref().and_then(|d| d.as_receipt()), Some(&doc));
        assert_eq!(r.signer_kind(), Signer::ConOperator);
    }
}

/// Not a provider result: the provider's first head (a valid result signer) cannot issue
/// a receipt, nor can a citizen; with no ЦОН operator organisation configured no receipt is
/// valid.
#[test]
fn receipt_from_anyone_but_a_con_operator_is_refused() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    // The provider's head, naming the provider as the "operator" organisation.
    let mut doc = receipt(p, Service::HousingQueue, PROVIDER_BIN);
    doc.operator.iin = Iin::parse(egov_sign::test_pki::PROVIDER_HEAD_IIN).unwrap();
    let env = sign(p, &p.provider_head_sign, &doc.to_json());
    let r = v.verify_receipt(&env, &at(p)).unwrap();
    assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
    assert!(r.has(Code::BinMismatch), "{:#?}", r.findings);
    let ru = r.refusal_text(Lang::Ru);
    assert!(ru.contains("работника Государственной корпорации"), "{ru}");

    // The citizen: not a legal-entity certificate, IIN not the operator's.
    let doc = receipt(p, Service::HousingQueue, CON_BIN);
    let env = sign(p, &p.citizen_sign, &doc.to_json());
    let r = v.verify_receipt(&env, &at(p)).unwrap();
    assert!(r.has(Code::RoleNotAllowed), "{:#?}", r.findings);
    assert!(r.has(Code::IinMismatch), "{:#?}", r.findings);

    // No operator organisation configured: fail closed.
    let v = verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
        Policy {
            provider_bins: vec![Bin::parse(PROVIDER_BIN).unwrap()],
            ..Policy::default()
        },
    );
    let env = sign(p, &p.operator_sign, &doc.to_json());
    let r = v.verify_receipt(&env, &at(p)).unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    assert!(r.has(Code::ChannelNotAllowed), "{:#?}", r.findings);
}

/// The receipt is issued at a ЦОН: a service the policy's rules do not receive there gets
/// CHANNEL_NOT_ALLOWED.
#[test]
fn receipt_for_a_service_not_received_at_a_con_is_refused() {
    let p = pki(KeyFamily::P256);
    let mut pol = policy();
    for s in &mut pol.rules.services {
        if s.service == Service::Privatization {
            s.channels.retain(|c| *c != Channel::Con);
        }
    }
    let v = verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
        pol,
    );
    let doc = receipt(p, Service::Privatization, CON_BIN);
    let env = sign(p, &p.operator_sign, &doc.to_json());
    let r = v.verify_receipt(&env, &at(p)).unwrap();
    assert_eq!(
        r.codes(),
        vec![Code::ChannelNotAllowed],
        "{:#?}",
        r.findings
    );
}

/// A receipt lists at least one missing document and binds to no request (none exists
/// yet); its form is appendix 3 of the standard, appendix 1 for privatization (002:401).
#[test]
fn receipt_schema() {
    let p = pki(KeyFamily::P256);
    let doc = receipt(p, Service::HousingQueue, CON_BIN);
    assert_eq!(doc.form_appendix(), 3);
    assert_eq!(
        receipt(p, Service::HousingCertificate, CON_BIN).form_appendix(),
        3
    );
    assert_eq!(
        receipt(p, Service::Privatization, CON_BIN).form_appendix(),
        1
    );
    assert_eq!(
        Receipt::from_json(&doc.to_json(), ChecksumPolicy::Strict).unwrap(),
        doc
    );

    let mut v: serde_json::Value = serde_json::from_slice(&doc.to_json()).unwrap();
    v["missing_documents"] = serde_json::json!([]);
    let e = Receipt::from_json(v.to_string().as_bytes(), ChecksumPolicy::Strict).unwrap_err();
    assert!(
        matches!(e, Error::InvalidDocument { ref field, .. } if field == "missing_documents"),
        "{e:?}"
    );
    let mut v: serde_json::Value = serde_json::from_slice(&doc.to_json()).unwrap();
    v["request"] = serde_json::json!({"registration_number": "KZ-1"});
    assert!(Receipt::from_json(v.to_string().as_bytes(), ChecksumPolicy::Strict).is_err());

    // A receipt is not a result, and a result is not a receipt.
    let v = verifier(p);
    let env = sign(p, &p.operator_sign, &doc.to_json());
    let r = v.verify_result(&env, &at(p)).unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    assert!(r.has(Code::DocumentInvalid));
    let req = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let req_env = sign(p, &p.citizen_sign, &req);
    let res = samples::head_queue_result(&req_env, now(p)).unwrap();
    let env = sign(p, &p.provider_head_sign, &res.to_json());
    let r = v.verify_receipt(&env, &at(p)).unwrap();
    assert!(r.has(Code::DocumentInvalid), "{:#?}", r.findings);
}

/// A result's binding findings are reported once (the binding check ran twice before).
#[test]
fn binding_findings_are_not_repeated() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let req = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let req_env = sign(p, &p.citizen_sign, &req);
    let mut doc = samples::head_queue_result(&req_env, now(p)).unwrap();
    doc.applicant.iin = Iin::parse(egov_sign::test_pki::CITIZEN2_IIN).unwrap();
    let env = sign(p, &p.provider_head_sign, &doc.to_json());
    let r = v
        .verify_result(
            &env,
            &VerifyOptions {
                request_envelope: Some(&req_env),
                ..at(p)
            },
        )
        .unwrap();
    assert_eq!(r.findings.len(), 1, "{:#?}", r.findings);
    assert_eq!(r.findings[0].code, Code::ResultApplicantMismatch);
}

/// 002:209: a справка covers the applicant and the request's family members; a справка
/// naming someone else is not bound to the request.
#[test]
fn certificate_covers_only_the_requests_people() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let req = Request::builder(
        Service::HousingCertificate,
        Channel::Con,
        Person {
            iin: Iin::parse(CITIZEN_IIN).unwrap(),
            name: samples::CITIZEN_NAME.into(),
        },
    )
    .operator(Operator {
        iin: Iin::parse(OPERATOR_IIN).unwrap(),
        bin: Bin::parse(CON_BIN).unwrap(),
    })
    .form(Form::HousingCertificate(CertificateForm {
        purpose: "по месту требования".into(),
        region: "г. Алматы".into(),
    }))
    .created_at(now(p))
    .build()
    .unwrap();
    let req_env = sign(p, &p.operator_sign, &req.to_json());
    let mut doc = samples::head_queue_result(&req_env, now(p)).unwrap();
    doc.service = Service::HousingCertificate;
    doc.outcome = Outcome::HousingCertificate {
        certificate_number: "S-1".into(),
        has_state_housing: false,
        fund: None,
        dwelling_address: None,
        covers: vec![
            Iin::parse(CITIZEN_IIN).unwrap(),
            Iin::parse(egov_sign::test_pki::CITIZEN2_IIN).unwrap(),
        ],
    };
    let env = sign(p, &p.provider_head_sign, &doc.to_json());
    let r = v
        .verify_result(
            &env,
            &VerifyOptions {
                request_envelope: Some(&req_env),
                ..at(p)
            },
        )
        .unwrap();
    assert!(r.has(Code::ResultApplicantMismatch), "{:#?}", r.findings);
}

/// The package refusal is not a provider result: a provider result with the legacy
/// `package_refused` outcome is refused (OUTCOME_NOT_FOR_SERVICE).
#[test]
fn provider_result_cannot_be_the_package_receipt() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let req = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let req_env = sign(p, &p.citizen_sign, &req);
    let mut doc = samples::head_queue_result(&req_env, now(p)).unwrap();
    doc.outcome = Outcome::PackageRefused {
        missing_documents: vec!["Справка о составе семьи".into()],
    };
    let env = sign(p, &p.provider_head_sign, &doc.to_json());
    let r = v
        .verify_result(
            &env,
            &VerifyOptions {
                request_envelope: Some(&req_env),
                ..at(p)
            },
        )
        .unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    assert_eq!(
        r.codes(),
        vec![Code::OutcomeNotForService],
        "{:#?}",
        r.findings
    );
}
