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
//! ([RFC 5280 §5.1])
//!
//! A [`ParsedCrl`] is what the bytes say. A [`Crl`] is a parsed CRL whose signature has been
//! verified against an issuer certificate (which must have cRLSign when it has keyUsage):
//! only a [`Crl`] takes part in revocation checking, and it remembers the key (and the
//! certificate) that verified it. What a CRL means for a certificate — scope, deltas,
//! status at an instant, key rollover — is decided in `crate::revocation`, not here.
//!
//! Parsing is strict DER throughout. Beyond the structure, a CRL is *unusable* (rejected
//! with `CRL_INVALID` when it is added to a verifier) when it has no cRLNumber or a
//! critical one ([RFC 5280 §5.2.3]), no nextUpdate, an unknown critical CRL or entry
//! extension, or an issuingDistributionPoint this crate does not support (indirectCRL,
//! onlyContainsAttributeCerts). Malformed (refused at parse): anything the one Extensions
//! reader (`crate::extension`, shared with certificates) refuses in crlExtensions or
//! crlEntryExtensions — a duplicate extension, an explicitly encoded `critical FALSE`, an
//! empty Extensions, a non-DER extnID; more than [`MAX_CRL_EXTENSIONS`] /
//! [`MAX_CRL_ENTRY_EXTENSIONS`] is [`Error::TooLarge`] — a non-DER issuingDistributionPoint (a BOOLEAN other than `0xFF`, an
//! explicitly encoded FALSE, a non-minimal ReasonFlags, fields out of order, an empty
//! SEQUENCE, two onlyContains* flags), a malformed authorityKeyIdentifier, a serial listed
//! twice, `removeFromCRL` in a full CRL.
//!
//! [RFC 5280 §5.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.1
//! [RFC 5280 §5.2.3]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.3

use crate::asn1;
use crate::certificate::Certificate;
use crate::limits::{
    MAX_CRL_ENTRIES, MAX_CRL_ENTRY_EXTENSIONS, MAX_CRL_EXTENSIONS, MAX_CRL_SIZE, MAX_SERIAL_LEN,
};
use crate::oid::{self, ObjectIdentifier};
use crate::report::Code;
use crate::Error;

/// CRL entry reason codes ([RFC 5280 §5.3.1]).
///
/// [RFC 5280 §5.3.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
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
    pub(crate) fn from_u8(v: u8) -> Option<Reason> {
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
    /// revocationDate ([RFC 5280 §5.1.2.6]), UTC, whole seconds.
    ///
    /// [RFC 5280 §5.1.2.6]: https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.6
    pub revocation_date: crate::Time,
    /// The reason.
    pub reason: Reason,
}

/// A compact sorted index of revoked serials: one byte arena, u32 offsets, dates, reasons,
/// and (only when the CRL did not list its entries in order) a u32 permutation.
///
/// Serials are ordered by (length, bytes) of their DER INTEGER content octets (DER
/// encodings are minimal, so equal numbers have equal octets). Lookup is a binary search.
/// Built in place from the DER walk: no per-entry allocation, one exact-size allocation per
/// column.
#[derive(Debug, Clone, Default)]
pub struct RevocationIndex {
    arena: Vec<u8>,
    offsets: Vec<u32>,
    dates: Vec<i64>,
    reasons: Vec<u8>,
    /// Sorted order of the entries (indices into the columns); empty when they are in
    /// order already.
    order: Vec<u32>,
}

impl RevocationIndex {
    fn with_capacity(entries: usize, serial_bytes: usize) -> RevocationIndex {
        let mut offsets = Vec::with_capacity(entries + 1);
        offsets.push(0);
        RevocationIndex {
            arena: Vec::with_capacity(serial_bytes),
            offsets,
            dates: Vec::with_capacity(entries),
            reasons: Vec::with_capacity(entries),
            order: Vec::new(),
        }
    }

    fn push(&mut self, serial: &[u8], date: i64, reason: u8) -> Result<(), Error> {
        self.arena.extend_from_slice(serial);
        let off = u32::try_from(self.arena.len())
            .map_err(|_| Error::malformed("CRL", "index too large"))?;
        self.offsets.push(off);
        self.dates.push(date);
        self.reasons.push(reason);
        Ok(())
    }

    /// Sort (by a permutation, only if needed) and reject duplicate serials.
    fn finish(mut self) -> Result<RevocationIndex, Error> {
        let n = self.len();
        fn key(s: &RevocationIndex, i: usize) -> (usize, &[u8]) {
            let v = s.raw_serial(i);
            (v.len(), v)
        }
        let mut sorted = true;
        for i in 1..n {
            match key(&self, i - 1).cmp(&key(&self, i)) {
                core::cmp::Ordering::Less => {}
                core::cmp::Ordering::Equal => {
                    return Err(Error::malformed("CRL", "a serial number is listed twice"))
                }
                core::cmp::Ordering::Greater => {
                    sorted = false;
                    break;
                }
            }
        }
        if !sorted {
            self.order = self.sorted_order()?;
        }
        Ok(self)
    }

    /// Reject equal serials among `run` (positions, sorted by serial).
    fn check_no_duplicates(&self, run: &[u32]) -> Result<(), Error> {
        for w in run.windows(2) {
            if self.raw_serial(w[0] as usize) == self.raw_serial(w[1] as usize) {
                return Err(Error::malformed("CRL", "a serial number is listed twice"));
            }
        }
        Ok(())
    }

