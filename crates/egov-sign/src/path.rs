//! Certification path building and validation ([RFC 5280 §6], simplified to what the NCA
//! profile needs: no policy processing, no name constraints — a critical nameConstraints
//! extension is an unknown critical extension and fails the path).
//!
//! Building is a depth-first search from the end certificate towards a trust anchor by
//! name chaining (issuer DN = subject DN, compared as [RFC 5280 §7.1] says: byte-equal, or
//! equal after [RFC 4518] string preparation, see [`Certificate::issuer_name_matches`]). Every
//! edge is a verified signature. The first path with no finding wins; otherwise the first
//! complete path found is reported with its findings.
//!
//! # The work one input can cause
//!
//! Signature checks differ in cost by up to two orders of magnitude (a GOST 34.10-2015 (512)
//! check costs over ten RSA-2048 checks, [`crate::gost::verification_cost_units`]). The goal
//! is that **no input costs more than 5× a legitimate verification of the same family**,
//! so the budget is counted per family, relative to that family's legitimate work:
//!
//! - a legitimate verification of family F costs 2 checks of F (the document signature;
//!   the end certificate by its configured CA — configured edges are verified once, when the
//!   verifier is built, [`VerifiedEdges`]). A path may spend
//!   [`PATH_BUILDING_CHECK_BUDGET`] = 7 **reference checks of the issuer key's family**:
//!   every check counts one, so an input whose path spends everything costs 1 + 7 = 8
//!   checks of F = 4× the legitimate 2, in every family (RSA, P-256, P-384, Ed25519,
//!   GOST-2004, GOST-2015 alike: an RSA maze no longer gets the room a GOST budget gives).
//!   RSA keys larger than the verifier's reference RSA key (its largest configured one, at
//!   least 2048 bits) count their cost relative to it (`key_cost_units`: quadratic in the
//!   modulus), so bigger keys do not multiply the work either. A legitimate path of
//!   [`MAX_PATH_DEPTH`] (7 checks, no configured intermediate) fits;
//! - mixed families: each check is charged to the family of the issuer's key (a fake chain
//!   whose end certificate is RSA and whose fake issuers are GOST-512 pays GOST checks), and
//!   the count is one for all families, so one path costs at most 7 checks of the dearest
//!   family the verifier accepts — [`PATH_BUILDING_COST_BUDGET`] cost units at most — i.e.
//!   ≤ 5× a legitimate verification of that family (bounded by the max, not the sum);
//! - a check refused before any arithmetic (key type that does not fit the algorithm,
//!   unparseable key) costs no check, one cost unit, and a candidate
//!   ([`PATH_BUILDING_CANDIDATE_BUDGET`]); no path is longer than [`MAX_PATH_DEPTH`];
//! - an envelope ([`EnvelopeBudget`]): every path built while verifying it (each signer's,
//!   at each instant, and the TSA paths of its time-stamp tokens) draws on one budget of
//!   [`crate::limits::envelope_path_check_budget`] (7 per signer, 7 more per signer whose
//!   tokens are checked), and a (certificate, issuer key) pair checked by one path is not
//!   checked again by another. A legitimate envelope of S signers costs 2·S checks, a
//!   hostile one of the same shape at most S + 7·S (4×), plus its tokens' signatures;
//! - each check is [`AlgorithmFamily::cost_units`] of the issuer's key (tenths of an
//!   RSA-2048 verification), reported in [`PathResult::cost_units`];
//! - a signature is checked only when the issuer's key belongs to a family the verifier can
//!   ever accept ([`AcceptedFamilies`]): the key families of its configured anchors and
//!   intermediates, or the explicit allow-list
//!   [`crate::policy::Policy::path_key_families`]. Any other edge is not checked at all
//!   (finding `CHAIN_UNTRUSTED`): a verifier whose anchors are all P-256 spends nothing on
//!   an envelope full of GOST-512 certificates;
//! - candidate issuers are tried configured certificates (anchors and configured
//!   intermediates) first, the envelope's after them; within each group key-identifier
//!   matches (authorityKeyIdentifier = the candidate's subjectKeyIdentifier, or either
//!   absent) first, then anchors before intermediates;
//! - each (subject certificate, issuer SubjectPublicKeyInfo) pair is checked at most once
//!   per search, whatever its outcome (it depends only on the subject's signed bytes and
//!   the issuer's key): embedded certificates that share one key cost one check per
//!   subject, however many of them there are;
//! - loops are detected by subject name and key, not only by certificate ([RFC 4158 §5.2]): a
//!   candidate whose subject Name and SubjectPublicKeyInfo are those of an issuer already
//!   in the path is skipped — any path through it is also reachable, shorter, from that
//!   issuer's own position.
//!
//! Per link: the issuer's signature; validity of every certificate (trust anchor included)
//! at the verification time; for every issuer, basicConstraints cA, keyCertSign when
//! keyUsage is present, and pathLenConstraint; unknown critical extensions rejected; every
//! certificate's [RFC 5280] profile violations
//! ([`crate::certificate::ProfileViolation`]) reported as `CERT_NONCONFORMING`.
//!
//! [RFC 4158 §5.2]: https://www.rfc-editor.org/rfc/rfc4158#section-5.2
//! [RFC 4518]: https://www.rfc-editor.org/rfc/rfc4518
//! [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
//! [RFC 5280 §6]: https://www.rfc-editor.org/rfc/rfc5280#section-6
//! [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1

