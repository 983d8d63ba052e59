//! egov-sign benchmarks (criterion), measured side by side in one run:
//!
//! - `verify/<alg>/{egov,floor}`: `Verifier::verify_request` against the bare ring
//!   signature checks that cannot be avoided (document signature + leaf certificate);
//!   `egov` with the verifier's certificate cache (a repeat signer: operators, officials),
//!   `egov-cold` with the cache off (the signer's certificate parsed on every call: a
//!   citizen signing once), `egov+fingerprint` also reading the report's envelope SHA-256.
//! - `peers/<alg>/<crl entries>/{egov,webpki,openssl}`: the same chain + CRLs verified by
//!   rustls-webpki (`verify_for_usage` with `BorrowedCertRevocationList`) and OpenSSL's
//!   `CMS_verify` (only when built with `RUSTFLAGS="--cfg egov_openssl"`).
//! - `crl_load/<entries>`: parse + signature check + index (`Crl::from_der_verified`), and
//!   `crl_parse_x509_parser/<entries>`: x509-parser's parse alone (what the core used before).
//! - `crl_lookup/<entries>/{hit,miss}`.
//! - `throughput/<threads>`: one shared `Verifier`, `iters` verifications per thread.
//! - `sign/<alg>`: `cms::sign` of a request.
//! - `gost/<gost2015|gost2004>/{egov,floor,sign}`: the same `verify_request` on the GOST test
//!   PKI families, against their floor (the document signature and the leaf certificate's
//!   signature, through the core's GOST arithmetic), and `cms::sign` with a GOST key;
//!   `gost/<rsa2048|p256|gost2015|gost2004>/{verify-signature,sign-signature}`: one bare
//!   signature check / signature through the core's API, all four families in one run (and
//!   `gost/<p384|ed25519>/verify-signature`, for the path builder's cost units).
//! - `gost/gost2015/lookalike-{gost,p256}-anchors`: issue 17's look-alike envelope (8
//!   self-made GOST-512 "CA" certificates with the real CA's name and one attacker key,
//!   `test_pki::lookalike`) through `verify_request`, on the GOST-2015 verifier of
//!   `gost/gost2015/egov` and on a P-256 verifier; goal ≤ 5× `gost/gost2015/egov`.
//! - `attack/<family>/{legit,maze}{,-x4}`: issue 17's per-family bound, for RSA-2048,
//!   P-256, P-384, Ed25519, GOST-2004 and GOST-2015 (`test_pki::maze`): `verify_request` of
//!   a legitimate request (root → configured CA → end certificate) against the same request
//!   signed by an end certificate leading into a maze of look-alike CAs of the family (every
//!   (certificate, key) pair a new check, the worst input for path building); `-x4`: four
//!   co-signers. Goal: maze ≤ 5× legit, per family.
//!
//! `EGOV_BENCH_MAX_CRL` (default 1000000) caps the generated CRL sizes (the quick CI run
//! sets it low).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{samples, KeyFamily, TestPki, CON_BIN, PROVIDER_BIN};
use egov_sign::Certificate;
use egov_sign::Crl;
use egov_sign::Indication;
use egov_sign::Time;
use egov_sign::{CoreBackend, SigningKey};
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};
use egov_sign_benches::{
    ed25519, generate_crl, public_key_bits, serial, sign_request_with, signed_bytes, SignedBytes,
    CRL_SIZES,
};
use ring::signature::{self as rs, UnparsedPublicKey, VerificationAlgorithm};

/// One chain to verify: what every contender gets.
struct Fixture {
    name: &'static str,
    now: Time,
    root: Vec<u8>,
    ca: Vec<u8>,
    leaf: Vec<u8>,
    leaf_key: Vec<u8>,
    root_crl: Vec<u8>,
    ca_crls: Vec<Vec<u8>>,
    envelope: Vec<u8>,
    ring_alg: &'static dyn VerificationAlgorithm,
    webpki_alg: &'static dyn rustls_pki_types::SignatureVerificationAlgorithm,
}

fn policy() -> Policy {
    Policy {
        operator_bins: vec![egov_sign::Bin::parse(CON_BIN).unwrap()],
        provider_bins: vec![egov_sign::Bin::parse(PROVIDER_BIN).unwrap()],
        ..Policy::default()
    }
}

fn pki(family: KeyFamily) -> &'static TestPki {
    static RSA: std::sync::OnceLock<TestPki> = std::sync::OnceLock::new();
    static P256: std::sync::OnceLock<TestPki> = std::sync::OnceLock::new();
    let cell = if family == KeyFamily::Rsa {
        &RSA
    } else {
        &P256
    };
    cell.get_or_init(|| TestPki::generate(family, Time::now_utc()).unwrap())
}

