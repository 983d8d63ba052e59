//! `egov_sign._native`: the thin pyo3 layer over the `egov-sign` core.
//!
//! Everything here converts arguments, calls the core, and converts results back: reports
//! travel as the core's own JSON (`serde_json` of [`Report`]), documents as the core's
//! canonical JSON, errors as the Python exception classes of `egov_sign.errors` carrying
//! [`Error::code`]. No verification logic lives here or in the Python facade.
//!
//! Verification and signing run with the GIL released ([`Python::detach`]); a `Verifier`
//! is immutable (`#[pyclass(frozen)]` around the `Send + Sync` core verifier), so one
//! instance can be shared by any number of Python threads.

use egov_sign::{CoreBackend, SigningKey};

use egov_sign::cms::{self, SignOptions};
use egov_sign::document::{
    Calendar as CoreCalendar, Receipt, Request, ResultDocument, Service, ServiceRules,
};
use egov_sign::encoding::decode_der_blobs;
use egov_sign::limits::MAX_CERTIFICATE_SIZE;
use egov_sign::test_pki::{self, samples, KeyFamily};
use egov_sign::Certificate;
use egov_sign::{Bin, ChecksumPolicy, Iin};
use egov_sign::{Code, Lang, Report};
use egov_sign::{DocumentKind, VerifyOptions};
use egov_sign::{Error, Time};
use egov_sign::{KeyUsageRequirement, Policy, RevocationScope, UnknownName, VerificationTime};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::sync::Arc;

mod errors {
    pyo3::import_exception!(egov_sign.errors, EgovSignError);
    pyo3::import_exception!(egov_sign.errors, MalformedInputError);
    pyo3::import_exception!(egov_sign.errors, InvalidDocumentError);
    pyo3::import_exception!(egov_sign.errors, InvalidIinError);
    pyo3::import_exception!(egov_sign.errors, InvalidBinError);
    pyo3::import_exception!(egov_sign.errors, InvalidKeyError);
    pyo3::import_exception!(egov_sign.errors, UnsupportedAlgorithmError);
    pyo3::import_exception!(egov_sign.errors, ConfigError);
    pyo3::import_exception!(egov_sign.errors, KeyPasswordError);
    pyo3::import_exception!(egov_sign.errors, TimestampError);
    pyo3::import_exception!(egov_sign.errors, OcspError);
}

/// A refused time-stamp token / TSA response: the inner error of a token that does not
/// parse is the usual exception (MalformedInputError, ...); any other refusal is a
/// `TimestampError` with `code == "TIMESTAMP_INVALID"` and `reason` the core's
/// [`egov_sign::evidence::tsp_error_reason`].
fn tsp_to_py(e: egov_sign::tsp::TspError) -> PyErr {
    match e {
        egov_sign::tsp::TspError::Malformed(inner) => to_py(inner),
        other => errors::TimestampError::new_err((
            other.to_string(),
            "TIMESTAMP_INVALID",
            false,
            egov_sign::evidence::tsp_error_reason(&other),
        )),
    }
}

/// A refused OCSP response: as [`tsp_to_py`], `OcspError` with `code == "OCSP_INVALID"`.
fn ocsp_to_py(e: egov_sign::ocsp::OcspError) -> PyErr {
    match e {
        egov_sign::ocsp::OcspError::Malformed(inner) => to_py(inner),
        other => errors::OcspError::new_err((
            other.to_string(),
            "OCSP_INVALID",
            false,
            egov_sign::evidence::ocsp_error_reason(&other),
        )),
    }
}

/// Map a core error to its Python exception: `(message, code, malformed_input)`.
fn to_py(e: Error) -> PyErr {
    let args = (e.to_string(), e.code(), e.is_malformed_input());
    match e {
        Error::TooLarge { .. }
        | Error::Malformed { .. }
        | Error::Json { .. }
        | Error::Xml { .. } => errors::MalformedInputError::new_err(args),
        Error::InvalidDocument { .. } | Error::XmlDocument { .. } => {
            errors::InvalidDocumentError::new_err(args)
        }
        Error::InvalidIin { .. } => errors::InvalidIinError::new_err(args),
        Error::InvalidBin { .. } => errors::InvalidBinError::new_err(args),
        Error::InvalidKey { .. } | Error::CertificateKeyMismatch => {
            errors::InvalidKeyError::new_err(args)
        }
        Error::UnsupportedAlgorithm { .. } => errors::UnsupportedAlgorithmError::new_err(args),
        Error::Config { .. } | Error::CrlRejected { .. } => errors::ConfigError::new_err(args),
        Error::KeyPassword => errors::KeyPasswordError::new_err(args),
        _ => errors::EgovSignError::new_err(args),
    }
}

fn document_kind(kind: &str) -> PyResult<DocumentKind> {
    kind.parse()
        .map_err(|e: UnknownName| PyValueError::new_err(e.to_string()))
}

fn config_err(detail: String) -> PyErr {
    to_py(Error::Config { detail })
}

/// A core option from its name (`FromStr`); a `CONFIG` error naming the argument.
fn option<T: std::str::FromStr<Err = UnknownName>>(arg: &str, s: &str) -> PyResult<T> {
    s.parse().map_err(|e| config_err(format!("{arg}: {e}")))
}

fn checksum(s: &str) -> PyResult<ChecksumPolicy> {
    option("iin_checksum", s)
}

fn usage(s: &str) -> PyResult<KeyUsageRequirement> {
    option("usage", s)
}

/// A UTC instant from Unix seconds and microseconds (the facade converts `datetime`).
fn instant(secs: i64, micros: u32) -> PyResult<Time> {
    let t = Time::from_unix_timestamp(secs)
        .map_err(|e| config_err(format!("time out of range: {e}")))?;
    Ok(t + time::Duration::microseconds(i64::from(micros.min(999_999))))
}

/// `mode`: "now", "at" (with `secs`/`micros`), "signing-time" or "timestamp".
fn verification_time(mode: &str, secs: i64, micros: u32) -> PyResult<VerificationTime> {
    match mode {
        "at" => Ok(VerificationTime::At(instant(secs, micros)?)),
        _ => option("at", mode),
    }
}

/// The refusal texts of a report in ru, kk, en (the core's `Report::refusal_text`); `None`
/// when it is valid.
type Refusal = Option<(String, String, String)>;

