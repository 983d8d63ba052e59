//! GOST 34.10-2015 (512) and GOST 34.310-2004: hash known answers, the real NCA test files,
//! round trips of our own signatures, and (feature `test-pki`) the acceptance scenarios on
//! the GOST test PKI families.

use egov_sign::algorithm::{
    verify_signature, CoreBackend, DigestAlgorithm, SignatureAlgorithm, SigningKey,
};
use egov_sign::crl::ParsedCrl;
use egov_sign::encoding::decode_der_blobs;
use egov_sign::gost::{GostCurve, GostPrivateKey};
use egov_sign::Certificate;
use egov_sign::ChecksumPolicy;
use egov_sign::Error;
use egov_sign::Indication;
use egov_sign::Verifier;
use egov_sign::{KeyUsageRequirement, Policy};

const NCA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/nca-test-pki");

/// A file of the real NCA test PKI (DER; PEM is decoded), from `shared/nca-test-pki/` beside
/// the clone, or from `$EGOV_SIGN_NCA_DIR` when set (e.g. for a git worktree elsewhere).
/// Fails — never skips — when the file is missing.
fn nca(name: &str) -> Vec<u8> {
    let dir = std::env::var("EGOV_SIGN_NCA_DIR").unwrap_or_else(|_| NCA_DIR.to_string());
    let path = format!("{dir}/{name}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the real NCA GOST vectors at {path}: {e}. They are expected in \
             `shared/nca-test-pki/` beside the repository clone (see the issue)."
        )
    });
    let label = if name.ends_with(".crl") {
        "X509 CRL"
    } else {
        "CERTIFICATE"
    };
    let mut blobs = decode_der_blobs(&bytes, label, 64 * 1024).unwrap();
    assert_eq!(blobs.len(), 1, "{name}");
    blobs.remove(0)
}

fn cert(name: &str) -> Certificate {
    Certificate::from_der(&nca(name)).unwrap()
}

#[test]
fn nca_crls_verify_against_their_cas() {
    let ca2015 = cert("nca_gost2015_test.cer");
    let crl = ParsedCrl::from_der(&nca("nca_gost2022_test.crl")).unwrap();
    assert_eq!(crl.len(), 6);
    crl.verify(&ca2015).unwrap();
    let ca2004 = cert("nca_gost_test.crt");
    let crl = ParsedCrl::from_der(&nca("nca_gost_test.crl")).unwrap();
    assert_eq!(crl.len(), 31);
    crl.verify(&ca2004).unwrap();
}

#[test]
fn nca_ceo_certificate_is_signed_by_its_ca() {
    let ceo = cert("ceo_valid_sign_2004_gost.cer");
    ceo.verify_signed_by(&cert("nca_gost_test.crt"), &CoreBackend)
        .unwrap();
    assert!(ceo
        .verify_signed_by(&cert("nca_gost2015_test.cer"), &CoreBackend)
        .is_err());
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// RFC 6986 §A: messages and hashes are printed as big-endian numbers; the byte string
/// hashed is the message's bytes reversed (M1 = the ASCII "0123…012"), and the RustCrypto
/// digest bytes equal the printed hash.
#[test]
fn streebog_512_rfc6986_examples() {
    let m1 = b"012345678901234567890123456789012345678901234567890123456789012";
    let mut m1_rfc = hex(
        "32313039383736353433323130393837363534333231303938373635343332\
         31303938373635343332313039383736353433323130393837363534333231 30",
    );
    m1_rfc.reverse();
    assert_eq!(m1_rfc, m1);
    assert_eq!(
        DigestAlgorithm::Streebog512.digest(m1),
        hex(
            "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa\
             00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48"
        )
    );
    let mut m2 = hex(
        "fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120\
         faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1",
    );
    m2.reverse();
    assert_eq!(
        DigestAlgorithm::Streebog512.digest(&m2),
        hex(
            "1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376\
             035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28"
        )
    );
    assert_eq!(DigestAlgorithm::Streebog512.output_len(), 64);
}

/// GOST R 34.11-94 with the test parameter set (RFC 5831 §7.3.1 examples).
#[test]
fn gost94_test_paramset_rfc5831_examples() {
    for (m, h) in [
        (
            "",
            "ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d",
        ),
        (
            "a",
            "d42c539e367c66e9c88a801f6649349c21871b4344c6a573f849fdce62f314dd",
        ),
        (
            "abc",
            "f3134348c44fb1b2a277729e2285ebb5cb5e0f29c975bc753b70497c06a4d51d",
        ),
        (
            "message digest",
            "ad4434ecb18f2c99b60cbe59ec3d2469582b65273f48de72db2fde16a4889a4d",
        ),
        (
            "The quick brown fox jumps over the lazy dog",
            "77b7fa410c9ac58a25f49bca7d0468c9296529315eaca76bd1a10f376d1f4294",
        ),
    ] {
        assert_eq!(
            DigestAlgorithm::Gost94Test.digest(m.as_bytes()),
            hex(h),
            "{m:?}"
        );
    }
    assert_eq!(DigestAlgorithm::Gost94Test.output_len(), 32);
}

fn at_2022_06_01() -> egov_sign::Time {
    time::macros::datetime!(2022-06-01 00:00 UTC)
}

#[test]
fn nca_ceo_chains_to_gost_test_ca_with_its_crl() {
    let lenient = Policy {
        checksum: ChecksumPolicy::Lenient,
        ..Policy::default()
    };
    let v = Verifier::builder()
        .anchors(&nca("nca_gost_test.crt"))
        .unwrap()
        .crls(&nca("nca_gost_test.crl"))
        .unwrap()
        .policy(lenient.clone())
        .build()
        .unwrap();
    let ceo = nca("ceo_valid_sign_2004_gost.cer");
    let r = v
        .verify_chain(&ceo, &[], KeyUsageRequirement::Sign, at_2022_06_01())
        .unwrap();
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.chain.len(), 2);
    let signer = r.signer.as_ref().unwrap();
    assert_eq!(signer.iin.as_deref(), Some("123456789011"));
    assert_eq!(signer.bin.as_deref(), Some("123456789021"));

    // Anchored at the 2015 CA instead: no path.
    let v = Verifier::builder()
        .anchors(&nca("nca_gost2015_test.cer"))
        .unwrap()
        .policy(lenient)
        .build()
        .unwrap();
    let r = v
        .verify_chain(&ceo, &[], KeyUsageRequirement::Sign, at_2022_06_01())
        .unwrap();
    assert_ne!(r.indication, Indication::Valid);
}