    /// The entries' positions in (length, bytes) order.
    ///
    /// Sorts packed u64 keys — serial length (6 bits), the first 36 bits of the serial,
    /// position (22 bits) — which is a plain integer sort without indirection, then sorts
    /// the (rare, for random serials) runs of equal prefixes by the whole serial. Fails if
    /// a serial is listed twice.
    fn sorted_order(&self) -> Result<Vec<u32>, Error> {
        const POS_BITS: u32 = 22;
        const POS_MASK: u64 = (1 << POS_BITS) - 1;
        let n = self.len();
        let full = |a: &u32, b: &u32| {
            let (x, y) = (self.raw_serial(*a as usize), self.raw_serial(*b as usize));
            (x.len(), x).cmp(&(y.len(), y))
        };
        if n > POS_MASK as usize || MAX_SERIAL_LEN >= 64 {
            let count = u32::try_from(n).map_err(|_| Error::malformed("CRL", "index too large"))?;
            let mut order: Vec<u32> = (0..count).collect();
            order.sort_unstable_by(full);
            self.check_no_duplicates(&order)?;
            return Ok(order);
        }
        let mut keys: Vec<u64> = Vec::with_capacity(n);
        for i in 0..n {
            let s = self.raw_serial(i);
            let mut prefix = 0u64;
            for j in 0..5 {
                prefix = (prefix << 8) | u64::from(s.get(j).copied().unwrap_or(0));
            }
            keys.push(((s.len() as u64) << 58) | ((prefix >> 4) << POS_BITS) | i as u64);
        }
        keys.sort_unstable();
        let mut order: Vec<u32> = Vec::with_capacity(n);
        order.extend(keys.iter().map(|k| (k & POS_MASK) as u32));
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && keys[end] >> POS_BITS == keys[start] >> POS_BITS {
                end += 1;
            }
            // Serials with different packed prefixes differ: only a run of equal prefixes
            // needs the whole serials compared (to order them and to find duplicates).
            if end - start > 1 {
                order[start..end].sort_unstable_by(full);
                self.check_no_duplicates(&order[start..end])?;
            }
            start = end;
        }
        Ok(order)
    }

    #[cfg(test)]
    fn build(items: Vec<(&[u8], i64, u8)>) -> Result<RevocationIndex, Error> {
        let total = items.iter().map(|i| i.0.len()).sum();
        let mut idx = RevocationIndex::with_capacity(items.len(), total);
        for (serial, date, reason) in items {
            idx.push(serial, date, reason)?;
        }
        idx.finish()
    }

    /// The serial of column position `i` (DER order).
    fn raw_serial(&self, i: usize) -> &[u8] {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        &self.arena[a..b]
    }

    /// Column position of the `rank`-th serial in sorted order.
    fn position(&self, rank: usize) -> usize {
        if self.order.is_empty() {
            rank
        } else {
            self.order[rank] as usize
        }
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
            let pos = self.position(mid);
            let s = self.raw_serial(pos);
            match (s.len(), s).cmp(&(serial.len(), serial)) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => {
                    return Some(Entry {
                        revocation_date: asn1::time_from_unix(self.dates[pos]),
                        reason: Reason::from_u8(self.reasons[pos]).unwrap_or(Reason::Unspecified),
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
            + self.order.capacity() * 4
    }
}

/// Every reason of [RFC 5280 §5.3.1] as ReasonFlags bits (`1 << n` for named bit `n`):
/// keyCompromise (1) … aACompromise (8); bit 0 (`unused`) is not a reason.
///
/// [RFC 5280 §5.3.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
pub const ALL_REASONS: u16 = 0x1fe;

/// One GeneralName ([RFC 5280 §4.2.1.6]), kept as its context tag octet and content octets
/// (for `directoryName [4]`, the content is the Name's DER).
///
/// ```text
/// GeneralName ::= CHOICE {
///      otherName                 [0]  AnotherName,
///      rfc822Name                [1]  IA5String,
///      dNSName                   [2]  IA5String,
///      x400Address               [3]  ORAddress,
///      directoryName             [4]  Name,
///      ediPartyName              [5]  EDIPartyName,
///      uniformResourceIdentifier [6]  IA5String,
///      iPAddress                 [7]  OCTET STRING,
///      registeredID              [8]  OBJECT IDENTIFIER }
/// ```
///
/// [RFC 5280 §4.2.1.6]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneralName {
    /// The context-specific tag octet (`0x86` for a URI, `0xa4` for a directoryName, ...).
    pub tag: u8,
    /// The content octets.
    pub value: Vec<u8>,
}

impl GeneralName {
    /// The URI, if this is a uniformResourceIdentifier.
    pub fn uri(&self) -> Option<&str> {
        (self.tag == 0x86)
            .then(|| core::str::from_utf8(&self.value).ok())
            .flatten()
    }
}

/// ```text
/// DistributionPointName ::= CHOICE {
///      fullName                [0]     GeneralNames,
///      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
/// ```
/// ([RFC 5280 §4.2.1.13])
///
/// [RFC 5280 §4.2.1.13]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistributionPointName {
    /// fullName.
    FullName(Vec<GeneralName>),
    /// nameRelativeToCRLIssuer: not supported (never matched, so a CRL or distribution
    /// point named this way proves nothing about scope).
    RelativeToIssuer,
}

impl DistributionPointName {
    /// True if both are full names and share a GeneralName ([RFC 5280 §6.3.3] (b)(2)(i):
    /// "one of the names in the IDP matches one of the names in the DP"). Names are
    /// compared as tag and content octets: a URI byte for byte, a directoryName as DER.
    ///
    /// [RFC 5280 §6.3.3]: https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    pub fn matches(&self, other: &DistributionPointName) -> bool {
        match (self, other) {
            (DistributionPointName::FullName(a), DistributionPointName::FullName(b)) => {
                a.iter().any(|x| b.contains(x))
            }
            _ => false,
        }
    }
}

/// One DistributionPoint of a certificate's cRLDistributionPoints ([RFC 5280 §4.2.1.13]).
///
/// ```text
/// DistributionPoint ::= SEQUENCE {
///      distributionPoint       [0]     DistributionPointName OPTIONAL,
///      reasons                 [1]     ReasonFlags OPTIONAL,
///      cRLIssuer               [2]     GeneralNames OPTIONAL }
/// ```
///
/// [RFC 5280 §4.2.1.13]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionPoint {
    /// distributionPoint.
    pub name: Option<DistributionPointName>,
    /// reasons (ReasonFlags bits, see [`ALL_REASONS`]); `None` = all reasons.
    pub reasons: Option<u16>,
    /// cRLIssuer: the CRL comes from another issuer (an indirect CRL, not supported).
    pub crl_issuer: Option<Vec<GeneralName>>,
}

/// The issuingDistributionPoint of a CRL ([RFC 5280 §5.2.5]): which certificates and reasons
/// it covers.
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
///
/// [RFC 5280 §5.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.5
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssuingDistributionPoint {
    /// distributionPoint: the CRL covers only certificates naming it in their
    /// cRLDistributionPoints.
    pub distribution_point: Option<DistributionPointName>,
    /// onlyContainsUserCerts.
    pub only_user_certs: bool,
    /// onlyContainsCACerts.
    pub only_ca_certs: bool,
    /// onlySomeReasons (ReasonFlags bits); `None` = all reasons.
    pub only_some_reasons: Option<u16>,
    /// indirectCRL (not supported: such a CRL is rejected).
    pub indirect_crl: bool,
    /// onlyContainsAttributeCerts (such a CRL is rejected: it covers no certificate).
    pub only_attribute_certs: bool,
}

/// A CRL as parsed, before its signature is checked.
#[derive(Debug, Clone)]
pub struct ParsedCrl {
    der_sha256: [u8; 32],
    /// A copy of the signed bytes, kept by [`ParsedCrl::from_der`] for
    /// [`ParsedCrl::verify`]; `None` when parsed for [`Crl::from_der_verified`] (which
    /// checks the signature on the caller's bytes, without a copy).
    signed: Option<Box<SignedCopy>>,
    algorithm: crate::algorithm::AlgorithmIdentifier,
    issuer_raw: Vec<u8>,
    issuer: String,
    aki: Option<Vec<u8>>,
    this_update: i64,
    next_update: Option<i64>,
    number: Option<Vec<u8>>,
    delta_base: Option<Vec<u8>>,
    idp_raw: Option<Vec<u8>>,
    idp: Option<IssuingDistributionPoint>,
    index: RevocationIndex,
    /// Why the CRL cannot be used even if its signature verifies (unknown critical
    /// extension, unsupported scope, no nextUpdate).
    unusable: Option<String>,
}

#[derive(Debug, Clone)]
struct SignedCopy {
    tbs: Vec<u8>,
    signature: Vec<u8>,
}

/// The CRL extensions this crate understands ([RFC 5280 §5.2]); any other one marked
/// critical makes the CRL unusable.
///
/// [RFC 5280 §5.2]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2
const KNOWN_CRL_EXTENSIONS: &[ObjectIdentifier] = &[
    oid::ID_CE_AUTHORITY_KEY_IDENTIFIER,
    oid::ID_CE_CRL_NUMBER,
    oid::ID_CE_DELTA_CRL_INDICATOR,
    oid::ID_CE_ISSUING_DISTRIBUTION_POINT,
    oid::ID_CE_FRESHEST_CRL,
    oid::ID_CE_ISSUER_ALT_NAME,
    oid::ID_PE_AUTHORITY_INFO_ACCESS,
];
/// The CRL entry extensions this crate understands ([RFC 5280 §5.3]).
///
/// [RFC 5280 §5.3]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3
const KNOWN_ENTRY_EXTENSIONS: &[ObjectIdentifier] = &[
    oid::ID_CE_CRL_REASONS,
    oid::ID_CE_INVALIDITY_DATE,
    oid::ID_CE_HOLD_INSTRUCTION_CODE,
];