fn fixture_pki(family: KeyFamily) -> Fixture {
    let p = pki(family);
    let (name, ring_alg, webpki_alg): (
        _,
        &'static dyn VerificationAlgorithm,
        &'static dyn rustls_pki_types::SignatureVerificationAlgorithm,
    ) = match family {
        KeyFamily::Rsa => (
            "rsa2048",
            &rs::RSA_PKCS1_2048_8192_SHA256,
            webpki::ring::RSA_PKCS1_2048_8192_SHA256,
        ),
        _ => (
            "p256",
            &rs::ECDSA_P256_SHA256_ASN1,
            webpki::ring::ECDSA_P256_SHA256,
        ),
    };
    Fixture {
        name,
        now: p.generated_at,
        root: p.root.cert_der.clone(),
        ca: p.ca.cert_der.clone(),
        leaf: p.citizen_sign.cert_der.clone(),
        leaf_key: p.citizen_sign.key_pkcs8_der.clone(),
        root_crl: p.crls.root_full.clone(),
        ca_crls: vec![p.crls.ca_full.clone(), p.crls.ca_delta.clone()],
        envelope: egov_sign_benches::signed_request(p),
        ring_alg,
        webpki_alg,
    }
}

fn fixture_ed25519() -> Fixture {
    let now = Time::now_utc().replace_nanosecond(0).unwrap();
    let c = ed25519::generate(now);
    let envelope = sign_request_with(
        &c.citizen_sign.der,
        &c.citizen_sign.key_pkcs8,
        std::slice::from_ref(&c.ca.der),
        now,
    );
    Fixture {
        name: "ed25519",
        now,
        root: c.root.der,
        ca: c.ca.der,
        leaf: c.citizen_sign.der,
        leaf_key: c.citizen_sign.key_pkcs8,
        root_crl: c.root_crl,
        ca_crls: vec![c.ca_crl],
        envelope,
        ring_alg: &rs::ED25519,
        webpki_alg: webpki::ring::ED25519,
    }
}

impl Fixture {
    fn verifier(&self, ca_crls: &[&[u8]]) -> Verifier {
        self.verifier_with_cache(ca_crls, egov_sign::cache::DEFAULT_CERTIFICATE_CACHE)
    }

    fn verifier_with_cache(&self, ca_crls: &[&[u8]], cache: usize) -> Verifier {
        let mut b = Verifier::builder()
            .anchors(&self.root)
            .unwrap()
            .intermediates(&self.ca)
            .unwrap()
            .crls(&self.root_crl)
            .unwrap()
            .certificate_cache(cache)
            .policy(policy());
        for c in ca_crls {
            b = b.crls(c).unwrap();
        }
        b.build().unwrap()
    }

    fn default_verifier(&self) -> Verifier {
        let crls: Vec<&[u8]> = self.ca_crls.iter().map(Vec::as_slice).collect();
        self.verifier(&crls)
    }

    /// The default set-up without the certificate cache.
    fn cold_verifier(&self) -> Verifier {
        let crls: Vec<&[u8]> = self.ca_crls.iter().map(Vec::as_slice).collect();
        self.verifier_with_cache(&crls, 0)
    }

    fn options(&self) -> VerifyOptions<'static> {
        VerifyOptions {
            time: VerificationTime::At(self.now),
            ..VerifyOptions::default()
        }
    }

    fn check_valid(&self, v: &Verifier) {
        let r = v.verify_request(&self.envelope, &self.options()).unwrap();
        assert_eq!(
            r.indication,
            Indication::Valid,
            "{}: {:#?}",
            self.name,
            r.findings
        );
    }
}

/// The floor: the two signature checks every verification must make (document signature
/// over ~100 bytes of signed attributes by the leaf key, leaf certificate by the CA key).
struct Floor {
    alg: &'static dyn VerificationAlgorithm,
    leaf_key: Vec<u8>,
    ca_key: Vec<u8>,
    attrs: Vec<u8>,
    attrs_sig: Vec<u8>,
    leaf: SignedBytes,
}

impl Floor {
    fn new(f: &Fixture) -> Floor {
        let attrs = vec![0x31u8; 110];
        let key = SigningKey::from_pkcs8(&f.leaf_key).unwrap();
        let attrs_sig = key.sign(&attrs).unwrap();
        let floor = Floor {
            alg: f.ring_alg,
            leaf_key: public_key_bits(&f.leaf),
            ca_key: public_key_bits(&f.ca),
            attrs,
            attrs_sig,
            leaf: signed_bytes(&f.leaf),
        };
        assert!(floor.run());
        floor
    }

