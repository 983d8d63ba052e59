//! A parsed X.509 certificate ([RFC 5280]), owned.
//!
//! Parsed once, in strict DER (the outer structure by `asn1::signed_parts_any_bits`, the
//! TBSCertificate by the crate's own reader, see [`Certificate::from_der`]) into an owned
//! [`Certificate`] so a [`crate::Verifier`] can hold it across threads. It is a
//! plain [RFC 5280] certificate: the Kazakh NCA profile (IIN / BIN in the subject, role
//! EKUs, signing or authentication key) is read by the NCA-profile module
//! ([`Certificate::nca`], and the shorthands [`Certificate::iin`], [`Certificate::role`],
//! … that delegate to it).
//!
//! [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280

use crate::algorithm::AlgorithmIdentifier;
use crate::asn1;
use crate::limits::MAX_CERTIFICATE_SIZE;
pub use crate::nca::NcaProfile;
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
    basic_constraints: Option<BasicConstraints>,
    key_usage: Option<KeyUsage>,
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
    /// [RFC 5280 §7.1] comparison keys of the subject and issuer Names ([`crate::name`]),
    /// made on first use (only when two Names differ byte for byte).
    ///
    /// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
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
    /// ([RFC 5280 §4.1].) The TBSCertificate is read field by field in strict DER ([RFC 5280]
    /// §4.1.2): version at most v3, serial number at most [`crate::limits::MAX_SERIAL_LEN`]
    /// octets, both Names validated and rendered (x509-parser's display form, not [RFC 4514]),
    /// UTCTime / GeneralizedTime validity in [RFC 5280]'s `Z` forms, SubjectPublicKeyInfo
    /// shape, no duplicate extension, basicConstraints, keyUsage, extKeyUsage,
    /// subjectKeyIdentifier and authorityKeyIdentifier decoded (malformed ones rejected
    /// even when not critical), other known extensions checked for their outer SEQUENCE,
    /// unknown critical extensions listed ([`Certificate::unknown_critical_extensions`]).
    /// The inner and outer signature algorithms must be equal ([RFC 5280 §4.1.1.2]).
    ///
    /// Errors: [`Error::TooLarge`] (over [`MAX_CERTIFICATE_SIZE`], or over the extension
    /// and Name limits in [`crate::limits`]), [`Error::Malformed`].
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
    /// [RFC 5280 §4.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1
    /// [RFC 5280 §4.1.1.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
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

    /// Parse the one certificate in `input`: DER, PEM (`-----BEGIN CERTIFICATE-----`) or
    /// base64 of the DER, as [`crate::encoding::decode_der_blobs`] reads them. What the
    /// bindings and the CLI take wherever one certificate is meant (the signer's `--cert`,
    /// the certificate an OCSP request is for).
    ///
    /// Errors: [`Error::Malformed`] (`what` = "certificate", "expected exactly one
    /// certificate, got N") when the input holds no certificate or more than one (a bundle
    /// is refused rather than its first certificate taken); otherwise what
    /// [`Certificate::from_der`] and the decoder return.
    pub fn from_pem_or_der(input: &[u8]) -> Result<Certificate, Error> {
        let blobs = crate::encoding::decode_der_blobs(input, "CERTIFICATE", MAX_CERTIFICATE_SIZE)?;
        match blobs.as_slice() {
            [der] => Certificate::from_der(der),
            _ => Err(Error::malformed(
                "certificate",
                format!("expected exactly one certificate, got {}", blobs.len()),
            )),
        }
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
    /// The subject Name as display text, as reports show it. Not [RFC 4514]: the RDNs in
    /// encoding order ([RFC 4514 §2.1] reverses them), `SHORT=value` joined by `", "` and
    /// `" + "`, values unescaped (no [RFC 4514 §2.4] escaping), non-string values as uppercase
    /// hex without `#`: x509-parser 0.18's `X509Name::to_string()` form, byte for byte (see
    /// the `name` module). For display and search, not for comparison (compare Names with
    /// [`Certificate::issuer_name_matches`] or [`Certificate::subject_raw`]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
    /// [RFC 4514 §2.1]: https://www.rfc-editor.org/rfc/rfc4514#section-2.1
    /// [RFC 4514 §2.4]: https://www.rfc-editor.org/rfc/rfc4514#section-2.4
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// The issuer Name as display text, in the form of [`Certificate::subject`] (not
    /// [RFC 4514]).
    ///
    /// [RFC 4514]: https://www.rfc-editor.org/rfc/rfc4514
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
    /// notBefore ([RFC 5280 §4.1.2.5]), UTC, whole seconds.
    ///
    /// ```text
    /// Validity ::= SEQUENCE {
    ///      notBefore      Time,
    ///      notAfter       Time }
    ///
    /// Time ::= CHOICE {
    ///      utcTime        UTCTime,
    ///      generalTime    GeneralizedTime }
    /// ```
    /// A UTCTime year YY is 19YY when YY ≥ 50 and 20YY otherwise ([RFC 5280]
    /// [§4.1.2.5.1](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.1)); a
    /// GeneralizedTime ([§4.1.2.5.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.2))
    /// carries its four-digit year, up to 9999 (`99991231235959Z`: "no well-defined
    /// expiration date").
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
    /// [RFC 5280 §4.1.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    pub fn not_before(&self) -> crate::Time {
        asn1::time_from_unix(self.not_before)
    }
    /// notAfter ([RFC 5280 §4.1.2.5]), UTC, whole seconds; see [`Certificate::not_before`].
    ///
    /// [RFC 5280 §4.1.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    pub fn not_after(&self) -> crate::Time {
        asn1::time_from_unix(self.not_after)
    }
    /// notBefore, unix seconds (the crate's internal form).
    pub(crate) fn not_before_unix(&self) -> i64 {
        self.not_before
    }
    /// notAfter, unix seconds (the crate's internal form).
    pub(crate) fn not_after_unix(&self) -> i64 {
        self.not_after
    }
    /// The SubjectPublicKeyInfo DER.
    pub fn spki(&self) -> &[u8] {
        &self.spki
    }
    /// The basicConstraints extension ([`BasicConstraints`]), if present.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.basic_constraints
    }
    /// True if basicConstraints says cA.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|bc| bc.ca)
    }
    /// The keyUsage extension ([`KeyUsage`]), if present.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.key_usage
    }
    /// keyCertSign allowed (true when keyUsage is absent).
    pub fn allows_cert_sign(&self) -> bool {
        self.key_usage.is_none_or(KeyUsage::key_cert_sign)
    }
    /// cRLSign allowed (true when keyUsage is absent).
    pub fn allows_crl_sign(&self) -> bool {
        self.key_usage.is_none_or(KeyUsage::crl_sign)
    }
    /// The extended key usage OIDs: the named purposes of [RFC 5280 §4.2.1.12] first
    /// (anyExtendedKeyUsage, serverAuth, clientAuth, codeSigning, emailProtection,
    /// timeStamping, OCSPSigning), then the others in encoding order; duplicates dropped.
    ///
    /// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
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
    /// The NCA profile's view of this certificate ([`NcaProfile`]), read once.
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
    /// True if issuer and subject names match ([RFC 5280 §6.1]: a self-issued certificate;
    /// names compared as [RFC 5280 §7.1] says, see [`Certificate::issuer_name_matches`]).
    ///
    /// [RFC 5280 §6.1]: https://www.rfc-editor.org/rfc/rfc5280#section-6.1
    /// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
    pub fn is_self_issued(&self) -> bool {
        self.subject_raw == self.issuer_raw
            || matches!((self.subject_key(), self.issuer_key()), (Some(a), Some(b)) if a == b)
    }

    /// True if this certificate's issuer Name matches `issuer`'s subject Name: the name
    /// chaining of [RFC 5280 §6.1] (b)(4)/(a)(6), with the Names compared as [RFC 5280 §7.1]
    /// says ([RFC 4518] string preparation: case folding, insignificant spaces, the same
    /// text in PrintableString or UTF8String) rather than byte for byte. Byte-equal Names
    /// take a fast path; otherwise both Names' comparison keys are made once per
    /// certificate and kept.
    ///
    /// [RFC 4518]: https://www.rfc-editor.org/rfc/rfc4518
    /// [RFC 5280 §6.1]: https://www.rfc-editor.org/rfc/rfc5280#section-6.1
    /// [RFC 5280 §7.1]: https://www.rfc-editor.org/rfc/rfc5280#section-7.1
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

    /// The [RFC 5280] profile rules this certificate breaks (see [`ProfileViolation`]);
    /// empty for a conforming certificate. Path validation reports each as a
    /// `CERT_NONCONFORMING` finding.
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
    pub fn profile_violations(&self) -> &[ProfileViolation] {
        &self.profile_violations
    }
    /// True if `at` lies within [notBefore, notAfter] ([RFC 5280 §4.1.2.5]: both ends
    /// inclusive). Compared in whole seconds, as X.509 times are: `at`'s fraction of a
    /// second is dropped, so the whole last second notAfter names is still valid.
    ///
    /// [RFC 5280 §4.1.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    pub fn valid_at(&self, at: crate::Time) -> bool {
        self.valid_at_unix(at.unix_timestamp())
    }
    /// [`Certificate::valid_at`] for unix seconds (the crate's internal form).
    pub(crate) fn valid_at_unix(&self, unix: i64) -> bool {
        self.not_before <= unix && unix <= self.not_after
    }

    /// The role from the NCA role EKUs (the most specific one present).
    pub fn role(&self) -> Role {
        self.nca().role
    }

    /// True if the certificate is a legal-entity certificate (any 1.2.398.3.3.4.1.2 EKU).
    pub fn is_legal_entity(&self) -> bool {
        self.nca().legal_entity
    }

    /// Signing key (digitalSignature + nonRepudiation), authentication key
    /// (digitalSignature + keyEncipherment without nonRepudiation), or other
    /// (see [`KeyKind`]).
    pub fn key_kind(&self) -> KeyKind {
        self.nca().key_kind
    }

    /// The report's view of this certificate ([`CertSummary`]), made once and
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

