#![no_main]
//! `Certificate::from_der` never panics, and agrees with the x509-parser based reader it
//! replaced wherever both accept; it is never laxer, except in the documented case (see
//! `egov_sign_fuzz::cert_diff`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = egov_sign_fuzz::cert_diff::check(data);
});
