//! The request document and its builder.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::check::{
    check_area, check_attachment, check_bin, check_code, check_iin, check_instant, check_person,
    check_text, invalid,
};
use super::json::{parse_strict, rfc3339_utc};
use super::*;
use crate::iin::{ChecksumPolicy, Iin};
use crate::Error;

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

/// The wire form of a request being built ([`Request::build_from_json`]): a [`Request`]
/// whose `schema_version`, `family_members`, `attachments` and `created_at` may be absent.
/// Named `Request` for serde so its error texts are those of `from_json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Request")]
struct RequestDraft {
    #[serde(default)]
    schema_version: SchemaVersion,
    service: Service,
    channel: Channel,
    applicant: Person,
    #[serde(default)]
    representative: Option<Representative>,
    #[serde(default)]
    operator: Option<Operator>,
    #[serde(default)]
    family_members: Vec<Iin>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    intake: Option<Intake>,
    form: Form,
    #[serde(default, deserialize_with = "rfc3339_utc::deserialize_some")]
    created_at: Option<OffsetDateTime>,
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

    /// Parse strict JSON (see the [module documentation](crate::document)) and validate
    /// under `policy`.
    pub fn from_json(bytes: &[u8], policy: ChecksumPolicy) -> Result<Request, Error> {
        let r: Request = parse_strict(bytes, policy)?;
        r.validate(policy)?;
        Ok(r)
    }

    /// Parse the strict JSON of a request being built (the bindings' `buildRequest` /
    /// `build_request`) and validate under `policy`: the same reader and rules as
    /// [`Request::from_json`], except that these fields may be absent and then take the
    /// values [`Request::builder`] starts from:
    ///
    /// - `schema_version`: `"1"` (the only version);
    /// - `family_members`, `attachments`: empty;
    /// - `created_at`: `now` in UTC, to the whole second ([`Request::default_created_at`]).
    ///
    /// `now` is the caller's clock (the core reads none: `wasm32-unknown-unknown` has no
    /// system clock). `null` is not "absent": it is refused as in `from_json`. A signed
    /// request always carries every field: read those with `from_json`.
    pub fn build_from_json(
        bytes: &[u8],
        policy: ChecksumPolicy,
        now: crate::Time,
    ) -> Result<Request, Error> {
        let d: RequestDraft = parse_strict(bytes, policy)?;
        let r = Request {
            schema_version: d.schema_version,
            service: d.service,
            channel: d.channel,
            applicant: d.applicant,
            representative: d.representative,
            operator: d.operator,
            family_members: d.family_members,
            attachments: d.attachments,
            intake: d.intake,
            form: d.form,
            created_at: d
                .created_at
                .unwrap_or_else(|| Self::default_created_at(now)),
        };
        r.validate(policy)?;
        Ok(r)
    }

