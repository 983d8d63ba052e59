//! Issue 13, certificate and CMS half: RFC 5280 / RFC 5652 / RFC 5035 rules that were false
//! accepts or false refusals, each on certificates and envelopes built for the case and
//! re-signed with the test PKI's keys, and on the real NCA certificates.
//!
//! - non-minimal OBJECT IDENTIFIER encodings are malformed (X.690 §8.19.2);
//! - a request or result envelope must be id-data (RFC 5652 §4), and a
//!   signingCertificate(V2) attribute must name the signer's certificate (RFC 5035 §4);
//! - the RFC 5280 profile MUSTs are findings (`CERT_NONCONFORMING`);
//! - Names chain after RFC 4518 preparation (RFC 5280 §7.1), not byte for byte;
//! - a certificate whose signature BIT STRING has unused bits is a bad signature in the
//!   path, not unreadable input.

mod common;

use common::*;
use egov_sign::certificate::{Certificate, ProfileViolation};
use egov_sign::test_pki::{samples, Issued, KeyFamily, TestPki};
use egov_sign::Envelope;
use egov_sign::Error;
use egov_sign::{Code, Indication, Report};
use egov_sign::{CoreBackend, SigningKey};
use egov_sign::{KeyUsageRequirement, Policy, RevocationScope, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

// ---- DER helpers (test inputs only) ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u32).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (4 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// (tag, content, whole, rest) of the first TLV.
fn split(input: &[u8]) -> (u8, &[u8], &[u8], &[u8]) {
    let tag = input[0];
    let (len, hdr) = if input[1] < 0x80 {
        (input[1] as usize, 2)
    } else {
        let n = (input[1] & 0x7f) as usize;
        let len = input[2..2 + n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | *b as usize);
        (len, 2 + n)
    };
    (
        tag,
        &input[hdr..hdr + len],
        &input[..hdr + len],
        &input[hdr + len..],
    )
}

fn children(mut content: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (_, _, whole, rest) = split(content);
        out.push(whole.to_vec());
        content = rest;
    }
    out
}

const OID_BC: &[u8] = &[0x55, 0x1d, 0x13];
const OID_KU: &[u8] = &[0x55, 0x1d, 0x0f];
const OID_EKU: &[u8] = &[0x55, 0x1d, 0x25];
const OID_SKI: &[u8] = &[0x55, 0x1d, 0x0e];
const OID_AKI: &[u8] = &[0x55, 0x1d, 0x23];
const OID_AIA: &[u8] = &[0x2b, 6, 1, 5, 5, 7, 1, 1];
const OID_POLICY_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x24];

/// A certificate taken apart into its TBSCertificate fields and outer fields.
#[derive(Clone)]
struct Parts {
    tbs: Vec<Vec<u8>>,
    outer: Vec<Vec<u8>>,
}

impl Parts {
    fn of(der: &[u8]) -> Parts {
        let (_, content, _, _) = split(der);
        let mut outer = children(content);
        let tbs = outer.remove(0);
        let (_, tbs_content, _, _) = split(&tbs);
        Parts {
            tbs: children(tbs_content),
            outer,
        }
    }
    fn tbs_der(&self) -> Vec<u8> {
        tlv(0x30, &self.tbs.concat())
    }
    /// The certificate unsigned (the old signature kept).
    fn der(&self) -> Vec<u8> {
        tlv(0x30, &[self.tbs_der(), self.outer.concat()].concat())
    }
    /// The certificate signed with `issuer`'s key.
    fn signed_by(&self, issuer: &Issued) -> Vec<u8> {
        let key = SigningKey::from_pkcs8(&issuer.key_pkcs8_der).unwrap();
        let tbs = self.tbs_der();
        let sig = key.sign(&tbs).unwrap();
        let mut bits = vec![0u8];
        bits.extend(sig);
        tlv(
            0x30,
            &[tbs, self.outer[0].clone(), tlv(0x03, &bits)].concat(),
        )
    }
    fn ext_index(&self) -> usize {
        self.tbs.iter().position(|f| f[0] == 0xa3).unwrap()
    }
    fn extensions(&self) -> Vec<Vec<u8>> {
        let (_, wrapper, _, _) = split(&self.tbs[self.ext_index()]);
        let (_, list, _, _) = split(wrapper);
        children(list)
    }
    fn set_extensions(&mut self, exts: &[Vec<u8>]) {
        let i = self.ext_index();
        self.tbs[i] = tlv(0xa3, &tlv(0x30, &exts.concat()));
    }
    fn remove_extension(&mut self, oid: &[u8]) {
        let exts: Vec<Vec<u8>> = self
            .extensions()
            .into_iter()
            .filter(|e| ext_oid(e) != oid)
            .collect();
        self.set_extensions(&exts);
    }
    fn put_extension(&mut self, oid: &[u8], critical: bool, value: &[u8]) {
        self.remove_extension(oid);
        let mut exts = self.extensions();
        exts.push(extension(oid, critical, value));
        self.set_extensions(&exts);
    }
    /// The extension `oid` with its value kept and its criticality changed.
    fn set_critical(&mut self, oid: &[u8], critical: bool) {
        let ext = self
            .extensions()
            .into_iter()
            .find(|e| ext_oid(e) == oid)
            .unwrap();
        let (_, body, _, _) = split(&ext);
        let fields = children(body);
        let value = split(fields.last().unwrap()).1.to_vec();
        self.put_extension(oid, critical, &value);
    }
}

