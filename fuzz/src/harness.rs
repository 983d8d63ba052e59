//! The fuzz targets' bodies, shared by the libFuzzer binaries (`fuzz_targets/*.rs`) and by
//! the core's regression test (`crates/egov-sign/tests/regressions.rs` includes this file
//! with `#[path]`), so a kept crashing input replays exactly the code that crashed.
//!
//! Dependencies: `egov_sign` (feature `test-pki`), `time`, `x509_parser` only — all of them
//! already dependencies of the core crate.
//!
//! Every function panics (= a finding) only when an invariant is broken; errors on hostile
//! input are expected and ignored.
#![allow(dead_code)]

use egov_sign::CoreBackend;
use std::sync::OnceLock;

/// The CRL differential check (x509-parser reference), also run by
/// `crates/egov-sign/tests/revocation.rs`.
#[path = "crl_diff.rs"]
pub mod crl_diff;

use egov_sign::cms::{self, Envelope, SignOptions};
use egov_sign::crl::ParsedCrl;
use egov_sign::encoding::{decode_der_blobs, to_pem};
use egov_sign::limits::{MAX_CERTIFICATE_SIZE, MAX_CRL_SIZE, MAX_ENVELOPE_SIZE};
use egov_sign::test_pki::{samples, KeyFamily, TestPki, CON_BIN, PROVIDER_BIN};
use egov_sign::Certificate;
use egov_sign::Time;
use egov_sign::{Bin, ChecksumPolicy};
use egov_sign::{Indication, Report};
use egov_sign::{KeyUsageRequirement, Policy, VerificationTime};
use egov_sign::{Request, ResultDocument};
use egov_sign::{Verifier, VerifyOptions};

/// The fixed instant of the fuzzing PKI: RSA test PKIs are byte-identical for the same
/// `now` (fixed key pool, PKCS#1 v1.5), so seeds and crashing inputs stay meaningful.
pub fn now() -> Time {
    // 2026-01-15T12:00:00Z
    Time::from_unix_timestamp(1_768_478_400).unwrap_or(Time::UNIX_EPOCH)
}

/// The fixed test PKI, its verifier and a valid request envelope (signed by the citizen,
/// CA certificate embedded, signingTime = `now()`).
pub struct Fixture {
    pub pki: TestPki,
    pub verifier: Verifier,
    /// The same configuration with the certificate cache off: `verify_request` compares
    /// the two on every input (a cache hit must never change a report).
    pub uncached: Verifier,
    pub content: Vec<u8>,
    pub envelope: Vec<u8>,
    pub parsed: Envelope,
    pub ca: Certificate,
    pub root: Certificate,
    pub citizen_sha256: String,
    /// (content, signed attributes, signature) of every envelope the fixture's citizen
    /// signed (seeds included): what a `valid` report may carry.
    pub signed: Vec<SignedParts>,
}

/// The signed parts of an envelope.
pub type SignedParts = (Option<Vec<u8>>, Option<Vec<u8>>, Vec<u8>);

fn signed_parts(env: &Envelope) -> SignedParts {
    (
        env.content.clone(),
        env.signed_attrs.clone(),
        env.signature.clone(),
    )
}

/// The envelopes the fixture signs: (name, envelope). RSA PKCS#1 v1.5 is deterministic,
/// so these bytes are stable.
pub fn fixture_envelopes(pki: &TestPki, content: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let with = |detached, signing_time, sid_by_ski| {
        sign(
            pki,
            content,
            &SignOptions {
                detached,
                signing_time,
                sid_by_ski,
            },
        )
    };
    vec![
        ("fixture-valid.der", with(false, Some(now()), false)),
        ("fixture-ski.der", with(false, Some(now()), true)),
        ("fixture-no-time.der", with(false, None, false)),
        ("fixture-detached.der", with(true, Some(now()), false)),
    ]
}

