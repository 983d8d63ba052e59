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
