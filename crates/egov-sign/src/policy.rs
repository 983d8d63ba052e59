//! Verification policy: time, revocation scope, IIN strictness, configured organisations.
//!
//! Every default fails closed: revocation is required for the whole path, IIN/BIN check
//! digits are strict, signing keys are required for documents, and no ЦОН operator or
//! provider organisation is trusted until configured.

use core::fmt;
use core::str::FromStr;
use std::sync::Arc;

use crate::document::{Calendar, ServiceRules};
use crate::iin::{Bin, ChecksumPolicy};
use crate::path::AlgorithmFamily;
use crate::tsp::TsaRevocation;
use crate::verifier::DocumentKind;
use crate::{Error, Time};

/// Which certificates of a path must have revocation status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RevocationScope {
    /// Every certificate but the trust anchor (default; fail closed).
    #[default]
    Chain,
    /// Only the end-entity (signer) certificate.
    EndEntity,
    /// None: revocation is not checked (explicit relaxation; reports still say so).
    None,
}

impl RevocationScope {
    /// Parse `chain`, `end-entity`, `none`.
    pub fn parse(s: &str) -> Option<RevocationScope> {
        s.parse().ok()
    }
}

/// The instant a verification is made at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerificationTime {
    /// The system clock (`OffsetDateTime::now_utc()`); on wasm32 pass [`VerificationTime::At`]
    /// instead.
    #[default]
    Now,
    /// A given instant.
    At(Time),
    /// The signed signingTime attribute (indeterminate when the envelope has none). The
    /// signer's claim proves nothing: a signature that is not valid now is at best
    /// indeterminate (SIGNING_TIME_UNPROVEN) unless a signature-time-stamp token proves the
    /// time.
    SigningTime,
    /// The time proven by the signer's signature-time-stamp token ([RFC 3161]): genTime plus
    /// its accuracy, the token verified against the verifier's TSA anchors over the
    /// SignerInfo's signature value. A revocation after it does not invalidate, one before
    /// it does. No token: TIMESTAMP_MISSING; no token that verifies: TIMESTAMP_INVALID (both
    /// indeterminate; the path is then checked now).
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    Timestamp,
}

impl VerificationTime {
    /// Resolve to an instant (`signing_time` is the envelope's, if any). `None` if the
    /// signing time is wanted but missing.
    pub fn resolve(self, signing_time: Option<Time>) -> Option<Time> {
        match self {
            VerificationTime::Now => Some(Time::now_utc()),
            VerificationTime::At(t) => Some(t),
            VerificationTime::SigningTime => signing_time,
            // Resolved by the verifier from the time-stamp token.
            VerificationTime::Timestamp => None,
        }
    }
}

/// What the end certificate's key usage must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyUsageRequirement {
    /// A signing key: digitalSignature + nonRepudiation (authentication keys refused).
    #[default]
    Sign,
    /// No requirement on the end certificate's key usage.
    Any,
}

/// The verification policy of a [`crate::verifier::Verifier`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Which certificates need revocation status.
    pub revocation: RevocationScope,
    /// IIN/BIN strictness (in certificates and documents).
    pub checksum: ChecksumPolicy,
    /// BINs of the ЦОН (Government for Citizens) organisations whose employees may sign
    /// requests on the `con` channel.
    pub operator_bins: Vec<Bin>,
    /// BINs of the service providers: employees sign `provider` requests, officials sign
    /// results. Empty (the default): every result is refused with `PROVIDER_NOT_CONFIGURED`
    /// (only the provider's authorized person signs results, 000:199, 002:54).
    pub provider_bins: Vec<Bin>,
    /// Key usage demanded of document signers (requests and results).
    pub document_key_usage: KeyUsageRequirement,
    /// The services' channels and deadlines (default: the seeds, [`ServiceRules::default`]).
    pub rules: ServiceRules,
    /// The working-day calendar (default: the embedded calendar of the Republic of
    /// Kazakhstan 2015–2027, [`Calendar::kazakhstan`]; load more years or replace them
    /// with [`Calendar::load_year_json`]).
    pub calendar: Arc<Calendar>,
    /// The key families whose certificate signatures path building checks at all
    /// (`crate::path`). `None` (the default): the key families of the configured trust
    /// anchors and intermediates — an issuer with a key of any other family (say a GOST-512
    /// look-alike of a CA, on a verifier whose anchors are all P-256) is never checked,
    /// and the edge is reported `CHAIN_UNTRUSTED`. Set it to accept more families (an
    /// anchor that certifies CAs of another family, carried only in envelopes) or fewer.
    pub path_key_families: Option<Vec<AlgorithmFamily>>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            revocation: RevocationScope::Chain,
            checksum: ChecksumPolicy::Strict,
            operator_bins: Vec::new(),
            provider_bins: Vec::new(),
            document_key_usage: KeyUsageRequirement::Sign,
            rules: ServiceRules::default(),
            calendar: Calendar::kazakhstan(),
            path_key_families: None,
        }
    }
}

