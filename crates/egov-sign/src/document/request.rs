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
