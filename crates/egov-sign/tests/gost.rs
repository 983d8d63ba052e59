//! GOST 34.10-2015 (512) and GOST 34.310-2004: hash known answers, the real NCA test files,
//! round trips of our own signatures, and (feature `test-pki`) the acceptance scenarios on
//! the GOST test PKI families.

use egov_sign::certificate::Certificate;
use egov_sign::crl::ParsedCrl;
use egov_sign::encoding::decode_der_blobs;

const NCA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/nca-test-pki");

/// A file of the real NCA test PKI (DER; PEM is decoded), from `shared/nca-test-pki/` beside
/// the clone, or from `$EGOV_SIGN_NCA_DIR` when set (e.g. for a git worktree elsewhere).
/// Fails — never skips — when the file is missing.
fn nca(name: &str) -> Vec<u8> {
    let dir = std::env::var("EGOV_SIGN_NCA_DIR").unwrap_or_else(|_| NCA_DIR.to_string());
    let path = format!("{dir}/{name}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the real NCA GOST vectors at {path}: {e}. They are expected in \
             `shared/nca-test-pki/` beside the repository clone (see the issue)."
        )
    });
    let label = if name.ends_with(".crl") {
        "X509 CRL"
    } else {
        "CERTIFICATE"
    };
    let mut blobs = decode_der_blobs(&bytes, label, 64 * 1024).unwrap();
    assert_eq!(blobs.len(), 1, "{name}");
    blobs.remove(0)
}

fn cert(name: &str) -> Certificate {
    Certificate::from_der(&nca(name)).unwrap()
}

#[test]
fn nca_crls_verify_against_their_cas() {
    let ca2015 = cert("nca_gost2015_test.cer");
    let crl = ParsedCrl::from_der(&nca("nca_gost2022_test.crl")).unwrap();
    assert_eq!(crl.len(), 6);
    crl.verify(&ca2015).unwrap();
    let ca2004 = cert("nca_gost_test.crt");
    let crl = ParsedCrl::from_der(&nca("nca_gost_test.crl")).unwrap();
    assert_eq!(crl.len(), 31);
    crl.verify(&ca2004).unwrap();
}

#[test]
fn nca_ceo_certificate_is_signed_by_its_ca() {
    let ceo = cert("ceo_valid_sign_2004_gost.cer");
    ceo.verify_signed_by(&cert("nca_gost_test.crt")).unwrap();
    assert!(ceo
        .verify_signed_by(&cert("nca_gost2015_test.cer"))
        .is_err());
}
