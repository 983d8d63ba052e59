//! The result document, its outcome and its builder.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::check::{
    check_amount, check_bin, check_code, check_iin, check_instant, check_list_len, check_person,
    check_reasons, check_text, fmt_ymd, invalid,
};
use super::json::{hex32, parse_strict, rfc3339_utc, ymd};
use super::*;
use crate::iin::{Bin, ChecksumPolicy, Iin};
use crate::Error;

/// The request a result answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestRef {
    /// The registration number the request got in the provider's system (000 §6 process 6).
    pub registration_number: String,
    /// SHA-256 of the signed request envelope (DER), lowercase hex in JSON.
    #[serde(with = "hex32")]
    pub envelope_sha256: [u8; 32],
}

/// The organisation issuing a result (услугодатель).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Its BIN.
    pub bin: Bin,
    /// Its name.
    pub name: String,
}

/// The provider's authorized person who signs the result (000 §6 process 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    /// The official's IIN.
    pub iin: Iin,
    /// Full name.
    pub name: String,
    /// Position.
    pub position: String,
}

/// The grounds of refusal the seeds name, with stable codes; their ru / kk / en texts are
/// [`crate::report::messages::ground_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalGround {
    /// `EDS_NOT_CONFIRMED`: the EDS is not confirmed (000:179, 002:156, kk 002:584); a
    /// refusal may also name the verification code itself (e.g. `CERT_REVOKED`).
    EdsNotConfirmed,
    /// `DOCUMENT_VIOLATIONS`: violations in the applicant's documents (000:195, 002:164).
    DocumentViolations,
    /// `APPLICANT_NOT_IN_GBD_FL`: the applicant's data are not in ГБД ФЛ (000:223, 002:128).
    ApplicantNotInGbdFl,
    /// `POWER_OF_ATTORNEY_NOT_IN_ENIS`: the power of attorney is not in ЕНИС (000:267,
    /// 002:128).
    PowerOfAttorneyNotInEnis,
    /// `INCOMPLETE_PACKAGE`: incomplete package of documents (002:120).
    IncompletePackage,
    /// `UNRELIABLE_DOCUMENTS`: documents or the data in them found unreliable (002:291,
    /// 002:419).
    UnreliableDocuments,
}

impl RefusalGround {
    /// Every ground.
    pub const ALL: &'static [RefusalGround] = &[
        RefusalGround::EdsNotConfirmed,
        RefusalGround::DocumentViolations,
        RefusalGround::ApplicantNotInGbdFl,
        RefusalGround::PowerOfAttorneyNotInEnis,
        RefusalGround::IncompletePackage,
        RefusalGround::UnreliableDocuments,
    ];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalGround::EdsNotConfirmed => "EDS_NOT_CONFIRMED",
            RefusalGround::DocumentViolations => "DOCUMENT_VIOLATIONS",
            RefusalGround::ApplicantNotInGbdFl => "APPLICANT_NOT_IN_GBD_FL",
            RefusalGround::PowerOfAttorneyNotInEnis => "POWER_OF_ATTORNEY_NOT_IN_ENIS",
            RefusalGround::IncompletePackage => "INCOMPLETE_PACKAGE",
            RefusalGround::UnreliableDocuments => "UNRELIABLE_DOCUMENTS",
        }
    }

    /// Parse a stable code.
    pub fn parse(s: &str) -> Option<RefusalGround> {
        Self::ALL.iter().copied().find(|g| g.as_str() == s)
    }

    /// The text in `lang`.
    pub fn text(self, lang: crate::report::Lang) -> &'static str {
        crate::report::messages::ground_text(self, lang)
    }
}

/// One ground of a reasoned refusal (мотивированный отказ; 002:50 «по основаниям,
/// предусмотренным пунктом 10 Стандарта»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalReason {
    /// The ground: a [`RefusalGround`] code, or a verification [`crate::report::Code`]
    /// (an EDS not confirmed, with its reason); anything else is refused.
    pub code: String,
    /// The ground, as the applicant will read it.
    pub text: String,
}