fn ext_oid(ext: &[u8]) -> Vec<u8> {
    let (_, content, _, _) = split(ext);
    split(content).1.to_vec()
}

fn extension(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut body = tlv(0x06, oid);
    if critical {
        body.extend(tlv(0x01, &[0xff]));
    }
    body.extend(tlv(0x04, value));
    tlv(0x30, &body)
}

fn malformed(r: Result<Certificate, Error>) -> String {
    match r {
        Err(Error::Malformed { detail, .. }) => detail,
        Err(e) => panic!("expected Malformed, got {e:?}"),
        Ok(c) => panic!(
            "expected Malformed, got a certificate with EKUs {:?}",
            c.ekus()
        ),
    }
}

fn codes(r: &Report) -> Vec<Code> {
    r.findings.iter().map(|f| f.code).collect()
}

/// Root as the only anchor, no configured intermediate, no revocation.
fn chain_verifier(p: &TestPki) -> Verifier {
    Verifier::builder()
        .anchors(&p.root.cert_der)
        .unwrap()
        .policy(Policy {
            revocation: RevocationScope::None,
            ..policy()
        })
        .build()
        .unwrap()
}

/// `leaf` followed by `ca` (PEM-less concatenation is not a format: both as PEM).
fn bundle(certs: &[&[u8]]) -> Vec<u8> {
    certs
        .iter()
        .map(|c| egov_sign::encoding::to_pem(c, "CERTIFICATE"))
        .collect::<String>()
        .into_bytes()
}

fn check_chain(p: &TestPki, leaf: &[u8], ca: &[u8]) -> Report {
    chain_verifier(p)
        .verify_chain(&bundle(&[leaf, ca]), &[], KeyUsageRequirement::Any, now(p))
        .unwrap()
}

// ---- 1. Non-minimal OBJECT IDENTIFIERs ----

/// 1.2.398.3.3.4.1.2.1 (first head), its last arc written `80 01`: X.690 §8.19.2 says the
/// leading octet of a subidentifier is never 0x80. It used to read as the first-head role.
const FIRST_HEAD_PADDED: &[u8] = &[0x2a, 0x83, 0x0e, 3, 3, 4, 1, 2, 0x80, 1];

#[test]
fn padded_oid_in_extended_key_usage_is_malformed() {
    let p = pki(KeyFamily::Rsa);
    let mut parts = Parts::of(&p.citizen_sign.cert_der);
    let eku = tlv(0x30, &tlv(0x06, FIRST_HEAD_PADDED));
    parts.put_extension(OID_EKU, false, &eku);
    let detail = malformed(Certificate::from_der(&parts.signed_by(&p.ca)));
    assert!(detail.contains("0x80"), "{detail}");
    // The minimal encoding of the same OID is the first-head role.
    let mut parts = Parts::of(&p.citizen_sign.cert_der);
    let minimal = [0x2a, 0x83, 0x0e, 3, 3, 4, 1, 2, 1];
    parts.put_extension(OID_EKU, false, &tlv(0x30, &tlv(0x06, &minimal)));
    let cert = Certificate::from_der(&parts.signed_by(&p.ca)).unwrap();
    assert_eq!(cert.ekus(), [egov_sign::oid::NCA_ROLE_FIRST_HEAD]);
}

