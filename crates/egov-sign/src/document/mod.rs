//! Request and result documents of the three housing services, as strict JSON (and the same
//! model as strict XML: [`xml`]).
//!
//! Regulation references: "000" is the Almaty-region regulation of the e-service "Registration
//! and queue of citizens in need of housing from the state housing fund" (2012); "002" is the
//! Almaty city regulations of the housing services (queue, справка, privatization; 2015/2016,
//! Russian then Kazakh). `§` is the paragraph (пункт / тармақ).
//!
//! # Map
//!
//! | module | holds |
//! |---|---|
//! | this module | the parts both documents share ([`Service`], [`Channel`], [`Person`], [`Form`], …), the limits ([`MAX_TEXT_LEN`], …) and [`Document`] |
//! | `request` | [`Request`] and [`RequestBuilder`] |
//! | `result` | [`ResultDocument`], [`Outcome`] and its parts, [`ResultBuilder`], [`registration_date`] |
//! | `json` | the strict JSON reader (size, depth, duplicate keys) and the wire forms of hashes, dates and instants |
//! | `check` | the field checks the documents, the receipt and the rules share |
//! | [`calendar`] | the working-day calendar of Kazakhstan ([`Calendar`], [`is_working_day`], [`add_working_days`]) |
//! | [`rules`] | the regulations' deadlines per service ([`ServiceRules`]) and Almaty dates ([`almaty_date`]) |
//! | [`receipt`] | the ЦОН receipt refusing an incomplete package ([`Receipt`]) |
//! | [`xml`] | the same model as strict XML |
//!
//! # Wire format
//!
//! * Output is deterministic: fields in declaration order, no whitespace
//!   ([`Request::to_json`], [`ResultDocument::to_json`]).
//! * Input is strict ([`Request::from_json`], [`ResultDocument::from_json`]): at most
//!   [`MAX_JSON_SIZE`] bytes (checked before parsing), at most [`MAX_JSON_DEPTH`] levels of
//!   nesting, no duplicate key at any depth, no unknown field, `schema_version` exactly `"1"`,
//!   every IIN / BIN a string re-checked under the caller's [`ChecksumPolicy`], then every rule
//!   of [`Request::validate`] / [`ResultDocument::validate`].
//! * Names are snake_case, enum values snake_case (`"housing_queue"`, `"portal"`, `"con"`,
//!   `"provider"`); instants are [RFC 3339] in UTC (`"2025-03-03T09:15:00Z"`), dates
//!   `"YYYY-MM-DD"`, hashes lowercase hex.
//!
//! A request:
//!
//! ```json
//! {"schema_version":"1","service":"housing_queue","channel":"con",
//!  "applicant":{"iin":"871008401427","name":"Ахметова Айгүл Серікқызы"},
//!  "representative":{"iin":"800416300257","name":"Ахметов Ерлан",
//!    "power_of_attorney":{"number":"2-1234","date":"2025-02-20","notary":"Сейітова Г. Б."}},
//!  "operator":{"iin":"760212350620","bin":"940140000385"},
//!  "family_members":["061211600012"],
//!  "attachments":[{"kind":"identity_document","file_name":"id.pdf",
//!    "media_type":"application/pdf","size":48213,"sha256":"<64 hex digits>"}],
//!  "form":{"service":"housing_queue","category":"socially_vulnerable",
//!    "current_address":"Алматы, ул. Абая 1, кв. 2","family_size":2},
//!  "created_at":"2025-03-03T09:15:00Z"}
//! ```
//!
//! A result:
//!
//! ```json
//! {"schema_version":"1","service":"housing_queue",
//!  "request":{"registration_number":"KZ-2025-000123","envelope_sha256":"<64 hex digits>"},
//!  "registered_at":"2025-03-03T09:20:00Z",
//!  "outcome":{"kind":"queue_registration","queue_number":1542,"housing_source":"state_fund"},
//!  "issuer":{"bin":"950341000052","name":"Управление жилья города Алматы"},
//!  "official":{"iin":"931002451325","name":"Серікова Ә. Қ.","position":"Главный специалист"},
//!  "issued_at":"2025-03-28T10:00:00Z","due_by":"2025-04-02"}
//! ```
//!
//! [`MAX_JSON_SIZE`]: crate::limits::MAX_JSON_SIZE
//! [`MAX_JSON_DEPTH`]: crate::limits::MAX_JSON_DEPTH
//! [`ChecksumPolicy`]: crate::iin::ChecksumPolicy
//! [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339

