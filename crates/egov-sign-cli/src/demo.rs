//! The `demo` and `testpki` commands, and the human-readable rendering of reports.

use std::fmt::Write as _;
use std::path::Path;

use egov_sign::cms::{self, SignOptions};
use egov_sign::test_pki::{
    samples, Issued, KeyFamily, TestPki, CITIZEN2_IIN, CITIZEN_IIN, CON_BIN, PROVIDER_BIN,
};
use egov_sign::Bin;
use egov_sign::SigningKey;
use egov_sign::Time;
use egov_sign::{Code, Lang, Report};
use egov_sign::{Outcome, Service};
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

use crate::{Failure, Family};

/// Render a report for a terminal.
pub fn render_report(report: &Report, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "indication: {}",
        report.indication.as_str().to_uppercase()
    );
    if let Some(signer) = &report.signer {
        let _ = writeln!(
            s,
            "signer:     {} (IIN {}, BIN {}, role {}, {:?} key, serial {})",
            signer.name.as_deref().unwrap_or("?"),
            signer.iin.as_deref().unwrap_or("-"),
            signer.bin.as_deref().unwrap_or("-"),
            signer.role.as_str(),
            signer.key,
            signer.serial
        );
    }
    if let Some(t) = &report.signing_time {
        let _ = writeln!(s, "signed at:  {t}");
    }
    let _ = writeln!(s, "checked at: {}", report.verification_time);
    if let Some(a) = &report.signature_algorithm {
        let _ = writeln!(s, "algorithm:  {a}");
    }
    for (i, c) in report.chain.iter().enumerate() {
        let _ = writeln!(s, "chain[{i}]:   {}", c.subject);
    }
    if report.signers.len() > 1 {
        for sr in &report.signers {
            let who = sr
                .signer
                .as_ref()
                .map(|c| {
                    format!(
                        "{} (IIN {})",
                        c.name.as_deref().unwrap_or("?"),
                        c.iin.as_deref().unwrap_or("-")
                    )
                })
                .unwrap_or_else(|| "certificate not found".into());
            let _ = writeln!(
                s,
                "signer #{}:  {} — {}{}{}",
                sr.index,
                sr.indication.as_str().to_uppercase(),
                who,
                sr.signature_algorithm
                    .as_deref()
                    .map(|a| format!(", {a}"))
                    .unwrap_or_default(),
                if sr.document_signer {
                    ", the document's signer"
                } else {
                    ""
                }
            );
        }
    }
    for f in &report.findings {
        let _ = writeln!(s, "  ✗ {} — {}", f.code, f.message.get(lang));
        let subject = f
            .subject
            .as_deref()
            .map(|x| format!(" [{x}]"))
            .unwrap_or_default();
        let _ = writeln!(s, "      {}{}", f.detail, subject);
    }
    s
}

/// Render a JSON value as indented `key: value` lines.
pub fn render_value(v: &serde_json::Value, indent: usize) -> String {
    let pad = "  ".repeat(indent);
    let mut s = String::new();
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if v.is_object() || v.is_array() {
                    let _ = writeln!(s, "{pad}{k}:");
                    s.push_str(&render_value(v, indent + 1));
                } else {
                    let _ = writeln!(s, "{pad}{k}: {}", scalar(v));
                }
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let _ = writeln!(s, "{pad}[{i}]");
                s.push_str(&render_value(v, indent + 1));
            }
        }
        other => {
            let _ = writeln!(s, "{pad}{}", scalar(other));
        }
    }
    s
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `testpki --out DIR`.
pub fn write_test_pki(out: &Path, family: Family) -> Result<u8, Failure> {
    let family = match family {
        Family::Rsa => KeyFamily::Rsa,
        Family::P256 => KeyFamily::P256,
        Family::Gost2015 => KeyFamily::Gost2015,
        Family::Gost2004 => KeyFamily::Gost2004,
    };
    let pki = TestPki::generate(family, Time::now_utc())?;
    let io_err = |e: std::io::Error| Failure {
        code: crate::EXIT_USAGE,
        message: format!("cannot write {}: {e}", out.display()),
    };
    pki.write_to_dir(out).map_err(io_err)?;
    let request = samples::citizen_portal_request(pki.generated_at)?;
    std::fs::write(out.join("request.json"), request.to_json()).map_err(io_err)?;
    let con = samples::citizen_con_request(pki.generated_at)?;
    std::fs::write(out.join("request_con.json"), con.to_json()).map_err(io_err)?;
    println!(
        "wrote the {} test PKI ({} certificates, {} CRLs, manifest.json, request.json, request_con.json) to {}",
        family.as_str(),
        pki.all_issued().len(),
        pki.crl_list().len(),
        out.display()
    );
    Ok(0)
}