pub fn policy() -> Policy {
    Policy {
        operator_bins: Bin::parse(CON_BIN).into_iter().collect(),
        provider_bins: Bin::parse(PROVIDER_BIN).into_iter().collect(),
        ..Policy::default()
    }
}

pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let pki = TestPki::generate(KeyFamily::Rsa, now()).expect("test PKI");
        let mut b = Verifier::builder()
            .anchors(&pki.root.cert_der)
            .expect("anchor")
            .intermediates(&pki.ca.cert_der)
            .expect("intermediate")
            .policy(policy());
        for crl in [&pki.crls.root_full, &pki.crls.ca_full, &pki.crls.ca_delta] {
            b = b.crls(crl).expect("crl");
        }
        let verifier = b.build().expect("verifier");
        let mut b = Verifier::builder()
            .anchors(&pki.root.cert_der)
            .expect("anchor")
            .intermediates(&pki.ca.cert_der)
            .expect("intermediate")
            .certificate_cache(0)
            .policy(policy());
        for crl in [&pki.crls.root_full, &pki.crls.ca_full, &pki.crls.ca_delta] {
            b = b.crls(crl).expect("crl");
        }
        let uncached = b.build().expect("verifier");
        let content = samples::citizen_portal_request(now())
            .expect("request")
            .to_json();
        let all = fixture_envelopes(&pki, &content);
        let envelope = all[0].1.clone();
        let parsed = Envelope::parse(&envelope).expect("own envelope parses");
        let signed = all
            .iter()
            .map(|(_, e)| signed_parts(&Envelope::parse(e).expect("own envelope parses")))
            .collect();
        let ca = Certificate::from_der(&pki.ca.cert_der).expect("ca");
        let root = Certificate::from_der(&pki.root.cert_der).expect("root");
        let citizen_sha256 = Certificate::from_der(&pki.citizen_sign.cert_der)
            .expect("citizen")
            .summary()
            .sha256
            .clone();
        let f = Fixture {
            pki,
            verifier,
            uncached,
            content,
            envelope,
            parsed,
            ca,
            root,
            citizen_sha256,
            signed,
        };
        let r = verify(&f.verifier, &f.envelope, None).expect("verifies");
        assert_eq!(r.indication, Indication::Valid, "{:#?}", r.findings);
        f
    })
}

/// Sign `content` as the fixture's citizen, with the CA certificate embedded.
pub fn sign(pki: &TestPki, content: &[u8], opts: &SignOptions) -> Vec<u8> {
    let key = egov_sign::SigningKey::from_pkcs8(&pki.citizen_sign.key_pkcs8_der).expect("key");
    cms::sign(
        content,
        &key,
        &pki.citizen_sign.cert_der,
        std::slice::from_ref(&pki.ca.cert_der),
        opts,
    )
    .expect("sign")
}

pub fn verify(
    v: &Verifier,
    envelope: &[u8],
    content: Option<&[u8]>,
) -> Result<Report, egov_sign::Error> {
    v.verify_request(
        envelope,
        &VerifyOptions {
            time: VerificationTime::At(now()),
            content,
            ..VerifyOptions::default()
        },
    )
}

/// Target `envelope_parse`: `Envelope::parse` on anything; what parses re-parses from its
/// own `der` identically and respects the limits.
pub fn envelope_parse(data: &[u8]) {
    let Ok(env) = Envelope::parse(data) else {
        return;
    };
    assert!(env.der.len() <= MAX_ENVELOPE_SIZE);
    assert!(env.certificates.len() <= egov_sign::limits::MAX_ENVELOPE_CERTIFICATES);
    assert_eq!(env.signed_attrs.is_some(), env.message_digest.is_some());
    assert_eq!(
        env.signed_attrs.is_some(),
        env.signed_content_type.is_some()
    );
    if let Some(sa) = &env.signed_attrs {
        assert_eq!(
            sa.first(),
            Some(&0x31),
            "signed attributes re-tagged as SET"
        );
    }
    let again = Envelope::parse(&env.der).expect("an accepted envelope re-parses");
    assert_eq!(again.content, env.content);
    assert_eq!(again.signature, env.signature);
    assert_eq!(again.signed_attrs, env.signed_attrs);
    let _ = env.signer_algorithm();
    let _ = env.is_detached();
    // Certificates embedded: parse and summarise (never panics).
    for c in &env.certificates {
        if let Ok(c) = Certificate::from_der(c) {
            let _ = c.summary();
            let _ = env.signer_matches(c.der());
            let _ = env.verify_signature(None, c.spki(), &CoreBackend);
        }
    }
}