#[test]
fn padded_oid_elsewhere_is_malformed() {
    let p = pki(KeyFamily::Rsa);
    let der = &p.citizen_sign.cert_der;
    // An unknown extension's extnID, a Name's AttributeType (2.5.4.3 as 55 04 80 03),
    // the SubjectPublicKeyInfo algorithm.
    let mut parts = Parts::of(der);
    parts.put_extension(&[0x2a, 0x80, 0x03, 0x04], false, &tlv(0x05, &[]));
    malformed(Certificate::from_der(&parts.der()));
    let mut parts = Parts::of(der);
    let cn = tlv(
        0x30,
        &[tlv(0x06, &[0x55, 0x04, 0x80, 0x03]), tlv(0x0c, b"x")].concat(),
    );
    parts.tbs[5] = tlv(0x30, &tlv(0x31, &cn));
    malformed(Certificate::from_der(&parts.der()));
    // rsaEncryption 1.2.840.113549.1.1.1 with a padded subidentifier.
    let spki = parts.tbs[6].clone();
    let alg_body = [
        tlv(0x06, &[0x2a, 0x80, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1]),
        tlv(0x05, &[]),
    ]
    .concat();
    let (_, spki_body, _, _) = split(&spki);
    let fields = children(spki_body);
    let mut parts = Parts::of(der);
    parts.tbs[6] = tlv(0x30, &[tlv(0x30, &alg_body), fields[1].clone()].concat());
    malformed(Certificate::from_der(&parts.der()));
}

#[test]
fn padded_oid_in_an_envelope_is_malformed() {
    let p = pki(KeyFamily::Rsa);
    let content = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let id_data = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 7, 1];
    let padded = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 7, 0x80, 1];
    let env = envelope(p, &p.citizen_sign, &content, &padded, &[]);
    assert!(matches!(
        Envelope::parse(&env),
        Err(Error::Malformed { .. })
    ));
    let env = envelope(p, &p.citizen_sign, &content, &id_data, &[]);
    Envelope::parse(&env).unwrap();
}

// ---- 2. CMS: eContentType and signingCertificate(V2) ----

const OID_ID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 7, 1];
const OID_SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];

fn attribute(oid_last: &[u8], value: &[u8]) -> Vec<u8> {
    let oid = [
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09][..],
        oid_last,
    ]
    .concat();
    tlv(0x30, &[tlv(0x06, &oid), tlv(0x31, value)].concat())
}

/// A SignedData over `content` with eContentType `content_type` (and the same contentType
/// attribute), signed by `who` with the extra signed attributes `extra`.
fn envelope(
    p: &TestPki,
    who: &Issued,
    content: &[u8],
    content_type: &[u8],
    extra: &[Vec<u8>],
) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&who.key_pkcs8_der).unwrap();
    let alg = key.algorithm();
    let cert = Certificate::from_der(&who.cert_der).unwrap();
    let time = now(p)
        .format(time::macros::format_description!(
            "[year repr:last_two][month][day][hour][minute][second]Z"
        ))
        .unwrap();
    let mut attrs = vec![
        attribute(&[3], &tlv(0x06, content_type)),
        attribute(&[4], &tlv(0x04, &alg.digest().digest(content))),
        attribute(&[5], &tlv(0x17, time.as_bytes())),
    ];
    attrs.extend(extra.iter().cloned());
    attrs.sort();
    let body = attrs.concat();
    let signature = key.sign(&tlv(0x31, &body)).unwrap();
    let digest_id = alg.digest().algorithm_identifier().to_der().unwrap();
    let sid = tlv(
        0x30,
        &[cert.issuer_raw().to_vec(), tlv(0x02, cert.serial())].concat(),
    );
    let signer_info = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            sid,
            digest_id.clone(),
            tlv(0xa0, &body),
            alg.algorithm_identifier_der().unwrap(),
            tlv(0x04, &signature),
        ]
        .concat(),
    );
    let eci = tlv(
        0x30,
        &[tlv(0x06, content_type), tlv(0xa0, &tlv(0x04, content))].concat(),
    );
    let sd = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            tlv(0x31, &digest_id),
            eci,
            tlv(
                0xa0,
                &[who.cert_der.clone(), p.ca.cert_der.clone()].concat(),
            ),
            tlv(0x31, &signer_info),
        ]
        .concat(),
    );
    tlv(
        0x30,
        &[
            tlv(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 7, 2]),
            tlv(0xa0, &sd),
        ]
        .concat(),
    )
}

