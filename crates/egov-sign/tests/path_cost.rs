//! Issue 17: path building is bounded by cost, not by a count of signature checks. The
//! "look-alike CA" envelope (8 self-made GOST-512 certificates with the real CA's name,
//! one attacker key, every edge validly signed) against a verifier whose anchors are all
//! P-256 and against one with GOST anchors; the family filter, the ordering of candidate
//! issuers, the once-per-(subject, issuer key) rule and the allow-list in `Policy`.
//!
//! Work is counted — signature checks through a counting [`SignatureBackend`] that leaves
//! every decision to the core, and `PathResult::cost_units` — never timed.

mod common;

use std::sync::Mutex;

use common::{pki, policy, verifier, verifier_with};
use egov_sign::algorithm::{CoreBackend, SignatureAlgorithm, SignatureBackend, SignatureCheck};
use egov_sign::gost::{verification_cost_units, GostCurve};
use egov_sign::limits::{PATH_BUILDING_COST_BUDGET, PATH_BUILDING_SIGNATURE_BUDGET};
use egov_sign::path::{self, AlgorithmFamily, VerifiedEdges};
use egov_sign::test_pki::lookalike::{self, LookalikeAttack};
use egov_sign::test_pki::{samples, KeyFamily, TestPki};
use egov_sign::Certificate;
use egov_sign::{Code, Indication, Report};
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SerialNumber};

/// Counts the signature checks the core makes (algorithm and signed message of each);
/// decides nothing.
#[derive(Debug, Default)]
struct Counter(Mutex<Vec<(SignatureAlgorithm, Vec<u8>)>>);

impl SignatureBackend for Counter {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        self.0
            .lock()
            .unwrap()
            .push((c.algorithm, c.message.to_vec()));
        None
    }
}

impl Counter {
    fn of(&self, alg: SignatureAlgorithm) -> usize {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(a, _)| *a == alg)
            .count()
    }
    fn total(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    fn of_message(&self, m: &[u8]) -> usize {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, x)| x == m)
            .count()
    }
}

fn attack() -> &'static (TestPki, LookalikeAttack) {
    static A: std::sync::OnceLock<(TestPki, LookalikeAttack)> = std::sync::OnceLock::new();
    A.get_or_init(|| {
        let p = pki(KeyFamily::Gost2015);
        (
            p.clone(),
            lookalike::generate(p, 8).expect("look-alike envelope"),
        )
    })
}

fn verify_counted(v: &Verifier, envelope: &[u8], at: egov_sign::Time) -> (Report, Counter) {
    let counter = Counter::default();
    let opts = VerifyOptions {
        time: VerificationTime::At(at),
        signature_backend: &counter,
        ..VerifyOptions::default()
    };
    let r = v.verify_request(envelope, &opts).expect("a report");
    (r, counter)
}

/// The legitimate GOST-2015 request: its checks, and that it is valid.
fn legitimate_gost2015_checks(v: &Verifier, p: &TestPki) -> usize {
    let env = samples_envelope(p);
    let (r, c) = verify_counted(v, &env, p.generated_at);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(c.total(), c.of(SignatureAlgorithm::Gost2015_512));
    c.total()
}

