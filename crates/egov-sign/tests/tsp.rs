//! RFC 3161 time-stamp tokens (issue 16): real NCA tokens parse and verify; the test TSA's
//! tokens verify and every rule refuses what it must.

use std::path::PathBuf;

use egov_sign::algorithm::DigestAlgorithm;
use egov_sign::cms::Envelope;
use egov_sign::tsp::{self, Expectation, TimeStampReq, TsaTrust, TspError, TstInfo};

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

/// The TSA certificate embedded in a token, as its own (pinned) TSA anchor: the production
/// NCA GOST 2022 CA that issued it is not in the public material found.
fn pinned(token: &[u8]) -> TsaTrust {
    let env = Envelope::parse(token).unwrap();
    assert_eq!(env.certificates.len(), 1);
    TsaTrust::new().anchors(&env.certificates[0]).unwrap()
}

/// A real CAdES-T signature made with NCALayer (production NCA GOST 2022, 2025-06-26): its
/// signatureTimeStampToken is read from the unsigned attributes, its TSA's GOST 34.10-2015
/// signature verifies, and its messageImprint is the Streebog-512 of the SignerInfo's
/// signature value.
#[test]
fn real_nca_cades_t_token_verifies_over_the_signature_value() {
    let env = Envelope::parse(&nca("nca_cades_t_2025-06-26.p7s")).unwrap();
    assert_eq!(env.signature_timestamp_tokens.len(), 1);
    let token = &env.signature_timestamp_tokens[0];
    let trust = pinned(token);
    let expect = Expectation {
        signature_value: &env.signature,
        ..Expectation::default()
    };
    let v = tsp::verify_token(token, &expect, &trust, None).unwrap();
    assert_eq!(v.info.policy, tsp::OID_NCA_TSA_POLICY_GOST2015);
    assert_eq!(v.policy_name, Some("tsa_gost2015_policy"));
    assert_eq!(v.info.gen_time, rfc3339("2025-06-26T18:25:13Z"));
    assert_eq!(v.info.gen_time_rfc3339(), "2025-06-26T18:25:13Z");
    assert_eq!(
        v.info.hash_algorithm.oid,
        DigestAlgorithm::Streebog512.oid()
    );
    assert!(
        v.signature_algorithm.contains("2015"),
        "{}",
        v.signature_algorithm
    );
    assert!(v.tsa.subject().contains("TIME-STAMPING AUTHORITY"));
    assert_eq!(
        v.info.nonce.as_deref(),
        Some(&[0x7e, 0x22, 0x53, 0x91, 0xda, 0xc4, 0xe2, 0x2d][..])
    );

    // Any other datum: the imprint does not match.
    let mut other = env.signature.clone();
    other[0] ^= 1;
    let bad = Expectation {
        signature_value: &other,
        ..expect
    };
    assert_eq!(
        tsp::verify_token(token, &bad, &trust, None).unwrap_err(),
        TspError::ImprintMismatch
    );
    // The nonce the TSA echoed, and another one.
    const NONCE: [u8; 8] = [0x7e, 0x22, 0x53, 0x91, 0xda, 0xc4, 0xe2, 0x2d];
    let with = |n: &'static [u8]| Expectation {
        nonce: Some(n),
        ..expect
    };
    tsp::verify_token(token, &with(&NONCE), &trust, None).unwrap();
    assert_eq!(
        tsp::verify_token(token, &with(&[1, 2, 3]), &trust, None).unwrap_err(),
        TspError::NonceMismatch
    );
    // A policy list without the NCA 2015 policy.
    let p = Expectation {
        policies: &[tsp::OID_NCA_TSA_POLICY_RSA],
        ..expect
    };
    assert!(matches!(
        tsp::verify_token(token, &p, &trust, None),
        Err(TspError::PolicyNotAccepted(_))
    ));
    // No TSA anchor: no path. The document anchors are not TSA anchors.
    let none = TsaTrust::new();
    assert!(matches!(
        tsp::verify_token(token, &expect, &none, None),
        Err(TspError::TsaPathInvalid(_))
    ));
    let doc_anchor = TsaTrust::new()
        .anchors(&nca("nca_gost2015_test.cer"))
        .unwrap();
    assert!(matches!(
        tsp::verify_token(token, &expect, &doc_anchor, None),
        Err(TspError::TsaPathInvalid(_))
    ));
    // One flipped bit in the TSA's signature.
    let mut tampered = token.clone();
    let n = tampered.len();
    tampered[n - 5] ^= 0x01;
    assert!(matches!(
        tsp::verify_token(&tampered, &expect, &trust, None),
        Err(TspError::SignatureInvalid(_))
    ));
}