/// The keyUsage extension: what the certified key may be used for
/// ([RFC 5280 §4.2.1.3](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3)).
///
/// ```text
/// id-ce-keyUsage OBJECT IDENTIFIER ::=  { id-ce 15 }
///
/// KeyUsage ::= BIT STRING {
///      digitalSignature        (0),
///      nonRepudiation          (1), -- recent editions of X.509 have
///                           -- renamed this bit to contentCommitment
///      keyEncipherment         (2),
///      dataEncipherment        (3),
///      keyAgreement            (4),
///      keyCertSign             (5),
///      cRLSign                 (6),
///      encipherOnly            (7),
///      decipherOnly            (8) }
/// ```
///
/// Named bit *n* is `1 << n` of [`KeyUsage::bits`] (bit 0, digitalSignature, is the most
/// significant bit of the BIT STRING's first octet). The reader takes one or two data
/// octets (an empty BIT STRING is refused) whose unused trailing bits are zero (X.690
/// §11.2.1); trailing zero bits a DER named-bit list would drop (X.690 §11.2.2) are
/// tolerated, as they name nothing. Bits past decipherOnly are kept in [`KeyUsage::bits`]
/// and mean nothing. Absent keyUsage is
/// `None` at [`Certificate::key_usage`], not an empty set: [RFC 5280] then puts no
/// restriction on the key (see [`Certificate::allows_cert_sign`]).
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyUsage(u16);

