//! IIN (individual identification number, ИИН / ЖСН) and BIN (business identification number,
//! БИН / БСН).
//!
//! Both are 12 ASCII digits ending in a mod-11 check digit (see [`check_digit`]).
//!
//! * IIN: `YYMMDD` birth date, a century/sex digit (1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s;
//!   odd male, even female), 4 serial digits, the check digit.
//! * BIN: `YYMM` registration, an entity type digit (4 resident legal entity, 5 non-resident,
//!   6 individual entrepreneur), an attribute digit (0 head office, 1 branch, 2 representative
//!   office, 3 peasant farm), 5 serial digits, the check digit.
//!
//! [`ChecksumPolicy::Strict`] (the default) enforces the check digit and every decoded field;
//! [`ChecksumPolicy::Lenient`] accepts any 12 ASCII digits, because the official NCA test
//! certificates carry IIN `123456789011` and BIN `123456789021`, which fail the check digit.
//! The decoders ([`Iin::birth_date`], [`Bin::entity_type`], ...) return `None` for fields that
//! do not decode, so they are safe on leniently parsed values.

use core::fmt;
use core::str::FromStr;
use std::cell::{Cell, RefCell};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// Longest prefix of an offending value kept in an error.
const MAX_ERROR_VALUE_CHARS: usize = 32;

/// How strictly IIN/BIN check digits (and the decoded date fields) are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecksumPolicy {
    /// Check digit, birth date / registration month and century/sex digit must be valid.
    #[default]
    Strict,
    /// Any 12 ASCII digits are accepted (official NCA test certificates carry IIN
    /// 123456789011 and BIN 123456789021, which fail the check digit).
    Lenient,
}

/// The check digit of the first 11 digits of an IIN or BIN, or `None` if it is undefined.
///
/// `digits11` holds digit *values* (`0..=9`), or ASCII digits (`b'0'..=b'9'`); any other byte
/// gives `None`. The scheme: `c = Σ i·d[i] (i = 1..11) mod 11`; if `c == 10`,
/// `c = Σ w[i]·d[i] mod 11` with `w = 3,4,5,6,7,8,9,10,11,1,2`; if that is still 10 the number
/// cannot be valid (`None`).
///
/// Note the scheme's blind spots: in the first weighting the 11th digit has weight
/// 11 ≡ 0 (mod 11), so changing it alone goes unnoticed unless the sum switches to the
/// second weighting; and a substitution that moves a number between the two weightings can
/// keep the same check digit. Every other single substitution is detected.
pub fn check_digit(digits11: &[u8; 11]) -> Option<u8> {
    let mut d = [0u32; 11];
    for (slot, &b) in d.iter_mut().zip(digits11.iter()) {
        *slot = match b {
            0..=9 => u32::from(b),
            b'0'..=b'9' => u32::from(b - b'0'),
            _ => return None,
        };
    }
    const W2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    let first: u32 = d.iter().zip(1u32..).map(|(x, w)| x * w).sum::<u32>() % 11;
    let c = if first == 10 {
        d.iter().zip(W2.iter()).map(|(x, w)| x * w).sum::<u32>() % 11
    } else {
        first
    };
    if c == 10 {
        None
    } else {
        u8::try_from(c).ok()
    }
}

/// Truncate an offending value for an error message.
fn truncated(s: &str) -> String {
    s.chars().take(MAX_ERROR_VALUE_CHARS).collect()
}

/// 12 ASCII digits, or the reason they are not.
fn twelve_digits(s: &str) -> Result<[u8; 12], &'static str> {
    let b = s.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return Err("not 12 ASCII digits");
    }
    let mut a = [0u8; 12];
    a.copy_from_slice(b);
    Ok(a)
}

/// Verify the check digit of 12 ASCII digits.
fn verify_check_digit(a: &[u8; 12]) -> Result<(), &'static str> {
    let mut first = [0u8; 11];
    first.copy_from_slice(&a[..11]);
    match check_digit(&first) {
        None => Err("check digit undefined (both weightings give 10)"),
        Some(c) if c == a[11] - b'0' => Ok(()),
        Some(_) => Err("check digit mismatch"),
    }
}

