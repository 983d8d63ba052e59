//! # egov-sign-wasm
//!
//! The WebAssembly binding of [`egov_sign`]: a thin wasm-bindgen layer that converts JS
//! values (`Uint8Array`, `ArrayBuffer`, PEM/base64 strings, `Date`, plain objects) to the
//! core's types and the core's reports back to plain JS objects with camelCase keys.
//! Every check is the core's; nothing is verified here.
//!
//! Errors are thrown as JS `Error`s whose `code` property is the core's stable
//! [`egov_sign::Error::code`] (`MALFORMED`, `TOO_LARGE`, `JSON_INVALID`, `CONFIG`, ...).
//!
//! Verification (`Verifier.verifyRequest`, `verifyResult`, `verifyEnvelope`) returns a
//! promise; the `...Sync` variants return the report. The core always runs in wasm; the
//! final signature primitives run natively where the platform allows: in Node, `node:crypto`
//! synchronously (see the `nodecrypto` module), for both forms; in browsers, WebCrypto for the
//! asynchronous methods (see the `webcrypto` module) and ring's portable wasm for the `...Sync` ones.
//!
//! Time: `SystemTime::now()` panics on `wasm32-unknown-unknown`, so the verification time is
//! always resolved here from JS (`Date`, a number of milliseconds, or `Date.now()` when not
//! given) and passed to the core as [`VerificationTime::At`].
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use egov_sign::cms::{self, SignOptions};
use egov_sign::document::{
    Calendar as CoreCalendar, Receipt, Request, ResultDocument, Service, ServiceRules,
};
use egov_sign::encoding::decode_der_blobs;
use egov_sign::limits::{MAX_CERTIFICATE_SIZE, MAX_TEXT_INPUT_SIZE};
use egov_sign::report::{CertSummary, Lang, Report};
use egov_sign::Certificate;
use egov_sign::VerifyOptions;
use egov_sign::{Bin, ChecksumPolicy};
use egov_sign::{CoreBackend, SignatureBackend};
use egov_sign::{Error, Time};
use egov_sign::{KeyUsageRequirement, Policy, RevocationScope, UnknownName, VerificationTime};
use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod nodecrypto;
mod webcrypto;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** DER bytes, or PEM / base64 text. */
export type Input = Uint8Array | ArrayBuffer | string;
/** One input, or several (each may itself be a PEM bundle). */
export type Inputs = Input | Input[];
/**
 * A verification instant: a `Date`, milliseconds since the epoch, `'now'`, the signed
 * signingTime (`'signing-time'`: the signer's own claim, at best indeterminate with
 * SIGNING_TIME_UNPROVEN when the signature is not valid now and no time-stamp proves it), or
 * the time proven by the signer's signature-time-stamp token (`'timestamp'`, verified
 * against `tsaAnchors`; TIMESTAMP_MISSING / TIMESTAMP_INVALID without one).
 */
export type At = Date | number | 'now' | 'signing-time' | 'timestamp';
export type Indication = 'valid' | 'invalid' | 'indeterminate';
export type Role = 'individual' | 'first_head' | 'right_to_sign' | 'financial_sign' | 'hr' | 'employee' | 'legal_entity' | 'unknown';
export type KeyKind = 'sign' | 'auth' | 'other';
export type LangCode = 'ru' | 'kk' | 'en';

export interface Messages { ru: string; kk: string; en: string; }

export interface Finding {
  /** Stable code, e.g. `IIN_MISMATCH`, `CERT_REVOKED`, `DIGEST_MISMATCH`. */
  code: string;
  severity: Indication;
  subject?: string;
  /** Technical detail (English). */
  detail: string;
  /** The refusal text in Russian, Kazakh and English. */
  message: Messages;
  /** A co-signer's finding: its index in `signers` (its refusal text names a co-signer). */
  signer?: number;
}

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  iin: string | null;
  bin: string | null;
  name: string | null;
  organization: string | null;
  role: Role;
  key: KeyKind;
  isCa: boolean;
  sha256: string;
}

export interface Report {
  indication: Indication;
  valid: boolean;
  findings: Finding[];
  signer: CertSummary | null;
  chain: CertSummary[];
  signingTime: string | null;
  verificationTime: string;
  signatureAlgorithm: string | null;
  envelopeSha256: string | null;
  /** The signed document as parsed by the core (its own snake_case schema), if any. */
  document: any | null;
  /** One line per distinct finding code, per language; `null` when valid. */
  refusal: Messages | null;
  /** The signer's signature-time-stamp (RFC 3161), when it verified against TSA anchors. */
  timestamp?: {
    genTime: string;
    accuracyMicros?: number;
    tsa: string;
    policy: string;
    policyName?: string;
    signatureAlgorithm: string;
    serial: string;
  };
  /** Revocation status of each certificate checked, and its source. */
  revocation?: {
    subject: string;
    serial: string;
    source: 'crl' | 'ocsp' | 'none';
    status: 'good' | 'revoked' | 'on_hold' | 'stale' | 'unknown';
    revocationTime?: string;
    /** revoked / on hold: the RFC 5280 CRLReason name (`keyCompromise`, `certificateHold`, ...). */
    reason?: string;
    producedAt?: string;
    thisUpdate?: string;
    nextUpdate?: string;
    responder?: string;
    /** The evidence came from the envelope (the long-term form), not from the caller. */
    embedded?: boolean;
  }[];
  /**
   * One entry per SignerInfo of the envelope, in its order (absent for a certificate
   * report). `indication` above is valid only if every signer's is; `signer`, `chain`,
   * `signingTime` and `signatureAlgorithm` are the document signer's.
   */
  signers?: SignerReport[];
}

/** What a report says about one signature of an envelope. */
export interface SignerReport {
  index: number;
  indication: Indication;
  findings: Finding[];
  /** The signature the document's rules are checked against (e.g. the applicant's). */
  documentSigner: boolean;
  signer: CertSummary | null;
  chain: CertSummary[];
  signingTime: string | null;
  verificationTime: string;
  signatureAlgorithm: string | null;
  /** XML: the path of the element this signature covers (e.g. `/request`). */
  covers?: string;
  /** This signer's signature-time-stamp, when it verified against TSA anchors. */
  timestamp?: Report['timestamp'];
  /** Revocation status of each certificate of this signer's path. */
  revocation?: Report['revocation'];
}

export interface VerifierOptions {
  /** Trust anchors (required). */
  anchors: Inputs;
  intermediates?: Inputs;
  crls?: Inputs;
  /** Which certificates need revocation status (default `'chain'`). */
  revocation?: 'chain' | 'end-entity' | 'none';
  /** IIN/BIN check digits (default `'strict'`). */
  iinChecksum?: 'strict' | 'lenient';
  /** BINs of the ЦОН organisations whose operators may sign `con` requests. */
  operatorBins?: string[];
  /** BINs of the service providers. */
  providerBins?: string[];
  /** Key usage demanded of document signers (default `'sign'`). */
  documentKeyUsage?: 'sign' | 'any';
  /** How many imported WebCrypto keys to keep (default 16; 0: import on every call). */
  keyCacheSize?: number;
  /**
   * The service × channel matrix and deadline steps (the core's `ServiceRules` JSON, e.g.
   * from `serviceRules()`, edited); default: the seeds (`serviceRules('almaty_city')`).
   */
  serviceRules?: ServiceRules | string;
  /** Year files (JSON) loaded over the embedded working-day calendar of Kazakhstan. */
  calendarYears?: Array<object | string>;
  /**
   * Trust anchors for signature-time-stamp tokens (RFC 3161), separate from `anchors`: a
   * token that verifies is reported (`timestamp`), and `at: 'timestamp'` judges the signer
   * at its genTime.
   */
  tsaAnchors?: Inputs;
  /** TSA intermediate CA or TSA certificates (not trusted by themselves). */
  tsaIntermediates?: Inputs;
  /**
   * OCSP responses (DER) the page fetched itself; each is verified (signature, CertID,
   * freshness) when a certificate needs revocation status.
   */
  ocspResponses?: Inputs;
  /**
   * Revocation evidence used: `'any'` (default: a good answer from either source is
   * enough, a revocation from either wins), `'crl'` or `'ocsp'`.
   */
  revocationSource?: 'crl' | 'ocsp' | 'any';
}

/** A time-stamp token that verified (`verifyTimestampToken`, `embedTimestamp`). */
export interface VerifiedTimestamp {
  /** genTime, RFC 3339. */
  genTime: string;
  accuracyMicros?: number;
  /** The TSA certificate's subject. */
  tsa: string;
  /** The TSA policy (dotted). */
  policy: string;
  /** The NCA name of the policy (`tsa_gost2015_policy`, ...), if it is one. */
  policyName?: string;
  signatureAlgorithm: string;
  /** serialNumber, hex. */
  serial: string;
  /** The TSA path, TSA certificate first, anchor last (subjects). */
  path: string[];
  /** messageImprint.hashAlgorithm (dotted). */
  hashAlgorithm: string;
  /** The token's nonce, hex. */
  nonce?: string;
}

export interface VerifyTimestampOptions {
  /** Trust anchors of the TSA (required; not the document anchors). */
  tsaAnchors: Inputs;
  tsaIntermediates?: Inputs;
  /** The time-stamped datum: a SignerInfo's signature value; or give `envelope`. */
  signatureValue?: Uint8Array;
  /** The envelope whose SignerInfo `signerIndex` (default: its only one; several are refused) is time-stamped. */
  envelope?: Input;
  signerIndex?: number;
  /** The nonce sent in the request (INTEGER octets). */
  nonce?: Uint8Array;
  /** Acceptable policies (dotted); default any. */
  policies?: string[];
}

export interface TimestampRequestOptions {
  /** Default 0. */
  signerIndex?: number;
  /** Imprint hash; default the signer's digest algorithm. */
  hash?: 'sha256' | 'sha384' | 'sha512' | 'streebog512' | 'gost34311';
  nonce?: Uint8Array;
  /** Requested TSA policy (dotted), e.g. `'1.2.398.3.3.2.6.4'`. */
  policy?: string;
}

export interface EmbedTimestampOptions {
  tsaAnchors: Inputs;
  tsaIntermediates?: Inputs;
  /** The nonce sent in the request, if any. */
  nonce?: Uint8Array;
}

/** A verified OCSP answer (`verifyOcspResponse`). */
export interface OcspResult {
  /** A "non-issued" answer (RFC 6960 §2.2) is `'unknown'` with `nonIssued`. */
  status: 'good' | 'revoked' | 'unknown';
  /** revoked: the RFC 5280 reason name (`keyCompromise`, ...). */
  reason?: string;
  revocationTime?: string;
  nonIssued: boolean;
  producedAt: string;
  thisUpdate: string;
  nextUpdate?: string;
  responder: string;
  delegated: boolean;
  /** A delegated responder without id-pkix-ocsp-nocheck: its own status is the caller's to check. */
  responderUnchecked: boolean;
  signatureAlgorithm: string;
}

export interface VerifyOcspOptions {
  /** Default `Date.now()`. */
  at?: Date | number | 'now';
  /** The nonce sent in the request. */
  nonce?: Uint8Array;
  /** Seconds a response without nextUpdate is accepted after thisUpdate (default 3600). */
  maxAge?: number;
}

export interface OcspRequestOptions {
  /** 1 to 32 octets (RFC 8954). */
  nonce?: Uint8Array;
  /** CertID hash (default `'sha1'`, what responders expect). */
  hash?: 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'streebog512';
}

/**
 * A refused time-stamp token (`code === 'TIMESTAMP_INVALID'`) or OCSP response
 * (`code === 'OCSP_INVALID'`); `reason` says why (`IMPRINT_MISMATCH`, `TSA_PATH_INVALID`,
 * `STALE`, `NONCE_MISMATCH`, ...). Bytes that do not parse throw `MALFORMED`.
 */
export interface EvidenceError extends EgovSignError { reason: string; }

