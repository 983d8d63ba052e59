//! The revocation decision: what the verified CRLs of a certificate's issuer say about it
//! at an instant `T` ([RFC 5280 §6.3]). Parsing and signature checks are [`crate::crl`]'s;
//! this module decides.
//!
//! # The rule
//!
//! [RFC 5280 §6.3.3] processes, per distribution point, a complete CRL and optionally a
//! delta, and "if the revocation status has not been determined, repeat the process above
//! with any available CRLs not specified in a distribution point but issued by the
//! certificate issuer"; its outcome is REVOKED, UNREVOKED or UNDETERMINED. It also says
//! (§6.3.3 (b)(2)) which CRLs are in scope:
//!
//! ```text
//! (i)   If the distribution point name is present in the IDP CRL extension and the
//!       distribution field is present in the DP, then verify that one of the names in
//!       the IDP matches one of the names in the DP. [...]
//! (ii)  If the onlyContainsUserCerts boolean is asserted in the IDP CRL extension, verify
//!       that the certificate does not include the basic constraints extension with the
//!       cA boolean asserted.
//! (iii) If the onlyContainsCACerts boolean is asserted in the IDP CRL extension, verify
//!       that the certificate includes the basic constraints extension with the cA
//!       boolean asserted.
//! (iv)  Verify that the onlyContainsAttributeCerts boolean is not asserted.
//! ```
//!
//! and, for the CRL issuer (§6.3.3 (f)): "Obtain and validate the certification path for
//! the issuer of the complete CRL. The trust anchor for the certification path MUST be the
//! same as the trust anchor used to validate the target certificate." — which is how a CA
//! that rolled its key over ([RFC 5280 §6.1]: old-with-new / new-with-old certificates, one
//! CA name) signs CRLs with its new key for certificates issued by its old key, and the
//! other way round.
//!
//! This module implements a function equivalent to that, written so that signed evidence
//! is never lost (the bugs it replaces lost it: the newest CRL of *any* scope won; a delta
//! with an unknown base was dropped; a CRL signed by the CA's other key was dropped):
//!
//! 1. **The issuer's CRLs.** The candidates for certificate `C` are the verified CRLs whose
//!    issuer Name is `C`'s issuer Name and whose verifying key is a key of that CA: the key
//!    that signed `C`, or (key rollover) the key of another certificate with the CA's
//!    name that the caller validated to the same trust anchor at `T` (the `issuer_key`
//!    predicate of [`status`]). Indirect CRLs are rejected when loaded (their entries
//!    belong to other issuers and are never applied as this CA's own).
//!
//! 2. **Evidence against `C` (scope, number, base and freshness do not matter).** Serial
//!    numbers are unique per CA ([RFC 5280 §4.1.2.2]), so an entry for `C`'s serial in any
//!    candidate — full or delta, any issuingDistributionPoint, fresh or stale, whatever
//!    its cRLNumber or BaseCRLNumber — is signed evidence from `C`'s CRL issuer. Only
//!    entries with `revocationDate <= T` count.
//!    - Any such entry with a reason other than certificateHold (and removeFromCRL) →
//!      **REVOKED** (a revocation is permanent, [RFC 5280 §5.3.1]; nothing releases it).
//!    - A certificateHold entry in CRL `X` → **ON HOLD**, unless a *release* is proven at
//!      `T`: a CRL `Y` of the candidates issued after `X` (a higher cRLNumber in the same
//!      scope, otherwise a later thisUpdate) with `Y.thisUpdate <= T`, whose scope covers
//!      `C` for the certificateHold reason, and which is either a full CRL
//!      that does not list `C`, or a delta CRL that lists `C` as removeFromCRL. A release
//!      issued after `T` releases nothing at `T`; a hold listed by a CRL issued after `T`
//!      (with `revocationDate <= T`) cannot be released at `T` at all.
//!    - removeFromCRL entries are never evidence against `C`.
//!
//! 3. **Proof for `C` (only when there is no evidence).** `C` is **GOOD** at `T` only if
//!    the candidates that are *complete at `T` for `C`* cover every reason ([RFC 5280]
//!    §6.3.3 (j): `reasons_mask` = all-reasons). Complete at `T` for `C`:
//!    - a full CRL, fresh at `T` (`T <= nextUpdate`), whose scope covers `C`; or
//!    - a delta CRL fresh at `T` whose scope covers `C`, together with a full CRL of the
//!      same scope (same issuer, same issuingDistributionPoint) among the candidates with
//!      `BaseCRLNumber <= full.cRLNumber < delta.cRLNumber` ([RFC 5280 §5.2.4]). cRLNumbers
//!      are compared only there, within one scope (§5.2.3: they are "unique for a given
//!      CRL issuer and scope", not across scopes).
//!
//!    A CRL's scope covers `C` for the reasons `onlySomeReasons` (all when absent) ∩ the
//!    `reasons` of the matching distribution point of `C` (all when absent), when (b)(2)
//!    holds: if the CRL's issuingDistributionPoint names a distribution point, one of its
//!    names must equal a name in a distributionPoint of `C`'s cRLDistributionPoints that
//!    has no cRLIssuer (a `C` without cRLDistributionPoints is covered only by CRLs that
//!    name no distribution point); onlyContainsUserCerts / onlyContainsCACerts must agree
//!    with `C`'s cA. Reason partitions (onlySomeReasons) that together cover all reasons
//!    combine. A nameRelativeToCRLIssuer, a malformed cRLDistributionPoints, or a
//!    distribution point that only names a cRLIssuer (an indirect CRL) never covers.
//!
//! 4. Otherwise: **STALE** when some candidate would cover `C` but none is fresh enough,
//!    else **UNKNOWN**. Neither is ever VALID.
//!
//! Because every candidate's entries are evidence (step 2), the choice [RFC 5280 §6.3.3]
//! makes of "the" complete CRL (and delta) per scope cannot hide an entry; step 3 only has
//! to establish that some complete, fresh, in-scope CRL exists.
//!
//! Names are compared as DER (CRL issuer against certificate issuer; GeneralNames of
//! distribution points by tag and content octets): a mismatch only ever makes a CRL not
//! apply, so it can refuse, never accept.
//!
//! Cost: one binary search in each candidate's [`crate::crl::RevocationIndex`] per
//! certificate, plus, only for a held serial, one lookup per candidate for releases.
//!
//! [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
//! [RFC 5280 §4.1.2.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
//! [RFC 5280 §5.2.4]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.4
//! [RFC 5280 §5.3.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
//! [RFC 5280 §6.1]: https://www.rfc-editor.org/rfc/rfc5280#section-6.1
//! [RFC 5280 §6.3]: https://www.rfc-editor.org/rfc/rfc5280#section-6.3
//! [RFC 5280 §6.3.3]: https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3

