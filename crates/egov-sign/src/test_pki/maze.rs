//! Issue 17, for every key family: a legitimate PKI and a path-building "maze" of the
//! family, so that the work an input can cause is measured against a legitimate
//! verification of the same family.
//!
//! Every certificate here is a re-signed copy of a template (the P-256 test PKI's root, CA
//! and `citizen_sign`, or any certificate): its TBS keeps names, validity and extensions
//! (so also the key identifiers rcgen computed), and gets a serial, a subject key and the
//! TBS `signature` AlgorithmIdentifier of the new family, then is signed by the new
//! issuer key — as `test_pki::gost` derives the GOST PKIs. RSA keys are the eight test keys
//! of `test_pki::RSA_KEYS` (ring cannot generate RSA keys); others are fresh.
//!
//! The maze ([`maze`]): `n` "CA" certificates with the real CA's name as subject and
//! issuer (self-issued, so every one is a candidate issuer of every other and of the end
//! certificate), the CA's subjectKeyIdentifier (so the key-identifier hint cannot tell
//! them apart), `k` distinct keys (certificate `i` has key `i mod k` and is signed by key
//! `(i + 1) mod k`), and an end certificate copying `citizen_sign` signed by key 0: every
//! (certificate, key) pair is a new signature check, none leads to an anchor. Nothing here
//! is trusted by anything.

use super::gost::{split_signed, tbs_elements};
use super::{samples, TestPki, RSA_KEYS};
use crate::algorithm::SigningKey;
use crate::cms::{self, SignOptions};
use crate::encoding::tlv_parts;
use crate::gost::{GostCurve, GostPrivateKey};
use crate::path::AlgorithmFamily;
use crate::{Error, Time};

const WHAT: &str = "test PKI (maze)";

/// A signing key of `family`: fresh, except RSA (RSA-2048 test key `slot`, 0–7).
pub fn key(family: AlgorithmFamily, slot: usize) -> Result<SigningKey, Error> {
    let rcgen_key = |alg: &'static rcgen::SignatureAlgorithm| -> Result<SigningKey, Error> {
        let k = rcgen::KeyPair::generate_for(alg).map_err(|e| Error::Config {
            detail: format!("{WHAT}: {e}"),
        })?;
        SigningKey::from_pkcs8(&k.serialize_der())
    };
    match family {
        AlgorithmFamily::Rsa => {
            let pem = RSA_KEYS.get(slot).ok_or_else(|| Error::Config {
                detail: format!("{WHAT}: no RSA key slot {slot}"),
            })?;
            SigningKey::from_pkcs8(pem.as_bytes())
        }
        AlgorithmFamily::EcdsaP256 => rcgen_key(&rcgen::PKCS_ECDSA_P256_SHA256),
        AlgorithmFamily::EcdsaP384 => rcgen_key(&rcgen::PKCS_ECDSA_P384_SHA384),
        AlgorithmFamily::Ed25519 => rcgen_key(&rcgen::PKCS_ED25519),
        AlgorithmFamily::Gost2015_512 => Ok(SigningKey::from_gost(GostPrivateKey::generate(
            GostCurve::Gost2015_512,
        )?)),
        AlgorithmFamily::Gost2004 => Ok(SigningKey::from_gost(GostPrivateKey::generate(
            GostCurve::Gost2004,
        )?)),
    }
}

/// `template` (a certificate, DER) with `serial` (when given), `issuer` Name TLV (when
/// given), `subject`'s key, and `signer`'s algorithm, signed by `signer`.
pub fn resign(
    template: &[u8],
    serial: Option<u32>,
    issuer: Option<&[u8]>,
    subject: &SigningKey,
    signer: &SigningKey,
) -> Result<Vec<u8>, Error> {
    let (tbs, _, _) = split_signed(template)?;
    let mut parts = tbs_elements(&tbs)?;
    // [0] version, serial, signature, issuer, validity, subject, spki, ...
    let base = usize::from(parts.first().and_then(|p| p.first()) == Some(&0xa0));
    if parts.len() < base + 6 {
        return Err(Error::malformed(WHAT, "short TBSCertificate"));
    }
    if let Some(serial) = serial {
        let mut der = serial.to_be_bytes().to_vec();
        der.insert(0, 0x7d); // positive, minimal, distinct from the PKI's serials
        parts[base] = tlv_parts(0x02, &[&der]);
    }
    let alg = signer.algorithm().algorithm_identifier_der()?;
    parts[base + 1] = alg.clone();
    if let Some(issuer) = issuer {
        parts[base + 2] = issuer.to_vec();
    }
    parts[base + 5] = subject.public_key_spki_der()?;
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let tbs = tlv_parts(0x30, &refs);
    let sig = signer.sign(&tbs)?;
    let bits = tlv_parts(0x03, &[&[0], &sig]);
    Ok(tlv_parts(0x30, &[&tbs, &alg, &bits]))
}

