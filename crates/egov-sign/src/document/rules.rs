//! The services' rules from the regulations, as data with the seeds as defaults: which
//! channels each service is received through, and the legal deadline of each service (steps
//! in calendar or working days). Overridable in [`crate::policy::Policy::rules`]: regulations
//! change and a region may differ.
//!
//! Seeds: "000" is the Almaty-region e-service regulation (2012), "002" the Almaty city
//! regulations (2018; Russian, then Kazakh). `002:205` is line 205 of the seed file.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use super::calendar::Calendar;
use super::{Channel, Outcome, Receipt, Request, ResultDocument, Service};
use crate::policy::Policy;
use crate::report::{Code, Finding};
use crate::Error;

/// The unit of a deadline step (`"calendar"` / `"working"` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// Calendar days.
    Calendar,
    /// Working days of the [`Calendar`].
    Working,
}

/// One step of a service's procedure with a duration in days (steps of minutes or hours are
/// within the day and not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// How many days.
    pub days: u32,
    /// Calendar or working days.
    pub unit: DayUnit,
    /// Where the regulation says so (seed line).
    pub cite: String,
}

impl Step {
    fn new(days: u32, unit: DayUnit, cite: &str) -> Step {
        Step {
            days,
            unit,
            cite: cite.to_owned(),
        }
    }
}

/// The rules of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRule {
    /// The service.
    pub service: Service,
    /// The channels the service is received through.
    pub channels: Vec<Channel>,
    /// The steps of the procedure, counted one after the other from the registration date.
    pub steps: Vec<Step>,
}

/// The rules of every service.
///
/// As JSON ([`ServiceRules::to_json`], [`ServiceRules::from_json`]; what the bindings pass):
///
/// ```json
/// {"services":[{"service":"housing_certificate","channels":["con"],
///   "steps":[{"days":3,"unit":"working","cite":"002:223"},
///            {"days":1,"unit":"working","cite":"002:227"}]}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRules {
    /// One rule per service.
    pub services: Vec<ServiceRule>,
}

impl Default for ServiceRules {
    /// The seeds: 002 (Almaty city) for every service, with the provider's office channel
    /// of 000 for the queue.
    fn default() -> Self {
        use DayUnit::{Calendar as Cal, Working};
        ServiceRules {
            services: vec![
                ServiceRule {
                    service: Service::HousingQueue,
                    // 002:44 «Государственная корпорация», 002:46 «Портал»; 000:203 the
                    // provider's employee (000 §7, «через услугодателя»).
                    channels: vec![Channel::Portal, Channel::Con, Channel::Provider],
                    steps: vec![
                        // 002:70 «27 (двадцать семь) календарных дней»
                        Step::new(27, Cal, "002:70"),
                        // 002:74 «1 (один) календарный день»
                        Step::new(1, Cal, "002:74"),
                    ],
                },
                ServiceRule {
                    service: Service::HousingCertificate,
                    // 002:205 «Прием заявлений и выдача результатов ... осуществляются через
                    // ... Государственная корпорация» — the State Corporation only.
                    channels: vec![Channel::Con],
                    steps: vec![
                        // 002:223 «3 (три) рабочих дней»
                        Step::new(3, Working, "002:223"),
                        // 002:227 «1 (один) рабочий день»
                        Step::new(1, Working, "002:227"),
                    ],
                },
                ServiceRule {
                    service: Service::Privatization,
                    // 002:323 «через ... Государственная корпорация ..., канцелярию
                    // услугодателя».
                    channels: vec![Channel::Con, Channel::Provider],
                    steps: vec![
                        // 002:347 «в течение 1 (одного) календарного дня»
                        Step::new(1, Cal, "002:347"),
                        // 002:349 «27 (двадцать семь) календарных дней»
                        Step::new(27, Cal, "002:349"),
                        // 002:351 «в течение 1 (одного) календарного дня»
                        Step::new(1, Cal, "002:351"),
                        // 002:353 «в течение 1 (одного) календарного дня»
                        Step::new(1, Cal, "002:353"),
                    ],
                },
            ],
        }
    }
}

impl ServiceRules {
    /// The Almaty-region e-service regulation 000 (2012) for the queue: portal, ЦОН and the
    /// provider's office (000 §6–§8), 30 days (000:543 «30 дней», counted as calendar
    /// days); the other services as [`ServiceRules::default`].
    pub fn almaty_region_2012() -> ServiceRules {
        let mut r = ServiceRules::default();
        if let Some(q) = r
            .services
            .iter_mut()
            .find(|s| s.service == Service::HousingQueue)
        {
            q.channels = vec![Channel::Portal, Channel::Con, Channel::Provider];
            q.steps = vec![Step::new(30, DayUnit::Calendar, "000:543")];
        }
        r
    }