use crate::algorithm::{CoreBackend, PublicKey, SignatureAlgorithm, SignatureBackend};
use crate::certificate::Certificate;
use crate::gost::{self, GostCurve};
use crate::limits::{
    MAX_PATH_DEPTH, PATH_BUILDING_CANDIDATE_BUDGET, PATH_BUILDING_CHECK_BUDGET,
    PATH_BUILDING_COST_BUDGET,
};
use crate::report::{Code, Finding};
use crate::{Error, Time};
use std::cell::RefCell;

/// The outcome of path building.
#[derive(Debug, Clone)]
pub struct PathResult<'a> {
    /// The chosen path, end certificate first, trust anchor last; empty if none was found.
    pub path: Vec<&'a Certificate>,
    /// Findings about the path (empty when a clean path was found).
    pub findings: Vec<Finding>,
    /// Signature verifications spent.
    pub signatures_checked: usize,
    /// What they cost, in [`AlgorithmFamily::cost_units`] (at most
    /// [`PATH_BUILDING_COST_BUDGET`]).
    pub cost_units: u32,
}

/// The key (and so signature) families a path builder tells apart, by the cost of one
/// verification and for [`AcceptedFamilies`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlgorithmFamily {
    /// RSA (PKCS#1 v1.5 and PSS), any modulus size.
    Rsa,
    /// ECDSA on P-256.
    EcdsaP256,
    /// ECDSA on P-384.
    EcdsaP384,
    /// Ed25519.
    Ed25519,
    /// GOST 34.10-2015 (512 bits) with Streebog-512.
    Gost2015_512,
    /// GOST 34.310-2004 with GOST 34.311-95.
    Gost2004,
}

/// One ECDSA P-384 verification, in [`AlgorithmFamily::cost_units`]: ring's P-384 has no
/// assembly fast path; 27.7–51 RSA-2048 verifications in three criterion runs
/// (`gost/p384/verify-signature`, `BENCHMARKS.md`), rounded up.
pub const COST_UNITS_P384_VERIFY: u32 = 520;
/// One Ed25519 verification, in [`AlgorithmFamily::cost_units`]: 1.8–3.3 RSA-2048
/// verifications (`gost/ed25519/verify-signature`), rounded up.
pub const COST_UNITS_ED25519_VERIFY: u32 = 35;

impl AlgorithmFamily {
    /// Every family.
    pub const ALL: [AlgorithmFamily; 6] = [
        AlgorithmFamily::Rsa,
        AlgorithmFamily::EcdsaP256,
        AlgorithmFamily::EcdsaP384,
        AlgorithmFamily::Ed25519,
        AlgorithmFamily::Gost2015_512,
        AlgorithmFamily::Gost2004,
    ];

