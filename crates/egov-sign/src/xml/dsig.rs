//! XMLDSig verification and signing: enveloped signatures as NCALayer / KalkanCrypt write
//! them (W3C XML Signature Syntax and Processing 1.1, <https://www.w3.org/TR/xmldsig-core1/>).
//!
//! ```text
//! <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">      (§4.1, any prefix)
//!   <SignedInfo>
//!     <CanonicalizationMethod Algorithm="…"/>                  (§4.4.1)
//!     <SignatureMethod Algorithm="…"/>                         (§4.4.2)
//!     <Reference URI="">                                       (§4.4.3)
//!       <Transforms><Transform Algorithm="…#enveloped-signature"/>
//!                   <Transform Algorithm="…c14n…"/></Transforms>
//!       <DigestMethod Algorithm="…"/><DigestValue>…</DigestValue>
//!     </Reference>
//!   </SignedInfo>
//!   <SignatureValue>…</SignatureValue>
//!   <KeyInfo><X509Data><X509Certificate>…</X509Certificate></X509Data></KeyInfo>
//! </Signature>
//! ```
//!
//! # Wrapping-proof rules (XSW)
//!
//! - A `ds:Signature` is found by namespace, never by prefix, and must be a child of the
//!   document element (where KalkanCrypt puts it); anywhere else it is refused.
//! - Its one *document* Reference is `URI=""` or `URI="#id"` of the document element, with
//!   the enveloped-signature transform: the signature covers the document element (the
//!   report says so, [`crate::report::SignerReport::covers`]). Besides it only XAdES
//!   `SignedProperties` (`Type="http://uri.etsi.org/01903#SignedProperties"`, `URI="#id"` of
//!   an element inside the same Signature) is accepted. Any other Reference is refused.
//! - IDs (`Id`, `ID`, `id`) are unique in the document ([`super::check_ids`]).
//! - Comments and processing instructions inside the covered element are left out by the
//!   canonicalization of `URI=""` / `URI="#id"` (§4.4.3.3): they are refused
//!   (`XML_UNSIGNED_CONTENT`) so no reader can take unsigned text for signed.
//!
//! # Several signers
//!
//! KalkanCrypt co-signs sequentially: each new `ds:Signature` is appended as the last child
//! of the document element, its `URI=""` digest covering the document *with* the earlier
//! signatures. Signature `k` (in document order) is therefore verified over the document
//! without itself (enveloped-signature transform) and without the later signatures
//! `k+1…` (which did not exist when it was made, and are each verified on their own).

use roxmltree::Node;

use super::c14n::{Canonicalizer, Method, Subset};
use super::{path_of, refused, DSIG_NS};
use crate::algorithm::{DigestAlgorithm, SignatureAlgorithm, SigningKey};
use crate::certificate::Certificate;
use crate::document::Document;
use crate::limits::{MAX_CERTIFICATE_SIZE, MAX_XML_REFERENCES, MAX_XML_SIGNATURES};
use crate::policy::VerificationTime;
use crate::report::{Code, EnvelopeDigest, Finding, Indication, Report, SignerReport};
use crate::verifier::{DocumentKind, Verifier, VerifyOptions};
use crate::{asn1, Error, Time};

const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const XADES_SIGNED_PROPERTIES: &str = "http://uri.etsi.org/01903#SignedProperties";
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// A SignatureMethod (XMLDSig 1.1 §6.4; [RFC 9231] for the `xmldsig-more` URIs; the NCA's
/// `pkigovkz` URIs as KalkanCrypt writes them).
///
/// [RFC 9231]: https://www.rfc-editor.org/rfc/rfc9231
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XmlSignatureMethod {
    /// One of the crate's algorithms (GOST values are the CMS little-endian `r‖s`; ECDSA
    /// values are `r‖s`, converted to `Ecdsa-Sig-Value` for the core).
    Core(SignatureAlgorithm),
    /// `http://www.w3.org/2000/09/xmldsig#rsa-sha1`: verified, flagged weak.
    RsaSha1,
}

fn signature_method(uri: &str) -> Option<XmlSignatureMethod> {
    use SignatureAlgorithm as S;
    use XmlSignatureMethod::Core;
    Some(match uri {
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => Core(S::RsaPkcs1Sha256),
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => Core(S::RsaPkcs1Sha384),
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => Core(S::RsaPkcs1Sha512),
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => XmlSignatureMethod::RsaSha1,
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" => Core(S::EcdsaP256Sha256),
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384" => Core(S::EcdsaP384Sha384),
        "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512" => {
            Core(S::Gost2015_512)
        }
        "http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311" => Core(S::Gost2004),
        _ => return None,
    })
}

