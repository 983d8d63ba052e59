//! PKCS#12 key stores: the real KalkanCrypt store of the NCA test PKI, OpenSSL-written
//! stores (PBES2 and legacy PBEs) for RSA, P-256 and Ed25519, several entries, wrong
//! passwords and damaged files.

use egov_sign::algorithm::{SignatureAlgorithm, SigningKey};
use egov_sign::certificate::Certificate;
use egov_sign::cms::{self, SignOptions};
use egov_sign::encoding::decode_der_blobs;
use egov_sign::iin::ChecksumPolicy;
use egov_sign::pkcs12::KeyStore;
use egov_sign::policy::{Policy, RevocationScope};
use egov_sign::report::Indication;
use egov_sign::verifier::Verifier;
use egov_sign::Error;

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata");

/// A file under `testdata/` (fails, never skips, when missing).
fn testdata(path: &str) -> Vec<u8> {
    let full = format!("{TESTDATA}/{path}");
    std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"))
}

fn der(path: &str, label: &str) -> Vec<u8> {
    let mut blobs = decode_der_blobs(&testdata(path), label, 1 << 20).unwrap();
    assert_eq!(blobs.len(), 1, "{path}");
    blobs.remove(0)
}

const KALKAN: &str = "nca/kalkan_individual_2023.p12";
const KALKAN_PASSWORD: &str = "Qwerty12";

#[test]
fn kalkan_store_opens() {
    let store = KeyStore::open(&testdata(KALKAN), KALKAN_PASSWORD).unwrap();
    assert_eq!(store.entries().len(), 1);
    let entry = &store.entries()[0];
    assert_eq!(entry.alias(), Some("8147287582df9bb4710e461804acd49b88bf45c4"));
    assert_eq!(entry.algorithm(), SignatureAlgorithm::Gost2015_512);
    let cert = der("nca/kalkan_individual_2023.cer.pem", "CERTIFICATE");
    assert_eq!(entry.certificate_der(), Some(&cert[..]));
    assert!(entry.signing_key().matches_spki(Certificate::from_der(&cert).unwrap().spki()));
    assert!(format!("{store:?}").contains("8147287582df"));
}
