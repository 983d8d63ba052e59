//! Native timing of `Verifier::verify_request` for `bench/overhead.py`: the same verifier
//! configuration and envelope as the Python side, read from a directory the script writes.
//!
//! ```text
//! cargo run --release -p egov-sign-python --example overhead_native -- DIR ITERATIONS
//! ```
//!
//! DIR holds `anchor.der`, `intermediate.der`, `crl-*.der`, `envelope.der`, `at.txt` (Unix
//! seconds), `operator_bins.txt` and `provider_bins.txt` (one BIN a line). Prints one JSON
//! line: `{"iterations":N,"ns_per_call":X,"indication":"valid"}`.

use std::path::Path;
use std::time::Instant;

use egov_sign::Bin;
use egov_sign::Time;
use egov_sign::{Policy, VerificationTime};
use egov_sign::{Verifier, VerifyOptions};

fn bins(path: &Path) -> Result<Vec<Bin>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push(Bin::parse(line)?);
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (dir, n) = match args.as_slice() {
        [_, dir, n] => (Path::new(dir), n.parse::<u32>()?),
        _ => return Err("usage: overhead_native DIR ITERATIONS".into()),
    };
    let mut b = Verifier::builder()
        .anchors(&std::fs::read(dir.join("anchor.der"))?)?
        .intermediates(&std::fs::read(dir.join("intermediate.der"))?)?;
    let mut crls: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f.starts_with("crl-"))
        })
        .collect();
    crls.sort();
    for c in &crls {
        b = b.crls(&std::fs::read(c)?)?;
    }
    let policy = Policy {
        operator_bins: bins(&dir.join("operator_bins.txt"))?,
        provider_bins: bins(&dir.join("provider_bins.txt"))?,
        ..Policy::default()
    };
    let v = b.policy(policy).build()?;
    let env = std::fs::read(dir.join("envelope.der"))?;
    let at: i64 = std::fs::read_to_string(dir.join("at.txt"))?
        .trim()
        .parse()?;
    let opts = VerifyOptions {
        time: VerificationTime::At(Time::from_unix_timestamp(at)?),
        ..VerifyOptions::default()
    };
    // Warm-up, then the timed loop. Each call also serialises the report to JSON, as the
    // binding does, so that the comparison is of the same work.
    let mut indication = "";
    for _ in 0..n.min(50) {
        indication = v.verify_request(&env, &opts)?.indication.as_str();
    }
    let start = Instant::now();
    let mut bytes = 0usize;
    for _ in 0..n {
        let r = v.verify_request(&env, &opts)?;
        bytes += serde_json::to_string(&r)?.len();
    }
    let elapsed = start.elapsed();
    let ns = elapsed.as_nanos() as f64 / f64::from(n.max(1));
    println!(
        "{{\"iterations\":{n},\"ns_per_call\":{ns:.0},\"indication\":\"{indication}\",\"json_bytes\":{}}}",
        bytes / (n.max(1) as usize)
    );
    Ok(())
}
