//! # egov-sign
//!
//! Build, sign and verify the request and result documents of Kazakhstan's housing
//! e-services (registration in the queue for state housing, the справка about having / not
//! having state housing, privatization of state housing), received through the e-gov portal,
//! a Government-for-Citizens centre (ЦОН) or the provider's own office.
//!
//! Documents travel as CMS `SignedData` ([RFC 5652]) envelopes, or as enveloped XML
//! signatures ([XMLDSig 1.1]), signed with certificates of the Kazakh NCA profile.
//! Verification is fail-closed: the whole path to a configured trust anchor is validated at a
//! chosen time, every CRL's signature is checked once when it is loaded, `nextUpdate` is
//! enforced, missing revocation data makes the result `indeterminate`, and the regulations'
//! identity rules (IIN / BIN / role per channel) are applied. Hostile input never panics:
//! every external input has a size and work limit ([`limits`]) and malformed input is a typed
//! [`Error`].
//!
//! [RFC 5652]: https://www.rfc-editor.org/rfc/rfc5652
//! [XMLDSig 1.1]: https://www.w3.org/TR/xmldsig-core1/
//!
//! ## The API
//!
//! Everything most users need is at the crate root:
//!
//! | to … | use |
//! |---|---|
//! | verify a request / result / any envelope | [`Verifier`] (built by [`VerifierBuilder`]), [`VerifyOptions`], [`Policy`], [`VerificationTime`] |
//! | read the outcome | [`Report`], [`Finding`], [`Code`], [`Indication`], [`Lang`] (refusal texts in ru / kk / en) |
//! | build documents | [`Request`], [`ResultDocument`], [`Document`], [`Channel`], [`Service`] (and [`document`] for the rest of the model) |
//! | sign | [`sign`], [`cosign`], [`SignOptions`], [`SigningKey`], [`KeyStore`] (PKCS #12), [`sign_document_xml`] |
//! | certificates, CRLs, identifiers | [`Certificate`], [`Crl`], [`Iin`], [`Bin`], [`ChecksumPolicy`] |
//! | an envelope as data | [`Envelope`], [`SignerInfo`] |
//! | time | [`Time`] (one instant type everywhere) |
//!
//! Less common needs have their module: [`tsp`] ([RFC 3161] time-stamps), [`ocsp`] ([RFC 6960]),
//! [`evidence`] (time-stamp / OCSP helpers for the bindings and the CLI), [`xml`] (XML
//! signatures), [`crl`], [`cms`], [`document`], [`report`], [`limits`], [`inspect`] (descriptions of
//! certificates, CRLs, envelopes and key stores).
//!
//! ## Data flow of a verification
//!
//! [`Verifier`] runs these stages (`verifier/stages.rs`, one function each, documented with the
//! codes it can emit); none returns early once the envelope has parsed, so a report says
//! everything that is wrong:
//!
//! ```text
//! bytes (DER | PEM | base64 | XML)
//!   → embedded certificates  parsed once (strict DER, limits, cache by hash)
//!   → document               the signed content read as the expected kind (strict JSON / XML)
//!   → for each signer:
//!       → time               now, a given instant, signingTime (reported, never proof) or a
//!                            verified RFC 3161 time-stamp
//!       → signature          signed attributes + messageDigest + the signature value
//!       → path + revocation  signer → anchor under one work budget per envelope; CRLs
//!                            (indexed) and OCSP, given or embedded in the envelope
//!   → signing time proven?   a claimed time that nothing proves is a finding
//!   → identity               the regulations' rules for the document's channel (IIN, role, BIN)
//!   → report                 indication + findings + signers + chain + document
//! ```
//!
//! ## Internals
//!
//! The modules not listed above are private (`asn1`, `tbs`, `name`, `extension`: the one DER
//! reader and the certificate parser; `identity`, `nca`: the regulations' identity rules and
//! the NCA profile; `verifier`, `policy`, `xml_document`: re-exported here). Five more —
//! `cache`, `gost`, `oid` (the OID registry; [`ObjectIdentifier`] is re-exported here),
//! `path`, `revocation` — are public but hidden from these docs: a door for
//! the crate's integration tests, benches and fuzz targets, which exercise them directly.
//! They are not part of the API and change without notice; nothing in them is needed to
//! verify or sign.
//!
//! [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
//! [RFC 6960]: https://www.rfc-editor.org/rfc/rfc6960

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![deny(missing_docs)]

pub mod algorithm;
mod asn1;
pub mod certificate;
pub mod cms;
pub mod crl;
pub mod document;
pub mod encoding;
mod error;
pub mod evidence;
mod extension;
mod identity;
pub mod iin;
pub mod inspect;
pub mod limits;
mod name;
mod nca;
pub mod ocsp;
pub mod pkcs12;
mod policy;
pub mod report;
mod tbs;
#[cfg(feature = "test-pki")]
pub mod test_pki;
pub mod tsp;
mod verifier;
pub mod xml;
mod xml_document;

// The door for the crate's integration tests, benches and fuzz targets: internals they
// exercise directly. Not part of the API (hidden from the docs, no stability promise);
// nothing in them is needed to verify or sign.
#[doc(hidden)]
pub mod cache;
#[doc(hidden)]
pub mod gost;
#[doc(hidden)]
pub mod oid;
#[doc(hidden)]
pub mod path;
#[doc(hidden)]
pub mod revocation;

pub use error::Error;

// The curated root: the types a user needs, whatever module they live in.
pub use algorithm::{CoreBackend, DigestAlgorithm, SignatureBackend, SigningKey};
pub use certificate::{BasicConstraints, Certificate, KeyUsage};
pub use cms::{cosign, sign, Envelope, SignOptions, SignerInfo};
pub use crl::Crl;
pub use document::{
    Channel, Document, Form, Outcome, Person, QueueCategory, QueueForm, Request, ResultDocument,
    Service,
};
pub use iin::{Bin, ChecksumPolicy, Iin};
pub use oid::ObjectIdentifier;
pub use pkcs12::KeyStore;
pub use policy::{
    KeyUsageRequirement, Policy, RevocationScope, RevocationSource, UnknownName, VerificationTime,
};
pub use report::{Code, Finding, Indication, Lang, Report, SignerReport};
pub use verifier::{DocumentKind, RejectedCrl, Verifier, VerifierBuilder, VerifyOptions};
pub use xml_document::{document_to_xml, is_xml, sign_document_xml, xml_kind};

/// An instant in UTC, as used everywhere in this crate (verification time, validity,
/// signing time).
pub type Time = time::OffsetDateTime;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
