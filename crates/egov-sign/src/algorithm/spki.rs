//! The SubjectPublicKeyInfo reader: the one place a public key is parsed and the key
//! types, curves and sizes the crate accepts are decided
//! ([RFC 5280 §4.1.2.7](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7)):
//!
//! ```text
//! SubjectPublicKeyInfo  ::=  SEQUENCE  {
//!      algorithm            AlgorithmIdentifier,
//!      subjectPublicKey     BIT STRING  }
//! ```
//!
//! | key algorithm | parameters | subjectPublicKey | reference |
//! |---------------|------------|------------------|-----------|
//! | `rsaEncryption` | NULL or absent | `RSAPublicKey`, 2048–8192 bits, odd modulus, odd 3 ≤ e < 2^33 (ring's rules) | [RFC 3279 §2.3.1](https://www.rfc-editor.org/rfc/rfc3279#section-2.3.1) |
//! | `id-ecPublicKey` | `namedCurve` P-256 or P-384 (implicit or specified curves refused) | the uncompressed point `04 ‖ X ‖ Y` | [RFC 5480 §2.1.1](https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1), [§2.2](https://www.rfc-editor.org/rfc/rfc5480#section-2.2) |
//! | `id-Ed25519` | absent | 32 octets | [RFC 8410 §4](https://www.rfc-editor.org/rfc/rfc8410#section-4) |
//! | GOST 34.10-2015 (512), GOST 34.310-2004 | the curve's parameters, checked against the OID | a point checked to be on the curve | `crate::gost` |
//!
//! The BIT STRING must have no unused bits. Anything else is refused with a typed error
//! ([`Error::Malformed`] or [`Error::UnsupportedAlgorithm`]).

use super::{unsupported, AlgorithmIdentifier};
use crate::encoding::{oid_of, parse_single, DerReader};
use crate::gost::{GostCurve, GostPublicKey};
use crate::oid;
use crate::Error;

/// A public key parsed from a SubjectPublicKeyInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PublicKey {
    /// rsaEncryption; the RSAPublicKey DER and the modulus length in octets.
    Rsa(Vec<u8>, usize),
    /// id-ecPublicKey on P-256; the uncompressed point.
    P256(Vec<u8>),
    /// id-ecPublicKey on P-384; the uncompressed point.
    P384(Vec<u8>),
    /// id-Ed25519; the 32-byte key.
    Ed25519(Vec<u8>),
    /// A GOST key, checked to be on its curve.
    Gost(GostPublicKey),
}

/// Parse a SubjectPublicKeyInfo DER by the rules of the module documentation (one TLV,
/// strict DER).
pub(crate) fn parse_spki(spki: &[u8]) -> Result<PublicKey, Error> {
    const WHAT: &str = "SubjectPublicKeyInfo";
    let any = parse_single(spki, WHAT)?;
    if spki.first() != Some(&0x30) {
        return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
    }
    let mut r = DerReader::new(any.value(), WHAT)?;
    let (alg_any, alg_raw) = r.next_raw()?;
    let _ = alg_any;
    let alg = AlgorithmIdentifier::from_der(alg_raw)?;
    let bits = r.expect(0x03, "subjectPublicKey")?;
    r.finish("SubjectPublicKeyInfo")?;
    let key = match bits.value().split_first() {
        Some((0, key)) if !key.is_empty() => key.to_vec(),
        _ => return Err(Error::malformed(WHAT, "bad subjectPublicKey BIT STRING")),
    };
    match alg.oid {
        oid::RSA_ENCRYPTION => {
            if !alg.params_absent_or_null() {
                return Err(Error::malformed(WHAT, "rsaEncryption with parameters"));
            }
            let modulus_len = check_rsa_public_key(&key)?;
            Ok(PublicKey::Rsa(key, modulus_len))
        }
        oid::ID_EC_PUBLIC_KEY => {
            let curve = match alg.parameters.as_deref() {
                Some(p) => oid_of(parse_single(p, WHAT)?, WHAT)?,
                None => return Err(Error::malformed(WHAT, "id-ecPublicKey without curve")),
            };
            let (expected_len, key) = match curve {
                oid::SECP256R1 => (65, PublicKey::P256(key.clone())),
                oid::SECP384R1 => (97, PublicKey::P384(key.clone())),
                other => return Err(unsupported(other)),
            };
            if key_len(&key) != expected_len || key_first(&key) != Some(0x04) {
                return Err(Error::malformed(WHAT, "EC point is not uncompressed"));
            }
            Ok(key)
        }
        oid::ID_ED25519 => {
            if alg.parameters.is_some() || key.len() != 32 {
                return Err(Error::malformed(WHAT, "bad Ed25519 key"));
            }
            Ok(PublicKey::Ed25519(key))
        }
        oid::GOST2015_512_KEY | oid::GOST2004_KEY => {
            let curve = GostCurve::from_key_algorithm(alg.oid, alg.parameters.as_deref())?;
            Ok(PublicKey::Gost(GostPublicKey::from_spki_bits(curve, &key)?))
        }
        other => Err(unsupported(other)),
    }
}

