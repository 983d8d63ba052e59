//! PEM and base64 wrappers around DER inputs, and the few DER encoding helpers the rest of
//! the crate shares.
//!
//! Accepted input forms (see [`decode_der_blobs`]):
//!
//! * **DER** — the input starts with `0x30` (a SEQUENCE); it is returned as is.
//! * **PEM** — one or more `-----BEGIN <label>-----` … `-----END <label>-----` blocks (RFC
//!   7468). Whitespace and CRLF line ends are tolerated, text outside blocks is ignored,
//!   blocks with other labels are skipped. PEM headers (`Proc-Type:` …) are not supported.
//!   Label aliases: for `"CMS"` the label `"PKCS7"` is accepted too; no other alias is (in
//!   particular `"X509 CERTIFICATE"` is *not* accepted for `"CERTIFICATE"`).
//! * **Bare base64** — standard alphabet, canonical padding, ASCII whitespace anywhere.
//!
//! Every form is bounded: text input by [`MAX_TEXT_INPUT_SIZE`], each decoded blob by the
//! caller's `max_der`, the number of PEM blocks by [`MAX_PEM_BLOCKS`].

use base64::Engine as _;
use der::asn1::AnyRef;
use der::Tagged as _;

use crate::limits::MAX_TEXT_INPUT_SIZE;
use crate::Error;

/// Most PEM blocks (of any label) one input may hold.
pub const MAX_PEM_BLOCKS: usize = 64;

const PEM_BEGIN: &str = "-----BEGIN ";
const PEM_END: &str = "-----END ";
const PEM_TAIL: &str = "-----";

/// Turn an input that is DER, PEM (one or more blocks) or bare base64 into DER blobs.
///
/// `label` is the PEM label expected (e.g. "CERTIFICATE", "X509 CRL", "CMS"); blocks with
/// other labels are skipped, except that for "CMS" the label "PKCS7" is accepted too. For DER
/// or base64 input, one blob is returned. `max_der` bounds each blob's size.
///
/// The DER form is recognised by its first byte only (`0x30`); its structure is checked by
/// the caller's parser, not here.
///
/// Errors: [`Error::TooLarge`] (text over [`MAX_TEXT_INPUT_SIZE`], a blob over `max_der`,
/// more than [`MAX_PEM_BLOCKS`] blocks), [`Error::Malformed`] with `what` `"input"` (empty),
/// `"PEM"` (bad framing, no block with the wanted label) or `"base64"` (bad or non-canonical
/// base64, empty blob).
pub fn decode_der_blobs(input: &[u8], label: &str, max_der: usize) -> Result<Vec<Vec<u8>>, Error> {
    let first = match input.first() {
        Some(b) => *b,
        None => return Err(Error::malformed("input", "empty input")),
    };
    if first == 0x30 {
        if input.len() > max_der {
            return Err(Error::TooLarge {
                what: "DER input",
                size: input.len(),
                limit: max_der,
            });
        }
        return Ok(vec![input.to_vec()]);
    }
    if input.len() > MAX_TEXT_INPUT_SIZE {
        return Err(Error::TooLarge {
            what: "text input",
            size: input.len(),
            limit: MAX_TEXT_INPUT_SIZE,
        });
    }
    let text = core::str::from_utf8(input)
        .map_err(|_| Error::malformed("input", "neither DER nor ASCII text (PEM / base64)"))?;
    if text.contains(PEM_BEGIN) {
        decode_pem(text, label, max_der)
    } else {
        Ok(vec![decode_base64(text, max_der)?])
    }
}

fn label_matches(found: &str, wanted: &str) -> bool {
    found == wanted || (wanted == "CMS" && found == "PKCS7")
}

