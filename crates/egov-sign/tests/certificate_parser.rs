//! The crate's TBSCertificate reader (`Certificate::from_der`) against the x509-parser 0.18
//! based reader it replaced: same fields on every certificate we have, stricter on
//! malformed input (see `src/tbs.rs` and `fuzz/src/cert_diff.rs`).

#[path = "../../../fuzz/src/cert_diff.rs"]
#[allow(dead_code)]
mod cert_diff;

use cert_diff::{baseline, check, fields, Outcome};
use egov_sign::limits::{MAX_CERTIFICATE_EXTENSIONS, MAX_NAME_RDNS};
use egov_sign::test_pki::{KeyFamily, TestPki};
use egov_sign::Certificate;
use egov_sign::{Error, Time};
use time::macros::datetime;

const NOW: Time = datetime!(2026-03-01 12:00:00 UTC);
const FAMILIES: [KeyFamily; 4] = [
    KeyFamily::Rsa,
    KeyFamily::P256,
    KeyFamily::Gost2015,
    KeyFamily::Gost2004,
];

const OID_KU: &[u8] = &[0x55, 0x1d, 0x0f];
const OID_BC: &[u8] = &[0x55, 0x1d, 0x13];
const OID_EKU: &[u8] = &[0x55, 0x1d, 0x25];
const OID_SKI: &[u8] = &[0x55, 0x1d, 0x0e];
const OID_AKI: &[u8] = &[0x55, 0x1d, 0x23];
const OID_SAN: &[u8] = &[0x55, 0x1d, 0x11];

// ---- DER editing helpers (test inputs only) ----

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

/// A certificate taken apart: the TBSCertificate's fields, the outer algorithm and
/// signature TLVs.
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
    fn der(&self) -> Vec<u8> {
        let tbs = tlv(0x30, &self.tbs.concat());
        tlv(0x30, &[tbs, self.outer.concat()].concat())
    }
    /// Index of the extensions field.
    fn ext_index(&self) -> usize {
        self.tbs
            .iter()
            .position(|f| f[0] == 0xa3)
            .expect("extensions")
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
    /// Replace (or add) the extension `oid`.
    fn put_extension(&mut self, oid: &[u8], critical: Option<bool>, value: &[u8]) {
        let mut exts: Vec<Vec<u8>> = self
            .extensions()
            .into_iter()
            .filter(|e| ext_oid(e) != oid)
            .collect();
        exts.push(extension(oid, critical, value));
        self.set_extensions(&exts);
    }
}

fn ext_oid(ext: &[u8]) -> Vec<u8> {
    let (_, content, _, _) = split(ext);
    let (_, oid, _, _) = split(content);
    oid.to_vec()
}

fn extension(oid: &[u8], critical: Option<bool>, value: &[u8]) -> Vec<u8> {
    let mut body = tlv(0x06, oid);
    if let Some(c) = critical {
        body.extend(tlv(0x01, &[if c { 0xff } else { 0x00 }]));
    }
    body.extend(tlv(0x04, value));
    tlv(0x30, &body)
}

fn pki(family: KeyFamily) -> TestPki {
    TestPki::generate(family, NOW).expect("generate")
}

fn citizen() -> Vec<u8> {
    pki(KeyFamily::Rsa).citizen_sign.cert_der.clone()
}

fn malformed(r: Result<Certificate, Error>) -> String {
    match r {
        Err(Error::Malformed { detail, .. }) => detail,
        Err(e) => panic!("expected Malformed, got {e:?}"),
        Ok(_) => panic!("expected Malformed, got a certificate"),
    }
}

fn name(rdns: &[Vec<Vec<u8>>]) -> Vec<u8> {
    let body: Vec<u8> = rdns
        .iter()
        .map(|atvs| tlv(0x31, &atvs.concat()))
        .collect::<Vec<_>>()
        .concat();
    tlv(0x30, &body)
}

