//! Fuzzing harnesses of egov-sign (see `fuzz/README.md`).
pub mod harness;
pub mod structured;