    fn run(&self) -> bool {
        UnparsedPublicKey::new(self.alg, &self.leaf_key)
            .verify(&self.attrs, &self.attrs_sig)
            .is_ok()
            && UnparsedPublicKey::new(self.alg, &self.ca_key)
                .verify(&self.leaf.tbs, &self.leaf.signature)
                .is_ok()
    }
}

/// rustls-webpki: the chain with revocation checked at every depth from the given CRLs
/// (parsed once, outside the loop, as a server would), then the document signature.
struct Webpki {
    root: Vec<u8>,
    ca: Vec<u8>,
    leaf: Vec<u8>,
    crls: Vec<Vec<u8>>,
    now: rustls_pki_types::UnixTime,
    alg: &'static dyn rustls_pki_types::SignatureVerificationAlgorithm,
    attrs: Vec<u8>,
    attrs_sig: Vec<u8>,
}

/// id-kp-emailProtection, DER content octets.
const EKU_EMAIL_PROTECTION: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04];

impl Webpki {
    fn new(f: &Fixture, ca_crl: &[u8], floor: &Floor) -> Webpki {
        Webpki {
            root: f.root.clone(),
            ca: f.ca.clone(),
            leaf: f.leaf.clone(),
            crls: vec![f.root_crl.clone(), ca_crl.to_vec()],
            now: rustls_pki_types::UnixTime::since_unix_epoch(Duration::from_secs(
                f.now.unix_timestamp() as u64,
            )),
            alg: f.webpki_alg,
            attrs: floor.attrs.clone(),
            attrs_sig: floor.attrs_sig.clone(),
        }
    }

    fn bench(
        &self,
        c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
        id: BenchmarkId,
    ) {
        use rustls_pki_types::CertificateDer;
        let root = CertificateDer::from(self.root.as_slice());
        let anchors = [webpki::anchor_from_trusted_cert(&root).unwrap()];
        let intermediates = [CertificateDer::from(self.ca.as_slice())];
        let crls: Vec<webpki::CertRevocationList<'_>> = self
            .crls
            .iter()
            .map(|d| {
                webpki::BorrowedCertRevocationList::from_der(d)
                    .unwrap()
                    .into()
            })
            .collect();
        let crl_refs: Vec<&webpki::CertRevocationList<'_>> = crls.iter().collect();
        let leaf = CertificateDer::from(self.leaf.as_slice());
        let run = || -> Result<(), webpki::Error> {
            let ee = webpki::EndEntityCert::try_from(&leaf)?;
            let revocation = webpki::RevocationOptionsBuilder::new(&crl_refs)
                .unwrap()
                .with_depth(webpki::RevocationCheckDepth::Chain)
                .with_status_policy(webpki::UnknownStatusPolicy::Deny)
                .build();
            ee.verify_for_usage(
                &[self.alg],
                &anchors,
                &intermediates,
                self.now,
                webpki::KeyUsage::required_if_present(EKU_EMAIL_PROTECTION),
                Some(revocation),
                None,
            )?;
            ee.verify_signature(self.alg, &self.attrs, &self.attrs_sig)
        };
        run().expect("webpki accepts the chain");
        c.bench_function(id, |b| b.iter(|| black_box(run()).unwrap()));
    }
}

#[cfg(egov_openssl)]
mod ossl {
    use super::*;
    use openssl::cms::{CMSOptions, CmsContentInfo};
    use openssl::ssl::SslFiletype;
    use openssl::x509::store::{X509Lookup, X509StoreBuilder};
    use openssl::x509::verify::X509VerifyFlags;
    use openssl::x509::{X509PurposeId, X509};