/// What the provider decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// Notification of registration with the queue number (queue service only; 002 §3).
    QueueRegistration {
        /// The ordinal number in the queue (≥ 1).
        queue_number: u32,
        /// Which housing the queue is for (000:2 «нуждающихся в жилище из государственного
        /// жилищного фонда или жилища, арендованным местным исполнительным органом в частном
        /// жилищном фонде»).
        housing_source: HousingSource,
    },
    /// A reasoned refusal (any service; 000 §6 process 7, standard §10).
    Refusal {
        /// The grounds (1 ..= [`MAX_LIST_ITEMS`]).
        reasons: Vec<RefusalReason>,
    },
    /// The справка of having / not having state housing (справка service only).
    HousingCertificate {
        /// The справка's number.
        certificate_number: String,
        /// Whether the applicant has a dwelling of the state fund in permanent use.
        has_state_housing: bool,
        /// Which fund the dwelling is from: required when `has_state_housing`, forbidden
        /// otherwise (002:209 «справки о наличии (отсутствии) в постоянном пользовании
        /// жилища из коммунального жилищного фонда или жилища, арендованного местным
        /// исполнительным органом в частном жилищном фонде»).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fund: Option<CertificateFund>,
        /// The dwelling's address: required when `has_state_housing`, forbidden otherwise.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dwelling_address: Option<String>,
        /// Whom the справка covers: the applicant, and the family members it also speaks
        /// for (1 ..= [`MAX_FAMILY_MEMBERS`] + 1 distinct IINs, the applicant among them;
        /// with the request known, each the request's applicant or one of its
        /// `family_members`).
        covers: Vec<Iin>,
    },
    /// The housing commission's decision on privatization (privatization service only;
    /// 002:329 «решение жилищной комиссии о приватизации жилища, либо мотивированный отказ»).
    PrivatizationDecision {
        /// Whether privatization is approved.
        approved: bool,
        /// The grounds of a refusal: at least one when not approved, none when approved.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        reasons: Vec<RefusalReason>,
        /// The decision's number.
        decision_number: String,
        /// The decision's date (not before registration).
        #[serde(with = "ymd")]
        decision_date: Date,
        /// The certificate of the dwelling's cost with the amount to pay, when the dwelling
        /// was transferred into the communal fund: only when approved (002:333 «справка о
        /// стоимости жилища, где указывается сумма, подлежащая оплате»).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost_certificate: Option<CostCertificate>,
        /// The privatization contract: only when approved (002:335 «заключение договора о
        /// приватизации жилища между услугодателем и услугополучателем»).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contract: Option<PrivatizationContract>,
    },
    /// Legacy: a package refusal inside a provider result. The receipt refusing documents
    /// for an incomplete package is issued and signed by the State Corporation's employee
    /// before any request exists, in the form of appendix 3 of the standard for the queue
    /// (002:120) and the справка (002:273), appendix 1 for privatization (002:401): it is
    /// its own document, [`Receipt`], verified by
    /// [`crate::verifier::Verifier::verify_receipt`]. This outcome is still read so old
    /// documents parse, but it is not the receipt.
    PackageRefused {
        /// The missing documents (1 ..= [`MAX_LIST_ITEMS`]).
        missing_documents: Vec<String>,
    },
}

/// The housing a queue registration is for (000:2, 002:15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HousingSource {
    /// A dwelling from the state housing fund.
    StateFund,
    /// A dwelling rented by the local executive body in the private housing fund.
    RentedByLocalExecutiveBody,
}

/// The fund of the dwelling a справка speaks of (002:209).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateFund {
    /// The communal housing fund.
    Communal,
    /// Rented by the local executive body in the private housing fund.
    RentedByLocalExecutiveBody,
}

/// The certificate of a dwelling's cost with the amount to pay (002:333).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostCertificate {
    /// The certificate's number.
    pub number: String,
    /// The amount to pay, in tenge: a decimal string with at most two fraction digits and
    /// at most 13 integer digits (`"4250000"`, `"4250000.50"`), greater than zero.
    pub amount_kzt: String,
}