fn verify_request(p: &TestPki, env: &[u8]) -> Report {
    let options = VerifyOptions {
        time: VerificationTime::At(now(p)),
        ..VerifyOptions::default()
    };
    verifier(p).verify_request(env, &options).unwrap()
}

#[test]
fn a_document_must_be_id_data() {
    let p = pki(KeyFamily::Rsa);
    let content = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let env = envelope(p, &p.citizen_sign, &content, OID_ID_DATA, &[]);
    let r = verify_request(p, &env);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    // id-digestedData (1.2.840.113549.1.7.5) and id-ct-TSTInfo (1.2.840.113549.1.9.16.1.4),
    // contentType attribute equal to it, signature good: not a signed document.
    for other in [
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 7, 5][..],
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 9, 16, 1, 4],
    ] {
        let env = envelope(p, &p.citizen_sign, &content, other, &[]);
        let r = verify_request(p, &env);
        assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
        assert!(
            codes(&r).contains(&Code::ContentTypeMismatch),
            "{:#?}",
            r.findings
        );
        assert!(
            r.signature_algorithm.is_some(),
            "the signature itself verifies"
        );
    }
}

/// A signingCertificateV2 attribute with one ESSCertIDv2.
fn signing_certificate_v2(
    hash_alg: Option<&[u8]>,
    hash: &[u8],
    issuer_serial: Option<Vec<u8>>,
) -> Vec<u8> {
    let mut id = Vec::new();
    if let Some(oid) = hash_alg {
        id.extend(tlv(0x30, &tlv(0x06, oid)));
    }
    id.extend(tlv(0x04, hash));
    if let Some(is) = issuer_serial {
        id.extend(is);
    }
    attribute(&[16, 2, 47], &tlv(0x30, &tlv(0x30, &tlv(0x30, &id))))
}

/// A signingCertificate (v1) attribute with one ESSCertID.
fn signing_certificate_v1(hash: &[u8], issuer_serial: Option<Vec<u8>>) -> Vec<u8> {
    let mut id = tlv(0x04, hash);
    if let Some(is) = issuer_serial {
        id.extend(is);
    }
    attribute(&[16, 2, 12], &tlv(0x30, &tlv(0x30, &tlv(0x30, &id))))
}

fn issuer_serial(issuer: &[u8], serial: &[u8]) -> Vec<u8> {
    tlv(
        0x30,
        &[tlv(0x30, &tlv(0xa4, issuer)), tlv(0x02, serial)].concat(),
    )
}

fn digest(alg: &'static ring::digest::Algorithm, data: &[u8]) -> Vec<u8> {
    ring::digest::digest(alg, data).as_ref().to_vec()
}

