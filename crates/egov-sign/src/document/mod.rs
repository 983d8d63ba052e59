//! Request and result documents of the three housing services, as strict JSON (and the same
//! model as strict XML: [`xml`]).
//!
//! Regulation references: "000" is the Almaty-region regulation of the e-service "Registration
//! and queue of citizens in need of housing from the state housing fund" (2012); "002" is the
//! Almaty city regulations of the housing services (queue, справка, privatization; 2015/2016,
//! Russian then Kazakh). `§` is the paragraph (пункт / тармақ).
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
//!   `"provider"`); instants are RFC 3339 in UTC (`"2025-03-03T09:15:00Z"`), dates
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

use core::fmt;
use std::borrow::Cow;
use std::collections::HashSet;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::iin::{stash_error, take_stashed_error, Bin, ChecksumPolicy, Iin, PolicyScope};

pub mod calendar;
pub mod receipt;
mod reference;
pub mod rules;
pub mod xml;

use crate::limits::{MAX_JSON_DEPTH, MAX_JSON_SIZE};
use crate::Error;
pub use calendar::Calendar;
pub use receipt::Receipt;
pub use rules::{almaty_date, almaty_offset, DayUnit, ServiceRule, ServiceRules, Step};

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

// ---------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------

/// A request document: what the citizen (portal) or the operator / employee (ЦОН, provider)
/// signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Always `"1"`.
    pub schema_version: SchemaVersion,
    /// The service.
    pub service: Service,
    /// The channel.
    pub channel: Channel,
    /// The applicant (услугополучатель); on the portal the IIN must equal the signer's (000 §6
    /// condition 2).
    pub applicant: Person,
    /// A representative under a notarized power of attorney (ЦОН only, 000 §8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// The operator: required for `con` and `provider`, forbidden for `portal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
    /// IINs of family members (at most [`MAX_FAMILY_MEMBERS`], distinct, not the applicant).
    pub family_members: Vec<Iin>,
    /// Attached electronic copies (at most [`MAX_ATTACHMENTS`]).
    pub attachments: Vec<Attachment>,
    /// The in-person intake record (ЦОН or provider office only; refused on the portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake: Option<Intake>,
    /// The service-specific form.
    pub form: Form,
    /// When the request was created (UTC).
    #[serde(with = "rfc3339_utc")]
    pub created_at: OffsetDateTime,
}

impl Request {
    /// Start building a request (validated by [`RequestBuilder::build`]).
    pub fn builder(service: Service, channel: Channel, applicant: Person) -> RequestBuilder {
        RequestBuilder {
            service,
            channel,
            applicant,
            representative: None,
            operator: None,
            family_members: Vec::new(),
            attachments: Vec::new(),
            intake: None,
            form: None,
            created_at: None,
            policy: ChecksumPolicy::Strict,
        }
    }

    /// Parse strict JSON (see the [module documentation](self)) and validate under `policy`.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<Request, Error> {
        let r: Request = parse_strict(bytes, policy)?;
        r.validate(policy)?;
        Ok(r)
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
        check_person(&self.applicant, "applicant", policy)?;

        if self.form.service() != self.service {
            return Err(invalid(
                "form.service",
                format!(
                    "form is for {} but the request is for {}",
                    self.form.service(),
                    self.service
                ),
            ));
        }

        // Channel rules (000 §6, §7, §8).
        match (self.channel, &self.operator) {
            (Channel::Portal, Some(_)) => {
                return Err(invalid(
                    "operator",
                    "not allowed on the portal channel: the citizen signs (000 §6)",
                ))
            }
            (Channel::Con | Channel::Provider, None) => {
                return Err(invalid(
                    "operator",
                    format!(
                        "required on the {} channel: the operator signs (000 §7, §8)",
                        self.channel
                    ),
                ))
            }
            (_, Some(op)) => {
                check_iin(&op.iin, policy)?;
                check_bin(&op.bin, policy)?;
            }
            (Channel::Portal, None) => {}
        }
        let created = self.created_at.date();
        if let Some(rep) = &self.representative {
            if self.channel != Channel::Con {
                return Err(invalid(
                    "representative",
                    format!(
                        "a representative with a power of attorney is accepted only at a ЦОН \
                         (000 §8), not on the {} channel",
                        self.channel
                    ),
                ));
            }
            check_iin(&rep.iin, policy)?;
            check_text(&rep.name, "representative.name", MAX_TEXT_LEN)?;
            if rep.iin == self.applicant.iin {
                return Err(invalid(
                    "representative.iin",
                    "the representative cannot be the applicant",
                ));
            }
            // 000:255: a notarized power of attorney's data are entered, another's are not.
            if let Some(poa) = &rep.power_of_attorney {
                check_code(&poa.number, "representative.power_of_attorney.number")?;
                check_text(
                    &poa.notary,
                    "representative.power_of_attorney.notary",
                    MAX_TEXT_LEN,
                )?;
                if poa.date > created {
                    return Err(invalid(
                        "representative.power_of_attorney.date",
                        "after the request's creation date",
                    ));
                }
            }
        }

