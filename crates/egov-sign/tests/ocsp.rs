//! RFC 6960 OCSP responses (issue 16): the real NCA test responder's answer verifies; the
//! test responder's answers verify and every rule refuses what it must.

use egov_sign::CoreBackend;
use std::path::PathBuf;

use egov_sign::ocsp::{self, BasicResponse, CertIdHash, CertStatus, CheckOptions, OcspError};
use egov_sign::Certificate;

fn nca(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/nca")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn rfc3339(s: &str) -> egov_sign::Time {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
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
    let r = ocsp::verify_response(&der, &cert, &ca, &opts, &CoreBackend).unwrap();
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
        ocsp::verify_response(&der, &cert, &ca, &old, &CoreBackend),
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
        ocsp::verify_response(&der, &cert, &ca, &short, &CoreBackend),
        Err(OcspError::Stale { .. })
    ));
    // Before thisUpdate.
    let early = CheckOptions {
        at: rfc3339("2026-09-02T10:00:00Z"),
        ..opts
    };
    assert!(matches!(
        ocsp::verify_response(&der, &cert, &ca, &early, &CoreBackend),
        Err(OcspError::NotYetValid { .. })
    ));
    // Another nonce.
    let other = CheckOptions {
        nonce: Some(&[1, 2, 3]),
        ..opts
    };
    assert_eq!(
        ocsp::verify_response(&der, &cert, &ca, &other, &CoreBackend).unwrap_err(),
        OcspError::NonceMismatch
    );
    // Another certificate of the CA: no SingleResponse about it.
    let other_cert = Certificate::parse_all(&nca("kalkan_individual_2023.cer.pem"))
        .unwrap()
        .remove(0);
    assert_eq!(
        ocsp::verify_response(&der, &other_cert, &ca, &opts, &CoreBackend).unwrap_err(),
        OcspError::NoMatchingResponse
    );
    // Another "CA" (the root): the delegated responder is not its.
    let root = Certificate::from_der(&nca("root_test_gost_2022.cer")).unwrap();
    assert!(matches!(
        ocsp::verify_response(&der, &cert, &root, &opts, &CoreBackend),
        Err(OcspError::ResponderNotAuthorized(_))
    ));
    // A flipped bit in the signature.
    let mut bad = der.clone();
    let sig_at = find(&bad, &[0x03, 0x81, 0x81, 0x00]).unwrap() + 10;
    bad[sig_at] ^= 1;
    assert!(matches!(
        ocsp::verify_response(&bad, &cert, &ca, &opts, &CoreBackend),
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

#[cfg(feature = "test-pki")]
mod common;

/// The test OCSP responder (all four families) and the rules of RFC 6960.
#[cfg(feature = "test-pki")]
mod test_responder {
    use super::common::{now, pki, FAMILIES};
    use egov_sign::crl::Reason;
    use egov_sign::encoding::to_pem;
    use egov_sign::ocsp::{self, BasicResponse, CertIdHash, CertStatus, CheckOptions, OcspError};
    use egov_sign::test_pki::responders::{
        Answer, ResponderProfile, ResponseOptions, TestResponder,
    };
    use egov_sign::test_pki::{KeyFamily, TestPki};
    use egov_sign::Certificate;
    use egov_sign::CoreBackend;
    use egov_sign::Time;
    use time::Duration;

    const NONCE: [u8; 16] = [7; 16];

    fn certs(p: &TestPki) -> (Certificate, Certificate) {
        (
            Certificate::from_der(&p.citizen_sign.cert_der).unwrap(),
            Certificate::from_der(&p.ca.cert_der).unwrap(),
        )
    }

    fn fresh(p: &TestPki) -> ResponseOptions {
        ResponseOptions {
            this_update: now(p) - Duration::minutes(1),
            next_update: Some(now(p) + Duration::hours(1)),
        }
    }

    fn check(p: &TestPki) -> CheckOptions<'static> {
        CheckOptions {
            at: now(p),
            nonce: Some(&NONCE),
            ..CheckOptions::default()
        }
    }

    fn answer(
        p: &TestPki,
        profile: ResponderProfile,
        a: Answer,
        o: ResponseOptions,
    ) -> Result<ocsp::OcspResult, OcspError> {
        let (cert, ca) = certs(p);
        let req = ocsp::request(&cert, &ca, CertIdHash::Sha1, Some(&NONCE)).unwrap();
        let r = TestResponder::new(p, profile).unwrap();
        let resp = r.respond(&req, &o, |_| a).unwrap();
        ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend)
    }

    #[test]
    fn statuses_of_every_family() {
        for f in FAMILIES {
            let p = pki(f);
            let d = ResponderProfile::Delegated;
            let r = answer(p, d, Answer::Good, fresh(p)).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert_eq!(r.status, CertStatus::Good);
            assert!(r.delegated && !r.responder_unchecked);

            let revoked_at = now(p) - Duration::days(10);
            let r = answer(p, d, Answer::Revoked(revoked_at, Some(1)), fresh(p)).unwrap();
            assert_eq!(
                r.status,
                CertStatus::Revoked {
                    time: revoked_at,
                    reason: Some(Reason::KeyCompromise)
                }
            );
            let r = answer(p, d, Answer::Unknown, fresh(p)).unwrap();
            assert_eq!(r.status, CertStatus::Unknown { non_issued: false });

            // RFC 6960 §2.2 "non-issued": unknown, never a revocation dated 1970.
            let r = answer(p, d, Answer::NonIssued, fresh(p)).unwrap();
            assert_eq!(r.status, CertStatus::Unknown { non_issued: true });

            // The CA itself signs.
            let r = answer(p, ResponderProfile::Ca, Answer::Good, fresh(p)).unwrap();
            assert!(!r.delegated && !r.responder_unchecked);
        }
    }

    #[test]
    fn responder_authorization() {
        let p = pki(KeyFamily::P256);
        // Issued by the CA but without id-kp-OCSPSigning.
        assert!(matches!(
            answer(p, ResponderProfile::NotOcspSigning, Answer::Good, fresh(p)),
            Err(OcspError::ResponderNotAuthorized(_))
        ));
        // Without id-pkix-ocsp-nocheck: accepted, its own status left to the caller.
        let r = answer(
            p,
            ResponderProfile::DelegatedWithoutNocheck,
            Answer::Good,
            fresh(p),
        )
        .unwrap();
        assert!(r.responder_unchecked);
        // Another PKI's responder answering about this CA's certificate.
        let other = pki(KeyFamily::Rsa);
        let (cert, ca) = certs(p);
        let req = ocsp::request(&cert, &ca, CertIdHash::Sha1, Some(&NONCE)).unwrap();
        let stranger = TestResponder::new(other, ResponderProfile::Delegated).unwrap();
        let resp = stranger.respond(&req, &fresh(p), |_| Answer::Good).unwrap();
        assert!(matches!(
            ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend),
            Err(OcspError::ResponderNotAuthorized(_))
        ));
        // The other PKI's CA itself is not this CA.
        let stranger = TestResponder::new(other, ResponderProfile::Ca).unwrap();
        let resp = stranger.respond(&req, &fresh(p), |_| Answer::Good).unwrap();
        assert!(ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend).is_err());
    }

    #[test]
    fn freshness_nonce_and_cert_id() {
        let p = pki(KeyFamily::Gost2015);
        let d = ResponderProfile::Delegated;
        let stale = ResponseOptions {
            this_update: now(p) - Duration::days(2),
            next_update: Some(now(p) - Duration::days(1)),
        };
        assert!(matches!(
            answer(p, d, Answer::Good, stale),
            Err(OcspError::Stale {
                next_update: Some(_),
                ..
            })
        ));
        let future = ResponseOptions {
            this_update: now(p) + Duration::hours(1),
            next_update: None,
        };
        assert!(matches!(
            answer(p, d, Answer::Good, future),
            Err(OcspError::NotYetValid { .. })
        ));
        let no_next_old = ResponseOptions {
            this_update: now(p) - Duration::hours(2),
            next_update: None,
        };
        assert!(matches!(
            answer(p, d, Answer::Good, no_next_old),
            Err(OcspError::Stale {
                next_update: None,
                ..
            })
        ));
        let no_next_recent = ResponseOptions {
            this_update: now(p) - Duration::minutes(2),
            next_update: None,
        };
        answer(p, d, Answer::Good, no_next_recent).unwrap();

        // A response without the nonce sent.
        let (cert, ca) = certs(p);
        let r = TestResponder::new(p, d).unwrap();
        let id = ocsp::CertId::new(&cert, &ca, CertIdHash::Sha1).unwrap();
        let resp = r
            .response(std::slice::from_ref(&id), None, &fresh(p), |_| Answer::Good)
            .unwrap();
        assert_eq!(
            ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend).unwrap_err(),
            OcspError::NonceMismatch
        );
        // A CertID about another serial / with another issuer key hash.
        let mut other = id.clone();
        other.serial = vec![0x42];
        let resp = r
            .response(&[other], Some(&NONCE), &fresh(p), |_| Answer::Good)
            .unwrap();
        assert_eq!(
            ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend).unwrap_err(),
            OcspError::NoMatchingResponse
        );
        let mut other = id.clone();
        other.issuer_key_hash[0] ^= 1;
        let resp = r
            .response(&[other], Some(&NONCE), &fresh(p), |_| Answer::Good)
            .unwrap();
        assert_eq!(
            ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend).unwrap_err(),
            OcspError::NoMatchingResponse
        );
        // CertID with SHA-256 and with Streebog-512.
        for h in [
            CertIdHash::Digest(egov_sign::DigestAlgorithm::Sha256),
            CertIdHash::Digest(egov_sign::DigestAlgorithm::Streebog512),
        ] {
            let id = ocsp::CertId::new(&cert, &ca, h).unwrap();
            let resp = r
                .response(&[id], Some(&NONCE), &fresh(p), |_| Answer::Good)
                .unwrap();
            ocsp::verify_response(&resp, &cert, &ca, &check(p), &CoreBackend).unwrap();
        }
        // The response parses as a BasicOCSPResponse with its certificate.
        let resp = r
            .response(&[id], Some(&NONCE), &fresh(p), |_| Answer::NonIssued)
            .unwrap();
        let b = BasicResponse::from_der(&resp).unwrap();
        assert!(b.extended_revoke && b.certs.len() == 1);
    }

    fn openssl(args: &[&str], dir: &std::path::Path) -> String {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "openssl {args:?}: {text}");
        text
    }

    /// Both ways with `openssl ocsp` (RSA and P-256): OpenSSL verifies the test responder's
    /// answers; we verify OpenSSL's answers (its responder mode, with the test responder's
    /// key and certificate and an index with the certificate good, then revoked).
    #[test]
    fn openssl_ocsp_interop_both_ways() {
        for f in [KeyFamily::Rsa, KeyFamily::P256] {
            let p = pki(f);
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            let w = |name: &str, data: &[u8]| std::fs::write(d.join(name), data).unwrap();
            let r = TestResponder::new(p, ResponderProfile::Delegated).unwrap();
            let (cert, ca) = certs(p);
            w(
                "root.pem",
                to_pem(&p.root.cert_der, "CERTIFICATE").as_bytes(),
            );
            w("ca.pem", to_pem(&p.ca.cert_der, "CERTIFICATE").as_bytes());
            w(
                "leaf.pem",
                to_pem(&p.citizen_sign.cert_der, "CERTIFICATE").as_bytes(),
            );
            w("resp.pem", to_pem(&r.cert_der, "CERTIFICATE").as_bytes());
            w(
                "resp.key",
                to_pem(r.key_pkcs8_der.as_deref().unwrap(), "PRIVATE KEY").as_bytes(),
            );
            let req = ocsp::request(&cert, &ca, CertIdHash::Sha1, Some(&NONCE)).unwrap();
            w("req.der", &req);

            // Ours → OpenSSL.
            let real_now = Time::now_utc();
            let o = ResponseOptions {
                this_update: real_now - Duration::minutes(1),
                next_update: Some(real_now + Duration::hours(1)),
            };
            let ours = r.respond(&req, &o, |_| Answer::Good).unwrap();
            w("ours.der", &ours);
            let text = openssl(
                &[
                    "ocsp",
                    "-respin",
                    "ours.der",
                    "-issuer",
                    "ca.pem",
                    "-cert",
                    "leaf.pem",
                    "-CAfile",
                    "root.pem",
                    "-verify_other",
                    "ca.pem",
                    "-no_nonce",
                ],
                d,
            );
            assert!(
                text.contains("Response verify OK") && text.contains("leaf.pem: good"),
                "{text}"
            );

            // OpenSSL → ours, good then revoked.
            let serial: String = p
                .citizen_sign
                .serial
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            for (line, expect_revoked) in [
                (
                    format!("V\t491231235959Z\t\t{serial}\tunknown\t/CN=x\n"),
                    false,
                ),
                (
                    format!(
                        "R\t491231235959Z\t240101000000Z,keyCompromise\t{serial}\tunknown\t/CN=x\n"
                    ),
                    true,
                ),
            ] {
                w("index.txt", line.as_bytes());
                openssl(
                    &[
                        "ocsp",
                        "-index",
                        "index.txt",
                        "-rsigner",
                        "resp.pem",
                        "-rkey",
                        "resp.key",
                        "-CA",
                        "ca.pem",
                        "-reqin",
                        "req.der",
                        "-respout",
                        "theirs.der",
                        "-ndays",
                        "1",
                    ],
                    d,
                );
                let theirs = std::fs::read(d.join("theirs.der")).unwrap();
                let opts = CheckOptions {
                    at: Time::now_utc(),
                    nonce: Some(&NONCE),
                    ..CheckOptions::default()
                };
                let v = ocsp::verify_response(&theirs, &cert, &ca, &opts, &CoreBackend)
                    .unwrap_or_else(|e| panic!("{f:?}: {e}"));
                assert!(v.delegated);
                match v.status {
                    CertStatus::Revoked { reason, .. } => {
                        assert!(expect_revoked);
                        assert_eq!(reason, Some(Reason::KeyCompromise));
                    }
                    CertStatus::Good => assert!(!expect_revoked),
                    other => panic!("{other:?}"),
                }
            }
        }
    }
}

