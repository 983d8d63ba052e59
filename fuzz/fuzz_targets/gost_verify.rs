// The GOST verify path (GOST 34.10-2015 512-bit and GOST 34.310-2004).
//
// Input layout: byte 0 selects the curve / what is fuzzed; the rest is split into
// (SubjectPublicKeyInfo, message, signature) by two length bytes. Every call must return
// without panicking; a valid signature can only come out for the honest key/signature
// pair built from the seed, never for mutated input.
#![no_main]

use egov_sign::algorithm::{CoreBackend, verify_signature, AlgorithmIdentifier, SignatureAlgorithm};
use egov_sign::Certificate;
use egov_sign::crl::ParsedCrl;
use egov_sign::gost::{GostCurve, GostPublicKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let curve = if sel & 1 == 0 {
        GostCurve::Gost2015_512
    } else {
        GostCurve::Gost2004
    };
    let alg = SignatureAlgorithm::from_gost_curve(curve);
    match sel >> 1 & 3 {
        // Raw point decoding + verification with a raw key: x‖y, then r‖s, then message.
        0 => {
            let n = 2 * curve.field_len();
            if rest.len() < 2 * n {
                return;
            }
            let (key, rest) = rest.split_at(n);
            let (sig, msg) = rest.split_at(n);
            if let Ok(k) = GostPublicKey::from_raw(curve, key) {
                let _ = k.verify(msg, sig);
            }
        }
        // Full SPKI parsing (GOST parameters, BIT STRING / OCTET STRING nesting) + verify.
        1 => {
            let Some((&a, rest)) = rest.split_first() else {
                return;
            };
            let Some((&b, rest)) = rest.split_first() else {
                return;
            };
            let (a, b) = (a as usize, b as usize);
            if rest.len() < a + b {
                return;
            }
            let (spki, rest) = rest.split_at(a);
            let (sig, msg) = rest.split_at(b);
            let _ = verify_signature(&alg.algorithm_identifier(), spki, msg, sig, &CoreBackend);
        }
        // Arbitrary AlgorithmIdentifier DER against a valid GOST SPKI prefix in the input.
        2 => {
            if let Ok(id) = AlgorithmIdentifier::from_der(rest) {
                let _ = SignatureAlgorithm::from_identifier(&id);
                let _ = GostCurve::from_key_algorithm(id.oid, id.parameters.as_deref());
            }
        }
        // Whole certificates / CRLs: parse, then self-verify (GOST dispatch in
        // certificate.rs / crl.rs).
        _ => {
            if let Ok(c) = Certificate::from_der(rest) {
                let _ = c.verify_signed_by(&c, &CoreBackend);
            }
            if let Ok(crl) = ParsedCrl::from_der(rest) {
                let _ = crl.len();
            }
        }
    }
});

// Seeds (corpus/gost_verify/, written by fuzz/seed.sh): the real NCA files in
// ../shared/nca-test-pki prefixed with 0x06 (2015 curve) / 0x07 (2004 curve).
// Note: a GOST verification costs ~ms in release; libFuzzer's default -rss/-timeout
// settings are fine, but expect ~200–1000 exec/s on this target.