/// True when the extnID content octets `content` are one of `known`.
fn is_known(known: &[ObjectIdentifier], content: &[u8]) -> bool {
    known.iter().any(|k| k.as_bytes() == content)
}

/// Normalised unsigned big-endian magnitude of an INTEGER's content octets.
fn integer_magnitude(content: &[u8]) -> Result<Vec<u8>, Error> {
    // Non-negative, at most 20 octets of magnitude (RFC 5280 §5.2.3), minimal (X.690 §8.3.2).
    if content.is_empty()
        || content.len() > 21
        || content[0] & 0x80 != 0
        || (content.len() > 1 && content[0] == 0 && content[1] & 0x80 == 0)
    {
        return Err(Error::malformed("CRL", "bad CRLNumber / BaseCRLNumber"));
    }
    let start = content
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(content.len());
    Ok(content[start..].to_vec())
}

pub(crate) fn cmp_magnitude(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    (a.len(), a).cmp(&(b.len(), b))
}

fn integer_ext(value: &[u8]) -> Result<Vec<u8>, Error> {
    let (tlv, rest) = asn1::split_tlv("CRL", value)?;
    if tlv.tag != 0x02 || !rest.is_empty() {
        return Err(Error::malformed("CRL", "extension is not an INTEGER"));
    }
    integer_magnitude(tlv.content)
}

/// Dotted OID for messages.
fn oid_text(oid: &[u8]) -> String {
    asn1::oid_string("CRL", oid).unwrap_or_else(|_| format!("0x{}", asn1::hex(oid)))
}

/// Most GeneralNames read in one GeneralNames, and most DistributionPoints in one
/// cRLDistributionPoints.
const MAX_GENERAL_NAMES: usize = 16;

/// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (the content octets; the
/// SEQUENCE tag is implicit where it is used). Strict: each GeneralName a context-specific
/// tag 0..8 of the right form, IA5String names ASCII, a directoryName exactly one Name
/// (SEQUENCE), at most [`MAX_GENERAL_NAMES`].
pub(crate) fn general_names(
    what: &'static str,
    mut body: &[u8],
) -> Result<Vec<GeneralName>, Error> {
    if body.is_empty() {
        return Err(Error::malformed(what, "empty GeneralNames"));
    }
    let mut out = Vec::new();
    while !body.is_empty() {
        let (gn, rest) = asn1::split_tlv(what, body)?;
        body = rest;
        if out.len() == MAX_GENERAL_NAMES {
            return Err(Error::TooLarge {
                what: "GeneralNames",
                size: out.len() + 1,
                limit: MAX_GENERAL_NAMES,
            });
        }
        let ok = match gn.tag {
            // rfc822Name, dNSName, uniformResourceIdentifier: IA5String.
            0x81 | 0x82 | 0x86 => gn.content.is_ascii(),
            // iPAddress, registeredID (primitive).
            0x87 | 0x88 => !gn.content.is_empty(),
            // directoryName [4] EXPLICIT Name.
            0xa4 => {
                matches!(asn1::split_tlv(what, gn.content), Ok((n, r)) if n.tag == 0x30 && r.is_empty())
            }
            // otherName: SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }.
            0xa0 => match asn1::split_tlv(what, gn.content) {
                Ok((oid, rest)) if oid.tag == 0x06 && !oid.content.is_empty() => {
                    matches!(asn1::split_tlv(what, rest), Ok((v, r)) if v.tag == 0xa0 && r.is_empty())
                }
                _ => false,
            },
            // x400Address, ediPartyName (constructed, not decoded).
            0xa3 | 0xa5 => !gn.content.is_empty(),
            _ => false,
        };
        if !ok {
            return Err(Error::malformed(what, "bad GeneralName"));
        }
        out.push(GeneralName {
            tag: gn.tag,
            value: gn.content.to_vec(),
        });
    }
    Ok(out)
}

/// The content of `[0] DistributionPointName` (explicitly tagged: it is a CHOICE).
fn distribution_point_name(
    what: &'static str,
    content: &[u8],
) -> Result<DistributionPointName, Error> {
    let (choice, rest) = asn1::split_tlv(what, content)?;
    if !rest.is_empty() {
        return Err(Error::malformed(what, "bad DistributionPointName"));
    }
    match choice.tag {
        0xa0 => Ok(DistributionPointName::FullName(general_names(
            what,
            choice.content,
        )?)),
        // nameRelativeToCRLIssuer [1] RelativeDistinguishedName (SET SIZE (1..MAX) OF
        // AttributeTypeAndValue, implicit): checked for shape, not used.
        0xa1 if relative_name_ok(what, choice.content) => {
            Ok(DistributionPointName::RelativeToIssuer)
        }
        _ => Err(Error::malformed(what, "bad DistributionPointName")),
    }
}

/// `AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }`, one or
/// more (the content of a RelativeDistinguishedName).
fn relative_name_ok(what: &'static str, mut body: &[u8]) -> bool {
    if body.is_empty() {
        return false;
    }
    while !body.is_empty() {
        let Ok((atv, rest)) = asn1::split_tlv(what, body) else {
            return false;
        };
        body = rest;
        let Ok((oid, value)) = asn1::split_tlv(what, atv.content) else {
            return false;
        };
        let one_value = matches!(asn1::split_tlv(what, value), Ok((_, r)) if r.is_empty());
        if atv.tag != 0x30
            || oid.tag != 0x06
            || crate::encoding::check_oid(oid.content).is_err()
            || !one_value
        {
            return false;
        }
    }
    true
}

/// `ReasonFlags ::= BIT STRING` ([RFC 5280 §4.2.1.13]) in DER (X.690 §11.2: unused bits
/// zero, no trailing zero bit in a named bit list) as bits `1 << n`; bits past
/// aACompromise (8) are refused.
///
/// [RFC 5280 §4.2.1.13]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13
fn reason_flags(what: &'static str, content: &[u8]) -> Result<u16, Error> {
    let bad = || Error::malformed(what, "bad ReasonFlags");
    let (&unused, data) = content.split_first().ok_or_else(bad)?;
    if unused > 7 || data.len() > 2 {
        return Err(bad());
    }
    match data.last() {
        None if unused != 0 => return Err(bad()),
        // Unused bits must be zero, and the last used bit one (trailing zeros removed).
        Some(last) if last & ((1u8 << unused) - 1) != 0 || (last >> unused) & 1 == 0 => {
            return Err(bad())
        }
        _ => {}
    }
    let flags = data.iter().enumerate().fold(0u16, |acc, (i, b)| {
        acc | (u16::from(b.reverse_bits()) << (8 * i))
    });
    if flags & !0x1ff != 0 {
        return Err(bad());
    }
    Ok(flags)
}

/// A `[n] IMPLICIT BOOLEAN DEFAULT FALSE` field present in the encoding: DER allows only
/// TRUE (`0xFF`) there (X.690 §11.1; §11.5: a DEFAULT value is never encoded).
fn default_false_boolean(what: &'static str, content: &[u8], field: &str) -> Result<bool, Error> {
    match content {
        [0xff] => Ok(true),
        [0x00] => Err(Error::malformed(
            what,
            format!("{field} FALSE encoded explicitly (DEFAULT, not DER)"),
        )),
        _ => Err(Error::malformed(what, format!("{field}: bad BOOLEAN"))),
    }
}

