//! The structured target `sign_mutate`: an arbitrary valid portal request is signed with
//! the fixture's citizen key and must verify `valid`; then one arbitrary change is applied.
//!
//! Which changes must invalidate (asserted: the report is not `valid`, or the input does
//! not parse):
//! - flipping any bits of one byte inside the *value* of the signed attributes (the bytes
//!   after their `[0]` tag and length), of the encapsulated content (or of the detached
//!   content given to the verifier), of the signature value, or of the signer certificate's
//!   TBSCertificate (tag, length and value);
//! - dropping the signer certificate (the verifier does not hold it).
//!
//! Any other change (anywhere in the envelope: flip, insert, delete, truncate, swap two
//! certificates, drop the embedded CA certificate which the verifier holds as an
//! intermediate) may legitimately keep the signature valid when it only touches unsigned
//! parts; there the invariant is the one of [`crate::harness::verify_request`]: `valid`
//! implies the content, the signed attributes, the signature and the signer certificate are
//! the original ones.
use arbitrary::Arbitrary;
use egov_sign::document::{
    Attachment, AttachmentKind, CertificateForm, Channel, Form, Person, QueueCategory, QueueForm,
    Request, Service,
};
use egov_sign::test_pki::{CITIZEN2_IIN, CITIZEN_IIN, REPRESENTATIVE_IIN};
use egov_sign::Iin;
use egov_sign::Indication;
use egov_sign::{Envelope, SignOptions};
use time::Duration;

use crate::harness::{fixture, now, sign, splice_tlv, verify};

#[derive(Arbitrary, Debug)]
pub enum Category {
    SociallyVulnerable,
    CivilServant,
    BudgetEmployee,
    Military,
    Orphan,
    UnfitDwelling,
}

#[derive(Arbitrary, Debug)]
pub enum FormSpec {
    Queue {
        category: Category,
        address: String,
        extra_family: u8,
    },
    Certificate {
        purpose: String,
        region: String,
    },
}

#[derive(Arbitrary, Debug)]
pub struct AttachmentSpec {
    pub kind: u8,
    pub file_name: String,
    pub size: u32,
    pub digest: [u8; 32],
}

