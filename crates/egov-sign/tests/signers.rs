//! Several signers in one envelope (issue 15): real KalkanCrypt envelopes with two signers
//! (GOST + RSA), envelopes of the test PKI with mixed families, the document's signer rule,
//! and co-signing.

mod common;

use common::*;
use egov_sign::cms::{self, Envelope, SignOptions};
use egov_sign::encoding::decode_der_blobs;
use egov_sign::limits::MAX_SIGNERS;
use egov_sign::oid;
use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki, CITIZEN2_IIN, CITIZEN_IIN};
use egov_sign::Certificate;
use egov_sign::ChecksumPolicy;
use egov_sign::KeyStore;
use egov_sign::{Code, Indication, Lang, Report};
use egov_sign::{CoreBackend, SigningKey};
use egov_sign::{Error, Time};
use egov_sign::{Policy, RevocationScope, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata");

/// A file under `testdata/` (fails, never skips, when missing).
fn testdata(path: &str) -> Vec<u8> {
    let full = format!("{TESTDATA}/{path}");
    std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"))
}

fn der(path: &str, label: &str) -> Vec<u8> {
    let mut blobs = decode_der_blobs(&testdata(path), label, 1 << 20).unwrap();
    assert_eq!(blobs.len(), 1, "{path}");
    blobs.remove(0)
}

fn at(t: Time) -> VerifyOptions<'static> {
    VerifyOptions {
        time: VerificationTime::At(t),
        ..VerifyOptions::default()
    }
}

fn codes(r: &Report, i: usize) -> Vec<Code> {
    let mut out: Vec<Code> = r.signers[i].findings.iter().map(|f| f.code).collect();
    out.dedup();
    out
}

// ------------------------------------------------------------ real KalkanCrypt envelopes

/// KalkanCrypt (NCANode's test fixtures, see testdata/kalkan/SOURCE.md): "test123" signed by
/// a GOST 34.10-2015 individual certificate of the NCA GOST TEST 2022 CA and an RSA
/// certificate of ҰКО 3.0 (RSA TEST), on 2022-09-27.
const KALKAN_TWO: &str = "kalkan/ncanode_two_signers_gost2015_rsa.p7s";
const KALKAN_TWO_DETACHED: &str = "kalkan/ncanode_two_signers_detached.p7s";
const KALKAN_ONE_RSA: &str = "kalkan/ncanode_one_signer_rsa.p7s";

fn kalkan_verifier(revocation: RevocationScope) -> Verifier {
    Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .anchors(&testdata("kalkan/nca_rsa_test.crt"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .crls(&testdata("nca/nca_gost2022_test.crl"))
        .unwrap()
        .crls(&testdata("kalkan/nca_rsa_test.crl"))
        .unwrap()
        .policy(Policy {
            checksum: ChecksumPolicy::Lenient,
            revocation,
            ..Policy::default()
        })
        .build()
        .unwrap()
}

fn signed_2022_09_27() -> Time {
    time::macros::datetime!(2022-09-27 21:30 UTC)
}

#[test]
fn kalkan_two_signer_envelope_gets_a_report_per_signer() {
    let env = Envelope::parse(&testdata(KALKAN_TWO)).unwrap();
    assert_eq!(env.signers.len(), 2);
    // GOST digest algorithm OIDs in digestAlgorithms, as KalkanCrypt writes them.
    assert_eq!(env.digest_algorithms, [oid::STREEBOG512, oid::ID_SHA256]);
    let v = kalkan_verifier(RevocationScope::EndEntity);
    let r = v
        .verify_envelope(&testdata(KALKAN_TWO), &at(signed_2022_09_27()))
        .unwrap();
    assert_eq!(r.signers.len(), 2, "{}", r.to_json());
    // The GOST signer: valid at its signing time (its CA's CRL of 2022 is current then).
    let gost = &r.signers[0];
    assert_eq!(gost.indication, Indication::Valid, "{:#?}", gost.findings);
    assert!(gost.document_signer);
    assert_eq!(gost.chain.len(), 3);
    assert_eq!(gost.signing_time.as_deref(), Some("2022-09-27T21:17:59Z"));
    assert!(gost
        .signature_algorithm
        .as_deref()
        .unwrap()
        .contains("GOST"));
    // The RSA signer: its signature verifies, but its certificate expired on 2022-01-18.
    let rsa = &r.signers[1];
    assert!(!rsa.document_signer);
    assert!(rsa.signature_algorithm.is_some(), "{:#?}", rsa.findings);
    assert!(
        codes(&r, 1).contains(&Code::CertExpired),
        "{:#?}",
        rsa.findings
    );
    assert!(!codes(&r, 1).contains(&Code::SignatureInvalid));
    // Top level: not valid while one signature is not; `signer` is the first one's.
    assert_eq!(r.indication, Indication::Invalid);
    assert_eq!(r.signer, gost.signer);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == Code::CertExpired && f.detail.starts_with("signer #1: ")));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["signers"].as_array().unwrap().len(), 2);
    assert_eq!(json["signers"][1]["indication"], "invalid");
    assert_eq!(json["signers"][0]["indication"], "valid");
}

