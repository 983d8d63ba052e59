//! Native timing of `Verifier::verify_request`, for comparison with the wasm build
//! (`bench/compare.mjs` runs this in release mode on the same envelope).
//!
//! Usage: native_bench ENVELOPE ANCHOR INTERMEDIATE AT_RFC3339 ITERATIONS CRL...
use std::time::Instant;

use egov_sign::Time;
use egov_sign::VerificationTime;
use egov_sign::{Verifier, VerifyOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 5 {
        return Err("usage: native_bench ENVELOPE ANCHOR INTERMEDIATE AT ITERATIONS CRL...".into());
    }
    let envelope = std::fs::read(&args[0])?;
    let mut b = Verifier::builder()
        .anchors(&std::fs::read(&args[1])?)?
        .intermediates(&std::fs::read(&args[2])?)?;
    let at = Time::parse(&args[3], &time::format_description::well_known::Rfc3339)?;
    let iterations: u32 = args[4].parse()?;
    for crl in &args[5..] {
        b = b.crls(&std::fs::read(crl)?)?;
    }
    let v = b.build()?;
    let opts = VerifyOptions {
        time: VerificationTime::At(at),
        ..VerifyOptions::default()
    };
    let first = v.verify_request(&envelope, &opts)?;
    for _ in 0..iterations.min(20) {
        v.verify_request(&envelope, &opts)?;
    }
    let start = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(v.verify_request(std::hint::black_box(&envelope), &opts)?);
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / f64::from(iterations.max(1));
    println!(
        "{{\"indication\":\"{}\",\"iterations\":{iterations},\"us_per_verify\":{per:.1}}}",
        first.indication.as_str()
    );
    Ok(())
}
