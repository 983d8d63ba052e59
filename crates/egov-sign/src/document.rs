//! Request and result documents of the three housing services.
//!
//! SKELETON — the signatures below are the contract; bodies are filled in by the documents
//! work.

use crate::iin::{Bin, ChecksumPolicy, Iin};
use crate::Error;

/// The three housing services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Registration in the queue for housing from the state fund.
    HousingQueue,
    /// Certificate (справка) of having / not having state housing.
    HousingCertificate,
    /// Privatization of housing from the state fund.
    Privatization,
}

/// The three channels a request arrives through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The e-gov portal: the citizen signs.
    Portal,
    /// A Government-for-Citizens centre (ЦОН): an operator signs for the applicant.
    Con,
    /// The provider's own office: an employee signs.
    Provider,
}

/// The ЦОН operator named in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// The operator's IIN.
    pub iin: Iin,
    /// The operator organisation's BIN.
    pub bin: Bin,
}

/// A request document (skeleton: only what verification reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The service.
    pub service: Service,
    /// The channel.
    pub channel: Channel,
    /// The applicant's IIN.
    pub applicant_iin: Iin,
    /// The operator, for ЦОН and provider-office requests.
    pub operator: Option<Operator>,
}

impl Request {
    /// Parse strict JSON.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<Request, Error> {
        let _ = (bytes, policy);
        Err(Error::Json {
            detail: "skeleton".into(),
        })
    }
    /// Deterministic JSON.
    pub fn to_json(&self) -> Vec<u8> {
        Vec::new()
    }
    /// The JSON value (for reports).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}

/// A result document (skeleton: only what verification reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultDocument {
    /// SHA-256 of the signed request envelope (DER) this result answers.
    pub request_envelope_sha256: [u8; 32],
    /// The issuing organisation's BIN.
    pub issuer_bin: Bin,
    /// The signing official's IIN.
    pub official_iin: Iin,
}

impl ResultDocument {
    /// Parse strict JSON.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<ResultDocument, Error> {
        let _ = (bytes, policy);
        Err(Error::Json {
            detail: "skeleton".into(),
        })
    }
    /// Deterministic JSON.
    pub fn to_json(&self) -> Vec<u8> {
        Vec::new()
    }
    /// The JSON value (for reports).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}