    /// OpenSSL's CMS_verify with an X509Store holding the root and the CRLs
    /// (CRL_CHECK | CRL_CHECK_ALL). The store is built once; the envelope is parsed and
    /// verified per call.
    pub fn bench(
        g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
        id: BenchmarkId,
        f: &Fixture,
        ca_crl: &[u8],
    ) {
        let dir = std::env::temp_dir().join(format!("egov-bench-ossl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut sb = X509StoreBuilder::new().unwrap();
        sb.add_cert(X509::from_der(&f.root).unwrap()).unwrap();
        {
            let lookup = sb.add_lookup(X509Lookup::file()).unwrap();
            for (i, crl) in [f.root_crl.as_slice(), ca_crl].iter().enumerate() {
                let p = dir.join(format!("{}-{i}.crl", f.name));
                std::fs::write(&p, crl).unwrap();
                lookup.load_crl_file(&p, SslFiletype::ASN1).unwrap();
            }
        }
        sb.set_flags(X509VerifyFlags::CRL_CHECK | X509VerifyFlags::CRL_CHECK_ALL)
            .unwrap();
        sb.set_purpose(X509PurposeId::ANY).unwrap();
        let store = sb.build();
        let _ = std::fs::remove_dir_all(&dir);
        let run = || {
            let mut cms = CmsContentInfo::from_der(&f.envelope).unwrap();
            let mut out = Vec::new();
            cms.verify(
                None,
                Some(&store),
                None,
                Some(&mut out),
                CMSOptions::empty(),
            )
            .map(|_| out.len())
        };
        run().expect("OpenSSL accepts the envelope");
        g.bench_function(id, |b| b.iter(|| black_box(run()).unwrap()));
    }
}

fn max_crl() -> usize {
    std::env::var("EGOV_BENCH_MAX_CRL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn fixtures() -> Vec<Fixture> {
    vec![
        fixture_pki(KeyFamily::Rsa),
        fixture_pki(KeyFamily::P256),
        fixture_ed25519(),
    ]
}

fn bench_verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify");
    for f in fixtures() {
        let v = f.default_verifier();
        f.check_valid(&v);
        let opts = f.options();
        g.bench_function(BenchmarkId::new(f.name, "egov"), |b| {
            b.iter(|| black_box(v.verify_request(black_box(&f.envelope), &opts).unwrap()))
        });
        let cold = f.cold_verifier();
        f.check_valid(&cold);
        g.bench_function(BenchmarkId::new(f.name, "egov-cold"), |b| {
            b.iter(|| black_box(cold.verify_request(black_box(&f.envelope), &opts).unwrap()))
        });
        g.bench_function(BenchmarkId::new(f.name, "egov+fingerprint"), |b| {
            b.iter(|| {
                let r = v.verify_request(black_box(&f.envelope), &opts).unwrap();
                black_box(r.envelope_sha256.hex().map(str::len));
                r
            })
        });
        let floor = Floor::new(&f);
        g.bench_function(BenchmarkId::new(f.name, "floor"), |b| {
            b.iter(|| assert!(black_box(&floor).run()))
        });
    }
    g.finish();
}

fn bench_peers(c: &mut Criterion) {
    let mut g = c.benchmark_group("peers");
    for f in fixtures() {
        let floor = Floor::new(&f);
        let small = f.ca_crls[0].clone();
        let mut sizes: Vec<(String, Vec<u8>)> = vec![("small".into(), small)];
        if f.name != "ed25519" {
            let family = if f.name == "rsa2048" {
                KeyFamily::Rsa
            } else {
                KeyFamily::P256
            };
            for n in CRL_SIZES {
                // 1,000,000 only for RSA (the slowest to load), to keep the run short.
                if n <= max_crl() && (n < 1_000_000 || family == KeyFamily::Rsa) {
                    sizes.push((n.to_string(), generate_crl(pki(family), n, 7)));
                }
            }
        }
        for (label, crl) in &sizes {
            let v = f.verifier(&[crl]);
            f.check_valid(&v);
            let opts = f.options();
            g.bench_function(
                BenchmarkId::new(format!("{}/{label}", f.name), "egov"),
                |b| b.iter(|| black_box(v.verify_request(black_box(&f.envelope), &opts).unwrap())),
            );
            Webpki::new(&f, crl, &floor).bench(
                &mut g,
                BenchmarkId::new(format!("{}/{label}", f.name), "webpki"),
            );
            // OpenSSL 3.0's CMS cannot verify Ed25519 SignerInfos (digest SHA-512 is refused
            // by its EdDSA provider: "invalid digest").
            #[cfg(egov_openssl)]
            if f.name != "ed25519" {
                ossl::bench(
                    &mut g,
                    BenchmarkId::new(format!("{}/{label}", f.name), "openssl"),
                    &f,
                    crl,
                );
            }
        }
    }
    g.finish();
}

fn bench_crl(c: &mut Criterion) {
    let p = pki(KeyFamily::Rsa);
    let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
    for n in CRL_SIZES.into_iter().filter(|n| *n <= max_crl()) {
        let der = generate_crl(p, n, 42);
        let mut g = c.benchmark_group("crl_load");
        if n >= 100_000 {
            g.sample_size(10);
        }
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(Crl::from_der_verified(black_box(&der), &ca).unwrap()))
        });
        g.finish();
        let mut g = c.benchmark_group("crl_parse_x509_parser");
        if n >= 100_000 {
            g.sample_size(10);
        }
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            use x509_parser::prelude::FromDer;
            b.iter(|| {
                black_box(
                    x509_parser::revocation_list::CertificateRevocationList::from_der(&der)
                        .unwrap()
                        .1
                        .tbs_cert_list
                        .revoked_certificates
                        .len(),
                )
            })
        });
        g.finish();
        let crl = Crl::from_der_verified(&der, &ca).unwrap();
        assert_eq!(crl.parsed().len(), n);
        let hit = serial(42, n / 2);
        let miss = p.citizen_sign.serial.clone();
        assert!(crl.parsed().lookup(&hit).is_some());
        assert!(crl.parsed().lookup(&miss).is_none());
        let mut g = c.benchmark_group("crl_lookup");
        g.bench_function(BenchmarkId::new(n.to_string(), "hit"), |b| {
            b.iter(|| black_box(crl.parsed().lookup(black_box(&hit))))
        });
        g.bench_function(BenchmarkId::new(n.to_string(), "miss"), |b| {
            b.iter(|| black_box(crl.parsed().lookup(black_box(&miss))))
        });
        g.finish();
    }
}

