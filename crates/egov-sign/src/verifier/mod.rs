//! The [`Verifier`]: configured once (trust anchors, intermediates, CRLs, policy), shared
//! across threads, running the flow envelope → signature → path → revocation → identity →
//! report.
//!
//! Every stage adds findings; once an envelope has parsed, nothing returns early with a bare
//! error, so a report says everything that is wrong. The stages of
//! [`Verifier::verify_envelope_as`] are in `stages.rs`, one function each.

use std::borrow::Cow;

use crate::algorithm::{CoreBackend, SignatureBackend};
use crate::asn1;
use crate::cache::{CertificateCache, DEFAULT_CERTIFICATE_CACHE};
use crate::certificate::Certificate;
use crate::cms::{Envelope, SigningCertificateError};
use crate::crl::{Crl, ParsedCrl};
use crate::document::{Document, Receipt, Request, ResultDocument};
use crate::encoding::decode_der_blobs;
use crate::limits::{
    envelope_path_check_budget, MAX_CERTIFICATE_SIZE, MAX_CRL_SIZE, MAX_TIMESTAMP_TOKENS_CHECKED,
    MAX_VERIFIER_ITEMS,
};
use crate::oid;
use crate::path::VerifiedEdges;
use crate::policy::{KeyUsageRequirement, Policy, RevocationScope, VerificationTime};
use crate::report::{Code, EnvelopeDigest, Finding, KeyKind, Report};
use crate::revocation::{self, Status};
use crate::{Error, Time};

mod stages;
use stages::EnvelopeCertificates;

/// What the signed content is expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A request document (JSON), checked against the request rules.
    Request,
    /// A result document (JSON), checked against the result rules.
    Result,
    /// Arbitrary bytes: only signature, path and revocation are checked.
    Any,
    /// A receipt refusing documents for an incomplete package (JSON, [`Receipt`]), checked
    /// against the receipt rules (a ЦОН operator signs, 002:120).
    Receipt,
}

/// Per-call options.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The verification time.
    pub time: VerificationTime,
    /// The content of a detached envelope.
    pub content: Option<&'a [u8]>,
    /// For results: the request envelope (DER, PEM or base64) the result must be bound to.
    pub request_envelope: Option<&'a [u8]>,
    /// Who performs the final signature primitives of this call (default
    /// [`CoreBackend`]: the core, with ring or its GOST arithmetic). See
    /// [`SignatureBackend`]; everything else is decided by the core either way.
    pub signature_backend: &'a dyn SignatureBackend,
}

impl Default for VerifyOptions<'_> {
    fn default() -> Self {
        VerifyOptions {
            time: VerificationTime::default(),
            content: None,
            request_envelope: None,
            signature_backend: &CoreBackend,
        }
    }
}

/// A CRL that was rejected when the verifier was built.
#[derive(Debug, Clone)]
pub struct RejectedCrl {
    /// The CRL's issuer Name DER (empty if it did not parse).
    pub issuer_raw: Vec<u8>,
    /// The CRL's issuer (display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub issuer: String,
    /// `CRL_SIGNATURE_INVALID` or `CRL_INVALID`.
    pub code: Code,
    /// Why.
    pub detail: String,
}

/// Builds a [`Verifier`].
#[derive(Debug, Default)]
pub struct VerifierBuilder {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: Vec<PendingCrl>,
    policy: Policy,
    certificate_cache: Option<usize>,
    /// TSA anchors and certificates, separate from the document anchors.
    tsa: crate::tsp::TsaTrust,
    /// OCSP responses, parsed; verified per certificate when used.
    ocsp: Vec<crate::ocsp::BasicResponse>,
    /// Which revocation evidence is used.
    revocation_source: crate::policy::RevocationSource,
    /// What a TSA certificate without established revocation status does.
    tsa_revocation: crate::tsp::TsaRevocation,
}

/// A CRL added to the builder: verified at once when a configured certificate verifies it
/// (the DER is then dropped), otherwise kept with its DER until [`VerifierBuilder::build`].
#[derive(Debug)]
enum PendingCrl {
    Verified(Crl),
    Unverified(ParsedCrl, Vec<u8>),
}

fn check_count(what: &'static str, n: usize) -> Result<(), Error> {
    if n > MAX_VERIFIER_ITEMS {
        return Err(Error::TooLarge {
            what,
            size: n,
            limit: MAX_VERIFIER_ITEMS,
        });
    }
    Ok(())
}

impl VerifierBuilder {
    /// Add trust anchors (DER, or PEM with one or more certificates).
    pub fn anchors(mut self, input: &[u8]) -> Result<Self, Error> {
        for der in decode_der_blobs(input, "CERTIFICATE", MAX_CERTIFICATE_SIZE)? {
            self.anchors.push(Certificate::from_der(&der)?);
        }
        check_count("trust anchors", self.anchors.len())?;
        Ok(self)
    }

    /// Add intermediate CA certificates (DER or PEM) used for path building and to verify
    /// CRLs. They are not trusted by themselves.
    pub fn intermediates(mut self, input: &[u8]) -> Result<Self, Error> {
        for der in decode_der_blobs(input, "CERTIFICATE", MAX_CERTIFICATE_SIZE)? {
            self.intermediates.push(Certificate::from_der(&der)?);
        }
        check_count("intermediates", self.intermediates.len())?;
        Ok(self)
    }

    /// Add CRLs (DER, or PEM "X509 CRL" with one or more). Their signatures are checked in
    /// [`VerifierBuilder::build`], against the configured anchors and intermediates.
    pub fn crls(mut self, input: &[u8]) -> Result<Self, Error> {
        if input.first() == Some(&0x30) {
            // DER: parsed in place, no copy unless its issuer is not configured yet.
            if input.len() > MAX_CRL_SIZE {
                return Err(Error::TooLarge {
                    what: "DER input",
                    size: input.len(),
                    limit: MAX_CRL_SIZE,
                });
            }
            self.add_crl(Cow::Borrowed(input))?;
        } else {
            for der in decode_der_blobs(input, "X509 CRL", MAX_CRL_SIZE)? {
                self.add_crl(Cow::Owned(der))?;
            }
        }
        check_count("CRLs", self.crls.len())?;
        Ok(self)
    }

    fn add_crl(&mut self, der: Cow<'_, [u8]>) -> Result<(), Error> {
        let parsed = ParsedCrl::parse(&der)?;
        let verified_by = self
            .anchors
            .iter()
            .chain(self.intermediates.iter())
            .find(|c| parsed.check_der(&der, c).is_ok());
        self.crls.push(match verified_by {
            Some(issuer) => PendingCrl::Verified(parsed.into_crl(issuer)),
            None => PendingCrl::Unverified(parsed, der.into_owned()),
        });
        Ok(())
    }

