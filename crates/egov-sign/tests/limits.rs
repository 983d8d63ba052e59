//! Every resource limit of `egov_sign::limits`, at and just over the limit, with hostile
//! inputs shown to be cheap to reject by counting work (signature verifications, entries,
//! elements) — never by wall time.

#[path = "../../../fuzz/src/harness.rs"]
mod harness;

use egov_sign::CoreBackend;
use std::ops::Range;

use egov_sign::crl::ParsedCrl;
use egov_sign::encoding::{decode_der_blobs, MAX_PEM_BLOCKS};
use egov_sign::limits::*;
use egov_sign::path;
use egov_sign::Certificate;
use egov_sign::ChecksumPolicy;
use egov_sign::Code;
use egov_sign::Envelope;
use egov_sign::Error;
use egov_sign::{Request, ResultDocument};
use harness::{children, encode_tlv, fixture, now, splice_tlv};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SerialNumber};

fn too_large(e: Error) -> (&'static str, usize, usize) {
    match e {
        Error::TooLarge { what, size, limit } => (what, size, limit),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

/// Ranges of the fixture envelope's parts: (certificates [0], SignerInfo).
fn envelope_parts(env: &[u8]) -> (Range<usize>, Range<usize>) {
    let ci = children(env, 0..env.len());
    let explicit = ci[1].clone();
    let sd = children(env, explicit)[0].clone();
    let parts = children(env, sd);
    // version, digestAlgorithms, encapContentInfo, certificates [0], signerInfos
    assert_eq!(env[parts[3].start], 0xa0, "certificates");
    let signer_info = children(env, parts[4].clone())[0].clone();
    (parts[3].clone(), signer_info)
}

/// The fixture envelope with its certificate set replaced by `n` certificates.
fn envelope_with_certificates(n: usize) -> Vec<u8> {
    let f = fixture();
    let env = &f.envelope;
    let (certs, _) = envelope_parts(env);
    let mut body = f.pki.citizen_sign.cert_der.clone();
    for _ in 1..n {
        body.extend_from_slice(&f.pki.ca.cert_der);
    }
    splice_tlv(env, 0, &certs, &encode_tlv(0xa0, &body))
}

/// An attribute with a private OID 1.3.6.1.4.1.99999.<i> and a NULL value.
fn filler_attribute(i: usize) -> Vec<u8> {
    let mut oid = vec![0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f];
    oid.push(0x81 + (i / 128) as u8);
    oid.push((i % 128) as u8);
    let mut attr = encode_tlv(0x06, &oid);
    attr.extend(encode_tlv(0x31, &[0x05, 0x00]));
    encode_tlv(0x30, &attr)
}

/// The fixture envelope with `extra` filler attributes added to its signed attributes.
fn envelope_with_signed_attributes(extra: usize) -> (Vec<u8>, usize) {
    let f = fixture();
    let env = &f.envelope;
    let (_, si) = envelope_parts(env);
    let fields = children(env, si);
    let signed = fields
        .iter()
        .find(|r| env[r.start] == 0xa0)
        .expect("signed attributes")
        .clone();
    let original = children(env, signed.clone());
    let mut body: Vec<u8> = original
        .iter()
        .flat_map(|r| env[r.clone()].to_vec())
        .collect();
    for i in 0..extra {
        body.extend(filler_attribute(i));
    }
    (
        splice_tlv(env, 0, &signed, &encode_tlv(0xa0, &body)),
        original.len() + extra,
    )
}

/// The fixture envelope with `n` unsigned attributes after the signature.
fn envelope_with_unsigned_attributes(n: usize) -> Vec<u8> {
    let f = fixture();
    let env = &f.envelope;
    let (_, si) = envelope_parts(env);
    let signature = children(env, si).last().expect("signature").clone();
    let mut repl = env[signature.clone()].to_vec();
    let body: Vec<u8> = (0..n).flat_map(filler_attribute).collect();
    repl.extend(encode_tlv(0xa1, &body));
    splice_tlv(env, 0, &signature, &repl)
}

#[test]
fn envelope_size_limit_is_checked_before_parsing() {
    // One byte over the DER limit: rejected on the length alone (a zero-filled body would
    // otherwise be a Malformed error, not TooLarge).
    let mut der = vec![0u8; MAX_ENVELOPE_SIZE + 1];
    der[0] = 0x30;
    let (what, size, limit) = too_large(Envelope::parse(&der).unwrap_err());
    assert_eq!(
        (size, limit),
        (MAX_ENVELOPE_SIZE + 1, MAX_ENVELOPE_SIZE),
        "{what}"
    );
    // The verifier refuses it before any other work: an error, not a report.
    let err = harness::verify(&fixture().verifier, &der, None).unwrap_err();
    assert_eq!(too_large(err).1, MAX_ENVELOPE_SIZE + 1);
    // Text (PEM / base64) over its own limit.
    let text = vec![b'A'; MAX_TEXT_INPUT_SIZE + 1];
    let (_, size, limit) = too_large(Envelope::parse(&text).unwrap_err());
    assert_eq!(
        (size, limit),
        (MAX_TEXT_INPUT_SIZE + 1, MAX_TEXT_INPUT_SIZE)
    );
}

#[test]
fn certificates_per_envelope() {
    let at_limit = envelope_with_certificates(MAX_ENVELOPE_CERTIFICATES);
    let env = Envelope::parse(&at_limit).expect("32 certificates are accepted");
    assert_eq!(env.certificates.len(), MAX_ENVELOPE_CERTIFICATES);
    // Duplicated certificates change nothing for the verifier (the set is unsigned).
    let r = harness::verify(&fixture().verifier, &at_limit, None).unwrap();
    assert_eq!(
        r.indication,
        egov_sign::Indication::Valid,
        "{:#?}",
        r.findings
    );

    let over = envelope_with_certificates(MAX_ENVELOPE_CERTIFICATES + 1);
    let (what, size, limit) = too_large(Envelope::parse(&over).unwrap_err());
    assert_eq!(what, "envelope certificates");
    // Rejected at the 33rd element: the count stops at limit + 1.
    assert_eq!(
        (size, limit),
        (MAX_ENVELOPE_CERTIFICATES + 1, MAX_ENVELOPE_CERTIFICATES)
    );
    // A hostile envelope with a thousand certificates is rejected at the same element.
    let hostile = envelope_with_certificates(1000);
    assert_eq!(
        too_large(Envelope::parse(&hostile).unwrap_err()).1,
        MAX_ENVELOPE_CERTIFICATES + 1
    );
}

#[test]
fn signed_attribute_count() {
    let (at_limit, n) = envelope_with_signed_attributes(MAX_SIGNED_ATTRIBUTES - 3);
    assert_eq!(n, MAX_SIGNED_ATTRIBUTES);
    let env = Envelope::parse(&at_limit).expect("32 signed attributes parse");
    assert!(env.signed_attrs.is_some());
    // The signature no longer covers them: parsed, never valid.
    let r = harness::verify(&fixture().verifier, &at_limit, None).unwrap();
    assert!(
        r.findings.iter().any(|f| f.code == Code::SignatureInvalid),
        "{:#?}",
        r.findings
    );

    let (over, n) = envelope_with_signed_attributes(MAX_SIGNED_ATTRIBUTES - 2);
    assert_eq!(n, MAX_SIGNED_ATTRIBUTES + 1);
    let (what, size, _) = too_large(Envelope::parse(&over).unwrap_err());
    assert_eq!(
        (what, size),
        ("signed attributes", MAX_SIGNED_ATTRIBUTES + 1)
    );
    let (hostile, _) = envelope_with_signed_attributes(2000);
    assert_eq!(
        too_large(Envelope::parse(&hostile).unwrap_err()).1,
        MAX_SIGNED_ATTRIBUTES + 1
    );
}

#[test]
fn unsigned_attribute_count() {
    let at_limit = envelope_with_unsigned_attributes(MAX_UNSIGNED_ATTRIBUTES);
    Envelope::parse(&at_limit).expect("32 unsigned attributes parse");
    let over = envelope_with_unsigned_attributes(MAX_UNSIGNED_ATTRIBUTES + 1);
    let (what, size, _) = too_large(Envelope::parse(&over).unwrap_err());
    assert_eq!(
        (what, size),
        ("unsigned attributes", MAX_UNSIGNED_ATTRIBUTES + 1)
    );
    let hostile = envelope_with_unsigned_attributes(5000);
    assert_eq!(
        too_large(Envelope::parse(&hostile).unwrap_err()).1,
        MAX_UNSIGNED_ATTRIBUTES + 1
    );
}

/// rcgen CA / leaf certificates valid around the fixture's `now`.
fn params(cn: &str, serial: u64, ca: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.serial_number = Some(SerialNumber::from_slice(&serial.to_be_bytes()));
    p.not_before = now() - time::Duration::days(30);
    p.not_after = now() + time::Duration::days(365);
    // RFC 5280 §4.2.1.1: conforming certificates carry an authorityKeyIdentifier.
    p.use_authority_key_identifier_extension = true;
    p.is_ca = if ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::NoCa
    };
    p
}

/// A chain of `len` certificates: a self-signed root, `len - 2` CAs, a leaf.
/// Returns (leaf, intermediates, root), parsed.
fn chain(len: usize) -> (Certificate, Vec<Certificate>, Certificate) {
    let root_key = KeyPair::generate().unwrap();
    let root_params = params("Depth root", 1, true);
    let root = root_params.clone().self_signed(&root_key).unwrap();
    let mut issuer = (root_params, root_key);
    let mut inter = Vec::new();
    for i in 1..len - 1 {
        let key = KeyPair::generate().unwrap();
        let p = params(&format!("Depth CA {i}"), 1 + i as u64, true);
        let cert = p
            .clone()
            .signed_by(&key, &Issuer::from_params(&issuer.0, &issuer.1))
            .unwrap();
        inter.push(Certificate::from_der(cert.der()).unwrap());
        issuer = (p, key);
    }
    let key = KeyPair::generate().unwrap();
    let leaf = params("Depth leaf", 1000, false)
        .signed_by(&key, &Issuer::from_params(&issuer.0, &issuer.1))
        .unwrap();
    (
        Certificate::from_der(leaf.der()).unwrap(),
        inter,
        Certificate::from_der(root.der()).unwrap(),
    )
}

#[test]
fn chain_depth_limit() {
    let at = now();
    // Exactly MAX_PATH_DEPTH certificates, anchor included: found, one signature per link.
    let (leaf, inter, root) = chain(MAX_PATH_DEPTH);
    let pool: Vec<&Certificate> = inter.iter().collect();
    let anchors = [root];
    let r = path::build(
        &leaf,
        &pool,
        &anchors,
        at,
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert_eq!(r.path.len(), MAX_PATH_DEPTH, "{:#?}", r.findings);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.signatures_checked, MAX_PATH_DEPTH - 1);

    // One more: no path, and the search stopped at the depth limit (it never checked the
    // link that would have exceeded it).
    let (leaf, inter, root) = chain(MAX_PATH_DEPTH + 1);
    let pool: Vec<&Certificate> = inter.iter().collect();
    let anchors = [root];
    let r = path::build(
        &leaf,
        &pool,
        &anchors,
        at,
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert!(r.path.is_empty());
    assert!(r.findings.iter().any(|f| f.code == Code::ChainUntrusted));
    assert_eq!(r.signatures_checked, MAX_PATH_DEPTH - 1);
}

#[test]
fn normal_path_costs_one_signature_per_link() {
    let f = fixture();
    let leaf = Certificate::from_der(&f.pki.citizen_sign.cert_der).unwrap();
    let pool = [&f.ca];
    let anchors = [f.root.clone()];
    let r = path::build(
        &leaf,
        &pool,
        &anchors,
        now(),
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert_eq!(r.path.len(), 3);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.signatures_checked, 2);
}

/// `n` certificates identical to the CA's but for one byte of the public key: same
/// subject, same subjectKeyIdentifier (so the AKI hint cannot tell them apart), wrong key.
fn wrong_key_lookalikes(n: usize) -> Vec<Certificate> {
    let f = fixture();
    let ca = &f.pki.ca.cert_der;
    let spki = f.ca.spki();
    let at = ca
        .windows(spki.len())
        .position(|w| w == spki)
        .expect("SPKI in the certificate");
    // Inside the RSA modulus, well past the SPKI's headers.
    let base = at + 40;
    (0..n)
        .map(|i| {
            let mut der = ca.clone();
            der[base + i / 255] ^= 1 + (i % 255) as u8;
            Certificate::from_der(&der).expect("look-alike parses")
        })
        .collect()
}

#[test]
fn path_building_budget_bounds_a_pool_of_wrong_keys() {
    let f = fixture();
    let leaf = Certificate::from_der(&f.pki.citizen_sign.cert_der).unwrap();
    let fakes = wrong_key_lookalikes(1000);
    // The real CA last: the hostile pool comes first in every ordering hint.
    let mut pool: Vec<&Certificate> = fakes.iter().collect();
    pool.push(&f.ca);
    let anchors = [f.root.clone()];
    let r = path::build(
        &leaf,
        &pool,
        &anchors,
        now(),
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    // 1000 candidates, but at most the budget of signature verifications.
    assert_eq!(r.signatures_checked, PATH_BUILDING_SIGNATURE_BUDGET);
    assert!(r.path.is_empty(), "fails closed: no path");
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == Code::ChainUntrusted && f.detail.contains("budget")));

    // Below the budget the real CA is still found: the wrong keys, then the end
    // certificate by the CA and the CA by the root (neither configured here) fill it.
    let wrong = PATH_BUILDING_SIGNATURE_BUDGET - 2;
    let few: Vec<&Certificate> = fakes
        .iter()
        .take(wrong)
        .chain(std::iter::once(&f.ca))
        .collect();
    let r = path::build(
        &leaf,
        &few,
        &anchors,
        now(),
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert_eq!(r.path.len(), 3, "{:#?}", r.findings);
    assert_eq!(r.signatures_checked, wrong + 2);
    // One more wrong key and the path is cut (fails closed).
    let more: Vec<&Certificate> = fakes
        .iter()
        .take(wrong + 1)
        .chain(std::iter::once(&f.ca))
        .collect();
    let r = path::build(
        &leaf,
        &more,
        &anchors,
        now(),
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert!(r.path.is_empty());
}

#[test]
fn path_building_budget_bounds_an_exponential_mesh() {
    // LAYERS layers of WIDTH certificates; every certificate of a layer has the same name
    // and key, so each is a verifying issuer of every certificate below: WIDTH^depth
    // paths, none ending at an anchor. Unbounded search would verify tens of thousands of
    // signatures.
    const LAYERS: usize = 7;
    const WIDTH: usize = 4;
    let mut layers: Vec<(CertificateParams, KeyPair)> = Vec::new();
    for l in 0..LAYERS {
        layers.push((
            params(&format!("Mesh {l}"), 1, true),
            KeyPair::generate().unwrap(),
        ));
    }
    let mut pool_owned = Vec::new();
    let mut serial = 100u64;
    // Layer l is issued by layer l + 1; the top layer by itself (not an anchor).
    for l in 0..LAYERS {
        let issuer_ix = (l + 1).min(LAYERS - 1);
        for _ in 0..WIDTH {
            serial += 1;
            let mut p = layers[l].0.clone();
            p.serial_number = Some(SerialNumber::from_slice(&serial.to_be_bytes()));
            let iss = Issuer::from_params(&layers[issuer_ix].0, &layers[issuer_ix].1);
            let cert = p.signed_by(&layers[l].1, &iss).unwrap();
            pool_owned.push(Certificate::from_der(cert.der()).unwrap());
        }
    }
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = params("Mesh leaf", 1, false)
        .signed_by(&leaf_key, &Issuer::from_params(&layers[0].0, &layers[0].1))
        .unwrap();
    let leaf = Certificate::from_der(leaf.der()).unwrap();
    let pool: Vec<&Certificate> = pool_owned.iter().collect();
    let anchors = [fixture().root.clone()];
    // The anchor is RSA, the mesh P-256: a verifier configured so checks nothing at all.
    let r = path::build(
        &leaf,
        &pool,
        &anchors,
        now(),
        path::VerifiedEdges::none(),
        &CoreBackend,
    );
    assert!(r.path.is_empty());
    assert_eq!(r.signatures_checked, 0);
    // Accepting P-256 explicitly (as `Policy::path_key_families` does).
    let accept = path::VerifiedEdges::default().accepting(Some(&[
        path::AlgorithmFamily::Rsa,
        path::AlgorithmFamily::EcdsaP256,
    ]));
    let r = path::build(&leaf, &pool, &anchors, now(), &accept, &CoreBackend);
    assert!(r.path.is_empty());
    assert!(r.signatures_checked <= PATH_BUILDING_SIGNATURE_BUDGET);
    assert!(r.cost_units <= PATH_BUILDING_COST_BUDGET);
    // Each (subject, issuer key) pair is checked once, and a certificate with the name and
    // key of an issuer already in the path is a loop (issue 17): at most one check per
    // certificate — the leaf's, then each layer's by the layer above (the top layer's by
    // itself is a loop). The old search spent its whole budget (100 checks); now the
    // candidate budget ends the walk of the WIDTH^depth paths first.
    assert!(r.signatures_checked <= 1 + (LAYERS - 1) * WIDTH);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == Code::ChainUntrusted && f.detail.contains("budget")));
    // The number of paths the mesh holds (a lower bound of unbounded work).
    let paths: usize = (1..MAX_PATH_DEPTH).map(|d| WIDTH.pow(d as u32)).sum();
    assert!(paths > 100 * PATH_BUILDING_SIGNATURE_BUDGET);
}

#[test]
fn crl_size_limit_is_checked_before_parsing() {
    let mut der = vec![0u8; MAX_CRL_SIZE + 1];
    der[0] = 0x30;
    let (what, size, limit) = too_large(ParsedCrl::from_der(&der).unwrap_err());
    assert_eq!((what, size, limit), ("CRL", MAX_CRL_SIZE + 1, MAX_CRL_SIZE));
}

/// A structurally valid v2 CRL (bogus signature: parsing does not verify) with `n`
/// entries of 3-byte serials, built without any per-entry allocation.
fn crl_with_entries(n: usize) -> Vec<u8> {
    let algo = encode_tlv(
        0x30,
        &[
            &[
                0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
            ][..],
            &[0x05, 0x00],
        ]
        .concat(),
    );
    let name = encode_tlv(
        0x30,
        &encode_tlv(
            0x31,
            &encode_tlv(
                0x30,
                &[
                    &[0x06, 0x03, 0x55, 0x04, 0x03][..],
                    &encode_tlv(0x0c, b"Limits CA"),
                ]
                .concat(),
            ),
        ),
    );
    let date = encode_tlv(0x17, b"260101000000Z");
    let mut entries = Vec::with_capacity(n * 22);
    for i in 0..n {
        let s = (i + 0x10_0000).to_be_bytes();
        entries.extend_from_slice(&[0x30, 0x14, 0x02, 0x03]);
        entries.extend_from_slice(&s[s.len() - 3..]);
        entries.extend_from_slice(&date);
    }
    let mut tbs = vec![0x02, 0x01, 0x01];
    tbs.extend(&algo);
    tbs.extend(&name);
    tbs.extend(&date);
    tbs.extend(encode_tlv(0x17, b"270101000000Z"));
    tbs.extend(encode_tlv(0x30, &entries));
    let mut crl = encode_tlv(0x30, &tbs);
    crl.extend(&algo);
    crl.extend(encode_tlv(0x03, &[0u8; 257]));
    encode_tlv(0x30, &crl)
}

#[test]
fn crl_entry_count_is_checked_before_decoding_entries() {
    // Small: the header walk and the full parser agree.
    let crl = ParsedCrl::from_der(&crl_with_entries(1000)).unwrap();
    assert_eq!(crl.len(), 1000);
    assert!(crl.lookup(&[0x10, 0x00, 0x00]).is_some());
    assert!(crl.lookup(&[0x10, 0x03, 0xe8]).is_none());
    // One over the limit (88 MB): refused by the header walk, which stops counting at
    // limit + 1, before x509-parser decodes any entry (it used to decode them all first —
    // about 150 bytes of heap per entry — and only then compare the count).
    let der = crl_with_entries(MAX_CRL_ENTRIES + 1);
    assert!(der.len() < MAX_CRL_SIZE);
    let (what, size, limit) = too_large(ParsedCrl::from_der(&der).unwrap_err());
    assert_eq!(
        (what, size, limit),
        ("CRL entries", MAX_CRL_ENTRIES + 1, MAX_CRL_ENTRIES)
    );
}

#[test]
fn crl_lookups_of_hostile_serials() {
    let f = fixture();
    let parsed = ParsedCrl::from_der(&f.pki.crls.ca_full).unwrap();
    assert!(!parsed.is_empty());
    // Binary search: a lookup of any serial, even oversized or empty, is a miss, not an error.
    assert!(parsed.lookup(&[0xff; MAX_SERIAL_LEN + 1]).is_none());
    assert!(parsed.lookup(&[]).is_none());
    assert!(parsed.lookup(&f.pki.revoked_sign.serial).is_some());
}

#[test]
fn json_size_and_depth() {
    // Size: one byte over, rejected before parsing (not even valid JSON).
    let big = vec![b' '; MAX_JSON_SIZE + 1];
    for policy in [ChecksumPolicy::Strict, ChecksumPolicy::Lenient] {
        let (_, size, limit) = too_large(Request::from_json(&big, policy).unwrap_err());
        assert_eq!((size, limit), (MAX_JSON_SIZE + 1, MAX_JSON_SIZE));
        let (_, size, _) = too_large(ResultDocument::from_json(&big, policy).unwrap_err());
        assert_eq!(size, MAX_JSON_SIZE + 1);
    }
    // Depth: MAX_JSON_DEPTH levels are scanned (then the document is wrong, not too deep);
    // one more is TooLarge at exactly limit + 1 — the scan stops there, so 500 000 levels
    // (1 MB of '[') cost no more than 33 and never overflow the stack.
    let nested = |d: usize| {
        let mut s = String::from("{\"x\":");
        s.push_str(&"[".repeat(d - 1));
        s.push_str(&"]".repeat(d - 1));
        s.push('}');
        s
    };
    let e =
        Request::from_json(nested(MAX_JSON_DEPTH).as_bytes(), ChecksumPolicy::Strict).unwrap_err();
    assert!(!matches!(e, Error::TooLarge { .. }), "{e:?}");
    let e = Request::from_json(
        nested(MAX_JSON_DEPTH + 1).as_bytes(),
        ChecksumPolicy::Strict,
    )
    .unwrap_err();
    assert_eq!(
        too_large(e),
        ("JSON nesting depth", MAX_JSON_DEPTH + 1, MAX_JSON_DEPTH)
    );
    let deep = "[".repeat(500_000);
    let e = ResultDocument::from_json(deep.as_bytes(), ChecksumPolicy::Strict).unwrap_err();
    assert_eq!(too_large(e).1, MAX_JSON_DEPTH + 1);
}

#[test]
fn pem_blocks_and_certificate_size() {
    let f = fixture();
    let one = egov_sign::encoding::to_pem(&f.pki.ca.cert_der, "CERTIFICATE");
    let at_limit = one.repeat(MAX_PEM_BLOCKS);
    assert_eq!(
        decode_der_blobs(at_limit.as_bytes(), "CERTIFICATE", MAX_CERTIFICATE_SIZE)
            .unwrap()
            .len(),
        MAX_PEM_BLOCKS
    );
    let over = one.repeat(MAX_PEM_BLOCKS + 1);
    too_large(decode_der_blobs(over.as_bytes(), "CERTIFICATE", MAX_CERTIFICATE_SIZE).unwrap_err());
    // A certificate over 64 KiB is refused before it is parsed.
    let mut der = vec![0u8; MAX_CERTIFICATE_SIZE + 1];
    der[0] = 0x30;
    let (_, size, limit) = too_large(Certificate::from_der(&der).unwrap_err());
    assert_eq!(
        (size, limit),
        (MAX_CERTIFICATE_SIZE + 1, MAX_CERTIFICATE_SIZE)
    );
}
