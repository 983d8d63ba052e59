//! IIN / BIN parsing, check digit and decoded fields.

use egov_sign::iin::{check_digit, Bin, BinAttribute, ChecksumPolicy, EntityType, Iin, Sex};
use egov_sign::Error;
use time::{macros::date, Month};

const VALID_IINS: [&str; 5] = [
    "871008401427",
    "760212350620",
    "800416300257",
    "931002451325",
    "061211600012",
];
const VALID_BINS: [&str; 3] = ["940140000385", "950341000052", "070941024691"];

fn iin_reason(s: &str, policy: ChecksumPolicy) -> &'static str {
    match Iin::parse_with(s, policy) {
        Err(Error::InvalidIin { reason, .. }) => reason,
        other => panic!("{s}: expected InvalidIin, got {other:?}"),
    }
}

fn bin_reason(s: &str) -> &'static str {
    match Bin::parse(s) {
        Err(Error::InvalidBin { reason, .. }) => reason,
        other => panic!("{s}: expected InvalidBin, got {other:?}"),
    }
}

#[test]
fn valid_iins_parse_strictly_and_round_trip() {
    for s in VALID_IINS {
        let iin = Iin::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(iin.as_str(), s);
        assert_eq!(iin.to_string(), s);
        assert_eq!(s.parse::<Iin>().unwrap(), iin);
        assert_eq!(serde_json::to_string(&iin).unwrap(), format!("\"{s}\""));
    }
}

#[test]
fn second_weighting_is_needed_for_061211600012() {
    // First pass: Σ i·d[i] mod 11 == 10, so the second weights decide.
    let d: Vec<u32> = "06121160001".bytes().map(|b| u32::from(b - b'0')).collect();
    let first: u32 = d.iter().zip(1u32..).map(|(x, w)| x * w).sum::<u32>() % 11;
    assert_eq!(first, 10);
    assert_eq!(check_digit(b"06121160001"), Some(2));
}

#[test]
fn undefined_check_digit_is_rejected() {
    assert_eq!(check_digit(b"82121424009"), None);
    assert_eq!(
        iin_reason("821214240092", ChecksumPolicy::Strict),
        "check digit undefined (both weightings give 10)"
    );
}

#[test]
fn decoded_iin_fields() {
    let a = Iin::parse("871008401427").unwrap();
    assert_eq!(a.birth_date(), Some(date!(1987 - 10 - 08)));
    assert_eq!(a.sex(), Some(Sex::Female));
    assert_eq!(a.century(), Some(1900));

    let b = Iin::parse("931002451325").unwrap();
    assert_eq!(b.birth_date(), Some(date!(1993 - 10 - 02)));
    assert_eq!(b.sex(), Some(Sex::Female));

    let m = Iin::parse("800416300257").unwrap();
    assert_eq!(m.sex(), Some(Sex::Male));
    assert_eq!(m.birth_date(), Some(date!(1980 - 04 - 16)));

    let c = Iin::parse("061211600012").unwrap();
    assert_eq!(c.birth_date(), Some(date!(2006 - 12 - 11)));
    assert_eq!(c.sex(), Some(Sex::Female));
    assert_eq!(c.century(), Some(2000));
}

/// Which weighting decides the check digit of `s` (1 or 2), mirroring the documented scheme.
fn pass_of(s: &[u8]) -> u8 {
    let first: u32 = s[..11]
        .iter()
        .zip(1u32..)
        .map(|(&b, w)| u32::from(b - b'0') * w)
        .sum::<u32>()
        % 11;
    if first == 10 {
        2
    } else {
        1
    }
}

/// The mod-11 scheme does NOT detect every single substitution, contrary to folklore:
/// in the first weighting digit 11 has weight 11 ≡ 0 (mod 11), and a substitution that moves
/// the number from one weighting to the other can land on the same check digit. Every other
/// single substitution must be rejected in strict mode; this test pins exactly that.
#[test]
fn single_digit_substitutions_are_rejected_except_the_documented_blind_spots() {
    let mut blind_weight_zero = 0;
    let mut pass_switch = Vec::new();
    for s in VALID_IINS {
        for pos in 0..12 {
            for digit in b'0'..=b'9' {
                let mut bytes = s.as_bytes().to_vec();
                if bytes[pos] == digit {
                    continue;
                }
                bytes[pos] = digit;
                let changed = String::from_utf8(bytes.clone()).unwrap();
                if Iin::parse(&changed).is_err() {
                    continue;
                }
                let (p0, p1) = (pass_of(s.as_bytes()), pass_of(&bytes));
                if pos == 10 && p0 == 1 && p1 == 1 {
                    blind_weight_zero += 1;
                } else if p0 != p1 {
                    pass_switch.push(changed);
                } else {
                    panic!("{changed} (from {s}, position {}) was accepted", pos + 1);
                }
            }
        }
    }
    // 4 of the 5 vectors use the first weighting; digit 11 can take 9 other values each.
    assert_eq!(blind_weight_zero, 36);
    // Pass-switching collisions found among the vectors (strict date rules reject the rest).
    assert!(pass_switch.contains(&"871008601427".to_string()));
    assert!(pass_switch.contains(&"361211600012".to_string()));
    // Whatever the position, a change of the check digit itself is always caught.
    for s in VALID_IINS {
        for d in b'0'..=b'9' {
            let mut b = s.as_bytes().to_vec();
            if b[11] != d {
                b[11] = d;
                assert!(Iin::parse(std::str::from_utf8(&b).unwrap()).is_err());
            }
        }
    }
}