/// Target `verify_request`: the whole verifier on a (mutated) envelope. A `valid` report
/// is only allowed when every signed part is the original's: content, signed attributes,
/// signature and signer certificate. (Unsigned parts — the embedded CA certificate, which
/// the verifier also holds, unsigned attributes, the ignored crls field — may change.)
///
/// The fixture's verifier keeps its certificate cache across inputs; every report (or
/// error) must equal the one of a verifier without the cache.
pub fn verify_request(data: &[u8]) {
    let f = fixture();
    let cached = verify(&f.verifier, data, None);
    let uncached = verify(&f.uncached, data, None);
    match (&cached, &uncached) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the certificate cache changed a report"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("the certificate cache changed the outcome: {cached:?} vs {uncached:?}"),
    }
    let Ok(report) = cached else {
        return;
    };
    // The fingerprint is of the envelope DER that was verified.
    if let Some(der) = report.envelope_sha256.der() {
        let env = Envelope::parse(data).expect("a verified envelope parses");
        assert_eq!(der, env.der.as_slice());
        assert_eq!(report.envelope_sha256.hex().map(str::len), Some(64));
    }
    let _ = report.to_json();
    if report.indication != Indication::Valid {
        return;
    }
    assert!(report.findings.is_empty(), "valid with findings");
    let env = Envelope::parse(data).expect("a valid envelope parses");
    assert!(
        f.signed.contains(&signed_parts(&env)),
        "valid with content / signed attributes / signature the citizen never signed"
    );
    let signer = report.signer.as_ref().expect("valid has a signer");
    assert_eq!(
        signer.sha256, f.citizen_sha256,
        "valid with another (or a modified) signer certificate"
    );
}

/// Target `crl`: parse, compare with the x509-parser reference (`crl_diff`), look serials
/// up (slices of the input, the fixture's serials), verify against the fixture's CA and root,
/// and decide the fixture certificates' status with the verified CRL.
pub fn crl(data: &[u8]) {
    let Ok(parsed) = ParsedCrl::from_der(data) else {
        return;
    };
    assert!(data.len() <= MAX_CRL_SIZE);
    assert!(parsed.len() <= egov_sign::limits::MAX_CRL_ENTRIES);
    // Differential against x509-parser: never laxer; issuer, times, entries, cRLNumber,
    // BaseCRLNumber, AKI and the issuingDistributionPoint agree (see `crl_diff`).
    crl_diff::check(data);
    // Arbitrary lookups never panic, including empty and oversized serials.
    let _ = parsed.lookup(&[]);
    for w in [1usize, 2, 8, 20, 33] {
        for chunk in data.chunks(w).take(64) {
            let _ = parsed.lookup(chunk);
        }
    }
    let f = fixture();
    for issued in f.pki.all_issued() {
        let _ = parsed.lookup(&issued.serial);
    }
    let _ = (parsed.issuer(), parsed.aki(), parsed.is_delta());
    for issuer in [&f.ca, &f.root] {
        if let Ok(crl) = parsed.clone().verify(issuer) {
            let at = now();
            let _ = crl.fresh_at(at);
            let _ = crl.index_heap_size();
            for issued in f.pki.all_issued() {
                if let Ok(cert) = Certificate::from_der(&issued.cert_der) {
                    let _ = egov_sign::revocation::status([&crl], &cert, |_| true, at);
                }
            }
        }
    }
}

