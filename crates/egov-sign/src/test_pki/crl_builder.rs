//! A small X.509 v2 CRL builder (RFC 5280 §5) on top of `der` 0.8.
//!
//! rcgen's CRL support cannot express delta CRLs (deltaCRLIndicator), `removeFromCRL`
//! entries or unknown critical extensions, all of which the test PKI needs, so the CRLs are
//! encoded here and the TBS bytes are signed with the issuer's [`rcgen::KeyPair`] (through
//! rcgen's [`rcgen::SigningKey`] trait: PKCS#1 v1.5 SHA-256 for RSA, ASN.1 DER ECDSA
//! signatures for P-256).

use der::asn1::Uint;
use der::asn1::{Any, BitString, GeneralizedTime, Null, ObjectIdentifier, OctetString, UtcTime};
use der::{Choice, Decode, Encode, Enumerated, Sequence};
use rcgen::SigningKey;

use crate::oid;
use crate::{Error, Time};

/// ```text
/// AlgorithmIdentifier  ::=  SEQUENCE  {
///      algorithm               OBJECT IDENTIFIER,
///      parameters              ANY DEFINED BY algorithm OPTIONAL  }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct AlgorithmIdentifier {
    /// algorithm
    pub(crate) algorithm: ObjectIdentifier,
    /// parameters (NULL for RSA, absent for ECDSA)
    pub(crate) parameters: Option<Null>,
}

/// ```text
/// Extension  ::=  SEQUENCE  {
///      extnID      OBJECT IDENTIFIER,
///      critical    BOOLEAN DEFAULT FALSE,
///      extnValue   OCTET STRING }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct Extension {
    /// extnID
    pub(crate) extn_id: ObjectIdentifier,
    /// critical (omitted from the encoding when FALSE, as DER requires)
    #[asn1(default = "Default::default")]
    pub(crate) critical: bool,
    /// extnValue
    pub(crate) extn_value: OctetString,
}

/// ```text
/// Time ::= CHOICE {
///      utcTime        UTCTime,
///      generalTime    GeneralizedTime }
/// ```
///
/// UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §5.1.2.4).
#[derive(Clone, Debug, Eq, PartialEq, Choice)]
pub(crate) enum CrlTime {
    /// utcTime
    #[asn1(type = "UTCTime")]
    Utc(UtcTime),
    /// generalTime
    #[asn1(type = "GeneralizedTime")]
    General(GeneralizedTime),
}

impl CrlTime {
    /// Encode `t` (whole seconds) as UTCTime before 2050, GeneralizedTime after.
    pub(crate) fn from_time(t: Time) -> Result<Self, Error> {
        let secs = u64::try_from(t.unix_timestamp()).map_err(|_| Error::Config {
            detail: format!("CRL time {t} is before 1970"),
        })?;
        let dur = core::time::Duration::from_secs(secs);
        if t.year() < 2050 {
            UtcTime::from_unix_duration(dur).map(CrlTime::Utc)
        } else {
            GeneralizedTime::from_unix_duration(dur).map(CrlTime::General)
        }
        .map_err(|e| Error::Config {
            detail: format!("CRL time {t}: {e}"),
        })
    }
}

/// ```text
/// CRLReason ::= ENUMERATED {
///      unspecified             (0),
///      keyCompromise           (1),
///      cACompromise            (2),
///      affiliationChanged      (3),
///      superseded              (4),
///      cessationOfOperation    (5),
///      certificateHold         (6),
///           -- value 7 is not used
///      removeFromCRL           (8),
///      privilegeWithdrawn      (9),
///      aACompromise           (10) }
/// ```
#[derive(Clone, Copy, Debug, Eq, PartialEq, Enumerated)]
#[repr(u32)]
pub(crate) enum CrlReason {
    /// unspecified (0)
    Unspecified = 0,
    /// keyCompromise (1)
    KeyCompromise = 1,
    /// cACompromise (2)
    CaCompromise = 2,
    /// affiliationChanged (3)
    AffiliationChanged = 3,
    /// superseded (4)
    Superseded = 4,
    /// cessationOfOperation (5)
    CessationOfOperation = 5,
    /// certificateHold (6)
    CertificateHold = 6,
    /// removeFromCRL (8), only meaningful in a delta CRL
    RemoveFromCrl = 8,
}

