//! The verification report: an indication, findings with stable codes, the signer, the
//! validated chain, the signing time and the parsed document.
//!
//! Codes are stable SCREAMING_SNAKE strings; their refusal texts in Russian, Kazakh and
//! English live in [`crate::messages`].

use std::sync::Arc;

use serde::Serialize;

use crate::messages;

/// Overall outcome of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Indication {
    /// Every check passed.
    Valid,
    /// A definite failure (bad signature, revoked, expired, identity mismatch, ...).
    Invalid,
    /// Information needed to decide was missing (no usable CRL, no path to an anchor, ...).
    Indeterminate,
}

impl Indication {
    /// `"valid"`, `"invalid"` or `"indeterminate"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Indication::Valid => "valid",
            Indication::Invalid => "invalid",
            Indication::Indeterminate => "indeterminate",
        }
    }
}

/// Languages of the refusal texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Russian.
    Ru,
    /// Kazakh.
    Kk,
    /// English.
    En,
}

impl Lang {
    /// All languages, in the order texts are reported.
    pub const ALL: [Lang; 3] = [Lang::Ru, Lang::Kk, Lang::En];

    /// Parse `"ru"`, `"kk"` (or `"kz"`), `"en"`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "kk" | "kz" => Some(Lang::Kk),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal => $sev:ident, )*) => {
        /// A stable finding code.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable SCREAMING_SNAKE string of the code.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The indication a finding with this code forces.
            pub fn severity(self) -> Indication {
                match self { $( Code::$variant => Indication::$sev, )* }
            }