    /// Add TSA trust anchors (DER or PEM): the roots time-stamp tokens are verified to,
    /// never the document anchors ([RFC 3161]). Without any, no token proves a time.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub fn tsa_anchors(mut self, input: &[u8]) -> Result<Self, Error> {
        self.tsa = std::mem::take(&mut self.tsa).anchors(input)?;
        Ok(self)
    }

    /// Add TSA intermediate CA or TSA certificates (DER or PEM), not trusted by themselves.
    pub fn tsa_intermediates(mut self, input: &[u8]) -> Result<Self, Error> {
        self.tsa = std::mem::take(&mut self.tsa).intermediates(input)?;
        Ok(self)
    }

    /// Add an OCSP response (DER, or PEM/base64 of it; [RFC 6960] `OCSPResponse`). It is
    /// verified for each certificate it may answer about when that certificate is checked:
    /// signature by the CA or its delegated responder, CertID, freshness at the verification
    /// time (without nextUpdate: within [`crate::ocsp::DEFAULT_MAX_AGE`]).
    ///
    /// [RFC 6960]: https://www.rfc-editor.org/rfc/rfc6960
    pub fn ocsp_response(mut self, input: &[u8]) -> Result<Self, Error> {
        let r = crate::ocsp::BasicResponse::from_der(input).map_err(|e| match e {
            crate::ocsp::OcspError::Malformed(e) => e,
            other => Error::malformed("OCSP", other.to_string()),
        })?;
        self.ocsp.push(r);
        check_count("OCSP responses", self.ocsp.len())?;
        Ok(self)
    }

    /// Which revocation evidence to use (default [`crate::policy::RevocationSource::Any`]).
    pub fn revocation_source(mut self, source: crate::policy::RevocationSource) -> Self {
        self.revocation_source = source;
        self
    }

    /// What to do when the revocation status of a TSA's certificate at genTime is not
    /// established (default [`crate::tsp::TsaRevocation::Warn`]); a TSA certificate shown
    /// revoked always invalidates its tokens.
    pub fn tsa_revocation(mut self, mode: crate::tsp::TsaRevocation) -> Self {
        self.tsa_revocation = mode;
        self
    }

    /// Set the policy.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// How many parsed signer certificates the verifier keeps (default
    /// `crate::cache::DEFAULT_CERTIFICATE_CACHE`; `0` turns the cache off; odd values are rounded up).
    ///
    /// Only the parse of an envelope's embedded certificates is memoised, keyed by the
    /// whole DER (compared byte for byte); the issuer's signature over the certificate,
    /// validity, revocation, key usage and identity are checked on every call, so a hit
    /// never changes a report. Certificates over 16 KiB are not kept. See `crate::cache`
    /// for the bounds and the eviction rule.
    pub fn certificate_cache(mut self, capacity: usize) -> Self {
        self.certificate_cache = Some(capacity);
        self
    }

    /// Verify every CRL's signature once against its issuer among the anchors and
    /// intermediates, and build the verifier. CRLs that fail are kept as
    /// [`RejectedCrl`]s and reported when a certificate they would cover is checked.
    pub fn build(self) -> Result<Verifier, Error> {
        if self.anchors.is_empty() {
            return Err(Error::Config {
                detail: "no trust anchor configured".into(),
            });
        }
        let mut crls = Vec::new();
        let mut rejected = Vec::new();
        for pending in self.crls {
            let (parsed, der) = match pending {
                PendingCrl::Verified(crl) => {
                    crls.push(crl);
                    continue;
                }
                PendingCrl::Unverified(parsed, der) => (parsed, der),
            };
            let issuer_raw = parsed.issuer_raw().to_vec();
            let issuer = parsed.issuer().to_owned();
            let candidates: Vec<&Certificate> = self
                .anchors
                .iter()
                .chain(self.intermediates.iter())
                .filter(|c| crate::name::names_match(c.subject_raw(), &issuer_raw))
                .collect();
            // Signed by the CA but unusable: that is the reason to report (with key
            // rollover, another certificate of the CA failing the signature is no news).
            let signed = candidates.iter().find(|c| parsed.signed_by(&der, c));
            let mut outcome: Option<Result<&Certificate, Error>> =
                signed.map(|signer| parsed.usable().map(|()| *signer));
            let tried = if outcome.is_some() {
                &[][..]
            } else {
                &candidates[..]
            };
            for cand in tried {
                match parsed.check_der(&der, cand) {
                    Ok(()) => {
                        outcome = Some(Ok(cand));
                        break;
                    }
                    Err(e) => {
                        // Prefer reporting a signature failure over other reasons.
                        let keep = match (&outcome, &e) {
                            (None, _) => true,
                            (
                                Some(Err(Error::CrlRejected { code, .. })),
                                Error::CrlRejected { code: new, .. },
                            ) => {
                                *code != Code::CrlSignatureInvalid
                                    && *new == Code::CrlSignatureInvalid
                            }
                            _ => false,
                        };
                        if keep {
                            outcome = Some(Err(e));
                        }
                    }
                }
            }
            match outcome {
                Some(Ok(issuer)) => crls.push(parsed.into_crl(issuer)),
                Some(Err(Error::CrlRejected { code, detail })) => rejected.push(RejectedCrl {
                    issuer_raw,
                    issuer,
                    code,
                    detail,
                }),
                Some(Err(e)) => rejected.push(RejectedCrl {
                    issuer_raw,
                    issuer,
                    code: Code::CrlInvalid,
                    detail: e.to_string(),
                }),
                None => rejected.push(RejectedCrl {
                    issuer_raw,
                    issuer,
                    code: Code::CrlInvalid,
                    detail: "the CRL issuer is not a configured anchor or intermediate".into(),
                }),
            }
        }
        let edges = {
            let subjects: Vec<&Certificate> = self.intermediates.iter().collect();
            let issuers: Vec<&Certificate> = self
                .anchors
                .iter()
                .chain(self.intermediates.iter())
                .collect();
            VerifiedEdges::compute(&subjects, &issuers)
                .accepting(self.policy.path_key_families.as_deref())
        };
        let mut by_len: Vec<(usize, usize)> = self
            .anchors
            .iter()
            .chain(self.intermediates.iter())
            .enumerate()
            .map(|(i, c)| (c.der().len(), i))
            .collect();
        by_len.sort_unstable();
        Ok(Verifier {
            by_len,
            edges,
            anchors: self.anchors,
            intermediates: self.intermediates,
            crls,
            rejected,
            policy: self.policy,
            tsa: self.tsa,
            ocsp: self.ocsp,
            revocation_source: self.revocation_source,
            tsa_revocation: self.tsa_revocation,
            cache: CertificateCache::new(
                self.certificate_cache.unwrap_or(DEFAULT_CERTIFICATE_CACHE),
            ),
        })
    }
}

/// A configured verifier. Its configuration is immutable once built (the only state it
/// changes is the bounded memo of parsed signer certificates, see
/// [`VerifierBuilder::certificate_cache`]); `Send + Sync`, share it behind an `Arc`.
#[derive(Debug)]
pub struct Verifier {
    /// (DER length, position in anchors ++ intermediates) of each configured certificate,
    /// sorted.
    by_len: Vec<(usize, usize)>,
    /// Signatures between configured certificates, verified once at build time.
    edges: VerifiedEdges,
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: Vec<Crl>,
    rejected: Vec<RejectedCrl>,
    policy: Policy,
    /// TSA anchors and certificates.
    tsa: crate::tsp::TsaTrust,
    /// OCSP responses.
    ocsp: Vec<crate::ocsp::BasicResponse>,
    /// Which revocation evidence is used.
    revocation_source: crate::policy::RevocationSource,
    /// What a TSA certificate without established revocation status does.
    tsa_revocation: crate::tsp::TsaRevocation,
    /// Parsed end-entity certificates from earlier envelopes.
    cache: CertificateCache,
}

/// Per-verification state shared by the stages.
#[derive(Clone)]
struct Checked<'a> {
    findings: Vec<Finding>,
    chain: Vec<&'a Certificate>,
    /// Signature verifications path building spent.
    signatures: usize,
    /// What they cost (`crate::path::PathResult::cost_units`).
    cost: u32,
    /// The revocation status of each certificate checked.
    revocation: Vec<crate::report::RevocationSummary>,
}

/// What the verification of one SignerInfo found.
struct SignerCheck<'a> {
    /// The signer's certificate, when found.
    cert: Option<&'a Certificate>,
    /// The instant it was verified at.
    at: Time,
    findings: Vec<Finding>,
    chain: Vec<&'a Certificate>,
    /// The signature algorithm, when the signature verified.
    algorithm: Option<String>,
    /// Its signature-time-stamp, when one verified against the TSA anchors.
    timestamp: Option<crate::report::TimestampSummary>,
    /// The revocation status of each certificate of its path.
    revocation: Vec<crate::report::RevocationSummary>,
}

