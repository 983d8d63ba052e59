//! Certificate revocation lists: parsed and checked once, indexed compactly, looked up in
//! O(log n).
//!
//! ```text
//! CertificateList  ::=  SEQUENCE  {
//!      tbsCertList          TBSCertList,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertList  ::=  SEQUENCE  {
//!      version                 Version OPTIONAL, -- if present, MUST be v2
//!      signature               AlgorithmIdentifier,
//!      issuer                  Name,
//!      thisUpdate              Time,
//!      nextUpdate              Time OPTIONAL,
//!      revokedCertificates     SEQUENCE OF SEQUENCE  {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL }  OPTIONAL,
//!      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
//! ```
//! (RFC 5280 §5.1)
//!
//! A [`ParsedCrl`] is what the bytes say. A [`Crl`] is a parsed CRL whose signature has been
//! verified against an issuer certificate (which must have cRLSign when it has keyUsage):
//! only a [`Crl`] takes part in revocation checking, and it remembers the key that verified
//! it so that it is only used for certificates issued by that very key. Delta CRLs
//! (RFC 5280 §5.2.4) are applied on top of a full CRL of the same issuer and scope whose
//! CRLNumber is at least the delta's BaseCRLNumber (§6.3.3); `removeFromCRL` entries in a
//! delta un-revoke.

use x509_parser::prelude::{CertificateRevocationList, FromDer};

use crate::asn1;
use crate::certificate::Certificate;
use crate::limits::{MAX_CRL_ENTRIES, MAX_CRL_SIZE, MAX_SERIAL_LEN};
use crate::report::Code;
use crate::Error;

/// CRL entry reason codes (RFC 5280 §5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Reason {
    /// unspecified (0), or no reasonCode extension.
    Unspecified = 0,
    /// keyCompromise (1).
    KeyCompromise = 1,
    /// cACompromise (2).
    CaCompromise = 2,
    /// affiliationChanged (3).
    AffiliationChanged = 3,
    /// superseded (4).
    Superseded = 4,
    /// cessationOfOperation (5).
    CessationOfOperation = 5,
    /// certificateHold (6).
    CertificateHold = 6,
    /// removeFromCRL (8), only meaningful in delta CRLs.
    RemoveFromCrl = 8,
    /// privilegeWithdrawn (9).
    PrivilegeWithdrawn = 9,
    /// aACompromise (10).
    AaCompromise = 10,
}

impl Reason {
    fn from_u8(v: u8) -> Option<Reason> {
        Some(match v {
            0 => Reason::Unspecified,
            1 => Reason::KeyCompromise,
            2 => Reason::CaCompromise,
            3 => Reason::AffiliationChanged,
            4 => Reason::Superseded,
            5 => Reason::CessationOfOperation,
            6 => Reason::CertificateHold,
            8 => Reason::RemoveFromCrl,
            9 => Reason::PrivilegeWithdrawn,
            10 => Reason::AaCompromise,
            _ => return None,
        })
    }
}

/// One revocation entry as returned by a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// revocationDate, unix seconds.
    pub revocation_date: i64,
    /// The reason.
    pub reason: Reason,
}

/// A compact sorted index of revoked serials: one byte arena, u32 offsets, dates, reasons.
///
/// Serials are ordered by (length, bytes) of their DER INTEGER content octets (DER
/// encodings are minimal, so equal numbers have equal octets). Lookup is a binary search.
#[derive(Debug, Clone, Default)]
pub struct RevocationIndex {
    arena: Vec<u8>,
    offsets: Vec<u32>,
    dates: Vec<i64>,
    reasons: Vec<u8>,
}

impl RevocationIndex {
    fn build(mut items: Vec<(&[u8], i64, u8)>) -> Result<RevocationIndex, Error> {
        items.sort_unstable_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
        for w in items.windows(2) {
            if w[0].0 == w[1].0 {
                return Err(Error::malformed("CRL", "a serial number is listed twice"));
            }
        }
        let total: usize = items.iter().map(|i| i.0.len()).sum();
        let mut idx = RevocationIndex {
            arena: Vec::with_capacity(total),
            offsets: Vec::with_capacity(items.len() + 1),
            dates: Vec::with_capacity(items.len()),
            reasons: Vec::with_capacity(items.len()),
        };
        idx.offsets.push(0);
        for (serial, date, reason) in items {
            idx.arena.extend_from_slice(serial);
            let off = u32::try_from(idx.arena.len())
                .map_err(|_| Error::malformed("CRL", "index too large"))?;
            idx.offsets.push(off);
            idx.dates.push(date);
            idx.reasons.push(reason);
        }
        Ok(idx)
    }

