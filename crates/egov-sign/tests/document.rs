//! Request and result documents: building, strict JSON, validation rules and deadlines.

use egov_sign::document::{
    add_working_days, is_working_day, registration_date, Attachment, AttachmentKind,
    CertificateForm, CertificateFund, Channel, CostCertificate, Form, HousingSource, Official,
    Operator, Organisation, Outcome, Person, PowerOfAttorney, PrivatizationContract,
    PrivatizationForm, QueueCategory, QueueForm, RefusalReason, RentalContract, Representative,
    Request, RequestRef, ResultDocument, Service,
};
use egov_sign::limits::{MAX_JSON_DEPTH, MAX_JSON_SIZE};
use egov_sign::Error;
use egov_sign::{Bin, ChecksumPolicy, Iin};
use serde_json::{json, Value};
use time::macros::{date, datetime};

const STRICT: ChecksumPolicy = ChecksumPolicy::Strict;

fn iin(s: &str) -> Iin {
    Iin::parse(s).unwrap()
}

fn bin(s: &str) -> Bin {
    Bin::parse(s).unwrap()
}

fn applicant() -> Person {
    Person {
        iin: iin("871008401427"),
        name: "Ахметова Айгүл Серікқызы".into(),
    }
}

fn operator() -> Operator {
    Operator {
        iin: iin("760212350620"),
        bin: Bin::parse("940140000385").unwrap(),
    }
}

fn queue_form() -> Form {
    Form::HousingQueue(QueueForm {
        category: QueueCategory::SociallyVulnerable,
        current_address: "Алматы, ул. Абая 1, кв. 2".into(),
        family_size: 2,
    })
}

/// A ЦОН queue request with every optional part filled in.
fn con_request() -> Request {
    Request::builder(Service::HousingQueue, Channel::Con, applicant())
        .operator(operator())
        .representative(Representative {
            iin: iin("800416300257"),
            name: "Ахметов Ерлан".into(),
            power_of_attorney: Some(PowerOfAttorney {
                number: "2-1234".into(),
                date: date!(2025 - 02 - 20),
                notary: "Сейітова Г. Б.".into(),
            }),
        })
        .family_member(iin("061211600012"))
        .attachment(Attachment {
            kind: AttachmentKind::IdentityDocument,
            file_name: "id.pdf".into(),
            media_type: "application/pdf".into(),
            size: 48_213,
            sha256: [0xab; 32],
            paper_original: true,
        })
        .form(queue_form())
        .created_at(datetime!(2025-03-03 09:15:00 UTC))
        .build()
        .unwrap()
}

fn portal_request() -> Request {
    Request::builder(Service::HousingQueue, Channel::Portal, applicant())
        .form(queue_form())
        .created_at(datetime!(2025-03-03 09:15:00 UTC))
        .build()
        .unwrap()
}

fn certificate_request() -> Request {
    Request::builder(Service::HousingCertificate, Channel::Con, applicant())
        .operator(operator())
        .form(Form::HousingCertificate(CertificateForm {
            purpose: "для постановки на учёт".into(),
            region: "г. Алматы".into(),
        }))
        .created_at(datetime!(2025-03-03 09:15:00 UTC))
        .build()
        .unwrap()
}

fn privatization_request(area: &str) -> Result<Request, Error> {
    Request::builder(Service::Privatization, Channel::Provider, applicant())
        .operator(operator())
        .form(Form::Privatization(PrivatizationForm {
            dwelling_address: "Алматы, мкр. Самал-2, д. 5, кв. 10".into(),
            total_area_m2: area.into(),
            rental_contract: RentalContract {
                number: "Н-15/2019".into(),
                date: date!(2019 - 06 - 01),
            },
        }))
        .created_at(datetime!(2025-03-03 09:15:00 UTC))
        .build()
}

fn request_ref() -> RequestRef {
    RequestRef {
        registration_number: "KZ-2025-000123".into(),
        envelope_sha256: [0x5a; 32],
    }
}

fn result_builder(service: Service) -> egov_sign::document::ResultBuilder {
    ResultDocument::builder(
        service,
        request_ref(),
        applicant(),
        Organisation {
            bin: Bin::parse("950341000052").unwrap(),
            name: "Управление жилья города Алматы".into(),
        },
        Official {
            iin: iin("931002451325"),
            name: "Серікова Ә. Қ.".into(),
            position: "Главный специалист".into(),
        },
    )
    .registered_at(datetime!(2025-03-03 09:20:00 UTC))
    .issued_at(datetime!(2025-03-28 10:00:00 UTC))
}

