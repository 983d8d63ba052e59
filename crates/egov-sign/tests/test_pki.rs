//! Tests of the built-in test PKI (feature `test-pki`): profile, signatures, CRLs, files.

use std::collections::HashSet;
use std::process::Command;

use ::time::macros::datetime;
use ::time::Duration;
use egov_sign::test_pki::{
    Issued, KeyFamily, TestPki, CA_DELTA_CRL_NUMBER, CA_FULL_CRL_NUMBER, CA_STALE_CRL_NUMBER,
    CITIZEN2_IIN, CITIZEN_IIN, CON_BIN, CON_NAME, OPERATOR_IIN, PROVIDER_BIN,
    PROVIDER_EMPLOYEE_IIN, PROVIDER_HEAD_IIN, PROVIDER_NAME, PROVIDER_SIGNER_IIN,
    REPRESENTATIVE_IIN,
};
use egov_sign::Time;
use x509_parser::prelude::*;

const FAMILIES: [KeyFamily; 2] = [KeyFamily::Rsa, KeyFamily::P256];
const NOW: Time = datetime!(2026-03-01 12:00:00 UTC);
const YEAR: i64 = 365 * 86_400;
const DAY: i64 = 86_400;

/// The IIN / BIN check digit (DOMAIN.md).
fn check_digit_ok(s: &str) -> bool {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 12 || s.len() != 12 {
        return false;
    }
    let mut c = (0..11).map(|i| (i as u32 + 1) * d[i]).sum::<u32>() % 11;
    if c == 10 {
        let w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
        c = (0..11).map(|i| w[i] * d[i]).sum::<u32>() % 11;
    }
    c != 10 && c == d[11]
}

fn gen(family: KeyFamily) -> TestPki {
    TestPki::generate(family, NOW).expect("generate")
}

fn cert(der: &[u8]) -> X509Certificate<'_> {
    let (rest, c) = parse_x509_certificate(der).expect("parse certificate");
    assert!(rest.is_empty());
    c
}

fn crl(der: &[u8]) -> CertificateRevocationList<'_> {
    let (rest, c) = parse_x509_crl(der).expect("parse CRL");
    assert!(rest.is_empty());
    c
}

/// Verify `sig` over `msg` with the issuer's SubjectPublicKeyInfo using ring.
fn ring_verify(alg: &str, issuer: &X509Certificate<'_>, msg: &[u8], sig: &[u8]) -> bool {
    let params: &dyn ring::signature::VerificationAlgorithm = match alg {
        "1.2.840.113549.1.1.11" => &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        "1.2.840.10045.4.3.2" => &ring::signature::ECDSA_P256_SHA256_ASN1,
        other => panic!("unexpected signature algorithm {other}"),
    };
    let pk = issuer.public_key().subject_public_key.data.as_ref();
    ring::signature::UnparsedPublicKey::new(params, pk)
        .verify(msg, sig)
        .is_ok()
}

fn cert_verifies(c: &X509Certificate<'_>, issuer: &X509Certificate<'_>) -> bool {
    ring_verify(
        &c.signature_algorithm.algorithm.to_id_string(),
        issuer,
        c.tbs_certificate.as_ref(),
        c.signature_value.data.as_ref(),
    )
}

fn crl_verifies(c: &CertificateRevocationList<'_>, issuer: &X509Certificate<'_>) -> bool {
    ring_verify(
        &c.signature_algorithm.algorithm.to_id_string(),
        issuer,
        c.tbs_cert_list.as_ref(),
        c.signature_value.data.as_ref(),
    )
}

/// (type OID, value, ASN.1 tag number) of each subject attribute, in order.
fn subject_attrs(c: &X509Certificate<'_>) -> Vec<(String, String, u32)> {
    c.subject()
        .iter_attributes()
        .map(|a| {
            (
                a.attr_type().to_id_string(),
                a.as_str().expect("string attribute").to_owned(),
                a.attr_value().tag().0,
            )
        })
        .collect()
}

