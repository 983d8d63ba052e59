//! PKCS#12 key stores ([RFC 7292]): the `.p12` files NCA keys are issued in, read without
//! OpenSSL.
//!
//! ```text
//! PFX ::= SEQUENCE {
//!     version     INTEGER {v3(3)}(v3,...),
//!     authSafe    ContentInfo,                 -- id-data; its OCTET STRING holds:
//!     macData     MacData OPTIONAL }
//! MacData ::= SEQUENCE {
//!     mac         DigestInfo,                  -- HMAC, key from the PKCS#12 KDF (ID 3)
//!     macSalt     OCTET STRING,
//!     iterations  INTEGER DEFAULT 1 }
//! AuthenticatedSafe ::= SEQUENCE OF ContentInfo -- id-data (plain) | id-encryptedData
//! SafeContents ::= SEQUENCE OF SafeBag
//! SafeBag ::= SEQUENCE {
//!     bagId          BAG-TYPE.&id ({PKCS12BagSet}),
//!     bagValue       [0] EXPLICIT BAG-TYPE.&Type({PKCS12BagSet}{@bagId}),
//!     bagAttributes  SET OF PKCS12Attribute OPTIONAL }   -- friendlyName, localKeyId
//! ```
//!
//! Read: the `data` and `encryptedData` ContentInfos of the AuthenticatedSafe ([RFC 7292]
//! §4.1; `envelopedData` is refused as unsupported); the bags `keyBag` (a PKCS#8
//! `PrivateKeyInfo`), `pkcs8ShroudedKeyBag` (`EncryptedPrivateKeyInfo`), `certBag`
//! (`x509Certificate` only) and `safeContentsBag` (nested, bounded); `crlBag`, `secretBag`
//! and other certificate types are skipped. Attributes `friendlyName` (the alias) and
//! `localKeyId` (pairs a key with its certificate).
//!
//! Encryption: the PKCS#12 PBEs of [RFC 7292] appendix C that KalkanCrypt and `openssl
//! -legacy` write — `pbeWithSHAAnd3-KeyTripleDES-CBC`, `pbeWithSHAAnd40BitRC2-CBC`,
//! `pbeWithSHAAnd128BitRC2-CBC` — with the KDF of appendix B over the BMPString password;
//! and PBES2 ([RFC 8018] §6.2) with PBKDF2 (HMAC-SHA-1/-224/-256/-384/-512) and
//! AES-128/192/256-CBC or DES-EDE3-CBC, as OpenSSL 3 writes by default. The MAC (HMAC-SHA-1,
//! -SHA-224/256/384/512 keyed by the appendix B KDF) is checked in constant time before any
//! key is used.
//!
//! Keys: every type [`SigningKey::from_pkcs8`] reads — RSA, ECDSA P-256/P-384, Ed25519 and
//! both NCA GOST types (1.2.398.3.10.1.1.2.2 and 1.2.398.3.10.1.1.1.1; KalkanCrypt's
//! `privateKey` is the OCTET STRING of the little-endian scalar, see `crate::gost`). Each
//! key is paired with its certificate by `localKeyId`, else by public key, and must match
//! it ([`Error::CertificateKeyMismatch`] otherwise).
//!
//! Errors: a wrong password is [`Error::KeyPassword`]; a damaged file is
//! [`Error::Malformed`] (a MAC that fails although the password decrypts the contents is
//! damage, not a wrong password); an algorithm outside the lists above is
//! [`Error::UnsupportedAlgorithm`]; oversized input and too much KDF work are
//! [`Error::TooLarge`] ([`MAX_KEY_STORE_SIZE`], [`MAX_KEY_STORE_KDF_ITERATIONS`],
//! [`MAX_KEY_STORE_BAGS`], `ber::MAX_BER_DEPTH`).
//!
//! Secrets: the password's encodings, derived keys, IVs and decrypted PKCS#8 are held in
//! [`Zeroizing`] buffers and wiped when dropped; the ciphers zeroize their key schedules
//! (the crates' `zeroize` features). No `Debug` output contains a secret.
//!
//! [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
//! [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018

pub(crate) mod ber;

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, InnerIvInit};
use hmac::digest::core_api::BlockSizeUser;
use hmac::digest::{Digest, FixedOutputReset, KeyInit, Update};
use hmac::{Hmac, Mac};
use zeroize::{Zeroize, Zeroizing};

use crate::algorithm::{SignatureAlgorithm, SigningKey};
use crate::certificate::Certificate;
use crate::limits::{
    MAX_KEY_STORE_BAGS, MAX_KEY_STORE_KDF_ITERATIONS, MAX_KEY_STORE_SIZE, MAX_PATH_DEPTH,
};
use crate::oid;
use crate::Error;

use self::ber::{dotted, malformed, single, Tlv};

