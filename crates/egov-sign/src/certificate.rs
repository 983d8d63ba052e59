//! A parsed X.509 certificate (RFC 5280), owned.
//!
//! Parsed once, in strict DER (the outer structure by `asn1::signed_parts_any_bits`, the
//! TBSCertificate by the crate's own reader, see [`Certificate::from_der`]) into an owned
//! [`Certificate`] so a [`crate::verifier::Verifier`] can hold it across threads. It is a
//! plain RFC 5280 certificate: the Kazakh NCA profile (IIN / BIN in the subject, role
//! EKUs, signing or authentication key) is read by [`crate::nca`]
//! ([`Certificate::nca`], and the shorthands [`Certificate::iin`], [`Certificate::role`],
//! … that delegate to it).

use crate::algorithm::AlgorithmIdentifier;
use crate::asn1;
use crate::limits::MAX_CERTIFICATE_SIZE;
use crate::nca::NcaProfile;
use crate::oid::ObjectIdentifier;
use crate::report::{CertSummary, KeyKind, Role};

use crate::Error;

/// A certificate, parsed and owned.
#[derive(Debug, Clone)]
pub struct Certificate {
    der: Vec<u8>,
    tbs: core::ops::Range<usize>,
    signature_algorithm: AlgorithmIdentifier,
    signature: Vec<u8>,
    /// Unused bits of the signatureValue BIT STRING (non-zero: the signature cannot verify).
    signature_unused_bits: u8,
    subject_raw: Vec<u8>,
    issuer_raw: Vec<u8>,
    subject: String,
    issuer: String,
    serial: Vec<u8>,
    not_before: i64,
    not_after: i64,
    spki: Vec<u8>,
    basic_constraints: Option<(bool, Option<u32>)>,
    key_usage: Option<u16>,
    ekus: Vec<ObjectIdentifier>,
    ski: Option<Vec<u8>>,
    aki: Option<Vec<u8>>,
    crl_distribution_points: Option<Vec<u8>>,
    unknown_critical: Vec<String>,
    profile_violations: Vec<ProfileViolation>,
    /// The NCA profile's view ([`crate::nca`]), read on first use.
    nca: std::sync::OnceLock<NcaProfile>,
    sha256: [u8; 32],
    /// Computed on first use (only issuers' keys are looked up).
    spki_sha256: std::sync::OnceLock<[u8; 32]>,
    /// The subject public key, parsed and checked on first use (the signer's key on every
    /// verification, a CA's key for every certificate it issued).
    public_key: std::sync::OnceLock<crate::algorithm::PublicKey>,
    /// RFC 5280 §7.1 comparison keys of the subject and issuer Names ([`crate::name`]),
    /// made on first use (only when two Names differ byte for byte).
    subject_key: std::sync::OnceLock<Option<Vec<u8>>>,
    issuer_key: std::sync::OnceLock<Option<Vec<u8>>>,
    /// The report's view, made on first use (configured CA certificates are summarised
    /// once, not on every verification).
    summary: std::sync::OnceLock<std::sync::Arc<CertSummary>>,
}