    /// A readable name.
    pub fn name(self) -> &'static str {
        match self {
            AlgorithmFamily::Rsa => "RSA",
            AlgorithmFamily::EcdsaP256 => "ECDSA P-256",
            AlgorithmFamily::EcdsaP384 => "ECDSA P-384",
            AlgorithmFamily::Ed25519 => "Ed25519",
            AlgorithmFamily::Gost2015_512 => "GOST 34.10-2015 (512)",
            AlgorithmFamily::Gost2004 => "GOST 34.310-2004",
        }
    }

    /// The family of `cert`'s subject public key (the key that verifies what `cert`'s
    /// subject signs). Errors as [`Certificate`]'s key parse does.
    pub fn of_certificate(cert: &Certificate) -> Result<AlgorithmFamily, Error> {
        Ok(AlgorithmFamily::of_key(cert.public_key()?))
    }

    pub(crate) fn of_key(key: &PublicKey) -> AlgorithmFamily {
        match key {
            PublicKey::Rsa(..) => AlgorithmFamily::Rsa,
            PublicKey::P256(_) => AlgorithmFamily::EcdsaP256,
            PublicKey::P384(_) => AlgorithmFamily::EcdsaP384,
            PublicKey::Ed25519(_) => AlgorithmFamily::Ed25519,
            PublicKey::Gost(k) => match k.curve() {
                GostCurve::Gost2015_512 => AlgorithmFamily::Gost2015_512,
                GostCurve::Gost2004 => AlgorithmFamily::Gost2004,
            },
        }
    }

    /// True if a signature made with `alg` is verified with a key of this family (the
    /// check [`crate::algorithm::verify`] refuses before any arithmetic otherwise).
    pub fn fits(self, alg: SignatureAlgorithm) -> bool {
        use SignatureAlgorithm as S;
        match self {
            AlgorithmFamily::Rsa => matches!(
                alg,
                S::RsaPkcs1Sha256
                    | S::RsaPkcs1Sha384
                    | S::RsaPkcs1Sha512
                    | S::RsaPssSha256
                    | S::RsaPssSha384
                    | S::RsaPssSha512
            ),
            AlgorithmFamily::EcdsaP256 | AlgorithmFamily::EcdsaP384 => matches!(
                alg,
                S::EcdsaP256Sha256 | S::EcdsaP256Sha384 | S::EcdsaP384Sha384 | S::EcdsaP384Sha256
            ),
            AlgorithmFamily::Ed25519 => alg == S::Ed25519,
            AlgorithmFamily::Gost2015_512 => alg == S::Gost2015_512,
            AlgorithmFamily::Gost2004 => alg == S::Gost2004,
        }
    }

    /// The cost of one signature verification with a key of this family, in tenths of an
    /// RSA-2048 verification ([`gost::COST_UNITS_RSA2048_VERIFY`] = 10): RSA-2048 10,
    /// P-256 45, Ed25519 35, P-384 520, GOST-2004 75, GOST-2015 (512) 330
    /// ([`gost::verification_cost_units`]; measured side by side in one criterion run,
    /// `BENCHMARKS.md`). RSA is charged for a 2048-bit modulus here; a key's own size is
    /// charged by the path builder (quadratic in the modulus: 4096 bits cost 40).
    pub fn cost_units(self) -> u32 {
        match self {
            AlgorithmFamily::Rsa => gost::COST_UNITS_RSA2048_VERIFY,
            AlgorithmFamily::EcdsaP256 => gost::COST_UNITS_P256_VERIFY,
            AlgorithmFamily::EcdsaP384 => COST_UNITS_P384_VERIFY,
            AlgorithmFamily::Ed25519 => COST_UNITS_ED25519_VERIFY,
            AlgorithmFamily::Gost2015_512 => gost::verification_cost_units(GostCurve::Gost2015_512),
            AlgorithmFamily::Gost2004 => gost::verification_cost_units(GostCurve::Gost2004),
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The cost of verifying a signature with `key` ([`AlgorithmFamily::cost_units`]; RSA by
/// its modulus: the public-exponent power is quadratic in the modulus length, so
/// 10 · (octets / 256)², rounded up).
pub(crate) fn key_cost_units(key: &PublicKey) -> u32 {
    match key {
        PublicKey::Rsa(_, octets) => {
            let n = *octets as u64;
            let units = (u64::from(gost::COST_UNITS_RSA2048_VERIFY) * n * n).div_ceil(256 * 256);
            u32::try_from(units).unwrap_or(u32::MAX).max(1)
        }
        other => AlgorithmFamily::of_key(other).cost_units(),
    }
}

/// A set of [`AlgorithmFamily`]: the families whose signatures a verifier checks while
/// building paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AcceptedFamilies(u8);

impl AcceptedFamilies {
    /// No family.
    pub const NONE: AcceptedFamilies = AcceptedFamilies(0);

    /// Every family (no restriction).
    pub fn all() -> AcceptedFamilies {
        AcceptedFamilies::from_families(&AlgorithmFamily::ALL)
    }

    /// Exactly `families`.
    pub fn from_families(families: &[AlgorithmFamily]) -> AcceptedFamilies {
        AcceptedFamilies(families.iter().fold(0, |m, f| m | f.bit()))
    }

    /// The key families of `certs` (keys that do not parse add nothing).
    pub fn of_keys<'c>(certs: impl IntoIterator<Item = &'c Certificate>) -> AcceptedFamilies {
        let mut set = AcceptedFamilies::NONE;
        for c in certs {
            if let Ok(f) = AlgorithmFamily::of_certificate(c) {
                set.insert(f);
            }
        }
        set
    }

    /// Add `family`.
    pub fn insert(&mut self, family: AlgorithmFamily) {
        self.0 |= family.bit();
    }

    /// True if `family` is in the set.
    pub fn contains(self, family: AlgorithmFamily) -> bool {
        self.0 & family.bit() != 0
    }

    /// The families in the set.
    pub fn families(self) -> Vec<AlgorithmFamily> {
        AlgorithmFamily::ALL
            .into_iter()
            .filter(|f| self.contains(*f))
            .collect()
    }

    fn names(self) -> String {
        let names: Vec<&str> = self.families().iter().map(|f| f.name()).collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    }
}

/// Most signature checks [`VerifiedEdges::compute`] makes (configured certificates are
/// trusted input, but the cache must stay cheap to build; edges beyond it are simply
/// verified per call).
pub const MAX_CACHED_EDGE_CHECKS: usize = 10_000;

/// What a verifier's configuration tells path building, computed once when the verifier
/// is built:
///
/// - issuer → subject edges between configured certificates whose signatures verified, so
///   that path building does not re-verify, on every call, the signatures of certificates
///   that never change (e.g. CA → root). An edge is keyed by the SHA-256 of both
///   certificates' DER, so it also applies to a byte-identical copy of a configured
///   certificate carried in an envelope. Only successful verifications are cached;
/// - which certificates are configured (their candidates are tried first);
/// - the [`AcceptedFamilies`] whose signatures are checked at all.
#[derive(Debug, Clone, Default)]
pub struct VerifiedEdges {
    /// (subject SHA-256, issuer SHA-256), sorted.
    edges: Vec<([u8; 32], [u8; 32])>,
    /// SHA-256 of every configured certificate, sorted.
    configured: Vec<[u8; 32]>,
    /// The families checked; `None`: the key families of the anchors given to the search.
    accepted: Option<AcceptedFamilies>,
    /// [`key_cost_units`] of the largest configured RSA key (at least an RSA-2048 one);
    /// 0: not configured, the anchors' of each search.
    rsa_reference: u32,
}

impl VerifiedEdges {
    /// No configuration: no verified edges, no configured certificates, the accepted
    /// families those of the anchors of each search (see [`build`]).
    pub fn none() -> &'static VerifiedEdges {
        static NONE: VerifiedEdges = VerifiedEdges {
            edges: Vec::new(),
            configured: Vec::new(),
            accepted: None,
            rsa_reference: 0,
        };
        &NONE
    }

    /// Verify every (subject, issuer) pair of `subjects` × `issuers` that chains by name
    /// (at most [`MAX_CACHED_EDGE_CHECKS`] signature checks) and keep those that verify.
    /// Both lists are the configured certificates (`issuers` the anchors and
    /// intermediates, `subjects` the intermediates): their key families become the
    /// accepted families (see [`VerifiedEdges::accepting`]).
    pub fn compute(subjects: &[&Certificate], issuers: &[&Certificate]) -> VerifiedEdges {
        let mut edges = Vec::new();
        let mut checks = 0usize;
        'outer: for s in subjects {
            for i in issuers {
                if !s.issuer_name_matches(i) || i.sha256() == s.sha256() {
                    continue;
                }
                if checks == MAX_CACHED_EDGE_CHECKS {
                    break 'outer;
                }
                checks += 1;
                if s.verify_signed_by(i, &CoreBackend).is_ok() {
                    edges.push((*s.sha256(), *i.sha256()));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        let mut configured: Vec<[u8; 32]> = subjects
            .iter()
            .chain(issuers.iter())
            .map(|c| *c.sha256())
            .collect();
        configured.sort_unstable();
        configured.dedup();
        let accepted = AcceptedFamilies::of_keys(subjects.iter().chain(issuers.iter()).copied());
        let rsa_reference = rsa_reference_units(subjects.iter().chain(issuers.iter()).copied());
        VerifiedEdges {
            edges,
            configured,
            accepted: Some(accepted),
            rsa_reference,
        }
    }

    /// With `allow` (when given) as the accepted families instead of the configured
    /// certificates' key families ([`crate::policy::Policy::path_key_families`]).
    pub fn accepting(mut self, allow: Option<&[AlgorithmFamily]>) -> VerifiedEdges {
        if let Some(allow) = allow {
            self.accepted = Some(AcceptedFamilies::from_families(allow));
        }
        self
    }

    /// The families whose signatures path building checks (`None`: not configured, the
    /// key families of the anchors of each search).
    pub fn accepted(&self) -> Option<AcceptedFamilies> {
        self.accepted
    }

    /// True if `issuer`'s signature on `subject` was verified.
    pub fn contains(&self, subject: &Certificate, issuer: &Certificate) -> bool {
        self.edges
            .binary_search(&(*subject.sha256(), *issuer.sha256()))
            .is_ok()
    }

    /// True if `cert` (by its DER's SHA-256) is a configured certificate.
    pub fn is_configured(&self, cert: &Certificate) -> bool {
        self.configured.binary_search(cert.sha256()).is_ok()
    }

    /// Number of cached edges.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// True if none.
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }
}

/// The outcome of one (subject, issuer key) check, remembered for the rest of a search.
struct Tried {
    subject: [u8; 32],
    issuer_spki: [u8; 32],
    ok: bool,
}

struct Search<'a> {
    verified: &'a VerifiedEdges,
    backend: &'a dyn SignatureBackend,
    pool: &'a [&'a Certificate],
    anchors: &'a [Certificate],
    accepted: AcceptedFamilies,
    at: Time,
    /// Reference checks left ([`PATH_BUILDING_CHECK_BUDGET`], or less when the envelope's
    /// budget has less left).
    checks_left: u32,
    /// [`key_cost_units`] of one reference RSA check.
    rsa_reference: u32,
    signatures_used: usize,
    cost_left: u32,
    candidates_left: usize,
    tried: Vec<Tried>,
    /// The envelope's checks done before this search (see [`EnvelopeBudget`]).
    envelope_memo: Vec<Memo>,
    /// Checks made by this search, for the envelope's memo.
    new_memo: Vec<Memo>,
    backend_id: usize,
    best: Option<(Vec<&'a Certificate>, Vec<Finding>)>,
    edge_failures: Vec<Finding>,
    exhausted: bool,
}

/// Build and validate a path from `leaf` to one of `anchors`, using `pool` (envelope
/// certificates and configured intermediates) for intermediates, at `at`,
/// skipping the signature checks of edges in `verified` (already verified), with its
/// configured certificates and accepted families, and asking `backend` for the final
/// primitive of the others ([`CoreBackend`]: the crate's own). With no configuration
/// ([`VerifiedEdges::none`]), the accepted families are the anchors' key families and only
/// the anchors count as configured.
pub fn build<'a>(
    leaf: &'a Certificate,
    pool: &'a [&'a Certificate],
    anchors: &'a [Certificate],
    at: Time,
    verified: &'a VerifiedEdges,
    backend: &'a dyn SignatureBackend,
) -> PathResult<'a> {
    // The end certificate may itself be a trust anchor.
    if let Some(a) = anchors.iter().find(|a| a.sha256() == leaf.sha256()) {
        let path = vec![a];
        let findings = validate(&path, at);
        return PathResult {
            path,
            findings,
            signatures_checked: 0,
            cost_units: 0,
        };
    }
    let accepted = verified
        .accepted
        .unwrap_or_else(|| AcceptedFamilies::of_keys(anchors));
    let rsa_reference = match verified.rsa_reference {
        0 => rsa_reference_units(anchors),
        r => r,
    };
    let (envelope_left, envelope_memo) = EnvelopeBudget::take_for_search();
    let checks = PATH_BUILDING_CHECK_BUDGET.min(envelope_left.unwrap_or(u32::MAX));
    let mut s = Search {
        verified,
        backend,
        pool,
        anchors,
        accepted,
        at,
        checks_left: checks,
        rsa_reference,
        signatures_used: 0,
        cost_left: PATH_BUILDING_COST_BUDGET,
        candidates_left: PATH_BUILDING_CANDIDATE_BUDGET,
        tried: Vec::new(),
        envelope_memo,
        new_memo: Vec::new(),
        backend_id: backend_id(backend),
        best: None,
        edge_failures: Vec::new(),
        exhausted: false,
    };
    let mut path = vec![leaf];
    s.extend(&mut path);
    let used = s.signatures_used;
    let cost_units = PATH_BUILDING_COST_BUDGET - s.cost_left;
    EnvelopeBudget::give_back(
        checks - s.checks_left,
        used,
        cost_units,
        // Stopped by the envelope's budget, not by this path's own.
        s.exhausted && checks < PATH_BUILDING_CHECK_BUDGET,
        std::mem::take(&mut s.envelope_memo),
        std::mem::take(&mut s.new_memo),
    );
    match s.best {
        Some((path, findings)) => PathResult {
            path,
            findings,
            signatures_checked: used,
            cost_units,
        },
        None => {
            let mut findings = s.edge_failures;
            if s.exhausted {
                findings.push(
                    Finding::new(Code::ChainUntrusted, "path building budget exhausted")
                        .about(leaf.subject()),
                );
            }
            if findings
                .iter()
                .all(|f| f.code != Code::ChainInvalid && f.code != Code::UnsupportedAlgorithm)
            {
                findings.push(
                    Finding::new(
                        Code::ChainUntrusted,
                        format!("no path to a trust anchor (issuer {})", leaf.issuer()),
                    )
                    .about(leaf.subject()),
                );
            }
            PathResult {
                path: Vec::new(),
                findings,
                signatures_checked: used,
                cost_units,
            }
        }
    }
}