/// Which revocation evidence the verifier uses: CRLs, OCSP responses, or
/// either. With `Any` (the default) a good answer from either source is enough on its own,
/// and a revocation from either source wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RevocationSource {
    /// CRLs only.
    Crl,
    /// OCSP responses only.
    Ocsp,
    /// Either (default).
    #[default]
    Any,
}

impl RevocationSource {
    /// Parse `crl`, `ocsp`, `any`.
    pub fn parse(s: &str) -> Option<RevocationSource> {
        s.parse().ok()
    }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// A name that is not one of those an option accepts: the error of the [`FromStr`] impls of
/// the option enums ([`RevocationScope`], [`RevocationSource`], [`KeyUsageRequirement`],
/// [`VerificationTime`], [`ChecksumPolicy`], [`TsaRevocation`], [`DocumentKind`],
/// [`crate::report::Lang`], [`crate::document::Service`], [`crate::document::Channel`]),
/// which the CLI and the bindings use instead of their own tables. Its text names what
/// was parsed and lists the accepted names; as an [`Error`] it is [`Error::Config`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was parsed ("revocation scope", "language", …).
    pub what: &'static str,
    /// The refused text (its first 32 characters).
    pub got: String,
    /// The accepted names.
    pub accepted: &'static [&'static str],
}

