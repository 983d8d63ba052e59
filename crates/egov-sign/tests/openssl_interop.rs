//! Interoperability with the `openssl` CLI (required: CI installs it; a missing `openssl`
//! fails these tests rather than skipping them).
//!
//! (1) Envelopes we make are accepted by `openssl cms -verify`; (2) envelopes `openssl cms
//! -sign` makes (attached / detached, with and without `-noattr`, SHA-256/384/512, PSS) are
//! verified by [`Envelope::verify_signature`] with the signer certificate's key.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use egov_sign::algorithm::{CoreBackend, SignatureAlgorithm, SigningKey};
use egov_sign::cms::{self, Envelope, SignOptions};
use egov_sign::{Error, Time};
use x509_parser::prelude::{FromDer as _, X509Certificate};

fn openssl(args: &[&str], dir: &Path) -> Output {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl CLI is required for the interoperability tests");
    out
}

fn openssl_ok(args: &[&str], dir: &Path) -> Output {
    let out = openssl(args, dir);
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[derive(Clone, Copy, Debug)]
enum Family {
    Rsa,
    P256,
}

struct Pki {
    dir: tempfile::TempDir,
    key: SigningKey,
    cert_der: Vec<u8>,
}

impl Pki {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A self-signed signer certificate and its PKCS#8 key, made by the openssl CLI.
fn pki(family: Family) -> Pki {
    let dir = tempfile::tempdir().unwrap();
    let newkey: &[&str] = match family {
        Family::Rsa => &["-newkey", "rsa:2048"],
        Family::P256 => &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    };
    let mut args = vec!["req", "-x509"];
    args.extend_from_slice(newkey);
    args.extend_from_slice(&[
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-subj",
        "/C=KZ/CN=TEST SIGNER/serialNumber=IIN123456789012",
        "-days",
        "30",
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation",
    ]);
    openssl_ok(&args, dir.path());
    openssl_ok(
        &[
            "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der",
        ],
        dir.path(),
    );
    let key = SigningKey::from_pkcs8(&std::fs::read(dir.path().join("key.pem")).unwrap()).unwrap();
    let cert_der = std::fs::read(dir.path().join("cert.der")).unwrap();
    Pki { dir, key, cert_der }
}

fn spki_of(cert: &[u8]) -> Vec<u8> {
    let (_, c) = X509Certificate::from_der(cert).unwrap();
    c.tbs_certificate.subject_pki.raw.to_vec()
}

const CONTENT: &[u8] =
    b"{\"iin\":\"123456789012\",\"service\":\"housing-queue\"}\r\n\x00\xff binary tail";

fn now() -> Time {
    Time::now_utc()
}

// ------------------------------------------------------------------ ours → openssl

fn openssl_verifies_ours(family: Family, alg: Option<SignatureAlgorithm>) {
    let mut p = pki(family);
    if let Some(alg) = alg {
        p.key = p.key.with_algorithm(alg).unwrap();
    }
    std::fs::write(p.path("content.bin"), CONTENT).unwrap();
    for detached in [false, true] {
        let der = cms::sign(
            CONTENT,
            &p.key,
            &p.cert_der,
            &[],
            &SignOptions {
                detached,
                signing_time: Some(now()),
                sid_by_ski: false,
            },
        )
        .unwrap();
        std::fs::write(p.path("ours.der"), &der).unwrap();
        let mut args = vec![
            "cms", "-verify", "-binary", "-inform", "DER", "-in", "ours.der", "-CAfile",
            "cert.pem", "-purpose", "any", "-out", "out.bin",
        ];
        if detached {
            args.extend_from_slice(&["-content", "content.bin"]);
        }
        openssl_ok(&args, p.dir.path());
        assert_eq!(std::fs::read(p.path("out.bin")).unwrap(), CONTENT);

        // The PEM form is read by openssl too.
        std::fs::write(p.path("ours.pem"), cms::to_pem(&der)).unwrap();
        let mut args = vec![
            "cms", "-verify", "-binary", "-inform", "PEM", "-in", "ours.pem", "-CAfile",
            "cert.pem", "-purpose", "any", "-out", "out2.bin",
        ];
        if detached {
            args.extend_from_slice(&["-content", "content.bin"]);
        }
        openssl_ok(&args, p.dir.path());

        // Negative control: openssl rejects our detached signature over other content.
        if detached {
            std::fs::write(p.path("other.bin"), b"other content").unwrap();
            let out = openssl(
                &[
                    "cms",
                    "-verify",
                    "-binary",
                    "-inform",
                    "DER",
                    "-in",
                    "ours.der",
                    "-CAfile",
                    "cert.pem",
                    "-purpose",
                    "any",
                    "-content",
                    "other.bin",
                    "-out",
                    "out3.bin",
                ],
                p.dir.path(),
            );
            assert!(!out.status.success());
        }
    }
}

#[test]
fn openssl_verifies_our_rsa_envelopes() {
    openssl_verifies_ours(Family::Rsa, None);
}

#[test]
fn openssl_verifies_our_rsa_sha512_envelopes() {
    openssl_verifies_ours(Family::Rsa, Some(SignatureAlgorithm::RsaPkcs1Sha512));
}

#[test]
fn openssl_verifies_our_rsa_pss_envelopes() {
    openssl_verifies_ours(Family::Rsa, Some(SignatureAlgorithm::RsaPssSha256));
}

#[test]
fn openssl_verifies_our_p256_envelopes() {
    openssl_verifies_ours(Family::P256, None);
}

// ------------------------------------------------------------------ openssl → ours

struct Case<'a> {
    detached: bool,
    noattr: bool,
    extra: &'a [&'a str],
    expect: SignatureAlgorithm,
}