impl KeyUsage {
    /// digitalSignature (0).
    pub const DIGITAL_SIGNATURE: KeyUsage = KeyUsage(1 << 0);
    /// nonRepudiation (1), contentCommitment in recent editions of X.509.
    pub const NON_REPUDIATION: KeyUsage = KeyUsage(1 << 1);
    /// keyEncipherment (2).
    pub const KEY_ENCIPHERMENT: KeyUsage = KeyUsage(1 << 2);
    /// dataEncipherment (3).
    pub const DATA_ENCIPHERMENT: KeyUsage = KeyUsage(1 << 3);
    /// keyAgreement (4).
    pub const KEY_AGREEMENT: KeyUsage = KeyUsage(1 << 4);
    /// keyCertSign (5).
    pub const KEY_CERT_SIGN: KeyUsage = KeyUsage(1 << 5);
    /// cRLSign (6).
    pub const CRL_SIGN: KeyUsage = KeyUsage(1 << 6);
    /// encipherOnly (7).
    pub const ENCIPHER_ONLY: KeyUsage = KeyUsage(1 << 7);
    /// decipherOnly (8).
    pub const DECIPHER_ONLY: KeyUsage = KeyUsage(1 << 8);

    /// The usage whose named bit *n* is `bits & (1 << n)`.
    pub const fn from_bits(bits: u16) -> KeyUsage {
        KeyUsage(bits)
    }
    /// The bits, named bit *n* = `1 << n`.
    pub const fn bits(self) -> u16 {
        self.0
    }
    /// True if every bit of `other` is set.
    pub const fn contains(self, other: KeyUsage) -> bool {
        self.0 & other.0 == other.0
    }
    /// True if no bit is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// digitalSignature (0).
    pub const fn digital_signature(self) -> bool {
        self.contains(KeyUsage::DIGITAL_SIGNATURE)
    }
    /// nonRepudiation (1), contentCommitment in recent editions of X.509.
    pub const fn non_repudiation(self) -> bool {
        self.contains(KeyUsage::NON_REPUDIATION)
    }
    /// keyEncipherment (2).
    pub const fn key_encipherment(self) -> bool {
        self.contains(KeyUsage::KEY_ENCIPHERMENT)
    }
    /// dataEncipherment (3).
    pub const fn data_encipherment(self) -> bool {
        self.contains(KeyUsage::DATA_ENCIPHERMENT)
    }
    /// keyAgreement (4).
    pub const fn key_agreement(self) -> bool {
        self.contains(KeyUsage::KEY_AGREEMENT)
    }
    /// keyCertSign (5).
    pub const fn key_cert_sign(self) -> bool {
        self.contains(KeyUsage::KEY_CERT_SIGN)
    }
    /// cRLSign (6).
    pub const fn crl_sign(self) -> bool {
        self.contains(KeyUsage::CRL_SIGN)
    }
    /// encipherOnly (7).
    pub const fn encipher_only(self) -> bool {
        self.contains(KeyUsage::ENCIPHER_ONLY)
    }
    /// decipherOnly (8).
    pub const fn decipher_only(self) -> bool {
        self.contains(KeyUsage::DECIPHER_ONLY)
    }
}

