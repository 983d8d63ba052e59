//! Fixtures for the egov-sign benchmarks: national-scale CRLs signed by a test PKI's CA,
//! signed request envelopes, and an Ed25519 chain in the NCA profile.
//!
//! Everything is generated in memory from the test PKI (`egov_sign::test_pki`), nothing is
//! read from the network.

use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{samples, KeyFamily, TestPki};
use egov_sign::Certificate;
use egov_sign::SigningKey;
use egov_sign::Time;
use ring::signature::{EcdsaKeyPair, RsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING, RSA_PKCS1_SHA256};

pub mod ed25519;

/// The CRL sizes measured.
pub const CRL_SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Serial numbers of generated CRL entries: 20 octets like the NCA's, positive, minimal.
pub const SERIAL_LEN: usize = 20;

/// A small deterministic PRNG (SplitMix64), so that every run measures the same CRLs.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The `i`-th generated serial (content octets of a positive DER INTEGER, 20 octets).
pub fn serial(seed: u64, i: usize) -> [u8; SERIAL_LEN] {
    let mut r = SplitMix(seed ^ (i as u64).wrapping_mul(0xd6e8_feb8_6659_fd93));
    let mut s = [0u8; SERIAL_LEN];
    for chunk in s.chunks_mut(8) {
        let v = r.next_u64().to_be_bytes();
        chunk.copy_from_slice(&v[..chunk.len()]);
    }
    s[0] = (s[0] & 0x7f).max(1); // positive and minimal
    s
}

fn tlv(tag: u8, content: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
}

fn utc_time(t: Time) -> Vec<u8> {
    let t = t.to_offset(time::UtcOffset::UTC);
    let s = format!(
        "{:02}{:02}{:02}{:02}{:02}{:02}Z",
        t.year() % 100,
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let mut out = Vec::new();
    tlv(0x17, s.as_bytes(), &mut out);
    out
}

/// How a CRL issuer signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    /// sha256WithRSAEncryption.
    Rsa,
    /// ecdsa-with-SHA256.
    P256,
    /// Ed25519.
    Ed25519,
}

impl Alg {
    /// The test PKI family's algorithm.
    pub fn of(family: KeyFamily) -> Alg {
        match family {
            KeyFamily::Rsa => Alg::Rsa,
            _ => Alg::P256,
        }
    }
}

/// The signatureAlgorithm of `alg`.
fn algorithm_identifier(alg: Alg) -> &'static [u8] {
    match alg {
        Alg::Ed25519 => &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70],
        Alg::Rsa => &[
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05,
            0x00,
        ],
        _ => &[
            0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
        ],
    }
}

/// A full CRL of the test PKI's intermediate CA with `entries` revoked 20-octet serials in
/// random (not sorted) order, each with a reasonCode (keyCompromise, every 10th
/// certificateHold... as real CRLs mix them), AKI and cRLNumber, fresh at `pki.generated_at`,
/// signed by the CA key. None of the test PKI's own certificates is listed.
pub fn generate_crl(pki: &TestPki, entries: usize, seed: u64) -> Vec<u8> {
    crl_by(
        &pki.ca.cert_der,
        &pki.ca.key_pkcs8_der,
        Alg::of(pki.family),
        pki.generated_at,
        entries,
        seed,
    )
}

/// A full CRL issued by `issuer_der` (key `issuer_pkcs8`, algorithm `alg`) fresh at `now`,
/// with `entries` random 20-octet serials (see [`generate_crl`]).
pub fn crl_by(
    issuer_der: &[u8],
    issuer_pkcs8: &[u8],
    alg: Alg,
    now: Time,
    entries: usize,
    seed: u64,
) -> Vec<u8> {
    let ca = Certificate::from_der(issuer_der).expect("CA certificate");
    let revoked_at = utc_time(now - time::Duration::days(30));
    let mut revoked = Vec::with_capacity(entries * 56);
    let mut entry = Vec::with_capacity(64);
    for i in 0..entries {
        entry.clear();
        tlv(0x02, &serial(seed, i), &mut entry);
        entry.extend_from_slice(&revoked_at);
        let reason = if i % 10 == 9 { 6 } else { 1 };
        // crlEntryExtensions: SEQUENCE { SEQUENCE { reasonCode OID, OCTET STRING { ENUMERATED } } }
        entry.extend_from_slice(&[
            0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, reason,
        ]);
        tlv(0x30, &entry, &mut revoked);
    }
    let mut exts = Vec::new();
    if let Some(ski) = ca.ski() {
        let mut kid = Vec::new();
        tlv(0x80, ski, &mut kid);
        let mut aki = Vec::new();
        tlv(0x30, &kid, &mut aki);
        let mut e = vec![0x06, 0x03, 0x55, 0x1d, 0x23];
        tlv(0x04, &aki, &mut e);
        tlv(0x30, &e, &mut exts);
    }
    let mut e = vec![0x06, 0x03, 0x55, 0x1d, 0x14];
    e.extend_from_slice(&[0x04, 0x04, 0x02, 0x02, 0x03, 0xe8]); // cRLNumber 1000
    tlv(0x30, &e, &mut exts);
    let mut exts_seq = Vec::new();
    tlv(0x30, &exts, &mut exts_seq);

    let mut tbs_body = vec![0x02, 0x01, 0x01];
    tbs_body.extend_from_slice(algorithm_identifier(alg));
    tbs_body.extend_from_slice(ca.subject_raw());
    tbs_body.extend_from_slice(&utc_time(now - time::Duration::hours(1)));
    tbs_body.extend_from_slice(&utc_time(now + time::Duration::days(7)));
    if entries > 0 {
        tlv(0x30, &revoked, &mut tbs_body);
    }
    drop(revoked);
    tlv(0xa0, &exts_seq, &mut tbs_body);
    let mut tbs = Vec::with_capacity(tbs_body.len() + 8);
    tlv(0x30, &tbs_body, &mut tbs);
    drop(tbs_body);

    let signature = sign_raw(alg, issuer_pkcs8, &tbs);
    let mut bits = vec![0u8];
    bits.extend_from_slice(&signature);
    let mut body = tbs;
    body.extend_from_slice(algorithm_identifier(alg));
    tlv(0x03, &bits, &mut body);
    let mut der = Vec::with_capacity(body.len() + 8);
    tlv(0x30, &body, &mut der);
    der
}