fn atv(oid: &[u8], tag: u8, value: &[u8]) -> Vec<u8> {
    tlv(0x30, &[tlv(0x06, oid), tlv(tag, value)].concat())
}

/// The certificate with `subject` as its subject Name.
fn with_subject(der: &[u8], subject: Vec<u8>) -> Vec<u8> {
    let mut p = Parts::of(der);
    p.tbs[5] = subject;
    p.der()
}

// ---- Differential: every certificate we have ----

fn pem_certificates(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let is_cert = (file.ends_with(".pem") && !file.ends_with(".key.pem"))
            || file.ends_with(".cer")
            || file.ends_with(".crt");
        if !is_cert {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        for der in
            egov_sign::encoding::decode_der_blobs(&bytes, "CERTIFICATE", 1 << 20).expect("decode")
        {
            out.push((file.clone(), der));
        }
    }
    out
}

#[test]
fn testdata_certificates_match_x509_parser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/pki");
    let certs = pem_certificates(&dir);
    assert!(certs.len() >= 20, "only {} certificates", certs.len());
    for (file, der) in &certs {
        assert_eq!(check(der), Outcome::BothAccept, "{file}");
    }
}

#[test]
fn real_nca_certificates_match_x509_parser() {
    // The real NCA GOST vectors (see tests/gost.rs), when present.
    let dir = std::env::var("EGOV_SIGN_NCA_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/nca-test-pki").to_string()
    });
    let dir = std::path::Path::new(&dir);
    if !dir.is_dir() {
        eprintln!("no NCA vectors at {}: skipped", dir.display());
        return;
    }
    let certs = pem_certificates(dir);
    assert!(!certs.is_empty());
    for (file, der) in &certs {
        assert_eq!(check(der), Outcome::BothAccept, "{file}");
        let c = Certificate::from_der(der).unwrap();
        assert!(!c.subject().is_empty() && !c.issuer().is_empty(), "{file}");
    }
}

#[test]
fn generated_pkis_match_x509_parser() {
    for family in FAMILIES {
        let pki = pki(family);
        let issued = pki.all_issued();
        assert!(issued.len() >= 20);
        for i in issued {
            assert_eq!(
                check(&i.cert_der),
                Outcome::BothAccept,
                "{} {}",
                family.as_str(),
                i.name
            );
            // Spot-check a few values against the generator's own record.
            let c = Certificate::from_der(&i.cert_der).unwrap();
            assert_eq!(c.iin(), i.iin.as_deref(), "{}", i.name);
        }
        let citizen = Certificate::from_der(&pki.citizen_sign.cert_der).unwrap();
        assert!(citizen.subject().contains("CN="), "{}", citizen.subject());
        assert!(citizen.key_usage().is_some() && citizen.aki().is_some());
        let ca = Certificate::from_der(&pki.ca.cert_der).unwrap();
        assert_eq!(
            ca.basic_constraints(),
            Some(egov_sign::BasicConstraints {
                ca: true,
                path_len: Some(0)
            })
        );
        assert!(ca.ski().is_some());
    }
}

// ---- Names ----

#[test]
fn every_registry_short_name_renders_like_x509_parser() {
    let base = citizen();
    let oids: Vec<Vec<u8>> = x509_parser::objects::oid_registry()
        .iter()
        .map(|(oid, _)| oid.as_bytes().to_vec())
        .collect();
    assert!(oids.len() > 100);
    let mut unknown = vec![
        vec![0x2a, 0x83, 0x0e, 0x03, 0x03, 0x04, 0x01, 0x01], // 1.2.398.3.3.4.1.1
        vec![0x55, 0x04, 0x61],                               // 2.5.4.97 (not in the table)
        vec![0x55, 0x04, 0x00, 0x01],
    ];
    unknown.extend(oids);
    for chunk in unknown.chunks(MAX_NAME_RDNS) {
        let rdns: Vec<Vec<Vec<u8>>> = chunk.iter().map(|oid| vec![atv(oid, 0x0c, b"v")]).collect();
        let der = with_subject(&base, name(&rdns));
        assert_eq!(check(&der), Outcome::BothAccept);
    }
    let der = with_subject(&base, name(&[vec![atv(&[0x55, 0x04, 0x61], 0x0c, b"x")]]));
    assert_eq!(
        Certificate::from_der(&der).unwrap().subject(),
        "OID(2.5.4.97)=x"
    );
}