/// The privatization contract between the provider and the applicant (002:335).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivatizationContract {
    /// The contract's number.
    pub number: String,
    /// The contract's date (not before the decision).
    #[serde(with = "ymd")]
    pub date: Date,
    /// The party transferring the dwelling: the provider, the result's issuer.
    pub provider_bin: Bin,
    /// The party acquiring it: the applicant.
    pub recipient_iin: Iin,
}

impl Outcome {
    /// The stable snake_case kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::QueueRegistration { .. } => "queue_registration",
            Outcome::Refusal { .. } => "refusal",
            Outcome::HousingCertificate { .. } => "housing_certificate",
            Outcome::PrivatizationDecision { .. } => "privatization_decision",
            Outcome::PackageRefused { .. } => "package_refused",
        }
    }

    /// The service this outcome is specific to, or `None` if any service may have it.
    pub fn service(&self) -> Option<Service> {
        match self {
            Outcome::QueueRegistration { .. } => Some(Service::HousingQueue),
            Outcome::HousingCertificate { .. } => Some(Service::HousingCertificate),
            Outcome::PrivatizationDecision { .. } => Some(Service::Privatization),
            Outcome::Refusal { .. } | Outcome::PackageRefused { .. } => None,
        }
    }
}

/// A result document: what the provider's authorized person signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultDocument {
    /// Always `"1"`.
    pub schema_version: SchemaVersion,
    /// The service.
    pub service: Service,
    /// The request answered.
    pub request: RequestRef,
    /// The applicant the result is for: must be the request's applicant (002:54 the result
    /// goes to the applicant's «личный кабинет»).
    pub applicant: Person,
    /// When the request was registered (UTC).
    #[serde(with = "rfc3339_utc")]
    pub registered_at: OffsetDateTime,
    /// The decision.
    pub outcome: Outcome,
    /// The issuing organisation.
    pub issuer: Organisation,
    /// The signing official.
    pub official: Official,
    /// When the result was issued (UTC, not before `registered_at`).
    #[serde(with = "rfc3339_utc")]
    pub issued_at: OffsetDateTime,
    /// The service deadline the provider set: not before the registration date, and not
    /// later than the legal deadline of the verifier's rules ([`ServiceRules::deadline`],
    /// checked with the policy: `DUE_BY_AFTER_DEADLINE`). A result issued after it gets the
    /// warning `DEADLINE_MISSED`.
    #[serde(with = "ymd")]
    pub due_by: Date,
}

/// The wire form of a result being built ([`ResultDocument::build_from_json`]): a
/// [`ResultDocument`] whose `schema_version` and `due_by` may be absent. Named
/// `ResultDocument` for serde so its error texts are those of `from_json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "ResultDocument")]
struct ResultDraft {
    #[serde(default)]
    schema_version: SchemaVersion,
    service: Service,
    request: RequestRef,
    applicant: Person,
    #[serde(with = "rfc3339_utc")]
    registered_at: OffsetDateTime,
    outcome: Outcome,
    issuer: Organisation,
    official: Official,
    #[serde(with = "rfc3339_utc")]
    issued_at: OffsetDateTime,
    #[serde(default, deserialize_with = "ymd::deserialize_some")]
    due_by: Option<Date>,
}

/// The calendar date of `registered_at` in Almaty as it was then ([`almaty_date`]: UTC+6
/// before 1 March 2024, UTC+5 after), which deadlines are counted from.
pub fn registration_date(registered_at: OffsetDateTime) -> Date {
    almaty_date(registered_at)
}

impl ResultDocument {
    /// Start building a result (validated by [`ResultBuilder::build`]).
    pub fn builder(
        service: Service,
        request: RequestRef,
        applicant: Person,
        issuer: Organisation,
        official: Official,
    ) -> ResultBuilder {
        ResultBuilder {
            service,
            request,
            applicant,
            issuer,
            official,
            registered_at: None,
            issued_at: None,
            outcome: None,
            due_by: None,
            policy: ChecksumPolicy::Strict,
        }
    }

