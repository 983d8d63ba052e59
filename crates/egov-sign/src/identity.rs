//! The regulations' identity rules: who may sign which document.
//!
//! - Portal (000 §6, 002 §10, "condition 2"): the certificate's IIN equals the applicant's
//!   IIN; the key is a signing key (checked by the verifier's key-usage rule); the certificate
//!   is the citizen's own, not a legal-entity (employee) certificate.
//! - ЦОН (000 §8, 002 §9): the signer holds a legal-entity (employee) certificate
//!   (EKU 1.2.398.3.3.4.1.2.*) whose BIN is one of the configured operator organisations and
//!   whose IIN equals the request's operator IIN.
//! - Provider office (000 §7): the signer's BIN is a configured provider BIN and its IIN the
//!   request's operator (employee) IIN.
//! - Result: only the provider's authorized person signs (000:199 «Электронный документ
//!   формируется с использованием ЭЦП уполномоченного лица услугодателя», 002:54): with no
//!   provider configured every result is refused (`PROVIDER_NOT_CONFIGURED`); the signer's
//!   BIN is a configured provider BIN and equals the issuer BIN, its IIN the official's IIN,
//!   its role first head (…1.2.1) or right to sign (…1.2.2); when the request envelope is
//!   given, its hash matches and the result is bound to the request's content
//!   ([`crate::document::rules::check_result`]).
//! - Receipt refusing documents (002:120, 002:273, 002:401): signed by a ЦОН operator of a
//!   configured operator organisation, like a ЦОН request ([`check_receipt`]).
//! - Every request: its service is received through its channel
//!   ([`crate::document::rules::check_request`], `CHANNEL_NOT_ALLOWED`).

use crate::asn1;
use crate::certificate::Certificate;
use crate::cms::Envelope;
use crate::document::{Channel, Receipt, Request, ResultDocument};
use crate::iin::{Bin, Iin};
use crate::policy::Policy;
use crate::report::{Code, Finding, Role};

/// The signer's IIN under the policy, or the finding that explains why there is none.
fn signer_iin(signer: &Certificate, policy: &Policy) -> Result<Iin, Finding> {
    match signer.iin() {
        None => Err(Finding::new(
            Code::IinMismatch,
            "the certificate carries no IIN (subject serialNumber)",
        )
        .about(signer.subject())),
        Some(s) => Iin::parse_with(s, policy.checksum).map_err(|e| {
            Finding::new(Code::IinInvalid, format!("certificate IIN: {e}")).about(signer.subject())
        }),
    }
}

fn signer_bin(signer: &Certificate, policy: &Policy) -> Result<Bin, Finding> {
    match signer.bin() {
        None => Err(Finding::new(
            Code::BinMismatch,
            "the certificate carries no BIN (subject OU)",
        )
        .about(signer.subject())),
        Some(s) => Bin::parse_with(s, policy.checksum).map_err(|e| {
            Finding::new(Code::BinMismatch, format!("certificate BIN: {e}")).about(signer.subject())
        }),
    }
}

fn compare_iin(
    findings: &mut Vec<Finding>,
    signer: &Certificate,
    policy: &Policy,
    expected: &Iin,
    whose: &str,
) {
    match signer_iin(signer, policy) {
        Ok(iin) if iin == *expected => {}
        Ok(iin) => findings.push(
            Finding::new(
                Code::IinMismatch,
                format!(
                    "certificate IIN {} differs from the {whose} IIN {}",
                    iin.as_str(),
                    expected.as_str()
                ),
            )
            .about(signer.subject()),
        ),
        Err(f) => findings.push(f),
    }
}

fn employee_of(
    findings: &mut Vec<Finding>,
    signer: &Certificate,
    policy: &Policy,
    allowed: &[Bin],
    what: &str,
) -> Option<Bin> {
    if !signer.is_legal_entity() {
        findings.push(
            Finding::new(
                Code::RoleNotAllowed,
                format!("a {what} must sign with a legal-entity (employee) certificate"),
            )
            .about(signer.subject()),
        );
    }
    if allowed.is_empty() {
        findings.push(Finding::new(
            Code::ChannelNotAllowed,
            format!("no {what} organisations (BINs) are configured"),
        ));
        return None;
    }
    match signer_bin(signer, policy) {
        Ok(bin) if allowed.contains(&bin) => Some(bin),
        Ok(bin) => {
            findings.push(
                Finding::new(
                    Code::BinMismatch,
                    format!(
                        "BIN {} is not a configured {what} organisation",
                        bin.as_str()
                    ),
                )
                .about(signer.subject()),
            );
            Some(bin)
        }
        Err(f) => {
            findings.push(f);
            None
        }
    }
}

