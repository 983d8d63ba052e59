//! X.501 distinguished names: strict validation, the string form shown in reports, and
//! attribute lookup, in one pass over the DER.
//!
//! [RFC 5280 §4.1.2.4]:
//!
//! ```text
//! Name ::= CHOICE { -- only one possibility for now --
//!   rdnSequence  RDNSequence }
//!
//! RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
//!
//! RelativeDistinguishedName ::=
//!   SET SIZE (1..MAX) OF AttributeTypeAndValue
//!
//! AttributeTypeAndValue ::= SEQUENCE {
//!   type     AttributeType,
//!   value    AttributeValue }
//!
//! AttributeType ::= OBJECT IDENTIFIER
//!
//! AttributeValue ::= ANY -- DEFINED BY AttributeType
//! ```
//!
//! What is checked (X.690 §10 DER on top of the TLV rules of [`crate::asn1::split_tlv`]):
//! the exact tag bytes `0x30` / `0x31` / `0x30` / `0x06`, no trailing data at any level,
//! SET SIZE (1..MAX), valid OBJECT IDENTIFIERs (X.690 §8.19, arcs of at most 32 bits), at
//! most [`MAX_NAME_RDNS`] RDNs and [`MAX_RDN_ATTRIBUTES`] attributes per RDN. An attribute
//! value must be of the UNIVERSAL class (a re-tagged value is refused); a character string
//! type must be primitive and decode (UTF-8 for the 8-bit string types, UTF-16BE for
//! BMPString). The order of the elements of a multi-valued RDN (DER SET OF order, X.690
//! §11.6) is not checked, as x509-parser did not check it either.
//!
//! The string form is the one x509-parser 0.18's `X509Name::to_string()` produced, byte for
//! byte, so reports keep their text. It is display text, not an
//! [RFC 4514](https://www.rfc-editor.org/rfc/rfc4514) string: RDNs in encoding order ([RFC 4514]
//! §2.1 writes the last RDN first), no escaping of `,` `+` `"` `\` `<` `>` `;` or
//! leading/trailing spaces (§2.4), `OID(<dotted>)` rather than the dotted OID for unnamed
//! types (§2.3), non-string values as the hex of their content octets rather than `#` and
//! the hex of the whole encoding (§2.4), short names beyond
//! [RFC 4514]'s table (§3). Names are compared by [`names_match`] ([RFC 5280 §7.1]), never by
//! this text. The form: `SHORT=value` joined by `" + "` inside an RDN and by
//! `", "` between RDNs, in encoding order; short names from the same table (the OID
//! registry's "crypto" and "x509" short names, with `CN`, `C`, `L`, `ST`, `O`, `OU`, `DC`
//! and `Email` for the usual attributes), `OID(<dotted>)` for other types; values of string
//! types as their text, other values as the uppercase hex of their content octets.
//! Where x509-parser rendered `<X509Error: Invalid X.509 name>` (a string that does not
//! decode) the Name is refused instead.
//!
//! [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
//! [RFC 5280 §4.1.2.4]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.4
//! [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1

use crate::asn1::{split_tlv, Tlv};
use crate::limits::{MAX_NAME_RDNS, MAX_RDN_ATTRIBUTES};
use crate::Error;

/// One AttributeTypeAndValue of a validated Name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attribute<'a> {
    /// The AttributeType's OID content octets.
    pub oid: &'a [u8],
    /// The value's tag byte (UNIVERSAL class).
    pub tag: u8,
    /// The value's content octets.
    pub value: &'a [u8],
}

impl<'a> Attribute<'a> {
    /// The value as text when it is a NumericString, PrintableString, UTF8String or
    /// IA5String holding UTF-8 (what x509-parser's `AttributeTypeAndValue::as_str`
    /// accepted); `None` for other types.
    pub(crate) fn as_str(&self) -> Option<&'a str> {
        match self.tag {
            TAG_NUMERIC | TAG_PRINTABLE | TAG_UTF8 | TAG_IA5 => {
                core::str::from_utf8(self.value).ok()
            }
            _ => None,
        }
    }
}

const TAG_OBJECT_DESCRIPTOR: u8 = 0x07;
const TAG_UTF8: u8 = 0x0c;
const TAG_NUMERIC: u8 = 0x12;
const TAG_PRINTABLE: u8 = 0x13;
const TAG_T61: u8 = 0x14;
const TAG_VIDEOTEX: u8 = 0x15;
const TAG_IA5: u8 = 0x16;
const TAG_GRAPHIC: u8 = 0x19;
const TAG_VISIBLE: u8 = 0x1a;
const TAG_GENERAL: u8 = 0x1b;
const TAG_BMP: u8 = 0x1e;

/// True for the string types x509-parser rendered as UTF-8 text.
fn is_8bit_string(tag: u8) -> bool {
    matches!(
        tag,
        TAG_NUMERIC
            | TAG_VISIBLE
            | TAG_PRINTABLE
            | TAG_GENERAL
            | TAG_OBJECT_DESCRIPTOR
            | TAG_GRAPHIC
            | TAG_T61
            | TAG_VIDEOTEX
            | TAG_UTF8
            | TAG_IA5
    )
}

