//! The final signature primitives in Node's own `node:crypto` (OpenSSL, native code),
//! synchronously: one pass of the core, no promises, no thread pool.
//!
//! The core calls [`NodeBackend`] (an `egov_sign::SignatureBackend`) for every
//! signature it checks; the backend maps the [`SignatureCheck`] to
//! `crypto.verify(hash, message, {key, padding, saltLength, dsaEncoding}, signature)` with
//! the key from `crypto.createPublicKey({key: spki, format: 'der', type: 'spki'})` (the
//! options object, key included, cached per verifier, see [`KeyCache`]) and answers with what
//! `verify` returned. The message and the signature reach `verify` as views of the wasm
//! memory for the duration of the call. The report's `envelopeSha256` is computed here too
//! ([`sha256_hex`]).
//!
//! Fail closed: only a boolean `true` counts as valid, `false` as invalid; an exception (in
//! the import or the verification), any other value, an algorithm Node is not asked for
//! (GOST) and an ECDSA signature that is not strict DER are "unknown" (`None`): the core then
//! verifies that signature itself (ring, or its GOST arithmetic). Nothing here interprets
//! keys or signatures: the algorithm names are a table.

use std::cell::RefCell;
use std::rc::Rc;

use egov_sign::algorithm::{SignatureAlgorithm, SignatureBackend, SignatureCheck};
use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::webcrypto::KeyCache;

#[wasm_bindgen]
extern "C" {
    /// Node's `node:crypto` module object.
    #[derive(Clone)]
    pub type NodeCrypto;

    /// `crypto.createPublicKey(options)`.
    #[wasm_bindgen(method, catch, js_name = createPublicKey)]
    fn create_public_key(this: &NodeCrypto, options: &Object) -> Result<JsValue, JsValue>;

    /// `crypto.hash(algorithm, data, outputEncoding)`. (A `&[u8]` argument reaches JS as a
    /// `Uint8Array` view of the wasm memory, valid during the call: no copy.)
    #[wasm_bindgen(method, catch)]
    fn hash(
        this: &NodeCrypto,
        algorithm: &JsValue,
        data: &[u8],
        encoding: &JsValue,
    ) -> Result<JsValue, JsValue>;

    /// `crypto.createHash(algorithm)`.
    #[wasm_bindgen(method, catch, js_name = createHash)]
    fn create_hash(this: &NodeCrypto, algorithm: &JsValue) -> Result<NodeHash, JsValue>;

    /// A `node:crypto` `Hash`.
    type NodeHash;

    /// `hash.update(data)`.
    #[wasm_bindgen(method, catch)]
    fn update(this: &NodeHash, data: &[u8]) -> Result<JsValue, JsValue>;

    /// `hash.digest(encoding)`.
    #[wasm_bindgen(method, catch)]
    fn digest(this: &NodeHash, encoding: &JsValue) -> Result<JsValue, JsValue>;

    /// `crypto.verify(algorithm, data, key, signature)` (`data` and `signature`: views of the
    /// wasm memory during the call, see [`NodeCrypto::hash`]).
    #[wasm_bindgen(method, catch)]
    fn verify(
        this: &NodeCrypto,
        algorithm: &JsValue,
        data: &[u8],
        key: &Object,
        signature: &[u8],
    ) -> Result<JsValue, JsValue>;
}

/// `node:crypto` as the backend uses it: the module and the two RSA padding constants,
/// looked up once per module (see [`node_crypto`]).
#[derive(Clone)]
pub struct Node {
    crypto: NodeCrypto,
    /// `crypto.constants.RSA_PKCS1_PADDING`, when a number.
    pkcs1: Option<JsValue>,
    /// `crypto.constants.RSA_PKCS1_PSS_PADDING`, when a number.
    pss: Option<JsValue>,
}

/// The last module found, with the `process.getBuiltinModule` function that returned it.
struct Found {
    get: JsValue,
    node: Node,
}

thread_local! {
    static FOUND: RefCell<Option<Found>> = const { RefCell::new(None) };
}

