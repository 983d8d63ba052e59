//! PKCS#12 key stores: the real KalkanCrypt store of the NCA test PKI, OpenSSL-written
//! stores (PBES2 and legacy PBEs) for RSA, P-256 and Ed25519, several entries, wrong
//! passwords and damaged files.

use egov_sign::algorithm::{CoreBackend, SignatureAlgorithm, SigningKey};
use egov_sign::cms::{self, SignOptions};
use egov_sign::encoding::decode_der_blobs;
use egov_sign::Certificate;
use egov_sign::ChecksumPolicy;
use egov_sign::Error;
use egov_sign::Indication;
use egov_sign::KeyStore;
use egov_sign::Verifier;
use egov_sign::{Policy, RevocationScope};

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
    assert_eq!(
        entry.alias(),
        Some("8147287582df9bb4710e461804acd49b88bf45c4")
    );
    assert_eq!(entry.algorithm(), SignatureAlgorithm::Gost2015_512);
    let cert = der("nca/kalkan_individual_2023.cer.pem", "CERTIFICATE");
    assert_eq!(entry.certificate_der(), Some(&cert[..]));
    assert!(entry
        .signing_key()
        .matches_spki(Certificate::from_der(&cert).unwrap().spki()));
    assert!(format!("{store:?}").contains("8147287582df"));
}

fn lenient_no_revocation() -> Policy {
    Policy {
        checksum: ChecksumPolicy::Lenient,
        revocation: RevocationScope::None,
        ..Policy::default()
    }
}

/// A portal request of the key store's holder (IIN 123456789011), created before 2024.
fn kalkan_request() -> Vec<u8> {
    let json = String::from_utf8(testdata("pki/request.json")).unwrap();
    json.replace("871008401427", "123456789011")
        .replace("2026-11-23T02:39:41Z", "2023-12-31T09:00:00Z")
        .into_bytes()
}

