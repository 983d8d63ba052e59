//! RFC 3161 time-stamp tokens (issue 16): real NCA tokens parse and verify; the test TSA's
//! tokens verify and every rule refuses what it must.

use egov_sign::CoreBackend;
use std::path::PathBuf;

use egov_sign::oid;
use egov_sign::tsp::{self, Expectation, TimeStampReq, TsaTrust, TspError, TstInfo};
use egov_sign::DigestAlgorithm;
use egov_sign::Envelope;

fn nca(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/nca")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn rfc3339(s: &str) -> egov_sign::Time {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
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
    let v = tsp::verify_token(token, &expect, &trust, &CoreBackend).unwrap();
    assert_eq!(v.info.policy, oid::NCA_TSA_POLICY_GOST2015);
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
        tsp::verify_token(token, &bad, &trust, &CoreBackend).unwrap_err(),
        TspError::ImprintMismatch
    );
    // The nonce the TSA echoed, and another one.
    const NONCE: [u8; 8] = [0x7e, 0x22, 0x53, 0x91, 0xda, 0xc4, 0xe2, 0x2d];
    // (Two literals, not a closure over `expect`: rustc 1.95 ICEs on the closure with
    // const-oid's defaulted const generic, "broken MIR".)
    let echoed = Expectation {
        nonce: Some(&NONCE),
        ..expect
    };
    tsp::verify_token(token, &echoed, &trust, &CoreBackend).unwrap();
    let other_nonce = Expectation {
        nonce: Some(&[1, 2, 3]),
        ..expect
    };
    assert_eq!(
        tsp::verify_token(token, &other_nonce, &trust, &CoreBackend).unwrap_err(),
        TspError::NonceMismatch
    );
    // A policy list without the NCA 2015 policy.
    let p = Expectation {
        policies: &[oid::NCA_TSA_POLICY_RSA],
        ..expect
    };
    assert!(matches!(
        tsp::verify_token(token, &p, &trust, &CoreBackend),
        Err(TspError::PolicyNotAccepted(_))
    ));
    // No TSA anchor: no path. The document anchors are not TSA anchors.
    let none = TsaTrust::new();
    assert!(matches!(
        tsp::verify_token(token, &expect, &none, &CoreBackend),
        Err(TspError::TsaPathInvalid(_))
    ));
    let doc_anchor = TsaTrust::new()
        .anchors(&nca("nca_gost2015_test.cer"))
        .unwrap();
    assert!(matches!(
        tsp::verify_token(token, &expect, &doc_anchor, &CoreBackend),
        Err(TspError::TsaPathInvalid(_))
    ));
    // One flipped bit in the TSA's signature.
    let mut tampered = token.clone();
    let n = tampered.len();
    tampered[n - 5] ^= 0x01;
    assert!(matches!(
        tsp::verify_token(&tampered, &expect, &trust, &CoreBackend),
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
        assert_eq!(env.content_type, oid::ID_CT_TST_INFO);
        let info = TstInfo::from_der(env.content.as_deref().unwrap()).unwrap();
        assert_eq!(info.gen_time, rfc3339(gen_time), "{file}");
        assert_eq!(info.policy, oid::NCA_TSA_POLICY_GOST2015);
        let element = format!(
            "<ds:SignatureValue xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">{sig}</ds:SignatureValue>"
        );
        let expect = Expectation {
            signature_value: element.as_bytes(),
            ..Expectation::default()
        };
        let v = tsp::verify_token(&token, &expect, &pinned(&token), &CoreBackend)
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

#[cfg(feature = "test-pki")]
mod common;

/// The test TSA (all four families) and the rules of RFC 3161.
#[cfg(feature = "test-pki")]
mod test_tsa {
    use super::common::{now, pki, FAMILIES};
    use egov_sign::cms::{self, Envelope, SignOptions};
    use egov_sign::encoding::to_pem;
    use egov_sign::oid;
    use egov_sign::test_pki::responders::{TestTsa, TokenOptions, TsaProfile};
    use egov_sign::test_pki::{KeyFamily, TestPki};
    use egov_sign::tsp::{self, Expectation, TimeStampReq, TsaTrust, TspError};
    use egov_sign::Time;
    use egov_sign::{CoreBackend, DigestAlgorithm, SigningKey};
    use time::Duration;

    /// A document envelope signed by the citizen; returns its SignerInfo signature value.
    fn signature_value(p: &TestPki) -> Vec<u8> {
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let env = cms::sign(
            b"document",
            &key,
            &p.citizen_sign.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &SignOptions::default(),
        )
        .unwrap();
        Envelope::parse(&env).unwrap().signature
    }

    fn trust(p: &TestPki) -> TsaTrust {
        TsaTrust::new()
            .anchors(&p.root.cert_der)
            .unwrap()
            .intermediates(&p.ca.cert_der)
            .unwrap()
    }

    fn opts(at: Time) -> TokenOptions {
        TokenOptions {
            gen_time: at,
            serial: 0x8000_0001,
            accuracy_seconds: Some(1),
            embed_certificate: true,
        }
    }

    const NONCE: [u8; 8] = [0x81, 2, 3, 4, 5, 6, 7, 8];

    #[test]
    fn tokens_of_every_family_verify_and_bind_the_signature() {
        for f in FAMILIES {
            let p = pki(f);
            let tsa = TestTsa::new(p, TsaProfile::Conforming).unwrap();
            let sig = signature_value(p);
            let digest = if f == KeyFamily::Gost2015 {
                DigestAlgorithm::Streebog512
            } else {
                DigestAlgorithm::Sha256
            };
            let req = TimeStampReq::for_signature(&sig, digest, Some(&NONCE), None);
            let resp = tsa.respond(&req.to_der().unwrap(), &opts(now(p))).unwrap();
            let token = tsp::token_from_response(&resp).unwrap();
            let expect = Expectation {
                signature_value: &sig,
                nonce: Some(&NONCE),
                policies: &[oid::NCA_TSA_POLICY_GOST2015],
            };
            let v = tsp::verify_token(&token, &expect, &trust(p), &CoreBackend)
                .unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert_eq!(v.info.gen_time, now(p));
            assert_eq!(v.info.latest_time(), now(p) + Duration::seconds(1));
            assert_eq!(v.path.len(), 3, "{f:?}");
            assert_eq!(v.policy_name, Some("tsa_gost2015_policy"));

            // Another datum, another nonce, no nonce in the token.
            let other = Expectation {
                signature_value: b"another signature",
                ..expect
            };
            assert_eq!(
                tsp::verify_token(&token, &other, &trust(p), &CoreBackend).unwrap_err(),
                TspError::ImprintMismatch
            );
            let n = Expectation {
                nonce: Some(&[9]),
                ..expect
            };
            assert_eq!(
                tsp::verify_token(&token, &n, &trust(p), &CoreBackend).unwrap_err(),
                TspError::NonceMismatch
            );
            let no_nonce = TimeStampReq::for_signature(&sig, digest, None, None);
            let t2 = tsa.token_for(&no_nonce, &opts(now(p))).unwrap();
            assert_eq!(
                tsp::verify_token(&t2, &expect, &trust(p), &CoreBackend).unwrap_err(),
                TspError::NonceMismatch
            );
            // TSA anchors are separate: none configured, no path.
            assert!(matches!(
                tsp::verify_token(&token, &expect, &TsaTrust::new(), &CoreBackend),
                Err(TspError::TsaPathInvalid(_))
            ));
            // genTime after the TSA certificate expired: no valid path at genTime.
            let late = tsa
                .token_for(&req, &opts(now(p) + Duration::days(2 * 365)))
                .unwrap();
            assert!(matches!(
                tsp::verify_token(&late, &expect, &trust(p), &CoreBackend),
                Err(TspError::TsaPathInvalid(_))
            ));
            // A document envelope is not a token.
            let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
            let doc = cms::sign(
                b"x",
                &key,
                &p.citizen_sign.cert_der,
                &[],
                &SignOptions::default(),
            )
            .unwrap();
            assert!(matches!(
                tsp::verify_token(&doc, &expect, &trust(p), &CoreBackend),
                Err(TspError::NotATimestampToken(_))
            ));
            // Without its certificate: found among the configured TSA certificates only.
            let bare = tsa
                .token_for(
                    &req,
                    &TokenOptions {
                        embed_certificate: false,
                        ..opts(now(p))
                    },
                )
                .unwrap();
            assert_eq!(
                tsp::verify_token(&bare, &expect, &trust(p), &CoreBackend).unwrap_err(),
                TspError::TsaCertificateMissing
            );
            let with_tsa = trust(p).intermediates(&tsa.cert_der).unwrap();
            tsp::verify_token(&bare, &expect, &with_tsa, &CoreBackend).unwrap();
        }
    }

    /// RFC 3161 §2.3: extKeyUsage critical, id-kp-timeStamping alone.
    #[test]
    fn tsa_certificate_purpose_is_enforced() {
        let p = pki(KeyFamily::P256);
        let sig = signature_value(p);
        for profile in [TsaProfile::EkuNotCritical, TsaProfile::EkuNotAlone] {
            let tsa = TestTsa::new(p, profile).unwrap();
            let req = TimeStampReq::for_signature(&sig, DigestAlgorithm::Sha256, None, None);
            let token = tsa.token_for(&req, &opts(now(p))).unwrap();
            let expect = Expectation {
                signature_value: &sig,
                ..Expectation::default()
            };
            assert!(
                matches!(
                    tsp::verify_token(&token, &expect, &trust(p), &CoreBackend),
                    Err(TspError::NotATimestampingCertificate(_))
                ),
                "{profile:?}"
            );
        }
        // A document signer's certificate cannot time-stamp either.
    }

    /// The NCA's TSA may sign with RSA for a GOST signature: an RSA TSA's token over a
    /// GOST 2015 signature value (Streebog-512 imprint) verifies.
    #[test]
    fn rsa_tsa_over_a_gost_signature() {
        let gost = pki(KeyFamily::Gost2015);
        let rsa = pki(KeyFamily::Rsa);
        let sig = signature_value(gost);
        let tsa = TestTsa::new(rsa, TsaProfile::Conforming).unwrap();
        let req = TimeStampReq::for_signature(&sig, DigestAlgorithm::Streebog512, None, None);
        let token = tsa.token_for(&req, &opts(now(rsa))).unwrap();
        let v = tsp::verify_token(
            &token,
            &Expectation {
                signature_value: &sig,
                ..Expectation::default()
            },
            &trust(rsa),
            &CoreBackend,
        )
        .unwrap();
        assert!(
            v.signature_algorithm.contains("RSA"),
            "{}",
            v.signature_algorithm
        );
    }

    fn openssl(args: &[&str], dir: &std::path::Path) -> std::process::Output {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Both ways with `openssl ts` (RSA and P-256): OpenSSL verifies the test TSA's reply
    /// to our request; we verify OpenSSL's reply (signed with the test TSA's key and
    /// certificate) to our request.
    #[test]
    fn openssl_ts_interop_both_ways() {
        for f in [KeyFamily::Rsa, KeyFamily::P256] {
            let p = pki(f);
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            let tsa = TestTsa::new(p, TsaProfile::Conforming).unwrap();
            let w = |name: &str, data: &[u8]| std::fs::write(d.join(name), data).unwrap();
            w(
                "root.pem",
                to_pem(&p.root.cert_der, "CERTIFICATE").as_bytes(),
            );
            w("ca.pem", to_pem(&p.ca.cert_der, "CERTIFICATE").as_bytes());
            w("tsa.pem", tsa.cert_pem().as_bytes());
            w(
                "tsa.key",
                to_pem(tsa.key_pkcs8_der.as_deref().unwrap(), "PRIVATE KEY").as_bytes(),
            );
            let sig = signature_value(p);
            let req =
                TimeStampReq::for_signature(&sig, DigestAlgorithm::Sha256, Some(&NONCE), None);
            w("req.tsq", &req.to_der().unwrap());

            // Ours → OpenSSL.
            let resp = tsa
                .respond(&req.to_der().unwrap(), &opts(Time::now_utc()))
                .unwrap();
            w("ours.tsr", &resp);
            openssl(
                &[
                    "ts",
                    "-verify",
                    "-in",
                    "ours.tsr",
                    "-queryfile",
                    "req.tsq",
                    "-CAfile",
                    "root.pem",
                    "-untrusted",
                    "ca.pem",
                ],
                d,
            );

            // OpenSSL → ours.
            w("serial", b"01\n");
            w(
                "ts.cnf",
                b"[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./serial\ncrypto_device = builtin\n\
                  signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n\
                  accuracy = secs:1\ness_cert_id_alg = sha256\n",
            );
            openssl(
                &[
                    "ts",
                    "-reply",
                    "-config",
                    "ts.cnf",
                    "-queryfile",
                    "req.tsq",
                    "-signer",
                    "tsa.pem",
                    "-inkey",
                    "tsa.key",
                    "-chain",
                    "ca.pem",
                    "-out",
                    "theirs.tsr",
                ],
                d,
            );
            let theirs = std::fs::read(d.join("theirs.tsr")).unwrap();
            let token = tsp::token_from_response(&theirs).unwrap();
            let v = tsp::verify_token(
                &token,
                &Expectation {
                    signature_value: &sig,
                    nonce: Some(&NONCE),
                    // The policy of the OpenSSL TSA's configuration.
                    policies: &[oid::ObjectIdentifier::new_unwrap("1.2.3.4.1")],
                },
                &trust(p),
                &CoreBackend,
            )
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert_eq!(v.info.accuracy.map(|a| a.seconds), Some(1));
        }
    }
}

/// A signature-time-stamp token embedded in the envelope proves the signing time for
/// `VerificationTime::SigningTime` (issue 16): with the TSA anchors configured, a signature
/// whose CRL is stale now is judged at the token's genTime and is VALID; without them, or
/// with a token over another signature, the claimed time stays unproven.
#[cfg(feature = "test-pki")]
#[test]
fn an_embedded_timestamp_proves_the_signing_time() {
    use common::{now, pki, policy};
    use egov_sign::cms::{self, SignOptions};
    use egov_sign::test_pki::responders::{TestTsa, TokenOptions, TsaProfile};
    use egov_sign::test_pki::{samples, KeyFamily};
    use egov_sign::SigningKey;
    use egov_sign::{Code, Indication};
    use egov_sign::{Policy, RevocationScope, VerificationTime};
    use egov_sign::{Verifier, VerifyOptions};
    use time::Duration;

    for f in [KeyFamily::P256, KeyFamily::Gost2015, KeyFamily::Gost2004] {
        let p = pki(f);
        let claimed = now(p) - Duration::days(5);
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let doc = samples::citizen_portal_request(claimed).unwrap().to_json();
        let env = cms::sign(
            &doc,
            &key,
            &p.citizen_sign.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &SignOptions {
                signing_time: Some(claimed),
                ..SignOptions::default()
            },
        )
        .unwrap();
        let sig = Envelope::parse(&env).unwrap().signature;
        let tsa = TestTsa::new(p, TsaProfile::Conforming).unwrap();
        let stamp = |datum: &[u8]| {
            let req = TimeStampReq::for_signature(datum, DigestAlgorithm::Sha256, None, None);
            let token = tsa
                .token_for(
                    &req,
                    &TokenOptions {
                        gen_time: claimed + Duration::minutes(1),
                        serial: 7,
                        accuracy_seconds: Some(1),
                        embed_certificate: true,
                    },
                )
                .unwrap();
            tsp::embed_signature_timestamp(&env, &token).unwrap()
        };
        let stamped = stamp(&sig);
        let parsed = Envelope::parse(&stamped).unwrap();
        assert_eq!(parsed.signature, sig);
        assert_eq!(parsed.signature_timestamp_tokens.len(), 1);
        // A second token is added, the first kept.
        let twice = tsp::embed_signature_timestamp(&stamped, &parsed.signature_timestamp_tokens[0])
            .unwrap();
        assert_eq!(
            Envelope::parse(&twice)
                .unwrap()
                .signature_timestamp_tokens
                .len(),
            2
        );

        let ee = Policy {
            revocation: RevocationScope::EndEntity,
            ..policy()
        };
        let build = |tsa_anchor: bool| {
            let mut b = Verifier::builder()
                .anchors(&p.root.cert_der)
                .unwrap()
                .intermediates(&p.ca.cert_der)
                .unwrap()
                .crls(&p.crls.ca_stale)
                .unwrap()
                .policy(ee.clone());
            if tsa_anchor {
                b = b
                    .tsa_anchors(&p.root.cert_der)
                    .unwrap()
                    .tsa_intermediates(&p.ca.cert_der)
                    .unwrap();
            }
            b.build().unwrap()
        };
        let st = VerifyOptions {
            time: VerificationTime::SigningTime,
            ..VerifyOptions::default()
        };
        // Proven by the token: judged at genTime, when ca_stale was fresh.
        let r = build(true).verify_request(&stamped, &st).unwrap();
        assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
        // No TSA anchors, no token, or a token over another datum: unproven.
        let r = build(false).verify_request(&stamped, &st).unwrap();
        assert!(r.has(Code::SigningTimeUnproven) && !r.is_valid(), "{f:?}");
        let r = build(true).verify_request(&env, &st).unwrap();
        assert!(r.has(Code::SigningTimeUnproven) && !r.is_valid(), "{f:?}");
        let wrong = stamp(b"another signature value");
        let r = build(true).verify_request(&wrong, &st).unwrap();
        assert!(!r.is_valid(), "{f:?}");
        assert!(
            r.findings
                .iter()
                .any(|x| x.code == Code::SigningTimeUnproven && x.detail.contains("messageImprint")),
            "{f:?}: {:#?}",
            r.findings
        );
    }
}

/// Hostile input: every single-byte change and truncation of a real token is a typed
/// result (never a panic), and no change to the signed bytes (the TSTInfo, the signed
/// attributes, the signature) verifies. CMS leaves some bytes unsigned: the certificate bag
/// (the pinned TSA certificate is found among the anchors whatever the bag holds),
/// digestAlgorithms, and the SignerIdentifier's Name up to RFC 5280 §7.1 matching (a
/// Cyrillic capital flipped to its small letter still names the issuer).
#[test]
fn mutated_and_truncated_tokens_never_panic() {
    let env = Envelope::parse(&nca("nca_cades_t_2025-06-26.p7s")).unwrap();
    let token = env.signature_timestamp_tokens[0].clone();
    let parsed = Envelope::parse(&token).unwrap();
    let trust = pinned(&token);
    let expect = Expectation {
        signature_value: &env.signature,
        ..Expectation::default()
    };
    let at = |part: &[u8]| {
        let start = token.windows(part.len()).position(|w| w == part).unwrap();
        start..start + part.len()
    };
    let attrs = parsed.signed_attrs.as_deref().unwrap();
    let signed = [
        at(parsed.content.as_deref().unwrap()),
        at(&attrs[1..]),
        at(&parsed.signature),
    ];
    let mut accepted = Vec::new();
    for i in 0..token.len() {
        let mut m = token.clone();
        m[i] ^= 0x01;
        if tsp::verify_token(&m, &expect, &trust, &CoreBackend).is_ok() {
            accepted.push(i);
        }
        let _ = tsp::verify_token(&token[..i], &expect, &trust, &CoreBackend);
        let _ = tsp::token_from_response(&token[..i]);
        let _ = TimeStampReq::from_der(&token[..i]);
    }
    for i in &accepted {
        assert!(!signed.iter().any(|r| r.contains(i)), "byte {i} is signed");
    }
    // The bag, digestAlgorithms and the sid Name account for the accepted changes.
    assert!(accepted.len() < token.len() / 3, "{}", accepted.len());
}

/// A production NCA TSA token signed with GOST 34.310-2004 ("TSA SERVICE", issued by
/// ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)), GOST 34.311-95 imprint, policy tsa_gost_policy,
/// genTime 2023-11-12T21:36:41Z: TSTInfo, signature and imprint (the time-stamped datum is
/// the hex document hash published beside it, as text).
#[test]
fn real_nca_gost2004_token_verifies() {
    let token = nca("nca_tsa_token_gost2004_2023-11-12.tst");
    let env = Envelope::parse(&token).unwrap();
    let info = TstInfo::from_der(env.content.as_deref().unwrap()).unwrap();
    assert_eq!(info.policy, oid::NCA_TSA_POLICY_GOST);
    assert_eq!(info.gen_time, rfc3339("2023-11-12T21:36:41Z"));
    assert_eq!(info.hash_algorithm.oid, DigestAlgorithm::Gost94Test.oid());
    let datum = "1F5453A137690E2DA81AA5C552AE9D2D7E175E53F131A89DB338F0E7184B862721DB25FC77E18CF373ACD529AE397F32A37634A21F6DBD0A2E9D98F39E08221C";
    let raw: Vec<u8> = (0..datum.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&datum[i..i + 2], 16).unwrap())
        .collect();
    let trust = pinned(&token);
    let check = |datum: &[u8]| {
        tsp::verify_token(
            &token,
            &Expectation {
                signature_value: datum,
                ..Expectation::default()
            },
            &trust,
            &CoreBackend,
        )
    };
    // The imprint is the GOST 34.311-95 hash of the hex text, not of its bytes.
    let v = check(datum.as_bytes()).unwrap();
    assert_eq!(v.policy_name, Some("tsa_gost_policy"));
    assert!(
        v.signature_algorithm.contains("2004") || v.signature_algorithm.contains("34.310"),
        "{}",
        v.signature_algorithm
    );
    assert!(v.tsa.subject().contains("TSA SERVICE"));
    assert_eq!(check(&raw).unwrap_err(), TspError::ImprintMismatch);
}

/// `VerificationTime::Timestamp` (CLI `--at timestamp`, issue 16): the signer is judged at
/// the token's genTime (+ accuracy); a revocation after it does not invalidate, one before it
/// does; no token is TIMESTAMP_MISSING, no token that verifies TIMESTAMP_INVALID.
#[cfg(feature = "test-pki")]
#[test]
fn verification_at_the_timestamp() {
    use common::{now, pki, policy};
    use egov_sign::cms::{self, SignOptions};
    use egov_sign::ocsp::{self, CertIdHash};
    use egov_sign::test_pki::responders::{
        Answer, ResponderProfile, ResponseOptions, TestResponder, TestTsa, TokenOptions, TsaProfile,
    };
    use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki};
    use egov_sign::Certificate;
    use egov_sign::SigningKey;
    use egov_sign::Time;
    use egov_sign::{Code, Indication};
    use egov_sign::{Policy, RevocationScope, VerificationTime};
    use egov_sign::{Verifier, VerifyOptions};
    use time::Duration;

    fn stamped(p: &TestPki, who: &Issued, gen_time: Time, datum: Option<&[u8]>) -> Vec<u8> {
        let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
        let env = cms::sign(
            &samples::citizen_portal_request(gen_time).unwrap().to_json(),
            &key,
            &who.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &SignOptions {
                signing_time: Some(gen_time),
                ..SignOptions::default()
            },
        )
        .unwrap();
        let sig = Envelope::parse(&env).unwrap().signature;
        let req =
            TimeStampReq::for_signature(datum.unwrap_or(&sig), DigestAlgorithm::Sha256, None, None);
        let token = TestTsa::new(p, TsaProfile::Conforming)
            .unwrap()
            .token_for(
                &req,
                &TokenOptions {
                    gen_time,
                    serial: 1,
                    accuracy_seconds: Some(1),
                    embed_certificate: true,
                },
            )
            .unwrap();
        tsp::embed_signature_timestamp(&env, &token).unwrap()
    }
    let ee = Policy {
        revocation: RevocationScope::EndEntity,
        ..policy()
    };
    let ts = VerifyOptions {
        time: VerificationTime::Timestamp,
        ..VerifyOptions::default()
    };
    for f in [KeyFamily::P256, KeyFamily::Gost2015] {
        let p = pki(f);
        let build = |ocsp: &[&[u8]], tsa: bool| {
            let mut b = Verifier::builder()
                .anchors(&p.root.cert_der)
                .unwrap()
                .intermediates(&p.ca.cert_der)
                .unwrap()
                .crls(&p.crls.ca_full)
                .unwrap()
                .policy(ee.clone());
            for o in ocsp {
                b = b.ocsp_response(o).unwrap();
            }
            if tsa {
                b = b
                    .tsa_anchors(&p.root.cert_der)
                    .unwrap()
                    .tsa_intermediates(&p.ca.cert_der)
                    .unwrap();
            }
            b.build().unwrap()
        };
        // revoked_sign: keyCompromise at now−10d (ca_full).
        // Time-stamped at now−20d, with an OCSP answer of that day saying good: valid at the
        // time-stamp, though revoked now.
        let before = now(p) - Duration::days(20);
        let env = stamped(p, &p.revoked_sign, before, None);
        let cert = Certificate::from_der(&p.revoked_sign.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let id = ocsp::CertId::new(&cert, &ca, CertIdHash::Sha1).unwrap();
        let then_good = TestResponder::new(p, ResponderProfile::Delegated)
            .unwrap()
            .response(
                &[id],
                None,
                &ResponseOptions {
                    this_update: before - Duration::minutes(10),
                    next_update: Some(before + Duration::days(1)),
                },
                |_| Answer::Good,
            )
            .unwrap();
        let v = build(&[&then_good], true);
        let r = v.verify_request(&env, &ts).unwrap();
        assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
        assert_eq!(
            r.verification_time,
            egov_sign::Time::from_unix_timestamp(before.unix_timestamp() + 1)
                .unwrap()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap()
        );
        // The same envelope judged now: revoked.
        let now_opts = VerifyOptions {
            time: VerificationTime::At(now(p)),
            ..VerifyOptions::default()
        };
        assert!(v
            .verify_request(&env, &now_opts)
            .unwrap()
            .has(Code::CertRevoked));
        // Time-stamped at now−5d, after the revocation: invalid.
        let env = stamped(p, &p.revoked_sign, now(p) - Duration::days(5), None);
        let r = v.verify_request(&env, &ts).unwrap();
        assert!(r.has(Code::CertRevoked), "{f:?}: {:#?}", r.findings);
        assert_eq!(r.indication, Indication::Invalid);
        // No token; no TSA anchor; a token over another datum.
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let bare = cms::sign(
            &samples::citizen_portal_request(now(p)).unwrap().to_json(),
            &key,
            &p.citizen_sign.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &SignOptions::default(),
        )
        .unwrap();
        let r = v.verify_request(&bare, &ts).unwrap();
        assert_eq!(
            (r.indication, r.has(Code::TimestampMissing)),
            (Indication::Indeterminate, true)
        );
        let good_env = stamped(p, &p.citizen_sign, now(p) - Duration::minutes(30), None);
        let r = build(&[], false).verify_request(&good_env, &ts).unwrap();
        assert!(r.has(Code::TimestampInvalid) && !r.is_valid());
        let wrong = stamped(
            p,
            &p.citizen_sign,
            now(p) - Duration::minutes(30),
            Some(b"other"),
        );
        let r = v.verify_request(&wrong, &ts).unwrap();
        assert!(r.has(Code::TimestampInvalid) && !r.is_valid(), "{f:?}");
        // Work is bounded: of four tokens that do not verify, only the first
        // MAX_TIMESTAMP_TOKENS_CHECKED are checked (each costs a signature check and a TSA
        // path); the rest prove nothing and are not checked.
        let bad = Envelope::parse(&wrong).unwrap().signature_timestamp_tokens[0].clone();
        let mut many = wrong.clone();
        for _ in 0..3 {
            many = tsp::embed_signature_timestamp(&many, &bad).unwrap();
        }
        assert_eq!(
            Envelope::parse(&many)
                .unwrap()
                .signature_timestamp_tokens
                .len(),
            4
        );
        let r = v.verify_request(&many, &ts).unwrap();
        let detail = &r
            .findings
            .iter()
            .find(|x| x.code == Code::TimestampInvalid)
            .unwrap()
            .detail;
        assert!(detail.contains("token #1"), "{detail}");
        assert!(!detail.contains("token #2"), "{detail}");
        assert!(detail.contains("2 more not checked"), "{detail}");
        assert!(!r.is_valid());
        // A good one: valid, and the report names the time-stamp.
        let r = v.verify_request(&good_env, &ts).unwrap();
        assert!(r.is_valid(), "{f:?}: {:#?}", r.findings);
        let t = r.timestamp.as_ref().unwrap();
        assert_eq!(t.policy_name, Some("tsa_gost2015_policy"));
        assert_eq!(t.accuracy_micros, Some(1_000_000));
        assert!(t.tsa.contains("TEST TIME-STAMPING AUTHORITY"));
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["timestamp"]["gen_time"], t.gen_time.as_str());
        // Judged now, the verified time-stamp is still reported; without TSA anchors not.
        let now_opts = VerifyOptions {
            time: VerificationTime::At(now(p)),
            ..VerifyOptions::default()
        };
        assert!(v
            .verify_request(&good_env, &now_opts)
            .unwrap()
            .timestamp
            .is_some());
        let r = build(&[], false)
            .verify_request(&good_env, &now_opts)
            .unwrap();
        assert!(r.timestamp.is_none());
        assert!(!r.to_json().contains("\"timestamp\""));
    }
}

/// limits.rs: MAX_TIMESTAMP_TOKEN_SIZE bounds tokens, requests and responses.
#[test]
fn timestamp_size_limit() {
    use egov_sign::limits::MAX_TIMESTAMP_TOKEN_SIZE;
    let big = vec![0x30u8; MAX_TIMESTAMP_TOKEN_SIZE + 1];
    let expect = Expectation::default();
    assert!(matches!(
        tsp::verify_token(&big, &expect, &TsaTrust::new(), &CoreBackend),
        Err(TspError::Malformed(egov_sign::Error::TooLarge { .. }))
    ));
    assert!(matches!(
        TimeStampReq::from_der(&big),
        Err(egov_sign::Error::TooLarge { .. })
    ));
    assert!(matches!(
        tsp::token_from_response(&big),
        Err(TspError::Malformed(egov_sign::Error::TooLarge { .. }))
    ));
}
