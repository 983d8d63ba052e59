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

/// A person named in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// IIN.
    pub iin: Iin,
    /// Full name.
    pub name: String,
}

/// Reference from a result to its request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRef {
    /// Registration number.
    pub registration_number: String,
    /// SHA-256 of the signed request envelope DER.
    pub envelope_sha256: [u8; 32],
}

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// BIN.
    pub bin: Bin,
    /// Name.
    pub name: String,
}

/// The signing official of a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    /// IIN.
    pub iin: Iin,
    /// Name.
    pub name: String,
    /// Position.
    pub position: String,
}

/// A request document (skeleton: only what verification reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The service.
    pub service: Service,
    /// The channel.
    pub channel: Channel,
    /// The applicant.
    pub applicant: Person,
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
    /// The request this result answers.
    pub request: RequestRef,
    /// The issuing organisation.
    pub issuer: Organisation,
    /// The signing official.
    pub official: Official,
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