export type ServiceName = 'housing_queue' | 'housing_certificate' | 'privatization';
export type ChannelName = 'portal' | 'con' | 'provider';
export interface DeadlineStep { days: number; unit: 'calendar' | 'working'; cite: string; }
export interface ServiceRule { service: ServiceName; channels: ChannelName[]; steps: DeadlineStep[]; }
/** The core's service rules (channels and deadline steps per service). */
export interface ServiceRules { services: ServiceRule[]; }

export interface VerifyRequestOptions {
  /** Default: `Date.now()`. */
  at?: At;
  /** The content of a detached envelope. */
  content?: Input;
  /**
   * Where the signature primitives run. `'auto'` (default): in Node (≥ 20.16,
   * `process.getBuiltinModule`) `node:crypto`, synchronously, in every method; elsewhere
   * WebCrypto (`crypto.subtle`) in the asynchronous methods and wasm in the `...Sync` ones
   * (and wasm when neither is present). `'node'`: `node:crypto` (throws `CONFIG` outside
   * Node). `'webcrypto'`: WebCrypto, asynchronous methods only (throws `CONFIG` in the
   * `...Sync` ones or without `crypto.subtle`). `'wasm'`: everything in wasm. Whatever the
   * path, anything the native code cannot answer (GOST, errors) is verified in wasm.
   */
  crypto?: 'auto' | 'node' | 'webcrypto' | 'wasm';
}

export interface VerifyResultOptions extends VerifyRequestOptions {
  /** The request envelope the result must be bound to. */
  request?: Input;
}

/** Options of `Verifier.verify` / `verifySync`: what the signed content must be. */
export interface VerifyOptions extends VerifyResultOptions {
  /** Default `'request'`. */
  kind?: 'request' | 'result' | 'receipt' | 'any';
}

/** Options of `signXml`. */
export interface SignXmlOptions {
  /** What the document is (default `'request'`; `'any'`: arbitrary XML, not validated). */
  kind?: 'request' | 'result' | 'any';
  /** Default `'inclusive'` (C14N 1.0, as KalkanCrypt); or `'exclusive'`. */
  canonicalization?: 'inclusive' | 'exclusive';
  /** Reference the document element by its ID (a URI of #id) instead of the whole document (the empty URI). */
  byId?: boolean;
  iinChecksum?: 'strict' | 'lenient';
}

/** Options of `toXml` / `fromXml`. */
export interface XmlDocumentOptions {
  /** `toXml`: what the document is (default `'request'`). `fromXml` reads it from the root. */
  kind?: 'request' | 'result';
  iinChecksum?: 'strict' | 'lenient';
}

export interface VerifyChainOptions {
  intermediates?: Inputs;
  usage?: 'sign' | 'any';
  at?: Date | number | 'now';
}

export interface SignOptions {
  detached?: boolean;
  signingTime?: Date | number;
  /** Return PEM text instead of DER bytes. */
  pem?: boolean;
  /** Identify the signer by subjectKeyIdentifier. */
  sidBySki?: boolean;
}

export interface CosignOptions {
  /** The signed content of a detached envelope. */
  content?: Input;
  signingTime?: Date | number;
  /** Return PEM text instead of DER bytes. */
  pem?: boolean;
  /** Identify the signer by subjectKeyIdentifier. */
  sidBySki?: boolean;
}

export interface BuildOptions { iinChecksum?: 'strict' | 'lenient'; }

/** One key of a PKCS#12 key store (no secrets). */
export interface KeyEntry {
  /** The friendlyName (KalkanCrypt: the hex of the key id). */
  alias: string | null;
  /** The signature algorithm of the key, e.g. `GOST 34.10-2015 (512) Streebog-512`. */
  algorithm: string;
  /** The key's certificate (checked to hold its public key), or `null`. */
  certificate: CertSummary | null;
  certificateDer: Uint8Array | null;
  /** The store's certificates above it (DER). */
  chain: Uint8Array[];
}

/** A certificate as `inspect` describes it. */
export interface CertificateDetails extends CertSummary {
  type: 'certificate';
  /** signatureAlgorithm, dotted. */
  signatureAlgorithm: string;
  signatureAlgorithmName: string;
  /** extKeyUsage OIDs, dotted. */
  ekus: string[];
}
/** A CRL as `inspect` describes it (signature not checked). */
export interface CrlSummary {
  type: 'crl' | 'delta_crl';
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  entries: number;
}
/** One SignerInfo of an inspected envelope (not verified). */
export interface SignerInfoSummary {
  index: number;
  /** issuerAndSerialNumber (uppercase hex) or subjectKeyIdentifier (lowercase hex). */
  sid: { serial: string } | { ski: string };
  digestAlgorithm: string;
  signatureAlgorithm: string | null;
  signingTime: string | null;
  signedAttributes: boolean;
  unsignedAttributes: boolean;
  timestampTokens: number;
  revocationValues: number;
  signer: CertSummary | null;
}
/** A CMS envelope as `inspect` describes it (not verified). */
export interface EnvelopeSummary {
  type: 'envelope';
  contentType: string;
  detached: boolean;
  contentLength: number | null;
  signingTime: string | null;
  certificates: number;
  crls: number;
  ocspResponses: number;
  signatureAlgorithm: string | null;
  signer: CertSummary | null;
  digestAlgorithms: string[];
  signers: SignerInfoSummary[];
  /** The encapsulated content when it is JSON, with its own names. */
  content: any | null;
}
/** What `inspect` found: one description, or an array for a bundle. */
export type Inspection = CertificateDetails | CertificateDetails[] | CrlSummary | CrlSummary[] | EnvelopeSummary;

export interface RejectedCrl { issuer: string; code: string; detail: string; }

/** Errors thrown by this package carry the core's stable code. */
export interface EgovSignError extends Error { code: string; }
"#;

#[wasm_bindgen]
extern "C" {
    /// `Input` in TypeScript.
    #[wasm_bindgen(typescript_type = "Input")]
    pub type InputT;
    /// `Inputs` in TypeScript.
    #[wasm_bindgen(typescript_type = "Inputs")]
    pub type InputsT;
    /// `Report` in TypeScript.
    #[wasm_bindgen(typescript_type = "Report")]
    pub type ReportT;
    /// `Promise<Report>` in TypeScript.
    #[wasm_bindgen(typescript_type = "Promise<Report>")]
    pub type ReportPromiseT;
    /// `CertSummary` in TypeScript.
    #[wasm_bindgen(typescript_type = "CertSummary")]
    pub type CertSummaryT;
    /// `VerifierOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifierOptions")]
    pub type VerifierOptionsT;
    /// `VerifyRequestOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyRequestOptions")]
    pub type VerifyRequestOptionsT;
    /// `VerifyResultOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyResultOptions")]
    pub type VerifyResultOptionsT;
    /// `VerifyChainOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyChainOptions")]
    pub type VerifyChainOptionsT;
    /// `SignOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "KeyEntry[]")]
    pub type KeyEntriesT;
    #[wasm_bindgen(typescript_type = "SignOptions")]
    pub type SignOptionsT;
    /// `CosignOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "CosignOptions")]
    pub type CosignOptionsT;
    /// `BuildOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "BuildOptions")]
    pub type BuildOptionsT;
    /// `RejectedCrl[]` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifiedTimestamp")]
    pub type VerifiedTimestampT;
    #[wasm_bindgen(typescript_type = "VerifyTimestampOptions")]
    pub type VerifyTimestampOptionsT;
    #[wasm_bindgen(typescript_type = "TimestampRequestOptions")]
    pub type TimestampRequestOptionsT;
    #[wasm_bindgen(typescript_type = "EmbedTimestampOptions")]
    pub type EmbedTimestampOptionsT;
    #[wasm_bindgen(typescript_type = "{ envelope: Uint8Array; timestamp: VerifiedTimestamp }")]
    pub type EmbeddedT;
    #[wasm_bindgen(typescript_type = "OcspResult")]
    pub type OcspResultT;
    #[wasm_bindgen(typescript_type = "VerifyOcspOptions")]
    pub type VerifyOcspOptionsT;
    #[wasm_bindgen(typescript_type = "OcspRequestOptions")]
    pub type OcspRequestOptionsT;
    #[wasm_bindgen(typescript_type = "Uint8Array[]")]
    pub type Uint8ArraysT;
    #[wasm_bindgen(typescript_type = "RejectedCrl[]")]
    pub type RejectedCrlsT;
    /// `Uint8Array | string` in TypeScript.
    #[wasm_bindgen(typescript_type = "Uint8Array | string")]
    pub type BytesOrTextT;
    /// `object | string` in TypeScript.
    #[wasm_bindgen(typescript_type = "object | string")]
    pub type DocumentT;
    #[wasm_bindgen(typescript_type = "VerifyOptions")]
    pub type VerifyOptionsT;
    #[wasm_bindgen(typescript_type = "SignXmlOptions")]
    pub type SignXmlOptionsT;
    #[wasm_bindgen(typescript_type = "Inspection")]
    pub type InspectionT;
    #[wasm_bindgen(typescript_type = "XmlDocumentOptions")]
    pub type XmlDocumentOptionsT;
    #[wasm_bindgen(typescript_type = "object | string | Uint8Array")]
    pub type XmlInputT;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A JS `Error` with `name = "EgovSignError"` and `code` = the core's stable code.
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("EgovSignError");
    // Setting a property on a fresh Error object cannot fail; ignore the Result anyway.
    let _ = Reflect::set(&err, &"code".into(), &e.code().into());
    err.into()
}

fn argument(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "argument",
        detail: detail.into(),
    }
}

fn config(detail: impl Into<String>) -> Error {
    Error::Config {
        detail: detail.into(),
    }
}

type JsResult<T> = Result<T, JsValue>;

fn throw<T>(r: Result<T, Error>) -> JsResult<T> {
    r.map_err(|e| js_error(&e))
}

// ---------------------------------------------------------------------------------------------
// JS → Rust
// ---------------------------------------------------------------------------------------------

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// `Uint8Array` / `ArrayBuffer` / string (PEM, base64 or JSON text) → bytes.
fn bytes(v: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    if let Some(s) = v.as_string() {
        if s.len() > MAX_TEXT_INPUT_SIZE {
            return Err(Error::TooLarge {
                what: "text input",
                size: s.len(),
                limit: MAX_TEXT_INPUT_SIZE,
            });
        }
        return Ok(s.into_bytes());
    }
    let arr = if let Some(a) = v.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if let Some(b) = v.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(b)
    } else {
        return Err(argument(format!(
            "{what}: expected a Uint8Array, an ArrayBuffer or a string"
        )));
    };
    let len = arr.length() as usize;
    if len > MAX_TEXT_INPUT_SIZE {
        return Err(Error::TooLarge {
            what: "input",
            size: len,
            limit: MAX_TEXT_INPUT_SIZE,
        });
    }
    Ok(arr.to_vec())
}

/// One input or an array of inputs; absent → none.
fn byte_list(v: &JsValue, what: &str) -> Result<Vec<Vec<u8>>, Error> {
    if is_absent(v) {
        return Ok(Vec::new());
    }
    if Array::is_array(v) {
        let a: &Array = v.unchecked_ref();
        return a.iter().map(|item| bytes(&item, what)).collect();
    }
    Ok(vec![bytes(v, what)?])
}

fn opts_of(v: &JsValue) -> Result<Object, Error> {
    if is_absent(v) {
        return Ok(Object::new());
    }
    if v.is_object() && !Array::is_array(v) {
        return Ok(v.clone().unchecked_into());
    }
    Err(argument("options: expected an object"))
}