/// The SignatureMethod URI of a signing algorithm.
fn signature_method_uri(alg: SignatureAlgorithm) -> Result<&'static str, Error> {
    use SignatureAlgorithm as S;
    Ok(match alg {
        S::RsaPkcs1Sha256 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        S::RsaPkcs1Sha384 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        S::RsaPkcs1Sha512 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        S::EcdsaP256Sha256 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        S::EcdsaP384Sha384 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        S::Gost2015_512 => {
            "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512"
        }
        S::Gost2004 => "http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311",
        other => {
            return Err(Error::UnsupportedAlgorithm {
                algorithm: format!("{} in an XML signature", other.name()),
            })
        }
    })
}

/// A DigestMethod: the crate's digests plus SHA-1 (flagged weak).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XmlDigest {
    Core(DigestAlgorithm),
    Sha1,
}

fn digest_method(uri: &str) -> Option<XmlDigest> {
    Some(match uri {
        "http://www.w3.org/2001/04/xmlenc#sha256" => XmlDigest::Core(DigestAlgorithm::Sha256),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => XmlDigest::Core(DigestAlgorithm::Sha384),
        "http://www.w3.org/2001/04/xmlenc#sha512" => XmlDigest::Core(DigestAlgorithm::Sha512),
        "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-512" => {
            XmlDigest::Core(DigestAlgorithm::Streebog512)
        }
        "http://www.w3.org/2001/04/xmldsig-more#gost34311" => {
            XmlDigest::Core(DigestAlgorithm::Gost94Test)
        }
        "http://www.w3.org/2000/09/xmldsig#sha1" => XmlDigest::Sha1,
        _ => return None,
    })
}

fn digest_uri(alg: DigestAlgorithm) -> &'static str {
    match alg {
        DigestAlgorithm::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
        DigestAlgorithm::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
        DigestAlgorithm::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        DigestAlgorithm::Streebog512 => {
            "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-512"
        }
        DigestAlgorithm::Gost94Test => "http://www.w3.org/2001/04/xmldsig-more#gost34311",
    }
}

impl XmlDigest {
    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            XmlDigest::Core(d) => d.digest(data),
            XmlDigest::Sha1 => {
                use sha1::Digest as _;
                sha1::Sha1::digest(data).to_vec()
            }
        }
    }
}

/// One Transform of a Reference (XMLDSig 1.1 §6.6); only these are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Transform<'a> {
    Enveloped,
    C14n(Method, Vec<&'a str>),
}

#[derive(Debug)]
struct Reference<'a, 'i> {
    uri: &'a str,
    kind: Option<&'a str>,
    transforms: Vec<Transform<'a>>,
    digest: XmlDigest,
    digest_value: Vec<u8>,
    _node: Node<'a, 'i>,
}

#[derive(Debug)]
struct ParsedSignature<'a, 'i> {
    signed_info: Node<'a, 'i>,
    c14n: Method,
    c14n_prefixes: Vec<&'a str>,
    method: XmlSignatureMethod,
    value: Vec<u8>,
    references: Vec<Reference<'a, 'i>>,
    certificates: Vec<Vec<u8>>,
    signing_time: Option<&'a str>,
}

fn is_ds(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(DSIG_NS)
        && node.tag_name().name() == local
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(|c| c.is_element())
}

/// The text of an element (all its text children; a child element is refused).
fn text_of(node: Node<'_, '_>) -> Result<String, Error> {
    let mut out = String::new();
    for c in node.children() {
        if c.is_element() {
            return Err(refused(
                "ds:Signature",
                format!("{} holds an element", path_of(node)),
            ));
        }
        if c.is_text() {
            out.push_str(c.text().unwrap_or(""));
        }
    }
    Ok(out)
}

/// Base64 of an element's text (whitespace, including `&#13;` line breaks, ignored): the
/// crate's one base64 reader.
fn base64_of(node: Node<'_, '_>, max: usize) -> Result<Vec<u8>, Error> {
    crate::encoding::decode_base64(&text_of(node)?, max)
}

fn algorithm_of<'a>(node: Node<'a, '_>) -> Result<&'a str, Error> {
    node.attribute("Algorithm").ok_or_else(|| {
        refused(
            "ds:Signature",
            format!("{} without Algorithm", path_of(node)),
        )
    })
}

/// exclusive C14N's `<ec:InclusiveNamespaces PrefixList="…"/>`.
fn prefix_list<'a>(method: Node<'a, '_>) -> Vec<&'a str> {
    elements(method)
        .filter(|c| {
            c.tag_name().namespace() == Some(EXC_C14N_NS)
                && c.tag_name().name() == "InclusiveNamespaces"
        })
        .flat_map(|c| {
            c.attribute("PrefixList")
                .unwrap_or("")
                .split_ascii_whitespace()
        })
        .collect()
}

