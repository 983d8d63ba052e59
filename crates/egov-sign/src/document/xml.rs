//! The XML form of the request and result documents: the same model as the JSON form, read
//! strictly and written deterministically, so a portal that speaks XML is held to the same
//! rules ([`Request::validate`], [`ResultDocument::validate`]: one place per rule).
//!
//! # Schema
//!
//! The XML Schema is `crates/egov-sign/schemas/housing-1.xsd` (embedded as [`SCHEMA_XSD`]),
//! target namespace [`NAMESPACE`] (`urn:egov-sign:housing:1`), `elementFormDefault=
//! "qualified"`. It mirrors the JSON model field by field:
//!
//! * every JSON field is an element of the same (snake_case) name, in the same order (an
//!   `xs:sequence`); a field the JSON form omits when empty / `None` / `false` is an
//!   optional element; data is never in attributes;
//! * a JSON array is a wrapper element of the field's name holding one element per item:
//!   `family_members/iin`, `attachments/attachment`, `intake/family/member`,
//!   `intake/obtained/record`, `outcome/*/reasons/reason`, `outcome/*/covers/iin`,
//!   `outcome/package_refused/missing_documents/document`;
//! * the two internally tagged unions are an `xs:choice` of one element named by the tag's
//!   value: `<form><housing_queue>…</housing_queue></form>` is the JSON
//!   `"form":{"service":"housing_queue",…}`, `<outcome><refusal>…</refusal></outcome>` is
//!   `"outcome":{"kind":"refusal",…}`;
//! * values are written as in JSON: enum values snake_case, instants [RFC 3339] UTC
//!   (`2025-03-03T09:15:00Z`), dates `YYYY-MM-DD`, hashes 64 lowercase hex digits, numbers
//!   decimal without sign or leading zero, booleans `true` / `false`.
//!
//! ```xml
//! <request xmlns="urn:egov-sign:housing:1"><schema_version>1</schema_version>
//!  <service>housing_queue</service><channel>portal</channel>
//!  <applicant><iin>871008401427</iin><name>Ахметова Айгүл Серікқызы</name></applicant>
//!  <family_members></family_members><attachments></attachments>
//!  <form><housing_queue><category>socially_vulnerable</category>
//!   <current_address>Алматы, ул. Абая 1, кв. 2</current_address>
//!   <family_size>1</family_size></housing_queue></form>
//!  <created_at>2025-03-03T09:15:00Z</created_at></request>
//! ```
//!
//! (line breaks added here; [`Request::to_xml`] writes none).
//!
//! # Reading
//!
//! [`Request::from_xml`] / [`ResultDocument::from_xml`] take the bytes: at most
//! [`XML_DOC_MAX_SIZE`] bytes (checked before parsing), UTF-8, no DTD (roxmltree's
//! `allow_dtd: false` refuses every `<!DOCTYPE`, with or without declarations, before
//! reading it: no entity is ever declared or expanded), at most [`XML_DOC_MAX_NODES`] nodes and
//! [`XML_DOC_MAX_DEPTH`] levels. [`Request::from_xml_element`] /
//! [`ResultDocument::from_xml_element`] read an element of a tree already parsed (the
//! XMLDSig verifier passes the exact element a signature covers).
//!
//! The reader is strict, like the JSON reader; each refusal is an
//! [`Error::XmlDocument`] with the element's path (`/request/attachments/attachment[2]/size`)
//! and an [`XmlFault`]: an element not in the schema, in another namespace, repeated, out of
//! order or missing; text where elements are expected (whitespace between elements is
//! allowed, as XML Schema allows it in element-only content); an element, comment or
//! processing instruction inside a value; an attribute (only an `Id` on the document
//! element is allowed, for an XMLDSig `Reference URI="#…"`); a value not of its type.
//! Sibling `ds:Signature` elements (XMLDSig namespace) may follow the data as the document
//! element's last children, where KalkanCrypt's enveloped signatures go; they are skipped,
//! never read as data and never verified here.
//!
//! What was read becomes the same JSON value the JSON reader would see and goes through the
//! same typed deserialization (IINs and BINs under the caller's [`ChecksumPolicy`], with
//! the same typed errors) and then the same `validate`: the same document gives the same
//! model and the same findings in either form.
//!
//! # Writing
//!
//! [`Request::to_xml`] / [`ResultDocument::to_xml`]: UTF-8, no XML declaration, no
//! whitespace between elements, the default namespace declared once on the document
//! element, empty elements as start-end tag pairs, text escaped as Canonical XML 1.0 does
//! (`&amp;`, `&lt;`, `&gt;`, `&#xD;`): the output is its own Canonical XML 1.0 form
//! (<https://www.w3.org/TR/xml-c14n/#ProcessingModel>), so it can be signed as written. A
//! character XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage
//! return; U+FFFE, U+FFFF) is refused, since no XML reader could read it back.
//!
//! [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339