#[test]
fn nca_signed_objects_have_the_expected_algorithms() {
    let ceo = cert("ceo_valid_sign_2004_gost.cer");
    let ca2004 = cert("nca_gost_test.crt");
    let ca2015 = cert("nca_gost2015_test.cer");
    let alg =
        |c: &Certificate| SignatureAlgorithm::from_identifier(c.signature_algorithm()).unwrap();
    assert_eq!(alg(&ceo), SignatureAlgorithm::Gost2004);
    assert_eq!(alg(&ca2004), SignatureAlgorithm::Gost2004);
    assert_eq!(alg(&ca2015), SignatureAlgorithm::Gost2015_512);
    // The 2015 CA key cannot verify a 2004 signature and vice versa (key/algorithm check).
    assert!(matches!(
        verify_signature(
            ceo.signature_algorithm(),
            ca2015.spki(),
            ceo.tbs(),
            ceo.signature(),
            &CoreBackend
        ),
        Err(Error::Malformed { .. })
    ));
}

/// Flip one byte at each sampled position of the signed parts: every signature byte and
/// every `stride`-th TBS byte (plus the first and last). All must fail.
fn flipped_bytes_fail(
    what: &str,
    alg: &egov_sign::algorithm::AlgorithmIdentifier,
    spki: &[u8],
    tbs: &[u8],
    sig: &[u8],
    stride: usize,
) -> usize {
    verify_signature(alg, spki, tbs, sig, &CoreBackend).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut checked = 0;
    for i in 0..sig.len() {
        let mut bad = sig.to_vec();
        bad[i] ^= 0x01;
        assert_eq!(
            verify_signature(alg, spki, tbs, &bad, &CoreBackend),
            Err(Error::BadSignature),
            "{what}: signature byte {i}"
        );
        checked += 1;
    }
    let positions = (0..tbs.len()).step_by(stride).chain([tbs.len() - 1]);
    for i in positions {
        let mut bad = tbs.to_vec();
        bad[i] ^= 0x80;
        assert_eq!(
            verify_signature(alg, spki, &bad, sig, &CoreBackend),
            Err(Error::BadSignature),
            "{what}: TBS byte {i}"
        );
        checked += 1;
    }
    checked
}

#[test]
fn nca_flipped_bytes_fail() {
    // Debug builds verify a 2004 signature in a few ms: every signature byte and every 8th
    // TBS byte keeps this test to seconds.
    let stride = 8;
    let ca2004 = cert("nca_gost_test.crt");
    let ca2015 = cert("nca_gost2015_test.cer");
    let ceo = cert("ceo_valid_sign_2004_gost.cer");
    let mut n = flipped_bytes_fail(
        "CEO certificate",
        ceo.signature_algorithm(),
        ca2004.spki(),
        ceo.tbs(),
        ceo.signature(),
        stride,
    );
    for (crl, ca) in [
        ("nca_gost_test.crl", &ca2004),
        ("nca_gost2022_test.crl", &ca2015),
    ] {
        let der = nca(crl);
        let (tbs, alg, sig) = split_crl(&der);
        n += flipped_bytes_fail(crl, &alg, ca.spki(), &tbs, &sig, stride);
    }
    assert!(n > 600, "{n}");
    // Whole-file flips through the public parsers: never a valid certificate.
    let ceo_der = nca("ceo_valid_sign_2004_gost.cer");
    for i in (0..ceo_der.len()).step_by(7) {
        let mut bad = ceo_der.clone();
        bad[i] ^= 0x01;
        let ok =
            Certificate::from_der(&bad).and_then(|c| c.verify_signed_by(&ca2004, &CoreBackend));
        assert!(ok.is_err(), "CEO certificate byte {i}");
    }
}