/// A validated Name: its DER and its string form.
#[derive(Debug, Clone)]
pub(crate) struct Name<'a> {
    /// The whole Name TLV.
    pub raw: &'a [u8],
    /// The string form (see the module documentation).
    pub text: String,
}

/// Validate the Name TLV `tlv`, render it and call `visit` with every attribute in
/// encoding order.
///
/// Errors: [`Error::Malformed`] (with `what`) for anything the module documentation lists
/// as checked; [`Error::TooLarge`] over [`MAX_NAME_RDNS`] / [`MAX_RDN_ATTRIBUTES`].
pub(crate) fn parse<'a>(
    what: &'static str,
    tlv: Tlv<'a>,
    mut visit: impl FnMut(Attribute<'a>),
) -> Result<Name<'a>, Error> {
    if tlv.tag != 0x30 {
        return Err(Error::malformed(what, "Name is not a SEQUENCE"));
    }
    let mut text = String::with_capacity(tlv.content.len());
    let mut rdns = tlv.content;
    let mut rdn_count = 0usize;
    while !rdns.is_empty() {
        let (rdn, rest) = split_tlv(what, rdns)?;
        rdns = rest;
        rdn_count += 1;
        if rdn_count > MAX_NAME_RDNS {
            return Err(Error::TooLarge {
                what: "Name RDNs",
                size: rdn_count,
                limit: MAX_NAME_RDNS,
            });
        }
        if rdn.tag != 0x31 {
            return Err(Error::malformed(
                what,
                "RelativeDistinguishedName is not a SET",
            ));
        }
        if rdn.content.is_empty() {
            return Err(Error::malformed(what, "empty RelativeDistinguishedName"));
        }
        if rdn_count > 1 {
            text.push_str(", ");
        }
        let mut atvs = rdn.content;
        let mut atv_count = 0usize;
        while !atvs.is_empty() {
            let (atv, rest) = split_tlv(what, atvs)?;
            atvs = rest;
            atv_count += 1;
            if atv_count > MAX_RDN_ATTRIBUTES {
                return Err(Error::TooLarge {
                    what: "RDN attributes",
                    size: atv_count,
                    limit: MAX_RDN_ATTRIBUTES,
                });
            }
            if atv.tag != 0x30 {
                return Err(Error::malformed(
                    what,
                    "AttributeTypeAndValue is not a SEQUENCE",
                ));
            }
            let (oid, rest) = split_tlv(what, atv.content)?;
            if oid.tag != 0x06 {
                return Err(Error::malformed(
                    what,
                    "AttributeType is not an OBJECT IDENTIFIER",
                ));
            }
            let (value, rest) = split_tlv(what, rest)?;
            if !rest.is_empty() {
                return Err(Error::malformed(
                    what,
                    "trailing data in AttributeTypeAndValue",
                ));
            }
            if atv_count > 1 {
                text.push_str(" + ");
            }
            // Table entries are valid OIDs; any other type is validated when rendered.
            match short_name(oid.content) {
                Some(short) => text.push_str(short),
                None => {
                    let dotted = crate::encoding::oid_string(oid.content)
                        .ok_or_else(|| Error::malformed(what, "bad AttributeType OID"))?;
                    text.push_str("OID(");
                    text.push_str(&dotted);
                    text.push(')');
                }
            }
            text.push('=');
            render_value(what, value, &mut text)?;
            visit(Attribute {
                oid: oid.content,
                tag: value.tag,
                value: value.content,
            });
        }
    }
    Ok(Name {
        raw: tlv.whole,
        text,
    })
}