use crate::certificate::Certificate;
use crate::crl::{self, Crl, DistributionPoint, Entry, Reason, ALL_REASONS};

/// What revocation checking concluded for one certificate at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not revoked at the time: no evidence against it, and CRLs complete at the time and
    /// covering it for every reason say so.
    Good,
    /// Revoked at or before the time (the earliest such entry).
    Revoked(Entry),
    /// On hold at the time (certificateHold, not released by the time).
    OnHold(Entry),
    /// No evidence against it, but the CRLs that cover it are past their nextUpdate.
    Stale,
    /// No evidence against it, and no CRL (set) covers it completely.
    Unknown,
}

/// certificateHold as a ReasonFlags bit.
const HOLD_BIT: u16 = 1 << 6;

/// `cert`'s cRLDistributionPoints: `Ok(None)` when absent, `Err(())` when malformed.
type Points = Result<Option<Vec<DistributionPoint>>, ()>;

fn points(cert: &Certificate) -> Points {
    match cert.crl_distribution_points_der() {
        None => Ok(None),
        Some(der) => crl::crl_distribution_points(der).map(Some).map_err(|_| ()),
    }
}

/// The reasons (ReasonFlags bits) for which `crl`'s scope covers `cert`; 0 if it does not
/// cover it ([RFC 5280 §6.3.3] (b)(2), (d)). See the module documentation.
///
/// [RFC 5280 §6.3.3]: https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
pub fn coverage(crl: &Crl, cert: &Certificate) -> u16 {
    coverage_with(crl, cert, &points(cert))
}

fn coverage_with(crl: &Crl, cert: &Certificate, points: &Points) -> u16 {
    let parsed = crl.parsed();
    if parsed.unusable_reason().is_some() {
        return 0;
    }
    let idp = parsed.idp();
    let mut reasons = ALL_REASONS;
    let mut idp_name = None;
    if let Some(idp) = idp {
        if idp.indirect_crl
            || idp.only_attribute_certs
            || (idp.only_user_certs && cert.is_ca())
            || (idp.only_ca_certs && !cert.is_ca())
        {
            return 0;
        }
        reasons &= idp.only_some_reasons.unwrap_or(ALL_REASONS);
        idp_name = idp.distribution_point.as_ref();
    }
    match points {
        Err(()) => 0,
        Ok(None) => {
            if idp_name.is_some() {
                0
            } else {
                reasons
            }
        }
        Ok(Some(list)) => {
            let mut mask = 0;
            for dp in list.iter().filter(|dp| dp.crl_issuer.is_none()) {
                let name_ok = match (idp_name, &dp.name) {
                    (None, _) => true,
                    (Some(a), Some(b)) => a.matches(b),
                    (Some(_), None) => false,
                };
                if name_ok {
                    mask |= reasons & dp.reasons.unwrap_or(ALL_REASONS);
                }
            }
            mask
        }
    }
}