/// The NCA TSA tokens of NCANode's XAdES-T and -LT conformance files (2026-09-02, production
/// TSA, GOST 34.10-2015 / Streebog-512, policy tsa_gost2015_policy): TSTInfo and signature.
/// For XAdES the imprint is over the canonicalized ds:SignatureValue element (ETSI EN 319
/// 132-1 §5.3), rebuilt here from the file's SignatureValue (the CR the file writes as `&#13;`
/// is `&#xD;` in canonical XML).
#[test]
fn real_nca_xades_tokens_verify() {
    let cases = [
        (
            "nca_tsa_token_2026-09-02_t.tst",
            "2026-09-02T10:05:14Z",
            "R1DIpCaf3ovX6B5tK27P8EhyW+h3AgA1xTCylrYINuTBmzRwZqBOmQJVUsxHs0Jm+dg3y2Nqyz6HjDbFOQEFZyb/geGhPgR1KFyq4QfZ+RfnNmKCO32PT0WbQgWGS5mYe53j/aDnXjth29QUZRDj1d5nlt3aYKBD1CUbpYByUyQ=",
        ),
        (
            "nca_tsa_token_2026-09-02_lt.tst",
            "2026-09-02T10:26:31Z",
            "\nlKWtNOlg3XcsDpgAjZ+kdECquoJWtj/Ix+vl3O64x7iGazqpvHe5SARiqkAzJfJOqtk6U0GaGeSK&#xD;\nZo4FkTIhzwJzgaN0n7a4Sr2HZZdzwcgj5fLBzMQqujhYzQ7NBKuw2zEC9AIeZUkS7J8vexhBtd9n&#xD;\n6rARo1lXWp2FO3ftgYg=\n",
        ),
    ];
    for (file, gen_time, sig) in cases {
        let token = nca(file);
        let env = Envelope::parse(&token).unwrap();
        assert_eq!(env.content_type, tsp::OID_CT_TST_INFO);
        let info = TstInfo::from_der(env.content.as_deref().unwrap()).unwrap();
        assert_eq!(info.gen_time, rfc3339(gen_time), "{file}");
        assert_eq!(info.policy, tsp::OID_NCA_TSA_POLICY_GOST2015);
        let element = format!(
            "<ds:SignatureValue xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">{sig}</ds:SignatureValue>"
        );
        let expect = Expectation {
            signature_value: element.as_bytes(),
            ..Expectation::default()
        };
        let v = tsp::verify_token(&token, &expect, &pinned(&token), None)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(v.policy_name, Some("tsa_gost2015_policy"));
    }
}

#[test]
fn request_der_is_what_openssl_reads() {
    let req = TimeStampReq::for_signature(
        b"signature",
        DigestAlgorithm::Sha256,
        Some(&[0x12, 0x34]),
        None,
    );
    let der = req.to_der().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("req.tsq");
    std::fs::write(&path, &der).unwrap();
    let out = std::process::Command::new("openssl")
        .args(["ts", "-query", "-in"])
        .arg(&path)
        .arg("-text")
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Hash Algorithm: sha256"), "{text}");
    assert!(text.contains("Nonce: 0x1234"), "{text}");
    assert!(text.contains("Certificate required: yes"), "{text}");
}
