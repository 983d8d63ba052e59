//! Run `verify_request` (or the floor) N times, for instruction counting under
//! `valgrind --tool=callgrind` (deterministic, unlike wall time on a shared machine):
//!
//! ```text
//! verify-profile <rsa2048|p256|ed25519> <egov|egov-cold|floor> <iterations>
//! verify-profile <rsa2048|p256|ed25519> wall <rounds>
//! verify-profile <rsa2048|p256|ed25519> threads <rounds>
//! ```
//! Per-call instructions = (Ir(N2) − Ir(N1)) / (N2 − N1). `egov` verifies with the
//! verifier's certificate cache (the signer's certificate parsed once), `egov-cold` with the
//! cache off (parsed on every call). `wall` prints interleaved wall-clock medians, `threads`
//! the median speed-up of one shared verifier on two threads over one.

use egov_sign::test_pki::{KeyFamily, TestPki, CON_BIN, PROVIDER_BIN};
use egov_sign::Indication;
use egov_sign::SigningKey;
use egov_sign::Time;
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};
use egov_sign_benches::{ed25519, public_key_bits, sign_request_with, signed_bytes};
use ring::signature::{self as rs, UnparsedPublicKey, VerificationAlgorithm};

/// root, CA, leaf, leaf key, CRLs, envelope, ring algorithm.
type Setup = (
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
    Vec<Vec<u8>>,
    Vec<u8>,
    &'static dyn VerificationAlgorithm,
);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!(
            "usage: verify-profile <rsa2048|p256|ed25519> <egov|egov-cold|floor|wall|threads> <n>"
        );
        std::process::exit(2);
    }
    let n: usize = args[2].parse().expect("iterations");
    let now = Time::now_utc().replace_nanosecond(0).unwrap();
    // (root, ca, leaf, leaf key, crls, envelope, ring alg)
    let (root, ca, leaf, leaf_key, crls, env, alg): Setup = match args[0].as_str() {
        "ed25519" => {
            let c = ed25519::generate(now);
            let env = sign_request_with(
                &c.citizen_sign.der,
                &c.citizen_sign.key_pkcs8,
                std::slice::from_ref(&c.ca.der),
                now,
            );
            (
                c.root.der,
                c.ca.der,
                c.citizen_sign.der,
                c.citizen_sign.key_pkcs8,
                vec![c.root_crl, c.ca_crl],
                env,
                &rs::ED25519,
            )
        }
        fam => {
            let (family, alg): (_, &'static dyn VerificationAlgorithm) = if fam == "rsa2048" {
                (KeyFamily::Rsa, &rs::RSA_PKCS1_2048_8192_SHA256)
            } else {
                (KeyFamily::P256, &rs::ECDSA_P256_SHA256_ASN1)
            };
            let p = TestPki::generate(family, now).unwrap();
            let env = egov_sign_benches::signed_request(&p);
            (
                p.root.cert_der.clone(),
                p.ca.cert_der.clone(),
                p.citizen_sign.cert_der.clone(),
                p.citizen_sign.key_pkcs8_der.clone(),
                vec![
                    p.crls.root_full.clone(),
                    p.crls.ca_full.clone(),
                    p.crls.ca_delta.clone(),
                ],
                env,
                alg,
            )
        }
    };
    let attrs = vec![0x31u8; 110];
    let sig = SigningKey::from_pkcs8(&leaf_key)
        .unwrap()
        .sign(&attrs)
        .unwrap();
    let (lk, ck, sb) = (
        public_key_bits(&leaf),
        public_key_bits(&ca),
        signed_bytes(&leaf),
    );
    let floor = || {
        assert!(UnparsedPublicKey::new(alg, &lk)
            .verify(&attrs, &sig)
            .is_ok());
        assert!(UnparsedPublicKey::new(alg, &ck)
            .verify(&sb.tbs, &sb.signature)
            .is_ok());
    };
    let verifier = |cache: usize| {
        let mut b = Verifier::builder()
            .anchors(&root)
            .unwrap()
            .intermediates(&ca)
            .unwrap()
            .certificate_cache(cache)
            .policy(Policy {
                operator_bins: vec![egov_sign::Bin::parse(CON_BIN).unwrap()],
                provider_bins: vec![egov_sign::Bin::parse(PROVIDER_BIN).unwrap()],
                ..Policy::default()
            });
        for c in &crls {
            b = b.crls(c).unwrap();
        }
        b.build().unwrap()
    };
    let (warm, cold) = (verifier(256), verifier(0));
    let opts = VerifyOptions {
        time: VerificationTime::At(now),
        ..VerifyOptions::default()
    };
    let run = |v: &Verifier| {
        let r = v.verify_request(&env, &opts).unwrap();
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    };
    match args[1].as_str() {
        "floor" => (0..n).for_each(|_| floor()),
        "egov" => (0..n).for_each(|_| run(&warm)),
        "egov-cold" => (0..n).for_each(|_| run(&cold)),
        "wall" => wall(n, &floor, &|| run(&warm), &|| run(&cold)),
        "threads" => threads(n, &floor, &|| run(&warm), &|| run(&cold)),
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    }
}

/// `rounds` interleaved rounds: 200 calls on one thread, then 200 calls on each of two
/// threads at once, for the floor, the shared verifier with its cache and without; the
/// median speed-up of two threads over one (2 = perfect scaling).
fn threads(
    rounds: usize,
    floor: &(dyn Fn() + Sync),
    warm: &(dyn Fn() + Sync),
    cold: &(dyn Fn() + Sync),
) {
    const CALLS: u32 = 200;
    let time = |f: &(dyn Fn() + Sync), n: usize| {
        let t = std::time::Instant::now();
        std::thread::scope(|s| {
            for _ in 0..n {
                s.spawn(|| (0..CALLS).for_each(|_| f()));
            }
        });
        t.elapsed().as_secs_f64()
    };
    let mut speedups = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (i, f) in [floor, warm, cold].into_iter().enumerate() {
            let one = time(f, 1);
            let two = time(f, 2);
            speedups[i].push(2.0 * one / two);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let [mut a, mut b, mut c] = speedups;
    println!(
        "2 threads over 1 (median of {rounds}): floor {:.2}×, egov {:.2}×, egov without cache {:.2}×",
        median(&mut a),
        median(&mut b),
        median(&mut c)
    );
}

/// `rounds` interleaved rounds of 200 calls each of the floor, the verifier with its
/// certificate cache and without; per-call medians and their ratios.
fn wall(rounds: usize, floor: &dyn Fn(), warm: &dyn Fn(), cold: &dyn Fn()) {
    const CALLS: u32 = 200;
    let time = |f: &dyn Fn()| {
        let t = std::time::Instant::now();
        for _ in 0..CALLS {
            f();
        }
        t.elapsed().as_secs_f64() * 1e6 / f64::from(CALLS)
    };
    let (mut fl, mut wa, mut co) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        fl.push(time(floor));
        wa.push(time(warm));
        co.push(time(cold));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (f, w, c) = (median(&mut fl), median(&mut wa), median(&mut co));
    println!(
        "floor {f:.1} µs, egov {w:.1} µs ({:.3}×), egov without cache {c:.1} µs ({:.3}×)",
        w / f,
        c / f
    );
}