fn get(obj: &Object, key: &'static str) -> JsValue {
    Reflect::get(obj, &nodecrypto::js_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn get_string(obj: &Object, key: &'static str) -> Result<Option<String>, Error> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| argument(format!("{key}: expected a string")))
}

fn get_bool(obj: &Object, key: &'static str) -> Result<bool, Error> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| argument(format!("{key}: expected a boolean")))
}

/// `Date` or milliseconds since the epoch → `Time`.
fn instant(v: &JsValue, what: &str) -> Result<Time, Error> {
    let ms = if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        d.get_time()
    } else if let Some(n) = v.as_f64() {
        n
    } else {
        return Err(argument(format!("{what}: expected a Date or a number")));
    };
    if !ms.is_finite() {
        return Err(argument(format!("{what}: invalid date")));
    }
    // |ms| ≤ 8.64e15 for any valid JS Date: the conversion below cannot overflow i128.
    let nanos = (ms.trunc() as i64 as i128) * 1_000_000;
    Time::from_unix_timestamp_nanos(nanos)
        .map_err(|e| argument(format!("{what}: out of range: {e}")))
}

fn now() -> Result<Time, Error> {
    instant(&JsValue::from_f64(js_sys::Date::now()), "Date.now()")
}

/// `at`: absent / `'now'` → `Date.now()`; `'signing-time'`; a `Date` or milliseconds.
fn verification_time(v: &JsValue) -> Result<VerificationTime, Error> {
    if is_absent(v) {
        return Ok(VerificationTime::At(now()?));
    }
    if let Some(s) = v.as_string() {
        // The core's names; an RFC 3339 text is not taken (a Date or a number is).
        return match s.parse::<VerificationTime>() {
            Ok(VerificationTime::Now) => Ok(VerificationTime::At(now()?)),
            Ok(t @ (VerificationTime::SigningTime | VerificationTime::Timestamp)) => Ok(t),
            Ok(VerificationTime::At(_)) | Err(_) => Err(argument(format!(
                "at: expected a Date, a number or one of {:?}",
                VerificationTime::NAMES
            ))),
        };
    }
    Ok(VerificationTime::At(instant(v, "at")?))
}

fn checksum(obj: &Object) -> Result<ChecksumPolicy, Error> {
    option(obj, "iinChecksum")
}

fn key_usage(obj: &Object, key: &'static str) -> Result<KeyUsageRequirement, Error> {
    option(obj, key)
}

/// A core option from its name (`FromStr`), its default when absent; a `CONFIG` error
/// naming the key.
fn option<T: std::str::FromStr<Err = UnknownName> + Default>(
    obj: &Object,
    key: &'static str,
) -> Result<T, Error> {
    match get_string(obj, key)? {
        None => Ok(T::default()),
        Some(s) => s.parse().map_err(|e| config(format!("{key}: {e}"))),
    }
}

fn bins(obj: &Object, key: &'static str, policy: ChecksumPolicy) -> Result<Vec<Bin>, Error> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(Vec::new());
    }
    if !Array::is_array(&v) {
        return Err(argument(format!("{key}: expected an array of BIN strings")));
    }
    let a: Array = v.unchecked_into();
    a.iter()
        .map(|item| {
            let s = item
                .as_string()
                .ok_or_else(|| argument(format!("{key}: expected an array of BIN strings")))?;
            Bin::parse_with(&s, policy)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Rust → JS
// ---------------------------------------------------------------------------------------------

fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Rename the keys of the report's own structure to camelCase; the signed `document` keeps
/// its schema's names (the reference [`camel_json`] is tested against).
#[cfg(test)]
fn camel_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let v = if k == "document" { v } else { camel_keys(v) };
                    (camel(&k), v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

fn to_js(v: &Value) -> JsResult<JsValue> {
    let text = serde_json::to_string(v).map_err(|e| js_error(&config(e.to_string())))?;
    js_sys::JSON::parse(&text)
}

/// JSON text of `value` with the object keys of its own structure in camelCase; the value of
/// any `document` key is written as it is (same result as `camel_keys(to_value(value))`,
/// without building the intermediate tree).
fn camel_json<T: serde::Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(1024);
    erased::Serialize::camel_json_into(value, &mut out)?;
    Ok(out)
}

/// A compact JSON formatter renaming object keys to camelCase, except inside the value of
/// a `document` key.
#[derive(Default)]
struct CamelKeys {
    /// Nesting depth (objects and arrays).
    depth: usize,
    /// The depth of the object whose `document` entry is being written verbatim.
    verbatim: Option<usize>,
    /// The key being collected, when renaming.
    key: Option<Vec<u8>>,
    /// The buffer of the previous key, reused.
    spare: Vec<u8>,
}

impl serde_json::ser::Formatter for CamelKeys {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"]")
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if self.verbatim.is_none() {
            let mut buf = std::mem::take(&mut self.spare);
            buf.clear();
            self.key = Some(buf);
        }
        if first {
            Ok(())
        } else {
            w.write_all(b",")
        }
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let Some(key) = self.key.take() else {
            return Ok(());
        };
        // A report's signed document and an inspected envelope's JSON content keep their
        // own names.
        if key == b"document" || key == b"content" {
            self.verbatim = Some(self.depth);
        }
        w.write_all(b"\"")?;
        if key.is_ascii() {
            // `camel`, without allocating: the report's own keys are ASCII.
            let mut upper = false;
            for part in key.split(|b| *b == b'_') {
                match part.split_first() {
                    Some((first, rest)) if upper => {
                        w.write_all(&[first.to_ascii_uppercase()])?;
                        w.write_all(rest)?;
                    }
                    _ => w.write_all(part)?,
                }
                upper = true;
            }
        } else {
            w.write_all(camel(&String::from_utf8_lossy(&key)).as_bytes())?;
        }
        self.spare = key;
        w.write_all(b"\"")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        if self.verbatim == Some(self.depth) {
            self.verbatim = None;
        }
        Ok(())
    }
    fn begin_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        match self.key {
            Some(_) => Ok(()),
            None => w.write_all(b"\""),
        }
    }
    fn end_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        match self.key {
            Some(_) => Ok(()),
            None => w.write_all(b"\""),
        }
    }
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        match &mut self.key {
            Some(key) => {
                key.extend_from_slice(fragment.as_bytes());
                Ok(())
            }
            None => w.write_all(fragment.as_bytes()),
        }
    }
    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        let mut plain = serde_json::ser::CompactFormatter;
        match &mut self.key {
            Some(key) => plain.write_char_escape(key, escape),
            None => plain.write_char_escape(w, escape),
        }
    }
}

/// The report as JS sees it: the core's report in camelCase, plus `valid` and `refusal`
/// (ru / kk / en, `null` when valid). `envelopeSha256` is `fingerprint` when given (the
/// SHA-256 of `report.envelope_sha256.der()`, computed by the platform), else the core's.
///
/// The fields are written one by one (so that the fingerprint is not computed in wasm when
/// the platform has it); `report_json_has_every_field_of_the_core` checks them against the
/// core's own serialisation.
///
/// With `certificates: false`, `signer` is written `null` and `chain` `[]`: the caller sets
/// them (see [`report_to_js`]).
fn report_json(
    report: &Report,
    fingerprint: Option<&str>,
    certificates: bool,
) -> Result<Vec<u8>, Error> {
    let json_error = |e: serde_json::Error| config(e.to_string());
    let mut out = Vec::with_capacity(2048);
    let field = |out: &mut Vec<u8>, key: &[u8], value: &dyn erased::Serialize| {
        out.extend_from_slice(key);
        value.camel_json_into(out).map_err(json_error)
    };
    field(&mut out, b"{\"indication\":", &report.indication)?;
    field(&mut out, b",\"findings\":", &report.findings)?;
    if certificates {
        field(&mut out, b",\"signer\":", &report.signer)?;
        field(&mut out, b",\"chain\":", &report.chain)?;
    } else {
        out.extend_from_slice(b",\"signer\":null,\"chain\":[]");
    }
    field(&mut out, b",\"signingTime\":", &report.signing_time)?;
    field(
        &mut out,
        b",\"verificationTime\":",
        &report.verification_time,
    )?;
    field(
        &mut out,
        b",\"signatureAlgorithm\":",
        &report.signature_algorithm,
    )?;
    out.extend_from_slice(b",\"envelopeSha256\":");
    match fingerprint {
        Some(hex) => serde_json::to_writer(&mut out, hex),
        None => serde_json::to_writer(&mut out, &report.envelope_sha256.hex()),
    }
    .map_err(json_error)?;
    // The document keeps its schema's (snake_case) names.
    out.extend_from_slice(b",\"document\":");
    serde_json::to_writer(&mut out, &report.document).map_err(json_error)?;
    if !report.signers.is_empty() {
        field(&mut out, b",\"signers\":", &report.signers)?;
    }
    if let Some(t) = &report.timestamp {
        field(&mut out, b",\"timestamp\":", t)?;
    }
    if !report.revocation.is_empty() {
        field(&mut out, b",\"revocation\":", &report.revocation)?;
    }
    if report.is_valid() {
        out.extend_from_slice(b",\"valid\":true,\"refusal\":null}");
        return Ok(out);
    }
    out.extend_from_slice(b",\"valid\":false,\"refusal\":");
    let mut r = Map::new();
    for lang in Lang::ALL {
        r.insert(
            lang.as_str().into(),
            Value::String(report.refusal_text(lang)),
        );
    }
    serde_json::to_writer(&mut out, &Value::Object(r)).map_err(json_error)?;
    out.push(b'}');
    Ok(out)
}

/// The report's fields (of different types) through one closure.
mod erased {
    /// A value written as JSON with camelCase keys (see [`super::camel_json`]).
    pub trait Serialize {
        fn camel_json_into(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
    }

    impl<T: serde::Serialize> Serialize for T {
        fn camel_json_into(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
            let mut ser = serde_json::Serializer::with_formatter(out, super::CamelKeys::default());
            self.serialize(&mut ser)
        }
    }
}

/// The report as a plain JS object (see [`report_json`]); with `node`, its `envelopeSha256`
/// is computed by `node:crypto`. The certificate summaries are copies of objects kept by
/// [`summary_to_js`].
fn report_to_js(report: &Report, node: Option<&nodecrypto::Node>) -> JsResult<JsValue> {
    let fingerprint = node.and_then(|node| {
        let der = report.envelope_sha256.der()?;
        nodecrypto::sha256_hex(node, der)
    });
    let json = throw(report_json(report, fingerprint.as_deref(), false))?;
    let text = String::from_utf8(json).map_err(|e| js_error(&config(e.to_string())))?;
    let js = js_sys::JSON::parse(&text)?;
    if let Some(signer) = &report.signer {
        Reflect::set(&js, &nodecrypto::js_str("signer"), &summary_to_js(signer)?)?;
    }
    if !report.chain.is_empty() {
        let chain = Array::new();
        for c in &report.chain {
            chain.push(&summary_to_js(c)?);
        }
        Reflect::set(&js, &nodecrypto::js_str("chain"), &chain)?;
    }
    Ok(js)
}

/// How many certificate summaries [`summary_to_js`] keeps.
const SUMMARY_CACHE_SIZE: usize = 32;

thread_local! {
    /// Certificate summaries and their JS objects (`JSON.parse` of their camelCase JSON),
    /// most recently used first.
    static SUMMARIES: RefCell<VecDeque<(CertSummary, Object)>> =
        const { RefCell::new(VecDeque::new()) };
}

/// A certificate summary as a new plain JS object: a shallow copy (every value is a string,
/// a boolean or `null`) of the object kept for an equal summary, else of its parsed JSON.
/// The CA certificates of a verifier and repeat signers are in every report: this spares
/// serialising and parsing them each time.
fn summary_to_js(summary: &CertSummary) -> JsResult<JsValue> {
    let kept = SUMMARIES.with(|kept| {
        let mut kept = kept.borrow_mut();
        // The fingerprint first: distinct certificates differ in its first bytes.
        let i = kept
            .iter()
            .position(|(s, _)| s.sha256 == summary.sha256 && s == summary)?;
        let entry = kept.remove(i)?;
        let object = entry.1.clone();
        kept.push_front(entry);
        Some(object)
    });
    let object = match kept {
        Some(object) => object,
        None => {
            let json = camel_json(summary).map_err(|e| js_error(&config(e.to_string())))?;
            let text = String::from_utf8(json).map_err(|e| js_error(&config(e.to_string())))?;
            let object: Object = js_sys::JSON::parse(&text)?.unchecked_into();
            SUMMARIES.with(|kept| {
                let mut kept = kept.borrow_mut();
                kept.push_front((summary.clone(), object.clone()));
                kept.truncate(SUMMARY_CACHE_SIZE);
            });
            object
        }
    };
    Ok(Object::assign(&Object::new(), &object).into())
}

fn uint8(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/// A plain object → JSON bytes; a string is taken as JSON text; bytes as they are.
fn document_json(doc: &JsValue) -> Result<Vec<u8>, Error> {
    if doc.is_string() || doc.is_instance_of::<Uint8Array>() {
        return bytes(doc, "document");
    }
    if !doc.is_object() {
        return Err(argument("document: expected an object or JSON text"));
    }
    let text =
        js_sys::JSON::stringify(doc).map_err(|_| argument("document: not serialisable to JSON"))?;
    Ok(String::from(text).into_bytes())
}

/// Validate a request document (a plain object, or JSON text) with the core and return
/// its canonical JSON bytes (what is signed). Absent fields take the core's defaults
/// (`Request::build_from_json`, as Python's `build_request`): `schema_version` `"1"`,
/// `family_members` and `attachments` empty, `created_at` now (`Date.now()`, UTC, to the
/// second); `null` is not absent. Throws `JSON_INVALID`, `DOCUMENT_INVALID`,
/// `IIN_INVALID`, ...
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(doc: DocumentT, options: Option<BuildOptionsT>) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let policy = throw(checksum(&opts))?;
    let json = throw(document_json(&doc))?;
    let req = throw(Request::build_from_json(&json, policy, throw(now())?))?;
    Ok(Uint8Array::from(req.to_json().as_slice()))
}

/// Validate a result document and return its canonical JSON bytes. Absent fields take the
/// core's defaults (`ResultDocument::build_from_json`, as Python's `build_result`):
/// `schema_version` `"1"`, `due_by` the service's deadline from `registered_at`, as with
/// the core's `ResultBuilder`.
#[wasm_bindgen(js_name = buildResult)]
pub fn build_result(doc: DocumentT, options: Option<BuildOptionsT>) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let policy = throw(checksum(&opts))?;
    let json = throw(document_json(&doc))?;
    let res = throw(ResultDocument::build_from_json(&json, policy))?;
    Ok(Uint8Array::from(res.to_json().as_slice()))
}

