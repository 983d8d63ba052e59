//! Sample documents matching the test PKI's identities (feature `test-pki`): what the demo,
//! the tests and the bindings sign.

use time::{Duration, OffsetDateTime};

use super::{
    CITIZEN_IIN, CON_BIN, OPERATOR_IIN, PROVIDER_BIN, PROVIDER_HEAD_IIN, PROVIDER_NAME,
    REPRESENTATIVE_IIN,
};
use crate::document::{
    Attachment, AttachmentKind, Channel, Form, HousingSource, Official, Operator, Organisation,
    Outcome, Person, PowerOfAttorney, QueueCategory, QueueForm, Representative, Request,
    RequestRef, ResultDocument, Service,
};
use crate::iin::{Bin, Iin};
use crate::Error;

/// The citizen's name in the test PKI.
pub const CITIZEN_NAME: &str = "Ахметова Айгүл Серікқызы";

fn queue_form() -> Form {
    Form::HousingQueue(QueueForm {
        category: QueueCategory::SociallyVulnerable,
        current_address: "г. Астана, ул. Абая, д. 1, кв. 2".into(),
        family_size: 1,
    })
}

fn attachment() -> Attachment {
    Attachment {
        kind: AttachmentKind::IdentityDocument,
        file_name: "udostoverenie.pdf".into(),
        media_type: "application/pdf".into(),
        size: 48_213,
        sha256: crate::asn1::sha256(b"udostoverenie.pdf"),
        paper_original: false,
    }
}

/// A portal housing-queue request by the applicant with `applicant_iin`, created at `at`.
pub fn portal_queue_request(applicant_iin: &str, at: OffsetDateTime) -> Result<Request, Error> {
    Request::builder(
        Service::HousingQueue,
        Channel::Portal,
        Person {
            iin: Iin::parse(applicant_iin)?,
            name: CITIZEN_NAME.into(),
        },
    )
    .form(queue_form())
    .attachment(attachment())
    .created_at(at)
    .build()
}

/// The citizen's portal housing-queue request.
pub fn citizen_portal_request(at: OffsetDateTime) -> Result<Request, Error> {
    portal_queue_request(CITIZEN_IIN, at)
}

/// A ЦОН housing-queue request for the citizen, entered by the test PKI's operator (BIN
/// `operator_bin`), for the citizen's representative under a power of attorney.
pub fn con_queue_request(operator_bin: &str, at: OffsetDateTime) -> Result<Request, Error> {
    Request::builder(
        Service::HousingQueue,
        Channel::Con,
        Person {
            iin: Iin::parse(CITIZEN_IIN)?,
            name: CITIZEN_NAME.into(),
        },
    )
    .representative(Representative {
        iin: Iin::parse(REPRESENTATIVE_IIN)?,
        name: "Ахметов Ерлан Серікұлы".into(),
        power_of_attorney: Some(PowerOfAttorney {
            number: "2-1234".into(),
            date: (at - Duration::days(30)).date(),
            notary: "Сейітова Гүлнар Бақытқызы".into(),
        }),
    })
    .operator(Operator {
        iin: Iin::parse(OPERATOR_IIN)?,
        bin: Bin::parse(operator_bin)?,
    })
    .form(queue_form())
    .attachment(attachment())
    .created_at(at)
    .build()
}

/// The test PKI's ЦОН request (operator of [`CON_BIN`]).
pub fn citizen_con_request(at: OffsetDateTime) -> Result<Request, Error> {
    con_queue_request(CON_BIN, at)
}

/// A provider-office housing-queue request for the citizen, entered and signed by the
/// provider's employee with `employee_iin` of the organisation `bin` (000 §7).
pub fn provider_queue_request(
    employee_iin: &str,
    bin: &str,
    at: OffsetDateTime,
) -> Result<Request, Error> {
    Request::builder(
        Service::HousingQueue,
        Channel::Provider,
        Person {
            iin: Iin::parse(CITIZEN_IIN)?,
            name: CITIZEN_NAME.into(),
        },
    )
    .operator(Operator {
        iin: Iin::parse(employee_iin)?,
        bin: Bin::parse(bin)?,
    })
    .form(queue_form())
    .attachment(attachment())
    .created_at(at)
    .build()
}

/// A queue-registration result for the citizen's ([`CITIZEN_IIN`]) request envelope
/// `request_envelope_der`, issued by the provider ([`PROVIDER_BIN`]) and signed by the
/// official with `official_iin`.
pub fn queue_result(
    request_envelope_der: &[u8],
    official_iin: &str,
    queue_number: u32,
    registered_at: OffsetDateTime,
) -> Result<ResultDocument, Error> {
    ResultDocument::builder(
        Service::HousingQueue,
        RequestRef {
            registration_number: "KZ-TEST-000001".into(),
            envelope_sha256: crate::asn1::sha256(request_envelope_der),
        },
        Person {
            iin: Iin::parse(CITIZEN_IIN)?,
            name: CITIZEN_NAME.into(),
        },
        Organisation {
            bin: Bin::parse(PROVIDER_BIN)?,
            name: PROVIDER_NAME.into(),
        },
        Official {
            iin: Iin::parse(official_iin)?,
            name: "Серікова Әсем Қайратқызы".into(),
            position: "Руководитель отдела".into(),
        },
    )
    .registered_at(registered_at)
    .issued_at(registered_at + Duration::hours(1))
    .outcome(Outcome::QueueRegistration {
        queue_number,
        housing_source: HousingSource::StateFund,
    })
    .build()
}

/// The first head's queue-registration result (queue number 1542) for a request envelope.
pub fn head_queue_result(
    request_envelope_der: &[u8],
    registered_at: OffsetDateTime,
) -> Result<ResultDocument, Error> {
    queue_result(request_envelope_der, PROVIDER_HEAD_IIN, 1542, registered_at)
}