impl Verifier {
    /// Start building a verifier.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::default()
    }

    /// The configured anchor or intermediate whose DER is `der`, if any (found by length,
    /// then compared byte for byte: no hashing per call).
    fn configured(&self, der: &[u8]) -> Option<&Certificate> {
        let start = self.by_len.partition_point(|(len, _)| *len < der.len());
        self.by_len[start..]
            .iter()
            .take_while(|(len, _)| *len == der.len())
            .map(|(_, idx)| match idx.checked_sub(self.anchors.len()) {
                None => &self.anchors[*idx],
                Some(j) => &self.intermediates[j],
            })
            .find(|c| c.der() == der)
    }

    /// How many parsed certificates the cache holds now (see
    /// [`VerifierBuilder::certificate_cache`]).
    pub fn cached_certificates(&self) -> usize {
        self.cache.len()
    }

    /// The most certificates the cache can hold (0: off).
    pub fn certificate_cache_capacity(&self) -> usize {
        self.cache.capacity()
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The CRLs accepted at build time.
    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// The CRLs rejected at build time.
    pub fn rejected_crls(&self) -> &[RejectedCrl] {
        &self.rejected
    }

    /// Verify a request envelope: signature, path, revocation, signing key, and the
    /// request's channel rules.
    pub fn verify_request(
        &self,
        envelope: &[u8],
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        self.verify_envelope_as(envelope, DocumentKind::Request, options)
    }

    /// Verify a result envelope: signature, path, revocation, signing key, the official's
    /// BIN / IIN / role, and the binding to `options.request_envelope` when given.
    pub fn verify_result(
        &self,
        envelope: &[u8],
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        self.verify_envelope_as(envelope, DocumentKind::Result, options)
    }

    /// Verify a receipt refusing documents for an incomplete package: signature, path,
    /// revocation, signing key, and the receipt's rules (a ЦОН operator of a configured
    /// operator organisation signs it, the service is received at a ЦОН; 002:120).
    pub fn verify_receipt(
        &self,
        envelope: &[u8],
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        self.verify_envelope_as(envelope, DocumentKind::Receipt, options)
    }

    /// Verify an envelope with arbitrary content: signature, path, revocation.
    pub fn verify_envelope(
        &self,
        envelope: &[u8],
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        self.verify_envelope_as(envelope, DocumentKind::Any, options)
    }

    /// Verify an envelope expecting `kind` content.
    ///
    /// Errors only when the envelope (or the request envelope) cannot be parsed at all;
    /// everything else is a finding in the report. The stages, in order (each a function
    /// of `verifier/stages.rs` documenting what it checks and the Codes it emits):
    /// embedded certificates, document; for every SignerInfo time, signature, path and
    /// revocation, then whether its signingTime is proven; identity (the document's
    /// signer); the report.
    pub fn verify_envelope_as(
        &self,
        envelope: &[u8],
        kind: DocumentKind,
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        let env = Envelope::parse(envelope)?;
        let request_der = options
            .request_envelope
            .map(crate::cms::envelope_der)
            .transpose()?;
        // Findings about the envelope and the document, whoever signed.
        let mut findings = Vec::new();
        // Stages "embedded certificates" and "document": once per envelope.
        let EnvelopeCertificates { embedded, known } =
            self.embedded_certificates(&env, &mut findings);
        let document = self.document_stage(&env, kind, options.content, &mut findings);

        let usage = match kind {
            DocumentKind::Any => KeyUsageRequirement::Any,
            _ => self.policy.document_key_usage,
        };
        // Configured anchors and intermediates (`known`) are already candidates.
        let mut pool: Vec<&Certificate> = embedded.iter().map(|c| &**c).collect();
        pool.extend(self.intermediates.iter());
        // Issue 16, long-term form: the revocation values the envelope carries, checked
        // like configured evidence (signature by the issuer's key, freshness at the
        // verification time) when a certificate is checked.
        let ev = self.embedded_evidence(&env);
        // The envelope's certificates, as untrusted TSA path candidates.
        let envelope_certs: Vec<&Certificate> = embedded
            .iter()
            .map(|c| &**c)
            .chain(known.iter().copied())
            .collect();

        // Every SignerInfo on its own: certificate, signature, path, revocation. A
        // certificate shared by several signers is path-built once (per verification
        // instant), and path building shares one budget for the whole envelope.
        let mut paths: Vec<(&Certificate, i64, Checked<'_>)> = Vec::new();
        // Issue 17: every path of this envelope (signers', TSAs') draws on one budget
        // sized by the signer count, and checks each (certificate, issuer key) once.
        let stamped = if self.tsa.is_empty() {
            0
        } else {
            env.signers
                .iter()
                .filter(|si| !si.timestamp_tokens.is_empty())
                .count()
        };
        let budget = crate::path::EnvelopeBudget::enter(envelope_path_check_budget(
            env.signers.len(),
            stamped,
        ));
        let mut signers: Vec<SignerCheck<'_>> = Vec::with_capacity(env.signers.len());
        for si in &env.signers {
            let mut sf = Vec::new();
            // Stage "time".
            let (at, stamp) = self.time_stage(si, options, &envelope_certs, &ev, &mut sf);
            // The signer's certificate: embedded, or a configured intermediate.
            let cert = si.sid.find_in(
                embedded
                    .iter()
                    .map(|c| &**c)
                    .chain(known.iter().copied())
                    .chain(self.intermediates.iter()),
            );
            let mut check = SignerCheck {
                cert,
                at,
                findings: sf,
                chain: Vec::new(),
                algorithm: None,
                timestamp: stamp
                    .as_ref()
                    .and_then(|s| s.as_ref().ok())
                    .map(crate::report::TimestampSummary::of),
                revocation: Vec::new(),
            };
            let Some(cert) = cert else {
                check.findings.push(Finding::new(
                    Code::SignerCertMissing,
                    "the signer's certificate is not in the envelope or the configured intermediates",
                ));
                signers.push(check);
                continue;
            };
            // Stage "signature".
            check.algorithm = self.signature_stage(&env, si, cert, options, &mut check.findings);
            // Stages "path" and "revocation".
            let secs = at.unix_timestamp();
            let checked = self.signer_path_stage(
                cert,
                secs,
                (&pool, usage, &ev),
                options.signature_backend,
                (&budget, env.signers.len()),
                &mut paths,
            );
            check.findings.extend(checked.findings);
            check.chain = checked.chain;
            check.revocation = checked.revocation;
            // Stage "time", continued. Issue 16: the signer's signingTime claim is no
            // proof of time.
            if options.time == VerificationTime::SigningTime && si.signing_time.is_some() {
                let exhausted = budget.exhausted();
                let (unproven, _) = self.signing_time_unproven(
                    (&si.timestamp_tokens, &si.signature),
                    cert,
                    &pool,
                    usage,
                    secs,
                    exhausted,
                    options.signature_backend,
                    &ev,
                );
                check.findings.extend(unproven);
            }
            signers.push(check);
        }

        // Stage "identity": the document's signer and its identity findings (the
        // document's).
        let certs: Vec<Option<&Certificate>> = signers.iter().map(|s| s.cert).collect();
        let (primary, identity) =
            self.document_signer(document.as_ref(), &certs, request_der.as_deref());
        if let Some(s) = signers.get_mut(primary) {
            s.findings.extend(identity);
        }

        Ok(Self::report_stage(
            env, findings, signers, primary, document,
        ))
    }

    /// Verify a certificate (DER or PEM; the first one is the end certificate, any others
    /// are treated as intermediates) with `extra_intermediates`, at `time`.
    pub fn verify_chain(
        &self,
        cert: &[u8],
        extra_intermediates: &[u8],
        usage: KeyUsageRequirement,
        time: Time,
    ) -> Result<Report, Error> {
        // The end certificate must be a certificate (else this is an error: the input is
        // not what it claims); a further certificate that does not parse is a finding, as
        // an embedded certificate of an envelope is.
        let mut blobs = decode_der_blobs(cert, "CERTIFICATE", MAX_CERTIFICATE_SIZE)?.into_iter();
        let leaf_der = blobs
            .next()
            .ok_or_else(|| Error::malformed("certificate", "no certificate"))?;
        let leaf = Certificate::from_der(&leaf_der)?;
        let mut extra = Vec::new();
        if !extra_intermediates.is_empty() {
            extra = decode_der_blobs(extra_intermediates, "CERTIFICATE", MAX_CERTIFICATE_SIZE)?;
        }
        let mut findings = Vec::new();
        let mut certs = Vec::new();
        for (i, der) in blobs.chain(extra).enumerate() {
            match Certificate::from_der(&der) {
                Ok(c) => certs.push(c),
                Err(e) => findings.push(Finding::new(
                    e.finding_code(),
                    format!("certificate #{}: {e}", i + 1),
                )),
            }
        }
        let mut pool: Vec<&Certificate> = certs.iter().collect();
        pool.extend(self.intermediates.iter());
        let at = time.unix_timestamp();
        let checked =
            self.check_certificate(&leaf, &pool, usage, at, &CoreBackend, &Embedded::default());
        findings.extend(checked.findings);
        Ok(Report {
            indication: Report::indication_of(&findings),
            chain: checked.chain.iter().map(|c| c.summary()).collect(),
            findings,
            signer: Some(leaf.summary()),
            signing_time: None,
            verification_time: asn1::rfc3339(at),
            signature_algorithm: None,
            envelope_sha256: EnvelopeDigest::none(),
            document: None,
            signers: Vec::new(),
            timestamp: None,
            revocation: checked.revocation,
        })
    }

    /// The path, validity, revocation and key-usage stage of [`Verifier::verify_envelope_as`]
    /// for a signer certificate found outside a CMS envelope (an XML signature's KeyInfo):
    /// `carried` are the other certificates the signature carries (candidates,
    /// as an envelope's are). Returns the findings, the path and the revocation summaries.
    pub(crate) fn check_signer_certificate(
        &self,
        cert: &Certificate,
        carried: &[&Certificate],
        kind: DocumentKind,
        at: i64,
        backend: &dyn SignatureBackend,
    ) -> (
        Vec<Finding>,
        Vec<std::sync::Arc<crate::report::CertSummary>>,
        Vec<crate::report::RevocationSummary>,
    ) {
        let usage = match kind {
            DocumentKind::Any => KeyUsageRequirement::Any,
            _ => self.policy.document_key_usage,
        };
        let mut pool: Vec<&Certificate> = carried.to_vec();
        pool.extend(self.intermediates.iter());
        let checked = self.check_certificate(cert, &pool, usage, at, backend, &Embedded::default());
        let chain = checked.chain.iter().map(|c| c.summary()).collect();
        (checked.findings, chain, checked.revocation)
    }

    /// Stage "identity": the document's signer among `certs` (one per signer, `None` when
    /// its certificate is missing) and its identity findings: the first whose certificate
    /// satisfies the document's signer rule (the applicant of a portal request, ...), else
    /// the first identified signer, else the first; then the regulations' rules for the
    /// document's channel on that signer ([`crate::identity::check_request`],
    /// [`crate::identity::check_result`] with the request envelope `request_der` when
    /// given, [`crate::identity::check_receipt`]). Shared by CMS envelopes and XML
    /// signatures.
    ///
    /// Codes: `IIN_MISMATCH`, `IIN_INVALID`, `BIN_MISMATCH`, `ROLE_NOT_ALLOWED`,
    /// `CHANNEL_NOT_ALLOWED`, `PROVIDER_NOT_CONFIGURED`, `REQUEST_HASH_MISMATCH`,
    /// `DOCUMENT_INVALID`, `CONTENT_MISSING`, `MALFORMED` (the request envelope), and those
    /// of the document rules ([`crate::document::rules`]).
    pub(crate) fn document_signer(
        &self,
        document: Option<&Document>,
        certs: &[Option<&Certificate>],
        request_der: Option<&[u8]>,
    ) -> (usize, Vec<Finding>) {
        let rule_holds = |c: &Certificate| match document {
            Some(Document::Request(r)) => {
                crate::identity::request_signer(r, c, &self.policy).is_empty()
            }
            Some(Document::Result(r)) => {
                crate::identity::result_signer(r, c, &self.policy).is_empty()
            }
            Some(Document::Receipt(r)) => {
                crate::identity::receipt_signer(r, c, &self.policy).is_empty()
            }
            None => true,
        };
        let primary = certs
            .iter()
            .position(|c| c.is_some_and(rule_holds))
            .or_else(|| certs.iter().position(|c| c.is_some()))
            .unwrap_or(0);
        let identity = match (certs.get(primary).copied().flatten(), document) {
            (Some(cert), Some(Document::Request(r))) => {
                crate::identity::check_request(r, cert, &self.policy)
            }
            (Some(cert), Some(Document::Result(r))) => {
                crate::identity::check_result(r, cert, &self.policy, request_der)
            }
            (Some(cert), Some(Document::Receipt(r))) => {
                crate::identity::check_receipt(r, cert, &self.policy)
            }
            _ => Vec::new(),
        };
        (primary, identity)
    }

    /// Path, validity, revocation and key usage of `leaf`: [`Verifier::path_stage`], then,
    /// when a path was found, [`Verifier::check_revocation`] of its certificates.
    #[allow(clippy::too_many_arguments)]
    fn check_certificate<'a>(
        &'a self,
        leaf: &'a Certificate,
        pool: &'a [&'a Certificate],
        usage: KeyUsageRequirement,
        at: i64,
        backend: &'a dyn SignatureBackend,
        ev: &Embedded<'_>,
    ) -> Checked<'a> {
        let (mut findings, built) = self.path_stage(leaf, pool, usage, at, backend);
        let mut revocation = Vec::new();
        if !built.path.is_empty() {
            let (f, r) = self.check_revocation(&built.path, at, ev);
            findings.extend(f);
            revocation = r;
        }
        Checked {
            findings,
            chain: built.path,
            signatures: built.signatures_checked,
            cost: built.cost_units,
            revocation,
        }
    }

    /// Stage "revocation" of a verified `path` (end certificate first, anchor last) at
    /// `at`: the certificates the policy's [`RevocationScope`] covers, each against the
    /// configured and the envelope's evidence `ev` ([`crate::policy::RevocationSource`]:
    /// CRLs — full and delta, one indexed lookup per CRL of its issuer — and OCSP
    /// responses, each checked by the issuer's key or its delegated responder, fresh at
    /// `at`). A revocation from any source wins; missing or stale evidence leaves the
    /// status unknown (fail closed). Returns the findings and one summary per certificate
    /// checked.
    ///
    /// Codes: `CERT_REVOKED`, `CERT_ON_HOLD`, `REVOCATION_UNKNOWN`, `CRL_EXPIRED`, and for
    /// the envelope's own evidence `CRL_INVALID`, `CRL_SIGNATURE_INVALID` (through
    /// [`Verifier::ocsp_evidence`] and [`Verifier::embedded_crls_for`]).
    fn check_revocation(
        &self,
        path: &[&Certificate],
        at: i64,
        ev: &Embedded<'_>,
    ) -> (Vec<Finding>, Vec<crate::report::RevocationSummary>) {
        let mut findings = Vec::new();
        let mut summaries = Vec::new();
        let n = match self.policy.revocation {
            RevocationScope::None => 0,
            RevocationScope::EndEntity => 1.min(path.len().saturating_sub(1)),
            RevocationScope::Chain => path.len().saturating_sub(1),
        };
        let anchor = path.last().copied();
        for i in 0..n {
            let (cert, issuer) = (path[i], path[i + 1]);
            let key = issuer.spki_sha256();
            let issuer_key =
                |crl: &Crl| crl.verified_by() == key || self.rollover_key(crl, issuer, anchor, at);
            use crate::policy::RevocationSource;
            let status_with = |embedded: &[Crl]| {
                revocation::status(
                    self.crls.iter().chain(embedded.iter()),
                    cert,
                    issuer_key,
                    asn1::time_from_unix(at),
                )
            };
            // Issue 17: the envelope's CRLs that can matter here, checked within its budget.
            let mut unchecked = Vec::new();
            let crl_status =
                match self.revocation_source {
                    RevocationSource::Ocsp => Status::Unknown,
                    _ => {
                        unchecked.extend(self.embedded_crls_for(ev, cert, issuer, &|c| {
                            status_with(c) == Status::Good
                        }));
                        status_with(&ev.crls.borrow())
                    }
                };
            // Issue 16, long-term form: the decision rests on the envelope's own evidence
            // when the configured CRLs alone decide otherwise.
            let crl_embedded = !ev.crls.borrow().is_empty()
                && crl_status != Status::Unknown
                && revocation::status(&self.crls, cert, issuer_key, asn1::time_from_unix(at))
                    != crl_status;
            // Issue 16: OCSP. A revocation from either source wins; a good answer from
            // either is enough.
            let ocsp = match self.revocation_source {
                RevocationSource::Crl => OcspEvidence::None,
                _ => {
                    let (o, u) =
                        self.ocsp_evidence(cert, issuer, at, ev, crl_status == Status::Good);
                    unchecked.extend(u);
                    o
                }
            };
            let summary = |source,
                           status,
                           revoked: Option<(Time, Option<crate::crl::Reason>)>,
                           o: Option<&crate::ocsp::OcspResult>,
                           embedded| {
                crate::report::RevocationSummary {
                    embedded,
                    subject: cert.subject().to_owned(),
                    serial: cert.serial_hex(),
                    source,
                    status,
                    revocation_time: revoked.map(|(time, _)| crate::inspect::rfc3339(time)),
                    reason: revoked.and_then(|(_, r)| r).map(crate::crl::Reason::name),
                    produced_at: o.map(|o| crate::inspect::rfc3339(o.produced_at)),
                    this_update: o.map(|o| crate::inspect::rfc3339(o.this_update)),
                    next_update: o.and_then(|o| o.next_update).map(crate::inspect::rfc3339),
                    responder: o.map(|o| o.responder.clone()),
                }
            };
            if let OcspEvidence::Revoked(f, o, embedded) = ocsp {
                let revoked = match o.status {
                    crate::ocsp::CertStatus::Revoked { time, reason } => Some((time, reason)),
                    _ => None,
                };
                summaries.push(summary("ocsp", "revoked", revoked, Some(&o), embedded));
                findings.push(f.about(cert.subject()));
                continue;
            }
            // Evidence that might revoke, left unchecked: never VALID (fail closed).
            findings.extend(unchecked);
            let ce = crl_embedded;
            summaries.push(match (&crl_status, &ocsp) {
                (Status::Good, _) => summary("crl", "good", None, None, ce),
                (Status::Revoked(e), _) => summary(
                    "crl",
                    "revoked",
                    Some((e.revocation_date, Some(e.reason))),
                    None,
                    ce,
                ),
                (Status::OnHold(e), _) => summary(
                    "crl",
                    "on_hold",
                    Some((e.revocation_date, Some(e.reason))),
                    None,
                    ce,
                ),
                (_, OcspEvidence::Good(o, oe)) => summary("ocsp", "good", None, Some(o), *oe),
                (Status::Stale, _) => summary("crl", "stale", None, None, ce),
                (Status::Unknown, _) => summary("none", "unknown", None, None, false),
            });
            let ocsp_good = matches!(ocsp, OcspEvidence::Good(..));
            match crl_status {
                Status::Good => {}
                Status::Stale | Status::Unknown if ocsp_good => {}
                Status::Revoked(e) => findings.push(
                    Finding::new(
                        Code::CertRevoked,
                        format!(
                            "revoked at {} ({:?})",
                            crate::inspect::rfc3339(e.revocation_date),
                            e.reason
                        ),
                    )
                    .about(cert.subject()),
                ),
                Status::OnHold(e) => findings.push(
                    Finding::new(
                        Code::CertOnHold,
                        format!(
                            "on hold since {}",
                            crate::inspect::rfc3339(e.revocation_date)
                        ),
                    )
                    .about(cert.subject()),
                ),
                Status::Stale => {
                    findings.push(
                        Finding::new(
                            Code::CrlExpired,
                            "the only CRLs for this certificate are past their nextUpdate",
                        )
                        .about(cert.subject()),
                    );
                }
                Status::Unknown => {
                    if let OcspEvidence::Unusable(why) = &ocsp {
                        findings.push(
                            Finding::new(Code::RevocationUnknown, why.clone())
                                .about(cert.subject()),
                        );
                    }
                    let mut rejected_any = false;
                    for r in self
                        .rejected
                        .iter()
                        .chain(ev.rejected.borrow().iter())
                        .filter(|r| {
                            r.issuer_raw.is_empty()
                                || crate::name::names_match(&r.issuer_raw, cert.issuer_raw())
                        })
                    {
                        rejected_any = true;
                        findings.push(
                            Finding::new(
                                r.code,
                                format!("CRL of {} rejected: {}", r.issuer, r.detail),
                            )
                            .about(cert.subject()),
                        );
                    }
                    findings.push(
                        Finding::new(
                            Code::RevocationUnknown,
                            if self.revocation_source == crate::policy::RevocationSource::Ocsp {
                                "no usable OCSP response covers this certificate"
                            } else if rejected_any {
                                "no usable CRL covers this certificate"
                            } else {
                                "no CRL covers this certificate"
                            },
                        )
                        .about(cert.subject()),
                    );
                }
            }
        }
        (findings, summaries)
    }
}