impl Certificate {
    /// Parse a DER certificate.
    ///
    /// ```text
    /// Certificate  ::=  SEQUENCE  {
    ///      tbsCertificate       TBSCertificate,
    ///      signatureAlgorithm   AlgorithmIdentifier,
    ///      signatureValue       BIT STRING  }
    /// ```
    /// (RFC 5280 §4.1.) The TBSCertificate is read field by field in strict DER (RFC 5280
    /// §4.1.2): version at most v3, serial number at most [`crate::limits::MAX_SERIAL_LEN`]
    /// octets, both Names validated and rendered (RFC 4514-like, x509-parser's format),
    /// UTCTime / GeneralizedTime validity in RFC 5280's `Z` forms, SubjectPublicKeyInfo
    /// shape, no duplicate extension, basicConstraints, keyUsage, extKeyUsage,
    /// subjectKeyIdentifier and authorityKeyIdentifier decoded (malformed ones rejected
    /// even when not critical), other known extensions checked for their outer SEQUENCE,
    /// unknown critical extensions listed ([`Certificate::unknown_critical_extensions`]).
    /// The inner and outer signature algorithms must be equal (RFC 5280 §4.1.1.2).
    ///
    /// Errors: [`Error::TooLarge`] (over [`MAX_CERTIFICATE_SIZE`], or over the extension
    /// and Name limits in [`crate::limits`]), [`Error::Malformed`].
    pub fn from_der(der: &[u8]) -> Result<Certificate, Error> {
        if der.len() > MAX_CERTIFICATE_SIZE {
            return Err(Error::TooLarge {
                what: "certificate",
                size: der.len(),
                limit: MAX_CERTIFICATE_SIZE,
            });
        }
        // A signatureValue with unused bits is well-formed DER: the certificate parses and
        // its signature fails when checked (a finding on the path, not a parse failure).
        let parts = asn1::signed_parts_any_bits("certificate", der)?;
        let tbs_cert = crate::tbs::parse(parts.tbs)?;
        // The TBS is the first field of the outer SEQUENCE: it starts where its content
        // does; signatureAlgorithm follows it.
        let (outer, _) = asn1::split_tlv("certificate", der)?;
        let outer_algorithm = match outer.content.get(parts.tbs.len()..) {
            Some(rest) => asn1::split_tlv("certificate", rest)?.0.whole,
            None => &[],
        };
        // RFC 5280 §4.1.1.2: the same algorithm identifier (absent parameters = NULL for
        // the absent-or-NULL algorithms, see `algorithm::same_signature_algorithm`).
        let inner_algorithm = asn1::algorithm_identifier(
            "certificate",
            asn1::split_tlv("certificate", tbs_cert.signature)?.0,
        )?;
        if !crate::algorithm::same_signature_algorithm(&inner_algorithm, &parts.algorithm)
            || outer_algorithm.is_empty()
        {
            return Err(Error::malformed(
                "certificate",
                "inner and outer signature algorithms differ",
            ));
        }
        let tbs_start = der.len() - outer.content.len();
        let tbs = tbs_start..tbs_start + parts.tbs.len();
        if der.get(tbs.clone()) != Some(parts.tbs) {
            return Err(Error::malformed("certificate", "TBS position"));
        }
        let ext = tbs_cert.extensions;
        // Only asked when the authorityKeyIdentifier is missing (the Names are compared
        // as RFC 5280 §7.1 says only then: not on every parse).
        let self_issued = || crate::name::names_match(tbs_cert.subject.raw, tbs_cert.issuer.raw);
        let profile_violations =
            ProfileViolation::check(tbs_cert.serial, &ext, tbs_cert.subject.raw, self_issued);
        Ok(Certificate {
            profile_violations,
            subject_key: std::sync::OnceLock::new(),
            issuer_key: std::sync::OnceLock::new(),
            der: der.to_vec(),
            tbs,
            signature_algorithm: parts.algorithm,
            signature: parts.signature.to_vec(),
            signature_unused_bits: parts.unused_bits,
            subject_raw: tbs_cert.subject.raw.to_vec(),
            issuer_raw: tbs_cert.issuer.raw.to_vec(),
            subject: tbs_cert.subject.text,
            issuer: tbs_cert.issuer.text,
            serial: tbs_cert.serial.to_vec(),
            not_before: tbs_cert.not_before,
            not_after: tbs_cert.not_after,
            spki: tbs_cert.spki.to_vec(),
            spki_sha256: std::sync::OnceLock::new(),
            public_key: std::sync::OnceLock::new(),
            summary: std::sync::OnceLock::new(),
            basic_constraints: ext.basic_constraints,
            key_usage: ext.key_usage,
            ekus: ext.ekus,
            ski: ext.ski.map(<[u8]>::to_vec),
            aki: ext.aki.map(<[u8]>::to_vec),
            crl_distribution_points: ext.crl_distribution_points.map(<[u8]>::to_vec),
            unknown_critical: ext.unknown_critical,
            nca: std::sync::OnceLock::new(),
            sha256: asn1::sha256(der),
        })
    }