/// What checking `issuer`'s signature on `subject` costs: the issuer key's
/// [`key_cost_units`] when the key fits the subject's signature algorithm; `None` when the
/// check is refused before any arithmetic (unknown algorithm, unparseable key, key type
/// that does not fit): such a refusal costs a candidate
/// ([`PATH_BUILDING_CANDIDATE_BUDGET`]) and one cost unit, not a check.
fn edge_cost(subject: &Certificate, issuer: &Certificate) -> Option<u32> {
    let key = issuer.public_key().ok()?;
    match SignatureAlgorithm::from_identifier(subject.signature_algorithm()) {
        Ok(alg) if AlgorithmFamily::of_key(key).fits(alg) => Some(key_cost_units(key)),
        _ => None,
    }
}

/// How many reference checks ([`PATH_BUILDING_CHECK_BUDGET`]'s unit) a check costing
/// `cost` units with `issuer`'s key counts: one, except with an RSA key dearer than the
/// reference RSA key (`rsa_reference` units), which counts `cost / rsa_reference` rounded
/// up. So `n` RSA-8192 checks against an RSA-2048 verifier count 16·`n`.
fn reference_checks(issuer: &Certificate, cost: u32, rsa_reference: u32) -> u32 {
    match issuer.public_key() {
        Ok(key) => key_reference_checks(key, cost, rsa_reference),
        Err(_) => 1,
    }
}

