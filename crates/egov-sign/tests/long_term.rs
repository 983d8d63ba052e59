//! Issue 16, the long-term form: revocation evidence embedded in the envelope
//! (SignedData.crls: CRLs, and OCSP responses as RFC 5940 id-ri-ocsp-response) makes
//! `verify --at timestamp` work years later with only the trust anchors (and TSA anchors),
//! after the signer's and the TSA's certificates expired and no fresh CRL exists. Embedded
//! evidence is checked like given evidence: signature by the issuer (or its delegated
//! responder), freshness at genTime; revocation it shows is honoured.

use std::sync::OnceLock;

use egov_sign::cms::{self, Envelope, Evidence, SignOptions};
use egov_sign::ocsp::{self, CertIdHash};
use egov_sign::test_pki::responders::{
    Answer, ResponderProfile, ResponseOptions, TestResponder, TestTsa, TokenOptions, TsaProfile,
};
use egov_sign::test_pki::{Issued, KeyFamily, TestPki};
use egov_sign::tsp::{self, TimeStampReq};
use egov_sign::Certificate;
use egov_sign::{Code, Indication, Report};
use egov_sign::{DigestAlgorithm, SigningKey};
use egov_sign::{Error, Time};
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};
use time::Duration;

const YEAR: Duration = Duration::days(365);

/// A test PKI generated three years ago: its end-entity and TSA certificates (then−1y ..
/// then+1y) have expired now; its CRLs are long past their nextUpdate.
fn old_pki() -> &'static TestPki {
    static P: OnceLock<TestPki> = OnceLock::new();
    P.get_or_init(|| TestPki::generate(KeyFamily::P256, Time::now_utc() - YEAR * 3).unwrap())
}

fn then(p: &TestPki) -> Time {
    p.generated_at
}

/// `who` signs at `then`, and the test TSA stamps the signature at `then`.
fn stamped(p: &TestPki, who: &Issued) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let env = cms::sign(
        b"a contract",
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(then(p)),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let req =
        TimeStampReq::for_signer(&Envelope::parse(&env).unwrap(), None, None, None, None).unwrap();
    let token = TestTsa::new(p, TsaProfile::Conforming)
        .unwrap()
        .token_for(
            &req,
            &TokenOptions {
                gen_time: then(p),
                serial: 7,
                accuracy_seconds: Some(1),
                embed_certificate: true,
            },
        )
        .unwrap();
    tsp::embed_signature_timestamp(&env, &token).unwrap()
}

/// Years later: the root as the only document anchor and TSA anchor; no CRL, no OCSP.
fn later(p: &TestPki) -> Verifier {
    Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .tsa_anchors(&p.root.cert_der)
        .unwrap()
        .policy(Policy::default())
        .build()
        .unwrap()
}

fn at_timestamp(v: &Verifier, env: &[u8]) -> Report {
    v.verify_envelope(
        env,
        &VerifyOptions {
            time: VerificationTime::Timestamp,
            ..VerifyOptions::default()
        },
    )
    .unwrap()
}

fn crls(list: &[&[u8]]) -> Evidence {
    Evidence {
        crls: list.iter().map(|c| c.to_vec()).collect(),
        issuers: vec![old_pki().root.cert_der.clone()],
        ..Evidence::default()
    }
}

fn ocsp_response(p: &TestPki, who: &Issued, answer: Answer, this_update: Time) -> Vec<u8> {
    let cert = Certificate::from_der(&who.cert_der).unwrap();
    let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
    let id = ocsp::CertId::new(&cert, &ca, CertIdHash::Sha1).unwrap();
    TestResponder::new(p, ResponderProfile::Delegated)
        .unwrap()
        .response(
            &[id],
            None,
            &ResponseOptions {
                this_update,
                next_update: Some(this_update + Duration::days(1)),
            },
            |_| answer,
        )
        .unwrap()
}

/// Flip the last octet of `needle` (a signature's last octet) where it occurs in `hay`.
fn corrupt(hay: &[u8], needle: &[u8]) -> Vec<u8> {
    let at = hay
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("embedded");
    let mut out = hay.to_vec();
    out[at + needle.len() - 1] ^= 0x01;
    out
}

