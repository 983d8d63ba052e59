//! A root → CA → citizen chain with Ed25519 keys in the NCA profile (the test PKI has RSA
//! and P-256 families only): the same names, extensions and identity as the test PKI's
//! `citizen_sign`, so `verify_request` runs the whole flow on it.

use egov_sign::test_pki::{oid_arcs, CITIZEN_IIN};
use egov_sign::Time;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
};

use crate::{crl_by, Alg};

/// One certificate with its key.
#[derive(Debug, Clone)]
pub struct Cert {
    /// DER.
    pub der: Vec<u8>,
    /// PKCS#8 DER.
    pub key_pkcs8: Vec<u8>,
}

/// The Ed25519 chain and its (small) CRLs.
#[derive(Debug, Clone)]
pub struct Chain {
    /// Self-signed root.
    pub root: Cert,
    /// Intermediate CA.
    pub ca: Cert,
    /// The citizen's signing certificate.
    pub citizen_sign: Cert,
    /// The root's CRL (empty).
    pub root_crl: Vec<u8>,
    /// The CA's CRL (10 unrelated entries).
    pub ca_crl: Vec<u8>,
}

fn dn(pairs: &[(DnType, &str)]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for (t, v) in pairs {
        let value = match t {
            DnType::CountryName => {
                DnValue::PrintableString(rcgen::string::PrintableString::try_from(*v).unwrap())
            }
            DnType::CustomDnType(arcs) if arcs == &[2, 5, 4, 5] => {
                DnValue::PrintableString(rcgen::string::PrintableString::try_from(*v).unwrap())
            }
            _ => DnValue::Utf8String((*v).to_owned()),
        };
        dn.push(t.clone(), value);
    }
    dn
}

/// Generate the chain, valid around `now`.
pub fn generate(now: Time) -> Chain {
    let now = now.replace_nanosecond(0).unwrap();
    let year = time::Duration::days(365);
    let keys: Vec<KeyPair> = (0..3)
        .map(|_| KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap())
        .collect();

    let mut root_p = CertificateParams::default();
    root_p.distinguished_name = dn(&[
        (DnType::CommonName, "ED25519 ROOT (TEST)"),
        (DnType::CountryName, "KZ"),
    ]);
    root_p.not_before = now - year * 10;
    root_p.not_after = now + year * 10;
    root_p.serial_number = Some(SerialNumber::from_slice(&[0x01]));
    root_p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    root_p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let root_cert = root_p.self_signed(&keys[0]).unwrap();

    let mut ca_p = CertificateParams::default();
    ca_p.distinguished_name = dn(&[
        (DnType::CommonName, "ED25519 CA (TEST)"),
        (DnType::CountryName, "KZ"),
    ]);
    ca_p.not_before = now - year * 5;
    ca_p.not_after = now + year * 5;
    ca_p.serial_number = Some(SerialNumber::from_slice(&[0x02]));
    ca_p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_p.use_authority_key_identifier_extension = true;
    let root_issuer = Issuer::from_params(&root_p, &keys[0]);
    let ca_cert = ca_p.signed_by(&keys[1], &root_issuer).unwrap();

    let mut ee = CertificateParams::default();
    ee.distinguished_name = dn(&[
        (DnType::CommonName, "АХМЕТОВА АЙГЕРИМ"),
        (DnType::CustomDnType(vec![2, 5, 4, 4]), "АХМЕТОВА"),
        (
            DnType::CustomDnType(vec![2, 5, 4, 5]),
            &format!("IIN{CITIZEN_IIN}"),
        ),
        (DnType::CountryName, "KZ"),
        (DnType::CustomDnType(vec![2, 5, 4, 42]), "СЕРИКОВНА"),
    ]);
    ee.not_before = now - year;
    ee.not_after = now + year;
    ee.serial_number = Some(SerialNumber::from_slice(&[0x10, 0x20, 0x30]));
    ee.is_ca = IsCa::ExplicitNoCa;
    ee.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    let arcs = oid_arcs(&egov_sign::oid::NCA_ROLE_INDIVIDUAL);
    ee.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::EmailProtection,
        ExtendedKeyUsagePurpose::Other(arcs),
    ];
    ee.use_authority_key_identifier_extension = true;
    // certificatePolicies: 1.2.398.3.3.2.3 (individual, signing).
    ee.custom_extensions.push(CustomExtension::from_oid_content(
        &[2, 5, 29, 32],
        vec![
            0x30, 0x0b, 0x30, 0x09, 0x06, 0x07, 0x2a, 0x83, 0x0e, 0x03, 0x03, 0x02, 0x03,
        ],
    ));
    let ca_issuer = Issuer::from_params(&ca_p, &keys[1]);
    let ee_cert = ee.signed_by(&keys[2], &ca_issuer).unwrap();

    let root = Cert {
        der: root_cert.der().to_vec(),
        key_pkcs8: keys[0].serialize_der(),
    };
    let ca = Cert {
        der: ca_cert.der().to_vec(),
        key_pkcs8: keys[1].serialize_der(),
    };
    let root_crl = crl_by(&root.der, &root.key_pkcs8, Alg::Ed25519, now, 0, 1);
    let ca_crl = crl_by(&ca.der, &ca.key_pkcs8, Alg::Ed25519, now, 10, 2);
    Chain {
        root,
        ca,
        citizen_sign: Cert {
            der: ee_cert.der().to_vec(),
            key_pkcs8: keys[2].serialize_der(),
        },
        root_crl,
        ca_crl,
    }
}