        if self.family_members.len() > MAX_FAMILY_MEMBERS {
            return Err(Error::TooLarge {
                what: "family_members",
                size: self.family_members.len(),
                limit: MAX_FAMILY_MEMBERS,
            });
        }
        let mut seen = HashSet::new();
        for (i, m) in self.family_members.iter().enumerate() {
            check_iin(m, policy)?;
            if *m == self.applicant.iin {
                return Err(invalid(
                    format!("family_members[{i}]"),
                    "the applicant is not listed among the family members",
                ));
            }
            if !seen.insert(*m) {
                return Err(invalid(format!("family_members[{i}]"), "listed twice"));
            }
        }

        if self.attachments.len() > MAX_ATTACHMENTS {
            return Err(Error::TooLarge {
                what: "attachments",
                size: self.attachments.len(),
                limit: MAX_ATTACHMENTS,
            });
        }
        for (i, a) in self.attachments.iter().enumerate() {
            check_attachment(a, i)?;
            // 002:130, 000:227, 000:271: the operator marks the paper originals; on the
            // portal nobody sees paper.
            if a.paper_original && self.channel == Channel::Portal {
                return Err(invalid(
                    format!("attachments[{i}].paper_original"),
                    "a paper original is marked only at a ЦОН or the provider's office \
                     (002:130, 000:227), not on the portal",
                ));
            }
        }
        if let Some(intake) = &self.intake {
            self.check_intake(intake, policy)?;
        }

        match &self.form {
            Form::HousingQueue(q) => {
                check_text(&q.current_address, "form.current_address", MAX_TEXT_LEN)?;
                let min = self.family_members.len() + 1;
                if q.family_size == 0
                    || q.family_size > MAX_FAMILY_SIZE
                    || usize::from(q.family_size) < min
                {
                    return Err(invalid(
                        "form.family_size",
                        format!(
                            "must be between {min} (the applicant and the listed members) and \
                             {MAX_FAMILY_SIZE}"
                        ),
                    ));
                }
            }
            Form::HousingCertificate(c) => {
                check_text(&c.purpose, "form.purpose", MAX_TEXT_LEN)?;
                check_text(&c.region, "form.region", MAX_TEXT_LEN)?;
            }
            Form::Privatization(p) => {
                check_text(&p.dwelling_address, "form.dwelling_address", MAX_TEXT_LEN)?;
                check_area(&p.total_area_m2)?;
                check_code(&p.rental_contract.number, "form.rental_contract.number")?;
                if p.rental_contract.date > created {
                    return Err(invalid(
                        "form.rental_contract.date",
                        "after the request's creation date",
                    ));
                }
            }
        }