fn decode_pem(text: &str, label: &str, max_der: usize) -> Result<Vec<Vec<u8>>, Error> {
    let mut blobs = Vec::new();
    let mut blocks = 0usize;
    // The label of the block being read, and its body so far.
    let mut current: Option<(&str, String)> = None;
    for raw_line in text.split('\n') {
        let line = raw_line.trim();
        match current.as_mut() {
            None => {
                if let Some(rest) = line.strip_prefix(PEM_BEGIN) {
                    let found = rest
                        .strip_suffix(PEM_TAIL)
                        .ok_or_else(|| Error::malformed("PEM", "bad BEGIN line"))?;
                    blocks += 1;
                    if blocks > MAX_PEM_BLOCKS {
                        return Err(Error::TooLarge {
                            what: "PEM blocks",
                            size: blocks,
                            limit: MAX_PEM_BLOCKS,
                        });
                    }
                    current = Some((found, String::new()));
                } else if line.starts_with(PEM_END) {
                    return Err(Error::malformed("PEM", "END line without BEGIN"));
                }
                // Other text outside blocks is explanatory text: ignored.
            }
            Some((found, body)) => {
                if let Some(rest) = line.strip_prefix(PEM_END) {
                    let end_label = rest
                        .strip_suffix(PEM_TAIL)
                        .ok_or_else(|| Error::malformed("PEM", "bad END line"))?;
                    if end_label != *found {
                        return Err(Error::malformed(
                            "PEM",
                            format!("block BEGIN {found:?} ends with END {end_label:?}"),
                        ));
                    }
                    if label_matches(found, label) {
                        blobs.push(decode_base64(body, max_der)?);
                    }
                    current = None;
                } else if line.starts_with(PEM_BEGIN) {
                    return Err(Error::malformed("PEM", "BEGIN inside a block"));
                } else {
                    body.push_str(line);
                }
            }
        }
    }
    if current.is_some() {
        return Err(Error::malformed("PEM", "block without END line"));
    }
    if blobs.is_empty() {
        return Err(Error::malformed(
            "PEM",
            format!("no block labelled {label:?}"),
        ));
    }
    Ok(blobs)
}

/// Decode standard, canonical base64 with ASCII whitespace ignored; bounded by `max_der`.
fn decode_base64(text: &str, max_der: usize) -> Result<Vec<u8>, Error> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    // Upper bound of the decoded size, checked before decoding.
    let estimate = compact.len() / 4 * 3;
    if estimate > max_der.saturating_add(2) {
        return Err(Error::TooLarge {
            what: "DER blob",
            size: estimate,
            limit: max_der,
        });
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| Error::malformed("base64", e))?;
    if der.is_empty() {
        return Err(Error::malformed("base64", "empty"));
    }
    if der.len() > max_der {
        return Err(Error::TooLarge {
            what: "DER blob",
            size: der.len(),
            limit: max_der,
        });
    }
    Ok(der)
}

/// Encode DER as a PEM block with `label`, lines of 64 characters.
pub fn to_pem(der: &[u8], label: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str(PEM_BEGIN);
    out.push_str(label);
    out.push_str(PEM_TAIL);
    out.push('\n');
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(PEM_END);
    out.push_str(label);
    out.push_str(PEM_TAIL);
    out.push('\n');
    out
}

/// Encode a DER TLV with a single-byte `tag` (definite, minimal length).
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = &bytes[skip..];
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
    out
}