#[test]
fn kalkan_detached_two_signer_envelope() {
    let v = kalkan_verifier(RevocationScope::EndEntity);
    let env = testdata(KALKAN_TWO_DETACHED);
    let ok = v
        .verify_envelope(
            &env,
            &VerifyOptions {
                content: Some(b"test123"),
                ..at(signed_2022_09_27())
            },
        )
        .unwrap();
    assert_eq!(ok.signers.len(), 2);
    assert_eq!(
        ok.signers[0].indication,
        Indication::Valid,
        "{:#?}",
        ok.signers[0].findings
    );
    assert!(ok.signers[1].signature_algorithm.is_some());
    // Other content: both signatures fail, each reported.
    let bad = v
        .verify_envelope(
            &env,
            &VerifyOptions {
                content: Some(b"test124"),
                ..at(signed_2022_09_27())
            },
        )
        .unwrap();
    for i in 0..2 {
        assert!(codes(&bad, i).contains(&Code::DigestMismatch), "{i}");
    }
    // No content: both signers say so.
    let missing = v.verify_envelope(&env, &at(signed_2022_09_27())).unwrap();
    for i in 0..2 {
        assert!(codes(&missing, i).contains(&Code::ContentMissing), "{i}");
    }
}

// ------------------------------------------------------------ the test PKI, mixed families

fn sign_as(p: &TestPki, who: &Issued, content: &[u8], detached: bool) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    cms::sign(
        content,
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(now(p)),
            detached,
            ..SignOptions::default()
        },
    )
    .unwrap()
}

fn cosign_as(
    envelope: &[u8],
    content: Option<&[u8]>,
    p: &TestPki,
    who: &Issued,
) -> Result<Vec<u8>, Error> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    cms::cosign(
        envelope,
        content,
        &key,
        &who.cert_der,
        std::slice::from_ref(&p.ca.cert_der),
        &SignOptions {
            signing_time: Some(now(p)),
            ..SignOptions::default()
        },
    )
}

/// A verifier trusting both PKIs (anchors, CAs, fresh CRLs).
fn mixed_verifier(a: &TestPki, b: &TestPki) -> Verifier {
    let mut builder = Verifier::builder()
        .anchors(&a.root.cert_der)
        .unwrap()
        .anchors(&b.root.cert_der)
        .unwrap()
        .intermediates(&a.ca.cert_der)
        .unwrap()
        .intermediates(&b.ca.cert_der)
        .unwrap()
        .policy(policy());
    for p in [a, b] {
        for crl in [&p.crls.root_full, &p.crls.ca_full, &p.crls.ca_delta] {
            builder = builder.crls(crl).unwrap();
        }
    }
    builder.build().unwrap()
}

fn request(p: &TestPki) -> Vec<u8> {
    samples::citizen_portal_request(now(p)).unwrap().to_json()
}

/// The "done": a two-signer GOST + RSA envelope and a co-signed one verify with a
/// report per signer (attached and detached).
#[test]
fn two_signer_gost_rsa_request_verifies_with_a_report_per_signer() {
    let gost = pki(KeyFamily::Gost2015);
    let rsa = pki(KeyFamily::Rsa);
    let v = mixed_verifier(gost, rsa);
    let content = request(gost);
    for detached in [false, true] {
        // The applicant signs with GOST; a family member co-signs with RSA.
        let env = sign_as(gost, &gost.citizen_sign, &content, detached);
        let given = detached.then_some(content.as_slice());
        let two = cosign_as(&env, given, rsa, &rsa.citizen2_sign).unwrap();
        let parsed = Envelope::parse(&two).unwrap();
        assert_eq!(parsed.signers.len(), 2);
        assert_eq!(parsed.is_detached(), detached);
        let r = v
            .verify_request(
                &two,
                &VerifyOptions {
                    content: given,
                    ..at(now(gost))
                },
            )
            .unwrap();
        assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
        assert_eq!(r.signers.len(), 2);
        for s in &r.signers {
            assert_eq!(s.indication, Indication::Valid);
            assert_eq!(s.chain.len(), 3);
        }
        assert!(r.signers[0].document_signer && !r.signers[1].document_signer);
        assert!(r.signers[0]
            .signature_algorithm
            .as_deref()
            .unwrap()
            .contains("GOST"));
        assert!(r.signers[1]
            .signature_algorithm
            .as_deref()
            .unwrap()
            .contains("RSA"));
        assert_eq!(r.signer.as_ref().unwrap().iin.as_deref(), Some(CITIZEN_IIN));
        assert_eq!(
            r.signers[1].signer.as_ref().unwrap().iin.as_deref(),
            Some(CITIZEN2_IIN)
        );
    }
}

