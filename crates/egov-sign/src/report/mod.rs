//! The verification report: an indication, findings with stable codes, the signer, the
//! validated chain, the signing time and the parsed document.
//!
//! * [`codes`](Code): the stable finding codes, each with the [`Indication`] it forces;
//! * [`messages`]: the refusal texts of every code in Russian, Kazakh and English
//!   ([`Lang`], [`Messages`], [`Signer`]);
//! * this module: [`Report`], [`Finding`] and the summaries of certificates, revocation and
//!   time-stamps a report carries.
//!
//! Dependencies run one way: `codes` ← `messages` ← `report`.

use std::sync::Arc;

use serde::Serialize;

mod codes;
pub mod messages;

pub use codes::{Code, Indication};
pub use messages::{Lang, Messages, Signer};

/// One thing found wrong (every finding but a warning, severity [`Indication::Valid`],
/// makes the report not valid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// The indication this finding forces.
    pub severity: Indication,
    /// What the finding is about: a certificate subject, a CRL issuer, a document field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Technical detail, in English.
    pub detail: String,
    /// The refusal text in ru / kk / en.
    pub message: Messages,
    /// For a finding about another signature than the one the document's rules name (a
    /// co-signer's), its index in [`Report::signers`]; its refusal text then names a
    /// co-signer ([`Signer::CoSigner`]), not the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<usize>,
}

impl Finding {
    /// A finding with `code` and `detail`.
    pub fn new(code: Code, detail: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            subject: None,
            detail: detail.into(),
            message: Messages::of(code),
            signer: None,
        }
    }

    /// The same finding about `subject`.
    pub fn about(mut self, subject: impl Into<String>) -> Finding {
        self.subject = Some(subject.into());
        self
    }
}

/// The role a certificate's EKUs give its holder (NCA profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 1.2.398.3.3.4.1.1 — an individual.
    Individual,
    /// 1.2.398.3.3.4.1.2.1 — first head of a legal entity.
    FirstHead,
    /// 1.2.398.3.3.4.1.2.2 — a person with the right to sign.
    RightToSign,
    /// 1.2.398.3.3.4.1.2.3 — right to sign financial documents.
    FinancialSign,
    /// 1.2.398.3.3.4.1.2.4 — HR officer.
    Hr,
    /// 1.2.398.3.3.4.1.2.5 — an employee.
    Employee,
    /// 1.2.398.3.3.4.1.2 without a more specific role.
    LegalEntity,
    /// No NCA role EKU.
    Unknown,
}

impl Role {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Individual => "individual",
            Role::FirstHead => "first_head",
            Role::RightToSign => "right_to_sign",
            Role::FinancialSign => "financial_sign",
            Role::Hr => "hr",
            Role::Employee => "employee",
            Role::LegalEntity => "legal_entity",
            Role::Unknown => "unknown",
        }
    }
}

/// The kind of key a certificate certifies, from its keyUsage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// digitalSignature + nonRepudiation: a signing key.
    Sign,
    /// digitalSignature + keyEncipherment (no nonRepudiation): an authentication key.
    Auth,
    /// Anything else (a CA key, or no keyUsage).
    Other,
}

/// What the report says about a certificate (the signer, or a chain element).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertSummary {
    /// Subject Name, display text ([`crate::certificate::Certificate::subject`]'s form,
    /// not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub subject: String,
    /// Issuer Name, display text ([`crate::certificate::Certificate::subject`]'s form,
    /// not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub issuer: String,
    /// Serial number, uppercase hex.
    pub serial: String,
    /// notBefore, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub not_before: String,
    /// notAfter, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub not_after: String,
    /// The IIN from the subject serialNumber, if any.
    pub iin: Option<String>,
    /// The BIN from the subject OU, if any.
    pub bin: Option<String>,
    /// The subject CN.
    pub name: Option<String>,
    /// The subject O.
    pub organization: Option<String>,
    /// The role from the EKUs.
    pub role: Role,
    /// Signing or authentication key.
    pub key: KeyKind,
    /// Whether the certificate is a CA.
    pub is_ca: bool,
    /// SHA-256 of the certificate DER, lowercase hex.
    pub sha256: String,
}