/// ```text
/// revokedCertificates     SEQUENCE OF SEQUENCE  {
///      userCertificate         CertificateSerialNumber,
///      revocationDate          Time,
///      crlEntryExtensions      Extensions OPTIONAL
///                               -- if present, version MUST be v2
///                           }  OPTIONAL,
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct RevokedCertificate {
    user_certificate: Uint,
    revocation_date: CrlTime,
    crl_entry_extensions: Option<Vec<Extension>>,
}

/// ```text
/// TBSCertList  ::=  SEQUENCE  {
///      version                 Version OPTIONAL,
///                                   -- if present, MUST be v2
///      signature               AlgorithmIdentifier,
///      issuer                  Name,
///      thisUpdate              Time,
///      nextUpdate              Time OPTIONAL,
///      revokedCertificates     SEQUENCE OF SEQUENCE  { ... }  OPTIONAL,
///      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL
///                                   -- if present, version MUST be v2
///                           }
/// Version ::= INTEGER { v1(0), v2(1), v3(2) }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TbsCertList {
    version: u8,
    signature: AlgorithmIdentifier,
    /// The issuer's Name, copied verbatim from the issuer certificate's subject.
    issuer: Any,
    this_update: CrlTime,
    next_update: Option<CrlTime>,
    revoked_certificates: Option<Vec<RevokedCertificate>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl_extensions: Option<Vec<Extension>>,
}

/// ```text
/// CertificateList  ::=  SEQUENCE  {
///      tbsCertList          TBSCertList,
///      signatureAlgorithm   AlgorithmIdentifier,
///      signatureValue       BIT STRING  }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct CertificateList {
    /// The signed TBSCertList bytes, embedded verbatim.
    tbs_cert_list: Any,
    signature_algorithm: AlgorithmIdentifier,
    signature_value: BitString,
}

/// ```text
/// AuthorityKeyIdentifier ::= SEQUENCE {
///      keyIdentifier             [0] KeyIdentifier           OPTIONAL,
///      authorityCertIssuer       [1] GeneralNames            OPTIONAL,
///      authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL  }
/// KeyIdentifier ::= OCTET STRING
/// ```
/// (the module uses IMPLICIT tags)
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct AuthorityKeyIdentifier {
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    key_identifier: Option<OctetString>,
}

/// One entry of a CRL to build.
#[derive(Clone, Debug)]
pub(crate) struct CrlEntry {
    /// The revoked certificate's serial number (big-endian, positive).
    pub(crate) serial: Vec<u8>,
    /// revocationDate.
    pub(crate) revoked_at: Time,
    /// The reasonCode entry extension, if any.
    pub(crate) reason: Option<CrlReason>,
    /// Add an unknown critical entry extension (OID 1.2.3.5).
    pub(crate) unknown_critical: bool,
}

/// Everything a CRL to build says.
#[derive(Clone, Debug)]
pub(crate) struct CrlSpec<'a> {
    /// The issuer certificate (DER): its subject becomes the CRL issuer, its subject key
    /// identifier the CRL's authority key identifier.
    pub(crate) issuer_cert_der: &'a [u8],
    /// thisUpdate.
    pub(crate) this_update: Time,
    /// nextUpdate.
    pub(crate) next_update: Time,
    /// cRLNumber.
    pub(crate) crl_number: u64,
    /// For a delta CRL: the BaseCRLNumber of the deltaCRLIndicator (critical).
    pub(crate) delta_base: Option<u64>,
    /// The revoked certificates.
    pub(crate) entries: Vec<CrlEntry>,
    /// Add an unknown critical CRL extension (OID 1.2.3.4).
    pub(crate) unknown_critical: bool,
    /// Everything else (scope, deliberate defects), default: nothing.
    pub(crate) extras: CrlExtras,
}