/// The report as compact JSON (the core's serialisation), its indication and its refusal
/// texts.
fn report_out(r: Report) -> (String, &'static str, Refusal) {
    let json = serde_json::to_string(&r).unwrap_or_default();
    let refusal = (!r.is_valid()).then(|| {
        (
            r.refusal_text(Lang::Ru),
            r.refusal_text(Lang::Kk),
            r.refusal_text(Lang::En),
        )
    });
    (json, r.indication.as_str(), refusal)
}

/// A verifier configured once; shareable between threads (its only mutable state is the
/// core's bounded memo of parsed signer certificates).
#[pyclass(frozen, module = "egov_sign._native")]
struct Verifier {
    inner: egov_sign::Verifier,
}

#[pymethods]
impl Verifier {
    #[new]
    #[pyo3(signature = (anchors, intermediates, crls, revocation, iin_checksum, operator_bins, provider_bins, document_key_usage, certificate_cache, service_rules=None, calendar_years=Vec::new(), tsa_anchors=Vec::new(), tsa_intermediates=Vec::new(), ocsp_responses=Vec::new(), revocation_source="any"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        anchors: Vec<Bound<'_, PyBytes>>,
        intermediates: Vec<Bound<'_, PyBytes>>,
        crls: Vec<Bound<'_, PyBytes>>,
        revocation: &str,
        iin_checksum: &str,
        operator_bins: Vec<String>,
        provider_bins: Vec<String>,
        document_key_usage: &str,
        certificate_cache: usize,
        service_rules: Option<&str>,
        calendar_years: Vec<Bound<'_, PyBytes>>,
        tsa_anchors: Vec<Bound<'_, PyBytes>>,
        tsa_intermediates: Vec<Bound<'_, PyBytes>>,
        ocsp_responses: Vec<Bound<'_, PyBytes>>,
        revocation_source: &str,
    ) -> PyResult<Self> {
        let revocation_source: egov_sign::RevocationSource =
            option("revocation_source", revocation_source)?;
        let revocation: RevocationScope = option("revocation", revocation)?;
        let checksum = checksum(iin_checksum)?;
        let owned = |v: &[Bound<'_, PyBytes>]| -> Vec<Vec<u8>> {
            v.iter().map(|b| b.as_bytes().to_vec()).collect()
        };
        let (anchors, intermediates, crls) = (owned(&anchors), owned(&intermediates), owned(&crls));
        let (tsa_anchors, tsa_intermediates, ocsp_responses) = (
            owned(&tsa_anchors),
            owned(&tsa_intermediates),
            owned(&ocsp_responses),
        );
        let bins = |v: &[String]| -> PyResult<Vec<Bin>> {
            v.iter()
                .map(|s| Bin::parse_with(s, checksum).map_err(to_py))
                .collect()
        };
        // Every field is set today; the update keeps fields added later at their defaults.
        #[allow(clippy::needless_update)]
        let policy = Policy {
            revocation,
            checksum,
            operator_bins: bins(&operator_bins)?,
            provider_bins: bins(&provider_bins)?,
            document_key_usage: usage(document_key_usage)?,
            // Channels, deadlines and the calendar: the core's (the seeds by default; the
            // caller's rules JSON and calendar years parsed by the core).
            rules: rules_from(service_rules)?,
            calendar: calendar_from(&calendar_years)?,
            ..Policy::default()
        };
        // Parsing certificates and checking every CRL signature can take a while with big
        // CRLs: without the GIL.
        let inner = py
            .detach(move || {
                let mut b = egov_sign::Verifier::builder()
                    .policy(policy)
                    .certificate_cache(certificate_cache)
                    .revocation_source(revocation_source);
                for a in &tsa_anchors {
                    b = b.tsa_anchors(a)?;
                }
                for i in &tsa_intermediates {
                    b = b.tsa_intermediates(i)?;
                }
                for r in &ocsp_responses {
                    b = b.ocsp_response(r)?;
                }
                for a in &anchors {
                    b = b.anchors(a)?;
                }
                for i in &intermediates {
                    b = b.intermediates(i)?;
                }
                for c in &crls {
                    b = b.crls(c)?;
                }
                b.build()
            })
            .map_err(to_py)?;
        Ok(Verifier { inner })
    }

    /// `kind`: "request", "result", "receipt" or "any"; `form`: "auto" (a signed XML
    /// document or a CMS envelope, told apart by the core's `xml_document::is_xml`), "cms"
    /// or "xml". Returns (report JSON, indication, refusal texts in ru / kk / en or None).
    #[pyo3(signature = (envelope, kind, mode, secs, micros, content, request, form="auto"))]
    #[allow(clippy::too_many_arguments)]
    fn verify(
        &self,
        py: Python<'_>,
        envelope: &[u8],
        kind: &str,
        mode: &str,
        secs: i64,
        micros: u32,
        content: Option<&[u8]>,
        request: Option<&[u8]>,
        form: &str,
    ) -> PyResult<(String, &'static str, Refusal)> {
        let kind = document_kind(kind)?;
        let options = VerifyOptions {
            time: verification_time(mode, secs, micros)?,
            content,
            request_envelope: request,
            signature_backend: &CoreBackend,
        };
        let v = &self.inner;
        match form {
            "auto" => py.detach(|| v.verify_any(envelope, kind, &options)),
            "cms" => py.detach(|| v.verify_envelope_as(envelope, kind, &options)),
            "xml" => py.detach(|| v.verify_xml_document(envelope, kind, &options)),
            _ => return Err(config_err(format!("unknown form {form:?}"))),
        }
        .map(report_out)
        .map_err(to_py)
    }

    #[pyo3(signature = (cert, intermediates, usage, mode, secs, micros))]
    #[allow(clippy::too_many_arguments)]
    fn verify_chain(
        &self,
        py: Python<'_>,
        cert: &[u8],
        intermediates: &[u8],
        usage: &str,
        mode: &str,
        secs: i64,
        micros: u32,
    ) -> PyResult<(String, &'static str, Refusal)> {
        let usage = self::usage(usage)?;
        let at = match mode {
            "now" => Time::now_utc(),
            "at" => instant(secs, micros)?,
            _ => {
                return Err(config_err(format!(
                    "verify_chain needs a datetime or None, not {mode:?}"
                )))
            }
        };
        py.detach(|| self.inner.verify_chain(cert, intermediates, usage, at))
            .map(report_out)
            .map_err(to_py)
    }

    /// (certificates held now, capacity) of the certificate cache.
    fn certificate_cache(&self) -> (usize, usize) {
        (
            self.inner.cached_certificates(),
            self.inner.certificate_cache_capacity(),
        )
    }

    /// The CRLs rejected when the verifier was built: (issuer, code, detail).
    fn rejected_crls(&self) -> Vec<(String, &'static str, String)> {
        self.inner
            .rejected_crls()
            .iter()
            .map(|r| (r.issuer.clone(), r.code.as_str(), r.detail.clone()))
            .collect()
    }
}

