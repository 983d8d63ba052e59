//! ЦОН intake and the result content the seeds name (issue 14). Seeds:
//! /work/shared/seeds/000_… (Almaty region, 2012) and 002_… (Almaty city, 2018); `000:255`
//! is line 255 of 000.

use egov_sign::document::{
    Attachment, AttachmentKind, FamilyMember, Form, Intake, Operator, Person, QueueCategory,
    QueueForm, Relation, Representative, Request, ResultDocument, Service, StateRecord,
    StateSource,
};
use egov_sign::document::{Channel, PowerOfAttorney};
use egov_sign::Error;
use egov_sign::{Bin, ChecksumPolicy, Iin};
use serde_json::{json, Value};
use time::macros::{date, datetime};

const STRICT: ChecksumPolicy = ChecksumPolicy::Strict;
const APPLICANT: &str = "871008401427";
const REPRESENTATIVE: &str = "800416300257";
const MEMBER: &str = "061211600012";
const STRANGER: &str = "760212350620";

fn iin(s: &str) -> Iin {
    Iin::parse(s).unwrap()
}

fn field(e: Error) -> String {
    match e {
        Error::InvalidDocument { field, .. } => field,
        other => panic!("expected InvalidDocument, got {other:?}"),
    }
}

fn attachment(paper: bool) -> Attachment {
    Attachment {
        kind: AttachmentKind::IdentityDocument,
        file_name: "id.pdf".into(),
        media_type: "application/pdf".into(),
        size: 1000,
        sha256: [7; 32],
        paper_original: paper,
    }
}

fn builder(channel: Channel) -> egov_sign::document::RequestBuilder {
    let b = Request::builder(
        Service::HousingQueue,
        channel,
        Person {
            iin: iin(APPLICANT),
            name: "Ахметова Айгүл".into(),
        },
    )
    .form(Form::HousingQueue(QueueForm {
        category: QueueCategory::SociallyVulnerable,
        current_address: "Алматы, ул. Абая 1".into(),
        family_size: 2,
    }))
    .family_member(iin(MEMBER))
    .created_at(datetime!(2025-03-03 09:15:00 UTC));
    if channel == Channel::Portal {
        b
    } else {
        b.operator(Operator {
            iin: iin("931002451325"),
            bin: Bin::parse("940140000385").unwrap(),
        })
    }
}

fn representative(notarized: bool) -> Representative {
    Representative {
        iin: iin(REPRESENTATIVE),
        name: "Ахметов Ерлан".into(),
        power_of_attorney: notarized.then(|| PowerOfAttorney {
            number: "2-1234".into(),
            date: date!(2025 - 02 - 20),
            notary: "Сейітова Г. Б.".into(),
        }),
    }
}

fn record(source: StateSource, subject: &str) -> StateRecord {
    StateRecord {
        source,
        subject: iin(subject),
        reference: "SHEP-2025-77".into(),
    }
}

fn round_trip(r: &Request) {
    assert_eq!(&Request::from_json(&r.to_json(), STRICT).unwrap(), r);
}

/// 000:255 «при ином удостоверении доверенности-данные доверенности не заполняются»: a
/// representative whose power of attorney is not notarized has no power-of-attorney data.
#[test]
fn representative_with_a_non_notarized_power_of_attorney() {
    let r = builder(Channel::Con)
        .representative(representative(false))
        .build()
        .unwrap();
    let v: Value = serde_json::from_slice(&r.to_json()).unwrap();
    assert_eq!(
        v["representative"],
        json!({"iin": REPRESENTATIVE, "name": "Ахметов Ерлан"})
    );
    round_trip(&r);
    // Still ЦОН only.
    let e = builder(Channel::Provider)
        .representative(representative(false))
        .build()
        .unwrap_err();
    assert_eq!(field(e), "representative");
}

/// 002:130 «отметки о наличии документов в бумажной форме» (000:227, 000:271): per-document
/// paper marks at a ЦОН or the provider's office, refused on the portal.
#[test]
fn paper_original_marks() {
    let r = builder(Channel::Con)
        .attachment(attachment(true))
        .attachment(attachment(false))
        .build()
        .unwrap();
    let v: Value = serde_json::from_slice(&r.to_json()).unwrap();
    assert_eq!(v["attachments"][0]["paper_original"], json!(true));
    assert!(v["attachments"][1].get("paper_original").is_none());
    round_trip(&r);
    assert!(builder(Channel::Provider)
        .attachment(attachment(true))
        .build()
        .is_ok());
    let e = builder(Channel::Portal)
        .attachment(attachment(true))
        .build()
        .unwrap_err();
    assert_eq!(field(e), "attachments[0].paper_original");
}