fn attr(c: &X509Certificate<'_>, oid: &str) -> Option<String> {
    subject_attrs(c)
        .into_iter()
        .find(|(o, _, _)| o == oid)
        .map(|(_, v, _)| v)
}

fn ski(c: &X509Certificate<'_>) -> Vec<u8> {
    c.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
            _ => None,
        })
        .expect("SKI")
}

fn aki(exts: &[X509Extension<'_>]) -> Vec<u8> {
    exts.iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                a.key_identifier.as_ref().map(|k| k.0.to_vec())
            }
            _ => None,
        })
        .expect("AKI")
}

fn ekus(c: &X509Certificate<'_>) -> (bool, bool, Vec<String>) {
    let eku = c.extended_key_usage().expect("EKU ok").expect("EKU").value;
    (
        eku.email_protection,
        eku.client_auth,
        eku.other.iter().map(|o| o.to_id_string()).collect(),
    )
}

fn policies(c: &X509Certificate<'_>) -> Vec<String> {
    c.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::CertificatePolicies(p) => {
                Some(p.iter().map(|i| i.policy_id.to_id_string()).collect())
            }
            _ => None,
        })
        .unwrap_or_default()
}

fn ext_by_oid<'a>(exts: &'a [X509Extension<'a>], oid: &str) -> Option<&'a X509Extension<'a>> {
    exts.iter().find(|e| e.oid.to_id_string() == oid)
}

fn issuer_of<'p>(pki: &'p TestPki, i: &Issued) -> &'p Issued {
    pki.by_name(i.issuer).expect("issuer by name")
}

fn ts(t: Time) -> i64 {
    t.unix_timestamp()
}

#[test]
fn consts_are_valid_and_distinct() {
    let iins = [
        CITIZEN_IIN,
        CITIZEN2_IIN,
        REPRESENTATIVE_IIN,
        OPERATOR_IIN,
        PROVIDER_HEAD_IIN,
        PROVIDER_EMPLOYEE_IIN,
        PROVIDER_SIGNER_IIN,
    ];
    for iin in iins {
        assert!(check_digit_ok(iin), "{iin}");
    }
    assert_eq!(iins.iter().collect::<HashSet<_>>().len(), iins.len());
    for bin in [CON_BIN, PROVIDER_BIN] {
        assert!(check_digit_ok(bin), "{bin}");
    }
    assert_ne!(CON_BIN, PROVIDER_BIN);
    // The local checker agrees with DOMAIN.md's examples.
    assert!(!check_digit_ok("821214240092"));
    assert!(!check_digit_ok("123456789011"));
    assert!(check_digit_ok("061211600012"));
}

#[test]
fn generate_is_fast_and_complete() {
    for family in FAMILIES {
        let start = std::time::Instant::now();
        let pki = gen(family);
        let took = start.elapsed();
        eprintln!("{family:?}: generated in {took:?}");
        if family == KeyFamily::P256 {
            assert!(took < std::time::Duration::from_secs(1), "{took:?}");
        }
        assert_eq!(pki.family, family);
        assert_eq!(pki.generated_at, NOW);
        let all = pki.all_issued();
        assert_eq!(all.len(), 20);
        let names: HashSet<_> = all.iter().map(|i| i.name).collect();
        assert_eq!(names.len(), all.len());
        let serials: HashSet<_> = all.iter().map(|i| i.serial.clone()).collect();
        assert_eq!(serials.len(), all.len());
        assert_eq!(pki.crl_list().len(), 8);
    }
}

#[test]
fn rsa_generation_is_deterministic() {
    // PKCS#1 v1.5 signatures and the key pool make RSA PKIs byte-identical for the same `now`.
    let a = gen(KeyFamily::Rsa);
    let b = gen(KeyFamily::Rsa);
    for (x, y) in a.all_issued().into_iter().zip(b.all_issued()) {
        assert_eq!(x.cert_der, y.cert_der, "{}", x.name);
    }
    assert_eq!(a.crls.ca_delta, b.crls.ca_delta);
    // P-256 keys are fresh on every call.
    let p = gen(KeyFamily::P256);
    let q = gen(KeyFamily::P256);
    assert_ne!(p.root.key_pkcs8_der, q.root.key_pkcs8_der);
}