/// `process.getBuiltinModule('node:crypto')` when running in Node ≥ 20.16; `None` elsewhere
/// (browsers, older Node). `process.getBuiltinModule` is read on every verification (tests
/// remove it); the module it returned is kept while that function stays the same (the
/// module's functions are still looked up on each call).
pub fn node_crypto() -> Option<Node> {
    let process = Reflect::get(&js_sys::global(), &js_str("process")).ok()?;
    if !process.is_object() {
        return None;
    }
    let get = Reflect::get(&process, &js_str("getBuiltinModule")).ok()?;
    let get_fn = get.dyn_ref::<Function>()?;
    let cached = FOUND.with(|f| {
        f.borrow()
            .as_ref()
            .filter(|found| Object::is(&found.get, &get))
            .map(|found| found.node.clone())
    });
    if cached.is_some() {
        return cached;
    }
    let module = get_fn.call1(&process, &js_str("node:crypto")).ok()?;
    if !module.is_object() {
        return None;
    }
    for f in ["verify", "createPublicKey"] {
        if !Reflect::get(&module, &js_str(f)).ok()?.is_function() {
            return None;
        }
    }
    let node = Node {
        pkcs1: constant(&module, "RSA_PKCS1_PADDING"),
        pss: constant(&module, "RSA_PKCS1_PSS_PADDING"),
        crypto: module.unchecked_into(),
    };
    FOUND.with(|f| {
        f.replace(Some(Found {
            get,
            node: node.clone(),
        }))
    });
    Some(node)
}

/// The SHA-256 of `data`, lowercase hex, by `crypto.hash('sha256', data, 'hex')` (Node ≥
/// 20.12, a one-shot call: cheaper than a `Hash` object), else by
/// `crypto.createHash('sha256').update(data).digest('hex')`; `None` unless that answers 64
/// lowercase hex digits (the caller then hashes in wasm).
pub fn sha256_hex(node: &Node, data: &[u8]) -> Option<String> {
    let hex = if Reflect::get(&node.crypto, &js_str("hash"))
        .ok()?
        .is_function()
    {
        node.crypto
            .hash(&js_str("sha256"), data, &js_str("hex"))
            .ok()?
    } else {
        let hash = node.crypto.create_hash(&js_str("sha256")).ok()?;
        hash.update(data).ok()?;
        hash.digest(&js_str("hex")).ok()?
    };
    let hex = hex.as_string()?;
    let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    (hex.len() == 64 && hex.as_bytes().iter().all(lower_hex)).then_some(hex)
}

/// Strings passed to JS, created once: each conversion of a Rust string to a JS string
/// decodes it (`TextDecoder`), which costs more than the property access it names.
pub fn js_str(s: &'static str) -> JsValue {
    thread_local! {
        static STRINGS: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
    }
    STRINGS.with(|strings| {
        let mut strings = strings.borrow_mut();
        if let Some((_, v)) = strings.iter().find(|(k, _)| *k == s) {
            return v.clone();
        }
        let v = JsValue::from_str(s);
        strings.push((s, v.clone()));
        v
    })
}

/// How `crypto.verify` names an algorithm of the core.
#[derive(Debug, Clone, Copy)]
enum NodeAlgorithm {
    /// RSA with `padding` (`RSA_PKCS1_PADDING` or `RSA_PKCS1_PSS_PADDING` with the salt
    /// length).
    Rsa {
        hash: &'static str,
        pss_salt: Option<u32>,
    },
    /// ECDSA: the curve is the key's.
    Ecdsa { hash: &'static str },
    /// Ed25519: no hash.
    Ed25519,
}

impl NodeAlgorithm {
    /// What the options of `crypto.verify` depend on besides the key (the hash is an
    /// argument of its own); `None` for a PSS salt length [`NodeAlgorithm::of`] never makes.
    fn options_label(self) -> Option<&'static str> {
        Some(match self {
            NodeAlgorithm::Rsa { pss_salt, .. } => match pss_salt {
                None => "rsa-pkcs1",
                Some(32) => "rsa-pss-32",
                Some(48) => "rsa-pss-48",
                Some(64) => "rsa-pss-64",
                Some(_) => return None,
            },
            NodeAlgorithm::Ecdsa { .. } => "ecdsa",
            NodeAlgorithm::Ed25519 => "ed25519",
        })
    }