impl Verifier {
    /// True if `crl` was verified by another key of `issuer`'s CA: a configured
    /// certificate with `issuer`'s name ([RFC 5280 §6.1] key rollover: old-with-new,
    /// new-with-old, or the CA's other certificate) whose own path validates at `at` to the
    /// same trust anchor as the certified path ([RFC 5280 §6.3.3] (f)).
    ///
    /// [RFC 5280 §6.1]: https://www.rfc-editor.org/rfc/rfc5280#section-6.1
    /// [RFC 5280 §6.3.3]: https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    fn rollover_key(
        &self,
        crl: &Crl,
        issuer: &Certificate,
        anchor: Option<&Certificate>,
        at: i64,
    ) -> bool {
        let Some(anchor) = anchor else {
            return false;
        };
        let Some(signer) = self
            .anchors
            .iter()
            .chain(self.intermediates.iter())
            .find(|c| c.sha256() == crl.signer_sha256())
        else {
            return false;
        };
        if !crate::name::names_match(signer.subject_raw(), issuer.subject_raw()) {
            return false;
        }
        if self.anchors.iter().any(|a| a.sha256() == signer.sha256()) {
            return signer.sha256() == anchor.sha256() && signer.valid_at_unix(at);
        }
        let pool: Vec<&Certificate> = self.intermediates.iter().collect();
        let built = crate::path::build(
            signer,
            &pool,
            &self.anchors,
            asn1::time_from_unix(at),
            &self.edges,
            &CoreBackend,
        );
        built.findings.is_empty()
            && built
                .path
                .last()
                .is_some_and(|a| a.sha256() == anchor.sha256())
    }
}

