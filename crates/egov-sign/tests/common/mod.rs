//! Shared fixtures: one test PKI per family per test binary, and verifier builders.
#![allow(dead_code)]

use std::sync::OnceLock;

use egov_sign::test_pki::{KeyFamily, TestPki, CON_BIN, PROVIDER_BIN};
use egov_sign::Bin;
use egov_sign::Time;
use egov_sign::Verifier;
use egov_sign::{Policy, RevocationScope};

pub fn pki(family: KeyFamily) -> &'static TestPki {
    static P256: OnceLock<TestPki> = OnceLock::new();
    static RSA: OnceLock<TestPki> = OnceLock::new();
    static GOST2015: OnceLock<TestPki> = OnceLock::new();
    static GOST2004: OnceLock<TestPki> = OnceLock::new();
    let cell = match family {
        KeyFamily::P256 => &P256,
        KeyFamily::Rsa => &RSA,
        KeyFamily::Gost2015 => &GOST2015,
        KeyFamily::Gost2004 => &GOST2004,
    };
    cell.get_or_init(|| TestPki::generate(family, Time::now_utc()).expect("test PKI"))
}

pub fn now(p: &TestPki) -> Time {
    p.generated_at
}

pub fn policy() -> Policy {
    Policy {
        operator_bins: vec![Bin::parse(CON_BIN).unwrap()],
        provider_bins: vec![Bin::parse(PROVIDER_BIN).unwrap()],
        ..Policy::default()
    }
}

/// Root anchor, CA intermediate, the given CRLs.
pub fn verifier_with(p: &TestPki, crls: &[&[u8]], policy: Policy) -> Verifier {
    let mut b = Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .intermediates(&p.ca.cert_der)
        .unwrap()
        .policy(policy);
    for crl in crls {
        b = b.crls(crl).unwrap();
    }
    b.build().unwrap()
}

/// The normal set-up: root + CA, fresh root and CA full CRLs and the CA delta.
pub fn verifier(p: &TestPki) -> Verifier {
    verifier_with(
        p,
        &[&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta],
        policy(),
    )
}

pub fn no_revocation() -> Policy {
    Policy {
        revocation: RevocationScope::None,
        ..policy()
    }
}

pub const FAMILIES: [KeyFamily; 4] = [
    KeyFamily::P256,
    KeyFamily::Rsa,
    KeyFamily::Gost2015,
    KeyFamily::Gost2004,
];