impl core::ops::BitOr for KeyUsage {
    type Output = KeyUsage;
    fn bitor(self, other: KeyUsage) -> KeyUsage {
        KeyUsage(self.0 | other.0)
    }
}

/// The basicConstraints extension: whether the subject is a CA and how many
/// non-self-issued intermediates may follow it
/// ([RFC 5280 §4.2.1.9](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9)).
///
/// ```text
/// id-ce-basicConstraints OBJECT IDENTIFIER ::=  { id-ce 19 }
///
/// BasicConstraints ::= SEQUENCE {
///      cA                      BOOLEAN DEFAULT FALSE,
///      pathLenConstraint       INTEGER (0..MAX) OPTIONAL }
/// ```
///
/// As encoded: an explicit `cA FALSE` reads as `ca: false` (rcgen and other generators
/// write it); a pathLenConstraint must fit 32 bits. A pathLenConstraint without cA ("CAs
/// MUST NOT include the pathLenConstraint field unless the cA boolean is asserted") is
/// kept as given; it has no effect, as such a certificate cannot issue certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BasicConstraints {
    /// cA: the certified key may verify certificate signatures.
    pub ca: bool,
    /// pathLenConstraint: the most non-self-issued intermediate certificates that may
    /// follow this one in a path ([RFC 5280 §6.1.4] (l), (m)); `None` = no limit.
    ///
    /// [RFC 5280 §6.1.4]: https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
    pub path_len: Option<u32>,
}

