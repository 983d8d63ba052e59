//! Canonical XML for XML signatures: C14N 1.0 inclusive with and without comments
//! (<https://www.w3.org/TR/2001/REC-xml-c14n-20010315>) and Exclusive XML
//! Canonicalization 1.0 (<https://www.w3.org/TR/xml-exc-c14n/>, with the
//! `InclusiveNamespaces PrefixList`), over document subsets.
//!
//! The canonicalizer is the `bergshamra-c14n` crate (pure Rust, BSD-2-Clause, also the C14N
//! of the bergshamra XML-security library, tested against the xmlsec1 suite). It works on
//! trees of its own parser (`uppsala`), not on roxmltree's. The bridge:
//!
//! 1. the bytes are first parsed by [`super::parse`] (roxmltree, DTD refused, limits): a
//!    document that reaches uppsala has no DTD, hence no entity, no default attribute —
//!    nothing one parser could expand and the other not;
//! 2. uppsala parses the same text;
//! 3. both trees are compared node by node in document order (element names, namespaces,
//!    attributes with their normalized values, text, comments, processing instructions):
//!    any divergence refuses the document ([`Error::Xml`]). The signature checks (which
//!    element is signed, where the signature is, IDs) are made on the roxmltree tree, and
//!    element `i` of one tree is element `i` of the other — so what is canonicalized is
//!    what was checked, and a parser difference cannot be used to wrap a signature.

use bergshamra_c14n::C14nMode;
use bergshamra_xml::NodeSet;
use uppsala::{NodeId, NodeKind};

use crate::Error;

/// A canonicalization method (XMLDSig 1.1 §6.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `http://www.w3.org/TR/2001/REC-xml-c14n-20010315`
    Inclusive,
    /// `http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments`
    InclusiveWithComments,
    /// `http://www.w3.org/2001/10/xml-exc-c14n#`
    Exclusive,
    /// `http://www.w3.org/2001/10/xml-exc-c14n#WithComments`
    ExclusiveWithComments,
}

impl Method {
    /// The method of an Algorithm URI, or `None` (C14N 1.1 is not used by NCA tools and is
    /// refused).
    pub fn from_uri(uri: &str) -> Option<Method> {
        Some(match uri {
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" => Method::Inclusive,
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments" => {
                Method::InclusiveWithComments
            }
            "http://www.w3.org/2001/10/xml-exc-c14n#" => Method::Exclusive,
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments" => Method::ExclusiveWithComments,
            _ => return None,
        })
    }

    /// The Algorithm URI.
    pub fn uri(self) -> &'static str {
        match self {
            Method::Inclusive => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            Method::InclusiveWithComments => {
                "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
            }
            Method::Exclusive => "http://www.w3.org/2001/10/xml-exc-c14n#",
            Method::ExclusiveWithComments => "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        }
    }

    /// Whether comments are kept (in the node-set given).
    pub fn with_comments(self) -> bool {
        matches!(
            self,
            Method::InclusiveWithComments | Method::ExclusiveWithComments
        )
    }

    fn mode(self) -> C14nMode {
        match self {
            Method::Inclusive => C14nMode::Inclusive,
            Method::InclusiveWithComments => C14nMode::InclusiveWithComments,
            Method::Exclusive => C14nMode::Exclusive,
            Method::ExclusiveWithComments => C14nMode::ExclusiveWithComments,
        }
    }

    /// The names a caller chooses a signing canonicalization by (`FromStr`):
    /// "inclusive" (C14N 1.0, as KalkanCrypt signs) and "exclusive" (exc-C14N 1.0). A
    /// signature never keeps comments, so the `WithComments` methods have no name.
    pub const NAMES: &'static [&'static str] = &["inclusive", "exclusive"];
}

impl std::str::FromStr for Method {
    type Err = crate::UnknownName;

    /// "inclusive" or "exclusive" ([`Method::NAMES`]), as the CLI and the bindings take it.
    fn from_str(s: &str) -> Result<Method, crate::UnknownName> {
        match s {
            "inclusive" => Ok(Method::Inclusive),
            "exclusive" => Ok(Method::Exclusive),
            _ => Err(crate::UnknownName::new(
                "canonicalization",
                s,
                Method::NAMES,
            )),
        }
    }
}

/// Which nodes are canonicalized (XMLDSig 1.1 §4.4.3.3 and the enveloped-signature
/// transform §6.6.4).
#[derive(Debug, Clone, Copy)]
pub enum Subset<'a, 'i> {
    /// The whole document (`URI=""` without a transform removing anything).
    Document,
    /// The subtree of an element (`URI="#id"`, or SignedInfo).
    Element(roxmltree::Node<'a, 'i>),
}

