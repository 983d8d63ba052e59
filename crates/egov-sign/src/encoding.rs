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
use crate::oid::ObjectIdentifier;
use crate::Error;

pub use crate::limits::MAX_PEM_BLOCKS;

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
pub(crate) fn decode_base64(text: &str, max_der: usize) -> Result<Vec<u8>, Error> {
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
/// Every TLV is split by [`crate::asn1::split_tlv`], the crate's one definition of a valid
/// DER TLV (low tag numbers, no identifier `0x00`, definite minimal lengths of at most four
/// octets), and handed out as a `der` [`AnyRef`] (whose tag must be one the `der` crate
/// represents). `one_tlv_definition_agrees_with_der` checks it against the `der` crate's
/// own decoder over every identifier octet and first length octet.
pub(crate) struct DerReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

/// The TLV at the start of `rest` ([`crate::asn1::split_tlv`]) as an [`AnyRef`], and the
/// TLV's length.
#[inline]
fn any_tlv<'a>(what: &'static str, rest: &'a [u8]) -> Result<(AnyRef<'a>, usize), Error> {
    let (tlv, _) = crate::asn1::split_tlv(what, rest)?;
    let tag = tag_of(tlv.tag).map_err(|e| Error::malformed(what, e))?;
    let any = AnyRef::new(tag, tlv.content).map_err(|e| Error::malformed(what, e))?;
    Ok((any, tlv.whole.len()))
}

/// The `der` tag of a low-tag-number identifier octet (the common ones from a table, the
/// others decoded by the `der` crate; `tag_table_agrees_with_der` checks the table).
#[inline]
fn tag_of(identifier: u8) -> Result<der::Tag, der::Error> {
    use der::Tag;
    Ok(match identifier {
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
        0x80..=0xBE if identifier & 0x1F != 0x1F => Tag::ContextSpecific {
            constructed: identifier & 0x20 != 0,
            number: der::TagNumber(u32::from(identifier & 0x1F)),
        },
        _ => return <Tag as der::Decode>::from_der(core::slice::from_ref(&identifier)),
    })
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
        let (any, len) = any_tlv(what, rest)?;
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

/// Parse `bytes` as exactly one strict-DER TLV ([`crate::asn1::split_tlv`]).
pub(crate) fn parse_single<'a>(bytes: &'a [u8], what: &'static str) -> Result<AnyRef<'a>, Error> {
    let (any, len) = any_tlv(what, bytes)?;
    if len != bytes.len() {
        return Err(Error::malformed(what, "trailing data after the value"));
    }
    Ok(any)
}

/// The OID in `any` (which must be an OBJECT IDENTIFIER), validated by [`check_oid`]; to
/// be compared with the constants of `crate::oid` (as bytes) and rendered only for
/// reports.
pub(crate) fn oid_of(any: AnyRef<'_>, what: &'static str) -> Result<ObjectIdentifier, Error> {
    if any.tag() != der::Tag::ObjectIdentifier {
        return Err(Error::malformed(what, "expected an OBJECT IDENTIFIER"));
    }
    oid_from_content(any.value(), what)
}

/// The OID with content octets `content`, validated by [`check_oid`].
pub(crate) fn oid_from_content(
    content: &[u8],
    what: &'static str,
) -> Result<ObjectIdentifier, Error> {
    // The registry's OIDs are valid by construction: recognised by a byte comparison.
    if let Some(known) = crate::oid::known(content) {
        return Ok(known);
    }
    check_oid(content).map_err(|e| Error::malformed(what, e))?;
    ObjectIdentifier::from_bytes(content)
        .map_err(|e| Error::malformed(what, format!("bad OBJECT IDENTIFIER: {e}")))
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

/// The dotted form of OBJECT IDENTIFIER content octets, if they are a valid OID
/// ([`check_oid`]); `None` otherwise.
pub(crate) fn oid_string(content: &[u8]) -> Option<String> {
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

/// DER (the full TLV) of an OBJECT IDENTIFIER of the registry (`crate::oid`).
pub(crate) fn oid_der(oid: &ObjectIdentifier) -> Vec<u8> {
    tlv(0x06, oid.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The TLV at the start of `rest` decoded by the `der` crate, and its length.
    fn der_tlv(rest: &[u8]) -> Result<(AnyRef<'_>, usize), der::Error> {
        let mut reader = der::SliceReader::new(rest)?;
        let any: AnyRef<'_> = der::Reader::decode(&mut reader)?;
        let len = usize::try_from(der::Reader::position(&reader))?;
        Ok((any, len))
    }

    /// The crate's one TLV definition (`asn1::split_tlv`, through `DerReader` and
    /// `parse_single`) against the `der` crate's decoder, for every identifier octet, every
    /// first length octet and long-form lengths around each boundary, with and without
    /// enough value octets: whatever we accept, der accepts identically; whatever der
    /// accepts and we refuse is a high-tag-number identifier (`xx & 0x1f == 0x1f`, which we
    /// refuse on purpose: no structure we read has one).
    #[test]
    fn one_tlv_definition_agrees_with_der() {
        let mut checked = 0usize;
        let mut accepted = 0usize;
        let value = vec![0x5Au8; 0x1_0100];
        let mut one = |input: &[u8]| {
            checked += 1;
            let theirs = der_tlv(input);
            let split = crate::asn1::split_tlv("t", input);
            let mut r = DerReader::new(input, "t").unwrap();
            let ours = r.next_raw();
            match (&ours, &theirs) {
                (Ok((a, raw)), Ok((b, n))) => {
                    accepted += 1;
                    assert_eq!(a, b, "{:02x?}", &input[..6.min(input.len())]);
                    assert_eq!(raw.len(), *n);
                }
                (Ok(_), Err(e)) => panic!(
                    "we accept what der rejects ({e}): {:02x?}",
                    &input[..input.len().min(8)]
                ),
                (Err(_), Ok(_)) => assert_eq!(
                    input[0] & 0x1f,
                    0x1f,
                    "der accepts what we refuse: {:02x?}",
                    &input[..input.len().min(8)]
                ),
                (Err(_), Err(_)) => {}
            }
            // DerReader refuses only what split_tlv refuses, or a tag der cannot hold.
            if ours.is_err() {
                if let Ok((t, _)) = split {
                    assert!(tag_of(t.tag).is_err(), "{:02x?}", &input[..2]);
                }
            } else {
                assert!(split.is_ok());
            }
            let whole = der::Decode::from_der(input).map(|a: AnyRef<'_>| a);
            match (parse_single(input, "t").ok(), whole.ok()) {
                (a, b) if a == b => {}
                (None, Some(_)) => assert_eq!(input[0] & 0x1f, 0x1f),
                (a, b) => panic!("parse_single {a:?} vs der {b:?}"),
            }
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
        for id in [0x02u8, 0x04, 0x30, 0x31, 0xA0, 0x80, 0xBF, 0x1F, 0x00] {
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
        assert!(accepted > 10_000, "{accepted}");
    }

    #[test]
    fn tag_table_agrees_with_der() {
        for b in 0..=255u8 {
            let decoded = <der::Tag as der::Decode>::from_der(&[b]);
            match (tag_of(b), decoded) {
                (Ok(x), Ok(y)) => assert_eq!(x, y, "{b:02x}"),
                (Err(_), Err(_)) => {}
                (x, y) => panic!("{b:02x}: {x:?} vs {y:?}"),
            }
        }
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
