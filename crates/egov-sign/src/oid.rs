//! The OBJECT IDENTIFIER registry: every OID this crate recognises, in one place.
//!
//! Each OID is a [`const_oid::ObjectIdentifier`] built at compile time from its dotted
//! form, grouped by the standard that assigns it. The rules:
//!
//! - **Compared as bytes.** An OID read from DER is compared by its content octets
//!   (`oid.as_bytes() == content`, or `==` / a `match` pattern between two
//!   [`ObjectIdentifier`]s, which compares the same octets), never by a dotted string.
//!   Content octets are validated first by `encoding::check_oid` (X.690 §8.19:
//!   minimal subidentifiers), so one OID has exactly one encoding and a byte comparison is
//!   exact.
//! - **Rendered only for reports.** [`name`] (and [`describe`]) turn an OID into text for
//!   findings, errors and CLI output; no decision is taken on that text.
//!
//! ```text
//! OBJECT IDENTIFIER   X.690 §8.19: content octets = subidentifiers, base 128, big-endian,
//!                     bit 8 set on every octet but the last of each; the first
//!                     subidentifier is 40·arc1 + arc2.
//! ```

pub use const_oid::ObjectIdentifier;

// ---------------------------------------------------------------------------------------
// X.520 attribute types (id-at, 2.5.4), as used in RFC 5280 §4.1.2.4 Names.
// ---------------------------------------------------------------------------------------

/// `id-at-commonName` (X.520; [RFC 5280] appendix A.1).
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub const ID_AT_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
/// `id-at-serialNumber` (X.520; [RFC 5280] appendix A.1). NCA: "IIN" + 12 digits.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub const ID_AT_SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
/// `id-at-organizationName` (X.520; [RFC 5280] appendix A.1).
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub const ID_AT_ORGANIZATION_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
/// `id-at-organizationalUnitName` (X.520; [RFC 5280] appendix A.1). NCA: "BIN" + 12 digits.
///
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub const ID_AT_ORGANIZATIONAL_UNIT_NAME: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.4.11");

// ---------------------------------------------------------------------------------------
// RFC 5280 certificate and CRL extensions (id-ce, 2.5.29; id-pe, 1.3.6.1.5.5.7.1).
// ---------------------------------------------------------------------------------------

/// `id-ce-subjectKeyIdentifier` ([RFC 5280 §4.2.1.2]).
///
/// [RFC 5280 §4.2.1.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.2
pub const ID_CE_SUBJECT_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.14");
/// `id-ce-keyUsage` ([RFC 5280 §4.2.1.3]).
///
/// [RFC 5280 §4.2.1.3]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3
pub const ID_CE_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
/// `id-ce-privateKeyUsagePeriod` ([RFC 3280 §4.2.1.4], dropped from [RFC 5280] but still issued).
///
/// [RFC 3280 §4.2.1.4]: https://www.rfc-editor.org/rfc/rfc3280#section-4.2.1.4
/// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280
pub const ID_CE_PRIVATE_KEY_USAGE_PERIOD: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.16");
/// `id-ce-subjectAltName` ([RFC 5280 §4.2.1.6]).
///
/// [RFC 5280 §4.2.1.6]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
pub const ID_CE_SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
/// `id-ce-issuerAltName` ([RFC 5280 §4.2.1.7], §5.2.2).
///
/// [RFC 5280 §4.2.1.7]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.7
pub const ID_CE_ISSUER_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.18");
/// `id-ce-basicConstraints` ([RFC 5280 §4.2.1.9]).
///
/// [RFC 5280 §4.2.1.9]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
pub const ID_CE_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
/// `id-ce-cRLNumber` ([RFC 5280 §5.2.3]).
///
/// [RFC 5280 §5.2.3]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.3
pub const ID_CE_CRL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.20");
/// `id-ce-cRLReasons` ([RFC 5280 §5.3.1]), a CRL entry extension.
///
/// [RFC 5280 §5.3.1]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1
pub const ID_CE_CRL_REASONS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.21");
/// `id-ce-holdInstructionCode` ([RFC 3280 §5.3.2]), a CRL entry extension.
///
/// [RFC 3280 §5.3.2]: https://www.rfc-editor.org/rfc/rfc3280#section-5.3.2
pub const ID_CE_HOLD_INSTRUCTION_CODE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.23");
/// `id-ce-invalidityDate` ([RFC 5280 §5.3.2]), a CRL entry extension.
///
/// [RFC 5280 §5.3.2]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3.2
pub const ID_CE_INVALIDITY_DATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.24");
/// `id-ce-deltaCRLIndicator` ([RFC 5280 §5.2.4]).
///
/// [RFC 5280 §5.2.4]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.4
pub const ID_CE_DELTA_CRL_INDICATOR: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.27");
/// `id-ce-issuingDistributionPoint` ([RFC 5280 §5.2.5]).
///
/// [RFC 5280 §5.2.5]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2.5
pub const ID_CE_ISSUING_DISTRIBUTION_POINT: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.28");
/// `id-ce-cRLDistributionPoints` ([RFC 5280 §4.2.1.13]).
///
/// [RFC 5280 §4.2.1.13]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13
pub const ID_CE_CRL_DISTRIBUTION_POINTS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.31");
/// `id-ce-certificatePolicies` ([RFC 5280 §4.2.1.4]).
///
/// [RFC 5280 §4.2.1.4]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.4
pub const ID_CE_CERTIFICATE_POLICIES: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32");
/// `id-ce-authorityKeyIdentifier` ([RFC 5280 §4.2.1.1], §5.2.1).
///
/// [RFC 5280 §4.2.1.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.1
pub const ID_CE_AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.35");
/// `id-ce-policyConstraints` ([RFC 5280 §4.2.1.11]).
///
/// [RFC 5280 §4.2.1.11]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.11
pub const ID_CE_POLICY_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.36");
/// `id-ce-extKeyUsage` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_CE_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
/// `id-ce-freshestCRL` ([RFC 5280 §4.2.1.15], §5.2.6).
///
/// [RFC 5280 §4.2.1.15]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.15
pub const ID_CE_FRESHEST_CRL: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.46");
/// `id-pe-authorityInfoAccess` ([RFC 5280 §4.2.2.1], §5.2.7).
///
/// [RFC 5280 §4.2.2.1]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.2.1
pub const ID_PE_AUTHORITY_INFO_ACCESS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.1");