fn samples_envelope(p: &TestPki) -> Vec<u8> {
    let content = samples::citizen_portal_request(p.generated_at)
        .unwrap()
        .to_json();
    let key = egov_sign::SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    egov_sign::sign(
        &content,
        &key,
        &p.citizen_sign.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &egov_sign::SignOptions {
            signing_time: Some(p.generated_at),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn the_attack_envelope_is_what_the_issue_describes() {
    let (p, a) = attack();
    assert_eq!(a.lookalikes.len(), 8);
    assert!(a.envelope.len() < 12 * 1024, "{} bytes", a.envelope.len());
    let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
    let leaf = Certificate::from_der(&a.leaf).unwrap();
    let las: Vec<Certificate> = a
        .lookalikes
        .iter()
        .map(|d| Certificate::from_der(d).unwrap())
        .collect();
    for la in &las {
        // The real CA's name and key identifier, one attacker key, every edge signed.
        assert_eq!(la.subject_raw(), ca.subject_raw());
        assert_eq!(la.ski(), ca.ski());
        assert_eq!(la.spki(), las[0].spki());
        assert_ne!(la.spki(), ca.spki());
        leaf.verify_signed_by(la, &CoreBackend).unwrap();
        for other in &las {
            la.verify_signed_by(other, &CoreBackend).unwrap();
        }
    }
    assert!(leaf.verify_signed_by(&ca, &CoreBackend).is_err());
}

#[test]
fn lookalikes_cost_no_gost_check_on_a_verifier_whose_anchors_are_p256() {
    let (g, a) = attack();
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let (r, c) = verify_counted(&v, &a.envelope, g.generated_at);
    assert_ne!(r.indication, Indication::Valid);
    // The document signature is the only GOST check: no certificate edge signed by a
    // GOST key is checked (the old code spent its budget of 100 checks on them).
    assert_eq!(
        c.of(SignatureAlgorithm::Gost2015_512),
        1,
        "{:#?}",
        r.findings
    );
    assert_eq!(c.total(), 1);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == Code::ChainUntrusted && f.detail.contains("not checked")),
        "{:#?}",
        r.findings
    );
}

#[test]
fn lookalikes_cost_at_most_five_legitimate_requests_on_gost_anchors() {
    let (p, a) = attack();
    let v = verifier(p);
    let legit = legitimate_gost2015_checks(&v, p);
    assert_eq!(legit, 2, "document signature + end certificate by the CA");
    let (r, c) = verify_counted(&v, &a.envelope, p.generated_at);
    assert_ne!(r.indication, Indication::Valid);
    assert!(r.chain.is_empty(), "no path");
    let spent = c.of(SignatureAlgorithm::Gost2015_512);
    eprintln!("look-alike attack on GOST anchors: {spent} GOST-512 checks, legitimate {legit}");
    assert_eq!(spent, c.total());
    // Issue 17's goal: ≤ 5× a valid GOST request (in checks of the same cost).
    assert!(
        spent <= 5 * legit,
        "{spent} GOST checks for {legit} legitimate"
    );
    // The path's share is bounded by the cost budget (and, since the per-family bound, by
    // PATH_BUILDING_CHECK_BUDGET = 7 GOST-512 checks).
    let per_check = verification_cost_units(GostCurve::Gost2015_512);
    assert!((spent - 1) as u32 * per_check <= PATH_BUILDING_COST_BUDGET);
    assert!(spent - 1 <= egov_sign::limits::PATH_BUILDING_CHECK_BUDGET as usize);
}

#[test]
fn path_cost_is_counted_in_units_and_bounded() {
    let (p, a) = attack();
    let root = Certificate::from_der(&p.root.cert_der).unwrap();
    let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
    let leaf = Certificate::from_der(&a.leaf).unwrap();
    let las: Vec<Certificate> = a
        .lookalikes
        .iter()
        .map(|d| Certificate::from_der(d).unwrap())
        .collect();
    let anchors = vec![root.clone()];
    let edges = VerifiedEdges::compute(&[&ca], &[&root, &ca]);
    let mut pool: Vec<&Certificate> = las.iter().collect();
    pool.push(&ca);
    let r = path::build(&leaf, &pool, &anchors, p.generated_at, &edges, &CoreBackend);
    assert!(r.path.is_empty());
    let per_check = verification_cost_units(GostCurve::Gost2015_512);
    assert_eq!(r.cost_units, r.signatures_checked as u32 * per_check);
    assert!(r.cost_units <= PATH_BUILDING_COST_BUDGET);
    assert!(r.signatures_checked <= (PATH_BUILDING_COST_BUDGET / per_check) as usize);

    // A legitimate end certificate with the same hostile pool in front of the real CA:
    // the configured CA is tried first, one check (CA → root was verified at build time).
    let citizen = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
    let r = path::build(
        &citizen,
        &pool,
        &anchors,
        p.generated_at,
        &edges,
        &CoreBackend,
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.path.len(), 3);
    assert_eq!(r.signatures_checked, 1);
    assert_eq!(r.cost_units, per_check);
}

#[test]
fn configured_issuers_are_tried_before_envelope_lookalikes() {
    // The legitimate request with the 8 look-alikes added to its envelope, ahead of the
    // real CA in DER order or not: the verifier checks the configured CA first.
    let (p, a) = attack();
    let v = verifier(p);
    let content = samples::citizen_portal_request(p.generated_at)
        .unwrap()
        .to_json();
    let key = egov_sign::SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    let mut chain = a.lookalikes.clone();
    chain.push(p.ca.cert_der.clone());
    let env = egov_sign::sign(
        &content,
        &key,
        &p.citizen_sign.cert_der,
        &chain,
        &egov_sign::SignOptions {
            signing_time: Some(p.generated_at),
            ..Default::default()
        },
    )
    .unwrap();
    let (r, c) = verify_counted(&v, &env, p.generated_at);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(
        c.total(),
        2,
        "document + end certificate by the configured CA"
    );
}

/// `n` CA certificates with one name and one key, issued under a name nobody has (no
/// onward path), and an end certificate signed by that key.
fn shared_key_cas(n: usize) -> (Certificate, Vec<Certificate>) {
    let key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::default();
    ca.distinguished_name
        .push(DnType::CommonName, "Shared Key CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let mut nowhere = CertificateParams::default();
    nowhere
        .distinguished_name
        .push(DnType::CommonName, "Nowhere");
    let nowhere_key = KeyPair::generate().unwrap();
    let cas = (0..n)
        .map(|i| {
            let mut p = ca.clone();
            p.serial_number = Some(SerialNumber::from_slice(&[1, i as u8]));
            let c = p
                .signed_by(&key, &Issuer::from_params(&nowhere, &nowhere_key))
                .unwrap();
            Certificate::from_der(c.der()).unwrap()
        })
        .collect();
    let mut leaf = CertificateParams::default();
    leaf.distinguished_name
        .push(DnType::CommonName, "Shared Key Leaf");
    let leaf = leaf
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&ca, &key),
        )
        .unwrap();
    (Certificate::from_der(leaf.der()).unwrap(), cas)
}