/// The SHA-256 fingerprint of a verified envelope, computed on first use.
///
/// A report keeps the envelope's DER (which the verification parsed anyway) rather than its
/// digest, so a caller that never reads the fingerprint does not pay for hashing the whole
/// envelope (several kilobytes: a few microseconds natively, ≈ 5 % of an RSA-2048
/// verification, and more in WebAssembly); [`EnvelopeDigest::hex`] hashes it once and keeps
/// the result. It serialises
/// as the lowercase hex string (or `null`), as the report's `envelope_sha256` field always
/// has. Two digests are equal when their envelopes are.
#[derive(Clone, Default)]
pub struct EnvelopeDigest {
    der: Option<Vec<u8>>,
    hex: std::sync::OnceLock<String>,
}

impl EnvelopeDigest {
    /// The fingerprint of `der` (hashed when first read).
    pub fn of(der: Vec<u8>) -> Self {
        EnvelopeDigest {
            der: Some(der),
            hex: std::sync::OnceLock::new(),
        }
    }

    /// No envelope (e.g. a certificate-only report).
    pub fn none() -> Self {
        Self::default()
    }

    /// The SHA-256 of the envelope DER, lowercase hex; `None` without an envelope.
    pub fn hex(&self) -> Option<&str> {
        let der = self.der.as_deref()?;
        Some(
            self.hex
                .get_or_init(|| crate::asn1::hex(&crate::asn1::sha256(der))),
        )
    }

    /// The envelope DER the fingerprint is of.
    pub fn der(&self) -> Option<&[u8]> {
        self.der.as_deref()
    }
}

impl PartialEq for EnvelopeDigest {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for EnvelopeDigest {}

impl core::fmt::Debug for EnvelopeDigest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("EnvelopeDigest").field(&self.hex()).finish()
    }
}

impl Serialize for EnvelopeDigest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.hex().serialize(s)
    }
}

/// A verification report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The overall outcome.
    pub indication: Indication,
    /// Everything found wrong; empty when valid.
    pub findings: Vec<Finding>,
    /// The signer's certificate, when it could be identified. (Shared with the
    /// verifier: a certificate's summary is made once, see
    /// [`crate::certificate::Certificate::summary`].)
    pub signer: Option<Arc<CertSummary>>,
    /// The validated chain, signer first, anchor last (empty if no path was found).
    pub chain: Vec<Arc<CertSummary>>,
    /// The signed signingTime attribute, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub signing_time: Option<String>,
    /// The instant the verification was made at, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub verification_time: String,
    /// The signature algorithm of the envelope's signer.
    pub signature_algorithm: Option<String>,
    /// SHA-256 of the envelope DER (what a result's request reference holds), lowercase
    /// hex: [`EnvelopeDigest::hex`]. Computed when first read or serialised.
    pub envelope_sha256: EnvelopeDigest,
    /// The parsed document, when the content was a request or result document that passed
    /// its checks.
    pub document: Option<crate::document::Document>,
    /// The signer's signature-time-stamp ([RFC 3161]) that verified against the verifier's TSA
    /// anchors, if any.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<TimestampSummary>,
    /// The revocation status of each certificate of the path that needed one, and where it
    /// came from; empty when no revocation was checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revocation: Vec<RevocationSummary>,
    /// One entry per SignerInfo of the envelope, in its order (empty for a certificate
    /// report). The top-level `indication` is valid only if every signer's is and the
    /// document's rules hold; `signer`, `chain`, `signing_time` and
    /// `signature_algorithm` are those of the document's signer ([`SignerReport::document_signer`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<SignerReport>,
}

