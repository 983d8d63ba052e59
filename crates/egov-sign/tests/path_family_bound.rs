//! Issue 17: "no input costs more than 5× a legitimate verification of the same family",
//! for every family (RSA-2048, P-256, P-384, Ed25519, GOST-2004, GOST-2015), for the path
//! of one signer and for a whole envelope of several signers.
//!
//! The legitimate reference of a family (`test_pki::maze::FamilyPki`): root (anchor) → CA
//! (configured intermediate) → end certificate, a citizen portal request. Its verification
//! costs 2 checks of the family (the document signature; the end certificate by the CA —
//! CA → root is verified once when the verifier is built). The attack: the same request
//! signed by an end certificate that leads into a maze of look-alike CAs of the family
//! (`test_pki::maze::maze`: every (certificate, key) pair a new check, no path). Before the
//! per-family bound an RSA maze cost 101 checks (50×), P-256 38, Ed25519 49, GOST-2004 23.
//!
//! Work is counted — signature checks through a counting [`SignatureBackend`] that decides
//! nothing, by algorithm — never timed (the timings are in `benches/`, BENCHMARKS.md).

mod common;

use std::sync::{Mutex, OnceLock};

use common::{no_revocation, pki};
use egov_sign::algorithm::{
    CoreBackend, SignatureAlgorithm, SignatureBackend, SignatureCheck, SigningKey,
};
use egov_sign::limits::{
    envelope_path_check_budget, MAX_ENVELOPE_CERTIFICATES, MAX_PATH_DEPTH,
    PATH_BUILDING_CHECK_BUDGET, PATH_BUILDING_COST_BUDGET,
};
use egov_sign::path::{self, AlgorithmFamily, VerifiedEdges};
use egov_sign::test_pki::maze::{self, FamilyPki};
use egov_sign::test_pki::KeyFamily;
use egov_sign::Certificate;
use egov_sign::{Code, Indication, Report};
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

/// Counts the signature checks the core makes; decides nothing.
#[derive(Debug, Default)]
struct Counter(Mutex<Vec<SignatureAlgorithm>>);

impl SignatureBackend for Counter {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        self.0.lock().unwrap().push(c.algorithm);
        None
    }
}

impl Counter {
    fn total(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    fn of(&self, family: AlgorithmFamily) -> usize {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|a| family_of(**a) == family)
            .count()
    }
    /// Cost units of everything checked (RSA with 2048-bit keys).
    fn cost_units(&self) -> u32 {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|a| family_of(*a).cost_units())
            .sum()
    }
}

fn family_of(a: SignatureAlgorithm) -> AlgorithmFamily {
    use SignatureAlgorithm as S;
    match a {
        S::EcdsaP256Sha256 | S::EcdsaP256Sha384 => AlgorithmFamily::EcdsaP256,
        S::EcdsaP384Sha384 | S::EcdsaP384Sha256 => AlgorithmFamily::EcdsaP384,
        other => *AlgorithmFamily::ALL
            .iter()
            .find(|f| f.fits(other))
            .expect("a family"),
    }
}

const FAMILIES: [AlgorithmFamily; 6] = [
    AlgorithmFamily::Rsa,
    AlgorithmFamily::EcdsaP256,
    AlgorithmFamily::EcdsaP384,
    AlgorithmFamily::Ed25519,
    AlgorithmFamily::Gost2004,
    AlgorithmFamily::Gost2015_512,
];

fn family_pki(f: AlgorithmFamily) -> &'static FamilyPki {
    static PKIS: OnceLock<Vec<FamilyPki>> = OnceLock::new();
    let all = PKIS.get_or_init(|| {
        let template = pki(KeyFamily::P256);
        FAMILIES
            .iter()
            .map(|f| FamilyPki::generate(template, *f).expect("family PKI"))
            .collect()
    });
    &all[FAMILIES.iter().position(|x| *x == f).unwrap()]
}

fn verifier_of(p: &FamilyPki, policy: Policy) -> Verifier {
    Verifier::builder()
        .anchors(&p.root)
        .unwrap()
        .intermediates(&p.ca)
        .unwrap()
        .policy(policy)
        .build()
        .unwrap()
}

