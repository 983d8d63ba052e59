//! A small PKI for revocation scenarios (feature `test-pki`): CA key rollover, CRL
//! partitions by distribution point, reasons and certificate type, deltas, and CRLs with
//! deliberate defects. P-256 keys, fresh on every call. **Never trust anything here.**
//!
//! ```text
//! root (anchor)
//! ├── ca_old  "REVOCATION TEST CA", key A   ─┐ one CA name, two keys (RFC 5280 §6.1
//! ├── ca_new  "REVOCATION TEST CA", key B   ─┘ key rollover), both issued by root
//! │   new_with_old: self-issued, key B signed by A; old_with_new: key A signed by B
//! └── (leaves issued by [`RevocationPki::leaf`] with key A or B, any serial and
//!      cRLDistributionPoints URIs)
//! foreign_root (a second root, not an anchor unless a test makes it one)
//! └── foreign_ca  "REVOCATION TEST CA" (the same name), key C
//! ```
//!
//! CRLs are built by [`RevocationPki::crl`] from a [`CrlParams`], signed by any of the keys.

use rcgen::{
    BasicConstraints, CertificateParams, CrlDistributionPoint, DistinguishedName, DnType, DnValue,
    IsCa, Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
};
use time::Duration;

use super::crl_builder::{build_crl, CrlEntry, CrlExtras, CrlReason, CrlSpec};
use crate::{Error, Time};

/// The common name of the CA that rolls its key over (and of the foreign CA).
pub const CA_NAME: &str = "REVOCATION TEST CA";

/// Which key signs a leaf or a CRL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The CA's old key (A), certified by `ca_old` and `old_with_new`.
    Old,
    /// The CA's new key (B), certified by `ca_new` and `new_with_old`.
    New,
    /// The foreign CA's key (C): same CA name, another root.
    Foreign,
    /// The root's key.
    Root,
}

/// One CRL entry: serial, revocationDate, reasonCode (RFC 5280 §5.3.1 value; `None` for no
/// reasonCode extension).
#[derive(Debug, Clone)]
pub struct Revoked {
    /// The serial number (positive, big-endian, minimal).
    pub serial: Vec<u8>,
    /// revocationDate.
    pub at: Time,
    /// reasonCode: 0..=6, 8 (removeFromCRL); `None` for none.
    pub reason: Option<u8>,
}

/// What a CRL built by [`RevocationPki::crl`] says.
#[derive(Debug, Clone)]
pub struct CrlParams {
    /// thisUpdate.
    pub this_update: Time,
    /// nextUpdate.
    pub next_update: Time,
    /// cRLNumber.
    pub number: u64,
    /// BaseCRLNumber, for a delta CRL.
    pub delta_base: Option<u64>,
    /// The entries.
    pub entries: Vec<Revoked>,
    /// The issuingDistributionPoint extnValue (see [`idp`]).
    pub idp: Option<Vec<u8>>,
    /// Leave cRLNumber out.
    pub omit_number: bool,
    /// Mark cRLNumber critical.
    pub number_critical: bool,
    /// The authorityKeyIdentifier extnValue instead of the signer's SKI.
    pub aki: Option<Vec<u8>>,
    /// More extensions: (dotted OID, critical, extnValue DER).
    pub extensions: Vec<(String, bool, Vec<u8>)>,
}

impl CrlParams {
    /// An empty full CRL, thisUpdate `now − 1h`, nextUpdate `now + 7d`.
    pub fn full(now: Time, number: u64) -> CrlParams {
        CrlParams {
            this_update: now - Duration::hours(1),
            next_update: now + Duration::days(7),
            number,
            delta_base: None,
            entries: Vec::new(),
            idp: None,
            omit_number: false,
            number_critical: false,
            aki: None,
            extensions: Vec::new(),
        }
    }
}

/// Content octets + tag → DER TLV (short or long definite length).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// ReasonFlags bits (`1 << n`) → DER BIT STRING content (X.690 §11.2.2: trailing zero bits
/// removed).
fn reason_flags_content(flags: u16) -> Vec<u8> {
    if flags == 0 {
        return vec![0];
    }
    let highest = 15 - flags.leading_zeros() as usize;
    let nbytes = highest / 8 + 1;
    let mut data = vec![0u8; nbytes];
    for bit in 0..=highest {
        if flags & (1 << bit) != 0 {
            data[bit / 8] |= 0x80 >> (bit % 8);
        }
    }
    let unused = (nbytes * 8 - 1 - highest) as u8;
    let mut out = vec![unused];
    out.extend(data);
    out
}