/// The revocation status of one certificate in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevocationSummary {
    /// The certificate's subject (display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub subject: String,
    /// Its serial number, uppercase hex (as [`CertSummary::serial`]).
    pub serial: String,
    /// `crl`, `ocsp`, or `none` (no usable evidence).
    pub source: &'static str,
    /// `good`, `revoked`, `on_hold`, `stale` (only CRLs past nextUpdate), `unknown`.
    pub status: &'static str,
    /// The revocation time (revoked, on hold), [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_time: Option<String>,
    /// The reason (revoked, on hold), its [RFC 5280 §5.3.1] CRLReason name
    /// ([`crate::crl::Reason::name`]: `keyCompromise`, `certificateHold`, ...): the CRL
    /// entry's reasonCode (`unspecified` when the entry has none), or the OCSP
    /// revocationReason when the response gives one.
    ///
    /// [RFC 5280 §5.3.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// OCSP: producedAt, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    #[serde(skip_serializing_if = "Option::is_none")]
    pub produced_at: Option<String>,
    /// OCSP: thisUpdate, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    #[serde(skip_serializing_if = "Option::is_none")]
    pub this_update: Option<String>,
    /// OCSP: nextUpdate, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update: Option<String>,
    /// OCSP: the responder's subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responder: Option<String>,
    /// True when the deciding evidence is embedded in the envelope (the long-term form:
    /// SignedData.crls or id-aa-ets-revocationValues), not given to the verifier. Omitted
    /// from the JSON when false.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub embedded: bool,
}

/// A verified signature-time-stamp in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimestampSummary {
    /// genTime, [RFC 3339] (with its fraction of a second, if any).
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub gen_time: String,
    /// The accuracy in microseconds, if the token states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy_micros: Option<u64>,
    /// The TSA certificate's subject (display text, not [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    pub tsa: String,
    /// The TSA policy (dotted).
    pub policy: String,
    /// The NCA name of the policy (`tsa_gost2015_policy`, ...), if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<&'static str>,
    /// The token's signature algorithm.
    pub signature_algorithm: &'static str,
    /// The token's serialNumber, lowercase hex.
    pub serial: String,
}

impl TimestampSummary {
    /// The summary of a verified token.
    pub fn of(v: &crate::tsp::VerifiedTimestamp) -> TimestampSummary {
        TimestampSummary {
            gen_time: v.info.gen_time_rfc3339(),
            accuracy_micros: v.info.accuracy.map(|a| a.as_micros()),
            tsa: v.tsa.subject().to_owned(),
            policy: v.info.policy.to_string(),
            policy_name: v.policy_name,
            signature_algorithm: v.signature_algorithm,
            serial: crate::asn1::hex(&v.info.serial),
        }
    }
}

/// What a report says about one SignerInfo of an envelope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignerReport {
    /// The SignerInfo's position in the envelope, from 0.
    pub index: usize,
    /// This signature's outcome: its signature, signer certificate, path, revocation and
    /// (for the document's signer) the identity rules.
    pub indication: Indication,
    /// What is wrong with this signature; empty when valid.
    pub findings: Vec<Finding>,
    /// True for the signature the document's rules are checked against: the applicant's
    /// on a portal request (the operator's on a ЦОН or provider request, the official's on
    /// a result, the operator's on a receipt); the first signer for other content, or
    /// when no signer satisfies the rules.
    pub document_signer: bool,
    /// The signer's certificate, when it could be identified.
    pub signer: Option<Arc<CertSummary>>,
    /// The validated chain, signer first, anchor last (empty if no path was found).
    pub chain: Vec<Arc<CertSummary>>,
    /// The signed signingTime attribute, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub signing_time: Option<String>,
    /// The instant this signature was verified at, [RFC 3339].
    ///
    /// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339
    pub verification_time: String,
    /// The signature algorithm.
    pub signature_algorithm: Option<String>,
    /// Its signature-time-stamp ([RFC 3161]), when one verified against the TSA anchors.
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<TimestampSummary>,
    /// The revocation status of each certificate of its path, and where it came from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revocation: Vec<RevocationSummary>,
    /// For an XML signature: the element its signature covers, as a path from
    /// the document element (`/request`); `None` for CMS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