fn key_reference_checks(key: &PublicKey, cost: u32, rsa_reference: u32) -> u32 {
    match key {
        PublicKey::Rsa(..) if rsa_reference > 0 => cost.div_ceil(rsa_reference).max(1),
        _ => 1,
    }
}

/// The reference RSA check of a verifier configured with `certs`: [`key_cost_units`] of
/// the largest RSA key among them, at least an RSA-2048 one's.
fn rsa_reference_units<'c>(certs: impl IntoIterator<Item = &'c Certificate>) -> u32 {
    certs
        .into_iter()
        .filter_map(|c| match c.public_key() {
            Ok(k @ PublicKey::Rsa(..)) => Some(key_cost_units(k)),
            _ => None,
        })
        .fold(gost::COST_UNITS_RSA2048_VERIFY, u32::max)
}

/// Which [`SignatureBackend`] made a check (its address; 0 for [`CoreBackend`], told by
/// type since zero-sized backends may share an address): a memo entry is reused only for
/// the same backend.
fn backend_id(backend: &dyn SignatureBackend) -> usize {
    if crate::algorithm::is_core(backend) {
        0
    } else {
        (backend as *const dyn SignatureBackend).cast::<()>() as usize
    }
}

/// One signature check made for an envelope: (subject certificate, issuer key, backend)
/// and its failure finding (`None`: verified).
#[derive(Debug, Clone)]
struct Memo {
    subject: [u8; 32],
    issuer_spki: [u8; 32],
    backend: usize,
    failure: Option<Finding>,
}

/// The envelope-wide state of [`EnvelopeBudget`].
#[derive(Debug, Default)]
struct EnvelopeState {
    checks_left: u32,
    signatures: usize,
    cost_units: u32,
    exhausted: bool,
    memo: Vec<Memo>,
}

thread_local! {
    static ENVELOPE: RefCell<Option<EnvelopeState>> = const { RefCell::new(None) };
}

/// One budget and one memo for every path built while verifying one envelope:
/// while the guard lives, every [`build`] on this thread — the signers'
/// paths at each instant, and the TSA paths [`crate::tsp::verify_token`] builds — draws its
/// reference checks from `checks` (each path still at most [`PATH_BUILDING_CHECK_BUDGET`]),
/// and a (certificate, issuer key) pair checked by one of them is not checked again by
/// another (its finding is repeated). Dropping the guard restores the previous state
/// (guards nest). The state is per thread: verification is synchronous.
#[derive(Debug)]
pub struct EnvelopeBudget {
    previous: Option<EnvelopeState>,
    budget: u32,
    _not_send: std::marker::PhantomData<*const ()>,
}

impl EnvelopeBudget {
    /// Start an envelope's budget of `checks` reference checks
    /// ([`crate::limits::envelope_path_check_budget`]).
    pub fn enter(checks: u32) -> EnvelopeBudget {
        let previous = ENVELOPE.with(|e| {
            e.borrow_mut().replace(EnvelopeState {
                checks_left: checks,
                ..EnvelopeState::default()
            })
        });
        EnvelopeBudget {
            previous,
            budget: checks,
            _not_send: std::marker::PhantomData,
        }
    }

    fn with<T>(f: impl FnOnce(&EnvelopeState) -> T) -> Option<T> {
        ENVELOPE.with(|e| e.borrow().as_ref().map(f))
    }

