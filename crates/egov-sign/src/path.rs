//! Certification path building and validation (RFC 5280 §6, simplified to what the NCA
//! profile needs: no policy processing, no name constraints — a critical nameConstraints
//! extension is an unknown critical extension and fails the path).
//!
//! Building is a depth-first search from the end certificate towards a trust anchor by
//! name chaining (issuer DN = subject DN, compared as RFC 5280 §7.1 says: byte-equal, or
//! equal after RFC 4518 string preparation, see [`Certificate::issuer_name_matches`]), with authorityKeyIdentifier /
//! subjectKeyIdentifier used only to try the likeliest issuer first. Every edge is a
//! verified signature. Alternatives are tried under a budget of signature verifications
//! ([`PATH_BUILDING_SIGNATURE_BUDGET`]) and candidates ([`PATH_BUILDING_CANDIDATE_BUDGET`]),
//! and no path is longer than [`MAX_PATH_DEPTH`]. The first path with no finding wins;
//! otherwise the first complete path found is reported with its findings.
//!
//! Per link: the issuer's signature; validity of every certificate (trust anchor included)
//! at the verification time; for every issuer, basicConstraints cA, keyCertSign when
//! keyUsage is present, and pathLenConstraint; unknown critical extensions rejected; every
//! certificate's RFC 5280 profile violations
//! ([`crate::certificate::ProfileViolation`]) reported as `CERT_NONCONFORMING`.

use crate::algorithm::SignatureBackend;
use crate::certificate::Certificate;
use crate::limits::{
    MAX_PATH_DEPTH, PATH_BUILDING_CANDIDATE_BUDGET, PATH_BUILDING_SIGNATURE_BUDGET,
};
use crate::report::{Code, Finding};
use crate::Error;

/// The outcome of path building.
#[derive(Debug, Clone)]
pub struct PathResult<'a> {
    /// The chosen path, end certificate first, trust anchor last; empty if none was found.
    pub path: Vec<&'a Certificate>,
    /// Findings about the path (empty when a clean path was found).
    pub findings: Vec<Finding>,
    /// Signature verifications spent.
    pub signatures_checked: usize,
}

/// Most signature checks [`VerifiedEdges::compute`] makes (configured certificates are
/// trusted input, but the cache must stay cheap to build; edges beyond it are simply
/// verified per call).
pub const MAX_CACHED_EDGE_CHECKS: usize = 10_000;

/// Issuer → subject edges between configured certificates whose signatures verified,
/// computed once (when a verifier is built) so that path building does not re-verify, on
/// every call, the signatures of certificates that never change (e.g. CA → root).
///
/// An edge is keyed by the SHA-256 of both certificates' DER, so it also applies to a
/// byte-identical copy of a configured certificate carried in an envelope. Only successful
/// verifications are cached.
#[derive(Debug, Clone, Default)]
pub struct VerifiedEdges {
    /// (subject SHA-256, issuer SHA-256), sorted.
    edges: Vec<([u8; 32], [u8; 32])>,
}

impl VerifiedEdges {
    /// Verify every (subject, issuer) pair of `subjects` × `issuers` that chains by name
    /// (at most [`MAX_CACHED_EDGE_CHECKS`] signature checks) and keep those that verify.
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
                if s.verify_signed_by(i).is_ok() {
                    edges.push((*s.sha256(), *i.sha256()));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        VerifiedEdges { edges }
    }

    /// True if `issuer`'s signature on `subject` was verified.
    pub fn contains(&self, subject: &Certificate, issuer: &Certificate) -> bool {
        self.edges
            .binary_search(&(*subject.sha256(), *issuer.sha256()))
            .is_ok()
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

struct Search<'a> {
    verified: &'a VerifiedEdges,
    backend: Option<&'a dyn SignatureBackend>,
    pool: &'a [&'a Certificate],
    anchors: &'a [Certificate],
    at: i64,
    signatures_left: usize,
    candidates_left: usize,
    best: Option<(Vec<&'a Certificate>, Vec<Finding>)>,
    edge_failures: Vec<Finding>,
    exhausted: bool,
}

/// Build and validate a path from `leaf` to one of `anchors`, using `pool` (envelope
/// certificates and configured intermediates) for intermediates, at unix time `at`.
pub fn build<'a>(
    leaf: &'a Certificate,
    pool: &'a [&'a Certificate],
    anchors: &'a [Certificate],
    at: i64,
) -> PathResult<'a> {
    static NONE: VerifiedEdges = VerifiedEdges { edges: Vec::new() };
    build_with(leaf, pool, anchors, at, &NONE, None)
}