/// 002:283: the operator obtains identity documents of the applicant and the family members
/// living with them and the address certificate; 002:124: ГБД ФЛ for the applicant, ЕНИС for
/// the representative's (notarized) power of attorney. Family members with relation and
/// name.
#[test]
fn intake_record_at_a_con() {
    let intake = Intake {
        family: vec![FamilyMember {
            iin: iin(MEMBER),
            name: "Ахметов Тимур".into(),
            relation: Relation::Child,
        }],
        obtained: vec![
            record(StateSource::GbdFl, APPLICANT),
            record(StateSource::Enis, REPRESENTATIVE),
            record(StateSource::AddressCertificate, APPLICANT),
            record(StateSource::IdentityDocument, MEMBER),
        ],
    };
    let r = builder(Channel::Con)
        .representative(representative(true))
        .intake(intake.clone())
        .build()
        .unwrap();
    round_trip(&r);
    let v: Value = serde_json::from_slice(&r.to_json()).unwrap();
    assert_eq!(v["intake"]["family"][0]["relation"], json!("child"));
    assert_eq!(v["intake"]["obtained"][1]["source"], json!("enis"));

    // Meaningless on the portal.
    let e = builder(Channel::Portal)
        .intake(intake.clone())
        .build()
        .unwrap_err();
    assert_eq!(field(e), "intake");

    // A family member not listed in family_members, or listed twice.
    let mut bad = intake.clone();
    bad.family[0].iin = iin(STRANGER);
    let e = builder(Channel::Con)
        .representative(representative(true))
        .intake(bad)
        .build()
        .unwrap_err();
    assert_eq!(field(e), "intake.family[0].iin");
    let mut bad = intake.clone();
    bad.family.push(bad.family[0].clone());
    let e = builder(Channel::Con)
        .representative(representative(true))
        .intake(bad)
        .build()
        .unwrap_err();
    assert_eq!(field(e), "intake.family[1].iin");

    // ЕНИС only for a notarized power of attorney of the representative.
    let e = builder(Channel::Con)
        .representative(representative(false))
        .intake(intake.clone())
        .build()
        .unwrap_err();
    assert_eq!(field(e), "intake.obtained[1].subject");
    let only = |rec: StateRecord| Intake {
        family: vec![],
        obtained: vec![rec],
    };
    let e = builder(Channel::Con)
        .intake(only(record(StateSource::Enis, APPLICANT)))
        .build()
        .unwrap_err();
    assert_eq!(field(e), "intake.obtained[0].subject");
    // Identity documents of people the request does not name.
    let e = builder(Channel::Con)
        .intake(only(record(StateSource::IdentityDocument, STRANGER)))
        .build()
        .unwrap_err();
    assert_eq!(field(e), "intake.obtained[0].subject");
    // A reference is a code.
    let mut rec = record(StateSource::GbdFl, APPLICANT);
    rec.reference = "a b".into();
    let e = builder(Channel::Con).intake(only(rec)).build().unwrap_err();
    assert_eq!(field(e), "intake.obtained[0].reference");
}

fn result_json() -> Value {
    json!({"schema_version":"1","service":"housing_queue",
        "request":{"registration_number":"KZ-2025-000123","envelope_sha256":"5a".repeat(32)},
        "applicant":{"iin":APPLICANT,"name":"Ахметова Айгүл"},
        "registered_at":"2025-03-03T09:20:00Z",
        "outcome":{"kind":"queue_registration","queue_number":1542,"housing_source":"state_fund"},
        "issuer":{"bin":"950341000052","name":"Управление жилья города Алматы"},
        "official":{"iin":"931002451325","name":"Серікова Ә. Қ.","position":"Главный специалист"},
        "issued_at":"2025-03-28T10:00:00Z","due_by":"2025-03-31"})
}

