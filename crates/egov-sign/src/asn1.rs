//! Minimal strict DER helpers: split a TLV, read the outer fields of a signed structure.
//!
//! Used where the exact bytes matter (the TBS part and AlgorithmIdentifier of certificates
//! and CRLs, X.690 §10 definite-length DER).

use crate::algorithm::AlgorithmIdentifier;
use crate::Error;

/// One DER TLV: its tag byte, its content, and the whole encoding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub whole: &'a [u8],
}

/// Split the first TLV off `input`: **the one definition of a valid DER TLV header** in this
/// crate. Every reader uses it — certificates and CRLs directly, CMS, SPKI, PKCS#8 and the
/// GOST code through [`crate::encoding::DerReader`] / [`crate::encoding::parse_single`].
///
/// X.690 §8.1.2 identifier octets: low tag numbers only (a tag number field of `0x1f`,
/// the high-tag-number form, is refused: no structure this crate reads uses one), and
/// never `0x00` (UNIVERSAL 0 is reserved for the end-of-contents octets of BER's
/// indefinite form, §8.1.5 — so `00 00` is refused). X.690 §10.1 lengths: definite form
/// only (`0x80`, the indefinite form, is refused), minimal (the short form below 128, no
/// leading zero octet in the long form), at most four length octets (`0xff` and `0x85` …
/// `0xfe` are refused); the value must be within `input`.
pub(crate) fn split_tlv<'a>(
    what: &'static str,
    input: &'a [u8],
) -> Result<(Tlv<'a>, &'a [u8]), Error> {
    match header(input) {
        Ok((tag, hdr, len)) => {
            let end = hdr
                .checked_add(len)
                .ok_or_else(|| Error::malformed(what, "length overflow"))?;
            let whole = input
                .get(..end)
                .ok_or_else(|| Error::malformed(what, "length exceeds the data"))?;
            Ok((
                Tlv {
                    tag,
                    content: &whole[hdr..],
                    whole,
                },
                &input[end..],
            ))
        }
        Err(why) => Err(Error::malformed(what, why)),
    }
}

/// The identifier octet, header length and content length of the TLV at the start of
/// `input` (see [`split_tlv`] for the rules), or why it is not DER.
#[inline(always)]
fn header(input: &[u8]) -> Result<(u8, usize, usize), &'static str> {
    let (&tag, rest) = input.split_first().ok_or("unexpected end of data")?;
    if tag & 0x1f == 0x1f {
        return Err("high tag numbers are not supported");
    }
    if tag == 0 {
        return Err("identifier 0x00 (end-of-contents) is not DER");
    }
    let (&first, rest) = rest.split_first().ok_or("unexpected end of data")?;
    if first < 0x80 {
        return Ok((tag, 2, usize::from(first)));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 {
        return Err("indefinite length (BER) is not DER");
    }
    if n > 4 {
        return Err("length too long");
    }
    let bytes = rest.get(..n).ok_or("unexpected end of data")?;
    if bytes[0] == 0 {
        return Err("non-minimal length");
    }
    let len = bytes
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    if len < 0x80 {
        return Err("non-minimal length");
    }
    Ok((tag, 2 + n, len))
}

/// The three fields of a signed X.509 structure (Certificate or CertificateList):
///
/// ```text
/// Certificate  ::=  SEQUENCE  {
///      tbsCertificate       TBSCertificate,
///      signatureAlgorithm   AlgorithmIdentifier,
///      signatureValue       BIT STRING  }
/// ```
/// ([RFC 5280 §4.1]; CertificateList §5.1 has the same shape.)
///
/// [RFC 5280 §4.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1
pub(crate) struct SignedParts<'a> {
    pub tbs: &'a [u8],
    pub algorithm: AlgorithmIdentifier,
    /// The signatureValue's data octets.
    pub signature: &'a [u8],
    /// The signatureValue's number of unused bits (0..=7; the unused bits themselves are
    /// zero, X.690 §11.2.1). Every signature algorithm this crate knows produces whole
    /// octets, so a value other than 0 is a signature that cannot verify ([RFC 5280]
    /// §4.1.1.3 — the certificate is well-formed DER, its signature is invalid).
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
    pub unused_bits: u8,
}

/// Read the outer structure of a certificate or CRL; `input` must be exactly one SEQUENCE.
/// A signatureValue with unused bits is refused (see [`signed_parts_any_bits`] for the
/// reader that reports them instead).
pub(crate) fn signed_parts<'a>(
    what: &'static str,
    input: &'a [u8],
) -> Result<SignedParts<'a>, Error> {
    let parts = signed_parts_any_bits(what, input)?;
    if parts.unused_bits != 0 {
        return Err(Error::malformed(
            what,
            "signature BIT STRING has unused bits",
        ));
    }
    Ok(parts)
}

