//! Certification path building and validation (RFC 5280 §6, simplified to what the NCA
//! profile needs: no policy processing, no name constraints — a critical nameConstraints
//! extension is an unknown critical extension and fails the path).
//!
//! Building is a depth-first search from the end certificate towards a trust anchor by
//! name chaining (issuer DN = subject DN, compared as DER), with authorityKeyIdentifier /
//! subjectKeyIdentifier used only to try the likeliest issuer first. Every edge is a
//! verified signature. Alternatives are tried under a budget of signature verifications
//! ([`PATH_BUILDING_SIGNATURE_BUDGET`]) and candidates ([`PATH_BUILDING_CANDIDATE_BUDGET`]),
//! and no path is longer than [`MAX_PATH_DEPTH`]. The first path with no finding wins;
//! otherwise the first complete path found is reported with its findings.
//!
//! Per link: the issuer's signature; validity of every certificate (trust anchor included)
//! at the verification time; for every issuer, basicConstraints cA, keyCertSign when
//! keyUsage is present, and pathLenConstraint; unknown critical extensions rejected.

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

struct Search<'a> {
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
            if a.subject_raw() == current.issuer_raw() {
                cands.push((a, true));
            }
        }
        for c in self.pool {
            if c.subject_raw() == current.issuer_raw()
                && !path.iter().any(|p| p.sha256() == c.sha256())
            {
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
            self.signatures_left -= 1;
            match current.verify_signed_by(cand) {
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