/// The applicant's signature need not come first: `signer` is the applicant's.
#[test]
fn the_applicants_signature_is_found_among_several() {
    let rsa = pki(KeyFamily::Rsa);
    let gost = pki(KeyFamily::Gost2015);
    let v = mixed_verifier(gost, rsa);
    let content = request(gost);
    let env = sign_as(rsa, &rsa.citizen2_sign, &content, false);
    let two = cosign_as(&env, None, gost, &gost.citizen_sign).unwrap();
    let r = v.verify_request(&two, &at(now(gost))).unwrap();
    assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
    assert!(!r.signers[0].document_signer && r.signers[1].document_signer);
    assert_eq!(r.signer.as_ref().unwrap().iin.as_deref(), Some(CITIZEN_IIN));
    assert_eq!(r.signer, r.signers[1].signer);
}

/// A portal request must carry the applicant's signature: others' alone do not do.
#[test]
fn a_request_without_the_applicants_signature_is_invalid() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let content = request(p);
    let env = sign_as(p, &p.citizen2_sign, &content, false);
    let two = cosign_as(&env, None, p, &p.representative_sign).unwrap();
    let r = v.verify_request(&two, &at(now(p))).unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    assert!(r.has(Code::IinMismatch), "{}", r.to_json());
    // Each signature by itself is fine; the first signer answers for the document.
    assert!(r.signers[0].document_signer);
    assert_eq!(codes(&r, 0), vec![Code::IinMismatch]);
    assert_eq!(r.signers[1].indication, Indication::Valid);
}

/// Every signature must be valid: a revoked co-signer makes the envelope invalid.
#[test]
fn a_revoked_co_signer_makes_the_envelope_invalid() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let content = request(p);
    let env = sign_as(p, &p.citizen_sign, &content, false);
    let two = cosign_as(&env, None, p, &p.revoked_sign).unwrap();
    let r = v.verify_request(&two, &at(now(p))).unwrap();
    assert_eq!(r.indication, Indication::Invalid);
    assert_eq!(r.signers[0].indication, Indication::Valid);
    assert!(r.signers[0].document_signer);
    assert_eq!(codes(&r, 1), vec![Code::CertRevoked]);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == Code::CertRevoked)
        .unwrap();
    assert!(f.detail.starts_with("signer #1: "), "{}", f.detail);
    // The refusal names a co-signer, not the applicant (whose signature holds), at the top
    // level and in the co-signer's own entry; the applicant's formula stays for the applicant.
    let co = &r.signers[1].findings[0];
    for msg in [&f.message, &co.message] {
        assert!(msg.ru.contains("подписантов"), "{}", msg.ru);
        assert!(!msg.ru.contains("услугополучателя"), "{}", msg.ru);
        assert!(msg.en.contains("co-signer"), "{}", msg.en);
    }
    assert_eq!(f.signer, Some(1));
    let text = r.refusal_text(Lang::Ru);
    assert!(text.contains("подписантов"), "{text}");
    assert!(!text.contains("услугополучателя"), "{text}");
    let alone = v.verify_request(&sign_as(p, &p.revoked_sign, &content, false), &at(now(p)));
    let alone = alone.unwrap();
    assert!(alone.findings[0].message.ru.contains("услугополучателя"));
    assert_eq!(alone.findings[0].signer, None);
    // One signer: the report has one entry, the same as the top level.
    let one = v.verify_request(&env, &at(now(p))).unwrap();
    assert_eq!(one.signers.len(), 1);
    assert_eq!(one.signers[0].signer, one.signer);
    assert_eq!(one.signers[0].chain, one.chain);
}