fn verify_counted(v: &Verifier, envelope: &[u8], time: VerificationTime) -> (Report, Counter) {
    let counter = Counter::default();
    let opts = VerifyOptions {
        time,
        signature_backend: &counter,
        ..VerifyOptions::default()
    };
    let r = v.verify_request(envelope, &opts).expect("a report");
    (r, counter)
}

/// The times a request is verified at: a given instant, and the signed signingTime (which
/// also looks at the present time: a second path per signer).
fn times(p: &FamilyPki) -> [VerificationTime; 2] {
    [VerificationTime::At(p.at), VerificationTime::SigningTime]
}

/// Keys of a maze of `family` (RSA: the five test keys not used by the PKI).
fn maze_keys(family: AlgorithmFamily) -> usize {
    if family == AlgorithmFamily::Rsa {
        5
    } else {
        8
    }
}

/// The legitimate request of `f`, `signers` distinct end certificates co-signing.
fn legitimate_envelope(p: &FamilyPki, signers: usize) -> Vec<u8> {
    let mut env = p
        .request(&p.leaf_key, &p.leaf, std::slice::from_ref(&p.ca))
        .unwrap();
    for i in 1..signers {
        let leaf = p.another_leaf(i as u32).unwrap();
        env = p.cosign(&env, &p.leaf_key, &leaf, &[]).unwrap();
    }
    env
}

/// The attack of `f`: `signers` end certificates leading into one maze, which fills the
/// envelope's certificates up to [`MAX_ENVELOPE_CERTIFICATES`].
fn maze_envelope(
    p: &FamilyPki,
    families: &[AlgorithmFamily],
    leaf_key: &SigningKey,
    signers: usize,
) -> Vec<u8> {
    let m = maze::maze(
        p,
        families,
        MAX_ENVELOPE_CERTIFICATES - signers,
        maze_keys(families[0]),
    )
    .unwrap();
    let leaf = m.leaf(p, leaf_key, 0x2000).unwrap();
    let mut env = p.request(leaf_key, &leaf, &m.nodes).unwrap();
    for i in 1..signers {
        let leaf = m.leaf(p, leaf_key, 0x2000 + i as u32).unwrap();
        env = p.cosign(&env, leaf_key, &leaf, &[]).unwrap();
    }
    env
}

#[test]
fn a_legitimate_request_costs_two_checks_in_every_family() {
    for f in FAMILIES {
        let p = family_pki(f);
        let v = verifier_of(p, no_revocation());
        for time in times(p) {
            let (r, c) = verify_counted(&v, &legitimate_envelope(p, 1), time);
            assert_eq!(
                r.indication,
                Indication::Valid,
                "{f:?} {time:?}: {:#?}",
                r.findings
            );
            assert_eq!(r.chain.len(), 3, "{f:?}");
            assert_eq!((c.total(), c.of(f)), (2, 2), "{f:?} {time:?}");
        }
    }
}

#[test]
fn a_maze_costs_at_most_five_legitimate_requests_in_every_family() {
    for f in FAMILIES {
        let p = family_pki(f);
        let v = verifier_of(p, no_revocation());
        let env = maze_envelope(p, &[f], &p.leaf_key, 1);
        for time in times(p) {
            let (r, c) = verify_counted(&v, &env, time);
            assert_ne!(r.indication, Indication::Valid, "{f:?}");
            assert!(r.chain.is_empty(), "{f:?}: no path");
            assert!(
                r.findings
                    .iter()
                    .any(|x| x.code == Code::ChainUntrusted && x.detail.contains("budget")),
                "{f:?}: {:#?}",
                r.findings
            );
            eprintln!("{f:?} maze ({time:?}): {} checks, legitimate 2", c.total());
            assert_eq!(c.total(), c.of(f), "{f:?}: only the family's checks");
            // The whole path budget is spent (the maze is deep enough), and no more:
            // 1 + 7 = 8 checks = 4 × the legitimate request's 2.
            assert_eq!(
                c.total(),
                1 + PATH_BUILDING_CHECK_BUDGET as usize,
                "{f:?} {time:?}"
            );
            assert!(c.total() <= 5 * 2, "{f:?}: {} checks", c.total());
        }
    }
}