/// What a signing call makes: a new envelope, or one more signature on an envelope.
enum Signing<'a> {
    /// `cms::sign` of `content`.
    Sign { content: &'a [u8], detached: bool },
    /// `cms::cosign` of `envelope` (`content`: a detached envelope's content).
    Cosign {
        envelope: &'a [u8],
        content: Option<&'a [u8]>,
    },
}

/// Who signs: a PKCS#8 key with its certificate, or an entry of a key store (which
/// brings its certificate and the store's chain above it).
enum Signer<'a> {
    Key {
        key: &'a [u8],
        cert: &'a [u8],
    },
    Store {
        store: &'a egov_sign::KeyStore,
        alias: Option<&'a str>,
    },
}

/// The one signing path of the binding: `chain` (DER or PEM bundles) is embedded after the
/// signer's own chain; the core signs (`cms::sign` / `cms::cosign`) without the GIL.
/// Returns the envelope DER.
fn sign_any(
    py: Python<'_>,
    signer: Signer<'_>,
    what: Signing<'_>,
    chain: &[Bound<'_, PyBytes>],
    signing_time: Option<(i64, u32)>,
    sid_by_ski: bool,
) -> PyResult<Py<PyBytes>> {
    let signing_time = signing_time.map(|(s, us)| instant(s, us)).transpose()?;
    let chain: Vec<&[u8]> = chain.iter().map(|b| b.as_bytes()).collect();
    let der = py
        .detach(|| -> Result<Vec<u8>, Error> {
            let (own_key, own_cert);
            let (key, cert, mut extra) = match signer {
                Signer::Key { key, cert } => {
                    own_key = SigningKey::from_pkcs8(key)?;
                    own_cert = Certificate::from_pem_or_der(cert)?.der().to_vec();
                    (&own_key, own_cert.as_slice(), Vec::new())
                }
                Signer::Store { store, alias } => {
                    let entry = store.entry(alias)?;
                    let cert = entry.certificate_der().ok_or_else(|| Error::InvalidKey {
                        detail: "the key store entry has no certificate".into(),
                    })?;
                    (entry.signing_key(), cert, entry.chain().to_vec())
                }
            };
            for c in chain {
                extra.extend(decode_der_blobs(c, "CERTIFICATE", MAX_CERTIFICATE_SIZE)?);
            }
            let mut opts = SignOptions {
                detached: false,
                signing_time,
                sid_by_ski,
            };
            match what {
                Signing::Sign { content, detached } => {
                    opts.detached = detached;
                    cms::sign(content, key, cert, &extra, &opts)
                }
                Signing::Cosign { envelope, content } => {
                    cms::cosign(envelope, content, key, cert, &extra, &opts)
                }
            }
        })
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &der).unbind())
}

/// Sign `content`; returns the envelope DER.
#[pyfunction]
#[pyo3(signature = (content, key, cert, chain, detached, signing_time, sid_by_ski))]
#[allow(clippy::too_many_arguments)]
fn sign(
    py: Python<'_>,
    content: &[u8],
    key: &[u8],
    cert: &[u8],
    chain: Vec<Bound<'_, PyBytes>>,
    detached: bool,
    signing_time: Option<(i64, u32)>,
    sid_by_ski: bool,
) -> PyResult<Py<PyBytes>> {
    let what = Signing::Sign { content, detached };
    let signer = Signer::Key { key, cert };
    sign_any(py, signer, what, &chain, signing_time, sid_by_ski)
}

/// Co-sign `envelope` (DER, PEM or base64; `content` for a detached one): the core's
/// `cms::cosign`. Returns the new envelope DER.
#[pyfunction]
#[pyo3(signature = (envelope, content, key, cert, chain, signing_time, sid_by_ski))]
#[allow(clippy::too_many_arguments)]
fn cosign(
    py: Python<'_>,
    envelope: &[u8],
    content: Option<&[u8]>,
    key: &[u8],
    cert: &[u8],
    chain: Vec<Bound<'_, PyBytes>>,
    signing_time: Option<(i64, u32)>,
    sid_by_ski: bool,
) -> PyResult<Py<PyBytes>> {
    let what = Signing::Cosign { envelope, content };
    let signer = Signer::Key { key, cert };
    sign_any(py, signer, what, &chain, signing_time, sid_by_ski)
}

/// A PKCS#12 key store (`.p12`), opened once with its password; the private keys stay in
/// the core (never handed to Python).
#[pyclass(frozen, module = "egov_sign._native")]
struct KeyStore {
    inner: egov_sign::KeyStore,
}

type EntryTuple = (
    Option<String>,
    Option<Py<PyBytes>>,
    &'static str,
    Option<Py<PyBytes>>,
    Vec<Py<PyBytes>>,
);

#[pymethods]
impl KeyStore {
    #[new]
    fn new(py: Python<'_>, data: &[u8], password: &str) -> PyResult<KeyStore> {
        let inner = py
            .detach(|| egov_sign::KeyStore::open(data, password))
            .map_err(to_py)?;
        Ok(KeyStore { inner })
    }

    /// `(alias, local_key_id, algorithm name, certificate DER, chain DERs)` per entry.
    fn entries(&self, py: Python<'_>) -> Vec<EntryTuple> {
        self.inner
            .entries()
            .iter()
            .map(|e| {
                (
                    e.alias().map(str::to_string),
                    e.local_key_id().map(|b| PyBytes::new(py, b).unbind()),
                    e.algorithm().name(),
                    e.certificate_der().map(|b| PyBytes::new(py, b).unbind()),
                    e.chain()
                        .iter()
                        .map(|c| PyBytes::new(py, c).unbind())
                        .collect(),
                )
            })
            .collect()
    }

    /// Every certificate of the store (DER).
    fn certificates(&self, py: Python<'_>) -> Vec<Py<PyBytes>> {
        self.inner
            .certificates()
            .iter()
            .map(|c| PyBytes::new(py, c).unbind())
            .collect()
    }