        check_instant(&self.created_at, "created_at")
    }

    /// The in-person intake record: not on the portal; family members among
    /// `family_members`, each once; state records about the applicant, a listed family
    /// member or the representative, ЕНИС only for a representative with a notarized power
    /// of attorney.
    fn check_intake(&self, intake: &Intake, policy: ChecksumPolicy) -> Result<(), Error> {
        if self.channel == Channel::Portal {
            return Err(invalid(
                "intake",
                "an intake record is kept only at a ЦОН or the provider's office (002:124–130, \
                 002:283), not on the portal",
            ));
        }
        if intake.family.len() > MAX_FAMILY_MEMBERS {
            return Err(Error::TooLarge {
                what: "intake.family",
                size: intake.family.len(),
                limit: MAX_FAMILY_MEMBERS,
            });
        }
        let mut seen = HashSet::new();
        for (i, m) in intake.family.iter().enumerate() {
            let f = |name: &str| format!("intake.family[{i}].{name}");
            check_iin(&m.iin, policy)?;
            check_text(&m.name, &f("name"), MAX_TEXT_LEN)?;
            if !self.family_members.contains(&m.iin) {
                return Err(invalid(f("iin"), "not one of the request's family_members"));
            }
            if !seen.insert(m.iin) {
                return Err(invalid(f("iin"), "listed twice"));
            }
        }
        if intake.obtained.len() > MAX_LIST_ITEMS {
            return Err(Error::TooLarge {
                what: "intake.obtained",
                size: intake.obtained.len(),
                limit: MAX_LIST_ITEMS,
            });
        }
        let rep = self.representative.as_ref();
        for (i, r) in intake.obtained.iter().enumerate() {
            let f = |name: &str| format!("intake.obtained[{i}].{name}");
            check_iin(&r.subject, policy)?;
            check_code(&r.reference, &f("reference"))?;
            let is_applicant = r.subject == self.applicant.iin;
            let is_member = self.family_members.contains(&r.subject);
            let is_rep = rep.is_some_and(|p| p.iin == r.subject);
            let ok = match r.source {
                // 002:124 ГБД ФЛ «о данных услугополучателя».
                StateSource::GbdFl => is_applicant || is_member || is_rep,
                // 002:124 ЕНИС «о данных доверенности представителя», entered only when
                // notarized (002:122, 000:255).
                StateSource::Enis => is_rep && rep.is_some_and(|p| p.power_of_attorney.is_some()),
                // 002:283 identity documents of the applicant and the family members living
                // with them; the address certificate.
                StateSource::IdentityDocument | StateSource::AddressCertificate => {
                    is_applicant || is_member
                }
            };
            if !ok {
                return Err(invalid(
                    f("subject"),
                    match r.source {
                        StateSource::Enis => {
                            "ЕНИС holds the power of attorney of the representative, and only a \
                             notarized one (002:124, 000:255)"
                        }
                        _ => "not the applicant, a listed family member or the representative",
                    },
                ));
            }
        }
        Ok(())
    }
}

/// Builder of a [`Request`]; [`RequestBuilder::build`] validates.
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    service: Service,
    channel: Channel,
    applicant: Person,
    representative: Option<Representative>,
    operator: Option<Operator>,
    family_members: Vec<Iin>,
    attachments: Vec<Attachment>,
    intake: Option<Intake>,
    form: Option<Form>,
    created_at: Option<OffsetDateTime>,
    policy: ChecksumPolicy,
}

impl RequestBuilder {
    /// Set the representative (ЦОН only).
    pub fn representative(mut self, r: Representative) -> Self {
        self.representative = Some(r);
        self
    }
    /// Set the operator (required for ЦОН and provider office).
    pub fn operator(mut self, o: Operator) -> Self {
        self.operator = Some(o);
        self
    }
    /// Add a family member.
    pub fn family_member(mut self, iin: Iin) -> Self {
        self.family_members.push(iin);
        self
    }
    /// Add an attachment.
    pub fn attachment(mut self, a: Attachment) -> Self {
        self.attachments.push(a);
        self
    }
    /// Set the in-person intake record (ЦОН or provider office).
    pub fn intake(mut self, i: Intake) -> Self {
        self.intake = Some(i);
        self
    }
    /// Set the service-specific form (required).
    pub fn form(mut self, f: Form) -> Self {
        self.form = Some(f);
        self
    }
    /// Set the creation instant (required, UTC).
    pub fn created_at(mut self, t: OffsetDateTime) -> Self {
        self.created_at = Some(t);
        self
    }
    /// The checksum policy `build` validates under (default strict).
    pub fn policy(mut self, p: ChecksumPolicy) -> Self {
        self.policy = p;
        self
    }
    /// Assemble and validate.
    pub fn build(self) -> Result<Request, Error> {
        let form = self.form.ok_or_else(|| invalid("form", "missing"))?;
        let created_at = self
            .created_at
            .ok_or_else(|| invalid("created_at", "missing"))?;
        let r = Request {
            schema_version: SchemaVersion,
            service: self.service,
            channel: self.channel,
            applicant: self.applicant,
            representative: self.representative,
            operator: self.operator,
            family_members: self.family_members,
            attachments: self.attachments,
            intake: self.intake,
            form,
            created_at,
        };
        r.validate(self.policy)?;
        Ok(r)
    }
}