/// Parse an IssuingDistributionPoint extension value (see [`IssuingDistributionPoint`]).
///
/// Strict DER: fields in order, each at most once; BOOLEANs only as `0xFF` (FALSE is the
/// DEFAULT and is omitted); ReasonFlags minimal; not an empty SEQUENCE ([RFC 5280 §5.2.5]:
/// "conforming CRL issuers MUST NOT issue CRLs where the DER encoding of the issuing
/// distribution point extension is an empty sequence"); at most one of the onlyContains*
/// flags ("at most one of onlyContainsUserCerts, onlyContainsCACerts, and
/// onlyContainsAttributeCerts may be set to TRUE").
///
/// [RFC 5280 §5.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.5
pub(crate) fn issuing_distribution_point(value: &[u8]) -> Result<IssuingDistributionPoint, Error> {
    let bad = |d: &str| Error::malformed("CRL", format!("issuingDistributionPoint: {d}"));
    let (seq, rest) = asn1::split_tlv("CRL", value)?;
    if seq.tag != 0x30 || !rest.is_empty() {
        return Err(bad("not one SEQUENCE"));
    }
    if seq.content.is_empty() {
        return Err(bad("empty SEQUENCE"));
    }
    let mut idp = IssuingDistributionPoint::default();
    let mut last: i32 = -1;
    let mut body = seq.content;
    while !body.is_empty() {
        let (f, rest) = asn1::split_tlv("CRL", body)?;
        body = rest;
        let number = i32::from(f.tag & 0x1f);
        if f.tag & 0xc0 != 0x80 || number <= last {
            return Err(bad("unexpected or repeated field"));
        }
        last = number;
        match f.tag {
            0xa0 => idp.distribution_point = Some(distribution_point_name("CRL", f.content)?),
            0x81 => {
                idp.only_user_certs =
                    default_false_boolean("CRL", f.content, "onlyContainsUserCerts")?
            }
            0x82 => {
                idp.only_ca_certs = default_false_boolean("CRL", f.content, "onlyContainsCACerts")?
            }
            0x83 => idp.only_some_reasons = Some(reason_flags("CRL", f.content)?),
            0x84 => idp.indirect_crl = default_false_boolean("CRL", f.content, "indirectCRL")?,
            0x85 => {
                idp.only_attribute_certs =
                    default_false_boolean("CRL", f.content, "onlyContainsAttributeCerts")?
            }
            _ => return Err(bad("unexpected field")),
        }
    }
    let flags = [
        idp.only_user_certs,
        idp.only_ca_certs,
        idp.only_attribute_certs,
    ];
    if flags.iter().filter(|f| **f).count() > 1 {
        return Err(bad("more than one onlyContains* flag"));
    }
    Ok(idp)
}

/// Parse a cRLDistributionPoints extension value ([RFC 5280 §4.2.1.13]):
/// `CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint`. Each
/// DistributionPoint has a distributionPoint or a cRLIssuer ("MUST NOT consist of only the
/// reasons field").
///
/// [RFC 5280 §4.2.1.13]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13
pub fn crl_distribution_points(value: &[u8]) -> Result<Vec<DistributionPoint>, Error> {
    const WHAT: &str = "cRLDistributionPoints";
    let bad = |d: &str| Error::malformed(WHAT, d.to_owned());
    let (seq, rest) = asn1::split_tlv(WHAT, value)?;
    if seq.tag != 0x30 || !rest.is_empty() || seq.content.is_empty() {
        return Err(bad("not one non-empty SEQUENCE"));
    }
    let mut out = Vec::new();
    let mut body = seq.content;
    while !body.is_empty() {
        let (dp, rest) = asn1::split_tlv(WHAT, body)?;
        body = rest;
        if dp.tag != 0x30 {
            return Err(bad("DistributionPoint is not a SEQUENCE"));
        }
        if out.len() == MAX_GENERAL_NAMES {
            return Err(Error::TooLarge {
                what: "cRLDistributionPoints",
                size: out.len() + 1,
                limit: MAX_GENERAL_NAMES,
            });
        }
        let mut point = DistributionPoint {
            name: None,
            reasons: None,
            crl_issuer: None,
        };
        let mut last: i32 = -1;
        let mut fields = dp.content;
        while !fields.is_empty() {
            let (f, rest) = asn1::split_tlv(WHAT, fields)?;
            fields = rest;
            let number = i32::from(f.tag & 0x1f);
            if number <= last {
                return Err(bad("unexpected or repeated field"));
            }
            last = number;
            match f.tag {
                0xa0 => point.name = Some(distribution_point_name(WHAT, f.content)?),
                0x81 => point.reasons = Some(reason_flags(WHAT, f.content)?),
                0xa2 => point.crl_issuer = Some(general_names(WHAT, f.content)?),
                _ => return Err(bad("unexpected field")),
            }
        }
        if point.name.is_none() && point.crl_issuer.is_none() {
            return Err(bad(
                "DistributionPoint without distributionPoint or cRLIssuer",
            ));
        }
        out.push(point);
    }
    Ok(out)
}

/// A DER Time as unix seconds ([`asn1::der_time`]).
fn parse_time(tag: u8, c: &[u8]) -> Result<i64, Error> {
    asn1::der_time(tag, c)
        .ok_or_else(|| Error::malformed("CRL", "bad time (UTCTime / GeneralizedTime)"))
}

fn parse_time_tlv(t: asn1::Tlv<'_>) -> Result<i64, Error> {
    parse_time(t.tag, t.content)
}

/// The fields of a TBSCertList, split but not yet interpreted.
struct TbsFields<'a> {
    issuer: &'a [u8],
    this_update: i64,
    next_update: Option<i64>,
    /// Content of revokedCertificates (empty when absent).
    revoked: &'a [u8],
    /// The crlExtensions `Extensions` TLV (inside `[0] EXPLICIT`), if present.
    extensions: Option<&'a [u8]>,
}

fn split_tbs(tbs: &[u8]) -> Result<TbsFields<'_>, Error> {
    let (seq, _) = asn1::split_tlv("CRL", tbs)?;
    let mut body = seq.content;
    fn next<'a>(body: &mut &'a [u8]) -> Result<Option<asn1::Tlv<'a>>, Error> {
        if body.is_empty() {
            return Ok(None);
        }
        let (t, rest) = asn1::split_tlv("CRL", body)?;
        *body = rest;
        Ok(Some(t))
    }
    let missing = || Error::malformed("CRL", "TBSCertList is incomplete");
    let mut t = next(&mut body)?.ok_or_else(missing)?;
    if t.tag == 0x02 {
        if t.content != [0x01] {
            return Err(Error::malformed("CRL", "version is not v2"));
        }
        t = next(&mut body)?.ok_or_else(missing)?;
    }
    if t.tag != 0x30 {
        return Err(Error::malformed("CRL", "bad signature AlgorithmIdentifier"));
    }
    let issuer = next(&mut body)?.ok_or_else(missing)?;
    if issuer.tag != 0x30 {
        return Err(Error::malformed("CRL", "issuer is not a Name"));
    }
    let this_update = parse_time_tlv(next(&mut body)?.ok_or_else(missing)?)?;
    let mut fields = TbsFields {
        issuer: issuer.whole,
        this_update,
        next_update: None,
        revoked: &[],
        extensions: None,
    };
    let mut t = next(&mut body)?;
    if let Some(tlv) = t.filter(|x| x.tag == 0x17 || x.tag == 0x18) {
        fields.next_update = Some(parse_time_tlv(tlv)?);
        t = next(&mut body)?;
    }
    if let Some(tlv) = t.filter(|x| x.tag == 0x30) {
        fields.revoked = tlv.content;
        t = next(&mut body)?;
    }
    if let Some(tlv) = t.filter(|x| x.tag == 0xa0) {
        fields.extensions = Some(tlv.content);
        t = next(&mut body)?;
    }
    if t.is_some() {
        return Err(Error::malformed("CRL", "unexpected field in TBSCertList"));
    }
    Ok(fields)
}

