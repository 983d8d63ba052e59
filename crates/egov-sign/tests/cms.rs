//! CMS SignedData: round trips for every algorithm, tampering, limits, hostile input.

use std::process::Command;
use std::sync::OnceLock;

use base64::Engine as _;
use egov_sign::algorithm::{CoreBackend, SignatureAlgorithm, SigningKey};
use egov_sign::cms::{self, Envelope, SignOptions, SignerIdentifier};
use egov_sign::{encoding, Error, Time};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair};
use x509_parser::prelude::{FromDer as _, X509Certificate};

// ---------------------------------------------------------------- DER helpers (test side)

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else if len < 0x10000 {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    } else {
        out.extend_from_slice(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// Split the content of a constructed TLV into its child TLVs (test input is trusted).
fn children(tlv_bytes: &[u8]) -> Vec<Vec<u8>> {
    let (_, body) = header(tlv_bytes);
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (hl, b) = header(rest);
        let total = hl + b.len();
        out.push(rest[..total].to_vec());
        rest = &rest[total..];
    }
    out
}

fn header(t: &[u8]) -> (usize, &[u8]) {
    let l = t[1] as usize;
    if l < 0x80 {
        (2, &t[2..2 + l])
    } else {
        let n = l & 0x7f;
        let len = t[2..2 + n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | *b as usize);
        (2 + n, &t[2 + n..2 + n + len])
    }
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut bytes = vec![(arc & 0x7f) as u8];
        let mut a = arc >> 7;
        while a > 0 {
            bytes.push(((a & 0x7f) as u8) | 0x80);
            a >>= 7;
        }
        bytes.reverse();
        body.extend(bytes);
    }
    tlv(0x06, &body)
}

fn name(cn: &str) -> Vec<u8> {
    tlv(
        0x30,
        &tlv(
            0x31,
            &tlv(0x30, &[oid("2.5.4.3"), tlv(0x0c, cn.as_bytes())].concat()),
        ),
    )
}

/// A minimal X.509 v3 certificate carrying `spki` (its signature is a placeholder: the CMS
/// layer does not check certificate signatures).
fn make_cert(spki: &[u8], serial: u8, ski: &[u8]) -> Vec<u8> {
    let alg = tlv(
        0x30,
        &[oid("1.2.840.113549.1.1.11"), vec![0x05, 0x00]].concat(),
    );
    let validity = tlv(
        0x30,
        &[tlv(0x17, b"250101000000Z"), tlv(0x17, b"350101000000Z")].concat(),
    );
    let ext = tlv(
        0x30,
        &[oid("2.5.29.14"), tlv(0x04, &tlv(0x04, ski))].concat(),
    );
    let tbs = tlv(
        0x30,
        &[
            tlv(0xa0, &tlv(0x02, &[2])),
            tlv(0x02, &[serial]),
            alg.clone(),
            name("Test CA"),
            validity,
            name("Test signer"),
            spki.to_vec(),
            tlv(0xa3, &tlv(0x30, &ext)),
        ]
        .concat(),
    );
    tlv(0x30, &[tbs, alg, tlv(0x03, &[0, 1, 2, 3])].concat())
}

fn cert_spki(cert: &[u8]) -> Vec<u8> {
    let (_, c) = X509Certificate::from_der(cert).unwrap();
    c.tbs_certificate.subject_pki.raw.to_vec()
}

// ---------------------------------------------------------------- keys

fn rsa_pkcs8() -> &'static [u8] {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    KEY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rsa.pem");
        let st = Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
            ])
            .arg(&path)
            .output()
            .expect("the openssl CLI is required for the RSA tests");
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        std::fs::read(&path).unwrap()
    })
}

fn p256_pkcs8() -> Vec<u8> {
    EcdsaKeyPair::generate_pkcs8(
        &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
        &SystemRandom::new(),
    )
    .unwrap()
    .as_ref()
    .to_vec()
}

fn p384_pkcs8() -> Vec<u8> {
    EcdsaKeyPair::generate_pkcs8(
        &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
        &SystemRandom::new(),
    )
    .unwrap()
    .as_ref()
    .to_vec()
}