/// True if `y` was issued after `x`: a higher cRLNumber within one scope (same
/// issuingDistributionPoint; a delta and its base share it), otherwise a later thisUpdate.
fn newer(y: &Crl, x: &Crl) -> bool {
    let (py, px) = (y.parsed(), x.parsed());
    match (py.number(), px.number()) {
        (Some(ny), Some(nx)) if py.idp_der() == px.idp_der() => crl::cmp_magnitude(ny, nx).is_gt(),
        _ => py.this_update_unix() > px.this_update_unix(),
    }
}

/// Decide the status of `cert` at `at` from `crls` (in whole seconds, as X.509 times are:
/// `at`'s fraction of a second is dropped).
///
/// `issuer_key` says whether a CRL's verifying key is a key of `cert`'s issuer (the key
/// that signed `cert`, or another key of the same CA validated to the same trust anchor:
/// [RFC 5280 §6.3.3] (f)); only CRLs with `cert`'s issuer Name for which it returns `true`
/// are used. It is called at most once per such CRL. See the module documentation for the
/// rule.
///
/// [RFC 5280 §6.3.3]: https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
pub fn status<'a>(
    crls: impl IntoIterator<Item = &'a Crl>,
    cert: &Certificate,
    mut issuer_key: impl FnMut(&Crl) -> bool,
    at: crate::Time,
) -> Status {
    let secs = at.unix_timestamp();
    let candidates: Vec<&Crl> = crls
        .into_iter()
        .filter(|c| {
            crate::name::names_match(c.parsed().issuer_raw(), cert.issuer_raw()) && issuer_key(c)
        })
        .collect();
    let points = points(cert);
    let serial = cert.serial();

    // 2. Evidence.
    let mut revoked: Option<Entry> = None;
    let mut held: Option<Entry> = None;
    for crl in &candidates {
        let Some(e) = crl.parsed().lookup(serial) else {
            continue;
        };
        if e.reason == Reason::RemoveFromCrl || e.revocation_date.unix_timestamp() > secs {
            continue;
        }
        if e.reason != Reason::CertificateHold {
            if revoked.is_none_or(|r| e.revocation_date < r.revocation_date) {
                revoked = Some(e);
            }
            continue;
        }
        let released = candidates.iter().any(|y| {
            newer(y, crl)
                && y.parsed().this_update_unix() <= secs
                && coverage_with(y, cert, &points) & HOLD_BIT != 0
                && match y.parsed().lookup(serial) {
                    None => !y.parsed().is_delta(),
                    Some(ye) => ye.reason == Reason::RemoveFromCrl && y.parsed().is_delta(),
                }
        });
        if !released && held.is_none_or(|h| e.revocation_date < h.revocation_date) {
            held = Some(e);
        }
    }
    if let Some(e) = revoked {
        return Status::Revoked(e);
    }
    if let Some(e) = held {
        return Status::OnHold(e);
    }

    // 3. Proof.
    let mut complete = 0u16;
    let mut covered_stale = false;
    for crl in &candidates {
        let mask = coverage_with(crl, cert, &points);
        if mask == 0 {
            continue;
        }
        if !crl.fresh_at(at) {
            covered_stale = true;
            continue;
        }
        let p = crl.parsed();
        let usable = match (p.delta_base(), p.number()) {
            (None, _) => true,
            (Some(base), Some(number)) => candidates.iter().any(|full| {
                let f = full.parsed();
                !f.is_delta()
                    && f.idp_der() == p.idp_der()
                    && f.number().is_some_and(|n| {
                        crl::cmp_magnitude(base, n).is_le() && crl::cmp_magnitude(n, number).is_lt()
                    })
            }),
            (Some(_), None) => false,
        };
        // A delta without its base proves nothing (its entries were evidence above).
        if usable {
            complete |= mask;
        }
    }
    if complete & ALL_REASONS == ALL_REASONS {
        Status::Good
    } else if covered_stale {
        Status::Stale
    } else {
        Status::Unknown
    }
}