use core::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Duration, UtcOffset};

use crate::iin::{stash_error, Bin, Iin};
use crate::policy::UnknownName;

pub mod calendar;
mod check;
mod json;
pub mod receipt;
mod reference;
mod request;
mod result;
pub mod rules;
pub mod xml;

use check::{
    check_bin, check_iin, check_instant, check_list_len, check_person, check_text, invalid,
    truncate,
};
use json::{hex32, parse_strict, rfc3339_utc, ymd};

pub use calendar::{add_working_days, is_working_day, Calendar};
pub use receipt::Receipt;
pub use request::{Request, RequestBuilder};
pub use result::{
    registration_date, CertificateFund, CostCertificate, HousingSource, Official, Organisation,
    Outcome, PrivatizationContract, RefusalGround, RefusalReason, RequestRef, ResultBuilder,
    ResultDocument,
};
pub use rules::{almaty_date, almaty_offset, DayUnit, ServiceRule, ServiceRules, Step};

/// A date as the documents write it, `YYYY-MM-DD` ([RFC 3339 §5.6] `full-date`), → the date;
/// `None` unless it is exactly that and a real calendar date. The one reader of the format
/// (the documents' fields, the calendar's year files, the bindings' date arguments).
///
/// [RFC 3339 §5.6]: https://www.rfc-editor.org/rfc/rfc3339#section-5.6
pub fn parse_date(s: &str) -> Option<time::Date> {
    ymd::parse(s)
}

/// A date as the documents write it: `YYYY-MM-DD` (see [`parse_date`]).
pub fn format_date(d: time::Date) -> String {
    ymd::format(d)
}

/// The only schema version this crate reads and writes.
pub const SCHEMA_VERSION: &str = "1";
/// Most family members listed in a request.
pub const MAX_FAMILY_MEMBERS: usize = 20;
/// Largest family size a queue form may state.
pub const MAX_FAMILY_SIZE: u8 = 30;
/// Most attachments in a request.
pub const MAX_ATTACHMENTS: usize = 32;
/// Largest attachment size a request may declare, in bytes (the envelope limit).
pub const MAX_ATTACHMENT_SIZE: u64 = crate::limits::MAX_ENVELOPE_SIZE as u64;
/// Longest name, address, position, purpose or region, in characters.
pub const MAX_TEXT_LEN: usize = 256;
/// Longest number or code (registration number, contract number, refusal code), in
/// characters.
pub const MAX_CODE_LEN: usize = 64;
/// Longest free text (a refusal reason, a missing document), in characters.
pub const MAX_LONG_TEXT_LEN: usize = 2000;
/// Longest attachment file name, in characters.
pub const MAX_FILE_NAME_LEN: usize = 255;
/// Longest media type, in characters.
pub const MAX_MEDIA_TYPE_LEN: usize = 100;
/// Most refusal reasons or missing documents in one result.
pub const MAX_LIST_ITEMS: usize = 32;

/// The offset of Kazakhstan's single time zone since 1 March 2024 (UTC+5). Dates before
/// that were at UTC+6 in Almaty: deadlines use [`almaty_date`], which knows both.
pub const KAZAKHSTAN_OFFSET: UtcOffset = time::macros::offset!(+5);

// ---------------------------------------------------------------------------------------------
// Small enums and parts
// ---------------------------------------------------------------------------------------------

/// The three housing services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Registration in the queue for housing from the state fund or housing rented by the
    /// local executive body in the private fund (000:2, 002:15): result is a notification
    /// with the queue number or a reasoned refusal (002:50).
    HousingQueue,
    /// Certificate (справка) of having / not having in permanent use housing from the
    /// communal fund or rented by the local executive body (002:17, result 002:209).
    HousingCertificate,
    /// Privatization of housing from the state fund (002:19, result 002:327–335).
    Privatization,
}

