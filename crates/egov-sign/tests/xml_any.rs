//! `xml_document` (issue 18, "everywhere"): one entry for both forms — the XML-vs-CMS rule,
//! `Verifier::verify_any` / `verify_xml_document`, `sign_document_xml` — as the CLI and the
//! bindings use it.

mod common;

use common::*;
use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki};
use egov_sign::xml::XmlSignOptions;
use egov_sign::ChecksumPolicy;
use egov_sign::Error;
use egov_sign::SigningKey;
use egov_sign::VerificationTime;
use egov_sign::{document_to_xml, is_xml, sign_document_xml, xml_kind};
use egov_sign::{Code, Indication};
use egov_sign::{DocumentKind, VerifyOptions};

fn opts(p: &TestPki) -> VerifyOptions<'static> {
    VerifyOptions {
        time: VerificationTime::At(now(p)),
        ..VerifyOptions::default()
    }
}

fn request_json(p: &TestPki) -> Vec<u8> {
    samples::citizen_portal_request(now(p)).unwrap().to_json()
}

fn xml_by(who: &Issued, input: &[u8]) -> String {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    sign_document_xml(
        input,
        DocumentKind::Request,
        &key,
        &who.cert_der,
        ChecksumPolicy::Strict,
        &XmlSignOptions::default(),
    )
    .unwrap()
}

fn cms_by(p: &TestPki, who: &Issued, input: &[u8]) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let sopts = SignOptions {
        signing_time: Some(now(p)),
        ..SignOptions::default()
    };
    cms::sign(
        input,
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &sopts,
    )
    .unwrap()
}

fn sorted_codes(r: &egov_sign::Report) -> Vec<Code> {
    let mut c: Vec<Code> = r.findings.iter().map(|f| f.code).collect();
    c.sort_by_key(|c| c.as_str());
    c
}

#[test]
fn the_same_request_as_cms_and_as_xml_gives_the_same_verdict() {
    for family in [KeyFamily::Rsa, KeyFamily::P256, KeyFamily::Gost2015] {
        let p = pki(family);
        let v = verifier(p);
        let json = request_json(p);
        for who in [
            &p.citizen_sign,
            &p.revoked_sign,
            &p.citizen_auth,
            &p.citizen2_sign,
        ] {
            let cms = v
                .verify_any(&cms_by(p, who, &json), DocumentKind::Request, &opts(p))
                .unwrap();
            let xml_text = xml_by(who, &json);
            assert!(is_xml(xml_text.as_bytes()));
            let xml = v
                .verify_any(xml_text.as_bytes(), DocumentKind::Request, &opts(p))
                .unwrap();
            assert_eq!(cms.indication, xml.indication, "{family:?} {}", who.name);
            assert_eq!(
                sorted_codes(&cms),
                sorted_codes(&xml),
                "{family:?} {}",
                who.name
            );
            assert_eq!(cms.document, xml.document, "{family:?} {}", who.name);
            assert_eq!(xml.signers.len(), 1);
            assert_eq!(xml.signers[0].covers.as_deref(), Some("/request"));
        }
        assert_eq!(
            v.verify_any(
                xml_by(&p.citizen_sign, &json).as_bytes(),
                DocumentKind::Request,
                &opts(p)
            )
            .unwrap()
            .indication,
            Indication::Valid
        );
    }
}

#[test]
fn a_signed_xml_document_gets_a_sequential_cosignature() {
    let p = pki(KeyFamily::Rsa);
    let v = verifier(p);
    let first = xml_by(&p.citizen_sign, &request_json(p));
    let both = xml_by(&p.citizen2_sign, first.as_bytes());
    assert!(both.starts_with(first.trim_end_matches("</request>")));
    let r = v
        .verify_any(both.as_bytes(), DocumentKind::Request, &opts(p))
        .unwrap();
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.signers.len(), 2);
    assert!(r
        .signers
        .iter()
        .all(|s| s.covers.as_deref() == Some("/request")));
    // The explicit XML entry gives the same report; CMS is not XML to it.
    let r2 = v
        .verify_xml_document(both.as_bytes(), DocumentKind::Request, &opts(p))
        .unwrap();
    assert_eq!(r2.indication, r.indication);
    let cms = cms_by(p, &p.citizen_sign, &request_json(p));
    assert!(v
        .verify_xml_document(&cms, DocumentKind::Request, &opts(p))
        .is_err());
}

#[test]
fn kinds_are_not_confused() {
    let p = pki(KeyFamily::Rsa);
    let v = verifier(p);
    let xml = xml_by(&p.citizen_sign, &request_json(p));
    assert_eq!(xml_kind(xml.as_bytes()).unwrap(), DocumentKind::Request);
    assert_eq!(xml_kind(b"<a/>").unwrap(), DocumentKind::Any);
    // A signed request verified as a result: not read as a result.
    let r = v
        .verify_any(xml.as_bytes(), DocumentKind::Result, &opts(p))
        .unwrap();
    assert_ne!(r.indication, Indication::Valid);
    assert!(r.findings.iter().any(|f| f.code == Code::DocumentInvalid));
    assert!(r.document.is_none());
    // No XML form of a receipt; arbitrary JSON is not signed as XML.
    assert!(matches!(
        v.verify_any(xml.as_bytes(), DocumentKind::Receipt, &opts(p)),
        Err(Error::Config { .. })
    ));
    let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    for kind in [DocumentKind::Any, DocumentKind::Receipt] {
        assert!(matches!(
            sign_document_xml(
                &request_json(p),
                kind,
                &key,
                &p.citizen_sign.cert_der,
                ChecksumPolicy::Strict,
                &XmlSignOptions::default()
            ),
            Err(Error::Config { .. })
        ));
    }
    // The XML form by kind: a request's is `Request::to_xml`; a receipt and arbitrary
    // content have none.
    let json = request_json(p);
    assert_eq!(
        document_to_xml(&json, DocumentKind::Request, ChecksumPolicy::Strict).unwrap(),
        samples::citizen_portal_request(now(p))
            .unwrap()
            .to_xml()
            .unwrap()
    );
    for kind in [
        DocumentKind::Any,
        DocumentKind::Receipt,
        DocumentKind::Result,
    ] {
        assert!(
            document_to_xml(&json, kind, ChecksumPolicy::Strict).is_err(),
            "{kind:?}"
        );
    }
    // An invalid document is refused before signing, in either form.
    let bad = String::from_utf8(request_json(p))
        .unwrap()
        .replace("\"portal\"", "\"moon\"");
    assert!(sign_document_xml(
        bad.as_bytes(),
        DocumentKind::Request,
        &key,
        &p.citizen_sign.cert_der,
        ChecksumPolicy::Strict,
        &XmlSignOptions::default()
    )
    .is_err());
    let bad_xml = xml.replace("<channel>portal</channel>", "<channel>moon</channel>");
    assert!(sign_document_xml(
        bad_xml.as_bytes(),
        DocumentKind::Request,
        &key,
        &p.citizen_sign.cert_der,
        ChecksumPolicy::Strict,
        &XmlSignOptions::default()
    )
    .is_err());
}
