//! The final signature primitives in the platform's WebCrypto (`crypto.subtle`, native code
//! in Node and in browsers) instead of ring's portable WebAssembly.
//!
//! The protocol is the core's (see `egov_sign::SignatureBackend` and
//! `crates/egov-sign/tests/signature_backend.rs`):
//!
//! 1. the core verifies once with a [`Recorder`] that answers "valid" to every check WebCrypto
//!    can perform and records it (GOST and non-strict ECDSA signatures are left to the core);
//! 2. [`confirm`] performs every recorded check with WebCrypto, all in parallel;
//! 3. when all are confirmed, the first report stands; otherwise the core verifies again with
//!    [`Answers`], which answers from the confirmed results and leaves everything else
//!    (unknown results, checks not asked before) to the core.
//!
//! Only `true` from `crypto.subtle.verify` counts as valid. A rejected import or verify, a
//! throw, an unsupported algorithm, or any value but a boolean is "unknown": the core then
//! decides that check itself with ring. Nothing here interprets keys or signatures: the
//! algorithm names are a table, the ECDSA `r || s` form comes from the core.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use egov_sign::algorithm::{SignatureAlgorithm, SignatureBackend, SignatureCheck};
use js_sys::futures::JsFuture;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A `SubtleCrypto` (`globalThis.crypto.subtle`).
    pub type Subtle;

    /// `subtle.importKey(format, keyData, algorithm, extractable, usages)`.
    #[wasm_bindgen(method, catch, js_name = importKey)]
    fn import_key(
        this: &Subtle,
        format: &str,
        key_data: &Uint8Array,
        algorithm: &Object,
        extractable: bool,
        usages: &Array,
    ) -> Result<JsValue, JsValue>;

    /// `subtle.verify(algorithm, key, signature, data)`.
    #[wasm_bindgen(method, catch)]
    fn verify(
        this: &Subtle,
        algorithm: &Object,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> Result<JsValue, JsValue>;
}

/// `globalThis.crypto.subtle`, looked up on every call (absent in Node < 19 without a flag
/// and in browsers outside secure contexts; tests remove it).
pub fn subtle() -> Option<Subtle> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    if !crypto.is_object() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.is_object().then(|| subtle.unchecked_into())
}

/// How WebCrypto names an algorithm of the core: the parameters of `importKey` and of
/// `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WebAlgorithm {
    /// `RSASSA-PKCS1-v1_5` (salt `None`) or `RSA-PSS` (salt = hash length); the hash is
    /// bound to the key at import.
    Rsa {
        name: &'static str,
        hash: &'static str,
        salt: Option<u32>,
    },
    /// `ECDSA`: the curve at import, the hash at verify.
    Ecdsa {
        curve: &'static str,
        hash: &'static str,
    },
    /// `Ed25519`.
    Ed25519,
}

impl WebAlgorithm {
    fn of(alg: SignatureAlgorithm) -> Option<WebAlgorithm> {
        use SignatureAlgorithm as S;
        const PKCS1: &str = "RSASSA-PKCS1-v1_5";
        const PSS: &str = "RSA-PSS";
        let rsa = |name, hash, salt| WebAlgorithm::Rsa { name, hash, salt };
        let ecdsa = |curve, hash| WebAlgorithm::Ecdsa { curve, hash };
        Some(match alg {
            S::RsaPkcs1Sha256 => rsa(PKCS1, "SHA-256", None),
            S::RsaPkcs1Sha384 => rsa(PKCS1, "SHA-384", None),
            S::RsaPkcs1Sha512 => rsa(PKCS1, "SHA-512", None),
            S::RsaPssSha256 => rsa(PSS, "SHA-256", Some(32)),
            S::RsaPssSha384 => rsa(PSS, "SHA-384", Some(48)),
            S::RsaPssSha512 => rsa(PSS, "SHA-512", Some(64)),
            S::EcdsaP256Sha256 => ecdsa("P-256", "SHA-256"),
            S::EcdsaP256Sha384 => ecdsa("P-256", "SHA-384"),
            S::EcdsaP384Sha384 => ecdsa("P-384", "SHA-384"),
            S::EcdsaP384Sha256 => ecdsa("P-384", "SHA-256"),
            S::Ed25519 => WebAlgorithm::Ed25519,
            // GOST, and anything the core adds later: the core computes it.
            _ => return None,
        })
    }