#[test]
fn value_types_render_like_x509_parser() {
    let base = citizen();
    let cn = &[0x55, 0x04, 0x03][..];
    let cases: Vec<(u8, Vec<u8>, &str)> = vec![
        (0x0c, "Ақтөбе".as_bytes().to_vec(), "CN=Ақтөбе"),
        (0x13, b"Print".to_vec(), "CN=Print"),
        (0x16, b"ia5".to_vec(), "CN=ia5"),
        (0x12, b"123".to_vec(), "CN=123"),
        (0x14, b"t61".to_vec(), "CN=t61"),
        (0x1a, b"vis".to_vec(), "CN=vis"),
        (0x1e, vec![0x04, 0x10, 0x00, 0x41], "CN=АA"),
        (0x02, vec![0x01, 0x02], "CN=0102"),
        (0x04, vec![0xde, 0xad], "CN=DEAD"),
        (0x1c, vec![0, 0, 0, 0x41], "CN=00000041"),
        (0x30, tlv(0x02, &[5]), "CN=020105"),
    ];
    for (tag, value, expected) in cases {
        let der = with_subject(&base, name(&[vec![atv(cn, tag, &value)]]));
        assert_eq!(check(&der), Outcome::BothAccept, "tag {tag:02x}");
        let c = Certificate::from_der(&der).unwrap();
        assert_eq!(c.subject(), expected);
        // CN is only taken from the four types x509-parser's as_str() reads.
        let is_str = matches!(tag, 0x0c | 0x12 | 0x13 | 0x16);
        assert_eq!(c.common_name().is_some(), is_str, "tag {tag:02x}");
    }
    // A string x509-parser rendered as "<X509Error: Invalid X.509 name>" is refused.
    let der = with_subject(&base, name(&[vec![atv(cn, 0x0c, &[0xff, 0xfe])]]));
    let old = baseline(&der).expect("x509-parser accepts");
    assert_eq!(old.subject, "<X509Error: Invalid X.509 name>");
    assert!(Certificate::from_der(&der).is_err());
    // BMPStrings that are not UTF-16 (odd length, lone surrogate) are refused.
    for value in [vec![0x00], vec![0xd8, 0x00]] {
        let der = with_subject(&base, name(&[vec![atv(cn, 0x1e, &value)]]));
        assert!(Certificate::from_der(&der).is_err(), "{value:02x?}");
    }
    // Re-tagged or constructed values are refused.
    for tag in [0x8c, 0x2c, 0xac, 0x00] {
        let der = with_subject(&base, name(&[vec![atv(cn, tag, b"x")]]));
        assert!(Certificate::from_der(&der).is_err(), "tag {tag:02x}");
    }
}

#[test]
fn multi_valued_rdn_renders_like_x509_parser() {
    let base = citizen();
    let subject = name(&[
        vec![atv(&[0x55, 0x04, 0x06], 0x13, b"KZ")],
        vec![
            atv(&[0x55, 0x04, 0x03], 0x0c, b"A"),
            atv(&[0x55, 0x04, 0x05], 0x13, b"IIN123456789012"),
            atv(&[0x55, 0x04, 0x0a], 0x0c, b"Org"),
        ],
        vec![atv(&[0x55, 0x04, 0x0b], 0x0c, b"BIN987654321098")],
    ]);
    let der = with_subject(&base, subject);
    assert_eq!(check(&der), Outcome::BothAccept);
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(
        c.subject(),
        "C=KZ, CN=A + serialNumber=IIN123456789012 + O=Org, OU=BIN987654321098"
    );
    assert_eq!(c.iin(), Some("123456789012"));
    assert_eq!(c.bin(), Some("987654321098"));
    assert_eq!(c.common_name(), Some("A"));
    assert_eq!(c.organization(), Some("Org"));
}