    /// Parse DER or PEM holding one or more certificates.
    pub fn parse_all(input: &[u8]) -> Result<Vec<Certificate>, Error> {
        crate::encoding::decode_der_blobs(input, "CERTIFICATE", MAX_CERTIFICATE_SIZE)?
            .iter()
            .map(|d| Certificate::from_der(d))
            .collect()
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }
    /// The DER of the TBSCertificate (what the issuer signed).
    pub fn tbs(&self) -> &[u8] {
        self.der.get(self.tbs.clone()).unwrap_or(&[])
    }
    /// The outer signatureAlgorithm.
    pub fn signature_algorithm(&self) -> &AlgorithmIdentifier {
        &self.signature_algorithm
    }
    /// The signature value (the BIT STRING's data octets).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
    /// The number of unused bits of the signatureValue BIT STRING: 0 for every valid
    /// signature; otherwise [`Certificate::verify_signed_by`] fails.
    pub fn signature_unused_bits(&self) -> u8 {
        self.signature_unused_bits
    }
    /// The subject Name, DER.
    pub fn subject_raw(&self) -> &[u8] {
        &self.subject_raw
    }
    /// The issuer Name, DER.
    pub fn issuer_raw(&self) -> &[u8] {
        &self.issuer_raw
    }
    /// The subject, RFC 4514 string.
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// The issuer, RFC 4514 string.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    /// The serial number's INTEGER content octets.
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }
    /// The serial number in uppercase hex.
    pub fn serial_hex(&self) -> String {
        asn1::hex(&self.serial).to_ascii_uppercase()
    }
    /// notBefore, unix seconds.
    pub fn not_before(&self) -> i64 {
        self.not_before
    }
    /// notAfter, unix seconds.
    pub fn not_after(&self) -> i64 {
        self.not_after
    }
    /// The SubjectPublicKeyInfo DER.
    pub fn spki(&self) -> &[u8] {
        &self.spki
    }
    /// basicConstraints: (cA, pathLenConstraint), if present.
    pub fn basic_constraints(&self) -> Option<(bool, Option<u32>)> {
        self.basic_constraints
    }
    /// True if basicConstraints says cA.
    pub fn is_ca(&self) -> bool {
        matches!(self.basic_constraints, Some((true, _)))
    }
    /// keyUsage bits as x509-parser numbers them (bit 0 = digitalSignature), if present.
    pub fn key_usage(&self) -> Option<u16> {
        self.key_usage
    }
    fn ku_bit(&self, bit: u16) -> Option<bool> {
        self.key_usage.map(|f| f & (1 << bit) != 0)
    }
    /// keyCertSign allowed (true when keyUsage is absent).
    pub fn allows_cert_sign(&self) -> bool {
        self.ku_bit(5).unwrap_or(true)
    }
    /// cRLSign allowed (true when keyUsage is absent).
    pub fn allows_crl_sign(&self) -> bool {
        self.ku_bit(6).unwrap_or(true)
    }
    /// The extended key usage OIDs: the named purposes of RFC 5280 §4.2.1.12 first
    /// (anyExtendedKeyUsage, serverAuth, clientAuth, codeSigning, emailProtection,
    /// timeStamping, OCSPSigning), then the others in encoding order; duplicates dropped.
    pub fn ekus(&self) -> &[ObjectIdentifier] {
        &self.ekus
    }
    /// subjectKeyIdentifier.
    pub fn ski(&self) -> Option<&[u8]> {
        self.ski.as_deref()
    }
    /// authorityKeyIdentifier keyIdentifier.
    pub fn aki(&self) -> Option<&[u8]> {
        self.aki.as_deref()
    }
    /// The cRLDistributionPoints extension value (DER), if present; decoded by
    /// [`crate::crl::crl_distribution_points`].
    pub fn crl_distribution_points_der(&self) -> Option<&[u8]> {
        self.crl_distribution_points.as_deref()
    }
    /// Critical extensions this crate does not understand.
    pub fn unknown_critical_extensions(&self) -> &[String] {
        &self.unknown_critical
    }
    /// The NCA profile's view of this certificate ([`crate::nca::NcaProfile`]), read once.
    pub fn nca(&self) -> &NcaProfile {
        self.nca.get_or_init(|| NcaProfile::of(self))
    }
    /// The IIN from the subject serialNumber ("IIN" + 12 digits), unvalidated
    /// ([`Certificate::nca`]).
    pub fn iin(&self) -> Option<&str> {
        self.nca().iin.as_deref()
    }
    /// The BIN from the subject OU ("BIN" + 12 digits), unvalidated ([`Certificate::nca`]).
    pub fn bin(&self) -> Option<&str> {
        self.nca().bin.as_deref()
    }
    /// The subject CN ([`Certificate::nca`]).
    pub fn common_name(&self) -> Option<&str> {
        self.nca().common_name.as_deref()
    }
    /// The subject O ([`Certificate::nca`]).
    pub fn organization(&self) -> Option<&str> {
        self.nca().organization.as_deref()
    }
    /// SHA-256 of the DER.
    pub fn sha256(&self) -> &[u8; 32] {
        &self.sha256
    }
    /// SHA-256 of the SubjectPublicKeyInfo DER (what a verified CRL is bound to).
    pub fn spki_sha256(&self) -> &[u8; 32] {
        self.spki_sha256.get_or_init(|| asn1::sha256(&self.spki))
    }
    /// True if issuer and subject names match (RFC 5280 §6.1: a self-issued certificate;
    /// names compared as RFC 5280 §7.1 says, see [`Certificate::issuer_name_matches`]).
    pub fn is_self_issued(&self) -> bool {
        self.subject_raw == self.issuer_raw
            || matches!((self.subject_key(), self.issuer_key()), (Some(a), Some(b)) if a == b)
    }

    /// True if this certificate's issuer Name matches `issuer`'s subject Name: the name
    /// chaining of RFC 5280 §6.1 (b)(4)/(a)(6), with the Names compared as RFC 5280 §7.1
    /// says (RFC 4518 string preparation: case folding, insignificant spaces, the same
    /// text in PrintableString or UTF8String) rather than byte for byte. Byte-equal Names
    /// take a fast path; otherwise both Names' comparison keys are made once per
    /// certificate and kept.
    pub fn issuer_name_matches(&self, issuer: &Certificate) -> bool {
        self.issuer_raw == issuer.subject_raw
            || matches!((self.issuer_key(), issuer.subject_key()), (Some(a), Some(b)) if a == b)
    }

    fn subject_key(&self) -> Option<&[u8]> {
        self.subject_key
            .get_or_init(|| crate::name::canonical(&self.subject_raw))
            .as_deref()
    }

    fn issuer_key(&self) -> Option<&[u8]> {
        self.issuer_key
            .get_or_init(|| crate::name::canonical(&self.issuer_raw))
            .as_deref()
    }

    /// The RFC 5280 profile rules this certificate breaks (see [`ProfileViolation`]);
    /// empty for a conforming certificate. Path validation reports each as a
    /// `CERT_NONCONFORMING` finding.
    pub fn profile_violations(&self) -> &[ProfileViolation] {
        &self.profile_violations
    }
    /// True if `unix` lies within [notBefore, notAfter].
    pub fn valid_at(&self, unix: i64) -> bool {
        self.not_before <= unix && unix <= self.not_after
    }

    /// The role from the NCA role EKUs (the most specific one present; [`crate::nca::role`]).
    pub fn role(&self) -> Role {
        self.nca().role
    }

    /// True if the certificate is a legal-entity certificate (any 1.2.398.3.3.4.1.2 EKU).
    pub fn is_legal_entity(&self) -> bool {
        self.nca().legal_entity
    }

    /// Signing key (digitalSignature + nonRepudiation), authentication key
    /// (digitalSignature + keyEncipherment without nonRepudiation), or other
    /// ([`crate::nca::key_kind`]).
    pub fn key_kind(&self) -> KeyKind {
        self.nca().key_kind
    }

    /// The report's view of this certificate ([`crate::nca::summary`]), made once and
    /// shared by every report that names the certificate.
    pub fn summary(&self) -> std::sync::Arc<CertSummary> {
        std::sync::Arc::clone(
            self.summary
                .get_or_init(|| std::sync::Arc::new(crate::nca::summary(self, self.nca()))),
        )
    }

    /// Verify that `issuer`'s key signed this certificate, with `backend` performing the
    /// final primitive ([`crate::algorithm::CoreBackend`] for the crate's own).
    pub fn verify_signed_by(
        &self,
        issuer: &Certificate,
        backend: &dyn crate::algorithm::SignatureBackend,
    ) -> Result<(), Error> {
        let alg = crate::algorithm::SignatureAlgorithm::from_identifier(&self.signature_algorithm)?;
        if self.signature_unused_bits != 0 {
            // Every supported algorithm signs whole octets (RFC 5280 §4.1.1.3).
            return Err(Error::BadSignature);
        }
        crate::algorithm::verify_parsed(
            alg,
            issuer.spki(),
            issuer.public_key()?,
            self.tbs(),
            &self.signature,
            backend,
        )
        .map(|_| ())
    }

    /// The subject public key, parsed and checked (`parse_spki`'s rules) once; a key that
    /// fails is parsed (and refused) again on every use, never cached.
    pub(crate) fn public_key(&self) -> Result<&crate::algorithm::PublicKey, Error> {
        if let Some(key) = self.public_key.get() {
            return Ok(key);
        }
        let key = crate::algorithm::parse_spki(&self.spki)?;
        Ok(self.public_key.get_or_init(|| key))
    }
}