/// Validate a ЦОН receipt refusing documents for an incomplete package (002:120; a plain
/// object or JSON text) with the core and return its canonical JSON bytes.
#[wasm_bindgen(js_name = buildReceipt)]
pub fn build_receipt(doc: DocumentT, options: Option<BuildOptionsT>) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let policy = throw(checksum(&opts))?;
    let json = throw(document_json(&doc))?;
    let r = throw(Receipt::from_json(&json, policy))?;
    Ok(Uint8Array::from(r.to_json().as_slice()))
}

// ---------------------------------------------------------------------------------------------
// XML: the core's XML form of the documents and its XMLDSig signing
// ---------------------------------------------------------------------------------------------

/// True when `data` is XML by content (first non-blank byte after an optional BOM is `<`):
/// the core's rule, the one `Verifier.verify` uses to tell XML from CMS.
#[wasm_bindgen(js_name = isXml)]
pub fn is_xml(data: InputT) -> JsResult<bool> {
    Ok(egov_sign::is_xml(&throw(bytes(&data, "data"))?))
}

/// The XML form of a request or result document (a plain object or JSON text; `kind`
/// default `'request'`), validated first. Returns UTF-8 bytes.
#[wasm_bindgen(js_name = toXml)]
pub fn to_xml(doc: DocumentT, options: Option<XmlDocumentOptionsT>) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let policy = throw(checksum(&opts))?;
    let json = throw(document_json(&doc))?;
    let kind = match throw(get_string(&opts, "kind"))? {
        None => egov_sign::DocumentKind::Request,
        Some(s) => s
            .parse()
            .map_err(|e: UnknownName| js_error(&argument(format!("kind: {e}"))))?,
    };
    let xml = throw(egov_sign::document_to_xml(&json, kind, policy))?;
    Ok(Uint8Array::from(xml.as_slice()))
}

/// Read the XML form of a request or result (by its document element; trailing
/// `ds:Signature`s are skipped, not verified) and return its canonical JSON bytes.
/// Throws `XML_REFUSED` (DTD, limits, not well-formed), `XML_DOCUMENT_INVALID`, ...
#[wasm_bindgen(js_name = fromXml)]
pub fn from_xml(xml: InputT, options: Option<XmlDocumentOptionsT>) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let policy = throw(checksum(&opts))?;
    let doc = throw(egov_sign::Document::from_xml(
        &throw(bytes(&xml, "xml"))?,
        policy,
    ))?;
    let json = match doc {
        egov_sign::Document::Request(r) => r.to_json(),
        egov_sign::Document::Result(r) => r.to_json(),
        _ => return Err(js_error(&argument("fromXml: not a request or result"))),
    };
    Ok(Uint8Array::from(json.as_slice()))
}

/// Sign a document as XML with one enveloped XMLDSig signature (the core's
/// `sign_document_xml`): `document` is a plain object / JSON text (becomes its XML form) or
/// XML bytes / text; an already signed XML document gets one more sibling signature
/// covering the earlier ones (sequential co-signing). Returns the signed XML (UTF-8 bytes).
#[wasm_bindgen(js_name = signXml)]
pub fn sign_xml(
    document: XmlInputT,
    key_pkcs8: InputT,
    cert: InputT,
    options: Option<SignXmlOptionsT>,
) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let policy = throw(checksum(&opts))?;
    let kind = match throw(get_string(&opts, "kind"))? {
        None => egov_sign::DocumentKind::Request,
        Some(s) => s
            .parse()
            .map_err(|e: UnknownName| js_error(&argument(format!("kind: {e}"))))?,
    };
    // The core's names (`c14n::Method: FromStr`); absent: inclusive.
    let canonicalization = match throw(get_string(&opts, "canonicalization"))? {
        None => egov_sign::xml::c14n::Method::Inclusive,
        Some(s) => s
            .parse()
            .map_err(|e: UnknownName| js_error(&argument(format!("canonicalization: {e}"))))?,
    };
    let xml_opts = egov_sign::xml::XmlSignOptions {
        canonicalization,
        by_id: throw(get_bool(&opts, "byId"))?,
    };
    let doc = throw(document_json(&document))?;
    let key = throw(bytes(&key_pkcs8, "key").and_then(|k| egov_sign::SigningKey::from_pkcs8(&k)))?;
    let cert = throw(Certificate::from_pem_or_der(&throw(bytes(&cert, "cert"))?))?
        .der()
        .to_vec();
    let signed = throw(egov_sign::sign_document_xml(
        &doc, kind, &key, &cert, policy, &xml_opts,
    ))?;
    Ok(Uint8Array::from(signed.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// Regulations: the core's service rules and calendar
// ---------------------------------------------------------------------------------------------

/// The core's rules from JSON text (`None`: the seeds).
fn rules_of(json: Option<&[u8]>) -> Result<ServiceRules, Error> {
    match json {
        None => Ok(ServiceRules::default()),
        Some(j) => ServiceRules::from_json(j),
    }
}

/// The embedded calendar with `years` (year files) loaded over it.
fn calendar_of(years: &[Vec<u8>]) -> Result<std::sync::Arc<CoreCalendar>, Error> {
    if years.is_empty() {
        return Ok(CoreCalendar::kazakhstan());
    }
    let refs: Vec<&[u8]> = years.iter().map(Vec::as_slice).collect();
    CoreCalendar::kazakhstan_with(&refs).map(std::sync::Arc::new)
}

/// `YYYY-MM-DD` → a date (the core's reader of the documents' dates).
fn ymd_of(s: &str) -> Result<time::Date, Error> {
    egov_sign::document::parse_date(s).ok_or_else(|| argument("date: expected YYYY-MM-DD"))
}

fn ymd_text(d: time::Date) -> String {
    egov_sign::document::format_date(d)
}

fn service_of(s: &str) -> Result<Service, Error> {
    s.parse().map_err(|e: UnknownName| Error::InvalidDocument {
        field: "service".into(),
        reason: e.to_string(),
    })
}

/// Optional rules argument: absent → the seeds; an object or JSON text → the core's parser.
fn rules_arg(v: &JsValue) -> Result<ServiceRules, Error> {
    if is_absent(v) {
        return rules_of(None);
    }
    rules_of(Some(&document_json(v)?))
}

/// The core's named service rules: `'almaty_city'` (seed 002, default) or
/// `'almaty_region_2012'` (seed 000 for the queue). Throws `CONFIG` for another name.
#[wasm_bindgen(js_name = serviceRules, unchecked_return_type = "ServiceRules")]
pub fn service_rules(name: Option<String>) -> JsResult<JsValue> {
    let name = name.unwrap_or_else(|| "almaty_city".into());
    let r = ServiceRules::named(&name)
        .ok_or_else(|| js_error(&config(format!("unknown rules {name:?}"))))?;
    js_sys::JSON::parse(&r.to_json())
}

/// The service × channel matrix of `rules` (default the seeds): `[service, channel,
/// allowed]` for every pair, computed by the core.
#[wasm_bindgen(
    js_name = serviceMatrix,
    unchecked_return_type = "Array<[ServiceName, ChannelName, boolean]>"
)]
pub fn service_matrix(
    #[wasm_bindgen(unchecked_param_type = "ServiceRules | string")] rules: JsValue,
) -> JsResult<Array> {
    let rules = throw(rules_arg(&rules))?;
    let out = Array::new();
    for (s, c, ok) in rules.matrix() {
        let row = Array::new();
        row.push(&JsValue::from_str(s.as_str()));
        row.push(&JsValue::from_str(c.as_str()));
        row.push(&JsValue::from_bool(ok));
        out.push(&row);
    }
    Ok(out)
}

/// The core's working-day calendar of the Republic of Kazakhstan (embedded 2015–2027), with
/// year files loaded over it. Dates are `YYYY-MM-DD` strings.
#[wasm_bindgen]
pub struct Calendar {
    inner: std::sync::Arc<CoreCalendar>,
}

#[wasm_bindgen]
impl Calendar {
    /// `years`: year files (objects or JSON text) replacing or adding years. Throws
    /// `JSON_INVALID`, `DOCUMENT_INVALID`, `TOO_LARGE`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Array<object | string> | undefined")] years: JsValue,
    ) -> JsResult<Calendar> {
        let mut files = Vec::new();
        if !is_absent(&years) {
            let arr: Array = years
                .dyn_into()
                .map_err(|_| js_error(&argument("years: expected an array")))?;
            for y in arr.iter() {
                files.push(throw(document_json(&y))?);
            }
        }
        Ok(Calendar {
            inner: throw(calendar_of(&files))?,
        })
    }

    /// The years held.
    pub fn years(&self) -> Vec<i32> {
        self.inner.years().collect()
    }

    /// Whether `date` is a working day; `undefined` when the year is not held.
    #[wasm_bindgen(js_name = isWorkingDay)]
    pub fn is_working_day(&self, date: &str) -> JsResult<Option<bool>> {
        Ok(self.inner.is_working_day(throw(ymd_of(date))?))
    }

    /// The `n`th working day after `date`; `undefined` past the years held.
    #[wasm_bindgen(js_name = addWorkingDays)]
    pub fn add_working_days(&self, date: &str, n: u32) -> JsResult<Option<String>> {
        Ok(self
            .inner
            .add_working_days(throw(ymd_of(date))?, n)
            .map(ymd_text))
    }

    /// The legal deadline of `service` for a request registered on `registered` under
    /// `rules` (default the seeds); `undefined` when it cannot be computed.
    pub fn deadline(
        &self,
        service: &str,
        registered: &str,
        #[wasm_bindgen(unchecked_param_type = "ServiceRules | string | undefined")] rules: JsValue,
    ) -> JsResult<Option<String>> {
        let rules = throw(rules_arg(&rules))?;
        let service = throw(service_of(service))?;
        Ok(rules
            .deadline(service, throw(ymd_of(registered))?, &self.inner)
            .map(ymd_text))
    }
}

// ---------------------------------------------------------------------------------------------
// Signing and certificates
// ---------------------------------------------------------------------------------------------