#[test]
fn a_maze_envelope_of_several_signers_costs_at_most_five_legitimate_ones() {
    const SIGNERS: usize = 4;
    for f in FAMILIES {
        let p = family_pki(f);
        let v = verifier_of(p, no_revocation());
        let legit = legitimate_envelope(p, SIGNERS);
        let attack = maze_envelope(p, &[f], &p.leaf_key, SIGNERS);
        for time in times(p) {
            let (r, l) = verify_counted(&v, &legit, time);
            if std::env::var("DEBUG_PFB").is_ok() {
                eprintln!("{}", r.to_json());
                let (r2, _) = verify_counted(&v, &attack, time);
                eprintln!("{}", r2.to_json());
            }
            assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
            assert_eq!(r.signers.len(), SIGNERS);
            assert!(r.signers.iter().all(|s| s.chain.len() == 3));
            assert_eq!(
                l.total(),
                2 * SIGNERS,
                "{f:?} {time:?}: document + end certificate each"
            );
            let (r, c) = verify_counted(&v, &attack, time);
            assert_eq!(r.signers.len(), SIGNERS);
            assert!(r.signers.iter().all(|s| s.chain.is_empty()));
            eprintln!(
                "{f:?} maze envelope of {SIGNERS} signers ({time:?}): {} checks, legitimate {}",
                c.total(),
                l.total()
            );
            assert_eq!(c.total(), c.of(f));
            // S document signatures + the envelope's budget (7 per signer).
            assert!(
                c.total() <= SIGNERS + envelope_path_check_budget(SIGNERS, 0) as usize,
                "{f:?}: {}",
                c.total()
            );
            assert!(
                c.total() <= 5 * l.total(),
                "{f:?}: {} vs {}",
                c.total(),
                l.total()
            );
        }
    }
}

#[test]
fn mixed_families_cost_at_most_the_dearest_accepted_family() {
    // An RSA end certificate (and document signature) whose fake issuers are GOST-512: the
    // checks are charged to the issuer key's family, one budget for all families.
    let p = family_pki(AlgorithmFamily::Rsa);
    let both = Policy {
        path_key_families: Some(vec![AlgorithmFamily::Rsa, AlgorithmFamily::Gost2015_512]),
        ..no_revocation()
    };
    let v = verifier_of(p, both);
    let env = maze_envelope(p, &[AlgorithmFamily::Gost2015_512], &p.leaf_key, 1);
    let (r, c) = verify_counted(&v, &env, VerificationTime::At(p.at));
    assert!(r.chain.is_empty());
    let gost = c.of(AlgorithmFamily::Gost2015_512);
    eprintln!(
        "RSA leaf, GOST-512 maze: {} RSA + {gost} GOST checks",
        c.of(AlgorithmFamily::Rsa)
    );
    // The document signature (RSA) and the end certificate by the configured RSA CA (one
    // refused RSA-by-RSA edge), then the budget in GOST checks.
    assert!(c.total() <= 1 + PATH_BUILDING_CHECK_BUDGET as usize);
    assert!(gost >= 1);
    // Bounded by the dearest accepted family: 10 + 7 × 330 units ≤ 5 × a legitimate
    // GOST-512 request (2 × 330).
    assert!(c.cost_units() <= 10 + PATH_BUILDING_CHECK_BUDGET * 330);
    assert!(c.cost_units() <= 5 * 2 * AlgorithmFamily::Gost2015_512.cost_units());

    // Issuers alternating P-256 and GOST-2004 keys, on a verifier accepting both: one
    // count for both families.
    let p = family_pki(AlgorithmFamily::EcdsaP256);
    let both = Policy {
        path_key_families: Some(vec![AlgorithmFamily::EcdsaP256, AlgorithmFamily::Gost2004]),
        ..no_revocation()
    };
    let v = verifier_of(p, both);
    let env = maze_envelope(
        p,
        &[AlgorithmFamily::EcdsaP256, AlgorithmFamily::Gost2004],
        &p.leaf_key,
        1,
    );
    let (r, c) = verify_counted(&v, &env, VerificationTime::At(p.at));
    assert!(r.chain.is_empty());
    let (p256, g) = (
        c.of(AlgorithmFamily::EcdsaP256),
        c.of(AlgorithmFamily::Gost2004),
    );
    eprintln!("P-256 / GOST-2004 maze: {p256} P-256 + {g} GOST-2004 checks");
    assert!(g >= 1 && p256 >= 2);
    assert_eq!(c.total(), 1 + PATH_BUILDING_CHECK_BUDGET as usize);
    assert!(c.cost_units() <= 45 + PATH_BUILDING_CHECK_BUDGET * 75);
}