    fn serial_at(&self, i: usize) -> &[u8] {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        &self.arena[a..b]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// True if no entries.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Look `serial` (INTEGER content octets) up.
    pub fn lookup(&self, serial: &[u8]) -> Option<Entry> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let s = self.serial_at(mid);
            match (s.len(), s).cmp(&(serial.len(), serial)) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => {
                    return Some(Entry {
                        revocation_date: self.dates[mid],
                        reason: Reason::from_u8(self.reasons[mid]).unwrap_or(Reason::Unspecified),
                    })
                }
            }
        }
        None
    }

    /// Heap bytes used by the index.
    pub fn heap_size(&self) -> usize {
        self.arena.capacity()
            + self.offsets.capacity() * 4
            + self.dates.capacity() * 8
            + self.reasons.capacity()
    }
}

/// Which certificates a CRL covers, from its issuingDistributionPoint (RFC 5280 §5.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// All certificates of the issuer.
    All,
    /// onlyContainsUserCerts.
    UserCerts,
    /// onlyContainsCACerts.
    CaCerts,
}

/// A CRL as parsed, before its signature is checked.
#[derive(Debug, Clone)]
pub struct ParsedCrl {
    der_sha256: [u8; 32],
    tbs: Vec<u8>,
    algorithm: crate::algorithm::AlgorithmIdentifier,
    signature: Vec<u8>,
    issuer_raw: Vec<u8>,
    issuer: String,
    aki: Option<Vec<u8>>,
    this_update: i64,
    next_update: Option<i64>,
    number: Option<Vec<u8>>,
    delta_base: Option<Vec<u8>>,
    idp_raw: Option<Vec<u8>>,
    scope: Scope,
    index: RevocationIndex,
    /// Why the CRL cannot be used even if its signature verifies (unknown critical
    /// extension, unsupported scope, no nextUpdate).
    unusable: Option<String>,
}

const KNOWN_CRL_EXTENSIONS: &[&str] = &[
    "2.5.29.35",         // authorityKeyIdentifier
    "2.5.29.20",         // cRLNumber
    "2.5.29.27",         // deltaCRLIndicator
    "2.5.29.28",         // issuingDistributionPoint
    "2.5.29.46",         // freshestCRL
    "2.5.29.18",         // issuerAltName
    "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
];
const KNOWN_ENTRY_EXTENSIONS: &[&str] = &[
    "2.5.29.21", // reasonCode
    "2.5.29.24", // invalidityDate
    "2.5.29.23", // holdInstructionCode
];

/// Normalised unsigned big-endian magnitude of an INTEGER's content octets.
fn integer_magnitude(content: &[u8]) -> Result<Vec<u8>, Error> {
    if content.is_empty() || content.len() > 21 || content[0] & 0x80 != 0 {
        return Err(Error::malformed("CRL", "bad CRLNumber / BaseCRLNumber"));
    }
    let start = content
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(content.len());
    Ok(content[start..].to_vec())
}

fn cmp_magnitude(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    (a.len(), a).cmp(&(b.len(), b))
}

fn integer_ext(value: &[u8]) -> Result<Vec<u8>, Error> {
    let (tlv, rest) = asn1::split_tlv("CRL", value)?;
    if tlv.tag != 0x02 || !rest.is_empty() {
        return Err(Error::malformed("CRL", "extension is not an INTEGER"));
    }
    integer_magnitude(tlv.content)
}