fn parse_signature<'a, 'i>(sig: Node<'a, 'i>) -> Result<ParsedSignature<'a, 'i>, Error> {
    let bad = |d: &str| refused("ds:Signature", d.to_owned());
    let mut kids = elements(sig);
    let signed_info = kids
        .next()
        .filter(|n| is_ds(*n, "SignedInfo"))
        .ok_or_else(|| bad("the first child is not ds:SignedInfo"))?;
    let value_node = kids
        .next()
        .filter(|n| is_ds(*n, "SignatureValue"))
        .ok_or_else(|| bad("ds:SignatureValue missing"))?;
    let mut certificates = Vec::new();
    let mut signing_time = None;
    for k in kids {
        if is_ds(k, "KeyInfo") {
            for x in elements(k).filter(|n| is_ds(*n, "X509Data")) {
                for c in elements(x).filter(|n| is_ds(*n, "X509Certificate")) {
                    if certificates.len() >= 8 {
                        return Err(bad("more than 8 certificates in KeyInfo"));
                    }
                    certificates.push(base64_of(c, MAX_CERTIFICATE_SIZE)?);
                }
            }
        } else if is_ds(k, "Object") {
            // XAdES SigningTime (the signer's claim; ETSI EN 319 132-1 §5.2.1).
            signing_time = k
                .descendants()
                .find(|n| n.is_element() && n.tag_name().name() == "SigningTime")
                .and_then(|n| n.text());
        } else {
            return Err(bad("unexpected child of ds:Signature"));
        }
    }
    let mut si = elements(signed_info);
    let c14n_node = si
        .next()
        .filter(|n| is_ds(*n, "CanonicalizationMethod"))
        .ok_or_else(|| bad("ds:CanonicalizationMethod missing"))?;
    let c14n_uri = algorithm_of(c14n_node)?;
    let c14n = Method::from_uri(c14n_uri).ok_or_else(|| Error::UnsupportedAlgorithm {
        algorithm: c14n_uri.to_owned(),
    })?;
    let method_node = si
        .next()
        .filter(|n| is_ds(*n, "SignatureMethod"))
        .ok_or_else(|| bad("ds:SignatureMethod missing"))?;
    let method_uri = algorithm_of(method_node)?;
    let method = signature_method(method_uri).ok_or_else(|| Error::UnsupportedAlgorithm {
        algorithm: method_uri.to_owned(),
    })?;
    let mut references = Vec::new();
    for r in si {
        if !is_ds(r, "Reference") {
            return Err(bad("unexpected child of ds:SignedInfo"));
        }
        if references.len() >= MAX_XML_REFERENCES {
            return Err(Error::TooLarge {
                what: "ds:Reference elements",
                size: references.len() + 1,
                limit: MAX_XML_REFERENCES,
            });
        }
        let uri = r
            .attribute("URI")
            .ok_or_else(|| bad("a ds:Reference without URI"))?;
        let mut parts = elements(r).peekable();
        let mut transforms = Vec::new();
        if let Some(t) = parts.next_if(|n| is_ds(*n, "Transforms")) {
            for tr in elements(t) {
                if !is_ds(tr, "Transform") || transforms.len() >= MAX_XML_REFERENCES {
                    return Err(bad("unexpected ds:Transforms content"));
                }
                let alg = algorithm_of(tr)?;
                transforms.push(if alg == ENVELOPED {
                    Transform::Enveloped
                } else if let Some(m) = Method::from_uri(alg) {
                    Transform::C14n(m, prefix_list(tr))
                } else {
                    return Err(Error::UnsupportedAlgorithm {
                        algorithm: format!("transform {alg}"),
                    });
                });
            }
        }
        let dm = parts
            .next()
            .filter(|n| is_ds(*n, "DigestMethod"))
            .ok_or_else(|| bad("ds:DigestMethod missing"))?;
        let dm_uri = algorithm_of(dm)?;
        let digest = digest_method(dm_uri).ok_or_else(|| Error::UnsupportedAlgorithm {
            algorithm: dm_uri.to_owned(),
        })?;
        let dv = parts
            .next()
            .filter(|n| is_ds(*n, "DigestValue"))
            .ok_or_else(|| bad("ds:DigestValue missing"))?;
        if parts.next().is_some() {
            return Err(bad("unexpected child of ds:Reference"));
        }
        references.push(Reference {
            uri,
            kind: r.attribute("Type"),
            transforms,
            digest,
            digest_value: base64_of(dv, 128)?,
            _node: r,
        });
    }
    if references.is_empty() {
        return Err(bad("no ds:Reference"));
    }
    Ok(ParsedSignature {
        signed_info,
        c14n,
        c14n_prefixes: prefix_list(c14n_node),
        method,
        value: base64_of(value_node, 1024)?,
        references,
        certificates,
        signing_time,
    })
}