impl Report {
    /// The indication implied by `findings`: valid if none, else invalid if any finding is
    /// invalid, else indeterminate.
    ///
    /// Warnings (codes whose severity is [`Indication::Valid`], e.g.
    /// [`Code::DeadlineMissed`]) are reported but do not change the indication.
    pub fn indication_of(findings: &[Finding]) -> Indication {
        if findings.iter().all(|f| f.severity == Indication::Valid) {
            Indication::Valid
        } else if findings.iter().any(|f| f.severity == Indication::Invalid) {
            Indication::Invalid
        } else {
            Indication::Indeterminate
        }
    }

    /// True if the indication is valid.
    pub fn is_valid(&self) -> bool {
        self.indication == Indication::Valid
    }

    /// True if some finding has `code`.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The codes of the findings, in order, without repeats.
    pub fn codes(&self) -> Vec<Code> {
        let mut out: Vec<Code> = Vec::new();
        for f in &self.findings {
            if !out.contains(&f.code) {
                out.push(f.code);
            }
        }
        out
    }

    /// The refusal text for this report in `lang`: one line per distinct code.
    ///
    /// The formula names the document's signer ([`Report::signer_kind`]); warnings are left
    /// out.
    ///
    /// A co-signer's findings ([`Finding::signer`]) name a co-signer, each distinct code once.
    pub fn refusal_text(&self, lang: Lang) -> String {
        let document_signer = self.signer_kind();
        let mut seen: Vec<(Code, bool)> = Vec::new();
        let mut lines = Vec::new();
        for f in &self.findings {
            let key = (f.code, f.signer.is_some());
            if f.code.severity() == Indication::Valid || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let signer = if key.1 {
                Signer::CoSigner
            } else {
                document_signer
            };
            lines.push(messages::message_for(f.code, lang, signer));
        }
        lines.join("\n")
    }

    /// Whose signature the document carries: the applicant on the portal, the ЦОН operator
    /// (requests on the `con` channel, receipts), the provider's employee (requests on the
    /// `provider` channel) or the provider's authorized person (results). The applicant
    /// when the document is unknown.
    pub fn signer_kind(&self) -> Signer {
        self.document
            .as_ref()
            .map(crate::document::Document::signer_kind)
            .unwrap_or_default()
    }