    /// Most steps of one service.
    pub const MAX_STEPS: usize = 16;
    /// Most days of one step.
    pub const MAX_STEP_DAYS: u32 = 366;

    /// The rules by name: `"almaty_city"` ([`ServiceRules::default`], seed 002) or
    /// `"almaty_region_2012"` ([`ServiceRules::almaty_region_2012`], seed 000 for the queue).
    pub fn named(name: &str) -> Option<ServiceRules> {
        match name {
            "almaty_city" => Some(ServiceRules::default()),
            "almaty_region_2012" => Some(ServiceRules::almaty_region_2012()),
            _ => None,
        }
    }

    /// Compact JSON (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Strict JSON (the documents' reader: size limit, no duplicate or unknown key), then
    /// [`ServiceRules::validate`]. A service left out has no channel and no deadline: its
    /// requests are refused (`CHANNEL_NOT_ALLOWED`), its results' deadlines unanswered.
    pub fn from_json(bytes: &[u8]) -> Result<ServiceRules, Error> {
        let r: ServiceRules = super::parse_strict(bytes, crate::iin::ChecksumPolicy::Strict)?;
        r.validate()?;
        Ok(r)
    }

    /// Each service at most once, each channel at most once per service, at most
    /// [`ServiceRules::MAX_STEPS`] steps of 1 ..= [`ServiceRules::MAX_STEP_DAYS`] days, each
    /// with a citation.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |field: String, reason: &str| Error::InvalidDocument {
            field,
            reason: reason.to_owned(),
        };
        for (i, r) in self.services.iter().enumerate() {
            if self.services[..i].iter().any(|o| o.service == r.service) {
                return Err(bad(format!("services[{i}].service"), "listed twice"));
            }
            for (j, c) in r.channels.iter().enumerate() {
                if r.channels[..j].contains(c) {
                    return Err(bad(format!("services[{i}].channels[{j}]"), "listed twice"));
                }
            }
            if r.steps.is_empty() || r.steps.len() > Self::MAX_STEPS {
                return Err(bad(
                    format!("services[{i}].steps"),
                    "between 1 and 16 steps",
                ));
            }
            for (j, s) in r.steps.iter().enumerate() {
                if s.days == 0 || s.days > Self::MAX_STEP_DAYS {
                    return Err(bad(
                        format!("services[{i}].steps[{j}].days"),
                        "between 1 and 366 days",
                    ));
                }
                super::check_text(
                    &s.cite,
                    &format!("services[{i}].steps[{j}].cite"),
                    super::MAX_TEXT_LEN,
                )?;
            }
        }
        Ok(())
    }

    /// The service × channel matrix: `(service, channel, allowed)` for every pair.
    pub fn matrix(&self) -> Vec<(Service, Channel, bool)> {
        let mut out = Vec::new();
        for s in [
            Service::HousingQueue,
            Service::HousingCertificate,
            Service::Privatization,
        ] {
            for c in [Channel::Portal, Channel::Con, Channel::Provider] {
                out.push((s, c, self.allows(s, c)));
            }
        }
        out
    }

    /// The rule of `service`, if any.
    pub fn rule(&self, service: Service) -> Option<&ServiceRule> {
        self.services.iter().find(|s| s.service == service)
    }

    /// Whether `service` is received through `channel` (no rule: not allowed).
    pub fn allows(&self, service: Service, channel: Channel) -> bool {
        self.rule(service)
            .is_some_and(|r| r.channels.contains(&channel))
    }

    /// The legal deadline of `service` for a request registered on `registered` (a date in
    /// Almaty time, see [`almaty_date`]): the steps counted one after the other. `None`
    /// when the service has no rule, or a working-day step crosses a year `calendar` does
    /// not hold.
    pub fn deadline(
        &self,
        service: Service,
        registered: Date,
        calendar: &Calendar,
    ) -> Option<Date> {
        let rule = self.rule(service)?;
        let mut d = registered;
        for step in &rule.steps {
            d = match step.unit {
                DayUnit::Calendar => d.checked_add(Duration::days(i64::from(step.days)))?,
                DayUnit::Working => calendar.add_working_days(d, step.days)?,
            };
        }
        Some(d)
    }
}