/// Time for `threads` threads to run `iters` calls of `call` each: with perfect scaling it
/// does not depend on `threads`.
fn scoped_iters(threads: usize, iters: u64, call: &(dyn Fn() + Sync)) -> std::time::Duration {
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| (0..iters).for_each(|_| call()));
        }
    });
    start.elapsed()
}

fn bench_throughput(c: &mut Criterion) {
    let f = fixture_pki(KeyFamily::P256);
    let warm = f.default_verifier();
    let cold = f.cold_verifier();
    f.check_valid(&warm);
    f.check_valid(&cold);
    let floor = Floor::new(&f);
    let opts = f.options();
    let mut g = c.benchmark_group("throughput");
    // One shared verifier (with its certificate cache, and without), and the floor's own
    // scaling on this machine: the ceiling the verifier can reach.
    let egov = || {
        black_box(warm.verify_request(&f.envelope, &opts).unwrap());
    };
    let egov_cold = || {
        black_box(cold.verify_request(&f.envelope, &opts).unwrap());
    };
    let floor_run = || assert!(black_box(&floor).run());
    let series: [(&str, &(dyn Fn() + Sync)); 3] = [
        ("p256", &egov),
        ("p256-cold", &egov_cold),
        ("p256-floor", &floor_run),
    ];
    for (name, call) in series {
        for threads in [1usize, 2] {
            g.bench_function(BenchmarkId::new(name, threads), |b| {
                b.iter_custom(|iters| scoped_iters(threads, iters, call))
            });
        }
    }
    g.finish();
}

fn bench_sign(c: &mut Criterion) {
    let mut g = c.benchmark_group("sign");
    for f in fixtures() {
        let key = SigningKey::from_pkcs8(&f.leaf_key).unwrap();
        let content = samples::citizen_portal_request(f.now).unwrap().to_json();
        let chain = vec![f.ca.clone()];
        let opts = SignOptions {
            signing_time: Some(f.now),
            ..SignOptions::default()
        };
        g.bench_function(BenchmarkId::from_parameter(f.name), |b| {
            b.iter(|| black_box(cms::sign(&content, &key, &f.leaf, &chain, &opts).unwrap()))
        });
    }
    g.finish();
}