/// The hash functions of the MAC, the PKCS#12 KDF and PBKDF2's PRF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn from_digest_oid(content: &[u8]) -> Option<Hash> {
        Some(match oid::known(content)? {
            oid::ID_SHA1 => Hash::Sha1,
            oid::ID_SHA224 => Hash::Sha224,
            oid::ID_SHA256 => Hash::Sha256,
            oid::ID_SHA384 => Hash::Sha384,
            oid::ID_SHA512 => Hash::Sha512,
            _ => return None,
        })
    }

    fn from_hmac_oid(content: &[u8]) -> Option<Hash> {
        Some(match oid::known(content)? {
            oid::ID_HMAC_WITH_SHA1 => Hash::Sha1,
            oid::ID_HMAC_WITH_SHA224 => Hash::Sha224,
            oid::ID_HMAC_WITH_SHA256 => Hash::Sha256,
            oid::ID_HMAC_WITH_SHA384 => Hash::Sha384,
            oid::ID_HMAC_WITH_SHA512 => Hash::Sha512,
            _ => return None,
        })
    }

    fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha224 => 28,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// The PKCS#12 KDF ([RFC 7292] appendix B.2) with this hash.
    ///
    /// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
    fn pkcs12_kdf(
        self,
        password: &[u8],
        salt: &[u8],
        id: u8,
        iterations: u64,
        n: usize,
        budget: &mut Budget,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        match self {
            Hash::Sha1 => pkcs12_kdf::<sha1::Sha1>(password, salt, id, iterations, n, budget),
            Hash::Sha224 => pkcs12_kdf::<sha2::Sha224>(password, salt, id, iterations, n, budget),
            Hash::Sha256 => pkcs12_kdf::<sha2::Sha256>(password, salt, id, iterations, n, budget),
            Hash::Sha384 => pkcs12_kdf::<sha2::Sha384>(password, salt, id, iterations, n, budget),
            Hash::Sha512 => pkcs12_kdf::<sha2::Sha512>(password, salt, id, iterations, n, budget),
        }
    }

    /// PBKDF2 ([RFC 8018 §5.2]) with HMAC over this hash.
    ///
    /// [RFC 8018 §5.2]: https://www.rfc-editor.org/rfc/rfc8018#section-5.2
    fn pbkdf2(
        self,
        password: &[u8],
        salt: &[u8],
        iterations: u64,
        n: usize,
        budget: &mut Budget,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let blocks = n.div_ceil(self.output_len()) as u64;
        budget.spend(iterations.saturating_mul(blocks))?;
        let rounds = u32::try_from(iterations).map_err(|_| too_much_work(iterations))?;
        let mut out = Zeroizing::new(vec![0u8; n]);
        let res = match self {
            Hash::Sha1 => pbkdf2::pbkdf2::<Hmac<sha1::Sha1>>(password, salt, rounds, &mut out),
            Hash::Sha224 => pbkdf2::pbkdf2::<Hmac<sha2::Sha224>>(password, salt, rounds, &mut out),
            Hash::Sha256 => pbkdf2::pbkdf2::<Hmac<sha2::Sha256>>(password, salt, rounds, &mut out),
            Hash::Sha384 => pbkdf2::pbkdf2::<Hmac<sha2::Sha384>>(password, salt, rounds, &mut out),
            Hash::Sha512 => pbkdf2::pbkdf2::<Hmac<sha2::Sha512>>(password, salt, rounds, &mut out),
        };
        res.map_err(|_| Error::Crypto {
            detail: "PBKDF2 failed".into(),
        })?;
        Ok(out)
    }

    /// HMAC(key, data) compared in constant time with `expected`.
    fn hmac_verify(self, key: &[u8], data: &[u8], expected: &[u8]) -> Result<bool, Error> {
        fn check<M: Mac + KeyInit>(key: &[u8], data: &[u8], expected: &[u8]) -> bool {
            match <M as KeyInit>::new_from_slice(key) {
                Ok(mut m) => {
                    Mac::update(&mut m, data);
                    m.verify_slice(expected).is_ok()
                }
                Err(_) => false,
            }
        }
        Ok(match self {
            Hash::Sha1 => check::<Hmac<sha1::Sha1>>(key, data, expected),
            Hash::Sha224 => check::<Hmac<sha2::Sha224>>(key, data, expected),
            Hash::Sha256 => check::<Hmac<sha2::Sha256>>(key, data, expected),
            Hash::Sha384 => check::<Hmac<sha2::Sha384>>(key, data, expected),
            Hash::Sha512 => check::<Hmac<sha2::Sha512>>(key, data, expected),
        })
    }
}

/// The KDF work left for one store ([`MAX_KEY_STORE_KDF_ITERATIONS`]), counted in hash
/// (PKCS#12 KDF) or HMAC (PBKDF2) iterations per output block.
struct Budget {
    left: u64,
}

impl Budget {
    fn spend(&mut self, n: u64) -> Result<(), Error> {
        if n > self.left {
            return Err(too_much_work(n));
        }
        self.left -= n;
        Ok(())
    }
}

fn too_much_work(n: u64) -> Error {
    Error::TooLarge {
        what: "PKCS#12 key derivation iterations",
        size: usize::try_from(n).unwrap_or(usize::MAX),
        limit: usize::try_from(MAX_KEY_STORE_KDF_ITERATIONS).unwrap_or(usize::MAX),
    }
}