/// Encode a DER TLV whose content is the concatenation of `parts`.
pub(crate) fn tlv_parts(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// A strict DER reader over the TLVs of one constructed value, mapping every failure to
/// [`Error::Malformed`] with `what`.
///
/// The common headers (X.690 §8.1.2 low-tag-number identifiers of the types this crate
/// reads, §10.1 minimal definite lengths of up to four octets) are decoded here directly;
/// anything else goes to the `der` crate's decoder, so the set of accepted encodings and
/// the error for each rejected one are exactly the `der` crate's (checked by a differential
/// test).
pub(crate) struct DerReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

/// The `der` tag of identifier octet `b`, for the identifiers decoded without the `der`
/// crate: the universal types this crate reads and context-specific tags [0]..[30].
fn fast_tag(b: u8) -> Option<der::Tag> {
    use der::Tag;
    Some(match b {
        0x01 => Tag::Boolean,
        0x02 => Tag::Integer,
        0x03 => Tag::BitString,
        0x04 => Tag::OctetString,
        0x05 => Tag::Null,
        0x06 => Tag::ObjectIdentifier,
        0x0C => Tag::Utf8String,
        0x13 => Tag::PrintableString,
        0x16 => Tag::Ia5String,
        0x17 => Tag::UtcTime,
        0x18 => Tag::GeneralizedTime,
        0x1E => Tag::BmpString,
        0x30 => Tag::Sequence,
        0x31 => Tag::Set,
        0x80..=0xBF if b & 0x1F != 0x1F => Tag::ContextSpecific {
            constructed: b & 0x20 != 0,
            number: der::TagNumber(u32::from(b & 0x1F)),
        },
        _ => return None,
    })
}

/// Decode the TLV at the start of `rest` when its header is one of the common forms: the
/// value and the TLV's length. `None` means "not a common form" (never "valid"): the caller
/// then asks the `der` crate, which accepts or rejects it.
fn fast_tlv(rest: &[u8]) -> Option<(AnyRef<'_>, usize)> {
    let (&id, after) = rest.split_first()?;
    let tag = fast_tag(id)?;
    let (&first, after) = after.split_first()?;
    // X.690 §8.1.3: short form below 0x80; long form 0x81..=0x84 with the minimal number
    // of octets (§10.1), which the `der` crate also caps at four.
    let (len, header) = match first {
        0..=0x7F => (usize::from(first), 2),
        0x81..=0x84 => {
            let n = usize::from(first - 0x80);
            let octets = after.get(..n)?;
            if octets.first() == Some(&0) {
                return None;
            }
            let len = octets
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            if n == 1 && len < 0x80 {
                return None;
            }
            (len, 2 + n)
        }
        _ => return None,
    };
    let end = header.checked_add(len)?;
    let value = rest.get(header..end)?;
    let any = AnyRef::new(tag, value).ok()?;
    Some((any, end))
}

impl<'a> DerReader<'a> {
    /// A reader over `bytes` (the content octets of a constructed value).
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Result<Self, Error> {
        if u32::try_from(bytes.len()).is_err() {
            return Err(Error::malformed(what, "input too long for DER"));
        }
        Ok(DerReader {
            bytes,
            pos: 0,
            what,
        })
    }

    /// True when every byte has been read.
    pub(crate) fn is_finished(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// The first byte (tag) of the next TLV, if any.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The next TLV: its decoded form and its raw bytes.
    pub(crate) fn next_raw(&mut self) -> Result<(AnyRef<'a>, &'a [u8]), Error> {
        let what = self.what;
        let rest: &'a [u8] = self.bytes.get(self.pos..).unwrap_or(&[]);
        let (any, len) = match fast_tlv(rest) {
            Some(found) => found,
            None => der_tlv(rest).map_err(|e| Error::malformed(what, e))?,
        };
        let raw = rest
            .get(..len)
            .ok_or_else(|| Error::malformed(what, "position"))?;
        self.pos += len;
        Ok((any, raw))
    }

    /// The next TLV, which must have tag byte `tag`.
    pub(crate) fn expect(&mut self, tag: u8, field: &str) -> Result<AnyRef<'a>, Error> {
        match self.peek_tag() {
            Some(t) if t == tag => Ok(self.next_raw()?.0),
            Some(t) => Err(Error::malformed(
                self.what,
                format!("{field}: expected tag 0x{tag:02x}, found 0x{t:02x}"),
            )),
            None => Err(Error::malformed(self.what, format!("{field}: missing"))),
        }
    }

    /// The next TLV if it has tag byte `tag`.
    pub(crate) fn optional(&mut self, tag: u8) -> Result<Option<AnyRef<'a>>, Error> {
        if self.peek_tag() == Some(tag) {
            Ok(Some(self.next_raw()?.0))
        } else {
            Ok(None)
        }
    }

    /// Fail unless every byte has been read.
    pub(crate) fn finish(&self, field: &str) -> Result<(), Error> {
        if self.is_finished() {
            Ok(())
        } else {
            Err(Error::malformed(
                self.what,
                format!("{field}: unexpected trailing data"),
            ))
        }
    }
}