/// Findings of the identity rules for a request signed by `signer`.
pub fn check_request(request: &Request, signer: &Certificate, policy: &Policy) -> Vec<Finding> {
    let mut findings = crate::document::rules::check_request(request, policy);
    findings.extend(request_signer(request, signer, policy));
    findings
}

/// The part of [`check_request`] about the signer: whether `signer` is the one the request
/// must be signed by (the applicant on the portal, the operator on the other channels).
pub(crate) fn request_signer(
    request: &Request,
    signer: &Certificate,
    policy: &Policy,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    match request.channel {
        Channel::Portal => {
            compare_iin(
                &mut findings,
                signer,
                policy,
                &request.applicant.iin,
                "applicant's",
            );
            if signer.is_legal_entity() {
                findings.push(
                    Finding::new(
                        Code::RoleNotAllowed,
                        "a citizen signs a portal request with a personal (individual) certificate, not an organisation's",
                    )
                    .about(signer.subject()),
                );
            }
        }
        Channel::Con | Channel::Provider => {
            let (allowed, what) = if request.channel == Channel::Con {
                (&policy.operator_bins, "ЦОН operator")
            } else {
                (&policy.provider_bins, "provider")
            };
            let bin = employee_of(&mut findings, signer, policy, allowed, what);
            match &request.operator {
                Some(op) => {
                    compare_iin(&mut findings, signer, policy, &op.iin, "operator's");
                    if let Some(bin) = bin {
                        if bin != op.bin {
                            findings.push(
                                Finding::new(Code::BinMismatch, format!("certificate BIN {} differs from the request's operator BIN {}", bin.as_str(), op.bin.as_str()))
                                    .about(signer.subject()),
                            );
                        }
                    }
                }
                None => findings.push(Finding::new(
                    Code::DocumentInvalid,
                    "the request names no operator",
                )),
            }
        }
    }
    findings
}

/// Findings of the identity rules for a result signed by `signer`; `request_envelope_der`
/// is the request envelope it answers, when known.
pub fn check_result(
    result: &ResultDocument,
    signer: &Certificate,
    policy: &Policy,
    request_envelope_der: Option<&[u8]>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Fail closed: without a configured provider, any company's first head could sign a
    // result naming its own BIN as issuer.
    if policy.provider_bins.is_empty() {
        findings.push(Finding::new(
            Code::ProviderNotConfigured,
            "no provider organisation (BIN) is configured: a result is signed only by the \
             provider's authorized person (000:199, 002:54)",
        ));
    }
    findings.extend(result_signer(result, signer, policy));
    let mut request = None;
    if let Some(req) = request_envelope_der {
        let actual = asn1::sha256(req);
        match Envelope::parse(req) {
            Ok(env) => match env.content {
                Some(c) => match Request::from_json(&c, policy.checksum) {
                    Ok(r) => request = Some(r),
                    Err(e) => findings.push(Finding::new(
                        Code::DocumentInvalid,
                        format!("the request envelope's content is not a valid request: {e}"),
                    )),
                },
                None => findings.push(Finding::new(
                    Code::ContentMissing,
                    "the request envelope is detached: the result's binding to the request's \
                     service, applicant and creation cannot be checked",
                )),
            },
            Err(e) => findings.push(Finding::new(
                Code::Malformed,
                format!("request envelope: {e}"),
            )),
        }
        if actual != result.request.envelope_sha256 {
            findings.push(Finding::new(
                Code::RequestHashMismatch,
                format!(
                    "the result references request envelope {}, the given one is {}",
                    asn1::hex(&result.request.envelope_sha256),
                    asn1::hex(&actual)
                ),
            ));
        }
    }
    findings.extend(crate::document::rules::check_result(
        result,
        request.as_ref(),
        policy,
    ));
    findings
}