impl Verifier {
    /// Issue 16, fact 1: at [`VerificationTime::SigningTime`] the verification time is the
    /// signer's own signingTime attribute, a claim no timestamp proves (a signer whose key
    /// was revoked can backdate it at will). Judging at a claimed time must never turn a
    /// signature that is not valid now into VALID, so the path is checked again at the
    /// system clock: anything found there (revocation, expiry, a stale CRL, ...) makes a
    /// [`Code::SigningTimeUnproven`] finding (INDETERMINATE at best) naming it. A signature
    /// valid now stays valid.
    ///
    /// A signature-time-stamp token ([RFC 3161]) that verifies against the configured TSA
    /// anchors ([`VerifierBuilder::tsa_anchors`]) over the SignerInfo's signature value
    /// proves the signature existed at its genTime (+ accuracy): the path is then checked
    /// at that proven time instead of now, and what is found there is reported as such
    /// (e.g. a revocation before the time-stamp), not as an unproven time.
    ///
    /// `stamped` is the signer's (signature-time-stamp tokens, signature value). When the
    /// envelope's path budget is `exhausted`, nothing is re-checked and the claim stays
    /// unproven (fail closed). Returns the findings and the (signature checks, cost units)
    /// path building spent, counted against the envelope's budget.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    #[allow(clippy::too_many_arguments)]
    fn signing_time_unproven(
        &self,
        stamped: (&[Vec<u8>], &[u8]),
        signer: &Certificate,
        pool: &[&Certificate],
        usage: KeyUsageRequirement,
        claimed: i64,
        exhausted: bool,
        backend: &dyn SignatureBackend,
        ev: &Embedded<'_>,
    ) -> (Vec<Finding>, (usize, u32)) {
        let (tokens, signature) = stamped;
        if exhausted {
            let f = Finding::new(
                Code::SigningTimeUnproven,
                format!(
                    "verified at the signer's claimed signingTime {}, which could not be checked \
                     against the present time: the envelope's path budget is exhausted",
                    asn1::rfc3339(claimed)
                ),
            )
            .about(signer.subject());
            return (vec![f], (0, 0));
        }
        let mut token_problem = None;
        if !self.tsa.is_empty() {
            let expect = crate::tsp::Expectation {
                signature_value: signature,
                ..crate::tsp::Expectation::default()
            };
            for token in tokens.iter().take(MAX_TIMESTAMP_TOKENS_CHECKED) {
                let verified =
                    crate::tsp::verify_token_with(token, &expect, &self.tsa, pool, backend)
                        .map_err(|e| e.to_string())
                        .and_then(|v| self.tsa_status(&v, ev).map(|w| (v, w)));
                match verified {
                    Ok((v, tsa_warnings)) => {
                        let proven = v.info.latest_unix();
                        let checked =
                            self.check_certificate(signer, pool, usage, proven, backend, ev);
                        let spent = (checked.signatures, checked.cost);
                        let mut findings: Vec<Finding> = checked
                            .findings
                            .into_iter()
                            .map(|mut f| {
                                f.detail = format!(
                                    "{} (at the time-stamp's genTime {})",
                                    f.detail,
                                    v.info.gen_time_rfc3339()
                                );
                                f
                            })
                            .collect();
                        findings.extend(tsa_warnings);
                        return (findings, spent);
                    }
                    Err(e) => token_problem = Some(e.to_string()),
                }
            }
        }
        let now = Time::now_utc().unix_timestamp();
        let checked = self.check_certificate(signer, pool, usage, now, backend, ev);
        let spent = (checked.signatures, checked.cost);
        let against: Vec<String> = checked
            .findings
            .iter()
            .filter(|f| f.severity != crate::report::Indication::Valid)
            .map(|f| match &f.subject {
                Some(s) => format!("{} ({s}: {})", f.code, f.detail),
                None => format!("{} ({})", f.code, f.detail),
            })
            .collect();
        if against.is_empty() {
            return (Vec::new(), spent);
        }
        let token = match token_problem {
            Some(e) => format!(" (the signature time-stamp token does not prove it: {e})"),
            None => String::new(),
        };
        let f = Finding::new(
            Code::SigningTimeUnproven,
            format!(
                "verified at the signer's claimed signingTime {}, which no timestamp proves{token}; \
                 at the present time {}: {}",
                asn1::rfc3339(claimed),
                asn1::rfc3339(now),
                against.join("; ")
            ),
        )
        .about(signer.subject());
        (vec![f], spent)
    }
}

