//! `VerifyOptions::signature_backend`: a backend replaces only the final primitive; the
//! "assume valid, record, confirm, re-run on any failure" protocol the WebAssembly binding
//! builds on it gives the same reports as the core alone.

mod common;

use std::sync::Mutex;

use common::*;
use egov_sign::algorithm::{
    CoreBackend, SignatureAlgorithm, SignatureBackend, SignatureCheck, SigningKey,
};
use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{samples, KeyFamily, TestPki};
use egov_sign::VerificationTime;
use egov_sign::{Code, Indication, Report};
use egov_sign::{Verifier, VerifyOptions};
use ring::signature::{self as rs, UnparsedPublicKey};

/// An owned copy of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owned {
    algorithm: SignatureAlgorithm,
    spki: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
}

impl Owned {
    fn of(c: &SignatureCheck<'_>) -> Owned {
        Owned {
            algorithm: c.algorithm,
            spki: c.spki.to_vec(),
            message: c.message.to_vec(),
            signature: c.signature.to_vec(),
        }
    }
    /// Confirm independently, with the core's own verification.
    fn confirm(&self) -> bool {
        egov_sign::algorithm::verify(
            self.algorithm,
            &self.spki,
            &self.message,
            &self.signature,
            &CoreBackend,
        )
        .is_ok()
    }
}

/// Pass 1: answers "valid" to everything and records what it was asked.
#[derive(Debug, Default)]
struct Optimist(Mutex<Vec<Owned>>);

impl SignatureBackend for Optimist {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        self.0.lock().unwrap().push(Owned::of(c));
        Some(true)
    }
}

/// Pass 2: answers from confirmed results; anything else is left to the core.
#[derive(Debug)]
struct Answers(Vec<(Owned, bool)>);

impl SignatureBackend for Answers {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        let c = Owned::of(c);
        self.0.iter().find(|(k, _)| *k == c).map(|(_, ok)| *ok)
    }
}

/// Leaves everything to the core.
#[derive(Debug)]
struct Abstain;

impl SignatureBackend for Abstain {
    fn check(&self, _: &SignatureCheck<'_>) -> Option<bool> {
        None
    }
}

/// Says "invalid" to everything.
#[derive(Debug)]
struct Pessimist;

impl SignatureBackend for Pessimist {
    fn check(&self, _: &SignatureCheck<'_>) -> Option<bool> {
        Some(false)
    }
}

fn envelope(p: &TestPki) -> Vec<u8> {
    let content = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    cms::sign(
        &content,
        &key,
        &p.citizen_sign.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(now(p)),
            ..SignOptions::default()
        },
    )
    .unwrap()
}

fn verify(v: &Verifier, p: &TestPki, env: &[u8], b: &dyn SignatureBackend) -> Report {
    v.verify_request(
        env,
        &VerifyOptions {
            time: VerificationTime::At(now(p)),
            signature_backend: b,
            ..VerifyOptions::default()
        },
    )
    .unwrap()
}

/// The binding's protocol: optimistic pass, confirm every recorded check, re-run with the
/// answers when one failed.
fn two_pass(v: &Verifier, p: &TestPki, env: &[u8]) -> (Report, Vec<Owned>, bool) {
    let optimist = Optimist::default();
    let first = verify(v, p, env, &optimist);
    let asked = optimist.0.into_inner().unwrap();
    let answers: Vec<(Owned, bool)> = asked.iter().map(|c| (c.clone(), c.confirm())).collect();
    if answers.iter().all(|(_, ok)| *ok) {
        (first, asked, false)
    } else {
        (verify(v, p, env, &Answers(answers)), asked, true)
    }
}

fn same(a: &Report, b: &Report) {
    assert_eq!(a.to_json(), b.to_json());
}

/// Flip one bit of the signature value: the last byte of the envelope's SignerInfo
/// signature (the envelope ends with it when there are no unsigned attributes).
fn tamper_signature(env: &[u8]) -> Vec<u8> {
    let mut bad = env.to_vec();
    let n = bad.len();
    bad[n - 1] ^= 1;
    bad
}