/// The subject Name TLV of a certificate.
pub fn subject_of(der: &[u8]) -> Result<Vec<u8>, Error> {
    let (tbs, _, _) = split_signed(der)?;
    let parts = tbs_elements(&tbs)?;
    let base = usize::from(parts.first().and_then(|p| p.first()) == Some(&0xa0));
    parts
        .get(base + 4)
        .cloned()
        .ok_or_else(|| Error::malformed(WHAT, "short TBSCertificate"))
}

/// A legitimate three-level PKI of one family, in the NCA profile of the test PKI.
#[derive(Debug)]
pub struct FamilyPki {
    /// The family of every key.
    pub family: AlgorithmFamily,
    /// The root (anchor), DER.
    pub root: Vec<u8>,
    /// The CA (configured intermediate), DER.
    pub ca: Vec<u8>,
    /// The CA's key.
    pub ca_key: SigningKey,
    /// `citizen_sign` re-made: the end certificate, DER.
    pub leaf: Vec<u8>,
    /// Its key.
    pub leaf_key: SigningKey,
    /// The template PKI's instant.
    pub at: Time,
}

impl FamilyPki {
    /// Root, CA and `citizen_sign` of `template` (a P-256 test PKI, for its content) with
    /// keys of `family` (RSA: slots 0–2).
    pub fn generate(template: &TestPki, family: AlgorithmFamily) -> Result<FamilyPki, Error> {
        let root_key = key(family, 0)?;
        let ca_key = key(family, 1)?;
        let leaf_key = key(family, 2)?;
        let root = resign(&template.root.cert_der, None, None, &root_key, &root_key)?;
        let ca = resign(&template.ca.cert_der, None, None, &ca_key, &root_key)?;
        let leaf = resign(
            &template.citizen_sign.cert_der,
            None,
            None,
            &leaf_key,
            &ca_key,
        )?;
        Ok(FamilyPki {
            family,
            root,
            ca,
            ca_key,
            leaf,
            leaf_key,
            at: template.generated_at,
        })
    }

    /// Another end certificate like [`FamilyPki::leaf`] (same key), serial `serial`.
    pub fn another_leaf(&self, serial: u32) -> Result<Vec<u8>, Error> {
        resign(&self.leaf, Some(serial), None, &self.leaf_key, &self.ca_key)
    }

    /// A citizen portal request signed by `key` with `cert` (attached, signingTime = the
    /// PKI's instant), `chain` embedded.
    pub fn request(
        &self,
        key: &SigningKey,
        cert: &[u8],
        chain: &[Vec<u8>],
    ) -> Result<Vec<u8>, Error> {
        let content = samples::citizen_portal_request(self.at)?.to_json();
        cms::sign(&content, key, cert, chain, &self.sign_options())
    }

    /// Co-sign `envelope` (the request) with `key` and `cert`, `chain` embedded.
    pub fn cosign(
        &self,
        envelope: &[u8],
        key: &SigningKey,
        cert: &[u8],
        chain: &[Vec<u8>],
    ) -> Result<Vec<u8>, Error> {
        cms::cosign(envelope, None, key, cert, chain, &self.sign_options())
    }

    fn sign_options(&self) -> SignOptions {
        SignOptions {
            signing_time: Some(self.at),
            ..SignOptions::default()
        }
    }
}

/// The maze material.
#[derive(Debug)]
pub struct Maze {
    /// The look-alike CA certificates (DER).
    pub nodes: Vec<Vec<u8>>,
    /// The maze's keys.
    pub keys: Vec<SigningKey>,
}