    /// The budget given to [`EnvelopeBudget::enter`].
    pub fn budget(&self) -> u32 {
        self.budget
    }

    /// Reference checks left.
    pub fn checks_left(&self) -> u32 {
        Self::with(|s| s.checks_left).unwrap_or(0)
    }

    /// Signature checks made so far, and their [`AlgorithmFamily::cost_units`].
    pub fn spent(&self) -> (usize, u32) {
        Self::with(|s| (s.signatures, s.cost_units)).unwrap_or((0, 0))
    }

    /// True when no further path can be built: the budget is spent, or a search stopped
    /// on it.
    pub fn exhausted(&self) -> bool {
        Self::with(|s| s.checks_left == 0 || s.exhausted).unwrap_or(true)
    }

    /// Draw one signature check that is not an edge of a path — a check of the envelope's
    /// embedded revocation evidence (a CRL's or an OCSP response's signature, a delegated
    /// responder's certificate) — with `key` from the current envelope's budget: one
    /// reference check, or more for an RSA key dearer than the verifier's reference RSA key
    /// (`verified`'s, as for edges). `true`: charged, make the check; `false`: the budget
    /// cannot pay it, do not check (the evidence proves nothing). Outside an envelope
    /// (nothing entered on this thread) nothing is charged.
    pub(crate) fn draw(key: &PublicKey, verified: &VerifiedEdges) -> bool {
        let reference = match verified.rsa_reference {
            0 => gost::COST_UNITS_RSA2048_VERIFY,
            r => r,
        };
        let cost = key_cost_units(key);
        let charge = key_reference_checks(key, cost, reference);
        ENVELOPE.with(|e| match e.borrow_mut().as_mut() {
            None => true,
            Some(s) if s.checks_left >= charge => {
                s.checks_left -= charge;
                s.signatures += 1;
                s.cost_units = s.cost_units.saturating_add(cost);
                true
            }
            Some(_) => false,
        })
    }

    /// True when [`EnvelopeBudget::draw`] may still pay a check (outside an envelope,
    /// always).
    pub(crate) fn can_draw() -> bool {
        ENVELOPE.with(|e| e.borrow().as_ref().is_none_or(|s| s.checks_left > 0))
    }

    /// For a search starting: the checks left (`None`: no envelope) and the memo.
    fn take_for_search() -> (Option<u32>, Vec<Memo>) {
        ENVELOPE.with(|e| match e.borrow_mut().as_mut() {
            Some(s) => (Some(s.checks_left), std::mem::take(&mut s.memo)),
            None => (None, Vec::new()),
        })
    }

    /// For a search ended: what it spent and checked.
    fn give_back(
        charged: u32,
        signatures: usize,
        cost_units: u32,
        exhausted: bool,
        mut memo: Vec<Memo>,
        new: Vec<Memo>,
    ) {
        ENVELOPE.with(|e| {
            if let Some(s) = e.borrow_mut().as_mut() {
                s.checks_left = s.checks_left.saturating_sub(charged);
                s.signatures += signatures;
                s.cost_units = s.cost_units.saturating_add(cost_units);
                s.exhausted |= exhausted;
                memo.extend(new);
                s.memo = memo;
            }
        });
    }
}

impl Drop for EnvelopeBudget {
    fn drop(&mut self) {
        let previous = self.previous.take();
        ENVELOPE.with(|e| *e.borrow_mut() = previous);
    }
}

impl<'a> Search<'a> {
    /// True if a certificate of `path` other than the end certificate has `cand`'s
    /// subject Name and key ([RFC 4158 §5.2] loop detection): the path through `cand` is
    /// reachable, shorter, from that certificate's position.
    ///
    /// [RFC 4158 §5.2]: https://www.rfc-editor.org/rfc/rfc4158#section-5.2
    fn loops(path: &[&Certificate], cand: &Certificate) -> bool {
        path.iter().skip(1).any(|p| {
            p.spki_sha256() == cand.spki_sha256()
                && crate::name::names_match(p.subject_raw(), cand.subject_raw())
        })
    }

    /// Check `issuer`'s signature on `subject` within the budget. `None`: the budget
    /// is exhausted (stop the search); `Some(true)` verified; `Some(false)` not (a finding
    /// was recorded the first time).
    fn check_edge(&mut self, subject: &Certificate, issuer: &Certificate) -> Option<bool> {
        if self.verified.contains(subject, issuer) {
            return Some(true);
        }
        if let Some(t) = self
            .tried
            .iter()
            .find(|t| t.subject == *subject.sha256() && t.issuer_spki == *issuer.spki_sha256())
        {
            return Some(t.ok);
        }
        let remember = |s: &mut Self, ok: bool| {
            s.tried.push(Tried {
                subject: *subject.sha256(),
                issuer_spki: *issuer.spki_sha256(),
                ok,
            });
            Some(ok)
        };
        // Checked earlier for the same envelope (another signer, another instant, a TSA
        // path): a signature's validity does not depend on the time.
        if let Some(m) = self.envelope_memo.iter().find(|m| {
            m.subject == *subject.sha256()
                && m.issuer_spki == *issuer.spki_sha256()
                && m.backend == self.backend_id
        }) {
            let failure = m.failure.clone();
            let ok = failure.is_none();
            self.edge_failures.extend(failure);
            return remember(self, ok);
        }
        if let Ok(family) = AlgorithmFamily::of_certificate(issuer) {
            if !self.accepted.contains(family) {
                self.edge_failures.push(
                    Finding::new(
                        Code::ChainUntrusted,
                        format!(
                            "issuer {} has a {} key: not checked, the verifier accepts {} only",
                            issuer.subject(),
                            family.name(),
                            self.accepted.names()
                        ),
                    )
                    .about(subject.subject()),
                );
                return remember(self, false);
            }
        }
        let (cost, charge) = match edge_cost(subject, issuer) {
            Some(cost) => (cost, reference_checks(issuer, cost, self.rsa_reference)),
            None => (1, 0),
        };
        if charge > self.checks_left || cost > self.cost_left {
            self.exhausted = true;
            return None;
        }
        self.checks_left -= charge;
        self.signatures_used += usize::from(charge > 0);
        self.cost_left -= cost;
        let failure = match subject.verify_signed_by(issuer, self.backend) {
            Ok(()) => None,
            Err(Error::UnsupportedAlgorithm { algorithm }) => Some(
                Finding::new(
                    Code::UnsupportedAlgorithm,
                    format!("certificate signature algorithm {algorithm}"),
                )
                .about(subject.subject()),
            ),
            Err(e) => Some(
                Finding::new(
                    Code::ChainInvalid,
                    format!("signature by {} does not verify: {e}", issuer.subject()),
                )
                .about(subject.subject()),
            ),
        };
        let ok = failure.is_none();
        self.new_memo.push(Memo {
            subject: *subject.sha256(),
            issuer_spki: *issuer.spki_sha256(),
            backend: self.backend_id,
            failure: failure.clone(),
        });
        self.edge_failures.extend(failure);
        remember(self, ok)
    }