/// Sign `content` into a CMS SignedData envelope with a PKCS#8 key (DER or PEM), the
/// signer's certificate and the chain to embed (for tests and tools; portals sign with the
/// NCA layer). Returns DER bytes, or PEM text with `{pem: true}`.
#[wasm_bindgen(js_name = signEnvelope)]
pub fn sign_envelope(
    content: InputT,
    key_pkcs8: InputT,
    cert: InputT,
    chain: Option<InputsT>,
    options: Option<SignOptionsT>,
) -> JsResult<BytesOrTextT> {
    let signer = Signer::Key {
        key: key_pkcs8.into(),
        cert: cert.into(),
        chain: chain.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    };
    sign_js(
        signer,
        Signing::Sign(content.into()),
        options.map(Into::into),
    )
}

/// Who signs: a PKCS#8 key with its certificate and the chain to embed, or an entry of a
/// key store (its certificate and the store's chain above it).
enum Signer<'a> {
    Key {
        key: JsValue,
        cert: JsValue,
        chain: JsValue,
    },
    Store {
        store: &'a egov_sign::KeyStore,
        alias: Option<String>,
    },
}

/// What a signing call makes: a new envelope of the content, or one more signature on an
/// envelope.
enum Signing {
    Sign(JsValue),
    Cosign(JsValue),
}

/// The one signing path of the binding (`signEnvelope`, `cosignEnvelope`,
/// `KeyStore.sign` / `cosign`): the options read once, the core signs (`cms::sign` /
/// `cms::cosign`), DER bytes or PEM text out.
fn sign_js(signer: Signer<'_>, what: Signing, options: Option<JsValue>) -> JsResult<BytesOrTextT> {
    let opts = throw(opts_of(&options.unwrap_or(JsValue::UNDEFINED)))?;
    let der = throw(sign_with(signer, what, &opts))?;
    if throw(get_bool(&opts, "pem"))? {
        Ok(JsValue::from_str(&cms::to_pem(&der)).unchecked_into())
    } else {
        Ok(uint8(&der).unchecked_into())
    }
}

fn sign_with(signer: Signer<'_>, what: Signing, opts: &Object) -> Result<Vec<u8>, Error> {
    let input = match &what {
        Signing::Sign(content) => bytes(content, "content")?,
        Signing::Cosign(envelope) => bytes(envelope, "envelope")?,
    };
    let (own_key, own_cert);
    let (key, cert, mut extra) = match &signer {
        Signer::Key { key, cert, .. } => {
            own_key = egov_sign::SigningKey::from_pkcs8(&bytes(key, "key")?)?;
            own_cert = Certificate::from_pem_or_der(&bytes(cert, "cert")?)?
                .der()
                .to_vec();
            (&own_key, own_cert.as_slice(), Vec::new())
        }
        Signer::Store { store, alias } => {
            let entry = store.entry(alias.as_deref())?;
            let cert = entry.certificate_der().ok_or_else(|| Error::InvalidKey {
                detail: "the key store entry has no certificate".into(),
            })?;
            (entry.signing_key(), cert, entry.chain().to_vec())
        }
    };
    if let Signer::Key { chain, .. } = &signer {
        for item in byte_list(chain, "chain")? {
            extra.extend(decode_der_blobs(
                &item,
                "CERTIFICATE",
                MAX_CERTIFICATE_SIZE,
            )?);
        }
    }
    match what {
        Signing::Sign(_) => cms::sign(&input, key, cert, &extra, &sign_options(opts)?),
        Signing::Cosign(_) => {
            let content = cosign_content(opts)?;
            let sign_opts = sign_options(opts)?;
            cms::cosign(&input, content.as_deref(), key, cert, &extra, &sign_opts)
        }
    }
}

/// The core's [`SignOptions`] from the JS `SignOptions` object.
fn sign_options(opts: &Object) -> Result<SignOptions, Error> {
    let signing_time = {
        let v = get(opts, "signingTime");
        if is_absent(&v) {
            None
        } else {
            Some(instant(&v, "signingTime")?)
        }
    };
    Ok(SignOptions {
        detached: get_bool(opts, "detached")?,
        signing_time,
        sid_by_ski: get_bool(opts, "sidBySki")?,
    })
}

/// Add a signature to an existing envelope (DER, PEM or base64), as KalkanCrypt
/// co-signs: the core's `cms::cosign` (the earlier signatures must verify over the content
/// — `options.content` for a detached envelope — and stay byte for byte as they are).
/// Throws `COSIGN_REFUSED` when an earlier signature does not hold. Returns DER bytes, or
/// PEM text with `{pem: true}`.
#[wasm_bindgen(js_name = cosignEnvelope)]
pub fn cosign_envelope(
    envelope: InputT,
    key_pkcs8: InputT,
    cert: InputT,
    chain: Option<InputsT>,
    options: Option<CosignOptionsT>,
) -> JsResult<BytesOrTextT> {
    let signer = Signer::Key {
        key: key_pkcs8.into(),
        cert: cert.into(),
        chain: chain.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    };
    sign_js(
        signer,
        Signing::Cosign(envelope.into()),
        options.map(Into::into),
    )
}

/// `options.content` of a co-signing call, if given.
fn cosign_content(opts: &Object) -> Result<Option<Vec<u8>>, Error> {
    let v = get(opts, "content");
    if is_absent(&v) {
        Ok(None)
    } else {
        bytes(&v, "content").map(Some)
    }
}

/// A PKCS#12 key store (`.p12`, e.g. a citizen's NCA key from KalkanCrypt), opened in
/// wasm with its password: nothing leaves the page. The private keys stay inside wasm
/// memory (the core wipes the password copies and decrypted key material it holds; call
/// `free()` when done).
#[wasm_bindgen]
pub struct KeyStore {
    inner: egov_sign::KeyStore,
}

#[wasm_bindgen]
impl KeyStore {
    /// Open `data` (the .p12 bytes) with `password`. Throws `KEY_PASSWORD` for a wrong
    /// password, `MALFORMED` for a damaged file, `UNSUPPORTED_ALGORITHM`.
    #[wasm_bindgen(constructor)]
    pub fn new(data: InputT, password: String) -> JsResult<KeyStore> {
        let mut password = password;
        let data: JsValue = data.into();
        let opened = bytes(&data, "data").and_then(|d| egov_sign::KeyStore::open(&d, &password));
        zeroize::Zeroize::zeroize(&mut password);
        Ok(KeyStore {
            inner: throw(opened)?,
        })
    }

    /// The entries: alias, algorithm, certificate (no secrets).
    pub fn entries(&self) -> JsResult<KeyEntriesT> {
        let out = Array::new();
        for e in self.inner.entries() {
            let o = Object::new();
            let set = |k: &str, v: &JsValue| Reflect::set(&o, &k.into(), v).map(|_| ());
            set(
                "alias",
                &e.alias().map(JsValue::from_str).unwrap_or(JsValue::NULL),
            )?;
            set("algorithm", &JsValue::from_str(e.algorithm().name()))?;
            match e.certificate_der() {
                Some(der) => {
                    let summary = throw(Certificate::from_der(der))?.summary();
                    set("certificate", &summary_to_js(&summary)?)?;
                    set("certificateDer", &uint8(der))?;
                }
                None => {
                    set("certificate", &JsValue::NULL)?;
                    set("certificateDer", &JsValue::NULL)?;
                }
            }
            let chain = Array::new();
            for c in e.chain() {
                chain.push(&uint8(c));
            }
            set("chain", &chain)?;
            out.push(&o);
        }
        Ok(JsValue::from(out).unchecked_into())
    }

    /// Sign `content` with the entry `alias` (`undefined`: the only entry), embedding its
    /// certificate and the store's chain. Same options and result as `signEnvelope`.
    pub fn sign(
        &self,
        content: InputT,
        alias: Option<String>,
        options: Option<SignOptionsT>,
    ) -> JsResult<BytesOrTextT> {
        let signer = Signer::Store {
            store: &self.inner,
            alias,
        };
        sign_js(
            signer,
            Signing::Sign(content.into()),
            options.map(Into::into),
        )
    }

    /// Co-sign `envelope` with the entry `alias` (`undefined`: the only entry), embedding
    /// its certificate and the store's chain where missing. Same options and result as
    /// `cosignEnvelope`.
    pub fn cosign(
        &self,
        envelope: InputT,
        alias: Option<String>,
        options: Option<CosignOptionsT>,
    ) -> JsResult<BytesOrTextT> {
        let signer = Signer::Store {
            store: &self.inner,
            alias,
        };
        sign_js(
            signer,
            Signing::Cosign(envelope.into()),
            options.map(Into::into),
        )
    }
}

/// The NCA-profile view of a certificate (DER, PEM or base64; the first one of a bundle):
/// IIN, BIN, name, organisation, role, signing / authentication key, validity.
#[wasm_bindgen(js_name = inspectCertificate)]
pub fn inspect_certificate(cert: InputT) -> JsResult<CertSummaryT> {
    let input = throw(bytes(&cert, "cert"))?;
    let certs = throw(Certificate::parse_all(&input))?;
    let Some(first) = certs.first() else {
        return Err(js_error(&Error::Malformed {
            what: "certificate",
            detail: "no certificate".into(),
        }));
    };
    Ok(summary_to_js(&first.summary())?.unchecked_into())
}

/// What `data` holds — certificates, CRLs or a CMS envelope, DER, PEM or base64 — as the
/// core describes it (`inspect::inspect`, the JSON of `egov-sign inspect`, in camelCase;
/// nothing verified). Throws `MALFORMED` when it is none of them.
#[wasm_bindgen]
pub fn inspect(data: InputT) -> JsResult<InspectionT> {
    let input = throw(bytes(&data, "data"))?;
    let found = throw(egov_sign::inspect::inspect(&input))?;
    Ok(camel_js(&found)?.unchecked_into())
}

// ---------------------------------------------------------------------------------------------
// Time-stamps and OCSP responses the page is given (issue 16): no network I/O here.
// ---------------------------------------------------------------------------------------------

/// A refused token / response: `MALFORMED` etc. for bytes that do not parse, else an
/// `EgovSignError` with `code` (`TIMESTAMP_INVALID` / `OCSP_INVALID`) and `reason` (the
/// core's stable name, [`egov_sign::evidence::tsp_error_reason`]).
fn evidence_error(inner: Option<&Error>, message: String, code: &str, reason: &str) -> JsValue {
    if let Some(e) = inner {
        return js_error(e);
    }
    let err = js_sys::Error::new(&message);
    err.set_name("EgovSignError");
    let _ = Reflect::set(&err, &"code".into(), &code.into());
    let _ = Reflect::set(&err, &"reason".into(), &reason.into());
    err.into()
}

fn tsp_error(e: &egov_sign::tsp::TspError) -> JsValue {
    let inner = match e {
        egov_sign::tsp::TspError::Malformed(inner) => Some(inner),
        _ => None,
    };
    evidence_error(
        inner,
        e.to_string(),
        "TIMESTAMP_INVALID",
        egov_sign::evidence::tsp_error_reason(e),
    )
}

fn ocsp_error(e: &egov_sign::ocsp::OcspError) -> JsValue {
    let inner = match e {
        egov_sign::ocsp::OcspError::Malformed(inner) => Some(inner),
        _ => None,
    };
    evidence_error(
        inner,
        e.to_string(),
        "OCSP_INVALID",
        egov_sign::evidence::ocsp_error_reason(e),
    )
}

/// A serialisable value of the core as a plain JS object with camelCase keys.
fn camel_js<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    let json = camel_json(value).map_err(|e| js_error(&config(e.to_string())))?;
    let text = String::from_utf8(json).map_err(|e| js_error(&config(e.to_string())))?;
    js_sys::JSON::parse(&text)
}

fn tsa_trust(opts: &Object) -> Result<egov_sign::tsp::TsaTrust, Error> {
    let mut t = egov_sign::tsp::TsaTrust::new();
    for a in byte_list(&get(opts, "tsaAnchors"), "tsaAnchors")? {
        t = t.anchors(&a)?;
    }
    for i in byte_list(&get(opts, "tsaIntermediates"), "tsaIntermediates")? {
        t = t.intermediates(&i)?;
    }
    Ok(t)
}