    /// Sign `content` with the entry `alias` (or the only entry), embedding its
    /// certificate, the store's chain above it and `chain`; returns the envelope DER.
    #[pyo3(signature = (alias, content, chain, detached, signing_time, sid_by_ski))]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        py: Python<'_>,
        alias: Option<&str>,
        content: &[u8],
        chain: Vec<Bound<'_, PyBytes>>,
        detached: bool,
        signing_time: Option<(i64, u32)>,
        sid_by_ski: bool,
    ) -> PyResult<Py<PyBytes>> {
        let what = Signing::Sign { content, detached };
        let signer = Signer::Store {
            store: &self.inner,
            alias,
        };
        sign_any(py, signer, what, &chain, signing_time, sid_by_ski)
    }

    /// Co-sign `envelope` with the entry `alias` (or the only entry), embedding its
    /// certificate, the store's chain and `chain` where missing; returns the envelope DER.
    #[pyo3(signature = (alias, envelope, content, chain, signing_time, sid_by_ski))]
    #[allow(clippy::too_many_arguments)]
    fn cosign(
        &self,
        py: Python<'_>,
        alias: Option<&str>,
        envelope: &[u8],
        content: Option<&[u8]>,
        chain: Vec<Bound<'_, PyBytes>>,
        signing_time: Option<(i64, u32)>,
        sid_by_ski: bool,
    ) -> PyResult<Py<PyBytes>> {
        let what = Signing::Cosign { envelope, content };
        let signer = Signer::Store {
            store: &self.inner,
            alias,
        };
        sign_any(py, signer, what, &chain, signing_time, sid_by_ski)
    }
}

fn envelope_der_vec(envelope: &[u8]) -> PyResult<Vec<u8>> {
    cms::envelope_der(envelope).map_err(to_py)
}

/// The `request` field of a result: (registration number, SHA-256 hex of the request
/// envelope's DER) — the core's `RequestRef::of`.
#[pyfunction]
fn request_ref(registration_number: &str, request_envelope: &[u8]) -> PyResult<(String, String)> {
    let r = egov_sign::document::RequestRef::of(registration_number, request_envelope)
        .map_err(to_py)?;
    let hex = r
        .envelope_sha256
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((r.registration_number, hex))
}

/// The DER of an envelope given as DER, PEM or base64 (not parsed further).
#[pyfunction]
fn envelope_der(py: Python<'_>, envelope: &[u8]) -> PyResult<Py<PyBytes>> {
    Ok(PyBytes::new(py, &envelope_der_vec(envelope)?).unbind())
}

/// PEM ("CMS") of an envelope given as DER, PEM or base64.
#[pyfunction]
fn envelope_to_pem(envelope: &[u8]) -> PyResult<String> {
    Ok(cms::to_pem(&envelope_der_vec(envelope)?))
}