    /// Returns true when a clean path has been found (stop searching).
    fn extend(&mut self, path: &mut Vec<&'a Certificate>) -> bool {
        let Some(current) = path.last().copied() else {
            return false;
        };
        if path.len() >= MAX_PATH_DEPTH {
            return false;
        }
        // Candidates: (certificate, is anchor, is configured).
        let mut cands: Vec<(&'a Certificate, bool, bool)> = Vec::new();
        for a in self.anchors {
            if current.issuer_name_matches(a) {
                cands.push((a, true, true));
            }
        }
        for c in self.pool {
            if current.issuer_name_matches(c)
                && !path.iter().any(|p| p.sha256() == c.sha256())
                && !Self::loops(path, c)
            {
                cands.push((c, false, self.verified.is_configured(c)));
            }
        }
        // Configured certificates first, then key-identifier matches, anchors before
        // intermediates; the sort is stable (pool order otherwise).
        let aki = current.aki();
        cands.sort_by_key(|(c, is_anchor, configured)| {
            let aki_mismatch = match (aki, c.ski()) {
                (Some(a), Some(s)) => a != s,
                _ => false,
            };
            (!*configured, aki_mismatch, !*is_anchor)
        });
        for (cand, is_anchor, _) in cands {
            if self.candidates_left == 0 {
                self.exhausted = true;
                return false;
            }
            self.candidates_left -= 1;
            match self.check_edge(current, cand) {
                None => return false,
                Some(false) => continue,
                Some(true) => {}
            }
            path.push(cand);
            if is_anchor {
                let findings = validate(path, self.at);
                if findings.is_empty() {
                    self.best = Some((path.clone(), findings));
                    return true;
                }
                if self.best.is_none() {
                    self.best = Some((path.clone(), findings));
                }
            } else if self.extend(path) {
                return true;
            }
            path.pop();
        }
        false
    }
}

/// Validate a complete path (end certificate first, anchor last) at `at` (validity in
/// whole seconds, as [`Certificate::valid_at`]).
pub fn validate(path: &[&Certificate], at: Time) -> Vec<Finding> {
    let at = at.unix_timestamp();
    let mut findings = Vec::new();
    for cert in path {
        if at > cert.not_after_unix() {
            findings.push(
                Finding::new(
                    Code::CertExpired,
                    format!("expired at {}", crate::asn1::rfc3339(cert.not_after_unix())),
                )
                .about(cert.subject()),
            );
        } else if at < cert.not_before_unix() {
            findings.push(
                Finding::new(
                    Code::CertNotYetValid,
                    format!(
                        "valid from {}",
                        crate::asn1::rfc3339(cert.not_before_unix())
                    ),
                )
                .about(cert.subject()),
            );
        }
        for v in cert.profile_violations() {
            findings.push(profile_finding(cert, *v));
        }
        for oid in cert.unknown_critical_extensions() {
            findings.push(
                Finding::new(
                    Code::ChainInvalid,
                    format!("unknown critical extension {oid}"),
                )
                .about(cert.subject()),
            );
        }
    }
    let mut intermediates_below = 0u32;
    for (j, issuer) in path.iter().enumerate().skip(1) {
        if !issuer.is_ca() {
            findings.push(
                Finding::new(
                    Code::ChainInvalid,
                    "issuer is not a CA (basicConstraints cA is not set)",
                )
                .about(issuer.subject()),
            );
        }
        if !issuer.allows_cert_sign() {
            findings.push(
                Finding::new(Code::ChainInvalid, "issuer keyUsage lacks keyCertSign")
                    .about(issuer.subject()),
            );
        }
        if let Some(max) = issuer.basic_constraints().and_then(|bc| bc.path_len) {
            if intermediates_below > max {
                findings.push(
                    Finding::new(
                        Code::ChainInvalid,
                        format!("pathLenConstraint {max} exceeded ({intermediates_below} intermediate CAs below)"),
                    )
                    .about(issuer.subject()),
                );
            }
        }
        if j >= 1 && !issuer.is_self_issued() {
            intermediates_below += 1;
        }
    }
    findings
}

/// The finding of one [RFC 5280] profile violation of `cert`.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub(crate) fn profile_finding(
    cert: &Certificate,
    v: crate::certificate::ProfileViolation,
) -> Finding {
    Finding::new(
        Code::CertNonconforming,
        format!("{} [{}]", v.rule(), v.as_str()),
    )
    .about(cert.subject())
}