/// What a [`CrlSpec`] may add or break, for revocation tests.
#[derive(Clone, Debug, Default)]
pub(crate) struct CrlExtras {
    /// Leave cRLNumber out.
    pub(crate) omit_number: bool,
    /// Mark cRLNumber critical.
    pub(crate) number_critical: bool,
    /// The issuingDistributionPoint extnValue (DER), marked critical.
    pub(crate) idp: Option<Vec<u8>>,
    /// The authorityKeyIdentifier extnValue (DER) instead of the issuer's SKI.
    pub(crate) aki: Option<Vec<u8>>,
    /// More extensions: (OID, critical, extnValue DER), after the others.
    pub(crate) extensions: Vec<(ObjectIdentifier, bool, Vec<u8>)>,
}

fn cfg_err(what: &str, e: impl core::fmt::Display) -> Error {
    Error::Config {
        detail: format!("test PKI: {what}: {e}"),
    }
}

/// The AlgorithmIdentifier of the signatures `key` makes.
pub(crate) fn signature_algorithm(key: &rcgen::KeyPair) -> Result<AlgorithmIdentifier, Error> {
    if key.algorithm() == &rcgen::PKCS_RSA_SHA256 {
        Ok(AlgorithmIdentifier {
            algorithm: oid::SHA256_WITH_RSA_ENCRYPTION,
            parameters: Some(Null),
        })
    } else if key.algorithm() == &rcgen::PKCS_ECDSA_P256_SHA256 {
        Ok(AlgorithmIdentifier {
            algorithm: oid::ECDSA_WITH_SHA256,
            parameters: None,
        })
    } else {
        Err(Error::UnsupportedAlgorithm {
            algorithm: format!("{:?}", key.algorithm()),
        })
    }
}

fn extension(
    oid: ObjectIdentifier,
    critical: bool,
    value_der: Vec<u8>,
) -> Result<Extension, Error> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value_der).map_err(|e| cfg_err("extension value", e))?,
    })
}

fn uint(n: u64) -> Result<Uint, Error> {
    Uint::new(&n.to_be_bytes()).map_err(|e| cfg_err("INTEGER", e))
}

/// The issuer's subject Name (raw DER) and subject key identifier.
fn issuer_name_and_ski(cert_der: &[u8]) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let cert = crate::certificate::Certificate::from_der(cert_der)
        .map_err(|e| cfg_err("parse issuer certificate", e))?;
    let name = cert.subject_raw().to_vec();
    let ski = cert
        .ski()
        .map(<[u8]>::to_vec)
        .ok_or_else(|| cfg_err("issuer certificate", "no subject key identifier"))?;
    Ok((name, ski))
}

