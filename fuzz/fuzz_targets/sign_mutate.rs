#![no_main]
libfuzzer_sys::fuzz_target!(|input: egov_sign_fuzz::structured::Input| {
    egov_sign_fuzz::structured::sign_mutate(input)
});