fn ed25519_pkcs8() -> Vec<u8> {
    Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .unwrap()
        .as_ref()
        .to_vec()
}

struct Signer {
    key: SigningKey,
    cert: Vec<u8>,
}

fn signer(pkcs8: &[u8], alg: Option<SignatureAlgorithm>) -> Signer {
    let mut key = SigningKey::from_pkcs8(pkcs8).unwrap();
    if let Some(alg) = alg {
        key = key.with_algorithm(alg).unwrap();
    }
    let cert = make_cert(&key.public_key_spki_der().unwrap(), 7, b"ski-of-signer");
    Signer { key, cert }
}

fn all_signers() -> Vec<Signer> {
    let mut v = Vec::new();
    for alg in [
        SignatureAlgorithm::RsaPkcs1Sha256,
        SignatureAlgorithm::RsaPkcs1Sha384,
        SignatureAlgorithm::RsaPkcs1Sha512,
        SignatureAlgorithm::RsaPssSha256,
        SignatureAlgorithm::RsaPssSha384,
        SignatureAlgorithm::RsaPssSha512,
    ] {
        v.push(signer(rsa_pkcs8(), Some(alg)));
    }
    v.push(signer(&p256_pkcs8(), None));
    v.push(signer(&p384_pkcs8(), None));
    v.push(signer(&ed25519_pkcs8(), None));
    v
}

fn time(unix: i64) -> Time {
    Time::from_unix_timestamp(unix).unwrap()
}

fn attached(s: &Signer, content: &[u8]) -> Vec<u8> {
    cms::sign(
        content,
        &s.key,
        &s.cert,
        &[],
        &SignOptions {
            signing_time: Some(time(1_767_225_600)),
            ..SignOptions::default()
        },
    )
    .unwrap()
}

// ---------------------------------------------------------------- round trips

#[test]
fn round_trip_every_algorithm_attached_and_detached_all_wrappings() {
    let content = "{\"service\":\"очередь\"}".as_bytes();
    let issuer_cert = make_cert(
        &SigningKey::from_pkcs8(&p256_pkcs8())
            .unwrap()
            .public_key_spki_der()
            .unwrap(),
        1,
        b"ca",
    );
    let mut seen = Vec::new();
    for s in all_signers() {
        for detached in [false, true] {
            let der = cms::sign(
                content,
                &s.key,
                &s.cert,
                std::slice::from_ref(&issuer_cert),
                &SignOptions {
                    detached,
                    signing_time: Some(time(1_767_225_600)),
                    sid_by_ski: false,
                },
            )
            .unwrap();
            let pem = cms::to_pem(&der);
            let pkcs7 = encoding::to_pem(&der, "PKCS7").replace('\n', "\r\n");
            let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
            let wrapped: String = b64
                .as_bytes()
                .chunks(76)
                .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
                .collect();
            for input in [
                der.clone(),
                pem.into_bytes(),
                pkcs7.into_bytes(),
                b64.into_bytes(),
                wrapped.into_bytes(),
            ] {
                let env = Envelope::parse(&input).unwrap();
                assert_eq!(env.der, der);
                assert_eq!(env.content_type, egov_sign::oid::ID_DATA);
                assert_eq!(env.is_detached(), detached);
                assert_eq!(env.content.as_deref(), (!detached).then_some(content));
                assert_eq!(env.signing_time, Some(time(1_767_225_600)));
                assert_eq!(env.certificates.len(), 2);
                assert!(env.certificates.contains(&s.cert));
                assert!(env.has_signed_attributes());
                assert_eq!(env.version, 1);
                assert!(env.signer_matches(&s.cert));
                assert!(!env.signer_matches(&issuer_cert));
                let spki = cert_spki(&s.cert);
                let ext = if detached { Some(content) } else { None };
                assert_eq!(
                    env.verify_signature(ext, &spki, &CoreBackend).unwrap(),
                    s.key.algorithm()
                );
                // Attached envelopes also accept the same content given externally.
                assert_eq!(
                    env.verify_signature(Some(content), &spki, &CoreBackend)
                        .unwrap(),
                    s.key.algorithm()
                );
                if detached {
                    assert_eq!(
                        env.verify_signature(None, &spki, &CoreBackend),
                        Err(Error::ContentMissing)
                    );
                }
            }
            seen.push(s.key.algorithm());
        }
    }
    assert_eq!(seen.len(), 18);
}