// ---------------------------------------------------------------------------------------
// RFC 5280 §4.2.1.12 key purposes (extKeyUsage values).
// ---------------------------------------------------------------------------------------

/// `anyExtendedKeyUsage` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ANY_EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37.0");
/// `id-kp-serverAuth` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_KP_SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
/// `id-kp-clientAuth` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_KP_CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
/// `id-kp-codeSigning` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_KP_CODE_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.3");
/// `id-kp-emailProtection` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_KP_EMAIL_PROTECTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.4");
/// `id-kp-timeStamping` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
/// `id-kp-OCSPSigning` ([RFC 5280 §4.2.1.12]).
///
/// [RFC 5280 §4.2.1.12]: https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
pub const ID_KP_OCSP_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.9");

// ---------------------------------------------------------------------------------------
// NCA of the Republic of Kazakhstan (1.2.398.*): role EKUs and the GOST algorithms.
// ---------------------------------------------------------------------------------------

/// NCA role EKU: individual (1.2.398.3.3.4.1.1).
pub const NCA_ROLE_INDIVIDUAL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.1");
/// NCA role EKU: legal entity, any employee of an organisation; the arc of the roles below.
pub const NCA_ROLE_LEGAL_ENTITY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2");
/// NCA role EKU: first head (CEO) of a legal entity.
pub const NCA_ROLE_FIRST_HEAD: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.1");
/// NCA role EKU: person with the right to sign.
pub const NCA_ROLE_RIGHT_TO_SIGN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.2");
/// NCA role EKU: right to sign financial documents.
pub const NCA_ROLE_FINANCIAL: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.3");
/// NCA role EKU: HR officer.
pub const NCA_ROLE_HR: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.4");
/// NCA role EKU: employee.
pub const NCA_ROLE_EMPLOYEE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.5");

/// NCA certificate policy: individual, signing key (1.2.398.3.3.2.3).
pub const NCA_POLICY_INDIVIDUAL_SIGN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.2.3");
/// NCA certificate policy: individual, authentication key (1.2.398.3.3.2.4).
pub const NCA_POLICY_INDIVIDUAL_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.2.4");
/// NCA certificate policy: first head of a legal entity, signing key (1.2.398.3.3.2.1).
pub const NCA_POLICY_FIRST_HEAD_SIGN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.2.1");