#[test]
fn a_valid_request_asks_exactly_the_floor() {
    for f in [KeyFamily::P256, KeyFamily::Rsa] {
        let p = pki(f);
        let v = verifier(p);
        let env = envelope(p);
        let plain = verify(&v, p, &env, &CoreBackend);
        assert_eq!(plain.indication, Indication::Valid, "{f:?}");
        let (report, asked, rerun) = two_pass(&v, p, &env);
        same(&plain, &report);
        assert!(!rerun);
        // The document signature by the citizen's key and the citizen certificate by the CA
        // key: CA → root was verified when the verifier was built.
        assert_eq!(asked.len(), 2, "{f:?}: {asked:?}");
        let leaf = egov_sign::Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        let ca = egov_sign::Certificate::from_der(&p.ca.cert_der).unwrap();
        assert_eq!(asked[0].spki, leaf.spki());
        assert_eq!(asked[1].spki, ca.spki());
        assert_eq!(asked[1].message, leaf.tbs());
        assert_eq!(asked[1].signature, leaf.signature());
        assert!(asked.iter().all(Owned::confirm));
    }
}

#[test]
fn abstaining_backend_changes_nothing() {
    for f in FAMILIES {
        let p = pki(f);
        let v = verifier(p);
        let env = envelope(p);
        same(
            &verify(&v, p, &env, &CoreBackend),
            &verify(&v, p, &env, &Abstain),
        );
        let bad = tamper_signature(&env);
        let plain = verify(&v, p, &bad, &CoreBackend);
        assert_eq!(plain.indication, Indication::Invalid, "{f:?}");
        same(&plain, &verify(&v, p, &bad, &Abstain));
    }
}

#[test]
fn the_backend_decides_the_primitive() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let env = envelope(p);
    let r = verify(&v, p, &env, &Pessimist);
    assert_eq!(r.indication, Indication::Invalid);
    assert!(r.findings.iter().any(|f| f.code == Code::SignatureInvalid));
    assert!(r.chain.is_empty(), "no edge to the CA may verify");
}

#[test]
fn two_pass_finds_a_bad_signature() {
    for f in [KeyFamily::P256, KeyFamily::Rsa] {
        let p = pki(f);
        let v = verifier(p);
        let bad = tamper_signature(&envelope(p));
        let plain = verify(&v, p, &bad, &CoreBackend);
        assert!(plain
            .findings
            .iter()
            .any(|x| x.code == Code::SignatureInvalid));
        let (report, asked, rerun) = two_pass(&v, p, &bad);
        assert!(rerun, "{f:?}");
        assert!(!asked[0].confirm());
        same(&plain, &report);
    }
}

#[test]
fn key_algorithm_fit_is_checked_before_the_backend() {
    // An optimistic backend cannot make a P-256 key verify an RSA-declared signature: the
    // core refuses the pair before asking.
    let p = pki(KeyFamily::P256);
    let optimist = Optimist::default();
    let res = egov_sign::algorithm::verify(
        SignatureAlgorithm::RsaPkcs1Sha256,
        egov_sign::Certificate::from_der(&p.ca.cert_der)
            .unwrap()
            .spki(),
        b"m",
        &[0u8; 256],
        &optimist,
    );
    assert!(res.is_err());
    assert!(optimist.0.lock().unwrap().is_empty());
}

#[test]
fn gost_checks_reach_the_backend_too() {
    let p = pki(KeyFamily::Gost2015);
    let v = verifier(p);
    let env = envelope(p);
    let (report, asked, _) = two_pass(&v, p, &env);
    assert_eq!(report.indication, Indication::Valid);
    assert_eq!(asked.len(), 2);
    assert!(asked
        .iter()
        .all(|c| c.algorithm == SignatureAlgorithm::Gost2015_512));
}

fn fixed_of(alg: SignatureAlgorithm, sig: &[u8]) -> Option<Vec<u8>> {
    SignatureCheck {
        algorithm: alg,
        spki: &[],
        message: &[],
        signature: sig,
    }
    .ecdsa_fixed_signature()
}

