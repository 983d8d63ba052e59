//! X.509 extensions: the one reader of `Extensions` for certificates ([RFC 5280 §4.1.2.9]),
//! CRLs (§5.1.2.7, `crlExtensions [0] EXPLICIT Extensions`) and CRL entries (§5.1.2.6,
//! `crlEntryExtensions Extensions`).
//!
//! ```text
//! Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
//!
//! Extension  ::=  SEQUENCE  {
//!      extnID      OBJECT IDENTIFIER,
//!      critical    BOOLEAN DEFAULT FALSE,
//!      extnValue   OCTET STRING
//!                  -- contains the DER encoding of an ASN.1 value
//!                  -- corresponding to the extension type identified
//!                  -- by extnID
//!      }
//! ```
//!
//! Strict DER (X.690 §10, §11): the list is exactly one non-empty SEQUENCE; every extension
//! is `SEQUENCE { OID, [BOOLEAN TRUE,] OCTET STRING }` with nothing after; `critical` is
//! absent (FALSE) or `0xFF` (TRUE) — an explicitly encoded FALSE is the DEFAULT value
//! written out (X.690 §11.5: "The encoding of a set value or sequence value shall not
//! include an encoding for any component value which is equal to its default value") and is
//! refused, as is any other BOOLEAN octet (§11.1); extnIDs are valid OIDs
//! ([`crate::encoding::check_oid`]); no extnID twice ([RFC 5280 §4.2]: "A certificate MUST NOT
//! include more than one instance of a particular extension"; §5.2 for CRLs); at most
//! `limit` extensions ([`Error::TooLarge`] beyond).
//!
//! The reader does not know what an extension means: callers match [`Extension::oid`]
//! (content octets, compared as bytes) and decode [`Extension::value`] themselves.
//!
//! [RFC 5280 §4.1.2.9]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.9
//! [RFC 5280 §4.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2

use crate::asn1::split_tlv;
use crate::Error;

/// One extension, as encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extension<'a> {
    /// extnID's content octets (a valid OID).
    pub oid: &'a [u8],
    /// critical (absent = FALSE).
    pub critical: bool,
    /// extnValue's content octets (the DER of the extension's value).
    pub value: &'a [u8],
}

/// Read `Extensions` from `list`, which must be exactly one `SEQUENCE SIZE (1..MAX) OF
/// Extension` TLV (for certificates and CRLs: the content of the `[3]` / `[0] EXPLICIT`
/// wrapper; for CRL entries: the field itself).
///
/// Errors: [`Error::Malformed`] (with `what`) for anything the module documentation lists;
/// [`Error::TooLarge`] (with `count_what`) over `limit` extensions.
pub(crate) fn read<'a>(
    what: &'static str,
    count_what: &'static str,
    list: &'a [u8],
    limit: usize,
) -> Result<Vec<Extension<'a>>, Error> {
    let mut out = Vec::new();
    for_each(what, count_what, list, limit, |e| {
        out.push(e);
        Ok(())
    })?;
    Ok(out)
}

/// [`read`] without the `Vec`: calls `visit` on each extension, in order, once the
/// extension has been checked (the list after it is checked only if `visit` returns `Ok`).
/// Allocates nothing itself: for CRL entries, millions per CRL. The duplicate check walks
/// the extensions already read again (at most `limit` of them, each valid by then).
pub(crate) fn for_each<'a>(
    what: &'static str,
    count_what: &'static str,
    list: &'a [u8],
    limit: usize,
    mut visit: impl FnMut(Extension<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let (seq, rest) = split_tlv(what, list)?;
    if seq.tag != 0x30 || !rest.is_empty() {
        return Err(Error::malformed(
            what,
            "extensions: not exactly one SEQUENCE",
        ));
    }
    if seq.content.is_empty() {
        return Err(Error::malformed(what, "empty extensions"));
    }
    let mut count = 0usize;
    let mut body = seq.content;
    while !body.is_empty() {
        if count >= limit {
            return Err(Error::TooLarge {
                what: count_what,
                size: count + 1,
                limit,
            });
        }
        let read_so_far = &seq.content[..seq.content.len() - body.len()];
        let (ext, rest) = split_tlv(what, body)?;
        body = rest;
        let ext = one(what, ext)?;
        if earlier_oids(what, read_so_far).any(|oid| oid == ext.oid) {
            return Err(Error::malformed(
                what,
                format!(
                    "duplicate extension {}",
                    crate::encoding::oid_string(ext.oid).unwrap_or_default()
                ),
            ));
        }
        count += 1;
        visit(ext)?;
    }
    Ok(())
}