/// A MUST of the [RFC 5280] certificate profile that a well-formed (DER-valid) certificate
/// breaks. Such a certificate parses (it is a certificate; refusing it at parse time would
/// turn a bad certificate in a path into "not a certificate at all"); path validation
/// reports every violation as a `CERT_NONCONFORMING` finding (INVALID), never a silent
/// pass. The real NCA certificates (root, CAs and end-entity certificates of
/// `testdata/nca/`) break none of them.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
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

    /// The rule, for reports ("[RFC 5280 §4.1.2.2]: …").
    ///
    /// [RFC 5280 §4.1.2.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
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
        let ca = ext.basic_constraints.is_some_and(|bc| bc.ca);
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
        if !ca && ext.key_usage.is_some_and(KeyUsage::key_cert_sign) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{tlv, to_pem};
    use time::macros::datetime;

    /// A real NCA certificate of `testdata/nca/` (see its SOURCE.md); fails when missing.
    fn nca(name: &str) -> Vec<u8> {
        let path = format!("{}/../../testdata/nca/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("missing fixture {path}: {e}"))
    }

    /// `der` with its Validity replaced by `not_before` and `not_after` (Time TLVs): the
    /// TBSCertificate re-encoded, the signature left as it was (parsing does not check it).
    fn with_validity(der: &[u8], not_before: &[u8], not_after: &[u8]) -> Vec<u8> {
        let (outer, _) = asn1::split_tlv("t", der).unwrap();
        let (tbs, after_tbs) = asn1::split_tlv("t", outer.content).unwrap();
        let mut fields = Vec::new();
        let mut rest = tbs.content;
        while !rest.is_empty() {
            let (f, r) = asn1::split_tlv("t", rest).unwrap();
            fields.push(f.whole.to_vec());
            rest = r;
        }
        // version [0], serialNumber, signature, issuer, validity, ...
        assert_eq!(fields[0][0], 0xa0);
        assert_eq!(fields[4][0], 0x30);
        fields[4] = tlv(0x30, &[not_before, not_after].concat());
        let tbs = tlv(0x30, &fields.concat());
        tlv(0x30, &[&tbs[..], after_tbs].concat())
    }

    fn utc(s: &str) -> Vec<u8> {
        tlv(0x17, s.as_bytes())
    }

    fn generalized(s: &str) -> Vec<u8> {
        tlv(0x18, s.as_bytes())
    }

    #[test]
    fn validity_is_time_at_the_utc_time_and_generalized_time_edges() {
        let base = nca("nca_gost2015_test.cer");
        let cases: [(Vec<u8>, crate::Time); 6] = [
            // UTCTime YY < 50 is 20YY: the last UTCTime instant.
            (utc("491231235959Z"), datetime!(2049-12-31 23:59:59 UTC)),
            // UTCTime YY >= 50 is 19YY: the first.
            (utc("500101000000Z"), datetime!(1950-01-01 00:00:00 UTC)),
            (utc("000229120000Z"), datetime!(2000-02-29 12:00:00 UTC)),
            // From 2050 on, GeneralizedTime (RFC 5280 §4.1.2.5).
            (
                generalized("20500101000000Z"),
                datetime!(2050-01-01 00:00:00 UTC),
            ),
            // "No well-defined expiration date" (RFC 5280 §4.1.2.5).
            (
                generalized("99991231235959Z"),
                datetime!(9999-12-31 23:59:59 UTC),
            ),
            (
                generalized("00000101000000Z"),
                datetime!(0000-01-01 00:00:00 UTC),
            ),
        ];
        for (t, want) in &cases {
            let c = Certificate::from_der(&with_validity(&base, t, t)).unwrap();
            assert_eq!(c.not_before(), *want, "{t:02x?}");
            assert_eq!(c.not_after(), *want, "{t:02x?}");
            assert_eq!(c.not_after().offset(), time::UtcOffset::UTC);
            assert!(c.valid_at(*want));
        }
        // The same instant in both forms reads the same.
        let a = Certificate::from_der(&with_validity(
            &base,
            &utc("491231235959Z"),
            &generalized("20491231235959Z"),
        ))
        .unwrap();
        assert_eq!(a.not_before(), a.not_after());

        // Both ends inclusive, in whole seconds; an instant with another offset is the
        // same instant.
        let c = Certificate::from_der(&with_validity(
            &base,
            &utc("491231235959Z"),
            &generalized("20500101000000Z"),
        ))
        .unwrap();
        assert!(c.valid_at(datetime!(2049-12-31 23:59:59 UTC)));
        assert!(c.valid_at(datetime!(2050-01-01 00:00:00.999 UTC)));
        assert!(c.valid_at(datetime!(2050-01-01 05:00:00 +05:00)));
        assert!(!c.valid_at(datetime!(2049-12-31 23:59:58.999 UTC)));
        assert!(!c.valid_at(datetime!(2050-01-01 00:00:01 UTC)));
        assert!(!c.valid_at(datetime!(2050-01-01 05:00:01 +05:00)));
        let forever = Certificate::from_der(&with_validity(
            &base,
            &utc("500101000000Z"),
            &generalized("99991231235959Z"),
        ))
        .unwrap();
        assert!(forever.valid_at(time::PrimitiveDateTime::MAX.assume_utc()));
        assert!(!forever.valid_at(datetime!(1949-12-31 23:59:59 UTC)));

        // Not a time RFC 5280 allows: refused at parse.
        for bad in [
            utc("500101000000"),
            utc("5001010000Z"),
            generalized("20500101000000.5Z"),
            generalized("99991231235960Z"),
            generalized("99991232000000Z"),
            tlv(0x04, b"500101000000Z"),
        ] {
            assert!(
                Certificate::from_der(&with_validity(&base, &bad, &bad)).is_err(),
                "{bad:02x?}"
            );
        }

        // The real certificate: validity as openssl x509 -dates prints it.
        let real = Certificate::from_der(&base).unwrap();
        assert!(real.not_before() < real.not_after());
    }

    #[test]
    fn key_usage_and_basic_constraints_of_real_nca_certificates() {
        // The NCA CA: keyCertSign + cRLSign, cA.
        let ca = Certificate::from_der(&nca("nca_gost2015_test.cer")).unwrap();
        let ku = ca.key_usage().unwrap();
        assert!(ku.key_cert_sign() && ku.crl_sign() && !ku.non_repudiation());
        assert!(ca.allows_cert_sign() && ca.allows_crl_sign());
        assert!(ca.basic_constraints().unwrap().ca && ca.is_ca());
        // A citizen's signing certificate: digitalSignature + nonRepudiation, not a CA.
        let ee = Certificate::from_pem_or_der(&nca("kalkan_individual_2023.cer.pem")).unwrap();
        let ku = ee.key_usage().unwrap();
        assert!(ku.contains(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION));
        assert!(!ku.key_cert_sign() && !ee.allows_cert_sign() && !ee.allows_crl_sign());
        assert!(!ee.is_ca());
        assert_eq!(ee.key_kind(), KeyKind::Sign);
    }

    #[test]
    fn one_certificate_from_der_pem_or_base64() {
        let der = nca("nca_gost2015_test.cer");
        let other = nca("root_test_gost_2022.cer");
        let pem = to_pem(&der, "CERTIFICATE");
        let b64 = pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>();
        for input in [&der[..], pem.as_bytes(), b64.as_bytes()] {
            let c = Certificate::from_pem_or_der(input).unwrap();
            assert_eq!(c.der(), &der[..]);
        }
        // A PEM block of another label before the certificate is skipped.
        let with_crl = format!(
            "{}{}",
            to_pem(&nca("nca_gost2022_test.crl"), "X509 CRL"),
            pem
        );
        assert_eq!(
            Certificate::from_pem_or_der(with_crl.as_bytes())
                .unwrap()
                .der(),
            &der[..]
        );

        // Two certificates: refused, not the first taken.
        let two = format!("{pem}{}", to_pem(&other, "CERTIFICATE"));
        match Certificate::from_pem_or_der(two.as_bytes()) {
            Err(Error::Malformed { what, detail }) => {
                assert_eq!(what, "certificate");
                assert_eq!(detail, "expected exactly one certificate, got 2");
            }
            other => panic!("{other:?}"),
        }
        // No certificate: empty, blank, a CRL alone, garbage, a certificate with trailing
        // data, DER that is not a certificate.
        let crl_only = to_pem(&nca("nca_gost2022_test.crl"), "X509 CRL");
        let trailing = [&der[..], &[0x00]].concat();
        for bad in [
            &b""[..],
            b"  \n",
            crl_only.as_bytes(),
            b"not a certificate",
            b"\xff\xfe\x00",
            &trailing,
            &nca("nca_gost2022_test.crl"),
        ] {
            assert!(
                matches!(
                    Certificate::from_pem_or_der(bad),
                    Err(Error::Malformed { .. } | Error::TooLarge { .. })
                ),
                "{:?}",
                String::from_utf8_lossy(&bad[..bad.len().min(40)])
            );
        }
    }
}
