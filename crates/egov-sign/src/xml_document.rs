//! Signed documents in either form — CMS `SignedData` ([RFC 5652]) or enveloped XMLDSig
//! (W3C XML Signature 1.1) — behind one entry point, so the CLI and the bindings hold no
//! detection, reading or signing logic of their own.
//!
//! - [`is_xml`]: the one rule telling XML from CMS (DER, PEM, base64) by content.
//! - [`Verifier::verify_any`]: verify either form as a document of a given kind; for XML
//!   the covered document element is read with the XML form of the model
//!   ([`Document::from_xml_element`]) only when a signature covers it
//!   ([`Verifier::verify_xml_as`]).
//! - [`sign_document_xml`]: a request / result document (JSON or XML, validated first) →
//!   its XML form ([`Request::to_xml`]) → one more enveloped signature
//!   ([`crate::xml::sign_xml`]); an already signed XML document gets a sequential
//!   co-signature that covers the earlier ones (KalkanCrypt's convention).
//!
//! [RFC 5652]: https://www.rfc-editor.org/rfc/rfc5652

use crate::algorithm::SigningKey;
use crate::document::{Document, Request, ResultDocument};
use crate::iin::ChecksumPolicy;
use crate::report::Report;
use crate::verifier::{DocumentKind, Verifier, VerifyOptions};
use crate::xml::XmlSignOptions;
use crate::Error;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// True when `input` is XML: its first byte that is not XML white space (after an optional
/// UTF-8 byte order mark) is `<`. A CMS envelope never is: DER starts with `0x30`, PEM with
/// `-----BEGIN`, base64 with a letter, digit, `+` or `/`.
pub fn is_xml(input: &[u8]) -> bool {
    let rest = input.strip_prefix(BOM).unwrap_or(input);
    rest.iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .is_some_and(|b| *b == b'<')
}

/// The kind of a document by the local name of its XML document element: `request`,
/// `result`, anything else [`DocumentKind::Any`]. Errors when `xml` is refused by
/// [`crate::xml::parse`].
pub fn xml_kind(xml: &[u8]) -> Result<DocumentKind, Error> {
    let text = crate::xml::text(xml)?;
    let doc = crate::xml::parse(text)?;
    let root = doc.root_element();
    Ok(
        match (root.tag_name().namespace(), root.tag_name().name()) {
            (Some(crate::document::xml::NAMESPACE), "request") => DocumentKind::Request,
            (Some(crate::document::xml::NAMESPACE), "result") => DocumentKind::Result,
            _ => DocumentKind::Any,
        },
    )
}

impl Verifier {
    /// Verify a signed XML document as `kind`: [`Verifier::verify_xml_as`] with the XML
    /// reader of the request / result model under the verifier's checksum policy. A
    /// document element of the other kind is a finding (`DOCUMENT_INVALID`), never
    /// silently read as the kind it claims. [`DocumentKind::Receipt`] has no XML form:
    /// an error ([`Error::Config`]).
    pub fn verify_xml_document(
        &self,
        xml: &[u8],
        kind: DocumentKind,
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        let policy = self.policy().checksum;
        match kind {
            DocumentKind::Any => self.verify_xml(xml, options),
            DocumentKind::Request => self.verify_xml_as(xml, kind, options, &|n| {
                Request::from_xml_element(n, policy).map(Document::Request)
            }),
            DocumentKind::Result => self.verify_xml_as(xml, kind, options, &|n| {
                ResultDocument::from_xml_element(n, policy).map(Document::Result)
            }),
            DocumentKind::Receipt => Err(Error::Config {
                detail: "a receipt has no XML form: verify its CMS envelope".into(),
            }),
        }
    }

    /// Verify `input` — a signed XML document ([`is_xml`]) or a CMS envelope (DER, PEM or
    /// base64) — expecting `kind` content, with the same options and the same report.
    pub fn verify_any(
        &self,
        input: &[u8],
        kind: DocumentKind,
        options: &VerifyOptions<'_>,
    ) -> Result<Report, Error> {
        if is_xml(input) {
            self.verify_xml_document(input, kind, options)
        } else {
            self.verify_envelope_as(input, kind, options)
        }
    }
}

/// Sign a document as XML: `input` is a request / result document (`kind`), as JSON or as
/// XML (signed or not), validated under `policy` first. JSON becomes the XML form
/// ([`Request::to_xml`]); XML is signed as it is, so an already signed document gets one
/// more sibling `ds:Signature` covering the earlier ones (sequential co-signing; verify
/// the earlier ones first). With [`DocumentKind::Any`], `input` must be XML and is not
/// read as a document. Returns the signed XML.
///
/// Errors: the document is invalid ([`Error::XmlDocument`], the JSON errors), the XML is
/// refused, a receipt (no XML form), or [`crate::xml::sign_xml`]'s errors.
pub fn sign_document_xml(
    input: &[u8],
    kind: DocumentKind,
    key: &SigningKey,
    cert: &[u8],
    policy: ChecksumPolicy,
    options: &XmlSignOptions,
) -> Result<String, Error> {
    let xml = if is_xml(input) {
        match kind {
            DocumentKind::Request => {
                Request::from_xml(input, policy)?;
            }
            DocumentKind::Result => {
                ResultDocument::from_xml(input, policy)?;
            }
            DocumentKind::Any => {}
            DocumentKind::Receipt => return Err(no_receipt_xml()),
        }
        None
    } else if kind == DocumentKind::Any {
        return Err(Error::Config {
            detail: "arbitrary content is signed as XML only when it is XML".into(),
        });
    } else {
        Some(document_to_xml(input, kind, policy)?)
    };
    crate::xml::sign_xml(xml.as_deref().unwrap_or(input), key, cert, options)
}

/// The XML form of a request / result document given as JSON (`kind`), validated under
/// `policy` first ([`Request::to_xml`], [`ResultDocument::to_xml`]).
///
/// Errors: the JSON errors of the document, and [`Error::Config`] for a receipt (no XML
/// form) or [`DocumentKind::Any`] (no document model).
pub fn document_to_xml(
    json: &[u8],
    kind: DocumentKind,
    policy: ChecksumPolicy,
) -> Result<Vec<u8>, Error> {
    match kind {
        DocumentKind::Request => Request::from_json(json, policy)?.to_xml(),
        DocumentKind::Result => ResultDocument::from_json(json, policy)?.to_xml(),
        DocumentKind::Receipt => Err(no_receipt_xml()),
        DocumentKind::Any => Err(Error::Config {
            detail: "only a request or a result has an XML form".into(),
        }),
    }
}

fn no_receipt_xml() -> Error {
    Error::Config {
        detail: "a receipt has no XML form: sign it as CMS".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_xml_by_content() {
        assert!(is_xml(b"<a/>"));
        assert!(is_xml(b"\xEF\xBB\xBF \r\n\t<?xml version=\"1.0\"?><a/>"));
        assert!(!is_xml(b"\x30\x82\x01\x00"));
        assert!(!is_xml(b"-----BEGIN CMS-----\n"));
        assert!(!is_xml(b"MIIB"));
        assert!(!is_xml(b""));
        assert!(!is_xml(b"   "));
        // A BOM is skipped once, and only at the start.
        assert!(!is_xml(b" \xEF\xBB\xBF<a/>"));
    }
}
