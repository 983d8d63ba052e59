//! The strict JSON reader (size, depth, duplicate keys) and the wire formats of hashes,
//! dates and instants.

use core::fmt;
use std::borrow::Cow;
use std::collections::HashSet;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;

use super::check::truncate;
use crate::iin::{stash_error, take_stashed_error, ChecksumPolicy, PolicyScope};
use crate::limits::{MAX_JSON_DEPTH, MAX_JSON_SIZE};
use crate::Error;

/// Size limit, then typed deserialization; when that fails, the duplicate-key and depth
/// scan ([`Scan`]) runs and its error, if any, wins — so the error for a document is the
/// same as if the scan ran first. A typed error raised inside serde (bad IIN / BIN under
/// `policy`, bad schema version) wins over serde's text.
///
/// The scan is not needed when the typed pass succeeds: every object of the schema is a
/// derived struct with `deny_unknown_fields` (serde's derive rejects a repeated field, and
/// the two internally tagged enums reject a repeated tag), so no document with a repeated
/// key or an unknown field deserializes, and the schema's own nesting is far below
/// [`MAX_JSON_DEPTH`]. `duplicate_keys_rejected_at_every_level` checks this on every
/// object of every sample document.
pub(super) fn parse_strict<T: DeserializeOwned>(
    bytes: &[u8],
    policy: ChecksumPolicy,
) -> Result<T, Error> {
    if bytes.len() > MAX_JSON_SIZE {
        return Err(Error::TooLarge {
            what: "JSON document",
            size: bytes.len(),
            limit: MAX_JSON_SIZE,
        });
    }
    let _ = take_stashed_error();
    let json_err = |e: serde_json::Error| {
        take_stashed_error().unwrap_or(Error::Json {
            detail: e.to_string(),
        })
    };
    let typed = {
        let _scope = PolicyScope::enter(policy);
        serde_json::from_slice(bytes).map_err(json_err)
    };
    let typed_err = match typed {
        Ok(doc) => return Ok(doc),
        Err(e) => e,
    };
    let _ = take_stashed_error();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    Scan { depth: 0 }.deserialize(&mut de).map_err(json_err)?;
    de.end().map_err(json_err)?;
    Err(typed_err)
}

/// Walks any JSON value without building it, failing on a repeated key in any object and on
/// nesting deeper than [`MAX_JSON_DEPTH`].
#[derive(Clone, Copy)]
struct Scan {
    depth: usize,
}

impl Scan {
    fn enter<E: de::Error>(self) -> Result<Scan, E> {
        let depth = self.depth + 1;
        if depth > MAX_JSON_DEPTH {
            stash_error(Error::TooLarge {
                what: "JSON nesting depth",
                size: depth,
                limit: MAX_JSON_DEPTH,
            });
            return Err(E::custom("JSON nested too deeply"));
        }
        Ok(Scan { depth })
    }
}

impl<'de> DeserializeSeed<'de> for Scan {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        // Small objects (all of the schema's) are checked by a linear scan over borrowed
        // keys; past SMALL keys a hash set takes over, so a hostile object with many keys
        // stays linear.
        const SMALL: usize = 16;
        let mut few: Vec<Cow<'de, str>> = Vec::new();
        let mut many: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(k) = map.next_key_seed(Key)? {
            let dup = if many.is_empty() {
                few.contains(&k)
            } else {
                many.contains(&k)
            };
            if dup {
                return Err(de::Error::custom(format_args!(
                    "duplicate key {:?}",
                    truncate(&k)
                )));
            }
            map.next_value_seed(inner)?;
            if many.is_empty() && few.len() < SMALL {
                few.push(k);
            } else {
                many.extend(few.drain(..));
                many.insert(k);
            }
        }
        Ok(())
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// `[u8; 32]` as 64 lowercase hex digits.
pub(super) mod hex32 {
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(64);
        for b in v {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        s.serialize_str(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let b = s.as_bytes();
        if b.len() != 64 {
            return Err(de::Error::custom("SHA-256 must be 64 lowercase hex digits"));
        }
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
            match (nibble(pair[0]), nibble(pair[1])) {
                (Some(h), Some(l)) => *o = (h << 4) | l,
                _ => return Err(de::Error::custom("SHA-256 must be 64 lowercase hex digits")),
            }
        }
        Ok(out)
    }
}

/// `time::Date` as `YYYY-MM-DD` ([RFC 3339 §5.6] `full-date`: four-digit year, two-digit
/// month and day, a real calendar date).
///
/// Read and written by hand: `time`'s format-description interpreter
/// (`Date::parse` / `Date::format` with `[year]-[month]-[day]`) links ~50 KB into the WASM
/// module for this one format.
///
/// [RFC 3339 §5.6]: https://www.rfc-editor.org/rfc/rfc3339#section-5.6
pub(super) mod ymd {
    use serde::{de, Deserialize, Deserializer, Serializer};
    use time::{Date, Month};