#[derive(Arbitrary, Debug)]
pub struct RequestSpec {
    pub name: String,
    pub form: FormSpec,
    pub family: u8,
    pub attachments: Vec<AttachmentSpec>,
    /// Seconds before `now()` the request was created (bounded to a year).
    pub age_seconds: u32,
    pub detached: bool,
    pub sid_by_ski: bool,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Region {
    SignedAttrs,
    Content,
    Signature,
    SignerTbs,
}

#[derive(Arbitrary, Debug)]
pub enum Mutation {
    /// Must invalidate: xor one byte of a signed region with a non-zero mask.
    FlipSigned {
        region: Region,
        offset: u32,
        mask: u8,
    },
    /// Must invalidate: remove the signer certificate.
    DropSigner,
    /// Anything else: flip a byte anywhere.
    FlipAnywhere { offset: u32, mask: u8 },
    /// Insert bytes anywhere.
    Insert { offset: u32, bytes: Vec<u8> },
    /// Delete a range.
    Delete { offset: u32, len: u16 },
    /// Remove (splice out) the embedded CA certificate.
    DropCa,
    /// Swap the two embedded certificates (same lengths are not needed: splice).
    SwapCertificates,
}

#[derive(Arbitrary, Debug)]
pub struct Input {
    pub request: RequestSpec,
    pub mutation: Mutation,
}

/// Arbitrary text made acceptable to the document rules (no control characters, trimmed,
/// at most 100 characters, not empty), so most inputs reach signing.
fn text(s: &str, fallback: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(100)
        .collect();
    let t = t.trim();
    if t.is_empty() || t == "." || t == ".." {
        fallback.to_owned()
    } else {
        t.to_owned()
    }
}

fn build_request(spec: &RequestSpec) -> Option<Vec<u8>> {
    let applicant = Person {
        iin: Iin::parse(CITIZEN_IIN).ok()?,
        name: text(&spec.name, "Ахметова Айгүл"),
    };
    let created = now() - Duration::seconds(i64::from(spec.age_seconds % (366 * 86_400)));
    let family: Vec<&str> = [CITIZEN2_IIN, REPRESENTATIVE_IIN]
        .into_iter()
        .take(usize::from(spec.family % 3))
        .collect();
    let (service, form) = match &spec.form {
        FormSpec::Queue {
            category,
            address,
            extra_family,
        } => (
            Service::HousingQueue,
            Form::HousingQueue(QueueForm {
                category: match category {
                    Category::SociallyVulnerable => QueueCategory::SociallyVulnerable,
                    Category::CivilServant => QueueCategory::CivilServant,
                    Category::BudgetEmployee => QueueCategory::BudgetEmployee,
                    Category::Military => QueueCategory::Military,
                    Category::Orphan => QueueCategory::Orphan,
                    Category::UnfitDwelling => QueueCategory::UnfitDwelling,
                },
                current_address: text(address, "Астана"),
                family_size: 1 + family.len() as u8 + extra_family % 4,
            }),
        ),
        FormSpec::Certificate { purpose, region } => (
            Service::HousingCertificate,
            Form::HousingCertificate(CertificateForm {
                purpose: text(purpose, "банк"),
                region: text(region, "Астана"),
            }),
        ),
    };
    // The citizen signs on the portal: only services the portal has (002:205, 002:323).
    if !egov_sign::document::ServiceRules::default().allows(service, Channel::Portal) {
        return None;
    }
    let mut b = Request::builder(service, Channel::Portal, applicant)
        .form(form)
        .created_at(created);
    for iin in family {
        b = b.family_member(Iin::parse(iin).ok()?);
    }
    for a in spec.attachments.iter().take(4) {
        let kind = match a.kind % 3 {
            0 => AttachmentKind::IdentityDocument,
            1 => AttachmentKind::FamilyComposition,
            _ => AttachmentKind::CategoryProof,
        };
        b = b.attachment(Attachment {
            kind,
            file_name: text(&a.file_name, "id.pdf"),
            media_type: "application/pdf".into(),
            size: 1 + u64::from(a.size % 16_777_216),
            sha256: a.digest,
            paper_original: false,
        });
    }
    // Arbitrary strings may break the document rules (empty names, control characters…):
    // such requests are not built, which is not a finding.
    let r = b.build();
    if std::env::var_os("EGOV_FUZZ_DEBUG").is_some() {
        eprintln!("build_request: {:?}", r.as_ref().err());
    }
    r.ok().map(|r| r.to_json())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// DER header length of the TLV at the start of `b`.
fn header_len(b: &[u8]) -> usize {
    match b.get(1) {
        Some(l) if *l < 0x80 => 2,
        Some(l) => 2 + usize::from(l & 0x7f),
        None => b.len(),
    }
}

/// The signer certificate's TBSCertificate, as a range of `cert`.
fn tbs_range(cert: &[u8]) -> std::ops::Range<usize> {
    let start = header_len(cert);
    let inner = &cert[start..];
    let len = header_len(inner)
        + match inner.get(1) {
            Some(l) if *l < 0x80 => usize::from(*l),
            Some(l) => {
                let n = usize::from(l & 0x7f);
                inner[2..2 + n]
                    .iter()
                    .fold(0usize, |a, b| (a << 8) | usize::from(*b))
            }
            None => 0,
        };
    start..start + len
}

/// Returns whether the input reached signing (false: the arbitrary request was not built).
pub fn sign_mutate(input: Input) -> bool {
    let f = fixture();
    let Some(content) = build_request(&input.request) else {
        return false;
    };
    let opts = SignOptions {
        detached: input.request.detached,
        signing_time: Some(now()),
        sid_by_ski: input.request.sid_by_ski,
    };
    let env = sign(&f.pki, &content, &opts);
    let external = input.request.detached.then_some(content.as_slice());
    let report = verify(&f.verifier, &env, external).expect("own envelope parses");
    assert_eq!(
        report.indication,
        Indication::Valid,
        "a freshly signed valid request does not verify: {:#?}",
        report.findings
    );
    let parsed = Envelope::parse(&env).expect("parses");
    let signer_cert = &f.pki.citizen_sign.cert_der;
    let ca_cert = &f.pki.ca.cert_der;

    let mut mutated = env.clone();
    let mut mutated_content = content.clone();
    let must_invalidate;
    match input.mutation {
        Mutation::FlipSigned {
            region,
            offset,
            mask,
        } => {
            let mask = if mask == 0 { 1 } else { mask };
            let range = match region {
                Region::SignedAttrs => {
                    let sa = parsed.signed_attrs.as_ref().expect("signed attributes");
                    let mut tagged = sa.clone();
                    tagged[0] = 0xa0;
                    let at = find(&env, &tagged).expect("signed attributes in the envelope");
                    let h = header_len(&tagged);
                    at + h..at + tagged.len()
                }
                Region::Content if input.request.detached => {
                    let i = offset as usize % mutated_content.len();
                    mutated_content[i] ^= mask;
                    0..0
                }
                Region::Content => {
                    let at = find(&env, &content).expect("content in the envelope");
                    at..at + content.len()
                }
                Region::Signature => {
                    let at = find(&env, &parsed.signature).expect("signature");
                    at..at + parsed.signature.len()
                }
                Region::SignerTbs => {
                    let at = find(&env, signer_cert).expect("signer certificate");
                    let r = tbs_range(signer_cert);
                    at + r.start..at + r.end
                }
            };
            if !range.is_empty() {
                let i = range.start + offset as usize % range.len();
                mutated[i] ^= mask;
            }
            must_invalidate = true;
        }
        Mutation::DropSigner => {
            let at = find(&env, signer_cert).expect("signer certificate");
            mutated = splice_tlv(&env, 0, &(at..at + signer_cert.len()), &[]);
            must_invalidate = true;
        }
        Mutation::FlipAnywhere { offset, mask } => {
            let i = offset as usize % mutated.len();
            mutated[i] ^= mask;
            must_invalidate = false;
        }
        Mutation::Insert { offset, bytes } => {
            let i = offset as usize % (mutated.len() + 1);
            mutated.splice(i..i, bytes);
            must_invalidate = false;
        }
        Mutation::Delete { offset, len } => {
            let i = offset as usize % mutated.len();
            let end = (i + usize::from(len)).min(mutated.len());
            mutated.drain(i..end);
            must_invalidate = false;
        }
        Mutation::DropCa => {
            if let Some(at) = find(&env, ca_cert) {
                mutated = splice_tlv(&env, 0, &(at..at + ca_cert.len()), &[]);
            }
            must_invalidate = false;
        }
        Mutation::SwapCertificates => {
            if let (Some(a), Some(b)) = (find(&env, ca_cert), find(&env, signer_cert)) {
                let (first, second) = if a < b {
                    ((a, ca_cert), (b, signer_cert))
                } else {
                    ((b, signer_cert), (a, ca_cert))
                };
                let mut out = env[..first.0].to_vec();
                out.extend_from_slice(second.1);
                out.extend_from_slice(&env[first.0 + first.1.len()..second.0]);
                out.extend_from_slice(first.1);
                out.extend_from_slice(&env[second.0 + second.1.len()..]);
                mutated = out;
            }
            must_invalidate = false;
        }
    }
    let unchanged = mutated == env && mutated_content == content;
    let external = input.request.detached.then_some(mutated_content.as_slice());
    let Ok(report) = verify(&f.verifier, &mutated, external) else {
        return true;
    };
    if report.indication != Indication::Valid || unchanged {
        return true;
    }
    assert!(
        !must_invalidate,
        "a change in a signed part kept the envelope valid"
    );
    // Valid after a change: only unsigned parts may differ.
    let got = Envelope::parse(&mutated).expect("a valid envelope parses");
    assert_eq!(got.content, parsed.content);
    assert_eq!(got.signed_attrs, parsed.signed_attrs);
    assert_eq!(got.signature, parsed.signature);
    assert_eq!(
        report.signer.as_ref().map(|s| s.sha256.as_str()),
        Some(f.citizen_sha256.as_str())
    );
    true
}

/// The target's entry: raw bytes → [`Input`] (via `arbitrary`) → [`sign_mutate`].
pub fn run(data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    match Input::arbitrary(&mut u) {
        Ok(input) => {
            sign_mutate(input);
        }
        Err(e) => {
            if std::env::var_os("EGOV_FUZZ_DEBUG").is_some() {
                eprintln!("arbitrary: {e}");
            }
        }
    }
}