/// [RFC 5280 §7.1] name matching: true when the DER Names `a` and `b` are the same name.
///
/// This is the one comparison of Names in the crate: name chaining in path building
/// (issuer of a certificate = subject of the next, [RFC 5280 §6.1]), self-issued
/// certificates, the CMS issuerAndSerialNumber, and (for the revocation code) the CRL
/// issuer. Byte-equal Names match at once (the common case: a CA writes its own subject
/// into what it issues). Otherwise both are read ([`parse`]'s rules; a Name that does not
/// parse matches nothing but an identical byte string) and compared as [RFC 5280 §7.1]
/// says: "Two distinguished names DN1 and DN2 match if they have the same number of RDNs,
/// for each RDN in DN1 there is a matching RDN in DN2, and the matching RDNs appear in the
/// same order in both DNs. A relative distinguished name (RDN) is defined as matching if
/// they have the same number of naming attributes and for each naming attribute in RDN1
/// there is a matching naming attribute in RDN2. Two naming attributes match if the
/// attribute types are the same and the values of the attributes are an exact match after
/// processing with the string preparation algorithm."
///
/// See [`canonical`] for the string preparation.
///
/// [RFC 5280 §6.1]: https://www.rfc-editor.org/rfc/rfc5280#section-6.1
/// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
pub(crate) fn names_match(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// A byte string that is equal for two Names exactly when [`names_match`] says they
/// match; `None` for a Name that does not parse (it matches nothing but itself, byte for
/// byte).
///
/// Each RDN's attributes are prepared and sorted (an RDN is a SET), the RDNs kept in
/// order. An attribute value of a DirectoryString type (PrintableString, UTF8String,
/// BMPString, UniversalString; [RFC 5280 §4.1.2.4]) or an IA5String (emailAddress,
/// domainComponent: caseIgnoreIA5Match) is transcoded to Unicode and prepared as [RFC 4518]
/// §2 says for caseIgnoreMatch:
///
/// 1. Transcode (§2.1): to Unicode, whatever the string type (so a PrintableString and
///    a UTF8String of the same text match, [RFC 5280 §7.1]).
/// 2. Map (§2.2): the characters of [RFC 3454] B.1 (soft hyphen, zero-width joiners,
///    variation selectors, …) and the control characters other than the whitespace ones
///    map to nothing; the whitespace and space separator characters map to SPACE; case is
///    folded (Unicode lowercase mapping, Rust's `char::to_lowercase`).
/// 3. Normalize (§2.3): NFKC normalization is **not** applied: two values that differ
///    only in Unicode normalization form do not match. This is the safe side (no
///    false chaining; the path is not found and the report says CHAIN_UNTRUSTED); NCA
///    names are precomposed Cyrillic.
/// 4. Prohibit (§2.4): a value with a private-use, non-character or surrogate code point,
///    or U+FFFD, makes the Name match only itself byte for byte.
/// 5. Insignificant space handling (§2.6.1): leading and trailing spaces are removed and
///    each inner run of spaces counts as one.
///
/// Values of any other type (TeletexString among them: its repertoire is not Unicode;
/// NumericString, whose matching rule is not caseIgnoreMatch) are compared by tag and
/// content octets.
///
/// [RFC 3454]: https://www.rfc-editor.org/rfc/rfc3454
/// [RFC 4518]: https://www.rfc-editor.org/rfc/rfc4518
/// [RFC 5280 §4.1.2.4]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.4
/// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
pub(crate) fn canonical(raw: &[u8]) -> Option<Vec<u8>> {
    let (tlv, rest) = split_tlv("Name", raw).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let mut attrs: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut rdn_index = 0usize;
    let mut failed = false;
    parse("Name", tlv, |_| {}).ok()?;
    // `parse` validated the structure; walk it again for the values per RDN.
    let mut rdns = tlv.content;
    while !rdns.is_empty() {
        let (rdn, r) = split_tlv("Name", rdns).ok()?;
        rdns = r;
        let mut atvs = rdn.content;
        while !atvs.is_empty() {
            let (atv, r) = split_tlv("Name", atvs).ok()?;
            atvs = r;
            let (oid, r) = split_tlv("Name", atv.content).ok()?;
            let (value, _) = split_tlv("Name", r).ok()?;
            let mut item = Vec::with_capacity(oid.content.len() + value.content.len() + 8);
            push_len(&mut item, oid.content);
            match prepare(value.tag, value.content) {
                Some(Ok(text)) => {
                    item.push(b'S');
                    push_len(&mut item, text.as_bytes());
                }
                Some(Err(())) => failed = true,
                None => {
                    item.push(b'B');
                    item.push(value.tag);
                    push_len(&mut item, value.content);
                }
            }
            attrs.push((rdn_index, item));
        }
        rdn_index += 1;
    }
    if failed {
        return None;
    }
    // Sort within each RDN (a SET), keep the RDN order.
    attrs.sort();
    let mut out = Vec::new();
    let mut current = usize::MAX;
    for (rdn, item) in attrs.iter().map(|(r, i)| (*r, i)) {
        if rdn != current {
            out.push(b'R');
            current = rdn;
        }
        out.extend_from_slice(item);
    }
    Some(out)
}

fn push_len(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// [RFC 4518] preparation of a directory string value: `None` when `tag` is not one of the
/// string types prepared, `Some(Err(()))` when the value does not decode or holds a
/// prohibited character.
///
/// [RFC 4518]: https://www.rfc-editor.org/rfc/rfc4518
fn prepare(tag: u8, content: &[u8]) -> Option<Result<String, ()>> {
    const TAG_UNIVERSAL: u8 = 0x1c;
    let chars: Vec<char> = match tag {
        TAG_UTF8 | TAG_PRINTABLE | TAG_IA5 => match core::str::from_utf8(content) {
            Ok(s) => s.chars().collect(),
            Err(_) => return Some(Err(())),
        },
        TAG_BMP => {
            if !content.len().is_multiple_of(2) {
                return Some(Err(()));
            }
            let units = content
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]));
            match char::decode_utf16(units).collect::<Result<Vec<char>, _>>() {
                Ok(c) => c,
                Err(_) => return Some(Err(())),
            }
        }
        TAG_UNIVERSAL => {
            if !content.len().is_multiple_of(4) {
                return Some(Err(()));
            }
            match content
                .chunks_exact(4)
                .map(|p| char::from_u32(u32::from_be_bytes([p[0], p[1], p[2], p[3]])))
                .collect::<Option<Vec<char>>>()
            {
                Some(c) => c,
                None => return Some(Err(())),
            }
        }
        _ => return None,
    };
    let mut out = String::with_capacity(content.len());
    let mut pending_space = false;
    for c in chars {
        let cp = u32::from(c);
        // Prohibit (RFC 4518 §2.4): private use, non-characters, replacement character.
        if (0xE000..=0xF8FF).contains(&cp)
            || (0xF0000..=0x10FFFF).contains(&cp) && (cp & 0xFFFF) < 0xFFFE
            || (0xFDD0..=0xFDEF).contains(&cp)
            || cp & 0xFFFE == 0xFFFE
            || cp == 0xFFFD
        {
            return Some(Err(()));
        }
        // Map (RFC 4518 §2.2).
        let is_space = matches!(
            cp,
            0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029
                | 0x202F | 0x205F | 0x3000
        );
        if is_space {
            pending_space = !out.is_empty();
            continue;
        }
        let mapped_to_nothing = matches!(
            cp,
            0xAD | 0x034F | 0x1806 | 0x180B..=0x180E | 0x200B..=0x200F | 0x202A..=0x202E
                | 0x2060..=0x2063 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFFC
                | 0x00..=0x08 | 0x0E..=0x1F | 0x7F..=0x84 | 0x86..=0x9F
        );
        if mapped_to_nothing {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    Some(Ok(out))
}

/// Append the string form of one AttributeValue to `out`.
fn render_value(what: &'static str, value: Tlv<'_>, out: &mut String) -> Result<(), Error> {
    let tag = value.tag;
    if tag & 0xc0 != 0 {
        return Err(Error::malformed(
            what,
            "AttributeValue is not of the UNIVERSAL class",
        ));
    }
    let number = tag & 0x1f;
    if number == 0 {
        return Err(Error::malformed(what, "AttributeValue has tag 0"));
    }
    if is_8bit_string(number) || number == TAG_BMP {
        if tag & 0x20 != 0 {
            return Err(Error::malformed(what, "constructed string (not DER)"));
        }
        if number == TAG_BMP {
            if !value.content.len().is_multiple_of(2) {
                return Err(Error::malformed(what, "BMPString of odd length"));
            }
            let units = value
                .content
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]));
            for c in char::decode_utf16(units) {
                out.push(c.map_err(|_| Error::malformed(what, "BMPString is not UTF-16"))?);
            }
        } else {
            let s = core::str::from_utf8(value.content)
                .map_err(|_| Error::malformed(what, "string attribute is not UTF-8"))?;
            out.push_str(s);
        }
    } else {
        const H: &[u8; 16] = b"0123456789ABCDEF";
        for b in value.content {
            out.push(char::from(H[usize::from(b >> 4)]));
            out.push(char::from(H[usize::from(b & 15)]));
        }
    }
    Ok(())
}