// ---------------------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------------------

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
/// [`crate::messages::ground_text`].
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
        crate::messages::ground_text(self, lang)
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
    pub fn signer_kind(&self) -> crate::messages::Signer {
        use crate::messages::Signer;
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

    /// Parse strict JSON (see the [module documentation](self)) and validate under `policy`.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<ResultDocument, Error> {
        let r: ResultDocument = parse_strict(bytes, policy)?;
        r.validate(policy)?;
        Ok(r)
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
            .unwrap_or_else(|| self.service.deadline(registration_date(registered_at)));
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

// ---------------------------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------------------------

/// Whether `d` is a working day in the embedded calendar of the Republic of Kazakhstan
/// ([`Calendar::kazakhstan`]: holidays of the law as it was that year, Kurban Ait, carry-overs
/// and transfer decrees). Outside the years it holds (2015–2027) only Saturdays and Sundays
/// are days off; use [`Calendar::is_working_day`] to know when the answer is unknown.
pub fn is_working_day(d: Date) -> bool {
    Calendar::kazakhstan()
        .is_working_day(d)
        .unwrap_or(!matches!(
            d.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        ))
}

/// The `n`th working day after `start` (`start` itself is not counted) by
/// [`is_working_day`]. Saturates at [`Date::MAX`].
pub fn add_working_days(start: Date, n: u32) -> Date {
    let mut d = start;
    let mut count = 0;
    while count < n {
        match d.next_day() {
            Some(next) => d = next,
            None => return Date::MAX,
        }
        if is_working_day(d) {
            count += 1;
        }
    }
    d
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::InvalidDocument {
        field: field.into(),
        reason: reason.into(),
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(32).collect()
}

fn check_iin(iin: &Iin, policy: ChecksumPolicy) -> Result<(), Error> {
    Iin::parse_with(iin.as_str(), policy).map(|_| ())
}

fn check_bin(bin: &Bin, policy: ChecksumPolicy) -> Result<(), Error> {
    Bin::parse_with(bin.as_str(), policy).map(|_| ())
}

fn check_person(p: &Person, field: &str, policy: ChecksumPolicy) -> Result<(), Error> {
    check_iin(&p.iin, policy)?;
    check_text(&p.name, &format!("{field}.name"), MAX_TEXT_LEN)
}

/// Non-blank, at most `max` characters, no control characters, no surrounding whitespace.
fn check_text(s: &str, field: &str, max: usize) -> Result<(), Error> {
    if s.trim().is_empty() {
        return Err(invalid(field, "empty"));
    }
    if s.chars().count() > max {
        return Err(invalid(field, format!("longer than {max} characters")));
    }
    if s.chars().any(char::is_control) {
        return Err(invalid(field, "contains control characters"));
    }
    if s.trim() != s {
        return Err(invalid(field, "leading or trailing whitespace"));
    }
    Ok(())
}

/// 1 ..= [`MAX_CODE_LEN`] characters: letters (any script), digits, `-`, `/`, `_`, `.`.
fn check_code(s: &str, field: &str) -> Result<(), Error> {
    if s.is_empty() {
        return Err(invalid(field, "empty"));
    }
    if s.chars().count() > MAX_CODE_LEN {
        return Err(invalid(
            field,
            format!("longer than {MAX_CODE_LEN} characters"),
        ));
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '_' | '.'))
    {
        return Err(invalid(
            field,
            "only letters, digits, '-', '/', '_' and '.' are allowed",
        ));
    }
    Ok(())
}

/// 1 ..= [`MAX_LIST_ITEMS`] grounds, each a [`RefusalGround`] or verification code with a
/// text.
fn check_reasons(reasons: &[RefusalReason]) -> Result<(), Error> {
    check_list_len(reasons.len(), "outcome.reasons")?;
    for (i, r) in reasons.iter().enumerate() {
        if RefusalGround::parse(&r.code).is_none() && crate::report::Code::parse(&r.code).is_none()
        {
            return Err(invalid(
                format!("outcome.reasons[{i}].code"),
                format!(
                    "{:?} is not a ground of refusal (EDS_NOT_CONFIRMED, DOCUMENT_VIOLATIONS, \
                     APPLICANT_NOT_IN_GBD_FL, POWER_OF_ATTORNEY_NOT_IN_ENIS, INCOMPLETE_PACKAGE, \
                     UNRELIABLE_DOCUMENTS or a verification code)",
                    truncate(&r.code)
                ),
            ));
        }
        check_text(
            &r.text,
            &format!("outcome.reasons[{i}].text"),
            MAX_LONG_TEXT_LEN,
        )?;
    }
    Ok(())
}

fn check_list_len(n: usize, field: &str) -> Result<(), Error> {
    if n == 0 {
        return Err(invalid(field, "must not be empty"));
    }
    if n > MAX_LIST_ITEMS {
        return Err(invalid(field, format!("more than {MAX_LIST_ITEMS} items")));
    }
    Ok(())
}

fn check_attachment(a: &Attachment, i: usize) -> Result<(), Error> {
    let f = |name: &str| format!("attachments[{i}].{name}");
    check_text(&a.file_name, &f("file_name"), MAX_FILE_NAME_LEN)?;
    if a.file_name.contains(['/', '\\']) || a.file_name == "." || a.file_name == ".." {
        return Err(invalid(f("file_name"), "must not contain a directory part"));
    }
    let mt = &a.media_type;
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let ok = mt.len() <= MAX_MEDIA_TYPE_LEN
        && match mt.split_once('/') {
            Some((t, s)) => token(t) && token(s),
            None => false,
        };
    if !ok {
        return Err(invalid(f("media_type"), "not a media type (type/subtype)"));
    }
    if a.size == 0 || a.size > MAX_ATTACHMENT_SIZE {
        return Err(invalid(
            f("size"),
            format!("must be between 1 and {MAX_ATTACHMENT_SIZE} bytes"),
        ));
    }
    Ok(())
}

/// `"54"`, `"54.3"`, `"54.30"`: 1–4 integer digits without a leading zero (unless `0.x`),
/// at most two fraction digits, greater than zero.
fn check_area(s: &str) -> Result<(), Error> {
    let bad = || {
        invalid(
            "form.total_area_m2",
            "not a decimal area in m² (e.g. \"54.3\")",
        )
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 4 || (int.len() > 1 && int.starts_with('0')) {
        return Err(bad());
    }
    if let Some(f) = frac {
        if !digits(f) || f.len() > 2 {
            return Err(bad());
        }
    }
    if s.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(invalid("form.total_area_m2", "must be greater than zero"));
    }
    Ok(())
}

/// An amount in tenge: 1–13 integer digits without a leading zero (unless `0.x`), at most
/// two fraction digits, greater than zero.
fn check_amount(s: &str, field: &str) -> Result<(), Error> {
    let bad = || invalid(field, "not an amount in tenge (e.g. \"4250000.50\")");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 13 || (int.len() > 1 && int.starts_with('0')) {
        return Err(bad());
    }
    if let Some(f) = frac {
        if !digits(f) || f.len() > 2 {
            return Err(bad());
        }
    }
    if s.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(invalid(field, "must be greater than zero"));
    }
    Ok(())
}

