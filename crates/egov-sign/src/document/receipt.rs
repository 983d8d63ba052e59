//! The receipt refusing to accept documents for an incomplete package (расписка об отказе в
//! приеме документов): its own document kind, not a provider result.
//!
//! The State Corporation's (ЦОН) employee checks the package against the standard's list
//! before any request is entered, and on a missing document issues this receipt instead:
//!
//! * queue, 002:120 «процесс 2 – выдача работником Государственной корпорации расписки об
//!   отказе в приеме документов по форме согласно приложению 3 к Стандарту в связи с
//!   предоставлением услугополучателем неполного пакета документов»;
//! * справка, 002:273 (the same words, appendix 3 of its standard);
//! * privatization, 002:401 «4) выдача работником Государственной корпорации расписки об
//!   отказе в приеме документов по форме согласно приложению 1 к Стандарту».
//!
//! So a receipt is signed by a ЦОН operator (a legal-entity certificate of a configured
//! operator organisation, [`crate::policy::Policy::operator_bins`]), names the operator, the
//! applicant and the missing documents (at least one), and is bound to no request: none
//! exists yet. Verified by [`crate::verifier::Verifier::verify_receipt`].
//!
//! ```json
//! {"schema_version":"1","service":"housing_queue",
//!  "applicant":{"iin":"871008401427","name":"Ахметова Айгүл Серікқызы"},
//!  "operator":{"iin":"931002451325","bin":"940140000385"},
//!  "missing_documents":["справка о составе семьи"],
//!  "issued_at":"2025-03-03T09:15:00Z"}
//! ```

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    check_bin, check_iin, check_instant, check_list_len, check_person, check_text, parse_strict,
    rfc3339_utc, Operator, Person, SchemaVersion, Service, MAX_LONG_TEXT_LEN,
};
use crate::iin::ChecksumPolicy;
use crate::Error;

/// The receipt refusing documents for an incomplete package (see the [module
/// documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always `"1"`.
    pub schema_version: SchemaVersion,
    /// The service applied for.
    pub service: Service,
    /// The applicant (услугополучатель) whose package was refused.
    pub applicant: Person,
    /// The State Corporation employee who issues and signs the receipt, and the
    /// organisation's BIN (a configured ЦОН operator BIN).
    pub operator: Operator,
    /// The documents of the standard's list that are missing (1 ..=
    /// [`super::MAX_LIST_ITEMS`]): an incomplete package is the receipt's only ground.
    pub missing_documents: Vec<String>,
    /// When the receipt was issued (UTC).
    #[serde(with = "rfc3339_utc")]
    pub issued_at: OffsetDateTime,
}

impl Receipt {
    /// A validated receipt.
    pub fn new(
        service: Service,
        applicant: Person,
        operator: Operator,
        missing_documents: Vec<String>,
        issued_at: OffsetDateTime,
        policy: ChecksumPolicy,
    ) -> Result<Receipt, Error> {
        let r = Receipt {
            schema_version: SchemaVersion,
            service,
            applicant,
            operator,
            missing_documents,
            issued_at,
        };
        r.validate(policy)?;
        Ok(r)
    }

    /// The appendix of the service's standard that gives the receipt's form: 3 for the
    /// queue (002:120) and the справка (002:273), 1 for privatization (002:401).
    pub fn form_appendix(&self) -> u8 {
        match self.service {
            Service::HousingQueue | Service::HousingCertificate => 3,
            Service::Privatization => 1,
        }
    }

    /// Parse strict JSON (the same reader as requests and results) and validate.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<Receipt, Error> {
        let r: Receipt = parse_strict(bytes, policy)?;
        r.validate(policy)?;
        Ok(r)
    }

    /// Deterministic compact JSON (fields in declaration order).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Check every rule of the schema; IINs and BINs under `policy`.
    pub fn validate(&self, policy: ChecksumPolicy) -> Result<(), Error> {
        check_person(&self.applicant, "applicant", policy)?;
        check_iin(&self.operator.iin, policy)?;
        check_bin(&self.operator.bin, policy)?;
        // 002:120 «в связи с предоставлением ... неполного пакета документов»: a receipt
        // names what is missing.
        check_list_len(self.missing_documents.len(), "missing_documents")?;
        for (i, d) in self.missing_documents.iter().enumerate() {
            check_text(d, &format!("missing_documents[{i}]"), MAX_LONG_TEXT_LEN)?;
        }
        check_instant(&self.issued_at, "issued_at")
    }
}