pub(super) fn key_bytes(key: &PublicKey) -> &[u8] {
    match key {
        PublicKey::Rsa(k, _) | PublicKey::P256(k) | PublicKey::P384(k) | PublicKey::Ed25519(k) => k,
        PublicKey::Gost(_) => &[],
    }
}

fn key_len(key: &PublicKey) -> usize {
    key_bytes(key).len()
}

fn key_first(key: &PublicKey) -> Option<u8> {
    key_bytes(key).first().copied()
}

/// Structural check of an RSAPublicKey and its size (2048–8192 bits, what ring verifies);
/// returns the modulus length in octets
/// ([RFC 3279 §2.3.1](https://www.rfc-editor.org/rfc/rfc3279#section-2.3.1),
/// [RFC 8017 §A.1.1](https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.1)):
///
/// ```text
/// RSAPublicKey ::= SEQUENCE {
///     modulus            INTEGER,    -- n
///     publicExponent     INTEGER  } -- e
/// ```
fn check_rsa_public_key(der: &[u8]) -> Result<usize, Error> {
    const WHAT: &str = "RSAPublicKey";
    let any = parse_single(der, WHAT)?;
    if der.first() != Some(&0x30) {
        return Err(Error::malformed(WHAT, "expected a SEQUENCE"));
    }
    let mut r = DerReader::new(any.value(), WHAT)?;
    let n = r.expect(0x02, "modulus")?;
    let e = r.expect(0x02, "publicExponent")?;
    r.finish("RSAPublicKey")?;
    for (int, name) in [(n.value(), "modulus"), (e.value(), "publicExponent")] {
        // X.690 §8.3.2: minimal; and both must be positive.
        match int {
            [] => return Err(Error::malformed(WHAT, format!("empty {name}"))),
            [0x80..=0xff, ..] => return Err(Error::malformed(WHAT, format!("negative {name}"))),
            [0, next, ..] if *next < 0x80 => {
                return Err(Error::malformed(WHAT, format!("non-minimal {name}")))
            }
            _ => {}
        }
    }
    let n = n.value();
    let n = match n.split_first() {
        Some((0, rest)) => rest,
        _ => n,
    };
    if e.value().is_empty() || n.is_empty() {
        return Err(Error::malformed(WHAT, "empty INTEGER"));
    }
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if !(2048..=8192).contains(&bits) {
        return Err(Error::UnsupportedAlgorithm {
            algorithm: format!("RSA key of {bits} bits (2048 to 8192 supported)"),
        });
    }
    // The rules ring applies when it verifies, checked here so that every backend (see
    // `SignatureBackend`) sees only keys ring would accept: an odd modulus, and an odd
    // public exponent 3 ≤ e < 2^33.
    if n.last().is_some_and(|b| b & 1 == 0) {
        return Err(Error::malformed(WHAT, "even modulus"));
    }
    let e = e.value();
    let e = match e.split_first() {
        Some((0, rest)) => rest,
        _ => e,
    };
    if e.len() > 5 {
        return Err(Error::malformed(WHAT, "public exponent ≥ 2^33"));
    }
    let value = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if !(3..1 << 33).contains(&value) || value & 1 == 0 {
        return Err(Error::malformed(
            WHAT,
            format!("public exponent {value} (odd, 3 ≤ e < 2^33 required)"),
        ));
    }
    Ok(n.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{tlv, tlv_parts};
    use crate::oid::ObjectIdentifier;

    /// RSAPublicKey DER from raw INTEGER contents.
    fn rsa_key(n: &[u8], e: &[u8]) -> Vec<u8> {
        tlv_parts(0x30, &[&tlv(0x02, n), &tlv(0x02, e)])
    }

    #[test]
    fn rsa_public_key_rules_are_rings() {
        let mut n = vec![0x00, 0xc5];
        n.extend([0x5a; 254]);
        n.push(0x01); // 2048 bits, odd
        assert!(check_rsa_public_key(&rsa_key(&n, &[0x01, 0x00, 0x01])).is_ok());
        assert!(check_rsa_public_key(&rsa_key(&n, &[0x03])).is_ok());
        assert!(check_rsa_public_key(&rsa_key(&n, &[0x01, 0xff, 0xff, 0xff, 0xff])).is_ok());
        for bad_e in [
            &[0x01][..],                           // e = 1
            &[0x02],                               // even
            &[0x01, 0x00, 0x00],                   // even
            &[0x02, 0x00, 0x00, 0x00, 0x01],       // 2^33 + 1
            &[0x00, 0x03],                         // non-minimal
            &[0x81],                               // negative
            &[0x01, 0x00, 0x00, 0x00, 0x00, 0x01], // too long
        ] {
            assert!(
                check_rsa_public_key(&rsa_key(&n, bad_e)).is_err(),
                "{bad_e:02x?}"
            );
        }
        let mut even = n.clone();
        *even.last_mut().unwrap() = 0x02;
        assert!(check_rsa_public_key(&rsa_key(&even, &[0x03])).is_err());
        let negative = n[1..].to_vec(); // 0xc5… without the sign octet
        assert!(check_rsa_public_key(&rsa_key(&negative, &[0x03])).is_err());
        let mut padded = vec![0x00];
        padded.extend(&n); // 00 00 c5…
        assert!(check_rsa_public_key(&rsa_key(&padded, &[0x03])).is_err());
    }

    /// A SubjectPublicKeyInfo of `oid` with `parameters` (a full TLV) over `key`.
    fn spki(oid: ObjectIdentifier, parameters: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
        let alg = AlgorithmIdentifier {
            oid,
            parameters: parameters.map(<[u8]>::to_vec),
        }
        .to_der()
        .unwrap();
        tlv_parts(0x30, &[&alg, &tlv_parts(0x03, &[&[0], key])])
    }

    const NULL: &[u8] = &[0x05, 0x00];

    fn malformed<T: core::fmt::Debug>(r: Result<T, Error>) -> bool {
        matches!(r, Err(Error::Malformed { .. }))
    }

    fn unsupported<T: core::fmt::Debug>(r: Result<T, Error>) -> bool {
        matches!(r, Err(Error::UnsupportedAlgorithm { .. }))
    }

    /// The RSAPublicKey of the test PKI's first RSA-2048 key.
    fn rsa2048() -> Vec<u8> {
        let key = crate::algorithm::SigningKey::from_pkcs8(
            include_str!("../test_pki/keys/rsa0.pem").as_bytes(),
        )
        .unwrap();
        let der = key.public_key_spki_der().unwrap();
        match parse_spki(&der).unwrap() {
            PublicKey::Rsa(k, 256) => k,
            other => panic!("{other:?}"),
        }
    }

    /// rsaEncryption: NULL parameters ([RFC 4055 §5], [RFC 3279 §2.3.1]), absent tolerated,
    /// anything else refused.
    ///
    /// [RFC 3279 §2.3.1]: https://www.rfc-editor.org/rfc/rfc3279#section-2.3.1
    /// [RFC 4055 §5]: https://www.rfc-editor.org/rfc/rfc4055#section-5
    #[test]
    fn rsa_encryption_parameters_are_null_or_absent() {
        let key = rsa2048();
        let null = parse_spki(&spki(oid::RSA_ENCRYPTION, Some(NULL), &key)).unwrap();
        let absent = parse_spki(&spki(oid::RSA_ENCRYPTION, None, &key)).unwrap();
        assert_eq!(null, absent);
        assert_eq!(null, PublicKey::Rsa(key.clone(), 256));
        let curve = crate::encoding::oid_der(&oid::SECP256R1);
        assert!(malformed(parse_spki(&spki(
            oid::RSA_ENCRYPTION,
            Some(&curve),
            &key
        ))));
        assert!(malformed(parse_spki(&spki(
            oid::RSA_ENCRYPTION,
            Some(&[0x30, 0x00]),
            &key
        ))));
    }

    /// The key sizes ring verifies: 2048 to 8192 bits, counted from the modulus' first
    /// set bit (a leading 00 octet does not count).
    #[test]
    fn rsa_key_size_limits() {
        // `bits`-bit odd modulus, DER-minimal (00 before a high first octet).
        let modulus = |bits: usize| {
            let len = bits.div_ceil(8);
            let mut n = vec![0x5a; len];
            let top = bits - (len - 1) * 8; // 1..=8 bits in the first octet
            n[0] = 1u8 << (top - 1);
            n[len - 1] |= 1;
            if n[0] >= 0x80 {
                n.insert(0, 0);
            }
            n
        };
        let e = [0x01, 0x00, 0x01];
        for bits in [2048, 2049, 3072, 4096, 8191, 8192] {
            let der = rsa_key(&modulus(bits), &e);
            assert!(check_rsa_public_key(&der).is_ok(), "{bits} bits");
            // And through the SubjectPublicKeyInfo reader.
            assert!(parse_spki(&spki(oid::RSA_ENCRYPTION, Some(NULL), &der)).is_ok());
        }
        for bits in [512, 1024, 2047, 8193, 16384] {
            let der = rsa_key(&modulus(bits), &e);
            assert!(unsupported(check_rsa_public_key(&der)), "{bits} bits");
            assert!(unsupported(parse_spki(&spki(
                oid::RSA_ENCRYPTION,
                Some(NULL),
                &der
            ))));
        }
    }

    /// id-ecPublicKey: a namedCurve, P-256 or P-384, and the uncompressed point of that
    /// curve's size ([RFC 5480 §2.1.1], §2.2).
    ///
    /// [RFC 5480 §2.1.1]: https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1
    #[test]
    fn ec_curve_and_point_rules() {
        let p256 = crate::encoding::oid_der(&oid::SECP256R1);
        let p384 = crate::encoding::oid_der(&oid::SECP384R1);
        let mut point = vec![0x04];
        point.extend([0x11; 64]);
        assert_eq!(
            parse_spki(&spki(oid::ID_EC_PUBLIC_KEY, Some(&p256), &point)).unwrap(),
            PublicKey::P256(point.clone())
        );
        let mut point384 = vec![0x04];
        point384.extend([0x22; 96]);
        assert_eq!(
            parse_spki(&spki(oid::ID_EC_PUBLIC_KEY, Some(&p384), &point384)).unwrap(),
            PublicKey::P384(point384.clone())
        );
        // A point of the other curve's size.
        assert!(malformed(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            Some(&p384),
            &point
        ))));
        // Compressed (02/03 ‖ X) and hybrid (06 ‖ X ‖ Y) points.
        let mut compressed = vec![0x02];
        compressed.extend([0x11; 32]);
        assert!(malformed(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            Some(&p256),
            &compressed
        ))));
        let mut hybrid = point.clone();
        hybrid[0] = 0x06;
        assert!(malformed(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            Some(&p256),
            &hybrid
        ))));
        // No curve, NULL (implicitCurve), and explicit specifiedCurve parameters.
        assert!(malformed(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            None,
            &point
        ))));
        assert!(malformed(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            Some(NULL),
            &point
        ))));
        assert!(malformed(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            Some(&[0x30, 0x03, 0x02, 0x01, 0x01]),
            &point
        ))));
        // Another named curve (secp521r1): unsupported.
        let p521 = crate::encoding::oid_der(&ObjectIdentifier::new("1.3.132.0.35").unwrap());
        assert!(unsupported(parse_spki(&spki(
            oid::ID_EC_PUBLIC_KEY,
            Some(&p521),
            &point
        ))));
    }

    /// id-Ed25519: parameters absent and a 32-octet key ([RFC 8410 §3], §4).
    ///
    /// [RFC 8410 §3]: https://www.rfc-editor.org/rfc/rfc8410#section-3
    #[test]
    fn ed25519_rules() {
        let key = [0x33; 32];
        assert_eq!(
            parse_spki(&spki(oid::ID_ED25519, None, &key)).unwrap(),
            PublicKey::Ed25519(key.to_vec())
        );
        assert!(malformed(parse_spki(&spki(
            oid::ID_ED25519,
            Some(NULL),
            &key
        ))));
        assert!(malformed(parse_spki(&spki(
            oid::ID_ED25519,
            None,
            &key[..31]
        ))));
        assert!(malformed(parse_spki(&spki(
            oid::ID_ED25519,
            None,
            &[0x33; 33]
        ))));
    }

    /// The SubjectPublicKeyInfo itself: one strict DER SEQUENCE of an AlgorithmIdentifier
    /// and a BIT STRING without unused bits; unknown key algorithms are unsupported.
    #[test]
    fn envelope_rules() {
        let key = [0x33; 32];
        let good = spki(oid::ID_ED25519, None, &key);
        assert!(parse_spki(&good).is_ok());
        // Unused bits in the BIT STRING, an empty BIT STRING.
        let alg = AlgorithmIdentifier {
            oid: oid::ID_ED25519,
            parameters: None,
        }
        .to_der()
        .unwrap();
        let unused = tlv_parts(0x30, &[&alg, &tlv_parts(0x03, &[&[1], &key])]);
        assert!(malformed(parse_spki(&unused)));
        let empty = tlv_parts(0x30, &[&alg, &tlv(0x03, &[])]);
        assert!(malformed(parse_spki(&empty)));
        let only_count = tlv_parts(0x30, &[&alg, &tlv(0x03, &[0])]);
        assert!(malformed(parse_spki(&only_count)));
        // Not a SEQUENCE, trailing octets, a third element, a missing key.
        let mut set = good.clone();
        set[0] = 0x31;
        assert!(parse_spki(&set).is_err());
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(parse_spki(&trailing).is_err());
        let third = tlv_parts(
            0x30,
            &[&alg, &tlv_parts(0x03, &[&[0], &key]), &tlv(0x05, &[])],
        );
        assert!(parse_spki(&third).is_err());
        assert!(parse_spki(&tlv(0x30, &alg)).is_err());
        assert!(parse_spki(&[]).is_err());
        // DSA (1.2.840.10040.4.1): not a key this crate verifies with.
        let dsa = ObjectIdentifier::new("1.2.840.10040.4.1").unwrap();
        assert!(unsupported(parse_spki(&spki(dsa, None, &key))));
    }

    /// Real NCA certificates (testdata/nca, testdata/kalkan): their keys are read — GOST
    /// 34.10-2015 (512), GOST 34.310-2004 and RSA.
    #[test]
    fn real_nca_keys_are_read() {
        use crate::certificate::Certificate;
        let spki_of = |input: &[u8]| {
            let certs = Certificate::parse_all(input).unwrap();
            parse_spki(certs[0].spki()).unwrap()
        };
        let gost2015 = spki_of(include_bytes!(
            "../../../../testdata/nca/root_test_gost_2022.cer"
        ));
        assert!(
            matches!(&gost2015, PublicKey::Gost(k) if k.curve() == GostCurve::Gost2015_512),
            "{gost2015:?}"
        );
        let gost2004 = spki_of(include_bytes!("../../../../testdata/nca/nca_gost_test.crt"));
        assert!(
            matches!(&gost2004, PublicKey::Gost(k) if k.curve() == GostCurve::Gost2004),
            "{gost2004:?}"
        );
        let rsa = spki_of(include_bytes!(
            "../../../../testdata/kalkan/nca_rsa_test.crt"
        ));
        assert!(matches!(rsa, PublicKey::Rsa(_, n) if n >= 256), "{rsa:?}");
    }
}
