//! XML signatures (issue 18): sign / verify round trips for every key family, sequential
//! co-signatures, the classic signature-wrapping (XSW) attacks, hostile XML (XXE, billion
//! laughs, limits), a real NCALayer-style GOST-2015 XAdES signature.

mod common;

use egov_sign::test_pki::{KeyFamily, TestPki};
use egov_sign::xml::{sign_xml, XmlSignOptions};
use egov_sign::Error;
use egov_sign::SigningKey;
use egov_sign::VerificationTime;
use egov_sign::VerifyOptions;
use egov_sign::{Code, Indication, Report};

const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<request xmlns=\"urn:egov:housing\" Id=\"req-1\">\n  <applicant iin=\"900101300012\">Иванов</applicant>\n  <data><service>queue</service></data>\n</request>\n";

fn signer(p: &TestPki) -> (SigningKey, Vec<u8>) {
    let i = p.by_name("citizen_sign").expect("citizen_sign");
    (
        SigningKey::from_pkcs8(&i.key_pkcs8_der).expect("key"),
        i.cert_der.clone(),
    )
}

fn sign(family: KeyFamily, xml: &str, options: &XmlSignOptions) -> String {
    let p = common::pki(family);
    let (key, cert) = signer(p);
    sign_xml(xml.as_bytes(), &key, &cert, options).expect("sign_xml")
}

fn verify(family: KeyFamily, xml: &str) -> Result<Report, Error> {
    let p = common::pki(family);
    let v = common::verifier(p);
    let options = VerifyOptions {
        time: VerificationTime::At(common::now(p)),
        ..Default::default()
    };
    v.verify_xml(xml.as_bytes(), &options)
}

fn codes(r: &Report) -> Vec<Code> {
    r.findings.iter().map(|f| f.code).collect()
}

fn assert_valid(r: &Report) {
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
}

#[test]
fn every_family_signs_and_verifies() {
    for family in common::FAMILIES {
        let signed = sign(family, DOC, &XmlSignOptions::default());
        let r = verify(family, &signed).unwrap();
        assert_valid(&r);
        assert_eq!(r.signers.len(), 1);
        assert_eq!(r.signers[0].covers.as_deref(), Some("/request"));
        assert!(r.signers[0].signature_algorithm.is_some());
        assert!(!r.chain.is_empty());
    }
}

#[test]
fn exclusive_and_by_id_references_verify() {
    let options = XmlSignOptions {
        canonicalization: egov_sign::xml::c14n::Method::Exclusive,
        by_id: true,
    };
    let signed = sign(KeyFamily::Rsa, DOC, &options);
    assert!(signed.contains("URI=\"#req-1\""));
    assert_valid(&verify(KeyFamily::Rsa, &signed).unwrap());
}

#[test]
fn empty_document_element_is_signed() {
    let signed = sign(
        KeyFamily::P256,
        "<a:r xmlns:a=\"urn:x\" x=\"1\"/>",
        &Default::default(),
    );
    assert!(signed.ends_with("</a:r>"), "{signed}");
    assert_valid(&verify(KeyFamily::P256, &signed).unwrap());
}

#[test]
fn signature_is_found_by_namespace_whatever_its_prefix() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let renamed = signed
        .replace("<ds:", "<dsig:")
        .replace("</ds:", "</dsig:")
        .replace("xmlns:ds=", "xmlns:dsig=");
    // Found by namespace: the document digest still holds; the prefix is part of the
    // canonical SignedInfo, so the signature value no longer does.
    let r = verify(KeyFamily::Rsa, &renamed).unwrap();
    assert_eq!(r.signers.len(), 1);
    assert_eq!(r.signers[0].covers.as_deref(), Some("/request"));
    assert!(!codes(&r).contains(&Code::DigestMismatch));
    assert!(codes(&r).contains(&Code::SignatureInvalid));
}