/// GOST 34.10-2015 (512) signature algorithm with Streebog-512 (NCA, 1.2.398.3.10.1.1.2.3.2).
pub const GOST2015_512_SIGNATURE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.3.2");
/// GOST 34.10-2015 (512) key algorithm (NCA).
pub const GOST2015_512_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.2");
/// GOST 34.10-2015 (512) curve parameter set (= id-tc26-gost-3410-12-512-paramSetA).
pub const GOST2015_512_PARAMSET_A: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.2.1");
/// GOST 34.11-2015 (Streebog) 512-bit digest (NCA).
pub const STREEBOG512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.10.1.3.3");
/// GOST 34.310-2004 signature algorithm with GOST 34.311-95 (NCA).
pub const GOST2004_SIGNATURE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.1.2");
/// GOST 34.310-2004 key algorithm (NCA).
pub const GOST2004_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.1.1");
/// GOST 34.310-2004 curve parameter set A (= id-GostR3410-2001-CryptoPro-A-ParamSet).
pub const GOST2004_PARAMSET_A: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.1.1.1");
/// GOST 34.311-95 digest (= GOST R 34.11-94) (NCA).
pub const GOST34311: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.10.1.3.1");
/// The digest parameter set named in GOST 34.310-2004 key parameters (the test S-box).
pub const GOST34311_PARAMS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.3.1.1.0");

// ---------------------------------------------------------------------------------------
// RSA: RFC 8017 appendix C (PKCS #1), RFC 4055 (RSASSA-PSS).
// ---------------------------------------------------------------------------------------

/// `rsaEncryption` ([RFC 8017] appendix C; [RFC 3279 §2.3.1]).
///
/// [RFC 3279 §2.3.1]: https://www.rfc-editor.org/rfc/rfc3279#section-2.3.1
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
pub const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-mgf1` ([RFC 8017] appendix C; [RFC 4055 §2.2]).
///
/// [RFC 4055 §2.2]: https://www.rfc-editor.org/rfc/rfc4055#section-2.2
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
pub const ID_MGF1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");
/// `id-RSASSA-PSS` ([RFC 8017] appendix C; [RFC 4055 §3.1]).
///
/// [RFC 4055 §3.1]: https://www.rfc-editor.org/rfc/rfc4055#section-3.1
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
pub const ID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// `sha256WithRSAEncryption` ([RFC 8017] appendix C; [RFC 4055 §5]).
///
/// [RFC 4055 §5]: https://www.rfc-editor.org/rfc/rfc4055#section-5
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
pub const SHA256_WITH_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
/// `sha384WithRSAEncryption` ([RFC 8017] appendix C; [RFC 4055 §5]).
///
/// [RFC 4055 §5]: https://www.rfc-editor.org/rfc/rfc4055#section-5
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
pub const SHA384_WITH_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
/// `sha512WithRSAEncryption` ([RFC 8017] appendix C; [RFC 4055 §5]).
///
/// [RFC 4055 §5]: https://www.rfc-editor.org/rfc/rfc4055#section-5
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
pub const SHA512_WITH_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");

// ---------------------------------------------------------------------------------------
// Elliptic curves: RFC 5480 (ECC SubjectPublicKeyInfo), RFC 5758 (ECDSA), RFC 8410 (EdDSA).
// ---------------------------------------------------------------------------------------

/// `id-ecPublicKey` ([RFC 5480 §2.1.1]).
///
/// [RFC 5480 §2.1.1]: https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1
pub const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1` / prime256v1 ([RFC 5480 §2.1.1.1]).
///
/// [RFC 5480 §2.1.1.1]: https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1.1
pub const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// `secp384r1` ([RFC 5480 §2.1.1.1]).
///
/// [RFC 5480 §2.1.1.1]: https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1.1
pub const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// `ecdsa-with-SHA256` ([RFC 5758 §3.2]).
///
/// [RFC 5758 §3.2]: https://www.rfc-editor.org/rfc/rfc5758#section-3.2
pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// `ecdsa-with-SHA384` ([RFC 5758 §3.2]).
///
/// [RFC 5758 §3.2]: https://www.rfc-editor.org/rfc/rfc5758#section-3.2
pub const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
/// `id-Ed25519` ([RFC 8410 §3]).
///
/// [RFC 8410 §3]: https://www.rfc-editor.org/rfc/rfc8410#section-3
pub const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

// ---------------------------------------------------------------------------------------
// Digests: NIST CSOR (RFC 5754 §2), RFC 3279 §2.2.1 (SHA-1).
// ---------------------------------------------------------------------------------------

/// `id-sha1` ([RFC 3279 §2.2.1]).
///
/// [RFC 3279 §2.2.1]: https://www.rfc-editor.org/rfc/rfc3279#section-2.2.1
pub const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
/// `id-sha224` ([RFC 5754 §2.1]).
///
/// [RFC 5754 §2.1]: https://www.rfc-editor.org/rfc/rfc5754#section-2.1
pub const ID_SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.4");
/// `id-sha256` ([RFC 5754 §2.2]).
///
/// [RFC 5754 §2.2]: https://www.rfc-editor.org/rfc/rfc5754#section-2.2
pub const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// `id-sha384` ([RFC 5754 §2.3]).
///
/// [RFC 5754 §2.3]: https://www.rfc-editor.org/rfc/rfc5754#section-2.3
pub const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
/// `id-sha512` ([RFC 5754 §2.4]).
///
/// [RFC 5754 §2.4]: https://www.rfc-editor.org/rfc/rfc5754#section-2.4
pub const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