fn parse(v: &Value) -> Result<ResultDocument, Error> {
    ResultDocument::from_json(v.to_string().as_bytes(), STRICT)
}

/// 000:2: the queue is for housing from the state fund or rented by the local executive
/// body in the private fund — the notification says which.
#[test]
fn queue_notification_names_the_housing_source() {
    assert!(parse(&result_json()).is_ok());
    let mut v = result_json();
    v["outcome"]["housing_source"] = json!("rented_by_local_executive_body");
    assert!(parse(&v).is_ok());
    v["outcome"]
        .as_object_mut()
        .unwrap()
        .remove("housing_source");
    assert!(matches!(parse(&v), Err(Error::Json { .. })));
}

/// 002:209: the справка says which fund (communal / rented by the local executive body)
/// and whom it covers.
#[test]
fn certificate_names_the_fund_and_whom_it_covers() {
    let cert = |outcome: Value| {
        let mut v = result_json();
        v["service"] = json!("housing_certificate");
        v["issued_at"] = json!("2025-03-05T10:00:00Z");
        v["due_by"] = json!("2025-03-07");
        v["outcome"] = outcome;
        parse(&v)
    };
    assert!(cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":true,"fund":"communal","dwelling_address":"Алматы, ул. Абая 5",
        "covers":[APPLICANT, MEMBER]})
    )
    .is_ok());
    assert!(cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":false,"covers":[APPLICANT]})
    )
    .is_ok());
    let e = cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":true,"dwelling_address":"Алматы","covers":[APPLICANT]}),
    )
    .unwrap_err();
    assert_eq!(field(e), "outcome.fund");
    let e = cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":false,"fund":"communal","covers":[APPLICANT]}),
    )
    .unwrap_err();
    assert_eq!(field(e), "outcome.fund");
    let e = cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":false,"covers":[MEMBER]}),
    )
    .unwrap_err();
    assert_eq!(field(e), "outcome.covers");
    let e = cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":false,"covers":[APPLICANT, APPLICANT]}),
    )
    .unwrap_err();
    assert_eq!(field(e), "outcome.covers[1]");
    assert!(cert(
        json!({"kind":"housing_certificate","certificate_number":"S-1",
        "has_state_housing":false})
    )
    .is_err());
}

/// 002:333 the cost certificate with the amount to pay; 002:335 the contract «между
/// услугодателем и услугополучателем», with its date.
#[test]
fn privatization_cost_certificate_and_contract() {
    let decision = |approved: bool, extra: Value| {
        let mut v = result_json();
        v["service"] = json!("privatization");
        v["due_by"] = json!("2025-04-02");
        let mut o = json!({"kind":"privatization_decision","approved":approved,
            "decision_number":"12/3","decision_date":"2025-03-20"});
        if !approved {
            o["reasons"] = json!([{"code":"UNRELIABLE_DOCUMENTS","text":"x"}]);
        }
        for (k, val) in extra.as_object().unwrap() {
            o[k] = val.clone();
        }
        v["outcome"] = o;
        parse(&v)
    };
    let contract = json!({"number":"P-9","date":"2025-03-25","provider_bin":"950341000052",
        "recipient_iin":APPLICANT});
    let cost = json!({"number":"C-4","amount_kzt":"4250000.50"});
    let r = decision(
        true,
        json!({"cost_certificate": cost, "contract": contract}),
    )
    .unwrap();
    assert!(serde_json::to_string(&r)
        .unwrap()
        .contains("\"amount_kzt\":\"4250000.50\""));
    assert!(decision(true, json!({})).is_ok());

    for bad in [
        "0",
        "0.00",
        "-5",
        "1.234",
        "01",
        "1e6",
        "",
        "12345678901234",
    ] {
        let e = decision(
            true,
            json!({"cost_certificate": {"number":"C-4","amount_kzt":bad}}),
        )
        .unwrap_err();
        assert_eq!(field(e), "outcome.cost_certificate.amount_kzt", "{bad}");
    }
    let mut c = contract.clone();
    c["provider_bin"] = json!("940140000385");
    assert_eq!(
        field(decision(true, json!({ "contract": c })).unwrap_err()),
        "outcome.contract.provider_bin"
    );
    let mut c = contract.clone();
    c["recipient_iin"] = json!(STRANGER);
    assert_eq!(
        field(decision(true, json!({ "contract": c })).unwrap_err()),
        "outcome.contract.recipient_iin"
    );
    let mut c = contract.clone();
    c["date"] = json!("2025-03-19");
    assert_eq!(
        field(decision(true, json!({ "contract": c })).unwrap_err()),
        "outcome.contract.date"
    );
    assert_eq!(
        field(decision(false, json!({ "contract": contract })).unwrap_err()),
        "outcome.contract"
    );
    assert_eq!(
        field(decision(false, json!({ "cost_certificate": cost })).unwrap_err()),
        "outcome.cost_certificate"
    );
}