#[test]
fn sequential_cosignatures_rsa_then_gost2015() {
    // One PKI per family: the second signer's chain is not under the RSA verifier's
    // anchors, so check each signer's signature and the coverage, then each path with its
    // own verifier.
    let once = sign(KeyFamily::Rsa, DOC, &Default::default());
    let twice = sign(KeyFamily::Gost2015, &once, &Default::default());
    assert_eq!(twice.matches("<ds:Signature ").count(), 2);
    for (family, index) in [(KeyFamily::Rsa, 0), (KeyFamily::Gost2015, 1)] {
        let r = verify(family, &twice).unwrap();
        assert_eq!(r.signers.len(), 2);
        assert_eq!(
            r.signers[index].indication,
            Indication::Valid,
            "{:#?}",
            r.signers[index].findings
        );
        for s in &r.signers {
            assert_eq!(s.covers.as_deref(), Some("/request"));
            assert!(
                !s.findings.iter().any(|f| matches!(
                    f.code,
                    Code::SignatureInvalid | Code::DigestMismatch | Code::XmlReferenceRefused
                )),
                "{:#?}",
                s.findings
            );
        }
    }
    // Same family: both signers valid in one report.
    let twice = sign(KeyFamily::Rsa, &once, &Default::default());
    let r = verify(KeyFamily::Rsa, &twice).unwrap();
    assert_valid(&r);
    assert_eq!(r.signers.len(), 2);
    assert!(r.signers[0].document_signer && !r.signers[1].document_signer);
    // The later signature covers the earlier one: changing the first SignatureValue
    // breaks both.
    let first = twice.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
    let mut tampered = twice.clone();
    let c = if &twice[first..first + 1] == "A" {
        "B"
    } else {
        "A"
    };
    tampered.replace_range(first..first + 1, c);
    let r = verify(KeyFamily::Rsa, &tampered).unwrap();
    assert_eq!(r.signers[0].indication, Indication::Invalid);
    assert!(r.signers[1]
        .findings
        .iter()
        .any(|f| f.code == Code::DigestMismatch));
}

#[test]
fn changed_content_breaks_the_digest() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let r = verify(KeyFamily::Rsa, &signed.replace("queue", "privatization")).unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    assert!(codes(&r).contains(&Code::DigestMismatch));
    // An added attribute too.
    let r = verify(KeyFamily::Rsa, &signed.replace("<data>", "<data x=\"1\">")).unwrap();
    assert!(codes(&r).contains(&Code::DigestMismatch));
}

fn refused(r: &Report) -> bool {
    r.indication == Indication::Invalid && codes(r).contains(&Code::XmlReferenceRefused)
}

/// XSW: the signed document element wrapped in a new document element with other content.
#[test]
fn xsw_wrapped_signed_element_is_refused() {
    let options = XmlSignOptions {
        by_id: true,
        ..Default::default()
    };
    let signed = sign(KeyFamily::Rsa, DOC, &options);
    let body = signed.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let wrapped = format!("<evil xmlns=\"urn:egov:housing\"><data><service>privatization</service></data>{body}</evil>");
    let r = verify(KeyFamily::Rsa, &wrapped).unwrap();
    assert!(refused(&r), "{:#?}", r.findings);
    assert!(r.signers[0].covers.is_none());
}

/// XSW: the original signed element moved into ds:Object of the signature, the document
/// element replaced — the same ID twice, or the Reference pointing to a non-root element.
#[test]
fn xsw_signed_element_moved_into_object_is_refused() {
    let options = XmlSignOptions {
        by_id: true,
        ..Default::default()
    };
    let signed = sign(KeyFamily::Rsa, DOC, &options);
    let start = signed.find("<ds:Signature").unwrap();
    let end = signed.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let sig = &signed[start..end];
    let original = &signed[signed.find("<request").unwrap()..start];
    // Attacker's root keeps the ID; the original moved into ds:Object: duplicate IDs.
    let moved = format!(
        "<request xmlns=\"urn:egov:housing\" Id=\"req-1\"><data><service>privatization</service></data>{}<ds:Object>{original}</request></ds:Object></ds:Signature></request>",
        &sig[..sig.len() - "</ds:Signature>".len()]
    );
    assert!(matches!(
        verify(KeyFamily::Rsa, &moved),
        Err(Error::Xml { .. })
    ));
    // The attacker's root has no ID: the Reference now points into ds:Object.
    let moved = moved.replacen(" Id=\"req-1\"", "", 1);
    let r = verify(KeyFamily::Rsa, &moved).unwrap();
    assert!(refused(&r), "{:#?}", r.findings);
}