/// (TBS DER, signature AlgorithmIdentifier, signature bytes) of a CRL.
fn split_crl(der: &[u8]) -> (Vec<u8>, egov_sign::algorithm::AlgorithmIdentifier, Vec<u8>) {
    // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }
    fn tlv_len(b: &[u8]) -> (usize, usize) {
        // (header length, content length)
        match b[1] {
            l if l < 0x80 => (2, l as usize),
            0x81 => (3, b[2] as usize),
            0x82 => (4, (b[2] as usize) << 8 | b[3] as usize),
            _ => panic!("long length"),
        }
    }
    let (h, _) = tlv_len(der);
    let body = &der[h..];
    let (th, tl) = tlv_len(body);
    let tbs = body[..th + tl].to_vec();
    let rest = &body[th + tl..];
    let (ah, al) = tlv_len(rest);
    let alg = egov_sign::algorithm::AlgorithmIdentifier::from_der(&rest[..ah + al]).unwrap();
    let bits = &rest[ah + al..];
    let (bh, bl) = tlv_len(bits);
    assert_eq!(bits[bh], 0, "unused bits");
    (tbs, alg, bits[bh + 1..bh + bl].to_vec())
}

#[test]
fn own_signatures_round_trip_on_both_curves() {
    for curve in GostCurve::ALL {
        let gost = GostPrivateKey::generate(curve).unwrap();
        let pem = egov_sign::encoding::to_pem(&gost.to_pkcs8_der().unwrap(), "PRIVATE KEY");
        let key = SigningKey::from_pkcs8(pem.as_bytes()).unwrap();
        let alg = key.algorithm();
        assert_eq!(alg.gost_curve(), Some(curve));
        let spki = key.public_key_spki_der().unwrap();
        let id = alg.algorithm_identifier();
        let msg = b"egov-sign GOST round trip";
        let sig = key.sign(msg).unwrap();
        assert_eq!(sig.len(), 2 * curve.field_len());
        // Nonces are random: two signatures of one message differ, both verify.
        let sig2 = key.sign(msg).unwrap();
        assert_ne!(sig, sig2);
        for s in [&sig, &sig2] {
            assert_eq!(
                verify_signature(&id, &spki, msg, s, &CoreBackend).unwrap(),
                alg
            );
        }
        assert_eq!(
            verify_signature(
                &id,
                &spki,
                b"egov-sign GOST round trip!",
                &sig,
                &CoreBackend
            ),
            Err(Error::BadSignature)
        );
        for i in [
            0,
            curve.field_len() - 1,
            curve.field_len(),
            2 * curve.field_len() - 1,
        ] {
            let mut bad = sig.clone();
            bad[i] ^= 0x04;
            assert_eq!(
                verify_signature(&id, &spki, msg, &bad, &CoreBackend),
                Err(Error::BadSignature)
            );
        }
        // Another key of the same curve does not verify it.
        let other = GostPrivateKey::generate(curve)
            .unwrap()
            .public_key()
            .spki_der()
            .unwrap();
        assert_eq!(
            verify_signature(&id, &other, msg, &sig, &CoreBackend),
            Err(Error::BadSignature)
        );
    }
}

#[test]
fn hostile_gost_keys_and_signatures_are_typed_errors() {
    let key = GostPrivateKey::generate(GostCurve::Gost2015_512).unwrap();
    let spki = key.public_key().spki_der().unwrap();
    let id = SignatureAlgorithm::Gost2015_512.algorithm_identifier();
    let sig = key.sign(b"m").unwrap();
    // Truncated / extended signatures.
    for s in [&sig[..127], &[sig.clone(), vec![0]].concat()[..], &[][..]] {
        assert_eq!(
            verify_signature(&id, &spki, b"m", s, &CoreBackend),
            Err(Error::BadSignature)
        );
    }
    // A public key moved off the curve (last byte of y) is refused before use.
    let mut off = spki.clone();
    let last = off.len() - 1;
    off[last] ^= 0x01;
    assert!(matches!(
        verify_signature(&id, &off, b"m", &sig, &CoreBackend),
        Err(Error::Malformed { .. })
    ));
    // Truncated SPKIs never panic.
    for n in 0..spki.len() {
        assert!(verify_signature(&id, &spki[..n], b"m", &sig, &CoreBackend).is_err());
    }
}