/// Parse the IssuingDistributionPoint flags we act on.
///
/// ```text
/// IssuingDistributionPoint ::= SEQUENCE {
///      distributionPoint          [0] DistributionPointName OPTIONAL,
///      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///      onlySomeReasons            [3] ReasonFlags OPTIONAL,
///      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// ```
/// Returns the scope, or why the CRL is unusable (partitioned by reason, indirect or
/// attribute-certificate CRLs are not supported: a CRL that may be incomplete for a
/// certificate must not be taken as complete).
fn idp_scope(value: &[u8]) -> Result<Result<Scope, String>, Error> {
    let (seq, rest) = asn1::split_tlv("CRL", value)?;
    if seq.tag != 0x30 || !rest.is_empty() {
        return Err(Error::malformed("CRL", "bad issuingDistributionPoint"));
    }
    let mut scope = Scope::All;
    let mut body = seq.content;
    while !body.is_empty() {
        let (f, rest) = asn1::split_tlv("CRL", body)?;
        body = rest;
        let is_true = f.content == [0xff];
        match f.tag {
            0xa0 => {}
            0x81 if is_true => scope = Scope::UserCerts,
            0x82 if is_true => {
                if scope != Scope::All {
                    return Ok(Err(
                        "both onlyContainsUserCerts and onlyContainsCACerts".into()
                    ));
                }
                scope = Scope::CaCerts
            }
            0x83 => return Ok(Err("partitioned by reason (onlySomeReasons)".into())),
            0x84 if is_true => return Ok(Err("indirect CRLs are not supported".into())),
            0x85 if is_true => return Ok(Err("attribute-certificate CRL".into())),
            _ => {}
        }
    }
    Ok(Ok(scope))
}

/// The number of entries of the TBSCertList `tbs` (full TLV) by walking the
/// revokedCertificates headers only, stopping at `MAX_CRL_ENTRIES + 1`. `None` when the
/// structure is not as expected (the full parser then reports the error).
///
/// ```text
/// TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature AlgorithmIdentifier,
///   issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
///   revokedCertificates SEQUENCE OF SEQUENCE {...} OPTIONAL, crlExtensions [0] OPTIONAL }
/// ```
fn count_entries(tbs: &[u8]) -> Option<usize> {
    let (tbs, _) = asn1::split_tlv("CRL", tbs).ok()?;
    let mut rest = tbs.content;
    let mut next = || -> Option<asn1::Tlv<'_>> {
        let (t, r) = asn1::split_tlv("CRL", rest).ok()?;
        rest = r;
        Some(t)
    };
    let mut t = next()?;
    if t.tag == 0x02 {
        t = next()?; // version
    }
    t = if t.tag == 0x30 { next()? } else { return None }; // signature → issuer
    t = if t.tag == 0x30 { next()? } else { return None }; // issuer → thisUpdate
    if !matches!(t.tag, 0x17 | 0x18) {
        return None;
    }
    let mut t = next()?; // nextUpdate or revokedCertificates
    if matches!(t.tag, 0x17 | 0x18) {
        t = next()?;
    }
    if t.tag != 0x30 {
        return Some(0);
    }
    let mut entries = t.content;
    let mut n = 0usize;
    while !entries.is_empty() && n <= MAX_CRL_ENTRIES {
        let (_, r) = asn1::split_tlv("CRL", entries).ok()?;
        entries = r;
        n += 1;
    }
    Some(n)
}