    fn of(alg: SignatureAlgorithm) -> Option<NodeAlgorithm> {
        use SignatureAlgorithm as S;
        let rsa = |hash, pss_salt| NodeAlgorithm::Rsa { hash, pss_salt };
        let ecdsa = |hash| NodeAlgorithm::Ecdsa { hash };
        Some(match alg {
            S::RsaPkcs1Sha256 => rsa("sha256", None),
            S::RsaPkcs1Sha384 => rsa("sha384", None),
            S::RsaPkcs1Sha512 => rsa("sha512", None),
            S::RsaPssSha256 => rsa("sha256", Some(32)),
            S::RsaPssSha384 => rsa("sha384", Some(48)),
            S::RsaPssSha512 => rsa("sha512", Some(64)),
            S::EcdsaP256Sha256 | S::EcdsaP384Sha256 => ecdsa("sha256"),
            S::EcdsaP256Sha384 | S::EcdsaP384Sha384 => ecdsa("sha384"),
            S::Ed25519 => NodeAlgorithm::Ed25519,
            // GOST, and anything the core adds later: the core computes it.
            _ => return None,
        })
    }
}

/// What the backend uses during one verification. `SignatureBackend` must be `Send + Sync`
/// and JS values are neither, so they live here, set by [`with_backend`] for the duration
/// of the core's call (single-threaded wasm).
struct Scope {
    node: Node,
    keys: Rc<KeyCache>,
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

/// Run `f` with the `node:crypto` backend (`crypto`, keys cached in `keys`).
pub fn with_backend<R>(
    node: Node,
    keys: Rc<KeyCache>,
    f: impl FnOnce(&dyn SignatureBackend) -> R,
) -> R {
    let outer = SCOPE.with(|s| s.replace(Some(Scope { node, keys })));
    let r = f(&NodeBackend(()));
    SCOPE.with(|s| s.replace(outer));
    r
}

/// The `node:crypto` backend; only [`with_backend`] makes one.
#[derive(Debug)]
pub struct NodeBackend(());

fn dict(entries: &[(&'static str, &JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &js_str(k), v);
    }
    o
}

fn constant(crypto: &JsValue, name: &'static str) -> Option<JsValue> {
    let constants = Reflect::get(crypto, &js_str("constants")).ok()?;
    let v = Reflect::get(&constants, &js_str(name)).ok()?;
    v.as_f64().is_some().then_some(v)
}

impl SignatureBackend for NodeBackend {
    fn check(&self, c: &SignatureCheck<'_>) -> Option<bool> {
        let alg = NodeAlgorithm::of(c.algorithm)?;
        if let NodeAlgorithm::Ecdsa { .. } = alg {
            // Not strict DER: ring rejects it; the core decides without Node.
            c.ecdsa_fixed_signature()?;
        }
        // Cloned out: the calls below run JS, which may re-enter the binding.
        let (node, keys) = SCOPE.with(|s| {
            s.borrow()
                .as_ref()
                .map(|s| (s.node.clone(), Rc::clone(&s.keys)))
        })?;
        let crypto = &node.crypto;
        // The options of `crypto.verify` (with the `KeyObject`), kept per key and algorithm.
        let id = ("node:crypto", alg.options_label()?, c.spki.to_vec());
        let options = match keys.get(&id) {
            Some(options) => options,
            None => {
                let import = dict(&[
                    ("key", &Uint8Array::from(c.spki).into()),
                    ("format", &js_str("der")),
                    ("type", &js_str("spki")),
                ]);
                let key = crypto.create_public_key(&import).ok()?;
                if !key.is_object() {
                    return None;
                }
                let options: JsValue = match alg {
                    NodeAlgorithm::Rsa { pss_salt, .. } => match pss_salt {
                        None => dict(&[("key", &key), ("padding", node.pkcs1.as_ref()?)]),
                        Some(salt) => dict(&[
                            ("key", &key),
                            ("padding", node.pss.as_ref()?),
                            ("saltLength", &salt.into()),
                        ]),
                    },
                    NodeAlgorithm::Ecdsa { .. } => {
                        dict(&[("key", &key), ("dsaEncoding", &js_str("der"))])
                    }
                    NodeAlgorithm::Ed25519 => dict(&[("key", &key)]),
                }
                .into();
                keys.put(id, options.clone());
                options
            }
        };
        let hash = match alg {
            NodeAlgorithm::Rsa { hash, .. } | NodeAlgorithm::Ecdsa { hash } => js_str(hash),
            NodeAlgorithm::Ed25519 => JsValue::NULL,
        };
        let ok = crypto
            .verify(&hash, c.message, options.unchecked_ref(), c.signature)
            .ok()?;
        ok.as_bool()
    }
}