/// UTC, and a year RFC 3339 can carry.
fn check_instant(t: &OffsetDateTime, field: &str) -> Result<(), Error> {
    if t.offset() != UtcOffset::UTC {
        return Err(invalid(field, "must be in UTC"));
    }
    if !(1..=9999).contains(&t.year()) {
        return Err(invalid(field, "year out of range"));
    }
    Ok(())
}

fn fmt_ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

// ---------------------------------------------------------------------------------------------
// Strict JSON
// ---------------------------------------------------------------------------------------------

/// Size limit, then typed deserialization; when that fails, the duplicate-key and depth
/// scan ([`Scan`]) runs and its error, if any, wins — so the error for a document is the
/// same as if the scan ran first. A typed error raised inside serde (bad IIN / BIN under
/// `policy`, bad schema version) wins over serde's text.
///
/// The scan is not needed when the typed pass succeeds: every object of the schema is a
/// derived struct with `deny_unknown_fields` (serde's derive rejects a repeated field, and
/// the two internally tagged enums reject a repeated tag), so no document with a repeated
/// key or an unknown field deserializes, and the schema's own nesting is far below
/// [`MAX_JSON_DEPTH`]. `duplicate_keys_rejected_at_every_level` checks this on every
/// object of every sample document.
fn parse_strict<T: DeserializeOwned>(bytes: &[u8], policy: ChecksumPolicy) -> Result<T, Error> {
    if bytes.len() > MAX_JSON_SIZE {
        return Err(Error::TooLarge {
            what: "JSON document",
            size: bytes.len(),
            limit: MAX_JSON_SIZE,
        });
    }
    let _ = take_stashed_error();
    let json_err = |e: serde_json::Error| {
        take_stashed_error().unwrap_or(Error::Json {
            detail: e.to_string(),
        })
    };
    let typed = {
        let _scope = PolicyScope::enter(policy);
        serde_json::from_slice(bytes).map_err(json_err)
    };
    let typed_err = match typed {
        Ok(doc) => return Ok(doc),
        Err(e) => e,
    };
    let _ = take_stashed_error();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    Scan { depth: 0 }.deserialize(&mut de).map_err(json_err)?;
    de.end().map_err(json_err)?;
    Err(typed_err)
}