#[test]
fn signature_algorithm_identifiers_are_the_standard_ones() {
    let cases = [
        (
            SignatureAlgorithm::RsaPkcs1Sha256,
            "1.2.840.113549.1.1.11",
            Some(vec![5u8, 0]),
        ),
        (
            SignatureAlgorithm::EcdsaP256Sha256,
            "1.2.840.10045.4.3.2",
            None,
        ),
        (
            SignatureAlgorithm::EcdsaP384Sha384,
            "1.2.840.10045.4.3.3",
            None,
        ),
        (SignatureAlgorithm::Ed25519, "1.3.101.112", None),
    ];
    for (alg, oid, params) in cases {
        let id = alg.algorithm_identifier();
        assert_eq!(id.oid.to_string(), oid);
        assert_eq!(id.parameters, params);
    }
    assert_eq!(
        SignatureAlgorithm::RsaPssSha384.oid().to_string(),
        "1.2.840.113549.1.1.10"
    );
    let s = signer(&ed25519_pkcs8(), None);
    let env = Envelope::parse(&attached(&s, b"x")).unwrap();
    assert_eq!(
        env.digest_algorithm.oid.to_string(),
        "2.16.840.1.101.3.4.2.3"
    );
    assert_eq!(env.digest_algorithm.parameters, None);
}

#[test]
fn signer_by_subject_key_identifier() {
    let s = signer(&p256_pkcs8(), None);
    let der = cms::sign(
        b"abc",
        &s.key,
        &s.cert,
        &[],
        &SignOptions {
            sid_by_ski: true,
            ..Default::default()
        },
    )
    .unwrap();
    let env = Envelope::parse(&der).unwrap();
    assert_eq!(
        env.signer,
        SignerIdentifier::SubjectKeyId(b"ski-of-signer".to_vec())
    );
    assert_eq!(env.version, 3);
    assert_eq!(env.signer_version, 3);
    assert_eq!(env.signing_time, None);
    assert!(env.signer_matches(&s.cert));
    let other = make_cert(&s.key.public_key_spki_der().unwrap(), 7, b"other-ski");
    assert!(!env.signer_matches(&other));
    assert!(!env.signer_matches(b"not a certificate"));
    env.verify_signature(None, &cert_spki(&s.cert), &CoreBackend)
        .unwrap();
}

#[test]
fn issuer_and_serial_identifies_the_certificate() {
    let s = signer(&p256_pkcs8(), None);
    let env = Envelope::parse(&attached(&s, b"abc")).unwrap();
    match &env.signer {
        SignerIdentifier::IssuerAndSerial { issuer, serial } => {
            assert_eq!(issuer, &name("Test CA"));
            assert_eq!(serial, &vec![7]);
        }
        other => panic!("unexpected {other:?}"),
    }
    let other_serial = make_cert(&s.key.public_key_spki_der().unwrap(), 8, b"ski-of-signer");
    assert!(!env.signer_matches(&other_serial));
}

#[test]
fn signing_time_utc_and_generalized() {
    let s = signer(&ed25519_pkcs8(), None);
    // 2049-12-31T23:59:59Z → UTCTime; 2050-01-01T00:00:00Z → GeneralizedTime.
    for (unix, tag) in [(2_524_607_999i64, 0x17u8), (2_524_608_000, 0x18)] {
        let der = cms::sign(
            b"t",
            &s.key,
            &s.cert,
            &[],
            &SignOptions {
                signing_time: Some(time(unix)),
                ..Default::default()
            },
        )
        .unwrap();
        let env = Envelope::parse(&der).unwrap();
        assert_eq!(env.signing_time, Some(time(unix)));
        let attrs = env.signed_attrs.as_ref().unwrap();
        let time_oid = oid("1.2.840.113549.1.9.5");
        let pos = attrs
            .windows(time_oid.len())
            .position(|w| w == time_oid.as_slice())
            .unwrap();
        // OID, then SET (0x31, len), then the Time's tag.
        assert_eq!(attrs[pos + time_oid.len() + 2], tag);
        env.verify_signature(None, &cert_spki(&s.cert), &CoreBackend)
            .unwrap();
    }
}