#[test]
fn generate_truncates_now_and_rejects_out_of_range() {
    let pki = TestPki::generate(KeyFamily::P256, NOW + Duration::milliseconds(750)).unwrap();
    assert_eq!(pki.generated_at, NOW);
    let err = TestPki::generate(KeyFamily::P256, datetime!(2060-01-01 0:00 UTC)).unwrap_err();
    assert_eq!(err.code(), "CONFIG");
}

#[test]
fn certificates_follow_the_nca_profile() {
    for family in FAMILIES {
        let pki = gen(family);
        for i in pki.all_issued() {
            let c = cert(&i.cert_der);
            let name = i.name;
            assert_eq!(c.version(), X509Version::V3, "{name}");
            // Serial: as recorded, positive, at most 20 bytes.
            assert_eq!(c.raw_serial(), i.serial.as_slice(), "{name}");
            assert!(i.serial.len() <= 20 && i.serial[0] & 0x80 == 0, "{name}");
            // Validity as recorded.
            assert_eq!(
                c.validity().not_before.timestamp(),
                ts(i.not_before),
                "{name}"
            );
            assert_eq!(
                c.validity().not_after.timestamp(),
                ts(i.not_after),
                "{name}"
            );
            // AKI/SKI on all; AKI = issuer's SKI.
            let issuer = cert(&issuer_of(&pki, i).cert_der);
            assert_eq!(aki(c.extensions()), ski(&issuer), "{name}");
            assert_eq!(c.issuer().as_raw(), issuer.subject().as_raw(), "{name}");
            assert_eq!(attr(&c, "2.5.4.6").as_deref(), Some("KZ"), "{name}");
            let bc = c
                .basic_constraints()
                .unwrap()
                .map(|b| (b.critical, b.value.ca));
            let ku = c.key_usage().unwrap().expect("keyUsage");
            assert!(ku.critical, "{name}");
            let ku = ku.value;

            match i.role {
                "root_ca" | "ca" => {
                    assert_eq!(bc, Some((true, true)), "{name}");
                    assert!(ku.key_cert_sign() && ku.crl_sign(), "{name}");
                    assert!(!ku.digital_signature(), "{name}");
                    assert!(i.iin.is_none() && i.bin.is_none());
                    let pl = c
                        .basic_constraints()
                        .unwrap()
                        .unwrap()
                        .value
                        .path_len_constraint;
                    let span = (ts(i.not_after) - ts(i.not_before)) / YEAR;
                    if i.role == "ca" {
                        assert_eq!(pl, Some(0));
                        assert_eq!(span, 10);
                        assert_eq!(
                            attr(&c, "2.5.4.3").as_deref(),
                            Some("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)")
                        );
                    } else {
                        assert_eq!(pl, None);
                        assert_eq!(span, 20);
                        assert_eq!(c.subject().as_raw(), c.issuer().as_raw());
                    }
                }
                "end_entity" => {
                    assert_eq!(name, "not_ca");
                    assert_eq!(bc, Some((true, false)));
                    assert!(!ku.key_cert_sign() && !ku.crl_sign());
                }
                role => {
                    assert_eq!(bc, Some((true, false)), "{name}");
                    assert!(!ku.key_cert_sign(), "{name}");
                    // Subject: CN "SURNAME GIVEN", SN, serialNumber IIN (PrintableString), GN.
                    let iin = i.iin.as_deref().expect("IIN");
                    assert!(check_digit_ok(iin), "{name}: {iin}");
                    let sn_attr = subject_attrs(&c)
                        .into_iter()
                        .find(|(o, _, _)| o == "2.5.4.5")
                        .expect("serialNumber");
                    assert_eq!(sn_attr.1, format!("IIN{iin}"), "{name}");
                    assert_eq!(
                        sn_attr.2, 19,
                        "{name}: serialNumber must be PrintableString"
                    );
                    let cn = attr(&c, "2.5.4.3").expect("CN");
                    let surname = attr(&c, "2.5.4.4").expect("SN");
                    assert!(cn.starts_with(&format!("{surname} ")), "{name}: {cn}");
                    assert!(!cn.is_ascii(), "{name}: CN must be Cyrillic");
                    assert!(attr(&c, "2.5.4.42").is_some(), "{name}: GN");
                    let (email, client, other) = ekus(&c);
                    match i.usage {
                        "sign" => {
                            assert!(ku.digital_signature() && ku.non_repudiation(), "{name}");
                            assert!(!ku.key_encipherment(), "{name}");
                            assert!(email && !client, "{name}");
                        }
                        "auth" => {
                            assert!(ku.digital_signature() && ku.key_encipherment(), "{name}");
                            assert!(!ku.non_repudiation(), "{name}");
                            assert!(client && !email, "{name}");
                        }
                        u => panic!("{name}: usage {u}"),
                    }
                    let expected: &[&str] = match role {
                        "individual" => &["1.2.398.3.3.4.1.1"],
                        "legal_entity.first_head" => &["1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.1"],
                        "legal_entity.right_to_sign" => {
                            &["1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.2"]
                        }
                        "legal_entity.employee" => &["1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.5"],
                        r => panic!("{name}: role {r}"),
                    };
                    assert_eq!(other, expected, "{name}");
                    if role == "individual" {
                        assert!(i.bin.is_none(), "{name}");
                        assert!(attr(&c, "2.5.4.10").is_none() && attr(&c, "2.5.4.11").is_none());
                        let want = if i.usage == "sign" {
                            "1.2.398.3.3.2.3"
                        } else {
                            "1.2.398.3.3.2.4"
                        };
                        assert_eq!(policies(&c), [want], "{name}");
                    } else {
                        let bin = i.bin.as_deref().expect("BIN");
                        assert!(check_digit_ok(bin), "{name}: {bin}");
                        assert_eq!(attr(&c, "2.5.4.11"), Some(format!("BIN{bin}")), "{name}");
                        let o = attr(&c, "2.5.4.10").expect("O");
                        assert!(!o.is_ascii(), "{name}: O must be Cyrillic");
                    }
                    // CRL DP and Freshest CRL (where the issuer publishes them).
                    if i.issuer == "ca" {
                        let dp = ext_by_oid(c.extensions(), "2.5.29.31").expect("CRL DP");
                        assert!(dp.value.windows(11).any(|w| w == b"ca_full.crl"), "{name}");
                        let fr = ext_by_oid(c.extensions(), "2.5.29.46").expect("Freshest");
                        assert!(!fr.critical);
                        assert!(fr.value.windows(12).any(|w| w == b"ca_delta.crl"), "{name}");
                    }
                }
            }
        }

        // Identities per person.
        let iin = |i: &Issued| i.iin.clone().unwrap();
        for i in [
            &pki.citizen_sign,
            &pki.citizen_auth,
            &pki.revoked_sign,
            &pki.on_hold_sign,
            &pki.unheld_sign,
            &pki.delta_revoked_sign,
            &pki.expired_sign,
            &pki.not_yet_valid_sign,
            &pki.untrusted_sign,
            &pki.issued_by_not_ca,
        ] {
            assert_eq!(iin(i), CITIZEN_IIN, "{}", i.name);
        }
        assert_eq!(iin(&pki.citizen2_sign), CITIZEN2_IIN);
        assert_eq!(iin(&pki.representative_sign), REPRESENTATIVE_IIN);
        assert_eq!(iin(&pki.operator_sign), OPERATOR_IIN);
        assert_eq!(iin(&pki.provider_head_sign), PROVIDER_HEAD_IIN);
        assert_eq!(iin(&pki.provider_employee_sign), PROVIDER_EMPLOYEE_IIN);
        assert_eq!(iin(&pki.provider_signer_sign), PROVIDER_SIGNER_IIN);
        assert_eq!(pki.operator_sign.bin.as_deref(), Some(CON_BIN));
        assert_eq!(pki.operator_sign.role, "legal_entity.employee");
        assert_eq!(
            attr(&cert(&pki.operator_sign.cert_der), "2.5.4.10").as_deref(),
            Some(CON_NAME)
        );
        for i in [
            &pki.provider_head_sign,
            &pki.provider_employee_sign,
            &pki.provider_signer_sign,
        ] {
            assert_eq!(i.bin.as_deref(), Some(PROVIDER_BIN));
            assert_eq!(
                attr(&cert(&i.cert_der), "2.5.4.10").as_deref(),
                Some(PROVIDER_NAME)
            );
        }
        assert_eq!(pki.provider_head_sign.role, "legal_entity.first_head");
        assert_eq!(pki.provider_employee_sign.role, "legal_entity.employee");
        assert_eq!(pki.provider_signer_sign.role, "legal_entity.right_to_sign");
        assert_eq!(
            policies(&cert(&pki.provider_head_sign.cert_der)),
            ["1.2.398.3.3.2.1"]
        );
    }
}