    /// Re-word every finding's refusal text for [`Report::signer_kind`] (the verifier does
    /// this once the document is known).
    pub fn name_signer(&mut self) {
        let signer = self.signer_kind();
        for f in self.findings.iter_mut() {
            let who = if f.signer.is_some() {
                Signer::CoSigner
            } else {
                signer
            };
            f.message = Messages::for_signer(f.code, who);
        }
        for s in self.signers.iter_mut() {
            let who = if s.document_signer {
                signer
            } else {
                Signer::CoSigner
            };
            for f in s.findings.iter_mut() {
                f.message = Messages::for_signer(f.code, who);
            }
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(findings: Vec<Finding>) -> Report {
        Report {
            indication: Report::indication_of(&findings),
            findings,
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            verification_time: "2025-03-03T09:15:00Z".into(),
            signature_algorithm: None,
            envelope_sha256: EnvelopeDigest::none(),
            document: None,
            timestamp: None,
            revocation: Vec::new(),
            signers: Vec::new(),
        }
    }

    fn co_signer(f: Finding, index: usize) -> Finding {
        Finding {
            signer: Some(index),
            ..f
        }
    }

    #[test]
    fn indication_from_findings() {
        use Indication::*;
        let of = |codes: &[Code]| {
            let findings: Vec<Finding> = codes.iter().map(|&c| Finding::new(c, "")).collect();
            Report::indication_of(&findings)
        };
        assert_eq!(of(&[]), Valid);
        // Warnings do not change the indication.
        assert_eq!(
            of(&[Code::DeadlineMissed, Code::TsaRevocationUnknown]),
            Valid
        );
        assert_eq!(
            of(&[Code::DeadlineMissed, Code::RevocationUnknown]),
            Indeterminate
        );
        assert_eq!(of(&[Code::ChainUntrusted, Code::CrlExpired]), Indeterminate);
        // Any invalid finding wins, whatever its place.
        assert_eq!(of(&[Code::RevocationUnknown, Code::CertRevoked]), Invalid);
        assert_eq!(of(&[Code::SignatureInvalid, Code::ChainUntrusted]), Invalid);
        // Every code: alone, a code forces its own severity.
        for &c in Code::ALL {
            assert_eq!(of(&[c]), c.severity(), "{c}");
        }
    }

    #[test]
    fn a_finding_carries_its_severity_and_the_applicant_texts() {
        let f = Finding::new(Code::CertRevoked, "serial 01").about("CN=x");
        assert_eq!(f.severity, Indication::Invalid);
        assert_eq!(f.subject.as_deref(), Some("CN=x"));
        for lang in Lang::ALL {
            assert_eq!(
                f.message.get(lang),
                messages::message_for(Code::CertRevoked, lang, Signer::Applicant)
            );
        }
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["code"], "CERT_REVOKED");
        assert_eq!(v["severity"], "invalid");
        assert!(v.get("signer").is_none());
    }

    #[test]
    fn refusal_text_one_line_per_code_and_signer_without_warnings() {
        let r = report(vec![
            Finding::new(Code::CertRevoked, "a"),
            Finding::new(Code::DeadlineMissed, "warning"),
            Finding::new(Code::CertRevoked, "b"),
            co_signer(Finding::new(Code::CertRevoked, "c"), 1),
            Finding::new(Code::IinMismatch, "d"),
        ]);
        assert_eq!(r.indication, Indication::Invalid);
        assert_eq!(
            r.codes(),
            vec![Code::CertRevoked, Code::DeadlineMissed, Code::IinMismatch]
        );
        assert!(r.has(Code::DeadlineMissed) && !r.has(Code::CertExpired));
        for lang in Lang::ALL {
            let text = r.refusal_text(lang);
            let want = [
                messages::message_for(Code::CertRevoked, lang, Signer::Applicant),
                messages::message_for(Code::CertRevoked, lang, Signer::CoSigner),
                messages::message_for(Code::IinMismatch, lang, Signer::Applicant),
            ]
            .join("\n");
            assert_eq!(text, want, "{lang}");
            assert!(!text.contains(messages::message(Code::DeadlineMissed, lang)));
        }
        // A valid report (warnings only) has no refusal.
        assert_eq!(
            report(vec![Finding::new(Code::DeadlineMissed, "")]).refusal_text(Lang::Ru),
            ""
        );
    }

    #[test]
    fn name_signer_rewords_co_signers_and_signer_reports() {
        let mut r = report(vec![
            Finding::new(Code::CertExpired, ""),
            co_signer(Finding::new(Code::CertExpired, ""), 1),
        ]);
        r.signers.push(SignerReport {
            index: 1,
            indication: Indication::Invalid,
            findings: vec![Finding::new(Code::CertExpired, "")],
            document_signer: false,
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            verification_time: String::new(),
            signature_algorithm: None,
            timestamp: None,
            revocation: Vec::new(),
            covers: None,
        });
        r.name_signer();
        assert_eq!(r.signer_kind(), Signer::Applicant);
        assert_eq!(r.findings[0].message, Messages::of(Code::CertExpired));
        let co = Messages::for_signer(Code::CertExpired, Signer::CoSigner);
        assert_ne!(co, Messages::of(Code::CertExpired));
        assert_eq!(r.findings[1].message, co);
        assert_eq!(r.signers[0].findings[0].message, co);
    }
}