fn we_verify_openssl(family: Family, cases: &[Case<'_>]) {
    let p = pki(family);
    std::fs::write(p.path("content.bin"), CONTENT).unwrap();
    for case in cases {
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-in",
            "content.bin",
            "-signer",
            "cert.pem",
            "-inkey",
            "key.pem",
            "-out",
            "theirs.der",
        ];
        if !case.detached {
            args.push("-nodetach");
        }
        if case.noattr {
            args.push("-noattr");
        }
        args.extend_from_slice(case.extra);
        openssl_ok(&args, p.dir.path());
        let der = std::fs::read(p.path("theirs.der")).unwrap();
        let env = Envelope::parse(&der).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(env.is_detached(), case.detached, "{args:?}");
        assert_eq!(env.has_signed_attributes(), !case.noattr, "{args:?}");
        if !case.noattr {
            assert!(env.signing_time.is_some(), "openssl adds signingTime");
        }
        // Find the signer certificate in the envelope, as a verifier would.
        let cert = env
            .certificates
            .iter()
            .find(|c| env.signer_matches(c))
            .expect("signer certificate embedded");
        assert_eq!(cert, &p.cert_der);
        let spki = spki_of(cert);
        let external = case.detached.then_some(CONTENT);
        assert_eq!(
            env.verify_signature(external, &spki, &CoreBackend),
            Ok(case.expect),
            "{args:?}"
        );
        // Tampered content fails.
        let mut other = CONTENT.to_vec();
        other[3] ^= 1;
        let tampered = env.verify_signature(Some(&other), &spki, &CoreBackend);
        if case.noattr && case.detached {
            assert_eq!(tampered, Err(Error::BadSignature), "{args:?}");
        } else {
            assert_eq!(tampered, Err(Error::DigestMismatch), "{args:?}");
        }
        if case.detached {
            assert_eq!(
                env.verify_signature(None, &spki, &CoreBackend),
                Err(Error::ContentMissing)
            );
        }
    }

    // PEM output of openssl ("-----BEGIN CMS-----") parses to the same structure.
    openssl_ok(
        &[
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "PEM",
            "-nodetach",
            "-in",
            "content.bin",
            "-signer",
            "cert.pem",
            "-inkey",
            "key.pem",
            "-out",
            "theirs.pem",
        ],
        p.dir.path(),
    );
    let env = Envelope::parse(&std::fs::read(p.path("theirs.pem")).unwrap()).unwrap();
    env.verify_signature(None, &spki_of(&p.cert_der), &CoreBackend)
        .unwrap();
}

fn matrix(extra: &'static [&'static str], expect: SignatureAlgorithm) -> Vec<Case<'static>> {
    let mut v = Vec::new();
    for detached in [false, true] {
        for noattr in [false, true] {
            v.push(Case {
                detached,
                noattr,
                extra,
                expect,
            });
        }
    }
    v
}

#[test]
fn we_verify_openssl_rsa_sha256() {
    we_verify_openssl(
        Family::Rsa,
        &matrix(&[], SignatureAlgorithm::RsaPkcs1Sha256),
    );
}

#[test]
fn we_verify_openssl_rsa_sha384_and_sha512() {
    we_verify_openssl(
        Family::Rsa,
        &matrix(&["-md", "sha384"], SignatureAlgorithm::RsaPkcs1Sha384),
    );
    we_verify_openssl(
        Family::Rsa,
        &matrix(&["-md", "sha512"], SignatureAlgorithm::RsaPkcs1Sha512),
    );
}

#[test]
fn we_verify_openssl_rsa_pss() {
    we_verify_openssl(
        Family::Rsa,
        &matrix(
            &[
                "-keyopt",
                "rsa_padding_mode:pss",
                "-keyopt",
                "rsa_pss_saltlen:digest",
            ],
            SignatureAlgorithm::RsaPssSha256,
        ),
    );
}

#[test]
fn we_verify_openssl_p256() {
    we_verify_openssl(
        Family::P256,
        &matrix(&[], SignatureAlgorithm::EcdsaP256Sha256),
    );
    we_verify_openssl(
        Family::P256,
        &matrix(&["-md", "sha384"], SignatureAlgorithm::EcdsaP256Sha384),
    );
}

#[test]
fn openssl_pss_with_max_salt_is_refused() {
    // Salt length "max" (not the hash length): we only accept
    // salt = hash length and must fail closed with UnsupportedAlgorithm.
    let p = pki(Family::Rsa);
    std::fs::write(p.path("content.bin"), CONTENT).unwrap();
    openssl_ok(
        &[
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-nodetach",
            "-in",
            "content.bin",
            "-signer",
            "cert.pem",
            "-inkey",
            "key.pem",
            "-out",
            "pss.der",
            "-keyopt",
            "rsa_padding_mode:pss",
            "-keyopt",
            "rsa_pss_saltlen:max",
        ],
        p.dir.path(),
    );
    let env = Envelope::parse(&std::fs::read(p.path("pss.der")).unwrap()).unwrap();
    assert!(matches!(
        env.verify_signature(None, &spki_of(&p.cert_der), &CoreBackend),
        Err(Error::UnsupportedAlgorithm { .. })
    ));
}