/// [RFC 7292] appendix B.2: derive `n` bytes of purpose `id` (1 key, 2 IV, 3 MAC key).
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
fn pkcs12_kdf<D>(
    password: &[u8],
    salt: &[u8],
    id: u8,
    iterations: u64,
    n: usize,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, Error>
where
    D: Digest + BlockSizeUser + FixedOutputReset + Update,
{
    let u = <D as Digest>::output_size();
    let v = <D as BlockSizeUser>::block_size();
    if iterations == 0 {
        return Err(malformed("iteration count 0"));
    }
    let c = n.div_ceil(u);
    budget.spend(iterations.saturating_mul(c as u64))?;
    let fill = |src: &[u8]| -> Zeroizing<Vec<u8>> {
        let len = v * src.len().div_ceil(v);
        Zeroizing::new(src.iter().cycle().take(len).copied().collect())
    };
    let d = vec![id; v];
    let mut i = fill(salt);
    i.extend_from_slice(&fill(password));
    let mut out = Zeroizing::new(Vec::with_capacity(c * u));
    let mut hasher = D::new();
    for _ in 0..c {
        Digest::update(&mut hasher, &d);
        Digest::update(&mut hasher, &i[..]);
        let mut a = Zeroizing::new(hasher.finalize_reset().to_vec());
        for _ in 1..iterations {
            Digest::update(&mut hasher, &a[..]);
            let next = hasher.finalize_reset();
            a.copy_from_slice(&next);
        }
        out.extend_from_slice(&a);
        if out.len() >= n {
            break;
        }
        // B = A repeated to v bytes; every v-byte block I_j = (I_j + B + 1) mod 2^(8v).
        let b: Zeroizing<Vec<u8>> = Zeroizing::new(a.iter().cycle().take(v).copied().collect());
        for block in i.chunks_mut(v) {
            let mut carry = 1u16;
            for k in (0..v).rev() {
                let sum = u16::from(block[k]) + u16::from(b[k]) + carry;
                block[k] = sum as u8;
                carry = sum >> 8;
            }
        }
    }
    out.truncate(n);
    Ok(out)
}

/// The password as the PKCS#12 KDF wants it: BMPString (UTF-16BE) with a two-byte NUL
/// terminator ([RFC 7292] appendix B.1).
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
fn bmp_password(password: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(password.len() * 2 + 2));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// Why a decryption failed: the password (bad padding) or the algorithm.
enum DecryptError {
    /// CBC padding did not check: almost always a wrong password.
    Padding,
    Other(Error),
}

impl From<Error> for DecryptError {
    fn from(e: Error) -> Self {
        DecryptError::Other(e)
    }
}

fn cbc_decrypt<C>(cipher: C, iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError>
where
    C: cbc::cipher::BlockCipher + cbc::cipher::BlockDecrypt + cbc::cipher::BlockSizeUser,
{
    let dec = cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv)
        .map_err(|_| DecryptError::Other(malformed("bad IV length")))?;
    if data.is_empty()
        || !data
            .len()
            .is_multiple_of(<C as cbc::cipher::BlockSizeUser>::block_size())
    {
        return Err(DecryptError::Other(malformed(
            "encrypted data is not a whole number of cipher blocks",
        )));
    }
    dec.decrypt_padded_vec_mut::<Pkcs7>(data)
        .map(Zeroizing::new)
        .map_err(|_| DecryptError::Padding)
}

fn key_iv_decrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError>
where
    C: cbc::cipher::BlockCipher
        + cbc::cipher::BlockDecrypt
        + cbc::cipher::BlockSizeUser
        + cbc::cipher::KeyInit,
{
    let cipher = <C as cbc::cipher::KeyInit>::new_from_slice(key)
        .map_err(|_| DecryptError::Other(malformed("bad key length")))?;
    cbc_decrypt(cipher, iv, data)
}

/// An AlgorithmIdentifier: OID content octets and the parameters' TLV (if any).
struct AlgId<'a> {
    oid: &'a [u8],
    params: Option<Tlv<'a>>,
}

fn alg_id<'a>(t: Tlv<'a>, depth: usize, field: &str) -> Result<AlgId<'a>, Error> {
    if t.tag != 0x30 {
        return Err(malformed(format!("{field} is not a SEQUENCE")));
    }
    let mut r = t.children(depth)?;
    let oid = r.expect(0x06, field)?.content;
    let params = r.next()?;
    r.finish(field)?;
    Ok(AlgId { oid, params })
}

impl AlgId<'_> {
    /// Digest and HMAC identifiers: parameters absent or NULL ([RFC 5754 §2], [RFC 8018] B.1).
    ///
    /// [RFC 5754 §2]: https://www.rfc-editor.org/rfc/rfc5754#section-2
    /// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018
    fn no_params(&self, field: &str) -> Result<(), Error> {
        match self.params {
            None => Ok(()),
            Some(t) if t.tag == 0x05 && t.content.is_empty() => Ok(()),
            Some(_) => Err(malformed(format!(
                "{field}: parameters are neither absent nor NULL"
            ))),
        }
    }
}

fn unsupported(oid: &[u8]) -> Error {
    Error::UnsupportedAlgorithm {
        algorithm: dotted(oid),
    }
}

fn iteration_count(t: Tlv<'_>) -> Result<u64, Error> {
    let n = t.small_uint("iterations")?;
    if n == 0 {
        return Err(malformed("iteration count 0"));
    }
    if n > MAX_KEY_STORE_KDF_ITERATIONS {
        return Err(too_much_work(n));
    }
    Ok(n)
}

