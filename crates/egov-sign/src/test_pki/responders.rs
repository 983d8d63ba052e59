//! A test TSA (RFC 3161) and a test OCSP responder (RFC 6960) for a [`TestPki`], so every
//! time-stamp and OCSP test runs offline.
//!
//! Their certificates are issued by the test PKI's intermediate CA (`ca`) with the
//! family's algorithm (RSA, P-256, GOST 2015, GOST 2004): rcgen cannot sign with GOST and
//! cannot mark extKeyUsage critical, so the certificates are assembled here (TBS DER signed
//! with the CA's key). [`TsaProfile`] / [`ResponderProfile`] make the non-conforming variants
//! the rules must refuse. The requests are read by the crate's own readers
//! ([`crate::tsp::TimeStampReq`], [`crate::ocsp::OcspRequest`]).

use super::{KeyFamily, TestPki, RSA_KEYS};
use crate::algorithm::SigningKey;
use crate::certificate::Certificate;
use crate::encoding::{tlv, tlv_parts, to_pem};
use crate::ocsp::{CertId, OcspRequest};
use crate::tsp::TimeStampReq;
use crate::{Error, Time};
use der::asn1::ObjectIdentifier;

const SEQ: u8 = 0x30;
const SET: u8 = 0x31;

/// A fresh key of `family` (RSA: a key of the pool, `rsa_slot`), with its PKCS#8 DER when
/// it has one OpenSSL reads (RSA, P-256).
fn new_key(family: KeyFamily, rsa_slot: usize) -> Result<(SigningKey, Option<Vec<u8>>), Error> {
    match family {
        KeyFamily::Rsa => {
            let pem = RSA_KEYS.get(rsa_slot).ok_or_else(|| Error::Config {
                detail: format!("no RSA key slot {rsa_slot}"),
            })?;
            let der = crate::encoding::decode_der_blobs(pem.as_bytes(), "PRIVATE KEY", 16 * 1024)?
                .pop()
                .ok_or_else(|| Error::Config {
                    detail: "RSA test key".into(),
                })?;
            Ok((SigningKey::from_pkcs8(&der)?, Some(der)))
        }
        KeyFamily::P256 => {
            let kp = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(|e| {
                Error::Crypto {
                    detail: format!("P-256 key generation: {e}"),
                }
            })?;
            let der = kp.serialize_der();
            Ok((SigningKey::from_pkcs8(&der)?, Some(der)))
        }
        KeyFamily::Gost2015 | KeyFamily::Gost2004 => {
            let curve = family.gost_curve().ok_or_else(|| Error::Config {
                detail: "GOST family without a curve".into(),
            })?;
            Ok((
                SigningKey::from_gost(crate::gost::GostPrivateKey::generate(curve)?),
                None,
            ))
        }
    }
}

fn utc_time(t: Time) -> Result<Vec<u8>, Error> {
    let f = time::macros::format_description!(
        "[year repr:last_two][month][day][hour][minute][second]Z"
    );
    let s = t.format(&f).map_err(|e| Error::Config {
        detail: e.to_string(),
    })?;
    Ok(tlv(0x17, s.as_bytes()))
}

fn generalized_time(t: Time) -> Result<Vec<u8>, Error> {
    let f = time::macros::format_description!("[year][month][day][hour][minute][second]Z");
    let s = t.format(&f).map_err(|e| Error::Config {
        detail: e.to_string(),
    })?;
    Ok(tlv(0x18, s.as_bytes()))
}

/// An OID given dotted (the test PKI's names) or from the registry.
trait OidLike {
    fn der(&self) -> Result<Vec<u8>, Error>;
}
impl OidLike for &str {
    fn der(&self) -> Result<Vec<u8>, Error> {
        let oid = ObjectIdentifier::new(self)
            .map_err(|e| Error::malformed("test PKI OID", format!("{self}: {e}")))?;
        Ok(crate::encoding::oid_der(&oid))
    }
}
impl OidLike for ObjectIdentifier {
    fn der(&self) -> Result<Vec<u8>, Error> {
        Ok(crate::encoding::oid_der(self))
    }
}
impl OidLike for &ObjectIdentifier {
    fn der(&self) -> Result<Vec<u8>, Error> {
        Ok(crate::encoding::oid_der(self))
    }
}
impl OidLike for &&str {
    fn der(&self) -> Result<Vec<u8>, Error> {
        (**self).der()
    }
}