impl Service {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::HousingQueue => "housing_queue",
            Service::HousingCertificate => "housing_certificate",
            Service::Privatization => "privatization",
        }
    }

    /// The provider's legal deadline for a request registered on `registered` (a date in
    /// Almaty time, [`almaty_date`]) under the seeds' rules ([`ServiceRules::default`]) and
    /// the embedded calendar ([`Calendar::kazakhstan`]):
    ///
    /// * queue: 27 + 1 calendar days (002:70, 002:74);
    /// * справка: 3 + 1 working days (002:223, 002:227), skipping days off of the year's
    ///   calendar;
    /// * privatization: 1 + 27 + 1 + 1 calendar days (002:347–353).
    ///
    /// When the calendar does not hold a year the count crosses, the same number of calendar
    /// days (never later than the working-day deadline). Saturates at [`Date::MAX`].
    pub fn deadline(self, registered: Date) -> Date {
        let rules = ServiceRules::default();
        if let Some(d) = rules.deadline(self, registered, &Calendar::kazakhstan()) {
            return d;
        }
        let days: u32 = rules
            .rule(self)
            .map(|r| r.steps.iter().map(|s| s.days).sum())
            .unwrap_or(0);
        registered
            .checked_add(Duration::days(i64::from(days)))
            .unwrap_or(Date::MAX)
    }
}

impl Service {
    /// Every service, in declaration order.
    pub const ALL: [Service; 3] = [
        Service::HousingQueue,
        Service::HousingCertificate,
        Service::Privatization,
    ];
    /// The names [`FromStr`](core::str::FromStr) accepts (the JSON values).
    pub const NAMES: &'static [&'static str] =
        &["housing_queue", "housing_certificate", "privatization"];
}

/// The snake_case name, as in the JSON.
impl core::str::FromStr for Service {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Service, UnknownName> {
        Service::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownName::new("service", s, Service::NAMES))
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three channels a request arrives through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The e-gov portal: the citizen signs (000 §6).
    Portal,
    /// A Government-for-Citizens centre (ЦОН): an operator signs for the applicant (000 §8).
    Con,
    /// The provider's own office: an employee signs (000 §7, 000:227; for privatization
    /// «канцелярию услугодателя», 002:323).
    Provider,
}

impl Channel {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Con => "con",
            Channel::Provider => "provider",
        }
    }
}

impl Channel {
    /// Every channel, in declaration order.
    pub const ALL: [Channel; 3] = [Channel::Portal, Channel::Con, Channel::Provider];
    /// The names [`FromStr`](core::str::FromStr) accepts (the JSON values).
    pub const NAMES: &'static [&'static str] = &["portal", "con", "provider"];
}

/// The snake_case name, as in the JSON.
impl core::str::FromStr for Channel {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Channel, UnknownName> {
        Channel::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownName::new("channel", s, Channel::NAMES))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The schema version marker: serializes as `"1"` and accepts nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SchemaVersion;

impl Serialize for SchemaVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(SCHEMA_VERSION)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SchemaVersion;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the string \"1\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SchemaVersion, E> {
                if v == SCHEMA_VERSION {
                    Ok(SchemaVersion)
                } else {
                    stash_error(invalid(
                        "schema_version",
                        format!("unsupported schema version {:?}", truncate(v)),
                    ));
                    Err(E::custom("unsupported schema version"))
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// A natural person: IIN and full name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The person's IIN.
    pub iin: Iin,
    /// Full name (surname, name, patronymic), as in ГБД ФЛ.
    pub name: String,
}

/// A notarized power of attorney (доверенность), entered by the ЦОН operator and checked in
/// the notary system ЕНИС (000 §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerOfAttorney {
    /// Registration number in the notary's register.
    pub number: String,
    /// Date the power of attorney was certified.
    #[serde(with = "ymd")]
    pub date: Date,
    /// The notary's full name.
    pub notary: String,
}

/// Someone acting for the applicant under a power of attorney (ЦОН only, 000 §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// The representative's IIN.
    pub iin: Iin,
    /// The representative's full name.
    pub name: String,
    /// The data of a notarized power of attorney (checked in ЕНИС, 002:124); `None` for a
    /// power of attorney certified otherwise, whose data are not entered (000:255 «при
    /// нотариально удостоверенной доверенности, при ином удостоверении доверенности-данные
    /// доверенности не заполняются»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_of_attorney: Option<PowerOfAttorney>,
}

/// The operator (ЦОН) or provider employee who entered and signed a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// The operator's IIN.
    pub iin: Iin,
    /// The operator organisation's BIN.
    pub bin: Bin,
}

