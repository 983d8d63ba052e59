//! Statistical constant-time test of GOST signing (issue 17), dudect-style (Reparaz,
//! Balasch, Verbauwhede, "Dude, is my code constant time?", DATE 2017,
//! <https://eprint.iacr.org/2016/1123>).
//!
//! For each curve, the secret-scalar operation of signing, k·G (`internals::base_mul_ct`:
//! fixed-window scalar multiplication, constant-time table lookup, complete formulas,
//! constant-time conversion to affine), is timed on two classes of secret scalars drawn
//! at random and interleaved at random:
//!
//! - class 0: **low Hamming weight** — 4 random bits set (of 256 / 512),
//! - class 1: **uniform** — random bytes (any value; the group law reduces mod q).
//!
//! Welch's t statistic is computed on the raw timings and on the timings cropped at the
//! 50th, 75th, 90th and 99th percentiles (dudect's pre-processing: it removes the
//! preemption outliers of a shared machine); the test fails when the largest |t| is
//! ≥ 4.5 twice in a row (a second, longer measurement guards against one noisy burst; a real
//! leak reproduces). GOST signing has no modular inversion of a secret (s = r·d + k·e): k·G
//! and the two scalar products are all the secret-dependent work.
//!
//! Self-check: the same harness on the old variable-time double-and-add
//! (`oracle::base_mul`, which does one addition per set bit) must find |t| ≥ 4.5, or the
//! harness could not see a leak and the run fails.
//!
//! Usage (release build; run by `scripts/test-core.sh`):
//! `cargo run --release -p egov-sign-benches --bin gost-ct -- [seconds per measurement, default 2]`

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use egov_sign::gost::{internals, oracle, GostCurve};

const THRESHOLD: f64 = 4.5;

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn scalar(rng: &mut Rng, class: usize, n: usize) -> Vec<u8> {
    let mut k = vec![0u8; n];
    if class == 0 {
        for _ in 0..4 {
            let bit = (rng.next() as usize) % (8 * n);
            k[bit / 8] |= 1 << (bit % 8);
        }
    } else {
        for chunk in k.chunks_mut(8) {
            chunk.copy_from_slice(&rng.next().to_le_bytes()[..chunk.len()]);
        }
    }
    k
}

/// Welch's t between the two classes of `samples` (class, nanoseconds), keeping only
/// the timings ≤ `cut`.
fn welch_t(samples: &[(usize, f64)], cut: f64) -> f64 {
    let mut n = [0f64; 2];
    let mut mean = [0f64; 2];
    let mut m2 = [0f64; 2];
    for &(c, x) in samples.iter().filter(|s| s.1 <= cut) {
        n[c] += 1.0;
        let d = x - mean[c];
        mean[c] += d / n[c];
        m2[c] += d * (x - mean[c]);
    }
    if n[0] < 2.0 || n[1] < 2.0 {
        return 0.0;
    }
    let var = [m2[0] / (n[0] - 1.0), m2[1] / (n[1] - 1.0)];
    let se = (var[0] / n[0] + var[1] / n[1]).sqrt();
    if se == 0.0 {
        0.0
    } else {
        (mean[0] - mean[1]) / se
    }
}

/// Times `op` on randomly interleaved classes for `budget`; returns (samples, max |t|
/// over the crops).
fn measure(
    budget: Duration,
    min_samples: usize,
    seed: u64,
    n: usize,
    op: &dyn Fn(&[u8]),
) -> (usize, f64) {
    let mut rng = Rng(seed);
    let mut samples = Vec::new();
    // Warm-up (caches, table, lazily computed curve parameters).
    for c in [0, 1, 0, 1] {
        op(&scalar(&mut rng, c, n));
    }
    let start = Instant::now();
    while start.elapsed() < budget || samples.len() < min_samples {
        let class = (rng.next() & 1) as usize;
        let k = scalar(&mut rng, class, n);
        let t = Instant::now();
        op(black_box(&k));
        samples.push((class, t.elapsed().as_nanos() as f64));
    }
    let mut sorted: Vec<f64> = samples.iter().map(|s| s.1).collect();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    let t = [f64::INFINITY, pct(0.5), pct(0.75), pct(0.9), pct(0.99)]
        .iter()
        .map(|&cut| welch_t(&samples, cut).abs())
        .fold(0.0, f64::max);
    (samples.len(), t)
}

fn main() -> ExitCode {
    let secs: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(secs);
    let mut ok = true;
    for (i, curve) in GostCurve::ALL.into_iter().enumerate() {
        let n = curve.field_len();
        let ct = |k: &[u8]| {
            black_box(internals::base_mul_ct(curve, k));
        };
        let (samples, t) = measure(budget, 100, 17 + i as u64, n, &ct);
        let (samples2, t2) = if t >= THRESHOLD {
            measure(budget * 2, 100, 1017 + i as u64, n, &ct)
        } else {
            (0, 0.0)
        };
        let leak = t >= THRESHOLD && t2 >= THRESHOLD;
        println!(
            "{curve}: k·G constant-time: {samples} samples, max |t| = {t:.2}{} → {}",
            if samples2 > 0 {
                format!(" (again: {samples2} samples, max |t| = {t2:.2})")
            } else {
                String::new()
            },
            if leak { "LEAK" } else { "ok" }
        );
        ok &= !leak;
        // Self-check on the variable-time oracle: the harness must see its leak.
        let vt = |k: &[u8]| {
            black_box(oracle::base_mul(curve, k));
        };
        let (vs, vt_t) = measure(budget / 2, 300, 99 + i as u64, n, &vt);
        let seen = vt_t >= THRESHOLD;
        println!(
            "{curve}: self-check, variable-time oracle: {vs} samples, max |t| = {vt_t:.2} → {}",
            if seen {
                "leak detected (expected)"
            } else {
                "NOT DETECTED: harness broken"
            }
        );
        ok &= seen;
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