/// The TLV at the start of `rest` decoded by the `der` crate, and its length.
fn der_tlv(rest: &[u8]) -> Result<(AnyRef<'_>, usize), der::Error> {
    let mut reader = der::SliceReader::new(rest)?;
    let any: AnyRef<'_> = der::Reader::decode(&mut reader)?;
    let len = usize::try_from(der::Reader::position(&reader))?;
    Ok((any, len))
}

/// Parse `bytes` as exactly one strict-DER TLV.
pub(crate) fn parse_single<'a>(bytes: &'a [u8], what: &'static str) -> Result<AnyRef<'a>, Error> {
    use der::Decode as _;
    match fast_tlv(bytes) {
        Some((any, len)) if len == bytes.len() => Ok(any),
        _ => AnyRef::from_der(bytes).map_err(|e| Error::malformed(what, e)),
    }
}

/// The dotted form of the OID in `any` (which must be an OBJECT IDENTIFIER).
pub(crate) fn oid_of(any: AnyRef<'_>, what: &'static str) -> Result<String, Error> {
    if any.tag() != der::Tag::ObjectIdentifier {
        return Err(Error::malformed(what, "expected an OBJECT IDENTIFIER"));
    }
    // Validation (X.690 §8.19: minimal base-128 arcs; const_oid's limits on arc size and
    // length), then a direct rendering: `Display` of the OID costs more than parsing it.
    if let Some(known) = known_oid(any.value()) {
        return Ok(known.to_owned());
    }
    check_oid(any.value()).map_err(|e| Error::malformed(what, e))?;
    Ok(dotted(any.value()))
}

/// Check OBJECT IDENTIFIER content octets: the one definition of a valid OID for every
/// reader of this crate (certificates, CRLs, CMS, SPKI, PKCS#8, GOST parameters).
///
/// X.690 §8.19.2: "Each sub-identifier shall be encoded in the fewest possible octets,
/// that is, the leading octet of the sub-identifier shall not have the value 80₁₆", and
/// the last octet of every subidentifier has bit 8 clear (so the content cannot end in
/// the middle of one). const_oid accepts a leading `0x80` pad (it normalises it away),
/// which would let `1.2.398.3.3.4.1.2.1` be spelled in a second way that a byte
/// comparison misses and a dotted rendering hides: it is refused here first. Then
/// const_oid's limits (arcs of at most 32 bits, at most 39 octets, a valid first
/// subidentifier).
pub(crate) fn check_oid(content: &[u8]) -> Result<(), String> {
    let mut start_of_subidentifier = true;
    for &b in content {
        if start_of_subidentifier && b == 0x80 {
            return Err("OBJECT IDENTIFIER subidentifier not minimally encoded \
                        (leading 0x80, X.690 §8.19.2)"
                .into());
        }
        start_of_subidentifier = b & 0x80 == 0;
    }
    if !start_of_subidentifier {
        return Err("OBJECT IDENTIFIER ends inside a subidentifier".into());
    }
    der::asn1::ObjectIdentifier::from_bytes(content)
        .map(|_| ())
        .map_err(|e| format!("bad OBJECT IDENTIFIER: {e}"))
}

/// The OIDs every envelope carries (content types, digest and signature algorithms), as
/// content octets and dotted form: recognised by a byte comparison instead of being
/// validated and rendered again on every verification (`known_oids_are_exact` checks each
/// pair against const_oid).
const KNOWN_OIDS: &[(&[u8], &str)] = &[
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02],
        "1.2.840.113549.1.7.2",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01],
        "1.2.840.113549.1.7.1",
    ),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
        "2.16.840.1.101.3.4.2.1",
    ),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02],
        "2.16.840.1.101.3.4.2.2",
    ),
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03],
        "2.16.840.1.101.3.4.2.3",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01],
        "1.2.840.113549.1.1.1",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B],
        "1.2.840.113549.1.1.11",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C],
        "1.2.840.113549.1.1.12",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D],
        "1.2.840.113549.1.1.13",
    ),
    (
        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02],
        "1.2.840.10045.4.3.2",
    ),
    (
        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03],
        "1.2.840.10045.4.3.3",
    ),
    (&[0x2B, 0x65, 0x70], "1.3.101.112"),
];