/// What one Reference covers, once its URI and place are accepted.
enum Covered<'a, 'i> {
    /// The document element (the one document Reference).
    Document(Subset<'a, 'i>),
    /// XAdES SignedProperties inside the same Signature.
    SignedProperties(Node<'a, 'i>),
}

/// The Reference rules (see the module documentation): the accepted target, or a refusal.
fn covered<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    sig: Node<'a, 'i>,
    r: &Reference<'_, '_>,
) -> Result<Covered<'a, 'i>, String> {
    let root = doc.root_element();
    if r.uri.is_empty() {
        return Ok(Covered::Document(Subset::Document));
    }
    let Some(id) = r.uri.strip_prefix('#') else {
        return Err(format!("Reference URI {:?} is not same-document", r.uri));
    };
    if id.starts_with("xpointer(") {
        return Err(format!(
            "Reference URI {:?}: XPointer is not accepted",
            r.uri
        ));
    }
    let Some(target) = super::element_by_id(doc, id) else {
        return Err(format!("Reference URI {:?}: no element has this ID", r.uri));
    };
    if target == root {
        return Ok(Covered::Document(Subset::Element(root)));
    }
    if r.kind == Some(XADES_SIGNED_PROPERTIES)
        && target.tag_name().name() == "SignedProperties"
        && target.ancestors().any(|a| a == sig)
    {
        return Ok(Covered::SignedProperties(target));
    }
    Err(format!(
        "Reference URI {:?} points to {}, not to the document element",
        r.uri,
        path_of(target)
    ))
}

/// The octets a Reference's digest is over (XMLDSig 1.1 §4.4.3.2: the node-set, the
/// transforms in order, then C14N 1.0 if still a node-set).
fn reference_octets(
    canon: &Canonicalizer<'_>,
    subset: Subset<'_, '_>,
    r: &Reference<'_, '_>,
    removed: &[Node<'_, '_>],
) -> Result<Vec<u8>, String> {
    let mut enveloped = false;
    let mut method = None;
    for t in &r.transforms {
        match t {
            Transform::Enveloped if method.is_none() && !enveloped => enveloped = true,
            Transform::C14n(m, p) if method.is_none() => method = Some((*m, p.clone())),
            _ => return Err("transforms out of order or repeated".to_owned()),
        }
    }
    let (method, prefixes) = method.unwrap_or((Method::Inclusive, Vec::new()));
    let removed: &[Node<'_, '_>] = if enveloped { removed } else { &[] };
    canon
        .canonicalize(subset, false, removed, method, &prefixes)
        .map_err(|e| e.to_string())
}

/// `r‖s` (XMLDSig 1.1 §6.4.3, [RFC 4050]) → `Ecdsa-Sig-Value` DER for the core.
///
/// [RFC 4050]: https://www.rfc-editor.org/rfc/rfc4050
fn ecdsa_der(fixed: &[u8]) -> Option<Vec<u8>> {
    if fixed.is_empty() || !fixed.len().is_multiple_of(2) {
        return None;
    }
    let (r, s) = fixed.split_at(fixed.len() / 2);
    let int = |v: &[u8]| {
        let v = match v.iter().position(|b| *b != 0) {
            Some(i) => &v[i..],
            None => &[0u8][..],
        };
        let mut c = Vec::with_capacity(v.len() + 1);
        if v[0] & 0x80 != 0 {
            c.push(0);
        }
        c.extend_from_slice(v);
        crate::encoding::tlv(0x02, &c)
    };
    Some(crate::encoding::tlv_parts(0x30, &[&int(r), &int(s)]))
}

fn verify_signed_info(
    p: &ParsedSignature<'_, '_>,
    cert: &Certificate,
    message: &[u8],
    backend: &dyn crate::algorithm::SignatureBackend,
) -> Result<String, Error> {
    match p.method {
        XmlSignatureMethod::Core(alg) => {
            let value = match alg {
                SignatureAlgorithm::EcdsaP256Sha256 | SignatureAlgorithm::EcdsaP384Sha384 => {
                    ecdsa_der(&p.value).ok_or(Error::BadSignature)?
                }
                _ => p.value.clone(),
            };
            crate::algorithm::verify(alg, cert.spki(), message, &value, backend)
                .map(|a| a.name().to_owned())
        }
        XmlSignatureMethod::RsaSha1 => {
            let crate::algorithm::PublicKey::Rsa(key, _) =
                crate::algorithm::parse_spki(cert.spki())?
            else {
                return Err(Error::malformed(
                    "SubjectPublicKeyInfo",
                    "key type does not fit rsa-sha1",
                ));
            };
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
                key,
            )
            .verify(message, &p.value)
            .map_err(|_| Error::BadSignature)?;
            Ok("RSA PKCS#1 v1.5 SHA-1".to_owned())
        }
    }
}