/// `signerIndex`; absent: the envelope's only SignerInfo (the core refuses an envelope with
/// several).
fn signer_index(opts: &Object) -> Result<Option<usize>, Error> {
    let v = get(opts, "signerIndex");
    if is_absent(&v) {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=1024.0).contains(&n) => Ok(Some(n as usize)),
        _ => Err(argument("signerIndex: expected an integer from 0")),
    }
}

fn digest_opt(opts: &Object) -> Result<Option<egov_sign::DigestAlgorithm>, Error> {
    get_string(opts, "hash")?
        .as_deref()
        .map(egov_sign::evidence::digest_named)
        .transpose()
}

fn oid_arg(s: &str, what: &str) -> Result<egov_sign::ObjectIdentifier, Error> {
    egov_sign::ObjectIdentifier::new(s)
        .map_err(|e| argument(format!("{what}: {s:?} is not an OID: {e}")))
}

/// Verify an RFC 3161 time-stamp token (DER, PEM or base64) over a SignerInfo's signature
/// value (`signatureValue`, or SignerInfo `signerIndex` of `envelope`) with the TSA path to
/// `tsaAnchors` at genTime: the core's `tsp::verify_token`. Throws `TIMESTAMP_INVALID` (with
/// `reason`) or `MALFORMED`.
#[wasm_bindgen(js_name = verifyTimestampToken)]
pub fn verify_timestamp_token(
    token: InputT,
    options: VerifyTimestampOptionsT,
) -> JsResult<VerifiedTimestampT> {
    let opts = throw(opts_of(&options))?;
    let token = throw(bytes(&token, "token"))?;
    let trust = throw(tsa_trust(&opts))?;
    let datum = match (
        opt_bytes(&opts, "signatureValue")?,
        opt_bytes(&opts, "envelope")?,
    ) {
        (Some(v), None) => v,
        (None, Some(env)) => {
            throw(egov_sign::evidence::signer_signature(
                &env,
                throw(signer_index(&opts))?,
            ))?
            .0
        }
        _ => {
            return Err(js_error(&argument(
                "give exactly one of signatureValue and envelope",
            )))
        }
    };
    let nonce = opt_bytes(&opts, "nonce")?;
    let policies: Vec<egov_sign::ObjectIdentifier> = {
        let v = get(&opts, "policies");
        if is_absent(&v) {
            Vec::new()
        } else {
            let arr: Array = v
                .dyn_into()
                .map_err(|_| js_error(&argument("policies: expected an array of strings")))?;
            let mut out = Vec::new();
            for p in arr.iter() {
                let s = p
                    .as_string()
                    .ok_or_else(|| js_error(&argument("policies: expected strings")))?;
                out.push(throw(oid_arg(&s, "policies"))?);
            }
            out
        }
    };
    let v = egov_sign::tsp::verify_token(
        &token,
        &egov_sign::tsp::Expectation {
            signature_value: &datum,
            nonce: nonce.as_deref(),
            policies: &policies,
        },
        &trust,
        &CoreBackend,
    )
    .map_err(|e| tsp_error(&e))?;
    Ok(camel_js(&egov_sign::evidence::TimestampCheck::of(&v))?.unchecked_into())
}

/// The DER `TimeStampReq` (RFC 3161) for SignerInfo `signerIndex` of `envelope`: POST it to
/// the TSA yourself (`Content-Type: application/timestamp-query`).
#[wasm_bindgen(js_name = timestampRequest)]
pub fn timestamp_request(
    envelope: InputT,
    options: Option<TimestampRequestOptionsT>,
) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let envelope = throw(bytes(&envelope, "envelope"))?;
    let policy = match throw(get_string(&opts, "policy"))? {
        Some(p) => Some(throw(oid_arg(&p, "policy"))?),
        None => None,
    };
    let der = throw(egov_sign::evidence::timestamp_request(
        &envelope,
        throw(signer_index(&opts))?,
        throw(digest_opt(&opts))?,
        opt_bytes(&opts, "nonce")?.as_deref(),
        policy,
    ))?;
    Ok(Uint8Array::from(der.as_slice()))
}

/// Check the TSA's `TimeStampResp` for the envelope's signature (as `verifyTimestampToken`,
/// with `nonce` when the request had one) and embed its token as the signer's
/// signatureTimeStampToken (earlier tokens kept). Nothing is embedded unless it verifies.
#[wasm_bindgen(js_name = embedTimestamp)]
pub fn embed_timestamp(
    envelope: InputT,
    response: InputT,
    options: EmbedTimestampOptionsT,
) -> JsResult<EmbeddedT> {
    let opts = throw(opts_of(&options))?;
    let envelope = throw(bytes(&envelope, "envelope"))?;
    let response = throw(bytes(&response, "response"))?;
    let trust = throw(tsa_trust(&opts))?;
    let nonce = opt_bytes(&opts, "nonce")?;
    let (der, v) = egov_sign::evidence::add_signature_timestamp(
        &envelope,
        throw(signer_index(&opts))?,
        &response,
        nonce.as_deref(),
        &trust,
        &CoreBackend,
    )
    .map_err(|e| tsp_error(&e))?;
    let out = Object::new();
    Reflect::set(&out, &"envelope".into(), &uint8(&der))?;
    Reflect::set(
        &out,
        &"timestamp".into(),
        &camel_js(&egov_sign::evidence::TimestampCheck::of(&v))?,
    )?;
    Ok(JsValue::from(out).unchecked_into())
}

/// The DER `OCSPRequest` (RFC 6960) about `certificate` issued by `issuer` (DER or PEM):
/// POST it to the responder yourself (`Content-Type: application/ocsp-request`).
#[wasm_bindgen(js_name = ocspRequest)]
pub fn ocsp_request(
    certificate: InputT,
    issuer: InputT,
    options: Option<OcspRequestOptionsT>,
) -> JsResult<Uint8Array> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let hash = match throw(get_string(&opts, "hash"))?.as_deref() {
        None | Some("sha1") => None,
        Some(h) => Some(throw(egov_sign::evidence::digest_named(h))?),
    };
    let der = throw(egov_sign::evidence::ocsp_request(
        &throw(bytes(&certificate, "certificate"))?,
        &throw(bytes(&issuer, "issuer"))?,
        hash,
        opt_bytes(&opts, "nonce")?.as_deref(),
    ))?;
    Ok(Uint8Array::from(der.as_slice()))
}

/// Verify an OCSP response (DER, PEM or base64) about `certificate` issued by `issuer` at
/// `at` (default `Date.now()`): the core's `ocsp::verify_response`. A revoked answer is a
/// result; a response that is no evidence throws `OCSP_INVALID` (with `reason`).
#[wasm_bindgen(js_name = verifyOcspResponse)]
pub fn verify_ocsp_response(
    response: InputT,
    certificate: InputT,
    issuer: InputT,
    options: Option<VerifyOcspOptionsT>,
) -> JsResult<OcspResultT> {
    let opts = throw(opts_of(
        &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ))?;
    let at = match throw(verification_time(&get(&opts, "at")))? {
        VerificationTime::At(t) => t,
        _ => {
            return Err(js_error(&argument(
                "at: an OCSP response is judged at an instant; pass a Date, a number or 'now'",
            )))
        }
    };
    let max_age = {
        let v = get(&opts, "maxAge");
        if is_absent(&v) {
            egov_sign::ocsp::DEFAULT_MAX_AGE
        } else {
            match v.as_f64() {
                Some(n) if n.fract() == 0.0 && (0.0..=3.2e9).contains(&n) => n as i64,
                _ => return Err(js_error(&argument("maxAge: expected seconds, an integer"))),
            }
        }
    };
    let nonce = opt_bytes(&opts, "nonce")?;
    let options = egov_sign::ocsp::CheckOptions {
        at,
        max_age_without_next_update: max_age,
        nonce: nonce.as_deref(),
        responders: &[],
    };
    let r = egov_sign::evidence::verify_ocsp_response(
        &throw(bytes(&response, "response"))?,
        &throw(bytes(&certificate, "certificate"))?,
        &throw(bytes(&issuer, "issuer"))?,
        &options,
        &CoreBackend,
    )
    .map_err(|e| ocsp_error(&e))?;
    Ok(camel_js(&egov_sign::evidence::OcspCheck::of(&r))?.unchecked_into())
}

/// The signature-time-stamp tokens (DER) embedded in SignerInfo `signerIndex` of
/// `envelope` (absent: its only SignerInfo; several are refused, `Envelope::signer_at`), as
/// found (not verified).
#[wasm_bindgen(js_name = signatureTimestampTokens)]
pub fn signature_timestamp_tokens(
    envelope: InputT,
    signer_index: Option<u32>,
) -> JsResult<Uint8ArraysT> {
    let env = throw(cms::Envelope::parse(&throw(bytes(&envelope, "envelope"))?))?;
    let (_, si) = throw(env.signer_at(signer_index.map(|i| i as usize)))?;
    let out = Array::new();
    for t in &si.timestamp_tokens {
        out.push(&uint8(t));
    }
    Ok(JsValue::from(out).unchecked_into())
}

/// The certificates (DER) carried by a CMS envelope or a time-stamp token (not verified;
/// e.g. to pin a TSA certificate).
#[wasm_bindgen(js_name = envelopeCertificates)]
pub fn envelope_certificates(envelope: InputT) -> JsResult<Uint8ArraysT> {
    let env = throw(cms::Envelope::parse(&throw(bytes(&envelope, "envelope"))?))?;
    let out = Array::new();
    for c in &env.certificates {
        out.push(&uint8(c));
    }
    Ok(JsValue::from(out).unchecked_into())
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

// ---------------------------------------------------------------------------------------------
// Verifier
// ---------------------------------------------------------------------------------------------

/// A verifier configured once with trust anchors, intermediates, CRLs (their signatures are
/// checked when it is built) and the policy.
#[wasm_bindgen]
pub struct Verifier {
    // Shared with the pending asynchronous verifications (which outlive the call, and may
    // outlive `free()`).
    inner: Rc<egov_sign::Verifier>,
    keys: Rc<webcrypto::KeyCache>,
}

/// The default number of imported WebCrypto keys a verifier keeps.
const KEY_CACHE_SIZE: usize = 16;

/// Where the signature primitives run (option `crypto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CryptoMode {
    /// `node:crypto` in Node; elsewhere WebCrypto (asynchronous methods) or wasm.
    Auto,
    /// `node:crypto`, synchronously.
    Node,
    /// WebCrypto (asynchronous methods only).
    WebCrypto,
    /// Always wasm.
    Wasm,
}

/// The `node:crypto` module for `mode`: `Ok(None)` for wasm / WebCrypto; an error when
/// `'node'` is forced outside Node.
fn node_for(mode: CryptoMode) -> JsResult<Option<nodecrypto::Node>> {
    match mode {
        CryptoMode::Auto => Ok(nodecrypto::node_crypto()),
        CryptoMode::Node => nodecrypto::node_crypto().map(Some).ok_or_else(|| {
            js_error(&config(
                "crypto: 'node' needs node:crypto (Node >= 20.16, process.getBuiltinModule)",
            ))
        }),
        CryptoMode::WebCrypto | CryptoMode::Wasm => Ok(None),
    }
}

/// One verification's inputs, owned (the asynchronous path needs them after the call).
struct Job {
    envelope: Vec<u8>,
    kind: egov_sign::DocumentKind,
    time: VerificationTime,
    content: Option<Vec<u8>>,
    request: Option<Vec<u8>>,
    crypto: CryptoMode,
}

impl Job {
    // One copy of the whole verifier in the module, whatever the number of call sites.
    #[inline(never)]
    fn run(
        &self,
        v: &egov_sign::Verifier,
        backend: &dyn SignatureBackend,
    ) -> Result<Report, Error> {
        let vo = VerifyOptions {
            time: self.time,
            content: self.content.as_deref(),
            request_envelope: self.request.as_deref(),
            signature_backend: backend,
        };
        // A signed XML document or a CMS envelope, told apart by the core (one rule).
        v.verify_any(&self.envelope, self.kind, &vo)
    }
}