// ---------------------------------------------------------------- failures

#[test]
fn certificate_key_mismatch() {
    let a = signer(&p256_pkcs8(), None);
    let b = signer(&p256_pkcs8(), None);
    assert_eq!(
        cms::sign(b"x", &a.key, &b.cert, &[], &SignOptions::default()),
        Err(Error::CertificateKeyMismatch)
    );
    let ed = signer(&ed25519_pkcs8(), None);
    assert_eq!(
        cms::sign(b"x", &ed.key, &a.cert, &[], &SignOptions::default()),
        Err(Error::CertificateKeyMismatch)
    );
}

#[test]
fn tampered_content_is_digest_mismatch() {
    for s in [
        signer(rsa_pkcs8(), None),
        signer(&p256_pkcs8(), None),
        signer(&ed25519_pkcs8(), None),
    ] {
        let content = b"request 0001".to_vec();
        let spki = cert_spki(&s.cert);
        // Attached: change one byte of the eContent inside the DER.
        let der = attached(&s, &content);
        let pos = der
            .windows(content.len())
            .position(|w| w == content.as_slice())
            .unwrap();
        let mut bad = der.clone();
        bad[pos + 3] ^= 0x01;
        let env = Envelope::parse(&bad).unwrap();
        assert_eq!(
            env.verify_signature(None, &spki, &CoreBackend),
            Err(Error::DigestMismatch)
        );
        // Detached: wrong external content.
        let det = cms::sign(
            &content,
            &s.key,
            &s.cert,
            &[],
            &SignOptions {
                detached: true,
                ..Default::default()
            },
        )
        .unwrap();
        let env = Envelope::parse(&det).unwrap();
        let mut other = content.clone();
        other[0] ^= 0x20;
        assert_eq!(
            env.verify_signature(Some(&other), &spki, &CoreBackend),
            Err(Error::DigestMismatch)
        );
        assert_eq!(
            env.verify_signature(Some(b""), &spki, &CoreBackend),
            Err(Error::DigestMismatch)
        );
        // Attached with a different external content.
        let env = Envelope::parse(&der).unwrap();
        assert_eq!(
            env.verify_signature(Some(&other), &spki, &CoreBackend),
            Err(Error::DigestMismatch)
        );
    }
}

#[test]
fn tampered_signature_is_bad_signature() {
    for s in all_signers() {
        let mut env = Envelope::parse(&attached(&s, b"payload")).unwrap();
        let spki = cert_spki(&s.cert);
        let last = env.signature.len() - 1;
        env.signature[last] ^= 0x01;
        assert_eq!(
            env.verify_signature(None, &spki, &CoreBackend),
            Err(Error::BadSignature),
            "{:?}",
            s.key.algorithm()
        );
        // Also through the DER: flip the signature's last byte in the envelope.
        let der = attached(&s, b"payload");
        let env = Envelope::parse(&der).unwrap();
        let pos = der
            .windows(env.signature.len())
            .rposition(|w| w == env.signature.as_slice())
            .unwrap();
        let mut bad = der.clone();
        bad[pos] ^= 0x80;
        match Envelope::parse(&bad) {
            Ok(e) => assert_eq!(
                e.verify_signature(None, &spki, &CoreBackend),
                Err(Error::BadSignature)
            ),
            Err(e) => assert!(matches!(e, Error::Malformed { .. })),
        }
    }
}