/// The same certificate for every signer, up to MAX_SIGNERS: valid, with one path built.
#[test]
fn many_signers_sharing_one_certificate() {
    let p = pki(KeyFamily::P256);
    let v = verifier(p);
    let content = request(p);
    let mut env = sign_as(p, &p.citizen_sign, &content, false);
    for _ in 1..MAX_SIGNERS {
        env = cosign_as(&env, None, p, &p.citizen_sign).unwrap();
    }
    let parsed = Envelope::parse(&env).unwrap();
    assert_eq!(parsed.signers.len(), MAX_SIGNERS);
    // No duplicate certificate, one digest algorithm.
    assert_eq!(parsed.certificates.len(), 2);
    assert_eq!(parsed.digest_algorithms.len(), 1);
    let r = v.verify_request(&env, &at(now(p))).unwrap();
    assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
    assert_eq!(r.signers.len(), MAX_SIGNERS);
    // One more is refused, by cosign and by the parser.
    match cosign_as(&env, None, p, &p.citizen_sign) {
        Err(Error::TooLarge { what, limit, .. }) => {
            assert_eq!((what, limit), ("SignerInfos", MAX_SIGNERS))
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------ co-signing

/// Cosigning the real KalkanCrypt one-signer envelope with the real KalkanCrypt key store:
/// the earlier SignerInfo is kept byte for byte, both signatures verify.
#[test]
fn cosign_a_real_kalkan_envelope_with_the_real_kalkan_key_store() {
    let original = testdata(KALKAN_ONE_RSA);
    let store = KeyStore::open(&testdata("nca/kalkan_individual_2023.p12"), "Qwerty12").unwrap();
    let entry = store.entry(None).unwrap();
    let cert = entry.certificate_der().unwrap();
    let cosigned = cms::cosign(
        &original,
        None,
        entry.signing_key(),
        cert,
        entry.chain(),
        &SignOptions {
            signing_time: Some(time::macros::datetime!(2024-01-01 00:00 UTC)),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let before = Envelope::parse(&original).unwrap();
    let after = Envelope::parse(&cosigned).unwrap();
    assert_eq!(after.signers.len(), 2);
    assert_eq!(after.signers[0].der, before.signers[0].der);
    assert_eq!(after.content.as_deref(), Some(&b"test123"[..]));
    assert!(after.certificates.starts_with(&before.certificates));
    assert!(after.certificates.iter().any(|c| c == cert));
    assert_eq!(after.digest_algorithms, [oid::ID_SHA256, oid::STREEBOG512]);
    for (i, c) in [(0usize, &before.certificates[0][..]), (1, cert)] {
        let spki = Certificate::from_der(c).unwrap().spki().to_vec();
        after.verify_signer(i, None, &spki, &CoreBackend).unwrap();
    }
    // Through the verifier: the KalkanCrypt store's signer is valid at 2024-01-01 (the
    // store's certificate verifies against the NCA test CA); the RSA one expired in 2022.
    let v = Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .anchors(&testdata("kalkan/nca_rsa_test.crt"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .policy(Policy {
            checksum: ChecksumPolicy::Lenient,
            revocation: RevocationScope::None,
            ..Policy::default()
        })
        .build()
        .unwrap();
    let r = v
        .verify_envelope(
            &cosigned,
            &at(time::macros::datetime!(2024-01-01 00:00 UTC)),
        )
        .unwrap();
    assert_eq!(
        r.signers[1].indication,
        Indication::Valid,
        "{}",
        r.to_json()
    );
    assert!(codes(&r, 0).contains(&Code::CertExpired));
    assert_eq!(r.indication, Indication::Invalid);
    // Co-signing again with the same certificate embeds it once.
    let again = cms::cosign(
        &cosigned,
        None,
        entry.signing_key(),
        cert,
        entry.chain(),
        &SignOptions::default(),
    )
    .unwrap();
    let again = Envelope::parse(&again).unwrap();
    assert_eq!(again.certificates, after.certificates);
    assert_eq!(again.digest_algorithms, after.digest_algorithms);
    assert_eq!(again.signers[1].der, after.signers[1].der);
}

/// DER TLV (test input).
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

fn children(t: &[u8]) -> Vec<Vec<u8>> {
    let (_, body) = header(t);
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

/// `env` with its (single) SignerInfo replaced by `si`.
fn with_signer_info(env: &[u8], si: &[u8]) -> Vec<u8> {
    let ci = children(env);
    let mut sd = children(&children(&ci[1])[0]);
    let last = sd.len() - 1;
    sd[last] = tlv(0x31, si);
    let sd = tlv(0x30, &sd.concat());
    tlv(0x30, &[ci[0].clone(), tlv(0xa0, &sd)].concat())
}

/// Co-signing keeps the earlier SignerInfo's unsigned attributes (a timestamp token) byte
/// for byte.
#[test]
fn cosign_keeps_unsigned_attributes() {
    let p = pki(KeyFamily::P256);
    let content = request(p);
    let env = sign_as(p, &p.citizen_sign, &content, false);
    let si = Envelope::parse(&env).unwrap().signers[0].der.clone();
    // An unsigned attribute: id-aa-signatureTimeStampToken with an opaque value.
    let token_oid = [
        0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
    ];
    let attr = tlv(
        0x30,
        &[&token_oid[..], &tlv(0x31, &tlv(0x30, b"\x02\x01\x07"))].concat(),
    );
    let mut fields = children(&si);
    fields.push(tlv(0xa1, &attr));
    let stamped = with_signer_info(&env, &tlv(0x30, &fields.concat()));
    let parsed = Envelope::parse(&stamped).unwrap();
    assert_eq!(parsed.signers[0].unsigned_attrs, Some(tlv(0xa1, &attr)));

    let two = cosign_as(&stamped, None, p, &p.citizen2_sign).unwrap();
    let after = Envelope::parse(&two).unwrap();
    assert_eq!(after.signers[0].der, parsed.signers[0].der);
    assert_eq!(after.signers[0].unsigned_attrs, Some(tlv(0xa1, &attr)));
    let r = verifier(p).verify_request(&two, &at(now(p))).unwrap();
    assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
}

/// Co-signing refuses an envelope whose signatures do not hold over the content.
#[test]
fn cosign_refuses_when_an_existing_signature_does_not_verify() {
    let p = pki(KeyFamily::P256);
    let content = request(p);
    let env = sign_as(p, &p.citizen_sign, &content, false);
    // Flip the signature value's last byte (the last byte of the envelope).
    let mut bad = env.clone();
    let n = bad.len();
    bad[n - 1] ^= 1;
    match cosign_as(&bad, None, p, &p.citizen2_sign) {
        Err(Error::CosignRefused { signer: 0, cause }) => {
            assert_eq!(*cause, Error::BadSignature)
        }
        other => panic!("{other:?}"),
    }
    let e = cosign_as(&bad, None, p, &p.citizen2_sign).unwrap_err();
    assert_eq!(e.code(), "COSIGN_REFUSED");
    // Detached: other content is refused, no content is ContentMissing.
    let det = sign_as(p, &p.citizen_sign, &content, true);
    match cosign_as(&det, Some(b"other content"), p, &p.citizen2_sign) {
        Err(Error::CosignRefused { signer: 0, cause }) => {
            assert_eq!(*cause, Error::DigestMismatch)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        cosign_as(&det, None, p, &p.citizen2_sign).unwrap_err(),
        Error::ContentMissing
    );
    // Attached with a different content given: refused.
    assert_eq!(
        cosign_as(&env, Some(b"other"), p, &p.citizen2_sign).unwrap_err(),
        Error::DigestMismatch
    );
    // The second signature is checked too.
    let two = cosign_as(&env, None, p, &p.citizen2_sign).unwrap();
    let mut bad2 = two.clone();
    let n = bad2.len();
    bad2[n - 1] ^= 1;
    match cosign_as(&bad2, None, p, &p.representative_sign) {
        Err(Error::CosignRefused { signer: 1, .. }) => {}
        other => panic!("{other:?}"),
    }
    // A key that is not the certificate's.
    let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    assert_eq!(
        cms::cosign(
            &env,
            None,
            &key,
            &p.citizen2_sign.cert_der,
            &[],
            &SignOptions::default()
        )
        .unwrap_err(),
        Error::CertificateKeyMismatch
    );
}

// ------------------------------------------------------------ KalkanCrypt / NCALayer forms

/// Signed attributes in the order the signer wrote them (not DER-sorted), signingTime as
/// UTCTime, a GOST digest algorithm, the signer's chain not embedded: the signature is
/// checked over the attributes as received; made with the real KalkanCrypt key store.
#[test]
fn unsorted_signed_attributes_from_the_real_kalkan_key_store_verify() {
    let store = KeyStore::open(&testdata("nca/kalkan_individual_2023.p12"), "Qwerty12").unwrap();
    let entry = store.entry(None).unwrap();
    let cert = entry.certificate_der().unwrap();
    let t = time::macros::datetime!(2024-01-01 00:00 UTC);
    let content = b"{\"kalkan\":true}";
    let env = cms::sign(
        content,
        entry.signing_key(),
        cert,
        &[],
        &SignOptions {
            signing_time: Some(t),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let si = Envelope::parse(&env).unwrap().signers[0].der.clone();
    let mut fields = children(&si);
    // fields: version, sid, digestAlgorithm, [0] attrs, signatureAlgorithm, signature.
    let mut attrs = children(&fields[3]);
    assert_eq!(attrs.len(), 3);
    attrs.reverse(); // signingTime, messageDigest, contentType: not DER order
    let body = attrs.concat();
    let signature = entry.signing_key().sign(&tlv(0x31, &body)).unwrap();
    fields[3] = tlv(0xa0, &body);
    fields[5] = tlv(0x04, &signature);
    let unsorted = with_signer_info(&env, &tlv(0x30, &fields.concat()));
    // The chain is not embedded (the envelope has only the signer's certificate).
    let parsed = Envelope::parse(&unsorted).unwrap();
    assert_eq!(parsed.certificates.len(), 1);
    assert_eq!(parsed.digest_algorithms, [oid::STREEBOG512]);
    assert_eq!(parsed.signing_time, Some(t));
    let v = Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .policy(Policy {
            checksum: ChecksumPolicy::Lenient,
            revocation: RevocationScope::None,
            ..Policy::default()
        })
        .build()
        .unwrap();
    let r = v.verify_envelope(&unsorted, &at(t)).unwrap();
    assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
    // Sorting them now breaks the signature: the bytes received are what is verified.
    attrs.sort();
    fields[3] = tlv(0xa0, &attrs.concat());
    let resorted = with_signer_info(&env, &tlv(0x30, &fields.concat()));
    let r = v.verify_envelope(&resorted, &at(t)).unwrap();
    assert!(r.has(Code::SignatureInvalid), "{}", r.to_json());
}

/// signingTime after 2049 is a GeneralizedTime (RFC 5652 §11.3) and reads back.
#[test]
fn signing_time_after_2049_is_generalized_time() {
    let p = pki(KeyFamily::P256);
    let key = SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
    let t = time::macros::datetime!(2051-03-04 05:06:07 UTC);
    let env = cms::sign(
        b"x",
        &key,
        &p.citizen_sign.cert_der,
        &[],
        &SignOptions {
            signing_time: Some(t),
            ..SignOptions::default()
        },
    )
    .unwrap();
    assert!(env.windows(15).any(|w| w == b"20510304050607Z"));
    assert_eq!(Envelope::parse(&env).unwrap().signing_time, Some(t));
}

/// NCALayer's detached CMS "from base64": the signed content is the base64 text itself.
#[test]
fn ncalayer_detached_cms_over_base64_text() {
    use base64::Engine as _;
    let store = KeyStore::open(&testdata("nca/kalkan_individual_2023.p12"), "Qwerty12").unwrap();
    let entry = store.entry(None).unwrap();
    let t = time::macros::datetime!(2024-01-01 00:00 UTC);
    let data = "{\"документ\":1}".as_bytes();
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let env = cms::sign(
        b64.as_bytes(),
        entry.signing_key(),
        entry.certificate_der().unwrap(),
        &[],
        &SignOptions {
            detached: true,
            signing_time: Some(t),
            ..SignOptions::default()
        },
    )
    .unwrap();
    let pem = cms::to_pem(&env);
    let v = Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .policy(Policy {
            checksum: ChecksumPolicy::Lenient,
            revocation: RevocationScope::None,
            ..Policy::default()
        })
        .build()
        .unwrap();
    let ok = v
        .verify_envelope(
            pem.as_bytes(),
            &VerifyOptions {
                content: Some(b64.as_bytes()),
                ..at(t)
            },
        )
        .unwrap();
    assert_eq!(ok.indication, Indication::Valid, "{}", ok.to_json());
    let decoded = v
        .verify_envelope(
            &env,
            &VerifyOptions {
                content: Some(data),
                ..at(t)
            },
        )
        .unwrap();
    assert!(decoded.has(Code::DigestMismatch));
}

#[test]
fn kalkan_fixtures_are_the_vendored_ones() {
    // testdata/kalkan/SOURCE.md lists these digests.
    for (path, sha) in [
        (
            KALKAN_TWO,
            "91ab4a777ac89038b4e03e204aabc4fc4b1669b36f193947e3b0b81123032142",
        ),
        (
            KALKAN_TWO_DETACHED,
            "e4617af6b80698ff2f2c73fa78dc6b52da59c1e45d54806796dce2eb3ff9c8c5",
        ),
        (
            KALKAN_ONE_RSA,
            "26019d020953bf5e3f9732a53ac6d25aff038b1b5464800b48c5745c0b642aa9",
        ),
    ] {
        let digest = ring::digest::digest(&ring::digest::SHA256, &testdata(path));
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, sha, "{path}");
    }
    let _ = der("kalkan/nca_rsa_test.crt", "CERTIFICATE");
}

/// Path building for all the signers of one envelope shares one budget: eight signers whose
/// certificates each lead path building into a maze spend at most the envelope's budget
/// (`limits::envelope_path_check_budget`: 7 reference checks per signer, issue 17), at the
/// signing time and at the present time together; every signer is CHAIN_UNTRUSTED.
///
/// The maze: five keys k0..k4, and for every ordered pair i ≠ j an embedded CA certificate
/// "maze" with key ki signed by kj (20 certificates): every edge verifies, each (subject,
/// issuer key) pair is a new check (so checking each pair once does not defuse it), no path
/// reaches an anchor. The signers' certificates are signed by k0.
#[test]
fn path_building_budget_is_shared_by_the_envelope() {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SerialNumber};
    let p = pki(KeyFamily::P256);
    let keys: Vec<KeyPair> = (0..5).map(|_| KeyPair::generate().unwrap()).collect();
    let params = |serial: u8, ca: bool| {
        let mut params = CertificateParams::default();
        params.serial_number = Some(SerialNumber::from_slice(&[1, serial]));
        params
            .distinguished_name
            .push(DnType::CommonName, if ca { "maze" } else { "signer" });
        if ca {
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        }
        params
    };
    let ca_params = params(0, true);
    let issuers: Vec<Issuer<'_, &KeyPair>> = keys
        .iter()
        .map(|k| Issuer::from_params(&ca_params, k))
        .collect();
    let mut decoys: Vec<Vec<u8>> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        for (j, issuer) in issuers.iter().enumerate() {
            if i != j {
                let serial = u8::try_from(1 + decoys.len()).unwrap();
                let d = params(serial, true);
                decoys.push(d.signed_by(key, issuer).unwrap().der().to_vec());
            }
        }
    }
    assert_eq!(decoys.len(), 20);
    let leaves: Vec<(SigningKey, Vec<u8>)> = (100..108u8)
        .map(|i| {
            let key = KeyPair::generate().unwrap();
            let cert = params(i, false)
                .signed_by(&key, &issuers[0])
                .unwrap()
                .der()
                .to_vec();
            (SigningKey::from_pkcs8(&key.serialize_der()).unwrap(), cert)
        })
        .collect();
    let opts = SignOptions {
        signing_time: Some(now(p)),
        ..SignOptions::default()
    };
    let mut env = cms::sign(b"maze", &leaves[0].0, &leaves[0].1, &decoys, &opts).unwrap();
    for (key, cert) in &leaves[1..] {
        env = cms::cosign(&env, None, key, cert, &[], &opts).unwrap();
    }
    assert_eq!(Envelope::parse(&env).unwrap().signers.len(), 8);
    let v = verifier(p);
    for time in [VerificationTime::At(now(p)), VerificationTime::SigningTime] {
        let counter = Counter::default();
        let opts = VerifyOptions {
            time,
            signature_backend: &counter,
            ..VerifyOptions::default()
        };
        let started = std::time::Instant::now();
        let r = v.verify_envelope(&env, &opts).unwrap();
        let elapsed = started.elapsed();
        assert_ne!(r.indication, Indication::Valid);
        // Every signer fails closed on a budget: its path's own, or the envelope's.
        for (i, s) in r.signers.iter().enumerate() {
            assert!(s.chain.is_empty(), "{i}");
            assert!(
                s.findings
                    .iter()
                    .any(|f| f.code == Code::ChainUntrusted && f.detail.contains("budget")),
                "{i}: {}",
                r.to_json()
            );
        }
        // 8 document signatures + the envelope's budget (7 reference checks per signer, for
        // every path of the envelope: at the signing time and at the present time), not 8
        // (or 16) paths of 100 checks.
        let checks = counter.0.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            checks <= 8 + egov_sign::limits::envelope_path_check_budget(8, 0) as usize,
            "{time:?}: {checks}"
        );
        eprintln!("8 maze signers verified in {elapsed:?} ({time:?}): {checks} checks");
    }
}

/// Counts signature checks; decides nothing.
#[derive(Debug, Default)]
struct Counter(std::sync::atomic::AtomicUsize);

impl egov_sign::SignatureBackend for Counter {
    fn check(&self, _: &egov_sign::algorithm::SignatureCheck<'_>) -> Option<bool> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        None
    }
}

// ------------------------------------------------------------ stored KalkanCrypt-form envelopes

/// The stored envelopes in KalkanCrypt / NCALayer form, made with the real KalkanCrypt key
/// store (see testdata/kalkan/SOURCE.md): signed attributes not in DER order, and NCALayer's
/// detached CMS over base64 text. Regenerate (GOST signatures are randomized) with
/// `cargo test -p egov-sign --all-features --test signers -- --ignored write_kalkan_form`.
const KALKAN_UNSORTED: &str = "kalkan/egov_kalkan_unsorted_attrs_gost2015.p7s";
const NCALAYER_DETACHED: &str = "kalkan/egov_ncalayer_detached_base64_gost2015.p7s";
const NCALAYER_CONTENT: &str = "kalkan/egov_ncalayer_detached_base64.txt";

fn kalkan_form_envelopes() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    use base64::Engine as _;
    let store = KeyStore::open(&testdata("nca/kalkan_individual_2023.p12"), "Qwerty12").unwrap();
    let entry = store.entry(None).unwrap();
    let cert = entry.certificate_der().unwrap();
    let opts = SignOptions {
        signing_time: Some(time::macros::datetime!(2024-01-01 00:00 UTC)),
        ..SignOptions::default()
    };
    let env = cms::sign(b"{\"kalkan\":true}", entry.signing_key(), cert, &[], &opts).unwrap();
    let si = Envelope::parse(&env).unwrap().signers[0].der.clone();
    let mut fields = children(&si);
    let mut attrs = children(&fields[3]);
    attrs.reverse();
    let body = attrs.concat();
    fields[3] = tlv(0xa0, &body);
    fields[5] = tlv(0x04, &entry.signing_key().sign(&tlv(0x31, &body)).unwrap());
    let unsorted = with_signer_info(&env, &tlv(0x30, &fields.concat()));
    let b64 = base64::engine::general_purpose::STANDARD
        .encode("{\"документ\":1}".as_bytes())
        .into_bytes();
    let detached = cms::sign(
        &b64,
        entry.signing_key(),
        cert,
        &[],
        &SignOptions {
            detached: true,
            ..opts
        },
    )
    .unwrap();
    (unsorted, detached, b64)
}

#[test]
#[ignore = "writes testdata/kalkan fixtures"]
fn write_kalkan_form_envelopes() {
    let (unsorted, detached, b64) = kalkan_form_envelopes();
    for (path, bytes) in [
        (KALKAN_UNSORTED, unsorted),
        (NCALAYER_DETACHED, detached),
        (NCALAYER_CONTENT, b64),
    ] {
        std::fs::write(format!("{TESTDATA}/{path}"), bytes).unwrap();
    }
}

#[test]
fn stored_kalkan_form_envelopes_verify() {
    let v = Verifier::builder()
        .anchors(&testdata("nca/root_test_gost_2022.cer"))
        .unwrap()
        .intermediates(&testdata("nca/nca_gost2015_test.cer"))
        .unwrap()
        .policy(Policy {
            checksum: ChecksumPolicy::Lenient,
            revocation: RevocationScope::None,
            ..Policy::default()
        })
        .build()
        .unwrap();
    let t = time::macros::datetime!(2024-01-01 00:00 UTC);
    let unsorted = testdata(KALKAN_UNSORTED);
    let attrs = Envelope::parse(&unsorted).unwrap().signers[0]
        .signed_attrs
        .clone()
        .unwrap();
    let mut sorted = children(&attrs);
    sorted.sort();
    assert_ne!(
        children(&attrs),
        sorted,
        "the stored attributes are not in DER order"
    );
    let r = v.verify_envelope(&unsorted, &at(t)).unwrap();
    assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
    let content = testdata(NCALAYER_CONTENT);
    let r = v
        .verify_envelope(
            &testdata(NCALAYER_DETACHED),
            &VerifyOptions {
                content: Some(&content),
                ..at(t)
            },
        )
        .unwrap();
    assert_eq!(r.indication, Indication::Valid, "{}", r.to_json());
}
