#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| egov_sign_fuzz::harness::xml_verify(data));