impl Verifier {
    /// The first of a signer's signature-time-stamp `tokens` that verifies (TSA anchors, imprint
    /// over the signature value; it proves genTime + accuracy), or the TIMESTAMP_MISSING /
    /// TIMESTAMP_INVALID finding.
    fn verified_timestamp(
        &self,
        tokens: &[Vec<u8>],
        signature: &[u8],
        extra: &[&Certificate],
        backend: &dyn SignatureBackend,
        (ev, warnings): (&Embedded<'_>, &mut Vec<Finding>),
    ) -> Result<crate::tsp::VerifiedTimestamp, Finding> {
        if tokens.is_empty() {
            return Err(Finding::new(
                Code::TimestampMissing,
                "the signer has no signature-time-stamp token (id-aa-signatureTimeStampToken)",
            ));
        }
        if self.tsa.is_empty() {
            return Err(Finding::new(
                Code::TimestampInvalid,
                "no TSA anchor is configured: no token can prove a time",
            ));
        }
        let expect = crate::tsp::Expectation {
            signature_value: signature,
            ..crate::tsp::Expectation::default()
        };
        let mut why = Vec::new();
        let checked = tokens.len().min(MAX_TIMESTAMP_TOKENS_CHECKED);
        for (i, token) in tokens[..checked].iter().enumerate() {
            match crate::tsp::verify_token_with(token, &expect, &self.tsa, extra, backend) {
                Ok(v) => match self.tsa_status(&v, ev) {
                    Ok(w) => {
                        warnings.extend(w);
                        return Ok(v);
                    }
                    Err(e) => why.push(format!("token #{i}: {e}")),
                },
                Err(e) => why.push(format!("token #{i}: {e}")),
            }
        }
        if tokens.len() > checked {
            why.push(format!(
                "{} more not checked (limits::MAX_TIMESTAMP_TOKENS_CHECKED)",
                tokens.len() - checked
            ));
        }
        Err(Finding::new(Code::TimestampInvalid, why.join("; ")))
    }
}

impl Verifier {
    /// Issue 16: the revocation status of a verified token's TSA path at its genTime, from
    /// the configured and the envelope's evidence (the rules of [`Verifier`]'s own
    /// revocation check, scope included). `Err` (the token proves nothing): a certificate of
    /// the path revoked or on hold at genTime; the TSA certificate revoked at any date for
    /// keyCompromise or without a stated reason ([RFC 3161 §4]); with
    /// [`crate::tsp::TsaRevocation::Require`], a status not established. `Ok`: the warnings
    /// ([`Code::TsaRevocationUnknown`] under `Warn`).
    ///
    /// [RFC 3161 §4]: https://www.rfc-editor.org/rfc/rfc3161#section-4
    fn tsa_status(
        &self,
        v: &crate::tsp::VerifiedTimestamp,
        ev: &Embedded<'_>,
    ) -> Result<Vec<Finding>, String> {
        use crate::tsp::TsaRevocation;
        if self.tsa_revocation == TsaRevocation::Skip
            || self.policy.revocation == RevocationScope::None
        {
            return Ok(Vec::new());
        }
        let path: Vec<&Certificate> = v.chain.iter().collect();
        let gen_time = v.info.gen_time.unix_timestamp();
        let (findings, _) = self.check_revocation(&path, gen_time, ev);
        if let Some(f) = findings
            .iter()
            .find(|f| matches!(f.code, Code::CertRevoked | Code::CertOnHold))
        {
            return Err(format!(
                "the TSA's certificate path at genTime {}: {} ({}: {})",
                v.info.gen_time_rfc3339(),
                f.code,
                f.subject.as_deref().unwrap_or("?"),
                f.detail
            ));
        }
        // A compromised TSA key may have signed any genTime: a later revocation for
        // keyCompromise (or with no reason given) voids its tokens too.
        if let [tsa, issuer, ..] = path.as_slice() {
            if self.revocation_source != crate::policy::RevocationSource::Ocsp {
                let key = issuer.spki_sha256();
                let later = revocation::status(
                    self.crls.iter().chain(ev.crls.borrow().iter()),
                    tsa,
                    |crl| crl.verified_by() == key,
                    asn1::time_from_unix(i64::MAX),
                );
                if let Status::Revoked(e) = later {
                    if matches!(
                        e.reason,
                        crate::crl::Reason::KeyCompromise | crate::crl::Reason::Unspecified
                    ) {
                        return Err(format!(
                            "the TSA's certificate {} was revoked at {} ({:?}): its key may \
                             have signed any genTime (RFC 3161 §4)",
                            tsa.subject(),
                            crate::inspect::rfc3339(e.revocation_date),
                            e.reason
                        ));
                    }
                }
            }
        }
        let unknown: Vec<String> = findings
            .iter()
            .filter(|f| f.severity != crate::report::Indication::Valid)
            .map(|f| match &f.subject {
                Some(s) => format!("{} ({s}: {})", f.code, f.detail),
                None => format!("{} ({})", f.code, f.detail),
            })
            .collect();
        if unknown.is_empty() {
            return Ok(Vec::new());
        }
        let detail = format!(
            "the TSA's certificate path at genTime {}: {}",
            v.info.gen_time_rfc3339(),
            unknown.join("; ")
        );
        match self.tsa_revocation {
            TsaRevocation::Require => Err(format!("{detail} (TSA revocation status required)")),
            _ => Ok(vec![Finding::new(Code::TsaRevocationUnknown, detail)]),
        }
    }
}

/// What the configured OCSP responses say about one certificate.
enum OcspEvidence {
    /// No response is about it (or OCSP is not a configured source).
    None,
    /// A verified answer: good (true: a response embedded in the envelope).
    Good(crate::ocsp::OcspResult, bool),
    /// A verified answer: revoked at or before the verification time (the finding; true:
    /// embedded in the envelope).
    Revoked(Finding, crate::ocsp::OcspResult, bool),
    /// Responses about it exist but none is usable (why): unknown, non-issued, stale,
    /// unauthorized, a delegated responder without nocheck...
    Unusable(String),
}

impl Verifier {
    /// Verify every configured OCSP response for `cert` issued by `issuer` at `at`: a
    /// revocation wins, then a good answer (from a responder needing no revocation check of
    /// its own), else why none is usable.
    ///
    /// The envelope's responses are checked within its budget (every signature
    /// check, a delegated responder's certificate included, is charged): those whose CertID
    /// may name `cert` and that say revoked first, the others only while no good answer is
    /// established (`crl_good`, or a good response): they could only show it good. The
    /// second value: a finding when a response that may show a revocation was left
    /// unchecked by the budget.
    fn ocsp_evidence(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: i64,
        ev: &Embedded<'_>,
        crl_good: bool,
    ) -> (OcspEvidence, Option<Finding>) {
        use crate::ocsp::{CertStatus, OcspError};
        let opts = crate::ocsp::CheckOptions {
            at: asn1::time_from_unix(at),
            ..crate::ocsp::CheckOptions::default()
        };
        let mut good = None;
        let mut why = ev.malformed_ocsp.clone();
        let mut unchecked = false;
        let about: Vec<(&crate::ocsp::BasicResponse, bool)> = ev
            .ocsp
            .iter()
            .filter(|r| r.may_be_about(cert, issuer))
            .filter(|r| {
                // Not current at `at` by its own claim: no signature check can make it so.
                let current = r.may_be_current(cert, issuer, at, opts.max_age_without_next_update);
                if !current {
                    why.push(
                        "the envelope's OCSP response: not current at the verification time \
                         (not checked)"
                            .to_owned(),
                    );
                }
                current
            })
            .map(|r| (r, r.may_revoke(cert, issuer)))
            .collect();
        let all = self
            .ocsp
            .iter()
            .map(|r| (r, false, true))
            .chain(about.iter().filter(|a| a.1).map(|&(r, _)| (r, true, true)))
            .chain(
                about
                    .iter()
                    .filter(|a| !a.1)
                    .map(|&(r, _)| (r, true, false)),
            );
        for (r, embedded, may_revoke) in all {
            let from = if embedded {
                "the envelope's OCSP response: "
            } else {
                ""
            };
            if embedded {
                if !may_revoke && (crl_good || good.is_some()) {
                    continue;
                }
                if !crate::path::EnvelopeBudget::can_draw() {
                    // Not checked: proves nothing either way.
                    unchecked |= may_revoke;
                    continue;
                }
                let spent = ev.ocsp_checks.get();
                if spent >= crate::limits::MAX_EMBEDDED_OCSP_CHECKS {
                    why.push(format!(
                        "{from}not checked: the envelope's budget of {} OCSP signature checks \
                         is spent (limits::MAX_EMBEDDED_OCSP_CHECKS)",
                        crate::limits::MAX_EMBEDDED_OCSP_CHECKS
                    ));
                    continue;
                }
                ev.ocsp_checks.set(spent + 1);
            }
            let charged = Charged {
                edges: &self.edges,
                refused: std::sync::atomic::AtomicBool::new(false),
            };
            let verified = if embedded {
                crate::ocsp::verify_basic(r, cert, issuer, &opts, &charged)
            } else {
                crate::ocsp::verify_basic(r, cert, issuer, &opts, &CoreBackend)
            };
            if charged.refused.load(std::sync::atomic::Ordering::Relaxed) {
                // Not checked: proves nothing either way.
                unchecked |= may_revoke;
                continue;
            }
            match verified {
                Err(OcspError::NoMatchingResponse) => {}
                Err(e) => why.push(format!("{from}{e}")),
                Ok(v) => match v.status {
                    CertStatus::Revoked { time, reason } if time.unix_timestamp() <= at => {
                        let f = Finding::new(
                            Code::CertRevoked,
                            format!(
                                "{from}revoked at {} ({reason:?}), OCSP response of {} by {}",
                                crate::inspect::rfc3339(time),
                                crate::inspect::rfc3339(v.this_update),
                                v.responder
                            ),
                        );
                        return (OcspEvidence::Revoked(f, v, embedded), None);
                    }
                    CertStatus::Unknown { non_issued } => why.push(format!(
                        "OCSP: {} by {}",
                        if non_issued {
                            "never issued"
                        } else {
                            "unknown"
                        },
                        v.responder
                    )),
                    _ if v.responder_unchecked => why.push(format!(
                        "OCSP: the delegated responder {} has no id-pkix-ocsp-nocheck and its \
                         own status is not checked",
                        v.responder
                    )),
                    // Good, or revoked only after `at` (configured evidence first).
                    _ => {
                        if good.is_none() {
                            good = Some((v, embedded))
                        }
                    }
                },
            }
        }
        let unchecked = unchecked.then(|| unchecked_finding(cert, "OCSP response"));
        let evidence = if let Some((v, embedded)) = good {
            OcspEvidence::Good(v, embedded)
        } else if why.is_empty() {
            OcspEvidence::None
        } else {
            OcspEvidence::Unusable(why.join("; "))
        };
        (evidence, unchecked)
    }
}

/// The revocation evidence an envelope carries (the long-term form): the CRLs and
/// OCSP responses of SignedData.crls ([RFC 5652 §10.2.1], [RFC 5940]) and of the signers'
/// id-aa-ets-revocationValues attributes ([RFC 5126 §6.3.4]). Untrusted input, checked
/// lazily and within the envelope's work bound (`crate::path::EnvelopeBudget`):
/// a CRL is checked only when a certificate of a built path is issued under its issuer's
/// name, against that path's issuer (and configured certificates of the same name, for a
/// key rollover), each (CRL, issuer key) pair once; it is then kept (and counts only for
/// certificates issued by that very key, like a configured CRL). An OCSP response is
/// verified per certificate like a configured one. Evidence the budget could not pay for
/// proves nothing, and if it might show a revocation it makes the status unknown.
///
/// [RFC 5126 §6.3.4]: https://www.rfc-editor.org/rfc/rfc5126#section-6.3.4
/// [RFC 5652 §10.2.1]: https://www.rfc-editor.org/rfc/rfc5652#section-10.2.1
/// [RFC 5940]: https://www.rfc-editor.org/rfc/rfc5940
#[derive(Debug, Default)]
struct Embedded<'e> {
    /// The CRLs whose signature verified.
    crls: core::cell::RefCell<Vec<Crl>>,
    /// The CRLs not (yet) verified.
    pending: core::cell::RefCell<Vec<EmbeddedCrl<'e>>>,
    /// Embedded CRLs that did not verify or parse (issuer empty when unparsed): reported
    /// where a certificate of their issuer has no usable evidence.
    rejected: core::cell::RefCell<Vec<RejectedCrl>>,
    ocsp: Vec<crate::ocsp::BasicResponse>,
    /// Why embedded OCSP responses that did not parse are unusable.
    malformed_ocsp: Vec<String>,
    /// Embedded OCSP responses verified (bounded by
    /// [`crate::limits::MAX_EMBEDDED_OCSP_CHECKS`]).
    ocsp_checks: core::cell::Cell<usize>,
}