/// The short name x509-parser 0.18 shows for an attribute type (OID content octets).
fn short_name(oid: &[u8]) -> Option<&'static str> {
    // Fast path: id-at (2.5.4.n), the arc nearly every Name uses.
    if let [0x55, 0x04, n] = oid {
        return ID_AT.iter().find(|(k, _)| k == n).map(|(_, s)| *s);
    }
    SHORT_NAMES.iter().find(|(k, _)| *k == oid).map(|(_, s)| *s)
}

/// id-at-* (2.5.4.n) short names.
const ID_AT: &[(u8, &str)] = &[
    (0, "objectClass"),
    (1, "aliasedEntryName"),
    (2, "knowledgeInformation"),
    (3, "CN"),
    (4, "surname"),
    (5, "serialNumber"),
    (6, "C"),
    (7, "L"),
    (8, "ST"),
    (9, "streetAddress"),
    (10, "O"),
    (11, "OU"),
    (12, "title"),
    (13, "description"),
    (14, "searchGuide"),
    (15, "businessCategory"),
    (16, "postalAddress"),
    (17, "postalCode"),
    (41, "name"),
    (42, "givenName"),
    (43, "initials"),
    (44, "generationQualifier"),
    (45, "uniqueIdentifier"),
    (46, "dnQualifier"),
];