/// Verify every enveloped XML signature of `xml` with `verifier`: see [`Verifier::verify_xml`].
pub fn verify_xml(
    verifier: &Verifier,
    xml: &[u8],
    options: &VerifyOptions<'_>,
) -> Result<Report, Error> {
    verifier.verify_xml(xml, options)
}

impl Verifier {
    /// Verify every enveloped XML signature (`ds:Signature` children of the document
    /// element) of `xml`: Reference rules and digests, SignedInfo signature, then the
    /// signer certificate's path, revocation and key usage — the same stages as for a CMS
    /// envelope. One [`SignerReport`] per signature, in document order, each saying which
    /// element it covers.
    ///
    /// Errors (nothing verified) for XML refused before any work ([`super::parse`]: DTD,
    /// limits, not well-formed), duplicate IDs, a document without signatures or with more
    /// than [`MAX_XML_SIGNATURES`]. Everything else is a finding.
    ///
    /// Only signature, path and revocation are checked ([`DocumentKind::Any`]): the
    /// request / result rules apply to the covered element once it is read as a document.
    pub fn verify_xml(&self, xml: &[u8], options: &VerifyOptions<'_>) -> Result<Report, Error> {
        self.verify_xml_as(xml, DocumentKind::Any, options, &|_| {
            Err(Error::Config {
                detail: "no document reader for DocumentKind::Any".into(),
            })
        })
    }

    /// [`Verifier::verify_xml`] for a signed document of `kind`: the signer's key usage is
    /// the policy's for documents, and the document element — read by `read` (the XML form
    /// of the request / result / receipt model) only when a signature covers it, so the
    /// document rules apply to signed content only — gets the CMS identity rules (the
    /// document's signer, IIN / BIN / role, the binding to `options.request_envelope`).
    /// `read` must skip the `ds:Signature` children of the element.
    pub fn verify_xml_as(
        &self,
        xml: &[u8],
        kind: DocumentKind,
        options: &VerifyOptions<'_>,
        read: &dyn Fn(Node<'_, '_>) -> Result<Document, Error>,
    ) -> Result<Report, Error> {
        let request_der = match options.request_envelope {
            Some(req) => Some(
                crate::encoding::decode_der_blobs(req, "CMS", crate::limits::MAX_ENVELOPE_SIZE)?
                    .into_iter()
                    .next()
                    .ok_or_else(|| Error::malformed("request envelope", "empty"))?,
            ),
            None => None,
        };
        let text = super::text(xml)?;
        let doc = super::parse(text)?;
        super::check_ids(&doc)?;
        let canon = Canonicalizer::new(text, &doc)?;
        let root = doc.root_element();

        let all: Vec<Node<'_, '_>> = doc
            .descendants()
            .filter(|n| is_ds(*n, "Signature"))
            .collect();
        if all.is_empty() {
            return Err(refused("XML", "no ds:Signature element"));
        }
        if all.len() > MAX_XML_SIGNATURES {
            return Err(Error::TooLarge {
                what: "ds:Signature elements",
                size: all.len(),
                limit: MAX_XML_SIGNATURES,
            });
        }
        // The sequential co-signatures: ds:Signature children of the document element.
        let siblings: Vec<Node<'_, '_>> =
            elements(root).filter(|n| is_ds(*n, "Signature")).collect();

        let mut findings = Vec::new();
        // Unsigned content inside the covered element (outside the signatures).
        let mut stack: Vec<Node<'_, '_>> = root.children().collect();
        while let Some(n) = stack.pop() {
            if siblings.contains(&n) {
                continue;
            }
            if n.is_comment() || n.is_pi() {
                findings.push(Finding::new(
                    Code::XmlUnsignedContent,
                    format!(
                        "a {} inside {} is not covered by its signatures",
                        if n.is_comment() {
                            "comment"
                        } else {
                            "processing instruction"
                        },
                        n.parent().map(path_of).unwrap_or_default()
                    ),
                ));
                break;
            }
            stack.extend(n.children());
        }

        let mut signers = Vec::with_capacity(all.len());
        let mut certs = Vec::with_capacity(all.len());
        for sig in &all {
            let (s, cert) = self.verify_one(&doc, &canon, *sig, &siblings, kind, options);
            signers.push(s);
            certs.push(cert);
        }

        // The document: only the covered element is read, only when a signature covers it.
        let mut document = None;
        if kind != DocumentKind::Any {
            let root_path = path_of(root);
            if signers
                .iter()
                .any(|s| s.covers.as_deref() == Some(root_path.as_str()))
            {
                match read(root) {
                    Ok(d) => document = Some(d),
                    Err(e) => findings.push(Finding::new(e.document_code(), format!("{e}"))),
                }
            } else {
                findings.push(Finding::new(
                    Code::XmlReferenceRefused,
                    "no signature covers the document element: the document is not read",
                ));
            }
        }
        let cert_refs: Vec<Option<&Certificate>> = certs.iter().map(Option::as_ref).collect();
        let (primary, identity) =
            self.document_signer(document.as_ref(), &cert_refs, request_der.as_deref());
        if let Some(s) = signers.get_mut(primary) {
            s.findings.extend(identity);
        }

        let mut report = Report {
            indication: Indication::Indeterminate,
            findings: Vec::new(),
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            verification_time: String::new(),
            signature_algorithm: None,
            envelope_sha256: EnvelopeDigest::of(xml.to_vec()),
            document: None,
            signers: Vec::with_capacity(signers.len()),
            timestamp: None,
            revocation: Vec::new(),
        };
        let mut all_findings = findings;
        for (i, mut s) in signers.into_iter().enumerate() {
            s.index = i;
            s.document_signer = i == primary;
            s.indication = Report::indication_of(&s.findings);
            if i == primary {
                all_findings.extend(s.findings.iter().cloned());
                report.signer = s.signer.clone();
                report.chain = s.chain.clone();
                report.signing_time = s.signing_time.clone();
                report.verification_time = s.verification_time.clone();
                report.signature_algorithm = s.signature_algorithm.clone();
                report.revocation = s.revocation.clone();
            } else {
                all_findings.extend(s.findings.iter().map(|f| {
                    let mut f = f.clone();
                    f.detail = format!("signer #{i}: {}", f.detail);
                    f.signer = Some(i);
                    f
                }));
            }
            report.signers.push(s);
        }
        report.indication = Report::indication_of(&all_findings);
        report.findings = all_findings;
        report.document = document;
        report.name_signer();
        Ok(report)
    }