/// The dotted form of `content` if it is one of [`KNOWN_OIDS`].
fn known_oid(content: &[u8]) -> Option<&'static str> {
    KNOWN_OIDS
        .iter()
        .find(|(bytes, _)| *bytes == content)
        .map(|(_, dotted)| *dotted)
}

/// The dotted form of OBJECT IDENTIFIER content octets, if they are a valid OID
/// ([`check_oid`]); `None` otherwise.
pub(crate) fn oid_string(content: &[u8]) -> Option<String> {
    if let Some(known) = known_oid(content) {
        return Some(known.to_owned());
    }
    check_oid(content).ok()?;
    Some(dotted(content))
}

/// The dotted form of OBJECT IDENTIFIER content octets already validated by
/// [`check_oid`] (arcs fit in 32 bits, the first subidentifier encodes
/// the first two arcs as `40·a + b`, X.690 §8.19.4).
fn dotted(content: &[u8]) -> String {
    fn push(out: &mut String, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &buf[i..] {
            out.push(char::from(d));
        }
    }
    let mut out = String::with_capacity(content.len() * 3 + 2);
    let mut arc: u64 = 0;
    let mut first = true;
    for &b in content {
        arc = (arc << 7) | u64::from(b & 0x7f);
        if b & 0x80 != 0 {
            continue;
        }
        if first {
            let (a, rest) = match arc {
                0..=39 => (0, arc),
                40..=79 => (1, arc - 40),
                _ => (2, arc - 80),
            };
            push(&mut out, a);
            out.push('.');
            push(&mut out, rest);
            first = false;
        } else {
            out.push('.');
            push(&mut out, arc);
        }
        arc = 0;
    }
    out
}