/// The service × channel matrix and the deadlines as JSON (what the bindings pass), seeds
/// as defaults: 002:205 справка through the State Corporation only, 002:323 privatization
/// through the State Corporation and the provider's office; 000:543 30 days.
#[test]
fn service_rules_as_json() {
    use egov_sign::document::{DayUnit, ServiceRules};
    let d = ServiceRules::default();
    assert_eq!(ServiceRules::from_json(d.to_json().as_bytes()).unwrap(), d);
    assert_eq!(ServiceRules::named("almaty_city").unwrap(), d);
    let region = ServiceRules::named("almaty_region_2012").unwrap();
    let q = region.rule(Service::HousingQueue).unwrap();
    assert_eq!((q.steps[0].days, q.steps[0].unit), (30, DayUnit::Calendar));
    assert!(ServiceRules::named("astana").is_none());
    let m = d.matrix();
    assert_eq!(m.len(), 9);
    assert!(m.contains(&(Service::HousingCertificate, Channel::Portal, false)));
    assert!(m.contains(&(Service::Privatization, Channel::Provider, true)));

    let one = r#"{"services":[{"service":"housing_certificate","channels":["con","portal"],
        "steps":[{"days":3,"unit":"working","cite":"local decree 7"}]}]}"#;
    let r = ServiceRules::from_json(one.as_bytes()).unwrap();
    assert!(r.allows(Service::HousingCertificate, Channel::Portal));
    assert!(!r.allows(Service::HousingQueue, Channel::Portal));
    for bad in [
        r#"{"services":[{"service":"privatization","channels":["con","con"],"steps":[{"days":1,"unit":"calendar","cite":"x"}]}]}"#,
        r#"{"services":[{"service":"privatization","channels":["con"],"steps":[{"days":0,"unit":"calendar","cite":"x"}]}]}"#,
        r#"{"services":[{"service":"privatization","channels":["con"],"steps":[]}]}"#,
        r#"{"services":[{"service":"privatization","channels":["con"],"steps":[{"days":1,"unit":"calendar","cite":" "}]}]}"#,
        r#"{"services":[{"service":"privatization","channels":["con"],"steps":[{"days":1,"unit":"calendar","cite":"x"}]},{"service":"privatization","channels":[],"steps":[{"days":1,"unit":"calendar","cite":"x"}]}]}"#,
        r#"{"services":[],"extra":1}"#,
        r#"{"services":[],"services":[]}"#,
    ] {
        assert!(ServiceRules::from_json(bad.as_bytes()).is_err(), "{bad}");
    }
}

/// A year of the calendar overridden at run time: the embedded years stay, the given one
/// replaces its namesake.
#[test]
fn calendar_year_override() {
    use egov_sign::document::Calendar;
    let day = date!(2025 - 03 - 26);
    assert_eq!(Calendar::kazakhstan().is_working_day(day), Some(true));
    let y2025 = br#"{"country":"KZ","year":2025,"days_off":[{"date":"2025-03-26","name":"x","source":"test decree"}],"working_days":[]}"#;
    let c = Calendar::kazakhstan_with(&[y2025]).unwrap();
    assert_eq!(c.is_working_day(day), Some(false));
    assert_eq!(c.is_working_day(date!(2019 - 12 - 16)), Some(false));
    let y2040 = br#"{"country":"KZ","year":2040,"days_off":[],"working_days":[]}"#;
    let c = Calendar::kazakhstan_with(&[y2040]).unwrap();
    assert_eq!(c.is_working_day(date!(2040 - 01 - 02)), Some(true));
    assert!(Calendar::kazakhstan_with(&[b"{}"]).is_err());
}
