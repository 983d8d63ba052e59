//! Verification policy: time, revocation scope, IIN strictness, configured organisations.
//!
//! Every default fails closed: revocation is required for the whole path, IIN/BIN check
//! digits are strict, signing keys are required for documents, and no ЦОН operator or
//! provider organisation is trusted until configured.

use std::sync::Arc;

use crate::document::{Calendar, ServiceRules};
use crate::iin::{Bin, ChecksumPolicy};
use crate::path::AlgorithmFamily;
use crate::Time;

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
        match s {
            "chain" => Some(RevocationScope::Chain),
            "end-entity" => Some(RevocationScope::EndEntity),
            "none" => Some(RevocationScope::None),
            _ => None,
        }
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
    /// time (issue 16).
    SigningTime,
    /// The time proven by the signer's signature-time-stamp token (RFC 3161): genTime plus
    /// its accuracy, the token verified against the verifier's TSA anchors over the
    /// SignerInfo's signature value. A revocation after it does not invalidate, one before
    /// it does. No token: TIMESTAMP_MISSING; no token that verifies: TIMESTAMP_INVALID (both
    /// indeterminate; the path is then checked now).
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
    /// ([`crate::path`]). `None` (the default): the key families of the configured trust
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

/// Which revocation evidence the verifier uses (issue 16): CRLs, OCSP responses, or
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
        match s {
            "crl" => Some(RevocationSource::Crl),
            "ocsp" => Some(RevocationSource::Ocsp),
            "any" => Some(RevocationSource::Any),
            _ => None,
        }
    }
}
