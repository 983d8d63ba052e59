//! Issue 17: wall-clock ratio of the worst path-building input of each family (the maze of
//! `test_pki::maze`) to a legitimate request of the family, measured **interleaved in one
//! process** (rounds of `calls` legitimate then `calls` hostile verifications; medians of the
//! per-round times), so that load from other processes hits both sides alike — criterion's
//! separate runs of `attack/*` move by 2× on a busy machine.
//!
//! `attack-ratio [rounds] [signers]` (default 15 rounds, 1 signer).
//!
//! `attack-ratio count <family> <calls> [signers]` runs `calls` legitimate verifications in
//! `count_legit` and `calls` hostile ones in `count_maze`, for instruction counts that load
//! does not move:
//! `valgrind --tool=callgrind target/release/attack-ratio count p256 5`, then
//! `callgrind_annotate --inclusive=yes callgrind.out.* | grep count_`.

use std::hint::black_box;
use std::time::Instant;

use egov_sign::limits::MAX_ENVELOPE_CERTIFICATES;
use egov_sign::path::AlgorithmFamily as F;
use egov_sign::test_pki::maze::{self, FamilyPki};
use egov_sign::test_pki::{KeyFamily, TestPki};
use egov_sign::Time;
use egov_sign::{Policy, RevocationScope, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[inline(never)]
fn count_legit(v: &Verifier, env: &[u8], opts: &VerifyOptions<'_>, calls: usize) {
    for _ in 0..calls {
        black_box(v.verify_request(black_box(env), opts).unwrap());
    }
}

#[inline(never)]
fn count_maze(v: &Verifier, env: &[u8], opts: &VerifyOptions<'_>, calls: usize) {
    for _ in 0..calls {
        black_box(v.verify_request(black_box(env), opts).unwrap());
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.first().is_some_and(|a| a == "count");
    let (only, calls) = if count {
        args.remove(0);
        let only = args.remove(0);
        let calls: usize = args.remove(0).parse().expect("calls");
        (Some(only), calls)
    } else {
        (None, 0)
    };
    let rounds: usize = if count {
        0
    } else {
        args.first().map_or(15, |a| a.parse().expect("rounds"))
    };
    let signers: usize = if count {
        args.first().map_or(1, |a| a.parse().expect("signers"))
    } else {
        args.get(1).map_or(1, |a| a.parse().expect("signers"))
    };
    let template = TestPki::generate(KeyFamily::P256, Time::now_utc()).unwrap();
    println!(
        "family\tlegit\tmaze\tratio\tmaze, no path check\tratio (medians of {rounds} interleaved rounds, {signers} signer(s))"
    );
    for (name, family) in [
        ("rsa2048", F::Rsa),
        ("p256", F::EcdsaP256),
        ("p384", F::EcdsaP384),
        ("ed25519", F::Ed25519),
        ("gost2004", F::Gost2004),
        ("gost2015", F::Gost2015_512),
    ] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let p = FamilyPki::generate(&template, family).unwrap();
        let v = Verifier::builder()
            .anchors(&p.root)
            .unwrap()
            .intermediates(&p.ca)
            .unwrap()
            .policy(Policy {
                revocation: RevocationScope::None,
                ..Policy::default()
            })
            .build()
            .unwrap();
        // The same maze on a verifier that checks no path signature of the family (the
        // allow-list names another): what the hostile envelope costs besides the checks.
        let other = if family == F::Rsa {
            F::EcdsaP256
        } else {
            F::Rsa
        };
        let v0 = Verifier::builder()
            .anchors(&p.root)
            .unwrap()
            .intermediates(&p.ca)
            .unwrap()
            .policy(Policy {
                revocation: RevocationScope::None,
                path_key_families: Some(vec![other]),
                ..Policy::default()
            })
            .build()
            .unwrap();
        let opts = VerifyOptions {
            time: VerificationTime::At(p.at),
            ..VerifyOptions::default()
        };
        let keys = if family == F::Rsa { 5 } else { 8 };
        let mut legit = p
            .request(&p.leaf_key, &p.leaf, std::slice::from_ref(&p.ca))
            .unwrap();
        let m = maze::maze(&p, &[family], MAX_ENVELOPE_CERTIFICATES - signers, keys).unwrap();
        let mut attack = p
            .request(
                &p.leaf_key,
                &m.leaf(&p, &p.leaf_key, 0x2000).unwrap(),
                &m.nodes,
            )
            .unwrap();
        for i in 1..signers {
            let leaf = p.another_leaf(i as u32).unwrap();
            legit = p.cosign(&legit, &p.leaf_key, &leaf, &[]).unwrap();
            let leaf = m.leaf(&p, &p.leaf_key, 0x2000 + i as u32).unwrap();
            attack = p.cosign(&attack, &p.leaf_key, &leaf, &[]).unwrap();
        }
        if count {
            count_legit(&v, &legit, &opts, calls);
            count_maze(&v, &attack, &opts, calls);
            continue;
        }
        // About 50 ms of work per side and round.
        let once = |env: &[u8]| {
            let t = Instant::now();
            black_box(v.verify_request(black_box(env), &opts).unwrap());
            t.elapsed().as_secs_f64()
        };
        let calls = ((0.05 / once(&attack)) as usize).clamp(3, 2000);
        let (mut l, mut a, mut z) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            for (verifier, env, out) in [
                (&v, &legit, &mut l),
                (&v, &attack, &mut a),
                (&v0, &attack, &mut z),
            ] {
                let t = Instant::now();
                for _ in 0..calls {
                    black_box(verifier.verify_request(black_box(env), &opts).unwrap());
                }
                out.push(t.elapsed().as_secs_f64() / calls as f64);
            }
        }
        let (l, a, z) = (median(l), median(a), median(z));
        println!(
            "{name}\t{:.1} µs\t{:.1} µs\t{:.2}×\t{:.1} µs\t{:.2}×",
            l * 1e6,
            a * 1e6,
            a / l,
            z * 1e6,
            z / l
        );
    }
}