#[wasm_bindgen]
impl Verifier {
    /// Build a verifier. Throws `CONFIG` (no anchor, bad option), `MALFORMED`, `TOO_LARGE`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: VerifierOptionsT) -> JsResult<Verifier> {
        throw(Self::build(&options))
    }

    fn build(options: &JsValue) -> Result<Verifier, Error> {
        let opts = options_required(options)?;
        let checksum = checksum(&opts)?;
        let revocation: RevocationScope = option(&opts, "revocation")?;
        let key_cache = {
            let v = get(&opts, "keyCacheSize");
            if is_absent(&v) {
                KEY_CACHE_SIZE
            } else {
                match v.as_f64() {
                    Some(n) if n.fract() == 0.0 && (0.0..=1024.0).contains(&n) => n as usize,
                    _ => return Err(config("keyCacheSize: expected an integer from 0 to 1024")),
                }
            }
        };
        // Every field is set today; the update keeps fields added later at their defaults.
        #[allow(clippy::needless_update)]
        let policy = Policy {
            revocation,
            checksum,
            operator_bins: bins(&opts, "operatorBins", checksum)?,
            provider_bins: bins(&opts, "providerBins", checksum)?,
            document_key_usage: key_usage(&opts, "documentKeyUsage")?,
            // Channels, deadlines and the calendar: the core's (the seeds unless given).
            rules: rules_arg(&get(&opts, "serviceRules"))?,
            calendar: {
                let v = get(&opts, "calendarYears");
                let mut files = Vec::new();
                if !is_absent(&v) {
                    let arr: Array = v
                        .dyn_into()
                        .map_err(|_| config("calendarYears: expected an array"))?;
                    for y in arr.iter() {
                        files.push(document_json(&y)?);
                    }
                }
                calendar_of(&files)?
            },
            ..Policy::default()
        };
        let mut b = egov_sign::Verifier::builder().policy(policy);
        for a in byte_list(&get(&opts, "anchors"), "anchors")? {
            b = b.anchors(&a)?;
        }
        for i in byte_list(&get(&opts, "intermediates"), "intermediates")? {
            b = b.intermediates(&i)?;
        }
        for c in byte_list(&get(&opts, "crls"), "crls")? {
            b = b.crls(&c)?;
        }
        for a in byte_list(&get(&opts, "tsaAnchors"), "tsaAnchors")? {
            b = b.tsa_anchors(&a)?;
        }
        for i in byte_list(&get(&opts, "tsaIntermediates"), "tsaIntermediates")? {
            b = b.tsa_intermediates(&i)?;
        }
        for r in byte_list(&get(&opts, "ocspResponses"), "ocspResponses")? {
            b = b.ocsp_response(&r)?;
        }
        b = b.revocation_source(option(&opts, "revocationSource")?);
        Ok(Verifier {
            inner: Rc::new(b.build()?),
            keys: Rc::new(webcrypto::KeyCache::new(key_cache)),
        })
    }

    /// Verify a request envelope (DER, PEM or base64): signature, path, revocation and the
    /// request rules. Resolves to the report (signature primitives in `node:crypto` in Node,
    /// in WebCrypto elsewhere when available, see the option `crypto`); rejects only for
    /// input that cannot be parsed (and for a `crypto` option that cannot be honoured).
    #[wasm_bindgen(js_name = verifyRequest)]
    pub fn verify_request(
        &self,
        envelope: InputT,
        options: Option<VerifyRequestOptionsT>,
    ) -> ReportPromiseT {
        self.verify_async(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Request,
        )
    }

    /// Verify a result envelope; with `request`, also that it answers that request envelope.
    #[wasm_bindgen(js_name = verifyResult)]
    pub fn verify_result(
        &self,
        envelope: InputT,
        options: Option<VerifyResultOptionsT>,
    ) -> ReportPromiseT {
        self.verify_async(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Result,
        )
    }

    /// Verify a ЦОН receipt refusing documents for an incomplete package (002:120): signed
    /// by an operator of a configured `operatorBins` organisation, bound to no request.
    #[wasm_bindgen(js_name = verifyReceipt)]
    pub fn verify_receipt(
        &self,
        envelope: InputT,
        options: Option<VerifyRequestOptionsT>,
    ) -> ReportPromiseT {
        self.verify_async(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Receipt,
        )
    }

    /// [`Verifier::verify_receipt`], synchronously (see [`Verifier::verify_request_sync`]).
    #[wasm_bindgen(js_name = verifyReceiptSync)]
    pub fn verify_receipt_sync(
        &self,
        envelope: InputT,
        options: Option<VerifyRequestOptionsT>,
    ) -> JsResult<ReportT> {
        self.verify_sync(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Receipt,
        )
    }

    /// Verify a signed document in either form — a CMS envelope (DER, PEM or base64) or a
    /// signed XML document (enveloped XMLDSig), told apart by content (`isXml`) — as
    /// `options.kind` (default `'request'`). The same report; for XML each entry of
    /// `signers` says which element it `covers`.
    #[wasm_bindgen]
    pub fn verify(&self, signed: InputT, options: Option<VerifyOptionsT>) -> ReportPromiseT {
        let options: Option<JsValue> = options.map(Into::into);
        match Self::kind_option(&options) {
            Ok(kind) => self.verify_async(signed.into(), options, kind),
            Err(e) => Promise::reject(&e).unchecked_into(),
        }
    }

    /// [`Verifier::verify`], synchronously (see [`Verifier::verify_request_sync`]).
    #[wasm_bindgen(js_name = verifySync)]
    pub fn verify_sync_any(
        &self,
        signed: InputT,
        options: Option<VerifyOptionsT>,
    ) -> JsResult<ReportT> {
        let options: Option<JsValue> = options.map(Into::into);
        let kind = Self::kind_option(&options)?;
        self.verify_sync(signed.into(), options, kind)
    }

    fn kind_option(options: &Option<JsValue>) -> JsResult<egov_sign::DocumentKind> {
        let opts = throw(opts_of(options.as_ref().unwrap_or(&JsValue::UNDEFINED)))?;
        // The core's names (`DocumentKind: FromStr`); absent: a request.
        match throw(get_string(&opts, "kind"))? {
            None => Ok(egov_sign::DocumentKind::Request),
            Some(s) => s
                .parse()
                .map_err(|e: UnknownName| js_error(&argument(format!("kind: {e}")))),
        }
    }

    /// Verify an envelope of arbitrary content (signature, path, revocation only).
    #[wasm_bindgen(js_name = verifyEnvelope)]
    pub fn verify_envelope(
        &self,
        envelope: InputT,
        options: Option<VerifyRequestOptionsT>,
    ) -> ReportPromiseT {
        self.verify_async(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Any,
        )
    }

    /// [`Verifier::verify_request`], synchronously: signature primitives in `node:crypto` in
    /// Node, else in wasm (option `crypto`). Throws only for input that cannot be parsed
    /// (and for a `crypto` option that cannot be honoured).
    #[wasm_bindgen(js_name = verifyRequestSync)]
    pub fn verify_request_sync(
        &self,
        envelope: InputT,
        options: Option<VerifyRequestOptionsT>,
    ) -> JsResult<ReportT> {
        self.verify_sync(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Request,
        )
    }

    /// [`Verifier::verify_result`], synchronously (see [`Verifier::verify_request_sync`]).
    #[wasm_bindgen(js_name = verifyResultSync)]
    pub fn verify_result_sync(
        &self,
        envelope: InputT,
        options: Option<VerifyResultOptionsT>,
    ) -> JsResult<ReportT> {
        self.verify_sync(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Result,
        )
    }

    /// [`Verifier::verify_envelope`], synchronously (see [`Verifier::verify_request_sync`]).
    #[wasm_bindgen(js_name = verifyEnvelopeSync)]
    pub fn verify_envelope_sync(
        &self,
        envelope: InputT,
        options: Option<VerifyRequestOptionsT>,
    ) -> JsResult<ReportT> {
        self.verify_sync(
            envelope.into(),
            options.map(Into::into),
            egov_sign::DocumentKind::Any,
        )
    }

    fn job(
        &self,
        envelope: JsValue,
        options: Option<JsValue>,
        kind: egov_sign::DocumentKind,
    ) -> JsResult<Job> {
        let opts = throw(opts_of(&options.unwrap_or(JsValue::UNDEFINED)))?;
        let envelope = throw(bytes(&envelope, "envelope"))?;
        let time = throw(verification_time(&get(&opts, "at")))?;
        let content = opt_bytes(&opts, "content")?;
        let request = if kind == egov_sign::DocumentKind::Result {
            opt_bytes(&opts, "request")?
        } else {
            None
        };
        let crypto = match throw(get_string(&opts, "crypto"))?.as_deref() {
            None | Some("auto") => CryptoMode::Auto,
            Some("node") => CryptoMode::Node,
            Some("webcrypto") => CryptoMode::WebCrypto,
            Some("wasm") => CryptoMode::Wasm,
            Some(other) => {
                return Err(js_error(&argument(format!(
                    "crypto: expected 'auto', 'node', 'webcrypto' or 'wasm', got {other:?}"
                ))))
            }
        };
        Ok(Job {
            envelope,
            kind,
            time,
            content,
            request,
            crypto,
        })
    }

    fn verify_sync(
        &self,
        envelope: JsValue,
        options: Option<JsValue>,
        kind: egov_sign::DocumentKind,
    ) -> JsResult<ReportT> {
        let job = self.job(envelope, options, kind)?;
        if job.crypto == CryptoMode::WebCrypto {
            return Err(js_error(&config(
                "crypto: 'webcrypto' is asynchronous; use verifyRequest / verifyResult / verifyEnvelope",
            )));
        }
        let node = node_for(job.crypto)?;
        let report = throw(self.run_sync(&job, node.clone()))?;
        Ok(report_to_js(&report, node.as_ref())?.unchecked_into())
    }

    /// One pass of the core: signature primitives in `node:crypto` when the mode and the
    /// platform say so, else in wasm. The outer error is a bad `crypto` option.
    fn run_sync(&self, job: &Job, node: Option<nodecrypto::Node>) -> Result<Report, Error> {
        match node {
            Some(node) => {
                nodecrypto::with_backend(node, Rc::clone(&self.keys), |b| job.run(&self.inner, b))
            }
            None => job.run(&self.inner, &CoreBackend),
        }
    }

    fn verify_async(
        &self,
        envelope: JsValue,
        options: Option<JsValue>,
        kind: egov_sign::DocumentKind,
    ) -> ReportPromiseT {
        self.start(envelope, options, kind)
            .unwrap_or_else(|e| Promise::reject(&e))
            .unchecked_into()
    }

    /// The two-pass protocol of [`webcrypto`]: pass 1 now, the WebCrypto checks and (when one
    /// of them is not confirmed) pass 2 in the returned promise.
    fn start(
        &self,
        envelope: JsValue,
        options: Option<JsValue>,
        kind: egov_sign::DocumentKind,
    ) -> JsResult<Promise> {
        let job = self.job(envelope, options, kind)?;
        if let Some(node) = node_for(job.crypto)? {
            // `node:crypto`, synchronously: the promise is already resolved.
            let report = throw(self.run_sync(&job, Some(node.clone())))?;
            return Ok(Promise::resolve(&report_to_js(&report, Some(&node))?));
        }
        let subtle = match job.crypto {
            CryptoMode::Auto => webcrypto::subtle(),
            CryptoMode::WebCrypto => Some(
                webcrypto::subtle()
                    .ok_or_else(|| js_error(&config("crypto: 'webcrypto' needs crypto.subtle")))?,
            ),
            CryptoMode::Node | CryptoMode::Wasm => None,
        };
        let wasm_only = |job: &Job| -> JsResult<Promise> {
            let report = throw(job.run(&self.inner, &CoreBackend))?;
            Ok(Promise::resolve(&report_to_js(&report, None)?))
        };
        let Some(subtle) = subtle else {
            return wasm_only(&job);
        };
        let recorder = webcrypto::Recorder::default();
        let Ok(first) = job.run(&self.inner, &recorder) else {
            // Fail closed: whatever went wrong under the optimistic backend is decided by the
            // core alone.
            return wasm_only(&job);
        };
        let checks = recorder.into_checks();
        if checks.is_empty() {
            // Nothing WebCrypto can do (GOST, or no signature reached).
            return Ok(Promise::resolve(&report_to_js(&first, None)?));
        }
        let inner = Rc::clone(&self.inner);
        let keys = Rc::clone(&self.keys);
        Ok(js_sys::futures::future_to_promise(async move {
            let results = webcrypto::confirm(&subtle, &keys, &checks).await;
            let report = if results.iter().all(|r| *r == Some(true)) {
                first
            } else {
                let answers = webcrypto::Answers::new(checks, results);
                throw(job.run(&inner, &answers))?
            };
            report_to_js(&report, None)
        }))
    }

    /// Verify a certificate (the first of `cert`; others are intermediates) at `at`:
    /// path, validity, revocation, key usage (`usage`, default `'sign'`).
    #[wasm_bindgen(js_name = verifyChain)]
    pub fn verify_chain(
        &self,
        cert: InputT,
        options: Option<VerifyChainOptionsT>,
    ) -> JsResult<ReportT> {
        let opts = throw(opts_of(
            &options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
        ))?;
        let cert = throw(bytes(&cert, "cert"))?;
        let extra =
            throw(throw(byte_list(&get(&opts, "intermediates"), "intermediates"))?.concat_pem())?;
        let usage = throw(key_usage(&opts, "usage"))?;
        let at = match throw(verification_time(&get(&opts, "at")))? {
            VerificationTime::At(t) => t,
            _ => {
                return Err(js_error(&argument(
                    "at: a certificate has no signing time; pass a Date or 'now'",
                )))
            }
        };
        let report = throw(self.inner.verify_chain(&cert, &extra, usage, at))?;
        Ok(report_to_js(&report, None)?.unchecked_into())
    }

    /// CRLs rejected when the verifier was built (bad signature, unknown issuer, ...).
    #[wasm_bindgen(getter, js_name = rejectedCrls)]
    pub fn rejected_crls(&self) -> JsResult<RejectedCrlsT> {
        let list: Vec<Value> = self
            .inner
            .rejected_crls()
            .iter()
            .map(|r| {
                serde_json::json!({
                    "issuer": r.issuer,
                    "code": r.code.as_str(),
                    "detail": r.detail,
                })
            })
            .collect();
        Ok(to_js(&Value::Array(list))?.unchecked_into())
    }
}