/// An embedded CRL not verified yet.
#[derive(Debug)]
struct EmbeddedCrl<'e> {
    der: &'e [u8],
    parsed: Option<ParsedCrl>,
    /// Issuer keys (SubjectPublicKeyInfo SHA-256) it was checked against, in vain.
    tried: Vec<[u8; 32]>,
    /// The strongest reason it did not verify.
    failure: Option<Error>,
    reported: bool,
}

/// A [`SignatureBackend`] that charges every check of embedded evidence to the envelope's
/// budget (`crate::path::EnvelopeBudget::draw`) and refuses the checks it cannot pay
/// (`refused` set: the evidence was not checked, it proves nothing either way).
#[derive(Debug)]
struct Charged<'v> {
    edges: &'v VerifiedEdges,
    refused: std::sync::atomic::AtomicBool,
}

impl SignatureBackend for Charged<'_> {
    fn check(&self, c: &crate::algorithm::SignatureCheck<'_>) -> Option<bool> {
        let paid = crate::algorithm::parse_spki(c.spki)
            .map(|k| crate::path::EnvelopeBudget::draw(&k, self.edges))
            .unwrap_or(true);
        if paid {
            None
        } else {
            self.refused
                .store(true, std::sync::atomic::Ordering::Relaxed);
            Some(false)
        }
    }
}