/// The maze of [`FamilyPki`] `pki`'s CA name: `n` certificates over keys of `families`
/// (key `j` of family `families[j mod len]`; `k` keys, RSA ones from slots 3–7 so that no
/// maze key is a key of `pki`).
pub fn maze(
    pki: &FamilyPki,
    families: &[AlgorithmFamily],
    n: usize,
    k: usize,
) -> Result<Maze, Error> {
    if families.is_empty() || k == 0 {
        return Err(Error::malformed(WHAT, "no family or key"));
    }
    let mut rsa_slot = 3;
    let mut keys = Vec::with_capacity(k);
    for j in 0..k {
        let family = families[j % families.len()];
        keys.push(key(family, rsa_slot)?);
        if family == AlgorithmFamily::Rsa {
            rsa_slot += 1;
        }
    }
    let name = subject_of(&pki.ca)?;
    let mut nodes = Vec::with_capacity(n);
    for i in 0..n {
        nodes.push(resign(
            &pki.ca,
            Some(0x1000 + i as u32),
            Some(&name),
            &keys[i % k],
            &keys[(i + 1) % k],
        )?);
    }
    Ok(Maze { nodes, keys })
}

impl Maze {
    /// An end certificate copying `pki`'s, key `leaf_key`, serial `serial`, signed by the
    /// maze's key 0.
    pub fn leaf(
        &self,
        pki: &FamilyPki,
        leaf_key: &SigningKey,
        serial: u32,
    ) -> Result<Vec<u8>, Error> {
        resign(&pki.leaf, Some(serial), None, leaf_key, &self.keys[0])
    }
}

/// A certificate chain: (root, intermediates from the root down, end certificate), DER.
pub type Chain = (Vec<u8>, Vec<Vec<u8>>, Vec<u8>);

/// A chain of `intermediates` CAs of `family` under a fresh root, every name distinct
/// ("Deep Root", "Deep CA 1"…, "Deep Leaf"), built with rcgen and re-signed: (root,
/// intermediates from the root down, end certificate), DER.
pub fn deep_chain(
    family: AlgorithmFamily,
    intermediates: usize,
    now: Time,
) -> Result<Chain, Error> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let err = |e: rcgen::Error| Error::Config {
        detail: format!("{WHAT}: {e}"),
    };
    let params = |cn: &str, ca: bool| {
        let mut p = CertificateParams::default();
        p.distinguished_name.push(DnType::CommonName, cn);
        p.not_before = now - time::Duration::days(1);
        p.not_after = now + time::Duration::days(365);
        if ca {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p.key_usages = vec![
                rcgen::KeyUsagePurpose::KeyCertSign,
                rcgen::KeyUsagePurpose::CrlSign,
            ];
        } else {
            p.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
        }
        p
    };
    // rcgen templates (P-256), then each re-signed with a key of `family`.
    let names: Vec<String> = std::iter::once("Deep Root".to_owned())
        .chain((1..=intermediates).map(|i| format!("Deep CA {i}")))
        .chain(std::iter::once("Deep Leaf".to_owned()))
        .collect();
    let mut templates = Vec::with_capacity(names.len());
    let mut prev: Option<(CertificateParams, KeyPair)> = None;
    for (i, cn) in names.iter().enumerate() {
        let p = params(cn, i + 1 < names.len());
        let k = KeyPair::generate().map_err(err)?;
        let cert = match &prev {
            None => p.self_signed(&k).map_err(err)?,
            Some((ip, ik)) => p.signed_by(&k, &Issuer::from_params(ip, ik)).map_err(err)?,
        };
        templates.push(cert.der().to_vec());
        prev = Some((p, k));
    }
    let mut keys = Vec::with_capacity(names.len());
    for i in 0..names.len() {
        // RSA: 8 slots for up to 8 certificates.
        keys.push(key(family, i % RSA_KEYS.len())?);
    }
    let mut out = Vec::with_capacity(names.len());
    for (i, t) in templates.iter().enumerate() {
        let signer = &keys[i.saturating_sub(1)];
        out.push(resign(t, None, None, &keys[i], signer)?);
    }
    let leaf = out
        .pop()
        .ok_or_else(|| Error::malformed(WHAT, "empty chain"))?;
    let root = out.remove(0);
    Ok((root, out, leaf))
}