            /// Parse the stable string back into a code.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $( $text => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The signature over the signed attributes (or content) does not verify.
    SignatureInvalid = "SIGNATURE_INVALID" => Invalid,
    /// The messageDigest attribute does not match the content.
    DigestMismatch = "DIGEST_MISMATCH" => Invalid,
    /// A certificate in the path had expired at the verification time.
    CertExpired = "CERT_EXPIRED" => Invalid,
    /// A certificate in the path was not yet valid at the verification time.
    CertNotYetValid = "CERT_NOT_YET_VALID" => Invalid,
    /// A certificate in the path was revoked at the verification time.
    CertRevoked = "CERT_REVOKED" => Invalid,
    /// A certificate in the path was on hold (certificateHold) at the verification time.
    CertOnHold = "CERT_ON_HOLD" => Invalid,
    /// No usable revocation information covers a certificate in the path.
    RevocationUnknown = "REVOCATION_UNKNOWN" => Indeterminate,
    /// The only CRL for a certificate was past its nextUpdate at the verification time.
    CrlExpired = "CRL_EXPIRED" => Indeterminate,
    /// A CRL for a certificate in the path was rejected: its signature does not verify
    /// against its issuer.
    CrlSignatureInvalid = "CRL_SIGNATURE_INVALID" => Indeterminate,
    /// A CRL for a certificate in the path was rejected for another reason (issuer unknown,
    /// unknown critical extension, issuer without cRLSign, unusable delta).
    CrlInvalid = "CRL_INVALID" => Indeterminate,
    /// No path from the signer to a configured trust anchor.
    ChainUntrusted = "CHAIN_UNTRUSTED" => Indeterminate,
    /// A path exists but breaks a rule (issuer not a CA, pathLen, keyCertSign, issuer
    /// signature, unknown critical extension, depth).
    ChainInvalid = "CHAIN_INVALID" => Invalid,
    /// The signer's key usage does not allow this use (e.g. an authentication key signed).
    KeyUsage = "KEY_USAGE" => Invalid,
    /// The IIN in the document differs from the IIN in the certificate.
    IinMismatch = "IIN_MISMATCH" => Invalid,
    /// An IIN (in the certificate or the document) is not valid.
    IinInvalid = "IIN_INVALID" => Invalid,
    /// The signer's BIN is not the one the rules require.
    BinMismatch = "BIN_MISMATCH" => Invalid,
    /// The signer's role (EKU) is not allowed for this document.
    RoleNotAllowed = "ROLE_NOT_ALLOWED" => Invalid,
    /// The result's request hash does not match the given request envelope.
    RequestHashMismatch = "REQUEST_HASH_MISMATCH" => Invalid,
    /// An algorithm in the envelope or path is not supported.
    UnsupportedAlgorithm = "UNSUPPORTED_ALGORITHM" => Indeterminate,
    /// The envelope or a structure inside it could not be parsed.
    Malformed = "MALFORMED" => Invalid,
    /// The signed content is not a valid document of the expected kind.
    DocumentInvalid = "DOCUMENT_INVALID" => Invalid,
    /// The envelope is detached and no content was supplied.
    ContentMissing = "CONTENT_MISSING" => Indeterminate,
    /// The certificate named by the SignerIdentifier is not in the envelope.
    SignerCertMissing = "SIGNER_CERT_MISSING" => Indeterminate,
    /// The verification time is the signing time, but the envelope has none.
    SigningTimeMissing = "SIGNING_TIME_MISSING" => Indeterminate,
    /// The document's channel needs configuration the verifier lacks (e.g. no operator
    /// BINs configured), or the channel is not allowed for the document.
    ChannelNotAllowed = "CHANNEL_NOT_ALLOWED" => Invalid,
    /// The signed contentType attribute differs from the encapsulated content type.
    ContentTypeMismatch = "CONTENT_TYPE_MISMATCH" => Invalid,
    /// A certificate in the path breaks a MUST of the RFC 5280 certificate profile that is
    /// not a DER error: serialNumber not positive or over 20 octets (§4.1.2.2),
    /// authorityKeyIdentifier missing on a certificate that is not self-issued or critical
    /// (§4.2.1.1), subjectKeyIdentifier missing on a CA or critical (§4.2.1.2),
    /// basicConstraints not critical on a CA (§4.2.1.9), keyCertSign without cA (§4.2.1.3),
    /// authorityInfoAccess critical (§4.2.2.1), policyConstraints not critical (§4.2.1.11),
    /// a CA with an empty subject (§4.1.2.6). The detail names the rule.
    CertNonconforming = "CERT_NONCONFORMING" => Invalid,
    /// The signed signingCertificateV2 (RFC 5035) or signingCertificate (RFC 2634) attribute
    /// does not identify the signer's certificate (certificate hash or issuerSerial).
    SigningCertificateMismatch = "SIGNING_CERTIFICATE_MISMATCH" => Invalid,
    /// A result was given but no provider organisation (BIN) is configured: only the
    /// provider's authorized person signs results (000:199, 002:54), so no result can be
    /// valid until [`crate::policy::Policy::provider_bins`] names the provider.
    ProviderNotConfigured = "PROVIDER_NOT_CONFIGURED" => Invalid,
    /// The result's service is not the service of the request it answers.
    ResultServiceMismatch = "RESULT_SERVICE_MISMATCH" => Invalid,
    /// The result's applicant (IIN) is not the applicant of the request it answers.
    ResultApplicantMismatch = "RESULT_APPLICANT_MISMATCH" => Invalid,
    /// The result's `registered_at` precedes the creation of the request it answers.
    RegisteredBeforeRequest = "REGISTERED_BEFORE_REQUEST" => Invalid,
    /// The result's outcome kind does not belong to its service.
    OutcomeNotForService = "OUTCOME_NOT_FOR_SERVICE" => Invalid,
    /// The result's `due_by` is later than the legal deadline of the regulations.
    DueByAfterDeadline = "DUE_BY_AFTER_DEADLINE" => Invalid,
    /// Warning: the result was issued after its `due_by` (the signature stays valid).
    DeadlineMissed = "DEADLINE_MISSED" => Valid,
    /// The working-day calendar does not cover a date the deadline needs.
    CalendarMissing = "CALENDAR_MISSING" => Indeterminate,
    /// A refusal does not carry a known ground of refusal.
    RefusalGroundInvalid = "REFUSAL_GROUND_INVALID" => Invalid,
    /// Warning: a working-day deadline was counted over a year whose calendar data is
    /// provisional (its transfer decree or Kurban Ait date was not found when the data was
    /// made; [`crate::document::Calendar::provisional`]).
    CalendarProvisional = "CALENDAR_PROVISIONAL" => Valid,
    /// The verification time is the signer's own signingTime claim, which no timestamp
    /// proves, and the signature is not valid now (the detail says why): an unproven
    /// claimed time never makes a signature valid (issue 16).
    SigningTimeUnproven = "SIGNING_TIME_UNPROVEN" => Indeterminate,
    /// The verification time is the signature-time-stamp's, but the signer has no
    /// id-aa-signatureTimeStampToken (RFC 3161 Appendix A).
    TimestampMissing = "TIMESTAMP_MISSING" => Indeterminate,
    /// The verification time is the signature-time-stamp's, but no token verifies (its
    /// signature, TSA path to the TSA anchors, purpose, or imprint; the detail says which).
    TimestampInvalid = "TIMESTAMP_INVALID" => Indeterminate,
    /// Warning: a signature-time-stamp verified, but the revocation status of its TSA's
    /// certificate path at genTime is not established by the evidence available (with
    /// [`crate::tsp::TsaRevocation::Require`] the token is TIMESTAMP_INVALID instead).
    TsaRevocationUnknown = "TSA_REVOCATION_UNKNOWN" => Valid,
    /// An XML signature (issue 18) whose Reference, transforms or place are refused: a
    /// Reference to anything but the whole document (`URI=""`) or the document element's
    /// ID (plus XAdES SignedProperties inside the same Signature), a `ds:Signature` that is
    /// not a child of the document element, a missing enveloped-signature transform.
    /// Closes the signature-wrapping (XSW) attacks.
    XmlReferenceRefused = "XML_REFERENCE_REFUSED" => Invalid,
    /// An XML signature made with SHA-1 (rsa-sha1 or a SHA-1 DigestMethod): collisions are
    /// practical, so it proves nothing on its own.
    XmlWeakAlgorithm = "XML_WEAK_ALGORITHM" => Indeterminate,
    /// The element an XML signature covers holds comments or processing instructions its
    /// canonicalization leaves unsigned: a reader could take unsigned text for signed.
    XmlUnsignedContent = "XML_UNSIGNED_CONTENT" => Invalid,
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The refusal text of a code in each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Messages {
    /// Russian.
    pub ru: &'static str,
    /// Kazakh.
    pub kk: &'static str,
    /// English.
    pub en: &'static str,
}

impl Messages {
    /// The texts of `code` (for a portal request: the applicant's signature).
    pub fn of(code: Code) -> Messages {
        Self::for_signer(code, messages::Signer::Applicant)
    }