/// Hostile input: every single-byte change and every truncation of the real response is a
/// typed result (never a panic), and nothing but the original verifies good.
#[test]
fn mutated_and_truncated_responses_never_panic() {
    let der = nca("nca_ocsp_test2022_2026-09-02.ocsp");
    let cert = Certificate::from_der(&nca("test2022_individual_2026.cer")).unwrap();
    let ca = Certificate::from_der(&nca("nca_gost2015_test.cer")).unwrap();
    let opts = CheckOptions {
        at: rfc3339("2026-09-02T11:00:00Z"),
        ..CheckOptions::default()
    };
    let mut accepted = 0;
    for i in 0..der.len() {
        for x in [0x01u8, 0x80] {
            let mut m = der.clone();
            m[i] ^= x;
            if ocsp::verify_response(&m, &cert, &ca, &opts, &CoreBackend).is_ok() {
                accepted += 1;
            }
        }
        let _ = ocsp::verify_response(&der[..i], &cert, &ca, &opts, &CoreBackend);
        let _ = ocsp::OcspRequest::from_der(&der[..i]);
    }
    // Every byte is covered: the signed ResponseData and the signature by the responder's
    // key, the responder certificate by the CA's signature, the wrappers by the strict
    // reader (byte 30, the BasicOCSPResponse SEQUENCE tag, was accepted as a SET or [16]
    // before the reader checked it: found by this test).
    assert_eq!(accepted, 0);
}