/// An RFC 3161 TimeStampToken over `signature_value` (SHA-256 messageImprint, genTime
/// `gen_time`), signed by `tsa_key` as `tsa_cert` (signingCertificateV2 names it), with
/// `tsa_cert` and `extra` embedded — what a hostile token carries to lead the TSA path into
/// a maze. RFC 3161 §2.4.2:
///
/// ```text
/// TSTInfo ::= SEQUENCE { version INTEGER { v1(1) }, policy TSAPolicyId,
///   messageImprint MessageImprint, serialNumber INTEGER, genTime GeneralizedTime, ... }
/// ```
pub fn timestamp_token(
    tsa_cert: &[u8],
    tsa_key: &SigningKey,
    extra: &[Vec<u8>],
    signature_value: &[u8],
    gen_time: Time,
) -> Result<Vec<u8>, Error> {
    use crate::algorithm::DigestAlgorithm;
    use crate::encoding::{oid_der, tlv};
    use crate::oid;
    const SEQ: u8 = 0x30;
    const SET: u8 = 0x31;
    let f = time::macros::format_description!("[year][month][day][hour][minute][second]Z");
    let gen = gen_time.format(&f).map_err(|e| Error::Config {
        detail: e.to_string(),
    })?;
    let sha256 = DigestAlgorithm::Sha256;
    let tst_info = tlv_parts(
        SEQ,
        &[
            &tlv(0x02, &[1]),
            &oid_der(&oid::NCA_TSA_POLICY_GOST2015),
            &tlv_parts(
                SEQ,
                &[
                    &sha256.algorithm_identifier().to_der()?,
                    &tlv(0x04, &sha256.digest(signature_value)),
                ],
            ),
            &tlv(0x02, &[0x17]),
            &tlv(0x18, gen.as_bytes()),
        ],
    );
    let alg = tsa_key.algorithm();
    let digest = alg.digest();
    let cert = crate::certificate::Certificate::from_der(tsa_cert)?;
    let attribute = |o: &der::asn1::ObjectIdentifier, value: &[u8]| {
        tlv_parts(SEQ, &[&oid_der(o), &tlv(SET, value)])
    };
    let ess = tlv(
        SEQ,
        &tlv(SEQ, &tlv(SEQ, &tlv(0x04, &crate::asn1::sha256(tsa_cert)))),
    );
    let mut attrs = [
        attribute(&oid::ID_CONTENT_TYPE, &oid_der(&oid::ID_CT_TST_INFO)),
        attribute(
            &oid::ID_MESSAGE_DIGEST,
            &tlv(0x04, &digest.digest(&tst_info)),
        ),
        attribute(&oid::ID_AA_SIGNING_CERTIFICATE_V2, &ess),
    ];
    attrs.sort();
    let body = attrs.concat();
    let signature = tsa_key.sign(&tlv(SET, &body))?;
    let digest_id = digest.algorithm_identifier().to_der()?;
    let sid = tlv_parts(SEQ, &[cert.issuer_raw(), &tlv(0x02, cert.serial())]);
    let signer_info = tlv_parts(
        SEQ,
        &[
            &tlv(0x02, &[1]),
            &sid,
            &digest_id,
            &tlv(0xa0, &body),
            &alg.algorithm_identifier_der()?,
            &tlv(0x04, &signature),
        ],
    );
    let eci = tlv_parts(
        SEQ,
        &[
            &oid_der(&oid::ID_CT_TST_INFO),
            &tlv(0xa0, &tlv(0x04, &tst_info)),
        ],
    );
    let mut certs: Vec<&[u8]> = vec![tsa_cert];
    certs.extend(extra.iter().map(Vec::as_slice));
    let sd = tlv_parts(
        SEQ,
        &[
            &tlv(0x02, &[3]),
            &tlv(SET, &digest_id),
            &eci,
            &tlv_parts(0xa0, &certs),
            &tlv(SET, &signer_info),
        ],
    );
    Ok(tlv_parts(
        SEQ,
        &[&oid_der(&oid::ID_SIGNED_DATA), &tlv(0xa0, &sd)],
    ))
}
