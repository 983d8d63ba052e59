//! Interoperability of XML signatures with `xmlsec1` (the XML Security Library's CLI,
//! an independent implementation; required as `openssl` is for tests/openssl_interop.rs:
//! a missing `xmlsec1` fails these tests rather than skipping them).
//!
//! (1) RSA and ECDSA signatures [`sign_xml`] makes verify in `xmlsec1 --verify`;
//! (2) RSA signatures `xmlsec1 --sign` makes from an enveloped + C14N template (as
//! KalkanCrypt writes them), one and then a second sequential one, verify in ours.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use egov_sign::encoding::to_pem;
use egov_sign::test_pki::KeyFamily;
use egov_sign::xml::c14n::Method;
use egov_sign::xml::{sign_xml, XmlSignOptions};
use egov_sign::SigningKey;
use egov_sign::VerificationTime;
use egov_sign::VerifyOptions;
use egov_sign::{Code, Indication};

const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<request xmlns=\"urn:egov:housing\" Id=\"req-1\">\n  <applicant iin=\"900101300012\">Иванов</applicant>\n  <data><service>queue</service></data>\n</request>\n";

fn xmlsec1(args: &[&str], dir: &Path) -> Output {
    Command::new("xmlsec1")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the xmlsec1 CLI is required for the XML interoperability tests")
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "xmlsec1 {what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn our_rsa_and_ecdsa_signatures_verify_in_xmlsec1() {
    let dir = tempfile::tempdir().unwrap();
    for family in [KeyFamily::Rsa, KeyFamily::P256] {
        for method in [Method::Inclusive, Method::Exclusive] {
            let p = common::pki(family);
            let i = p.by_name("citizen_sign").unwrap();
            let key = SigningKey::from_pkcs8(&i.key_pkcs8_der).unwrap();
            let options = XmlSignOptions {
                canonicalization: method,
                by_id: false,
            };
            let signed = sign_xml(DOC.as_bytes(), &key, &i.cert_der, &options).unwrap();
            std::fs::write(dir.path().join("signed.xml"), &signed).unwrap();
            std::fs::write(
                dir.path().join("cert.pem"),
                to_pem(&i.cert_der, "CERTIFICATE"),
            )
            .unwrap();
            let out = xmlsec1(
                &[
                    "--verify",
                    "--pubkey-cert-pem",
                    "cert.pem",
                    "--enabled-key-data",
                    "key-name",
                    "signed.xml",
                ],
                dir.path(),
            );
            ok(&out, &format!("--verify ({family:?}, {method:?})"));
            // A changed character fails there too (the check is real).
            std::fs::write(dir.path().join("bad.xml"), signed.replace("queue", "queuE")).unwrap();
            let out = xmlsec1(
                &[
                    "--verify",
                    "--pubkey-cert-pem",
                    "cert.pem",
                    "--enabled-key-data",
                    "key-name",
                    "bad.xml",
                ],
                dir.path(),
            );
            assert!(!out.status.success());
        }
    }
}

fn template(doc: &str, method: &str) -> String {
    template_with(
        doc,
        method,
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmlenc#sha256",
    )
}

fn template_with(doc: &str, method: &str, signature: &str, digest: &str) -> String {
    let sig = format!(
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>\
         <ds:CanonicalizationMethod Algorithm=\"{method}\"/>\
         <ds:SignatureMethod Algorithm=\"{signature}\"/>\
         <ds:Reference URI=\"\"><ds:Transforms>\
         <ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>\
         <ds:Transform Algorithm=\"{method}\"/></ds:Transforms>\
         <ds:DigestMethod Algorithm=\"{digest}\"/>\
         <ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/>\
         <ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>"
    );
    let end = doc.rfind("</request>").unwrap();
    format!("{}{sig}{}", &doc[..end], &doc[end..])
}

