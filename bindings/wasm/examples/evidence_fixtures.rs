//! The node tests' time-stamps and OCSP responses (issue 16), made natively by the core's
//! test TSA and OCSP responder, and the native reports the wasm ones must equal.
//!
//! Usage: evidence_fixtures OUT_DIR [p256|rsa]
//!
//! Writes a test PKI (as `egov-sign testpki`: manifest.json, *.pem, *.crl) plus: `tsa.pem`,
//! `ocsp_responder.pem`; `citizen.p7s` (a portal request signed by citizen_sign at now) with
//! `citizen.tsq` (the core's TimeStampReq for it), `citizen.tsr` (the test TSA's response,
//! genTime now, accuracy 1 s) and `citizen_stamped.p7s`; `revoked_backdated.p7s`
//! (revoked_sign, revoked at now−10d, signingTime now−20d) with `revoked_early.tsr` (genTime
//! now−20d) and `revoked_late.tsr` (genTime now); `citizen.ors` (the core's OCSPRequest
//! for citizen_sign, nonce "nonce-1234"), `citizen_good.ocsp` (nextUpdate now+1d),
//! `citizen_revoked.ocsp` (keyCompromise at now−3d), `citizen_nonissued.ocsp`; and the
//! native JSON of what the wasm calls must return: `report_timestamp.json`,
//! `report_ocsp.json` (the core's `Report`), `timestamp_check.json`, `ocsp_check.json`.
use egov_sign::evidence::{self, OcspCheck, TimestampCheck};
use egov_sign::test_pki::responders::{
    Answer, ResponderProfile, ResponseOptions, TestResponder, TestTsa, TokenOptions, TsaProfile,
};
use egov_sign::test_pki::{samples, KeyFamily, TestPki};
use egov_sign::tsp::TsaTrust;
use egov_sign::CoreBackend;
use egov_sign::Time;
use egov_sign::{RevocationSource, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};
use std::path::Path;

