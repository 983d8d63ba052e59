//! Peak memory and time of loading a generated CRL, one process per measurement.
//!
//! ```text
//! crl-mem gen <entries> <dir>       write <dir>/crl-<entries>.der and <dir>/ca.der
//! crl-mem load <crl.der> <ca.der>   load it; print one JSON line
//! crl-mem all <dir> [out.json]      gen + load (in child processes) for 10k, 100k, 1M
//! ```
//!
//! `load` reads the DER, resets the peak RSS (`echo 5 > /proc/self/clear_refs`), then runs
//! `Crl::from_der_verified` (parse + signature check + index) and reads VmHWM: the peak
//! during the load, DER included. `load_extra` is that peak minus the RSS just before the
//! load (the DER already resident): what loading costs on top of the bytes themselves.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use egov_sign::test_pki::{KeyFamily, TestPki};
use egov_sign::Certificate;
use egov_sign::Crl;
use egov_sign::Time;
use egov_sign_benches::{generate_crl, vm_hwm, vm_rss, CRL_SIZES};

fn usage() -> ! {
    eprintln!(
        "usage: crl-mem gen <entries> <dir> | load <crl.der> <ca.der> | all <dir> [out.json]"
    );
    std::process::exit(2)
}

fn gen(entries: usize, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let pki = TestPki::generate(KeyFamily::Rsa, Time::now_utc()).expect("test PKI");
    let der = generate_crl(&pki, entries, 42);
    let path = dir.join(format!("crl-{entries}.der"));
    std::fs::write(&path, &der).expect("write CRL");
    std::fs::write(dir.join("ca.der"), &pki.ca.cert_der).expect("write CA");
    path
}

fn load(crl: &Path, ca: &Path) -> String {
    let ca = Certificate::from_der(&std::fs::read(ca).expect("read CA")).expect("CA");
    let der = std::fs::read(crl).expect("read CRL");
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = vm_rss().unwrap_or(0);
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let loaded = Crl::from_der_verified(&der, &ca).expect("CRL loads");
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let peak = vm_hwm().unwrap_or(0);
    let entries = loaded.parsed().len();
    let index = loaded.index_heap_size();
    drop(loaded);
    format!(
        "{{\"entries\":{entries},\"der_bytes\":{},\"load_seconds\":{secs:.4},\"load_cpu_seconds\":{cpu:.3},\"index_heap_bytes\":{index},\"rss_before_load\":{before},\"peak_rss\":{peak},\"load_extra\":{},\"peak_reset\":{reset}}}",
        der.len(),
        peak.saturating_sub(before)
    )
}

/// User + system CPU time of this process (from /proc/self/stat, 10 ms resolution).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| f.get(*i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") if args.len() == 3 => {
            let n = args[1].parse().unwrap_or_else(|_| usage());
            println!("{}", gen(n, Path::new(&args[2])).display());
        }
        Some("load") if args.len() == 3 => {
            println!("{}", load(Path::new(&args[1]), Path::new(&args[2])));
        }
        Some("all") if args.len() >= 2 => {
            let dir = PathBuf::from(&args[1]);
            let max: usize = std::env::var("EGOV_BENCH_MAX_CRL")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1_000_000);
            let exe = std::env::current_exe().expect("current exe");
            let mut lines = Vec::new();
            for n in CRL_SIZES.into_iter().filter(|n| *n <= max) {
                let crl = dir.join(format!("crl-{n}.der"));
                if !crl.exists() {
                    let st = Command::new(&exe)
                        .args(["gen", &n.to_string(), &args[1]])
                        .status()
                        .expect("run gen");
                    assert!(st.success());
                }
                let out = Command::new(&exe)
                    .args(["load"])
                    .arg(&crl)
                    .arg(dir.join("ca.der"))
                    .output()
                    .expect("run load");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                println!("{line}");
                lines.push(line);
            }
            let json = format!("[\n{}\n]\n", lines.join(",\n"));
            if let Some(out) = args.get(2) {
                std::fs::write(out, json).expect("write results");
            }
        }
        _ => usage(),
    }
}