fn oid_der(oid: impl OidLike) -> Result<Vec<u8>, Error> {
    oid.der()
}

/// `C=KZ, O=<org>, CN=<cn>`.
fn name(cn: &str) -> Result<Vec<u8>, Error> {
    let rdn = |oid: &str, tag: u8, v: &str| -> Result<Vec<u8>, Error> {
        Ok(tlv(
            SET,
            &tlv_parts(SEQ, &[&oid_der(oid)?, &tlv(tag, v.as_bytes())]),
        ))
    };
    Ok(tlv_parts(
        SEQ,
        &[
            &rdn("2.5.4.6", 0x13, "KZ")?,
            &rdn("2.5.4.10", 0x0c, "egov-sign test PKI")?,
            &rdn("2.5.4.3", 0x0c, cn)?,
        ],
    ))
}

fn extension(oid: impl OidLike, critical: bool, value: &[u8]) -> Result<Vec<u8>, Error> {
    let crit: &[u8] = if critical { &[0x01, 0x01, 0xff] } else { &[] };
    Ok(tlv_parts(SEQ, &[&oid_der(oid)?, crit, &tlv(0x04, value)]))
}

fn eku(purposes: &[ObjectIdentifier]) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    for p in purposes {
        body.extend(oid_der(p)?);
    }
    Ok(tlv(SEQ, &body))
}

/// A certificate for `key`, subject `cn`, issued by the test PKI's CA, valid `not_before` …
/// `not_after`, with keyUsage digitalSignature (critical), AKI/SKI and `extra` extensions.
fn issue(
    p: &TestPki,
    serial: u8,
    cn: &str,
    key: &SigningKey,
    not_before: Time,
    not_after: Time,
    extra: &[Vec<u8>],
) -> Result<Vec<u8>, Error> {
    let ca = Certificate::from_der(&p.ca.cert_der)?;
    let ca_key = SigningKey::from_pkcs8(&p.ca.key_pkcs8_der)?;
    let alg = ca_key.algorithm().algorithm_identifier_der()?;
    let spki = key.public_key_spki_der()?;
    let ski = &crate::asn1::sha256(&spki)[..20];
    let mut exts = vec![
        extension("2.5.29.15", true, &[0x03, 0x02, 0x07, 0x80])?,
        extension("2.5.29.14", false, &tlv(0x04, ski))?,
    ];
    if let Some(aki) = ca.ski() {
        exts.push(extension("2.5.29.35", false, &tlv(SEQ, &tlv(0x80, aki)))?);
    }
    exts.extend(extra.iter().cloned());
    let tbs = tlv_parts(
        SEQ,
        &[
            &tlv(0xa0, &tlv(0x02, &[2])),
            &tlv(0x02, &[0x7a, 0x51, serial]),
            &alg,
            ca.subject_raw(),
            &tlv_parts(SEQ, &[&utc_time(not_before)?, &utc_time(not_after)?]),
            &name(cn)?,
            &spki,
            &tlv(0xa3, &tlv(SEQ, &exts.concat())),
        ],
    );
    let sig = ca_key.sign(&tbs)?;
    let mut bits = vec![0u8];
    bits.extend(sig);
    Ok(tlv_parts(SEQ, &[&tbs, &alg, &tlv(0x03, &bits)]))
}

/// How the test TSA's certificate is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsaProfile {
    /// extKeyUsage critical, id-kp-timeStamping only (RFC 3161 §2.3).
    Conforming,
    /// extKeyUsage with id-kp-timeStamping, not critical.
    EkuNotCritical,
    /// extKeyUsage critical with id-kp-timeStamping and another purpose.
    EkuNotAlone,
}