#[test]
fn certificates_sharing_one_key_are_checked_once_per_subject() {
    let (leaf, cas) = shared_key_cas(8);
    let pool: Vec<&Certificate> = cas.iter().collect();
    // Any P-256 anchor: the family is accepted, but no path exists.
    let anchors = vec![Certificate::from_der(&pki(KeyFamily::P256).root.cert_der).unwrap()];
    let counter = Counter::default();
    let none = VerifiedEdges::default();
    let at = time::OffsetDateTime::now_utc();
    let r = path::build(&leaf, &pool, &anchors, at, &none, &counter);
    assert!(r.path.is_empty());
    // Eight candidate issuers, one key: the end certificate's signature checked once.
    assert_eq!(counter.of_message(leaf.tbs()), 1);
    assert_eq!(r.signatures_checked, 1);
}

#[test]
fn the_policy_allow_list_replaces_the_configured_families() {
    let (g, a) = attack();
    let p = pki(KeyFamily::P256);
    // Allowing GOST-512 on the P-256 verifier: the look-alikes are checked again, within
    // the cost budget.
    let allow = Policy {
        path_key_families: Some(vec![
            AlgorithmFamily::EcdsaP256,
            AlgorithmFamily::Gost2015_512,
        ]),
        ..policy()
    };
    let v = verifier_with(p, &[&p.crls.root_full, &p.crls.ca_full], allow);
    let (_, c) = verify_counted(&v, &a.envelope, g.generated_at);
    let gost = c.of(SignatureAlgorithm::Gost2015_512);
    assert!(gost > 1, "{gost}");
    assert!(gost - 1 <= PATH_BUILDING_SIGNATURE_BUDGET);
    assert!(
        (gost - 1) as u32 * verification_cost_units(GostCurve::Gost2015_512)
            <= PATH_BUILDING_COST_BUDGET
    );

    // An allow-list without the anchors' family: nothing is checked, nothing is trusted.
    let g2 = pki(KeyFamily::Gost2015);
    let deny = Policy {
        path_key_families: Some(vec![AlgorithmFamily::Rsa]),
        ..policy()
    };
    let v = verifier_with(g2, &[&g2.crls.root_full, &g2.crls.ca_full], deny);
    let (r, c) = verify_counted(&v, &samples_envelope(g2), g2.generated_at);
    assert_eq!(r.indication, Indication::Indeterminate, "{:#?}", r.findings);
    assert!(r.findings.iter().any(|f| f.code == Code::ChainUntrusted));
    assert_eq!(c.total(), 1, "the document signature only");
}
