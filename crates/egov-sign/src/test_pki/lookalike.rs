//! The "look-alike CA" envelope: an anonymous envelope whose embedded
//! certificates make a naive path builder spend its whole budget on GOST-512 checks.
//!
//! From a GOST test PKI ([`KeyFamily::Gost2015`] or [`KeyFamily::Gost2004`]) and one
//! attacker key:
//!
//! - `n` "CA" certificates that copy the real CA's TBSCertificate (subject, extensions —
//!   so also its subjectKeyIdentifier — validity) but carry the attacker's key, a fresh
//!   serial, and the CA's own name as issuer: self-issued, each signed by the attacker's
//!   key, so every look-alike is a validly signed issuer of every other one;
//! - an end certificate that copies `citizen_sign`'s TBSCertificate (issuer = the CA's
//!   name, authorityKeyIdentifier = the CA's key identifier) with a fresh serial and key,
//!   signed by the attacker's key;
//! - a request signed with that key, the end certificate and the look-alikes embedded.
//!
//! Every edge verifies; none leads to an anchor. Nothing here is trusted by anything.

use super::gost::{split_signed, tbs_elements};
use super::{samples, KeyFamily, TestPki};
use crate::algorithm::{SignatureAlgorithm, SigningKey};
use crate::cms::{self, SignOptions};
use crate::encoding::tlv_parts;
use crate::gost::GostPrivateKey;
use crate::Error;

const WHAT: &str = "look-alike envelope";

/// The attack material.
#[derive(Debug, Clone)]
pub struct LookalikeAttack {
    /// The look-alike CA certificates (DER).
    pub lookalikes: Vec<Vec<u8>>,
    /// The end certificate (DER), issued by the attacker's key under the CA's name.
    pub leaf: Vec<u8>,
    /// The signed citizen portal request (attached, signingTime = the PKI's instant), with
    /// the end certificate and the look-alikes embedded.
    pub envelope: Vec<u8>,
}

/// `tbs` with its serial, issuer (when given) and subjectPublicKeyInfo replaced, signed
/// by `signer` (the TBS `signature` algorithm is already the family's).
fn resign(
    der: &[u8],
    serial: u32,
    issuer: Option<&[u8]>,
    spki: &[u8],
    signer: &GostPrivateKey,
) -> Result<Vec<u8>, Error> {
    let (tbs, _, _) = split_signed(der)?;
    let mut parts = tbs_elements(&tbs)?;
    // [0] version, serial, signature, issuer, validity, subject, spki, ...
    let base = usize::from(parts.first().and_then(|p| p.first()) == Some(&0xa0));
    if parts.len() < base + 6 {
        return Err(Error::malformed(WHAT, "short TBSCertificate"));
    }
    let mut serial_der = serial.to_be_bytes().to_vec();
    serial_der.insert(0, 0x7e); // positive, minimal, distinct from the PKI's serials
    parts[base] = tlv_parts(0x02, &[&serial_der]);
    if let Some(issuer) = issuer {
        parts[base + 2] = issuer.to_vec();
    }
    parts[base + 5] = spki.to_vec();
    let alg_der = parts[base + 1].clone();
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let tbs = tlv_parts(0x30, &refs);
    let sig = signer.sign(&tbs)?;
    let bits = tlv_parts(0x03, &[&[0], &sig]);
    Ok(tlv_parts(0x30, &[&tbs, &alg_der, &bits]))
}

/// The subject Name TLV of a certificate's TBS.
fn subject_of(der: &[u8]) -> Result<Vec<u8>, Error> {
    let (tbs, _, _) = split_signed(der)?;
    let parts = tbs_elements(&tbs)?;
    let base = usize::from(parts.first().and_then(|p| p.first()) == Some(&0xa0));
    parts
        .get(base + 4)
        .cloned()
        .ok_or_else(|| Error::malformed(WHAT, "short TBSCertificate"))
}

/// Build the attack on `pki` (a GOST family) with `n` look-alikes.
pub fn generate(pki: &TestPki, n: usize) -> Result<LookalikeAttack, Error> {
    let curve = pki
        .family
        .gost_curve()
        .ok_or_else(|| Error::malformed(WHAT, "not a GOST test PKI"))?;
    let attacker = GostPrivateKey::generate(curve)?;
    let attacker_spki = attacker.public_key().spki_der()?;
    let ca_name = subject_of(&pki.ca.cert_der)?;
    let mut lookalikes = Vec::with_capacity(n);
    for i in 0..n {
        lookalikes.push(resign(
            &pki.ca.cert_der,
            0x1000 + i as u32,
            Some(&ca_name),
            &attacker_spki,
            &attacker,
        )?);
    }
    let leaf_key = GostPrivateKey::generate(curve)?;
    let leaf = resign(
        &pki.citizen_sign.cert_der,
        0x2000,
        None,
        &leaf_key.public_key().spki_der()?,
        &attacker,
    )?;
    let key = SigningKey::from_gost(leaf_key);
    debug_assert_eq!(key.algorithm(), SignatureAlgorithm::from_gost_curve(curve));
    let content = samples::citizen_portal_request(pki.generated_at)?.to_json();
    let envelope = cms::sign(
        &content,
        &key,
        &leaf,
        &lookalikes,
        &SignOptions {
            signing_time: Some(pki.generated_at),
            ..SignOptions::default()
        },
    )?;
    Ok(LookalikeAttack {
        lookalikes,
        leaf,
        envelope,
    })
}

/// [`generate`] on a fresh GOST-2015 test PKI with 8 look-alikes, returning the PKI too.
pub fn gost2015_with_eight(now: crate::Time) -> Result<(TestPki, LookalikeAttack), Error> {
    let pki = TestPki::generate(KeyFamily::Gost2015, now)?;
    let attack = generate(&pki, 8)?;
    Ok((pki, attack))
}