#[test]
fn rsa_keys_larger_than_the_configured_ones_count_their_cost() {
    // A maze of RSA-2048 keys against a verifier whose RSA reference is RSA-2048: 7 checks.
    // The charge of a larger key is relative to the configured one: checked directly on
    // `path::build` with a 2048-bit configuration (the test keys are all 2048-bit, so
    // the larger-key case is the unit test `path::cost_tests`).
    let p = family_pki(AlgorithmFamily::Rsa);
    let m = maze::maze(p, &[AlgorithmFamily::Rsa], 20, 5).unwrap();
    let leaf = Certificate::from_der(&m.leaf(p, &p.leaf_key, 7).unwrap()).unwrap();
    let nodes: Vec<Certificate> = m
        .nodes
        .iter()
        .map(|d| Certificate::from_der(d).unwrap())
        .collect();
    let root = Certificate::from_der(&p.root).unwrap();
    let ca = Certificate::from_der(&p.ca).unwrap();
    let edges = VerifiedEdges::compute(&[&ca], &[&root, &ca]);
    let mut pool: Vec<&Certificate> = nodes.iter().collect();
    pool.push(&ca);
    let anchors = vec![root];
    let r = path::build(&leaf, &pool, &anchors, p.at, &edges, &CoreBackend);
    assert!(r.path.is_empty());
    assert_eq!(r.signatures_checked, PATH_BUILDING_CHECK_BUDGET as usize);
    assert_eq!(r.cost_units, 10 * PATH_BUILDING_CHECK_BUDGET);
    assert!(r.cost_units <= PATH_BUILDING_COST_BUDGET);
}

#[test]
fn a_legitimate_path_of_maximal_depth_is_not_cut_in_any_family() {
    let now = pki(KeyFamily::P256).generated_at;
    for f in FAMILIES {
        // Leaf + 6 intermediates (none configured, all carried) + anchor.
        let (root, cas, leaf) = maze::deep_chain(f, MAX_PATH_DEPTH - 2, now).unwrap();
        let root = Certificate::from_der(&root).unwrap();
        let cas: Vec<Certificate> = cas
            .iter()
            .map(|d| Certificate::from_der(d).unwrap())
            .collect();
        let leaf = Certificate::from_der(&leaf).unwrap();
        let edges = VerifiedEdges::compute(&[], &[&root]);
        // Reversed: the pool order is no help.
        let pool: Vec<&Certificate> = cas.iter().rev().collect();
        let anchors = vec![root];
        let r = path::build(&leaf, &pool, &anchors, now, &edges, &CoreBackend);
        assert_eq!(r.path.len(), MAX_PATH_DEPTH, "{f:?}: {:#?}", r.findings);
        assert!(
            r.findings
                .iter()
                .all(|x| !matches!(x.code, Code::ChainUntrusted | Code::ChainInvalid)),
            "{f:?}: {:#?}",
            r.findings
        );
        assert_eq!(r.signatures_checked, MAX_PATH_DEPTH - 1, "{f:?}");
        eprintln!(
            "{f:?}: depth {} in {} checks, {} units",
            r.path.len(),
            r.signatures_checked,
            r.cost_units
        );
    }
}

/// The test TSA's certificate (P-256 test PKI, critical id-kp-timeStamping), as a
/// template.
fn tsa_template() -> &'static [u8] {
    static T: OnceLock<Vec<u8>> = OnceLock::new();
    T.get_or_init(|| {
        use egov_sign::test_pki::responders::{TestTsa, TsaProfile};
        TestTsa::new(pki(KeyFamily::P256), TsaProfile::Conforming)
            .unwrap()
            .cert_der
    })
}

