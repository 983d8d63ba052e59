//! XML signatures on real NCA material (issue 18): NCANode's NCALayer-style GOST-2015 XAdES
//! verified end to end under the NCA test root (path, CRL), and the KalkanCrypt test key
//! store signing XML that verifies under the same root. Fixtures: testdata/nca/SOURCE.md,
//! testdata/xml/ncanode/SOURCE.md; a missing file fails.

use egov_sign::xml::sign_xml;
use egov_sign::SigningKey;
use egov_sign::{Code, Indication};
use egov_sign::{Policy, RevocationScope, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

fn testdata(path: &str) -> Vec<u8> {
    let p = format!("{}/../../testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {p}: {e}"))
}

fn nca_verifier(policy: Policy) -> Verifier {
    Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .crls(&testdata("nca/nca_gost2022_test_2026-08.crl"))
        .unwrap()
        .policy(policy)
        .build()
        .unwrap()
}

#[test]
fn ncanode_xades_verifies_under_the_nca_test_root() {
    let xml = testdata("xml/ncanode/xades-test-signed-b.xml");
    // The CA's CRL is at hand (not the root's): the end certificate's revocation is checked.
    let v = nca_verifier(Policy {
        revocation: RevocationScope::EndEntity,
        ..Policy::default()
    });
    let options = VerifyOptions {
        time: VerificationTime::At(time::macros::datetime!(2026-09-02 10:04:52 UTC)),
        ..Default::default()
    };
    let r = v.verify_xml(&xml, &options).unwrap();
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.chain.len(), 3);
    assert_eq!(
        r.signer.as_ref().unwrap().iin.as_deref(),
        Some("123456789011")
    );
    assert_eq!(r.signers[0].covers.as_deref(), Some("/document"));
    assert_eq!(r.revocation[0].status, "good");
}

#[test]
fn kalkan_key_store_signs_xml_that_verifies_twice_cosigned() {
    let key = SigningKey::from_pkcs12(
        &testdata("nca/kalkan_individual_2023.p12"),
        "Qwerty12",
        None,
    )
    .unwrap();
    let cert = egov_sign::encoding::decode_der_blobs(
        &testdata("nca/kalkan_individual_2023.cer.pem"),
        "CERTIFICATE",
        1 << 16,
    )
    .unwrap()
    .remove(0);
    let doc = "<request xmlns=\"urn:egov:housing\"><iin>123456789011</iin></request>";
    let once = sign_xml(doc.as_bytes(), &key, &cert, &Default::default()).unwrap();
    assert!(once.contains("gostr34102015-gostr34112015-512"));
    let twice = sign_xml(once.as_bytes(), &key, &cert, &Default::default()).unwrap();
    // 2024: within the certificate's validity; the CRL at hand is from 2026, so revocation
    // is not checked here (the path and the signatures are).
    let v = nca_verifier(Policy {
        revocation: RevocationScope::None,
        ..Policy::default()
    });
    let options = VerifyOptions {
        time: VerificationTime::At(time::macros::datetime!(2024-03-01 00:00 UTC)),
        ..Default::default()
    };
    for xml in [&once, &twice] {
        let r = v.verify_xml(xml.as_bytes(), &options).unwrap();
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    }
    let r = v
        .verify_xml(
            twice.replace("123456789011", "123456789012").as_bytes(),
            &options,
        )
        .unwrap();
    assert_eq!(r.signers.len(), 2);
    for s in &r.signers {
        assert!(s.findings.iter().any(|f| f.code == Code::DigestMismatch));
    }
}