/// Target `certificate_chain`: certificate parsing (DER / PEM / base64, one or more) and
/// `verify_chain` against the fixture's root; the first blob is the end certificate, the
/// rest extra intermediates. A `valid` chain must end at the fixture's root.
pub fn certificate_chain(data: &[u8]) {
    if let Ok(certs) = Certificate::parse_all(data) {
        for c in &certs {
            assert!(c.der().len() <= MAX_CERTIFICATE_SIZE);
            let _ = (c.summary(), c.iin(), c.bin(), c.role(), c.key_kind());
            let _ = c.verify_signed_by(c, &CoreBackend);
        }
    }
    let f = fixture();
    for usage in [KeyUsageRequirement::Sign, KeyUsageRequirement::Any] {
        let Ok(report) = f.verifier.verify_chain(data, &[], usage, now()) else {
            continue;
        };
        let _ = report.to_json();
        if report.indication == Indication::Valid {
            let last = report.chain.last().expect("a valid chain is not empty");
            let root = f.root.summary();
            assert_eq!(
                last.serial, root.serial,
                "valid chain not ending at the root"
            );
            assert!(report.chain.len() <= egov_sign::limits::MAX_PATH_DEPTH);
        }
    }
}

/// Target `document_json`: strict request / result / receipt parsing under both checksum policies;
/// what is accepted round-trips through `to_json`, and what strict accepts lenient accepts.
pub fn document_json(data: &[u8]) {
    for policy in [ChecksumPolicy::Strict, ChecksumPolicy::Lenient] {
        if let Ok(r) = Request::from_json(data, policy) {
            let again = Request::from_json(&r.to_json(), policy).expect("request round trip");
            assert_eq!(again.to_value(), r.to_value());
            if policy == ChecksumPolicy::Strict {
                assert!(Request::from_json(data, ChecksumPolicy::Lenient).is_ok());
            }
        }
        if let Ok(r) = ResultDocument::from_json(data, policy) {
            let again = ResultDocument::from_json(&r.to_json(), policy).expect("result round trip");
            assert_eq!(again.to_value(), r.to_value());
            if policy == ChecksumPolicy::Strict {
                assert!(ResultDocument::from_json(data, ChecksumPolicy::Lenient).is_ok());
            }
        }
        if let Ok(r) = egov_sign::document::Receipt::from_json(data, policy) {
            let again = egov_sign::document::Receipt::from_json(&r.to_json(), policy)
                .expect("receipt round trip");
            assert_eq!(again, r);
            if policy == ChecksumPolicy::Strict {
                assert!(
                    egov_sign::document::Receipt::from_json(data, ChecksumPolicy::Lenient).is_ok()
                );
            }
        }
    }
}