/// A MUST of the RFC 5280 certificate profile that a well-formed (DER-valid) certificate
/// breaks. Such a certificate parses (it is a certificate; refusing it at parse time would
/// turn a bad certificate in a path into "not a certificate at all"); path validation
/// reports every violation as a `CERT_NONCONFORMING` finding (INVALID), never a silent
/// pass. The real NCA certificates (root, CAs and end-entity certificates of
/// `testdata/nca/`) break none of them.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileViolation {
    /// serialNumber zero or negative (§4.1.2.2: "The serial number MUST be a positive
    /// integer").
    SerialNotPositive,
    /// serialNumber longer than 20 octets (§4.1.2.2: "Conforming CAs MUST NOT use
    /// serialNumber values longer than 20 octets").
    SerialTooLong,
    /// No authorityKeyIdentifier (or one without keyIdentifier) in a certificate that is not
    /// self-issued (§4.2.1.1: "The keyIdentifier field of the authorityKeyIdentifier
    /// extension MUST be included in all certificates generated by conforming CAs";
    /// self-signed certificates excepted).
    AuthorityKeyIdentifierMissing,
    /// authorityKeyIdentifier marked critical (§4.2.1.1: "Conforming CAs MUST mark this
    /// extension as non-critical").
    AuthorityKeyIdentifierCritical,
    /// A CA (basicConstraints cA TRUE) without subjectKeyIdentifier (§4.2.1.2: "this
    /// extension MUST appear in all conforming CA certificates").
    SubjectKeyIdentifierMissing,
    /// subjectKeyIdentifier marked critical (§4.2.1.2: "Conforming CAs MUST mark this
    /// extension as non-critical").
    SubjectKeyIdentifierCritical,
    /// A CA whose basicConstraints is not critical (§4.2.1.9: "Conforming CAs MUST
    /// include this extension in all CA certificates that contain public keys used to
    /// validate digital signatures on certificates and MUST mark the extension as critical
    /// in such certificates").
    BasicConstraintsNotCritical,
    /// keyUsage keyCertSign without basicConstraints cA TRUE (§4.2.1.3: "If the
    /// keyCertSign bit is asserted, then the cA bit in the basic constraints extension
    /// MUST also be asserted").
    KeyCertSignWithoutCa,
    /// authorityInfoAccess marked critical (§4.2.2.1: "Conforming CAs MUST mark this
    /// extension as non-critical").
    AuthorityInfoAccessCritical,
    /// policyConstraints not marked critical (§4.2.1.11: "Conforming CAs MUST mark this
    /// extension as critical").
    PolicyConstraintsNotCritical,
    /// A CA with an empty subject (§4.1.2.6: "If the subject is a CA … then the subject
    /// field MUST be populated with a non-empty distinguished name").
    CaSubjectEmpty,
}