// ---------------------------------------------------------------------------------------
// CMS: RFC 5652 (content types §4–§5, attributes §11), RFC 5035 / RFC 2634 (ESS).
// ---------------------------------------------------------------------------------------

/// `id-data` ([RFC 5652 §4]).
///
/// [RFC 5652 §4]: https://www.rfc-editor.org/rfc/rfc5652#section-4
pub const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
/// `id-signedData` ([RFC 5652 §5.1]).
///
/// [RFC 5652 §5.1]: https://www.rfc-editor.org/rfc/rfc5652#section-5.1
pub const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// `id-encryptedData` ([RFC 5652 §8]; in PKCS #12 AuthenticatedSafes, [RFC 7292 §4.1]).
///
/// [RFC 5652 §8]: https://www.rfc-editor.org/rfc/rfc5652#section-8
/// [RFC 7292 §4.1]: https://www.rfc-editor.org/rfc/rfc7292#section-4.1
pub const ID_ENCRYPTED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
/// `id-contentType` ([RFC 5652 §11.1]).
///
/// [RFC 5652 §11.1]: https://www.rfc-editor.org/rfc/rfc5652#section-11.1
pub const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
/// `id-messageDigest` ([RFC 5652 §11.2]).
///
/// [RFC 5652 §11.2]: https://www.rfc-editor.org/rfc/rfc5652#section-11.2
pub const ID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
/// `id-signingTime` ([RFC 5652 §11.3]).
///
/// [RFC 5652 §11.3]: https://www.rfc-editor.org/rfc/rfc5652#section-11.3
pub const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// `id-aa-signingCertificate` ([RFC 2634 §5.4]).
///
/// [RFC 2634 §5.4]: https://www.rfc-editor.org/rfc/rfc2634#section-5.4
pub const ID_AA_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// `id-aa-signingCertificateV2` ([RFC 5035 §3]).
///
/// [RFC 5035 §3]: https://www.rfc-editor.org/rfc/rfc5035#section-3
pub const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

// ---------------------------------------------------------------------------------------
// Time-stamps: RFC 3161 (§2.4.2 TSTInfo, Appendix A signatureTimeStampToken); the NCA's TSA
// policies. OCSP: RFC 6960 (§4.2.1 id-pkix-ocsp-basic, §4.4 extensions), RFC 9654 nonce.
// ---------------------------------------------------------------------------------------

/// `id-ct-TSTInfo` ([RFC 3161 §2.4.2]).
///
/// [RFC 3161 §2.4.2]: https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// `id-aa-signatureTimeStampToken` ([RFC 3161] Appendix A).
///
/// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
pub const ID_AA_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// NCA TSA policy `tsa_gost_policy` (GOST 34.310-2004).
pub const NCA_TSA_POLICY_GOST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.3.2.6.1");
/// NCA TSA policy `tsa_rsa_policy`.
pub const NCA_TSA_POLICY_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.398.3.3.2.6.2");
/// NCA TSA policy `tsa_gostgt_policy`.
pub const NCA_TSA_POLICY_GOST_GT: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.2.6.3");
/// NCA TSA policy `tsa_gost2015_policy` (GOST 34.10-2015).
pub const NCA_TSA_POLICY_GOST2015: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.3.2.6.4");
/// `id-pkix-ocsp-basic` ([RFC 6960 §4.2.1]).
///
/// [RFC 6960 §4.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1
pub const ID_PKIX_OCSP_BASIC: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// `id-pkix-ocsp-nonce` ([RFC 6960 §4.4.1], [RFC 9654]).
///
/// [RFC 6960 §4.4.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.4.1
/// [RFC 9654]: https://www.rfc-editor.org/rfc/rfc9654
pub const ID_PKIX_OCSP_NONCE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// `id-pkix-ocsp-nocheck` ([RFC 6960 §4.2.2.2.1]).
///
/// [RFC 6960 §4.2.2.2.1]: https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2.1
pub const ID_PKIX_OCSP_NOCHECK: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.5");
/// `id-pkix-ocsp-extended-revoke` ([RFC 6960 §4.4.8]).
///
/// [RFC 6960 §4.4.8]: https://www.rfc-editor.org/rfc/rfc6960#section-4.4.8
pub const ID_PKIX_OCSP_EXTENDED_REVOKE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.9");
/// `id-ri-ocsp-response` ([RFC 5940 §3.2.1]): an OCSPResponse as an
/// OtherRevocationInfoFormat of a SignedData's `crls` (RevocationInfoChoices).
///
/// [RFC 5940 §3.2.1]: https://www.rfc-editor.org/rfc/rfc5940#section-3.2.1
pub const ID_RI_OCSP_RESPONSE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.16.2");
/// `id-aa-ets-revocationValues` ([RFC 5126 §6.3.4], ETSI CAdES-X-L): an unsigned attribute
/// carrying CRLs and BasicOCSPResponses.
///
/// [RFC 5126 §6.3.4]: https://www.rfc-editor.org/rfc/rfc5126#section-6.3.4
pub const ID_AA_ETS_REVOCATION_VALUES: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.24");