/// Target `xml_document`: the XML form of requests and results (issue 18), under both
/// checksum policies. Whatever the bytes, the readers return (no panic). A document read
/// from XML writes back to XML that reads as the same model and is byte-identical when
/// written again, and its JSON form reads as the same model; strict-accepted ⇒
/// lenient-accepted; [`egov_sign::Document::from_xml`] agrees with the typed
/// readers. A document read from the bytes as JSON writes to XML that reads back as the
/// same model (or is refused by the writer for a character XML cannot carry).
pub fn xml_document(data: &[u8]) {
    use egov_sign::Document;
    use egov_sign::Error;
    for policy in [ChecksumPolicy::Strict, ChecksumPolicy::Lenient] {
        let request = Request::from_xml(data, policy);
        if let Ok(r) = &request {
            let x = r.to_xml().expect("a request read from XML writes as XML");
            let again = Request::from_xml(&x, policy).expect("request XML round trip");
            assert_eq!(&again, r);
            assert_eq!(again.to_xml().ok().as_deref(), Some(&x[..]));
            assert_eq!(Request::from_json(&r.to_json(), policy).as_ref(), Ok(r));
            if policy == ChecksumPolicy::Strict {
                assert!(Request::from_xml(data, ChecksumPolicy::Lenient).is_ok());
            }
        }
        let result = ResultDocument::from_xml(data, policy);
        if let Ok(r) = &result {
            let x = r.to_xml().expect("a result read from XML writes as XML");
            let again = ResultDocument::from_xml(&x, policy).expect("result XML round trip");
            assert_eq!(&again, r);
            assert_eq!(again.to_xml().ok().as_deref(), Some(&x[..]));
            assert_eq!(
                ResultDocument::from_json(&r.to_json(), policy).as_ref(),
                Ok(r)
            );
            if policy == ChecksumPolicy::Strict {
                assert!(ResultDocument::from_xml(data, ChecksumPolicy::Lenient).is_ok());
            }
        }
        match Document::from_xml(data, policy) {
            Ok(Document::Request(d)) => assert_eq!(request.as_ref(), Ok(&d)),
            Ok(Document::Result(d)) => assert_eq!(result.as_ref(), Ok(&d)),
            Ok(Document::Receipt(_)) => panic!("a receipt from XML"),
            Err(_) => assert!(request.is_err() && result.is_err()),
        }
        if let Ok(r) = Request::from_json(data, policy) {
            match r.to_xml() {
                Ok(x) => assert_eq!(
                    Request::from_xml(&x, policy).expect("JSON request → XML → model"),
                    r
                ),
                Err(Error::InvalidDocument { .. }) => {}
                Err(e) => panic!("request writer: {e}"),
            }
        }
        if let Ok(r) = ResultDocument::from_json(data, policy) {
            match r.to_xml() {
                Ok(x) => assert_eq!(
                    ResultDocument::from_xml(&x, policy).expect("JSON result → XML → model"),
                    r
                ),
                Err(Error::InvalidDocument { .. }) => {}
                Err(e) => panic!("result writer: {e}"),
            }
        }
    }
}

/// Target `decode_blobs`: PEM / base64 / DER decoding for each label; blobs respect the
/// bound, are never empty, and re-encode to PEM that decodes to the same blob.
pub fn decode_blobs(data: &[u8]) {
    for (label, max) in [
        ("CERTIFICATE", MAX_CERTIFICATE_SIZE),
        ("CMS", MAX_ENVELOPE_SIZE),
        ("X509 CRL", 4096usize),
    ] {
        let Ok(blobs) = decode_der_blobs(data, label, max) else {
            continue;
        };
        assert!(!blobs.is_empty());
        assert!(blobs.len() <= egov_sign::encoding::MAX_PEM_BLOCKS);
        for b in &blobs {
            assert!(!b.is_empty(), "empty blob");
            assert!(b.len() <= max, "blob over the bound");
            let pem = to_pem(b, label);
            let back = decode_der_blobs(pem.as_bytes(), label, max).expect("own PEM decodes");
            assert_eq!(back.len(), 1);
            assert_eq!(&back[0], b);
        }
    }
}

