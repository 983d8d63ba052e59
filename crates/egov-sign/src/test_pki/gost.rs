//! The GOST families of the test PKI ([`KeyFamily::Gost2015`], [`KeyFamily::Gost2004`]).
//!
//! rcgen cannot sign with GOST, so the GOST PKI is derived from a freshly generated P-256
//! PKI of the same instant: every certificate and CRL keeps its TBS content (names,
//! serials, validity, extensions, CRL entries) except that
//!
//! - each certificate's subjectPublicKeyInfo becomes a fresh GOST key of the family's curve
//!   (one GOST key per P-256 key),
//! - the TBS `signature` AlgorithmIdentifier becomes the GOST one (NULL parameters, as the
//!   NCA writes it),
//! - the signature is re-made with the GOST key standing for the P-256 key that signed the
//!   original (found by verifying the original against each key of the PKI). Items signed
//!   by a key outside the PKI (e.g. `ca_wrong_signature`) are signed by a fresh unrelated
//!   GOST key, so they stay wrongly signed.
//!
//! Subject/authority key identifiers stay those rcgen computed from the P-256 keys: they
//! remain consistent identifiers (RFC 5280 §4.2.1.2 method 1 is only a suggestion).

use std::collections::HashMap;

use super::{Issued, KeyFamily, TestCrls, TestPki};
use crate::algorithm::{verify_signature, AlgorithmIdentifier, CoreBackend, SignatureAlgorithm};
use crate::encoding::{parse_single, tlv_parts, DerReader};
use crate::gost::{GostCurve, GostPrivateKey};
use crate::Error;

const WHAT: &str = "test PKI (GOST)";

/// The outer SEQUENCE of a certificate or CRL: (tbs TLV, signature AlgorithmIdentifier,
/// signature bits).
pub(super) fn split_signed(der: &[u8]) -> Result<(Vec<u8>, AlgorithmIdentifier, Vec<u8>), Error> {
    let any = parse_single(der, WHAT)?;
    let mut r = DerReader::new(any.value(), WHAT)?;
    let (_, tbs) = r.next_raw()?;
    let (_, alg) = r.next_raw()?;
    let bits = r.expect(0x03, "signature")?;
    r.finish("signed object")?;
    let sig = match bits.value().split_first() {
        Some((0, sig)) => sig.to_vec(),
        _ => return Err(Error::malformed(WHAT, "bad signature BIT STRING")),
    };
    Ok((tbs.to_vec(), AlgorithmIdentifier::from_der(alg)?, sig))
}

/// The TBS elements as raw TLVs.
pub(super) fn tbs_elements(tbs: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    let any = parse_single(tbs, WHAT)?;
    let mut r = DerReader::new(any.value(), WHAT)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        out.push(r.next_raw()?.1.to_vec());
    }
    Ok(out)
}

struct Converter {
    curve: GostCurve,
    alg_der: Vec<u8>,
    /// (P-256 SPKI DER, GOST key) for every key of the PKI.
    keys: Vec<(Vec<u8>, GostPrivateKey)>,
}

impl Converter {
    /// The GOST key standing for the key that signed (tbs, alg, sig), or a fresh one.
    fn signer(
        &self,
        tbs: &[u8],
        alg: &AlgorithmIdentifier,
        sig: &[u8],
    ) -> Result<GostPrivateKey, Error> {
        for (spki, key) in &self.keys {
            if verify_signature(alg, spki, tbs, sig, &CoreBackend).is_ok() {
                return Ok(key.clone());
            }
        }
        GostPrivateKey::generate(self.curve)
    }

    fn assemble(&self, tbs_parts: &[Vec<u8>], signer: &GostPrivateKey) -> Result<Vec<u8>, Error> {
        let parts: Vec<&[u8]> = tbs_parts.iter().map(Vec::as_slice).collect();
        let tbs = tlv_parts(0x30, &parts);
        let sig = signer.sign(&tbs)?;
        let bits = tlv_parts(0x03, &[&[0], &sig]);
        Ok(tlv_parts(0x30, &[&tbs, &self.alg_der, &bits]))
    }

    fn certificate(&self, der: &[u8], subject_key: &GostPrivateKey) -> Result<Vec<u8>, Error> {
        let (tbs, alg, sig) = split_signed(der)?;
        let signer = self.signer(&tbs, &alg, &sig)?;
        let mut parts = tbs_elements(&tbs)?;
        // [0] version, serial, signature, issuer, validity, subject, spki, ...
        let base = usize::from(parts.first().and_then(|p| p.first()) == Some(&0xa0));
        if parts.len() < base + 6 {
            return Err(Error::malformed(WHAT, "short TBSCertificate"));
        }
        parts[base + 1] = self.alg_der.clone();
        parts[base + 5] = subject_key.public_key().spki_der()?;
        self.assemble(&parts, &signer)
    }