/// A test TSA: its certificate (issued by the test PKI's CA) and key.
#[derive(Debug)]
pub struct TestTsa {
    /// The TSA certificate, DER.
    pub cert_der: Vec<u8>,
    /// The issuing CA's certificate, DER (the TSA anchors are the test PKI's root).
    pub ca_der: Vec<u8>,
    /// The key's PKCS#8 DER (RSA and P-256 only: for OpenSSL interop).
    pub key_pkcs8_der: Option<Vec<u8>>,
    key: SigningKey,
    /// The policy of the tokens (an NCA policy by default: `tsa_gost2015_policy`).
    pub policy: ObjectIdentifier,
}

/// What the test TSA writes into a token.
#[derive(Debug, Clone, Copy)]
pub struct TokenOptions {
    /// genTime.
    pub gen_time: Time,
    /// serialNumber.
    pub serial: u64,
    /// accuracy in seconds (`None`: no accuracy field).
    pub accuracy_seconds: Option<u8>,
    /// Embed the TSA certificate (the request's certReq).
    pub embed_certificate: bool,
}

impl TestTsa {
    /// A TSA for `p`, its certificate valid from `p`'s now−1y to now+1y.
    pub fn new(p: &TestPki, profile: TsaProfile) -> Result<TestTsa, Error> {
        let (key, key_pkcs8_der) = new_key(p.family, 5)?;
        let purposes: &[ObjectIdentifier] = match profile {
            TsaProfile::EkuNotAlone => &[
                crate::oid::ID_KP_TIME_STAMPING,
                crate::oid::ID_KP_EMAIL_PROTECTION,
            ],
            _ => &[crate::oid::ID_KP_TIME_STAMPING],
        };
        let critical = profile != TsaProfile::EkuNotCritical;
        let year = time::Duration::days(365);
        let cert_der = issue(
            p,
            1,
            "TEST TIME-STAMPING AUTHORITY",
            &key,
            p.generated_at - year,
            p.generated_at + year,
            &[extension("2.5.29.37", critical, &eku(purposes)?)?],
        )?;
        Ok(TestTsa {
            cert_der,
            ca_der: p.ca.cert_der.clone(),
            key_pkcs8_der,
            key,
            policy: crate::oid::NCA_TSA_POLICY_GOST2015,
        })
    }

    /// The TSA certificate as PEM.
    pub fn cert_pem(&self) -> String {
        to_pem(&self.cert_der, "CERTIFICATE")
    }

    /// Answer a DER `TimeStampReq` with a DER `TimeStampResp` (status granted).
    pub fn respond(&self, request: &[u8], options: &TokenOptions) -> Result<Vec<u8>, Error> {
        let req = TimeStampReq::from_der(request)?;
        let token = self.token_for(
            &req,
            &TokenOptions {
                embed_certificate: req.cert_req,
                ..*options
            },
        )?;
        Ok(tlv_parts(SEQ, &[&tlv(SEQ, &tlv(0x02, &[0])), &token]))
    }

    /// A TimeStampToken (ContentInfo DER) for `req`.
    pub fn token_for(&self, req: &TimeStampReq, options: &TokenOptions) -> Result<Vec<u8>, Error> {
        let mut serial = options.serial.to_be_bytes().to_vec();
        while serial.len() > 1 && serial[0] == 0 && serial[1] & 0x80 == 0 {
            serial.remove(0);
        }
        if serial[0] & 0x80 != 0 {
            serial.insert(0, 0);
        }
        let mut fields = vec![
            tlv(0x02, &[1]),
            oid_der(req.policy.unwrap_or(self.policy))?,
            tlv_parts(
                SEQ,
                &[
                    &req.hash_algorithm.to_der()?,
                    &tlv(0x04, &req.hashed_message),
                ],
            ),
            tlv(0x02, &serial),
            generalized_time(options.gen_time)?,
        ];
        if let Some(s) = options.accuracy_seconds {
            fields.push(tlv(SEQ, &tlv(0x02, &[s])));
        }
        if let Some(n) = &req.nonce {
            fields.push(tlv(0x02, n));
        }
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let tst_info = tlv_parts(SEQ, &refs);
        self.sign_tst_info(&tst_info, options.embed_certificate)
    }

