#![no_main]
libfuzzer_sys::fuzz_target!(
    init: {
        // `fuzz/seed.sh` sets this to write the fixture's seeds (no extra build needed).
        if let Some(dir) = std::env::var_os("EGOV_FUZZ_WRITE_SEEDS") {
            egov_sign_fuzz::harness::write_seeds(std::path::Path::new(&dir)).expect("seeds");
        }
    },
    |data: &[u8]| egov_sign_fuzz::harness::verify_request(data)
);