// ---------------------------------------------------------------------------------------
// PKCS #12 (RFC 7292 appendix D), PKCS #9 attributes (RFC 2985), PKCS #5 (RFC 8018
// appendix C), NIST CSOR ciphers (RFC 3565 / RFC 8018 appendix B.2).
// ---------------------------------------------------------------------------------------

/// `keyBag` ([RFC 7292 §4.2.1]).
///
/// [RFC 7292 §4.2.1]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2.1
pub const PKCS12_KEY_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.1");
/// `pkcs8ShroudedKeyBag` ([RFC 7292 §4.2.2]).
///
/// [RFC 7292 §4.2.2]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2.2
pub const PKCS12_PKCS8_SHROUDED_KEY_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
/// `certBag` ([RFC 7292 §4.2.3]).
///
/// [RFC 7292 §4.2.3]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2.3
pub const PKCS12_CERT_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");
/// `safeContentsBag` ([RFC 7292 §4.2.6]).
///
/// [RFC 7292 §4.2.6]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2.6
pub const PKCS12_SAFE_CONTENTS_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.6");
/// `x509Certificate` certificate type of a certBag ([RFC 7292 §4.2.3]).
///
/// [RFC 7292 §4.2.3]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2.3
pub const PKCS9_X509_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
/// `pkcs-9-at-friendlyName` ([RFC 2985 §5.5.1]; [RFC 7292 §4.2]).
///
/// [RFC 2985 §5.5.1]: https://www.rfc-editor.org/rfc/rfc2985#section-5.5.1
/// [RFC 7292 §4.2]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2
pub const PKCS9_FRIENDLY_NAME: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
/// `pkcs-9-at-localKeyId` ([RFC 2985 §5.5.2]; [RFC 7292 §4.2]).
///
/// [RFC 2985 §5.5.2]: https://www.rfc-editor.org/rfc/rfc2985#section-5.5.2
/// [RFC 7292 §4.2]: https://www.rfc-editor.org/rfc/rfc7292#section-4.2
pub const PKCS9_LOCAL_KEY_ID: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
/// `pbeWithSHAAnd3-KeyTripleDES-CBC` ([RFC 7292] appendix C).
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
pub const PBE_SHA1_3DES: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.1.3");
/// `pbeWithSHAAnd128BitRC2-CBC` ([RFC 7292] appendix C).
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
pub const PBE_SHA1_RC2_128: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.1.5");
/// `pbewithSHAAnd40BitRC2-CBC` ([RFC 7292] appendix C).
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
pub const PBE_SHA1_RC2_40: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.1.6");
/// `id-PBKDF2` ([RFC 8018] appendix A.2).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_PBKDF2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12");
/// `id-PBES2` ([RFC 8018] appendix A.4).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
/// `id-hmacWithSHA1` ([RFC 8018] appendix B.1.1).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_HMAC_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.7");
/// `id-hmacWithSHA224` ([RFC 8018] appendix B.1.2).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_HMAC_WITH_SHA224: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.2.8");
/// `id-hmacWithSHA256` ([RFC 8018] appendix B.1.2).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_HMAC_WITH_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.2.9");
/// `id-hmacWithSHA384` ([RFC 8018] appendix B.1.2).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_HMAC_WITH_SHA384: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.2.10");
/// `id-hmacWithSHA512` ([RFC 8018] appendix B.1.2).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_HMAC_WITH_SHA512: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.2.11");
/// `des-EDE3-CBC` ([RFC 8018] appendix B.2.2).
///
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const DES_EDE3_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.3.7");
/// `id-aes128-CBC` ([RFC 8018] appendix B.2.5; [RFC 3565 §4.1]).
///
/// [RFC 3565 §4.1]: https://www.rfc-editor.org/rfc/rfc3565#section-4.1
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_AES128_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.2");
/// `id-aes192-CBC` ([RFC 8018] appendix B.2.5; [RFC 3565 §4.1]).
///
/// [RFC 3565 §4.1]: https://www.rfc-editor.org/rfc/rfc3565#section-4.1
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_AES192_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.22");
/// `id-aes256-CBC` ([RFC 8018] appendix B.2.5; [RFC 3565 §4.1]).
///
/// [RFC 3565 §4.1]: https://www.rfc-editor.org/rfc/rfc3565#section-4.1
/// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
pub const ID_AES256_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.42");