/// Almaty's offset at `t` as it was: UTC+6 until Kazakhstan's single time zone took effect
/// (1 March 2024 00:00 +06, clocks set back to 29 February 23:00 +05), UTC+5 from
/// 2024-02-29T18:00:00Z on (tz database, Asia/Almaty).
pub fn almaty_offset(t: OffsetDateTime) -> UtcOffset {
    const SWITCH: i64 = 1_709_229_600; // 2024-02-29T18:00:00Z
    if t.unix_timestamp() < SWITCH {
        time::macros::offset!(+6)
    } else {
        time::macros::offset!(+5)
    }
}

/// The calendar date of `t` in Almaty, in the zone as it was at `t`.
pub fn almaty_date(t: OffsetDateTime) -> Date {
    let off = almaty_offset(t);
    t.checked_to_offset(off).unwrap_or(t).date()
}

/// The service × channel rule for a request: a request on a channel its service does not
/// have is refused (`CHANNEL_NOT_ALLOWED`).
pub fn check_request(request: &Request, policy: &Policy) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !policy.rules.allows(request.service, request.channel) {
        findings.push(Finding::new(
            Code::ChannelNotAllowed,
            format!(
                "the {} service is not received through the {} channel (002:44–46 queue: \
                 portal and State Corporation, 000:203 provider; 002:205 справка: State \
                 Corporation only; 002:323 privatization: State Corporation and the provider's \
                 office)",
                request.service, request.channel
            ),
        ));
    }
    findings
}

/// The service × channel rule for a receipt refusing documents: it is issued at a ЦОН
/// (002:120), so the service must be received through the State Corporation
/// (`CHANNEL_NOT_ALLOWED` otherwise).
pub fn check_receipt(receipt: &Receipt, policy: &Policy) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !policy.rules.allows(receipt.service, Channel::Con) {
        findings.push(Finding::new(
            Code::ChannelNotAllowed,
            format!(
                "the {} service is not received through the State Corporation, which issues \
                 the receipt (002:120)",
                receipt.service
            ),
        ));
    }
    findings
}