/// The end-to-end path: the real KalkanCrypt store signs a request, and the
/// envelope verifies against the real NCA root and CA.
#[test]
fn kalkan_store_signs_a_request_that_verifies_against_the_nca_test_ca() {
    let store = KeyStore::open(&testdata(KALKAN), KALKAN_PASSWORD).unwrap();
    let entry = store.entry(None).unwrap();
    let request = kalkan_request();
    let envelope = cms::sign(
        &request,
        entry.signing_key(),
        entry.certificate_der().unwrap(),
        entry.chain(),
        &SignOptions {
            signing_time: Some(time::macros::datetime!(2024-01-01 00:00 UTC)),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let verifier = Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .policy(lenient_no_revocation())
        .build()
        .unwrap();
    let options = egov_sign::VerifyOptions {
        time: egov_sign::VerificationTime::At(time::macros::datetime!(2024-01-01 00:00 UTC)),
        ..Default::default()
    };
    let report = verifier.verify_request(&envelope, &options).unwrap();
    assert_eq!(
        report.indication,
        Indication::Valid,
        "{:#?}",
        report.findings
    );
    let signer = report.signer.as_ref().unwrap();
    assert_eq!(signer.iin.as_deref(), Some("123456789011"));
    assert_eq!(report.chain.len(), 3);

    // The same through SigningKey::from_pkcs12.
    let key = SigningKey::from_pkcs12(&testdata(KALKAN), KALKAN_PASSWORD, None).unwrap();
    assert_eq!(key.algorithm(), SignatureAlgorithm::Gost2015_512);
    let alias = entry.alias().unwrap();
    assert!(SigningKey::from_pkcs12(&testdata(KALKAN), KALKAN_PASSWORD, Some(alias)).is_ok());
    let err =
        SigningKey::from_pkcs12(&testdata(KALKAN), KALKAN_PASSWORD, Some("nope")).unwrap_err();
    assert_eq!(err.code(), "KEY_INVALID", "{err}");

    // With revocation required and only the 2022 CRL (past its nextUpdate): not VALID.
    let strict = Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .crls(&testdata("nca/nca_gost2022_test.crl"))
        .unwrap()
        .policy(Policy {
            checksum: ChecksumPolicy::Lenient,
            ..Policy::default()
        })
        .build()
        .unwrap();
    let report = strict.verify_request(&envelope, &options).unwrap();
    assert_ne!(report.indication, Indication::Valid);
}

#[test]
fn kalkan_store_wrong_password() {
    for pw in ["", "qwerty12", "Qwerty123", "Qwerty1", "Кwerty12"] {
        let err = KeyStore::open(&testdata(KALKAN), pw).unwrap_err();
        assert_eq!(err, Error::KeyPassword, "{pw:?}");
        assert_eq!(err.code(), "KEY_PASSWORD");
        assert!(!err.to_string().contains(pw) || pw.is_empty());
    }
}

/// Every truncation and a bit flip in every byte: a typed error (MALFORMED, a MAC / password
/// failure, TOO_LARGE or UNSUPPORTED_ALGORITHM), never a panic, never a key.
#[test]
fn kalkan_store_damaged_never_panics() {
    damaged_never_panics(KALKAN, KALKAN_PASSWORD, 1);
}

#[test]
fn pbes2_store_damaged_never_panics() {
    // Every 5th byte (PBKDF2 at 2,048 iterations is the slow part of this test).
    damaged_never_panics("p12/p256_pbes2.p12", OUR_PASSWORD, 5);
}

fn damaged_never_panics(file: &str, password: &str, step: usize) {
    let bytes = testdata(file);
    let allowed = [
        "MALFORMED",
        "KEY_PASSWORD",
        "TOO_LARGE",
        "UNSUPPORTED_ALGORITHM",
        "KEY_INVALID",
    ];
    for len in (0..bytes.len()).step_by(step) {
        let err = KeyStore::open(&bytes[..len], password).unwrap_err();
        assert!(allowed.contains(&err.code()), "len {len}: {err}");
    }
    let mut malformed = 0;
    for i in (0..bytes.len()).step_by(step) {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        match KeyStore::open(&b, password) {
            Err(err) => {
                assert!(allowed.contains(&err.code()), "byte {i}: {err}");
                malformed += usize::from(err.code() == "MALFORMED");
            }
            // Flips the MAC does not cover and that change no meaning (e.g. a non-minimal
            // length octet can't be made by one flip; the MacData's own salt can't either)
            // must not exist: every byte is covered by the MAC or the structure.
            Ok(_) => panic!("byte {i} flipped and the store still opened"),
        }
    }
    // Flips inside the MAC-covered plaintext structure with the right password are damage.
    assert!(malformed > 100 / step, "{malformed}");
}

/// A damaged MAC with the right password is damage (MALFORMED), not a wrong password: the
/// password still decrypts the contents. (The MAC digest is the 20 bytes before the final
/// `INTEGER 1024` of the MacData.)
#[test]
fn damaged_mac_with_the_right_password_is_malformed() {
    let bytes = testdata(KALKAN);
    let mac_end = bytes.len() - 4;
    for i in mac_end - 20..mac_end {
        let mut b = bytes.clone();
        b[i] ^= 0x80;
        let err = KeyStore::open(&b, KALKAN_PASSWORD).unwrap_err();
        assert_eq!(err.code(), "MALFORMED", "byte {i}: {err}");
        assert!(err.to_string().contains("damaged"), "{err}");
        assert_eq!(KeyStore::open(&b, "wrong").unwrap_err(), Error::KeyPassword);
    }
}

const OUR_PASSWORD: &str = "test-pass";

fn sign_and_check(store_file: &str, expected: SignatureAlgorithm) {
    let store = KeyStore::open(&testdata(store_file), OUR_PASSWORD)
        .unwrap_or_else(|e| panic!("{store_file}: {e}"));
    let entry = store.entry(None).unwrap();
    assert_eq!(entry.algorithm(), expected, "{store_file}");
    let cert = entry.certificate_der().unwrap();
    let envelope = cms::sign(
        b"hello",
        entry.signing_key(),
        cert,
        &[],
        &SignOptions::default(),
    )
    .unwrap();
    let parsed = cms::Envelope::parse(&envelope).unwrap();
    let spki = Certificate::from_der(cert).unwrap().spki().to_vec();
    assert_eq!(
        parsed.verify_signature(None, &spki, &CoreBackend).unwrap(),
        expected
    );
    assert_eq!(
        KeyStore::open(&testdata(store_file), "wrong").unwrap_err(),
        Error::KeyPassword,
        "{store_file}"
    );
}

#[test]
fn openssl_stores_open_and_sign() {
    for (alg, expected) in [
        ("rsa", SignatureAlgorithm::RsaPkcs1Sha256),
        ("p256", SignatureAlgorithm::EcdsaP256Sha256),
        ("ed25519", SignatureAlgorithm::Ed25519),
    ] {
        for kind in ["pbes2", "legacy"] {
            let file = format!("p12/{alg}_{kind}.p12");
            sign_and_check(&file, expected);
            let store = KeyStore::open(&testdata(&file), OUR_PASSWORD).unwrap();
            assert_eq!(store.entries()[0].alias(), Some(alg));
            let pem = der(&format!("p12/{alg}.pem"), "CERTIFICATE");
            assert_eq!(store.entries()[0].certificate_der(), Some(&pem[..]));
            assert!(store.entry_for_certificate(&pem).is_some());
        }
    }
}

#[test]
fn several_entries_by_alias() {
    let bytes = testdata("p12/two_entries.p12");
    let store = KeyStore::open(&bytes, OUR_PASSWORD).unwrap();
    assert_eq!(store.entries().len(), 2);
    assert_eq!(store.certificates().len(), 2);
    let err = store.entry(None).unwrap_err();
    assert!(err.to_string().contains("choose one by alias"), "{err}");
    assert_eq!(
        store.entry(Some("rsa")).unwrap().algorithm(),
        SignatureAlgorithm::RsaPkcs1Sha256
    );
    let p256 = store.entry(Some("p256")).unwrap();
    assert_eq!(p256.algorithm(), SignatureAlgorithm::EcdsaP256Sha256);
    let cert = der("p12/p256.pem", "CERTIFICATE");
    assert_eq!(p256.certificate_der(), Some(&cert[..]));
    assert_eq!(
        store.entry_for_certificate(&cert).unwrap().alias(),
        Some("p256")
    );
    assert!(SigningKey::from_pkcs12(&bytes, OUR_PASSWORD, None).is_err());
    assert_eq!(
        SigningKey::from_pkcs12(&bytes, OUR_PASSWORD, Some("p256"))
            .unwrap()
            .algorithm(),
        SignatureAlgorithm::EcdsaP256Sha256
    );
}

#[test]
fn key_and_certificate_must_match() {
    let err = KeyStore::open(&testdata("p12/mismatch.p12"), OUR_PASSWORD).unwrap_err();
    assert_eq!(err, Error::CertificateKeyMismatch);
}

#[test]
fn oversized_store_is_refused_before_work() {
    let big = vec![0u8; egov_sign::limits::MAX_KEY_STORE_SIZE + 1];
    assert!(matches!(
        KeyStore::open(&big, "x"),
        Err(Error::TooLarge { .. })
    ));
}

/// Both NCA GOST key types (1.2.398.3.10.1.1.2.2 and 1.2.398.3.10.1.1.1.1) from a key store
/// with plain bags and no MAC (written by testdata/p12/compose.py from the GOST test PKIs).
#[test]
fn gost_key_types_from_plain_stores() {
    for (fam, expected) in [
        ("gost2015", SignatureAlgorithm::Gost2015_512),
        ("gost2004", SignatureAlgorithm::Gost2004),
    ] {
        let bytes = testdata(&format!("p12/{fam}.p12"));
        // No MAC and nothing encrypted: any password opens it.
        let store = KeyStore::open(&bytes, "").unwrap();
        let entry = store.entry(Some(&format!("citizen-{fam}"))).unwrap();
        assert_eq!(entry.algorithm(), expected);
        let cert = testdata(&format!("p12/{fam}.cer"));
        assert_eq!(entry.certificate_der(), Some(&cert[..]));
        let envelope = cms::sign(
            b"hello",
            entry.signing_key(),
            &cert,
            &[],
            &SignOptions::default(),
        )
        .unwrap();
        let spki = Certificate::from_der(&cert).unwrap().spki().to_vec();
        let parsed = cms::Envelope::parse(&envelope).unwrap();
        assert_eq!(
            parsed.verify_signature(None, &spki, &CoreBackend).unwrap(),
            expected
        );
    }
}