fn queue_result() -> ResultDocument {
    result_builder(Service::HousingQueue)
        .outcome(Outcome::QueueRegistration {
            queue_number: 1542,
            housing_source: HousingSource::StateFund,
        })
        .build()
        .unwrap()
}

fn json_of<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn req_err(v: &Value) -> Error {
    Request::from_json(&bytes(v), STRICT).unwrap_err()
}

fn res_err(v: &Value) -> Error {
    ResultDocument::from_json(&bytes(v), STRICT).unwrap_err()
}

fn assert_field(e: Error, expected: &str) {
    match e {
        Error::InvalidDocument { field, .. } => assert_eq!(field, expected),
        other => panic!("expected InvalidDocument at {expected}, got {other:?}"),
    }
}

fn assert_json_err(e: Error, needle: &str) {
    match e {
        Error::Json { detail } => assert!(detail.contains(needle), "{detail}"),
        other => panic!("expected Json error containing {needle:?}, got {other:?}"),
    }
}

// ----------------------------------------------------------------------------------------------
// Round trip and determinism
// ----------------------------------------------------------------------------------------------

#[test]
fn request_round_trip() {
    for r in [con_request(), portal_request()] {
        let back = Request::from_json(&r.to_json(), STRICT).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.to_value(), r.to_value());
    }
    let r = con_request();
    assert_eq!(r.applicant.iin.as_str(), "871008401427");
    assert_eq!(r.operator.as_ref().unwrap().bin.as_str(), "940140000385");
}

/// One result per outcome kind.
fn sample_results() -> Vec<ResultDocument> {
    vec![
        queue_result(),
        result_builder(Service::HousingCertificate)
            .issued_at(datetime!(2025-03-05 10:00:00 UTC))
            .outcome(Outcome::HousingCertificate {
                certificate_number: "S-77".into(),
                has_state_housing: true,
                fund: Some(CertificateFund::Communal),
                dwelling_address: Some("Алматы, ул. Тимирязева 5".into()),
                covers: vec![iin("871008401427")],
            })
            .build()
            .unwrap(),
        result_builder(Service::Privatization)
            .outcome(Outcome::PrivatizationDecision {
                approved: true,
                reasons: vec![],
                decision_number: "12/3".into(),
                decision_date: date!(2025 - 03 - 20),
                cost_certificate: Some(CostCertificate {
                    number: "C-4".into(),
                    amount_kzt: "4250000.50".into(),
                }),
                contract: Some(PrivatizationContract {
                    number: "P-9".into(),
                    date: date!(2025 - 03 - 25),
                    provider_bin: bin("950341000052"),
                    recipient_iin: iin("871008401427"),
                }),
            })
            .build()
            .unwrap(),
        result_builder(Service::Privatization)
            .outcome(Outcome::Refusal {
                reasons: vec![RefusalReason {
                    code: "UNRELIABLE_DOCUMENTS".into(),
                    text: "Представлены недостоверные сведения".into(),
                }],
            })
            .build()
            .unwrap(),
        result_builder(Service::HousingQueue)
            .outcome(Outcome::PackageRefused {
                missing_documents: vec!["Справка о составе семьи".into()],
            })
            .build()
            .unwrap(),
    ]
}

#[test]
fn result_round_trip_for_every_outcome() {
    let docs = sample_results();
    for d in docs {
        let back = ResultDocument::from_json(&d.to_json(), STRICT).unwrap();
        assert_eq!(back, d);
    }
}