    /// What the imported key depends on (with the SPKI): the cache key.
    fn import_id(self) -> (&'static str, &'static str) {
        match self {
            WebAlgorithm::Rsa { name, hash, .. } => (name, hash),
            WebAlgorithm::Ecdsa { curve, .. } => ("ECDSA", curve),
            WebAlgorithm::Ed25519 => ("Ed25519", ""),
        }
    }

    fn import_params(self) -> Object {
        match self {
            WebAlgorithm::Rsa { name, hash, .. } => {
                dict(&[("name", name.into()), ("hash", hash.into())])
            }
            WebAlgorithm::Ecdsa { curve, .. } => {
                dict(&[("name", "ECDSA".into()), ("namedCurve", curve.into())])
            }
            WebAlgorithm::Ed25519 => dict(&[("name", "Ed25519".into())]),
        }
    }

    fn verify_params(self) -> Object {
        match self {
            WebAlgorithm::Rsa {
                name,
                salt: Some(salt),
                ..
            } => dict(&[("name", name.into()), ("saltLength", salt.into())]),
            WebAlgorithm::Rsa { name, .. } => dict(&[("name", name.into())]),
            WebAlgorithm::Ecdsa { hash, .. } => {
                dict(&[("name", "ECDSA".into()), ("hash", hash.into())])
            }
            WebAlgorithm::Ed25519 => dict(&[("name", "Ed25519".into())]),
        }
    }
}

fn dict(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o
}

/// One check the core asked for, owned; `web_signature` is the signature in the form
/// WebCrypto takes (`r || s` for ECDSA).
#[derive(Debug, Clone)]
pub struct Check {
    algorithm: SignatureAlgorithm,
    spki: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
    web: WebAlgorithm,
    web_signature: Vec<u8>,
}

impl Check {
    /// The check, when WebCrypto can perform it.
    fn of(c: &SignatureCheck<'_>) -> Option<Check> {
        let web = WebAlgorithm::of(c.algorithm)?;
        let web_signature = match web {
            // Not strict DER: ring rejects it; the core decides without WebCrypto.
            WebAlgorithm::Ecdsa { .. } => c.ecdsa_fixed_signature()?,
            _ => c.signature.to_vec(),
        };
        Some(Check {
            algorithm: c.algorithm,
            spki: c.spki.to_vec(),
            message: c.message.to_vec(),
            signature: c.signature.to_vec(),
            web,
            web_signature,
        })
    }

    fn is(&self, c: &SignatureCheck<'_>) -> bool {
        self.algorithm == c.algorithm
            && self.spki == c.spki
            && self.message == c.message
            && self.signature == c.signature
    }

    fn key_id(&self) -> KeyId {
        let (a, b) = self.web.import_id();
        (a, b, self.spki.clone())
    }
}

/// Pass 1: "valid" to every check WebCrypto can perform, recorded (once each); `None` to the
/// others, which the core computes itself.
#[derive(Debug, Default)]
pub struct Recorder(Mutex<Vec<Check>>);

impl Recorder {
    /// What was asked, in order.
    pub fn into_checks(self) -> Vec<Check> {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SignatureBackend for Recorder {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        let mut asked = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !asked.iter().any(|a| a.is(c)) {
            asked.push(Check::of(c)?);
        }
        Some(true)
    }
}

/// Pass 2: the confirmed results; `None` (the core decides) for unknown results and for
/// checks that were not asked in pass 1.
#[derive(Debug)]
pub struct Answers(Vec<(Check, Option<bool>)>);

impl Answers {
    /// Pair the checks with WebCrypto's results (same order).
    pub fn new(checks: Vec<Check>, results: Vec<Option<bool>>) -> Answers {
        Answers(checks.into_iter().zip(results).collect())
    }
}

impl SignatureBackend for Answers {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        self.0.iter().find(|(a, _)| a.is(c)).and_then(|(_, ok)| *ok)
    }
}

/// What a cached key depends on: two names (the import algorithm, or the backend) and the SPKI.
pub type KeyId = (&'static str, &'static str, Vec<u8>);