/// The result's rules beyond its signer: its binding to the request it answers (when
/// known) and its deadline.
///
/// * the result's service is the request's service (`RESULT_SERVICE_MISMATCH`);
/// * it names the request's applicant (`RESULT_APPLICANT_MISMATCH`);
/// * `registered_at` is not before the request's `created_at` (`REGISTERED_BEFORE_REQUEST`);
/// * the outcome kind belongs to the service (`OUTCOME_NOT_FOR_SERVICE`);
/// * `due_by` is not later than the legal deadline (`DUE_BY_AFTER_DEADLINE`; the deadline
///   needs the calendar's year: `CALENDAR_MISSING` otherwise);
/// * issued (Almaty date) after `due_by`: the warning `DEADLINE_MISSED`;
/// * a working-day deadline counted over a year whose calendar data is provisional: the
///   warning `CALENDAR_PROVISIONAL` (the deadline is used, and the report says on what).
pub fn check_result(
    result: &ResultDocument,
    request: Option<&Request>,
    policy: &Policy,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(req) = request {
        if req.service != result.service {
            findings.push(Finding::new(
                Code::ResultServiceMismatch,
                format!(
                    "the result is for {} but the request is for {}",
                    result.service, req.service
                ),
            ));
        }
        if req.applicant.iin != result.applicant.iin {
            findings.push(Finding::new(
                Code::ResultApplicantMismatch,
                format!(
                    "the result names applicant {} but the request's applicant is {}",
                    result.applicant.iin.as_str(),
                    req.applicant.iin.as_str()
                ),
            ));
        }
        // 002:209: a справка covers the applicant and the family members of the request.
        if let Outcome::HousingCertificate { covers, .. } = &result.outcome {
            for c in covers {
                if *c != req.applicant.iin && !req.family_members.contains(c) {
                    findings.push(Finding::new(
                        Code::ResultApplicantMismatch,
                        format!(
                            "the справка covers {}, who is neither the request's applicant nor \
                             one of its family members",
                            c.as_str()
                        ),
                    ));
                }
            }
        }
        if result.registered_at < req.created_at {
            findings.push(Finding::new(
                Code::RegisteredBeforeRequest,
                "registered_at precedes the request's created_at",
            ));
        }
    }
    if let Some(s) = result.outcome.service() {
        if s != result.service {
            findings.push(Finding::new(
                Code::OutcomeNotForService,
                format!(
                    "a {} outcome is only for the {} service, not {}",
                    result.outcome.kind(),
                    s,
                    result.service
                ),
            ));
        }
    }
    // 002:120 (002:273, 002:401): the receipt refusing documents for an incomplete package
    // is issued by the State Corporation's employee before any request exists — a provider
    // result cannot be that receipt.
    if let Outcome::PackageRefused { .. } = result.outcome {
        findings.push(Finding::new(
            Code::OutcomeNotForService,
            "a package refusal is the State Corporation employee's receipt, issued before any \
             request exists (002:120), not a provider result: verify it as a receipt",
        ));
    }
    let registered = almaty_date(result.registered_at);
    match policy
        .rules
        .deadline(result.service, registered, &policy.calendar)
    {
        Some(legal) => {
            if result.due_by > legal {
                findings.push(Finding::new(
                    Code::DueByAfterDeadline,
                    format!(
                        "due_by {} is later than the legal deadline {} of the {} service for a \
                         request registered on {}",
                        result.due_by, legal, result.service, registered
                    ),
                ));
            }
            let working = policy
                .rules
                .rule(result.service)
                .is_some_and(|r| r.steps.iter().any(|s| matches!(s.unit, DayUnit::Working)));
            if let Some((year, why)) = working
                .then(|| policy.calendar.first_provisional(registered, legal))
                .flatten()
            {
                findings.push(Finding::new(
                    Code::CalendarProvisional,
                    format!(
                        "the legal deadline {legal} of the {} service was counted in working \
                         days over {year}, whose calendar is provisional: {why}",
                        result.service
                    ),
                ));
            }
        }
        None => findings.push(Finding::new(
            Code::CalendarMissing,
            format!(
                "the legal deadline of the {} service for a request registered on {} cannot be \
                 computed: no rule, or the calendar lacks a year",
                result.service, registered
            ),
        )),
    }
    let issued = almaty_date(result.issued_at);
    if issued > result.due_by {
        findings.push(Finding::new(
            Code::DeadlineMissed,
            format!("issued on {issued}, after its due date {}", result.due_by),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn almaty_zone_as_it_was() {
        // 23:30 UTC: next day at +6 and at +5.
        assert_eq!(
            almaty_date(datetime!(2023-06-01 18:30 UTC)),
            date!(2023 - 06 - 02)
        );
        assert_eq!(
            almaty_date(datetime!(2024-06-01 18:30 UTC)),
            date!(2024 - 06 - 01)
        );
        // The last instant at +6 and the first at +5 are both on 29 February.
        assert_eq!(
            almaty_offset(datetime!(2024-02-29 17:59:59 UTC)),
            time::macros::offset!(+6)
        );
        assert_eq!(
            almaty_offset(datetime!(2024-02-29 18:00 UTC)),
            time::macros::offset!(+5)
        );
        assert_eq!(
            almaty_date(datetime!(2024-02-28 18:30 UTC)),
            date!(2024 - 02 - 29)
        );
        assert_eq!(
            almaty_date(datetime!(2024-02-29 18:30 UTC)),
            date!(2024 - 02 - 29)
        );
    }

    #[test]
    fn seed_deadlines() {
        let r = ServiceRules::default();
        let cal = Calendar::kazakhstan();
        // Queue: 27 + 1 calendar days.
        assert_eq!(
            r.deadline(Service::HousingQueue, date!(2025 - 03 - 03), &cal),
            Some(date!(2025 - 03 - 31))
        );
        // Privatization: 1 + 27 + 1 + 1 calendar days.
        assert_eq!(
            r.deadline(Service::Privatization, date!(2025 - 03 - 03), &cal),
            Some(date!(2025 - 04 - 02))
        );
        // Справка: 3 + 1 working days over Nauryz 2025 (21–23 March, 24 and 25 March carried
        // over): registered Thursday 20 March → 26, 27, 28, 31 March.
        assert_eq!(
            r.deadline(Service::HousingCertificate, date!(2025 - 03 - 20), &cal),
            Some(date!(2025 - 03 - 31))
        );
        // 000: 30 days.
        assert_eq!(
            ServiceRules::almaty_region_2012().deadline(
                Service::HousingQueue,
                date!(2025 - 03 - 03),
                &cal
            ),
            Some(date!(2025 - 04 - 02))
        );
        assert_eq!(
            r.deadline(Service::HousingCertificate, date!(2030 - 03 - 20), &cal),
            None
        );
    }

    #[test]
    fn seed_channels() {
        let r = ServiceRules::default();
        assert!(r.allows(Service::HousingQueue, Channel::Portal));
        assert!(!r.allows(Service::HousingCertificate, Channel::Portal));
        assert!(!r.allows(Service::HousingCertificate, Channel::Provider));
        assert!(r.allows(Service::HousingCertificate, Channel::Con));
        assert!(!r.allows(Service::Privatization, Channel::Portal));
        assert!(r.allows(Service::Privatization, Channel::Provider));
    }
}