impl ProfileViolation {
    /// Every violation, in declaration order.
    pub const ALL: &'static [ProfileViolation] = &[
        ProfileViolation::SerialNotPositive,
        ProfileViolation::SerialTooLong,
        ProfileViolation::AuthorityKeyIdentifierMissing,
        ProfileViolation::AuthorityKeyIdentifierCritical,
        ProfileViolation::SubjectKeyIdentifierMissing,
        ProfileViolation::SubjectKeyIdentifierCritical,
        ProfileViolation::BasicConstraintsNotCritical,
        ProfileViolation::KeyCertSignWithoutCa,
        ProfileViolation::AuthorityInfoAccessCritical,
        ProfileViolation::PolicyConstraintsNotCritical,
        ProfileViolation::CaSubjectEmpty,
    ];

    /// A stable SCREAMING_SNAKE name (in the finding's detail).
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileViolation::SerialNotPositive => "SERIAL_NOT_POSITIVE",
            ProfileViolation::SerialTooLong => "SERIAL_TOO_LONG",
            ProfileViolation::AuthorityKeyIdentifierMissing => "AKI_MISSING",
            ProfileViolation::AuthorityKeyIdentifierCritical => "AKI_CRITICAL",
            ProfileViolation::SubjectKeyIdentifierMissing => "SKI_MISSING",
            ProfileViolation::SubjectKeyIdentifierCritical => "SKI_CRITICAL",
            ProfileViolation::BasicConstraintsNotCritical => "BASIC_CONSTRAINTS_NOT_CRITICAL",
            ProfileViolation::KeyCertSignWithoutCa => "KEY_CERT_SIGN_WITHOUT_CA",
            ProfileViolation::AuthorityInfoAccessCritical => "AIA_CRITICAL",
            ProfileViolation::PolicyConstraintsNotCritical => "POLICY_CONSTRAINTS_NOT_CRITICAL",
            ProfileViolation::CaSubjectEmpty => "CA_SUBJECT_EMPTY",
        }
    }

    /// The rule, for reports ("RFC 5280 §4.1.2.2: …").
    pub fn rule(self) -> &'static str {
        match self {
            ProfileViolation::SerialNotPositive => {
                "RFC 5280 §4.1.2.2: the serial number is not a positive integer"
            }
            ProfileViolation::SerialTooLong => {
                "RFC 5280 §4.1.2.2: the serial number is longer than 20 octets"
            }
            ProfileViolation::AuthorityKeyIdentifierMissing => {
                "RFC 5280 §4.2.1.1: no authorityKeyIdentifier keyIdentifier in a certificate \
                 that is not self-issued"
            }
            ProfileViolation::AuthorityKeyIdentifierCritical => {
                "RFC 5280 §4.2.1.1: authorityKeyIdentifier is marked critical"
            }
            ProfileViolation::SubjectKeyIdentifierMissing => {
                "RFC 5280 §4.2.1.2: a CA certificate without subjectKeyIdentifier"
            }
            ProfileViolation::SubjectKeyIdentifierCritical => {
                "RFC 5280 §4.2.1.2: subjectKeyIdentifier is marked critical"
            }
            ProfileViolation::BasicConstraintsNotCritical => {
                "RFC 5280 §4.2.1.9: basicConstraints of a CA certificate is not critical"
            }
            ProfileViolation::KeyCertSignWithoutCa => {
                "RFC 5280 §4.2.1.3: keyUsage keyCertSign without basicConstraints cA"
            }
            ProfileViolation::AuthorityInfoAccessCritical => {
                "RFC 5280 §4.2.2.1: authorityInfoAccess is marked critical"
            }
            ProfileViolation::PolicyConstraintsNotCritical => {
                "RFC 5280 §4.2.1.11: policyConstraints is not marked critical"
            }
            ProfileViolation::CaSubjectEmpty => {
                "RFC 5280 §4.1.2.6: a CA certificate with an empty subject"
            }
        }
    }

    fn check(
        serial: &[u8],
        ext: &crate::tbs::Extensions<'_>,
        subject_raw: &[u8],
        self_issued: impl FnOnce() -> bool,
    ) -> Vec<ProfileViolation> {
        use crate::oid::{
            ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_POLICY_CONSTRAINTS,
            ID_CE_SUBJECT_KEY_IDENTIFIER, ID_PE_AUTHORITY_INFO_ACCESS,
        };
        let mut out = Vec::new();
        // serialNumber: INTEGER content octets, minimal (checked by the reader).
        let negative = serial.first().is_some_and(|b| b & 0x80 != 0);
        if negative || serial == [0] {
            out.push(ProfileViolation::SerialNotPositive);
        }
        if serial.len() > 20 {
            out.push(ProfileViolation::SerialTooLong);
        }
        let ca = matches!(ext.basic_constraints, Some((true, _)));
        if ext.aki.is_none() && !self_issued() {
            out.push(ProfileViolation::AuthorityKeyIdentifierMissing);
        }
        if ext.criticality(ID_CE_AUTHORITY_KEY_IDENTIFIER) == Some(true) {
            out.push(ProfileViolation::AuthorityKeyIdentifierCritical);
        }
        match ext.criticality(ID_CE_SUBJECT_KEY_IDENTIFIER) {
            None if ca => out.push(ProfileViolation::SubjectKeyIdentifierMissing),
            Some(true) => out.push(ProfileViolation::SubjectKeyIdentifierCritical),
            _ => {}
        }
        if ca && ext.criticality(ID_CE_BASIC_CONSTRAINTS) == Some(false) {
            out.push(ProfileViolation::BasicConstraintsNotCritical);
        }
        if !ca && ext.key_usage.is_some_and(|ku| ku & (1 << 5) != 0) {
            out.push(ProfileViolation::KeyCertSignWithoutCa);
        }
        if ext.criticality(ID_PE_AUTHORITY_INFO_ACCESS) == Some(true) {
            out.push(ProfileViolation::AuthorityInfoAccessCritical);
        }
        if ext.criticality(ID_CE_POLICY_CONSTRAINTS) == Some(false) {
            out.push(ProfileViolation::PolicyConstraintsNotCritical);
        }
        // An empty Name: SEQUENCE with no RDN.
        if ca && subject_raw == [0x30, 0x00] {
            out.push(ProfileViolation::CaSubjectEmpty);
        }
        out
    }
}