#[test]
fn attributes_take_the_first_matching_value() {
    let base = citizen();
    let sn = &[0x55, 0x04, 0x05][..];
    let cn = &[0x55, 0x04, 0x03][..];
    let subject = name(&[
        vec![atv(cn, 0x04, b"octets")],
        vec![atv(cn, 0x0c, b"second")],
        vec![atv(sn, 0x13, b"IIN12")],
        vec![atv(sn, 0x13, b"IIN111111111111")],
        vec![atv(sn, 0x13, b"IIN222222222222")],
    ]);
    let der = with_subject(&base, subject);
    assert_eq!(check(&der), Outcome::BothAccept);
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(c.common_name(), Some("second"));
    assert_eq!(c.iin(), Some("111111111111"));
}

#[test]
fn malformed_names_are_refused() {
    let base = citizen();
    let cn = &[0x55, 0x04, 0x03][..];
    let good = atv(cn, 0x0c, b"x");
    let cases: Vec<Vec<u8>> = vec![
        // Empty RDN SET.
        tlv(0x30, &tlv(0x31, &[])),
        // RDN as SEQUENCE.
        tlv(0x30, &tlv(0x30, &good)),
        // Trailing data inside an AttributeTypeAndValue.
        tlv(
            0x30,
            &tlv(
                0x31,
                &tlv(
                    0x30,
                    &[tlv(0x06, cn), tlv(0x0c, b"x"), vec![0x05, 0x00]].concat(),
                ),
            ),
        ),
        // A non-RDN after the RDNs (x509-parser ignored it).
        tlv(0x30, &[tlv(0x31, &good), vec![0x05, 0x00]].concat()),
        // Bad OID.
        name(&[vec![atv(&[0x55, 0x84, 0x80], 0x0c, b"x")]]),
    ];
    for (i, subject) in cases.into_iter().enumerate() {
        let der = with_subject(&base, subject);
        assert!(Certificate::from_der(&der).is_err(), "case {i}");
    }
}

#[test]
fn too_many_rdns_are_refused() {
    let base = citizen();
    let cn = &[0x55, 0x04, 0x03][..];
    let rdns =
        |n: usize| -> Vec<Vec<Vec<u8>>> { (0..n).map(|_| vec![atv(cn, 0x0c, b"x")]).collect() };
    let ok = with_subject(&base, name(&rdns(MAX_NAME_RDNS)));
    assert_eq!(check(&ok), Outcome::BothAccept);
    let over = with_subject(&base, name(&rdns(MAX_NAME_RDNS + 1)));
    assert!(baseline(&over).is_ok());
    assert!(matches!(
        Certificate::from_der(&over),
        Err(Error::TooLarge { .. })
    ));
    let many_atvs = with_subject(
        &base,
        name(&[(0..17).map(|_| atv(cn, 0x0c, b"x")).collect()]),
    );
    assert!(matches!(
        Certificate::from_der(&many_atvs),
        Err(Error::TooLarge { .. })
    ));
}

// ---- Extensions ----