#[test]
fn validity_windows_are_relative_to_now() {
    for family in FAMILIES {
        let pki = gen(family);
        let now = ts(NOW);
        let window = |i: &Issued| {
            let c = cert(&i.cert_der);
            (
                c.validity().not_before.timestamp() - now,
                c.validity().not_after.timestamp() - now,
            )
        };
        assert_eq!(window(&pki.root), (-10 * YEAR, 10 * YEAR));
        assert_eq!(window(&pki.other_root), (-10 * YEAR, 10 * YEAR));
        assert_eq!(window(&pki.ca), (-5 * YEAR, 5 * YEAR));
        assert_eq!(window(&pki.expired_sign), (-3 * YEAR, -YEAR));
        assert_eq!(window(&pki.not_yet_valid_sign), (YEAR, 2 * YEAR));
        for i in pki.all_issued() {
            if ![
                "root",
                "other_root",
                "ca",
                "expired_sign",
                "not_yet_valid_sign",
            ]
            .contains(&i.name)
            {
                assert_eq!(window(i), (-YEAR, YEAR), "{}", i.name);
            }
        }
    }
}

#[test]
fn certificate_signatures_verify_against_their_issuers() {
    for family in FAMILIES {
        let pki = gen(family);
        let expected_alg = match family {
            KeyFamily::Rsa => "1.2.840.113549.1.1.11",
            KeyFamily::P256 => "1.2.840.10045.4.3.2",
            // GOST families are covered by tests/gost.rs.
            _ => unreachable!("not in FAMILIES"),
        };
        for i in pki.all_issued() {
            let c = cert(&i.cert_der);
            assert_eq!(c.signature_algorithm.algorithm.to_id_string(), expected_alg);
            let issuer = cert(&issuer_of(&pki, i).cert_der);
            assert!(cert_verifies(&c, &issuer), "{family:?} {}", i.name);
        }
        // Negative controls.
        let root = cert(&pki.root.cert_der);
        let ca = cert(&pki.ca.cert_der);
        let other_root = cert(&pki.other_root.cert_der);
        let not_ca = cert(&pki.not_ca.cert_der);
        assert!(!cert_verifies(&cert(&pki.citizen_sign.cert_der), &root));
        assert!(!cert_verifies(&cert(&pki.untrusted_sign.cert_der), &ca));
        assert!(!cert_verifies(&cert(&pki.ca.cert_der), &other_root));
        let by_not_ca = cert(&pki.issued_by_not_ca.cert_der);
        assert!(cert_verifies(&by_not_ca, &not_ca));
        assert!(!cert_verifies(&by_not_ca, &ca));
        assert_eq!(by_not_ca.issuer().as_raw(), not_ca.subject().as_raw());
    }
}

