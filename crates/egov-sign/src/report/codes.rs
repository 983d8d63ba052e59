//! The stable finding codes and the indication each forces.
//!
//! Codes are stable SCREAMING_SNAKE strings; their refusal texts in Russian, Kazakh and
//! English are in [`super::messages`].

use serde::Serialize;

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
    /// A certificate in the path breaks a MUST of the [RFC 5280] certificate profile that is
    /// not a DER error: serialNumber not positive or over 20 octets (§4.1.2.2),
    /// authorityKeyIdentifier missing on a certificate that is not self-issued or critical
    /// (§4.2.1.1), subjectKeyIdentifier missing on a CA or critical (§4.2.1.2),
    /// basicConstraints not critical on a CA (§4.2.1.9), keyCertSign without cA (§4.2.1.3),
    /// authorityInfoAccess critical (§4.2.2.1), policyConstraints not critical (§4.2.1.11),
    /// a CA with an empty subject (§4.1.2.6). The detail names the rule.
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
    CertNonconforming = "CERT_NONCONFORMING" => Invalid,
    /// The signed signingCertificateV2 ([RFC 5035]) or signingCertificate ([RFC 2634]) attribute
    /// does not identify the signer's certificate (certificate hash or issuerSerial).
    ///
    /// [RFC 2634]: https://www.rfc-editor.org/rfc/rfc2634
    /// [RFC 5035]: https://www.rfc-editor.org/rfc/rfc5035
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
    /// claimed time never makes a signature valid.
    SigningTimeUnproven = "SIGNING_TIME_UNPROVEN" => Indeterminate,
    /// The verification time is the signature-time-stamp's, but the signer has no
    /// id-aa-signatureTimeStampToken ([RFC 3161] Appendix A).
    ///
    /// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
    TimestampMissing = "TIMESTAMP_MISSING" => Indeterminate,
    /// The verification time is the signature-time-stamp's, but no token verifies (its
    /// signature, TSA path to the TSA anchors, purpose, or imprint; the detail says which).
    TimestampInvalid = "TIMESTAMP_INVALID" => Indeterminate,
    /// Warning: a signature-time-stamp verified, but the revocation status of its TSA's
    /// certificate path at genTime is not established by the evidence available (with
    /// [`crate::tsp::TsaRevocation::Require`] the token is TIMESTAMP_INVALID instead).
    TsaRevocationUnknown = "TSA_REVOCATION_UNKNOWN" => Valid,
    /// An XML signature whose Reference, transforms or place are refused: a
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_stable_distinct_screaming_snake_strings() {
        let mut seen = HashSet::new();
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
                    && !s.starts_with('_')
                    && !s.ends_with('_'),
                "{s}"
            );
            assert_eq!(Code::parse(s), Some(c));
            assert_eq!(c.to_string(), s);
            assert_eq!(serde_json::to_value(c).unwrap(), s);
        }
        assert_eq!(Code::parse("cert_revoked"), None);
        assert_eq!(Code::parse(""), None);
    }

    #[test]
    fn severities_of_the_warnings() {
        let warnings: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.severity() == Indication::Valid)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(
            warnings,
            [
                "DEADLINE_MISSED",
                "CALENDAR_PROVISIONAL",
                "TSA_REVOCATION_UNKNOWN"
            ]
        );
        // Fail closed: what is unknown is never valid.
        for c in [
            Code::RevocationUnknown,
            Code::ChainUntrusted,
            Code::SigningTimeUnproven,
            Code::TimestampMissing,
        ] {
            assert_eq!(c.severity(), Indication::Indeterminate, "{c}");
        }
    }

    #[test]
    fn indication_names() {
        for i in [
            Indication::Valid,
            Indication::Invalid,
            Indication::Indeterminate,
        ] {
            assert_eq!(serde_json::to_value(i).unwrap(), i.as_str());
        }
    }
}