/// [`signed_parts`], accepting a well-formed DER signatureValue BIT STRING with unused bits
/// (reported in [`SignedParts::unused_bits`]): for certificates, whose bad signature is a
/// finding on the path, not a parse failure.
pub(crate) fn signed_parts_any_bits<'a>(
    what: &'static str,
    input: &'a [u8],
) -> Result<SignedParts<'a>, Error> {
    let (outer, rest) = split_tlv(what, input)?;
    if outer.tag != 0x30 || !rest.is_empty() {
        return Err(Error::malformed(what, "not a single SEQUENCE"));
    }
    let (tbs, rest) = split_tlv(what, outer.content)?;
    if tbs.tag != 0x30 {
        return Err(Error::malformed(what, "TBS is not a SEQUENCE"));
    }
    let (alg, rest) = split_tlv(what, rest)?;
    let algorithm = algorithm_identifier(what, alg)?;
    let (sig, rest) = split_tlv(what, rest)?;
    if sig.tag != 0x03 || !rest.is_empty() {
        return Err(Error::malformed(what, "bad signatureValue"));
    }
    let (unused_bits, signature) = bit_string(what, sig.content)?;
    Ok(SignedParts {
        tbs: tbs.whole,
        algorithm,
        signature,
        unused_bits,
    })
}

/// The (unused bits, data octets) of DER BIT STRING content octets (X.690 §8.6.2.2: at
/// most 7 unused bits, none when there is no data; §11.2.1: the unused bits are zero).
pub(crate) fn bit_string<'a>(
    what: &'static str,
    content: &'a [u8],
) -> Result<(u8, &'a [u8]), Error> {
    let bad = |why: &str| Error::malformed(what, format!("bad BIT STRING: {why}"));
    let (&unused, data) = content
        .split_first()
        .ok_or_else(|| bad("no initial octet"))?;
    if unused > 7 {
        return Err(bad("more than 7 unused bits"));
    }
    match data.last() {
        None if unused != 0 => Err(bad("unused bits without data")),
        Some(last) if last & ((1u8 << unused) - 1) != 0 => {
            Err(bad("unused bits not zero (not DER)"))
        }
        _ => Ok((unused, data)),
    }
}

/// The `signature` AlgorithmIdentifier inside a TBSCertificate or TBSCertList (after the
/// optional version: `[0] EXPLICIT Version` and serialNumber for certificates, `INTEGER`
/// version for CRLs). [RFC 5280 §4.1.1.2] / §5.1.1.2: it must equal the outer one.
///
/// [RFC 5280 §4.1.1.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
pub(crate) fn tbs_signature_algorithm(
    what: &'static str,
    tbs: &[u8],
) -> Result<AlgorithmIdentifier, Error> {
    let (seq, _) = split_tlv(what, tbs)?;
    let (mut field, mut rest) = split_tlv(what, seq.content)?;
    if field.tag == 0xa0 {
        // Certificate: [0] version, then serialNumber.
        let (serial, r) = split_tlv(what, rest)?;
        if serial.tag != 0x02 {
            return Err(Error::malformed(what, "serialNumber is not an INTEGER"));
        }
        (field, rest) = split_tlv(what, r)?;
    } else if field.tag == 0x02 {
        // Certificate v1 (serialNumber first) or CRL v2 (version first): either way the
        // next field is the signature algorithm.
        (field, rest) = split_tlv(what, rest)?;
    }
    let _ = rest;
    algorithm_identifier(what, field)
}

/// Decode an AlgorithmIdentifier TLV.
pub(crate) fn algorithm_identifier(
    what: &'static str,
    tlv: Tlv<'_>,
) -> Result<AlgorithmIdentifier, Error> {
    if tlv.tag != 0x30 {
        return Err(Error::malformed(
            what,
            "AlgorithmIdentifier is not a SEQUENCE",
        ));
    }
    let (oid, rest) = split_tlv(what, tlv.content)?;
    if oid.tag != 0x06 {
        return Err(Error::malformed(
            what,
            "algorithm is not an OBJECT IDENTIFIER",
        ));
    }
    let oid = crate::encoding::oid_from_content(oid.content, what)?;
    let parameters = if rest.is_empty() {
        None
    } else {
        let (p, tail) = split_tlv(what, rest)?;
        if !tail.is_empty() {
            return Err(Error::malformed(
                what,
                "trailing data in AlgorithmIdentifier",
            ));
        }
        Some(p.whole.to_vec())
    };
    Ok(AlgorithmIdentifier { oid, parameters })
}