impl ParsedCrl {
    /// Parse DER (limits: [`MAX_CRL_SIZE`], [`MAX_CRL_ENTRIES`]).
    pub fn from_der(der: &[u8]) -> Result<ParsedCrl, Error> {
        if der.len() > MAX_CRL_SIZE {
            return Err(Error::TooLarge {
                what: "CRL",
                size: der.len(),
                limit: MAX_CRL_SIZE,
            });
        }
        let parts = asn1::signed_parts("CRL", der)?;
        // Count the entries before x509-parser decodes (and allocates) every one of them.
        if let Some(n) = count_entries(parts.tbs) {
            if n > MAX_CRL_ENTRIES {
                return Err(Error::TooLarge {
                    what: "CRL entries",
                    size: n,
                    limit: MAX_CRL_ENTRIES,
                });
            }
        }
        let (rest, crl) = CertificateRevocationList::from_der(der)
            .map_err(|e| Error::malformed("CRL", format!("{e}")))?;
        if !rest.is_empty() {
            return Err(Error::malformed("CRL", "trailing data"));
        }
        let tbs = &crl.tbs_cert_list;
        let mut unusable = None;
        if tbs.revoked_certificates.len() > MAX_CRL_ENTRIES {
            return Err(Error::TooLarge {
                what: "CRL entries",
                size: tbs.revoked_certificates.len(),
                limit: MAX_CRL_ENTRIES,
            });
        }
        if parts.algorithm != asn1::tbs_signature_algorithm("CRL", parts.tbs)? {
            return Err(Error::malformed(
                "CRL",
                "inner and outer signature algorithms differ",
            ));
        }
        if tbs.version.is_some_and(|v| v.0 != 1) {
            return Err(Error::malformed("CRL", "version is not v2"));
        }
        let mut number = None;
        let mut delta_base = None;
        let mut idp_raw = None;
        let mut scope = Scope::All;
        let mut aki = None;
        let mut seen: Vec<String> = Vec::new();
        for ext in tbs.extensions() {
            let oid = ext.oid.to_id_string();
            if seen.contains(&oid) {
                return Err(Error::malformed(
                    "CRL",
                    format!("duplicate extension {oid}"),
                ));
            }
            seen.push(oid.clone());
            match oid.as_str() {
                "2.5.29.20" => number = Some(integer_ext(ext.value)?),
                "2.5.29.27" => delta_base = Some(integer_ext(ext.value)?),
                "2.5.29.28" => {
                    idp_raw = Some(ext.value.to_vec());
                    match idp_scope(ext.value)? {
                        Ok(s) => scope = s,
                        Err(why) => unusable = Some(why),
                    }
                }
                "2.5.29.35" => {
                    if let x509_parser::extensions::ParsedExtension::AuthorityKeyIdentifier(a) =
                        ext.parsed_extension()
                    {
                        aki = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                    }
                }
                _ => {
                    if ext.critical && !KNOWN_CRL_EXTENSIONS.contains(&oid.as_str()) {
                        unusable = Some(format!("unknown critical CRL extension {oid}"));
                    }
                }
            }
        }
        if delta_base.is_some() && number.is_none() {
            unusable = Some("delta CRL without cRLNumber".into());
        }
        let next_update = tbs.next_update.map(|t| t.timestamp());
        if next_update.is_none() {
            unusable = Some("no nextUpdate: freshness cannot be established".into());
        }
        let mut items = Vec::with_capacity(tbs.revoked_certificates.len());
        for entry in &tbs.revoked_certificates {
            let serial = entry.raw_serial();
            if serial.is_empty() || serial.len() > MAX_SERIAL_LEN {
                return Err(Error::malformed("CRL", "bad serial number in an entry"));
            }
            let mut reason = Reason::Unspecified as u8;
            for ext in entry.extensions() {
                let oid = ext.oid.to_id_string();
                if oid == "2.5.29.21" {
                    // ReasonCode ::= ENUMERATED
                    let (tlv, rest) = asn1::split_tlv("CRL", ext.value)?;
                    match (tlv.tag, tlv.content, rest.is_empty()) {
                        (0x0a, [v], true) if Reason::from_u8(*v).is_some() => reason = *v,
                        _ => return Err(Error::malformed("CRL", "bad reasonCode")),
                    }
                } else if ext.critical && !KNOWN_ENTRY_EXTENSIONS.contains(&oid.as_str()) {
                    unusable = Some(format!("unknown critical CRL entry extension {oid}"));
                }
            }
            if reason == Reason::RemoveFromCrl as u8 && delta_base.is_none() {
                return Err(Error::malformed("CRL", "removeFromCRL in a full CRL"));
            }
            items.push((serial, entry.revocation_date.timestamp(), reason));
        }
        let index = RevocationIndex::build(items)?;
        Ok(ParsedCrl {
            der_sha256: asn1::sha256(der),
            tbs: parts.tbs.to_vec(),
            algorithm: parts.algorithm,
            signature: parts.signature.to_vec(),
            issuer_raw: tbs.issuer.as_raw().to_vec(),
            issuer: tbs.issuer.to_string(),
            aki,
            this_update: tbs.this_update.timestamp(),
            next_update,
            number,
            delta_base,
            idp_raw,
            scope,
            index,
            unusable,
        })
    }

