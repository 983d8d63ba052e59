//! The regulations' rules on results and requests (issue 14), end to end with the test PKI.
//! Seeds: /work/shared/seeds/000_… (Almaty region, 2012) and 002_… (Almaty city, 2018);
//! `002:205` is line 205 of 002.

mod common;

use common::*;
use egov_sign::cms::{self, SignOptions};
use egov_sign::document::{
    registration_date, Calendar, CertificateForm, Channel, Form, Operator, Outcome, Person,
    RefusalReason, Request, Service, ServiceRules,
};
use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki, CITIZEN2_IIN, CITIZEN_IIN};
use egov_sign::SigningKey;
use egov_sign::VerifyOptions;
use egov_sign::{Bin, Iin};
use egov_sign::{Code, Indication, Lang, Report};
use egov_sign::{Policy, VerificationTime};
use time::macros::date;
use time::Duration;

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

fn verify_result(p: &TestPki, doc: &egov_sign::ResultDocument, req_env: &[u8]) -> Report {
    let v = verifier(p);
    let env = sign(p, &p.provider_head_sign, &doc.to_json());
    v.verify_result(
        &env,
        &VerifyOptions {
            request_envelope: Some(req_env),
            ..at(p)
        },
    )
    .unwrap()
}

fn citizen_request(p: &TestPki) -> Vec<u8> {
    let req = samples::citizen_portal_request(now(p)).unwrap().to_json();
    sign(p, &p.citizen_sign, &req)
}

/// A result is bound to its request by more than the hash: same service, same applicant,
/// registered not before the request was created, an outcome of the service.
#[test]
fn result_is_bound_to_the_request_content() {
    let p = pki(KeyFamily::P256);
    let req_env = citizen_request(p);
    let good = samples::head_queue_result(&req_env, now(p)).unwrap();
    let r = verify_result(p, &good, &req_env);
    assert!(r.is_valid(), "{:#?}", r.findings);

    // Another service (with a refusal, which any service may have).
    let mut doc = good.clone();
    doc.service = Service::HousingCertificate;
    doc.outcome = Outcome::Refusal {
        reasons: vec![RefusalReason {
            code: "DOCUMENT_VIOLATIONS".into(),
            text: "x".into(),
        }],
    };
    doc.due_by = Service::HousingCertificate.deadline(registration_date(doc.registered_at));
    let r = verify_result(p, &doc, &req_env);
    // The справка counts working days: from late December 2026 on, over 2027, whose
    // embedded calendar is provisional — a warning that does not matter here.
    let mut codes = r.codes();
    codes.retain(|c| *c != Code::CalendarProvisional);
    assert_eq!(
        codes,
        vec![Code::ResultServiceMismatch],
        "{:#?}",
        r.findings
    );

    // Another applicant.
    let mut doc = good.clone();
    doc.applicant = Person {
        iin: Iin::parse(CITIZEN2_IIN).unwrap(),
        name: "Иванов Сергей".into(),
    };
    let r = verify_result(p, &doc, &req_env);
    assert_eq!(r.codes(), vec![Code::ResultApplicantMismatch]);

    // Registered before the request existed.
    let mut doc = good.clone();
    doc.registered_at = now(p) - Duration::hours(2);
    // Two hours earlier may be the day before in Almaty (UTC+5): the deadline follows the
    // registration date, so keep `due_by` consistent and test only the binding rule.
    doc.due_by = doc.service.deadline(registration_date(doc.registered_at));
    let r = verify_result(p, &doc, &req_env);
    assert_eq!(r.codes(), vec![Code::RegisteredBeforeRequest]);

    // An outcome of another service.
    let mut doc = good.clone();
    doc.service = Service::Privatization;
    let r = verify_result(p, &doc, &req_env);
    assert_eq!(
        r.codes(),
        vec![Code::OutcomeNotForService],
        "{:#?}",
        r.findings
    );
}