/// Validate a request document (JSON bytes) and return its canonical JSON.
#[pyfunction]
fn request_from_json(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = Request::from_json(json, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// Validate a request being built (`build_request`): as `request_from_json`, but absent
/// `schema_version`, `family_members`, `attachments` and `created_at` are the core's
/// defaults (`Request::build_from_json`; `created_at` is now).
#[pyfunction]
fn build_request_json(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r =
        Request::build_from_json(json, checksum(iin_checksum)?, Time::now_utc()).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// Validate a result document (JSON bytes) and return its canonical JSON.
#[pyfunction]
fn result_from_json(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = ResultDocument::from_json(json, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// Validate a result being built (`build_result`): as `result_from_json`, but an absent
/// `due_by` is the core's default (`ResultDocument::build_from_json`).
#[pyfunction]
fn build_result_json(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = ResultDocument::build_from_json(json, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// Sign a document as XML (the core's `xml_document::sign_document_xml`): `document` is
/// JSON or XML (signed XML gets a sequential co-signature). Returns the signed XML.
#[pyfunction]
#[pyo3(signature = (document, kind, key, cert, iin_checksum, canonicalization, by_id))]
#[allow(clippy::too_many_arguments)]
fn sign_xml(
    py: Python<'_>,
    document: &[u8],
    kind: &str,
    key: &[u8],
    cert: &[u8],
    iin_checksum: &str,
    canonicalization: &str,
    by_id: bool,
) -> PyResult<String> {
    let kind = option("kind", kind)?;
    let policy = checksum(iin_checksum)?;
    let options = egov_sign::xml::XmlSignOptions {
        canonicalization: option("canonicalization", canonicalization)?,
        by_id,
    };
    py.detach(|| -> Result<String, Error> {
        let key = SigningKey::from_pkcs8(key)?;
        let cert = Certificate::from_pem_or_der(cert)?.der().to_vec();
        egov_sign::sign_document_xml(document, kind, &key, &cert, policy, &options)
    })
    .map_err(to_py)
}

/// What `data` holds — certificates, CRLs or a CMS envelope, DER, PEM or base64 — as the
/// JSON of the core's `inspect::inspect` (nothing verified).
#[pyfunction]
fn inspect(py: Python<'_>, data: &[u8]) -> PyResult<String> {
    py.detach(|| egov_sign::inspect::inspect(data))
        .map(|found| found.to_json())
        .map_err(to_py)
}

/// True when `data` is XML by content (the core's `xml_document::is_xml`).
#[pyfunction]
fn is_xml(data: &[u8]) -> bool {
    egov_sign::is_xml(data)
}

/// Validate a request document (XML bytes) and return its canonical JSON.
#[pyfunction]
fn request_from_xml(py: Python<'_>, xml: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = Request::from_xml(xml, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// Validate a result document (XML bytes) and return its canonical JSON.
#[pyfunction]
fn result_from_xml(py: Python<'_>, xml: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = ResultDocument::from_xml(xml, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// The XML form of a request document given as canonical JSON.
#[pyfunction]
fn request_to_xml(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = Request::from_json(json, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_xml().map_err(to_py)?).unbind())
}

/// The XML form of a result document given as canonical JSON.
#[pyfunction]
fn result_to_xml(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = ResultDocument::from_json(json, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_xml().map_err(to_py)?).unbind())
}

/// Validate a ЦОН receipt refusing documents (JSON bytes) and return its canonical JSON.
#[pyfunction]
fn receipt_from_json(py: Python<'_>, json: &[u8], iin_checksum: &str) -> PyResult<Py<PyBytes>> {
    let r = Receipt::from_json(json, checksum(iin_checksum)?).map_err(to_py)?;
    Ok(PyBytes::new(py, &r.to_json()).unbind())
}

/// The core's service rules from JSON (`None`: the seeds' defaults).
fn rules_from(json: Option<&str>) -> PyResult<ServiceRules> {
    match json {
        None => Ok(ServiceRules::default()),
        Some(j) => ServiceRules::from_json(j.as_bytes()).map_err(to_py),
    }
}

/// The embedded calendar with `years` (year files) loaded over it.
fn calendar_from(years: &[Bound<'_, PyBytes>]) -> PyResult<Arc<CoreCalendar>> {
    if years.is_empty() {
        return Ok(CoreCalendar::kazakhstan());
    }
    let owned: Vec<&[u8]> = years.iter().map(|b| b.as_bytes()).collect();
    CoreCalendar::kazakhstan_with(&owned)
        .map(Arc::new)
        .map_err(to_py)
}

/// The named rules of the core as JSON: "almaty_city" (seed 002) or "almaty_region_2012"
/// (seed 000 for the queue).
#[pyfunction]
fn service_rules(name: &str) -> PyResult<String> {
    ServiceRules::named(name)
        .map(|r| r.to_json())
        .ok_or_else(|| config_err(format!("unknown rules {name:?}")))
}

/// The service × channel matrix of `rules` (JSON; `None`: the defaults), as
/// (service, channel, allowed) for every pair.
#[pyfunction]
#[pyo3(signature = (rules=None))]
fn service_matrix(rules: Option<&str>) -> PyResult<Vec<(&'static str, &'static str, bool)>> {
    Ok(rules_from(rules)?
        .matrix()
        .into_iter()
        .map(|(s, c, ok)| (s.as_str(), c.as_str(), ok))
        .collect())
}

/// The core's working-day calendar: the embedded years of the Republic of Kazakhstan with
/// any year files loaded over them.
#[pyclass(frozen, module = "egov_sign._native")]
struct Calendar {
    inner: Arc<CoreCalendar>,
}

fn ymd(y: i32, m: u8, d: u8) -> PyResult<time::Date> {
    time::Month::try_from(m)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(y, m, d).ok())
        .ok_or_else(|| PyValueError::new_err(format!("invalid date {y:04}-{m:02}-{d:02}")))
}

#[pymethods]
impl Calendar {
    #[new]
    #[pyo3(signature = (years=Vec::new()))]
    fn new(years: Vec<Bound<'_, PyBytes>>) -> PyResult<Self> {
        Ok(Calendar {
            inner: calendar_from(&years)?,
        })
    }

    /// The years held.
    fn years(&self) -> Vec<i32> {
        self.inner.years().collect()
    }

    /// Whether the date is a working day; None when the year is not held.
    fn is_working_day(&self, y: i32, m: u8, d: u8) -> PyResult<Option<bool>> {
        Ok(self.inner.is_working_day(ymd(y, m, d)?))
    }

    /// The `n`th working day after the date; None when a year on the way is not held.
    fn add_working_days(&self, y: i32, m: u8, d: u8, n: u32) -> PyResult<Option<(i32, u8, u8)>> {
        Ok(self
            .inner
            .add_working_days(ymd(y, m, d)?, n)
            .map(|d| (d.year(), u8::from(d.month()), d.day())))
    }

    /// The legal deadline of `service` under `rules` (JSON; None: the defaults) for a
    /// request registered on the date; None when it cannot be computed.
    #[pyo3(signature = (service, y, m, d, rules=None))]
    fn deadline(
        &self,
        service: &str,
        y: i32,
        m: u8,
        d: u8,
        rules: Option<&str>,
    ) -> PyResult<Option<(i32, u8, u8)>> {
        let service = parse_service(service)?;
        Ok(rules_from(rules)?
            .deadline(service, ymd(y, m, d)?, &self.inner)
            .map(|d| (d.year(), u8::from(d.month()), d.day())))
    }
}

fn parse_service(service: &str) -> PyResult<Service> {
    service.parse().map_err(|e: UnknownName| {
        to_py(Error::InvalidDocument {
            field: "service".into(),
            reason: e.to_string(),
        })
    })
}

/// Parse an IIN: (digits, (year, month, day) or None, "male"/"female" or None).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn parse_iin(
    value: &str,
    iin_checksum: &str,
) -> PyResult<(String, Option<(i32, u8, u8)>, Option<&'static str>)> {
    let iin = Iin::parse_with(value, checksum(iin_checksum)?).map_err(to_py)?;
    let date = iin
        .birth_date()
        .map(|d| (d.year(), u8::from(d.month()), d.day()));
    let sex = iin.sex().map(|s| match s {
        egov_sign::iin::Sex::Male => "male",
        egov_sign::iin::Sex::Female => "female",
    });
    Ok((iin.as_str().to_owned(), date, sex))
}

/// Parse a BIN: (digits, registration month or None, entity type or None, attribute or None).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn parse_bin(
    value: &str,
    iin_checksum: &str,
) -> PyResult<(String, Option<u8>, Option<String>, Option<String>)> {
    let bin = Bin::parse_with(value, checksum(iin_checksum)?).map_err(to_py)?;
    let name = |v: serde_json::Value| v.as_str().map(str::to_owned);
    Ok((
        bin.as_str().to_owned(),
        bin.registration_month().map(u8::from),
        bin.entity_type()
            .and_then(|t| serde_json::to_value(t).ok())
            .and_then(name),
        bin.attribute()
            .and_then(|a| serde_json::to_value(a).ok())
            .and_then(name),
    ))
}

/// The refusal text of a code in a language ("ru", "kk", "en"); None for an unknown code.
#[pyfunction]
fn message(code: &str, lang: &str) -> PyResult<Option<&'static str>> {
    let lang: Lang = lang
        .parse()
        .map_err(|e: UnknownName| PyValueError::new_err(e.to_string()))?;
    Ok(Code::parse(code).map(|c| egov_sign::report::messages::message(c, lang)))
}

/// The core's name of a language (`Lang::from_str`: "ru", "kk" / "kz", "en", any case).
#[pyfunction]
fn lang_name(lang: &str) -> PyResult<&'static str> {
    lang.parse::<Lang>()
        .map(Lang::as_str)
        .map_err(|e: UnknownName| PyValueError::new_err(e.to_string()))
}

/// Every finding code.
#[pyfunction]
fn codes() -> Vec<&'static str> {
    Code::ALL.iter().map(|c| c.as_str()).collect()
}

/// A generated test PKI: a dict with the family, generated_at (Unix seconds), `issued`
/// (name → dict) and `crls` (name → DER). Never for production trust.
#[pyfunction]
fn generate_test_pki<'py>(
    py: Python<'py>,
    family: &str,
    now: Option<i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let family = match family {
        "p256" => KeyFamily::P256,
        "rsa" => KeyFamily::Rsa,
        "gost2015" => KeyFamily::Gost2015,
        "gost2004" => KeyFamily::Gost2004,
        _ => {
            return Err(config_err(format!(
                "family must be 'p256', 'rsa', 'gost2015' or 'gost2004', not {family:?}"
            )))
        }
    };
    let now = match now {
        Some(s) => instant(s, 0)?,
        None => Time::now_utc(),
    };
    let p = py
        .detach(|| test_pki::TestPki::generate(family, now))
        .map_err(to_py)?;
    let out = PyDict::new(py);
    out.set_item("family", family.as_str())?;
    out.set_item("generated_at", p.generated_at.unix_timestamp())?;
    let issued = PyDict::new(py);
    for i in p.all_issued() {
        let d = PyDict::new(py);
        d.set_item("name", i.name)?;
        d.set_item("cert", PyBytes::new(py, &i.cert_der))?;
        d.set_item("key", PyBytes::new(py, &i.key_pkcs8_der))?;
        d.set_item("iin", i.iin.clone())?;
        d.set_item("bin", i.bin.clone())?;
        d.set_item("role", i.role)?;
        d.set_item("usage", i.usage)?;
        d.set_item("issuer", i.issuer)?;
        d.set_item("purpose", i.purpose)?;
        d.set_item("serial", i.serial_hex())?;
        issued.set_item(i.name, d)?;
    }
    out.set_item("issued", issued)?;
    let crls = PyDict::new(py);
    for (name, der) in p.crl_list() {
        crls.set_item(name, PyBytes::new(py, der))?;
    }
    out.set_item("crls", crls)?;
    let responders = py
        .detach(|| -> Result<TestResponders, Error> {
            Ok(TestResponders {
                tsa: test_pki::responders::TestTsa::new(
                    &p,
                    test_pki::responders::TsaProfile::Conforming,
                )?,
                ocsp: test_pki::responders::TestResponder::new(
                    &p,
                    test_pki::responders::ResponderProfile::Delegated,
                )?,
            })
        })
        .map_err(to_py)?;
    out.set_item("responders", Py::new(py, responders)?)?;
    let consts = PyDict::new(py);
    for (k, v) in [
        ("CITIZEN_IIN", test_pki::CITIZEN_IIN),
        ("CITIZEN2_IIN", test_pki::CITIZEN2_IIN),
        ("REPRESENTATIVE_IIN", test_pki::REPRESENTATIVE_IIN),
        ("OPERATOR_IIN", test_pki::OPERATOR_IIN),
        ("PROVIDER_HEAD_IIN", test_pki::PROVIDER_HEAD_IIN),
        ("PROVIDER_EMPLOYEE_IIN", test_pki::PROVIDER_EMPLOYEE_IIN),
        ("PROVIDER_SIGNER_IIN", test_pki::PROVIDER_SIGNER_IIN),
        ("CON_BIN", test_pki::CON_BIN),
        ("PROVIDER_BIN", test_pki::PROVIDER_BIN),
    ] {
        consts.set_item(k, v)?;
    }
    out.set_item("constants", consts)?;
    Ok(out)
}

/// A sample document of the test PKI as canonical JSON. `name`: "citizen_portal_request",
/// "portal_queue_request" (arg: applicant IIN), "citizen_con_request", "con_queue_request"
/// (arg: operator BIN), "provider_queue_request" (arg: employee IIN, arg2: BIN),
/// "queue_result" (request envelope, arg: official IIN, number), "head_queue_result"
/// (request envelope).
#[pyfunction]
#[pyo3(signature = (name, at, arg=None, arg2=None, request_envelope=None, number=0))]
fn sample_document(
    py: Python<'_>,
    name: &str,
    at: i64,
    arg: Option<&str>,
    arg2: Option<&str>,
    request_envelope: Option<&[u8]>,
    number: u32,
) -> PyResult<Py<PyBytes>> {
    let at = instant(at, 0)?;
    fn need<'a>(v: Option<&'a str>, what: &str) -> PyResult<&'a str> {
        v.ok_or_else(|| PyValueError::new_err(format!("sample document needs {what}")))
    }
    let req_der = || -> PyResult<Vec<u8>> {
        envelope_der_vec(
            request_envelope
                .ok_or_else(|| PyValueError::new_err(format!("{name} needs a request envelope")))?,
        )
    };
    let json = match name {
        "citizen_portal_request" => samples::citizen_portal_request(at).map(|r| r.to_json()),
        "portal_queue_request" => {
            samples::portal_queue_request(need(arg, "an applicant IIN")?, at).map(|r| r.to_json())
        }
        "citizen_con_request" => samples::citizen_con_request(at).map(|r| r.to_json()),
        "con_queue_request" => {
            samples::con_queue_request(need(arg, "an operator BIN")?, at).map(|r| r.to_json())
        }
        "provider_queue_request" => {
            samples::provider_queue_request(need(arg, "an employee IIN")?, need(arg2, "a BIN")?, at)
                .map(|r| r.to_json())
        }
        "queue_result" => {
            samples::queue_result(&req_der()?, need(arg, "an official IIN")?, number, at)
                .map(|r| r.to_json())
        }
        "head_queue_result" => samples::head_queue_result(&req_der()?, at).map(|r| r.to_json()),
        _ => return Err(PyValueError::new_err(format!("unknown sample {name:?}"))),
    }
    .map_err(to_py)?;
    Ok(PyBytes::new(py, &json).unbind())
}