    /// Parse strict JSON (see the [module documentation](crate::document)) and validate
    /// under `policy`.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<ResultDocument, Error> {
        let r: ResultDocument = parse_strict(bytes, policy)?;
        r.validate(policy)?;
        Ok(r)
    }

    /// Parse the strict JSON of a result being built (the bindings' `buildResult` /
    /// `build_result`) and validate under `policy`: the same reader and rules as
    /// [`ResultDocument::from_json`], except that `due_by` may be absent and then is
    /// [`ResultDocument::default_due_by`], as with [`ResultBuilder`], and `schema_version`
    /// may be absent and then is `"1"` (as in [`Request::build_from_json`]).
    ///
    /// A signed result always carries its `due_by`: read those with `from_json`.
    pub fn build_from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<ResultDocument, Error> {
        let d: ResultDraft = parse_strict(bytes, policy)?;
        let due_by = d
            .due_by
            .unwrap_or_else(|| Self::default_due_by(d.service, d.registered_at));
        let r = ResultDocument {
            schema_version: d.schema_version,
            service: d.service,
            request: d.request,
            applicant: d.applicant,
            registered_at: d.registered_at,
            outcome: d.outcome,
            issuer: d.issuer,
            official: d.official,
            issued_at: d.issued_at,
            due_by,
        };
        r.validate(policy)?;
        Ok(r)
    }

    /// The `due_by` of a result that does not set one: the legal deadline of `service`
    /// ([`Service::deadline`]: the seeds' rules over the embedded calendar) counted from the
    /// registration date of `registered_at` ([`registration_date`], Almaty time).
    pub fn default_due_by(service: Service, registered_at: OffsetDateTime) -> Date {
        service.deadline(registration_date(registered_at))
    }

    /// Deterministic compact JSON (fields in declaration order).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The JSON value (for reports).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Check every rule of the schema; IINs and BINs under `policy`.
    pub fn validate(&self, policy: ChecksumPolicy) -> Result<(), Error> {
        check_code(
            &self.request.registration_number,
            "request.registration_number",
        )?;
        check_person(&self.applicant, "applicant", policy)?;
        check_bin(&self.issuer.bin, policy)?;
        check_text(&self.issuer.name, "issuer.name", MAX_TEXT_LEN)?;
        check_iin(&self.official.iin, policy)?;
        check_text(&self.official.name, "official.name", MAX_TEXT_LEN)?;
        check_text(&self.official.position, "official.position", MAX_TEXT_LEN)?;
        check_instant(&self.registered_at, "registered_at")?;
        check_instant(&self.issued_at, "issued_at")?;
        if self.issued_at < self.registered_at {
            return Err(invalid("issued_at", "before registered_at"));
        }

        if let Some(s) = self.outcome.service() {
            if s != self.service {
                return Err(invalid(
                    "outcome.kind",
                    format!(
                        "a {} outcome is only for the {} service, not {}",
                        self.outcome.kind(),
                        s,
                        self.service
                    ),
                ));
            }
        }
        let registered = registration_date(self.registered_at);
        match &self.outcome {
            Outcome::QueueRegistration { queue_number, .. } => {
                if *queue_number == 0 {
                    return Err(invalid("outcome.queue_number", "must be at least 1"));
                }
            }
            Outcome::Refusal { reasons } => check_reasons(reasons)?,
            Outcome::HousingCertificate {
                certificate_number,
                has_state_housing,
                fund,
                dwelling_address,
                covers,
            } => {
                check_code(certificate_number, "outcome.certificate_number")?;
                match (has_state_housing, fund) {
                    (true, None) => {
                        return Err(invalid(
                            "outcome.fund",
                            "required when has_state_housing is true (002:209)",
                        ))
                    }
                    (false, Some(_)) => {
                        return Err(invalid(
                            "outcome.fund",
                            "not allowed when has_state_housing is false",
                        ))
                    }
                    _ => {}
                }
                if covers.len() > MAX_FAMILY_MEMBERS + 1 {
                    return Err(Error::TooLarge {
                        what: "outcome.covers",
                        size: covers.len(),
                        limit: MAX_FAMILY_MEMBERS + 1,
                    });
                }
                let mut seen = HashSet::new();
                for (i, c) in covers.iter().enumerate() {
                    check_iin(c, policy)?;
                    if !seen.insert(*c) {
                        return Err(invalid(format!("outcome.covers[{i}]"), "listed twice"));
                    }
                }
                if !covers.contains(&self.applicant.iin) {
                    return Err(invalid(
                        "outcome.covers",
                        "the справка covers the applicant (002:209)",
                    ));
                }
                match (has_state_housing, dwelling_address) {
                    (true, Some(a)) => check_text(a, "outcome.dwelling_address", MAX_TEXT_LEN)?,
                    (true, None) => {
                        return Err(invalid(
                            "outcome.dwelling_address",
                            "required when has_state_housing is true",
                        ))
                    }
                    (false, Some(_)) => {
                        return Err(invalid(
                            "outcome.dwelling_address",
                            "not allowed when has_state_housing is false",
                        ))
                    }
                    (false, None) => {}
                }
            }
            Outcome::PrivatizationDecision {
                approved,
                reasons,
                decision_number,
                decision_date,
                cost_certificate,
                contract,
            } => {
                check_code(decision_number, "outcome.decision_number")?;
                // A refusal carries its grounds (002:329 «мотивированный отказ»).
                if *approved {
                    if !reasons.is_empty() {
                        return Err(invalid(
                            "outcome.reasons",
                            "an approval carries no grounds of refusal",
                        ));
                    }
                } else {
                    check_reasons(reasons)?;
                }
                if *decision_date < registered {
                    return Err(invalid(
                        "outcome.decision_date",
                        "before the registration date",
                    ));
                }
                match (approved, cost_certificate) {
                    (true, Some(c)) => {
                        check_code(&c.number, "outcome.cost_certificate.number")?;
                        check_amount(&c.amount_kzt, "outcome.cost_certificate.amount_kzt")?;
                    }
                    (false, Some(_)) => {
                        return Err(invalid(
                            "outcome.cost_certificate",
                            "a cost certificate only follows an approval (002:333)",
                        ))
                    }
                    _ => {}
                }
                match (approved, contract) {
                    (true, Some(c)) => {
                        check_code(&c.number, "outcome.contract.number")?;
                        if c.date < *decision_date {
                            return Err(invalid(
                                "outcome.contract.date",
                                "before the housing commission's decision",
                            ));
                        }
                        // 002:335 «между услугодателем и услугополучателем».
                        check_bin(&c.provider_bin, policy)?;
                        check_iin(&c.recipient_iin, policy)?;
                        if c.provider_bin != self.issuer.bin {
                            return Err(invalid(
                                "outcome.contract.provider_bin",
                                "the contract is concluded by the provider, the result's issuer \
                                 (002:335)",
                            ));
                        }
                        if c.recipient_iin != self.applicant.iin {
                            return Err(invalid(
                                "outcome.contract.recipient_iin",
                                "the contract is concluded with the applicant (002:335)",
                            ));
                        }
                    }
                    (false, Some(_)) => {
                        return Err(invalid(
                            "outcome.contract",
                            "a privatization contract only follows an approval (002:335)",
                        ))
                    }
                    _ => {}
                }
            }
            Outcome::PackageRefused { missing_documents } => {
                check_list_len(missing_documents.len(), "outcome.missing_documents")?;
                for (i, d) in missing_documents.iter().enumerate() {
                    check_text(
                        d,
                        &format!("outcome.missing_documents[{i}]"),
                        MAX_LONG_TEXT_LEN,
                    )?;
                }
            }
        }

        if self.due_by < registered {
            return Err(invalid(
                "due_by",
                format!(
                    "{} is before the registration date {}",
                    fmt_ymd(self.due_by),
                    fmt_ymd(registered)
                ),
            ));
        }
        Ok(())
    }
}