#[test]
fn private_keys_load_in_ring_and_match_their_certificates() {
    use ring::signature::KeyPair as _;
    for family in FAMILIES {
        let pki = gen(family);
        for i in pki.all_issued() {
            let c = cert(&i.cert_der);
            let spk = c.public_key().subject_public_key.data.as_ref().to_vec();
            let pk = match family {
                KeyFamily::Rsa => ring::signature::RsaKeyPair::from_pkcs8(&i.key_pkcs8_der)
                    .expect("RSA PKCS#8")
                    .public_key()
                    .as_ref()
                    .to_vec(),
                KeyFamily::P256 => ring::signature::EcdsaKeyPair::from_pkcs8(
                    &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                    &i.key_pkcs8_der,
                    &ring::rand::SystemRandom::new(),
                )
                .expect("P-256 PKCS#8")
                .public_key()
                .as_ref()
                .to_vec(),
                // GOST families are covered by tests/gost.rs.
                _ => unreachable!("not in FAMILIES"),
            };
            assert_eq!(pk, spk, "{family:?} {}", i.name);
            if family == KeyFamily::Rsa {
                let modulus_bits = match c.public_key().parsed().unwrap() {
                    x509_parser::public_key::PublicKey::RSA(rsa) => rsa.key_size(),
                    _ => panic!("not RSA"),
                };
                assert_eq!(modulus_bits, 2048, "{}", i.name);
            }
        }
        // CAs, the untrusted root and the issuing end entity have distinct keys.
        let keys: HashSet<_> = [&pki.root, &pki.ca, &pki.other_root, &pki.not_ca]
            .iter()
            .map(|i| i.key_pkcs8_der.clone())
            .collect();
        assert_eq!(keys.len(), 4);
    }
}