#[cfg(all(test, feature = "test-pki"))]
mod edge_tests {
    use super::*;
    use crate::test_pki::{KeyFamily, TestPki};

    #[test]
    fn verified_edges_skip_only_the_cached_signatures() {
        let p = TestPki::generate(KeyFamily::P256, crate::Time::now_utc()).unwrap();
        let root = Certificate::from_der(&p.root.cert_der).unwrap();
        let ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let other = Certificate::from_der(&p.other_root.cert_der).unwrap();
        let leaf = Certificate::from_der(&p.citizen_sign.cert_der).unwrap();
        let at = p.generated_at;

        let edges = VerifiedEdges::compute(&[&ca], &[&root, &ca, &other]);
        assert_eq!(edges.len(), 1);
        assert!(edges.contains(&ca, &root));
        assert!(!edges.contains(&leaf, &ca));
        // A CA whose issuer did not sign it is never cached.
        assert!(VerifiedEdges::compute(&[&ca], &[&other]).is_empty());

        let anchors = vec![root];
        let envelope_ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let pool = [&envelope_ca];
        let plain = build(
            &leaf,
            &pool,
            &anchors,
            at,
            VerifiedEdges::none(),
            &CoreBackend,
        );
        let cached = build(&leaf, &pool, &anchors, at, &edges, &CoreBackend);
        assert!(plain.findings.is_empty() && cached.findings.is_empty());
        assert_eq!(plain.path.len(), 3);
        assert_eq!(cached.path.len(), 3);
        assert_eq!(plain.signatures_checked, 2);
        assert_eq!(
            cached.signatures_checked, 1,
            "CA → root comes from the cache"
        );
        assert_eq!(plain.cost_units, 2 * crate::gost::COST_UNITS_P256_VERIFY);
        assert_eq!(cached.cost_units, crate::gost::COST_UNITS_P256_VERIFY);
        assert!(edges.is_configured(&ca) && edges.is_configured(&other));
        assert!(!edges.is_configured(&leaf));
        assert_eq!(
            edges.accepted(),
            Some(AcceptedFamilies::from_families(&[
                AlgorithmFamily::EcdsaP256
            ]))
        );
    }
}

#[cfg(test)]
mod cost_tests {
    use super::*;

    #[test]
    fn rsa_cost_is_quadratic_in_the_modulus() {
        let rsa = |octets| key_cost_units(&PublicKey::Rsa(Vec::new(), octets));
        assert_eq!(rsa(256), 10);
        assert_eq!(rsa(384), 23);
        assert_eq!(AlgorithmFamily::Ed25519.cost_units(), 35);
        assert_eq!(rsa(512), 40);
        assert_eq!(rsa(1024), 160);
        assert_eq!(key_cost_units(&PublicKey::P256(Vec::new())), 45);
        assert_eq!(AlgorithmFamily::Gost2015_512.cost_units(), 330);
        assert_eq!(AlgorithmFamily::Gost2004.cost_units(), 75);
    }

    #[test]
    fn rsa_keys_above_the_reference_count_their_cost() {
        let rsa = |octets| PublicKey::Rsa(Vec::new(), octets);
        let charge = |octets, reference| {
            let k = rsa(octets);
            key_reference_checks(&k, key_cost_units(&k), reference)
        };
        // Against an RSA-2048 configuration (10 units).
        assert_eq!(charge(256, 10), 1);
        assert_eq!(charge(384, 10), 3);
        assert_eq!(charge(512, 10), 4);
        assert_eq!(charge(1024, 10), 16);
        // A verifier configured with RSA-4096 keys: 4096-bit checks count one.
        assert_eq!(charge(512, 40), 1);
        assert_eq!(charge(256, 40), 1);
        // So a path of RSA-8192 keys on an RSA-2048 verifier gets ⌊7 / 16⌋ = 0 checks: it
        // costs at most 7 RSA-2048 checks, like any other RSA input.
        assert!(charge(1024, 10) > crate::limits::PATH_BUILDING_CHECK_BUDGET);
        // Other families always count one.
        let p256 = PublicKey::P256(Vec::new());
        assert_eq!(key_reference_checks(&p256, key_cost_units(&p256), 10), 1);
        // The reference is the largest configured RSA key, at least RSA-2048's.
        assert_eq!(rsa_reference_units(std::iter::empty()), 10);
    }

    #[test]
    fn families_fit_their_algorithms_only() {
        for f in AlgorithmFamily::ALL {
            let fitting: Vec<SignatureAlgorithm> = [
                SignatureAlgorithm::RsaPkcs1Sha256,
                SignatureAlgorithm::RsaPssSha512,
                SignatureAlgorithm::EcdsaP256Sha256,
                SignatureAlgorithm::Ed25519,
                SignatureAlgorithm::Gost2015_512,
                SignatureAlgorithm::Gost2004,
            ]
            .into_iter()
            .filter(|a| f.fits(*a))
            .collect();
            assert!(!fitting.is_empty(), "{f:?}");
            if matches!(f, AlgorithmFamily::Gost2015_512 | AlgorithmFamily::Gost2004) {
                assert_eq!(fitting.len(), 1, "{f:?}");
            }
        }
        let set = AcceptedFamilies::from_families(&[AlgorithmFamily::Rsa]);
        assert!(set.contains(AlgorithmFamily::Rsa));
        assert!(!set.contains(AlgorithmFamily::Gost2015_512));
        assert_eq!(AcceptedFamilies::all().families(), AlgorithmFamily::ALL);
    }
}
