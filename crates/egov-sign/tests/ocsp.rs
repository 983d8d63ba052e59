//! RFC 6960 OCSP responses (issue 16): the real NCA test responder's answer verifies; the
//! test responder's answers verify and every rule refuses what it must.

use std::path::PathBuf;

use egov_sign::certificate::Certificate;
use egov_sign::ocsp::{self, BasicResponse, CertIdHash, CertStatus, CheckOptions, OcspError};

fn nca(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/nca")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn rfc3339(s: &str) -> i64 {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp()
}

const NCA_NONCE: [u8; 16] = [
    0x3e, 0x42, 0xc9, 0xbb, 0x20, 0x1a, 0x62, 0xd0, 0x2f, 0xa4, 0xa4, 0x75, 0x6f, 0xe3, 0x25, 0x6c,
];

/// The NCA test responder's answer of NCANode's XAdES-LT file: a delegated responder
/// ("OCSP", issued by the GOST TEST 2022 CA, id-kp-OCSPSigning, id-pkix-ocsp-nocheck),
/// GOST 34.10-2015 signature, CertID with SHA-1, good, no nextUpdate, nonce and
/// extended-revoke extensions. Reference time 2026-09-02T11:00Z.
#[test]
fn real_nca_test_ocsp_response_verifies() {
    let der = nca("nca_ocsp_test2022_2026-09-02.ocsp");
    let cert = Certificate::from_der(&nca("test2022_individual_2026.cer")).unwrap();
    let ca = Certificate::from_der(&nca("nca_gost2015_test.cer")).unwrap();
    let at = rfc3339("2026-09-02T11:00:00Z");
    let opts = CheckOptions {
        at,
        nonce: Some(&NCA_NONCE),
        ..CheckOptions::default()
    };
    let r = ocsp::verify_response(&der, &cert, &ca, &opts, None).unwrap();
    assert_eq!(r.status, CertStatus::Good);
    assert!(r.delegated && !r.responder_unchecked);
    assert!(r.responder.contains("CN=OCSP"), "{}", r.responder);
    assert!(
        r.signature_algorithm.contains("2015"),
        "{}",
        r.signature_algorithm
    );
    assert_eq!(r.this_update, rfc3339("2026-09-02T10:26:32Z"));
    assert_eq!(r.next_update, None);
    let basic = BasicResponse::from_der(&der).unwrap();
    assert!(basic.extended_revoke);
    assert_eq!(basic.nonce(), Some(&NCA_NONCE[..]));

    // No nextUpdate: only within the configured age.
    let old = CheckOptions {
        at: rfc3339("2026-09-02T12:00:00Z"),
        ..opts
    };
    assert!(matches!(
        ocsp::verify_response(&der, &cert, &ca, &old, None),
        Err(OcspError::Stale {
            next_update: None,
            ..
        })
    ));
    let short = CheckOptions {
        max_age_without_next_update: 60,
        ..opts
    };
    assert!(matches!(
        ocsp::verify_response(&der, &cert, &ca, &short, None),
        Err(OcspError::Stale { .. })
    ));
    // Before thisUpdate.
    let early = CheckOptions {
        at: rfc3339("2026-09-02T10:00:00Z"),
        ..opts
    };
    assert!(matches!(
        ocsp::verify_response(&der, &cert, &ca, &early, None),
        Err(OcspError::NotYetValid { .. })
    ));
    // Another nonce.
    let other = CheckOptions {
        nonce: Some(&[1, 2, 3]),
        ..opts
    };
    assert_eq!(
        ocsp::verify_response(&der, &cert, &ca, &other, None).unwrap_err(),
        OcspError::NonceMismatch
    );
    // Another certificate of the CA: no SingleResponse about it.
    let other_cert = Certificate::parse_all(&nca("kalkan_individual_2023.cer.pem"))
        .unwrap()
        .remove(0);
    assert_eq!(
        ocsp::verify_response(&der, &other_cert, &ca, &opts, None).unwrap_err(),
        OcspError::NoMatchingResponse
    );
    // Another "CA" (the root): the delegated responder is not its.
    let root = Certificate::from_der(&nca("root_test_gost_2022.cer")).unwrap();
    assert!(matches!(
        ocsp::verify_response(&der, &cert, &root, &opts, None),
        Err(OcspError::ResponderNotAuthorized(_))
    ));
    // A flipped bit in the signature.
    let mut bad = der.clone();
    let sig_at = find(&bad, &[0x03, 0x81, 0x81, 0x00]).unwrap() + 10;
    bad[sig_at] ^= 1;
    assert!(matches!(
        ocsp::verify_response(&bad, &cert, &ca, &opts, None),
        Err(OcspError::SignatureInvalid(_))
    ));
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn request_der_is_what_openssl_reads() {
    let cert = Certificate::from_der(&nca("test2022_individual_2026.cer")).unwrap();
    let ca = Certificate::from_der(&nca("nca_gost2015_test.cer")).unwrap();
    let der = ocsp::request(&cert, &ca, CertIdHash::Sha1, Some(&NCA_NONCE)).unwrap();
    let parsed = ocsp::OcspRequest::from_der(&der).unwrap();
    assert_eq!(parsed.nonce.as_deref(), Some(&NCA_NONCE[..]));
    // The CertID is the one the NCA responder answered about.
    let basic = nca("nca_ocsp_test2022_2026-09-02.ocsp");
    assert!(find(&basic, &parsed.cert_ids[0].to_der().unwrap()).is_some());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("req.der");
    std::fs::write(&path, &der).unwrap();
    let out = std::process::Command::new("openssl")
        .args(["ocsp", "-reqin"])
        .arg(&path)
        .arg("-req_text")
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Hash Algorithm: sha1"), "{text}");
    assert!(
        text.contains("6C425659BD2FC6DC587B871AEDE1857727CF8451"),
        "{text}"
    );
    assert!(text.contains("OCSP Nonce"), "{text}");
}