#[test]
fn crls_parse_and_verify_against_their_issuers() {
    for family in FAMILIES {
        let pki = gen(family);
        let root = cert(&pki.root.cert_der);
        let ca = cert(&pki.ca.cert_der);
        let other_root = cert(&pki.other_root.cert_der);
        for (name, der) in pki.crl_list() {
            let c = crl(der);
            assert_eq!(c.version(), Some(X509Version::V2), "{name}");
            let issuer = match name {
                "root_full" => &root,
                "other_root_full" => &other_root,
                _ => &ca,
            };
            assert_eq!(c.issuer().as_raw(), issuer.subject().as_raw(), "{name}");
            assert_eq!(aki(c.extensions()), ski(issuer), "{name}");
            assert!(c.crl_number().is_some(), "{name}");
            let ok = crl_verifies(&c, issuer);
            if name == "ca_wrong_signature" {
                assert!(!ok, "{family:?} {name} must not verify");
                assert!(!crl_verifies(&c, &root) && !crl_verifies(&c, &other_root));
            } else {
                assert!(ok, "{family:?} {name}");
            }
            // Times are UTCTime-era and whole seconds.
            assert!(c.next_update().is_some(), "{name}");
        }
        let now = ts(NOW);
        let full = crl(&pki.crls.ca_full);
        assert_eq!(full.last_update().timestamp(), now - 3600);
        assert_eq!(full.next_update().unwrap().timestamp(), now + 7 * DAY);
        let stale = crl(&pki.crls.ca_stale);
        assert!(stale.next_update().unwrap().timestamp() < now);
        assert_eq!(stale.last_update().timestamp(), now - 30 * DAY);
        assert_eq!(
            stale.crl_number().unwrap().to_string(),
            CA_STALE_CRL_NUMBER.to_string()
        );
        let delta = crl(&pki.crls.ca_delta);
        assert_eq!(delta.next_update().unwrap().timestamp(), now + DAY);
        assert!(crl(&pki.crls.root_full).next_update().unwrap().timestamp() > now);
    }
}

fn entries(c: &CertificateRevocationList<'_>) -> Vec<(Vec<u8>, i64, Option<u8>)> {
    c.iter_revoked_certificates()
        .map(|r| {
            (
                r.raw_serial().to_vec(),
                r.revocation_date.timestamp(),
                r.reason_code().map(|(_, rc)| rc.0),
            )
        })
        .collect()
}