/// OCSP as a revocation source of the verifier (issue 16): a good answer is enough on its
/// own, a revocation from either source wins, `crl` ignores OCSP, unusable answers say why.
#[cfg(feature = "test-pki")]
#[test]
fn ocsp_as_a_revocation_source_of_the_verifier() {
    use common::{now, pki, policy};
    use egov_sign::cms::{self, SignOptions};
    use egov_sign::test_pki::responders::{
        Answer, ResponderProfile, ResponseOptions, TestResponder,
    };
    use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki};
    use egov_sign::SigningKey;
    use egov_sign::{Code, Indication};
    use egov_sign::{Policy, RevocationScope, RevocationSource};
    use egov_sign::{Verifier, VerifyOptions};
    use time::Duration;

    fn envelope(p: &TestPki, who: &Issued) -> Vec<u8> {
        let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
        cms::sign(
            &samples::citizen_portal_request(now(p)).unwrap().to_json(),
            &key,
            &who.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &SignOptions {
                signing_time: Some(now(p)),
                ..SignOptions::default()
            },
        )
        .unwrap()
    }
    fn response(p: &TestPki, who: &Issued, profile: ResponderProfile, a: Answer) -> Vec<u8> {
        let cert = Certificate::from_der(&who.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let id = ocsp::CertId::new(&cert, &ca, CertIdHash::Sha1).unwrap();
        TestResponder::new(p, profile)
            .unwrap()
            .response(
                &[id],
                None,
                &ResponseOptions {
                    this_update: now(p) - Duration::minutes(5),
                    next_update: Some(now(p) + Duration::hours(4)),
                },
                |_| a,
            )
            .unwrap()
    }
    let ee = Policy {
        revocation: RevocationScope::EndEntity,
        ..policy()
    };
    for f in [KeyFamily::P256, KeyFamily::Gost2015] {
        let p = pki(f);
        let at = VerifyOptions {
            time: egov_sign::VerificationTime::At(now(p)),
            ..VerifyOptions::default()
        };
        let build = |crls: &[&[u8]], ocsp: &[&[u8]], source: RevocationSource| {
            let mut b = Verifier::builder()
                .anchors(&p.root.cert_der)
                .unwrap()
                .intermediates(&p.ca.cert_der)
                .unwrap()
                .policy(ee.clone())
                .revocation_source(source);
            for c in crls {
                b = b.crls(c).unwrap();
            }
            for o in ocsp {
                b = b.ocsp_response(o).unwrap();
            }
            b.build().unwrap()
        };
        let citizen = envelope(p, &p.citizen_sign);
        let good = response(
            p,
            &p.citizen_sign,
            ResponderProfile::Delegated,
            Answer::Good,
        );
        // No CRL, a good OCSP answer: valid on its own.
        let r = build(&[], &[&good], RevocationSource::Any)
            .verify_request(&citizen, &at)
            .unwrap();
        assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
        // The report says where the status came from.
        assert_eq!(r.revocation.len(), 1);
        let s = &r.revocation[0];
        assert_eq!((s.source, s.status), ("ocsp", "good"));
        assert!(s.this_update.is_some() && s.next_update.is_some() && s.responder.is_some());
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["revocation"][0]["source"], "ocsp");
        let r = build(&[&p.crls.ca_full], &[], RevocationSource::Any)
            .verify_request(&citizen, &at)
            .unwrap();
        assert_eq!(
            (r.revocation[0].source, r.revocation[0].status),
            ("crl", "good")
        );
        let r = build(&[], &[&good], RevocationSource::Ocsp)
            .verify_request(&citizen, &at)
            .unwrap();
        assert!(r.is_valid());
        // `crl`: the OCSP answer is not used.
        let r = build(&[], &[&good], RevocationSource::Crl)
            .verify_request(&citizen, &at)
            .unwrap();
        assert_eq!(r.codes(), vec![Code::RevocationUnknown]);
        // Revoked by OCSP while the CRL says good: the revocation wins.
        let revoked = response(
            p,
            &p.citizen_sign,
            ResponderProfile::Delegated,
            Answer::Revoked(now(p) - Duration::days(1), Some(1)),
        );
        let r = build(&[&p.crls.ca_full], &[&revoked], RevocationSource::Any)
            .verify_request(&citizen, &at)
            .unwrap();
        assert_eq!(r.codes(), vec![Code::CertRevoked], "{f:?}");
        assert!(r.findings[0].detail.contains("OCSP"));
        let s = &r.revocation[0];
        assert_eq!((s.source, s.status), ("ocsp", "revoked"));
        assert!(s.revocation_time.is_some());
        // The responder's revocationReason 1, by its RFC 5280 name.
        assert_eq!(s.reason, Some("keyCompromise"));
        // Revoked by the CRL while OCSP says good: the revocation wins.
        let revoked_env = envelope(p, &p.revoked_sign);
        let good_for_revoked = response(
            p,
            &p.revoked_sign,
            ResponderProfile::Delegated,
            Answer::Good,
        );
        let r = build(
            &[&p.crls.ca_full],
            &[&good_for_revoked],
            RevocationSource::Any,
        )
        .verify_request(&revoked_env, &at)
        .unwrap();
        assert!(r.has(Code::CertRevoked), "{f:?}");
        // The CRL entry's reasonCode (keyCompromise in the test PKI's full CRL).
        let s = &r.revocation[0];
        assert_eq!((s.source, s.status), ("crl", "revoked"));
        assert_eq!(s.reason, Some("keyCompromise"));
        // Good: no reason.
        assert!(r.revocation[1..].iter().all(|s| s.reason.is_none()));
        // Non-issued, unknown, unchecked responder, not authorized: indeterminate, with why.
        for (profile, a, why) in [
            (
                ResponderProfile::Delegated,
                Answer::NonIssued,
                "never issued",
            ),
            (ResponderProfile::Delegated, Answer::Unknown, "unknown"),
            (
                ResponderProfile::DelegatedWithoutNocheck,
                Answer::Good,
                "nocheck",
            ),
            (
                ResponderProfile::NotOcspSigning,
                Answer::Good,
                "not authorized",
            ),
        ] {
            let o = response(p, &p.citizen_sign, profile, a);
            let r = build(&[], &[&o], RevocationSource::Any)
                .verify_request(&citizen, &at)
                .unwrap();
            assert_eq!(r.indication, Indication::Indeterminate, "{f:?} {profile:?}");
            assert!(
                r.findings.iter().any(|x| x.detail.contains(why)),
                "{f:?} {profile:?}: {:#?}",
                r.findings
            );
        }
    }
}

/// limits.rs: MAX_OCSP_RESPONSE_SIZE bounds responses and requests.
#[test]
fn ocsp_size_limit() {
    use egov_sign::limits::MAX_OCSP_RESPONSE_SIZE;
    let big = vec![0x30u8; MAX_OCSP_RESPONSE_SIZE + 1];
    assert!(matches!(
        BasicResponse::from_der(&big),
        Err(OcspError::Malformed(egov_sign::Error::TooLarge { .. }))
    ));
    assert!(matches!(
        ocsp::OcspRequest::from_der(&big),
        Err(egov_sign::Error::TooLarge { .. })
    ));
}