    /// The issuer Name DER.
    pub fn issuer_raw(&self) -> &[u8] {
        &self.issuer_raw
    }
    /// The issuer, RFC 4514.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    /// authorityKeyIdentifier keyIdentifier.
    pub fn aki(&self) -> Option<&[u8]> {
        self.aki.as_deref()
    }
    /// thisUpdate, unix seconds.
    pub fn this_update(&self) -> i64 {
        self.this_update
    }
    /// nextUpdate, unix seconds.
    pub fn next_update(&self) -> Option<i64> {
        self.next_update
    }
    /// True if this is a delta CRL.
    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.index.len()
    }
    /// True if no entries.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
    /// Look a serial up (no time or scope logic).
    pub fn lookup(&self, serial: &[u8]) -> Option<Entry> {
        self.index.lookup(serial)
    }
    /// SHA-256 of the DER.
    pub fn sha256(&self) -> &[u8; 32] {
        &self.der_sha256
    }

    /// Verify the signature against `issuer` and turn the CRL into a usable [`Crl`].
    ///
    /// Fails with [`Error::CrlRejected`]: `CRL_INVALID` if `issuer`'s subject is not the CRL
    /// issuer, the issuer lacks cRLSign, or the CRL is unusable (unknown critical extension,
    /// no nextUpdate, unsupported scope); `CRL_SIGNATURE_INVALID` if the signature does not
    /// verify.
    pub fn verify(self, issuer: &Certificate) -> Result<Crl, Error> {
        if issuer.subject_raw() != self.issuer_raw.as_slice() {
            return Err(reject(Code::CrlInvalid, "issuer name differs"));
        }
        if !issuer.allows_crl_sign() {
            return Err(reject(Code::CrlInvalid, "issuer certificate lacks cRLSign"));
        }
        match crate::algorithm::verify_signature(
            &self.algorithm,
            issuer.spki(),
            &self.tbs,
            &self.signature,
        ) {
            Ok(_) => {}
            Err(Error::UnsupportedAlgorithm { algorithm }) => {
                return Err(reject(
                    Code::CrlInvalid,
                    format!("unsupported algorithm {algorithm}"),
                ))
            }
            Err(e) => return Err(reject(Code::CrlSignatureInvalid, e.to_string())),
        }
        if let Some(why) = &self.unusable {
            return Err(reject(Code::CrlInvalid, why.clone()));
        }
        Ok(Crl {
            verified_by: asn1::sha256(issuer.spki()),
            next_update: self.next_update.unwrap_or(i64::MIN),
            parsed: self,
        })
    }
}

fn reject(code: Code, detail: impl Into<String>) -> Error {
    Error::CrlRejected {
        code: code.as_str(),
        detail: detail.into(),
    }
}

/// A CRL whose signature has been verified against its issuer's key.
#[derive(Debug, Clone)]
pub struct Crl {
    parsed: ParsedCrl,
    verified_by: [u8; 32],
    next_update: i64,
}

impl Crl {
    /// The parsed CRL.
    pub fn parsed(&self) -> &ParsedCrl {
        &self.parsed
    }
    /// SHA-256 of the SubjectPublicKeyInfo that verified the CRL.
    pub fn verified_by(&self) -> &[u8; 32] {
        &self.verified_by
    }
    /// True if the CRL covers `cert` (issued by the key that signed the CRL, same issuer
    /// name, in scope).
    pub fn covers(&self, cert: &Certificate, issuer_spki_sha256: &[u8; 32]) -> bool {
        self.verified_by == *issuer_spki_sha256
            && self.parsed.issuer_raw == cert.issuer_raw()
            && match self.parsed.scope {
                Scope::All => true,
                Scope::UserCerts => !cert.is_ca(),
                Scope::CaCerts => cert.is_ca(),
            }
    }
    /// True if usable at `at` (not past nextUpdate).
    pub fn fresh_at(&self, at: i64) -> bool {
        at <= self.next_update
    }
    /// The entries' heap size in bytes.
    pub fn index_heap_size(&self) -> usize {
        self.parsed.index.heap_size()
    }
}

/// What revocation checking concluded for one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not revoked at the time, per a fresh CRL (and delta where one applied).
    Good,
    /// Revoked at or before the time.
    Revoked(Entry),
    /// On hold at the time.
    OnHold(Entry),
    /// Only stale CRLs cover the certificate.
    Stale,
    /// No CRL covers the certificate.
    Unknown,
}

