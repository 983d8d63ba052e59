//! XML signatures (W3C XML Signature Syntax and Processing 1.1,
//! <https://www.w3.org/TR/xmldsig-core1/>) as NCALayer's `signXml` and KalkanCrypt's
//! `SignXML` make them: enveloped `ds:Signature`s, one per signer, siblings under the
//! document element.
//!
//! ```text
//! bytes → parse       size, UTF-8, no DTD (XXE / billion laughs), nodes, depth,
//!                     attributes, namespace declarations (limits.rs); unique IDs
//!       → c14n        C14N 1.0 inclusive ± comments, exclusive C14N (bergshamra-c14n),
//!                     over the same bytes, cross-checked against the roxmltree tree
//!       → dsig        each ds:Signature: place, Reference rules (wrapping-proof),
//!                     digests, SignedInfo signature (algorithm/)
//!       → verifier    the signer certificate's path, revocation, key usage (the CMS stages)
//! ```
//!
//! One XML reader in the crate: [`parse`] (roxmltree with `allow_dtd: false`).

pub mod c14n;
pub mod dsig;

pub use dsig::{sign_xml, verify_xml, XmlSignOptions};
/// The XML tree type of the document readers given to [`crate::verifier::Verifier::verify_xml_as`].
pub use roxmltree;

use crate::limits::{
    MAX_XML_ATTRIBUTES, MAX_XML_DEPTH, MAX_XML_NAMESPACES, MAX_XML_NODES, MAX_XML_SIZE,
};
use crate::Error;

/// The XMLDSig namespace (XMLDSig 1.1 §4.0.1).
pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

fn refused(what: &'static str, detail: impl core::fmt::Display) -> Error {
    Error::Xml {
        what,
        detail: detail.to_string(),
    }
}

/// The document text: UTF-8 (a UTF-8 byte-order mark is skipped), at most
/// [`MAX_XML_SIZE`] bytes. Other encodings are refused (XML 1.0 §4.3.3: a document without
/// an encoding declaration is UTF-8; an `encoding` other than UTF-8 is refused by
/// roxmltree's own check of the declaration).
pub fn text(bytes: &[u8]) -> Result<&str, Error> {
    if bytes.len() > MAX_XML_SIZE {
        return Err(Error::TooLarge {
            what: "XML document",
            size: bytes.len(),
            limit: MAX_XML_SIZE,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    core::str::from_utf8(bytes).map_err(|e| refused("XML", format!("not UTF-8: {e}")))
}

/// Parse an XML document, refusing hostile input before any work on it:
///
/// - a DTD (`<!DOCTYPE`), hence every entity declaration: XXE and billion-laughs documents
///   are refused, nothing is read or expanded (roxmltree `allow_dtd: false`);
/// - more than [`MAX_XML_NODES`] nodes (checked while parsing);
/// - elements nested deeper than [`MAX_XML_DEPTH`], with more than [`MAX_XML_ATTRIBUTES`]
///   attributes or more than [`MAX_XML_NAMESPACES`] namespaces in scope.
pub fn parse(text: &str) -> Result<roxmltree::Document<'_>, Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        entity_resolver: None,
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => refused(
            "XML",
            "a DTD (<!DOCTYPE>) is not accepted: no entities, no external references",
        ),
        roxmltree::Error::NodesLimitReached => Error::TooLarge {
            what: "XML nodes",
            size: MAX_XML_NODES as usize + 1,
            limit: MAX_XML_NODES as usize,
        },
        other => refused("XML", other),
    })?;
    check_structure(&doc)?;
    Ok(doc)
}

/// Depth, attribute and namespace limits, iteratively (no recursion on input depth).
fn check_structure(doc: &roxmltree::Document<'_>) -> Result<(), Error> {
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if node.is_element() {
            if depth > MAX_XML_DEPTH {
                return Err(Error::TooLarge {
                    what: "XML element depth",
                    size: depth,
                    limit: MAX_XML_DEPTH,
                });
            }
            let attrs = node.attributes().len();
            if attrs > MAX_XML_ATTRIBUTES {
                return Err(Error::TooLarge {
                    what: "XML attributes of one element",
                    size: attrs,
                    limit: MAX_XML_ATTRIBUTES,
                });
            }
            // Namespaces in XML 1.0 §3: "The attribute value in a namespace declaration
            // for a prefix MUST NOT be empty" (undeclaring a prefix is XML 1.1 only).
            if let Some(p) = node
                .namespaces()
                .find(|n| n.name().is_some() && n.uri().is_empty())
            {
                return Err(refused(
                    "XML",
                    format!(
                        "the prefix {:?} is declared with an empty namespace name",
                        p.name().unwrap_or_default()
                    ),
                ));
            }
            let ns = node.namespaces().len();
            if ns > MAX_XML_NAMESPACES {
                return Err(Error::TooLarge {
                    what: "XML namespaces in scope",
                    size: ns,
                    limit: MAX_XML_NAMESPACES,
                });
            }
        }
        for child in node.children() {
            stack.push((child, depth + 1));
        }
    }
    Ok(())
}

/// The attributes that identify an element for `URI="#id"` References: `Id`, `ID` and
/// `id` without a namespace (as KalkanCrypt, xmlsec1 and XAdES use them).
pub const ID_ATTRIBUTES: [&str; 3] = ["Id", "ID", "id"];

/// The element's ID attribute value, if any (the first of [`ID_ATTRIBUTES`] present).
pub fn id_of<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    ID_ATTRIBUTES.iter().find_map(|name| node.attribute(*name))
}

/// Every ID in the document must be unique (and an element may carry only one ID
/// attribute): a duplicate makes `URI="#id"` ambiguous, the root of ID-based wrapping
/// attacks.
pub fn check_ids(doc: &roxmltree::Document<'_>) -> Result<(), Error> {
    // A set: a document may hold up to MAX_XML_NODES IDs (a linear scan would be quadratic).
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let ids: Vec<&str> = ID_ATTRIBUTES
            .iter()
            .filter_map(|name| node.attribute(*name))
            .collect();
        if ids.len() > 1 {
            return Err(refused(
                "XML",
                format!("element {} carries several ID attributes", path_of(node)),
            ));
        }
        if let Some(id) = ids.first() {
            if !seen.insert(id) {
                return Err(refused("XML", format!("duplicate ID {id:?}")));
            }
        }
    }
    Ok(())
}

/// The element whose ID is `id` (IDs are unique after [`check_ids`]).
pub fn element_by_id<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    id: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.is_element())
        .find(|n| id_of(*n) == Some(id))
}

/// The path of an element from the document element: `/request` for the document element,
/// `/request/data[1]` below it (qualified names as written, the position counting
/// same-named siblings from 1).
pub fn path_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(node);
    while let Some(n) = cur {
        if !n.is_element() {
            break;
        }
        let name = qualified_name(n);
        let parent_is_element = n.parent().is_some_and(|p| p.is_element());
        if parent_is_element {
            let pos = n
                .prev_siblings()
                .filter(|s| s.is_element() && s.tag_name() == n.tag_name())
                .count();
            parts.push(format!("{name}[{pos}]"));
        } else {
            parts.push(name);
        }
        cur = n.parent();
    }
    parts.reverse();
    format!("/{}", parts.join("/"))
}

/// `prefix:local` as written (or `local`).
pub fn qualified_name(node: roxmltree::Node<'_, '_>) -> String {
    let local = node.tag_name().name();
    match node
        .tag_name()
        .namespace()
        .and_then(|ns| node.lookup_prefix(ns))
    {
        Some(p) if !p.is_empty() => format!("{p}:{local}"),
        _ => local.to_owned(),
    }
}
