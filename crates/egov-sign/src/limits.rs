//! Resource limits applied to every input from outside.
//!
//! Each limit is checked before the work it bounds, so hostile input near a limit is cheap
//! to reject. A limit exceeded is [`crate::Error::TooLarge`].

/// Largest envelope accepted (DER bytes, after PEM / base64 decoding): 16 MiB.
pub const MAX_ENVELOPE_SIZE: usize = 16 * 1024 * 1024;
/// Largest textual (PEM / base64) input accepted: 24 MiB (16 MiB of DER in base64 plus
/// line breaks).
pub const MAX_TEXT_INPUT_SIZE: usize = 24 * 1024 * 1024;
/// Largest single certificate accepted: 64 KiB.
pub const MAX_CERTIFICATE_SIZE: usize = 64 * 1024;
/// Most certificates embedded in one envelope.
pub const MAX_ENVELOPE_CERTIFICATES: usize = 32;
/// Most signed attributes in one SignerInfo.
pub const MAX_SIGNED_ATTRIBUTES: usize = 32;
/// Most unsigned attributes in one SignerInfo.
pub const MAX_UNSIGNED_ATTRIBUTES: usize = 32;
/// Most SignerInfos in one envelope. Each is verified on its own (its signature, path and
/// revocation), so this bounds the signature checks of one envelope; path building for
/// all of them shares [`envelope_path_check_budget`]. KalkanCrypt co-signed documents
/// carry a handful (an applicant and family members' consent).
pub const MAX_SIGNERS: usize = 16;
/// Longest certificate path, anchor included.
pub const MAX_PATH_DEPTH: usize = 8;
/// Most work path building may spend for one certificate, in **reference checks of the
/// issuer key's family**: each signature check counts one, except an RSA check
/// with a key larger than the verifier's reference RSA key (the largest configured one, at
/// least 2048 bits), which counts its cost relative to it (quadratic in the modulus:
/// `crate::path::AlgorithmFamily::cost_units`). A check refused before any arithmetic
/// (key type that does not fit the algorithm) counts one too.
///
/// Why 7 (= [`MAX_PATH_DEPTH`] − 1): a legitimate verification of family F costs L = 2
/// checks of F (the document signature, the end certificate by its configured CA; CA → root
/// is verified once when the verifier is built), so an input that spends the whole budget
/// costs 1 + 7 = 8 checks of F = **4 × L, for every family** (an RSA-only maze cannot use the
/// room a GOST-512 budget would give it). The goal is ≤ 5×; with 8 (4.5× in checks) the
/// measured time ratios exceeded 5× under load (parsing and candidate matching of the
/// hostile certificates add to the checks; `BENCHMARKS.md`), so the margin is kept. A legitimate path of
/// [`MAX_PATH_DEPTH`] (6 intermediates carried in the envelope, none configured) needs
/// exactly 7 checks and is not cut; shorter legitimate paths have room for wrong candidates
/// (renewed or cross-signed CA keys under one name).
///
/// Mixed families: every check is charged to the issuer key's family, and the budget is
/// one count for all of them, so a path costs at most 7 checks of the dearest family the
/// verifier accepts (`crate::path::AcceptedFamilies`), i.e. at most
/// [`PATH_BUILDING_COST_BUDGET`] cost units — bounded by the max over families, not the sum.
pub const PATH_BUILDING_CHECK_BUDGET: u32 = (MAX_PATH_DEPTH - 1) as u32;
/// Most signature verifications path building may attempt for one certificate, whatever
/// they cost (each counts at least one reference check, so this equals
/// [`PATH_BUILDING_CHECK_BUDGET`]).
pub const PATH_BUILDING_SIGNATURE_BUDGET: usize = PATH_BUILDING_CHECK_BUDGET as usize;
/// The most one certificate's path building can cost in
/// `crate::path::AlgorithmFamily::cost_units` (tenths of an RSA-2048 verification),
/// whatever the families: [`PATH_BUILDING_CHECK_BUDGET`] checks of the dearest family,
/// ECDSA P-384 (520; an RSA-8192 check is 160). Also enforced as a backstop.
pub const PATH_BUILDING_COST_BUDGET: u32 =
    PATH_BUILDING_CHECK_BUDGET * crate::path::COST_UNITS_P384_VERIFY;
