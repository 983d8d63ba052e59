//! The built-in test PKI in the Kazakh NCA profile (feature `test-pki`).
//!
//! SKELETON — the signatures below are the contract; bodies are filled in by the test PKI
//! work.

use crate::{Error, Time};

/// Key algorithm family of a generated test PKI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFamily {
    /// RSA-2048 keys, sha256WithRSAEncryption.
    Rsa,
    /// ECDSA P-256 keys, ecdsa-with-SHA256.
    P256,
}

/// A certificate with its private key and the identity it carries.
#[derive(Debug, Clone)]
pub struct Issued {
    /// Short machine name, used as the file stem ("citizen_sign", "ca", ...).
    pub name: &'static str,
    /// Certificate DER.
    pub cert_der: Vec<u8>,
    /// PKCS#8 private key DER.
    pub key_pkcs8_der: Vec<u8>,
    /// The IIN in the subject serialNumber, if any.
    pub iin: Option<String>,
    /// The BIN in the subject OU, if any.
    pub bin: Option<String>,
}

/// The CRLs of a test PKI, DER each.
#[derive(Debug, Clone)]
pub struct TestCrls {
    /// Root's full CRL (covers the intermediate CA). Fresh.
    pub root_full: Vec<u8>,
    /// The CA's full CRL. Fresh.
    pub ca_full: Vec<u8>,
    /// The CA's delta CRL on top of `ca_full`. Fresh.
    pub ca_delta: Vec<u8>,
    /// The CA's full CRL, past its nextUpdate.
    pub ca_stale: Vec<u8>,
    /// A CRL naming the CA as issuer but signed by another key.
    pub ca_wrong_signature: Vec<u8>,
}

/// A generated test PKI.
#[derive(Debug, Clone)]
pub struct TestPki {
    /// The family.
    pub family: KeyFamily,
    /// The instant the PKI was generated for; all times are relative to it.
    pub generated_at: Time,
    /// The root CA (trust anchor).
    pub root: Issued,
    /// The intermediate "NCA"-like CA.
    pub ca: Issued,
    /// The citizen's signing certificate.
    pub citizen_sign: Issued,
    /// The CRLs.
    pub crls: TestCrls,
}

impl TestPki {
    /// Generate a test PKI of `family` with times relative to `now`.
    pub fn generate(family: KeyFamily, now: Time) -> Result<TestPki, Error> {
        let _ = (family, now);
        Err(Error::Config {
            detail: "skeleton".into(),
        })
    }
}