#[test]
fn malformed_non_critical_known_extensions_are_refused() {
    let base = Parts::of(&citizen());
    let cases: Vec<(&[u8], Vec<u8>)> = vec![
        // keyUsage: unused bits not zero; a SEQUENCE; trailing data.
        (OID_KU, vec![0x03, 0x02, 0x01, 0x07]),
        (OID_KU, vec![0x30, 0x00]),
        (OID_KU, vec![0x03, 0x02, 0x06, 0xc0, 0x00]),
        // basicConstraints: not a SEQUENCE; pathLen negative; bad BOOLEAN.
        (OID_BC, vec![0x04, 0x00]),
        (OID_BC, vec![0x30, 0x03, 0x02, 0x01, 0xff]),
        (OID_BC, vec![0x30, 0x03, 0x01, 0x01, 0x01]),
        // extKeyUsage: a non-OID element; empty.
        (OID_EKU, tlv(0x30, &tlv(0x04, b"x"))),
        (OID_EKU, vec![0x30, 0x00]),
        // subjectKeyIdentifier: not an OCTET STRING.
        (OID_SKI, tlv(0x03, &[0x00, 0x01])),
        // authorityKeyIdentifier: not a SEQUENCE; trailing element.
        (OID_AKI, tlv(0x04, &[1, 2, 3])),
        (
            OID_AKI,
            tlv(0x30, &[tlv(0x80, &[1, 2]), tlv(0x04, &[1])].concat()),
        ),
    ];
    for (oid, value) in cases {
        let mut p = base.clone();
        p.put_extension(oid, None, &value);
        let der = p.der();
        // x509-parser read these as absent (or partial) and accepted the certificate.
        assert!(baseline(&der).is_ok(), "{oid:02x?} {value:02x?}");
        malformed(Certificate::from_der(&der));
    }
}

#[test]
fn decoded_extension_values() {
    let base = Parts::of(&citizen());
    let mut p = base.clone();
    p.put_extension(OID_KU, Some(true), &[0x03, 0x03, 0x07, 0x80, 0x80]);
    p.put_extension(
        OID_BC,
        None,
        &tlv(0x30, &[tlv(0x01, &[0xff]), tlv(0x02, &[7])].concat()),
    );
    p.put_extension(
        OID_EKU,
        None,
        &tlv(
            0x30,
            &[
                tlv(0x06, &[0x2a, 0x83, 0x0e, 0x03, 0x03, 0x04, 0x01, 0x01]),
                tlv(0x06, &[0x2b, 6, 1, 5, 5, 7, 3, 4]),
                tlv(0x06, &[0x2b, 6, 1, 5, 5, 7, 3, 2]),
                tlv(0x06, &[0x2a, 0x83, 0x0e, 0x03, 0x03, 0x04, 0x01, 0x01]),
                tlv(0x06, &[0x55, 0x1d, 0x25, 0x00]),
            ]
            .concat(),
        ),
    );
    p.put_extension(OID_SKI, None, &tlv(0x04, &[9, 8, 7]));
    p.put_extension(
        OID_AKI,
        None,
        &tlv(
            0x30,
            &[
                tlv(0x80, &[1, 2, 3]),
                tlv(
                    0xa1,
                    &tlv(0xa4, &name(&[vec![atv(&[0x55, 4, 3], 0x0c, b"ca")]])),
                ),
                tlv(0x82, &[0x01]),
            ]
            .concat(),
        ),
    );
    let der = p.der();
    assert_eq!(check(&der), Outcome::BothAccept);
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(c.key_usage().map(|ku| ku.bits()), Some(0x101));
    assert_eq!(
        c.basic_constraints(),
        Some(egov_sign::BasicConstraints {
            ca: true,
            path_len: Some(7)
        })
    );
    assert_eq!(
        c.ekus().iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "2.5.29.37.0",
            "1.3.6.1.5.5.7.3.2",
            "1.3.6.1.5.5.7.3.4",
            "1.2.398.3.3.4.1.1"
        ]
    );
    assert_eq!(c.ski(), Some(&[9u8, 8, 7][..]));
    assert_eq!(c.aki(), Some(&[1u8, 2, 3][..]));
}