use core::fmt;

use roxmltree::{Node, NodeType};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::iin::{take_stashed_error, ChecksumPolicy, PolicyScope};
use crate::limits::{XML_DOC_MAX_DEPTH, XML_DOC_MAX_NODES, XML_DOC_MAX_SIZE, XML_DOC_MAX_TEXT_LEN};
use crate::Error;

use super::{Document, Request, ResultDocument};

/// The namespace of the documents' XML form (version 1 of the schema).
pub const NAMESPACE: &str = "urn:egov-sign:housing:1";

/// The XML Schema of the documents (`crates/egov-sign/schemas/housing-1.xsd`).
pub const SCHEMA_XSD: &str = include_str!("../../schemas/housing-1.xsd");

/// The XMLDSig namespace (<https://www.w3.org/TR/xmldsig-core1/#sec-Namespaces>): trailing
/// `Signature` children of the document element in it are skipped by the reader.
pub const XMLDSIG_NAMESPACE: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Longest `Id` attribute on the document element, in bytes.
const MAX_ID_LEN: usize = 128;

/// Why an XML document was refused (with [`Error::XmlDocument`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum XmlFault {
    /// Not well-formed XML, or not UTF-8.
    Syntax,
    /// A document type declaration (DTD): refused, no entity is declared or expanded.
    Dtd,
    /// The document element is not the one expected (`request` / `result`).
    WrongRoot,
    /// An element in another namespace than [`NAMESPACE`] (or in none).
    WrongNamespace,
    /// An element the schema does not have at this place.
    UnknownElement,
    /// An element given twice.
    DuplicateElement,
    /// An element out of the schema's order.
    OutOfOrder,
    /// A required element missing.
    MissingElement,
    /// Text (other than whitespace) where elements are expected: mixed content.
    UnexpectedText,
    /// An element inside a value (where text is expected).
    UnexpectedElement,
    /// A comment or processing instruction inside the document.
    UnexpectedNode,
    /// An attribute the schema does not have.
    UnexpectedAttribute,
    /// A value not of its type (number, boolean, enum value, date, instant, hash).
    BadValue,
}

impl XmlFault {
    /// A short stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            XmlFault::Syntax => "syntax",
            XmlFault::Dtd => "dtd",
            XmlFault::WrongRoot => "wrong_root",
            XmlFault::WrongNamespace => "wrong_namespace",
            XmlFault::UnknownElement => "unknown_element",
            XmlFault::DuplicateElement => "duplicate_element",
            XmlFault::OutOfOrder => "out_of_order",
            XmlFault::MissingElement => "missing_element",
            XmlFault::UnexpectedText => "unexpected_text",
            XmlFault::UnexpectedElement => "unexpected_element",
            XmlFault::UnexpectedNode => "unexpected_node",
            XmlFault::UnexpectedAttribute => "unexpected_attribute",
            XmlFault::BadValue => "bad_value",
        }
    }
}