#[test]
fn wrong_key_is_bad_signature() {
    let s = signer(&p256_pkcs8(), None);
    let other = signer(&p256_pkcs8(), None);
    let env = Envelope::parse(&attached(&s, b"payload")).unwrap();
    assert_eq!(
        env.verify_signature(None, &cert_spki(&other.cert), &CoreBackend),
        Err(Error::BadSignature)
    );
}

#[test]
fn every_signed_attribute_byte_is_protected() {
    let s = signer(&p256_pkcs8(), None);
    let spki = cert_spki(&s.cert);
    let der = attached(&s, b"payload");
    let env = Envelope::parse(&der).unwrap();
    let attrs = env.signed_attrs.clone().unwrap();
    // The [0] IMPLICIT form in the DER differs only in the first byte.
    let body = &attrs[1..];
    let start = der.windows(body.len()).position(|w| w == body).unwrap() - 1;
    assert_eq!(der[start], 0xa0);
    for i in start..start + attrs.len() {
        for flip in [0x01u8, 0x80] {
            let mut bad = der.clone();
            bad[i] ^= flip;
            let result =
                Envelope::parse(&bad).and_then(|e| e.verify_signature(None, &spki, &CoreBackend));
            match result {
                Err(
                    Error::BadSignature
                    | Error::Malformed { .. }
                    | Error::DigestMismatch
                    | Error::TooLarge { .. },
                ) => {}
                other => panic!("byte {i} flip {flip:#x}: {other:?}"),
            }
        }
    }
    // A flip inside the signingTime digits specifically is a bad signature.
    let time_oid = oid("1.2.840.113549.1.9.5");
    let pos = der
        .windows(time_oid.len())
        .position(|w| w == time_oid.as_slice())
        .unwrap();
    let mut bad = der.clone();
    bad[pos + time_oid.len() + 6] ^= 0x01; // a digit of the UTCTime
    let e = Envelope::parse(&bad).unwrap();
    assert_eq!(
        e.verify_signature(None, &spki, &CoreBackend),
        Err(Error::BadSignature)
    );
}

#[test]
fn wrong_key_type_for_algorithm_is_an_error() {
    let rsa = signer(rsa_pkcs8(), None);
    let p256 = signer(&p256_pkcs8(), None);
    let ed = signer(&ed25519_pkcs8(), None);
    let env_rsa = Envelope::parse(&attached(&rsa, b"x")).unwrap();
    let env_ec = Envelope::parse(&attached(&p256, b"x")).unwrap();
    let env_ed = Envelope::parse(&attached(&ed, b"x")).unwrap();
    assert!(matches!(
        env_rsa.verify_signature(None, &cert_spki(&p256.cert), &CoreBackend),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        env_rsa.verify_signature(None, &cert_spki(&ed.cert), &CoreBackend),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        env_ec.verify_signature(None, &cert_spki(&rsa.cert), &CoreBackend),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        env_ed.verify_signature(None, &cert_spki(&p256.cert), &CoreBackend),
        Err(Error::Malformed { .. })
    ));
    assert!(env_ec
        .verify_signature(None, b"garbage", &CoreBackend)
        .is_err());
    // An RSA key cannot be made to sign ECDSA, an EC key not RSA.
    assert!(SigningKey::from_pkcs8(rsa_pkcs8())
        .unwrap()
        .with_algorithm(SignatureAlgorithm::EcdsaP256Sha256)
        .is_err());
    assert!(SigningKey::from_pkcs8(&p256_pkcs8())
        .unwrap()
        .with_algorithm(SignatureAlgorithm::RsaPssSha256)
        .is_err());
}

#[test]
fn signing_keys_load_from_pem_and_reject_garbage() {
    let pem = encoding::to_pem(&p256_pkcs8(), "PRIVATE KEY");
    assert_eq!(
        SigningKey::from_pkcs8(pem.as_bytes()).unwrap().algorithm(),
        SignatureAlgorithm::EcdsaP256Sha256
    );
    assert_eq!(
        SigningKey::from_pkcs8(rsa_pkcs8()).unwrap().algorithm(),
        SignatureAlgorithm::RsaPkcs1Sha256
    );
    assert!(matches!(
        SigningKey::from_pkcs8(b"garbage"),
        Err(Error::InvalidKey { .. })
    ));
    assert!(SigningKey::from_pkcs8(&[0x30, 0x03, 0x02, 0x01, 0x00]).is_err());
    let k = SigningKey::from_pkcs8(&ed25519_pkcs8()).unwrap();
    assert!(!format!("{k:?}").contains("0x"));
}