#[test]
fn full_and_delta_crl_contents() {
    for family in FAMILIES {
        let pki = gen(family);
        let now = ts(NOW);
        let full = crl(&pki.crls.ca_full);
        assert_eq!(
            full.crl_number().unwrap().to_string(),
            CA_FULL_CRL_NUMBER.to_string()
        );
        assert_eq!(
            entries(&full),
            vec![
                (pki.revoked_sign.serial.clone(), now - 10 * DAY, Some(1)),
                (pki.on_hold_sign.serial.clone(), now - 10 * DAY, Some(6)),
                (pki.unheld_sign.serial.clone(), now - 10 * DAY, Some(6)),
            ]
        );
        assert!(ext_by_oid(full.extensions(), "2.5.29.27").is_none());

        let delta = crl(&pki.crls.ca_delta);
        assert_eq!(
            delta.crl_number().unwrap().to_string(),
            CA_DELTA_CRL_NUMBER.to_string()
        );
        let ind = ext_by_oid(delta.extensions(), "2.5.29.27").expect("deltaCRLIndicator");
        assert!(ind.critical);
        // BaseCRLNumber ::= INTEGER 100
        assert_eq!(ind.value, [0x02, 0x01, 100]);
        assert_eq!(
            entries(&delta),
            vec![
                (
                    pki.delta_revoked_sign.serial.clone(),
                    now - 2 * DAY,
                    Some(1)
                ),
                (pki.unheld_sign.serial.clone(), now - 2 * DAY, Some(8)),
            ]
        );

        // Stale: the same serials and reasons as ca_full.
        let stale: Vec<_> = entries(&crl(&pki.crls.ca_stale))
            .into_iter()
            .map(|(s, _, r)| (s, r))
            .collect();
        let full_sr: Vec<_> = entries(&full).into_iter().map(|(s, _, r)| (s, r)).collect();
        assert_eq!(stale, full_sr);

        // Unrelated serial on the root CRL; nothing on the other root's.
        let root_entries = entries(&crl(&pki.crls.root_full));
        assert_eq!(root_entries.len(), 1);
        assert!(pki
            .all_issued()
            .iter()
            .all(|i| i.serial != root_entries[0].0));
        assert!(entries(&crl(&pki.crls.other_root_full)).is_empty());

        // Wrong signature: same content as ca_full.
        let wrong = crl(&pki.crls.ca_wrong_signature);
        assert_eq!(entries(&wrong), entries(&full));
    }
}

#[test]
fn unknown_critical_extensions() {
    for family in FAMILIES {
        let pki = gen(family);
        let c = crl(&pki.crls.ca_unknown_critical);
        let e = ext_by_oid(c.extensions(), "1.2.3.4").expect("unknown CRL extension");
        assert!(e.critical);
        assert!(ext_by_oid(crl(&pki.crls.ca_full).extensions(), "1.2.3.4").is_none());

        let c = crl(&pki.crls.ca_entry_unknown_critical);
        let with: Vec<_> = c
            .iter_revoked_certificates()
            .filter(|r| {
                r.extensions()
                    .iter()
                    .any(|e| e.oid.to_id_string() == "1.2.3.5" && e.critical)
            })
            .map(|r| r.raw_serial().to_vec())
            .collect();
        assert_eq!(with, vec![pki.revoked_sign.serial.clone()]);
        assert!(ext_by_oid(c.extensions(), "1.2.3.4").is_none());
    }
}

fn openssl(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl CLI must be installed for this test")
}

