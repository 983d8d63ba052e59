//! # egov-sign
//!
//! Build, sign and verify the request and result documents of Kazakhstan's housing
//! e-services (registration in the queue for state housing, the справка about having / not
//! having state housing, privatization of state housing), received through the e-gov portal,
//! a Government-for-Citizens centre (ЦОН) or the provider's own office.
//!
//! Documents travel as CMS `SignedData` (RFC 5652) envelopes signed with certificates of the
//! Kazakh NCA profile. Verification is fail-closed: the whole path to a configured trust
//! anchor is validated at a chosen time, every CRL's signature is checked once when it is
//! loaded, `nextUpdate` is enforced, missing revocation data makes the result
//! `indeterminate`, and the regulations' identity rules (IIN / BIN / role per channel) are
//! applied. Hostile input never panics: every external input has a size limit
//! ([`limits`]) and malformed input is a typed [`Error`].
//!
//! Data flows one way:
//!
//! ```text
//! bytes (DER | PEM | base64)
//!   → cms        parse SignedData, strict DER, limits
//!   → signature  signed attributes + messageDigest + ring verify
//!   → path       build signer → anchor, check every link
//!   → revocation one lookup per certificate in each indexed CRL of its issuer (revocation.rs)
//!   → identity   the regulations' rules for the document's channel
//!   → report     indication + findings + signer + chain + document
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]

pub mod algorithm;
mod asn1;
pub mod cache;
pub mod certificate;
pub mod cms;
pub mod crl;
pub mod document;
pub mod encoding;
mod error;
pub mod evidence;
mod extension;
pub mod gost;
pub mod identity;
pub mod iin;
pub mod inspect;
pub mod limits;
pub mod messages;
mod name;
pub mod nca;
pub mod ocsp;
pub mod oid;
pub mod path;
pub mod pkcs12;
pub mod policy;
pub mod report;
pub mod revocation;
mod tbs;
#[cfg(feature = "test-pki")]
pub mod test_pki;
pub mod tsp;
pub mod verifier;
pub mod xml;
pub mod xml_document;

pub use error::Error;

/// An instant in UTC, as used everywhere in this crate (verification time, validity,
/// signing time).
pub type Time = time::OffsetDateTime;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