/// The part of [`check_result`] about the signer: the provider's authorized person named
/// as the result's official (BIN, IIN, role).
pub(crate) fn result_signer(
    result: &ResultDocument,
    signer: &Certificate,
    policy: &Policy,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    match signer_bin(signer, policy) {
        Ok(bin) if bin == result.issuer.bin => {
            if !policy.provider_bins.is_empty() && !policy.provider_bins.contains(&bin) {
                findings.push(
                    Finding::new(
                        Code::BinMismatch,
                        format!("BIN {} is not a configured provider", bin.as_str()),
                    )
                    .about(signer.subject()),
                );
            }
        }
        Ok(bin) => findings.push(
            Finding::new(
                Code::BinMismatch,
                format!(
                    "certificate BIN {} differs from the issuer BIN {}",
                    bin.as_str(),
                    result.issuer.bin.as_str()
                ),
            )
            .about(signer.subject()),
        ),
        Err(f) => findings.push(f),
    }
    compare_iin(
        &mut findings,
        signer,
        policy,
        &result.official.iin,
        "official's",
    );
    let role = signer.role();
    if !matches!(role, Role::FirstHead | Role::RightToSign) {
        findings.push(
            Finding::new(
                Code::RoleNotAllowed,
                format!(
                    "role {} may not sign results (first head or right to sign required)",
                    role.as_str()
                ),
            )
            .about(signer.subject()),
        );
    }
    findings
}

/// Findings of the identity rules for a receipt refusing documents signed by `signer`:
/// issued and signed by the State Corporation's employee (002:120 «выдача работником
/// Государственной корпорации расписки об отказе в приеме документов»), so the same rule
/// as a ЦОН request's signer — a legal-entity (employee) certificate whose BIN is a
/// configured operator organisation (none configured: `CHANNEL_NOT_ALLOWED`) and equals the
/// receipt's operator BIN, and whose IIN is the receipt's operator IIN — and the service
/// must be received at a ЦОН.
pub fn check_receipt(receipt: &Receipt, signer: &Certificate, policy: &Policy) -> Vec<Finding> {
    let mut findings = crate::document::rules::check_receipt(receipt, policy);
    findings.extend(receipt_signer(receipt, signer, policy));
    findings
}

/// The part of [`check_receipt`] about the signer (a ЦОН operator named by the receipt).
pub(crate) fn receipt_signer(
    receipt: &Receipt,
    signer: &Certificate,
    policy: &Policy,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let bin = employee_of(
        &mut findings,
        signer,
        policy,
        &policy.operator_bins,
        "ЦОН operator",
    );
    compare_iin(
        &mut findings,
        signer,
        policy,
        &receipt.operator.iin,
        "operator's",
    );
    if let Some(bin) = bin {
        if bin != receipt.operator.bin {
            findings.push(
                Finding::new(
                    Code::BinMismatch,
                    format!(
                        "certificate BIN {} differs from the receipt's operator BIN {}",
                        bin.as_str(),
                        receipt.operator.bin.as_str()
                    ),
                )
                .about(signer.subject()),
            );
        }
    }
    findings
}