#[test]
fn signing_certificate_v2_must_name_the_signer() {
    let p = pki(KeyFamily::Rsa);
    let content = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let signer = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
    let sha256 = |d: &[u8]| digest(&ring::digest::SHA256, d);
    let right_is = issuer_serial(signer.issuer_raw(), signer.serial());
    let good = [
        signing_certificate_v2(None, &sha256(signer.der()), None),
        signing_certificate_v2(None, &sha256(signer.der()), Some(right_is.clone())),
        signing_certificate_v2(
            Some(OID_SHA384),
            &digest(&ring::digest::SHA384, signer.der()),
            None,
        ),
        signing_certificate_v1(
            &digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, signer.der()),
            Some(right_is.clone()),
        ),
    ];
    for attr in good {
        let env = envelope(p, &p.citizen_sign, &content, OID_ID_DATA, &[attr]);
        let r = verify_request(p, &env);
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    }
    let other = &p.operator_sign.cert_der;
    let bad = [
        // The hash of another certificate (the CA's, a sibling's).
        signing_certificate_v2(None, &sha256(&p.ca.cert_der), None),
        signing_certificate_v2(None, &sha256(other), None),
        // The right hash, the wrong serial or issuer.
        signing_certificate_v2(
            None,
            &sha256(signer.der()),
            Some(issuer_serial(signer.issuer_raw(), &[0x01, 0x02])),
        ),
        signing_certificate_v2(
            None,
            &sha256(signer.der()),
            Some(issuer_serial(signer.subject_raw(), signer.serial())),
        ),
        // SHA-384 named, SHA-256 given.
        signing_certificate_v2(Some(OID_SHA384), &sha256(signer.der()), None),
        // v1 (SHA-1) of another certificate.
        signing_certificate_v1(
            &digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &p.ca.cert_der),
            None,
        ),
    ];
    for attr in bad {
        let env = envelope(p, &p.citizen_sign, &content, OID_ID_DATA, &[attr]);
        let r = verify_request(p, &env);
        assert_eq!(r.indication, Indication::Invalid, "{:#?}", r.findings);
        assert!(
            codes(&r).contains(&Code::SigningCertificateMismatch),
            "{:#?}",
            r.findings
        );
    }
    // Both attributes: both are checked.
    let env = envelope(
        p,
        &p.citizen_sign,
        &content,
        OID_ID_DATA,
        &[
            signing_certificate_v2(None, &sha256(signer.der()), None),
            signing_certificate_v1(
                &digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, other),
                None,
            ),
        ],
    );
    let r = verify_request(p, &env);
    assert!(codes(&r).contains(&Code::SigningCertificateMismatch));
    // The DEFAULT hashAlgorithm (id-sha256) written out is not DER (X.690 §11.5).
    let sha256_oid = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    let env = envelope(
        p,
        &p.citizen_sign,
        &content,
        OID_ID_DATA,
        &[signing_certificate_v2(
            Some(&sha256_oid),
            &sha256(signer.der()),
            None,
        )],
    );
    assert!(matches!(
        verifier(p).verify_request(&env, &VerifyOptions::default()),
        Err(Error::Malformed { .. })
    ));
}

// ---- 3. RFC 5280 profile ----

fn has_violation(r: &Report, v: ProfileViolation) -> bool {
    r.findings
        .iter()
        .any(|f| f.code == Code::CertNonconforming && f.detail.contains(v.as_str()))
}

#[test]
fn the_unmodified_chain_is_valid() {
    let p = pki(KeyFamily::Rsa);
    let r = check_chain(p, &p.citizen_sign.cert_der, &p.ca.cert_der);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
    assert_eq!(r.chain.len(), 3);
    // Re-signing an unchanged TBS changes nothing.
    let again = Parts::of(&p.citizen_sign.cert_der).signed_by(&p.ca);
    let r = check_chain(p, &again, &p.ca.cert_der);
    assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
}

#[test]
fn end_entity_profile_violations_are_findings() {
    let p = pki(KeyFamily::Rsa);
    type Edit = fn(&mut Parts);
    let cases: [(Edit, ProfileViolation); 9] = [
        (
            |t| t.tbs[1] = tlv(0x02, &[0x00]),
            ProfileViolation::SerialNotPositive,
        ),
        (
            |t| t.tbs[1] = tlv(0x02, &[0x85, 0x01]),
            ProfileViolation::SerialNotPositive,
        ),
        (
            |t| t.tbs[1] = tlv(0x02, &[0x01; 21]),
            ProfileViolation::SerialTooLong,
        ),
        (
            |t| t.remove_extension(OID_AKI),
            ProfileViolation::AuthorityKeyIdentifierMissing,
        ),
        (
            // An AKI with only authorityCertSerialNumber: no keyIdentifier.
            |t| t.put_extension(OID_AKI, false, &tlv(0x30, &tlv(0x82, &[1]))),
            ProfileViolation::AuthorityKeyIdentifierMissing,
        ),
        (
            |t| t.set_critical(OID_AKI, true),
            ProfileViolation::AuthorityKeyIdentifierCritical,
        ),
        (
            |t| t.set_critical(OID_SKI, true),
            ProfileViolation::SubjectKeyIdentifierCritical,
        ),
        (
            |t| {
                let access = tlv(
                    0x30,
                    &[
                        tlv(0x06, &[0x2b, 6, 1, 5, 5, 7, 48, 2]),
                        tlv(0x86, b"http://x/"),
                    ]
                    .concat(),
                );
                t.put_extension(OID_AIA, true, &tlv(0x30, &access));
            },
            ProfileViolation::AuthorityInfoAccessCritical,
        ),
        (
            // keyCertSign (bit 5) in an end-entity certificate: 03 02 02 84.
            |t| t.put_extension(OID_KU, true, &[0x03, 0x02, 0x02, 0x84]),
            ProfileViolation::KeyCertSignWithoutCa,
        ),
    ];
    for (edit, violation) in cases {
        let mut parts = Parts::of(&p.citizen_sign.cert_der);
        edit(&mut parts);
        let der = parts.signed_by(&p.ca);
        let cert = Certificate::from_der(&der).unwrap();
        assert!(
            cert.profile_violations().contains(&violation),
            "{violation:?}"
        );
        let r = check_chain(p, &der, &p.ca.cert_der);
        assert_eq!(
            r.indication,
            Indication::Invalid,
            "{violation:?}: {:#?}",
            r.findings
        );
        assert!(
            has_violation(&r, violation),
            "{violation:?}: {:#?}",
            r.findings
        );
    }
    // policyConstraints non-critical: requireExplicitPolicy [0] 0.
    let mut parts = Parts::of(&p.citizen_sign.cert_der);
    parts.put_extension(
        OID_POLICY_CONSTRAINTS,
        false,
        &[0x30, 0x03, 0x80, 0x01, 0x00],
    );
    let der = parts.signed_by(&p.ca);
    let r = check_chain(p, &der, &p.ca.cert_der);
    assert!(
        has_violation(&r, ProfileViolation::PolicyConstraintsNotCritical),
        "{:#?}",
        r.findings
    );
}

