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
//! | GOST 34.10-2015 (512), GOST 34.310-2004 | the curve's parameters, checked against the OID | a point checked to be on the curve | [`crate::gost`] |
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
}