/// Two ASCII digits at `i` as a number.
fn two(a: &[u8; 12], i: usize) -> u8 {
    (a[i] - b'0') * 10 + (a[i + 1] - b'0')
}

/// A person's sex, from the IIN's seventh digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Odd century/sex digit (1, 3, 5).
    Male,
    /// Even century/sex digit (2, 4, 6).
    Female,
}

/// A 12-digit IIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iin([u8; 12]);

impl Iin {
    /// Parse under `policy`.
    ///
    /// Strict: 12 ASCII digits, a defined and matching check digit, a century/sex digit in
    /// 1..=6, and a real calendar birth date. Lenient: 12 ASCII digits.
    pub fn parse_with(s: &str, policy: ChecksumPolicy) -> Result<Iin, Error> {
        let err = |reason| Error::InvalidIin {
            value: truncated(s),
            reason,
        };
        let a = twelve_digits(s).map_err(err)?;
        let iin = Iin(a);
        if policy == ChecksumPolicy::Strict {
            verify_check_digit(&a).map_err(err)?;
            if iin.century().is_none() {
                return Err(err("invalid century/sex digit (must be 1..6)"));
            }
            if iin.birth_date().is_none() {
                return Err(err("invalid birth date"));
            }
        }
        Ok(iin)
    }

    /// Parse strictly.
    pub fn parse(s: &str) -> Result<Iin, Error> {
        Self::parse_with(s, ChecksumPolicy::Strict)
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The first year of the birth century (1800, 1900 or 2000), from the seventh digit.
    pub fn century(&self) -> Option<u16> {
        match self.0[6] {
            b'1' | b'2' => Some(1800),
            b'3' | b'4' => Some(1900),
            b'5' | b'6' => Some(2000),
            _ => None,
        }
    }

    /// The sex, from the seventh digit (odd male, even female; `None` for 0, 7, 8, 9).
    pub fn sex(&self) -> Option<Sex> {
        match self.0[6] {
            b'1' | b'3' | b'5' => Some(Sex::Male),
            b'2' | b'4' | b'6' => Some(Sex::Female),
            _ => None,
        }
    }

    /// The birth date (`YYMMDD` plus the century), or `None` if it is not a calendar date.
    pub fn birth_date(&self) -> Option<time::Date> {
        let year = i32::from(self.century()?) + i32::from(two(&self.0, 0));
        let month = time::Month::try_from(two(&self.0, 2)).ok()?;
        time::Date::from_calendar_date(year, month, two(&self.0, 4)).ok()
    }
}

/// What a BIN's fifth digit says the entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// 4 — a resident legal entity.
    ResidentLegalEntity,
    /// 5 — a non-resident legal entity.
    NonResidentLegalEntity,
    /// 6 — an individual entrepreneur in joint enterprise.
    IndividualEntrepreneur,
}

/// What a BIN's sixth digit says the unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinAttribute {
    /// 0 — the head office.
    HeadOffice,
    /// 1 — a branch.
    Branch,
    /// 2 — a representative office.
    RepresentativeOffice,
    /// 3 — a peasant (farm) enterprise.
    PeasantFarm,
}

/// A 12-digit BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bin([u8; 12]);

impl Bin {
    /// Parse under `policy`.
    ///
    /// Strict: 12 ASCII digits, a defined and matching check digit, registration month
    /// 01..=12, entity type digit 4/5/6 and attribute digit 0..=3. Lenient: 12 ASCII digits.
    pub fn parse_with(s: &str, policy: ChecksumPolicy) -> Result<Bin, Error> {
        let err = |reason| Error::InvalidBin {
            value: truncated(s),
            reason,
        };
        let a = twelve_digits(s).map_err(err)?;
        let bin = Bin(a);
        if policy == ChecksumPolicy::Strict {
            verify_check_digit(&a).map_err(err)?;
            if bin.registration_month().is_none() {
                return Err(err("invalid registration month"));
            }
            if bin.entity_type().is_none() {
                return Err(err("invalid entity type digit (must be 4, 5 or 6)"));
            }
            if bin.attribute().is_none() {
                return Err(err("invalid attribute digit (must be 0..3)"));
            }
        }
        Ok(bin)
    }