    /// `YYYY-MM-DD` (exactly 10 ASCII characters) → the date, `None` if it is not one.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |digits: &[u8]| {
            digits.iter().try_fold(0u16, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        let year = i32::from(num(&b[..4])?);
        let month = Month::try_from(u8::try_from(num(&b[5..7])?).ok()?).ok()?;
        let day = u8::try_from(num(&b[8..])?).ok()?;
        Date::from_calendar_date(year, month, day).ok()
    }

    /// The date as `YYYY-MM-DD` (a negative year, which no document can carry, as `-YYYY`).
    pub fn format(d: Date) -> String {
        let (year, month, day) = (d.year(), u8::from(d.month()), d.day());
        if year < 0 {
            format!("-{:04}-{month:02}-{day:02}", year.unsigned_abs())
        } else {
            format!("{year:04}-{month:02}-{day:02}")
        }
    }

    pub fn serialize<S: Serializer>(v: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse(&s).ok_or_else(|| {
            de::Error::custom(format_args!(
                "bad date {:?}: expected YYYY-MM-DD, a calendar date",
                super::truncate(&s)
            ))
        })
    }

    /// A present date (`null` is refused like any other non-date); an absent field is
    /// `#[serde(default)]`'s `None`.
    pub fn deserialize_some<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        deserialize(d).map(Some)
    }
}

/// `OffsetDateTime` as [RFC 3339], UTC only (`Z` or `+00:00` on input, `Z` on output).
///
/// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
pub(super) mod rfc3339_utc {
    use serde::{de, Deserialize, Deserializer, Serializer};
    use time::format_description::well_known::Rfc3339;
    use time::{OffsetDateTime, UtcOffset};

    pub fn serialize<S: Serializer>(v: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let text = v.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if s.len() > 40 {
            return Err(de::Error::custom("timestamp too long"));
        }
        let t = OffsetDateTime::parse(&s, &Rfc3339)
            .map_err(|e| de::Error::custom(format_args!("bad RFC 3339 timestamp: {e}")))?;
        if t.offset() != UtcOffset::UTC {
            return Err(de::Error::custom("timestamp must be in UTC"));
        }
        Ok(t)
    }

    /// A present timestamp (`null` is refused like any other non-timestamp); an absent
    /// field is `#[serde(default)]`'s `None`.
    pub fn deserialize_some<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        deserialize(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Receipt, Request, ResultDocument};

    const STRICT: ChecksumPolicy = ChecksumPolicy::Strict;

    fn err<T: DeserializeOwned + fmt::Debug>(json: &str) -> Error {
        parse_strict::<T>(json.as_bytes(), STRICT).unwrap_err()
    }

    #[test]
    fn size_is_checked_before_parsing() {
        let big = vec![b'{'; MAX_JSON_SIZE + 1];
        assert!(matches!(
            err::<Request>(core::str::from_utf8(&big).unwrap()),
            Error::TooLarge {
                what: "JSON document",
                limit: MAX_JSON_SIZE,
                ..
            }
        ));
    }