/// [`build`], skipping the signature checks of edges in `verified` (already verified), and
/// asking `backend` (when given) for the final primitive of the others.
pub fn build_with<'a>(
    leaf: &'a Certificate,
    pool: &'a [&'a Certificate],
    anchors: &'a [Certificate],
    at: i64,
    verified: &'a VerifiedEdges,
    backend: Option<&'a dyn SignatureBackend>,
) -> PathResult<'a> {
    // The end certificate may itself be a trust anchor.
    if let Some(a) = anchors.iter().find(|a| a.sha256() == leaf.sha256()) {
        let path = vec![a];
        let findings = validate(&path, at);
        return PathResult {
            path,
            findings,
            signatures_checked: 0,
        };
    }
    let mut s = Search {
        verified,
        backend,
        pool,
        anchors,
        at,
        signatures_left: PATH_BUILDING_SIGNATURE_BUDGET,
        candidates_left: PATH_BUILDING_CANDIDATE_BUDGET,
        best: None,
        edge_failures: Vec::new(),
        exhausted: false,
    };
    let mut path = vec![leaf];
    s.extend(&mut path);
    let used = PATH_BUILDING_SIGNATURE_BUDGET - s.signatures_left;
    match s.best {
        Some((path, findings)) => PathResult {
            path,
            findings,
            signatures_checked: used,
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
            }
        }
    }
}

impl<'a> Search<'a> {
    /// Returns true when a clean path has been found (stop searching).
    fn extend(&mut self, path: &mut Vec<&'a Certificate>) -> bool {
        let Some(current) = path.last().copied() else {
            return false;
        };
        if path.len() >= MAX_PATH_DEPTH {
            return false;
        }
        // Candidates: anchors first, then pool certificates, likeliest (AKI = SKI) first.
        let mut cands: Vec<(&'a Certificate, bool)> = Vec::new();
        for a in self.anchors {
            if current.issuer_name_matches(a) {
                cands.push((a, true));
            }
        }
        for c in self.pool {
            if current.issuer_name_matches(c) && !path.iter().any(|p| p.sha256() == c.sha256()) {
                cands.push((c, false));
            }
        }
        let aki = current.aki();
        cands.sort_by_key(|(c, is_anchor)| {
            let hint = match (aki, c.ski()) {
                (Some(a), Some(s)) => a != s,
                _ => false,
            };
            (hint, !*is_anchor)
        });
        for (cand, is_anchor) in cands {
            if self.candidates_left == 0 || self.signatures_left == 0 {
                self.exhausted = true;
                return false;
            }
            self.candidates_left -= 1;
            let checked = if self.verified.contains(current, cand) {
                Ok(())
            } else {
                self.signatures_left -= 1;
                current.verify_signed_by_with(cand, self.backend)
            };
            match checked {
                Ok(()) => {}
                Err(Error::UnsupportedAlgorithm { algorithm }) => {
                    self.edge_failures.push(
                        Finding::new(
                            Code::UnsupportedAlgorithm,
                            format!("certificate signature algorithm {algorithm}"),
                        )
                        .about(current.subject()),
                    );
                    continue;
                }
                Err(e) => {
                    self.edge_failures.push(
                        Finding::new(
                            Code::ChainInvalid,
                            format!("signature by {} does not verify: {e}", cand.subject()),
                        )
                        .about(current.subject()),
                    );
                    continue;
                }
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

/// Validate a complete path (end certificate first, anchor last) at unix time `at`.
pub fn validate(path: &[&Certificate], at: i64) -> Vec<Finding> {
    let mut findings = Vec::new();
    for cert in path {
        if at > cert.not_after() {
            findings.push(
                Finding::new(
                    Code::CertExpired,
                    format!("expired at {}", crate::asn1::rfc3339(cert.not_after())),
                )
                .about(cert.subject()),
            );
        } else if at < cert.not_before() {
            findings.push(
                Finding::new(
                    Code::CertNotYetValid,
                    format!("valid from {}", crate::asn1::rfc3339(cert.not_before())),
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
        if let Some((_, Some(max))) = issuer.basic_constraints() {
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

/// The finding of one RFC 5280 profile violation of `cert`.
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
        let at = p.generated_at.unix_timestamp();

        let edges = VerifiedEdges::compute(&[&ca], &[&root, &ca, &other]);
        assert_eq!(edges.len(), 1);
        assert!(edges.contains(&ca, &root));
        assert!(!edges.contains(&leaf, &ca));
        // A CA whose issuer did not sign it is never cached.
        assert!(VerifiedEdges::compute(&[&ca], &[&other]).is_empty());

        let anchors = vec![root];
        let envelope_ca = Certificate::from_der(&p.ca.cert_der).unwrap();
        let pool = [&envelope_ca];
        let plain = build(&leaf, &pool, &anchors, at);
        let cached = build_with(&leaf, &pool, &anchors, at, &edges, None);
        assert!(plain.findings.is_empty() && cached.findings.is_empty());
        assert_eq!(plain.path.len(), 3);
        assert_eq!(cached.path.len(), 3);
        assert_eq!(plain.signatures_checked, 2);
        assert_eq!(
            cached.signatures_checked, 1,
            "CA → root comes from the cache"
        );
    }
}