    /// Parse strictly.
    pub fn parse(s: &str) -> Result<Bin, Error> {
        Self::parse_with(s, ChecksumPolicy::Strict)
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The two-digit registration year (`YY`; the century is not encoded).
    pub fn registration_year_yy(&self) -> u8 {
        two(&self.0, 0)
    }

    /// The registration month, or `None` if digits 3–4 are not 01..=12.
    pub fn registration_month(&self) -> Option<time::Month> {
        time::Month::try_from(two(&self.0, 2)).ok()
    }

    /// The entity type (fifth digit).
    pub fn entity_type(&self) -> Option<EntityType> {
        match self.0[4] {
            b'4' => Some(EntityType::ResidentLegalEntity),
            b'5' => Some(EntityType::NonResidentLegalEntity),
            b'6' => Some(EntityType::IndividualEntrepreneur),
            _ => None,
        }
    }

    /// The attribute (sixth digit).
    pub fn attribute(&self) -> Option<BinAttribute> {
        match self.0[5] {
            b'0' => Some(BinAttribute::HeadOffice),
            b'1' => Some(BinAttribute::Branch),
            b'2' => Some(BinAttribute::RepresentativeOffice),
            b'3' => Some(BinAttribute::PeasantFarm),
            _ => None,
        }
    }

    /// The five serial digits (7–11).
    pub fn serial(&self) -> &str {
        core::str::from_utf8(&self.0[6..11]).unwrap_or("")
    }
}

macro_rules! string_impls {
    ($ty:ident, $what:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = Error;
            /// Strict parse.
            fn from_str(s: &str) -> Result<Self, Error> {
                $ty::parse(s)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        /// Deserializes from a string, **strictly** by default (like [`FromStr`]); inside
        /// the document parsers ([`crate::document`]) the caller's [`ChecksumPolicy`]
        /// applies instead. An invalid value also records the typed error for the
        /// document parser.
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a string of 12 digits (", $what, ")"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        $ty::parse_with(v, deserialize_policy()).map_err(|e| {
                            let msg = e.to_string();
                            stash_error(e);
                            E::custom(msg)
                        })
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

string_impls!(Iin, "IIN");
string_impls!(Bin, "BIN");

thread_local! {
    /// The policy IIN / BIN deserialization applies on this thread (strict unless a
    /// [`PolicyScope`] is active).
    static DE_POLICY: Cell<ChecksumPolicy> = const { Cell::new(ChecksumPolicy::Strict) };
}

fn deserialize_policy() -> ChecksumPolicy {
    DE_POLICY.with(Cell::get)
}

/// While alive, IIN / BIN deserialization on this thread uses the given policy; the previous
/// policy is restored on drop.
pub(crate) struct PolicyScope(ChecksumPolicy);

impl PolicyScope {
    /// Apply `policy` until the returned scope is dropped.
    pub(crate) fn enter(policy: ChecksumPolicy) -> PolicyScope {
        PolicyScope(DE_POLICY.with(|c| c.replace(policy)))
    }
}

impl Drop for PolicyScope {
    fn drop(&mut self) {
        let prev = self.0;
        DE_POLICY.with(|c| c.set(prev));
    }
}

thread_local! {
    /// The first typed error raised inside a serde deserialization on this thread, so that
    /// document parsing can return it instead of serde's stringly error.
    static STASHED: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// Record `e` as the typed cause of the serde error being raised (first one wins).
pub(crate) fn stash_error(e: Error) {
    STASHED.with(|s| {
        if let Ok(mut slot) = s.try_borrow_mut() {
            if slot.is_none() {
                *slot = Some(e);
            }
        }
    });
}

/// Take (and clear) the recorded typed error.
pub(crate) fn take_stashed_error() -> Option<Error> {
    STASHED.with(|s| s.try_borrow_mut().ok().and_then(|mut slot| slot.take()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_values_agree() {
        let ascii = *b"87100840142";
        let mut vals = ascii;
        for v in vals.iter_mut() {
            *v -= b'0';
        }
        assert_eq!(check_digit(&ascii), Some(7));
        assert_eq!(check_digit(&vals), Some(7));
        assert_eq!(check_digit(&[10; 11]), None);
    }
}
