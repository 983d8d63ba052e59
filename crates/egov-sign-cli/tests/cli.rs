//! The CLI contract: commands, flags, exit codes (0 valid, 1 invalid, 2 indeterminate,
//! 64 usage, 65 malformed), JSON output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_egov-sign"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run egov-sign")
}

/// A test PKI written once per test binary.
fn pki_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let out = run(&["testpki", "--out", d.path().to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        d
    })
    .path()
}

fn p(name: &str) -> String {
    pki_dir().join(name).to_str().unwrap().to_owned()
}

fn tmp(name: &str) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap())
        .path()
        .join(name)
}

fn sign(who: &str, doc: &str, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "sign",
        "--key",
        &*Box::leak(p(&format!("{who}.key.pem")).into_boxed_str()),
        "--cert",
    ];
    let cert = p(&format!("{who}.pem"));
    let chain = p("ca.pem");
    args.push(&cert);
    args.extend(["--chain", &chain]);
    args.extend(extra);
    args.extend([doc, "-o", out.to_str().unwrap()]);
    let o = run(&args);
    assert!(
        o.status.success(),
        "sign failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn verify(env: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let (root, ca) = (p("root.pem"), p("ca.pem"));
    let (crl_root, crl_ca, crl_delta) = (p("root_full.crl"), p("ca_full.crl"), p("ca_delta.crl"));
    let mut args = vec!["verify", "--json", "--anchor", &root, "--intermediate", &ca];
    for c in [&crl_root, &crl_ca, &crl_delta] {
        args.extend(["--crl", c]);
    }
    args.extend(extra);
    args.push(env.to_str().unwrap());
    let o = run(&args);
    let v = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o.status.code().unwrap_or(-1), v)
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn testpki_writes_certs_keys_crls_and_manifest() {
    let dir = pki_dir();
    for f in [
        "root.pem",
        "ca.pem",
        "citizen_sign.pem",
        "citizen_sign.key.pem",
        "ca_full.crl",
        "ca_delta.crl",
        "manifest.json",
        "request.json",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest.to_string().contains("871008401427"));
}

#[test]
fn sign_then_verify_portal_request_valid_with_json_fields() {
    let env = tmp("portal.p7s");
    sign("citizen_sign", &p("request.json"), &env, &[]);
    let (code, v) = verify(&env, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["indication"], "valid");
    assert_eq!(v["signer"]["iin"], "871008401427");
    assert_eq!(v["signer"]["role"], "individual");
    assert!(v["signer"]["bin"].is_null());
    assert_eq!(v["document"]["applicant"]["iin"], "871008401427");
}

#[test]
fn pem_and_detached_envelopes_verify() {
    let env = tmp("portal.pem");
    sign("citizen_sign", &p("request.json"), &env, &["--pem"]);
    assert!(std::fs::read_to_string(&env)
        .unwrap()
        .starts_with("-----BEGIN CMS-----"));
    assert_eq!(verify(&env, &[]).0, 0);
    let det = tmp("portal-detached.p7s");
    sign("citizen_sign", &p("request.json"), &det, &["--detached"]);
    let (code, v) = verify(&det, &[]);
    assert_eq!(code, 2, "no content → indeterminate: {v:#}");
    assert_eq!(codes(&v), vec!["CONTENT_MISSING"]);
    let content = p("request.json");
    assert_eq!(verify(&det, &["--content", &content]).0, 0);
}

#[test]
fn refusals_have_exit_codes() {
    // Auth key → KEY_USAGE, invalid.
    let env = tmp("auth.p7s");
    sign("citizen_auth", &p("request.json"), &env, &[]);
    let (code, v) = verify(&env, &[]);
    assert_eq!((code, codes(&v)), (1, vec!["KEY_USAGE".to_owned()]));
    // Revoked → CERT_REVOKED.
    let env = tmp("revoked.p7s");
    sign("revoked_sign", &p("request.json"), &env, &[]);
    let (code, v) = verify(&env, &[]);
    assert_eq!((code, codes(&v)), (1, vec!["CERT_REVOKED".to_owned()]));
    // Someone else's request → IIN_MISMATCH.
    let env = tmp("other.p7s");
    sign("citizen2_sign", &p("request.json"), &env, &[]);
    let (code, v) = verify(&env, &[]);
    assert_eq!((code, codes(&v)), (1, vec!["IIN_MISMATCH".to_owned()]));
}