/// Reference checks ([`PATH_BUILDING_CHECK_BUDGET`]'s unit) path building may spend for one
/// signer of an envelope, for all its paths together (its certificate at the signing time
/// and at the time-stamp's or the present time, the TSA paths of its tokens): one path's
/// budget, plus one more for a signer whose signature-time-stamp tokens are checked (the
/// TSA path). See [`envelope_path_check_budget`].
pub const ENVELOPE_PATH_CHECKS_PER_SIGNER: u32 = PATH_BUILDING_CHECK_BUDGET;
/// The path-building budget of a whole envelope of `signers` SignerInfos, `stamped` of
/// which have signature-time-stamp tokens that will be checked, in reference checks:
/// [`ENVELOPE_PATH_CHECKS_PER_SIGNER`] × (`signers` + `stamped`). Every path built while
/// verifying the envelope (signers' and TSAs') draws on it, and each (certificate, issuer
/// key) pair is checked once per envelope, so a legitimate envelope of S signers costs
/// S document signatures + S path checks (+ its tokens' signatures and TSA paths) and a
/// hostile one of the same shape at most S + 7·S (+ 7 per stamped signer): 4× for every
/// family (see SECURITY.md, "Work bounds"). The signature checks of the envelope's embedded
/// revocation evidence (CRLs, OCSP responses, delegated responders) draw on it too.
pub const fn envelope_path_check_budget(signers: usize, stamped: usize) -> u32 {
    let n = signers.saturating_add(stamped);
    let n = if n > (u32::MAX / ENVELOPE_PATH_CHECKS_PER_SIGNER) as usize {
        u32::MAX / ENVELOPE_PATH_CHECKS_PER_SIGNER
    } else {
        n as u32
    };
    n * ENVELOPE_PATH_CHECKS_PER_SIGNER
}
/// Most candidate issuers path building may consider for one certificate.
pub const PATH_BUILDING_CANDIDATE_BUDGET: usize = 256;
/// Largest CRL accepted (DER bytes): 256 MiB.
pub const MAX_CRL_SIZE: usize = 256 * 1024 * 1024;
/// Most entries in one CRL.
pub const MAX_CRL_ENTRIES: usize = 4_000_000;
/// Longest serial number accepted in certificates and CRL entries ([RFC 5280 §4.1.2.2]: 20
/// octets; a few more tolerated for non-conforming encoders).
///
/// [RFC 5280 §4.1.2.2]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
pub const MAX_SERIAL_LEN: usize = 32;
/// Largest JSON document accepted: 1 MiB.
pub const MAX_JSON_SIZE: usize = 1024 * 1024;
/// Deepest JSON nesting accepted.
pub const MAX_JSON_DEPTH: usize = 32;
/// Most trust anchors, intermediates or CRLs one verifier may hold (each).
pub const MAX_VERIFIER_ITEMS: usize = 10_000;
/// Most extensions in one certificate (the duplicate check is a linear scan per extension,
/// so this bounds it to a few thousand comparisons; NCA certificates carry about ten).
pub const MAX_CERTIFICATE_EXTENSIONS: usize = 64;
/// Most RelativeDistinguishedNames in one Name (subject, issuer, CRL issuer).
pub const MAX_NAME_RDNS: usize = 64;
/// Most AttributeTypeAndValues in one RelativeDistinguishedName (multi-valued RDNs are
/// rare; NCA names use one attribute per RDN).
pub const MAX_RDN_ATTRIBUTES: usize = 16;
/// Most KeyPurposeIds in one extKeyUsage extension (duplicates are dropped with a linear
/// scan, so this bounds that work too).
pub const MAX_EKU_PURPOSES: usize = 64;
/// Largest PKCS#12 key store accepted: 1 MiB (a KalkanCrypt store with one key and its
/// certificate is under 2 KiB; a store with a full chain a few KiB).
pub const MAX_KEY_STORE_SIZE: usize = 1024 * 1024;
/// Most key-derivation iterations spent opening one PKCS#12 key store, summed over the
/// MAC and every encrypted bag, counted per output block (one PKCS#12-KDF hash or one
/// PBKDF2 HMAC each). Writers use 1,024 (KalkanCrypt), 2,048 (OpenSSL 3) up to a few
/// hundred thousand (OWASP's PBKDF2 advice is 600,000 for SHA-256); 10,000,000 leaves room
/// for several such bags while capping a hostile file at a few seconds of CPU.
pub const MAX_KEY_STORE_KDF_ITERATIONS: u64 = 10_000_000;
/// Most SafeBags in one PKCS#12 key store (keys, certificates and skipped bags together).
pub const MAX_KEY_STORE_BAGS: usize = 64;
/// Most digestAlgorithms accepted in a SignedData (only the SignerInfo's is used).
pub const MAX_DIGEST_ALGORITHMS: usize = 8;
/// Most ESSCertID(v2) entries in a signingCertificate(V2) attribute, and most GeneralNames
/// in one IssuerSerial (only the first ESSCertID is checked, [RFC 5035 §4]).
///
/// [RFC 5035 §4]: https://www.rfc-editor.org/rfc/rfc5035#section-4
pub const MAX_ESS_CERT_IDS: usize = 16;
/// Most PEM blocks (of any label) one input may hold.
pub const MAX_PEM_BLOCKS: usize = 64;
/// Most extensions in one CRL's crlExtensions ([RFC 5280 §5.2]; real CRLs carry two to
/// five). The duplicate check is a linear scan per extension, as for certificates.
///
/// [RFC 5280 §5.2]: https://www.rfc-editor.org/rfc/rfc5280#section-5.2
pub const MAX_CRL_EXTENSIONS: usize = 32;
/// Most extensions in one CRL entry's crlEntryExtensions ([RFC 5280 §5.3]; real entries carry
/// at most three: reasonCode, invalidityDate, holdInstructionCode). Kept small: it bounds
/// the per-entry work of a CRL with millions of entries.
///
/// [RFC 5280 §5.3]: https://www.rfc-editor.org/rfc/rfc5280#section-5.3
pub const MAX_CRL_ENTRY_EXTENSIONS: usize = 8;
/// Largest [RFC 3161] time-stamp token, TimeStampReq or TimeStampResp accepted (DER bytes):
/// 256 KiB (an NCA token with its TSA certificate is under 2 KiB; room for a full chain).
///
/// [RFC 3161]: https://www.rfc-editor.org/rfc/rfc3161
pub const MAX_TIMESTAMP_TOKEN_SIZE: usize = 256 * 1024;
/// Largest [RFC 6960] OCSPResponse or OCSPRequest accepted (DER bytes): 256 KiB (an NCA
/// response with its delegated responder's certificate is under 2 KiB).
///
/// [RFC 6960]: https://www.rfc-editor.org/rfc/rfc6960
pub const MAX_OCSP_RESPONSE_SIZE: usize = 256 * 1024;
/// Most SingleResponses in one BasicOCSPResponse, and most certificates in its `certs`.
pub const MAX_OCSP_RESPONSES: usize = 64;
/// Most signature-time-stamp tokens checked per signer (each costs a signature check and a
/// TSA path): a signer may carry more (they are kept), but the rest are not checked. A
/// time-stamp is evidence *for* validity, so not checking one can only leave a time
/// unproven (fail closed); without this bound 16 signers × 32 tokens would cost 512 checks.
pub const MAX_TIMESTAMP_TOKENS_CHECKED: usize = 2;
/// Largest XML request / result document accepted ([`crate::document::xml`]), checked
/// before parsing: 1 MiB, as for JSON.
pub const XML_DOC_MAX_SIZE: usize = 1024 * 1024;
/// Most nodes (elements, text, comments, processing instructions) in one XML document,
/// counted by the parser while it builds the tree. A request with every list full is about
/// 1,000 elements; room is left for enveloped signatures with their certificates.
pub const XML_DOC_MAX_NODES: u32 = 20_000;
/// Deepest element nesting in one XML document, the document element at depth 1 (the
/// schema's deepest value is at 5, `/result/outcome/privatization_decision/contract/date`;
/// an enveloped `ds:Signature`'s `Transforms/Transform/XPath` at 7).
pub const XML_DOC_MAX_DEPTH: usize = 16;
/// Longest text of one value element of an XML document, in bytes (the longest field is
/// 2,000 characters, at most 8,000 bytes of UTF-8).
pub const XML_DOC_MAX_TEXT_LEN: usize = 16 * 1024;
/// Most revocation values (CRLs and OCSP responses) read from one envelope: the SignedData
/// `crls` field ([RFC 5652 §10.2.1] RevocationInfoChoices) and the signers'
/// id-aa-ets-revocationValues attributes together (the long-term form). Each is
/// untrusted until its signature verifies; more is a [`crate::Error::TooLarge`]. Every
/// signature check of them draws on the envelope's work bound
/// ([`envelope_path_check_budget`], shared with path building), lazily (only
/// evidence about a certificate of a built path); evidence the budget could not pay for
/// proves nothing, and makes the status unknown when it may show a revocation.
///
/// [RFC 5652 §10.2.1]: https://www.rfc-editor.org/rfc/rfc5652#section-10.2.1
pub const MAX_EMBEDDED_REVOCATION_VALUES: usize = 16;
/// Most keys an embedded CRL's signature is checked against for one certificate: the
/// built path's issuer, then configured certificates of its name (key rollover), each with
/// cRLSign and a subjectKeyIdentifier matching the CRL's authorityKeyIdentifier when both
/// are present; each (CRL, key) pair once per envelope, every check charged to the
/// envelope's work bound ([`envelope_path_check_budget`]).
pub const MAX_EMBEDDED_CRL_ISSUER_CANDIDATES: usize = 4;
/// Most embedded OCSP responses verified per envelope verification (one per response and
/// certificate it is about, per verification instant; each of their signature checks is
/// also charged to the envelope's work bound, [`envelope_path_check_budget`]): the rest
/// are not checked and prove nothing (fail closed; the unsigned evidence of an envelope can be
/// stripped by anyone anyway, so skipping it hides nothing a sender could not).
pub const MAX_EMBEDDED_OCSP_CHECKS: usize = 32;
/// Largest XML document accepted for signature verification or signing: 4 MiB (a signed
/// request with a few certificates is a few KiB).
pub const MAX_XML_SIZE: usize = 4 * 1024 * 1024;
/// Most nodes (elements, attributes, texts, comments, PIs) in one XML document
/// (roxmltree's `nodes_limit`, checked while parsing).
pub const MAX_XML_NODES: u32 = 200_000;
/// Deepest element nesting accepted in an XML document.
pub const MAX_XML_DEPTH: usize = 64;
/// Most attributes on one XML element.
pub const MAX_XML_ATTRIBUTES: usize = 64;
/// Most namespace declarations on one XML element (and in scope of it).
pub const MAX_XML_NAMESPACES: usize = 32;
/// Most `ds:Signature` elements verified in one XML document (each is a signature check
/// and a certification path).
pub const MAX_XML_SIGNATURES: usize = 16;
/// Most `ds:Reference`s in one `ds:SignedInfo`, and most `ds:Transform`s in one
/// Reference.
pub const MAX_XML_REFERENCES: usize = 8;