// ---------------------------------------------------------------------------------------------
// Time-stamps and OCSP (issue 16): the bytes are the caller's; no network I/O.
// ---------------------------------------------------------------------------------------------

fn tsa_trust(
    anchors: &[Bound<'_, PyBytes>],
    intermediates: &[Bound<'_, PyBytes>],
) -> PyResult<egov_sign::tsp::TsaTrust> {
    let mut t = egov_sign::tsp::TsaTrust::new();
    for a in anchors {
        t = t.anchors(a.as_bytes()).map_err(to_py)?;
    }
    for i in intermediates {
        t = t.intermediates(i.as_bytes()).map_err(to_py)?;
    }
    Ok(t)
}

fn digest_opt(hash: Option<&str>) -> PyResult<Option<egov_sign::DigestAlgorithm>> {
    hash.map(egov_sign::evidence::digest_named)
        .transpose()
        .map_err(to_py)
}

fn policy_oids(policies: &[String]) -> PyResult<Vec<egov_sign::ObjectIdentifier>> {
    policies
        .iter()
        .map(|p| {
            egov_sign::ObjectIdentifier::new(p)
                .map_err(|e| config_err(format!("policy {p:?} is not an OID: {e}")))
        })
        .collect()
}

/// Verify a time-stamp token over `signature_value`, or over the signature value of
/// SignerInfo `signer_index` of `envelope`: JSON of the core's `TimestampCheck`.
#[pyfunction]
#[pyo3(signature = (token, signature_value, envelope, signer_index, tsa_anchors, tsa_intermediates, nonce, policies))]
#[allow(clippy::too_many_arguments)]
fn verify_timestamp_token(
    py: Python<'_>,
    token: &[u8],
    signature_value: Option<&[u8]>,
    envelope: Option<&[u8]>,
    signer_index: Option<usize>,
    tsa_anchors: Vec<Bound<'_, PyBytes>>,
    tsa_intermediates: Vec<Bound<'_, PyBytes>>,
    nonce: Option<&[u8]>,
    policies: Vec<String>,
) -> PyResult<String> {
    let trust = tsa_trust(&tsa_anchors, &tsa_intermediates)?;
    let policies = policy_oids(&policies)?;
    let datum = match (signature_value, envelope) {
        (Some(v), None) => v.to_vec(),
        (None, Some(e)) => {
            py.detach(|| egov_sign::evidence::signer_signature(e, signer_index))
                .map_err(to_py)?
                .0
        }
        _ => {
            return Err(PyValueError::new_err(
                "give exactly one of signature_value and envelope",
            ))
        }
    };
    let v = py
        .detach(|| {
            egov_sign::tsp::verify_token(
                token,
                &egov_sign::tsp::Expectation {
                    signature_value: &datum,
                    nonce,
                    policies: &policies,
                },
                &trust,
                &CoreBackend,
            )
        })
        .map_err(tsp_to_py)?;
    serde_json::to_string(&egov_sign::evidence::TimestampCheck::of(&v))
        .map_err(|e| config_err(e.to_string()))
}

/// The DER TimeStampReq for SignerInfo `signer_index` of `envelope`.
#[pyfunction]
#[pyo3(signature = (envelope, signer_index, hash, nonce, policy))]
fn timestamp_request(
    py: Python<'_>,
    envelope: &[u8],
    signer_index: Option<usize>,
    hash: Option<&str>,
    nonce: Option<&[u8]>,
    policy: Option<String>,
) -> PyResult<Py<PyBytes>> {
    let digest = digest_opt(hash)?;
    let policy = policy_oids(&policy.into_iter().collect::<Vec<_>>())?.pop();
    let der = egov_sign::evidence::timestamp_request(envelope, signer_index, digest, nonce, policy)
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &der).unbind())
}