/// An arc nobody understands (1.2.3.4): the unknown critical CRL extension of the test PKI.
/// Deliberately not in [`NAMES`].
#[cfg(any(test, feature = "test-pki"))]
pub(crate) const TEST_UNKNOWN_CRL_EXTENSION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.3.4");
/// An arc nobody understands (1.2.3.5): the unknown critical CRL entry extension of the
/// test PKI. Deliberately not in [`NAMES`].
#[cfg(any(test, feature = "test-pki"))]
pub(crate) const TEST_UNKNOWN_ENTRY_EXTENSION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.3.5");

/// Every OID of this registry with its short name: the one name table, for rendering
/// only ([`name`], [`describe`]). Names are the ASN.1 value names of the defining
/// standard (NCA OIDs get a descriptive name).
pub const NAMES: &[(ObjectIdentifier, &str)] = &[
    (ID_AT_COMMON_NAME, "commonName"),
    (ID_AT_SERIAL_NUMBER, "serialNumber"),
    (ID_AT_ORGANIZATION_NAME, "organizationName"),
    (ID_AT_ORGANIZATIONAL_UNIT_NAME, "organizationalUnitName"),
    (ID_CE_SUBJECT_KEY_IDENTIFIER, "subjectKeyIdentifier"),
    (ID_CE_KEY_USAGE, "keyUsage"),
    (ID_CE_PRIVATE_KEY_USAGE_PERIOD, "privateKeyUsagePeriod"),
    (ID_CE_SUBJECT_ALT_NAME, "subjectAltName"),
    (ID_CE_ISSUER_ALT_NAME, "issuerAltName"),
    (ID_CE_BASIC_CONSTRAINTS, "basicConstraints"),
    (ID_CE_CRL_NUMBER, "cRLNumber"),
    (ID_CE_CRL_REASONS, "reasonCode"),
    (ID_CE_HOLD_INSTRUCTION_CODE, "holdInstructionCode"),
    (ID_CE_INVALIDITY_DATE, "invalidityDate"),
    (ID_CE_DELTA_CRL_INDICATOR, "deltaCRLIndicator"),
    (ID_CE_ISSUING_DISTRIBUTION_POINT, "issuingDistributionPoint"),
    (ID_CE_CRL_DISTRIBUTION_POINTS, "cRLDistributionPoints"),
    (ID_CE_CERTIFICATE_POLICIES, "certificatePolicies"),
    (ID_CE_AUTHORITY_KEY_IDENTIFIER, "authorityKeyIdentifier"),
    (ID_CE_POLICY_CONSTRAINTS, "policyConstraints"),
    (ID_CE_EXT_KEY_USAGE, "extKeyUsage"),
    (ID_CE_FRESHEST_CRL, "freshestCRL"),
    (ID_PE_AUTHORITY_INFO_ACCESS, "authorityInfoAccess"),
    (ANY_EXTENDED_KEY_USAGE, "anyExtendedKeyUsage"),
    (ID_KP_SERVER_AUTH, "serverAuth"),
    (ID_KP_CLIENT_AUTH, "clientAuth"),
    (ID_KP_CODE_SIGNING, "codeSigning"),
    (ID_KP_EMAIL_PROTECTION, "emailProtection"),
    (ID_KP_TIME_STAMPING, "timeStamping"),
    (ID_KP_OCSP_SIGNING, "OCSPSigning"),
    (NCA_ROLE_INDIVIDUAL, "nca-role-individual"),
    (NCA_ROLE_LEGAL_ENTITY, "nca-role-legal-entity"),
    (NCA_ROLE_FIRST_HEAD, "nca-role-first-head"),
    (NCA_ROLE_RIGHT_TO_SIGN, "nca-role-right-to-sign"),
    (NCA_ROLE_FINANCIAL, "nca-role-financial"),
    (NCA_ROLE_HR, "nca-role-hr"),
    (NCA_ROLE_EMPLOYEE, "nca-role-employee"),
    (NCA_POLICY_INDIVIDUAL_SIGN, "nca-policy-individual-sign"),
    (NCA_POLICY_INDIVIDUAL_AUTH, "nca-policy-individual-auth"),
    (NCA_POLICY_FIRST_HEAD_SIGN, "nca-policy-first-head-sign"),
    (
        GOST2015_512_SIGNATURE,
        "gost34310-2015-512-with-streebog512",
    ),
    (GOST2015_512_KEY, "gost34310-2015-512"),
    (GOST2015_512_PARAMSET_A, "gost34310-2015-512-paramSetA"),
    (STREEBOG512, "streebog512"),
    (GOST2004_SIGNATURE, "gost34310-2004-with-gost34311-95"),
    (GOST2004_KEY, "gost34310-2004"),
    (GOST2004_PARAMSET_A, "gost34310-2004-paramSetA"),
    (GOST34311, "gost34311-95"),
    (GOST34311_PARAMS, "gost34311-95-testParamSet"),
    (RSA_ENCRYPTION, "rsaEncryption"),
    (ID_MGF1, "id-mgf1"),
    (ID_RSASSA_PSS, "id-RSASSA-PSS"),
    (SHA256_WITH_RSA_ENCRYPTION, "sha256WithRSAEncryption"),
    (SHA384_WITH_RSA_ENCRYPTION, "sha384WithRSAEncryption"),
    (SHA512_WITH_RSA_ENCRYPTION, "sha512WithRSAEncryption"),
    (ID_EC_PUBLIC_KEY, "id-ecPublicKey"),
    (SECP256R1, "secp256r1"),
    (SECP384R1, "secp384r1"),
    (ECDSA_WITH_SHA256, "ecdsa-with-SHA256"),
    (ECDSA_WITH_SHA384, "ecdsa-with-SHA384"),
    (ID_ED25519, "id-Ed25519"),
    (ID_SHA1, "id-sha1"),
    (ID_SHA224, "id-sha224"),
    (ID_SHA256, "id-sha256"),
    (ID_SHA384, "id-sha384"),
    (ID_SHA512, "id-sha512"),
    (ID_DATA, "id-data"),
    (ID_SIGNED_DATA, "id-signedData"),
    (ID_ENCRYPTED_DATA, "id-encryptedData"),
    (ID_CONTENT_TYPE, "id-contentType"),
    (ID_MESSAGE_DIGEST, "id-messageDigest"),
    (ID_SIGNING_TIME, "id-signingTime"),
    (ID_AA_SIGNING_CERTIFICATE, "id-aa-signingCertificate"),
    (ID_AA_SIGNING_CERTIFICATE_V2, "id-aa-signingCertificateV2"),
    (ID_CT_TST_INFO, "id-ct-TSTInfo"),
    (
        ID_AA_SIGNATURE_TIME_STAMP_TOKEN,
        "id-aa-signatureTimeStampToken",
    ),
    (NCA_TSA_POLICY_GOST, "tsa_gost_policy"),
    (NCA_TSA_POLICY_RSA, "tsa_rsa_policy"),
    (NCA_TSA_POLICY_GOST_GT, "tsa_gostgt_policy"),
    (NCA_TSA_POLICY_GOST2015, "tsa_gost2015_policy"),
    (ID_PKIX_OCSP_BASIC, "id-pkix-ocsp-basic"),
    (ID_PKIX_OCSP_NONCE, "id-pkix-ocsp-nonce"),
    (ID_PKIX_OCSP_NOCHECK, "id-pkix-ocsp-nocheck"),
    (ID_PKIX_OCSP_EXTENDED_REVOKE, "id-pkix-ocsp-extended-revoke"),
    (ID_RI_OCSP_RESPONSE, "id-ri-ocsp-response"),
    (ID_AA_ETS_REVOCATION_VALUES, "id-aa-ets-revocationValues"),
    (PKCS12_KEY_BAG, "keyBag"),
    (PKCS12_PKCS8_SHROUDED_KEY_BAG, "pkcs8ShroudedKeyBag"),
    (PKCS12_CERT_BAG, "certBag"),
    (PKCS12_SAFE_CONTENTS_BAG, "safeContentsBag"),
    (PKCS9_X509_CERTIFICATE, "x509Certificate"),
    (PKCS9_FRIENDLY_NAME, "friendlyName"),
    (PKCS9_LOCAL_KEY_ID, "localKeyId"),
    (PBE_SHA1_3DES, "pbeWithSHAAnd3-KeyTripleDES-CBC"),
    (PBE_SHA1_RC2_128, "pbeWithSHAAnd128BitRC2-CBC"),
    (PBE_SHA1_RC2_40, "pbewithSHAAnd40BitRC2-CBC"),
    (ID_PBKDF2, "id-PBKDF2"),
    (ID_PBES2, "id-PBES2"),
    (ID_HMAC_WITH_SHA1, "id-hmacWithSHA1"),
    (ID_HMAC_WITH_SHA224, "id-hmacWithSHA224"),
    (ID_HMAC_WITH_SHA256, "id-hmacWithSHA256"),
    (ID_HMAC_WITH_SHA384, "id-hmacWithSHA384"),
    (ID_HMAC_WITH_SHA512, "id-hmacWithSHA512"),
    (DES_EDE3_CBC, "des-EDE3-CBC"),
    (ID_AES128_CBC, "id-aes128-CBC"),
    (ID_AES192_CBC, "id-aes192-CBC"),
    (ID_AES256_CBC, "id-aes256-CBC"),
];