#[test]
fn explicit_critical_false_is_refused() {
    // `critical FALSE` written out is the DEFAULT encoded: not DER (X.690 §11.5). x509-parser
    // accepts it; we refuse it (issue 13: non-DER is malformed everywhere).
    let mut p = Parts::of(&citizen());
    p.put_extension(OID_SKI, Some(false), &tlv(0x04, &[1, 2, 3, 4]));
    let der = p.der();
    assert_eq!(check(&der), Outcome::NewStricter);
    assert!(malformed(Certificate::from_der(&der)).contains("DEFAULT"));
    p.put_extension(OID_SKI, None, &tlv(0x04, &[1, 2, 3, 4]));
    let der = p.der();
    assert_eq!(check(&der), Outcome::BothAccept);
    assert_eq!(
        Certificate::from_der(&der).unwrap().ski(),
        Some(&[1u8, 2, 3, 4][..])
    );
    // A BER TRUE (0x01) is not DER: refused.
    let mut p = Parts::of(&citizen());
    let mut ext = extension(OID_SKI, Some(true), &tlv(0x04, &[1]));
    let pos = ext
        .windows(3)
        .position(|w| w == [0x01, 0x01, 0xff])
        .unwrap();
    ext[pos + 2] = 0x01;
    let mut exts: Vec<Vec<u8>> = p
        .extensions()
        .into_iter()
        .filter(|e| ext_oid(e) != OID_SKI)
        .collect();
    exts.push(ext);
    p.set_extensions(&exts);
    malformed(Certificate::from_der(&p.der()));
}

#[test]
fn duplicate_extension_is_refused() {
    let mut p = Parts::of(&citizen());
    let mut exts = p.extensions();
    exts.push(exts[0].clone());
    p.set_extensions(&exts);
    assert!(malformed(Certificate::from_der(&p.der())).contains("duplicate extension"));
}

#[test]
fn unknown_critical_extension_is_listed() {
    let mut p = Parts::of(&citizen());
    // 1.2.398.9.9 critical, and 2.5.29.30 nameConstraints (not processed) critical.
    p.put_extension(&[0x2a, 0x83, 0x0e, 0x09, 0x09], Some(true), &[0x05, 0x00]);
    p.put_extension(&[0x55, 0x1d, 0x1e], Some(true), &tlv(0x30, &[]));
    p.put_extension(&[0x2a, 0x83, 0x0e, 0x09, 0x0a], None, &[0x05, 0x00]);
    let der = p.der();
    assert_eq!(check(&der), Outcome::BothAccept);
    assert_eq!(
        Certificate::from_der(&der)
            .unwrap()
            .unknown_critical_extensions(),
        ["1.2.398.9.9", "2.5.29.30"]
    );
}

#[test]
fn known_undecoded_critical_extension_needs_its_outer_sequence() {
    let mut p = Parts::of(&citizen());
    // certificatePolicies whose PolicyInformation is not a SEQUENCE: x509-parser failed it
    // (and the old reader refused the certificate); the new reader checks the outer
    // SEQUENCE and its elements' TLVs only (documented).
    let policies = &[0x55, 0x1d, 0x20][..];
    p.put_extension(policies, Some(true), &tlv(0x30, &tlv(0x02, &[1])));
    assert_eq!(check(&p.der()), Outcome::DocumentedDifference);
    p.put_extension(policies, None, &tlv(0x30, &tlv(0x02, &[1])));
    assert_eq!(check(&p.der()), Outcome::BothAccept);
    // A SAN whose elements are not DER TLVs.
    p.put_extension(OID_SAN, Some(true), &tlv(0x30, &[0x81, 0x05, 0x61]));
    malformed(Certificate::from_der(&p.der()));
    p.put_extension(OID_SAN, Some(true), &tlv(0x04, b"x"));
    malformed(Certificate::from_der(&p.der()));
    p.put_extension(OID_SAN, None, &[tlv(0x30, &[]), vec![0x00]].concat());
    malformed(Certificate::from_der(&p.der()));
}