    /// The texts of `code` naming `signer` in the refusal formula.
    pub fn for_signer(code: Code, signer: messages::Signer) -> Messages {
        Messages {
            ru: messages::message_for(code, Lang::Ru, signer),
            kk: messages::message_for(code, Lang::Kk, signer),
            en: messages::message_for(code, Lang::En, signer),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.ru,
            Lang::Kk => self.kk,
            Lang::En => self.en,
        }
    }
}

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
    /// co-signer ([`messages::Signer::CoSigner`]), not the applicant.
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
    /// Subject DN, RFC 4514 string.
    pub subject: String,
    /// Issuer DN, RFC 4514 string.
    pub issuer: String,
    /// Serial number, uppercase hex.
    pub serial: String,
    /// notBefore, RFC 3339.
    pub not_before: String,
    /// notAfter, RFC 3339.
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
    /// The signed signingTime attribute, RFC 3339.
    pub signing_time: Option<String>,
    /// The instant the verification was made at, RFC 3339.
    pub verification_time: String,
    /// The signature algorithm of the envelope's signer.
    pub signature_algorithm: Option<String>,
    /// SHA-256 of the envelope DER (what a result's request reference holds), lowercase
    /// hex: [`EnvelopeDigest::hex`]. Computed when first read or serialised.
    pub envelope_sha256: EnvelopeDigest,
    /// The parsed document, when the content was a request or result document that passed
    /// its checks.
    pub document: Option<crate::document::Document>,
    /// The signer's signature-time-stamp (RFC 3161) that verified against the verifier's TSA
    /// anchors, if any (issue 16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<TimestampSummary>,
    /// The revocation status of each certificate of the path that needed one, and where it
    /// came from (issue 16); empty when no revocation was checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revocation: Vec<RevocationSummary>,
    /// One entry per SignerInfo of the envelope, in its order (empty for a certificate
    /// report). The top-level `indication` is valid only if every signer's is and the
    /// document's rules hold; `signer`, `chain`, `signing_time` and
    /// `signature_algorithm` are those of the document's signer ([`SignerReport::document_signer`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<SignerReport>,
}

/// The revocation status of one certificate in a report (issue 16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevocationSummary {
    /// The certificate's subject (RFC 4514).
    pub subject: String,
    /// Its serial number, uppercase hex (as [`CertSummary::serial`]).
    pub serial: String,
    /// `crl`, `ocsp`, or `none` (no usable evidence).
    pub source: &'static str,
    /// `good`, `revoked`, `on_hold`, `stale` (only CRLs past nextUpdate), `unknown`.
    pub status: &'static str,
    /// The revocation time (revoked, on hold), RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_time: Option<String>,
    /// The reason (revoked, on hold), its RFC 5280 §5.3.1 CRLReason name
    /// ([`crate::crl::Reason::name`]: `keyCompromise`, `certificateHold`, ...): the CRL
    /// entry's reasonCode (`unspecified` when the entry has none), or the OCSP
    /// revocationReason when the response gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// OCSP: producedAt, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub produced_at: Option<String>,
    /// OCSP: thisUpdate, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub this_update: Option<String>,
    /// OCSP: nextUpdate, RFC 3339.
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

/// A verified signature-time-stamp in a report (issue 16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimestampSummary {
    /// genTime, RFC 3339 (with its fraction of a second, if any).
    pub gen_time: String,
    /// The accuracy in microseconds, if the token states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy_micros: Option<u64>,
    /// The TSA certificate's subject (RFC 4514).
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
    /// The signed signingTime attribute, RFC 3339.
    pub signing_time: Option<String>,
    /// The instant this signature was verified at, RFC 3339.
    pub verification_time: String,
    /// The signature algorithm.
    pub signature_algorithm: Option<String>,
    /// Its signature-time-stamp (RFC 3161), when one verified against the TSA anchors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<TimestampSummary>,
    /// The revocation status of each certificate of its path, and where it came from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revocation: Vec<RevocationSummary>,
    /// For an XML signature (issue 18): the element its signature covers, as a path from
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
                messages::Signer::CoSigner
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
    pub fn signer_kind(&self) -> messages::Signer {
        self.document
            .as_ref()
            .map(crate::document::Document::signer_kind)
            .unwrap_or_default()
    }

    /// Re-word every finding's refusal text for [`Report::signer_kind`] (the verifier does
    /// this once the document is known).
    pub fn name_signer(&mut self) {
        use messages::Signer;
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