/// A document parsed twice (roxmltree for the checks, uppsala for C14N), the two trees
/// proven equal.
pub struct Canonicalizer<'i> {
    doc: uppsala::Document<'i>,
    /// uppsala's element ids in document order; element `i` of roxmltree's tree is
    /// `elements[i]`.
    elements: Vec<NodeId>,
    /// roxmltree's element ids in document order (their `NodeId`s).
    rox_elements: Vec<roxmltree::NodeId>,
}

impl core::fmt::Debug for Canonicalizer<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Canonicalizer")
            .field("elements", &self.elements.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Element {
        ns: Option<&'a str>,
        prefix: &'a str,
        local: &'a str,
        attributes: Vec<(Option<&'a str>, &'a str, &'a str)>,
    },
    End,
    Text(String),
    Comment(&'a str),
    Pi(&'a str, &'a str),
}

fn push_text<'a>(tokens: &mut Vec<Token<'a>>, text: &str) {
    if let Some(Token::Text(t)) = tokens.last_mut() {
        t.push_str(text);
    } else {
        tokens.push(Token::Text(text.to_owned()));
    }
}

fn bridge_error(detail: impl core::fmt::Display) -> Error {
    Error::Xml {
        what: "XML",
        detail: format!("the canonicalizer's parser reads this document differently: {detail}"),
    }
}

impl<'i> Canonicalizer<'i> {
    /// Parse `text` with the canonicalizer's parser and prove its tree equal to `rox` (the
    /// tree [`super::parse`] made of the same `text`).
    pub fn new(text: &'i str, rox: &roxmltree::Document<'i>) -> Result<Self, Error> {
        let doc = uppsala::parse(text).map_err(bridge_error)?;
        let mut elements = Vec::new();
        let mut theirs = Vec::new();
        // An explicit stack: depth is bounded by the roxmltree check, but no recursion.
        let mut stack: Vec<(NodeId, bool)> = doc
            .children_iter(doc.root())
            .rev()
            .map(|c| (c, false))
            .collect();
        while let Some((id, closing)) = stack.pop() {
            if closing {
                theirs.push(Token::End);
                continue;
            }
            let at_root = doc.parent(id) == Some(doc.root());
            match doc.node_kind(id) {
                Some(NodeKind::Element(e)) => {
                    elements.push(id);
                    let mut attributes: Vec<_> = e
                        .attributes
                        .iter()
                        .map(|a| {
                            (
                                a.name.namespace_uri.as_deref(),
                                a.name.local_name.as_ref(),
                                a.value.as_ref(),
                            )
                        })
                        .collect();
                    attributes.sort_unstable();
                    theirs.push(Token::Element {
                        ns: e.name.namespace_uri.as_deref().filter(|ns| !ns.is_empty()),
                        prefix: e.name.prefix.as_deref().unwrap_or(""),
                        local: e.name.local_name.as_ref(),
                        attributes,
                    });
                    stack.push((id, true));
                    for c in doc.children_iter(id).rev() {
                        stack.push((c, false));
                    }
                }
                Some(NodeKind::Text(t)) | Some(NodeKind::CData(t)) if !at_root => {
                    push_text(&mut theirs, t)
                }
                Some(NodeKind::Text(_)) | Some(NodeKind::CData(_)) => {}
                Some(NodeKind::Comment(c)) => theirs.push(Token::Comment(c.as_ref())),
                Some(NodeKind::ProcessingInstruction(pi)) => theirs.push(Token::Pi(
                    pi.target.as_ref(),
                    pi.data.as_deref().unwrap_or(""),
                )),
                Some(NodeKind::Document) | Some(NodeKind::Attribute(..)) | None => {}
            }
        }

        let mut ours = Vec::new();
        let mut rox_elements = Vec::new();
        let mut walk: Vec<(roxmltree::Node<'_, '_>, bool)> =
            rox.root().children().rev().map(|c| (c, false)).collect();
        while let Some((n, closing)) = walk.pop() {
            if closing {
                ours.push(Token::End);
                continue;
            }
            match n.node_type() {
                roxmltree::NodeType::Element => {
                    rox_elements.push(n.id());
                    let mut attributes: Vec<_> = n
                        .attributes()
                        .map(|a| (a.namespace(), a.name(), a.value()))
                        .collect();
                    attributes.sort_unstable();
                    ours.push(Token::Element {
                        // `xmlns=""` puts an element in no namespace: roxmltree says `""`.
                        ns: n.tag_name().namespace().filter(|ns| !ns.is_empty()),
                        prefix: element_prefix(n),
                        local: n.tag_name().name(),
                        attributes,
                    });
                    walk.push((n, true));
                    walk.extend(n.children().rev().map(|c| (c, false)));
                }
                roxmltree::NodeType::Text => {
                    if n.parent().is_some_and(|p| p.is_element()) {
                        push_text(&mut ours, n.text().unwrap_or(""));
                    }
                }
                roxmltree::NodeType::Comment => ours.push(Token::Comment(n.text().unwrap_or(""))),
                roxmltree::NodeType::PI => {
                    if let Some(pi) = n.pi() {
                        ours.push(Token::Pi(pi.target, pi.value.unwrap_or("")));
                    }
                }
                roxmltree::NodeType::Root => {}
            }
        }
        if ours.len() != theirs.len() {
            return Err(bridge_error(format!(
                "{} nodes against {}",
                ours.len(),
                theirs.len()
            )));
        }
        if let Some((i, (a, b))) = ours
            .iter()
            .zip(&theirs)
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            return Err(bridge_error(format!("node #{i}: {a:?} against {b:?}")));
        }
        Ok(Canonicalizer {
            doc,
            elements,
            rox_elements,
        })
    }

    fn their(&self, node: roxmltree::Node<'_, '_>) -> Result<NodeId, Error> {
        // roxmltree numbers nodes in document order: the element list is sorted.
        self.rox_elements
            .binary_search_by_key(&node.id().get(), |id| id.get())
            .ok()
            .and_then(|i| self.elements.get(i).copied())
            .ok_or_else(|| bridge_error("element not found"))
    }

    /// Canonicalize `subset` minus the subtrees of `exclude` (the enveloped-signature
    /// transform removes the Signature element containing it, with everything inside it:
    /// XMLDSig 1.1 §6.6.4; later co-signatures are removed too), with `method`; `prefixes` is exclusive C14N's
    /// InclusiveNamespaces PrefixList (`#default` for the default namespace).
    ///
    /// Comments are kept only when the method keeps them *and* the subset was selected with
    /// comments (`with_comments_subset`): a same-document `URI=""` or `URI="#id"` selects
    /// the nodes without comments (XMLDSig 1.1 §4.4.3.3).
    pub fn canonicalize(
        &self,
        subset: Subset<'_, '_>,
        with_comments_subset: bool,
        exclude: &[roxmltree::Node<'_, '_>],
        method: Method,
        prefixes: &[&str],
    ) -> Result<Vec<u8>, Error> {
        let comments = with_comments_subset && method.with_comments();
        let mut set = match subset {
            Subset::Document if comments => NodeSet::all(&self.doc),
            Subset::Document => NodeSet::all_without_comments(&self.doc),
            Subset::Element(e) if comments => {
                NodeSet::tree_with_comments(self.their(e)?, &self.doc)
            }
            Subset::Element(e) => NodeSet::tree_without_comments(self.their(e)?, &self.doc),
        };
        for x in exclude {
            set = set.subtract(&NodeSet::tree_with_comments(self.their(*x)?, &self.doc));
        }
        bergshamra_c14n::canonicalize_doc(&self.doc, method.mode(), Some(&set), prefixes).map_err(
            |e| Error::Xml {
                what: "canonicalization",
                detail: e.to_string(),
            },
        )
    }
}

/// The prefix an element's name is written with (`""` for none).
fn element_prefix<'a>(n: roxmltree::Node<'_, 'a>) -> &'a str {
    // roxmltree keeps the qualified name's range in the source.
    let range = n.range();
    let src = n.document().input_text();
    let head = src.get(range.start + 1..range.end).unwrap_or("");
    let qname_end = head
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(head.len());
    let qname = head.get(..qname_end).unwrap_or("");
    match qname.split_once(':') {
        Some((p, _)) => p,
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::Method;

    #[test]
    fn signing_names_parse_and_unknown_names_are_refused() {
        for name in Method::NAMES {
            let m: Method = name.parse().unwrap();
            assert!(!m.with_comments(), "{name}");
        }
        assert_eq!("inclusive".parse::<Method>().unwrap(), Method::Inclusive);
        assert_eq!("exclusive".parse::<Method>().unwrap(), Method::Exclusive);
        for bad in ["", "Inclusive", "exclusive#WithComments", "c14n11"] {
            let e = bad.parse::<Method>().unwrap_err();
            assert!(
                e.to_string().contains("'inclusive' or 'exclusive'"),
                "{bad}: {e}"
            );
        }
    }
}