/// Write seeds built from the fixture into `<dir>/<target>/` (called by `fuzz/seed.sh`
/// through the `verify_request` binary, so seeding needs no extra build).
pub fn write_seeds(dir: &std::path::Path) -> std::io::Result<()> {
    let f = fixture();
    let put = |target: &str, name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let d = dir.join(target);
        std::fs::create_dir_all(&d)?;
        std::fs::write(d.join(name), bytes)
    };
    for (name, env) in fixture_envelopes(&f.pki, &f.content) {
        if name != "fixture-detached.der" {
            put("verify_request", name, &env)?;
        }
        put("envelope_parse", name, &env)?;
    }
    put(
        "decode_blobs",
        "fixture-envelope.pem",
        cms::to_pem(&f.envelope).as_bytes(),
    )?;
    for (name, crl) in f.pki.crl_list() {
        put("crl", &format!("fixture-{name}.crl"), crl)?;
    }
    for i in f.pki.all_issued() {
        put(
            "certificate_chain",
            &format!("fixture-{}.der", i.name),
            &i.cert_der,
        )?;
    }
    let chain = format!(
        "{}{}",
        to_pem(&f.pki.citizen_sign.cert_der, "CERTIFICATE"),
        to_pem(&f.pki.ca.cert_der, "CERTIFICATE")
    );
    put("certificate_chain", "fixture-chain.pem", chain.as_bytes())?;
    put("decode_blobs", "fixture-chain.pem", chain.as_bytes())?;
    put("document_json", "fixture-request.json", &f.content)?;
    put("xml_verify", "fixture-cosigned.xml", xml_fixture())?;
    put("xml_parse_c14n", "fixture-cosigned.xml", xml_fixture())?;
    if let Ok(r) = samples::citizen_con_request(now()) {
        put("document_json", "fixture-request-con.json", &r.to_json())?;
    }
    if let Ok(r) = samples::head_queue_result(&f.envelope, now()) {
        put("document_json", "fixture-result.json", &r.to_json())?;
    }
    Ok(())
}

/// Parse one DER TLV header at the start of `b`: (tag, header length, content length).
pub fn tlv(b: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *b.first()?;
    let l = *b.get(1)?;
    if l < 0x80 {
        return Some((tag, 2, usize::from(l)));
    }
    let n = usize::from(l & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let len = b
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |a, x| (a << 8) | usize::from(*x));
    Some((tag, 2 + n, len))
}

pub fn encode_len(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
}

/// Replace the TLV occupying exactly `range` of `der` (absolute offsets) by `repl`,
/// re-encoding the lengths of every enclosing constructed TLV.
pub fn splice_tlv(der: &[u8], base: usize, range: &std::ops::Range<usize>, repl: &[u8]) -> Vec<u8> {
    if base == range.start && der.len() == range.len() {
        return repl.to_vec();
    }
    let Some((tag, h, len)) = tlv(der) else {
        return der.to_vec();
    };
    if tag & 0x20 == 0
        || h + len != der.len()
        || range.start < base + h
        || range.end > base + der.len()
    {
        return der.to_vec();
    }
    let mut content = Vec::new();
    let mut pos = h;
    while pos < der.len() {
        let Some((_, ch, clen)) = tlv(&der[pos..]) else {
            return der.to_vec();
        };
        let end = (pos + ch + clen).min(der.len());
        content.extend(splice_tlv(&der[pos..end], base + pos, range, repl));
        pos = end;
    }
    let mut out = vec![tag];
    encode_len(content.len(), &mut out);
    out.extend(content);
    out
}

/// The children of the constructed TLV occupying `range` of `der`, as absolute ranges.
pub fn children(der: &[u8], range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let Some((_, h, len)) = tlv(&der[range.clone()]) else {
        return out;
    };
    let mut pos = range.start + h;
    let end = (range.start + h + len).min(range.end);
    while pos < end {
        let Some((_, ch, clen)) = tlv(&der[pos..end]) else {
            break;
        };
        out.push(pos..pos + ch + clen);
        pos += ch + clen;
    }
    out
}