#[test]
fn nca_test_numbers_fail_strict_and_pass_lenient() {
    assert_eq!(
        iin_reason("123456789011", ChecksumPolicy::Strict),
        "check digit mismatch"
    );
    let iin = Iin::parse_with("123456789011", ChecksumPolicy::Lenient).unwrap();
    // Month 34 and century digit 7 do not decode.
    assert_eq!(iin.birth_date(), None);
    assert_eq!(iin.sex(), None);
    assert_eq!(iin.century(), None);

    assert!(Bin::parse("123456789021").is_err());
    let bin = Bin::parse_with("123456789021", ChecksumPolicy::Lenient).unwrap();
    // Month 34 and attribute 6 do not decode; entity digit 5 does.
    assert_eq!(bin.registration_month(), None);
    assert_eq!(bin.entity_type(), Some(EntityType::NonResidentLegalEntity));
    assert_eq!(bin.attribute(), None);
}

#[test]
fn format_errors() {
    for s in [
        "",
        "87100840142",
        "8710084014270",
        "87100840142a",
        "８７１００８４０１４２７",
    ] {
        assert_eq!(
            iin_reason(s, ChecksumPolicy::Lenient),
            "not 12 ASCII digits"
        );
        assert_eq!(bin_reason(s), "not 12 ASCII digits");
    }
    let long = "9".repeat(1000);
    match Iin::parse(&long) {
        Err(Error::InvalidIin { value, .. }) => assert_eq!(value.chars().count(), 32),
        other => panic!("{other:?}"),
    }
}

/// Build an IIN with a correct check digit from its first 11 digits.
fn with_check(first11: &str) -> String {
    let a: [u8; 11] = first11.as_bytes().try_into().unwrap();
    let c = check_digit(&a).expect("defined check digit");
    format!("{first11}{c}")
}

#[test]
fn strict_iin_field_rules() {
    // Century digit 0, 7, 8, 9 are invalid in strict mode.
    for cs in ["0", "7", "8", "9"] {
        let s = with_check(&format!("871008{cs}0142"));
        assert_eq!(
            iin_reason(&s, ChecksumPolicy::Strict),
            "invalid century/sex digit (must be 1..6)",
            "{s}"
        );
        assert!(Iin::parse_with(&s, ChecksumPolicy::Lenient).is_ok());
    }
    // 30 February and month 13 are not dates; 29 February 2000 is.
    for d in ["000230", "871308", "870000", "010229"] {
        let s = with_check(&format!("{d}50142"));
        assert_eq!(
            iin_reason(&s, ChecksumPolicy::Strict),
            "invalid birth date",
            "{s}"
        );
    }
    let leap = Iin::parse(&with_check("00022950142")).unwrap();
    assert_eq!(leap.birth_date(), Some(date!(2000 - 02 - 29)));
    // 1900 was not a leap year.
    let s = with_check("00022930142");
    assert_eq!(iin_reason(&s, ChecksumPolicy::Strict), "invalid birth date");
}

#[test]
fn valid_bins_and_decoded_fields() {
    for s in VALID_BINS {
        let bin = Bin::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(bin.to_string(), s);
        assert_eq!(serde_json::to_string(&bin).unwrap(), format!("\"{s}\""));
    }
    let a = Bin::parse("940140000385").unwrap();
    assert_eq!(a.registration_year_yy(), 94);
    assert_eq!(a.registration_month(), Some(Month::January));
    assert_eq!(a.entity_type(), Some(EntityType::ResidentLegalEntity));
    assert_eq!(a.attribute(), Some(BinAttribute::HeadOffice));
    assert_eq!(a.serial(), "00038");
    let b = Bin::parse("070941024691").unwrap();
    assert_eq!(b.registration_month(), Some(Month::September));
    assert_eq!(b.attribute(), Some(BinAttribute::Branch));
}

#[test]
fn strict_bin_field_rules() {
    assert_eq!(bin_reason("940140000386"), "check digit mismatch");
    assert_eq!(
        bin_reason(&with_check("94134000038")),
        "invalid registration month"
    );
    assert_eq!(
        bin_reason(&with_check("94017000038")),
        "invalid entity type digit (must be 4, 5 or 6)"
    );
    assert_eq!(
        bin_reason(&with_check("94014700038")),
        "invalid attribute digit (must be 0..3)"
    );
    let ip = Bin::parse(&with_check("15066300012")).unwrap();
    assert_eq!(ip.entity_type(), Some(EntityType::IndividualEntrepreneur));
    assert_eq!(ip.attribute(), Some(BinAttribute::PeasantFarm));
}

#[test]
fn check_digit_rejects_non_digits() {
    assert_eq!(check_digit(b"8710084014a"), None);
    assert_eq!(check_digit(&[0; 11]), Some(0));
}

#[test]
fn serde_deserialization_is_strict_outside_documents() {
    let ok: Iin = serde_json::from_str("\"871008401427\"").unwrap();
    assert_eq!(ok.as_str(), "871008401427");
    assert!(serde_json::from_str::<Iin>("\"123456789011\"").is_err());
    assert!(serde_json::from_str::<Iin>("871008401427").is_err());
    assert!(serde_json::from_str::<Bin>("\"123456789021\"").is_err());
    let bin: Bin = serde_json::from_str("\"940140000385\"").unwrap();
    assert_eq!(bin.as_str(), "940140000385");
}