/// What an attached document is (the package of documents of the standard's §9/§11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// An identity document.
    IdentityDocument,
    /// A certificate of family composition / marriage / birth of children.
    FamilyComposition,
    /// A document confirming membership of a category entitled to housing.
    CategoryProof,
    /// A certificate of income.
    IncomeCertificate,
    /// The notarized power of attorney of a representative.
    PowerOfAttorney,
    /// The rental (наём) contract of the dwelling.
    RentalContract,
    /// The technical passport of the dwelling.
    TechnicalPassport,
    /// Anything else.
    Other,
}

/// An electronic copy (scan) of a document attached to the request (000 §6 process 3,
/// 000 §8 process 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// What the document is.
    pub kind: AttachmentKind,
    /// File name, without any directory part.
    pub file_name: String,
    /// Media type, e.g. `application/pdf`.
    pub media_type: String,
    /// Size in bytes (1 ..= [`MAX_ATTACHMENT_SIZE`]).
    pub size: u64,
    /// SHA-256 of the file (lowercase hex in JSON).
    #[serde(with = "hex32")]
    pub sha256: [u8; 32],
    /// The mark that the applicant presented the document's paper original (at a ЦОН or
    /// the provider's office only: 002:130 «заполнение формы запроса в части отметки о
    /// наличии документов в бумажной форме», 000:227, 000:271). Absent in JSON when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub paper_original: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a family member is related to the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Husband or wife.
    Spouse,
    /// Son or daughter.
    Child,
    /// Father or mother.
    Parent,
    /// Brother or sister.
    Sibling,
    /// Grandson or granddaughter.
    Grandchild,
    /// Grandfather or grandmother.
    Grandparent,
    /// Another relation (dependant, ward, ...).
    Other,
}

/// A family member living with the applicant, as the operator entered them: the IIN must
/// be one of the request's `family_members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyMember {
    /// The member's IIN (listed in `family_members`).
    pub iin: Iin,
    /// Full name, as in ГБД ФЛ.
    pub name: String,
    /// Relation to the applicant.
    pub relation: Relation,
}

/// A state information system the operator obtains data from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateSource {
    /// The applicant's data in the state database of individuals (ГБД ФЛ; 002:124 «процесс
    /// 4 – направление запроса в ... ГБД ФЛ о данных услугополучателя»).
    GbdFl,
    /// The representative's power of attorney in the notary system (ЕНИС; 002:124).
    Enis,
    /// The address certificate (адресная справка; 002:283).
    AddressCertificate,
    /// Identity documents of the applicant and the family members living with them
    /// (002:283 «сведений о документах, удостоверяющих личность услугополучателя и членов
    /// семьи, постоянно проживающих с ним»).
    IdentityDocument,
}

/// A reference to data the operator obtained from a state system through the e-government
/// gateway (002:283 «получение работником Государственной корпорации сведений ... из
/// соответствующих государственных информационных систем через шлюз "электронного
/// правительства"»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateRecord {
    /// The system.
    pub source: StateSource,
    /// Whose data: the applicant, a listed family member, or (ЕНИС, ГБД ФЛ) the
    /// representative.
    pub subject: Iin,
    /// The system's reference of the answer (request / message id).
    pub reference: String,
}

/// What the operator records at an in-person intake (ЦОН, or the provider's office for the
/// paper marks): the family members with their relation, and the references to what was
/// obtained from state systems. Not allowed on the portal, where the citizen fills the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// The family members living with the applicant, with name and relation (each IIN one
    /// of the request's `family_members`, each at most once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family: Vec<FamilyMember>,
    /// The data obtained from state systems (at most [`MAX_LIST_ITEMS`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obtained: Vec<StateRecord>,
}

/// The category of an applicant for state housing (Law "On housing relations", art. 67,
/// referenced by the queue standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueCategory {
    /// Socially vulnerable groups (disabled persons, large families, pensioners, ...).
    SociallyVulnerable,
    /// Civil servants.
    CivilServant,
    /// Employees of state budget organisations.
    BudgetEmployee,
    /// Military servicemen.
    Military,
    /// Orphans and children left without parental care.
    Orphan,
    /// Citizens whose only dwelling is declared unfit (emergency).
    UnfitDwelling,
}