    /// The CMS SignedData (eContentType id-ct-TSTInfo) over `tst_info`, with the signed
    /// attributes contentType, messageDigest and signingCertificateV2 (RFC 5816).
    pub fn sign_tst_info(
        &self,
        tst_info: &[u8],
        embed_certificate: bool,
    ) -> Result<Vec<u8>, Error> {
        let alg = self.key.algorithm();
        let digest = alg.digest();
        let cert = Certificate::from_der(&self.cert_der)?;
        let attribute = |oid: ObjectIdentifier, value: &[u8]| -> Result<Vec<u8>, Error> {
            Ok(tlv_parts(SEQ, &[&oid_der(oid)?, &tlv(SET, value)]))
        };
        // ESSCertIDv2 with the DEFAULT hashAlgorithm (SHA-256) omitted.
        let ess = tlv(
            SEQ,
            &tlv(
                SEQ,
                &tlv(SEQ, &tlv(0x04, &crate::asn1::sha256(&self.cert_der))),
            ),
        );
        let mut attrs = [
            attribute(
                crate::oid::ID_CONTENT_TYPE,
                &oid_der(crate::oid::ID_CT_TST_INFO)?,
            )?,
            attribute(
                crate::oid::ID_MESSAGE_DIGEST,
                &tlv(0x04, &digest.digest(tst_info)),
            )?,
            attribute(crate::oid::ID_AA_SIGNING_CERTIFICATE_V2, &ess)?,
        ];
        attrs.sort();
        let body = attrs.concat();
        let signature = self.key.sign(&tlv(SET, &body))?;
        let digest_id = digest.algorithm_identifier().to_der()?;
        let sid = tlv_parts(SEQ, &[cert.issuer_raw(), &tlv(0x02, cert.serial())]);
        let signer_info = tlv_parts(
            SEQ,
            &[
                &tlv(0x02, &[1]),
                &sid,
                &digest_id,
                &tlv(0xa0, &body),
                &alg.algorithm_identifier_der()?,
                &tlv(0x04, &signature),
            ],
        );
        let eci = tlv_parts(
            SEQ,
            &[
                &oid_der(crate::oid::ID_CT_TST_INFO)?,
                &tlv(0xa0, &tlv(0x04, tst_info)),
            ],
        );
        let certs = if embed_certificate {
            tlv(0xa0, &self.cert_der)
        } else {
            Vec::new()
        };
        let sd = tlv_parts(
            SEQ,
            &[
                &tlv(0x02, &[3]),
                &tlv(SET, &digest_id),
                &eci,
                &certs,
                &tlv(SET, &signer_info),
            ],
        );
        Ok(tlv_parts(
            SEQ,
            &[&oid_der(crate::oid::ID_SIGNED_DATA)?, &tlv(0xa0, &sd)],
        ))
    }
}

/// Who signs the test responder's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponderProfile {
    /// A delegated responder: id-kp-OCSPSigning and id-pkix-ocsp-nocheck.
    Delegated,
    /// A delegated responder without id-pkix-ocsp-nocheck.
    DelegatedWithoutNocheck,
    /// A certificate issued by the CA without id-kp-OCSPSigning (not authorized).
    NotOcspSigning,
    /// The CA itself.
    Ca,
}

/// The answer about one CertID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// good.
    Good,
    /// revoked at the time, with the reason code.
    Revoked(Time, Option<u8>),
    /// unknown.
    Unknown,
    /// RFC 6960 §2.2 "non-issued": revoked, certificateHold, 1970-01-01, extended-revoke.
    NonIssued,
}

