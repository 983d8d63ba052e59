//! IIN (individual identification number) and BIN (business identification number).
//!
//! SKELETON — the signatures below are the contract; bodies are filled in by the IIN work.

use crate::Error;

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

/// A 12-digit IIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iin([u8; 12]);

impl Iin {
    /// Parse under `policy`.
    pub fn parse_with(s: &str, policy: ChecksumPolicy) -> Result<Iin, Error> {
        let _ = policy;
        let b = s.as_bytes();
        if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
            return Err(Error::InvalidIin {
                value: s.chars().take(32).collect(),
                reason: "not 12 digits",
            });
        }
        let mut a = [0u8; 12];
        a.copy_from_slice(b);
        Ok(Iin(a))
    }
    /// Parse strictly.
    pub fn parse(s: &str) -> Result<Iin, Error> {
        Self::parse_with(s, ChecksumPolicy::Strict)
    }
    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

/// A 12-digit BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bin([u8; 12]);

impl Bin {
    /// Parse under `policy`.
    pub fn parse_with(s: &str, policy: ChecksumPolicy) -> Result<Bin, Error> {
        let _ = policy;
        let b = s.as_bytes();
        if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
            return Err(Error::InvalidBin {
                value: s.chars().take(32).collect(),
                reason: "not 12 digits",
            });
        }
        let mut a = [0u8; 12];
        a.copy_from_slice(b);
        Ok(Bin(a))
    }
    /// Parse strictly.
    pub fn parse(s: &str) -> Result<Bin, Error> {
        Self::parse_with(s, ChecksumPolicy::Strict)
    }
    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}