/// DER of an OBJECT IDENTIFIER given in dotted form (constants of this crate only).
pub(crate) fn oid_der(dotted: &str) -> Result<Vec<u8>, Error> {
    let oid = der::asn1::ObjectIdentifier::new(dotted).map_err(|e| Error::Crypto {
        detail: format!("bad OID {dotted}: {e}"),
    })?;
    Ok(tlv(0x06, oid.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header fast path agrees with the `der` crate wherever it answers, for every
    /// identifier octet, every first length octet and long-form lengths around each
    /// boundary, with and without enough value bytes.
    #[test]
    fn fast_header_agrees_with_der() {
        let mut checked = 0usize;
        let mut fast = 0usize;
        let value = vec![0x5Au8; 0x1_0100];
        let mut one = |input: &[u8]| {
            checked += 1;
            let theirs = der_tlv(input);
            if let Some((any, len)) = fast_tlv(input) {
                fast += 1;
                let (their_any, their_len) = theirs.unwrap_or_else(|e| {
                    panic!(
                        "fast path accepted what der rejects ({e}): {:02x?}",
                        &input[..input.len().min(8)]
                    )
                });
                assert_eq!(any, their_any, "{:02x?}", &input[..6.min(input.len())]);
                assert_eq!(len, their_len);
            }
            // Through the reader and `parse_single`: same outcome as der on its own.
            let mut r = DerReader::new(input, "t").unwrap();
            match (r.next_raw(), der_tlv(input)) {
                (Ok((a, raw)), Ok((b, n))) => {
                    assert_eq!(a, b);
                    assert_eq!(raw.len(), n);
                }
                (Err(_), Err(_)) => {}
                (x, y) => panic!("reader {:?} vs der {:?}", x.map(|_| ()), y.map(|_| ())),
            }
            let whole = der::Decode::from_der(input).map(|a: AnyRef<'_>| a);
            assert_eq!(parse_single(input, "t").ok(), whole.ok());
        };
        for id in 0..=255u8 {
            for l0 in 0..=255u8 {
                for extra in [0usize, 1, 2, 3, 4, 0x7F, 0x80, 0x100] {
                    let mut input = vec![id, l0];
                    input.extend(std::iter::repeat_n(0x01, extra.min(4)));
                    input.extend_from_slice(&value[..extra]);
                    one(&input);
                }
            }
        }
        let lengths = [0x7Fusize, 0x80, 0xFF, 0x100, 0xFFFF, 0x1_0000, 0x1_0001];
        for id in [0x02u8, 0x04, 0x30, 0x31, 0xA0, 0x80, 0xBF, 0x1F] {
            for &len in &lengths {
                for n in 1..=4usize {
                    let bytes = (len as u32).to_be_bytes();
                    let mut input = vec![id, 0x80 | n as u8];
                    input.extend_from_slice(&bytes[4 - n..]);
                    let have = len.min(value.len());
                    input.extend_from_slice(&value[..have]);
                    one(&input);
                    input.truncate(input.len() - have / 2);
                    one(&input);
                }
            }
        }
        assert!(checked > 500_000, "{checked}");
        // Most identifiers and lengths a real envelope uses take the fast path.
        assert!(fast > 10_000, "{fast}");
    }

    #[test]
    fn known_oids_are_exact() {
        for (bytes, text) in KNOWN_OIDS {
            let parsed = der::asn1::ObjectIdentifier::from_bytes(bytes).unwrap();
            assert_eq!(parsed.to_string(), *text);
            assert_eq!(dotted(bytes), *text);
            assert_eq!(oid_der(text).unwrap(), tlv(0x06, bytes));
        }
        let names: std::collections::HashSet<_> = KNOWN_OIDS.iter().map(|(b, _)| *b).collect();
        assert_eq!(names.len(), KNOWN_OIDS.len());
    }

    #[test]
    fn dotted_matches_const_oid() {
        let known = [
            "1.2.840.113549.1.1.11",
            "1.2.398.3.3.4.1.2.5",
            "2.5.29.37.0",
            "0.9.2342.19200300.100.1.25",
            "2.16.840.1.101.3.4.2.1",
            "1.3.101.112",
            "2.5.4294967295",
            "1.39.0",
            "0.0",
        ];
        for k in known {
            let oid = der::asn1::ObjectIdentifier::new(k).unwrap();
            assert_eq!(dotted(oid.as_bytes()), k);
        }
        // Every arc value pattern across 1–5 base-128 octets, checked against const_oid.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let arcs = [
                (x % 3) as u32,
                ((x >> 2) % 40) as u32,
                (x >> 8) as u32 % 200,
                (x >> 16) as u32,
                (x >> 40) as u32 & 0x3fff,
            ];
            let text = arcs.map(|a| a.to_string()).join(".");
            let oid = der::asn1::ObjectIdentifier::new(&text).unwrap();
            assert_eq!(dotted(oid.as_bytes()), oid.to_string());
        }
    }

    #[test]
    fn reader_is_strict() {
        // Indefinite length, non-minimal length, trailing data.
        assert!(parse_single(&[0x30, 0x80, 0x00, 0x00], "t").is_err());
        assert!(parse_single(&[0x04, 0x81, 0x01, 0x00], "t").is_err());
        assert!(parse_single(&[0x04, 0x01, 0x00, 0x00], "t").is_err());
        assert!(parse_single(&[0x04, 0x01, 0x00], "t").is_ok());
        let mut r = DerReader::new(&[0x02, 0x01, 0x01, 0x04, 0x00], "t").unwrap();
        assert!(r.expect(0x04, "x").is_err());
        assert!(r.optional(0x04).unwrap().is_none());
        assert_eq!(r.expect(0x02, "x").unwrap().value(), &[1]);
        assert!(r.finish("x").is_err());
        assert!(r.optional(0x04).unwrap().is_some());
        assert!(r.finish("x").is_ok());
    }

    #[test]
    fn tlv_lengths() {
        assert_eq!(tlv(0x04, &[]), vec![0x04, 0x00]);
        assert_eq!(tlv(0x04, &[0; 0x7f])[..2], [0x04, 0x7f]);
        assert_eq!(tlv(0x04, &[0; 0x80])[..3], [0x04, 0x81, 0x80]);
        assert_eq!(tlv(0x04, &[0; 0x100])[..4], [0x04, 0x82, 0x01, 0x00]);
    }

    #[test]
    fn pem_round_trip_and_aliases() {
        let der = vec![0x30, 0x03, 0x02, 0x01, 0x05];
        let pem = to_pem(&der, "CMS");
        assert!(pem.starts_with("-----BEGIN CMS-----\n"));
        assert_eq!(
            decode_der_blobs(pem.as_bytes(), "CMS", 100).unwrap(),
            vec![der.clone()]
        );
        let pkcs7 = to_pem(&der, "PKCS7").replace('\n', "\r\n");
        assert_eq!(
            decode_der_blobs(pkcs7.as_bytes(), "CMS", 100).unwrap(),
            vec![der.clone()]
        );
        assert!(decode_der_blobs(pkcs7.as_bytes(), "CERTIFICATE", 100).is_err());
        let x509 = to_pem(&der, "X509 CERTIFICATE");
        assert!(decode_der_blobs(x509.as_bytes(), "CERTIFICATE", 100).is_err());
    }

    #[test]
    fn pem_long_lines_wrap_at_64() {
        let der = vec![0x30; 200];
        let pem = to_pem(&der, "X");
        for line in pem.lines() {
            assert!(line.len() <= 64 || line.starts_with("-----"));
        }
        assert_eq!(
            decode_der_blobs(pem.as_bytes(), "X", 200).unwrap(),
            vec![der]
        );
    }

    #[test]
    fn multiple_blocks_other_labels_skipped() {
        let a = vec![0x30, 0x00];
        let b = vec![0x30, 0x01, 0x00];
        let text = format!(
            "junk\n{}{}{}",
            to_pem(&a, "CERTIFICATE"),
            to_pem(&[1, 2, 3], "PRIVATE KEY"),
            to_pem(&b, "CERTIFICATE")
        );
        assert_eq!(
            decode_der_blobs(text.as_bytes(), "CERTIFICATE", 10).unwrap(),
            vec![a, b]
        );
    }

    #[test]
    fn bad_inputs() {
        assert!(matches!(
            decode_der_blobs(b"", "CMS", 10),
            Err(Error::Malformed { .. })
        ));
        // Non-canonical base64 (trailing bits set).
        assert!(matches!(
            decode_der_blobs(b"MAF=", "CMS", 10),
            Err(Error::Malformed { what: "base64", .. })
        ));
        assert!(matches!(
            decode_der_blobs(b"MAA=", "CMS", 10),
            Ok(ref v) if v == &vec![vec![0x30, 0x00]]
        ));
        assert!(matches!(
            decode_der_blobs(b"-----BEGIN CMS-----\nMAA=\n", "CMS", 10),
            Err(Error::Malformed { what: "PEM", .. })
        ));
        assert!(matches!(
            decode_der_blobs(b"-----BEGIN CMS-----\nMAA=\n-----END X-----\n", "CMS", 10),
            Err(Error::Malformed { what: "PEM", .. })
        ));
        assert!(matches!(
            decode_der_blobs(&[0x30; 11], "CMS", 10),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(
            decode_der_blobs(b"MAAAAAAAAAAAAAAA", "CMS", 10),
            Err(Error::TooLarge { .. })
        ));
        let many = to_pem(&[0x30, 0x00], "X").repeat(MAX_PEM_BLOCKS + 1);
        assert!(matches!(
            decode_der_blobs(many.as_bytes(), "X", 10),
            Err(Error::TooLarge {
                what: "PEM blocks",
                ..
            })
        ));
    }
}