#[cfg(feature = "test-pki")]
mod pki {
    use super::*;
    use egov_sign::cms::{self, SignOptions};
    use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki, CON_BIN, PROVIDER_BIN};
    use egov_sign::Bin;
    use egov_sign::Code;
    use egov_sign::VerificationTime;
    use egov_sign::VerifyOptions;

    fn verifier(p: &TestPki) -> Verifier {
        Verifier::builder()
            .anchors(&p.root.cert_der)
            .unwrap()
            .intermediates(&p.ca.cert_der)
            .unwrap()
            .crls(&p.crls.root_full)
            .unwrap()
            .crls(&p.crls.ca_full)
            .unwrap()
            .policy(Policy {
                operator_bins: vec![Bin::parse(CON_BIN).unwrap()],
                provider_bins: vec![Bin::parse(PROVIDER_BIN).unwrap()],
                ..Policy::default()
            })
            .build()
            .unwrap()
    }

    fn sign(p: &TestPki, who: &Issued, content: &[u8]) -> Vec<u8> {
        let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
        cms::sign(
            content,
            &key,
            &who.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &SignOptions {
                signing_time: Some(p.generated_at),
                ..SignOptions::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn gost_envelopes_end_to_end() {
        for (family, digest_oid) in [
            (KeyFamily::Gost2015, "1.2.398.3.10.1.3.3"),
            (KeyFamily::Gost2004, "1.2.398.3.10.1.3.1"),
        ] {
            let p = TestPki::generate(family, time::OffsetDateTime::now_utc()).unwrap();
            let v = verifier(&p);
            let o = VerifyOptions {
                time: VerificationTime::At(p.generated_at),
                ..VerifyOptions::default()
            };
            let request = samples::citizen_portal_request(p.generated_at)
                .unwrap()
                .to_json();
            let env = sign(&p, &p.citizen_sign, &request);
            // The SignerInfo names the GOST digest and signature algorithm.
            let parsed = cms::Envelope::parse(&env).unwrap();
            let alg = parsed.signer_algorithm().unwrap();
            assert_eq!(alg.gost_curve(), family.gost_curve());
            assert_eq!(alg.digest().oid().to_string(), digest_oid);
            let r = v.verify_request(&env, &o).unwrap();
            assert_eq!(
                r.indication,
                Indication::Valid,
                "{family:?}: {:#?}",
                r.findings
            );
            // Revoked signer.
            let r = v
                .verify_request(&sign(&p, &p.revoked_sign, &request), &o)
                .unwrap();
            assert_eq!(r.codes(), vec![Code::CertRevoked], "{family:?}");
            // Signed by another citizen: IIN mismatch.
            let r = v
                .verify_request(&sign(&p, &p.citizen2_sign, &request), &o)
                .unwrap();
            assert!(r.has(Code::IinMismatch), "{family:?}: {:#?}", r.findings);
            assert_eq!(r.indication, Indication::Invalid);
            // A flipped byte in the signature value: signature invalid.
            let mut bad = env.clone();
            let sig = parsed_signature_offset(&env, &parsed);
            bad[sig] ^= 0x01;
            let r = v.verify_request(&bad, &o).unwrap();
            assert_eq!(r.indication, Indication::Invalid, "{family:?}");
        }
    }

    fn parsed_signature_offset(env: &[u8], parsed: &cms::Envelope) -> usize {
        let sig = parsed_sig(parsed);
        env.windows(sig.len())
            .position(|w| w == sig)
            .expect("signature bytes in the envelope")
    }

    fn parsed_sig(parsed: &cms::Envelope) -> Vec<u8> {
        parsed.signature.clone()
    }
}

/// Quick timing (not an assertion): `cargo test --release -p egov-sign --test gost --
/// --ignored --nocapture gost_timing`.
#[test]
#[ignore]
fn gost_timing() {
    for curve in GostCurve::ALL {
        let key = GostPrivateKey::generate(curve).unwrap();
        let msg = vec![0x5au8; 1024];
        let n = 50;
        let t = std::time::Instant::now();
        let mut sigs = Vec::new();
        for _ in 0..n {
            sigs.push(key.sign(&msg).unwrap());
        }
        let sign = t.elapsed() / n;
        let t = std::time::Instant::now();
        for s in &sigs {
            key.public_key().verify(&msg, s).unwrap();
        }
        let verify = t.elapsed() / n;
        eprintln!("{curve}: sign {sign:?}, verify {verify:?} (1 KiB message, mean of {n})");
    }
}