/// A test OCSP responder for the test PKI's CA.
#[derive(Debug)]
pub struct TestResponder {
    /// The signer's certificate, DER (the CA's own for [`ResponderProfile::Ca`]).
    pub cert_der: Vec<u8>,
    /// The signer's PKCS#8 DER (RSA and P-256 only: for OpenSSL interop).
    pub key_pkcs8_der: Option<Vec<u8>>,
    key: SigningKey,
    embed: bool,
}

/// What the test responder writes.
#[derive(Debug, Clone, Copy)]
pub struct ResponseOptions {
    /// producedAt and thisUpdate.
    pub this_update: Time,
    /// nextUpdate.
    pub next_update: Option<Time>,
}

impl TestResponder {
    /// A responder for `p`'s CA.
    pub fn new(p: &TestPki, profile: ResponderProfile) -> Result<TestResponder, Error> {
        if profile == ResponderProfile::Ca {
            return Ok(TestResponder {
                cert_der: p.ca.cert_der.clone(),
                key_pkcs8_der: Some(p.ca.key_pkcs8_der.clone()),
                key: SigningKey::from_pkcs8(&p.ca.key_pkcs8_der)?,
                embed: false,
            });
        }
        let (key, key_pkcs8_der) = new_key(p.family, 6)?;
        let mut extra = Vec::new();
        if profile != ResponderProfile::NotOcspSigning {
            extra.push(extension(
                "2.5.29.37",
                false,
                &eku(&[crate::oid::ID_KP_OCSP_SIGNING])?,
            )?);
        }
        if profile == ResponderProfile::Delegated {
            extra.push(extension(
                crate::oid::ID_PKIX_OCSP_NOCHECK,
                false,
                &[0x05, 0x00],
            )?);
        }
        let year = time::Duration::days(365);
        let cert_der = issue(
            p,
            2,
            "TEST OCSP",
            &key,
            p.generated_at - year,
            p.generated_at + year,
            &extra,
        )?;
        Ok(TestResponder {
            cert_der,
            key_pkcs8_der,
            key,
            embed: true,
        })
    }

    /// Answer a DER `OCSPRequest` with a DER `OCSPResponse`: `answer` decides each CertID's
    /// status; the request's nonce is echoed.
    pub fn respond(
        &self,
        request: &[u8],
        options: &ResponseOptions,
        answer: impl Fn(&CertId) -> Answer,
    ) -> Result<Vec<u8>, Error> {
        let req = OcspRequest::from_der(request)?;
        self.response(&req.cert_ids, req.nonce.as_deref(), options, answer)
    }