/// One signature check and one signature (110 bytes of "signed attributes") through the core's
/// own API (`algorithm::verify_signature`, `SigningKey::sign`), for RSA-2048, P-256 and both
/// GOST families in the same run: `gost/<alg>/verify-signature`, `gost/<alg>/sign-signature`
/// (issue 17's goal is a ratio to RSA-2048 in one run).
fn bench_gost_primitives(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    for (name, family) in [
        ("rsa2048", KeyFamily::Rsa),
        ("p256", KeyFamily::P256),
        ("gost2015", KeyFamily::Gost2015),
        ("gost2004", KeyFamily::Gost2004),
    ] {
        let p = match family {
            KeyFamily::Rsa | KeyFamily::P256 => pki(family),
            _ => Box::leak(Box::new(
                TestPki::generate(family, Time::now_utc()).unwrap(),
            )),
        };
        let leaf = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let attrs = vec![0x31u8; 110];
        let sig = key.sign(&attrs).unwrap();
        let alg = key.algorithm().algorithm_identifier();
        egov_sign::algorithm::verify_signature(&alg, leaf.spki(), &attrs, &sig, &CoreBackend)
            .unwrap();
        g.bench_function(BenchmarkId::new(name, "verify-signature"), |b| {
            b.iter(|| {
                egov_sign::algorithm::verify_signature(
                    &alg,
                    leaf.spki(),
                    black_box(&attrs),
                    black_box(&sig),
                    &CoreBackend,
                )
                .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new(name, "sign-signature"), |b| {
            b.iter(|| black_box(key.sign(black_box(&attrs)).unwrap()))
        });
        // GOST: the split of a verification between the digest and the arithmetic.
        let curve = match family {
            KeyFamily::Gost2015 => egov_sign::gost::GostCurve::Gost2015_512,
            KeyFamily::Gost2004 => egov_sign::gost::GostCurve::Gost2004,
            _ => continue,
        };
        let digest = curve.digest(&attrs);
        // The SPKI ends with the OCTET STRING's content x ‖ y.
        let raw = leaf.spki()[leaf.spki().len() - 2 * curve.field_len()..].to_vec();
        egov_sign::gost::GostPublicKey::from_raw(curve, &raw).unwrap();
        assert!(egov_sign::gost::internals::verify_digest(
            curve, &raw, &digest, &sig
        ));
        g.bench_function(BenchmarkId::new(name, "digest-110B"), |b| {
            b.iter(|| black_box(curve.digest(black_box(&attrs))))
        });
        g.bench_function(BenchmarkId::new(name, "verify-digest"), |b| {
            b.iter(|| {
                assert!(egov_sign::gost::internals::verify_digest(
                    curve,
                    &raw,
                    black_box(&digest),
                    black_box(&sig)
                ))
            })
        });
    }
}

/// One ECDSA P-384 and one Ed25519 verification through the core's API (ring keys made
/// here; the test PKI has neither), for `path::AlgorithmFamily::cost_units`.
fn bench_other_primitives(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let rng = ring::rand::SystemRandom::new();
    let p384 = rs::EcdsaKeyPair::generate_pkcs8(&rs::ECDSA_P384_SHA384_ASN1_SIGNING, &rng).unwrap();
    let ed = rs::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    for (name, pkcs8) in [("p384", p384.as_ref()), ("ed25519", ed.as_ref())] {
        let key = SigningKey::from_pkcs8(pkcs8).unwrap();
        let spki = key.public_key_spki_der().unwrap();
        let attrs = vec![0x31u8; 110];
        let sig = key.sign(&attrs).unwrap();
        let alg = key.algorithm().algorithm_identifier();
        egov_sign::algorithm::verify_signature(&alg, &spki, &attrs, &sig, &CoreBackend).unwrap();
        g.bench_function(BenchmarkId::new(name, "verify-signature"), |b| {
            b.iter(|| {
                egov_sign::algorithm::verify_signature(
                    &alg,
                    &spki,
                    black_box(&attrs),
                    black_box(&sig),
                    &CoreBackend,
                )
                .unwrap()
            })
        });
    }
}

fn bench_gost(c: &mut Criterion) {
    let mut g = c.benchmark_group("gost");
    g.sample_size(20);
    bench_gost_primitives(&mut g);
    bench_other_primitives(&mut g);
    // 1000 dependent GF(p) multiplications: special reduction against Montgomery.
    for (name, curve) in [
        ("512", egov_sign::gost::GostCurve::Gost2015_512),
        ("256", egov_sign::gost::GostCurve::Gost2004),
    ] {
        for (kind, special) in [("special", true), ("montgomery", false)] {
            g.bench_function(
                BenchmarkId::new(format!("field-mul-x1000/{name}"), kind),
                |b| {
                    b.iter(|| {
                        egov_sign::gost::internals::field_mul_chain(curve, special, black_box(1000))
                    })
                },
            );
        }
        // The verification's variable-time, lazily reduced field (issue 17, second round).
        g.bench_function(
            BenchmarkId::new(format!("field-mul-x1000/{name}"), "vartime"),
            |b| {
                b.iter(|| {
                    egov_sign::gost::internals::field_mul_chain_vartime(curve, black_box(1000))
                })
            },
        );
    }
    for (name, family) in [
        ("gost2015", KeyFamily::Gost2015),
        ("gost2004", KeyFamily::Gost2004),
    ] {
        let p = TestPki::generate(family, Time::now_utc()).unwrap();
        let envelope = egov_sign_benches::signed_request(&p);
        let v = Verifier::builder()
            .anchors(&p.root.cert_der)
            .unwrap()
            .intermediates(&p.ca.cert_der)
            .unwrap()
            .crls(&p.crls.root_full)
            .unwrap()
            .crls(&p.crls.ca_full)
            .unwrap()
            .crls(&p.crls.ca_delta)
            .unwrap()
            .policy(policy())
            .build()
            .unwrap();
        let opts = VerifyOptions {
            time: VerificationTime::At(p.generated_at),
            ..VerifyOptions::default()
        };
        let r = v.verify_request(&envelope, &opts).unwrap();
        assert_eq!(r.indication, Indication::Valid, "{name}: {:#?}", r.findings);
        g.bench_function(BenchmarkId::new(name, "egov"), |b| {
            b.iter(|| black_box(v.verify_request(black_box(&envelope), &opts).unwrap()))
        });
        if family == KeyFamily::Gost2015 {
            // Issue 17's look-alike envelope, on this verifier and on a P-256 one.
            let attack = egov_sign::test_pki::lookalike::generate(&p, 8).unwrap();
            let f = fixture_pki(KeyFamily::P256);
            let p256 = f.default_verifier();
            for (anchors, verifier) in [("gost", &v), ("p256", &p256)] {
                let r = verifier.verify_request(&attack.envelope, &opts).unwrap();
                assert_ne!(r.indication, Indication::Valid);
                g.bench_function(
                    BenchmarkId::new(name, format!("lookalike-{anchors}-anchors")),
                    |b| {
                        b.iter(|| {
                            black_box(verifier.verify_request(black_box(&attack.envelope), &opts))
                        })
                    },
                );
            }
        }
        // Floor: the two GOST signature checks every verification must make.
        let leaf = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let attrs = vec![0x31u8; 110];
        let sig = key.sign(&attrs).unwrap();
        let alg = key.algorithm().algorithm_identifier();
        let floor = || {
            egov_sign::algorithm::verify_signature(&alg, leaf.spki(), &attrs, &sig, &CoreBackend)
                .is_ok()
                && leaf.verify_signed_by(&ca, &CoreBackend).is_ok()
        };
        assert!(floor());
        g.bench_function(BenchmarkId::new(name, "floor"), |b| {
            b.iter(|| assert!(black_box(floor())))
        });
        let content = samples::citizen_portal_request(p.generated_at)
            .unwrap()
            .to_json();
        let chain = vec![p.ca.cert_der.clone()];
        let sopts = SignOptions {
            signing_time: Some(p.generated_at),
            ..SignOptions::default()
        };
        g.bench_function(BenchmarkId::new(name, "sign"), |b| {
            b.iter(|| {
                black_box(
                    cms::sign(&content, &key, &p.citizen_sign.cert_der, &chain, &sopts).unwrap(),
                )
            })
        });
    }
    g.finish();
}

/// Issue 17: the worst path-building input of each family against a legitimate request of
/// the family (see the module documentation).
fn bench_attack(c: &mut Criterion) {
    use egov_sign::limits::MAX_ENVELOPE_CERTIFICATES;
    use egov_sign::path::AlgorithmFamily as F;
    use egov_sign::test_pki::maze::{self, FamilyPki};
    let mut g = c.benchmark_group("attack");
    g.sample_size(10);
    let template = TestPki::generate(KeyFamily::P256, Time::now_utc()).unwrap();
    let families = [
        ("rsa2048", F::Rsa),
        ("p256", F::EcdsaP256),
        ("p384", F::EcdsaP384),
        ("ed25519", F::Ed25519),
        ("gost2004", F::Gost2004),
        ("gost2015", F::Gost2015_512),
    ];
    for (name, family) in families {
        let p = FamilyPki::generate(&template, family).unwrap();
        let v = Verifier::builder()
            .anchors(&p.root)
            .unwrap()
            .intermediates(&p.ca)
            .unwrap()
            .policy(Policy {
                revocation: egov_sign::RevocationScope::None,
                ..policy()
            })
            .build()
            .unwrap();
        let opts = VerifyOptions {
            time: VerificationTime::At(p.at),
            ..VerifyOptions::default()
        };
        let keys = if family == F::Rsa { 5 } else { 8 };
        for signers in [1usize, 4] {
            let mut legit = p
                .request(&p.leaf_key, &p.leaf, std::slice::from_ref(&p.ca))
                .unwrap();
            for i in 1..signers {
                let leaf = p.another_leaf(i as u32).unwrap();
                legit = p.cosign(&legit, &p.leaf_key, &leaf, &[]).unwrap();
            }
            let m = maze::maze(&p, &[family], MAX_ENVELOPE_CERTIFICATES - signers, keys).unwrap();
            let mut attack = p
                .request(
                    &p.leaf_key,
                    &m.leaf(&p, &p.leaf_key, 0x2000).unwrap(),
                    &m.nodes,
                )
                .unwrap();
            for i in 1..signers {
                let leaf = m.leaf(&p, &p.leaf_key, 0x2000 + i as u32).unwrap();
                attack = p.cosign(&attack, &p.leaf_key, &leaf, &[]).unwrap();
            }
            let r = v.verify_request(&legit, &opts).unwrap();
            assert_eq!(r.indication, Indication::Valid, "{name}: {:#?}", r.findings);
            let r = v.verify_request(&attack, &opts).unwrap();
            assert_ne!(r.indication, Indication::Valid, "{name}");
            let suffix = if signers == 1 {
                String::new()
            } else {
                format!("-x{signers}")
            };
            for (kind, env) in [("legit", &legit), ("maze", &attack)] {
                g.bench_function(BenchmarkId::new(name, format!("{kind}{suffix}")), |b| {
                    b.iter(|| black_box(v.verify_request(black_box(env), &opts).unwrap()))
                });
            }
        }
    }
    g.finish();
}

/// Issue 18: the same request verified as a CMS envelope and as signed XML (enveloped
/// XMLDSig, `URI=""`, C14N 1.0), on the same verifier, at the same time: `xml/<alg>/cms`
/// (`verify_any` of the envelope = `verify_request`), `xml/<alg>/xml` (`verify_any` of the
/// XML: parse with limits, C14N, digest, SignedInfo signature, path, revocation, the
/// document's XML reader and rules), and `xml/<alg>/xml-sign` (`sign_document_xml` from JSON).
fn bench_xml(c: &mut Criterion) {
    use egov_sign::xml::XmlSignOptions;
    use egov_sign::DocumentKind;
    let mut g = c.benchmark_group("xml");
    for (name, family) in [
        ("rsa2048", KeyFamily::Rsa),
        ("gost2015", KeyFamily::Gost2015),
    ] {
        let generated;
        let p = match family {
            KeyFamily::Rsa => pki(family),
            _ => {
                generated = TestPki::generate(family, Time::now_utc()).unwrap();
                &generated
            }
        };
        let envelope = egov_sign_benches::signed_request(p);
        let json = samples::citizen_portal_request(p.generated_at)
            .unwrap()
            .to_json();
        let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        let xml = egov_sign::sign_document_xml(
            &json,
            DocumentKind::Request,
            &key,
            &p.citizen_sign.cert_der,
            egov_sign::ChecksumPolicy::Strict,
            &XmlSignOptions::default(),
        )
        .unwrap();
        let v = Verifier::builder()
            .anchors(&p.root.cert_der)
            .unwrap()
            .intermediates(&p.ca.cert_der)
            .unwrap()
            .crls(&p.crls.root_full)
            .unwrap()
            .crls(&p.crls.ca_full)
            .unwrap()
            .crls(&p.crls.ca_delta)
            .unwrap()
            .policy(policy())
            .build()
            .unwrap();
        let opts = VerifyOptions {
            time: VerificationTime::At(p.generated_at),
            ..VerifyOptions::default()
        };
        for (form, input) in [("cms", envelope.as_slice()), ("xml", xml.as_bytes())] {
            let r = v.verify_any(input, DocumentKind::Request, &opts).unwrap();
            assert_eq!(
                r.indication,
                Indication::Valid,
                "{name} {form}: {:#?}",
                r.findings
            );
            g.bench_function(BenchmarkId::new(name, form), |b| {
                b.iter(|| {
                    black_box(
                        v.verify_any(black_box(input), DocumentKind::Request, &opts)
                            .unwrap(),
                    )
                })
            });
        }
        g.bench_function(BenchmarkId::new(name, "xml-sign"), |b| {
            b.iter(|| {
                black_box(
                    egov_sign::sign_document_xml(
                        black_box(&json),
                        DocumentKind::Request,
                        &key,
                        &p.citizen_sign.cert_der,
                        egov_sign::ChecksumPolicy::Strict,
                        &XmlSignOptions::default(),
                    )
                    .unwrap(),
                )
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench_verify, bench_peers, bench_crl, bench_throughput, bench_sign, bench_gost, bench_attack, bench_xml
}
criterion_main!(benches);