/// TSA paths are built by `tsp::verify_token` with the core's arithmetic (not through the
/// caller's `SignatureBackend`), so their checks are read from the envelope's budget
/// (`path::EnvelopeBudget::spent`), measured here on the tokens alone; the rest is counted.
#[test]
fn time_stamp_tokens_and_their_tsa_paths_draw_on_the_envelope_budget() {
    use egov_sign::path::EnvelopeBudget;
    use egov_sign::tsp::{embed_signature_timestamp, verify_token, Expectation, TsaTrust};
    use egov_sign::Envelope;
    for f in FAMILIES {
        let p = family_pki(f);
        let v = Verifier::builder()
            .anchors(&p.root)
            .unwrap()
            .intermediates(&p.ca)
            .unwrap()
            .tsa_anchors(&p.root)
            .unwrap()
            .tsa_intermediates(&p.ca)
            .unwrap()
            .policy(no_revocation())
            .build()
            .unwrap();
        let trust = TsaTrust::new()
            .anchors(&p.root)
            .unwrap()
            .intermediates(&p.ca)
            .unwrap();
        let tsa_key = maze::key(f, 2).unwrap();
        let token_for = |env: &[u8], tsa: &[u8], extra: &[Vec<u8>], seconds: i64| {
            let sig = Envelope::parse(env).unwrap().signature;
            let gen = p.at + time::Duration::seconds(seconds);
            maze::timestamp_token(tsa, &tsa_key, extra, &sig, gen).unwrap()
        };
        // Legitimate: one token of a TSA certified by the CA.
        let tsa = maze::resign(tsa_template(), Some(0x3000), None, &tsa_key, &p.ca_key).unwrap();
        let env = legitimate_envelope(p, 1);
        let token = token_for(&env, &tsa, &[], 1);
        let legit = embed_signature_timestamp(&env, &token).unwrap();
        let sig = Envelope::parse(&env).unwrap().signature;
        let expect = Expectation {
            signature_value: &sig,
            ..Expectation::default()
        };
        let legit_tsa_path = {
            let budget = EnvelopeBudget::enter(envelope_path_check_budget(1, 1));
            verify_token(&token, &expect, &trust, &CoreBackend).unwrap();
            budget.spent().0
        };
        assert_eq!(legit_tsa_path, 2, "{f:?}: TSA → CA → root");

        // Hostile: the maze signer, two tokens whose TSA certificates lead into the maze
        // (each token carries it).
        let m = maze::maze(p, &[f], MAX_ENVELOPE_CERTIFICATES - 1, maze_keys(f)).unwrap();
        let leaf = m.leaf(p, &p.leaf_key, 0x2000).unwrap();
        let env = p.request(&p.leaf_key, &leaf, &m.nodes).unwrap();
        let fake = maze::resign(tsa_template(), Some(0x3001), None, &tsa_key, &m.keys[0]).unwrap();
        let tokens = [
            token_for(&env, &fake, &m.nodes, 1),
            token_for(&env, &fake, &m.nodes, 2),
        ];
        let attack = embed_signature_timestamp(
            &embed_signature_timestamp(&env, &tokens[0]).unwrap(),
            &tokens[1],
        )
        .unwrap();
        assert_eq!(
            Envelope::parse(&attack).unwrap().signers[0]
                .timestamp_tokens
                .len(),
            2
        );
        let sig = Envelope::parse(&env).unwrap().signature;
        let expect = Expectation {
            signature_value: &sig,
            ..Expectation::default()
        };
        {
            // Both TSA paths draw on the envelope's budget (each at most one path's), and
            // once it is spent the signer's path gets nothing.
            let budget = EnvelopeBudget::enter(envelope_path_check_budget(1, 1));
            for t in &tokens {
                assert!(verify_token(t, &expect, &trust, &CoreBackend).is_err());
            }
            let (spent, units) = budget.spent();
            assert_eq!(spent, 2 * PATH_BUILDING_CHECK_BUDGET as usize, "{f:?}");
            assert_eq!(units, spent as u32 * f.cost_units(), "{f:?}");
            assert!(budget.exhausted());
            let leaf = Certificate::from_der(&leaf).unwrap();
            let nodes: Vec<Certificate> = m
                .nodes
                .iter()
                .map(|d| Certificate::from_der(d).unwrap())
                .collect();
            let pool: Vec<&Certificate> = nodes.iter().collect();
            let anchors = vec![Certificate::from_der(&p.root).unwrap()];
            let r = path::build(
                &leaf,
                &pool,
                &anchors,
                p.at,
                path::VerifiedEdges::none(),
                &CoreBackend,
            );
            assert_eq!(r.signatures_checked, 0);
            assert!(r.path.is_empty());
        }
        for time in times(p) {
            let (r, l) = verify_counted(&v, &legit, time);
            assert_eq!(r.indication, Indication::Valid, "{f:?}: {:#?}", r.findings);
            assert!(r.timestamp.is_some(), "{f:?}: the token verified");
            // Counted: the document signature, the token's signature (twice with
            // SigningTime: for the time, and to prove the claim), the end certificate; not
            // counted: the TSA path, once (the second time it is remembered).
            let legit_total = l.total() + legit_tsa_path;
            let (r, c) = verify_counted(&v, &attack, time);
            assert!(r.chain.is_empty() && r.timestamp.is_none(), "{f:?}");
            assert!(
                r.findings
                    .iter()
                    .any(|x| x.detail.contains("budget of the envelope exhausted")),
                "{f:?}: {:#?}",
                r.findings
            );
            // Counted: the document and token signatures (the path budget went to the TSA
            // paths); not counted: the envelope's whole path budget, at most.
            let attack_total = c.total() + envelope_path_check_budget(1, 1) as usize;
            eprintln!(
                "{f:?} stamped ({time:?}): maze signer + 2 maze tokens ≤ {attack_total} checks, legitimate {legit_total}"
            );
            let token_checks = if time == VerificationTime::SigningTime {
                4
            } else {
                2
            };
            assert!(c.total() <= 1 + token_checks, "{f:?}: {}", c.total());
            assert!(
                attack_total <= 5 * legit_total,
                "{f:?}: {attack_total} vs {legit_total}"
            );
        }
    }
}