/// Decide the status of `cert` (issued by the key whose SPKI hashes to `issuer_key`) at
/// `at` from `crls`.
///
/// Picks the fresh full CRL with the highest CRLNumber (latest thisUpdate when numbers are
/// absent), then the fresh delta of the same issuer key and scope with the highest
/// CRLNumber whose BaseCRLNumber ≤ the full CRL's number and whose own number is greater.
pub fn status<'a>(
    crls: impl IntoIterator<Item = &'a Crl>,
    cert: &Certificate,
    issuer_key: &[u8; 32],
    at: i64,
) -> Status {
    let mut any_stale = false;
    let mut full: Option<&Crl> = None;
    let mut deltas: Vec<&Crl> = Vec::new();
    for crl in crls {
        if !crl.covers(cert, issuer_key) {
            continue;
        }
        if !crl.fresh_at(at) {
            any_stale = true;
            continue;
        }
        if crl.parsed.is_delta() {
            deltas.push(crl);
            continue;
        }
        let better = match full {
            None => true,
            Some(cur) => match (&crl.parsed.number, &cur.parsed.number) {
                (Some(a), Some(b)) => cmp_magnitude(a, b).is_gt(),
                _ => crl.parsed.this_update > cur.parsed.this_update,
            },
        };
        if better {
            full = Some(crl);
        }
    }
    let Some(full) = full else {
        return if any_stale {
            Status::Stale
        } else {
            Status::Unknown
        };
    };
    let delta = full.parsed.number.as_ref().and_then(|base_no| {
        deltas
            .into_iter()
            .filter(|d| {
                d.parsed.idp_raw == full.parsed.idp_raw
                    && d.parsed
                        .delta_base
                        .as_ref()
                        .is_some_and(|b| cmp_magnitude(b, base_no).is_le())
                    && d.parsed
                        .number
                        .as_ref()
                        .is_some_and(|n| cmp_magnitude(n, base_no).is_gt())
            })
            .max_by(|a, b| {
                cmp_magnitude(
                    a.parsed.number.as_deref().unwrap_or(&[]),
                    b.parsed.number.as_deref().unwrap_or(&[]),
                )
            })
    });
    let entry = match delta.and_then(|d| d.parsed.lookup(cert.serial())) {
        Some(e) if e.reason == Reason::RemoveFromCrl => None,
        Some(e) => Some(e),
        None => full.parsed.lookup(cert.serial()),
    };
    match entry {
        Some(e) if e.revocation_date <= at => {
            if e.reason == Reason::CertificateHold {
                Status::OnHold(e)
            } else {
                Status::Revoked(e)
            }
        }
        _ => Status::Good,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_orders_by_length_then_bytes() {
        let items = vec![
            (&[0x01, 0x00][..], 10, 1),
            (&[0x7f][..], 20, 6),
            (&[0x02][..], 30, 0),
            (&[0x00, 0x80][..], 40, 1),
        ];
        let idx = RevocationIndex::build(items).unwrap();
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.lookup(&[0x7f]).unwrap().reason, Reason::CertificateHold);
        assert_eq!(idx.lookup(&[0x02]).unwrap().revocation_date, 30);
        assert_eq!(idx.lookup(&[0x00, 0x80]).unwrap().revocation_date, 40);
        assert_eq!(idx.lookup(&[0x01, 0x00]).unwrap().revocation_date, 10);
        assert!(idx.lookup(&[0x03]).is_none());
        assert!(idx.lookup(&[0x01]).is_none());
        assert!(idx.lookup(&[]).is_none());
    }

    #[test]
    fn index_rejects_duplicates() {
        let items = vec![(&[0x05][..], 1, 0), (&[0x05][..], 2, 0)];
        assert!(RevocationIndex::build(items).is_err());
    }

    #[test]
    fn index_lookup_many() {
        let serials: Vec<Vec<u8>> = (1u32..5000)
            .map(|i| {
                i.to_be_bytes()
                    .iter()
                    .copied()
                    .skip_while(|b| *b == 0)
                    .collect()
            })
            .collect();
        let items = serials
            .iter()
            .filter(|s| s[0] < 0x80)
            .enumerate()
            .map(|(i, s)| (s.as_slice(), i as i64, 0u8))
            .collect();
        let idx = RevocationIndex::build(items).unwrap();
        for s in serials.iter().filter(|s| s[0] < 0x80) {
            assert!(idx.lookup(s).is_some());
        }
        assert!(idx.lookup(&[0x00]).is_none());
    }

    #[test]
    fn magnitudes_compare_numerically() {
        assert!(cmp_magnitude(
            &integer_magnitude(&[0x00, 0x80]).unwrap(),
            &integer_magnitude(&[0x7f]).unwrap()
        )
        .is_gt());
        assert!(integer_magnitude(&[0x80]).is_err());
    }
}