#[test]
fn truncated_envelope_at_every_length_is_an_error() {
    for s in [signer(&p256_pkcs8(), None), signer(&ed25519_pkcs8(), None)] {
        let der = attached(&s, b"truncate me");
        for len in 0..der.len() {
            assert!(Envelope::parse(&der[..len]).is_err(), "length {len}");
        }
        let pem = cms::to_pem(&der);
        for len in (0..pem.len()).step_by(7) {
            assert!(
                Envelope::parse(&pem.as_bytes()[..len]).is_err(),
                "PEM length {len}"
            );
        }
        // Trailing garbage too.
        let mut long = der.clone();
        long.push(0);
        assert!(matches!(
            Envelope::parse(&long),
            Err(Error::Malformed { .. })
        ));
    }
}

#[test]
fn random_garbage_never_panics() {
    let s = signer(&p256_pkcs8(), None);
    let der = attached(&s, b"fuzz");
    // A tiny deterministic xorshift generator.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..2000 {
        let len = (next() % 300) as usize;
        let garbage: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        assert!(Envelope::parse(&garbage).is_err());
        let mut with_seq = garbage.clone();
        with_seq.insert(0, 0x30);
        let _ = Envelope::parse(&with_seq);
        // Random byte mutations of a valid envelope: Err or a result, never a panic.
        let mut m = der.clone();
        for _ in 0..(1 + next() % 4) {
            let i = (next() as usize) % m.len();
            m[i] = next() as u8;
        }
        if let Ok(env) = Envelope::parse(&m) {
            let _ = env.verify_signature(Some(b"fuzz"), &cert_spki(&s.cert), &CoreBackend);
        }
    }
}

#[test]
fn oversized_input_is_too_large() {
    let big = vec![0x30u8; 17 * 1024 * 1024];
    assert!(matches!(Envelope::parse(&big), Err(Error::TooLarge { .. })));
    let text = vec![b'A'; 25 * 1024 * 1024];
    assert!(matches!(
        Envelope::parse(&text),
        Err(Error::TooLarge { .. })
    ));
    // 17 MiB of DER as base64 (~22.7 MiB of text) is still over the DER limit.
    let b64 = base64::engine::general_purpose::STANDARD.encode(vec![0u8; 17 * 1024 * 1024]);
    assert!(matches!(
        Envelope::parse(b64.as_bytes()),
        Err(Error::TooLarge { .. })
    ));
}

/// Rebuild an envelope from `der` with the SignedData's certificates and signerInfos
/// replaced.
fn rebuild(der: &[u8], certs: Option<Vec<Vec<u8>>>, signer_infos: Option<Vec<Vec<u8>>>) -> Vec<u8> {
    let ci = children(der);
    let sd = children(&children(&ci[1])[0]);
    // sd: version, digestAlgorithms, encapContentInfo, [0] certificates, signerInfos.
    assert_eq!(sd.len(), 5);
    let certs = certs.map_or(sd[3].clone(), |c| tlv(0xa0, &c.concat()));
    let sis = signer_infos.map_or(sd[4].clone(), |s| tlv(0x31, &s.concat()));
    let new_sd = tlv(
        0x30,
        &[sd[0].clone(), sd[1].clone(), sd[2].clone(), certs, sis].concat(),
    );
    tlv(0x30, &[ci[0].clone(), tlv(0xa0, &new_sd)].concat())
}

