//! Run `verify_request` (or the floor) N times, for instruction counting under
//! `valgrind --tool=callgrind` (deterministic, unlike wall time on a shared machine):
//!
//! ```text
//! verify-profile <rsa2048|p256|ed25519> <egov|floor> <iterations>
//! ```
//! Per-call instructions = (Ir(N2) − Ir(N1)) / (N2 − N1).

use egov_sign::algorithm::SigningKey;
use egov_sign::policy::{Policy, VerificationTime};
use egov_sign::report::Indication;
use egov_sign::test_pki::{KeyFamily, TestPki, CON_BIN, PROVIDER_BIN};
use egov_sign::verifier::{Verifier, VerifyOptions};
use egov_sign::Time;
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
        eprintln!("usage: verify-profile <rsa2048|p256|ed25519> <egov|floor> <iterations>");
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
    if args[1] == "floor" {
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
        for _ in 0..n {
            assert!(UnparsedPublicKey::new(alg, &lk)
                .verify(&attrs, &sig)
                .is_ok());
            assert!(UnparsedPublicKey::new(alg, &ck)
                .verify(&sb.tbs, &sb.signature)
                .is_ok());
        }
        return;
    }
    let mut b = Verifier::builder()
        .anchors(&root)
        .unwrap()
        .intermediates(&ca)
        .unwrap()
        .policy(Policy {
            operator_bins: vec![egov_sign::iin::Bin::parse(CON_BIN).unwrap()],
            provider_bins: vec![egov_sign::iin::Bin::parse(PROVIDER_BIN).unwrap()],
            ..Policy::default()
        });
    for c in &crls {
        b = b.crls(c).unwrap();
    }
    let v = b.build().unwrap();
    let opts = VerifyOptions {
        time: VerificationTime::At(now),
        ..VerifyOptions::default()
    };
    for _ in 0..n {
        let r = v.verify_request(&env, &opts).unwrap();
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    }
}