/// The rules of this module, one channel at a time, on the test PKI's identities (feature
/// `test-pki`) and on real NCA test certificates (whose IIN / BIN fail the check digit).
#[cfg(all(test, feature = "test-pki"))]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::document::{Operator, Person, Service};
    use crate::iin::ChecksumPolicy;
    use crate::test_pki::{
        samples, Issued, KeyFamily, TestPki, CITIZEN_IIN, CON_BIN, OPERATOR_IIN, PROVIDER_BIN,
        PROVIDER_EMPLOYEE_IIN, PROVIDER_SIGNER_IIN,
    };
    use crate::Time;

    fn now() -> Time {
        Time::from_unix_timestamp(1_780_000_000).unwrap()
    }

    fn pki() -> &'static TestPki {
        static PKI: OnceLock<TestPki> = OnceLock::new();
        PKI.get_or_init(|| TestPki::generate(KeyFamily::P256, now()).unwrap())
    }

    fn cert(i: &Issued) -> Certificate {
        Certificate::from_der(&i.cert_der).unwrap()
    }

    /// A real NCA test certificate of `testdata/nca/` (fails when missing).
    fn nca(name: &str) -> Certificate {
        let path = format!("{}/../../testdata/nca/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("missing fixture {path}: {e}"));
        Certificate::parse_all(&bytes).unwrap().remove(0)
    }

    fn codes(findings: &[Finding]) -> Vec<Code> {
        findings.iter().map(|f| f.code).collect()
    }

    /// ЦОН operators of [`CON_BIN`], the provider [`PROVIDER_BIN`], strict checksums.
    fn policy() -> Policy {
        Policy {
            operator_bins: vec![Bin::parse(CON_BIN).unwrap()],
            provider_bins: vec![Bin::parse(PROVIDER_BIN).unwrap()],
            ..Policy::default()
        }
    }

    #[test]
    fn portal_request_is_signed_by_the_applicant_with_a_personal_certificate() {
        let p = pki();
        let request = samples::citizen_portal_request(now()).unwrap();
        let check = |who: &Issued| codes(&request_signer(&request, &cert(who), &policy()));
        assert_eq!(check(&p.citizen_sign), []);
        // Another citizen, or the applicant's representative: the portal request is the
        // applicant's own (000 §6).
        assert_eq!(check(&p.citizen2_sign), [Code::IinMismatch]);
        assert_eq!(check(&p.representative_sign), [Code::IinMismatch]);
        // An organisation's certificate, even of a configured operator, is no citizen's.
        assert_eq!(
            check(&p.operator_sign),
            [Code::IinMismatch, Code::RoleNotAllowed]
        );
        assert!(check(&p.provider_head_sign).contains(&Code::RoleNotAllowed));
    }

    #[test]
    fn con_request_is_signed_by_the_configured_operator_it_names() {
        let p = pki();
        // The sample ЦОН request is filed by the applicant's representative.
        let request = samples::citizen_con_request(now()).unwrap();
        assert!(request.representative.is_some());
        let check =
            |who: &Issued, policy: &Policy| codes(&request_signer(&request, &cert(who), policy));
        assert_eq!(check(&p.operator_sign, &policy()), []);
        // Neither the representative nor the applicant signs at a ЦОН: a personal
        // certificate has no role there, no BIN, and not the operator's IIN.
        for who in [&p.representative_sign, &p.citizen_sign] {
            assert_eq!(
                check(who, &policy()),
                [Code::RoleNotAllowed, Code::BinMismatch, Code::IinMismatch],
                "{}",
                who.name
            );
        }
        // No operator organisation configured: nobody may sign (fail closed).
        let none = Policy {
            operator_bins: Vec::new(),
            ..policy()
        };
        assert_eq!(check(&p.operator_sign, &none), [Code::ChannelNotAllowed]);
        // The operator's BIN is not a configured operator organisation.
        let other = Policy {
            operator_bins: vec![Bin::parse(PROVIDER_BIN).unwrap()],
            ..policy()
        };
        assert_eq!(check(&p.operator_sign, &other), [Code::BinMismatch]);
        // The request names another organisation than the certificate's.
        let elsewhere = samples::con_queue_request(PROVIDER_BIN, now()).unwrap();
        assert_eq!(
            codes(&request_signer(
                &elsewhere,
                &cert(&p.operator_sign),
                &policy()
            )),
            [Code::BinMismatch]
        );
        // A ЦОН request without an operator cannot name its signer.
        let mut anonymous = request.clone();
        anonymous.operator = None;
        assert_eq!(
            codes(&request_signer(
                &anonymous,
                &cert(&p.operator_sign),
                &policy()
            )),
            [Code::DocumentInvalid]
        );
    }

    #[test]
    fn provider_office_request_is_signed_by_the_providers_employee_it_names() {
        let p = pki();
        let request =
            samples::provider_queue_request(PROVIDER_EMPLOYEE_IIN, PROVIDER_BIN, now()).unwrap();
        let check = |who: &Issued| codes(&request_signer(&request, &cert(who), &policy()));
        assert_eq!(check(&p.provider_employee_sign), []);
        // A ЦОН operator is not the provider's employee: BIN not a provider's, IIN not the
        // named employee's, BIN not the request's.
        assert_eq!(
            check(&p.operator_sign),
            [Code::BinMismatch, Code::IinMismatch, Code::BinMismatch]
        );
        // The provider's first head is of the right organisation but not the named employee.
        assert_eq!(check(&p.provider_head_sign), [Code::IinMismatch]);
    }

    #[test]
    fn result_is_signed_by_the_providers_first_head_or_right_to_sign() {
        let p = pki();
        let head = samples::head_queue_result(b"request envelope", now()).unwrap();
        let by = |official: &str| {
            samples::queue_result(b"request envelope", official, 7, now()).unwrap()
        };
        let check = |result: &ResultDocument, who: &Issued, policy: &Policy| {
            codes(&result_signer(result, &cert(who), policy))
        };
        assert_eq!(check(&head, &p.provider_head_sign, &policy()), []);
        assert_eq!(
            check(&by(PROVIDER_SIGNER_IIN), &p.provider_signer_sign, &policy()),
            []
        );
        // An employee without the right to sign, of the right organisation, named.
        assert_eq!(
            check(
                &by(PROVIDER_EMPLOYEE_IIN),
                &p.provider_employee_sign,
                &policy()
            ),
            [Code::RoleNotAllowed]
        );
        // Another organisation's employee; a citizen (no BIN at all).
        assert_eq!(
            check(&by(OPERATOR_IIN), &p.operator_sign, &policy()),
            [Code::BinMismatch, Code::RoleNotAllowed]
        );
        assert_eq!(
            check(&by(CITIZEN_IIN), &p.citizen_sign, &policy()),
            [Code::BinMismatch, Code::RoleNotAllowed]
        );
        // The issuer's first head, but the issuer is not a configured provider.
        let elsewhere = Policy {
            provider_bins: vec![Bin::parse(CON_BIN).unwrap()],
            ..policy()
        };
        assert_eq!(
            check(&head, &p.provider_head_sign, &elsewhere),
            [Code::BinMismatch]
        );
        // No provider configured: every result is refused (000:199), even the head's.
        let none = Policy {
            provider_bins: Vec::new(),
            ..policy()
        };
        let all = codes(&check_result(
            &head,
            &cert(&p.provider_head_sign),
            &none,
            None,
        ));
        assert_eq!(all.first(), Some(&Code::ProviderNotConfigured), "{all:?}");
        let configured = codes(&check_result(
            &head,
            &cert(&p.provider_head_sign),
            &policy(),
            None,
        ));
        assert!(
            !configured.contains(&Code::ProviderNotConfigured),
            "{configured:?}"
        );
    }

    #[test]
    fn receipt_is_signed_by_the_con_operator_it_names() {
        let p = pki();
        let receipt = Receipt::new(
            Service::HousingQueue,
            Person {
                iin: Iin::parse(CITIZEN_IIN).unwrap(),
                name: samples::CITIZEN_NAME.into(),
            },
            Operator {
                iin: Iin::parse(OPERATOR_IIN).unwrap(),
                bin: Bin::parse(CON_BIN).unwrap(),
            },
            vec!["удостоверение личности".into()],
            now(),
            ChecksumPolicy::Strict,
        )
        .unwrap();
        let check = |who: &Issued| codes(&receipt_signer(&receipt, &cert(who), &policy()));
        assert_eq!(check(&p.operator_sign), []);
        assert_eq!(
            check(&p.provider_head_sign),
            [Code::BinMismatch, Code::IinMismatch, Code::BinMismatch]
        );
        assert_eq!(
            check(&p.citizen_sign),
            [Code::RoleNotAllowed, Code::BinMismatch, Code::IinMismatch]
        );
    }

    /// The official NCA test certificates carry IIN 123456789011 and BIN 123456789021,
    /// whose check digits are wrong: refused under `Strict`, compared under `Lenient`.
    #[test]
    fn checksum_policy_on_real_nca_test_certificates() {
        let individual = nca("kalkan_individual_2023.cer.pem");
        let head = nca("ceo_valid_sign_2004_gost.cer");
        assert_eq!(individual.iin(), Some("123456789011"));
        assert_eq!(head.bin(), Some("123456789021"));
        let strict = policy();
        let lenient = Policy {
            checksum: ChecksumPolicy::Lenient,
            ..policy()
        };
        let test_iin = Iin::parse_with("123456789011", ChecksumPolicy::Lenient).unwrap();
        assert!(Iin::parse("123456789011").is_err());

        let mut request = samples::citizen_portal_request(now()).unwrap();
        request.applicant.iin = test_iin;
        assert_eq!(
            codes(&request_signer(&request, &individual, &strict)),
            [Code::IinInvalid]
        );
        assert_eq!(codes(&request_signer(&request, &individual, &lenient)), []);
        // Lenient compares the digits: another applicant is still refused.
        let other = samples::citizen_portal_request(now()).unwrap();
        assert_eq!(
            codes(&request_signer(&other, &individual, &lenient)),
            [Code::IinMismatch]
        );

        // A real first head's result: strict refuses BIN and IIN; lenient accepts them
        // when the test organisation is the configured provider and the named issuer.
        let mut result = samples::head_queue_result(b"request envelope", now()).unwrap();
        result.official.iin = test_iin;
        result.issuer.bin = Bin::parse_with("123456789021", ChecksumPolicy::Lenient).unwrap();
        assert_eq!(
            codes(&result_signer(&result, &head, &strict)),
            [Code::BinMismatch, Code::IinInvalid]
        );
        let lenient_provider = Policy {
            provider_bins: vec![result.issuer.bin],
            ..lenient.clone()
        };
        assert_eq!(codes(&result_signer(&result, &head, &lenient_provider)), []);
        // Under the default provider, the same certificate is another organisation's.
        assert_eq!(
            codes(&result_signer(&result, &head, &lenient)),
            [Code::BinMismatch]
        );
    }
}