/// The finding of embedded evidence about `cert` the work bound left unchecked although
/// it might show a revocation.
fn unchecked_finding(cert: &Certificate, what: &str) -> Finding {
    Finding::new(
        Code::RevocationUnknown,
        format!(
            "the envelope's {what} that may show this certificate revoked was left unchecked \
             by the envelope's work bound (limits::envelope_path_check_budget): its status \
             is not established"
        ),
    )
    .about(cert.subject())
}

impl Verifier {
    /// Read the envelope's revocation values (bounded by
    /// [`crate::limits::MAX_EMBEDDED_REVOCATION_VALUES`] when parsed); no signature is
    /// checked here (see [`Verifier::embedded_crls_for`], [`Verifier::ocsp_evidence`]).
    fn embedded_evidence<'e>(&self, env: &'e Envelope) -> Embedded<'e> {
        let mut ev = Embedded::default();
        let crls = env
            .crls
            .iter()
            .chain(env.signers.iter().flat_map(|s| s.revocation_crls.iter()));
        for (i, der) in crls.enumerate() {
            match ParsedCrl::parse(der) {
                Ok(p) => ev.pending.get_mut().push(EmbeddedCrl {
                    der,
                    parsed: Some(p),
                    tried: Vec::new(),
                    failure: None,
                    reported: false,
                }),
                Err(e) => ev.rejected.get_mut().push(RejectedCrl {
                    issuer_raw: Vec::new(),
                    issuer: format!("(embedded CRL #{i})"),
                    code: Code::CrlInvalid,
                    detail: format!("the envelope's CRL #{i} does not parse: {e}"),
                }),
            }
        }
        let full = env
            .ocsp_responses
            .iter()
            .map(|d| crate::ocsp::BasicResponse::from_der(d));
        let basic = env
            .signers
            .iter()
            .flat_map(|s| s.revocation_basic_ocsp.iter())
            .map(|d| crate::ocsp::BasicResponse::from_basic_der(d));
        for (i, r) in full.chain(basic).enumerate() {
            match r {
                Ok(r) => ev.ocsp.push(r),
                Err(e) => ev
                    .malformed_ocsp
                    .push(format!("the envelope's OCSP response #{i}: {e}")),
            }
        }
        ev
    }

    /// Verify, lazily and within the envelope's budget, the embedded CRLs that can matter
    /// for `cert` issued by `issuer` (a link of a built path): those with `cert`'s issuer
    /// name, against `issuer` and the configured certificates of that name (key rollover;
    /// at most [`crate::limits::MAX_EMBEDDED_CRL_ISSUER_CANDIDATES`] keys, a key whose
    /// subjectKeyIdentifier differs from the CRL's authorityKeyIdentifier is not tried),
    /// each (CRL, key) pair once per envelope. CRLs listing `cert`'s serial first; the
    /// others only while `good` (the status established so far) is false: a CRL that does
    /// not list the serial can only show it good. Returns a finding when a CRL listing the
    /// serial was left unchecked by the budget.
    fn embedded_crls_for(
        &self,
        ev: &Embedded<'_>,
        cert: &Certificate,
        issuer: &Certificate,
        good: &dyn Fn(&[Crl]) -> bool,
    ) -> Option<Finding> {
        use crate::limits::MAX_EMBEDDED_CRL_ISSUER_CANDIDATES;
        let mut pending = ev.pending.borrow_mut();
        if pending.is_empty() {
            return None;
        }
        let keys: Vec<&Certificate> = core::iter::once(issuer)
            .chain(
                self.anchors
                    .iter()
                    .chain(self.intermediates.iter())
                    .filter(|c| {
                        c.spki_sha256() != issuer.spki_sha256()
                            && crate::name::names_match(c.subject_raw(), cert.issuer_raw())
                    }),
            )
            .take(MAX_EMBEDDED_CRL_ISSUER_CANDIDATES)
            .collect();
        let lists = |p: &EmbeddedCrl<'_>| {
            p.parsed
                .as_ref()
                .is_some_and(|c| c.lookup(cert.serial()).is_some())
        };
        let mut order: Vec<usize> = (0..pending.len())
            .filter(|&i| {
                pending[i]
                    .parsed
                    .as_ref()
                    .is_some_and(|c| crate::name::names_match(c.issuer_raw(), cert.issuer_raw()))
            })
            .collect();
        order.sort_by_key(|&i| !lists(&pending[i]));
        let mut unchecked = false;
        for i in order {
            let listing = lists(&pending[i]);
            if !listing && good(&ev.crls.borrow()) {
                break;
            }
            let p = &mut pending[i];
            for key in &keys {
                let Some(parsed) = p.parsed.as_ref() else {
                    break;
                };
                if p.tried.contains(key.spki_sha256()) {
                    continue;
                }
                if let (Some(aki), Some(ski)) = (parsed.aki(), key.ski()) {
                    if aki != ski {
                        // Another key of the name: not its CRL, nothing to check.
                        p.tried.push(*key.spki_sha256());
                        continue;
                    }
                }
                if !key.allows_crl_sign() {
                    p.tried.push(*key.spki_sha256());
                    continue;
                }
                let paid = key
                    .public_key()
                    .map(|k| crate::path::EnvelopeBudget::draw(k, &self.edges))
                    .unwrap_or(true);
                if !paid {
                    unchecked |= listing;
                    break;
                }
                p.tried.push(*key.spki_sha256());
                match parsed.check_der(p.der, key) {
                    Ok(()) => {
                        if let Some(parsed) = p.parsed.take() {
                            ev.crls.borrow_mut().push(parsed.into_crl(key));
                        }
                    }
                    Err(e) => {
                        let sig = matches!(
                            &e,
                            Error::CrlRejected {
                                code: Code::CrlSignatureInvalid,
                                ..
                            }
                        );
                        if p.failure.is_none() || sig {
                            p.failure = Some(e);
                        }
                    }
                }
            }
            // Tried with every key of this certificate's issuer, in vain: reported.
            if let Some(parsed) = p.parsed.as_ref() {
                let all_tried = keys.iter().all(|k| p.tried.contains(k.spki_sha256()));
                if all_tried && !p.reported {
                    p.reported = true;
                    let (code, detail) = match p.failure.take() {
                        Some(Error::CrlRejected { code, detail }) => (code, detail),
                        Some(e) => (Code::CrlInvalid, e.to_string()),
                        None => (
                            Code::CrlInvalid,
                            "no certificate with its issuer's name and key identifier may \
                             sign it"
                                .into(),
                        ),
                    };
                    ev.rejected.borrow_mut().push(RejectedCrl {
                        issuer_raw: parsed.issuer_raw().to_vec(),
                        issuer: parsed.issuer().to_owned(),
                        code,
                        detail: format!("the envelope's CRL: {detail}"),
                    });
                }
            }
        }
        pending.retain(|p| p.parsed.is_some());
        unchecked.then(|| unchecked_finding(cert, "CRL"))
    }
}

/// The finding of an error of the signature stage ([`Error::finding_code`], with the
/// stage's wording).
fn signature_finding(e: Error) -> Finding {
    let code = e.finding_code();
    match e {
        Error::DigestMismatch => Finding::new(
            code,
            "the content's digest differs from the signed messageDigest",
        ),
        Error::BadSignature => {
            Finding::new(code, "the signature does not verify with the signer's key")
        }
        Error::ContentMissing => Finding::new(code, "detached envelope: supply the content"),
        Error::UnsupportedAlgorithm { algorithm } => {
            Finding::new(code, format!("signature algorithm {algorithm}"))
        }
        other => Finding::new(code, other.to_string()),
    }
}

/// The finding of an error reading the signed document ([`Error::document_code`]).
fn document_finding(e: Error) -> Finding {
    Finding::new(e.document_code(), e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn verifier_is_send_and_sync() {
        assert_send_sync::<Verifier>();
    }
}