#[test]
fn write_to_dir_is_readable_by_openssl() {
    for family in FAMILIES {
        // Real time, so `openssl verify` (which checks validity at the current time) agrees.
        let pki = TestPki::generate(family, Time::now_utc()).expect("generate");
        let dir = tempfile::tempdir().unwrap();
        pki.write_to_dir(dir.path()).unwrap();
        let d = dir.path();
        for i in pki.all_issued() {
            let out = openssl(
                &[
                    "x509",
                    "-in",
                    &format!("{}.pem", i.name),
                    "-noout",
                    "-serial",
                ],
                d,
            );
            assert!(out.status.success(), "{}: {out:?}", i.name);
            let serial = String::from_utf8_lossy(&out.stdout).to_lowercase();
            assert!(serial.contains(&i.serial_hex()), "{}: {serial}", i.name);
            let out = openssl(
                &["pkey", "-in", &format!("{}.key.pem", i.name), "-noout"],
                d,
            );
            assert!(out.status.success(), "{}: {out:?}", i.name);
        }
        for (name, _) in pki.crl_list() {
            let out = openssl(
                &[
                    "crl",
                    "-inform",
                    "DER",
                    "-in",
                    &format!("{name}.crl"),
                    "-noout",
                    "-text",
                ],
                d,
            );
            assert!(out.status.success(), "{name}: {out:?}");
        }
        let out = openssl(
            &[
                "verify",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "ca.pem",
                "citizen_sign.pem",
            ],
            d,
        );
        assert!(out.status.success(), "{family:?}: {out:?}");
        // openssl agrees the CA's full CRL is good and the revoked cert is revoked.
        for (crl_name, pem_name) in [("root_full", "root_full.pem"), ("ca_full", "ca_full.pem")] {
            let out = openssl(
                &[
                    "crl",
                    "-inform",
                    "DER",
                    "-in",
                    &format!("{crl_name}.crl"),
                    "-out",
                    pem_name,
                ],
                d,
            );
            assert!(out.status.success(), "{out:?}");
        }
        let verify_crl = |leaf: &str| {
            openssl(
                &[
                    "verify",
                    "-crl_check_all",
                    "-CAfile",
                    "root.pem",
                    "-untrusted",
                    "ca.pem",
                    "-CRLfile",
                    "root_full.pem",
                    "-CRLfile",
                    "ca_full.pem",
                    leaf,
                ],
                d,
            )
        };
        let out = verify_crl("citizen_sign.pem");
        assert!(out.status.success(), "{family:?}: {out:?}");
        let out = verify_crl("revoked_sign.pem");
        assert!(!out.status.success(), "{family:?}: revoked_sign must fail");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("revoked")
                || String::from_utf8_lossy(&out.stderr).contains("revoked")
        );
        // The chain through not_ca is rejected; the untrusted root is untrusted.
        let out = openssl(
            &[
                "verify",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "ca.pem",
                "-untrusted",
                "not_ca.pem",
                "issued_by_not_ca.pem",
            ],
            d,
        );
        assert!(
            !out.status.success(),
            "{family:?}: issued_by_not_ca must fail"
        );
        let out = openssl(&["verify", "-CAfile", "root.pem", "untrusted_sign.pem"], d);
        assert!(
            !out.status.success(),
            "{family:?}: untrusted_sign must fail"
        );

        // The manifest describes every file.
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["family"], family_str(family));
        let certs = manifest["certificates"].as_array().unwrap();
        assert_eq!(certs.len(), pki.all_issued().len());
        for (m, i) in certs.iter().zip(pki.all_issued()) {
            assert_eq!(m["file"], format!("{}.pem", i.name));
            assert_eq!(m["serial"], i.serial_hex());
            assert_eq!(m["role"], i.role);
            assert_eq!(m["iin"].as_str(), i.iin.as_deref());
            assert_eq!(m["bin"].as_str(), i.bin.as_deref());
            let nb = m["not_before"].as_str().unwrap();
            let parsed = Time::parse(nb, &::time::format_description::well_known::Rfc3339).unwrap();
            assert_eq!(parsed, i.not_before);
            assert!(m["purpose"].as_str().is_some_and(|p| !p.is_empty()));
            assert!(d.join(m["file"].as_str().unwrap()).exists());
        }
        let crls = manifest["crls"].as_array().unwrap();
        assert_eq!(crls.len(), 8);
        for m in crls {
            assert!(d.join(m["file"].as_str().unwrap()).exists());
            assert!(m["issuer"].as_str().is_some() && m["purpose"].as_str().is_some());
        }
        assert!(manifest["generated_at"].as_str().is_some());
    }
}

fn family_str(f: KeyFamily) -> &'static str {
    f.as_str()
}