#[test]
fn certificate_count_limit() {
    let s = signer(&p256_pkcs8(), None);
    let der = attached(&s, b"x");
    let spki = cert_spki(&s.cert);
    let many = |n: u8| -> Vec<Vec<u8>> { (0..n).map(|i| make_cert(&spki, i, b"k")).collect() };
    let ok = Envelope::parse(&rebuild(&der, Some(many(32)), None)).unwrap();
    assert_eq!(ok.certificates.len(), 32);
    ok.verify_signature(None, &spki, &CoreBackend).unwrap();
    assert!(matches!(
        Envelope::parse(&rebuild(&der, Some(many(33)), None)),
        Err(Error::TooLarge {
            size: 33,
            limit: 32,
            ..
        })
    ));
    // The signer refuses to build such an envelope too.
    let chain: Vec<Vec<u8>> = many(32);
    assert!(matches!(
        cms::sign(b"x", &s.key, &s.cert, &chain, &SignOptions::default()),
        Err(Error::TooLarge { .. })
    ));
    let chain: Vec<Vec<u8>> = many(31)
        .into_iter()
        .map(|c| {
            let mut c = c;
            c.push(0);
            c.pop();
            c
        })
        .collect();
    let env = Envelope::parse(
        &cms::sign(b"x", &s.key, &s.cert, &chain, &SignOptions::default()).unwrap(),
    )
    .unwrap();
    assert_eq!(env.certificates.len(), 32);
    // DER SET OF order.
    let mut sorted = env.certificates.clone();
    sorted.sort();
    assert_eq!(sorted, env.certificates);
}