    fn crl(&self, der: &[u8]) -> Result<Vec<u8>, Error> {
        let (tbs, alg, sig) = split_signed(der)?;
        let signer = self.signer(&tbs, &alg, &sig)?;
        let mut parts = tbs_elements(&tbs)?;
        // version (optional INTEGER), signature, issuer, ...
        let base = usize::from(parts.first().and_then(|p| p.first()) == Some(&0x02));
        if parts.len() < base + 2 {
            return Err(Error::malformed(WHAT, "short TBSCertList"));
        }
        parts[base] = self.alg_der.clone();
        self.assemble(&parts, &signer)
    }
}

/// Derive the GOST PKI of `family` from the P-256 PKI `base`.
pub(super) fn convert(
    base: TestPki,
    family: KeyFamily,
    curve: GostCurve,
) -> Result<TestPki, Error> {
    let alg_der = SignatureAlgorithm::from_gost_curve(curve).algorithm_identifier_der()?;
    let mut keys = Vec::new();
    let mut by_name: HashMap<&'static str, GostPrivateKey> = HashMap::new();
    for issued in base.all_issued() {
        let cert = crate::certificate::Certificate::from_der(&issued.cert_der)?;
        let key = GostPrivateKey::generate(curve)?;
        keys.push((cert.spki().to_vec(), key.clone()));
        by_name.insert(issued.name, key);
    }
    let conv = Converter {
        curve,
        alg_der,
        keys,
    };
    let issued = |i: &Issued| -> Result<Issued, Error> {
        let key = by_name
            .get(i.name)
            .ok_or_else(|| Error::malformed(WHAT, "unknown certificate"))?;
        Ok(Issued {
            cert_der: conv.certificate(&i.cert_der, key)?,
            key_pkcs8_der: key.to_pkcs8_der()?,
            ..i.clone()
        })
    };
    let c = &base.crls;
    Ok(TestPki {
        family,
        generated_at: base.generated_at,
        root: issued(&base.root)?,
        ca: issued(&base.ca)?,
        other_root: issued(&base.other_root)?,
        untrusted_sign: issued(&base.untrusted_sign)?,
        citizen_sign: issued(&base.citizen_sign)?,
        citizen_auth: issued(&base.citizen_auth)?,
        citizen2_sign: issued(&base.citizen2_sign)?,
        representative_sign: issued(&base.representative_sign)?,
        operator_sign: issued(&base.operator_sign)?,
        provider_head_sign: issued(&base.provider_head_sign)?,
        provider_employee_sign: issued(&base.provider_employee_sign)?,
        provider_signer_sign: issued(&base.provider_signer_sign)?,
        revoked_sign: issued(&base.revoked_sign)?,
        on_hold_sign: issued(&base.on_hold_sign)?,
        unheld_sign: issued(&base.unheld_sign)?,
        delta_revoked_sign: issued(&base.delta_revoked_sign)?,
        expired_sign: issued(&base.expired_sign)?,
        not_yet_valid_sign: issued(&base.not_yet_valid_sign)?,
        not_ca: issued(&base.not_ca)?,
        issued_by_not_ca: issued(&base.issued_by_not_ca)?,
        crls: TestCrls {
            root_full: conv.crl(&c.root_full)?,
            ca_full: conv.crl(&c.ca_full)?,
            ca_delta: conv.crl(&c.ca_delta)?,
            ca_stale: conv.crl(&c.ca_stale)?,
            ca_wrong_signature: conv.crl(&c.ca_wrong_signature)?,
            other_root_full: conv.crl(&c.other_root_full)?,
            ca_unknown_critical: conv.crl(&c.ca_unknown_critical)?,
            ca_entry_unknown_critical: conv.crl(&c.ca_entry_unknown_critical)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::Certificate;
    use crate::crl::ParsedCrl;
    use crate::oid;

    #[test]
    fn gost2004_pki_is_consistently_signed() {
        let p = TestPki::generate(KeyFamily::Gost2004, time::OffsetDateTime::now_utc()).unwrap();
        let root = Certificate::from_der(&p.root.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let citizen = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        assert_eq!(root.signature_algorithm().oid, oid::GOST2004_SIGNATURE);
        root.verify_signed_by(&root, &CoreBackend).unwrap();
        ca.verify_signed_by(&root, &CoreBackend).unwrap();
        citizen.verify_signed_by(&ca, &CoreBackend).unwrap();
        assert!(citizen.verify_signed_by(&root, &CoreBackend).is_err());
        ParsedCrl::from_der(&p.crls.ca_full)
            .unwrap()
            .verify(&ca)
            .unwrap();
        assert!(ParsedCrl::from_der(&p.crls.ca_wrong_signature)
            .unwrap()
            .verify(&ca)
            .is_err());
        // The private key in the Issued matches the certificate.
        let key = crate::algorithm::SigningKey::from_pkcs8(&p.citizen_sign.key_pkcs8_der).unwrap();
        assert!(key.matches_spki(citizen.spki()));
    }
}