struct Demo {
    pki: TestPki,
    verifier: Verifier,
}

impl Demo {
    fn sign(&self, who: &Issued, content: &[u8], at: Time) -> Result<Vec<u8>, Failure> {
        let key = SigningKey::from_pkcs8(&who.key_pkcs8_der)?;
        Ok(cms::sign(
            content,
            &key,
            &who.cert_der,
            std::slice::from_ref(&self.pki.ca.cert_der),
            &SignOptions {
                signing_time: Some(at),
                ..SignOptions::default()
            },
        )?)
    }

    fn show(&self, title: &str, report: &Report) {
        println!("── {title}");
        for line in render_report(report, Lang::En).lines() {
            println!("   {line}");
        }
        if !report.is_valid() {
            for lang in [Lang::Ru, Lang::Kk] {
                for line in report.refusal_text(lang).lines() {
                    println!("   {line}");
                }
            }
        }
        println!();
    }
}

/// `demo`: sign and verify a portal housing-queue request, show three refusals, issue and
/// verify a result with a queue number — all on a freshly generated test PKI.
pub fn run() -> Result<u8, Failure> {
    let now = Time::now_utc();
    let pki = TestPki::generate(KeyFamily::P256, now)?;
    let now = pki.generated_at;
    let policy = Policy {
        operator_bins: vec![Bin::parse(CON_BIN)?],
        provider_bins: vec![Bin::parse(PROVIDER_BIN)?],
        ..Policy::default()
    };
    let verifier = Verifier::builder()
        .anchors(&pki.root.cert_der)?
        .intermediates(&pki.ca.cert_der)?
        .crls(&pki.crls.root_full)?
        .crls(&pki.crls.ca_full)?
        .crls(&pki.crls.ca_delta)?
        .policy(policy)
        .build()?;
    let demo = Demo { pki, verifier };
    let pki = &demo.pki;
    println!(
        "egov-sign demo — built-in test PKI (ECDSA P-256), generated {}",
        egov_sign::inspect::rfc3339(now)
    );
    println!(
        "trust anchor: root; intermediate: {}; CRLs: root full, CA full (#100) + delta (#101)\n",
        pki.ca.name
    );

    let at = VerifyOptions {
        time: VerificationTime::At(now),
        ..VerifyOptions::default()
    };
    let request = samples::citizen_portal_request(now)?;
    let request_json = request.to_json();
    println!("1. The citizen (IIN {CITIZEN_IIN}) signs a portal request for the housing queue ({} bytes of JSON).", request_json.len());
    let envelope = demo.sign(&pki.citizen_sign, &request_json, now)?;
    let report = demo.verifier.verify_request(&envelope, &at)?;
    demo.show(
        &format!(
            "portal request, {} bytes of CMS: expected VALID",
            envelope.len()
        ),
        &report,
    );
    let mut unexpected = u8::from(!report.is_valid());

    println!("2. Three requests the portal must refuse (000 §6, condition 2):");
    let other = samples::portal_queue_request(CITIZEN2_IIN, now)?.to_json();
    let cases: [(&str, &Issued, &[u8], Code); 3] = [
        (
            "IIN in the request differs from the certificate's",
            &pki.citizen_sign,
            &other,
            Code::IinMismatch,
        ),
        (
            "signed with a revoked certificate",
            &pki.revoked_sign,
            &request_json,
            Code::CertRevoked,
        ),
        (
            "signed with an expired certificate",
            &pki.expired_sign,
            &request_json,
            Code::CertExpired,
        ),
    ];
    for (title, who, content, code) in cases {
        let env = demo.sign(who, content, now)?;
        let report = demo.verifier.verify_request(&env, &at)?;
        unexpected += u8::from(report.is_valid() || !report.has(code));
        demo.show(&format!("{title}: expected {code}"), &report);
    }

    println!("3. The provider registers the request and its first head signs the result.");
    let registered = now;
    let result = samples::head_queue_result(&envelope, registered)?;
    let result_env = demo.sign(&pki.provider_head_sign, &result.to_json(), now)?;
    let with_request = VerifyOptions {
        request_envelope: Some(&envelope),
        ..at
    };
    let report = demo.verifier.verify_result(&result_env, &with_request)?;
    if let Outcome::QueueRegistration { queue_number, .. } = &result.outcome {
        println!("   queue number {queue_number}, due by {}", result.due_by);
    }
    unexpected += u8::from(!report.is_valid());
    demo.show("result bound to the request: expected VALID", &report);

    println!("3a. A forged result: with the default policy (no provider organisation configured), the first head of any company signs a result naming its own BIN, bound to the citizen's real request. Only the provider's authorized person signs results (000:199, 002:54).");
    let default_verifier = Verifier::builder()
        .anchors(&pki.root.cert_der)?
        .intermediates(&pki.ca.cert_der)?
        .crls(&pki.crls.root_full)?
        .crls(&pki.crls.ca_full)?
        .crls(&pki.crls.ca_delta)?
        .build()?;
    let report = default_verifier.verify_result(&result_env, &with_request)?;
    unexpected += u8::from(report.is_valid() || !report.has(Code::ProviderNotConfigured));
    demo.show(
        "result under the default policy: expected PROVIDER_NOT_CONFIGURED",
        &report,
    );

    println!("3b. A working-day deadline over a holiday: the справка takes 3 + 1 working days (002:223, 002:227).");
    let rules = egov_sign::document::ServiceRules::default();
    let calendar = egov_sign::document::Calendar::kazakhstan();
    let ymd = |m, d| time::Date::from_calendar_date(2025, m, d);
    let registered_on = ymd(time::Month::March, 20).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    match rules.deadline(Service::HousingCertificate, registered_on, &calendar) {
        Some(due) => {
            let mut days = Vec::new();
            let mut d = registered_on;
            while d < due {
                d = d.next_day().unwrap_or(due);
                let working = calendar.is_working_day(d).unwrap_or(false);
                days.push(format!("{d} {}", if working { "working" } else { "off" }));
            }
            println!("   registered {registered_on} (Thursday before Nauryz, 21–23 March, carried over to 24–25 March): due by {due}");
            for line in days {
                println!("     {line}");
            }
            unexpected += u8::from(Ok(due) != ymd(time::Month::March, 31));
        }
        None => unexpected += 1,
    }
    println!();

    println!("4. The same portal request signed with a Kazakh GOST key (GOST 34.10-2015, 512 bits, Streebog-512), on a GOST test PKI.");
    let gost = TestPki::generate(KeyFamily::Gost2015, now)?;
    let gost_verifier = Verifier::builder()
        .anchors(&gost.root.cert_der)?
        .intermediates(&gost.ca.cert_der)?
        .crls(&gost.crls.root_full)?
        .crls(&gost.crls.ca_full)?
        .crls(&gost.crls.ca_delta)?
        .build()?;
    let gost_demo = Demo {
        pki: gost,
        verifier: gost_verifier,
    };
    let gost_env = gost_demo.sign(&gost_demo.pki.citizen_sign, &request_json, now)?;
    let report = gost_demo.verifier.verify_request(&gost_env, &at)?;
    unexpected += u8::from(!report.is_valid());
    gost_demo.show(
        &format!(
            "GOST portal request, {} bytes of CMS: expected VALID",
            gost_env.len()
        ),
        &report,
    );

    if unexpected == 0 {
        println!("demo: all outcomes as expected");
        Ok(0)
    } else {
        Err(Failure {
            code: 1,
            message: format!("demo: {unexpected} unexpected outcome(s)"),
        })
    }
}