#[test]
fn too_many_extensions_are_refused() {
    let base = Parts::of(&citizen());
    let exts = base.extensions();
    let filler = |n: usize| -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| {
                extension(
                    &[0x2a, 0x83, 0x0e, 0x09, 0x7f, i as u8 & 0x7f],
                    None,
                    &[0x05, 0x00],
                )
            })
            .collect()
    };
    let mut p = base.clone();
    p.set_extensions(
        &[
            exts.clone(),
            filler(MAX_CERTIFICATE_EXTENSIONS - exts.len()),
        ]
        .concat(),
    );
    assert_eq!(check(&p.der()), Outcome::BothAccept);
    let mut p = base.clone();
    p.set_extensions(
        &[
            exts.clone(),
            filler(MAX_CERTIFICATE_EXTENSIONS - exts.len() + 1),
        ]
        .concat(),
    );
    assert!(baseline(&p.der()).is_ok());
    assert!(matches!(
        Certificate::from_der(&p.der()),
        Err(Error::TooLarge { .. })
    ));
}

// ---- TBSCertificate structure ----

#[test]
fn version_checks() {
    let base = Parts::of(&citizen());
    let mut p = base.clone();
    p.tbs[0] = tlv(0xa0, &tlv(0x02, &[3]));
    assert!(malformed(Certificate::from_der(&p.der())).contains("version"));
    // v1 encoded explicitly (a DEFAULT value): refused (x509-parser accepted it).
    p.tbs[0] = tlv(0xa0, &tlv(0x02, &[0]));
    malformed(Certificate::from_der(&p.der()));
    // v1 certificates cannot carry extensions.
    p.tbs.remove(0);
    malformed(Certificate::from_der(&p.der()));
    // A v1 certificate without extensions parses.
    let i = p.ext_index();
    p.tbs.remove(i);
    let der = p.der();
    assert_eq!(check(&der), Outcome::BothAccept);
}

#[test]
fn serial_checks() {
    let base = Parts::of(&citizen());
    for bad in [vec![], vec![0x00, 0x01], vec![0xff, 0x80], vec![0x01; 33]] {
        let mut p = base.clone();
        p.tbs[1] = tlv(0x02, &bad);
        assert!(Certificate::from_der(&p.der()).is_err(), "{bad:02x?}");
    }
    let mut p = base.clone();
    p.tbs[1] = tlv(0x02, &[0x80, 0x01]);
    assert_eq!(check(&p.der()), Outcome::BothAccept, "negative serial kept");
}

#[test]
fn bad_times_are_refused() {
    let base = Parts::of(&citizen());
    let good_after = children(split(&base.tbs[4]).1)[1].clone();
    for (tag, text) in [
        (0x17, "260301120000"),
        (0x17, "2603011200Z"),
        (0x17, "260301120000+0000"),
        (0x17, "260230120000Z"),
        (0x17, "260301250000Z"),
        (0x18, "20260301120000.5Z"),
        (0x18, "20260301120000"),
        (0x18, "202603011200Z"),
        (0x04, "260301120000Z"),
    ] {
        let mut p = base.clone();
        p.tbs[4] = tlv(
            0x30,
            &[tlv(tag, text.as_bytes()), good_after.clone()].concat(),
        );
        assert!(Certificate::from_der(&p.der()).is_err(), "{text}");
    }
    for (tag, text, unix) in [
        (0x17, "500101000000Z", -631_152_000),
        (0x17, "491231235959Z", 2_524_607_999),
        (0x18, "20500101000000Z", 2_524_608_000),
        (0x18, "19991231235959Z", 946_684_799),
    ] {
        let mut p = base.clone();
        p.tbs[4] = tlv(
            0x30,
            &[tlv(tag, text.as_bytes()), good_after.clone()].concat(),
        );
        let der = p.der();
        assert_eq!(check(&der), Outcome::BothAccept, "{text}");
        assert_eq!(
            Certificate::from_der(&der)
                .unwrap()
                .not_before()
                .unix_timestamp(),
            unix
        );
    }
    // Trailing data inside Validity.
    let mut p = base.clone();
    let (_, v, _, _) = split(&base.tbs[4]);
    p.tbs[4] = tlv(0x30, &[v, &[0x05, 0x00]].concat());
    malformed(Certificate::from_der(&p.der()));
}