    #[test]
    fn a_repeated_key_is_refused_at_any_depth() {
        for json in [
            r#"{"schema_version":"1","schema_version":"1"}"#,
            r#"{"applicant":{"iin":"871008401427","iin":"871008401427"}}"#,
            r#"{"x":[{"a":1},{"b":2,"b":3}]}"#,
        ] {
            for e in [
                err::<Request>(json),
                err::<ResultDocument>(json),
                err::<Receipt>(json),
            ] {
                assert!(e.to_string().contains("duplicate key"), "{json}: {e}");
            }
        }
        // The same key in sibling objects is fine for the scan (the typed error remains).
        let e = err::<Request>(r#"{"x":{"a":1},"y":{"a":1}}"#);
        assert!(!e.to_string().contains("duplicate key"), "{e}");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_by_the_scan() {
        let deep = format!(
            r#"{{"x":{}{}}}"#,
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        assert!(matches!(
            err::<Request>(&deep),
            Error::TooLarge {
                what: "JSON nesting depth",
                ..
            }
        ));
        // One level less is only the unknown field it is.
        let ok_depth = format!(
            r#"{{"x":{}{}}}"#,
            "[".repeat(MAX_JSON_DEPTH - 1),
            "]".repeat(MAX_JSON_DEPTH - 1)
        );
        assert!(matches!(err::<Request>(&ok_depth), Error::Json { .. }));
    }

    #[test]
    fn typed_errors_win_over_serde_text() {
        // A schema version other than "1" and a bad IIN are the crate's typed errors.
        assert!(matches!(
            err::<Request>(r#"{"schema_version":"2"}"#),
            Error::InvalidDocument { field, .. } if field == "schema_version"
        ));
        let e = err::<Request>(
            r#"{"schema_version":"1","service":"housing_queue","channel":"portal","applicant":{"iin":"871008401428","name":"x"}}"#,
        );
        assert!(!matches!(e, Error::Json { .. }), "{e:?}");
        // Trailing data and non-JSON are serde's.
        assert!(matches!(err::<Request>("{} {}"), Error::Json { .. }));
        assert!(matches!(err::<Request>("\u{feff}{}"), Error::Json { .. }));
    }

    #[test]
    fn wire_forms() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct W {
            #[serde(with = "hex32")]
            h: [u8; 32],
            #[serde(with = "ymd")]
            d: time::Date,
            #[serde(with = "rfc3339_utc")]
            t: time::OffsetDateTime,
        }
        let ok = |h: &str, d: &str, t: &str| {
            let json = format!(r#"{{"h":"{h}","d":"{d}","t":"{t}"}}"#);
            parse_strict::<W>(json.as_bytes(), STRICT).is_ok()
        };
        let h = "0123456789abcdef".repeat(4);
        assert!(ok(&h, "2025-03-03", "2025-03-03T09:15:00Z"));
        assert!(ok(&h, "2025-03-03", "2025-03-03T09:15:00+00:00"));
        // Uppercase hex, a short hash, a date without padding, a local offset: refused.
        assert!(!ok(&h.to_uppercase(), "2025-03-03", "2025-03-03T09:15:00Z"));
        assert!(!ok(&h[..62], "2025-03-03", "2025-03-03T09:15:00Z"));
        assert!(!ok(&h, "2025-3-3", "2025-03-03T09:15:00Z"));
        assert!(!ok(&h, "2025-03-03", "2025-03-03T14:15:00+05:00"));
    }

    /// The hand-written date reader and writer accept and write exactly what `time`'s
    /// `[year]-[month]-[day]` did (the format description they replace).
    #[test]
    fn dates_read_and_write_as_the_time_format_description_did() {
        const F: &[time::format_description::BorrowedFormatItem<'static>] =
            time::macros::format_description!("[year]-[month]-[day]");
        let time_parse = |s: &str| {
            if s.len() != 10 {
                return None;
            }
            time::Date::parse(s, F).ok()
        };
        let mut texts: Vec<String> = Vec::new();
        for y in [0, 1, 99, 999, 1900, 2000, 2023, 2024, 2100, 9999] {
            for m in 0..=13 {
                for d in 0..=32 {
                    texts.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        for t in [
            "2025-3-03",
            "2025-03-3",
            "+025-03-03",
            "-025-03-03",
            "2025/03/03",
            " 025-03-03",
            "2025-03-03 ",
            "2025-03-0a",
            "2025-+3-03",
            "2025-03-+3",
            "20250-3-03",
            "",
            "٢٠٢٥-03-03",
            "2025-03-03T",
            "0000-00-00",
            "2025--3-03",
            "2025-03--3",
            "2o25-03-03",
        ] {
            texts.push(t.into());
        }
        let mut accepted = 0;
        for t in &texts {
            let ours = ymd::parse(t);
            assert_eq!(ours, time_parse(t), "{t:?}");
            if let Some(d) = ours {
                accepted += 1;
                assert_eq!(ymd::format(d), *t);
                assert_eq!(ymd::format(d), d.format(F).unwrap());
            }
        }
        assert!(accepted > 3000, "{accepted}");
        // Leap days.
        assert!(ymd::parse("2024-02-29").is_some());
        assert!(ymd::parse("2023-02-29").is_none());
        assert!(ymd::parse("1900-02-29").is_none());
        assert!(ymd::parse("2000-02-29").is_some());
        // A negative year (no document carries one) is written as time wrote it.
        let d = time::Date::from_calendar_date(-44, time::Month::March, 15).unwrap();
        assert_eq!(ymd::format(d), d.format(F).unwrap());
    }
}