fn options_required(v: &JsValue) -> Result<Object, Error> {
    if is_absent(v) {
        return Err(config(
            "Verifier: options with at least `anchors` are required",
        ));
    }
    opts_of(v)
}

fn opt_bytes(opts: &Object, key: &'static str) -> JsResult<Option<Vec<u8>>> {
    let v = get(opts, key);
    if is_absent(&v) {
        return Ok(None);
    }
    Ok(Some(throw(bytes(&v, key))?))
}

/// Several inputs → one byte string the core's multi-certificate parser accepts: DER blobs
/// are re-encoded as PEM so they can be concatenated.
trait ConcatPem {
    fn concat_pem(self) -> Result<Vec<u8>, Error>;
}

impl ConcatPem for Vec<Vec<u8>> {
    fn concat_pem(self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        for item in self {
            for der in decode_der_blobs(&item, "CERTIFICATE", MAX_CERTIFICATE_SIZE)? {
                out.extend_from_slice(egov_sign::encoding::to_pem(&der, "CERTIFICATE").as_bytes());
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bindings' rules and calendar are the core's: the seeds' matrix by default, a
    /// caller's JSON through the core's strict parser, year files over the embedded years.
    #[test]
    fn rules_and_calendar_come_from_the_core() {
        let d = rules_of(None).unwrap();
        assert_eq!(d, ServiceRules::default());
        assert!(!d.allows(Service::HousingCertificate, egov_sign::Channel::Portal));
        let region = ServiceRules::almaty_region_2012().to_json();
        assert_eq!(
            rules_of(Some(region.as_bytes())).unwrap(),
            ServiceRules::almaty_region_2012()
        );
        assert!(rules_of(Some(br#"{"services":[],"x":1}"#)).is_err());

        let cal = calendar_of(&[]).unwrap();
        assert_eq!(cal.years().next(), Some(2015));
        let day = ymd_of("2025-03-26").unwrap();
        assert_eq!(cal.is_working_day(day), Some(true));
        let y = br#"{"country":"KZ","year":2025,"days_off":[{"date":"2025-03-26","name":"x","source":"test"}],"working_days":[]}"#;
        assert_eq!(
            calendar_of(&[y.to_vec()]).unwrap().is_working_day(day),
            Some(false)
        );
        assert!(calendar_of(&[b"{}".to_vec()]).is_err());
        assert!(ymd_of("2025-3-26").is_err());
        assert_eq!(ymd_text(day), "2025-03-26");
        assert_eq!(service_of("privatization").unwrap(), Service::Privatization);
        assert!(service_of("x").is_err());
    }

    #[test]
    fn camel_case_keys_but_not_inside_document() {
        assert_eq!(camel("envelope_sha256"), "envelopeSha256");
        assert_eq!(camel("is_ca"), "isCa");
        assert_eq!(camel("indication"), "indication");
        let v = serde_json::json!({
            "signing_time": 1,
            "chain": [{"not_before": 2}],
            "document": {"created_at": 3}
        });
        assert_eq!(
            camel_keys(v),
            serde_json::json!({
                "signingTime": 1,
                "chain": [{"notBefore": 2}],
                "document": {"created_at": 3}
            })
        );
    }

    #[test]
    fn camel_json_is_camel_keys_of_the_tree() {
        let v = serde_json::json!({
            "indication": "valid",
            "signing_time": null,
            "chain": [{"not_before": 2, "is_ca": true}, [], {}],
            "document": {"created_at": 3, "applicant": {"full_name": "Ә \"q\" \\ \u{1}"}, "document": {"x_y": 1}},
            "findings": [{"sub_ject": "CN=a\nb", "document": [{"a_b": 1}], "after_doc": {"c_d": 2}}],
            "we\"ird_key": "v",
            "z_last": {"document": 1, "more_keys": 2},
            "a__b": 1, "_lead": 2, "trail_": 3, "_": 4, "ü_ber": 5, "x_ü": 6
        });
        let text = camel_json(&v).unwrap();
        let back: Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(back, camel_keys(v));
    }

    #[test]
    fn report_json_adds_valid_and_refusal() {
        let report = Report {
            indication: egov_sign::Indication::Valid,
            findings: Vec::new(),
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            verification_time: "2026-01-01T00:00:00Z".into(),
            signature_algorithm: None,
            envelope_sha256: egov_sign::report::EnvelopeDigest::of(b"abc".to_vec()),
            signers: Vec::new(),
            document: Some(egov_sign::Document::Request({
                let env = egov_sign::Envelope::parse(include_bytes!(
                    "../../../testdata/envelopes/request.p7s"
                ))
                .unwrap();
                egov_sign::Request::from_json(
                    env.content.as_deref().unwrap(),
                    egov_sign::ChecksumPolicy::Strict,
                )
                .unwrap()
            })),
            timestamp: None,
            revocation: Vec::new(),
        };
        let v: Value = serde_json::from_slice(&report_json(&report, None, true).unwrap()).unwrap();
        assert_eq!(v["valid"], true);
        assert_eq!(v["refusal"], Value::Null);
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            v["envelopeSha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(v["verificationTime"], "2026-01-01T00:00:00Z");
        // The document keeps its own (snake_case) field names.
        assert_eq!(v["document"]["channel"], "portal");
        assert!(v["document"]["created_at"].is_string());
        assert!(v["document"].get("createdAt").is_none());
    }

    /// A report of the core with every field set (the test envelope, verified at its signing
    /// time without anchors: invalid, with findings and a refusal).
    fn full_report() -> Report {
        let env = include_bytes!("../../../testdata/envelopes/request.p7s");
        let mut report = Report {
            indication: egov_sign::Indication::Invalid,
            findings: vec![egov_sign::Finding::new(
                egov_sign::Code::parse("IIN_MISMATCH").unwrap(),
                "detail \"quoted\"",
            )
            .about("CN=x")],
            signer: None,
            chain: Vec::new(),
            signing_time: Some("2026-01-01T00:00:00Z".into()),
            verification_time: "2026-01-02T00:00:00Z".into(),
            signature_algorithm: Some("rsa-pkcs1-sha256".into()),
            envelope_sha256: egov_sign::report::EnvelopeDigest::of(env.to_vec()),
            document: None,
            signers: Vec::new(),
            timestamp: None,
            revocation: Vec::new(),
        };
        // Issue 16: a verified time-stamp and revocation entries of both sources, every
        // optional field set.
        report.timestamp = Some(egov_sign::report::TimestampSummary {
            gen_time: "2026-01-01T00:00:01.5Z".into(),
            accuracy_micros: Some(1_000_000),
            tsa: "CN=TSA".into(),
            policy: "1.2.398.3.3.2.6.4".into(),
            policy_name: Some("tsa_gost2015_policy"),
            signature_algorithm: "GOST 34.10-2015 512",
            serial: "01".into(),
        });
        report.revocation = vec![
            egov_sign::report::RevocationSummary {
                subject: "CN=x".into(),
                serial: "0A".into(),
                source: "ocsp",
                status: "revoked",
                revocation_time: Some("2025-12-01T00:00:00Z".into()),
                reason: Some("keyCompromise"),
                produced_at: Some("2026-01-01T00:00:00Z".into()),
                this_update: Some("2026-01-01T00:00:00Z".into()),
                next_update: Some("2026-01-02T00:00:00Z".into()),
                responder: Some("CN=OCSP".into()),
                embedded: true,
            },
            egov_sign::report::RevocationSummary {
                subject: "CN=ca".into(),
                serial: "02".into(),
                source: "crl",
                status: "good",
                revocation_time: None,
                reason: None,
                produced_at: None,
                this_update: None,
                next_update: None,
                responder: None,
                embedded: false,
            },
        ];
        let parsed = egov_sign::Envelope::parse(env).unwrap();
        report.chain = parsed
            .certificates
            .iter()
            .map(|der| Certificate::from_der(der).unwrap().summary())
            .collect();
        report.signer = report.chain.first().cloned();
        report.signers = vec![egov_sign::SignerReport {
            index: 0,
            indication: report.indication,
            findings: report.findings.clone(),
            document_signer: true,
            signer: report.signer.clone(),
            chain: report.chain.clone(),
            signing_time: report.signing_time.clone(),
            verification_time: report.verification_time.clone(),
            signature_algorithm: report.signature_algorithm.clone(),
            timestamp: report.timestamp.clone(),
            revocation: report.revocation.clone(),
            covers: None,
        }];
        report.document = Some(egov_sign::Document::Request(
            Request::from_json(parsed.content.as_deref().unwrap(), ChecksumPolicy::Strict).unwrap(),
        ));
        report
    }

    #[test]
    fn report_json_has_every_field_of_the_core() {
        let report = full_report();
        assert!(report.signer.is_some() && report.document.is_some());
        assert!(report.timestamp.is_some() && report.revocation.len() == 2);
        let mut want = camel_keys(serde_json::to_value(&report).unwrap());
        let refusal = serde_json::json!({
            "ru": report.refusal_text(Lang::Ru),
            "kk": report.refusal_text(Lang::Kk),
            "en": report.refusal_text(Lang::En),
        });
        want["valid"] = Value::Bool(false);
        want["refusal"] = refusal;
        let got: Value =
            serde_json::from_slice(&report_json(&report, None, true).unwrap()).unwrap();
        assert_eq!(got, want);
        // A fingerprint from the platform replaces the core's, and only it.
        let hex = "00".repeat(32);
        let mut got: Value =
            serde_json::from_slice(&report_json(&report, Some(&hex), true).unwrap()).unwrap();
        assert_eq!(got["envelopeSha256"], Value::String(hex));
        got["envelopeSha256"] = want["envelopeSha256"].clone();
        assert_eq!(got, want);
    }
}