#[test]
fn trailing_and_misplaced_data_are_refused() {
    let base = Parts::of(&citizen());
    // Trailing bytes inside the TBSCertificate (x509-parser ignored them).
    let mut p = base.clone();
    p.tbs.push(vec![0x05, 0x00]);
    malformed(Certificate::from_der(&p.der()));
    // Trailing data inside SubjectPublicKeyInfo.
    let mut p = base.clone();
    let (_, spki, _, _) = split(&base.tbs[6]);
    p.tbs[6] = tlv(0x30, &[spki, &[0x05, 0x00]].concat());
    malformed(Certificate::from_der(&p.der()));
    // SubjectPublicKeyInfo that is not { AlgorithmIdentifier, BIT STRING }.
    let mut p = base.clone();
    p.tbs[6] = tlv(
        0x30,
        &[tlv(0x30, &tlv(0x06, &[0x2a, 0x03])), tlv(0x04, &[0])].concat(),
    );
    malformed(Certificate::from_der(&p.der()));
    // Empty Extensions.
    let mut p = base.clone();
    p.set_extensions(&[]);
    malformed(Certificate::from_der(&p.der()));
    // Inner signature algorithm differing from the outer one.
    let mut p = base.clone();
    p.tbs[2] = tlv(
        0x30,
        &[tlv(0x06, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03])].concat(),
    );
    assert!(malformed(Certificate::from_der(&p.der())).contains("signature algorithms"));
}

#[test]
fn fields_of_the_rebuilt_certificate_are_unchanged() {
    // The editing helpers themselves: taking a certificate apart and back is the identity.
    for family in FAMILIES {
        let der = pki(family).citizen_sign.cert_der.clone();
        assert_eq!(Parts::of(&der).der(), der);
        let c = Certificate::from_der(&der).unwrap();
        assert_eq!(fields(&c), baseline(&der).unwrap());
    }
}

#[test]
fn unique_identifiers() {
    let base = Parts::of(&citizen());
    let ext = base.ext_index();
    // issuerUniqueID [1] and subjectUniqueID [2] (IMPLICIT BIT STRING) before extensions.
    let mut p = base.clone();
    p.tbs.insert(ext, tlv(0x82, &[0x00, 0xaa]));
    p.tbs.insert(ext, tlv(0x81, &[0x04, 0xf0]));
    let der = p.der();
    assert_eq!(check(&der), Outcome::BothAccept);
    // A BIT STRING with non-zero unused bits, or more than 7 unused bits.
    for bad in [vec![0x04, 0xf1], vec![0x08, 0x00], vec![0x01]] {
        let mut p = base.clone();
        p.tbs.insert(ext, tlv(0x81, &bad));
        malformed(Certificate::from_der(&p.der()));
    }
    // Out of order (subject before issuer) leaves a field the reader does not expect.
    let mut p = base.clone();
    p.tbs.insert(ext, tlv(0x81, &[0x00]));
    p.tbs.insert(ext, tlv(0x82, &[0x00]));
    malformed(Certificate::from_der(&p.der()));
}

#[test]
fn too_many_eku_purposes_are_refused() {
    use egov_sign::limits::MAX_EKU_PURPOSES;
    let eku = |n: usize| -> Vec<u8> {
        let oids: Vec<Vec<u8>> = (0..n)
            .map(|i| tlv(0x06, &[0x2a, 0x83, 0x0e, 0x09, 0x7e, i as u8 & 0x7f]))
            .collect();
        tlv(0x30, &oids.concat())
    };
    let mut p = Parts::of(&citizen());
    p.put_extension(OID_EKU, None, &eku(MAX_EKU_PURPOSES));
    assert_eq!(check(&p.der()), Outcome::BothAccept);
    assert_eq!(
        Certificate::from_der(&p.der()).unwrap().ekus().len(),
        MAX_EKU_PURPOSES
    );
    p.put_extension(OID_EKU, None, &eku(MAX_EKU_PURPOSES + 1));
    assert!(matches!(
        Certificate::from_der(&p.der()),
        Err(Error::TooLarge { .. })
    ));
}