impl fmt::Display for XmlFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn fault(path: &str, fault: XmlFault, detail: impl Into<String>) -> Error {
    Error::XmlDocument {
        path: path.to_owned(),
        fault,
        detail: detail.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// The schema, as the reader and the writer use it
// ---------------------------------------------------------------------------------------------

/// The type of an element.
#[derive(Clone, Copy)]
enum Ty {
    /// A JSON string.
    Text,
    /// A JSON non-negative integer, at most the bound (the model field's type).
    Number(u64),
    /// A JSON boolean.
    Bool,
    /// A JSON object.
    Struct(&'static [Field]),
    /// A JSON array: a wrapper element with one `item` element per value.
    List { item: &'static str, of: &'static Ty },
    /// An internally tagged JSON object: one child element named by the tag's value.
    Choice {
        tag: &'static str,
        variants: &'static [(&'static str, &'static [Field])],
    },
}

/// A member of a struct: element name = JSON field name.
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const TEXT: Ty = Ty::Text;
const PERSON: &[Field] = &[req("iin", TEXT), req("name", TEXT)];
const POWER_OF_ATTORNEY: &[Field] = &[req("number", TEXT), req("date", TEXT), req("notary", TEXT)];
const REPRESENTATIVE: &[Field] = &[
    req("iin", TEXT),
    req("name", TEXT),
    opt("power_of_attorney", Ty::Struct(POWER_OF_ATTORNEY)),
];
const OPERATOR: &[Field] = &[req("iin", TEXT), req("bin", TEXT)];
const ATTACHMENT: &[Field] = &[
    req("kind", TEXT),
    req("file_name", TEXT),
    req("media_type", TEXT),
    req("size", Ty::Number(u64::MAX)),
    req("sha256", TEXT),
    opt("paper_original", Ty::Bool),
];
const FAMILY_MEMBER: &[Field] = &[req("iin", TEXT), req("name", TEXT), req("relation", TEXT)];
const STATE_RECORD: &[Field] = &[
    req("source", TEXT),
    req("subject", TEXT),
    req("reference", TEXT),
];
const INTAKE: &[Field] = &[
    opt(
        "family",
        Ty::List {
            item: "member",
            of: &Ty::Struct(FAMILY_MEMBER),
        },
    ),
    opt(
        "obtained",
        Ty::List {
            item: "record",
            of: &Ty::Struct(STATE_RECORD),
        },
    ),
];
const QUEUE_FORM: &[Field] = &[
    req("category", TEXT),
    req("current_address", TEXT),
    req("family_size", Ty::Number(u8::MAX as u64)),
];
const CERTIFICATE_FORM: &[Field] = &[req("purpose", TEXT), req("region", TEXT)];
const RENTAL_CONTRACT: &[Field] = &[req("number", TEXT), req("date", TEXT)];
const PRIVATIZATION_FORM: &[Field] = &[
    req("dwelling_address", TEXT),
    req("total_area_m2", TEXT),
    req("rental_contract", Ty::Struct(RENTAL_CONTRACT)),
];
const IIN_LIST: Ty = Ty::List {
    item: "iin",
    of: &TEXT,
};

/// The request (`<request>`), as [`Request`] serializes.
const REQUEST: &[Field] = &[
    req("schema_version", TEXT),
    req("service", TEXT),
    req("channel", TEXT),
    req("applicant", Ty::Struct(PERSON)),
    opt("representative", Ty::Struct(REPRESENTATIVE)),
    opt("operator", Ty::Struct(OPERATOR)),
    req("family_members", IIN_LIST),
    req(
        "attachments",
        Ty::List {
            item: "attachment",
            of: &Ty::Struct(ATTACHMENT),
        },
    ),
    opt("intake", Ty::Struct(INTAKE)),
    req(
        "form",
        Ty::Choice {
            tag: "service",
            variants: &[
                ("housing_queue", QUEUE_FORM),
                ("housing_certificate", CERTIFICATE_FORM),
                ("privatization", PRIVATIZATION_FORM),
            ],
        },
    ),
    req("created_at", TEXT),
];

const REQUEST_REF: &[Field] = &[
    req("registration_number", TEXT),
    req("envelope_sha256", TEXT),
];
const ORGANISATION: &[Field] = &[req("bin", TEXT), req("name", TEXT)];
const OFFICIAL: &[Field] = &[req("iin", TEXT), req("name", TEXT), req("position", TEXT)];
const REASON: &[Field] = &[req("code", TEXT), req("text", TEXT)];
const REASONS: Ty = Ty::List {
    item: "reason",
    of: &Ty::Struct(REASON),
};
const COST_CERTIFICATE: &[Field] = &[req("number", TEXT), req("amount_kzt", TEXT)];
const CONTRACT: &[Field] = &[
    req("number", TEXT),
    req("date", TEXT),
    req("provider_bin", TEXT),
    req("recipient_iin", TEXT),
];
const OUTCOMES: &[(&str, &[Field])] = &[
    (
        "queue_registration",
        &[
            req("queue_number", Ty::Number(u32::MAX as u64)),
            req("housing_source", TEXT),
        ],
    ),
    ("refusal", &[req("reasons", REASONS)]),
    (
        "housing_certificate",
        &[
            req("certificate_number", TEXT),
            req("has_state_housing", Ty::Bool),
            opt("fund", TEXT),
            opt("dwelling_address", TEXT),
            req("covers", IIN_LIST),
        ],
    ),
    (
        "privatization_decision",
        &[
            req("approved", Ty::Bool),
            opt("reasons", REASONS),
            req("decision_number", TEXT),
            req("decision_date", TEXT),
            opt("cost_certificate", Ty::Struct(COST_CERTIFICATE)),
            opt("contract", Ty::Struct(CONTRACT)),
        ],
    ),
    (
        "package_refused",
        &[req(
            "missing_documents",
            Ty::List {
                item: "document",
                of: &TEXT,
            },
        )],
    ),
];

/// The result (`<result>`), as [`ResultDocument`] serializes.
const RESULT: &[Field] = &[
    req("schema_version", TEXT),
    req("service", TEXT),
    req("request", Ty::Struct(REQUEST_REF)),
    req("applicant", Ty::Struct(PERSON)),
    req("registered_at", TEXT),
    req(
        "outcome",
        Ty::Choice {
            tag: "kind",
            variants: OUTCOMES,
        },
    ),
    req("issuer", Ty::Struct(ORGANISATION)),
    req("official", Ty::Struct(OFFICIAL)),
    req("issued_at", TEXT),
    req("due_by", TEXT),
];

/// The document element names and their content.
const REQUEST_ROOT: (&str, &[Field]) = ("request", REQUEST);
const RESULT_ROOT: (&str, &[Field]) = ("result", RESULT);

/// Every element name the schema table has, each once (for the schema test).
#[doc(hidden)]
pub fn element_names() -> Vec<&'static str> {
    fn walk(fields: &[Field], out: &mut Vec<&'static str>) {
        for f in fields {
            out.push(f.name);
            walk_ty(&f.ty, out);
        }
    }
    fn walk_ty(ty: &Ty, out: &mut Vec<&'static str>) {
        match ty {
            Ty::Struct(fs) => walk(fs, out),
            Ty::List { item, of } => {
                out.push(item);
                walk_ty(of, out);
            }
            Ty::Choice { variants, .. } => {
                for (name, fs) in variants.iter() {
                    out.push(name);
                    walk(fs, out);
                }
            }
            Ty::Text | Ty::Number(_) | Ty::Bool => {}
        }
    }
    let mut out = vec![REQUEST_ROOT.0, RESULT_ROOT.0];
    walk(REQUEST, &mut out);
    walk(RESULT, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Parse `bytes` under the limits: size before parsing, no DTD, node count while parsing,
/// depth after (iteratively: roxmltree builds its tree without recursion).
fn parse_limited(bytes: &[u8]) -> Result<roxmltree::Document<'_>, Error> {
    if bytes.len() > XML_DOC_MAX_SIZE {
        return Err(Error::TooLarge {
            what: "XML document",
            size: bytes.len(),
            limit: XML_DOC_MAX_SIZE,
        });
    }
    let text = core::str::from_utf8(bytes)
        .map_err(|e| fault("", XmlFault::Syntax, format!("not UTF-8: {e}")))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: XML_DOC_MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => fault("", XmlFault::Dtd, "a DTD is not allowed"),
        roxmltree::Error::NodesLimitReached => Error::TooLarge {
            what: "XML document nodes",
            size: XML_DOC_MAX_NODES as usize + 1,
            limit: XML_DOC_MAX_NODES as usize,
        },
        other => fault("", XmlFault::Syntax, other.to_string()),
    })?;
    // Depth: each node's depth from its parent's, in document order (the document element
    // is at depth 1); elements deeper than the limit are refused.
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    for node in doc.descendants() {
        let d = node
            .parent()
            .and_then(|p| depth.get(p.id().get_usize()).copied())
            .map_or(0, |d| d + 1);
        if node.is_element() && d > XML_DOC_MAX_DEPTH {
            return Err(Error::TooLarge {
                what: "XML nesting depth",
                size: d,
                limit: XML_DOC_MAX_DEPTH,
            });
        }
        if let Some(slot) = depth.get_mut(node.id().get_usize()) {
            *slot = d;
        }
    }
    Ok(doc)
}

/// Read the document element `root`, expected to be `<name>` of `fields`, into the JSON
/// value the JSON form would have.
fn read_root(root: Node<'_, '_>, (name, fields): (&str, &[Field])) -> Result<Value, Error> {
    let path = format!("/{name}");
    let tag = root.tag_name();
    if !root.is_element() || tag.name() != name {
        return Err(fault(
            "",
            XmlFault::WrongRoot,
            format!(
                "the document element is <{}>, not <{name}>",
                short(tag.name())
            ),
        ));
    }
    check_namespace(root, &path)?;
    for a in root.attributes() {
        let ok = a.namespace().is_none()
            && a.name() == "Id"
            && !a.value().is_empty()
            && a.value().len() <= MAX_ID_LEN
            && is_ncname(a.value());
        if !ok {
            return Err(fault(
                &path,
                XmlFault::UnexpectedAttribute,
                format!(
                    "attribute {:?} is not allowed (only an Id, an NCName of at most \
                     {MAX_ID_LEN} bytes)",
                    short(a.name())
                ),
            ));
        }
    }
    let mut budget = XML_DOC_MAX_NODES as usize;
    read_struct(root, fields, &path, true, &mut budget).map(Value::Object)
}

fn check_namespace(node: Node<'_, '_>, path: &str) -> Result<(), Error> {
    match node.tag_name().namespace() {
        Some(NAMESPACE) => Ok(()),
        Some(other) => Err(fault(
            path,
            XmlFault::WrongNamespace,
            format!("namespace {:?}, not {NAMESPACE}", short(other)),
        )),
        None => Err(fault(
            path,
            XmlFault::WrongNamespace,
            format!("no namespace, not {NAMESPACE}"),
        )),
    }
}

fn no_attributes(node: Node<'_, '_>, path: &str) -> Result<(), Error> {
    match node.attributes().next() {
        None => Ok(()),
        Some(a) => Err(fault(
            path,
            XmlFault::UnexpectedAttribute,
            format!("attribute {:?} is not allowed", short(a.name())),
        )),
    }
}

fn is_xml_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The element children of an element-only `node`: whitespace text is skipped; other text,
/// comments and processing instructions are refused. With `signatures`, trailing
/// `ds:Signature` elements are dropped (after the last data element only).
fn element_children<'a, 'i>(
    node: Node<'a, 'i>,
    path: &str,
    signatures: bool,
    budget: &mut usize,
) -> Result<Vec<Node<'a, 'i>>, Error> {
    let mut out = Vec::new();
    let mut in_signatures = false;
    for child in node.children() {
        match child.node_type() {
            NodeType::Element => {
                let tag = child.tag_name();
                if signatures
                    && tag.namespace() == Some(XMLDSIG_NAMESPACE)
                    && tag.name() == "Signature"
                {
                    in_signatures = true;
                    continue;
                }
                if in_signatures {
                    return Err(fault(
                        path,
                        XmlFault::OutOfOrder,
                        format!(
                            "<{}> after a ds:Signature: signatures follow the data",
                            short(tag.name())
                        ),
                    ));
                }
                *budget = budget.checked_sub(1).ok_or(Error::TooLarge {
                    what: "XML document elements",
                    size: XML_DOC_MAX_NODES as usize + 1,
                    limit: XML_DOC_MAX_NODES as usize,
                })?;
                out.push(child);
            }
            NodeType::Text => {
                let t = child.text().unwrap_or_default();
                if !is_xml_whitespace(t) {
                    return Err(fault(
                        path,
                        XmlFault::UnexpectedText,
                        format!("text {:?} where elements are expected", short(t)),
                    ));
                }
            }
            NodeType::Comment | NodeType::PI => {
                return Err(fault(
                    path,
                    XmlFault::UnexpectedNode,
                    "a comment or processing instruction inside the document",
                ))
            }
            NodeType::Root => {}
        }
    }
    Ok(out)
}

fn read_struct(
    node: Node<'_, '_>,
    fields: &[Field],
    path: &str,
    signatures: bool,
    budget: &mut usize,
) -> Result<Map<String, Value>, Error> {
    let children = element_children(node, path, signatures, budget)?;
    let mut map = Map::new();
    // The index of the next field the sequence allows.
    let mut next = 0usize;
    for child in children {
        let name = child.tag_name().name();
        let child_path = format!("{path}/{name}");
        check_namespace(child, &child_path)?;
        let Some(i) = fields.iter().position(|f| f.name == name) else {
            return Err(fault(
                &child_path,
                XmlFault::UnknownElement,
                format!("<{}> is not an element of {path}", short(name)),
            ));
        };
        if i < next {
            let (kind, what) = if map.contains_key(name) {
                (XmlFault::DuplicateElement, "given twice")
            } else {
                (XmlFault::OutOfOrder, "out of the schema's order")
            };
            return Err(fault(&child_path, kind, what));
        }
        if let Some(missing) = fields[next..i].iter().find(|f| f.required) {
            return Err(fault(
                &format!("{path}/{}", missing.name),
                XmlFault::MissingElement,
                format!("missing (expected before <{name}>)"),
            ));
        }
        let field = fields[i];
        let value = read_value(child, &field.ty, &child_path, budget)?;
        map.insert(field.name.to_owned(), value);
        next = i + 1;
    }
    if let Some(missing) = fields[next..].iter().find(|f| f.required) {
        return Err(fault(
            &format!("{path}/{}", missing.name),
            XmlFault::MissingElement,
            "missing",
        ));
    }
    Ok(map)
}

fn read_value(node: Node<'_, '_>, ty: &Ty, path: &str, budget: &mut usize) -> Result<Value, Error> {
    no_attributes(node, path)?;
    match ty {
        Ty::Text => read_text(node, path).map(Value::String),
        Ty::Number(max) => {
            let t = read_text(node, path)?;
            let bad = || {
                fault(
                    path,
                    XmlFault::BadValue,
                    format!(
                        "{:?} is not a number from 0 to {max} (decimal digits, no sign or \
                         leading zero)",
                        short(&t)
                    ),
                )
            };
            if t.is_empty()
                || t.len() > 20
                || !t.bytes().all(|b| b.is_ascii_digit())
                || (t.len() > 1 && t.starts_with('0'))
            {
                return Err(bad());
            }
            match t.parse::<u64>() {
                Ok(n) if n <= *max => Ok(Value::from(n)),
                _ => Err(bad()),
            }
        }
        Ty::Bool => {
            let t = read_text(node, path)?;
            match t.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(fault(
                    path,
                    XmlFault::BadValue,
                    format!("{:?} is not true or false", short(&t)),
                )),
            }
        }
        Ty::Struct(fields) => read_struct(node, fields, path, false, budget).map(Value::Object),
        Ty::List { item, of } => {
            let mut items = Vec::new();
            for (i, child) in element_children(node, path, false, budget)?
                .into_iter()
                .enumerate()
            {
                let name = child.tag_name().name();
                let child_path = format!("{path}/{name}[{}]", i + 1);
                check_namespace(child, &child_path)?;
                if name != *item {
                    return Err(fault(
                        &child_path,
                        XmlFault::UnknownElement,
                        format!("<{}> in a list of <{item}>", short(name)),
                    ));
                }
                items.push(read_value(child, of, &child_path, budget)?);
            }
            Ok(Value::Array(items))
        }
        Ty::Choice { tag, variants } => {
            let children = element_children(node, path, false, budget)?;
            let expected = || {
                variants
                    .iter()
                    .map(|(n, _)| format!("<{n}>"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut it = children.into_iter();
            let Some(child) = it.next() else {
                return Err(fault(
                    path,
                    XmlFault::MissingElement,
                    format!("one of {} is required", expected()),
                ));
            };
            let name = child.tag_name().name();
            let child_path = format!("{path}/{name}");
            check_namespace(child, &child_path)?;
            let Some((variant, fields)) = variants.iter().find(|(n, _)| *n == name) else {
                return Err(fault(
                    &child_path,
                    XmlFault::UnknownElement,
                    format!("<{}> is not one of {}", short(name), expected()),
                ));
            };
            if let Some(extra) = it.next() {
                let extra_name = extra.tag_name().name();
                return Err(fault(
                    &format!("{path}/{}", short(extra_name)),
                    if extra_name == name {
                        XmlFault::DuplicateElement
                    } else {
                        XmlFault::UnknownElement
                    },
                    "only one choice is allowed",
                ));
            }
            no_attributes(child, &child_path)?;
            let mut map = Map::new();
            map.insert((*tag).to_owned(), Value::String((*variant).to_owned()));
            map.extend(read_struct(child, fields, &child_path, false, budget)?);
            Ok(Value::Object(map))
        }
    }
}

/// The text of a value element: only text (and CDATA) children, at most
/// [`XML_DOC_MAX_TEXT_LEN`] bytes.
fn read_text(node: Node<'_, '_>, path: &str) -> Result<String, Error> {
    let mut out = String::new();
    for child in node.children() {
        match child.node_type() {
            NodeType::Text => {
                let t = child.text().unwrap_or_default();
                if out.len() + t.len() > XML_DOC_MAX_TEXT_LEN {
                    return Err(Error::TooLarge {
                        what: "XML document text",
                        size: out.len() + t.len(),
                        limit: XML_DOC_MAX_TEXT_LEN,
                    });
                }
                out.push_str(t);
            }
            NodeType::Element => {
                return Err(fault(
                    path,
                    XmlFault::UnexpectedElement,
                    format!(
                        "<{}> inside a value: text is expected",
                        short(child.tag_name().name())
                    ),
                ))
            }
            NodeType::Comment | NodeType::PI => {
                return Err(fault(
                    path,
                    XmlFault::UnexpectedNode,
                    "a comment or processing instruction inside a value",
                ))
            }
            NodeType::Root => {}
        }
    }
    Ok(out)
}

/// The JSON value through the model's own typed deserialization under `policy`: a typed
/// error raised inside serde (bad IIN / BIN, schema version) wins over serde's text, as in
/// the JSON reader.
fn typed<T: DeserializeOwned>(
    value: Value,
    policy: ChecksumPolicy,
    path: &str,
) -> Result<T, Error> {
    let _ = take_stashed_error();
    let result = {
        let _scope = PolicyScope::enter(policy);
        serde_json::from_value(value)
    };
    result.map_err(|e| {
        take_stashed_error().unwrap_or_else(|| fault(path, XmlFault::BadValue, e.to_string()))
    })
}

/// An NCName as far as an `Id` needs: a letter or `_` first, then letters, digits, `_`,
/// `-`, `.` (<https://www.w3.org/TR/xml-names/#NT-NCName>, restricted).
fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn short(s: &str) -> String {
    s.chars().take(32).collect()
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

fn write_root(value: &Value, (name, fields): (&str, &[Field])) -> Result<Vec<u8>, Error> {
    let mut out = String::with_capacity(2048);
    out.push('<');
    out.push_str(name);
    out.push_str(" xmlns=\"");
    out.push_str(NAMESPACE);
    out.push_str("\">");
    let map = value
        .as_object()
        .ok_or_else(|| writer_bug(name, "not an object"))?;
    write_struct(&mut out, map, fields, &format!("/{name}"), None)?;
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(out.into_bytes())
}

fn writer_bug(path: &str, detail: &str) -> Error {
    Error::Malformed {
        what: "document for XML",
        detail: format!("{path}: {detail}"),
    }
}

fn write_struct(
    out: &mut String,
    map: &Map<String, Value>,
    fields: &[Field],
    path: &str,
    tag: Option<&str>,
) -> Result<(), Error> {
    // Every member of the JSON value must be in the table: the XML form carries every field.
    if let Some(k) = map
        .keys()
        .find(|k| Some(k.as_str()) != tag && !fields.iter().any(|f| f.name == k.as_str()))
    {
        return Err(writer_bug(path, &format!("field {k} has no XML element")));
    }
    for f in fields {
        match map.get(f.name) {
            Some(v) => write_element(out, f.name, v, &f.ty, &format!("{path}/{}", f.name))?,
            None if f.required => return Err(writer_bug(path, &format!("{} missing", f.name))),
            None => {}
        }
    }
    Ok(())
}

fn write_element(
    out: &mut String,
    name: &str,
    v: &Value,
    ty: &Ty,
    path: &str,
) -> Result<(), Error> {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match (ty, v) {
        (Ty::Text, Value::String(s)) => escape(out, s, path)?,
        (Ty::Number(_), Value::Number(n)) => out.push_str(&n.to_string()),
        (Ty::Bool, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (Ty::Struct(fields), Value::Object(map)) => write_struct(out, map, fields, path, None)?,
        (Ty::List { item, of }, Value::Array(items)) => {
            for v in items {
                write_element(out, item, v, of, &format!("{path}/{item}"))?;
            }
        }
        (Ty::Choice { tag, variants }, Value::Object(map)) => {
            let kind = map.get(*tag).and_then(Value::as_str).unwrap_or_default();
            let (variant, fields) = variants
                .iter()
                .find(|(n, _)| *n == kind)
                .ok_or_else(|| writer_bug(path, &format!("no variant {kind:?}")))?;
            out.push('<');
            out.push_str(variant);
            out.push('>');
            write_struct(out, map, fields, &format!("{path}/{variant}"), Some(tag))?;
            out.push_str("</");
            out.push_str(variant);
            out.push('>');
        }
        _ => return Err(writer_bug(path, "value not of the element's type")),
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

/// Text as Canonical XML 1.0 writes it (`&`, `<`, `>`, CR escaped); a character XML 1.0
/// cannot carry is refused (<https://www.w3.org/TR/xml/#NT-Char>).
fn escape(out: &mut String, s: &str, path: &str) -> Result<(), Error> {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                return Err(Error::InvalidDocument {
                    field: path.to_owned(),
                    reason: format!("U+{:04X} cannot be written in XML 1.0", u32::from(c)),
                })
            }
            _ => out.push(c),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

impl Request {
    /// Parse the XML form (see [the module documentation](self)) and validate under
    /// `policy`: the same model and the same rules as [`Request::from_json`].
    pub fn from_xml(bytes: &[u8], policy: ChecksumPolicy) -> Result<Request, Error> {
        let doc = parse_limited(bytes)?;
        Request::from_xml_element(doc.root_element(), policy)
    }

    /// Read a `<request>` element of a tree already parsed (e.g. the element an XMLDSig
    /// signature covers) and validate under `policy`. Trailing `ds:Signature` children are
    /// skipped, not verified.
    pub fn from_xml_element(
        element: Node<'_, '_>,
        policy: ChecksumPolicy,
    ) -> Result<Request, Error> {
        let value = read_root(element, REQUEST_ROOT)?;
        let r: Request = typed(value, policy, "/request")?;
        r.validate(policy)?;
        Ok(r)
    }

    /// The XML form: deterministic, UTF-8, its own Canonical XML 1.0 form. Fails only for
    /// text XML 1.0 cannot carry (possible only in a document that was never validated
    /// or a name with U+FFFE / U+FFFF).
    pub fn to_xml(&self) -> Result<Vec<u8>, Error> {
        write_root(&self.to_value(), REQUEST_ROOT)
    }
}

impl ResultDocument {
    /// Parse the XML form (see [the module documentation](self)) and validate under
    /// `policy`: the same model and the same rules as [`ResultDocument::from_json`].
    pub fn from_xml(bytes: &[u8], policy: ChecksumPolicy) -> Result<ResultDocument, Error> {
        let doc = parse_limited(bytes)?;
        ResultDocument::from_xml_element(doc.root_element(), policy)
    }

    /// Read a `<result>` element of a tree already parsed and validate under `policy`.
    /// Trailing `ds:Signature` children are skipped, not verified.
    pub fn from_xml_element(
        element: Node<'_, '_>,
        policy: ChecksumPolicy,
    ) -> Result<ResultDocument, Error> {
        let value = read_root(element, RESULT_ROOT)?;
        let r: ResultDocument = typed(value, policy, "/result")?;
        r.validate(policy)?;
        Ok(r)
    }

    /// The XML form: deterministic, UTF-8, its own Canonical XML 1.0 form.
    pub fn to_xml(&self) -> Result<Vec<u8>, Error> {
        write_root(&self.to_value(), RESULT_ROOT)
    }
}

impl Document {
    /// Read a `<request>` or `<result>` element (by its name, in [`NAMESPACE`]) and
    /// validate it under `policy`.
    pub fn from_xml_element(
        element: Node<'_, '_>,
        policy: ChecksumPolicy,
    ) -> Result<Document, Error> {
        match element.tag_name().name() {
            "result" => ResultDocument::from_xml_element(element, policy).map(Document::Result),
            "request" => Request::from_xml_element(element, policy).map(Document::Request),
            other => Err(fault(
                "",
                XmlFault::WrongRoot,
                format!(
                    "the document element is <{}>, not <request> or <result>",
                    short(other)
                ),
            )),
        }
    }

    /// Parse the XML form of a request or result (by its document element) and validate.
    pub fn from_xml(bytes: &[u8], policy: ChecksumPolicy) -> Result<Document, Error> {
        let doc = parse_limited(bytes)?;
        Document::from_xml_element(doc.root_element(), policy)
    }
}
