//! The stages of [`Verifier::verify_envelope_as`], in the order they run:
//!
//! ```text
//! Envelope::parse                                 (an Err: nothing to report on)
//!   → embedded certificates  Verifier::embedded_certificates    once per envelope
//!   → document               Verifier::document_stage           once per envelope
//!   → for every SignerInfo:
//!       time                 Verifier::time_stage                (+ signing_time_unproven
//!                                                                   after the path)
//!       signature            Verifier::signature_stage
//!       path                 Verifier::path_stage                } once per (certificate,
//!       revocation           Verifier::check_revocation          }  instant): signer_path_stage
//!   → identity               Verifier::document_signer          the document's signer
//!   → report
//! ```
//!
//! Each stage adds findings and returns what the next needs; none returns early with a
//! bare error. The Codes each can emit are listed on it.

use super::*;
use crate::cms::SignerInfo;

/// What [`Verifier::embedded_certificates`] found in SignedData.certificates.
pub(super) struct EnvelopeCertificates<'v> {
    /// The certificates that are not configured ones, parsed (or taken from the cache).
    pub(super) embedded: Vec<std::sync::Arc<Certificate>>,
    /// The configured anchors and intermediates the envelope repeats.
    pub(super) known: Vec<&'v Certificate>,
}

impl Verifier {
    /// Stage "embedded certificates": every certificate of SignedData.certificates is
    /// either a configured anchor or intermediate (found by its DER, parsed once when the
    /// verifier was built: envelopes usually repeat the CA certificates) or parsed here
    /// through the verifier's bounded cache. Nothing is trusted or verified here.
    ///
    /// Codes: a certificate that does not parse is a finding with its error's
    /// [`Error::finding_code`] (`MALFORMED`, `UNSUPPORTED_ALGORITHM`, ...), naming it
    /// `embedded certificate #i`; the others are still used.
    pub(super) fn embedded_certificates(
        &self,
        env: &Envelope,
        findings: &mut Vec<Finding>,
    ) -> EnvelopeCertificates<'_> {
        let mut embedded = Vec::new();
        // Envelopes usually repeat the configured CA certificates: those are taken from the
        // configuration (parsed once) instead of being parsed again on every call.
        let mut known: Vec<&Certificate> = Vec::new();
        for (i, der) in env.certificates.iter().enumerate() {
            if let Some(c) = self.configured(der) {
                known.push(c);
                continue;
            }
            match self.cache.get_or_parse(der) {
                Ok(c) => embedded.push(c),
                Err(e) => findings.push(Finding::new(
                    e.finding_code(),
                    format!("embedded certificate #{i}: {e}"),
                )),
            }
        }
        EnvelopeCertificates { embedded, known }
    }

    /// Stage "document": the signed content (`content` for a detached envelope, else the
    /// encapsulated one) read as the document `kind` expects, under the policy's checksum
    /// rule. It does not depend on the signers. For [`DocumentKind::Any`] nothing is read.
    ///
    /// Codes: `CONTENT_TYPE_MISMATCH` (a document whose eContentType is not id-data, RFC
    /// 5652 §4: not a signed document, whatever its bytes parse as); the document's reading
    /// errors by [`Error::document_code`] (`DOCUMENT_INVALID`, `IIN_INVALID`,
    /// `OUTCOME_NOT_FOR_SERVICE`, `REFUSAL_GROUND_INVALID`). No content (detached, none
    /// given) is no finding here: the signature stage reports `CONTENT_MISSING`.
    pub(super) fn document_stage(
        &self,
        env: &Envelope,
        kind: DocumentKind,
        content: Option<&[u8]>,
        findings: &mut Vec<Finding>,
    ) -> Option<Document> {
        let content = content.or(env.content.as_deref());

        // A request or result document is id-data (RFC 5652 §4): a SignedData over any
        // other content type is not a signed document, whatever its bytes parse as.
        if kind != DocumentKind::Any && env.content_type != oid::ID_DATA {
            findings.push(Finding::new(
                Code::ContentTypeMismatch,
                format!(
                    "eContentType {} is not id-data ({}): not a signed document",
                    env.content_type,
                    oid::ID_DATA
                ),
            ));
        }

        let mut document = None;
        if let Some(bytes) = content {
            let parsed = match kind {
                DocumentKind::Request => {
                    Some(Request::from_json(bytes, self.policy.checksum).map(Document::Request))
                }
                DocumentKind::Result => Some(
                    ResultDocument::from_json(bytes, self.policy.checksum).map(Document::Result),
                ),
                DocumentKind::Receipt => {
                    Some(Receipt::from_json(bytes, self.policy.checksum).map(Document::Receipt))
                }
                DocumentKind::Any => None,
            };
            match parsed {
                Some(Ok(d)) => document = Some(d),
                Some(Err(e)) => findings.push(document_finding(e)),
                None => {}
            }
        }
        document
    }

    /// Stage "time", for one SignerInfo: the instant its certificate is judged at
    /// ([`VerificationTime::resolve`]: now, a fixed instant, or the signer's signingTime),
    /// and its signature-time-stamp ([RFC 3161] Appendix A), verified against the TSA anchors
    /// over the SignerInfo's signature value when TSA anchors are configured and it carries
    /// tokens, or when the time must be [`VerificationTime::Timestamp`] (which is then the
    /// stamp's latest possible time, genTime + accuracy). What cannot be established falls
    /// back to the present time, with a finding.
    ///
    /// `envelope_certs` are the envelope's certificates (untrusted TSA path candidates).
    /// Returns the instant and the verified time-stamp (or why none verified).
    ///
    /// Codes: `SIGNING_TIME_MISSING` (no signingTime where it is the verification time),
    /// `TIMESTAMP_MISSING`, `TIMESTAMP_INVALID` (only where the time must come from a
    /// stamp), `TSA_REVOCATION_UNKNOWN` (a verified token whose TSA status is not
    /// established, under [`crate::tsp::TsaRevocation::Warn`]). That a signingTime is no
    /// proof of time is checked after the path ([`Verifier::signing_time_unproven`]:
    /// `SIGNING_TIME_UNPROVEN`).
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    pub(super) fn time_stage(
        &self,
        si: &SignerInfo,
        options: &VerifyOptions<'_>,
        envelope_certs: &[&Certificate],
        ev: &Embedded<'_>,
        sf: &mut Vec<Finding>,
    ) -> (Time, Option<Result<crate::tsp::VerifiedTimestamp, Finding>>) {
        // Issue 16: this signer's signature-time-stamp, verified when TSA anchors are
        // configured (reported), and the time it proves for VerificationTime::Timestamp.
        let stamp = (options.time == VerificationTime::Timestamp
            || (!si.timestamp_tokens.is_empty() && !self.tsa.is_empty()))
        .then(|| {
            self.verified_timestamp(
                &si.timestamp_tokens,
                &si.signature,
                envelope_certs,
                options.signature_backend,
                (ev, &mut *sf),
            )
        });
        let at = match options.time.resolve(si.signing_time) {
            Some(t) => t,
            None if options.time == VerificationTime::Timestamp => {
                let proven = match &stamp {
                    Some(Ok(v)) => Time::from_unix_timestamp(v.info.latest_unix())
                        .map_err(|e| Finding::new(Code::TimestampInvalid, format!("genTime: {e}"))),
                    Some(Err(f)) => Err(f.clone()),
                    None => Err(Finding::new(Code::TimestampMissing, "no time-stamp")),
                };
                match proven {
                    Ok(t) => t,
                    Err(f) => {
                        sf.push(f);
                        Time::now_utc()
                    }
                }
            }
            None => {
                sf.push(Finding::new(
                    Code::SigningTimeMissing,
                    "the envelope has no signingTime attribute",
                ));
                Time::now_utc()
            }
        };
        (at, stamp)
    }

    /// Stage "signature", for one SignerInfo whose certificate `cert` was found: the
    /// content against the messageDigest attribute, the contentType attribute, the
    /// signature over the signed attributes with `cert`'s key ([RFC 5652 §5.4], §5.6;
    /// [`SignerInfo::verify_signature`]), then the signingCertificate(V2) attribute, the
    /// signed evidence of which certificate was used ([RFC 5035 §4], [RFC 2634 §5.4]). Returns
    /// the signature algorithm's name when the signature verified.
    ///
    /// Codes: `SIGNATURE_INVALID`, `DIGEST_MISMATCH`, `CONTENT_MISSING`,
    /// `UNSUPPORTED_ALGORITHM`, `MALFORMED` (e.g. a contentType attribute that is not the
    /// eContentType), `SIGNING_CERTIFICATE_MISMATCH`. (A signer whose certificate is
    /// nowhere is `SIGNER_CERT_MISSING`, before this stage.)
    ///
    /// [RFC 2634 §5.4]: https://www.rfc-editor.org/rfc/rfc2634#section-5.4
    /// [RFC 5035 §4]: https://www.rfc-editor.org/rfc/rfc5035#section-4
    /// [RFC 5652 §5.4]: https://www.rfc-editor.org/rfc/rfc5652#section-5.4
    pub(super) fn signature_stage(
        &self,
        env: &Envelope,
        si: &SignerInfo,
        cert: &Certificate,
        options: &VerifyOptions<'_>,
        findings: &mut Vec<Finding>,
    ) -> Option<String> {
        let mut algorithm = None;
        match si.verify_signature_by(env, options.content, cert, options.signature_backend) {
            Ok(alg) => algorithm = Some(alg.name().to_owned()),
            Err(e) => findings.push(signature_finding(e)),
        }
        // RFC 5035 §4 / RFC 2634 §5.4: signed evidence of which certificate was used.
        match si.check_signing_certificate(cert) {
            Ok(()) => {}
            Err(SigningCertificateError::Mismatch(detail)) => findings
                .push(Finding::new(Code::SigningCertificateMismatch, detail).about(cert.subject())),
            Err(SigningCertificateError::UnsupportedAlgorithm(oid)) => findings.push(Finding::new(
                Code::UnsupportedAlgorithm,
                format!("signingCertificateV2 hash algorithm {oid}"),
            )),
        }
        algorithm
    }

    /// Stages "path" and "revocation" of one signer's certificate at `secs`, within the
    /// envelope: a certificate shared by several signers is checked once per instant
    /// (`paths` holds what was found), and all paths of the envelope draw on one budget
    /// (`budget` for `signers` SignerInfos). When the budget is spent, the
    /// certificate is not checked (fail closed). Otherwise
    /// [`Verifier::check_certificate`]: [`Verifier::path_stage`] then, with a path,
    /// [`Verifier::check_revocation`].
    ///
    /// Codes: `CHAIN_UNTRUSTED` (the envelope's path budget is exhausted), and those of
    /// the two stages.
    #[allow(clippy::type_complexity)]
    pub(super) fn signer_path_stage<'a>(
        &'a self,
        cert: &'a Certificate,
        secs: i64,
        (pool, usage, ev): (&'a [&'a Certificate], KeyUsageRequirement, &Embedded<'_>),
        backend: &'a dyn SignatureBackend,
        (budget, signers): (&crate::path::EnvelopeBudget, usize),
        paths: &mut Vec<(&'a Certificate, i64, Checked<'a>)>,
    ) -> Checked<'a> {
        let done = paths
            .iter()
            .find(|(c, t, _)| *t == secs && c.sha256() == cert.sha256());
        match done {
            Some((_, _, checked)) => checked.clone(),
            None if budget.exhausted() => {
                let (path_signatures, path_cost) = budget.spent();
                Checked {
                    findings: vec![Finding::new(
                        Code::ChainUntrusted,
                        format!(
                            "path building budget of the envelope exhausted \
                             ({path_signatures} signature checks, {path_cost} cost units; \
                             {} reference checks for {} signers)",
                            budget.budget(),
                            signers
                        ),
                    )
                    .about(cert.subject())],
                    chain: Vec::new(),
                    signatures: 0,
                    cost: 0,
                    revocation: Vec::new(),
                }
            }
            None => {
                let checked = self.check_certificate(cert, pool, usage, secs, backend, ev);
                paths.push((cert, secs, checked.clone()));
                checked
            }
        }
    }

    /// Stage "path" of `leaf` at `at`: its key usage (a document signer's key is a signing
    /// key, unless [`KeyUsageRequirement::Any`]), then a path from `leaf` through `pool` to
    /// a configured trust anchor with every link checked (`crate::path::build`:
    /// signatures, validity at `at`, basicConstraints, keyUsage, name chaining, the NCA
    /// profile, the policy's key families). Without a path, the end certificate's own
    /// profile violations and validity are still reported.
    ///
    /// Codes: `KEY_USAGE`; `CHAIN_UNTRUSTED`, `CHAIN_INVALID`, `CERT_EXPIRED`,
    /// `CERT_NOT_YET_VALID`, `CERT_NONCONFORMING`, `UNSUPPORTED_ALGORITHM` (from the path
    /// builder and `crate::path::profile_finding`).
    pub(super) fn path_stage<'a>(
        &'a self,
        leaf: &'a Certificate,
        pool: &'a [&'a Certificate],
        usage: KeyUsageRequirement,
        at: i64,
        backend: &'a dyn SignatureBackend,
    ) -> (Vec<Finding>, crate::path::PathResult<'a>) {
        let mut findings = Vec::new();
        if usage == KeyUsageRequirement::Sign && leaf.key_kind() != KeyKind::Sign {
            findings.push(
                Finding::new(
                    Code::KeyUsage,
                    "not a signing key (keyUsage digitalSignature + nonRepudiation required)",
                )
                .about(leaf.subject()),
            );
        }
        let mut built = crate::path::build(
            leaf,
            pool,
            &self.anchors,
            crate::asn1::time_from_unix(at),
            &self.edges,
            backend,
        );
        findings.append(&mut built.findings);
        if built.path.is_empty() {
            // No path: the end certificate's own profile violations and validity are still
            // worth reporting.
            for v in leaf.profile_violations() {
                findings.push(crate::path::profile_finding(leaf, *v));
            }
            if at > leaf.not_after_unix() {
                findings.push(Finding::new(Code::CertExpired, "expired").about(leaf.subject()));
            } else if at < leaf.not_before_unix() {
                findings.push(
                    Finding::new(Code::CertNotYetValid, "not yet valid").about(leaf.subject()),
                );
            }
        }
        (findings, built)
    }

    /// The report of an envelope: the document signer's (`primary`) time finding, the
    /// envelope's and the document's `findings`, the document signer's other findings (for
    /// one signer: the order reports always had), then the other signers', each detail
    /// naming its signer; one [`crate::report::SignerReport`] per SignerInfo, the document
    /// signer's also at the top level; the indication of all findings
    /// ([`Report::indication_of`]); the envelope's SHA-256; the refusal formula naming the
    /// document's signer. Emits no Code of its own.
    pub(super) fn report_stage(
        env: Envelope,
        findings: Vec<Finding>,
        signers: Vec<SignerCheck<'_>>,
        primary: usize,
        document: Option<Document>,
    ) -> Report {
        let mut report = Report {
            indication: crate::report::Indication::Indeterminate,
            findings: Vec::new(),
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            verification_time: String::new(),
            signature_algorithm: None,
            envelope_sha256: EnvelopeDigest::none(),
            document: None,
            signers: Vec::with_capacity(signers.len()),
            timestamp: None,
            revocation: Vec::new(),
        };
        // The document signer's time finding, the envelope's and the document's findings,
        // the document signer's others (for one signer: the order reports always had),
        // then the other signers', each detail naming its signer.
        let mut all = Vec::new();
        let (time_findings, rest): (Vec<&Finding>, Vec<&Finding>) = signers
            .get(primary)
            .map(|p| {
                p.findings
                    .iter()
                    .partition(|f| f.code == Code::SigningTimeMissing)
            })
            .unwrap_or_default();
        all.extend(time_findings.into_iter().cloned());
        all.extend(findings);
        all.extend(rest.into_iter().cloned());
        for (i, (s, si)) in signers.into_iter().zip(&env.signers).enumerate() {
            if i != primary {
                all.extend(s.findings.iter().map(|f| {
                    let mut f = f.clone();
                    f.detail = format!("signer #{i}: {}", f.detail);
                    f.signer = Some(i);
                    f
                }));
            }
            let entry = crate::report::SignerReport {
                index: i,
                indication: Report::indication_of(&s.findings),
                findings: s.findings,
                document_signer: i == primary,
                signer: s.cert.map(Certificate::summary),
                chain: s.chain.iter().map(|c| c.summary()).collect(),
                signing_time: si.signing_time.map(|t| asn1::rfc3339(t.unix_timestamp())),
                verification_time: asn1::rfc3339(s.at.unix_timestamp()),
                signature_algorithm: s.algorithm,
                timestamp: s.timestamp,
                revocation: s.revocation,
                covers: None,
            };
            if i == primary {
                report.signer = entry.signer.clone();
                report.chain = entry.chain.clone();
                report.signing_time = entry.signing_time.clone();
                report.verification_time = entry.verification_time.clone();
                report.signature_algorithm = entry.signature_algorithm.clone();
                report.timestamp = entry.timestamp.clone();
                report.revocation = entry.revocation.clone();
            }
            report.signers.push(entry);
        }
        report.indication = Report::indication_of(&all);
        report.findings = all;
        report.document = document;
        report.envelope_sha256 = EnvelopeDigest::of(env.der);
        // The refusal formula names the document's signer.
        report.name_signer();
        report
    }
}