/// One DistributionPoint (RFC 5280 §4.2.1.13) in DER: a distributionPoint fullName of
/// `uris` (none: absent), `reasons` (`1 << n` bits), a cRLIssuer of `crl_issuer_uris`
/// (none: absent). Wrap a list of them with [`sequence`] for a cRLDistributionPoints value.
pub fn distribution_point(
    uris: &[&str],
    reasons: Option<u16>,
    crl_issuer_uris: &[&str],
) -> Vec<u8> {
    let mut body = Vec::new();
    if !uris.is_empty() {
        let names: Vec<u8> = uris.iter().flat_map(|u| tlv(0x86, u.as_bytes())).collect();
        body.extend(tlv(0xa0, &tlv(0xa0, &names)));
    }
    if let Some(r) = reasons {
        body.extend(tlv(0x81, &reason_flags_content(r)));
    }
    if !crl_issuer_uris.is_empty() {
        let names: Vec<u8> = crl_issuer_uris
            .iter()
            .flat_map(|u| tlv(0x86, u.as_bytes()))
            .collect();
        body.extend(tlv(0xa2, &names));
    }
    tlv(0x30, &body)
}

/// `SEQUENCE { parts }` in DER.
pub fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// An IssuingDistributionPoint extnValue (RFC 5280 §5.2.5) in DER: a distributionPoint
/// fullName of `uris` (none: no distributionPoint), the onlyContains* flags, and
/// onlySomeReasons (`1 << n` bits).
pub fn idp(uris: &[&str], only_user: bool, only_ca: bool, reasons: Option<u16>) -> Vec<u8> {
    let mut body = Vec::new();
    if !uris.is_empty() {
        let names: Vec<u8> = uris.iter().flat_map(|u| tlv(0x86, u.as_bytes())).collect();
        body.extend(tlv(0xa0, &tlv(0xa0, &names)));
    }
    if only_user {
        body.extend([0x81, 0x01, 0xff]);
    }
    if only_ca {
        body.extend([0x82, 0x01, 0xff]);
    }
    if let Some(r) = reasons {
        body.extend(tlv(0x83, &reason_flags_content(r)));
    }
    tlv(0x30, &body)
}

fn cfg_err(what: &str, e: impl core::fmt::Display) -> Error {
    Error::Config {
        detail: format!("revocation test PKI: {what}: {e}"),
    }
}

fn key() -> Result<KeyPair, Error> {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(|e| Error::Crypto {
        detail: format!("P-256 key generation: {e}"),
    })
}

fn dn(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, DnValue::Utf8String(cn.to_owned()));
    dn
}

fn make_ca_params(cn: &str, serial: u8, now: Time) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.not_before = now - Duration::days(365 * 5);
    p.not_after = now + Duration::days(365 * 5);
    p.serial_number = Some(SerialNumber::from_slice(&[0x11, serial]));
    p.distinguished_name = dn(cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p
}

/// The generated PKI (see the module documentation).
pub struct RevocationPki {
    /// The instant everything is relative to (whole seconds).
    pub now: Time,
    /// The root (trust anchor), DER.
    pub root: Vec<u8>,
    /// The CA's certificate for its old key A, issued by the root.
    pub ca_old: Vec<u8>,
    /// The CA's certificate for its new key B, issued by the root.
    pub ca_new: Vec<u8>,
    /// Self-issued: the CA's new key B certified by its old key A.
    pub new_with_old: Vec<u8>,
    /// Self-issued: the CA's old key A certified by its new key B.
    pub old_with_new: Vec<u8>,
    /// Another root (not an anchor unless a test configures it).
    pub foreign_root: Vec<u8>,
    /// A CA with the same name as the CA, key C, issued by `foreign_root`.
    pub foreign_ca: Vec<u8>,
    root_key: KeyPair,
    root_params: CertificateParams,
    old_key: KeyPair,
    new_key: KeyPair,
    foreign_key: KeyPair,
    ca_params: CertificateParams,
}