#[test]
fn embedded_crls_prove_status_at_the_timestamp_years_later() {
    let p = old_pki();
    let env = stamped(p, &p.citizen_sign);
    let v = later(p);
    // Without evidence: the time is proven, the revocation status is not.
    let r = at_timestamp(&v, &env);
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(r.has(Code::RevocationUnknown));

    let lt =
        cms::add_revocation_evidence(&env, &crls(&[&p.crls.root_full, &p.crls.ca_full])).unwrap();
    let parsed = Envelope::parse(&lt).unwrap();
    assert_eq!(parsed.crls.len(), 2);
    assert_eq!(parsed.version, 1, "no `other` choice: version unchanged");
    assert_eq!(
        parsed.signers[0].der,
        Envelope::parse(&env).unwrap().signers[0].der
    );
    let r = at_timestamp(&v, &lt);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.revocation.len(), 2);
    assert!(r
        .revocation
        .iter()
        .all(|s| s.embedded && s.source == "crl" && s.status == "good"));
    // The TSA's path (its CA embedded, its status in the embedded CA CRL) is proven too.
    assert!(!r.has(Code::TsaRevocationUnknown), "{:#?}", r.findings);
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["revocation"][0]["embedded"], true);
    // Adding the same evidence again changes nothing.
    assert_eq!(
        cms::add_revocation_evidence(&lt, &crls(&[&p.crls.ca_full])).unwrap(),
        lt
    );

    // Judged now: the signer's certificate has expired.
    let now = v
        .verify_envelope(
            &lt,
            &VerifyOptions {
                time: VerificationTime::At(Time::now_utc()),
                ..VerifyOptions::default()
            },
        )
        .unwrap();
    assert!(now.has(Code::CertExpired), "{:#?}", now.findings);

    // Revoked (keyCompromise at then−10d, in ca_full) before the time-stamp: invalid.
    let revoked = stamped(p, &p.revoked_sign);
    let lt_revoked =
        cms::add_revocation_evidence(&revoked, &crls(&[&p.crls.root_full, &p.crls.ca_full]))
            .unwrap();
    let r = at_timestamp(&v, &lt_revoked);
    assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
    assert!(r.has(Code::CertRevoked));
    assert!(r
        .revocation
        .iter()
        .any(|s| s.status == "revoked" && s.embedded));

    // A CRL whose signature does not verify: ignored as proof, reported.
    let bad = corrupt(&lt, &p.crls.ca_full);
    let r = at_timestamp(&v, &bad);
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(r.has(Code::CrlSignatureInvalid), "{:#?}", r.findings);
    // ... and one signed by another key is refused when adding.
    assert!(matches!(
        cms::add_revocation_evidence(&env, &crls(&[&p.crls.ca_wrong_signature])),
        Err(Error::Config { .. })
    ));
    // A bad CRL cannot hide a revocation shown by a good one either.
    let r = at_timestamp(&v, &corrupt(&lt_revoked, &p.crls.root_full));
    assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);

    // A stale CRL (nextUpdate then−1d) is no proof at genTime.
    let stale =
        cms::add_revocation_evidence(&env, &crls(&[&p.crls.root_full, &p.crls.ca_stale])).unwrap();
    let r = at_timestamp(&v, &stale);
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(r.has(Code::CrlExpired));
}