/// Dotted string of OID content octets (validated, then rendered by
/// [`crate::encoding::oid_string`]).
pub(crate) fn oid_string(what: &'static str, content: &[u8]) -> Result<String, Error> {
    crate::encoding::oid_string(content).ok_or_else(|| match crate::encoding::check_oid(content) {
        Err(e) => Error::malformed(what, e),
        Ok(()) => Error::malformed(what, "bad OBJECT IDENTIFIER"),
    })
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// SHA-256.
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    let d = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// [`crate::inspect::rfc3339`] of unix seconds (UTC); the number itself when it is not a
/// representable instant.
pub(crate) fn rfc3339(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .map(crate::inspect::rfc3339)
        .unwrap_or_else(|_| secs.to_string())
}

/// Unix seconds as a [`crate::Time`] (UTC). Total: every instant [`der_time`] yields (years
/// 0000 to 9999) is inside `Time`'s range and converts exactly; anything beyond saturates to
/// the first or last instant `Time` can hold (`i64::MAX`: "after every X.509 time").
pub(crate) fn time_from_unix(secs: i64) -> crate::Time {
    crate::Time::from_unix_timestamp(secs).unwrap_or(if secs < 0 {
        time::PrimitiveDateTime::MIN.assume_utc()
    } else {
        time::PrimitiveDateTime::MAX.assume_utc()
    })
}

/// A DER `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` in [RFC 5280]'s
/// profile (§4.1.2.5.1 / §5.1.2.4: UTCTime `YYMMDDHHMMSSZ`, YY ≥ 50 is 19YY and YY < 50 is
/// 20YY; §4.1.2.5.2: GeneralizedTime `YYYYMMDDHHMMSSZ`, no fractional seconds, `Z` only) as
/// unix seconds, from its tag and content octets; `None` for anything else, including a
/// date that does not exist.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub(crate) fn der_time(tag: u8, c: &[u8]) -> Option<i64> {
    fn two_digits(b: &[u8]) -> Option<i64> {
        match b {
            [h @ b'0'..=b'9', l @ b'0'..=b'9'] => Some(i64::from((h - b'0') * 10 + (l - b'0'))),
            _ => None,
        }
    }
    let (year, rest) = match (tag, c.len()) {
        (0x17, 13) => {
            let yy = two_digits(c.get(0..2)?)?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, c.get(2..)?)
        }
        (0x18, 15) => {
            let hi = two_digits(c.get(0..2)?)?;
            let lo = two_digits(c.get(2..4)?)?;
            (hi * 100 + lo, c.get(4..)?)
        }
        _ => return None,
    };
    // rest = MMDDHHMMSSZ
    if rest.get(10) != Some(&b'Z') {
        return None;
    }
    let f = |i: usize| rest.get(i..i + 2).and_then(two_digits);
    let (mo, d, h, mi, s) = (f(0)?, f(2)?, f(4)?, f(6)?, f(8)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let mdays = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > mdays || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(days_from_civil(year, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_to_time_is_exact_inside_and_saturates_outside() {
        use time::macros::datetime;
        assert_eq!(time_from_unix(0), datetime!(1970-01-01 00:00 UTC));
        // The extremes der_time can yield: 0000-01-01 and 9999-12-31T23:59:59.
        for (tag, text, want) in [
            (0x18, "00000101000000Z", datetime!(0000-01-01 00:00 UTC)),
            (0x18, "99991231235959Z", datetime!(9999-12-31 23:59:59 UTC)),
            (0x17, "491231235959Z", datetime!(2049-12-31 23:59:59 UTC)),
            (0x17, "500101000000Z", datetime!(1950-01-01 00:00 UTC)),
        ] {
            let secs = der_time(tag, text.as_bytes()).unwrap();
            assert_eq!(time_from_unix(secs), want, "{text}");
        }
        assert_eq!(
            time_from_unix(i64::MAX),
            time::PrimitiveDateTime::MAX.assume_utc()
        );
        assert_eq!(
            time_from_unix(i64::MIN),
            time::PrimitiveDateTime::MIN.assume_utc()
        );
    }

    #[test]
    fn tlv_rejects_ber_and_non_minimal() {
        assert!(split_tlv("t", &[0x00, 0x00]).is_err());
        assert!(split_tlv("t", &[0x1f, 0x01, 0x00]).is_err());
        assert!(split_tlv("t", &[0x04, 0x85, 0, 0, 0, 0, 1, 0]).is_err());
        assert!(split_tlv("t", &[0x30, 0x80, 0, 0]).is_err());
        assert!(split_tlv("t", &[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]).is_err());
        assert!(split_tlv("t", &[0x04, 0x82, 0x00, 0x81]).is_err());
        assert!(split_tlv("t", &[0x04, 0x03, 1, 2]).is_err());
        let (t, rest) = split_tlv("t", &[0x04, 0x02, 1, 2, 9]).unwrap();
        assert_eq!((t.tag, t.content, rest), (4, &[1u8, 2][..], &[9u8][..]));
    }
}