    /// An `OCSPResponse` about `ids`.
    pub fn response(
        &self,
        ids: &[CertId],
        nonce: Option<&[u8]>,
        options: &ResponseOptions,
        answer: impl Fn(&CertId) -> Answer,
    ) -> Result<Vec<u8>, Error> {
        let cert = Certificate::from_der(&self.cert_der)?;
        let this_update = generalized_time(options.this_update)?;
        let mut singles = Vec::new();
        let mut extended_revoke = false;
        for id in ids {
            let status = match answer(id) {
                Answer::Good => vec![0x80, 0x00],
                Answer::Unknown => vec![0x82, 0x00],
                Answer::Revoked(t, reason) => {
                    let mut body = generalized_time(t)?;
                    if let Some(r) = reason {
                        body.extend(tlv(0xa0, &tlv(0x0a, &[r])));
                    }
                    tlv(0xa1, &body)
                }
                Answer::NonIssued => {
                    extended_revoke = true;
                    let epoch = Time::UNIX_EPOCH;
                    let mut body = generalized_time(epoch)?;
                    body.extend(tlv(0xa0, &tlv(0x0a, &[6])));
                    tlv(0xa1, &body)
                }
            };
            let next = match options.next_update {
                Some(n) => tlv(0xa0, &generalized_time(n)?),
                None => Vec::new(),
            };
            singles.push(tlv_parts(
                SEQ,
                &[&id.to_der()?, &status, &this_update, &next],
            ));
        }
        let mut exts = Vec::new();
        if let Some(n) = nonce {
            exts.push(extension(
                crate::oid::ID_PKIX_OCSP_NONCE,
                false,
                &tlv(0x04, n),
            )?);
        }
        if extended_revoke {
            exts.push(extension(
                crate::oid::ID_PKIX_OCSP_EXTENDED_REVOKE,
                false,
                &[0x05, 0x00],
            )?);
        }
        let exts = if exts.is_empty() {
            Vec::new()
        } else {
            tlv(0xa1, &tlv(SEQ, &exts.concat()))
        };
        let tbs = tlv_parts(
            SEQ,
            &[
                &tlv(0xa1, cert.subject_raw()),
                &this_update,
                &tlv(SEQ, &singles.concat()),
                &exts,
            ],
        );
        let alg = self.key.algorithm();
        let mut bits = vec![0u8];
        bits.extend(self.key.sign(&tbs)?);
        let certs = if self.embed {
            tlv(0xa0, &tlv(SEQ, &self.cert_der))
        } else {
            Vec::new()
        };
        let basic = tlv_parts(
            SEQ,
            &[
                &tbs,
                &alg.algorithm_identifier_der()?,
                &tlv(0x03, &bits),
                &certs,
            ],
        );
        let bytes = tlv_parts(
            SEQ,
            &[
                &oid_der(crate::oid::ID_PKIX_OCSP_BASIC)?,
                &tlv(0x04, &basic),
            ],
        );
        Ok(tlv_parts(SEQ, &[&tlv(0x0a, &[0]), &tlv(0xa0, &bytes)]))
    }
}

/// A full CRL of `p`'s CA (P-256 and RSA families): `entries` are (serial, revocationDate,
/// reasonCode) with reasonCode one of 0 (unspecified), 1 (keyCompromise), 4 (superseded),
/// 5 (cessationOfOperation), 6 (certificateHold); CRL number `number`. For tests that need
/// a CA CRL about a certificate the fixed [`super::TestCrls`] do not list (e.g. the TSA).
pub fn ca_crl(
    p: &TestPki,
    this_update: Time,
    next_update: Time,
    number: u64,
    entries: &[(Vec<u8>, Time, u8)],
) -> Result<Vec<u8>, Error> {
    use super::crl_builder::{build_crl, CrlEntry, CrlReason, CrlSpec};
    let key = match p.family {
        KeyFamily::P256 => rcgen::KeyPair::try_from(p.ca.key_pkcs8_der.as_slice()),
        KeyFamily::Rsa => rcgen::KeyPair::from_pkcs8_pem_and_sign_algo(
            &to_pem(&p.ca.key_pkcs8_der, "PRIVATE KEY"),
            &rcgen::PKCS_RSA_SHA256,
        ),
        _ => {
            return Err(Error::UnsupportedAlgorithm {
                algorithm: "ca_crl: P-256 and RSA test PKIs only".into(),
            })
        }
    }
    .map_err(|e| Error::Crypto {
        detail: format!("CA key: {e}"),
    })?;
    let mut list = Vec::new();
    for (serial, at, reason) in entries {
        let reason = match reason {
            0 => CrlReason::Unspecified,
            1 => CrlReason::KeyCompromise,
            4 => CrlReason::Superseded,
            5 => CrlReason::CessationOfOperation,
            6 => CrlReason::CertificateHold,
            r => {
                return Err(Error::Config {
                    detail: format!("ca_crl: reason {r} not supported"),
                })
            }
        };
        list.push(CrlEntry {
            serial: serial.clone(),
            revoked_at: *at,
            reason: Some(reason),
            unknown_critical: false,
        });
    }
    build_crl(
        &CrlSpec {
            issuer_cert_der: &p.ca.cert_der,
            this_update,
            next_update,
            crl_number: number,
            delta_base: None,
            entries: list,
            unknown_critical: false,
            extras: Default::default(),
        },
        &key,
    )
}