#[test]
fn embedded_ocsp_responses_prove_status_at_the_timestamp() {
    let p = old_pki();
    let v = later(p);
    let before = then(p) - Duration::minutes(10);
    let with_ocsp = |who: &Issued, answer: Answer| {
        let env = stamped(p, who);
        let e = Evidence {
            crls: vec![p.crls.root_full.clone()],
            ocsp_responses: vec![ocsp_response(p, who, answer, before)],
            issuers: vec![p.root.cert_der.clone()],
            ..Evidence::default()
        };
        cms::add_revocation_evidence(&env, &e).unwrap()
    };
    let lt = with_ocsp(&p.citizen_sign, Answer::Good);
    let parsed = Envelope::parse(&lt).unwrap();
    assert_eq!((parsed.crls.len(), parsed.ocsp_responses.len()), (1, 1));
    assert_eq!(
        parsed.version, 5,
        "RFC 5652 §5.1: an `other` revocation choice"
    );
    let r = at_timestamp(&v, &lt);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    let leaf = &r.revocation[0];
    assert_eq!(
        (leaf.source, leaf.status, leaf.embedded),
        ("ocsp", "good", true)
    );

    // Revoked before genTime (keyCompromise), embedded: invalid.
    let lt = with_ocsp(
        &p.citizen_sign,
        Answer::Revoked(then(p) - Duration::days(1), Some(1)),
    );
    let r = at_timestamp(&v, &lt);
    assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
    assert!(r.has(Code::CertRevoked));

    // A response with a bad signature: no proof (never VALID), reported.
    let good = with_ocsp(&p.citizen_sign, Answer::Good);
    let resp = &Envelope::parse(&good).unwrap().ocsp_responses[0];
    // The BasicOCSPResponse's signature is followed by the responder's certificate: flip
    // an octet of the signature BIT STRING instead (just before the certs [0]).
    let basic = ocsp::BasicResponse::from_der(resp).unwrap();
    let cert = &basic.certs[0];
    let cert_at = resp.windows(cert.len()).position(|w| w == cert).unwrap();
    let mut bad = good.clone();
    let resp_at = good
        .windows(resp.len())
        .position(|w| w == &resp[..])
        .unwrap();
    bad[resp_at + cert_at - 8] ^= 0x01; // inside the signature (before [0] + SEQUENCE headers)
    let r = at_timestamp(&v, &bad);
    assert_ne!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert!(r.has(Code::RevocationUnknown), "{:#?}", r.findings);

    // Stale at genTime (thisUpdate then−3d, nextUpdate then−2d).
    let env = stamped(p, &p.citizen_sign);
    let e = Evidence {
        crls: vec![p.crls.root_full.clone()],
        ocsp_responses: vec![ocsp_response(
            p,
            &p.citizen_sign,
            Answer::Good,
            then(p) - Duration::days(3),
        )],
        issuers: vec![p.root.cert_der.clone()],
        ..Evidence::default()
    };
    let r = at_timestamp(&v, &cms::add_revocation_evidence(&env, &e).unwrap());
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);

    // A response about somebody else is refused when adding.
    let e = Evidence {
        ocsp_responses: vec![ocsp_response(p, &p.citizen2_sign, Answer::Good, before)],
        ..Evidence::default()
    };
    assert!(matches!(
        cms::add_revocation_evidence(&env, &e),
        Err(Error::Config { .. })
    ));
    let _ = DigestAlgorithm::Sha256;
}