/// A real NCA certificate from `testdata/nca/` (vendored from `shared/nca-test-pki/`; fails,
/// never skips, when missing).
fn nca(name: &str) -> Certificate {
    let path = format!("{}/../../testdata/nca/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let der = egov_sign::encoding::decode_der_blobs(&bytes, "CERTIFICATE", 64 * 1024)
        .unwrap()
        .remove(0);
    Certificate::from_der(&der).unwrap()
}

#[test]
fn real_nca_paths_are_built_within_the_budget() {
    // The KalkanCrypt individual's GOST-2015 certificate → NCA GOST CA 2022 → root, with the
    // CA carried (not configured) and configured, and with the GOST-2004 CA of another
    // generation and the P-256 test root in the pool as wrong candidates.
    let root = nca("root_test_gost_2022.cer");
    let ca = nca("nca_gost2015_test.cer");
    let leaf = nca("kalkan_individual_2023.cer.pem");
    let other_ca = nca("nca_gost_test.crt");
    let at = time::macros::datetime!(2024-01-01 00:00 UTC);
    let anchors = vec![root.clone()];
    let pool = [&other_ca, &ca];
    let r = path::build(
        &leaf,
        &pool,
        &anchors,
        at,
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert_eq!(r.path.len(), 3, "{:#?}", r.findings);
    assert!(
        r.findings
            .iter()
            .all(|x| !matches!(x.code, Code::ChainUntrusted | Code::ChainInvalid)),
        "{:#?}",
        r.findings
    );
    assert_eq!(r.signatures_checked, 2, "leaf → CA → root, GOST-512");
    assert_eq!(r.cost_units, 2 * AlgorithmFamily::Gost2015_512.cost_units());
    // Configured: CA → root verified when the verifier is built, one check per call.
    let edges = VerifiedEdges::compute(&[&ca], &[&root, &ca]);
    let r = path::build(&leaf, &pool, &anchors, at, &edges, &CoreBackend);
    assert_eq!(r.path.len(), 3);
    assert_eq!(r.signatures_checked, 1);
    // And inside an envelope's budget of one signer.
    let budget = path::EnvelopeBudget::enter(envelope_path_check_budget(1, 0));
    let r = path::build(&leaf, &pool, &anchors, at, &edges, &CoreBackend);
    assert_eq!(r.path.len(), 3);
    assert_eq!(budget.spent().0, 1);
    assert!(!budget.exhausted());
}
