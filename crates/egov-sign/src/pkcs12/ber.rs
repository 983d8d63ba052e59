//! A small, bounded BER reader for PKCS#12 key stores only.
//!
//! Everything else in this crate is read as strict DER (certificates, CRLs, CMS), because
//! there the encoding is signed and two encodings of one value must not both verify. A
//! PKCS#12 file is different: nothing in it is signed, its integrity is the password MAC over
//! the *octets* of the AuthenticatedSafe ([RFC 7292 §4]), and the writers users actually have
//! emit BER — KalkanCrypt writes indefinite lengths (X.690 §8.1.3.6) and constructed
//! `[0] IMPLICIT OCTET STRING` segments (X.690 §8.7.3) inside the store. Accepting BER here
//! cannot make a signature verify that otherwise would not; the certificates taken out of a
//! store are still parsed by the strict [`crate::certificate::Certificate::from_der`] and
//! the private keys by the strict PKCS#8 readers of [`crate::algorithm`].
//!
//! What is accepted: low tag numbers (one identifier octet — every tag of [RFC 7292] is one),
//! definite lengths in short or long form of at most 4 octets (not necessarily minimal),
//! indefinite lengths on constructed encodings ending in end-of-contents `00 00`, and
//! constructed OCTET STRINGs (segments concatenated, themselves possibly constructed).
//! Nesting is bounded by [`MAX_BER_DEPTH`]; every length is checked against what remains,
//! so the work is linear in the input.
//!
//! [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
//! [RFC 7292 §4]: https://www.rfc-editor.org/rfc/rfc7292#section-4

use crate::Error;

/// Deepest nesting of constructed encodings accepted (a KalkanCrypt store nests about 10).
pub const MAX_BER_DEPTH: usize = 32;

const WHAT: &str = "PKCS#12";

pub(crate) fn malformed(detail: impl core::fmt::Display) -> Error {
    Error::malformed(WHAT, detail)
}

/// One TLV: its identifier octet and its content (for an indefinite length, the octets
/// between the header and the end-of-contents marker).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
}

impl<'a> Tlv<'a> {
    pub fn constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }

    /// A reader over the children of a constructed encoding.
    pub fn children(&self, depth: usize) -> Result<Reader<'a>, Error> {
        if !self.constructed() {
            return Err(malformed(format!(
                "tag {:#04x} is not constructed",
                self.tag
            )));
        }
        Reader::new(self.content, depth + 1)
    }

    /// The value of an OCTET STRING, primitive or constructed.
    pub fn octets(&self, depth: usize) -> Result<Vec<u8>, Error> {
        self.implicit_octets(0x04, depth)
    }

    /// The value of an OCTET STRING under the (primitive form of the) tag `tag`, e.g. 0x80
    /// for `[0] IMPLICIT OCTET STRING`; primitive or constructed.
    pub fn implicit_octets(&self, tag: u8, depth: usize) -> Result<Vec<u8>, Error> {
        if self.tag & !0x20 != tag {
            return Err(malformed(format!(
                "expected an OCTET STRING with tag {tag:#04x}, found {:#04x}",
                self.tag
            )));
        }
        let mut out = Vec::new();
        self.octets_into(depth, &mut out)?;
        Ok(out)
    }

    fn octets_into(&self, depth: usize, out: &mut Vec<u8>) -> Result<(), Error> {
        if !self.constructed() {
            out.extend_from_slice(self.content);
            return Ok(());
        }
        let mut r = self.children(depth)?;
        while let Some(seg) = r.next()? {
            if seg.tag & !0x20 != 0x04 {
                return Err(malformed(
                    "a constructed OCTET STRING segment is not an OCTET STRING",
                ));
            }
            seg.octets_into(depth + 1, out)?;
        }
        Ok(())
    }

    /// The content of a primitive encoding of `tag`.
    pub fn primitive(&self, tag: u8, field: &str) -> Result<&'a [u8], Error> {
        if self.tag != tag {
            return Err(malformed(format!(
                "{field}: expected tag {tag:#04x}, found {:#04x}",
                self.tag
            )));
        }
        Ok(self.content)
    }

    /// A small non-negative INTEGER (version, iteration count, key length).
    pub fn small_uint(&self, field: &str) -> Result<u64, Error> {
        let c = self.primitive(0x02, field)?;
        match c {
            [] => Err(malformed(format!("{field}: empty INTEGER"))),
            [first, ..] if first & 0x80 != 0 => {
                Err(malformed(format!("{field}: negative INTEGER")))
            }
            _ => {
                let digits = c.iter().skip_while(|b| **b == 0).count();
                if digits > 8 {
                    return Err(malformed(format!("{field}: INTEGER too large")));
                }
                Ok(c.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
            }
        }
    }
}