#[test]
fn revocation_none_and_no_crl() {
    let env = tmp("norev.p7s");
    sign("citizen_sign", &p("request.json"), &env, &[]);
    let (root, ca) = (p("root.pem"), p("ca.pem"));
    let base = ["verify", "--json", "--anchor", &root, "--intermediate", &ca];
    let o = bin().args(base).arg(&env).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "no CRL → indeterminate");
    let o = bin()
        .args(base)
        .args(["--revocation", "none"])
        .arg(&env)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn verify_at_signing_time_and_given_time() {
    let env = tmp("expired.p7s");
    sign(
        "expired_sign",
        &p("request.json"),
        &env,
        &["--signing-time", "2020-01-01T00:00:00Z"],
    );
    let (code, v) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert!(codes(&v).contains(&"CERT_EXPIRED".to_owned()));
    let nb = time::OffsetDateTime::now_utc() - time::Duration::days(2 * 365);
    let at = nb
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (code, v) = verify(&env, &["--at", &at]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        verify(&env, &["--at", "signing-time"]).0,
        1,
        "2020 is before the certificate's notBefore"
    );
}

#[test]
fn chain_command_usage_flag() {
    let (root, ca, crl_root, crl_ca) = (
        p("root.pem"),
        p("ca.pem"),
        p("root_full.crl"),
        p("ca_full.crl"),
    );
    let args = [
        "chain",
        "--json",
        "--anchor",
        &root,
        "--intermediate",
        &ca,
        "--crl",
        &crl_root,
        "--crl",
        &crl_ca,
    ];
    let o = bin()
        .args(args)
        .arg(p("citizen_auth.pem"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let o = bin()
        .args(args)
        .args(["--usage", "any"])
        .arg(p("citizen_auth.pem"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let o = bin()
        .args(args)
        .arg(p("untrusted_sign.pem"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn inspect_certificate_crl_envelope() {
    let o = run(&["inspect", "--json", &p("provider_head_sign.pem")]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["bin"], "070941024691");
    assert_eq!(v["role"], "first_head");
    assert!(v["iin"].is_string());
    let o = run(&["inspect", "--json", &p("ca_delta.crl")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["type"], "delta_crl");
    let env = tmp("inspect.p7s");
    sign("citizen_sign", &p("request.json"), &env, &[]);
    let o = run(&["inspect", "--json", env.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["type"], "envelope");
    assert_eq!(v["signer"]["iin"], "871008401427");
}

#[test]
fn malformed_and_usage_errors() {
    let garbage = tmp("garbage.p7s");
    std::fs::write(&garbage, b"\x30\x82\xff\xffnot really DER").unwrap();
    let (code, _) = verify(&garbage, &[]);
    assert_eq!(code, 65);
    let o = run(&["inspect", garbage.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(65));
    assert_eq!(run(&["verify"]).status.code(), Some(64));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(64));
    let env = tmp("x.p7s");
    assert_eq!(
        run(&["verify", "--anchor", "/nonexistent", env.to_str().unwrap()])
            .status
            .code(),
        Some(64)
    );
    // An invalid document is refused before signing.
    let bad = tmp("bad.json");
    std::fs::write(&bad, br#"{"schema_version":"1","oops":true}"#).unwrap();
    let o = run(&[
        "sign",
        "--key",
        &p("citizen_sign.key.pem"),
        "--cert",
        &p("citizen_sign.pem"),
        bad.to_str().unwrap(),
        "-o",
        tmp("bad.p7s").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(65));
}

#[test]
fn demo_runs_and_shows_the_refusals() {
    let o = run(&["demo"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for needle in [
        "IIN_MISMATCH",
        "CERT_REVOKED",
        "CERT_EXPIRED",
        "queue number 1542",
        "all outcomes as expected",
    ] {
        assert!(out.contains(needle), "demo output lacks {needle}:\n{out}");
    }
}

fn nca(name: &str) -> String {
    let dir = std::env::var("EGOV_SIGN_NCA_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/nca-test-pki").to_owned()
    });
    let p = Path::new(&dir).join(name);
    assert!(
        p.is_file(),
        "{} missing: the NCA test files live in ../shared/nca-test-pki",
        p.display()
    );
    p.to_str().unwrap().to_owned()
}

#[test]
fn chain_and_inspect_on_real_nca_gost_files() {
    let (ca, crl, ceo) = (
        nca("nca_gost_test.crt"),
        nca("nca_gost_test.crl"),
        nca("ceo_valid_sign_2004_gost.cer"),
    );
    let base = [
        "chain",
        "--json",
        "--anchor",
        &ca,
        "--crl",
        &crl,
        "--iin-checksum",
        "lenient",
    ];
    let o = bin()
        .args(base)
        .args(["--at", "2022-06-01T00:00:00Z", &ceo])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{v:#}");
    assert_eq!(v["signer"]["role"], "first_head");
    // After the CRL's nextUpdate (2022-09-25) the only CRL is stale: indeterminate.
    let o = bin()
        .args(base)
        .args(["--at", "2022-12-01T00:00:00Z", &ceo])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(2), "{v:#}");
    assert!(codes(&v).contains(&"CRL_EXPIRED".to_owned()));
    let o = run(&["inspect", "--json", &ceo]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["signature_algorithm_name"]
            .as_str()
            .unwrap()
            .contains("GOST 34.310-2004"),
        "{v:#}"
    );
    assert_eq!(v["iin"], "123456789011");
}

#[test]
fn gost_test_pki_sign_and_verify() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().to_str().unwrap();
    assert!(run(&["testpki", "--family", "gost2015", "--out", dir])
        .status
        .success());
    let f = |n: &str| d.path().join(n).to_str().unwrap().to_owned();
    let env = d.path().join("gost.p7s");
    let o = run(&[
        "sign",
        "--key",
        &f("citizen_sign.key.pem"),
        "--cert",
        &f("citizen_sign.pem"),
        "--chain",
        &f("ca.pem"),
        &f("request.json"),
        "-o",
        env.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let args = [
        "verify",
        "--json",
        "--anchor",
        &f("root.pem"),
        "--intermediate",
        &f("ca.pem"),
        "--crl",
        &f("root_full.crl"),
        "--crl",
        &f("ca_full.crl"),
    ];
    let o = bin().args(args).arg(&env).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{v:#}");
    assert!(
        v["signature_algorithm"].as_str().unwrap().contains("GOST"),
        "{v:#}"
    );
}

/// A file under the repository's `testdata/` (vendored; fails when missing).
fn testdata(name: &str) -> String {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata")).join(name);
    assert!(p.is_file(), "{} missing", p.display());
    p.to_str().unwrap().to_owned()
}

/// The real KalkanCrypt store signs a request (password from a file, then from the
/// environment) and the envelope verifies VALID against the real NCA test root and CA.
#[test]
fn sign_with_kalkan_p12_and_verify_against_nca_test_ca() {
    let request = tmp("kalkan_request.json");
    let json = std::fs::read_to_string(testdata("pki/request.json"))
        .unwrap()
        .replace("871008401427", "123456789011")
        .replace("2026-11-23T02:39:41Z", "2023-12-31T09:00:00Z");
    std::fs::write(&request, json).unwrap();
    let pw = tmp("kalkan.pw");
    std::fs::write(&pw, "Qwerty12\n").unwrap();
    let p12 = testdata("nca/kalkan_individual_2023.p12");
    for (i, how) in [
        ["--password-file", pw.to_str().unwrap()],
        ["--password-env", "EGOV_TEST_P12_PW"],
    ]
    .iter()
    .enumerate()
    {
        let out = tmp(&format!("kalkan_{i}.p7s"));
        let o = bin()
            .env("EGOV_TEST_P12_PW", "Qwerty12")
            .args(["sign", "--p12", &p12, how[0], how[1]])
            .args([
                "--iin-checksum",
                "lenient",
                "--signing-time",
                "2024-01-01T00:00:00Z",
            ])
            .args([request.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let o = run(&[
            "verify",
            "--json",
            "--anchor",
            &testdata("nca/root_test_gost_2022.cer"),
            "--intermediate",
            &testdata("nca/nca_gost2015_test.cer"),
            "--revocation",
            "none",
            "--iin-checksum",
            "lenient",
            "--at",
            "2024-01-01T00:00:00Z",
            out.to_str().unwrap(),
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(o.status.code(), Some(0), "{v:#}");
        assert_eq!(v["indication"], "valid");
        assert_eq!(v["signer"]["iin"], "123456789011");
    }

    // Wrong password: its own message, exit 64, the password not echoed.
    std::fs::write(&pw, "Qwerty13").unwrap();
    let o = run(&[
        "sign",
        "--p12",
        &p12,
        "--password-file",
        pw.to_str().unwrap(),
        "--kind",
        "any",
        request.to_str().unwrap(),
        "-o",
        tmp("x.p7s").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(64), "{err}");
    assert!(err.contains("wrong key store password"), "{err}");
    assert!(!err.contains("Qwerty13"), "{err}");

    // No password source, or a password argument: usage errors.
    let o = run(&[
        "sign",
        "--kind",
        "any",
        "--p12",
        &p12,
        request.to_str().unwrap(),
        "-o",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(64));
    let o = run(&[
        "sign",
        "--kind",
        "any",
        "--p12",
        &p12,
        "--password",
        "Qwerty12",
        request.to_str().unwrap(),
        "-o",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(64));
}

#[test]
fn inspect_key_stores() {
    let pw = tmp("inspect.pw");
    std::fs::write(&pw, "Qwerty12").unwrap();
    let o = run(&[
        "inspect",
        "--json",
        "--password-file",
        pw.to_str().unwrap(),
        &testdata("nca/kalkan_individual_2023.p12"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["type"], "pkcs12");
    let e = &v["entries"][0];
    assert_eq!(e["alias"], "8147287582df9bb4710e461804acd49b88bf45c4");
    assert_eq!(e["key_algorithm"], "GOST 34.10-2015 (512) Streebog-512");
    assert_eq!(e["certificate"]["iin"], "123456789011");
    assert_eq!(e["certificate"]["serial"].as_str().unwrap().len(), 40);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Qwerty12"));

    // Two entries, chosen by alias for signing.
    std::fs::write(&pw, "test-pass").unwrap();
    let two = testdata("p12/two_entries.p12");
    let o = run(&[
        "inspect",
        "--json",
        "--password-file",
        pw.to_str().unwrap(),
        &two,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let aliases: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["alias"].as_str().unwrap())
        .collect();
    assert_eq!(aliases, ["rsa", "p256"]);
    let doc = tmp("bytes.txt");
    std::fs::write(&doc, "hello").unwrap();
    let out = tmp("two.p7s");
    let base = [
        "sign",
        "--kind",
        "any",
        "--p12",
        &two,
        "--password-file",
        pw.to_str().unwrap(),
    ];
    let o = bin()
        .args(base)
        .args([doc.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(65),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("choose one by alias"));
    let o = bin()
        .args(base)
        .args([
            "--alias",
            "p256",
            doc.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["inspect", "--json", out.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["signature_algorithm"], "ECDSA P-256 SHA-256", "{v:#}");
    // By certificate instead of alias.
    let o = bin()
        .args(base)
        .args([
            "--cert",
            &testdata("p12/rsa.pem"),
            doc.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["inspect", "--json", out.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["signature_algorithm"]
            .as_str()
            .unwrap()
            .starts_with("RSA"),
        "{v:#}"
    );
}

/// Issue 13: a certificate in the chain file whose signature BIT STRING declares unused bits
/// is a certificate with a bad signature: `chain` reports the path INVALID (exit 1), it does
/// not refuse the input as malformed (exit 65, kept for input that is no certificate).
#[test]
fn chain_with_a_ca_whose_signature_has_unused_bits_is_invalid_not_malformed() {
    use egov_sign::encoding::{decode_der_blobs, to_pem};
    let ca = std::fs::read(p("ca.pem")).unwrap();
    let ca = decode_der_blobs(&ca, "CERTIFICATE", 1 << 16)
        .unwrap()
        .remove(0);
    // Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signatureValue BIT STRING }: the
    // BIT STRING is the last TLV; its content starts with the unused-bits octet.
    let mut der = ca.clone();
    let pos = (0..der.len())
        .rev()
        .find(|&i| {
            der[i] == 0x03 && {
                let (len, hdr) = match der.get(i + 1) {
                    Some(&l) if l < 0x80 => (l as usize, 2),
                    Some(0x81) => (der[i + 2] as usize, 3),
                    Some(0x82) => (((der[i + 2] as usize) << 8) | der[i + 3] as usize, 4),
                    _ => return false,
                };
                i + hdr + len == der.len() && der[i + hdr] == 0
            }
        })
        .expect("signatureValue");
    let hdr = match der[pos + 1] {
        l if l < 0x80 => 2,
        0x81 => 3,
        _ => 4,
    };
    der[pos + hdr] = 1;
    let last = der.len() - 1;
    der[last] &= 0xfe;
    let bundle = format!(
        "{}{}",
        std::fs::read_to_string(p("citizen_sign.pem")).unwrap(),
        to_pem(&der, "CERTIFICATE")
    );
    let file = tmp("citizen_with_bad_ca.pem");
    std::fs::write(&file, bundle).unwrap();
    let root = p("root.pem");
    let o = run(&[
        "chain",
        "--json",
        "--anchor",
        &root,
        "--revocation",
        "none",
        file.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(o.status.code(), Some(1), "{v:#}");
    assert!(codes(&v).contains(&"CHAIN_INVALID".to_owned()), "{v:#}");
    // Input that is not a certificate at all stays exit 65.
    let junk = tmp("junk.pem");
    std::fs::write(
        &junk,
        "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let o = run(&[
        "chain",
        "--anchor",
        &root,
        "--revocation",
        "none",
        junk.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(65));
}

/// `cosign` adds a signature (key + certificate, or the real KalkanCrypt .p12), attached or
/// detached with --content; `verify` reports each signer; `inspect` lists every signer; a
/// tampered envelope is refused (exit 1).
#[test]
fn cosign_then_verify_and_inspect_every_signer() {
    let doc = p("request.json");
    let first = tmp("cosign_first.p7s");
    sign("citizen_sign", &doc, &first, &[]);
    let two = tmp("cosign_two.p7s");
    let o = run(&[
        "cosign",
        "--key",
        &p("citizen2_sign.key.pem"),
        "--cert",
        &p("citizen2_sign.pem"),
        "--chain",
        &p("ca.pem"),
        "--pem",
        first.to_str().unwrap(),
        "-o",
        two.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (code, v) = verify(&two, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["signers"].as_array().unwrap().len(), 2);
    assert_eq!(v["signers"][0]["document_signer"], true);
    assert_eq!(v["signers"][1]["indication"], "valid");
    let o = run(&["inspect", "--json", two.to_str().unwrap()]);
    let inspected: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        inspected["signers"].as_array().unwrap().len(),
        2,
        "{inspected:#}"
    );
    assert_eq!(inspected["certificates"], 3);

    // Detached: --content is required and checked.
    let det = tmp("cosign_det.p7s");
    sign("citizen_sign", &doc, &det, &["--detached"]);
    let det2 = tmp("cosign_det2.p7s");
    let cosign_det = |content: Option<&str>| {
        let mut args = vec![
            "cosign".to_owned(),
            "--key".into(),
            p("citizen2_sign.key.pem"),
            "--cert".into(),
            p("citizen2_sign.pem"),
        ];
        if let Some(c) = content {
            args.extend(["--content".into(), c.to_owned()]);
        }
        args.extend([
            det.to_str().unwrap().to_owned(),
            "-o".into(),
            det2.to_str().unwrap().to_owned(),
        ]);
        bin().args(&args).output().unwrap()
    };
    assert!(cosign_det(Some(&doc)).status.success());
    let (code, v) = verify(&det2, &["--content", &doc]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["signers"].as_array().unwrap().len(), 2);
    assert_eq!(cosign_det(None).status.code(), Some(64));
    let o = cosign_det(Some(&p("request_con.json")));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot co-sign"), "{err}");

    // A tampered envelope is refused.
    let mut bytes = std::fs::read(&first).unwrap();
    let n = bytes.len();
    bytes[n - 1] ^= 1;
    let bad = tmp("cosign_bad.p7s");
    std::fs::write(&bad, bytes).unwrap();
    let o = run(&[
        "cosign",
        "--key",
        &p("citizen2_sign.key.pem"),
        "--cert",
        &p("citizen2_sign.pem"),
        bad.to_str().unwrap(),
        "-o",
        tmp("never.p7s").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!tmp("never.p7s").exists());

    // The real KalkanCrypt envelope co-signed with the real KalkanCrypt key store.
    let kalkan = tmp("kalkan_cosigned.p7s");
    let o = bin()
        .env("EGOV_TEST_P12_PW", "Qwerty12")
        .args([
            "cosign",
            "--p12",
            &testdata("nca/kalkan_individual_2023.p12"),
            "--password-env",
            "EGOV_TEST_P12_PW",
            "--signing-time",
            "2024-01-01T00:00:00Z",
            &testdata("kalkan/ncanode_one_signer_rsa.p7s"),
            "-o",
            kalkan.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["inspect", "--json", kalkan.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let signers = v["signers"].as_array().unwrap();
    assert_eq!(signers.len(), 2, "{v:#}");
    assert!(signers[1]["signature_algorithm"]
        .as_str()
        .unwrap()
        .contains("GOST"));
    assert_eq!(signers[1]["signer"]["iin"], "123456789011");
    assert_eq!(v["digest_algorithms"].as_array().unwrap().len(), 2);
}

/// `inspect` of the real two-signer KalkanCrypt envelope shows both signers.
#[test]
fn inspect_real_kalkan_two_signer_envelope() {
    let o = run(&[
        "inspect",
        "--json",
        &testdata("kalkan/ncanode_two_signers_gost2015_rsa.p7s"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let signers = v["signers"].as_array().unwrap();
    assert_eq!(signers.len(), 2, "{v:#}");
    assert_eq!(signers[0]["signing_time"], "2022-09-27T21:17:59Z");
    assert_eq!(signers[1]["signer"]["iin"], "123456789011");
}

fn openssl(args: &[&str], dir: &Path) {
    let o = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Issue 16: `timestamp-request` → a TSA (OpenSSL's, with its own TSA root) → `timestamp
/// --response` checks the token over the signature value against the TSA anchor and embeds
/// it; `verify --tsa-anchor` reads it; `ocsp-request` writes a request OpenSSL reads.
#[test]
fn timestamp_and_ocsp_requests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    std::fs::write(
        d.join("ext.cnf"),
        "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    std::fs::write(
        d.join("ts.cnf"),
        "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./serial\ncrypto_device = builtin\n\
         signer_digest = sha256\ndefault_policy = 1.2.398.3.3.2.6.2\ndigests = sha256\n\
         accuracy = secs:1\ness_cert_id_alg = sha256\n",
    )
    .unwrap();
    std::fs::write(d.join("serial"), "01\n").unwrap();
    for args in [
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "tsaroot.key",
            "-out",
            "tsaroot.pem",
            "-subj",
            "/CN=Test TSA Root",
            "-days",
            "30",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ][..],
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.csr",
            "-subj",
            "/CN=Test TSA",
        ],
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "tsaroot.pem",
            "-CAkey",
            "tsaroot.key",
            "-CAcreateserial",
            "-out",
            "tsa.pem",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
        ],
    ] {
        openssl(args, d);
    }
    let env = d.join("env.p7s");
    sign("citizen_sign", &p("request.json"), &env, &[]);
    let req = d.join("req.tsq");
    let o = run(&[
        "timestamp-request",
        "--nonce",
        "0a0b0c0d",
        "-o",
        &s(&req),
        &s(&env),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    openssl(
        &[
            "ts",
            "-reply",
            "-config",
            "ts.cnf",
            "-queryfile",
            "req.tsq",
            "-signer",
            "tsa.pem",
            "-inkey",
            "tsa.key",
            "-out",
            "resp.tsr",
        ],
        d,
    );
    let stamped = d.join("stamped.p7s");
    let stamp = |anchor: &str, nonce: &str| {
        run(&[
            "timestamp",
            "--response",
            &s(&d.join("resp.tsr")),
            "--tsa-anchor",
            anchor,
            "--nonce",
            nonce,
            "-o",
            &s(&stamped),
            &s(&env),
        ])
    };
    // The document anchors are not TSA anchors; a wrong nonce is refused.
    assert_eq!(stamp(&p("root.pem"), "0a0b0c0d").status.code(), Some(65));
    assert_eq!(
        stamp(&s(&d.join("tsaroot.pem")), "01").status.code(),
        Some(65)
    );
    let o = stamp(&s(&d.join("tsaroot.pem")), "0a0b0c0d");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tsa_rsa_policy"));
    let (code, v) = verify(
        &stamped,
        &[
            "--at",
            "signing-time",
            "--tsa-anchor",
            &s(&d.join("tsaroot.pem")),
        ],
    );
    assert_eq!(code, 0, "{v:#}");
    let tsa_root = s(&d.join("tsaroot.pem"));
    let (code, v) = verify(&stamped, &["--at", "timestamp", "--tsa-anchor", &tsa_root]);
    assert_eq!(code, 0, "{v:#}");
    let (code, v) = verify(&env, &["--at", "timestamp", "--tsa-anchor", &tsa_root]);
    assert_eq!(code, 2, "{v:#}");
    assert!(codes(&v).contains(&"TIMESTAMP_MISSING".to_owned()));

    // Several signers: a co-signer is stamped by index; without --signer both commands
    // refuse (the old code stamped signer #0 silently); signer #0's token stays.
    let two = d.join("two.p7s");
    let o = run(&[
        "cosign",
        "--key",
        &p("citizen2_sign.key.pem"),
        "--cert",
        &p("citizen2_sign.pem"),
        &s(&stamped),
        "-o",
        &s(&two),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let req2 = d.join("req2.tsq");
    let o = run(&["timestamp-request", "-o", &s(&req2), &s(&two)]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--signer"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&[
        "timestamp-request",
        "--signer",
        "1",
        "-o",
        &s(&req2),
        &s(&two),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(std::fs::read(&req2).unwrap(), std::fs::read(&req).unwrap());
    openssl(
        &[
            "ts",
            "-reply",
            "-config",
            "ts.cnf",
            "-queryfile",
            "req2.tsq",
            "-signer",
            "tsa.pem",
            "-inkey",
            "tsa.key",
            "-out",
            "resp2.tsr",
        ],
        d,
    );
    let three = d.join("three.p7s");
    let stamp2 = |signer: Option<&str>| {
        let mut args = vec![
            "timestamp".to_owned(),
            "--response".to_owned(),
            s(&d.join("resp2.tsr")),
            "--tsa-anchor".to_owned(),
            tsa_root.clone(),
            "-o".to_owned(),
            s(&three),
        ];
        if let Some(i) = signer {
            args.extend(["--signer".to_owned(), i.to_owned()]);
        }
        args.push(s(&two));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&a)
    };
    assert!(!stamp2(None).status.success());
    assert_eq!(
        stamp2(Some("0")).status.code(),
        Some(65),
        "imprint of signer #1"
    );
    let o = stamp2(Some("1"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = egov_sign::Envelope::parse(&std::fs::read(&stamped).unwrap()).unwrap();
    let after = egov_sign::Envelope::parse(&std::fs::read(&three).unwrap()).unwrap();
    assert_eq!(after.signers[0].der, before.signers[0].der);
    assert_eq!(after.signers[1].timestamp_tokens.len(), 1);
    let (code, v) = verify(&three, &["--at", "timestamp", "--tsa-anchor", &tsa_root]);
    assert_eq!(code, 0, "{v:#}");
    assert!(
        v["signers"][1]["timestamp"]["gen_time"].is_string(),
        "{v:#}"
    );

    let ocsp = d.join("req.ocsp");
    let o = run(&[
        "ocsp-request",
        "--issuer",
        &p("ca.pem"),
        "--nonce",
        "0102",
        "-o",
        &s(&ocsp),
        &p("citizen_sign.pem"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("openssl")
        .args(["ocsp", "-reqin", &s(&ocsp), "-req_text"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Hash Algorithm: sha1") && text.contains("OCSP Nonce"),
        "{text}"
    );
}

/// Issue 16: `verify --ocsp` with OpenSSL's responder (the CA itself signs): a good answer
/// is enough without CRLs, a revoked one is CERT_REVOKED.
#[test]
fn verify_with_ocsp_responses() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    let env = d.join("env.p7s");
    sign("citizen_sign", &p("request.json"), &env, &[]);
    let req = d.join("req.ocsp");
    let o = run(&[
        "ocsp-request",
        "--issuer",
        &p("ca.pem"),
        "-o",
        &s(&req),
        &p("citizen_sign.pem"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let serial = {
        let o = Command::new("openssl")
            .args(["x509", "-noout", "-serial", "-in", &p("citizen_sign.pem")])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout)
            .trim()
            .trim_start_matches("serial=")
            .to_owned()
    };
    let check = |index: String| {
        std::fs::write(d.join("index.txt"), index).unwrap();
        openssl(
            &[
                "ocsp",
                "-index",
                "index.txt",
                "-rsigner",
                &p("ca.pem"),
                "-rkey",
                &p("ca.key.pem"),
                "-CA",
                &p("ca.pem"),
                "-reqin",
                &s(&req),
                "-respout",
                "resp.der",
                "-ndays",
                "1",
            ],
            d,
        );
        let (root, ca) = (p("root.pem"), p("ca.pem"));
        let o = run(&[
            "verify",
            "--json",
            "--anchor",
            &root,
            "--intermediate",
            &ca,
            "--revocation",
            "end-entity",
            "--revocation-source",
            "ocsp",
            "--ocsp",
            &s(&d.join("resp.der")),
            &s(&env),
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (o.status.code().unwrap(), v)
    };
    let (code, v) = check(format!("V\t491231235959Z\t\t{serial}\tunknown\t/CN=x\n"));
    assert_eq!(code, 0, "{v:#}");
    let (code, v) = check(format!(
        "R\t491231235959Z\t240101000000Z,keyCompromise\t{serial}\tunknown\t/CN=x\n"
    ));
    assert_eq!(code, 1, "{v:#}");
    assert!(codes(&v).contains(&"CERT_REVOKED".to_owned()));
}

/// Issue 16, the long-term form: `add-evidence` embeds the CRLs (checked against the
/// signers' chains first) and `verify` uses them with nothing but the anchor; evidence about
/// nobody in the envelope is refused.
#[test]
fn add_evidence_then_verify_with_the_anchor_only() {
    let env = tmp("lt.p7s");
    sign("citizen_sign", &p("request.json"), &env, &[]);
    let lt = tmp("lt_evidence.p7s");
    let add = |crls: &[&str]| {
        let mut args = vec!["add-evidence".to_owned()];
        for c in crls {
            args.extend(["--crl".to_owned(), p(c)]);
        }
        args.extend([
            "--issuer".to_owned(),
            p("root.pem"),
            "-o".to_owned(),
            lt.to_str().unwrap().to_owned(),
            env.to_str().unwrap().to_owned(),
        ]);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&a)
    };
    let only_anchor = |e: &Path| {
        let o = run(&[
            "verify",
            "--json",
            "--anchor",
            &p("root.pem"),
            e.to_str().unwrap(),
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        (o.status.code().unwrap_or(-1), v)
    };
    let (code, v) = only_anchor(&env);
    assert_eq!(code, 2, "no revocation evidence: {v:#}");
    let o = add(&["other_root_full.crl"]);
    assert!(!o.status.success(), "a CRL about nobody here is refused");
    let o = add(&["root_full.crl", "ca_full.crl"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (code, v) = only_anchor(&lt);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["revocation"][0]["embedded"], true, "{v:#}");
    assert_eq!(v["revocation"][0]["source"], "crl");
    let o = run(&["inspect", "--json", lt.to_str().unwrap()]);
    let inspected: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(inspected["crls"], 2, "{inspected:#}");
    assert_eq!(inspected["ocsp_responses"], 0);
}

// ---------------------------------------------------------------------------------------------
// XML (issue 18): `sign --format xml`, `verify` detecting XML by content.
// ---------------------------------------------------------------------------------------------

fn sign_xml(who: &str, doc: &str, out: &Path) -> Output {
    let (key, cert) = (p(&format!("{who}.key.pem")), p(&format!("{who}.pem")));
    run(&[
        "sign",
        "--format",
        "xml",
        "--key",
        &key,
        "--cert",
        &cert,
        doc,
        "-o",
        out.to_str().unwrap(),
    ])
}

fn signers(v: &serde_json::Value) -> Vec<(String, String)> {
    v["signers"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["covers"].as_str().unwrap_or("").to_owned(),
                        s["indication"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn xml_sign_then_verify_valid_and_cosign_adds_a_signer() {
    let xml = tmp("portal.xml");
    let o = sign_xml("citizen_sign", &p("request.json"), &xml);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(text.starts_with("<request xmlns=\"urn:egov-sign:housing:1\">"));
    assert_eq!(text.matches("<ds:Signature ").count(), 1);

    let (code, v) = verify(&xml, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["indication"], "valid");
    assert_eq!(signers(&v), [("/request".to_owned(), "valid".to_owned())]);
    assert_eq!(v["signer"]["iin"], "871008401427");
    assert_eq!(v["document"]["applicant"]["iin"], "871008401427");

    // Sequential co-signature: a second sibling ds:Signature covering the first.
    let xml2 = tmp("portal-cosigned.xml");
    let o = sign_xml("citizen2_sign", xml.to_str().unwrap(), &xml2);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text2 = std::fs::read_to_string(&xml2).unwrap();
    assert_eq!(text2.matches("<ds:Signature ").count(), 2);
    assert!(text2.starts_with(text.trim_end_matches("</request>")));
    let (code, v) = verify(&xml2, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        signers(&v),
        [
            ("/request".to_owned(), "valid".to_owned()),
            ("/request".to_owned(), "valid".to_owned())
        ]
    );
    assert_ne!(
        v["signers"][0]["signer"]["sha256"],
        v["signers"][1]["signer"]["sha256"]
    );

    // The text output names the form's signers too.
    let (root, ca, crl) = (p("root.pem"), p("ca.pem"), p("ca_full.crl"));
    let o = run(&[
        "verify",
        "--anchor",
        &root,
        "--intermediate",
        &ca,
        "--crl",
        &crl,
        "--revocation",
        "end-entity",
        xml2.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn xml_tampered_or_wrong_kind_is_not_valid() {
    let xml = tmp("tamper-src.xml");
    assert!(sign_xml("citizen_sign", &p("request.json"), &xml)
        .status
        .success());
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(text.contains("<size>48213</size>"));
    let bad = tmp("tampered.xml");
    std::fs::write(
        &bad,
        text.replace("<size>48213</size>", "<size>48214</size>"),
    )
    .unwrap();
    let (code, v) = verify(&bad, &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["indication"], "invalid");
    assert_eq!(signers(&v), [("/request".to_owned(), "invalid".to_owned())]);

    // A signed request verified as a result is not a valid result.
    let (code, v) = verify(&xml, &["--kind", "result"]);
    assert_ne!(code, 0, "{v:#}");
    assert!(codes(&v).contains(&"DOCUMENT_INVALID".to_owned()), "{v:#}");

    // A co-signature refuses an invalid document before signing (exit 65, nothing written).
    let out = tmp("never.xml");
    let o = sign_xml("citizen2_sign", bad.to_str().unwrap(), &out);
    assert!(
        o.status.success(),
        "the XML still is a valid request document"
    );
    let broken = tmp("broken.xml");
    std::fs::write(
        &broken,
        text.replace("<iin>871008401427</iin>", "<iin>871008401428</iin>"),
    )
    .unwrap();
    let o = sign_xml(
        "citizen2_sign",
        broken.to_str().unwrap(),
        &tmp("never2.xml"),
    );
    assert_eq!(
        o.status.code(),
        Some(65),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!tmp("never2.xml").exists());

    // XML with a DTD is refused before anything is read (malformed input, exit 65).
    let xxe = tmp("xxe.xml");
    std::fs::write(
        &xxe,
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
    )
    .unwrap();
    let (code, _) = verify(&xxe, &[]);
    assert_eq!(code, 65);
}

#[test]
fn json_and_xml_forms_of_the_same_request_give_the_same_findings() {
    for who in [
        "citizen_sign",
        "revoked_sign",
        "expired_sign",
        "citizen_auth",
    ] {
        let (cms, xml) = (
            tmp(&format!("{who}-same.p7s")),
            tmp(&format!("{who}-same.xml")),
        );
        sign(who, &p("request.json"), &cms, &[]);
        let o = sign_xml(who, &p("request.json"), &xml);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let (c1, v1) = verify(&cms, &[]);
        let (c2, v2) = verify(&xml, &[]);
        assert_eq!(c1, c2, "{who}: {v1:#} vs {v2:#}");
        assert_eq!(v1["indication"], v2["indication"], "{who}");
        let (mut f1, mut f2) = (codes(&v1), codes(&v2));
        f1.sort();
        f2.sort();
        assert_eq!(f1, f2, "{who}: {v1:#} vs {v2:#}");
        assert_eq!(v1["document"], v2["document"], "{who}");
        assert_eq!(v1["signer"]["sha256"], v2["signer"]["sha256"], "{who}");
    }
}