/// XSW: a duplicated signed element (same ID twice) is refused before any verification.
#[test]
fn xsw_duplicate_ids_are_refused() {
    let options = XmlSignOptions {
        by_id: true,
        ..Default::default()
    };
    let signed = sign(KeyFamily::Rsa, DOC, &options);
    let dup = signed.replace(
        "<data>",
        "<wrapper><request Id=\"req-1\"><data>evil</data></request></wrapper><data>",
    );
    let e = verify(KeyFamily::Rsa, &dup).unwrap_err();
    assert!(e.to_string().contains("duplicate ID"), "{e}");
    // Two ID attributes on one element.
    let two = signed.replacen("Id=\"req-1\"", "Id=\"req-1\" ID=\"x\"", 1);
    assert!(verify(KeyFamily::Rsa, &two).is_err());
}

/// A Reference to an element other than the document element is refused.
#[test]
fn reference_to_another_element_is_refused() {
    let doc = DOC.replace("<data>", "<data Id=\"d1\">");
    let signed = sign(KeyFamily::Rsa, &doc, &Default::default());
    let r = verify(KeyFamily::Rsa, &signed.replace("URI=\"\"", "URI=\"#d1\"")).unwrap();
    assert!(refused(&r), "{:#?}", r.findings);
    // External and XPointer references too.
    let r = verify(
        KeyFamily::Rsa,
        &signed.replace("URI=\"\"", "URI=\"http://example.org/\""),
    )
    .unwrap();
    assert!(refused(&r));
    let r = verify(
        KeyFamily::Rsa,
        &signed.replace("URI=\"\"", "URI=\"#xpointer(/)\""),
    )
    .unwrap();
    assert!(refused(&r));
}

/// A signature in another place (inside a child element) is refused; in another namespace
/// it is no signature at all.
#[test]
fn signature_in_another_place_or_namespace() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let start = signed.find("<ds:Signature").unwrap();
    let end = signed.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let sig = signed[start..end].to_owned();
    let mut moved = signed.clone();
    moved.replace_range(start..end, "");
    let moved = moved.replace("</data>", &format!("{sig}</data>"));
    let r = verify(KeyFamily::Rsa, &moved).unwrap();
    assert!(refused(&r), "{:#?}", r.findings);
    let other_ns = signed.replace(
        "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"",
        "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#evil\"",
    );
    assert!(verify(KeyFamily::Rsa, &other_ns).is_err());
}

/// Without the enveloped-signature transform, or with two References covering the
/// document, the signature is refused.
#[test]
fn reference_rules() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let no_env = signed.replace(
        "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
        "",
    );
    assert!(refused(&verify(KeyFamily::Rsa, &no_env).unwrap()));
    let s = signed.find("<ds:Reference").unwrap();
    let e = signed.find("</ds:Reference>").unwrap() + "</ds:Reference>".len();
    let twice = format!("{}{}{}", &signed[..e], &signed[s..e], &signed[e..]);
    assert!(refused(&verify(KeyFamily::Rsa, &twice).unwrap()));
    // A SignedProperties-typed Reference to an element outside the signature.
    let doc = DOC.replace("<data>", "<data Id=\"d1\">");
    let signed = sign(KeyFamily::Rsa, &doc, &Default::default());
    let xades = format!(
        "{}<ds:Reference Type=\"http://uri.etsi.org/01903#SignedProperties\" URI=\"#d1\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>{}",
        &signed[..signed.find("</ds:SignedInfo>").unwrap()],
        &signed[signed.find("</ds:SignedInfo>").unwrap()..]
    );
    assert!(refused(&verify(KeyFamily::Rsa, &xades).unwrap()));
}

/// A second document element is not XML.
#[test]
fn second_document_element_is_refused() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let two = format!("{signed}<request xmlns=\"urn:egov:housing\"><data>evil</data></request>");
    assert!(matches!(
        verify(KeyFamily::Rsa, &two),
        Err(Error::Xml { .. })
    ));
}