    fn verify_one(
        &self,
        doc: &roxmltree::Document<'_>,
        canon: &Canonicalizer<'_>,
        sig: Node<'_, '_>,
        siblings: &[Node<'_, '_>],
        kind: DocumentKind,
        options: &VerifyOptions<'_>,
    ) -> (SignerReport, Option<Certificate>) {
        let mut findings = Vec::new();
        let mut s = SignerReport {
            index: 0,
            indication: Indication::Indeterminate,
            findings: Vec::new(),
            document_signer: false,
            signer: None,
            chain: Vec::new(),
            signing_time: None,
            verification_time: String::new(),
            signature_algorithm: None,
            timestamp: None,
            revocation: Vec::new(),
            covers: None,
        };
        let root = doc.root_element();
        let refuse = |findings: &mut Vec<Finding>, detail: String| {
            findings.push(Finding::new(
                Code::XmlReferenceRefused,
                format!("ds:Signature at {}: {detail}", path_of(sig)),
            ));
        };
        let parsed = match parse_signature(sig) {
            Ok(p) => p,
            Err(e) => {
                findings.push(Finding::new(
                    e.finding_code(),
                    format!("ds:Signature at {}: {e}", path_of(sig)),
                ));
                s.findings = findings;
                s.verification_time = asn1::rfc3339(Time::now_utc().unix_timestamp());
                return (s, None);
            }
        };
        s.signing_time = parsed.signing_time.map(str::to_owned);
        let Some(position) = siblings.iter().position(|n| *n == sig) else {
            refuse(
                &mut findings,
                "not a child of the document element (where enveloped signatures are)".into(),
            );
            s.findings = findings;
            s.verification_time = asn1::rfc3339(Time::now_utc().unix_timestamp());
            return (s, None);
        };
        // Itself and the later co-signatures are not part of what it signed.
        let removed: Vec<Node<'_, '_>> = siblings[position..].to_vec();

        // References.
        let mut document_refs = 0usize;
        let mut weak = matches!(parsed.method, XmlSignatureMethod::RsaSha1);
        for r in &parsed.references {
            weak |= r.digest == XmlDigest::Sha1;
            let target = match covered(doc, sig, r) {
                Ok(t) => t,
                Err(detail) => {
                    refuse(&mut findings, detail);
                    continue;
                }
            };
            let octets = match target {
                Covered::Document(subset) => {
                    document_refs += 1;
                    if !r.transforms.contains(&Transform::Enveloped) {
                        refuse(
                            &mut findings,
                            "the document Reference has no enveloped-signature transform".into(),
                        );
                        continue;
                    }
                    s.covers = Some(path_of(root));
                    reference_octets(canon, subset, r, &removed)
                }
                Covered::SignedProperties(node) => {
                    reference_octets(canon, Subset::Element(node), r, &[])
                }
            };
            match octets {
                Ok(o) => {
                    let d = r.digest.digest(&o);
                    if !bool::from(subtle::ConstantTimeEq::ct_eq(&d[..], &r.digest_value[..])) {
                        findings.push(Finding::new(
                            Code::DigestMismatch,
                            format!("Reference URI {:?}: DigestValue does not match", r.uri),
                        ));
                    }
                }
                Err(e) => findings.push(Finding::new(
                    Code::Malformed,
                    format!("Reference URI {:?}: {e}", r.uri),
                )),
            }
        }
        if document_refs != 1 {
            refuse(
                &mut findings,
                format!("{document_refs} References cover the document element (one required)"),
            );
            s.covers = None;
        }
        if weak {
            findings.push(Finding::new(
                Code::XmlWeakAlgorithm,
                "SHA-1 in SignatureMethod or DigestMethod",
            ));
        }

        // The signer certificate: the first X509Certificate (as KalkanCrypt writes it).
        let mut certs = Vec::new();
        for (i, der) in parsed.certificates.iter().enumerate() {
            match Certificate::from_der(der) {
                Ok(c) => certs.push(c),
                Err(e) => findings.push(Finding::new(
                    e.finding_code(),
                    format!("KeyInfo certificate #{i}: {e}"),
                )),
            }
        }
        let time = match options.time {
            VerificationTime::SigningTime | VerificationTime::Timestamp => {
                findings.push(Finding::new(
                    Code::SigningTimeMissing,
                    "an XML signature carries no signed signingTime proven by a time-stamp",
                ));
                Time::now_utc()
            }
            other => other.resolve(None).unwrap_or_else(Time::now_utc),
        };
        s.verification_time = asn1::rfc3339(time.unix_timestamp());
        let Some(cert) = certs.first() else {
            findings.push(Finding::new(
                Code::SignerCertMissing,
                "no X509Certificate in KeyInfo",
            ));
            s.findings = findings;
            return (s, None);
        };
        s.signer = Some(cert.summary());

        match canon.canonicalize(
            Subset::Element(parsed.signed_info),
            true,
            &[],
            parsed.c14n,
            &parsed.c14n_prefixes,
        ) {
            Ok(message) => {
                match verify_signed_info(&parsed, cert, &message, options.signature_backend) {
                    Ok(name) => s.signature_algorithm = Some(name),
                    Err(e) => findings.push(Finding::new(
                        e.finding_code(),
                        format!("SignatureValue: {e}"),
                    )),
                }
            }
            Err(e) => findings.push(Finding::new(Code::Malformed, format!("SignedInfo: {e}"))),
        }

        let carried: Vec<&Certificate> = certs.iter().skip(1).collect();
        let (f, chain, revocation) = self.check_signer_certificate(
            cert,
            &carried,
            kind,
            time.unix_timestamp(),
            options.signature_backend,
        );
        findings.extend(f);
        s.chain = chain;
        s.revocation = revocation;
        s.findings = findings;
        let cert = certs.into_iter().next();
        (s, cert)
    }
}