/// Imported keys (WebCrypto `CryptoKey`s per (SPKI, import algorithm); for `node:crypto`,
/// the `crypto.verify` options object holding the `KeyObject`, per (SPKI, algorithm)), most
/// recently used first: the CA key
/// repeats on every call, a citizen's key on each of their documents.
#[derive(Debug)]
pub struct KeyCache {
    capacity: usize,
    keys: RefCell<VecDeque<(KeyId, JsValue)>>,
}

impl KeyCache {
    /// A cache of at most `capacity` keys (0: no caching).
    pub fn new(capacity: usize) -> KeyCache {
        KeyCache {
            capacity,
            keys: RefCell::new(VecDeque::new()),
        }
    }

    pub fn get(&self, id: &KeyId) -> Option<JsValue> {
        let mut keys = self.keys.borrow_mut();
        let i = keys.iter().position(|(k, _)| k == id)?;
        let entry = keys.remove(i)?;
        let key = entry.1.clone();
        keys.push_front(entry);
        Some(key)
    }

    pub fn put(&self, id: KeyId, key: JsValue) {
        if self.capacity == 0 {
            return;
        }
        let mut keys = self.keys.borrow_mut();
        keys.retain(|(k, _)| *k != id);
        keys.push_front((id, key));
        keys.truncate(self.capacity);
    }
}

/// Settle all `promises` (any value is accepted and resolved); `Some(value)` per fulfilled
/// one, `None` per rejected one.
async fn settle(promises: &Array) -> Vec<Option<JsValue>> {
    let n = promises.length() as usize;
    let Ok(results) = JsFuture::from(Promise::all_settled(promises)).await else {
        return vec![None; n];
    };
    let fulfilled = JsValue::from_str("fulfilled");
    (0..n)
        .map(|i| {
            let r = Reflect::get_u32(&results, i as u32).ok()?;
            let status = Reflect::get(&r, &"status".into()).ok()?;
            if status != fulfilled {
                return None;
            }
            Reflect::get(&r, &"value".into()).ok()
        })
        .collect()
}

/// Perform every check with WebCrypto, in parallel: `Some(true)` / `Some(false)` as
/// `verify` answered, `None` when it could not answer.
pub async fn confirm(subtle: &Subtle, cache: &KeyCache, checks: &[Check]) -> Vec<Option<bool>> {
    // Keys: from the cache, or imported now (each distinct key once).
    let mut keys: Vec<(KeyId, Option<JsValue>)> = Vec::new();
    let mut missing = Vec::new();
    for c in checks {
        let id = c.key_id();
        if keys.iter().any(|(k, _)| *k == id) {
            continue;
        }
        let key = cache.get(&id);
        if key.is_none() {
            missing.push((keys.len(), c));
        }
        keys.push((id, key));
    }
    if !missing.is_empty() {
        let imports = Array::new();
        let usages = Array::of1(&"verify".into());
        for (_, c) in &missing {
            let spki = Uint8Array::from(c.spki.as_slice());
            let p = subtle
                .import_key("spki", &spki, &c.web.import_params(), false, &usages)
                .unwrap_or_else(|e| Promise::reject(&e).into());
            imports.push(&p);
        }
        for ((slot, _), key) in missing.iter().zip(settle(&imports).await) {
            if let Some(key) = key.filter(JsValue::is_object) {
                cache.put(keys[*slot].0.clone(), key.clone());
                keys[*slot].1 = Some(key);
            }
        }
    }
    // Signatures.
    let verifies = Array::new();
    for c in checks {
        let id = c.key_id();
        let key = keys
            .iter()
            .find(|(k, _)| *k == id)
            .and_then(|(_, k)| k.as_ref());
        let p = match key {
            Some(key) => subtle
                .verify(
                    &c.web.verify_params(),
                    key,
                    &Uint8Array::from(c.web_signature.as_slice()),
                    &Uint8Array::from(c.message.as_slice()),
                )
                .unwrap_or_else(|e| Promise::reject(&e).into()),
            // No key: unknown.
            None => Promise::reject(&JsValue::UNDEFINED).into(),
        };
        verifies.push(&p);
    }
    settle(&verifies)
        .await
        .into_iter()
        .map(|v| v.and_then(|v| v.as_bool()))
        .collect()
}