#[test]
fn ca_profile_violations_are_findings() {
    let p = pki(KeyFamily::Rsa);
    type Edit = fn(&mut Parts);
    let cases: [(Edit, ProfileViolation); 2] = [
        (
            |t| t.remove_extension(OID_SKI),
            ProfileViolation::SubjectKeyIdentifierMissing,
        ),
        (
            |t| t.set_critical(OID_BC, false),
            ProfileViolation::BasicConstraintsNotCritical,
        ),
    ];
    for (edit, violation) in cases {
        let mut parts = Parts::of(&p.ca.cert_der);
        edit(&mut parts);
        let ca = parts.signed_by(&p.root);
        let r = check_chain(p, &p.citizen_sign.cert_der, &ca);
        assert_eq!(r.chain.len(), 3, "{violation:?}: {:#?}", r.findings);
        assert_eq!(
            r.indication,
            Indication::Invalid,
            "{violation:?}: {:#?}",
            r.findings
        );
        assert!(
            has_violation(&r, violation),
            "{violation:?}: {:#?}",
            r.findings
        );
    }
    // A CA with an empty subject (and a leaf naming it as its issuer).
    let mut ca_parts = Parts::of(&p.ca.cert_der);
    ca_parts.tbs[5] = vec![0x30, 0x00];
    let ca = ca_parts.signed_by(&p.root);
    let mut leaf_parts = Parts::of(&p.citizen_sign.cert_der);
    leaf_parts.tbs[3] = vec![0x30, 0x00];
    let leaf = leaf_parts.signed_by(&p.ca);
    let r = check_chain(p, &leaf, &ca);
    assert_eq!(r.chain.len(), 3, "{:#?}", r.findings);
    assert!(
        has_violation(&r, ProfileViolation::CaSubjectEmpty),
        "{:#?}",
        r.findings
    );
}

/// The real NCA certificates (vendored in `testdata/nca/`) break none of the rules.
#[test]
fn real_nca_certificates_conform() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/nca");
    let mut seen = 0;
    for name in [
        "root_test_gost_2022.cer",
        "nca_gost2015_test.cer",
        "nca_gost_test.crt",
        "ceo_valid_sign_2004_gost.cer",
        "kalkan_individual_2023.cer.pem",
    ] {
        let path = dir.join(name);
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (vendored NCA fixture missing)", path.display()));
        for cert in Certificate::parse_all(&bytes).unwrap() {
            assert!(
                cert.profile_violations().is_empty(),
                "{name}: {:?}",
                cert.profile_violations()
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 5);
    assert_eq!(ProfileViolation::ALL.len(), 11);
}

// ---- 4. Name chaining after RFC 4518 preparation ----

/// `name` with every string value re-encoded: PrintableString ↔ UTF8String where the
/// text allows, case changed, spaces added around and inside.
fn reencode(name: &[u8]) -> Vec<u8> {
    let (_, rdns, _, _) = split(name);
    let mut out = Vec::new();
    for rdn in children(rdns) {
        let (_, atvs, _, _) = split(&rdn);
        let mut set = Vec::new();
        for atv in children(atvs) {
            let (_, body, _, _) = split(&atv);
            let fields = children(body);
            let (tag, value, _, _) = split(&fields[1]);
            let text = std::str::from_utf8(value).unwrap();
            let swapped: String = text
                .chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().next().unwrap()
                    } else {
                        c.to_uppercase().next().unwrap()
                    }
                })
                .collect::<String>()
                .replace(' ', "   ");
            let spaced = format!("  {swapped} ");
            let new_tag = match tag {
                0x13 => 0x0c,
                0x0c if spaced.is_ascii() => 0x13,
                t => t,
            };
            set.extend(tlv(
                0x30,
                &[fields[0].clone(), tlv(new_tag, spaced.as_bytes())].concat(),
            ));
        }
        out.extend(tlv(0x31, &set));
    }
    tlv(0x30, &out)
}