/// Options of [`sign_xml`].
#[derive(Debug, Clone, Copy)]
pub struct XmlSignOptions {
    /// The canonicalization of SignedInfo and of the document Reference (KalkanCrypt:
    /// inclusive C14N 1.0 without comments).
    pub canonicalization: Method,
    /// Reference the document element by its ID (`URI="#id"`, the element's `Id` / `ID` /
    /// `id`) instead of `URI=""` (the default, as KalkanCrypt does).
    pub by_id: bool,
}

impl Default for XmlSignOptions {
    fn default() -> Self {
        XmlSignOptions {
            canonicalization: Method::Inclusive,
            by_id: false,
        }
    }
}

/// Sign `xml` with `key` (RSA, ECDSA, GOST-2004, GOST-2015: [`SigningKey`]) and its
/// certificate `cert` (DER), appending one enveloped `ds:Signature` (`URI=""`,
/// enveloped-signature + `options.canonicalization`) as the last child of the document
/// element. Signing an already signed document adds a sibling signature whose digest
/// covers the earlier ones (KalkanCrypt's sequential co-signing); the existing signatures
/// are not checked here (verify first).
///
/// Errors: the XML is refused ([`super::parse`]); the key does not match the certificate
/// ([`Error::CertificateKeyMismatch`]); an algorithm without an XML URI.
pub fn sign_xml(
    xml: &[u8],
    key: &SigningKey,
    cert: &[u8],
    options: &XmlSignOptions,
) -> Result<String, Error> {
    let text = super::text(xml)?;
    let doc = super::parse(text)?;
    super::check_ids(&doc)?;
    let certificate = Certificate::from_der(cert)?;
    if !key.matches_spki(certificate.spki()) {
        return Err(Error::CertificateKeyMismatch);
    }
    let alg = key.algorithm();
    let method_uri = signature_method_uri(alg)?;
    let method = options.canonicalization;
    if method.with_comments() {
        return Err(Error::Config {
            detail: "a with-comments canonicalization signs no comments for URI=\"\"; use the method without comments".into(),
        });
    }
    // The digest over the document as it is now = the document with the new signature
    // removed by its enveloped-signature transform.
    let canon = Canonicalizer::new(text, &doc)?;
    let (uri, subset) = if options.by_id {
        let root = doc.root_element();
        let id = super::id_of(root)
            .ok_or_else(|| refused("XML", "the document element has no ID attribute"))?;
        (format!("#{id}"), Subset::Element(root))
    } else {
        (String::new(), Subset::Document)
    };
    if uri.contains(['"', '<', '&']) {
        return Err(refused("XML", "an ID with markup characters"));
    }
    let octets = canon.canonicalize(subset, false, &[], method, &[])?;
    let digest_alg = alg.digest();
    let digest = digest_alg.digest(&octets);
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let signed_info = format!(
        "<ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"{c}\"/>\
         <ds:SignatureMethod Algorithm=\"{m}\"/><ds:Reference URI=\"{uri}\"><ds:Transforms>\
         <ds:Transform Algorithm=\"{ENVELOPED}\"/><ds:Transform Algorithm=\"{c}\"/>\
         </ds:Transforms><ds:DigestMethod Algorithm=\"{d}\"/><ds:DigestValue>{v}</ds:DigestValue>\
         </ds:Reference></ds:SignedInfo>",
        c = method.uri(),
        m = method_uri,
        d = digest_uri(digest_alg),
        v = b64(&digest),
    );
    let before = |value: &str| {
        format!(
            "<ds:Signature xmlns:ds=\"{DSIG_NS}\">{signed_info}<ds:SignatureValue>{value}\
             </ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}\
             </ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>",
            b64(cert)
        )
    };
    let root = doc.root_element();
    let range = root.range();
    let element_text = text
        .get(range.clone())
        .ok_or_else(|| refused("XML", "document element range"))?;
    let insert = |sig: &str| -> Result<String, Error> {
        let mut out = String::with_capacity(text.len() + sig.len() + 64);
        if root.has_children() {
            let close = element_text
                .rfind("</")
                .ok_or_else(|| refused("XML", "no end tag of the document element"))?;
            out.push_str(&text[..range.start + close]);
            out.push_str(sig);
            out.push_str(&text[range.start + close..]);
        } else {
            // `<root .../>` becomes `<root ...>signature</root>`.
            let head = element_text
                .strip_suffix("/>")
                .ok_or_else(|| refused("XML", "empty document element"))?;
            out.push_str(&text[..range.start]);
            out.push_str(head.trim_end());
            out.push('>');
            out.push_str(sig);
            out.push_str(&format!("</{}>", super::qualified_name(root)));
            out.push_str(&text[range.end..]);
        }
        Ok(out)
    };
    // SignedInfo is canonicalized where it will stand (it inherits the namespaces in scope).
    let draft = insert(&before(""))?;
    let draft_doc = super::parse(&draft)?;
    let draft_canon = Canonicalizer::new(&draft, &draft_doc)?;
    let si = draft_doc
        .descendants()
        .rfind(|n| is_ds(*n, "SignedInfo"))
        .ok_or_else(|| refused("XML", "SignedInfo lost"))?;
    let message = draft_canon.canonicalize(Subset::Element(si), true, &[], method, &[])?;
    let mut value = key.sign(&message)?;
    if matches!(
        alg,
        SignatureAlgorithm::EcdsaP256Sha256 | SignatureAlgorithm::EcdsaP384Sha384
    ) {
        let check = crate::algorithm::SignatureCheck {
            algorithm: alg,
            spki: certificate.spki(),
            message: &message,
            signature: &value,
        };
        value = check.ecdsa_fixed_signature().ok_or_else(|| Error::Crypto {
            detail: "ECDSA signature not in Ecdsa-Sig-Value form".into(),
        })?;
    }
    insert(&before(&b64(&value)))
}