impl core::fmt::Debug for RevocationPki {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RevocationPki")
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl RevocationPki {
    /// Generate it for `now` (truncated to whole seconds).
    pub fn generate(now: Time) -> Result<RevocationPki, Error> {
        let now = now.replace_nanosecond(0).map_err(|e| cfg_err("now", e))?;
        let root_key = key()?;
        let root_params = make_ca_params("REVOCATION TEST ROOT", 1, now);
        let root = root_params
            .self_signed(&root_key)
            .map_err(|e| cfg_err("root", e))?;
        let root_issuer = Issuer::from_params(&root_params, &root_key);
        let (old_key, new_key, foreign_key) = (key()?, key()?, key()?);
        let ca_params = make_ca_params(CA_NAME, 2, now);
        let ca_old = ca_params
            .signed_by(&old_key, &root_issuer)
            .map_err(|e| cfg_err("ca_old", e))?;
        let mut p = ca_params.clone();
        p.serial_number = Some(SerialNumber::from_slice(&[0x11, 3]));
        let ca_new = p
            .signed_by(&new_key, &root_issuer)
            .map_err(|e| cfg_err("ca_new", e))?;
        p.serial_number = Some(SerialNumber::from_slice(&[0x11, 4]));
        let new_with_old = p
            .signed_by(&new_key, &Issuer::from_params(&ca_params, &old_key))
            .map_err(|e| cfg_err("new_with_old", e))?;
        p.serial_number = Some(SerialNumber::from_slice(&[0x11, 5]));
        let old_with_new = p
            .signed_by(&old_key, &Issuer::from_params(&ca_params, &new_key))
            .map_err(|e| cfg_err("old_with_new", e))?;
        let foreign_root_key = key()?;
        let foreign_root_params = make_ca_params("REVOCATION FOREIGN ROOT", 6, now);
        let foreign_root = foreign_root_params
            .self_signed(&foreign_root_key)
            .map_err(|e| cfg_err("foreign_root", e))?;
        p.serial_number = Some(SerialNumber::from_slice(&[0x11, 7]));
        let foreign_ca = p
            .signed_by(
                &foreign_key,
                &Issuer::from_params(&foreign_root_params, &foreign_root_key),
            )
            .map_err(|e| cfg_err("foreign_ca", e))?;
        Ok(RevocationPki {
            now,
            root: root.der().to_vec(),
            ca_old: ca_old.der().to_vec(),
            ca_new: ca_new.der().to_vec(),
            new_with_old: new_with_old.der().to_vec(),
            old_with_new: old_with_new.der().to_vec(),
            foreign_root: foreign_root.der().to_vec(),
            foreign_ca: foreign_ca.der().to_vec(),
            root_key,
            root_params,
            old_key,
            new_key,
            foreign_key,
            ca_params,
        })
    }

    fn signer(&self, by: Key) -> (&KeyPair, &[u8], &CertificateParams) {
        match by {
            Key::Old => (&self.old_key, &self.ca_old, &self.ca_params),
            Key::New => (&self.new_key, &self.ca_new, &self.ca_params),
            Key::Foreign => (&self.foreign_key, &self.foreign_ca, &self.ca_params),
            Key::Root => (&self.root_key, &self.root, &self.root_params),
        }
    }

    /// A leaf (signing key usage) issued by `by` with `serial` (positive, minimal), valid
    /// now−1y..now+1y, with cRLDistributionPoints naming `dp_uris` (one
    /// DistributionPoint per URI; none: no extension); a CA certificate when `is_ca`.
    pub fn leaf(
        &self,
        by: Key,
        serial: &[u8],
        dp_uris: &[&str],
        is_ca: bool,
    ) -> Result<Vec<u8>, Error> {
        self.leaf_with(by, serial, dp_uris, is_ca, None)
    }

    /// [`RevocationPki::leaf`] with `crl_distribution_points` (an extnValue, DER) as its
    /// cRLDistributionPoints extension instead of the URIs.
    pub fn leaf_with_cdp(
        &self,
        by: Key,
        serial: &[u8],
        crl_distribution_points: &[u8],
    ) -> Result<Vec<u8>, Error> {
        self.leaf_with(by, serial, &[], false, Some(crl_distribution_points))
    }

    fn leaf_with(
        &self,
        by: Key,
        serial: &[u8],
        dp_uris: &[&str],
        is_ca: bool,
        cdp: Option<&[u8]>,
    ) -> Result<Vec<u8>, Error> {
        let (issuer_key, _, issuer_params) = self.signer(by);
        let mut p = CertificateParams::default();
        p.not_before = self.now - Duration::days(365);
        p.not_after = self.now + Duration::days(365);
        p.serial_number = Some(SerialNumber::from_slice(serial));
        p.distinguished_name = dn(&format!("LEAF {}", crate::asn1::hex(serial)));
        if is_ca {
            p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
            p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        } else {
            p.is_ca = IsCa::ExplicitNoCa;
            p.key_usages = vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::ContentCommitment,
            ];
        }
        p.use_authority_key_identifier_extension = true;
        p.crl_distribution_points = dp_uris
            .iter()
            .map(|u| CrlDistributionPoint {
                uris: vec![(*u).to_owned()],
            })
            .collect();
        if let Some(cdp) = cdp {
            p.custom_extensions
                .push(rcgen::CustomExtension::from_oid_content(
                    &super::oid_arcs(&crate::oid::ID_CE_CRL_DISTRIBUTION_POINTS),
                    cdp.to_vec(),
                ));
        }
        let leaf_key = key()?;
        let cert = p
            .signed_by(&leaf_key, &Issuer::from_params(issuer_params, issuer_key))
            .map_err(|e| cfg_err("leaf", e))?;
        Ok(cert.der().to_vec())
    }