#[test]
fn names_chain_after_string_preparation() {
    for family in [KeyFamily::Rsa, KeyFamily::P256] {
        let p = pki(family);
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let issuer = reencode(ca.subject_raw());
        assert_ne!(issuer, ca.subject_raw());
        let mut parts = Parts::of(&p.citizen_sign.cert_der);
        parts.tbs[3] = issuer.clone();
        let leaf = parts.signed_by(&p.ca);
        let parsed = Certificate::from_der(&leaf).unwrap();
        assert!(parsed.issuer_name_matches(&ca));
        let r = check_chain(p, &leaf, &p.ca.cert_der);
        assert_eq!(
            r.indication,
            Indication::Valid,
            "{family:?}: {:#?}",
            r.findings
        );
        assert_eq!(r.chain.len(), 3);
        // And when the CA is configured rather than carried.
        let v = Verifier::builder()
            .anchors(&p.root.cert_der)
            .unwrap()
            .intermediates(&p.ca.cert_der)
            .unwrap()
            .policy(Policy {
                revocation: RevocationScope::None,
                ..policy()
            })
            .build()
            .unwrap();
        let r = v
            .verify_chain(&leaf, &[], KeyUsageRequirement::Any, now(p))
            .unwrap();
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);

        // A different name does not chain: one letter changed.
        let mut other = issuer.clone();
        let i = other.iter().rposition(|b| b.is_ascii_alphabetic()).unwrap();
        other[i] = if other[i] == b'q' { b'r' } else { b'q' };
        let mut parts = Parts::of(&p.citizen_sign.cert_der);
        parts.tbs[3] = other;
        let leaf = parts.signed_by(&p.ca);
        assert!(!Certificate::from_der(&leaf)
            .unwrap()
            .issuer_name_matches(&ca));
        let r = check_chain(p, &leaf, &p.ca.cert_der);
        assert!(
            codes(&r).contains(&Code::ChainUntrusted),
            "{:#?}",
            r.findings
        );
    }
}

#[test]
fn issuer_and_serial_number_matches_after_string_preparation() {
    let p = pki(KeyFamily::Rsa);
    let cert = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
    let sid = egov_sign::cms::SignerIdentifier::IssuerAndSerial {
        issuer: reencode(cert.issuer_raw()),
        serial: cert.serial().to_vec(),
    };
    assert!(sid.matches(&cert));
    let sid = egov_sign::cms::SignerIdentifier::IssuerAndSerial {
        issuer: reencode(cert.issuer_raw()),
        serial: vec![1],
    };
    assert!(!sid.matches(&cert));
}

// ---- 5. A signature BIT STRING with unused bits ----

/// `der` with its signatureValue BIT STRING declaring one unused bit (the last bit cleared,
/// so the encoding stays DER).
fn with_unused_bit(der: &[u8]) -> Vec<u8> {
    let parts = Parts::of(der);
    let (_, bits, _, _) = split(&parts.outer[1]);
    let mut bits = bits.to_vec();
    bits[0] = 1;
    *bits.last_mut().unwrap() &= 0xfe;
    let mut outer = parts.outer.clone();
    outer[1] = tlv(0x03, &bits);
    tlv(0x30, &[parts.tbs_der(), outer.concat()].concat())
}