fn sign_raw(alg: Alg, pkcs8: &[u8], msg: &[u8]) -> Vec<u8> {
    let rng = ring::rand::SystemRandom::new();
    match alg {
        Alg::Ed25519 => {
            let k = ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8)
                .expect("Ed25519 key");
            k.sign(msg).as_ref().to_vec()
        }
        Alg::Rsa => {
            let k = RsaKeyPair::from_pkcs8(pkcs8).expect("RSA key");
            let mut sig = vec![0u8; k.public().modulus_len()];
            k.sign(&RSA_PKCS1_SHA256, &rng, msg, &mut sig)
                .expect("RSA sign");
            sig
        }
        Alg::P256 => {
            let k = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8, &rng)
                .expect("P-256 key");
            k.sign(&rng, msg).expect("ECDSA sign").as_ref().to_vec()
        }
    }
}

/// The citizen's portal request signed by `citizen_sign` (attached, signingTime, the CA in
/// the envelope), as the acceptance tests make it.
pub fn signed_request(pki: &TestPki) -> Vec<u8> {
    let content = samples::citizen_portal_request(pki.generated_at)
        .expect("sample")
        .to_json();
    let key = SigningKey::from_pkcs8(&pki.citizen_sign.key_pkcs8_der).expect("key");
    cms::sign(
        &content,
        &key,
        &pki.citizen_sign.cert_der,
        std::slice::from_ref(&pki.ca.cert_der),
        &SignOptions {
            signing_time: Some(pki.generated_at),
            ..SignOptions::default()
        },
    )
    .expect("sign")
}

/// Peak resident set size of this process (VmHWM), bytes.
pub fn vm_hwm() -> Option<u64> {
    proc_status_kb("VmHWM:").map(|k| k * 1024)
}

/// Current resident set size (VmRSS), bytes.
pub fn vm_rss() -> Option<u64> {
    proc_status_kb("VmRSS:").map(|k| k * 1024)
}

fn proc_status_kb(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// A request envelope for `content` signed by `cert_der` / `key_pkcs8` with `chain`.
pub fn sign_request_with(
    cert_der: &[u8],
    key_pkcs8: &[u8],
    chain: &[Vec<u8>],
    at: Time,
) -> Vec<u8> {
    let content = samples::citizen_portal_request(at)
        .expect("sample")
        .to_json();
    let key = SigningKey::from_pkcs8(key_pkcs8).expect("key");
    cms::sign(
        &content,
        &key,
        cert_der,
        chain,
        &SignOptions {
            signing_time: Some(at),
            ..SignOptions::default()
        },
    )
    .expect("sign")
}

/// Split one DER TLV: (tag, content, rest). Panics on malformed input (fixtures only).
pub fn der_split(input: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = input[0];
    let (len, hdr) = if input[1] < 0x80 {
        (input[1] as usize, 2)
    } else {
        let n = (input[1] & 0x7f) as usize;
        let mut len = 0usize;
        for b in &input[2..2 + n] {
            len = (len << 8) | *b as usize;
        }
        (len, 2 + n)
    };
    (tag, &input[hdr..hdr + len], &input[hdr + len..])
}

/// The floor of one verification: a certificate's (or signed structure's) TBS bytes and
/// signature, and the issuer's raw public key for ring.
#[derive(Debug, Clone)]
pub struct SignedBytes {
    /// The whole TBS TLV (what is signed).
    pub tbs: Vec<u8>,
    /// The signature (BIT STRING content without the unused-bits octet).
    pub signature: Vec<u8>,
}

/// TBS and signature of a certificate.
pub fn signed_bytes(cert_der: &[u8]) -> SignedBytes {
    let (_, outer, _) = der_split(cert_der);
    let (_, tbs_content, rest) = der_split(outer);
    let tbs_len = outer.len() - rest.len();
    let _ = tbs_content;
    let (_, _alg, rest2) = der_split(rest);
    let (_, bits, _) = der_split(rest2);
    SignedBytes {
        tbs: outer[..tbs_len].to_vec(),
        signature: bits[1..].to_vec(),
    }
}

/// The subjectPublicKey bits of a certificate (what ring's `UnparsedPublicKey` takes).
pub fn public_key_bits(cert_der: &[u8]) -> Vec<u8> {
    let cert = Certificate::from_der(cert_der).expect("certificate");
    let (_, spki, _) = der_split(cert.spki());
    let (_, _alg, rest) = der_split(spki);
    let (_, bits, _) = der_split(rest);
    bits[1..].to_vec()
}