#[test]
fn output_is_deterministic_and_in_the_documented_shape() {
    let a = con_request().to_json();
    let b = con_request().to_json();
    assert_eq!(a, b);
    let reparsed = Request::from_json(&a, STRICT).unwrap().to_json();
    assert_eq!(reparsed, a);
    let text = String::from_utf8(a).unwrap();
    assert!(
        text.starts_with(
            r#"{"schema_version":"1","service":"housing_queue","channel":"con","applicant":{"iin":"871008401427","#
        ),
        "{text}"
    );
    assert!(!text.contains('\n') && !text.contains("\": ") && !text.contains(", \""));
    assert!(text.contains(r#""created_at":"2025-03-03T09:15:00Z""#));
    assert!(text.contains(&format!(r#""sha256":"{}""#, "ab".repeat(32))));
    assert!(text.contains(r#""form":{"service":"housing_queue","category":"socially_vulnerable""#));

    let portal = String::from_utf8(portal_request().to_json()).unwrap();
    assert!(!portal.contains("operator") && !portal.contains("representative"));

    let res = String::from_utf8(queue_result().to_json()).unwrap();
    assert!(res.contains(r#""outcome":{"kind":"queue_registration","queue_number":1542,"housing_source":"state_fund"}"#));
    assert!(
        res.ends_with(r#""issued_at":"2025-03-28T10:00:00Z","due_by":"2025-03-31"}"#),
        "{res}"
    );
    assert!(res.contains(&format!(r#""envelope_sha256":"{}""#, "5a".repeat(32))));
}

// ----------------------------------------------------------------------------------------------
// Strict JSON
// ----------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_rejected_at_every_level() {
    let mut v = json_of(&con_request());
    v["extra"] = json!(1);
    assert_json_err(req_err(&v), "unknown field");

    let mut v = json_of(&con_request());
    v["applicant"]["birth_place"] = json!("Алматы");
    assert_json_err(req_err(&v), "unknown field");

    let mut v = json_of(&con_request());
    v["form"]["rooms"] = json!(3);
    assert!(matches!(req_err(&v), Error::Json { .. }));

    let mut v = json_of(&queue_result());
    v["outcome"]["priority"] = json!(true);
    assert!(matches!(res_err(&v), Error::Json { .. }));
}

/// Replace the first occurrence of `from` in the serialized request.
fn edit(doc: &[u8], from: &str, to: &str) -> Vec<u8> {
    let s = String::from_utf8(doc.to_vec()).unwrap();
    assert!(s.contains(from), "{from} not in {s}");
    s.replacen(from, to, 1).into_bytes()
}

#[test]
fn duplicate_keys_are_found_in_large_objects_and_through_escapes() {
    // Objects past 16 keys switch from a linear scan to a hash set: a duplicate is found
    // on both sides of the switch, and an escaped spelling of a key is the same key.
    for (n, dup_of) in [(10, 3), (40, 3), (40, 30), (17, 16), (17, 0)] {
        let mut obj: Vec<String> = (0..n).map(|i| format!(r#""k{i}":{i}"#)).collect();
        obj.push(format!(r#""k{dup_of}":0"#));
        let json = format!(r#"{{"x":{{{}}}}}"#, obj.join(","));
        assert_json_err(
            Request::from_json(json.as_bytes(), STRICT).unwrap_err(),
            "duplicate key",
        );
    }
    let json = r#"{"x":{"ab":1,"\u0061b":2}}"#;
    assert_json_err(
        Request::from_json(json.as_bytes(), STRICT).unwrap_err(),
        "duplicate key",
    );
    // Without a duplicate the scan passes and the typed parse reports the unknown field.
    let obj: Vec<String> = (0..40).map(|i| format!(r#""k{i}":{i}"#)).collect();
    let json = format!(r#"{{"x":{{{}}}}}"#, obj.join(","));
    let err = Request::from_json(json.as_bytes(), STRICT).unwrap_err();
    assert!(!err.to_string().contains("duplicate key"), "{err}");
}

#[test]
fn duplicate_keys_are_rejected_at_top_level_and_nested() {
    let doc = con_request().to_json();
    // Top level: a second "channel" that would otherwise win as "portal".
    let dup = edit(
        &doc,
        r#""channel":"con","#,
        r#""channel":"con","channel":"con","#,
    );
    assert_json_err(
        Request::from_json(&dup, STRICT).unwrap_err(),
        "duplicate key",
    );
    // Nested in the applicant.
    let dup = edit(
        &doc,
        r#""iin":"871008401427","#,
        r#""iin":"871008401427","iin":"871008401427","#,
    );
    assert_json_err(
        Request::from_json(&dup, STRICT).unwrap_err(),
        "duplicate key",
    );
    // Nested inside the internally tagged form.
    let dup = edit(
        &doc,
        r#""family_size":2"#,
        r#""family_size":2,"family_size":3"#,
    );
    assert_json_err(
        Request::from_json(&dup, STRICT).unwrap_err(),
        "duplicate key",
    );
    // Inside an object in an array.
    let dup = edit(&doc, r#""size":48213"#, r#""size":48213,"size":1"#);
    assert_json_err(
        Request::from_json(&dup, STRICT).unwrap_err(),
        "duplicate key",
    );
    // Result: duplicated tag in the outcome.
    let res = queue_result().to_json();
    let dup = edit(
        &res,
        r#""kind":"queue_registration""#,
        r#""kind":"queue_registration","kind":"refusal""#,
    );
    assert_json_err(
        ResultDocument::from_json(&dup, STRICT).unwrap_err(),
        "duplicate key",
    );
}

#[test]
fn over_long_input_is_rejected_before_parsing() {
    // Not even JSON: the size check comes first.
    let big = vec![b'{'; MAX_JSON_SIZE + 1];
    match Request::from_json(&big, STRICT) {
        Err(Error::TooLarge { size, limit, .. }) => {
            assert_eq!(size, MAX_JSON_SIZE + 1);
            assert_eq!(limit, MAX_JSON_SIZE);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        ResultDocument::from_json(&big, STRICT),
        Err(Error::TooLarge { .. })
    ));
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn nesting_is_limited() {
    let doc = String::from_utf8(con_request().to_json()).unwrap();
    // The top-level object is level 1, so MAX_JSON_DEPTH more arrays exceed the limit.
    let deep = format!(
        "{},\"x\":{}}}",
        &doc[..doc.len() - 1],
        nested(MAX_JSON_DEPTH)
    );
    match Request::from_json(deep.as_bytes(), STRICT) {
        Err(Error::TooLarge { what, limit, .. }) => {
            assert_eq!(what, "JSON nesting depth");
            assert_eq!(limit, MAX_JSON_DEPTH);
        }
        other => panic!("{other:?}"),
    }
    // One level less passes the depth check and fails only as an unknown field.
    let ok_depth = format!(
        "{},\"x\":{}}}",
        &doc[..doc.len() - 1],
        nested(MAX_JSON_DEPTH - 1)
    );
    assert_json_err(
        Request::from_json(ok_depth.as_bytes(), STRICT).unwrap_err(),
        "unknown field",
    );
    // Far deeper than serde_json's own recursion limit: still a typed error, no crash.
    let very = nested(100_000);
    assert!(matches!(
        Request::from_json(very.as_bytes(), STRICT),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn malformed_json_and_trailing_data() {
    for bad in [&b""[..], b"null", b"[]", b"{", b"\xff\xfe", b"{}"] {
        assert!(matches!(
            Request::from_json(bad, STRICT),
            Err(Error::Json { .. })
        ));
    }
    let mut doc = con_request().to_json();
    doc.extend_from_slice(b" {}");
    assert_json_err(Request::from_json(&doc, STRICT).unwrap_err(), "trailing");
}

#[test]
fn schema_version_other_than_1_is_rejected() {
    let mut v = json_of(&con_request());
    v["schema_version"] = json!("2");
    assert_field(req_err(&v), "schema_version");
    v["schema_version"] = json!(1);
    assert!(matches!(req_err(&v), Error::Json { .. }));
    let mut v = json_of(&queue_result());
    v.as_object_mut().unwrap().remove("schema_version");
    assert_json_err(res_err(&v), "missing field");
}

#[test]
fn bad_iin_and_bin_are_typed_errors() {
    let mut v = json_of(&con_request());
    v["applicant"]["iin"] = json!("871008401428");
    match req_err(&v) {
        Error::InvalidIin { value, reason } => {
            assert_eq!(value, "871008401428");
            assert_eq!(reason, "check digit mismatch");
        }
        other => panic!("{other:?}"),
    }
    let mut v = json_of(&con_request());
    v["family_members"][0] = json!("12345");
    assert!(matches!(
        req_err(&v),
        Error::InvalidIin {
            reason: "not 12 ASCII digits",
            ..
        }
    ));
    let mut v = json_of(&con_request());
    v["applicant"]["iin"] = json!(871008401427u64);
    assert!(matches!(req_err(&v), Error::Json { .. }));

    let mut v = json_of(&con_request());
    v["operator"]["bin"] = json!("940140000386");
    assert!(matches!(req_err(&v), Error::InvalidBin { .. }));
    let mut v = json_of(&queue_result());
    v["issuer"]["bin"] = json!("94014000038");
    assert!(matches!(res_err(&v), Error::InvalidBin { .. }));
    let mut v = json_of(&queue_result());
    v["official"]["iin"] = json!("821214240092");
    assert!(matches!(
        res_err(&v),
        Error::InvalidIin {
            reason: "check digit undefined (both weightings give 10)",
            ..
        }
    ));
}

#[test]
fn lenient_policy_accepts_nca_test_numbers() {
    let mut v = json_of(&portal_request());
    v["applicant"]["iin"] = json!("123456789011");
    let b = bytes(&v);
    assert!(matches!(
        Request::from_json(&b, STRICT),
        Err(Error::InvalidIin { .. })
    ));
    let r = Request::from_json(&b, ChecksumPolicy::Lenient).unwrap();
    assert_eq!(r.applicant.iin.as_str(), "123456789011");
    // …and a request built leniently does not pass strict validation.
    assert!(r.validate(STRICT).is_err());
    assert!(r.validate(ChecksumPolicy::Lenient).is_ok());

    let mut v = json_of(&queue_result());
    v["issuer"]["bin"] = json!("123456789021");
    assert!(ResultDocument::from_json(&bytes(&v), STRICT).is_err());
    assert!(ResultDocument::from_json(&bytes(&v), ChecksumPolicy::Lenient).is_ok());
}

// ----------------------------------------------------------------------------------------------
// Request rules
// ----------------------------------------------------------------------------------------------

#[test]
fn operator_is_forbidden_on_the_portal_and_required_elsewhere() {
    let mut v = json_of(&portal_request());
    v["operator"] = json!({"iin": "760212350620", "bin": "940140000385"});
    assert_field(req_err(&v), "operator");

    for channel in ["con", "provider"] {
        let mut v = json_of(&portal_request());
        v["channel"] = json!(channel);
        assert_field(req_err(&v), "operator");
        v["operator"] = json!({"iin": "760212350620", "bin": "940140000385"});
        assert!(Request::from_json(&bytes(&v), STRICT).is_ok(), "{channel}");
    }
    let e = Request::builder(Service::HousingQueue, Channel::Con, applicant())
        .form(queue_form())
        .created_at(datetime!(2025-03-03 09:15:00 UTC))
        .build()
        .unwrap_err();
    assert_field(e, "operator");
}

#[test]
fn representative_only_at_a_con() {
    let rep = json_of(&con_request())["representative"].clone();
    let mut v = json_of(&portal_request());
    v["representative"] = rep.clone();
    assert_field(req_err(&v), "representative");

    let mut v = json_of(&portal_request());
    v["channel"] = json!("provider");
    v["operator"] = json!({"iin": "760212350620", "bin": "940140000385"});
    v["representative"] = rep;
    assert_field(req_err(&v), "representative");

    let mut v = json_of(&con_request());
    v["representative"]["iin"] = json!("871008401427");
    assert_field(req_err(&v), "representative.iin");
    let mut v = json_of(&con_request());
    v["representative"]["power_of_attorney"]["date"] = json!("2025-03-04");
    assert_field(req_err(&v), "representative.power_of_attorney.date");
}

#[test]
fn request_field_rules() {
    let mut v = json_of(&con_request());
    v["form"] = json!({"service": "privatization", "dwelling_address": "a",
        "total_area_m2": "54.3", "rental_contract": {"number": "1", "date": "2020-01-01"}});
    assert_field(req_err(&v), "form.service");

    let mut v = json_of(&con_request());
    v["family_members"] = json!(["061211600012", "061211600012"]);
    v["form"]["family_size"] = json!(3);
    assert_field(req_err(&v), "family_members[1]");

    let mut v = json_of(&con_request());
    v["family_members"] = json!(["871008401427"]);
    assert_field(req_err(&v), "family_members[0]");

    let mut v = json_of(&con_request());
    v["family_members"] = json!(vec!["061211600012"; 21]);
    assert!(matches!(
        req_err(&v),
        Error::TooLarge {
            what: "family_members",
            ..
        }
    ));

    let mut v = json_of(&con_request());
    v["form"]["family_size"] = json!(1);
    assert_field(req_err(&v), "form.family_size");

    let mut v = json_of(&con_request());
    v["attachments"][0]["file_name"] = json!("../../etc/passwd");
    assert_field(req_err(&v), "attachments[0].file_name");
    let mut v = json_of(&con_request());
    v["attachments"][0]["media_type"] = json!("pdf");
    assert_field(req_err(&v), "attachments[0].media_type");
    let mut v = json_of(&con_request());
    v["attachments"][0]["size"] = json!(0);
    assert_field(req_err(&v), "attachments[0].size");
    let mut v = json_of(&con_request());
    v["attachments"][0]["sha256"] = json!("AB".repeat(32));
    assert!(matches!(req_err(&v), Error::Json { .. }));

    let mut v = json_of(&con_request());
    v["applicant"]["name"] = json!("   ");
    assert_field(req_err(&v), "applicant.name");
    let mut v = json_of(&con_request());
    v["applicant"]["name"] = json!("Ахметова\u{0000}");
    assert_field(req_err(&v), "applicant.name");
    let mut v = json_of(&con_request());
    v["applicant"]["name"] = json!("А".repeat(257));
    assert_field(req_err(&v), "applicant.name");

    let mut v = json_of(&con_request());
    v["created_at"] = json!("2025-03-03T14:15:00+05:00");
    assert_json_err(req_err(&v), "UTC");
}

#[test]
fn privatization_and_certificate_forms() {
    for ok in ["54", "54.3", "54.30", "0.5", "9999.99"] {
        let r = privatization_request(ok).unwrap();
        assert_eq!(Request::from_json(&r.to_json(), STRICT).unwrap(), r);
    }
    for bad in [
        "", "0", "0.00", "-1", "054", "54.", ".5", "54.301", "10000", "5e3", "54,3",
    ] {
        assert_field(
            privatization_request(bad).unwrap_err(),
            "form.total_area_m2",
        );
    }

    let cert = certificate_request();
    assert_eq!(Request::from_json(&cert.to_json(), STRICT).unwrap(), cert);
    let e = Request::builder(Service::HousingCertificate, Channel::Portal, applicant())
        .created_at(datetime!(2025-03-03 09:15:00 UTC))
        .build()
        .unwrap_err();
    assert_field(e, "form");
}

// ----------------------------------------------------------------------------------------------
// Result rules
// ----------------------------------------------------------------------------------------------

#[test]
fn outcome_must_fit_the_service() {
    let mut v = json_of(&queue_result());
    v["service"] = json!("housing_certificate");
    v["due_by"] = json!("2025-03-10");
    assert_field(res_err(&v), "outcome.kind");

    let e = result_builder(Service::Privatization)
        .outcome(Outcome::HousingCertificate {
            certificate_number: "S-1".into(),
            has_state_housing: false,
            fund: None,
            dwelling_address: None,
            covers: vec![iin("871008401427")],
        })
        .build()
        .unwrap_err();
    assert_field(e, "outcome.kind");

    // A refusal is possible for every service.
    for s in [
        Service::HousingQueue,
        Service::HousingCertificate,
        Service::Privatization,
    ] {
        let r = result_builder(s)
            .issued_at(datetime!(2025-03-04 10:00:00 UTC))
            .outcome(Outcome::Refusal {
                reasons: vec![RefusalReason {
                    code: "DOCUMENT_VIOLATIONS".into(),
                    text: "Нет оснований".into(),
                }],
            })
            .build();
        assert!(r.is_ok(), "{s}");
    }
}

/// Issue 14: a refusal carries grounds the seeds name (or a verification code), and a
/// privatization refusal (approved: false) carries at least one.
#[test]
fn refusal_grounds_are_the_seeds() {
    let refusal = |code: &str| {
        result_builder(Service::HousingQueue)
            .outcome(Outcome::Refusal {
                reasons: vec![RefusalReason {
                    code: code.into(),
                    text: "x".into(),
                }],
            })
            .build()
    };
    assert_field(refusal("R1").unwrap_err(), "outcome.reasons[0].code");
    for ok in [
        "EDS_NOT_CONFIRMED",
        "DOCUMENT_VIOLATIONS",
        "APPLICANT_NOT_IN_GBD_FL",
        "POWER_OF_ATTORNEY_NOT_IN_ENIS",
        "INCOMPLETE_PACKAGE",
        "UNRELIABLE_DOCUMENTS",
        "CERT_REVOKED",
    ] {
        assert!(refusal(ok).is_ok(), "{ok}");
    }
    let decision = |approved: bool, reasons: Vec<RefusalReason>| {
        result_builder(Service::Privatization)
            .outcome(Outcome::PrivatizationDecision {
                approved,
                reasons,
                decision_number: "1".into(),
                decision_date: date!(2025 - 03 - 20),
                cost_certificate: None,
                contract: None,
            })
            .build()
    };
    assert_field(decision(false, vec![]).unwrap_err(), "outcome.reasons");
    let ground = RefusalReason {
        code: "UNRELIABLE_DOCUMENTS".into(),
        text: "x".into(),
    };
    assert!(decision(false, vec![ground.clone()]).is_ok());
    assert_field(decision(true, vec![ground]).unwrap_err(), "outcome.reasons");
}

/// Updated for issue 14: `due_by` need not equal the computed deadline (a later one is the
/// verifier's DUE_BY_AFTER_DEADLINE, tests/regulations.rs); it may not precede registration.
#[test]
fn due_by_defaults_to_the_deadline_and_not_before_registration() {
    let mut v = json_of(&queue_result());
    assert_eq!(v["due_by"], json!("2025-03-31"));
    v["due_by"] = json!("2025-03-02");
    assert_field(res_err(&v), "due_by");
    assert!(result_builder(Service::HousingQueue)
        .outcome(Outcome::QueueRegistration {
            queue_number: 1,
            housing_source: HousingSource::StateFund,
        })
        .due_by(date!(2025 - 03 - 20))
        .build()
        .is_ok());
}

#[test]
fn result_field_rules() {
    let mut v = json_of(&queue_result());
    v["outcome"] = json!({"kind": "refusal", "reasons": []});
    assert_field(res_err(&v), "outcome.reasons");

    let mut v = json_of(&queue_result());
    v["outcome"] = json!({"kind": "package_refused", "missing_documents": []});
    assert_field(res_err(&v), "outcome.missing_documents");

    let mut v = json_of(&queue_result());
    v["outcome"]["queue_number"] = json!(0);
    assert_field(res_err(&v), "outcome.queue_number");

    let mut v = json_of(&queue_result());
    v["issued_at"] = json!("2025-03-03T09:00:00Z");
    assert_field(res_err(&v), "issued_at");

    let mut v = json_of(&queue_result());
    v["request"]["registration_number"] = json!("");
    assert_field(res_err(&v), "request.registration_number");
    let mut v = json_of(&queue_result());
    v["request"]["envelope_sha256"] = json!("00");
    assert!(matches!(res_err(&v), Error::Json { .. }));

    let cert = |has: bool, addr: Option<&str>| {
        result_builder(Service::HousingCertificate)
            .issued_at(datetime!(2025-03-05 10:00:00 UTC))
            .outcome(Outcome::HousingCertificate {
                certificate_number: "S-1".into(),
                has_state_housing: has,
                fund: has.then_some(CertificateFund::RentedByLocalExecutiveBody),
                dwelling_address: addr.map(String::from),
                covers: vec![iin("871008401427")],
            })
            .build()
    };
    assert!(cert(false, None).is_ok());
    assert_field(cert(true, None).unwrap_err(), "outcome.dwelling_address");
    assert_field(
        cert(false, Some("x")).unwrap_err(),
        "outcome.dwelling_address",
    );

    let e = result_builder(Service::Privatization)
        .outcome(Outcome::PrivatizationDecision {
            approved: false,
            reasons: vec![RefusalReason {
                code: "DOCUMENT_VIOLATIONS".into(),
                text: "x".into(),
            }],
            decision_number: "1".into(),
            decision_date: date!(2025 - 03 - 20),
            cost_certificate: None,
            contract: Some(PrivatizationContract {
                number: "P-1".into(),
                date: date!(2025 - 03 - 25),
                provider_bin: bin("950341000052"),
                recipient_iin: iin("871008401427"),
            }),
        })
        .build()
        .unwrap_err();
    assert_field(e, "outcome.contract");
}

// ----------------------------------------------------------------------------------------------
// Deadlines
// ----------------------------------------------------------------------------------------------

/// Updated for issue 14: the queue is 27 + 1 calendar days (002:70, 002:74), not 30.
#[test]
fn calendar_deadlines_are_28_and_30_days() {
    assert_eq!(
        Service::HousingQueue.deadline(date!(2025 - 03 - 03)),
        date!(2025 - 03 - 31)
    );
    assert_eq!(
        Service::Privatization.deadline(date!(2024 - 02 - 15)),
        date!(2024 - 03 - 16)
    );
    // No overflow at the end of time.
    assert_eq!(
        Service::HousingQueue.deadline(time::Date::MAX),
        time::Date::MAX
    );
}

/// Updated for issue 14: 3 + 1 working days (002:223, 002:227), not 5.
#[test]
fn certificate_deadline_is_4_working_days() {
    // Registered Friday 2024-05-31: Mon 3 .. Thu 6 June.
    assert_eq!(
        Service::HousingCertificate.deadline(date!(2024 - 05 - 31)),
        date!(2024 - 06 - 06)
    );
    // Registered Wednesday 2025-03-05: Thu 6, Fri 7, (Sat 8 March, Sun), Mon 10 is the
    // carried-over day off for 8 March on a Saturday, so Tue 11, Wed 12.
    assert!(!is_working_day(date!(2025 - 03 - 10)));
    assert_eq!(
        Service::HousingCertificate.deadline(date!(2025 - 03 - 05)),
        date!(2025 - 03 - 12)
    );
    // Nauryz 2024: 21 Thu, 22 Fri, 23 Sat (carried to Mon 25).
    for d in [
        date!(2024 - 03 - 21),
        date!(2024 - 03 - 22),
        date!(2024 - 03 - 25),
    ] {
        assert!(!is_working_day(d), "{d}");
    }
    assert!(is_working_day(date!(2024 - 03 - 26)));
    assert_eq!(
        add_working_days(date!(2024 - 03 - 20), 5),
        date!(2024 - 04 - 01)
    );
    // Orthodox Christmas on a Sunday is not carried over (religious holiday).
    assert!(is_working_day(date!(2024 - 01 - 08)));
    assert!(!is_working_day(date!(2025 - 01 - 07)));
}

#[test]
fn registration_date_is_counted_in_kazakhstan_time() {
    // 20:00 UTC is already the next day in Astana (UTC+5).
    assert_eq!(
        registration_date(datetime!(2025-03-02 20:00:00 UTC)),
        date!(2025 - 03 - 03)
    );
    let r = result_builder(Service::HousingQueue)
        .registered_at(datetime!(2025-03-02 20:00:00 UTC))
        .outcome(Outcome::QueueRegistration {
            queue_number: 7,
            housing_source: HousingSource::RentedByLocalExecutiveBody,
        })
        .build()
        .unwrap();
    assert_eq!(r.due_by, date!(2025 - 03 - 31));
}

/// `v` as compact JSON, with the key `key` of the object at `target` (a path of object keys
/// and array indices) written twice.
fn with_repeated_key(v: &Value, here: &mut Vec<String>, target: &[String], key: &str) -> String {
    match v {
        Value::Object(map) => {
            let mut parts = Vec::new();
            for (k, item) in map {
                here.push(k.clone());
                let text = with_repeated_key(item, here, target, key);
                here.pop();
                let entry = format!("{}:{text}", serde_json::to_string(k).unwrap());
                if here.as_slice() == target && k == key {
                    parts.push(entry.clone());
                }
                parts.push(entry);
            }
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let mut parts = Vec::new();
            for (i, item) in items.iter().enumerate() {
                here.push(i.to_string());
                parts.push(with_repeated_key(item, here, target, key));
                here.pop();
            }
            format!("[{}]", parts.join(","))
        }
        scalar => serde_json::to_string(scalar).unwrap(),
    }
}

/// Every (object path, key) of `v`.
fn object_keys(v: &Value, here: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match v {
        Value::Object(map) => {
            for (k, item) in map {
                out.push((here.clone(), k.clone()));
                here.push(k.clone());
                object_keys(item, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                here.push(i.to_string());
                object_keys(item, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

/// Any key repeated in any object of any sample document — top level, nested structs, the
/// internally tagged `form` and `outcome` (their tags included), objects inside arrays — is
/// rejected as a duplicate key. The typed parse alone must refuse all of these: the
/// duplicate-key scan only runs after it failed.
#[test]
fn duplicate_keys_rejected_at_every_level() {
    let requests = [
        con_request(),
        portal_request(),
        certificate_request(),
        privatization_request("54.3").unwrap(),
    ];
    let mut docs: Vec<(Value, bool)> = requests.iter().map(|r| (json_of(r), true)).collect();
    docs.extend(sample_results().iter().map(|r| (json_of(r), false)));
    let mut checked = 0;
    for (doc, is_request) in &docs {
        let parse = |b: &[u8]| {
            if *is_request {
                Request::from_json(b, STRICT).map(|_| ())
            } else {
                ResultDocument::from_json(b, STRICT).map(|_| ())
            }
        };
        // The unedited document parses, so each failure below is the repeated key's.
        parse(&bytes(doc)).unwrap();
        let mut keys = Vec::new();
        object_keys(doc, &mut Vec::new(), &mut keys);
        for (path, key) in keys {
            let text = with_repeated_key(doc, &mut Vec::new(), &path, &key);
            assert_eq!(
                text.len(),
                bytes(doc).len() + key.len() + 4 + {
                    let mut p = path.clone();
                    p.push(key.clone());
                    doc.pointer(&format!("/{}", p.join("/")))
                        .map(|v| v.to_string().len())
                        .unwrap()
                },
                "{path:?} {key}"
            );
            match parse(text.as_bytes()) {
                Err(Error::Json { detail }) => {
                    assert!(detail.contains("duplicate key"), "{path:?}.{key}: {detail}")
                }
                other => panic!("{path:?}.{key}: {other:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
}