/// Walks any JSON value without building it, failing on a repeated key in any object and on
/// nesting deeper than [`MAX_JSON_DEPTH`].
#[derive(Clone, Copy)]
struct Scan {
    depth: usize,
}

impl Scan {
    fn enter<E: de::Error>(self) -> Result<Scan, E> {
        let depth = self.depth + 1;
        if depth > MAX_JSON_DEPTH {
            stash_error(Error::TooLarge {
                what: "JSON nesting depth",
                size: depth,
                limit: MAX_JSON_DEPTH,
            });
            return Err(E::custom("JSON nested too deeply"));
        }
        Ok(Scan { depth })
    }
}

impl<'de> DeserializeSeed<'de> for Scan {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        // Small objects (all of the schema's) are checked by a linear scan over borrowed
        // keys; past SMALL keys a hash set takes over, so a hostile object with many keys
        // stays linear.
        const SMALL: usize = 16;
        let mut few: Vec<Cow<'de, str>> = Vec::new();
        let mut many: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(k) = map.next_key_seed(Key)? {
            let dup = if many.is_empty() {
                few.contains(&k)
            } else {
                many.contains(&k)
            };
            if dup {
                return Err(de::Error::custom(format_args!(
                    "duplicate key {:?}",
                    truncate(&k)
                )));
            }
            map.next_value_seed(inner)?;
            if many.is_empty() && few.len() < SMALL {
                few.push(k);
            } else {
                many.extend(few.drain(..));
                many.insert(k);
            }
        }
        Ok(())
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// `[u8; 32]` as 64 lowercase hex digits.
mod hex32 {
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(64);
        for b in v {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        s.serialize_str(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let b = s.as_bytes();
        if b.len() != 64 {
            return Err(de::Error::custom("SHA-256 must be 64 lowercase hex digits"));
        }
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
            match (nibble(pair[0]), nibble(pair[1])) {
                (Some(h), Some(l)) => *o = (h << 4) | l,
                _ => return Err(de::Error::custom("SHA-256 must be 64 lowercase hex digits")),
            }
        }
        Ok(out)
    }
}

/// `time::Date` as `YYYY-MM-DD`.
mod ymd {
    use serde::{de, Deserialize, Deserializer, Serializer};
    use time::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        time::macros::format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(v: &Date, s: S) -> Result<S::Ok, S::Error> {
        let text = v.format(FORMAT).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if s.len() != 10 {
            return Err(de::Error::custom("a date must be YYYY-MM-DD"));
        }
        Date::parse(&s, FORMAT).map_err(|e| de::Error::custom(format_args!("bad date: {e}")))
    }
}

/// `OffsetDateTime` as RFC 3339, UTC only (`Z` or `+00:00` on input, `Z` on output).
mod rfc3339_utc {
    use serde::{de, Deserialize, Deserializer, Serializer};
    use time::format_description::well_known::Rfc3339;
    use time::{OffsetDateTime, UtcOffset};

    pub fn serialize<S: Serializer>(v: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let text = v.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if s.len() > 40 {
            return Err(de::Error::custom("timestamp too long"));
        }
        let t = OffsetDateTime::parse(&s, &Rfc3339)
            .map_err(|e| de::Error::custom(format_args!("bad RFC 3339 timestamp: {e}")))?;
        if t.offset() != UtcOffset::UTC {
            return Err(de::Error::custom("timestamp must be in UTC"));
        }
        Ok(t)
    }
}