/// Walk the revokedCertificates once without allocating: count the entries and their
/// serial bytes (so the index columns are allocated once, at their exact size).
fn count_entries(mut body: &[u8]) -> Result<(usize, usize), Error> {
    let (mut n, mut bytes) = (0usize, 0usize);
    while !body.is_empty() {
        let (entry, rest) = asn1::split_tlv("CRL", body)?;
        body = rest;
        let (serial, _) = asn1::split_tlv("CRL", entry.content)?;
        n += 1;
        if n > MAX_CRL_ENTRIES {
            return Err(Error::TooLarge {
                what: "CRL entries",
                size: n,
                limit: MAX_CRL_ENTRIES,
            });
        }
        bytes += serial.content.len();
    }
    Ok((n, bytes))
}

/// (serial, revocation date, reason, OID of an unknown critical extension).
type ParsedEntry<'a> = (&'a [u8], i64, u8, Option<&'a [u8]>);

/// One revokedCertificates entry:
/// `SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions Extensions OPTIONAL }`.
/// Returns (serial, date, reason, unknown critical extension OID if any).
fn parse_entry(entry: asn1::Tlv<'_>) -> Result<ParsedEntry<'_>, Error> {
    if entry.tag != 0x30 {
        return Err(Error::malformed("CRL", "bad revokedCertificates entry"));
    }
    let (serial, rest) = asn1::split_tlv("CRL", entry.content)?;
    let s = serial.content;
    if serial.tag != 0x02 || s.is_empty() || s.len() > MAX_SERIAL_LEN {
        return Err(Error::malformed("CRL", "bad serial number in an entry"));
    }
    if s.len() > 1 && ((s[0] == 0 && s[1] & 0x80 == 0) || (s[0] == 0xff && s[1] & 0x80 != 0)) {
        return Err(Error::malformed(
            "CRL",
            "non-minimal serial number in an entry",
        ));
    }
    let (date, rest) = asn1::split_tlv("CRL", rest)?;
    let date = parse_time_tlv(date)?;
    let mut reason = Reason::Unspecified as u8;
    let mut unknown_critical = None;
    if !rest.is_empty() {
        // crlEntryExtensions: the field is the Extensions SEQUENCE itself; nothing after.
        crate::extension::for_each(
            "CRL",
            "CRL entry extensions",
            rest,
            MAX_CRL_ENTRY_EXTENSIONS,
            |ext| {
                if ext.oid == oid::ID_CE_CRL_REASONS.as_bytes() {
                    // ReasonCode ::= ENUMERATED
                    let (tlv, rest) = asn1::split_tlv("CRL", ext.value)?;
                    match (tlv.tag, tlv.content, rest.is_empty()) {
                        (0x0a, [v], true) if Reason::from_u8(*v).is_some() => reason = *v,
                        _ => return Err(Error::malformed("CRL", "bad reasonCode")),
                    }
                } else if ext.critical && !is_known(KNOWN_ENTRY_EXTENSIONS, ext.oid) {
                    unknown_critical = Some(ext.oid);
                }
                Ok(())
            },
        )?;
    }
    Ok((s, date, reason, unknown_critical))
}

impl ParsedCrl {
    /// Parse DER (limits: [`MAX_CRL_SIZE`], [`MAX_CRL_ENTRIES`]). Keeps a copy of the
    /// signed bytes for [`ParsedCrl::verify`]; [`Crl::from_der_verified`] parses and
    /// verifies without that copy.
    pub fn from_der(der: &[u8]) -> Result<ParsedCrl, Error> {
        let mut parsed = ParsedCrl::parse(der)?;
        let parts = asn1::signed_parts("CRL", der)?;
        parsed.signed = Some(Box::new(SignedCopy {
            tbs: parts.tbs.to_vec(),
            signature: parts.signature.to_vec(),
        }));
        Ok(parsed)
    }

    /// Parse DER without keeping the signed bytes: a streaming strict-DER walk of the
    /// entries straight into the [`RevocationIndex`].
    pub(crate) fn parse(der: &[u8]) -> Result<ParsedCrl, Error> {
        if der.len() > MAX_CRL_SIZE {
            return Err(Error::TooLarge {
                what: "CRL",
                size: der.len(),
                limit: MAX_CRL_SIZE,
            });
        }
        let parts = asn1::signed_parts("CRL", der)?;
        let inner = asn1::tbs_signature_algorithm("CRL", parts.tbs)?;
        if !crate::algorithm::same_signature_algorithm(&inner, &parts.algorithm) {
            return Err(Error::malformed(
                "CRL",
                "inner and outer signature algorithms differ",
            ));
        }
        let tbs = split_tbs(parts.tbs)?;
        let (issuer_tlv, issuer_rest) = asn1::split_tlv("CRL", tbs.issuer)?;
        if !issuer_rest.is_empty() {
            return Err(Error::malformed("CRL", "bad issuer name"));
        }
        let issuer_name = crate::name::parse("CRL", issuer_tlv, |_| {})?;
        let mut unusable = None;
        let mut number = None;
        let mut delta_base = None;
        let mut idp_raw = None;
        let mut idp = None;
        let mut number_critical = false;
        let mut aki = None;
        if let Some(list) = tbs.extensions {
            crate::extension::for_each("CRL", "CRL extensions", list, MAX_CRL_EXTENSIONS, |ext| {
                let is = |o: ObjectIdentifier| ext.oid == o.as_bytes();
                match ext.oid {
                    _ if is(oid::ID_CE_CRL_NUMBER) => {
                        number = Some(integer_ext(ext.value)?);
                        number_critical = ext.critical;
                    }
                    _ if is(oid::ID_CE_DELTA_CRL_INDICATOR) => {
                        delta_base = Some(integer_ext(ext.value)?)
                    }
                    _ if is(oid::ID_CE_ISSUING_DISTRIBUTION_POINT) => {
                        let parsed = issuing_distribution_point(ext.value)?;
                        if parsed.indirect_crl {
                            unusable = Some("indirect CRLs (indirectCRL) are not supported".into());
                        } else if parsed.only_attribute_certs {
                            unusable = Some(
                                "an attribute-certificate CRL (onlyContainsAttributeCerts)".into(),
                            );
                        }
                        idp_raw = Some(ext.value.to_vec());
                        idp = Some(parsed);
                    }
                    _ if is(oid::ID_CE_AUTHORITY_KEY_IDENTIFIER) => {
                        aki = crate::tbs::authority_key_identifier(ext.value)
                            .map_err(|e| Error::malformed("CRL", format!("{e}")))?
                            .map(<[u8]>::to_vec)
                    }
                    oid => {
                        if ext.critical && !is_known(KNOWN_CRL_EXTENSIONS, oid) {
                            unusable =
                                Some(format!("unknown critical CRL extension {}", oid_text(oid)));
                        }
                    }
                }
                Ok(())
            })?;
        }
        // RFC 5280 §5.2.3: "CRL issuers conforming to this profile MUST include this
        // extension in all CRLs and MUST mark this extension as non-critical." Without it,
        // CRLs of one scope cannot be ordered, nor a delta tied to its base.
        if number.is_none() {
            unusable = Some("no cRLNumber (RFC 5280 §5.2.3 requires it)".into());
        } else if number_critical {
            unusable = Some("cRLNumber marked critical (RFC 5280 §5.2.3)".into());
        }
        if tbs.next_update.is_none() {
            unusable = Some("no nextUpdate: freshness cannot be established".into());
        }
        let (entries, serial_bytes) = count_entries(tbs.revoked)?;
        let mut index = RevocationIndex::with_capacity(entries, serial_bytes);
        let mut body = tbs.revoked;
        while !body.is_empty() {
            let (e, rest) = asn1::split_tlv("CRL", body)?;
            body = rest;
            let (serial, date, reason, unknown) = parse_entry(e)?;
            if let Some(oid) = unknown {
                unusable = Some(format!(
                    "unknown critical CRL entry extension {}",
                    oid_text(oid)
                ));
            }
            if reason == Reason::RemoveFromCrl as u8 && delta_base.is_none() {
                return Err(Error::malformed("CRL", "removeFromCRL in a full CRL"));
            }
            index.push(serial, date, reason)?;
        }
        let index = index.finish()?;
        Ok(ParsedCrl {
            der_sha256: asn1::sha256(der),
            signed: None,
            algorithm: parts.algorithm,
            issuer_raw: tbs.issuer.to_vec(),
            issuer: issuer_name.text,
            aki,
            this_update: tbs.this_update,
            next_update: tbs.next_update,
            number,
            delta_base,
            idp_raw,
            idp,
            index,
            unusable,
        })
    }

    /// The issuer Name DER.
    pub fn issuer_raw(&self) -> &[u8] {
        &self.issuer_raw
    }
    /// The issuer Name as display text, in the form of
    /// [`crate::certificate::Certificate::subject`] (not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    /// authorityKeyIdentifier keyIdentifier.
    pub fn aki(&self) -> Option<&[u8]> {
        self.aki.as_deref()
    }
    /// thisUpdate ([RFC 5280 §5.1.2.4]), UTC, whole seconds.
    ///
    /// [RFC 5280 §5.1.2.4]: https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.4
    pub fn this_update(&self) -> crate::Time {
        asn1::time_from_unix(self.this_update)
    }
    /// nextUpdate ([RFC 5280 §5.1.2.5]), UTC, whole seconds; `None` when absent (such a CRL
    /// is unusable).
    ///
    /// [RFC 5280 §5.1.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.5
    pub fn next_update(&self) -> Option<crate::Time> {
        self.next_update.map(asn1::time_from_unix)
    }
    /// thisUpdate, unix seconds (the crate's internal form).
    pub(crate) fn this_update_unix(&self) -> i64 {
        self.this_update
    }
    /// True if this is a delta CRL.
    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }
    /// cRLNumber, as the unsigned big-endian magnitude without leading zeros.
    pub fn number(&self) -> Option<&[u8]> {
        self.number.as_deref()
    }
    /// A delta CRL's BaseCRLNumber (deltaCRLIndicator), as [`ParsedCrl::number`].
    pub fn delta_base(&self) -> Option<&[u8]> {
        self.delta_base.as_deref()
    }
    /// The issuingDistributionPoint, if any.
    pub fn idp(&self) -> Option<&IssuingDistributionPoint> {
        self.idp.as_ref()
    }
    /// The issuingDistributionPoint extension value DER, if any: CRLs with equal values
    /// (and the same issuer) have the same scope, and only their cRLNumbers compare
    /// ([RFC 5280 §5.2.3]).
    ///
    /// [RFC 5280 §5.2.3]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.3
    pub fn idp_der(&self) -> Option<&[u8]> {
        self.idp_raw.as_deref()
    }
    /// Why the CRL cannot be used even if its signature verifies, if it cannot.
    pub fn unusable_reason(&self) -> Option<&str> {
        self.unusable.as_deref()
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
    pub fn verify(mut self, issuer: &Certificate) -> Result<Crl, Error> {
        let Some(signed) = self.signed.take() else {
            return Err(reject(Code::CrlInvalid, "the signed bytes were not kept"));
        };
        self.check(&signed.tbs, &signed.signature, issuer)?;
        Ok(self.into_crl(issuer))
    }

    /// Check `der` (the bytes this CRL was parsed from) against `issuer`: what
    /// [`ParsedCrl::verify`] checks, without consuming or copying.
    pub(crate) fn check_der(&self, der: &[u8], issuer: &Certificate) -> Result<(), Error> {
        let parts = asn1::signed_parts("CRL", der)?;
        self.check(parts.tbs, parts.signature, issuer)
    }

    fn check(&self, tbs: &[u8], signature: &[u8], issuer: &Certificate) -> Result<(), Error> {
        if !crate::name::names_match(issuer.subject_raw(), &self.issuer_raw) {
            return Err(reject(Code::CrlInvalid, "issuer name differs"));
        }
        if !issuer.allows_crl_sign() {
            return Err(reject(Code::CrlInvalid, "issuer certificate lacks cRLSign"));
        }
        match crate::algorithm::verify_signature(
            &self.algorithm,
            issuer.spki(),
            tbs,
            signature,
            &crate::algorithm::CoreBackend,
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
        self.usable()
    }

    /// `CRL_INVALID` with the reason when the CRL is unusable (see [`ParsedCrl::verify`]).
    pub(crate) fn usable(&self) -> Result<(), Error> {
        match &self.unusable {
            Some(why) => Err(reject(Code::CrlInvalid, why.clone())),
            None => Ok(()),
        }
    }

    /// True if `issuer` has the CRL's issuer name, may sign CRLs, and its key verifies the
    /// signature on `der` — whether or not the CRL is usable.
    pub(crate) fn signed_by(&self, der: &[u8], issuer: &Certificate) -> bool {
        let Ok(parts) = asn1::signed_parts("CRL", der) else {
            return false;
        };
        crate::name::names_match(issuer.subject_raw(), &self.issuer_raw)
            && issuer.allows_crl_sign()
            && crate::algorithm::verify_signature(
                &self.algorithm,
                issuer.spki(),
                parts.tbs,
                parts.signature,
                &crate::algorithm::CoreBackend,
            )
            .is_ok()
    }

    /// The [`Crl`], once [`ParsedCrl::check`] has passed for `issuer`.
    pub(crate) fn into_crl(mut self, issuer: &Certificate) -> Crl {
        self.signed = None;
        Crl {
            verified_by: *issuer.spki_sha256(),
            signer_sha256: *issuer.sha256(),
            next_update: self.next_update.unwrap_or(i64::MIN),
            parsed: self,
        }
    }
}

fn reject(code: Code, detail: impl Into<String>) -> Error {
    Error::CrlRejected {
        code,
        detail: detail.into(),
    }
}

/// A CRL whose signature has been verified against its issuer's key.
#[derive(Debug, Clone)]
pub struct Crl {
    parsed: ParsedCrl,
    verified_by: [u8; 32],
    signer_sha256: [u8; 32],
    next_update: i64,
}

impl Crl {
    /// Parse `der` and verify its signature against `issuer` in one step, without copying
    /// the signed bytes: the peak memory of loading a CRL is the caller's DER plus the
    /// compact index. Same checks and errors as [`ParsedCrl::from_der`] then
    /// [`ParsedCrl::verify`].
    pub fn from_der_verified(der: &[u8], issuer: &Certificate) -> Result<Crl, Error> {
        let parsed = ParsedCrl::parse(der)?;
        parsed.check_der(der, issuer)?;
        Ok(parsed.into_crl(issuer))
    }

    /// The parsed CRL.
    pub fn parsed(&self) -> &ParsedCrl {
        &self.parsed
    }
    /// SHA-256 of the SubjectPublicKeyInfo that verified the CRL.
    pub fn verified_by(&self) -> &[u8; 32] {
        &self.verified_by
    }
    /// SHA-256 of the DER of the certificate whose key verified the CRL.
    pub fn signer_sha256(&self) -> &[u8; 32] {
        &self.signer_sha256
    }
    /// True if usable at `at`: not past nextUpdate (the whole second nextUpdate names
    /// included; `at`'s fraction of a second is dropped, as in
    /// [`Certificate::valid_at`]).
    pub fn fresh_at(&self, at: crate::Time) -> bool {
        at.unix_timestamp() <= self.next_update
    }
    /// The entries' heap size in bytes.
    pub fn index_heap_size(&self) -> usize {
        self.parsed.index.heap_size()
    }
}

impl Reason {
    /// The [RFC 5280 §5.3.1] name of the reason, as in the ASN.1 (`keyCompromise`,
    /// `cACompromise`, `removeFromCRL`, ...): the form reports and evidence checks use.
    ///
    /// ```text
    /// CRLReason ::= ENUMERATED {
    ///      unspecified             (0),
    ///      keyCompromise           (1),
    ///      cACompromise            (2),
    ///      affiliationChanged      (3),
    ///      superseded              (4),
    ///      cessationOfOperation    (5),
    ///      certificateHold         (6),
    ///           -- value 7 is not used
    ///      removeFromCRL           (8),
    ///      privilegeWithdrawn      (9),
    ///      aACompromise           (10) }
    /// ```
    ///
    /// [RFC 5280 §5.3.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
    pub fn name(self) -> &'static str {
        match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "keyCompromise",
            Reason::CaCompromise => "cACompromise",
            Reason::AffiliationChanged => "affiliationChanged",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessationOfOperation",
            Reason::CertificateHold => "certificateHold",
            Reason::RemoveFromCrl => "removeFromCRL",
            Reason::PrivilegeWithdrawn => "privilegeWithdrawn",
            Reason::AaCompromise => "aACompromise",
        }
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
        assert_eq!(
            idx.lookup(&[0x02])
                .unwrap()
                .revocation_date
                .unix_timestamp(),
            30
        );
        assert_eq!(
            idx.lookup(&[0x00, 0x80])
                .unwrap()
                .revocation_date
                .unix_timestamp(),
            40
        );
        assert_eq!(
            idx.lookup(&[0x01, 0x00])
                .unwrap()
                .revocation_date
                .unix_timestamp(),
            10
        );
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
    fn index_of_unordered_entries_uses_a_permutation() {
        let items = vec![
            (&[0x30][..], 3, 1),
            (&[0x10][..], 1, 6),
            (&[0x01, 0x00][..], 4, 0),
            (&[0x20][..], 2, 0),
        ];
        let idx = RevocationIndex::build(items).unwrap();
        assert_eq!(idx.order.len(), 4);
        assert_eq!(idx.lookup(&[0x10]).unwrap().reason, Reason::CertificateHold);
        assert_eq!(
            idx.lookup(&[0x20])
                .unwrap()
                .revocation_date
                .unix_timestamp(),
            2
        );
        assert_eq!(
            idx.lookup(&[0x30])
                .unwrap()
                .revocation_date
                .unix_timestamp(),
            3
        );
        assert_eq!(
            idx.lookup(&[0x01, 0x00])
                .unwrap()
                .revocation_date
                .unix_timestamp(),
            4
        );
        assert!(idx.lookup(&[0x15]).is_none());
        // In order: no permutation kept.
        let sorted = RevocationIndex::build(vec![(&[0x01][..], 0, 0), (&[0x02][..], 0, 0)]);
        assert!(sorted.unwrap().order.is_empty());
        // Duplicates are found in unordered input too.
        let dup = vec![
            (&[0x05][..], 1, 0),
            (&[0x03][..], 1, 0),
            (&[0x05][..], 2, 0),
        ];
        assert!(RevocationIndex::build(dup).is_err());
    }

    #[test]
    fn packed_sort_handles_shared_prefixes_and_mixed_lengths() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut rnd = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut serials: Vec<Vec<u8>> = Vec::new();
        for i in 0..3000u32 {
            let len = 1 + (rnd() % 20) as usize;
            let mut s: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
            if i % 3 == 0 {
                // A long shared prefix: the packed key cannot tell these apart.
                s = vec![0x11; 16];
                s.extend_from_slice(&i.to_be_bytes());
            }
            s[0] = (s[0] & 0x7f).max(1);
            if len > 1 && i % 3 != 0 && s[0] == 0 {
                s[0] = 1;
            }
            serials.push(s);
        }
        serials.sort();
        serials.dedup();
        // Shuffle (Fisher-Yates).
        for i in (1..serials.len()).rev() {
            let j = (rnd() % (i as u64 + 1)) as usize;
            serials.swap(i, j);
        }
        let items = serials
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_slice(), i as i64, 0u8))
            .collect();
        let idx = RevocationIndex::build(items).unwrap();
        assert_eq!(idx.order.len(), serials.len());
        for w in idx.order.windows(2) {
            let (a, b) = (idx.raw_serial(w[0] as usize), idx.raw_serial(w[1] as usize));
            assert!((a.len(), a) < (b.len(), b));
        }
        for (i, s) in serials.iter().enumerate() {
            assert_eq!(
                idx.lookup(s).unwrap().revocation_date.unix_timestamp(),
                i as i64
            );
        }
        let mut absent = vec![0x11; 16];
        absent.extend_from_slice(&1u32.to_be_bytes());
        assert!(idx.lookup(&absent).is_none());
        // A duplicate hidden among them is found.
        let mut dup: Vec<(&[u8], i64, u8)> =
            serials.iter().map(|s| (s.as_slice(), 0, 0u8)).collect();
        dup.push((serials[7].as_slice(), 0, 0));
        assert!(RevocationIndex::build(dup).is_err());
    }

    #[test]
    fn times_agree_with_the_time_crate() {
        let fmt_utc = time::macros::format_description!(
            "[year repr:last_two][month][day][hour][minute][second]Z"
        );
        let fmt_gen =
            time::macros::format_description!("[year][month][day][hour][minute][second]Z");
        let mut t = time::macros::datetime!(1950-01-01 00:00:00 UTC);
        let end = time::macros::datetime!(2100-03-01 00:00:00 UTC);
        while t < end {
            let g = t.format(&fmt_gen).unwrap();
            assert_eq!(
                parse_time(0x18, g.as_bytes()).unwrap(),
                t.unix_timestamp(),
                "{g}"
            );
            if t.year() < 2050 {
                let u = t.format(&fmt_utc).unwrap();
                assert_eq!(
                    parse_time(0x17, u.as_bytes()).unwrap(),
                    t.unix_timestamp(),
                    "{u}"
                );
            }
            t += time::Duration::seconds(86_400 * 7 + 3_661 * 5 + 17);
        }
        for bad in [
            &b"250230000000Z"[..],
            b"251301000000Z",
            b"250101240000Z",
            b"250101006000Z",
            b"250101000060Z",
            b"2501010000Z",
            b"250101000000+",
            b"25010100000aZ",
        ] {
            assert!(parse_time(0x17, bad).is_err(), "{bad:?}");
        }
        assert!(parse_time(0x18, b"20240229000000Z").is_ok());
        assert!(parse_time(0x18, b"21000229000000Z").is_err());
        assert!(parse_time(0x18, b"20240101000000.5Z").is_err());
        assert!(parse_time(0x04, b"240101000000Z").is_err());
    }

    #[test]
    fn entries_are_strict() {
        fn entry(bytes: &[u8]) -> Result<ParsedEntry<'_>, Error> {
            let (tlv, _) = asn1::split_tlv("t", bytes).unwrap();
            parse_entry(tlv)
        }
        let date = b"\x17\x0d250101000000Z";
        let mk = |serial: &[u8], exts: &[u8]| {
            let mut body = vec![0x02, serial.len() as u8];
            body.extend_from_slice(serial);
            body.extend_from_slice(date);
            body.extend_from_slice(exts);
            let mut v = vec![0x30, body.len() as u8];
            v.extend(body);
            v
        };
        let ok = mk(&[0x00, 0x80], &[]);
        assert_eq!(entry(&ok).unwrap().0, &[0x00, 0x80]);
        assert!(entry(&mk(&[0x00, 0x7f], &[])).is_err(), "non-minimal");
        assert!(entry(&mk(&[], &[])).is_err(), "empty serial");
        // reasonCode keyCompromise.
        let reason = [
            0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, 0x01,
        ];
        assert_eq!(entry(&mk(&[0x05], &reason)).unwrap().2, 1);
        // reasonCode 7 is not a reason.
        let mut bad = reason;
        bad[13] = 7;
        assert!(entry(&mk(&[0x05], &bad)).is_err());
        // The same extension twice.
        let twice = [
            0x30, 0x18, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, 0x01,
            0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, 0x01,
        ];
        assert!(entry(&mk(&[0x05], &twice)).is_err());
        // An unknown critical entry extension is reported, not fatal at parse time.
        let crit = [
            0x30, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x2a, 0x03, 0x05, 0x01, 0x01, 0xff, 0x04, 0x01,
            0x00,
        ];
        assert_eq!(
            entry(&mk(&[0x05], &crit)).unwrap().3,
            Some(&[0x2a, 0x03, 0x05][..])
        );
        // critical FALSE written out (the DEFAULT encoded, X.690 §11.5) and an empty
        // Extensions (SIZE (1..MAX)) are not DER: refused, as for certificates.
        let explicit_false = [
            0x30, 0x0f, 0x30, 0x0d, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x01, 0x01, 0x00, 0x04, 0x03,
            0x0a, 0x01, 0x01,
        ];
        assert!(entry(&mk(&[0x05], &explicit_false)).is_err());
        assert!(entry(&mk(&[0x05], &[0x30, 0x00])).is_err());
        // More than MAX_CRL_ENTRY_EXTENSIONS: refused.
        let mut many = Vec::new();
        for i in 0..=crate::limits::MAX_CRL_ENTRY_EXTENSIONS as u8 {
            many.extend([0x30, 0x07, 0x06, 0x03, 0x2a, 0x03, i, 0x04, 0x00]);
        }
        let mut list = vec![0x30, many.len() as u8];
        list.extend(many);
        assert!(matches!(
            entry(&mk(&[0x05], &list)),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn distribution_points_and_names() {
        // One DP: fullName [URI "a", directoryName (empty Name)], reasons keyCompromise,
        // then a DP with only a cRLIssuer.
        let cdp = [
            0x30, 0x1a, // CRLDistributionPoints
            0x30, 0x0f, 0xa0, 0x09, 0xa0, 0x07, 0x86, 0x01, b'a', 0xa4, 0x02, 0x30,
            0x00, // DP 1
            0x81, 0x02, 0x06, 0x40, // reasons keyCompromise
            0x30, 0x07, 0xa2, 0x05, 0x86, 0x03, b'x', b'y', b'z', // DP 2: cRLIssuer only
        ];
        let dps = crl_distribution_points(&cdp).unwrap();
        assert_eq!(dps.len(), 2);
        let DistributionPointName::FullName(names) = dps[0].name.clone().unwrap() else {
            panic!()
        };
        assert_eq!(names[0].uri(), Some("a"));
        assert_eq!(names[1].tag, 0xa4);
        assert_eq!(dps[0].reasons, Some(1 << 1));
        assert!(dps[1].name.is_none() && dps[1].crl_issuer.is_some());
        // A DP with only reasons is malformed (RFC 5280 §4.2.1.13).
        assert!(
            crl_distribution_points(&[0x30, 0x06, 0x30, 0x04, 0x81, 0x02, 0x06, 0x40]).is_err()
        );
        // nameRelativeToCRLIssuer is kept as unsupported and never matches.
        let rel = [
            0x30, 0x0f, 0x30, 0x0d, 0xa0, 0x0b, 0xa1, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04,
            0x03, 0x0c, 0x00,
        ];
        let dps = crl_distribution_points(&rel).unwrap();
        let name = dps[0].name.clone().unwrap();
        assert_eq!(name, DistributionPointName::RelativeToIssuer);
        assert!(!name.matches(&name));
        // nameRelativeToCRLIssuer must be AttributeTypeAndValues (found by fuzzing).
        assert!(distribution_point_name("t", &[0xa1, 0x02, 0x86, 0x00]).is_err());
        // Bad GeneralNames: a non-ASCII URI, an unknown tag, an otherName without [0].
        for bad in [
            &[0x86, 0x01, 0xff][..],
            &[0x89, 0x01, 0x00],
            &[0xa0, 0x05, 0x06, 0x03, 0x2a, 0x03, 0x04],
            &[],
        ] {
            assert!(general_names("t", bad).is_err(), "{bad:02x?}");
        }
        assert!(
            general_names("t", &[0xa0, 0x07, 0x06, 0x01, 0x2a, 0xa0, 0x02, 0x05, 0x00]).is_ok()
        );
    }

    #[test]
    fn extension_oids_are_der() {
        // An incomplete last subidentifier in an entry extension's extnID (found by the
        // CRL differential fuzz target: x509-parser read `55 1D 9B` as deltaCRLIndicator):
        // malformed, not an unknown extension.
        let list = [
            0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x9b, 0x04, 0x03, 0x02, 0x01, 0x01,
        ];
        let visited = crate::extension::for_each("t", "n", &list, 8, |_| Ok(()));
        assert!(matches!(visited, Err(Error::Malformed { .. })));
    }

    #[test]
    fn reason_flags_are_der() {
        assert_eq!(reason_flags("t", &[0x06, 0x40]).unwrap(), 1 << 1);
        assert_eq!(reason_flags("t", &[0x07, 0x00, 0x80]).unwrap(), 1 << 8);
        assert_eq!(reason_flags("t", &[0x00]).unwrap(), 0);
        // Trailing zero bit, non-zero unused bit, unused > 7, a bit past aACompromise.
        for bad in [
            &[0x00, 0x40][..],
            &[0x06, 0x41],
            &[0x08, 0x80],
            &[0x06, 0x00, 0x40],
            &[0x01],
        ] {
            assert!(reason_flags("t", bad).is_err(), "{bad:02x?}");
        }
    }

    #[test]
    fn magnitudes_compare_numerically() {
        assert!(cmp_magnitude(
            &integer_magnitude(&[0x00, 0x80]).unwrap(),
            &integer_magnitude(&[0x7f]).unwrap()
        )
        .is_gt());
        assert!(integer_magnitude(&[0x80]).is_err());
        // Non-minimal (found by the crl differential fuzz target: x509-parser refuses it).
        assert!(integer_magnitude(&[0x00, 0x21]).is_err());
        assert_eq!(integer_magnitude(&[0x00]).unwrap(), Vec::<u8>::new());
    }
}