/// Builder of a [`ResultDocument`]; [`ResultBuilder::build`] validates.
#[derive(Debug, Clone)]
pub struct ResultBuilder {
    service: Service,
    request: RequestRef,
    applicant: Person,
    issuer: Organisation,
    official: Official,
    registered_at: Option<OffsetDateTime>,
    issued_at: Option<OffsetDateTime>,
    outcome: Option<Outcome>,
    due_by: Option<Date>,
    policy: ChecksumPolicy,
}

impl ResultBuilder {
    /// Set the registration instant (required, UTC).
    pub fn registered_at(mut self, t: OffsetDateTime) -> Self {
        self.registered_at = Some(t);
        self
    }
    /// Set the issue instant (required, UTC).
    pub fn issued_at(mut self, t: OffsetDateTime) -> Self {
        self.issued_at = Some(t);
        self
    }
    /// Set the outcome (required).
    pub fn outcome(mut self, o: Outcome) -> Self {
        self.outcome = Some(o);
        self
    }
    /// Set `due_by` explicitly (not later than the legal deadline); by default it is the
    /// legal deadline, [`Service::deadline`].
    pub fn due_by(mut self, d: Date) -> Self {
        self.due_by = Some(d);
        self
    }
    /// The checksum policy `build` validates under (default strict).
    pub fn policy(mut self, p: ChecksumPolicy) -> Self {
        self.policy = p;
        self
    }
    /// Assemble and validate.
    pub fn build(self) -> Result<ResultDocument, Error> {
        let registered_at = self
            .registered_at
            .ok_or_else(|| invalid("registered_at", "missing"))?;
        let issued_at = self
            .issued_at
            .ok_or_else(|| invalid("issued_at", "missing"))?;
        let outcome = self.outcome.ok_or_else(|| invalid("outcome", "missing"))?;
        let due_by = self
            .due_by
            .unwrap_or_else(|| ResultDocument::default_due_by(self.service, registered_at));
        let r = ResultDocument {
            schema_version: SchemaVersion,
            service: self.service,
            request: self.request,
            applicant: self.applicant,
            registered_at,
            outcome,
            issuer: self.issuer,
            official: self.official,
            issued_at,
            due_by,
        };
        r.validate(self.policy)?;
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const QUEUE: &str =
        r#"{"kind":"queue_registration","queue_number":1542,"housing_source":"state_fund"}"#;
    const CERTIFICATE: &str = r#"{"kind":"housing_certificate","certificate_number":"S-1","has_state_housing":false,"covers":["871008401427"]}"#;

    /// A result of `service` registered and issued at `at`, with `outcome` and `extra`
    /// (e.g. `,"due_by":"…"`) appended.
    fn json(service: &str, at: &str, outcome: &str, extra: &str) -> Vec<u8> {
        format!(
            r#"{{"schema_version":"1","service":"{service}","request":{{"registration_number":"KZ-2025-000123","envelope_sha256":"{h}"}},"applicant":{{"iin":"871008401427","name":"Ахметова Айгүл"}},"registered_at":"{at}","outcome":{outcome},"issuer":{{"bin":"950341000052","name":"Управление жилья"}},"official":{{"iin":"931002451325","name":"Серікова Ә. Қ.","position":"Главный специалист"}},"issued_at":"{at}"{extra}}}"#,
            h = "ab".repeat(32)
        )
        .into_bytes()
    }

    fn built(service: &str, at: &str, outcome: &str) -> ResultDocument {
        ResultDocument::build_from_json(&json(service, at, outcome, ""), ChecksumPolicy::Strict)
            .unwrap()
    }

    #[test]
    fn default_due_by_of_the_queue_is_28_calendar_days() {
        // 27 + 1 calendar days (002:70, 002:74), as the WASM binding's test had it.
        let r = built("housing_queue", "2026-01-10T05:00:00Z", QUEUE);
        assert_eq!(r.due_by, date!(2026 - 02 - 07));
        // The same as the core's builder.
        let b = ResultDocument::builder(
            Service::HousingQueue,
            r.request.clone(),
            r.applicant.clone(),
            r.issuer.clone(),
            r.official.clone(),
        )
        .registered_at(r.registered_at)
        .issued_at(r.issued_at)
        .outcome(r.outcome.clone())
        .build()
        .unwrap();
        assert_eq!(b, r);
    }

    #[test]
    fn default_due_by_skips_holidays_and_counts_a_transferred_working_day() {
        // Friday 20 March 2026: Nauryz 21–23 March and its carry-overs 24–25 March are
        // days off; 3 + 1 working days (002:223, 002:227) end on Tuesday 31 March (by
        // weekends alone it would be Thursday 26 March).
        let r = built("housing_certificate", "2026-03-20T05:00:00Z", CERTIFICATE);
        assert_eq!(r.due_by, date!(2026 - 03 - 31));
        // Thursday 29 June 2023 (the day after Kurban Ait): Saturday 1 July was a working
        // day (its day off moved to Friday 7 July, decree No. 326): 30 June, 1, 3, 4 July
        // (by weekends alone 5 July).
        let r = built("housing_certificate", "2023-06-29T05:00:00Z", CERTIFICATE);
        assert_eq!(r.due_by, date!(2023 - 07 - 04));
        // 20:00 UTC on 29 June 2023 is 02:00 on 30 June in Almaty (UTC+6 then): counted
        // from 30 June.
        let r = built("housing_certificate", "2023-06-29T20:00:00Z", CERTIFICATE);
        assert_eq!(r.due_by, date!(2023 - 07 - 05));
        assert_eq!(
            ResultDocument::default_due_by(
                Service::HousingCertificate,
                datetime!(2023-06-29 20:00 UTC)
            ),
            date!(2023 - 07 - 05)
        );
    }

    #[test]
    fn an_explicit_due_by_is_kept_and_still_checked() {
        let doc = json(
            "housing_queue",
            "2026-01-10T05:00:00Z",
            QUEUE,
            r#","due_by":"2026-01-20""#,
        );
        let b = ResultDocument::build_from_json(&doc, ChecksumPolicy::Strict).unwrap();
        assert_eq!(b.due_by, date!(2026 - 01 - 20));
        assert_eq!(
            b,
            ResultDocument::from_json(&doc, ChecksumPolicy::Strict).unwrap()
        );
        // Before the registration date: refused like from_json does.
        let doc = json(
            "housing_queue",
            "2026-01-10T05:00:00Z",
            QUEUE,
            r#","due_by":"2026-01-09""#,
        );
        assert!(matches!(
            ResultDocument::build_from_json(&doc, ChecksumPolicy::Strict),
            Err(Error::InvalidDocument { field, .. }) if field == "due_by"
        ));
        // null is not "absent".
        let doc = json(
            "housing_queue",
            "2026-01-10T05:00:00Z",
            QUEUE,
            r#","due_by":null"#,
        );
        assert!(ResultDocument::build_from_json(&doc, ChecksumPolicy::Strict).is_err());
    }

    #[test]
    fn an_absent_schema_version_is_1_and_a_wrong_one_refused() {
        let strict = ChecksumPolicy::Strict;
        let full = json("housing_queue", "2026-01-10T05:00:00Z", QUEUE, "");
        let text = String::from_utf8(full.clone()).unwrap();
        let bare = text.replacen(r#""schema_version":"1","#, "", 1);
        assert_ne!(bare, text);
        let b = ResultDocument::build_from_json(bare.as_bytes(), strict).unwrap();
        assert_eq!(b, ResultDocument::build_from_json(&full, strict).unwrap());
        assert!(String::from_utf8(b.to_json())
            .unwrap()
            .starts_with(r#"{"schema_version":"1","#));
        // A signed result carries it.
        assert!(ResultDocument::from_json(bare.as_bytes(), strict).is_err());
        // Present, it must be "1" (and not null).
        for wrong in [r#""2""#, "null", "1"] {
            let doc = text.replacen(
                r#""schema_version":"1""#,
                &format!(r#""schema_version":{wrong}"#),
                1,
            );
            assert!(
                ResultDocument::build_from_json(doc.as_bytes(), strict).is_err(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_signed_result_must_carry_its_due_by() {
        let doc = json("housing_queue", "2026-01-10T05:00:00Z", QUEUE, "");
        let e = ResultDocument::from_json(&doc, ChecksumPolicy::Strict).unwrap_err();
        assert!(e.to_string().contains("due_by"), "{e}");
    }

    #[test]
    fn building_is_as_strict_as_reading() {
        let at = "2026-01-10T05:00:00Z";
        let strict = ChecksumPolicy::Strict;
        // A repeated key is refused, also when due_by is filled in: even a harmless repeat
        // of the same value (the WASM binding's copy went through serde_json::Value, which
        // keeps the last value, and accepted it).
        for repeat in [
            r#","service":"privatization""#,
            r#","issued_at":"2026-01-10T05:00:00Z""#,
            r#","schema_version":"1""#,
        ] {
            let doc = json("housing_queue", at, QUEUE, repeat);
            assert!(ResultDocument::build_from_json(&doc, strict)
                .unwrap_err()
                .to_string()
                .contains("duplicate key"));
            // What the old copy did: one value per key, then a valid document.
            let merged =
                serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&doc).unwrap())
                    .unwrap();
            if !repeat.contains("privatization") {
                assert!(ResultDocument::build_from_json(&merged, strict).is_ok());
            }
        }
        // An unknown field.
        let mut doc = json("housing_queue", at, QUEUE, r#","extra":1"#);
        assert!(ResultDocument::build_from_json(&doc, strict).is_err());
        // The size limit, before parsing.
        doc = vec![b' '; crate::limits::MAX_JSON_SIZE + 1];
        assert!(matches!(
            ResultDocument::build_from_json(&doc, strict),
            Err(Error::TooLarge { .. })
        ));
        // Every rule of validate: an outcome of another service.
        doc = json("housing_certificate", at, QUEUE, "");
        assert!(matches!(
            ResultDocument::build_from_json(&doc, strict),
            Err(Error::InvalidDocument { field, .. }) if field == "outcome.kind"
        ));
        // Missing parts are reported, not defaulted.
        assert!(ResultDocument::build_from_json(br#"{"schema_version":"1"}"#, strict).is_err());
    }

    #[test]
    fn result_rules() {
        let strict = ChecksumPolicy::Strict;
        let at = "2026-01-10T05:00:00Z";
        let ok = |outcome: &str| {
            ResultDocument::build_from_json(&json("housing_certificate", at, outcome, ""), strict)
        };
        let field = |r: Result<ResultDocument, Error>| match r {
            Err(Error::InvalidDocument { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        ok(CERTIFICATE).unwrap();
        // The справка covers the applicant (002:209).
        assert_eq!(
            field(ok(
                r#"{"kind":"housing_certificate","certificate_number":"S-1","has_state_housing":false,"covers":["931002451325"]}"#
            )),
            "outcome.covers"
        );
        // A fund only with state housing, and required with it.
        assert_eq!(
            field(ok(
                r#"{"kind":"housing_certificate","certificate_number":"S-1","has_state_housing":false,"fund":"communal","covers":["871008401427"]}"#
            )),
            "outcome.fund"
        );
        assert_eq!(
            field(ok(
                r#"{"kind":"housing_certificate","certificate_number":"S-1","has_state_housing":true,"covers":["871008401427"]}"#
            )),
            "outcome.fund"
        );
        // Listed twice.
        assert_eq!(
            field(ok(
                r#"{"kind":"housing_certificate","certificate_number":"S-1","has_state_housing":false,"covers":["871008401427","871008401427"]}"#
            )),
            "outcome.covers[1]"
        );
        // Issued before registered.
        let mut doc = String::from_utf8(json("housing_queue", at, QUEUE, "")).unwrap();
        doc = doc.replace(
            r#""issued_at":"2026-01-10T05:00:00Z""#,
            r#""issued_at":"2026-01-10T04:59:59Z""#,
        );
        assert_eq!(
            field(ResultDocument::build_from_json(doc.as_bytes(), strict)),
            "issued_at"
        );
        // A queue number starts at 1.
        assert_eq!(
            field(ResultDocument::build_from_json(
                &json(
                    "housing_queue",
                    at,
                    r#"{"kind":"queue_registration","queue_number":0,"housing_source":"state_fund"}"#,
                    ""
                ),
                strict
            )),
            "outcome.queue_number"
        );
    }
}
