//! Fuzzing harnesses of egov-sign (see `fuzz/README.md`).
pub mod cert_diff;
pub mod harness;
pub mod structured;