/// Check a TSA response for the envelope and embed its token: (envelope DER, check JSON).
#[pyfunction]
#[pyo3(signature = (envelope, signer_index, response, tsa_anchors, tsa_intermediates, nonce))]
fn embed_timestamp(
    py: Python<'_>,
    envelope: &[u8],
    signer_index: Option<usize>,
    response: &[u8],
    tsa_anchors: Vec<Bound<'_, PyBytes>>,
    tsa_intermediates: Vec<Bound<'_, PyBytes>>,
    nonce: Option<&[u8]>,
) -> PyResult<(Py<PyBytes>, String)> {
    let trust = tsa_trust(&tsa_anchors, &tsa_intermediates)?;
    let (der, v) = py
        .detach(|| {
            egov_sign::evidence::add_signature_timestamp(
                envelope,
                signer_index,
                response,
                nonce,
                &trust,
                &CoreBackend,
            )
        })
        .map_err(tsp_to_py)?;
    let json = serde_json::to_string(&egov_sign::evidence::TimestampCheck::of(&v))
        .map_err(|e| config_err(e.to_string()))?;
    Ok((PyBytes::new(py, &der).unbind(), json))
}

/// The DER OCSPRequest about `cert` issued by `issuer`.
#[pyfunction]
#[pyo3(signature = (cert, issuer, hash, nonce))]
fn ocsp_request(
    py: Python<'_>,
    cert: &[u8],
    issuer: &[u8],
    hash: Option<&str>,
    nonce: Option<&[u8]>,
) -> PyResult<Py<PyBytes>> {
    let hash = match hash {
        None | Some("sha1") => None,
        Some(h) => digest_opt(Some(h))?,
    };
    let der = egov_sign::evidence::ocsp_request(cert, issuer, hash, nonce).map_err(to_py)?;
    Ok(PyBytes::new(py, &der).unbind())
}

/// Verify an OCSP response about `cert` (issued by `issuer`) at the instant: JSON of the
/// core's `OcspCheck`.
#[pyfunction]
#[pyo3(signature = (response, cert, issuer, mode, secs, micros, nonce, max_age))]
#[allow(clippy::too_many_arguments)]
fn verify_ocsp_response(
    py: Python<'_>,
    response: &[u8],
    cert: &[u8],
    issuer: &[u8],
    mode: &str,
    secs: i64,
    micros: u32,
    nonce: Option<&[u8]>,
    max_age: Option<i64>,
) -> PyResult<String> {
    let at = match mode {
        "now" => Time::now_utc(),
        "at" => instant(secs, micros)?,
        _ => {
            return Err(config_err(format!(
                "at must be a datetime or None, not {mode:?}"
            )))
        }
    };
    let options = egov_sign::ocsp::CheckOptions {
        at,
        max_age_without_next_update: max_age.unwrap_or(egov_sign::ocsp::DEFAULT_MAX_AGE),
        nonce,
        responders: &[],
    };
    let r = py
        .detach(|| {
            egov_sign::evidence::verify_ocsp_response(
                response,
                cert,
                issuer,
                &options,
                &CoreBackend,
            )
        })
        .map_err(ocsp_to_py)?;
    serde_json::to_string(&egov_sign::evidence::OcspCheck::of(&r))
        .map_err(|e| config_err(e.to_string()))
}