/// Encode a TLV.
pub fn encode_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    encode_len(content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// PKCS#12 key stores (`egov_sign::pkcs12`), opened with the password of the seeds
/// (`Qwerty12`, the KalkanCrypt store; `test-pass`, the OpenSSL ones) and with a wrong one,
/// under a KDF budget of 200,000 iterations so an input costs milliseconds. Invariants: a
/// store that opens has every entry's certificate holding the entry's key, every entry
/// certificate among the store's certificates, and a chain no longer than the path limit;
/// a store never opens with the wrong password when it has a MAC or encrypted bags that
/// opened with the right one.
pub fn pkcs12(data: &[u8]) {
    use egov_sign::KeyStore;
    const BUDGET: u64 = 200_000;
    for password in ["Qwerty12", "test-pass"] {
        let Ok(store) = KeyStore::open_with_kdf_budget(data, password, BUDGET) else {
            continue;
        };
        for e in store.entries() {
            if let Some(cert) = e.certificate_der() {
                let c = Certificate::from_der(cert).expect("an entry certificate parses");
                assert!(e.signing_key().matches_spki(c.spki()), "key/cert mismatch");
                assert!(store.certificates().iter().any(|x| x == cert));
            }
            assert!(e.chain().len() <= egov_sign::limits::MAX_PATH_DEPTH);
            let _ = format!("{e:?}");
        }
        let _ = store.entry(None);
    }
}

/// RFC 3161 and RFC 6960 readers (issue 16): TSTInfo, TimeStampReq, TimeStampResp, a token
/// verified with no TSA anchor (never Ok), a BasicOCSPResponse and an OCSPRequest, and a
/// response checked for the real NCA test certificate and CA (never a panic; a response
/// that verifies carries the real response's signed answer).
pub fn tsp_ocsp(data: &[u8]) {
    use egov_sign::{ocsp, tsp};
    static NCA_CA: &[u8] = include_bytes!("../../testdata/nca/nca_gost2015_test.cer");
    static NCA_CERT: &[u8] = include_bytes!("../../testdata/nca/test2022_individual_2026.cer");
    static REAL_RESPONSE: &[u8] =
        include_bytes!("../../testdata/nca/nca_ocsp_test2022_2026-09-02.ocsp");
    let _ = tsp::TstInfo::from_der(data);
    let _ = tsp::TimeStampReq::from_der(data);
    let _ = tsp::token_from_response(data);
    let expect = tsp::Expectation {
        signature_value: b"signature",
        nonce: None,
        policies: &[],
    };
    assert!(
        tsp::verify_token(data, &expect, &tsp::TsaTrust::new(), &CoreBackend).is_err(),
        "a token verified with no TSA anchor"
    );
    let _ = ocsp::BasicResponse::from_der(data);
    let _ = ocsp::OcspRequest::from_der(data);
    let (Ok(ca), Ok(cert)) = (
        Certificate::from_der(NCA_CA),
        Certificate::from_der(NCA_CERT),
    ) else {
        return;
    };
    let options = ocsp::CheckOptions {
        // 2026-09-02T10:30Z, minutes after the real response
        at: Time::from_unix_timestamp(1_788_345_000).unwrap_or(Time::UNIX_EPOCH),
        ..ocsp::CheckOptions::default()
    };
    if let Ok(r) = ocsp::verify_response(data, &cert, &ca, &options, &CoreBackend) {
        // Whatever else was changed, the signed answer is the real one's.
        let real = ocsp::verify_response(REAL_RESPONSE, &cert, &ca, &options, &CoreBackend)
            .expect("the real NCA response verifies");
        assert_eq!(
            (
                format!("{:?}", r.status),
                r.produced_at,
                r.this_update,
                r.next_update
            ),
            (
                format!("{:?}", real.status),
                real.produced_at,
                real.this_update,
                real.next_update
            ),
            "a response that is not the real one's signed answer verified"
        );
    }
}

/// An XML document signed twice (sequential co-signatures) by the fixture's citizen, the
/// seed of `xml_verify` and `xml_parse_c14n` (issue 18).
pub fn xml_fixture() -> &'static [u8] {
    static X: OnceLock<Vec<u8>> = OnceLock::new();
    X.get_or_init(|| {
        let f = fixture();
        let key = egov_sign::SigningKey::from_pkcs8(&f.pki.citizen_sign.key_pkcs8_der)
            .expect("key");
        let doc = "<?xml version=\"1.0\"?>\n<request xmlns=\"urn:egov:housing\" Id=\"r1\">\n <a x=\"1\">t&#13;</a>\n</request>";
        let once = egov_sign::xml::sign_xml(
            doc.as_bytes(),
            &key,
            &f.pki.citizen_sign.cert_der,
            &Default::default(),
        )
        .expect("sign");
        egov_sign::xml::sign_xml(
            once.as_bytes(),
            &key,
            &f.pki.citizen_sign.cert_der,
            &Default::default(),
        )
        .expect("sign")
        .into_bytes()
    })
}