/// The short name of the OID with content octets `content`, if it is in the registry.
/// For rendering only: decisions compare the octets themselves.
pub fn name(content: &[u8]) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(oid, _)| oid.as_bytes() == content)
        .map(|(_, name)| *name)
}

/// `name (dotted)` for a registry OID, the dotted form alone for any other: the text of
/// an OID in a report or CLI output.
pub fn describe(oid: &ObjectIdentifier) -> String {
    match name(oid.as_bytes()) {
        Some(n) => format!("{n} ({oid})"),
        None => oid.to_string(),
    }
}

/// The registry constant with content octets `content`: the readers' fast path (a byte
/// comparison instead of validating and parsing the octets again).
pub(crate) fn known(content: &[u8]) -> Option<ObjectIdentifier> {
    NAMES
        .iter()
        .find(|(oid, _)| oid.as_bytes() == content)
        .map(|(oid, _)| *oid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// No OID twice, no name twice, and every constant round-trips: content octets →
    /// dotted (this crate's renderer) → octets (const_oid's parser) → the same octets, and
    /// the octets pass the strict DER check.
    #[test]
    fn registry_is_unique_and_round_trips() {
        let mut oids = HashSet::new();
        let mut names = HashSet::new();
        for (oid, name) in NAMES {
            assert!(oids.insert(oid.as_bytes()), "OID {oid} listed twice");
            assert!(names.insert(*name), "name {name} listed twice");
            assert!(crate::encoding::check_oid(oid.as_bytes()).is_ok(), "{oid}");
            let dotted = crate::encoding::oid_string(oid.as_bytes()).unwrap();
            assert_eq!(dotted, oid.to_string());
            let again = ObjectIdentifier::new(&dotted).unwrap();
            assert_eq!(again.as_bytes(), oid.as_bytes(), "{dotted}");
            let from_bytes = ObjectIdentifier::from_bytes(oid.as_bytes()).unwrap();
            assert_eq!(from_bytes, *oid);
            assert_eq!(super::name(oid.as_bytes()), Some(*name));
        }
    }

    /// Every `pub const` of this file is in [`NAMES`] (so none escapes the uniqueness
    /// check), counted from the source text.
    #[test]
    fn every_constant_is_named() {
        let src = include_str!("oid.rs");
        let consts = src
            .lines()
            .filter(|l| l.starts_with("pub const ") && l.contains(": ObjectIdentifier"))
            .count();
        assert_eq!(consts, NAMES.len());
    }

    #[test]
    fn rendering() {
        assert_eq!(name(ID_DATA.as_bytes()), Some("id-data"));
        assert_eq!(describe(&ID_SHA256), "id-sha256 (2.16.840.1.101.3.4.2.1)");
        let other = ObjectIdentifier::new_unwrap("1.2.3.4");
        assert_eq!(name(other.as_bytes()), None);
        assert_eq!(describe(&other), "1.2.3.4");
        assert_eq!(known(NCA_ROLE_HR.as_bytes()), Some(NCA_ROLE_HR));
    }

    /// Layout: OIDs are defined here and nowhere else in `src/` — no `OID_*` constant, no
    /// `ObjectIdentifier::new_unwrap`, outside this file.
    #[test]
    fn no_oid_constants_outside_the_registry() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&src, &mut files);
        assert!(
            files.len() > 20,
            "source tree not found at {}",
            src.display()
        );
        let mut offenders = Vec::new();
        for file in files {
            if file.ends_with("src/oid.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                let defines_oid_const = ["const OID_", "static OID_"]
                    .iter()
                    .any(|p| code.contains(p));
                if defines_oid_const || code.contains("ObjectIdentifier::new_unwrap(") {
                    offenders.push(format!("{}:{}: {}", file.display(), i + 1, code));
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "OIDs belong in src/oid.rs:\n{}",
            offenders.join("\n")
        );
    }
}