/// Decrypt `data` under the encryption AlgorithmIdentifier `alg` ([RFC 7292] appendix C or
/// PBES2).
///
/// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
fn decrypt(
    alg: &AlgId<'_>,
    data: &[u8],
    password: &Password,
    depth: usize,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    match oid::known(alg.oid) {
        Some(oid::PBE_SHA1_3DES | oid::PBE_SHA1_RC2_40 | oid::PBE_SHA1_RC2_128) => {
            // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
            let params = alg
                .params
                .ok_or_else(|| malformed("PBE without parameters"))?;
            let mut r = params.children(depth)?;
            let salt = r.expect(0x04, "salt")?.content;
            let iterations = iteration_count(r.expect(0x02, "iterations")?)?;
            r.finish("pkcs-12PbeParams")?;
            let key_len = match oid::known(alg.oid) {
                Some(oid::PBE_SHA1_3DES) => 24,
                Some(oid::PBE_SHA1_RC2_128) => 16,
                _ => 5,
            };
            let pw = &password.bmp;
            let key = Hash::Sha1.pkcs12_kdf(pw, salt, 1, iterations, key_len, budget)?;
            let iv = Hash::Sha1.pkcs12_kdf(pw, salt, 2, iterations, 8, budget)?;
            match oid::known(alg.oid) {
                Some(oid::PBE_SHA1_3DES) => key_iv_decrypt::<des::TdesEde3>(&key, &iv, data),
                _ => cbc_decrypt(rc2::Rc2::new_with_eff_key_len(&key, key_len * 8), &iv, data),
            }
        }
        Some(oid::ID_PBES2) => {
            // PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier,
            //                             encryptionScheme AlgorithmIdentifier }
            let params = alg
                .params
                .ok_or_else(|| malformed("PBES2 without parameters"))?;
            let mut r = params.children(depth)?;
            let kdf = alg_id(r.need("keyDerivationFunc")?, r.depth(), "keyDerivationFunc")?;
            let enc = alg_id(r.need("encryptionScheme")?, r.depth(), "encryptionScheme")?;
            r.finish("PBES2-params")?;
            let key_len = match oid::known(enc.oid) {
                Some(oid::ID_AES128_CBC) => 16,
                Some(oid::ID_AES192_CBC | oid::DES_EDE3_CBC) => 24,
                Some(oid::ID_AES256_CBC) => 32,
                _ => return Err(unsupported(enc.oid).into()),
            };
            let iv = enc
                .params
                .ok_or_else(|| malformed("encryptionScheme without IV"))?
                .primitive(0x04, "IV")?;
            if kdf.oid != oid::ID_PBKDF2.as_bytes() {
                return Err(unsupported(kdf.oid).into());
            }
            // PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, ... },
            //   iterationCount INTEGER, keyLength INTEGER OPTIONAL,
            //   prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }
            let kp = kdf
                .params
                .ok_or_else(|| malformed("PBKDF2 without parameters"))?;
            let mut r = kp.children(depth + 1)?;
            let salt = r.expect(0x04, "PBKDF2 salt")?.content;
            let iterations = iteration_count(r.expect(0x02, "iterationCount")?)?;
            if let Some(kl) = r.optional(0x02)? {
                if kl.small_uint("keyLength")? != key_len as u64 {
                    return Err(malformed("PBKDF2 keyLength differs from the cipher's").into());
                }
            }
            let prf = match r.next()? {
                None => Hash::Sha1,
                Some(t) => {
                    let prf = alg_id(t, r.depth(), "prf")?;
                    prf.no_params("prf")?;
                    Hash::from_hmac_oid(prf.oid).ok_or_else(|| unsupported(prf.oid))?
                }
            };
            r.finish("PBKDF2-params")?;
            // RFC 8018 takes the password as an octet string; OpenSSL passes its UTF-8.
            let key = prf.pbkdf2(&password.utf8, salt, iterations, key_len, budget)?;
            match oid::known(enc.oid) {
                Some(oid::ID_AES128_CBC) => key_iv_decrypt::<aes::Aes128>(&key, iv, data),
                Some(oid::ID_AES192_CBC) => key_iv_decrypt::<aes::Aes192>(&key, iv, data),
                Some(oid::ID_AES256_CBC) => key_iv_decrypt::<aes::Aes256>(&key, iv, data),
                _ => key_iv_decrypt::<des::TdesEde3>(&key, iv, data),
            }
        }
        _ => Err(unsupported(alg.oid).into()),
    }
}

/// The two encodings of the password, wiped on drop.
struct Password {
    utf8: Zeroizing<Vec<u8>>,
    bmp: Zeroizing<Vec<u8>>,
}

impl core::fmt::Debug for Password {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// One key entry of a [`KeyStore`]: a private key, its alias and its certificate.
pub struct KeyEntry {
    alias: Option<String>,
    local_key_id: Option<Vec<u8>>,
    key: SigningKey,
    certificate: Option<Vec<u8>>,
    chain: Vec<Vec<u8>>,
}

impl core::fmt::Debug for KeyEntry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyEntry")
            .field("alias", &self.alias)
            .field("algorithm", &self.key.algorithm())
            .field("has_certificate", &self.certificate.is_some())
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}

impl KeyEntry {
    /// The entry's `friendlyName` (the key's, else its certificate's), if any. KalkanCrypt
    /// writes the hex of the `localKeyId` here.
    pub fn alias(&self) -> Option<&str> {
        self.alias.as_deref()
    }

    /// The entry's `localKeyId`, if any.
    pub fn local_key_id(&self) -> Option<&[u8]> {
        self.local_key_id.as_deref()
    }

    /// The signing key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The signing key, taking it out of the entry.
    pub fn into_signing_key(self) -> SigningKey {
        self.key
    }

    /// The algorithm the key signs with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.key.algorithm()
    }

    /// The key's certificate (DER), checked to hold the key's public key.
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.certificate.as_deref()
    }

    /// The other certificates of the store that chain up from the entry's certificate
    /// (issuer first, by Name), to embed next to it when signing. Not verified here: the
    /// verifier checks paths.
    pub fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }
}

/// A decrypted PKCS#12 key store (see the [module documentation](self)).
pub struct KeyStore {
    entries: Vec<KeyEntry>,
    certificates: Vec<Vec<u8>>,
}

impl core::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyStore")
            .field("entries", &self.entries)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

/// A bag as read, before keys and certificates are paired.
struct RawKey {
    pkcs8: Zeroizing<Vec<u8>>,
    alias: Option<String>,
    local_key_id: Option<Vec<u8>>,
}

struct RawCert {
    der: Vec<u8>,
    alias: Option<String>,
    local_key_id: Option<Vec<u8>>,
}