/// Comments are not signed by URI="" (C14N without comments): a comment injected into the
/// signed content leaves the digest intact, and is refused as unsigned content.
#[test]
fn injected_comment_is_refused() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let injected = signed.replace("<service>queue", "<service>que<!--x-->ue");
    let r = verify(KeyFamily::Rsa, &injected).unwrap();
    assert!(!codes(&r).contains(&Code::DigestMismatch));
    assert!(codes(&r).contains(&Code::XmlUnsignedContent));
    assert_eq!(r.indication, Indication::Invalid);
    let pi = signed.replace("<data>", "<data><?evil x?>");
    assert!(codes(&verify(KeyFamily::Rsa, &pi).unwrap()).contains(&Code::XmlUnsignedContent));
}

/// Whitespace and `&#13;` line breaks inside base64 values are accepted (KalkanCrypt
/// writes them).
#[test]
fn base64_with_cr_entities() {
    let signed = sign(KeyFamily::Rsa, DOC, &Default::default());
    let start = signed.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
    let end = signed.find("</ds:SignatureValue>").unwrap();
    let value = &signed[start..end];
    let wrapped: String = value
        .as_bytes()
        .chunks(64)
        .map(|c| format!("{}&#13;\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let mut kalkan = signed.clone();
    kalkan.replace_range(start..end, &wrapped);
    assert_valid(&verify(KeyFamily::Rsa, &kalkan).unwrap());
}

#[test]
fn xxe_and_billion_laughs_are_refused_before_any_work() {
    let xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>";
    let external = "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://example.org/r.dtd\"><r/>";
    let p = common::pki(KeyFamily::Rsa);
    let (key, cert) = signer(p);
    for doc in [xxe, laughs, external] {
        let e = verify(KeyFamily::Rsa, doc).unwrap_err();
        assert!(matches!(e, Error::Xml { .. }), "{e}");
        assert!(e.to_string().contains("DTD"), "{e}");
        assert!(sign_xml(doc.as_bytes(), &key, &cert, &Default::default()).is_err());
    }
}

#[test]
fn structural_limits() {
    use egov_sign::limits::*;
    let deep = format!(
        "{}{}",
        "<a>".repeat(MAX_XML_DEPTH + 2),
        "</a>".repeat(MAX_XML_DEPTH + 2)
    );
    assert!(matches!(
        verify(KeyFamily::Rsa, &deep),
        Err(Error::TooLarge { .. })
    ));
    let attrs: String = (0..=MAX_XML_ATTRIBUTES)
        .map(|i| format!(" a{i}=\"\""))
        .collect();
    assert!(matches!(
        verify(KeyFamily::Rsa, &format!("<r{attrs}/>")),
        Err(Error::TooLarge { .. })
    ));
    let ns: String = (0..=MAX_XML_NAMESPACES)
        .map(|i| format!(" xmlns:n{i}=\"urn:{i}\""))
        .collect();
    assert!(matches!(
        verify(KeyFamily::Rsa, &format!("<r{ns}/>")),
        Err(Error::TooLarge { .. })
    ));
    let big = format!("<r>{}</r>", "x".repeat(MAX_XML_SIZE));
    assert!(matches!(
        verify(KeyFamily::Rsa, &big),
        Err(Error::TooLarge { .. })
    ));
    let many = format!("<r>{}</r>", "<a/>".repeat(MAX_XML_NODES as usize));
    assert!(matches!(
        verify(KeyFamily::Rsa, &many),
        Err(Error::TooLarge { .. })
    ));
    assert!(matches!(
        verify(KeyFamily::Rsa, "<r>no signature</r>"),
        Err(Error::Xml { .. })
    ));
}

/// NCANode's XAdES-B fixture (NCALayer-style GOST 34.10-2015-512 by an NCA test
/// certificate): SignedInfo signature and both Reference digests (the document's
/// `URI=""` and the XAdES SignedProperties `URI="#…"`) verify; the chain is not ours.
#[test]
fn ncanode_xades_gost2015_verifies_cryptographically() {
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/xml/ncanode/xades-test-signed-b.xml"
    ))
    .expect("fixture testdata/xml/ncanode/xades-test-signed-b.xml");
    let p = common::pki(KeyFamily::Gost2015);
    let v = common::verifier(p);
    let at = time::macros::datetime!(2026-09-02 10:04:52 UTC);
    let options = VerifyOptions {
        time: VerificationTime::At(at),
        ..Default::default()
    };
    let r = v.verify_xml(&xml, &options).unwrap();
    let s = &r.signers[0];
    assert_eq!(s.covers.as_deref(), Some("/document"));
    assert!(s.signature_algorithm.is_some(), "{:#?}", s.findings);
    for f in &s.findings {
        assert!(
            !matches!(
                f.code,
                Code::SignatureInvalid
                    | Code::DigestMismatch
                    | Code::XmlReferenceRefused
                    | Code::Malformed
                    | Code::UnsupportedAlgorithm
            ),
            "{f:?}"
        );
    }
    assert_eq!(s.signing_time.as_deref(), Some("2026-09-02T10:04:52Z"));
    // One changed character of the signed body breaks the document digest.
    let text = String::from_utf8(xml)
        .unwrap()
        .replace("conformance", "Conformance");
    let r = v.verify_xml(text.as_bytes(), &options).unwrap();
    assert!(codes(&r).contains(&Code::DigestMismatch));
}