#[test]
fn unused_signature_bits_are_a_bad_signature_not_a_parse_failure() {
    let p = pki(KeyFamily::Rsa);
    let ca = with_unused_bit(&p.ca.cert_der);
    let parsed = Certificate::from_der(&ca).unwrap();
    assert_eq!(parsed.signature_unused_bits(), 1);
    let root = Certificate::from_der(&p.root.cert_der).unwrap();
    assert_eq!(
        parsed.verify_signed_by(&root, &CoreBackend),
        Err(Error::BadSignature)
    );
    // In a chain: the path through the bad CA is refused with a finding.
    let r = check_chain(p, &p.citizen_sign.cert_der, &ca);
    assert_ne!(r.indication, Indication::Valid);
    assert!(codes(&r).contains(&Code::ChainInvalid), "{:#?}", r.findings);
    // The end certificate itself.
    let leaf = with_unused_bit(&p.citizen_sign.cert_der);
    let r = check_chain(p, &leaf, &p.ca.cert_der);
    assert!(codes(&r).contains(&Code::ChainInvalid), "{:#?}", r.findings);
    // Unused bits that are not zero are not DER: still malformed.
    let parts = Parts::of(&p.ca.cert_der);
    let (_, bits, _, _) = split(&parts.outer[1]);
    let mut bits = bits.to_vec();
    bits[0] = 1;
    *bits.last_mut().unwrap() |= 1;
    let mut outer = parts.outer.clone();
    outer[1] = tlv(0x03, &bits);
    let bad = tlv(0x30, &[parts.tbs_der(), outer.concat()].concat());
    malformed(Certificate::from_der(&bad));
    // A further certificate that does not parse at all is a finding too (the end
    // certificate is the input: it must parse).
    let r = check_chain(p, &p.citizen_sign.cert_der, &bad);
    assert!(codes(&r).contains(&Code::Malformed), "{:#?}", r.findings);
    assert_eq!(r.indication, Indication::Invalid);
}

#[test]
fn an_embedded_ca_with_unused_signature_bits_in_an_envelope() {
    let p = pki(KeyFamily::Rsa);
    let content = samples::citizen_portal_request(now(p)).unwrap().to_json();
    let env = envelope(p, &p.citizen_sign, &content, OID_ID_DATA, &[]);
    let ca = with_unused_bit(&p.ca.cert_der);
    let bad = {
        let pos = env
            .windows(p.ca.cert_der.len())
            .position(|w| w == p.ca.cert_der.as_slice())
            .unwrap();
        let mut e = env.clone();
        e.splice(pos..pos + ca.len(), ca.iter().copied());
        e
    };
    let v = chain_verifier(p);
    let options = VerifyOptions {
        time: VerificationTime::At(now(p)),
        ..VerifyOptions::default()
    };
    let r = v.verify_request(&bad, &options).unwrap();
    assert_ne!(r.indication, Indication::Valid);
    assert!(codes(&r).contains(&Code::ChainInvalid), "{:#?}", r.findings);
}

// ---- Limits are TooLarge ----

#[test]
fn a_serial_over_the_limit_is_too_large() {
    let p = pki(KeyFamily::Rsa);
    let mut parts = Parts::of(&p.citizen_sign.cert_der);
    parts.tbs[1] = tlv(0x02, &[0x01; egov_sign::limits::MAX_SERIAL_LEN + 1]);
    assert!(matches!(
        Certificate::from_der(&parts.der()),
        Err(Error::TooLarge { .. })
    ));
}

// ---- One mapping from Error to finding code ----

#[test]
fn errors_map_to_finding_codes() {
    let cases = [
        (Error::BadSignature, Code::SignatureInvalid),
        (Error::DigestMismatch, Code::DigestMismatch),
        (Error::ContentMissing, Code::ContentMissing),
        (
            Error::UnsupportedAlgorithm {
                algorithm: "1.2.3".into(),
            },
            Code::UnsupportedAlgorithm,
        ),
        (
            Error::TooLarge {
                what: "x",
                size: 2,
                limit: 1,
            },
            Code::Malformed,
        ),
        (Error::Json { detail: "x".into() }, Code::DocumentInvalid),
        (
            Error::CrlRejected {
                code: Code::CrlSignatureInvalid,
                detail: "x".into(),
            },
            Code::CrlSignatureInvalid,
        ),
    ];
    for (e, code) in cases {
        assert_eq!(e.finding_code(), code, "{e}");
    }
    let too_large = Error::TooLarge {
        what: "JSON",
        size: 2,
        limit: 1,
    };
    assert_eq!(too_large.document_code(), Code::DocumentInvalid);
}