#[test]
fn ecdsa_fixed_form_verifies_with_ring_fixed() {
    let p = pki(KeyFamily::P256);
    let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    let leaf = egov_sign::Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
    let bits = &leaf.spki()[leaf.spki().len() - 65..];
    for i in 0..32u8 {
        let msg = [i; 40];
        let der = key.sign(&msg).unwrap();
        let fixed = fixed_of(SignatureAlgorithm::EcdsaP256Sha256, &der).unwrap();
        assert_eq!(fixed.len(), 64);
        UnparsedPublicKey::new(&rs::ECDSA_P256_SHA256_FIXED, bits)
            .verify(&msg, &fixed)
            .unwrap();
    }
}

#[test]
fn ecdsa_fixed_form_is_strict() {
    use SignatureAlgorithm::EcdsaP256Sha256 as P;
    let int = |v: &[u8]| [&[0x02, v.len() as u8][..], v].concat();
    let seq = |a: &[u8], b: &[u8]| [&[0x30, (a.len() + b.len()) as u8][..], a, b].concat();
    // Small values are left-padded.
    let ok = fixed_of(P, &seq(&int(&[1]), &int(&[0x7f]))).unwrap();
    assert_eq!(ok[31], 1);
    assert_eq!(ok[63], 0x7f);
    assert!(ok[..31].iter().all(|b| *b == 0));
    // A leading 00 only before a high bit.
    let mut high = vec![0u8];
    high.extend([0xff; 32]);
    assert!(fixed_of(P, &seq(&int(&high), &int(&[1]))).is_some());
    assert!(fixed_of(P, &seq(&int(&[0, 1]), &int(&[1]))).is_none()); // non-minimal
    assert!(fixed_of(P, &seq(&int(&[0x80]), &int(&[1]))).is_none()); // negative
    assert!(fixed_of(P, &seq(&int(&[0]), &int(&[1]))).is_none()); // zero
    assert!(fixed_of(P, &seq(&int(&[]), &int(&[1]))).is_none()); // empty
    assert!(fixed_of(P, &seq(&int(&[1; 33]), &int(&[1]))).is_none()); // too long
    let mut trailing = seq(&int(&[1]), &int(&[1]));
    trailing.push(0);
    assert!(fixed_of(P, &trailing).is_none());
    assert!(fixed_of(
        SignatureAlgorithm::RsaPkcs1Sha256,
        &seq(&int(&[1]), &int(&[1]))
    )
    .is_none());
    // P-384 size.
    let p384 = fixed_of(
        SignatureAlgorithm::EcdsaP384Sha384,
        &seq(&int(&[1]), &int(&[2])),
    )
    .unwrap();
    assert_eq!(p384.len(), 96);
}

#[test]
fn length_rules_apply_before_the_backend() {
    // An RSA signature one octet short of the modulus (OpenSSL would still try it) and an
    // Ed25519-length mismatch are refused before any backend is asked.
    let p = pki(KeyFamily::Rsa);
    let leaf = egov_sign::Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
    let ca = egov_sign::Certificate::from_der(&p.ca.cert_der).unwrap();
    let optimist = Optimist::default();
    let short = &leaf.signature()[1..];
    let res = egov_sign::algorithm::verify(
        SignatureAlgorithm::RsaPkcs1Sha256,
        ca.spki(),
        leaf.tbs(),
        short,
        &optimist,
    );
    assert!(matches!(res, Err(egov_sign::Error::BadSignature)));
    assert!(optimist.0.lock().unwrap().is_empty());
    // The full-length signature reaches the backend.
    let res = egov_sign::algorithm::verify(
        SignatureAlgorithm::RsaPkcs1Sha256,
        ca.spki(),
        leaf.tbs(),
        leaf.signature(),
        &optimist,
    );
    assert!(res.is_ok());
    assert_eq!(optimist.0.lock().unwrap().len(), 1);
}