/// Service × channel from the seeds: the справка only through the State Corporation
/// (002:205); privatization not on the portal (002:323).
#[test]
fn request_on_a_channel_its_service_lacks_is_refused() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let applicant = Person {
        iin: Iin::parse(CITIZEN_IIN).unwrap(),
        name: samples::CITIZEN_NAME.into(),
    };
    let req = Request::builder(
        Service::HousingCertificate,
        Channel::Portal,
        applicant.clone(),
    )
    .form(Form::HousingCertificate(CertificateForm {
        purpose: "по месту требования".into(),
        region: "г. Алматы".into(),
    }))
    .created_at(now(p))
    .build()
    .unwrap();
    let r = v
        .verify_request(&sign(p, &p.citizen_sign, &req.to_json()), &at(p))
        .unwrap();
    assert_eq!(
        r.codes(),
        vec![Code::ChannelNotAllowed],
        "{:#?}",
        r.findings
    );

    // The matrix is policy data: a region that takes the справка on the portal.
    let mut policy = common::policy();
    for s in &mut policy.rules.services {
        if s.service == Service::HousingCertificate {
            s.channels.push(Channel::Portal);
        }
    }
    let v2 = verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
        policy,
    );
    let r = v2
        .verify_request(&sign(p, &p.citizen_sign, &req.to_json()), &at(p))
        .unwrap();
    assert!(r.is_valid(), "{:#?}", r.findings);
}

/// due_by may not be later than the legal deadline; a result issued after its due_by is a
/// warning that leaves the signature valid.
#[test]
fn deadlines_due_by_and_missed() {
    let p = pki(KeyFamily::P256);
    let req_env = citizen_request(p);
    let good = samples::head_queue_result(&req_env, now(p)).unwrap();
    let legal = good.due_by;

    let mut doc = good.clone();
    doc.due_by = legal + Duration::days(1);
    let r = verify_result(p, &doc, &req_env);
    assert_eq!(r.codes(), vec![Code::DueByAfterDeadline]);

    // Earlier than the legal deadline is fine.
    let mut doc = good.clone();
    doc.due_by = legal - Duration::days(10);
    assert!(verify_result(p, &doc, &req_env).is_valid());

    // Issued after due_by: valid, with the DEADLINE_MISSED warning.
    let mut doc = good.clone();
    doc.issued_at = now(p) + Duration::days(40);
    let r = verify_result(p, &doc, &req_env);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.codes(), vec![Code::DeadlineMissed]);
    assert!(r.refusal_text(Lang::Ru).is_empty());
}

/// The working-day deadline of the справка over a holiday, with the calendar of the year,
/// and the calendar replaced at run time.
#[test]
fn working_day_deadline_uses_the_year_calendar() {
    let rules = ServiceRules::default();
    let cal = Calendar::kazakhstan();
    // 2019: registered Tuesday 7 May (Defender's Day); 3 + 1 working days: 8 May,
    // (9 May Victory Day, 10 May transferred from Saturday 4 May, weekend) 13, 14, 15 May.
    assert_eq!(
        rules.deadline(Service::HousingCertificate, date!(2019 - 05 - 07), &cal),
        Some(date!(2019 - 05 - 15))
    );
    // A region's own calendar year, loaded at run time, replaces the embedded one.
    let mut mine = (*cal).clone();
    mine.load_year_json(br#"{"country":"KZ","year":2019,"days_off":[],"working_days":[]}"#)
        .unwrap();
    assert_eq!(
        rules.deadline(Service::HousingCertificate, date!(2019 - 05 - 07), &mine),
        Some(date!(2019 - 05 - 13))
    );
    // No calendar for the year: the check says so (indeterminate), no guess.
    let r = certificate_result_report(Calendar::empty());
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert_eq!(r.codes(), vec![Code::CalendarMissing]);
}

/// A working-day deadline counted over a year whose calendar data is provisional (no
/// transfer decree found, as 2027 in the embedded data) is used, and the report says so:
/// the warning CALENDAR_PROVISIONAL, the signature stays valid.
#[test]
fn deadline_over_a_provisional_year_says_so() {
    let year = now(pki(KeyFamily::P256)).date().year();
    let cal = Calendar::kazakhstan();
    let mut provisional = (*cal).clone();
    provisional
        .load_year_json(
            format!(
                r#"{{"country":"KZ","year":{year},"provisional":"test: no decree found",
                    "days_off":[],"working_days":[]}}"#
            )
            .as_bytes(),
        )
        .unwrap();
    // The next year too: the deadline of a request of late December crosses into it.
    provisional
        .load_year_json(
            format!(
                r#"{{"country":"KZ","year":{},"provisional":"test: no decree found",
                    "days_off":[],"working_days":[]}}"#,
                year + 1
            )
            .as_bytes(),
        )
        .unwrap();
    let r = certificate_result_report(provisional);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.codes(), vec![Code::CalendarProvisional]);
    assert!(
        r.findings[0].detail.contains("test: no decree found"),
        "{:#?}",
        r.findings
    );
    // The embedded data says which years are provisional: 2027 (searched 2026-12-04).
    assert!(cal.provisional(2027).is_some());
    assert_eq!(cal.provisional(2026), None);
}