/// What the bag walk collects.
#[derive(Default)]
struct Collected {
    keys: Vec<RawKey>,
    certs: Vec<RawCert>,
    bags: usize,
    /// A decryption failed with bad padding or undecodable plaintext (password suspected).
    password_failure: bool,
    /// At least one encrypted item decrypted and decoded (the password is right).
    decrypted: bool,
}

struct Ctx<'p> {
    password: &'p Password,
    budget: Budget,
}

impl KeyStore {
    /// Open a PKCS#12 file (DER/BER bytes) with its password.
    ///
    /// Errors: [`Error::KeyPassword`] (wrong password), [`Error::Malformed`] (damaged file,
    /// bad structure, a MAC that fails with the right password), [`Error::TooLarge`],
    /// [`Error::UnsupportedAlgorithm`] (PBE, cipher, MAC, key type),
    /// [`Error::InvalidKey`], [`Error::CertificateKeyMismatch`] (a key whose
    /// `localKeyId` names a certificate holding another key).
    pub fn open(bytes: &[u8], password: &str) -> Result<KeyStore, Error> {
        Self::open_with_kdf_budget(bytes, password, MAX_KEY_STORE_KDF_ITERATIONS)
    }

    /// [`KeyStore::open`] with a lower cap on the key-derivation work than
    /// [`MAX_KEY_STORE_KDF_ITERATIONS`] (e.g. for a fuzzer, or a server opening stores it
    /// did not write); a higher one is clamped to it.
    pub fn open_with_kdf_budget(
        bytes: &[u8],
        password: &str,
        max_kdf_iterations: u64,
    ) -> Result<KeyStore, Error> {
        if bytes.len() > MAX_KEY_STORE_SIZE {
            return Err(Error::TooLarge {
                what: "PKCS#12 key store",
                size: bytes.len(),
                limit: MAX_KEY_STORE_SIZE,
            });
        }
        let password = Password {
            utf8: Zeroizing::new(password.as_bytes().to_vec()),
            bmp: bmp_password(password),
        };
        let mut ctx = Ctx {
            password: &password,
            budget: Budget {
                left: max_kdf_iterations.min(MAX_KEY_STORE_KDF_ITERATIONS),
            },
        };
        // PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
        let pfx = single(bytes, 0, "PFX")?;
        if pfx.tag != 0x30 {
            return Err(malformed("PFX is not a SEQUENCE"));
        }
        let mut r = pfx.children(0)?;
        if r.expect(0x02, "version")?.small_uint("version")? != 3 {
            return Err(malformed("PFX version is not 3"));
        }
        let auth_safe = r.expect(0x30, "authSafe")?;
        let mac_data = r.optional(0x30)?;
        r.finish("PFX")?;
        let mut ar = auth_safe.children(1)?;
        let ct = ar.expect(0x06, "authSafe contentType")?.content;
        if ct != oid::ID_DATA.as_bytes() {
            // id-signedData (public-key integrity mode) is not supported.
            return Err(unsupported(ct));
        }
        let content = ar.expect(0xa0, "authSafe content")?;
        ar.finish("authSafe")?;
        let octets = single(content.content, 3, "authSafe content")?.octets(3)?;

        let mac_ok = match mac_data {
            None => None,
            Some(m) => Some(check_mac(m, &octets, &mut ctx)?),
        };

        let mut collected = Collected::default();
        // AuthenticatedSafe ::= SEQUENCE OF ContentInfo
        let walk = (|| -> Result<(), Error> {
            let seq = single(&octets, 4, "AuthenticatedSafe")?;
            if seq.tag != 0x30 {
                return Err(malformed("AuthenticatedSafe is not a SEQUENCE"));
            }
            let mut r = seq.children(4)?;
            while let Some(ci) = r.next()? {
                content_info(ci, r.depth(), &mut ctx, &mut collected)?;
            }
            Ok(())
        })();
        match (mac_ok, walk) {
            // The structure outside the encrypted parts does not depend on the password:
            // an error there is damage (or an unsupported algorithm, or a limit).
            (_, Err(e)) => return Err(e),
            // A failed MAC: the password is wrong, unless it decrypts the contents (then
            // the file was altered).
            (Some(false), Ok(())) if collected.decrypted && !collected.password_failure => {
                return Err(malformed(
                    "the MAC does not verify although the password decrypts the contents: \
                     the file is damaged",
                ))
            }
            (Some(false), Ok(())) => return Err(Error::KeyPassword),
            (_, Ok(())) => {}
        }
        if collected.password_failure {
            // No MAC, and a decryption failed: the password is the likely cause.
            return Err(Error::KeyPassword);
        }
        pair(collected)
    }