    /// The `created_at` of a request that does not set one: `now` in UTC, truncated to the
    /// whole second (the documents' instants carry no fraction unless given one).
    pub fn default_created_at(now: crate::Time) -> crate::Time {
        let utc = now.to_offset(time::UtcOffset::UTC);
        utc.replace_nanosecond(0).unwrap_or(utc)
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const APPLICANT: &str = "871008401427";
    const REPRESENTATIVE: &str = "800416300257";
    const OPERATOR: &str = "760212350620";
    const OPERATOR_BIN: &str = "940140000385";
    const MEMBER: &str = "931002451325";

    fn iin(s: &str) -> Iin {
        Iin::parse(s).unwrap()
    }

    fn operator() -> Operator {
        Operator {
            iin: iin(OPERATOR),
            bin: Bin::parse(OPERATOR_BIN).unwrap(),
        }
    }

    fn builder(channel: Channel) -> RequestBuilder {
        let applicant = Person {
            iin: iin(APPLICANT),
            name: "Ахметова Айгүл Серікқызы".into(),
        };
        Request::builder(Service::HousingQueue, channel, applicant)
            .form(Form::HousingQueue(QueueForm {
                category: QueueCategory::SociallyVulnerable,
                current_address: "Алматы, ул. Абая 1, кв. 2".into(),
                family_size: 2,
            }))
            .created_at(datetime!(2025-03-03 09:15 UTC))
    }

    fn field(r: Result<Request, Error>) -> String {
        match r {
            Err(Error::InvalidDocument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    fn attachment() -> Attachment {
        Attachment {
            kind: AttachmentKind::IdentityDocument,
            file_name: "id.pdf".into(),
            media_type: "application/pdf".into(),
            size: 48213,
            sha256: [0xab; 32],
            paper_original: false,
        }
    }

    #[test]
    fn the_channel_decides_who_signs() {
        builder(Channel::Portal).build().unwrap();
        builder(Channel::Con).operator(operator()).build().unwrap();
        // The citizen signs on the portal (000 §6); an operator signs at a ЦОН or the
        // provider (000 §7, §8).
        assert_eq!(
            field(builder(Channel::Portal).operator(operator()).build()),
            "operator"
        );
        assert_eq!(field(builder(Channel::Con).build()), "operator");
        assert_eq!(field(builder(Channel::Provider).build()), "operator");
    }

    #[test]
    fn a_representative_only_at_a_con_and_not_the_applicant() {
        let rep = |who: &str| Representative {
            iin: iin(who),
            name: "Ахметов Ерлан".into(),
            power_of_attorney: Some(PowerOfAttorney {
                number: "2-1234".into(),
                date: date!(2025 - 02 - 20),
                notary: "Сейітова Г. Б.".into(),
            }),
        };
        builder(Channel::Con)
            .operator(operator())
            .representative(rep(REPRESENTATIVE))
            .build()
            .unwrap();
        assert_eq!(
            field(
                builder(Channel::Portal)
                    .representative(rep(REPRESENTATIVE))
                    .build()
            ),
            "representative"
        );
        assert_eq!(
            field(
                builder(Channel::Con)
                    .operator(operator())
                    .representative(rep(APPLICANT))
                    .build()
            ),
            "representative.iin"
        );
        // A power of attorney dated after the request.
        let mut late = rep(REPRESENTATIVE);
        if let Some(p) = late.power_of_attorney.as_mut() {
            p.date = date!(2025 - 03 - 04);
        }
        assert_eq!(
            field(
                builder(Channel::Con)
                    .operator(operator())
                    .representative(late)
                    .build()
            ),
            "representative.power_of_attorney.date"
        );
    }

    #[test]
    fn family_members_are_distinct_and_counted() {
        builder(Channel::Portal)
            .family_member(iin(MEMBER))
            .build()
            .unwrap();
        assert_eq!(
            field(
                builder(Channel::Portal)
                    .family_member(iin(APPLICANT))
                    .build()
            ),
            "family_members[0]"
        );
        assert_eq!(
            field(
                builder(Channel::Portal)
                    .family_member(iin(MEMBER))
                    .family_member(iin(MEMBER))
                    .build()
            ),
            "family_members[1]"
        );
        // family_size 2 cannot hold the applicant and two members.
        assert_eq!(
            field(
                builder(Channel::Portal)
                    .family_member(iin(MEMBER))
                    .family_member(iin(REPRESENTATIVE))
                    .build()
            ),
            "form.family_size"
        );
    }

    #[test]
    fn attachments_and_paper_originals() {
        builder(Channel::Portal)
            .attachment(attachment())
            .build()
            .unwrap();
        let paper = Attachment {
            paper_original: true,
            ..attachment()
        };
        assert_eq!(
            field(builder(Channel::Portal).attachment(paper.clone()).build()),
            "attachments[0].paper_original"
        );
        builder(Channel::Con)
            .operator(operator())
            .attachment(paper)
            .build()
            .unwrap();
        let mut b = builder(Channel::Portal);
        for _ in 0..=MAX_ATTACHMENTS {
            b = b.attachment(attachment());
        }
        assert!(matches!(
            b.build(),
            Err(Error::TooLarge {
                what: "attachments",
                ..
            })
        ));
    }

    #[test]
    fn form_service_and_intake_channel() {
        let r = builder(Channel::Portal).form(Form::HousingCertificate(CertificateForm {
            purpose: "для банка".into(),
            region: "Алматы".into(),
        }));
        assert_eq!(field(r.build()), "form.service");
        let intake = Intake {
            family: Vec::new(),
            obtained: Vec::new(),
        };
        assert_eq!(
            field(builder(Channel::Portal).intake(intake.clone()).build()),
            "intake"
        );
        builder(Channel::Con)
            .operator(operator())
            .intake(intake)
            .build()
            .unwrap();
    }

    /// The JSON of `builder(channel)` without the fields `build_from_json` may fill.
    fn bare_json(r: &Request) -> String {
        let mut v = r.to_value();
        let o = v.as_object_mut().unwrap();
        for k in [
            "schema_version",
            "family_members",
            "attachments",
            "created_at",
        ] {
            assert!(o.remove(k).is_some(), "{k}");
        }
        v.to_string()
    }

    #[test]
    fn building_fills_the_defaults_of_the_builder() {
        let strict = ChecksumPolicy::Strict;
        let r = builder(Channel::Con).operator(operator()).build().unwrap();
        let bare = bare_json(&r);
        // Not a request as it is…
        assert!(Request::from_json(bare.as_bytes(), strict).is_err());
        // …but one being built: "1", no family members or attachments, created now (in UTC,
        // to the second: 14:15:42.75 at UTC+5 is 09:15:42 UTC).
        let now = datetime!(2025-03-03 14:15:42.75 +5);
        let b = Request::build_from_json(bare.as_bytes(), strict, now).unwrap();
        assert_eq!(b.created_at, datetime!(2025-03-03 09:15:42 UTC));
        assert_eq!(b.created_at.offset(), time::UtcOffset::UTC);
        assert_eq!(
            b,
            Request {
                created_at: datetime!(2025-03-03 09:15:42 UTC),
                ..r
            }
        );
        let text = String::from_utf8(b.to_json()).unwrap();
        assert!(text.starts_with(r#"{"schema_version":"1","#), "{text}");
        assert!(
            text.contains(r#""family_members":[],"attachments":[]"#),
            "{text}"
        );
        assert!(
            text.ends_with(r#""created_at":"2025-03-03T09:15:42Z"}"#),
            "{text}"
        );
        // What gets signed reads back with from_json.
        assert_eq!(Request::from_json(&b.to_json(), strict).unwrap(), b);
        assert_eq!(
            Request::default_created_at(now),
            datetime!(2025-03-03 09:15:42 UTC)
        );
    }

    #[test]
    fn building_keeps_explicit_values() {
        let strict = ChecksumPolicy::Strict;
        let r = builder(Channel::Con)
            .operator(operator())
            .family_member(iin(MEMBER))
            .attachment(attachment())
            .created_at(datetime!(2025-03-03 09:15:07.5 UTC))
            .build()
            .unwrap();
        let now = datetime!(2030-01-01 00:00 UTC);
        let b = Request::build_from_json(&r.to_json(), strict, now).unwrap();
        assert_eq!(b, r);
        assert_eq!(b.created_at, datetime!(2025-03-03 09:15:07.5 UTC));
        assert_eq!(b.family_members, vec![iin(MEMBER)]);
        assert_eq!(b.attachments.len(), 1);
        assert_eq!(b.to_json(), r.to_json());
    }

    #[test]
    fn building_is_as_strict_as_reading() {
        let strict = ChecksumPolicy::Strict;
        let now = datetime!(2025-03-03 09:15 UTC);
        let r = builder(Channel::Con).operator(operator()).build().unwrap();
        let bare = bare_json(&r);
        let build = |doc: &str| Request::build_from_json(doc.as_bytes(), strict, now);
        build(&bare).unwrap();
        let with = |extra: &str| format!("{},{extra}}}", bare.strip_suffix('}').unwrap());
        // A repeated key, also a harmless repeat of the same value, and of a filled field.
        assert!(build(&with(r#""channel":"con""#))
            .unwrap_err()
            .to_string()
            .contains("duplicate key"));
        assert!(build(&with(r#""attachments":[],"attachments":[]"#))
            .unwrap_err()
            .to_string()
            .contains("duplicate key"));
        // null is not "absent"; a wrong version, an unknown field, a non-UTC instant.
        for extra in [
            r#""created_at":null"#,
            r#""family_members":null"#,
            r#""attachments":null"#,
            r#""schema_version":null"#,
            r#""schema_version":"2""#,
            r#""extra":1"#,
            r#""created_at":"2025-03-03T14:15:00+05:00""#,
        ] {
            assert!(build(&with(extra)).is_err(), "{extra}");
        }
        // Explicit values go through the rules: the applicant as a family member.
        assert_eq!(
            field(build(&with(&format!(
                r#""family_members":["{APPLICANT}"]"#
            )))),
            "family_members[0]"
        );
        // Every rule of validate: an operator on the portal.
        let portal = bare.replace(r#""channel":"con""#, r#""channel":"portal""#);
        assert_ne!(portal, bare);
        assert_eq!(field(build(&portal)), "operator");
        // Missing parts are reported, not defaulted.
        assert!(build(r#"{"schema_version":"1"}"#).is_err());
        let no_form = bare.replacen(r#""form":"#, r#""form_":"#, 1);
        assert!(build(&no_form).is_err());
        // The size limit, before parsing.
        let big = vec![b' '; crate::limits::MAX_JSON_SIZE + 1];
        assert!(matches!(
            Request::build_from_json(&big, strict, now),
            Err(Error::TooLarge { .. })
        ));
        // The checksum policy is applied: a bad check digit passes only leniently.
        let bad = with(r#""family_members":["931002451326"]"#);
        assert!(matches!(build(&bad), Err(Error::InvalidIin { .. })));
        Request::build_from_json(bad.as_bytes(), ChecksumPolicy::Lenient, now).unwrap();
    }

    #[test]
    fn json_round_trip_and_strict_reading() {
        let r = builder(Channel::Con).operator(operator()).build().unwrap();
        let json = r.to_json();
        assert_eq!(
            Request::from_json(&json, ChecksumPolicy::Strict).unwrap(),
            r
        );
        // An operator on the portal, smuggled in through JSON, is refused by the same rule.
        let text = String::from_utf8(json)
            .unwrap()
            .replace(r#""channel":"con""#, r#""channel":"portal""#);
        assert!(matches!(
            Request::from_json(text.as_bytes(), ChecksumPolicy::Strict),
            Err(Error::InvalidDocument { field, .. }) if field == "operator"
        ));
    }
}