/// A ЦОН справка request and its result (3 + 1 working days), verified now with `calendar`.
fn certificate_result_report(calendar: Calendar) -> Report {
    let calendar = std::sync::Arc::new(calendar);
    let mut doc_policy = common::policy();
    doc_policy.calendar = calendar.clone();
    let p = pki(KeyFamily::P256);
    let v = verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
        doc_policy,
    );
    let req = Request::builder(
        Service::HousingCertificate,
        Channel::Con,
        Person {
            iin: Iin::parse(CITIZEN_IIN).unwrap(),
            name: samples::CITIZEN_NAME.into(),
        },
    )
    .operator(Operator {
        iin: Iin::parse(egov_sign::test_pki::OPERATOR_IIN).unwrap(),
        bin: Bin::parse(egov_sign::test_pki::CON_BIN).unwrap(),
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
        covers: vec![Iin::parse(CITIZEN_IIN).unwrap()],
    };
    // The legal deadline when the calendar has it (the queue sample's is longer).
    if let Some(d) = ServiceRules::default().deadline(
        Service::HousingCertificate,
        registration_date(doc.registered_at),
        &calendar,
    ) {
        doc.due_by = d;
    }
    let env = sign(p, &p.provider_head_sign, &doc.to_json());
    v.verify_result(
        &env,
        &VerifyOptions {
            request_envelope: Some(&req_env),
            ..at(p)
        },
    )
    .unwrap()
}

/// Refusal texts name the signer: a result's signer is the provider's authorized person,
/// a ЦОН request's the State Corporation employee — not "ЭЦП услугополучателя".
#[test]
fn refusal_texts_name_the_signer() {
    let p = pki(KeyFamily::P256);
    let req_env = citizen_request(p);
    // A result whose official IIN is not the signer's.
    let doc = samples::queue_result(
        &req_env,
        egov_sign::test_pki::PROVIDER_SIGNER_IIN,
        3,
        now(p),
    )
    .unwrap();
    let r = verify_result(p, &doc, &req_env);
    assert_eq!(r.codes(), vec![Code::IinMismatch]);
    let ru = r.refusal_text(Lang::Ru);
    assert!(ru.contains("уполномоченного лица услугодателя"), "{ru}");
    assert!(!ru.contains("услугополучателя:"), "{ru}");
    assert_eq!(r.findings[0].message.ru, ru);
    let kk = r.refusal_text(Lang::Kk);
    assert!(
        kk.contains("уәкілетті адамының ЭЦҚ түпнұсқалығының расталмауына"),
        "{kk}"
    );

    // A ЦОН request signed by another operator organisation's employee: the operator named.
    let v = verifier(p);
    let req = samples::con_queue_request("950341000052", now(p)).unwrap();
    let r = v
        .verify_request(&sign(p, &p.operator_sign, &req.to_json()), &at(p))
        .unwrap();
    assert!(r.has(Code::BinMismatch), "{:#?}", r.findings);
    let ru = r.refusal_text(Lang::Ru);
    assert!(ru.contains("работника Государственной корпорации"), "{ru}");
}