/// Build and sign a v2 CRL described by `spec` with `signer`.
pub(crate) fn build_crl(spec: &CrlSpec<'_>, signer: &rcgen::KeyPair) -> Result<Vec<u8>, Error> {
    let alg = signature_algorithm(signer)?;
    let (issuer_name, ski) = issuer_name_and_ski(spec.issuer_cert_der)?;

    let mut revoked = Vec::with_capacity(spec.entries.len());
    for entry in &spec.entries {
        let mut exts = Vec::new();
        if let Some(reason) = entry.reason {
            exts.push(extension(
                oid::ID_CE_CRL_REASONS,
                false,
                reason.to_der().map_err(|e| cfg_err("reasonCode", e))?,
            )?);
        }
        if entry.unknown_critical {
            exts.push(extension(
                oid::TEST_UNKNOWN_ENTRY_EXTENSION,
                true,
                Null.to_der().map_err(|e| cfg_err("NULL", e))?,
            )?);
        }
        revoked.push(RevokedCertificate {
            user_certificate: Uint::new(&entry.serial).map_err(|e| cfg_err("serial", e))?,
            revocation_date: CrlTime::from_time(entry.revoked_at)?,
            crl_entry_extensions: (!exts.is_empty()).then_some(exts),
        });
    }

    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(ski).map_err(|e| cfg_err("AKI", e))?),
    };
    let x = &spec.extras;
    let aki_der = match &x.aki {
        Some(raw) => raw.clone(),
        None => aki.to_der().map_err(|e| cfg_err("AKI", e))?,
    };
    let mut crl_exts = vec![extension(
        oid::ID_CE_AUTHORITY_KEY_IDENTIFIER,
        false,
        aki_der,
    )?];
    if !x.omit_number {
        crl_exts.push(extension(
            oid::ID_CE_CRL_NUMBER,
            x.number_critical,
            uint(spec.crl_number)?
                .to_der()
                .map_err(|e| cfg_err("cRLNumber", e))?,
        )?);
    }
    if let Some(idp) = &x.idp {
        crl_exts.push(extension(
            oid::ID_CE_ISSUING_DISTRIBUTION_POINT,
            true,
            idp.clone(),
        )?);
    }
    if let Some(base) = spec.delta_base {
        crl_exts.push(extension(
            oid::ID_CE_DELTA_CRL_INDICATOR,
            true,
            uint(base)?
                .to_der()
                .map_err(|e| cfg_err("BaseCRLNumber", e))?,
        )?);
    }
    if spec.unknown_critical {
        crl_exts.push(extension(
            oid::TEST_UNKNOWN_CRL_EXTENSION,
            true,
            Null.to_der().map_err(|e| cfg_err("NULL", e))?,
        )?);
    }

    for (oid, critical, value) in &x.extensions {
        crl_exts.push(extension(*oid, *critical, value.clone())?);
    }

    let tbs = TbsCertList {
        version: 1,
        signature: alg.clone(),
        issuer: Any::from_der(&issuer_name).map_err(|e| cfg_err("issuer Name", e))?,
        this_update: CrlTime::from_time(spec.this_update)?,
        next_update: Some(CrlTime::from_time(spec.next_update)?),
        revoked_certificates: (!revoked.is_empty()).then_some(revoked),
        crl_extensions: Some(crl_exts),
    };
    let tbs_der = tbs.to_der().map_err(|e| cfg_err("TBSCertList", e))?;
    let signature = signer.sign(&tbs_der).map_err(|e| Error::Crypto {
        detail: format!("signing a test CRL: {e}"),
    })?;
    let crl = CertificateList {
        tbs_cert_list: Any::from_der(&tbs_der).map_err(|e| cfg_err("TBSCertList", e))?,
        signature_algorithm: alg,
        signature_value: BitString::from_bytes(&signature)
            .map_err(|e| cfg_err("signatureValue", e))?,
    };
    crl.to_der().map_err(|e| cfg_err("CertificateList", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn utc_time_before_2050_generalized_after() {
        let t = CrlTime::from_time(datetime!(2049-12-31 23:59:59 UTC)).unwrap();
        assert_eq!(t.to_der().unwrap()[0], 0x17, "UTCTime");
        let t = CrlTime::from_time(datetime!(2050-01-01 0:00 UTC)).unwrap();
        assert_eq!(t.to_der().unwrap()[0], 0x18, "GeneralizedTime");
        assert!(CrlTime::from_time(datetime!(1969-12-31 23:59:59 UTC)).is_err());
    }

    #[test]
    fn reason_codes_are_enumerated() {
        assert_eq!(
            CrlReason::RemoveFromCrl.to_der().unwrap(),
            [0x0a, 0x01, 0x08]
        );
        assert_eq!(
            CrlReason::KeyCompromise.to_der().unwrap(),
            [0x0a, 0x01, 0x01]
        );
    }

    #[test]
    fn extension_omits_default_false_critical() {
        let e = extension(oid::ID_CE_CRL_NUMBER, false, vec![0x02, 0x01, 0x01]).unwrap();
        let der = e.to_der().unwrap();
        assert!(!der.windows(3).any(|w| w == [0x01, 0x01, 0x00]));
        let e = extension(oid::ID_CE_CRL_NUMBER, true, vec![0x02, 0x01, 0x01]).unwrap();
        assert!(e
            .to_der()
            .unwrap()
            .windows(3)
            .any(|w| w == [0x01, 0x01, 0xff]));
    }
}