type R<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> R<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = Path::new(
        args.first()
            .ok_or("usage: evidence_fixtures OUT_DIR [p256|rsa]")?,
    );
    let family = match args.get(1).map(String::as_str) {
        None | Some("p256") => KeyFamily::P256,
        Some("rsa") => KeyFamily::Rsa,
        Some(other) => return Err(format!("unknown family {other}").into()),
    };
    let now = Time::from_unix_timestamp(Time::now_utc().unix_timestamp())?;
    let p = TestPki::generate(family, now)?;
    p.write_to_dir(out)?;
    let write = |name: &str, bytes: &[u8]| std::fs::write(out.join(name), bytes);
    let pem = |der: &[u8]| egov_sign::encoding::to_pem(der, "CERTIFICATE");
    let day = time::Duration::days(1);

    let tsa = TestTsa::new(&p, TsaProfile::Conforming)?;
    let responder = TestResponder::new(&p, ResponderProfile::Delegated)?;
    write("tsa.pem", pem(&tsa.cert_der).as_bytes())?;
    write("ocsp_responder.pem", pem(&responder.cert_der).as_bytes())?;
    let trust = TsaTrust::new()
        .anchors(&p.root.cert_der)?
        .intermediates(&p.ca.cert_der)?;

    let request = samples::citizen_portal_request(now)?.to_json();
    let sign = |who: &egov_sign::test_pki::Issued, at: Time| -> R<Vec<u8>> {
        let key = egov_sign::SigningKey::from_pkcs8(&who.key_pkcs8_der)?;
        let opts = egov_sign::SignOptions {
            detached: false,
            signing_time: Some(at),
            sid_by_ski: false,
        };
        Ok(egov_sign::sign(
            &request,
            &key,
            &who.cert_der,
            std::slice::from_ref(&p.ca.cert_der),
            &opts,
        )?)
    };
    let token = |tsq: &[u8], gen_time: Time, serial: u64| -> R<Vec<u8>> {
        let opts = TokenOptions {
            gen_time,
            serial,
            accuracy_seconds: Some(1),
            embed_certificate: true,
        };
        Ok(tsa.respond(tsq, &opts)?)
    };

    // A time-stamped request.
    let env = sign(&p.citizen_sign, now)?;
    let tsq = evidence::timestamp_request(&env, None, None, None, None)?;
    let tsr = token(&tsq, now, 1)?;
    let (stamped, verified) =
        evidence::add_signature_timestamp(&env, None, &tsr, None, &trust, &CoreBackend)
            .map_err(|e| e.to_string())?;
    write("citizen.p7s", &env)?;
    write("citizen.tsq", &tsq)?;
    write("citizen.tsr", &tsr)?;
    write("citizen_stamped.p7s", &stamped)?;
    write(
        "timestamp_check.json",
        &serde_json::to_vec(&TimestampCheck::of(&verified))?,
    )?;

    // A key revoked at now−10d signs with a signingTime backdated to now−20d.
    let backdated = sign(&p.revoked_sign, now - day * 20)?;
    let tsq = evidence::timestamp_request(&backdated, None, None, None, None)?;
    write("revoked_backdated.p7s", &backdated)?;
    write("revoked_early.tsr", &token(&tsq, now - day * 20, 2)?)?;
    write("revoked_late.tsr", &token(&tsq, now, 3)?)?;

    // OCSP about citizen_sign.
    let ors = evidence::ocsp_request(
        &p.citizen_sign.cert_der,
        &p.ca.cert_der,
        None,
        Some(b"nonce-1234"),
    )?;
    write("citizen.ors", &ors)?;
    let answer = |a: Answer, next: Option<Time>| -> R<Vec<u8>> {
        let opts = ResponseOptions {
            this_update: now - time::Duration::minutes(5),
            next_update: next,
        };
        Ok(responder.respond(&ors, &opts, |_| a)?)
    };
    let good = answer(Answer::Good, Some(now + day))?;
    write("citizen_good.ocsp", &good)?;
    write(
        "citizen_revoked.ocsp",
        &answer(Answer::Revoked(now - day * 3, Some(1)), None)?,
    )?;
    write("citizen_nonissued.ocsp", &answer(Answer::NonIssued, None)?)?;
    let checked = evidence::verify_ocsp_response(
        &good,
        &p.citizen_sign.cert_der,
        &p.ca.cert_der,
        &egov_sign::ocsp::CheckOptions {
            at: now,
            nonce: Some(b"nonce-1234"),
            ..egov_sign::ocsp::CheckOptions::default()
        },
        &CoreBackend,
    )
    .map_err(|e| e.to_string())?;
    write(
        "ocsp_check.json",
        &serde_json::to_vec(&OcspCheck::of(&checked))?,
    )?;

    // The native reports (the node tests build the same verifiers).
    let v = Verifier::builder()
        .anchors(&p.root.cert_der)?
        .intermediates(&p.ca.cert_der)?
        .crls(&p.crls.root_full)?
        .crls(&p.crls.ca_full)?
        .crls(&p.crls.ca_delta)?
        .tsa_anchors(&p.root.cert_der)?
        .tsa_intermediates(&p.ca.cert_der)?
        .build()?;
    let at_timestamp = VerifyOptions {
        time: VerificationTime::Timestamp,
        ..VerifyOptions::default()
    };
    let report = v.verify_request(&stamped, &at_timestamp)?;
    write("report_timestamp.json", &serde_json::to_vec(&report)?)?;
    let v = Verifier::builder()
        .anchors(&p.root.cert_der)?
        .intermediates(&p.ca.cert_der)?
        .crls(&p.crls.root_full)?
        .ocsp_response(&good)?
        .revocation_source(RevocationSource::Any)
        .build()?;
    let at_now = VerifyOptions {
        time: VerificationTime::At(now),
        ..VerifyOptions::default()
    };
    let report = v.verify_request(&env, &at_now)?;
    write("report_ocsp.json", &serde_json::to_vec(&report)?)?;
    Ok(())
}