impl UnknownName {
    /// `got` is not one of `accepted` for `what`.
    pub fn new(what: &'static str, got: &str, accepted: &'static [&'static str]) -> Self {
        UnknownName {
            what,
            got: got.chars().take(32).collect(),
            accepted,
        }
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}: expected ", self.what, self.got)?;
        for (i, name) in self.accepted.iter().enumerate() {
            match i {
                0 => {}
                _ if i + 1 == self.accepted.len() => f.write_str(" or ")?,
                _ => f.write_str(", ")?,
            }
            write!(f, "'{name}'")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownName {}

impl From<UnknownName> for Error {
    fn from(e: UnknownName) -> Error {
        Error::Config {
            detail: e.to_string(),
        }
    }
}

/// `NAMES`, `as_str`, [`FromStr`] (exact names) and [`fmt::Display`] of a fieldless enum.
macro_rules! names {
    ($ty:ident, $what:literal, { $( $variant:ident => $name:literal, )+ }) => {
        impl $ty {
            /// The accepted names, in declaration order ([`FromStr`], [`fmt::Display`]).
            pub const NAMES: &'static [&'static str] = &[ $( $name, )+ ];

            /// The stable name.
            pub fn as_str(self) -> &'static str {
                match self { $( $ty::$variant => $name, )+ }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $( $name => Ok($ty::$variant), )+
                    _ => Err(UnknownName::new($what, s, $ty::NAMES)),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

names!(RevocationScope, "revocation scope", {
    Chain => "chain",
    EndEntity => "end-entity",
    None => "none",
});

names!(RevocationSource, "revocation source", {
    Crl => "crl",
    Ocsp => "ocsp",
    Any => "any",
});

names!(KeyUsageRequirement, "key usage requirement", {
    Sign => "sign",
    Any => "any",
});

names!(ChecksumPolicy, "IIN/BIN checksum policy", {
    Strict => "strict",
    Lenient => "lenient",
});

names!(TsaRevocation, "TSA revocation mode", {
    Warn => "warn",
    Require => "require",
    Skip => "skip",
});

names!(DocumentKind, "document kind", {
    Request => "request",
    Result => "result",
    Any => "any",
    Receipt => "receipt",
});

impl VerificationTime {
    /// The names [`FromStr`] accepts besides an [RFC 3339] instant.
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub const NAMES: &'static [&'static str] = &["now", "signing-time", "timestamp"];
}

/// `now`, `signing-time`, `timestamp`, or an [RFC 3339] instant ([`VerificationTime::At`]).
///
/// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
impl FromStr for VerificationTime {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        const ACCEPTED: &[&str] = &["now", "signing-time", "timestamp", "an RFC 3339 instant"];
        match s {
            "now" => Ok(VerificationTime::Now),
            "signing-time" => Ok(VerificationTime::SigningTime),
            "timestamp" => Ok(VerificationTime::Timestamp),
            _ if s.len() <= 64 => Time::parse(s, &time::format_description::well_known::Rfc3339)
                .map(VerificationTime::At)
                .map_err(|_| UnknownName::new("verification time", s, ACCEPTED)),
            _ => Err(UnknownName::new("verification time", s, ACCEPTED)),
        }
    }
}

/// The name [`FromStr`] reads back; `At` as [RFC 3339].
///
/// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
impl fmt::Display for VerificationTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerificationTime::Now => f.write_str("now"),
            VerificationTime::SigningTime => f.write_str("signing-time"),
            VerificationTime::Timestamp => f.write_str("timestamp"),
            VerificationTime::At(t) => {
                match t.format(&time::format_description::well_known::Rfc3339) {
                    Ok(text) => f.write_str(&text),
                    // Outside RFC 3339's years: the time crate's own form.
                    Err(_) => write!(f, "{t}"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name parses to a value whose name it is, every value has a name, and a
    /// near miss is refused with the accepted names listed.
    fn round_trip<T>(all: &[T], names: &[&str], near_miss: &str)
    where
        T: FromStr<Err = UnknownName> + fmt::Display + PartialEq + fmt::Debug,
    {
        assert_eq!(all.len(), names.len());
        for (v, name) in all.iter().zip(names) {
            assert_eq!(&name.parse::<T>().unwrap(), v);
            assert_eq!(v.to_string(), *name);
        }
        let e = near_miss.parse::<T>().unwrap_err();
        assert_eq!(e.got, near_miss);
        for name in names {
            assert!(e.to_string().contains(&format!("'{name}'")), "{e}");
        }
        assert!("".parse::<T>().is_err());
    }

    #[test]
    fn option_names_round_trip() {
        use RevocationScope as S;
        round_trip(&[S::Chain, S::EndEntity, S::None], S::NAMES, "end_entity");
        use RevocationSource as R;
        round_trip(&[R::Crl, R::Ocsp, R::Any], R::NAMES, "CRL");
        use KeyUsageRequirement as K;
        round_trip(&[K::Sign, K::Any], K::NAMES, "signing");
        use ChecksumPolicy as C;
        round_trip(&[C::Strict, C::Lenient], C::NAMES, "strict ");
        use TsaRevocation as T;
        round_trip(&[T::Warn, T::Require, T::Skip], T::NAMES, "required");
        use DocumentKind as D;
        round_trip(
            &[D::Request, D::Result, D::Any, D::Receipt],
            D::NAMES,
            "requests",
        );
        // The older Option-returning parsers agree.
        assert_eq!(S::parse("end-entity"), Some(S::EndEntity));
        assert_eq!(R::parse("ocsp"), Some(R::Ocsp));
        assert_eq!(T::parse("skip"), Some(T::Skip));
        assert_eq!(S::parse("chain "), None);
    }

    #[test]
    fn verification_time_names_and_instants() {
        use VerificationTime as V;
        round_trip(
            &[V::Now, V::SigningTime, V::Timestamp],
            V::NAMES,
            "signing_time",
        );
        let t: V = "2025-03-03T09:15:00Z".parse().unwrap();
        assert_eq!(t, V::At(time::macros::datetime!(2025-03-03 09:15 UTC)));
        assert_eq!(t.to_string(), "2025-03-03T09:15:00Z");
        assert_eq!(t.to_string().parse::<V>().unwrap(), t);
        for bad in [
            "2025-03-03",
            "2025-03-03T09:15:00",
            "yesterday",
            &"9".repeat(100),
        ] {
            let e = bad.parse::<V>().unwrap_err();
            assert!(e.to_string().contains("an RFC 3339 instant"), "{e}");
            assert!(e.got.chars().count() <= 32);
        }
    }

    #[test]
    fn unknown_name_text_and_error() {
        let e = "sometimes".parse::<RevocationScope>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown revocation scope \"sometimes\": expected 'chain', 'end-entity' or 'none'"
        );
        assert!(matches!(Error::from(e), Error::Config { detail } if detail.contains("'none'")));
        let e = "x".parse::<KeyUsageRequirement>().unwrap_err();
        assert!(e.to_string().ends_with("expected 'sign' or 'any'"), "{e}");
    }
}