/// Reads consecutive TLVs from a content slice.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], depth: usize) -> Result<Reader<'a>, Error> {
        if depth > MAX_BER_DEPTH {
            return Err(Error::TooLarge {
                what: "PKCS#12 nesting depth",
                size: depth,
                limit: MAX_BER_DEPTH,
            });
        }
        Ok(Reader { rest: bytes, depth })
    }

    /// The depth of the elements this reader returns.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next TLV, or `None` at the end of the content.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Tlv<'a>>, Error> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let (tlv, rest) = read_tlv(self.rest, self.depth)?;
        self.rest = rest;
        Ok(Some(tlv))
    }

    /// The next TLV, which must exist.
    pub fn need(&mut self, field: &str) -> Result<Tlv<'a>, Error> {
        self.next()?
            .ok_or_else(|| malformed(format!("{field} is missing")))
    }

    /// The next TLV, which must have `tag`.
    pub fn expect(&mut self, tag: u8, field: &str) -> Result<Tlv<'a>, Error> {
        let t = self.need(field)?;
        if t.tag != tag {
            return Err(malformed(format!(
                "{field}: expected tag {tag:#04x}, found {:#04x}",
                t.tag
            )));
        }
        Ok(t)
    }

    /// The next TLV if it has `tag`.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Error> {
        if self.rest.first() == Some(&tag) {
            return self.next();
        }
        Ok(None)
    }

    /// Nothing may follow.
    pub fn finish(&self, field: &str) -> Result<(), Error> {
        if !self.rest.is_empty() {
            return Err(malformed(format!("trailing data in {field}")));
        }
        Ok(())
    }
}

/// Read one TLV at `depth` from the front of `input`; returns it and what follows.
fn read_tlv(input: &[u8], depth: usize) -> Result<(Tlv<'_>, &[u8]), Error> {
    if depth > MAX_BER_DEPTH {
        return Err(Error::TooLarge {
            what: "PKCS#12 nesting depth",
            size: depth,
            limit: MAX_BER_DEPTH,
        });
    }
    let (&tag, after_tag) = input.split_first().ok_or_else(|| malformed("truncated"))?;
    if tag & 0x1f == 0x1f {
        return Err(malformed("high tag numbers are not used in PKCS#12"));
    }
    if tag == 0 {
        return Err(malformed("unexpected end-of-contents"));
    }
    let (&first, mut rest) = after_tag
        .split_first()
        .ok_or_else(|| malformed("truncated length"))?;
    if first == 0x80 {
        // Indefinite length (X.690 §8.1.3.6): constructed only; children up to `00 00`.
        if tag & 0x20 == 0 {
            return Err(malformed("indefinite length on a primitive encoding"));
        }
        let start = rest;
        loop {
            if rest.len() >= 2 && rest[0] == 0 && rest[1] == 0 {
                let used = start.len() - rest.len();
                let content = &start[..used];
                return Ok((Tlv { tag, content }, &rest[2..]));
            }
            if rest.is_empty() {
                return Err(malformed("indefinite length without end-of-contents"));
            }
            let (_, after) = read_tlv(rest, depth + 1)?;
            rest = after;
        }
    }
    let len = if first & 0x80 == 0 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return Err(malformed("bad length octets"));
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        rest = &rest[n..];
        len
    };
    if len > rest.len() {
        return Err(malformed(format!(
            "length {len} exceeds the {} bytes that remain",
            rest.len()
        )));
    }
    Ok((
        Tlv {
            tag,
            content: &rest[..len],
        },
        &rest[len..],
    ))
}

/// Parse `input` as exactly one TLV (nothing may follow).
pub(crate) fn single<'a>(input: &'a [u8], depth: usize, field: &str) -> Result<Tlv<'a>, Error> {
    let mut r = Reader::new(input, depth)?;
    let t = r.need(field)?;
    r.finish(field)?;
    Ok(t)
}

/// The dotted form of OID content octets (for error messages only).
pub(crate) fn dotted(content: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut acc: u128 = 0;
    for &b in content.iter().take(64) {
        acc = (acc << 7) | u128::from(b & 0x7f);
        if b & 0x80 == 0 {
            arcs.push(acc);
            acc = 0;
        }
    }
    let mut out = String::new();
    for (i, arc) in arcs.iter().enumerate() {
        if i == 0 {
            let (a, b) = match arc {
                0..=39 => (0, *arc),
                40..=79 => (1, arc - 40),
                _ => (2, arc - 80),
            };
            out.push_str(&format!("{a}.{b}"));
        } else {
            out.push_str(&format!(".{arc}"));
        }
    }
    if out.is_empty() {
        out.push_str("(empty OID)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_and_constructed_octets() {
        // SEQUENCE (indefinite) { [0] constructed OCTET STRING { 04 01 aa, 04 02 bb cc } }
        let ber = [
            0x30, 0x80, 0xa0, 0x80, 0x04, 0x01, 0xaa, 0x24, 0x80, 0x04, 0x02, 0xbb, 0xcc, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        let t = single(&ber, 0, "x").unwrap();
        let mut r = t.children(0).unwrap();
        let inner = r.need("inner").unwrap();
        assert_eq!(
            inner.implicit_octets(0x80, 1).unwrap(),
            vec![0xaa, 0xbb, 0xcc]
        );
        assert!(inner.octets(1).is_err());
        r.finish("x").unwrap();
    }

    #[test]
    fn hostile_lengths_and_depth() {
        for bad in [
            &[0x30, 0x80][..],
            &[0x30, 0x85, 0, 0, 0, 0, 1],
            &[0x04, 0x80, 0x00, 0x00],
            &[0x30, 0x05, 0x01],
            &[0x1f, 0x01, 0x00],
            &[0x30, 0x80, 0x00],
        ] {
            assert!(single(bad, 0, "x").is_err(), "{bad:02x?}");
        }
        let mut deep = Vec::new();
        for _ in 0..100 {
            deep.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..100 {
            deep.extend_from_slice(&[0, 0]);
        }
        assert!(matches!(single(&deep, 0, "x"), Err(Error::TooLarge { .. })));
    }

    #[test]
    fn dotted_oids() {
        assert_eq!(
            dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03]),
            "1.2.840.113549.1.12.1.3"
        );
    }
}