/// `xml_parse_c14n`: hostile XML through the one XML reader and the C14N bridge. Invariant:
/// canonical XML (inclusive, without comments) is a fixed point — canonicalizing it again
/// gives the same bytes.
pub fn xml_parse_c14n(data: &[u8]) {
    use egov_sign::xml::c14n::{Canonicalizer, Method, Subset};
    let Ok(text) = egov_sign::xml::text(data) else {
        return;
    };
    let Ok(doc) = egov_sign::xml::parse(text) else {
        return;
    };
    let _ = egov_sign::xml::check_ids(&doc);
    let Ok(c) = Canonicalizer::new(text, &doc) else {
        return;
    };
    for method in [
        Method::Inclusive,
        Method::InclusiveWithComments,
        Method::Exclusive,
        Method::ExclusiveWithComments,
    ] {
        let _ = c.canonicalize(Subset::Document, true, &[], method, &["#default"]);
    }
    for e in doc.descendants().filter(|n| n.is_element()).take(4) {
        let _ = c.canonicalize(Subset::Element(e), false, &[], Method::Inclusive, &[]);
        let _ = c.canonicalize(Subset::Element(e), true, &[], Method::Exclusive, &[]);
        let _ = egov_sign::xml::path_of(e);
    }
    if let Ok(once) = c.canonicalize(Subset::Document, false, &[], Method::Inclusive, &[]) {
        let once_text = std::str::from_utf8(&once).expect("canonical XML is UTF-8");
        let doc2 = egov_sign::xml::parse(once_text).expect("canonical XML parses");
        let c2 = Canonicalizer::new(once_text, &doc2).expect("canonical XML bridges");
        let twice = c2
            .canonicalize(Subset::Document, false, &[], Method::Inclusive, &[])
            .expect("canonical XML canonicalizes");
        assert_eq!(once, twice, "C14N is not idempotent");
    }
}

/// `xml_verify`: hostile (mutated signed) XML through `Verifier::verify_xml`. Invariant: a
/// valid report has, for every signer, a covered element that is the document element and
/// a verified signature algorithm.
pub fn xml_verify(data: &[u8]) {
    // Input starting with '<' is a document; anything else is a splice into the fixture's
    // co-signed document (2-byte offset, 1-byte deletion length, inserted bytes), so valid
    // and almost-valid signatures are reached.
    let spliced;
    let data = if data.first() == Some(&b'<') || data.len() < 3 {
        data
    } else {
        let base = xml_fixture();
        let at = usize::from(u16::from_le_bytes([data[0], data[1]])) % base.len();
        let del = usize::from(data[2] % 64).min(base.len() - at);
        let mut v = base[..at].to_vec();
        v.extend_from_slice(&data[3..]);
        v.extend_from_slice(&base[at + del..]);
        spliced = v;
        &spliced
    };
    let f = fixture();
    let options = VerifyOptions {
        time: VerificationTime::At(now()),
        ..Default::default()
    };
    let Ok(report) = f.verifier.verify_xml(data, &options) else {
        return;
    };
    if report.indication == Indication::Valid {
        let root = egov_sign::xml::text(data)
            .ok()
            .and_then(|t| egov_sign::xml::parse(t).ok())
            .map(|d| egov_sign::xml::path_of(d.root_element()))
            .expect("a valid report's document parses");
        for s in &report.signers {
            assert_eq!(s.indication, Indication::Valid);
            assert_eq!(
                s.covers.as_deref(),
                Some(root.as_str()),
                "valid but covers {:?}",
                s.covers
            );
            assert!(s.signature_algorithm.is_some());
        }
    }
}