/// The signature-time-stamp tokens (DER) of SignerInfo `signer_index` of `envelope`, as
/// embedded (not verified).
#[pyfunction]
fn signature_timestamp_tokens(
    py: Python<'_>,
    envelope: &[u8],
    signer_index: Option<usize>,
) -> PyResult<Vec<Py<PyBytes>>> {
    let env = cms::Envelope::parse(envelope).map_err(to_py)?;
    let (_, si) = env.signer_at(signer_index).map_err(to_py)?;
    Ok(si
        .timestamp_tokens
        .iter()
        .map(|t| PyBytes::new(py, t).unbind())
        .collect())
}

/// The certificates (DER) embedded in a CMS envelope or time-stamp token (not verified).
#[pyfunction]
fn envelope_certificates(py: Python<'_>, envelope: &[u8]) -> PyResult<Vec<Py<PyBytes>>> {
    let env = cms::Envelope::parse(envelope).map_err(to_py)?;
    Ok(env
        .certificates
        .iter()
        .map(|c| PyBytes::new(py, c).unbind())
        .collect())
}

/// The test PKI's TSA and delegated OCSP responder (tests only): answers the requests of
/// [`timestamp_request`] and [`ocsp_request`] offline.
#[pyclass(frozen, module = "egov_sign._native")]
struct TestResponders {
    tsa: test_pki::responders::TestTsa,
    ocsp: test_pki::responders::TestResponder,
}

#[pymethods]
impl TestResponders {
    /// The TSA certificate (DER; its TSA anchor is the test PKI's root, its intermediate
    /// the CA).
    fn tsa_cert<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.tsa.cert_der)
    }

    /// The delegated OCSP responder's certificate (DER).
    fn ocsp_cert<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.ocsp.cert_der)
    }

    /// A TimeStampResp (DER) for a TimeStampReq.
    #[pyo3(signature = (request, gen_time, serial, accuracy_seconds, embed_certificate))]
    fn tsa_respond<'py>(
        &self,
        py: Python<'py>,
        request: &[u8],
        gen_time: i64,
        serial: u64,
        accuracy_seconds: Option<u8>,
        embed_certificate: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let options = test_pki::responders::TokenOptions {
            gen_time: instant(gen_time, 0)?,
            serial,
            accuracy_seconds,
            embed_certificate,
        };
        let der = self.tsa.respond(request, &options).map_err(to_py)?;
        Ok(PyBytes::new(py, &der))
    }

    /// An OCSPResponse (DER) for an OCSPRequest: every CertID answered `status` ("good",
    /// "revoked" with `revocation_time` and `reason`, "unknown", "non-issued").
    #[pyo3(signature = (request, this_update, next_update, status, revocation_time=None, reason=None))]
    #[allow(clippy::too_many_arguments)]
    fn ocsp_respond<'py>(
        &self,
        py: Python<'py>,
        request: &[u8],
        this_update: i64,
        next_update: Option<i64>,
        status: &str,
        revocation_time: Option<i64>,
        reason: Option<u8>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        use test_pki::responders::Answer;
        let answer = match status {
            "good" => Answer::Good,
            "unknown" => Answer::Unknown,
            "non-issued" => Answer::NonIssued,
            "revoked" => Answer::Revoked(
                instant(
                    revocation_time
                        .ok_or_else(|| PyValueError::new_err("revoked needs revocation_time"))?,
                    0,
                )?,
                reason,
            ),
            _ => return Err(PyValueError::new_err(format!("unknown status {status:?}"))),
        };
        let options = test_pki::responders::ResponseOptions {
            this_update: instant(this_update, 0)?,
            next_update: next_update.map(|n| instant(n, 0)).transpose()?,
        };
        let der = self
            .ocsp
            .respond(request, &options, |_| answer)
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &der))
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TestResponders>()?;
    m.add_function(wrap_pyfunction!(verify_timestamp_token, m)?)?;
    m.add_function(wrap_pyfunction!(timestamp_request, m)?)?;
    m.add_function(wrap_pyfunction!(embed_timestamp, m)?)?;
    m.add_function(wrap_pyfunction!(ocsp_request, m)?)?;
    m.add_function(wrap_pyfunction!(verify_ocsp_response, m)?)?;
    m.add_function(wrap_pyfunction!(signature_timestamp_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(envelope_certificates, m)?)?;
    m.add_class::<Verifier>()?;
    m.add_class::<KeyStore>()?;
    m.add_class::<Calendar>()?;
    m.add_function(wrap_pyfunction!(receipt_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(sign_xml, m)?)?;
    m.add_function(wrap_pyfunction!(is_xml, m)?)?;
    m.add_function(wrap_pyfunction!(inspect, m)?)?;
    m.add_function(wrap_pyfunction!(request_from_xml, m)?)?;
    m.add_function(wrap_pyfunction!(result_from_xml, m)?)?;
    m.add_function(wrap_pyfunction!(request_to_xml, m)?)?;
    m.add_function(wrap_pyfunction!(result_to_xml, m)?)?;
    m.add_function(wrap_pyfunction!(service_rules, m)?)?;
    m.add_function(wrap_pyfunction!(service_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(cosign, m)?)?;
    m.add_function(wrap_pyfunction!(envelope_to_pem, m)?)?;
    m.add_function(wrap_pyfunction!(envelope_der, m)?)?;
    m.add_function(wrap_pyfunction!(request_ref, m)?)?;
    m.add_function(wrap_pyfunction!(request_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(result_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(build_result_json, m)?)?;
    m.add_function(wrap_pyfunction!(build_request_json, m)?)?;
    m.add_function(wrap_pyfunction!(lang_name, m)?)?;
    m.add_function(wrap_pyfunction!(parse_iin, m)?)?;
    m.add_function(wrap_pyfunction!(parse_bin, m)?)?;
    m.add_function(wrap_pyfunction!(message, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add_function(wrap_pyfunction!(generate_test_pki, m)?)?;
    m.add_function(wrap_pyfunction!(sample_document, m)?)?;
    m.add("MAX_ENVELOPE_SIZE", egov_sign::limits::MAX_ENVELOPE_SIZE)?;
    m.add("MAX_JSON_SIZE", egov_sign::limits::MAX_JSON_SIZE)?;
    Ok(())
}