/// One `Extension` TLV, checked (see the module documentation).
fn one<'a>(what: &'static str, ext: crate::asn1::Tlv<'a>) -> Result<Extension<'a>, Error> {
    if ext.tag != 0x30 {
        return Err(Error::malformed(what, "extension is not a SEQUENCE"));
    }
    let (oid, rest) = split_tlv(what, ext.content)?;
    if oid.tag != 0x06 {
        return Err(Error::malformed(what, "extnID is not an OBJECT IDENTIFIER"));
    }
    // 2.5.29.n with n < 128 (`55 1D n`: every extension RFC 5280 defines) is a valid OID by
    // construction; skipping the general check keeps CRL entries cheap.
    if !matches!(oid.content, [0x55, 0x1d, n] if *n < 0x80) {
        crate::encoding::check_oid(oid.content)
            .map_err(|e| Error::malformed(what, format!("extnID: {e}")))?;
    }
    let (mut next, mut rest) = split_tlv(what, rest)?;
    let critical = if next.tag == 0x01 {
        match next.content {
            [0xff] => {}
            [0x00] => {
                return Err(Error::malformed(
                    what,
                    "critical FALSE encoded explicitly (DEFAULT, not DER)",
                ))
            }
            _ => return Err(Error::malformed(what, "critical: bad BOOLEAN")),
        }
        (next, rest) = split_tlv(what, rest)?;
        true
    } else {
        false
    };
    if next.tag != 0x04 {
        return Err(Error::malformed(what, "extnValue is not an OCTET STRING"));
    }
    if !rest.is_empty() {
        return Err(Error::malformed(what, "extension: trailing data"));
    }
    Ok(Extension {
        oid: oid.content,
        critical,
        value: next.content,
    })
}

/// The extnIDs of `read`, a run of extensions [`one`] has already accepted.
fn earlier_oids<'a>(what: &'static str, mut read: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    core::iter::from_fn(move || {
        if read.is_empty() {
            return None;
        }
        let (ext, rest) = split_tlv(what, read).ok()?;
        read = rest;
        let (oid, _) = split_tlv(what, ext.content).ok()?;
        Some(oid.content)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::tlv;

    fn ext(oid: &[u8], critical: Option<u8>, value: &[u8]) -> Vec<u8> {
        let mut body = tlv(0x06, oid);
        if let Some(b) = critical {
            body.extend(tlv(0x01, &[b]));
        }
        body.extend(tlv(0x04, value));
        tlv(0x30, &body)
    }

    fn list(exts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &exts.concat())
    }

    #[test]
    fn reads_and_refuses() {
        let a = ext(&[0x55, 0x1d, 0x0e], None, &[0x04, 0x01, 0x07]);
        let b = ext(&[0x55, 0x1d, 0x13], Some(0xff), &[0x30, 0x00]);
        let l = list(&[a.clone(), b.clone()]);
        let got = read("t", "n", &l, 8).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Extension {
                oid: &[0x55, 0x1d, 0x13],
                critical: true,
                value: &[0x30, 0x00]
            }
        );
        assert!(!got[0].critical);
        // Explicit FALSE, a BER TRUE, a duplicate, a padded OID, empty, trailing data,
        // over the limit.
        for bad in [
            list(&[ext(&[0x55, 0x1d, 0x0e], Some(0x00), &[])]),
            list(&[ext(&[0x55, 0x1d, 0x0e], Some(0x01), &[])]),
            list(&[a.clone(), a.clone()]),
            list(&[ext(&[0x55, 0x1d, 0x80, 0x0e], None, &[])]),
            list(&[]),
            [l.clone(), vec![0x05, 0x00]].concat(),
            list(&[tlv(
                0x30,
                &[
                    tlv(0x06, &[0x55, 0x1d, 0x0e]),
                    tlv(0x04, &[]),
                    tlv(0x05, &[]),
                ]
                .concat(),
            )]),
            list(&[tlv(
                0x30,
                &[tlv(0x06, &[0x55, 0x1d, 0x0e]), tlv(0x05, &[])].concat(),
            )]),
        ] {
            assert!(
                matches!(read("t", "n", &bad, 8), Err(Error::Malformed { .. })),
                "{bad:02x?}"
            );
        }
        assert!(matches!(
            read("t", "n", &l, 1),
            Err(Error::TooLarge {
                what: "n",
                size: 2,
                limit: 1
            })
        ));
    }
}