fn nca(name: &str) -> Vec<u8> {
    let path = format!("{}/../../testdata/nca/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("missing fixture {path}: {e} (see testdata/nca/SOURCE.md)"))
}

fn der_cert(name: &str) -> Vec<u8> {
    egov_sign::encoding::decode_der_blobs(&nca(name), "CERTIFICATE", 1 << 20)
        .unwrap()
        .remove(0)
}

/// Real NCA material: the KalkanCrypt store's GOST 34.10-2015 key and certificate (NCA GOST
/// TEST 2022 CA, valid 2023-11-09 … 2024-11-08, expired now) signs; a test TSA stamps the
/// signature on 2024-06-01; the CA's real CRL #166 (2026-08-11 … 2027-02-07, the signer not
/// on it) and the CA certificate go into the envelope. Verified with nothing but the real
/// NCA root as anchor (and the TSA root): VALID at the time-stamp, CERT_EXPIRED now.
#[test]
fn real_nca_signer_long_term_form() {
    let store = egov_sign::KeyStore::open(&nca("kalkan_individual_2023.p12"), "Qwerty12").unwrap();
    let entry = store.into_entries().remove(0);
    let cert = entry.certificate_der().unwrap().to_vec();
    let key = entry.into_signing_key();
    let gen_time = Time::from_unix_timestamp(1_717_200_000).unwrap(); // 2024-06-01T00:00:00Z
    let tsa_pki = TestPki::generate(KeyFamily::P256, gen_time).unwrap();
    let env = cms::sign(
        b"a contract",
        &key,
        &cert,
        &[],
        &SignOptions {
            signing_time: Some(gen_time),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let req =
        TimeStampReq::for_signer(&Envelope::parse(&env).unwrap(), None, None, None, None).unwrap();
    assert_eq!(req.hash_algorithm.oid, DigestAlgorithm::Streebog512.oid());
    let token = TestTsa::new(&tsa_pki, TsaProfile::Conforming)
        .unwrap()
        .token_for(
            &req,
            &TokenOptions {
                gen_time,
                serial: 1,
                accuracy_seconds: None,
                embed_certificate: true,
            },
        )
        .unwrap();
    let env = tsp::embed_signature_timestamp(&env, &token).unwrap();
    let ca = der_cert("nca_gost2015_test.cer");
    let crl = nca("nca_gost2022_test_2026-08.crl");
    let evidence = Evidence {
        crls: vec![crl.clone()],
        // The NCA CA for the document path, the TSA's CA for the TSA path.
        certificates: vec![ca.clone(), tsa_pki.ca.cert_der.clone()],
        ..Evidence::default()
    };
    let lt = cms::add_revocation_evidence(&env, &evidence).unwrap();
    let parsed = Envelope::parse(&lt).unwrap();
    assert_eq!(parsed.crls, vec![crl]);
    assert!(parsed.certificates.contains(&ca));

    let v = Verifier::builder()
        .anchors(&der_cert("root_test_gost_2022.cer"))
        .unwrap()
        .tsa_anchors(&tsa_pki.root.cert_der)
        .unwrap()
        .policy(Policy {
            revocation: egov_sign::RevocationScope::EndEntity,
            ..Policy::default()
        })
        .build()
        .unwrap();
    let r = at_timestamp(&v, &lt);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.verification_time, "2024-06-01T00:00:00Z");
    assert!(r.revocation[0].embedded && r.revocation[0].status == "good");
    // The certificates without the CRL: no revocation evidence.
    let certs_only = cms::add_revocation_evidence(
        &env,
        &Evidence {
            crls: Vec::new(),
            ..evidence.clone()
        },
    )
    .unwrap();
    let r = at_timestamp(&v, &certs_only);
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(r.has(Code::RevocationUnknown));
    // Judged now: expired.
    let r = v
        .verify_envelope(
            &lt,
            &VerifyOptions {
                time: VerificationTime::At(Time::now_utc()),
                ..VerifyOptions::default()
            },
        )
        .unwrap();
    assert!(r.has(Code::CertExpired), "{:#?}", r.findings);
}

/// limits.rs: at most MAX_EMBEDDED_REVOCATION_VALUES values per envelope, and at most
/// MAX_EMBEDDED_OCSP_CHECKS signature checks of embedded OCSP responses per verification
/// (several signers judged at several instants would otherwise each check every response).
#[test]
fn embedded_evidence_is_bounded() {
    use egov_sign::limits::{MAX_EMBEDDED_OCSP_CHECKS, MAX_EMBEDDED_REVOCATION_VALUES};
    let p = old_pki();
    let who = &p.citizen_sign;
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let sign_at = |t: Time| SignOptions {
        signing_time: Some(t),
        ..SignOptions::default()
    };
    let mut env = cms::sign(
        b"x",
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &sign_at(then(p)),
    )
    .unwrap();
    for h in 1..4 {
        env = cms::cosign(
            &env,
            None,
            &key,
            &who.cert_der,
            &[],
            &sign_at(then(p) - Duration::hours(h)),
        )
        .unwrap();
    }
    let responses: Vec<Vec<u8>> = (0..MAX_EMBEDDED_REVOCATION_VALUES + 1)
        .map(|i| {
            ocsp_response(
                p,
                who,
                Answer::Good,
                then(p) - Duration::hours(5) - Duration::minutes(i as i64),
            )
        })
        .collect();
    let too_many = Evidence {
        ocsp_responses: responses.clone(),
        ..Evidence::default()
    };
    assert!(matches!(
        cms::add_revocation_evidence(&env, &too_many),
        Err(Error::TooLarge { .. })
    ));
    let e = Evidence {
        ocsp_responses: responses[..MAX_EMBEDDED_REVOCATION_VALUES - 1].to_vec(),
        crls: vec![p.crls.root_full.clone()],
        issuers: vec![p.root.cert_der.clone()],
        ..Evidence::default()
    };
    let lt = cms::add_revocation_evidence(&env, &e).unwrap();
    // Four signers at four signing times (and the present time): 4 × 15 responses would
    // be checked if each instant checked every one. Since issue 17 every check of the
    // envelope's evidence draws on the envelope's budget: four signature checks (the
    // SignerInfos) plus the budget of four signers, at most.
    let v = later(p);
    let (r, checks) = counted(&v, &lt, VerificationTime::SigningTime);
    let bound = 4 + u64::from(egov_sign::limits::envelope_path_check_budget(4, 0));
    assert!(checks <= bound, "{checks} checks > {bound}");
    const { assert!(4 * (MAX_EMBEDDED_REVOCATION_VALUES - 1) > MAX_EMBEDDED_OCSP_CHECKS) };
    assert_ne!(r.indication, Indication::Valid);
}

/// Hostile bytes in the evidence never panic: every 5th octet before the SignerInfo of a
/// long-term envelope (certificates, CRLs and an OCSP response embedded) flipped, and
/// truncations, through the reader and the verifier; a mutated envelope that is still VALID
/// has a proven status for every certificate checked.
#[test]
fn mutated_long_term_envelopes_never_panic() {
    let p = old_pki();
    let env = stamped(p, &p.citizen_sign);
    let e = Evidence {
        crls: vec![p.crls.root_full.clone(), p.crls.ca_full.clone()],
        ocsp_responses: vec![ocsp_response(
            p,
            &p.citizen_sign,
            Answer::Good,
            then(p) - Duration::minutes(10),
        )],
        issuers: vec![p.root.cert_der.clone()],
        ..Evidence::default()
    };
    let lt = cms::add_revocation_evidence(&env, &e).unwrap();
    let v = later(p);
    let signed_start = lt.len() - Envelope::parse(&lt).unwrap().signers[0].der.len();
    for i in (0..signed_start).step_by(5) {
        let mut m = lt.clone();
        m[i] ^= 0x5a;
        if let Ok(r) = v.verify_envelope(
            &m,
            &VerifyOptions {
                time: VerificationTime::Timestamp,
                ..VerifyOptions::default()
            },
        ) {
            if r.indication == Indication::Valid {
                assert!(
                    r.revocation.iter().all(|s| s.status == "good"),
                    "byte {i}: {:#?}",
                    r.revocation
                );
            }
        }
    }
    for n in (0..lt.len()).step_by(97) {
        let _ = Envelope::parse(&lt[..n]);
    }
}

/// Signature checks (every one the core starts, CRLs and OCSP responses included) made by
/// one verification on this thread.
fn counted(v: &Verifier, env: &[u8], time: VerificationTime) -> (Report, u64) {
    let before = egov_sign::algorithm::signature_checks_on_this_thread();
    let r = v
        .verify_envelope(
            env,
            &VerifyOptions {
                time,
                ..VerifyOptions::default()
            },
        )
        .unwrap();
    (
        r,
        egov_sign::algorithm::signature_checks_on_this_thread() - before,
    )
}

/// An OCSP response about `who` (a certificate of `p`, CertID by `p`'s CA) from
/// `responder`'s test responder (`profile`), current at `then`.
fn ocsp_from(responder: &TestPki, p: &TestPki, answer: Answer, i: usize) -> Vec<u8> {
    let cert = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
    let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
    let id = ocsp::CertId::new(&cert, &ca, CertIdHash::Sha1).unwrap();
    let this_update = then(p) - Duration::hours(3) - Duration::minutes(i as i64);
    TestResponder::new(responder, ResponderProfile::Delegated)
        .unwrap()
        .response(
            &[id],
            None,
            &ResponseOptions {
                this_update,
                next_update: Some(this_update + Duration::days(1)),
            },
            |_| answer,
        )
        .unwrap()
}

/// The signer's envelope (CA embedded), signed at `then`, with root_full and ca_full
/// embedded, then `extra_crls` more CA CRLs (valid, listing nothing) and the OCSP
/// `responses` (DER OCSPResponse each) — written unchecked into SignedData.crls, as an
/// attacker can.
fn stuffed(p: &TestPki, extra_crls: usize, responses: &[(Answer, Vec<u8>)]) -> Vec<u8> {
    use egov_sign::test_pki::responders::ca_crl;
    let who = &p.citizen_sign;
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let env = cms::sign(
        b"a contract",
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(then(p)),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let mut list = vec![p.crls.root_full.clone(), p.crls.ca_full.clone()];
    for i in 0..extra_crls {
        let this = then(p) - Duration::hours(2) - Duration::minutes(i as i64);
        list.push(ca_crl(p, this, then(p) + Duration::days(7), 100 + i as u64, &[]).unwrap());
    }
    let e = Evidence {
        crls: list,
        issuers: vec![p.root.cert_der.clone()],
        ..Evidence::default()
    };
    let env = cms::add_revocation_evidence(&env, &e).unwrap();
    if responses.is_empty() {
        return env;
    }
    // add_revocation_evidence checks what it embeds: the junk goes in through a valid
    // response's slot (same answer), replaced afterwards with the enclosing lengths
    // re-encoded (ECDSA signatures vary in length: no search for an equal length).
    let mut out = env;
    for (k, (answer, r)) in (100..).zip(responses) {
        let good = ocsp_from(p, p, *answer, k);
        let with = cms::add_revocation_evidence(
            &out,
            &Evidence {
                ocsp_responses: vec![good.clone()],
                ..Evidence::default()
            },
        )
        .unwrap();
        let at = with
            .windows(good.len())
            .rposition(|w| w == good.as_slice())
            .expect("embedded");
        out = splice(&with, at, good.len(), r);
    }
    out
}

/// The DER `der` (one TLV) with the element at `at..at + len` (a whole TLV nested in
/// constructed TLVs) replaced by `new`, every enclosing length re-encoded: what an
/// attacker writes into SignedData.crls, whatever the length of what it writes.
fn splice(der: &[u8], at: usize, len: usize, new: &[u8]) -> Vec<u8> {
    fn header(d: &[u8]) -> (usize, usize) {
        assert_ne!(d[0] & 0x1f, 0x1f, "low tag numbers only");
        match d[1] {
            l @ 0..=0x7f => (2, usize::from(l)),
            l => {
                let n = usize::from(l & 0x7f);
                let v = d[2..2 + n]
                    .iter()
                    .fold(0usize, |v, b| (v << 8) | usize::from(*b));
                (2 + n, v)
            }
        }
    }
    if at == 0 && len == der.len() {
        return new.to_vec();
    }
    let (h, l) = header(der);
    assert_eq!(h + l, der.len(), "one TLV");
    assert!(
        der[0] & 0x20 != 0 && at >= h,
        "the slot is inside a constructed TLV"
    );
    let mut content = Vec::new();
    let mut pos = h;
    while pos < der.len() {
        let (ch, cl) = header(&der[pos..]);
        let end = pos + ch + cl;
        if at >= pos && at + len <= end {
            content.extend(splice(&der[pos..end], at - pos, len, new));
        } else {
            assert!(at + len <= pos || at >= end, "the slot straddles TLVs");
            content.extend_from_slice(&der[pos..end]);
        }
        pos = end;
    }
    let mut out = vec![der[0]];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend(content);
    out
}

/// A second test PKI with the same names (another CA key): its responder's answers about
/// `old_pki`'s signer have the right CertID and issuer name, but no valid signature.
fn other_pki() -> &'static TestPki {
    static P: OnceLock<TestPki> = OnceLock::new();
    P.get_or_init(|| TestPki::generate(KeyFamily::P256, then(old_pki())).unwrap())
}

/// Issue 17's work bound covers the long-term form: an envelope stuffed with the most
/// revocation values (CRLs of the CA and OCSP responses about the signer, each a
/// signature check or two) costs at most 5× the same envelope with its real evidence
/// (root and CA CRL). Before, every embedded CRL was checked eagerly (up to 4 candidate
/// issuers each) and up to 32 OCSP responses per verification (2 checks each with a
/// delegated responder): 31 checks here against 5.
#[test]
fn stuffed_embedded_evidence_costs_at_most_five_legitimate_verifications() {
    use egov_sign::limits::MAX_EMBEDDED_REVOCATION_VALUES;
    let p = old_pki();
    let v = later(p);
    let at = VerificationTime::At(then(p));
    let (r, legitimate) = counted(&v, &stuffed(p, 0, &[]), at);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    for (what, responder) in [("valid", p), ("foreign", other_pki())] {
        let good: Vec<(Answer, Vec<u8>)> = (0..MAX_EMBEDDED_REVOCATION_VALUES - 4)
            .map(|i| (Answer::Good, ocsp_from(responder, p, Answer::Good, i + 1)))
            .collect();
        let (r, stuffed_checks) = counted(&v, &stuffed(p, 2, &good), at);
        eprintln!("{what}: legitimate {legitimate} checks, stuffed {stuffed_checks}");
        assert!(
            stuffed_checks <= 5 * legitimate,
            "{what} stuffed evidence: {stuffed_checks} checks against {legitimate} for the \
             legitimate envelope"
        );
        // Evidence left unchecked that could only show "good" hides nothing: still VALID.
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    }
}

/// Fail closed both ways: embedded OCSP responses left unchecked by the work bound prove
/// nothing, and when they might show a revocation of a path certificate (the CertID names
/// it and they say revoked) the result is not VALID but INDETERMINATE, with a finding saying
/// the evidence was left unchecked. A verified revocation still wins when the budget
/// reaches it.
#[test]
fn evidence_left_unchecked_by_the_work_bound_is_never_ignored() {
    use egov_sign::limits::MAX_EMBEDDED_REVOCATION_VALUES;
    let p = old_pki();
    let v = later(p);
    let at = VerificationTime::At(then(p));
    let revoked = Answer::Revoked(then(p) - Duration::days(30), Some(1));
    // Forged "revoked" answers (another CA's key), more than the budget can check.
    let forged: Vec<(Answer, Vec<u8>)> = (0..MAX_EMBEDDED_REVOCATION_VALUES - 2)
        .map(|i| (revoked, ocsp_from(other_pki(), p, revoked, i + 1)))
        .collect();
    let (r, checks) = counted(&v, &stuffed(p, 0, &forged), at);
    eprintln!("forged: {checks} checks");
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(
        r.findings.iter().any(|f| f.code == Code::RevocationUnknown
            && f.detail
                .contains("left unchecked by the envelope's work bound")),
        "{:#?}",
        r.findings
    );
    // A genuine revocation among a few forged ones: found and honoured.
    let mut few = forged[..2].to_vec();
    few.push((revoked, ocsp_from(p, p, revoked, 0)));
    let (r, _) = counted(&v, &stuffed(p, 0, &few), at);
    assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
    assert!(r.has(Code::CertRevoked));
}

/// Forged CRLs naming the CA (another CA key, same name) and listing the signer: their
/// authorityKeyIdentifier names another key than the path's issuer, so they cost no check,
/// prove nothing, and the real CA CRL still decides.
#[test]
fn forged_crls_naming_the_ca_cost_no_check() {
    use egov_sign::limits::MAX_EMBEDDED_REVOCATION_VALUES;
    use egov_sign::test_pki::responders::ca_crl;
    let p = old_pki();
    let o = other_pki();
    let v = later(p);
    let at = VerificationTime::At(then(p));
    let (_, legitimate) = counted(&v, &stuffed(p, 0, &[]), at);
    let serial = Certificate::from_der(&p.citizen_sign.cert_der)
        .unwrap()
        .serial()
        .to_vec();
    let mut env = stuffed(p, 0, &[]);
    let forged: Vec<Vec<u8>> = (0..MAX_EMBEDDED_REVOCATION_VALUES - 2)
        .map(|i| {
            let this = then(p) - Duration::hours(1) - Duration::minutes(i as i64);
            ca_crl(
                o,
                this,
                then(p) + Duration::days(7),
                200 + i as u64,
                &[(serial.clone(), then(p) - Duration::days(30), 1)],
            )
            .unwrap()
        })
        .collect();
    // add_revocation_evidence refuses them: each goes in through a CRL of the real CA
    // (same entries), replaced afterwards (enclosing lengths re-encoded).
    for (k, f) in (0..).zip(&forged) {
        let this = then(p) - Duration::hours(1) - Duration::minutes(k);
        let slot = ca_crl(
            p,
            this,
            then(p) + Duration::days(7),
            500 + k as u64,
            &[(serial.clone(), then(p) - Duration::days(30), 1)],
        )
        .unwrap();
        let with = cms::add_revocation_evidence(&env, &crls(&[&slot])).unwrap();
        let at = with
            .windows(slot.len())
            .rposition(|w| w == slot.as_slice())
            .expect("embedded");
        env = splice(&with, at, slot.len(), f);
    }
    let (r, checks) = counted(&v, &env, at);
    eprintln!("forged CRLs: {checks} checks, legitimate {legitimate}");
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(checks, legitimate);
}