/// Many unique IDs are checked with a set (a linear scan per ID was quadratic: 60,000 IDs
/// cost 1.8·10⁹ comparisons).
#[test]
fn many_ids_are_checked_quickly() {
    let body: String = (0..60_000).map(|i| format!("<a Id=\"i{i}\"/>")).collect();
    let doc = format!("<r>{body}</r>");
    let start = std::time::Instant::now();
    let e = verify(KeyFamily::Rsa, &doc).unwrap_err();
    assert!(e.to_string().contains("no ds:Signature"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

/// `verify_xml_as`: the document rules of CMS apply to the signed document element (read
/// by the caller's reader, here the JSON model carried as the element's text), with the
/// same identity checks; a document no signature covers is not read.
#[test]
fn document_rules_apply_to_the_signed_element_only() {
    use egov_sign::test_pki::{samples, CITIZEN2_IIN};
    use egov_sign::DocumentKind;
    use egov_sign::{Document, Request};
    let p = common::pki(KeyFamily::P256);
    let v = common::verifier(p);
    let checksum = common::policy().checksum;
    let reader = move |n: roxmltree::Node<'_, '_>| -> Result<Document, Error> {
        let text: String = n
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        Request::from_json(text.trim().as_bytes(), checksum).map(Document::Request)
    };
    let wrap = |json: Vec<u8>| {
        let json = String::from_utf8(json)
            .unwrap()
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        format!("<request xmlns=\"urn:egov:housing\">{json}</request>")
    };
    let options = VerifyOptions {
        time: VerificationTime::At(common::now(p)),
        ..Default::default()
    };
    let own = wrap(
        samples::citizen_portal_request(common::now(p))
            .unwrap()
            .to_json(),
    );
    let signed = sign(KeyFamily::P256, &own, &Default::default());
    let r = v
        .verify_xml_as(signed.as_bytes(), DocumentKind::Request, &options, &reader)
        .unwrap();
    assert_valid(&r);
    assert!(matches!(r.document, Some(Document::Request(_))));

    let other = wrap(
        samples::portal_queue_request(CITIZEN2_IIN, common::now(p))
            .unwrap()
            .to_json(),
    );
    let signed = sign(KeyFamily::P256, &other, &Default::default());
    let r = v
        .verify_xml_as(signed.as_bytes(), DocumentKind::Request, &options, &reader)
        .unwrap();
    assert_eq!(codes(&r), vec![Code::IinMismatch]);

    // The Reference refused: the document is not read, its rules not applied.
    let refused_ref =
        sign(KeyFamily::P256, &own, &Default::default()).replace("URI=\"\"", "URI=\"#nowhere\"");
    let r = v
        .verify_xml_as(
            refused_ref.as_bytes(),
            DocumentKind::Request,
            &options,
            &reader,
        )
        .unwrap();
    assert!(r.document.is_none());
    assert_eq!(r.indication, Indication::Invalid);
}