    /// A CRL signed by `by` (issuer Name and authorityKeyIdentifier of that key's
    /// certificate: `ca_old`, `ca_new`, `foreign_ca` or the root).
    pub fn crl(&self, by: Key, params: &CrlParams) -> Result<Vec<u8>, Error> {
        let (key, cert, _) = self.signer(by);
        let mut entries = Vec::with_capacity(params.entries.len());
        for e in &params.entries {
            let reason = match e.reason {
                None => None,
                Some(0) => Some(CrlReason::Unspecified),
                Some(1) => Some(CrlReason::KeyCompromise),
                Some(2) => Some(CrlReason::CaCompromise),
                Some(3) => Some(CrlReason::AffiliationChanged),
                Some(4) => Some(CrlReason::Superseded),
                Some(5) => Some(CrlReason::CessationOfOperation),
                Some(6) => Some(CrlReason::CertificateHold),
                Some(8) => Some(CrlReason::RemoveFromCrl),
                Some(other) => return Err(cfg_err("reason", other)),
            };
            entries.push(CrlEntry {
                serial: e.serial.clone(),
                revoked_at: e.at,
                reason,
                unknown_critical: false,
            });
        }
        let mut extensions = Vec::new();
        for (oid, critical, value) in &params.extensions {
            let oid = der::asn1::ObjectIdentifier::new(oid).map_err(|e| cfg_err("OID", e))?;
            extensions.push((oid, *critical, value.clone()));
        }
        build_crl(
            &CrlSpec {
                issuer_cert_der: cert,
                this_update: params.this_update,
                next_update: params.next_update,
                crl_number: params.number,
                delta_base: params.delta_base,
                entries,
                unknown_critical: false,
                extras: CrlExtras {
                    omit_number: params.omit_number,
                    number_critical: params.number_critical,
                    idp: params.idp.clone(),
                    aki: params.aki.clone(),
                    extensions,
                },
            },
            key,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_flags_are_minimal_der() {
        // keyCompromise (1): 0x40 with 6 unused bits.
        assert_eq!(reason_flags_content(1 << 1), vec![6, 0x40]);
        // certificateHold (6): 0x02, 1 unused bit.
        assert_eq!(reason_flags_content(1 << 6), vec![1, 0x02]);
        // aACompromise (8): second octet 0x80, 7 unused bits.
        assert_eq!(reason_flags_content(1 << 8), vec![7, 0x00, 0x80]);
    }
}