/// The form of a queue registration request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueForm {
    /// The applicant's category.
    pub category: QueueCategory,
    /// The applicant's current address.
    pub current_address: String,
    /// Number of family members, the applicant included (1 ..= [`MAX_FAMILY_SIZE`], at least
    /// one more than the listed `family_members`).
    pub family_size: u8,
}

/// The form of a справка request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateForm {
    /// Where the справка is to be presented / what for.
    pub purpose: String,
    /// The region (oblast / city) whose state fund is to be searched.
    pub region: String,
}

/// A rental (наём) contract of a dwelling from the state fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentalContract {
    /// Contract number.
    pub number: String,
    /// Contract date.
    #[serde(with = "ymd")]
    pub date: Date,
}

/// The form of a privatization request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivatizationForm {
    /// The address of the dwelling to privatize.
    pub dwelling_address: String,
    /// Total area in square metres, a decimal string with at most two fraction digits
    /// (`"54.3"`), greater than zero and below 10000 (kept as text so documents stay `Eq`
    /// and byte-exact).
    pub total_area_m2: String,
    /// The rental contract under which the applicant occupies the dwelling.
    pub rental_contract: RentalContract,
}

/// The service-specific part of a request; its `service` tag must equal the request's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
pub enum Form {
    /// Queue registration.
    HousingQueue(QueueForm),
    /// Справка.
    HousingCertificate(CertificateForm),
    /// Privatization.
    Privatization(PrivatizationForm),
}

impl Form {
    /// The service this form belongs to.
    pub fn service(&self) -> Service {
        match self {
            Form::HousingQueue(_) => Service::HousingQueue,
            Form::HousingCertificate(_) => Service::HousingCertificate,
            Form::Privatization(_) => Service::Privatization,
        }
    }
}

/// The document a [`crate::report::Report`] carries: the signed content, parsed and
/// checked. Serialises as the document's own JSON (the same as `to_json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Document {
    /// A request.
    Request(Request),
    /// A result.
    Result(ResultDocument),
    /// A receipt refusing documents for an incomplete package (ЦОН, [`Receipt`]).
    Receipt(Receipt),
}

impl Document {
    /// The request, if this is one.
    pub fn as_request(&self) -> Option<&Request> {
        match self {
            Document::Request(r) => Some(r),
            _ => None,
        }
    }

    /// The receipt, if this is one.
    pub fn as_receipt(&self) -> Option<&Receipt> {
        match self {
            Document::Receipt(r) => Some(r),
            _ => None,
        }
    }

    /// The result, if this is one.
    pub fn as_result(&self) -> Option<&ResultDocument> {
        match self {
            Document::Result(r) => Some(r),
            _ => None,
        }
    }

    /// The JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Whose signature the document carries (for the refusal formula): the applicant on
    /// the portal (002:62), the ЦОН operator (002:132), the provider's employee (000:227), the
    /// provider's authorized person for a result (000:199, 002:54).
    pub fn signer_kind(&self) -> crate::report::Signer {
        use crate::report::Signer;
        match self {
            Document::Request(r) => match r.channel {
                Channel::Portal => Signer::Applicant,
                Channel::Con => Signer::ConOperator,
                Channel::Provider => Signer::ProviderEmployee,
            },
            Document::Result(_) => Signer::Official,
            // 002:120 the receipt is issued by the State Corporation's employee.
            Document::Receipt(_) => Signer::ConOperator,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_and_channel_names_are_the_json_values() {
        for (s, name) in Service::ALL.into_iter().zip(Service::NAMES) {
            assert_eq!(s.as_str(), *name);
            assert_eq!(serde_json::to_value(s).unwrap(), *name);
            assert_eq!(name.parse::<Service>().unwrap(), s);
        }
        for (c, name) in Channel::ALL.into_iter().zip(Channel::NAMES) {
            assert_eq!(c.as_str(), *name);
            assert_eq!(serde_json::to_value(c).unwrap(), *name);
            assert_eq!(name.parse::<Channel>().unwrap(), c);
        }
        let e = "housing-queue".parse::<Service>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown service \"housing-queue\": expected 'housing_queue', \
             'housing_certificate' or 'privatization'"
        );
        assert!("Portal".parse::<Channel>().is_err());
        assert!("".parse::<Channel>().is_err());
    }
}