#[test]
fn xmlsec1_rsa_signatures_verify_in_ours_one_then_two() {
    let dir = tempfile::tempdir().unwrap();
    let p = common::pki(KeyFamily::Rsa);
    let i = p.by_name("citizen_sign").unwrap();
    std::fs::write(
        dir.path().join("key.pem"),
        to_pem(&i.key_pkcs8_der, "PRIVATE KEY"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cert.pem"),
        to_pem(&i.cert_der, "CERTIFICATE"),
    )
    .unwrap();
    let v = common::verifier(p);
    let options = VerifyOptions {
        time: VerificationTime::At(common::now(p)),
        ..Default::default()
    };
    for method in [
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
        "http://www.w3.org/2001/10/xml-exc-c14n#",
    ] {
        std::fs::write(dir.path().join("tmpl.xml"), template(DOC, method)).unwrap();
        let out = xmlsec1(
            &[
                "--sign",
                "--privkey-pem",
                "key.pem,cert.pem",
                "--output",
                "signed.xml",
                "tmpl.xml",
            ],
            dir.path(),
        );
        ok(&out, "--sign");
        let signed = std::fs::read_to_string(dir.path().join("signed.xml")).unwrap();
        let r = v.verify_xml(signed.as_bytes(), &options).unwrap();
        assert_eq!(
            r.indication,
            Indication::Valid,
            "{method}: {:#?}",
            r.findings
        );
        assert_eq!(r.signers[0].covers.as_deref(), Some("/request"));

        // A second, sequential xmlsec1 signature over the signed document: its template
        // appended after the first signature; xmlsec1 signs the first unsigned template
        // node, so the template is given with the first signature already signed.
        let second = {
            let end = signed.rfind("</request>").unwrap();
            let t = template("<request></request>", method);
            let sig = &t["<request>".len()..t.len() - "</request>".len()];
            format!("{}{sig}{}", &signed[..end], &signed[end..])
        };
        std::fs::write(dir.path().join("tmpl2.xml"), &second).unwrap();
        // Point xmlsec1 at the last Signature (the template).
        let out = xmlsec1(
            &[
                "--sign",
                "--privkey-pem",
                "key.pem,cert.pem",
                "--node-xpath",
                "(//*[local-name()='Signature'])[2]",
                "--output",
                "signed2.xml",
                "tmpl2.xml",
            ],
            dir.path(),
        );
        ok(&out, "--sign (second)");
        let signed2 = std::fs::read_to_string(dir.path().join("signed2.xml")).unwrap();
        let r = v.verify_xml(signed2.as_bytes(), &options).unwrap();
        assert_eq!(r.signers.len(), 2);
        assert_eq!(
            r.indication,
            Indication::Valid,
            "{method}: {:#?}",
            r.findings
        );
        // Tampering is detected on our side too.
        let r = v
            .verify_xml(signed2.replace("queue", "queuE").as_bytes(), &options)
            .unwrap();
        assert!(r.findings.iter().any(|f| f.code == Code::DigestMismatch));
    }
}

/// xmlsec1-made ECDSA P-256 (r‖s SignatureValue) verifies in ours; xmlsec1-made RSA-SHA1
/// verifies cryptographically but is flagged weak (XML_WEAK_ALGORITHM: never valid).
#[test]
fn xmlsec1_ecdsa_verifies_and_rsa_sha1_is_flagged_weak() {
    let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    for (family, signature, digest, expect) in [
        (
            KeyFamily::P256,
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2001/04/xmlenc#sha256",
            None,
        ),
        (
            KeyFamily::Rsa,
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#sha1",
            Some(Code::XmlWeakAlgorithm),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let p = common::pki(family);
        let i = p.by_name("citizen_sign").unwrap();
        std::fs::write(
            dir.path().join("key.pem"),
            to_pem(&i.key_pkcs8_der, "PRIVATE KEY"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("cert.pem"),
            to_pem(&i.cert_der, "CERTIFICATE"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("tmpl.xml"),
            template_with(DOC, c14n, signature, digest),
        )
        .unwrap();
        let out = xmlsec1(
            &[
                "--sign",
                "--privkey-pem",
                "key.pem,cert.pem",
                "--output",
                "signed.xml",
                "tmpl.xml",
            ],
            dir.path(),
        );
        ok(&out, &format!("--sign {signature}"));
        let signed = std::fs::read(dir.path().join("signed.xml")).unwrap();
        let v = common::verifier(p);
        let options = VerifyOptions {
            time: VerificationTime::At(common::now(p)),
            ..Default::default()
        };
        let r = v.verify_xml(&signed, &options).unwrap();
        let codes: Vec<Code> = r.findings.iter().map(|f| f.code).collect();
        match expect {
            None => assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings),
            Some(code) => {
                assert_eq!(codes, vec![code], "{:#?}", r.findings);
                assert_eq!(r.indication, Indication::Indeterminate);
            }
        }
    }
}