#[test]
fn signer_info_count_is_one_to_max_signers() {
    use egov_sign::limits::MAX_SIGNERS;
    let s = signer(&p256_pkcs8(), None);
    let der = attached(&s, b"x");
    let sd = children(&children(&children(&der)[1])[0]);
    let si = children(&sd[4]).remove(0);
    // Several SignerInfos (KalkanCrypt co-signs that way) are read, each on its own.
    let two = rebuild(&der, None, Some(vec![si.clone(), si.clone()]));
    let env = Envelope::parse(&two).unwrap();
    assert_eq!(env.signers.len(), 2);
    assert_eq!(env.signers[1].der, si);
    let spki = cert_spki(&s.cert);
    assert!(env.verify_signer(1, None, &spki, &CoreBackend).is_ok());
    let max = rebuild(&der, None, Some(vec![si.clone(); MAX_SIGNERS]));
    assert_eq!(Envelope::parse(&max).unwrap().signers.len(), MAX_SIGNERS);
    let over = rebuild(&der, None, Some(vec![si.clone(); MAX_SIGNERS + 1]));
    match Envelope::parse(&over) {
        Err(Error::TooLarge { what, limit, .. }) => {
            assert_eq!((what, limit), ("SignerInfos", MAX_SIGNERS))
        }
        other => panic!("{other:?}"),
    }
    let none = rebuild(&der, None, Some(vec![]));
    match Envelope::parse(&none) {
        Err(Error::Malformed { detail, .. }) => {
            assert!(detail.contains("no SignerInfo"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    // Sanity: the rebuild itself preserves a valid envelope.
    let same = rebuild(&der, None, Some(vec![si]));
    assert_eq!(same, der);
}

#[test]
fn duplicate_signed_attribute_is_malformed() {
    let s = signer(&p256_pkcs8(), None);
    let der = attached(&s, b"x");
    let sd = children(&children(&children(&der)[1])[0]);
    let si = children(&sd[4]).remove(0);
    let parts = children(&si);
    // parts: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature.
    assert_eq!(parts[3][0], 0xa0);
    let attrs = children(&parts[3]);
    let md = attrs
        .iter()
        .find(|a| {
            a.windows(11)
                .any(|w| w == oid("1.2.840.113549.1.9.4").as_slice())
        })
        .unwrap()
        .clone();
    let mut doubled = attrs.clone();
    doubled.push(md);
    let mut new_parts = parts.clone();
    new_parts[3] = tlv(0xa0, &doubled.concat());
    let new_si = tlv(0x30, &new_parts.concat());
    match Envelope::parse(&rebuild(&der, None, Some(vec![new_si]))) {
        Err(Error::Malformed { detail, .. }) => {
            assert!(detail.contains("more than once"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    // Without messageDigest: malformed.
    let without: Vec<Vec<u8>> = attrs
        .iter()
        .filter(|a| {
            !a.windows(11)
                .any(|w| w == oid("1.2.840.113549.1.9.4").as_slice())
        })
        .cloned()
        .collect();
    let mut new_parts = parts.clone();
    new_parts[3] = tlv(0xa0, &without.concat());
    let new_si = tlv(0x30, &new_parts.concat());
    assert!(matches!(
        Envelope::parse(&rebuild(&der, None, Some(vec![new_si]))),
        Err(Error::Malformed { .. })
    ));
}

/// Replace the signed attributes of `der`'s SignerInfo with `attrs` (each a full Attribute
/// TLV) and re-sign them with `key`; `attrs` = None removes them (signature over content).
fn resign(der: &[u8], key: &SigningKey, attrs: Option<Vec<Vec<u8>>>, content: &[u8]) -> Vec<u8> {
    let sd = children(&children(&children(der)[1])[0]);
    let mut parts = children(&children(&sd[4])[0]);
    let (field, sig) = match attrs {
        Some(a) => {
            let body = a.concat();
            (Some(tlv(0xa0, &body)), key.sign(&tlv(0x31, &body)).unwrap())
        }
        None => (None, key.sign(content).unwrap()),
    };
    let n = parts.len();
    parts[n - 1] = tlv(0x04, &sig);
    match field {
        Some(f) => parts[3] = f,
        None => {
            parts.remove(3);
        }
    }
    rebuild(der, None, Some(vec![tlv(0x30, &parts.concat())]))
}

#[test]
fn content_type_attribute_must_match_and_noattr_rules() {
    let s = signer(&p256_pkcs8(), None);
    let spki = cert_spki(&s.cert);
    let der = attached(&s, b"body");
    let env = Envelope::parse(&der).unwrap();
    let attrs = children(env.signed_attrs.as_ref().unwrap());
    let ct_oid = oid("1.2.840.113549.1.9.3");
    let swapped: Vec<Vec<u8>> = attrs
        .iter()
        .map(|a| {
            if a.windows(ct_oid.len()).any(|w| w == ct_oid.as_slice()) {
                tlv(
                    0x30,
                    &[ct_oid.clone(), tlv(0x31, &oid("1.2.840.113549.1.7.2"))].concat(),
                )
            } else {
                a.clone()
            }
        })
        .collect();
    // Sanity: re-signing the unchanged attributes verifies.
    let same = Envelope::parse(&resign(&der, &s.key, Some(attrs.clone()), b"")).unwrap();
    same.verify_signature(None, &spki, &CoreBackend).unwrap();
    // A validly signed contentType attribute that differs from eContentType is refused.
    let bad = Envelope::parse(&resign(&der, &s.key, Some(swapped), b"")).unwrap();
    match bad.verify_signature(None, &spki, &CoreBackend) {
        Err(Error::Malformed { detail, .. }) => assert!(detail.contains("contentType"), "{detail}"),
        other => panic!("{other:?}"),
    }
    // Without signed attributes the signature is over the content (OpenSSL -noattr).
    let noattr = Envelope::parse(&resign(&der, &s.key, None, b"body")).unwrap();
    assert!(!noattr.has_signed_attributes());
    assert_eq!(noattr.signing_time, None);
    noattr.verify_signature(None, &spki, &CoreBackend).unwrap();
    assert_eq!(
        noattr.verify_signature(Some(b"bodY"), &spki, &CoreBackend),
        Err(Error::DigestMismatch)
    );
    let det = cms::sign(
        b"body",
        &s.key,
        &s.cert,
        &[],
        &SignOptions {
            detached: true,
            ..Default::default()
        },
    )
    .unwrap();
    let noattr_det = Envelope::parse(&resign(&det, &s.key, None, b"body")).unwrap();
    noattr_det
        .verify_signature(Some(b"body"), &spki, &CoreBackend)
        .unwrap();
    assert_eq!(
        noattr_det.verify_signature(Some(b"bodY"), &spki, &CoreBackend),
        Err(Error::BadSignature)
    );
}