/// Other short names of x509-parser 0.18's OID registry (oid-registry 0.8 with the
/// "crypto" and "x509" features, plus id-mgf1), as OID content octets.
const SHORT_NAMES: &[(&[u8], &str)] = &[
    (
        &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01],
        "uid",
    ), // 0.9.2342.19200300.100.1.1
    (
        &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19],
        "DC",
    ), // 0.9.2342.19200300.100.1.25
    (
        &[0x2a, 0x85, 0x03, 0x02, 0x02, 0x03],
        "id-GostR3411-94-with-GostR3410-2001",
    ), // 1.2.643.2.2.3
    (&[0x2a, 0x85, 0x03, 0x02, 0x02, 0x13], "gostR3410-2001"), // 1.2.643.2.2.19
    (
        &[0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01],
        "gost3410-2012-256",
    ), // 1.2.643.7.1.1.1.1
    (
        &[0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x02],
        "gost3410-2012-512",
    ), // 1.2.643.7.1.1.1.2
    (
        &[0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x03, 0x02],
        "id-tc26-signwithdigest-gost3410-12-256",
    ), // 1.2.643.7.1.1.3.2
    (
        &[0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x03, 0x03],
        "id-tc26-signwithdigest-gost3410-12-512",
    ), // 1.2.643.7.1.1.3.3
    (&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01], "id-dsa"),   // 1.2.840.10040.4.1
    (&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03], "dsa-with-sha1"), // 1.2.840.10040.4.3
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
        "id-ecPublicKey",
    ), // 1.2.840.10045.2.1
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x01],
        "ecdsa-with-SHA224",
    ), // 1.2.840.10045.4.3.1
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02],
        "ecdsa-with-SHA256",
    ), // 1.2.840.10045.4.3.2
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03],
        "ecdsa-with-SHA384",
    ), // 1.2.840.10045.4.3.3
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04],
        "ecdsa-with-SHA512",
    ), // 1.2.840.10045.4.3.4
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
        "prime256v1",
    ), // 1.2.840.10045.3.1.7
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
        "rsaEncryption",
    ), // 1.2.840.113549.1.1.1
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x02],
        "md2WithRSAEncryption",
    ), // 1.2.840.113549.1.1.2
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x03],
        "md4WithRSAEncryption",
    ), // 1.2.840.113549.1.1.3
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04],
        "md5WithRSAEncryption",
    ), // 1.2.840.113549.1.1.4
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05],
        "sha1WithRSAEncryption",
    ), // 1.2.840.113549.1.1.5
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a],
        "rsassa-pss",
    ), // 1.2.840.113549.1.1.10
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b],
        "sha256WithRSAEncryption",
    ), // 1.2.840.113549.1.1.11
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c],
        "sha384WithRSAEncryption",
    ), // 1.2.840.113549.1.1.12
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d],
        "sha512WithRSAEncryption",
    ), // 1.2.840.113549.1.1.13
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0e],
        "sha224WithRSAEncryption",
    ), // 1.2.840.113549.1.1.14
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01],
        "pkcs7-data",
    ), // 1.2.840.113549.1.7.1
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02],
        "pkcs7-signedData",
    ), // 1.2.840.113549.1.7.2
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03],
        "pkcs7-envelopedData",
    ), // 1.2.840.113549.1.7.3
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x04],
        "pkcs7-signedAndEnvelopedData",
    ), // 1.2.840.113549.1.7.4
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x05],
        "pkcs7-digestedData",
    ), // 1.2.840.113549.1.7.5
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06],
        "pkcs7-encryptedData",
    ), // 1.2.840.113549.1.7.6
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01],
        "Email",
    ), // 1.2.840.113549.1.9.1
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x02],
        "unstructuredName",
    ), // 1.2.840.113549.1.9.2
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03],
        "contentType",
    ), // 1.2.840.113549.1.9.3
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04],
        "id-messageDigest",
    ), // 1.2.840.113549.1.9.4
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05],
        "signing-time",
    ), // 1.2.840.113549.1.9.5
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x07],
        "challengePassword",
    ), // 1.2.840.113549.1.9.7
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e],
        "extensionRequest",
    ), // 1.2.840.113549.1.9.14
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0f],
        "smimeCapabilities",
    ), // 1.2.840.113549.1.9.15
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14],
        "friendlyName",
    ), // 1.2.840.113549.1.9.20
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c], "pkcs-12"), // 1.2.840.113549.1.12
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01],
        "pkcs-12PbeIds",
    ), // 1.2.840.113549.1.12.1
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x01],
        "pbeWithSHAAnd128BitRC4",
    ), // 1.2.840.113549.1.12.1.1
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x02],
        "pbeWithSHAAnd40BitRC4",
    ), // 1.2.840.113549.1.12.1.2
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03],
        "pbeWithSHAAnd3-KeyTripleDES-CBC",
    ), // 1.2.840.113549.1.12.1.3
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x04],
        "pbeWithSHAAnd2-KeyTripleDES-CBC",
    ), // 1.2.840.113549.1.12.1.4
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x05],
        "pbeWithSHAAnd128BitRC2-CBC",
    ), // 1.2.840.113549.1.12.1.5
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06],
        "pbeWithSHAAnd40BitRC2-CBC",
    ), // 1.2.840.113549.1.12.1.6
    (
        &[0x2b, 0x24, 0x03, 0x03, 0x01, 0x02],
        "rsaSignatureWithripemd160",
    ), // 1.3.36.3.3.1.2
    (&[0x2b, 0x65, 0x70], "ed25519"),                          // 1.3.101.112
    (&[0x2b, 0x65, 0x71], "ed448"),                            // 1.3.101.113
    (&[0x2b, 0x81, 0x04, 0x00, 0x22], "secp384r1"),            // 1.3.132.0.34
    (&[0x2b, 0x81, 0x04, 0x00, 0x23], "secp521r1"),            // 1.3.132.0.35
    (
        &[0x2b, 0x81, 0x05, 0x10, 0x86, 0x48, 0x3f, 0x00, 0x02],
        "dhSinglePass-stdDH-sha1kdf-scheme",
    ), // 1.3.133.16.840.63.0.2
    (
        &[
            0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x01,
        ],
        "msJurisdictionLocality",
    ), // 1.3.6.1.4.1.311.60.2.1.1
    (
        &[
            0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x02,
        ],
        "msJurisdictionStateOrProvince",
    ), // 1.3.6.1.4.1.311.60.2.1.2
    (
        &[
            0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03,
        ],
        "msJurisdictionCountry",
    ), // 1.3.6.1.4.1.311.60.2.1.3
    (
        &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02],
        "ctSCTList",
    ), // 1.3.6.1.4.1.11129.2.4.2
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01],
        "authorityInfoAccess",
    ), // 1.3.6.1.5.5.7.1.1
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b],
        "subjectInfoAccess",
    ), // 1.3.6.1.5.5.7.1.11
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01],
        "id-ad-ocsp",
    ), // 1.3.6.1.5.5.7.48.1
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02],
        "id-ad-caIssuers",
    ), // 1.3.6.1.5.5.7.48.2
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x03],
        "id-ad-timestamping",
    ), // 1.3.6.1.5.5.7.48.3
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x04],
        "id-ad-dvcs",
    ), // 1.3.6.1.5.5.7.48.4
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x05],
        "id-ad-caRepository",
    ), // 1.3.6.1.5.5.7.48.5
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x06],
        "id-ad-http-certs",
    ), // 1.3.6.1.5.5.7.48.6
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x07],
        "id-ad-http-crls",
    ), // 1.3.6.1.5.5.7.48.7
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x0a],
        "id-ad-rpki-manifest",
    ), // 1.3.6.1.5.5.7.48.10
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x0b],
        "id-ad-signed-object",
    ), // 1.3.6.1.5.5.7.48.11
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x0c],
        "id-ad-cmc",
    ), // 1.3.6.1.5.5.7.48.12
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x0d],
        "id-ad-rpki-notify",
    ), // 1.3.6.1.5.5.7.48.13
    (
        &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x0e],
        "id-ad-stirTNList",
    ), // 1.3.6.1.5.5.7.48.14
    (&[0x2b, 0x0e, 0x03, 0x02, 0x19], "md5WithRSASignature"),  // 1.3.14.3.2.25
    (&[0x2b, 0x0e, 0x03, 0x02, 0x1a], "id-SHA1"),              // 1.3.14.3.2.26
    (&[0x2b, 0x0e, 0x03, 0x02, 0x1d], "sha1WithRSAEncryption"), // 1.3.14.3.2.29
    (&[0x55, 0x04], "x509"),                                   // 2.5.4
    (&[0x55, 0x1d, 0x01], "oldAuthorityKeyIdentifier"),        // 2.5.29.1
    (&[0x55, 0x1d, 0x02], "oldKeyAttributes"),                 // 2.5.29.2
    (&[0x55, 0x1d, 0x03], "oldCertificatePolicies"),           // 2.5.29.3
    (&[0x55, 0x1d, 0x04], "oldKeyUsage"),                      // 2.5.29.4
    (&[0x55, 0x1d, 0x05], "oldPolicyMapping"),                 // 2.5.29.5
    (&[0x55, 0x1d, 0x06], "oldSubtreesConstraint"),            // 2.5.29.6
    (&[0x55, 0x1d, 0x07], "oldSubjectAltNAme"),                // 2.5.29.7
    (&[0x55, 0x1d, 0x08], "oldIssuerAltNAme"),                 // 2.5.29.8
    (&[0x55, 0x1d, 0x0e], "subjectKeyIdentifier"),             // 2.5.29.14
    (&[0x55, 0x1d, 0x0f], "keyUsage"),                         // 2.5.29.15
    (&[0x55, 0x1d, 0x10], "privateKeyUsagePeriod"),            // 2.5.29.16
    (&[0x55, 0x1d, 0x11], "subjectAltName"),                   // 2.5.29.17
    (&[0x55, 0x1d, 0x12], "issuerAltName"),                    // 2.5.29.18
    (&[0x55, 0x1d, 0x13], "basicConstraints"),                 // 2.5.29.19
    (&[0x55, 0x1d, 0x14], "crlNumber"),                        // 2.5.29.20
    (&[0x55, 0x1d, 0x15], "reasonCode"),                       // 2.5.29.21
    (&[0x55, 0x1d, 0x17], "holdInstructionCode"),              // 2.5.29.23
    (&[0x55, 0x1d, 0x18], "invalidityDate"),                   // 2.5.29.24
    (&[0x55, 0x1d, 0x1b], "deltaCRLIndicator"),                // 2.5.29.27
    (&[0x55, 0x1d, 0x1c], "issuerDistributionPoint"),          // 2.5.29.28
    (&[0x55, 0x1d, 0x1d], "issuer"),                           // 2.5.29.29
    (&[0x55, 0x1d, 0x1e], "nameConstraints"),                  // 2.5.29.30
    (&[0x55, 0x1d, 0x1f], "crlDistributionPoints"),            // 2.5.29.31
    (&[0x55, 0x1d, 0x20], "certificatePolicies"),              // 2.5.29.32
    (&[0x55, 0x1d, 0x21], "policyMappings"),                   // 2.5.29.33
    (&[0x55, 0x1d, 0x23], "authorityKeyIdentifier"),           // 2.5.29.35
    (&[0x55, 0x1d, 0x24], "policyConstraints"),                // 2.5.29.36
    (&[0x55, 0x1d, 0x25], "extendedKeyUsage"),                 // 2.5.29.37
    (&[0x55, 0x1d, 0x2e], "freshestCRL"),                      // 2.5.29.46
    (&[0x55, 0x1d, 0x36], "inhibitAnyPolicy"),                 // 2.5.29.54
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a],
        "aes-256-cbc",
    ), // 2.16.840.1.101.3.4.1.42
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
        "sha256",
    ), // 2.16.840.1.101.3.4.2.1
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02],
        "sha384",
    ), // 2.16.840.1.101.3.4.2.2
    (
        &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03],
        "sha512",
    ), // 2.16.840.1.101.3.4.2.3
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01],
        "nsCertType",
    ), // 2.16.840.1.113730.1.1
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x02],
        "nsBaseURL",
    ), // 2.16.840.1.113730.1.2
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x03],
        "nsRevocationURL",
    ), // 2.16.840.1.113730.1.3
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x04],
        "nsCARevocationURL",
    ), // 2.16.840.1.113730.1.4
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x05],
        "nsCACRLURL",
    ), // 2.16.840.1.113730.1.5
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x06],
        "nsCACertURL",
    ), // 2.16.840.1.113730.1.6
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x07],
        "nsRenewalURL",
    ), // 2.16.840.1.113730.1.7
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x08],
        "nsCAPolicyURL",
    ), // 2.16.840.1.113730.1.8
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x09],
        "nsHomepageURL",
    ), // 2.16.840.1.113730.1.9
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x0a],
        "nsEntityLogo",
    ), // 2.16.840.1.113730.1.10
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x0b],
        "nsUserPicture",
    ), // 2.16.840.1.113730.1.11
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x0c],
        "nsSSLServerName",
    ), // 2.16.840.1.113730.1.12
    (
        &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x0d],
        "nsComment",
    ), // 2.16.840.1.113730.1.13
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08],
        "id-mgf1",
    ), // 1.2.840.113549.1.1.8
];

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::der_parser::oid::Oid;

    #[test]
    fn short_names_are_x509_parsers() {
        let registry = x509_parser::objects::oid_registry();
        let mut count = 0;
        let id_at: Vec<(Vec<u8>, &str)> = ID_AT
            .iter()
            .map(|(n, s)| (vec![0x55, 0x04, *n], *s))
            .collect();
        let all = SHORT_NAMES
            .iter()
            .map(|(o, s)| (o.to_vec(), *s))
            .chain(id_at);
        for (oid, short) in all {
            let x = Oid::new(oid.clone().into());
            assert_eq!(
                x509_parser::objects::oid2abbrev(&x, registry).ok(),
                Some(short),
                "{x}"
            );
            assert_eq!(short_name(&oid), Some(short));
            count += 1;
        }
        // Every registry entry is in the table (and nothing else is).
        assert_eq!(count, registry.iter().count());
        for (oid, _) in registry.iter() {
            assert!(short_name(oid.as_bytes()).is_some(), "{oid}");
        }
    }

    /// [RFC 5280 §7.1] / [RFC 4518] matching.
    ///
    /// [RFC 4518]: https://www.rfc-editor.org/rfc/rfc4518
    /// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
    #[test]
    fn names_match_after_preparation() {
        use crate::encoding::tlv;
        let atv = |oid: u8, tag: u8, v: &[u8]| {
            tlv(0x30, &[tlv(0x06, &[0x55, 0x04, oid]), tlv(tag, v)].concat())
        };
        let rdn = |atvs: &[Vec<u8>]| tlv(0x31, &atvs.concat());
        let name = |rdns: &[Vec<u8>]| tlv(0x30, &rdns.concat());
        let bmp = |s: &str| {
            s.encode_utf16()
                .flat_map(|u| u.to_be_bytes())
                .collect::<Vec<u8>>()
        };
        let base = name(&[
            rdn(&[atv(3, 0x0c, "Қазақ  Test CA".as_bytes())]),
            rdn(&[atv(6, 0x13, b"KZ")]),
        ]);
        let same = [
            // Case, spaces around and inside, PrintableString / UTF8String / BMPString.
            name(&[
                rdn(&[atv(3, 0x0c, " қАЗАҚ test   ca ".as_bytes())]),
                rdn(&[atv(6, 0x0c, b"kz")]),
            ]),
            name(&[
                rdn(&[atv(3, 0x1e, &bmp("ҚАЗАҚ TEST CA"))]),
                rdn(&[atv(6, 0x13, b" Kz")]),
            ]),
            // A soft hyphen and a zero-width space map to nothing; a tab is a space.
            name(&[
                rdn(&[atv(3, 0x0c, "Қаз\u{ad}ақ\tTest\u{200b} CA".as_bytes())]),
                rdn(&[atv(6, 0x13, b"KZ")]),
            ]),
        ];
        for n in &same {
            assert!(names_match(&base, n), "{n:02x?}");
            assert!(names_match(n, &base));
        }
        let different = [
            // Another letter; RDNs swapped; one RDN more; another attribute type;
            // spaces inside a word; a NumericString is not caseIgnoreMatch.
            name(&[
                rdn(&[atv(3, 0x0c, "Қазақ Test CB".as_bytes())]),
                rdn(&[atv(6, 0x13, b"KZ")]),
            ]),
            name(&[
                rdn(&[atv(6, 0x13, b"KZ")]),
                rdn(&[atv(3, 0x0c, "Қазақ Test CA".as_bytes())]),
            ]),
            name(&[
                rdn(&[atv(3, 0x0c, "Қазақ Test CA".as_bytes())]),
                rdn(&[atv(6, 0x13, b"KZ")]),
                rdn(&[atv(6, 0x13, b"KZ")]),
            ]),
            name(&[
                rdn(&[atv(4, 0x0c, "Қазақ Test CA".as_bytes())]),
                rdn(&[atv(6, 0x13, b"KZ")]),
            ]),
            name(&[
                rdn(&[atv(3, 0x0c, "Қаз ақ Test CA".as_bytes())]),
                rdn(&[atv(6, 0x13, b"KZ")]),
            ]),
            name(&[
                rdn(&[atv(3, 0x0c, "Қазақ Test CA".as_bytes())]),
                rdn(&[atv(6, 0x12, b"KZ")]),
            ]),
        ];
        for n in &different {
            assert!(!names_match(&base, n), "{n:02x?}");
        }
        // A multi-valued RDN is a set: its order does not matter.
        let a = name(&[rdn(&[atv(3, 0x0c, b"a"), atv(6, 0x13, b"KZ")])]);
        let b = name(&[rdn(&[atv(6, 0x0c, b"kz"), atv(3, 0x13, b"A")])]);
        assert!(names_match(&a, &b));
        // A private-use character or a Name that does not parse matches only itself.
        let private = name(&[rdn(&[atv(3, 0x0c, "x\u{e000}".as_bytes())])]);
        let private_upper = name(&[rdn(&[atv(3, 0x0c, "X\u{e000}".as_bytes())])]);
        assert!(names_match(&private, &private));
        assert!(!names_match(&private, &private_upper));
        assert!(!names_match(&[0x30, 0x01, 0x00], &[0x30, 0x01, 0x01]));
        assert!(names_match(&[0x30, 0x01, 0x00], &[0x30, 0x01, 0x00]));
        // The empty Name matches the empty Name.
        assert!(names_match(&[0x30, 0x00], &name(&[])));
    }

    #[test]
    fn limits_and_shapes() {
        let atv = |v: &[u8]| {
            crate::encoding::tlv(0x30, &[&[0x06, 0x03, 0x55, 0x04, 0x03][..], v].concat())
        };
        let name_of = |rdns: &[Vec<u8>]| {
            let body: Vec<u8> = rdns
                .iter()
                .flat_map(|r| crate::encoding::tlv(0x31, r))
                .collect();
            crate::encoding::tlv(0x30, &body)
        };
        let run = |der: &[u8]| {
            let (tlv, _) = split_tlv("t", der).unwrap();
            parse("t", tlv, |_| {}).map(|n| n.text)
        };
        assert_eq!(run(&name_of(&[])).unwrap(), "");
        let a = atv(&[0x0c, 0x01, b'a']);
        let b = atv(&[0x13, 0x01, b'b']);
        assert_eq!(
            run(&name_of(&[[a.clone(), b.clone()].concat(), a.clone()])).unwrap(),
            "CN=a + CN=b, CN=a"
        );
        assert!(run(&name_of(&vec![a.clone(); MAX_NAME_RDNS])).is_ok());
        assert!(matches!(
            run(&name_of(&vec![a.clone(); MAX_NAME_RDNS + 1])),
            Err(Error::TooLarge { .. })
        ));
        assert!(run(&name_of(&[a.repeat(MAX_RDN_ATTRIBUTES)])).is_ok());
        assert!(matches!(
            run(&name_of(&[a.repeat(MAX_RDN_ATTRIBUTES + 1)])),
            Err(Error::TooLarge { .. })
        ));
        assert!(run(&crate::encoding::tlv(0x31, &[])).is_err());
    }
}