    /// Every key entry.
    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }

    /// Every certificate in the store (DER), entries' certificates included.
    pub fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    /// The entry named `alias` (its `friendlyName`), or with `None` the only entry.
    /// Errors: [`Error::InvalidKey`] (no such alias, no entry, or several and no alias).
    pub fn entry(&self, alias: Option<&str>) -> Result<&KeyEntry, Error> {
        let i = self.index(alias)?;
        Ok(&self.entries[i])
    }

    /// The entry whose certificate is `certificate_der`, if any.
    pub fn entry_for_certificate(&self, certificate_der: &[u8]) -> Option<&KeyEntry> {
        self.entries
            .iter()
            .find(|e| e.certificate.as_deref() == Some(certificate_der))
    }

    /// Every key entry, taken out of the store.
    pub fn into_entries(self) -> Vec<KeyEntry> {
        self.entries
    }

    /// Like [`KeyStore::entry`], taking the entry out of the store.
    pub fn into_entry(mut self, alias: Option<&str>) -> Result<KeyEntry, Error> {
        let i = self.index(alias)?;
        Ok(self.entries.swap_remove(i))
    }

    fn index(&self, alias: Option<&str>) -> Result<usize, Error> {
        let names = || {
            self.entries
                .iter()
                .map(|e| format!("{:?}", e.alias.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match alias {
            Some(a) => self
                .entries
                .iter()
                .position(|e| e.alias.as_deref() == Some(a))
                .ok_or_else(|| Error::InvalidKey {
                    detail: format!(
                        "the key store has no entry with alias {a:?} (aliases: {})",
                        names()
                    ),
                }),
            None => match self.entries.len() {
                1 => Ok(0),
                0 => Err(Error::InvalidKey {
                    detail: "the key store holds no private key".into(),
                }),
                _ => Err(Error::InvalidKey {
                    detail: format!(
                        "the key store holds {} keys; choose one by alias ({})",
                        self.entries.len(),
                        names()
                    ),
                }),
            },
        }
    }
}

/// Verify the MacData over the AuthenticatedSafe octets ([RFC 7292 §4], appendix B.4).
///
/// [RFC 7292 §4]: https://www.rfc-editor.org/rfc/rfc7292#section-4
fn check_mac(mac_data: Tlv<'_>, octets: &[u8], ctx: &mut Ctx<'_>) -> Result<bool, Error> {
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    let mut r = mac_data.children(1)?;
    let digest_info = r.expect(0x30, "mac")?;
    let salt = r.expect(0x04, "macSalt")?.content;
    let iterations = match r.next()? {
        None => 1,
        Some(t) => iteration_count(t)?,
    };
    r.finish("MacData")?;
    let mut dr = digest_info.children(2)?;
    let alg = alg_id(dr.need("digestAlgorithm")?, 3, "digestAlgorithm")?;
    let expected = dr.expect(0x04, "digest")?.content;
    dr.finish("DigestInfo")?;
    let hash = Hash::from_digest_oid(alg.oid).ok_or_else(|| unsupported(alg.oid))?;
    alg.no_params("digestAlgorithm")?;
    if expected.len() != hash.output_len() {
        return Err(malformed("MAC of the wrong length"));
    }
    let key = hash.pkcs12_kdf(
        &ctx.password.bmp,
        salt,
        3,
        iterations,
        hash.output_len(),
        &mut ctx.budget,
    )?;
    hash.hmac_verify(&key, octets, expected)
}

/// One ContentInfo of the AuthenticatedSafe: id-data or id-encryptedData.
fn content_info(
    ci: Tlv<'_>,
    depth: usize,
    ctx: &mut Ctx<'_>,
    out: &mut Collected,
) -> Result<(), Error> {
    if ci.tag != 0x30 {
        return Err(malformed("ContentInfo is not a SEQUENCE"));
    }
    let mut r = ci.children(depth)?;
    let ct = r.expect(0x06, "contentType")?.content;
    let content = r.expect(0xa0, "content")?;
    r.finish("ContentInfo")?;
    let inner = single(content.content, depth + 2, "content")?;
    match oid::known(ct) {
        Some(oid::ID_DATA) => {
            let octets = inner.octets(depth + 2)?;
            safe_contents(&octets, depth + 3, ctx, out)
        }
        Some(oid::ID_ENCRYPTED_DATA) => {
            // EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo
            //   SEQUENCE { contentType, contentEncryptionAlgorithm,
            //              encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL } }
            let mut er = inner.children(depth + 2)?;
            er.expect(0x02, "EncryptedData version")?;
            let eci = er.expect(0x30, "encryptedContentInfo")?;
            // unprotectedAttrs [1] (CMS) ignored.
            let mut r = eci.children(er.depth())?;
            let ct = r.expect(0x06, "contentType")?.content;
            if ct != oid::ID_DATA.as_bytes() {
                return Err(malformed("encrypted content is not id-data"));
            }
            let alg = alg_id(
                r.need("contentEncryptionAlgorithm")?,
                r.depth(),
                "contentEncryptionAlgorithm",
            )?;
            let data = r
                .need("encryptedContent")?
                .implicit_octets(0x80, r.depth())?;
            r.finish("EncryptedContentInfo")?;
            match decrypt(&alg, &data, ctx.password, r.depth(), &mut ctx.budget) {
                Ok(plain) => match safe_contents(&plain, depth + 3, ctx, out) {
                    Ok(()) => {
                        out.decrypted = true;
                        Ok(())
                    }
                    // Undecodable plaintext after a clean unpad: a wrong password that
                    // happened to leave valid padding (about 1 in 256).
                    Err(Error::Malformed { .. }) => {
                        out.password_failure = true;
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
                Err(DecryptError::Padding) => {
                    out.password_failure = true;
                    Ok(())
                }
                Err(DecryptError::Other(e)) => Err(e),
            }
        }
        _ => Err(unsupported(ct)),
    }
}

/// SafeContents ::= SEQUENCE OF SafeBag
fn safe_contents(
    bytes: &[u8],
    depth: usize,
    ctx: &mut Ctx<'_>,
    out: &mut Collected,
) -> Result<(), Error> {
    let seq = single(bytes, depth, "SafeContents")?;
    if seq.tag != 0x30 {
        return Err(malformed("SafeContents is not a SEQUENCE"));
    }
    let mut r = seq.children(depth)?;
    while let Some(bag) = r.next()? {
        out.bags += 1;
        if out.bags > MAX_KEY_STORE_BAGS {
            return Err(Error::TooLarge {
                what: "PKCS#12 bags",
                size: out.bags,
                limit: MAX_KEY_STORE_BAGS,
            });
        }
        safe_bag(bag, r.depth(), ctx, out)?;
    }
    Ok(())
}

/// SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OF OPTIONAL }
fn safe_bag(
    bag: Tlv<'_>,
    depth: usize,
    ctx: &mut Ctx<'_>,
    out: &mut Collected,
) -> Result<(), Error> {
    if bag.tag != 0x30 {
        return Err(malformed("SafeBag is not a SEQUENCE"));
    }
    let mut r = bag.children(depth)?;
    let id = r.expect(0x06, "bagId")?.content;
    let value = r.expect(0xa0, "bagValue")?;
    let attrs = r.optional(0x31)?;
    r.finish("SafeBag")?;
    let (alias, local_key_id) = match attrs {
        Some(a) => attributes(a, r.depth())?,
        None => (None, None),
    };
    let value = single(value.content, r.depth() + 1, "bagValue")?;
    let vd = r.depth() + 1;
    match oid::known(id) {
        Some(oid::PKCS12_KEY_BAG) => {
            let pkcs8 = Zeroizing::new(value.octets_der(vd)?);
            out.keys.push(RawKey {
                pkcs8,
                alias,
                local_key_id,
            });
        }
        Some(oid::PKCS12_PKCS8_SHROUDED_KEY_BAG) => {
            // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
            let mut er = value.children(vd)?;
            let alg = alg_id(
                er.need("encryptionAlgorithm")?,
                er.depth(),
                "encryptionAlgorithm",
            )?;
            let data = er.need("encryptedData")?;
            if data.tag & !0x20 != 0x04 {
                return Err(malformed("encryptedData is not an OCTET STRING"));
            }
            let data = data.octets(er.depth())?;
            er.finish("EncryptedPrivateKeyInfo")?;
            match decrypt(&alg, &data, ctx.password, er.depth(), &mut ctx.budget) {
                Ok(pkcs8) => {
                    // A PrivateKeyInfo is a SEQUENCE; anything else is a wrong password
                    // that left valid padding.
                    if single(&pkcs8, 0, "PrivateKeyInfo").is_ok_and(|t| t.tag == 0x30) {
                        out.decrypted = true;
                        out.keys.push(RawKey {
                            pkcs8,
                            alias,
                            local_key_id,
                        });
                    } else {
                        out.password_failure = true;
                    }
                }
                Err(DecryptError::Padding) => out.password_failure = true,
                Err(DecryptError::Other(e)) => return Err(e),
            }
        }
        Some(oid::PKCS12_CERT_BAG) => {
            // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }
            let mut cr = value.children(vd)?;
            let cert_id = cr.expect(0x06, "certId")?.content;
            let cv = cr.expect(0xa0, "certValue")?;
            cr.finish("CertBag")?;
            if cert_id == oid::PKCS9_X509_CERTIFICATE.as_bytes() {
                let der =
                    single(cv.content, cr.depth() + 1, "certValue")?.octets(cr.depth() + 1)?;
                out.certs.push(RawCert {
                    der,
                    alias,
                    local_key_id,
                });
            }
            // sdsiCertificate and others: skipped.
        }
        Some(oid::PKCS12_SAFE_CONTENTS_BAG) => {
            // The bag value is itself SafeContents (a SEQUENCE, encoded in place).
            let end = value.content;
            let mut nested = Vec::with_capacity(end.len() + 6);
            nested.extend_from_slice(&crate::encoding::tlv(0x30, end));
            safe_contents(&nested, vd + 1, ctx, out)?;
        }
        // crlBag, secretBag, unknown bags: nothing this crate uses.
        _ => {}
    }
    Ok(())
}

impl Tlv<'_> {
    /// The DER-ish bytes of a SEQUENCE TLV read from BER: a PrivateKeyInfo inside a keyBag
    /// is re-emitted with a definite length so the strict PKCS#8 reader can take it.
    fn octets_der(&self, _depth: usize) -> Result<Vec<u8>, Error> {
        if self.tag != 0x30 {
            return Err(malformed("keyBag is not a PrivateKeyInfo SEQUENCE"));
        }
        Ok(crate::encoding::tlv(0x30, self.content))
    }
}

/// bagAttributes: friendlyName (BMPString) and localKeyId (OCTET STRING); others skipped.
fn attributes(set: Tlv<'_>, depth: usize) -> Result<(Option<String>, Option<Vec<u8>>), Error> {
    let mut alias = None;
    let mut local_key_id = None;
    let mut r = set.children(depth)?;
    while let Some(attr) = r.next()? {
        if attr.tag != 0x30 {
            return Err(malformed("PKCS12Attribute is not a SEQUENCE"));
        }
        let mut ar = attr.children(r.depth())?;
        let id = ar.expect(0x06, "attrId")?.content;
        let values = ar.expect(0x31, "attrValues")?;
        ar.finish("PKCS12Attribute")?;
        let mut vr = values.children(ar.depth())?;
        let first = vr.need("attribute value")?;
        match oid::known(id) {
            Some(oid::PKCS9_FRIENDLY_NAME) => {
                let bmp = first.primitive(0x1e, "friendlyName")?;
                if bmp.len() % 2 != 0 {
                    return Err(malformed("friendlyName is not a BMPString"));
                }
                let units: Vec<u16> = bmp
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                let name = String::from_utf16(&units)
                    .map_err(|_| malformed("friendlyName is not valid UTF-16"))?;
                alias = Some(name.trim_end_matches('\0').to_string());
            }
            Some(oid::PKCS9_LOCAL_KEY_ID) => {
                if first.tag & !0x20 != 0x04 {
                    return Err(malformed("localKeyId is not an OCTET STRING"));
                }
                local_key_id = Some(first.octets(vr.depth())?);
            }
            _ => {}
        }
    }
    Ok((alias, local_key_id))
}

/// Pair each key with its certificate (by localKeyId, else by public key) and collect the
/// chains.
fn pair(collected: Collected) -> Result<KeyStore, Error> {
    let Collected { keys, certs, .. } = collected;
    let parsed: Vec<Option<Certificate>> = certs
        .iter()
        .map(|c| Certificate::from_der(&c.der).ok())
        .collect();
    let mut entries = Vec::with_capacity(keys.len());
    for raw in keys {
        let key = SigningKey::from_pkcs8(&raw.pkcs8)?;
        let by_id = raw.local_key_id.as_ref().and_then(|id| {
            certs
                .iter()
                .position(|c| c.local_key_id.as_ref() == Some(id))
        });
        let index = match by_id {
            Some(i) => {
                let ok = parsed[i]
                    .as_ref()
                    .is_some_and(|c| key.matches_spki(c.spki()));
                if !ok {
                    return Err(Error::CertificateKeyMismatch);
                }
                Some(i)
            }
            None => parsed
                .iter()
                .position(|c| c.as_ref().is_some_and(|c| key.matches_spki(c.spki()))),
        };
        let alias = raw
            .alias
            .clone()
            .or_else(|| index.and_then(|i| certs[i].alias.clone()));
        let chain = index.map(|i| chain_of(i, &parsed)).unwrap_or_default();
        entries.push(KeyEntry {
            alias,
            local_key_id: raw.local_key_id.clone(),
            key,
            certificate: index.map(|i| certs[i].der.clone()),
            chain,
        });
    }
    Ok(KeyStore {
        entries,
        certificates: certs.into_iter().map(|c| c.der).collect(),
    })
}

/// The store's certificates above `start`, following issuer → subject Names.
fn chain_of(start: usize, parsed: &[Option<Certificate>]) -> Vec<Vec<u8>> {
    let mut chain = Vec::new();
    let mut used = vec![start];
    let mut current = start;
    while chain.len() < MAX_PATH_DEPTH {
        let Some(cur) = parsed[current].as_ref() else {
            break;
        };
        if cur.is_self_issued() {
            break;
        }
        let next = parsed.iter().enumerate().position(|(i, c)| {
            !used.contains(&i)
                && c.as_ref()
                    .is_some_and(|c| c.subject_raw() == cur.issuer_raw())
        });
        match next {
            Some(i) => {
                if let Some(c) = parsed[i].as_ref() {
                    chain.push(c.der().to_vec());
                }
                used.push(i);
                current = i;
            }
            None => break,
        }
    }
    chain
}

impl Drop for RawKey {
    fn drop(&mut self) {
        self.pkcs8.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [RFC 7292] appendix B KDF against OpenSSL's PKCS12_key_gen_uni test vectors (as used
    /// by the RustCrypto `pkcs12` crate's tests): password "ge@äheim", salt
    /// 0x0102030405060708, 1000 iterations, SHA-256.
    ///
    /// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
    #[test]
    fn kdf_known_answers() {
        let pw = bmp_password("ge@äheim");
        let salt = [1u8, 2, 3, 4, 5, 6, 7, 8];
        let mut b = Budget { left: 1_000_000 };
        let key = Hash::Sha256
            .pkcs12_kdf(&pw, &salt, 1, 100, 32, &mut b)
            .unwrap();
        assert_eq!(
            crate::asn1::hex(&key),
            "fae4d4957a3cc781e1180b9d4fb79c1e0c8579b746a3177e5b0768a3118bf863"
        );
        let iv = Hash::Sha256
            .pkcs12_kdf(&pw, &salt, 2, 100, 16, &mut b)
            .unwrap();
        assert_eq!(crate::asn1::hex(&iv), "e5ff813bc6547de5155b14d2fada85b3");
        let mac = Hash::Sha256
            .pkcs12_kdf(&pw, &salt, 3, 100, 32, &mut b)
            .unwrap();
        assert_eq!(
            crate::asn1::hex(&mac),
            "136355ed9434516682534f46d63956db5ff06b844702c2c1f3b46321e2524a4d"
        );
    }

    #[test]
    fn kdf_budget() {
        let mut b = Budget { left: 10 };
        assert!(matches!(
            Hash::Sha1.pkcs12_kdf(&[0, 0], &[1], 1, 11, 20, &mut b),
            Err(Error::TooLarge { .. })
        ));
        // 24 bytes of SHA-1 output are two blocks: twice the iterations.
        let mut b = Budget { left: 10 };
        assert!(Hash::Sha1
            .pkcs12_kdf(&[0, 0], &[1], 1, 6, 24, &mut b)
            .is_err());
    }

    #[test]
    fn iteration_counts_over_the_cap_are_refused_before_hashing() {
        // 10,000,001 and 2^63: refused from the INTEGER alone.
        for content in [
            &[0x00, 0x98, 0x96, 0x81][..],
            &[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ] {
            let t = Tlv { tag: 0x02, content };
            assert!(matches!(iteration_count(t), Err(Error::TooLarge { .. })));
        }
        let ok = Tlv {
            tag: 0x02,
            content: &[0x00, 0x98, 0x96, 0x80],
        };
        assert_eq!(iteration_count(ok).unwrap(), 10_000_000);
        assert!(iteration_count(Tlv {
            tag: 0x02,
            content: &[0]
        })
        .is_err());
    }

    #[test]
    fn debug_redacts() {
        let p = Password {
            utf8: Zeroizing::new(b"Qwerty12".to_vec()),
            bmp: bmp_password("Qwerty12"),
        };
        assert!(!format!("{p:?}").contains("Qwerty"));
    }
}
