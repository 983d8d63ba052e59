"""Request and result documents: Python dicts / keyword arguments → the core's strict JSON.

Validation is the core's (``Request::from_json`` / ``ResultDocument::from_json``): the
facade only serialises Python values (datetime → RFC 3339 UTC, date → ``YYYY-MM-DD``,
bytes → lowercase hex). The defaults of a document being built are the core's too
(``Request::build_from_json``: ``schema_version`` "1", no family members or attachments,
``created_at`` now; ``ResultDocument::build_from_json``: ``schema_version`` "1", ``due_by``
the legal deadline of the service).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Dict, Mapping, Optional, Type, TypeVar, Union, cast

from . import _native
from ._util import BytesLike, as_bytes, rfc3339

JsonInput = Union[str, bytes, bytearray, memoryview]
D = TypeVar("D", bound="_Document")


def _encode(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return rfc3339(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (Iin, Bin)):
        return str(value)
    raise TypeError(f"cannot put a {type(value).__name__} in a document")


def _dumps(doc: Mapping[str, Any]) -> bytes:
    return json.dumps(doc, default=_encode, ensure_ascii=False).encode("utf-8")


def _json_bytes(data: JsonInput) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    return as_bytes(data, "json")


class _Document:
    __slots__ = ("_json",)
    _from_json = staticmethod(_native.request_from_json)
    _from_xml = staticmethod(_native.request_from_xml)
    _to_xml = staticmethod(_native.request_to_xml)

    def __init__(self, canonical_json: bytes) -> None:
        self._json = canonical_json

    @classmethod
    def from_json(cls: Type[D], data: JsonInput, *, iin_checksum: str = "strict") -> D:
        """Parse and validate strict JSON (raises MalformedInputError / InvalidDocumentError /
        InvalidIinError)."""
        return cls(cls._from_json(_json_bytes(data), iin_checksum))

    @classmethod
    def from_xml(cls: Type[D], data: JsonInput, *, iin_checksum: str = "strict") -> D:
        """Parse and validate the XML form (schema ``housing-1.xsd``; the same model and
        rules as JSON; trailing ``ds:Signature`` elements are skipped, not verified — use
        :meth:`Verifier.verify` for signed XML). Raises MalformedInputError (DTD, limits,
        not well-formed) / InvalidDocumentError."""
        return cls(cls._from_xml(_json_bytes(data), iin_checksum))

    def to_json(self) -> bytes:
        """The canonical JSON (what gets signed)."""
        return self._json

    def to_xml(self) -> bytes:
        """The XML form (UTF-8, deterministic, its own canonical form)."""
        return self._to_xml(self._json, "lenient")

    def to_dict(self) -> Dict[str, Any]:
        return cast(Dict[str, Any], json.loads(self._json))

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Document) and type(other) is type(self) and other._json == self._json

    def __hash__(self) -> int:
        return hash(self._json)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._json.decode('utf-8')})"


class Request(_Document):
    """A validated request document. Build with :func:`build_request` or
    :meth:`Request.from_json`."""

    __slots__ = ()
    _from_json = staticmethod(_native.request_from_json)
    _from_xml = staticmethod(_native.request_from_xml)
    _to_xml = staticmethod(_native.request_to_xml)


class ResultDocument(_Document):
    """A validated result document. Build with :func:`build_result` or
    :meth:`ResultDocument.from_json`."""

    __slots__ = ()
    _from_json = staticmethod(_native.result_from_json)
    _from_xml = staticmethod(_native.result_from_xml)
    _to_xml = staticmethod(_native.result_to_xml)


def build_request(
    doc: Optional[Mapping[str, Any]] = None, /, *, iin_checksum: str = "strict", **fields: Any
) -> Request:
    """Build and validate a request from a dict and/or keyword arguments (keywords win).

    Fields (see the core's wire format): ``service`` ("housing_queue",
    "housing_certificate", "privatization"), ``channel`` ("portal", "con", "provider"),
    ``applicant`` {"iin", "name"}, ``representative`` {"iin", "name",
    "power_of_attorney"?} (ЦОН only; no "power_of_attorney" when it is not notarized,
    000:255), ``operator`` {"iin", "bin"}, ``family_members`` [IIN], ``attachments``
    [{kind, file_name, media_type, size, sha256, paper_original?}] (paper marks: ЦОН or
    provider office only), ``intake`` {"family": [{iin, name, relation}], "obtained":
    [{source: "gbd_fl"|"enis"|"address_certificate"|"identity_document", subject,
    reference}]} (ЦОН or provider office only), ``form`` {service, ...}, ``created_at``
    (datetime; default now).
    """
    d: Dict[str, Any] = dict(doc or {})
    d.update(fields)
    # Absent fields are the core's defaults (Request::build_from_json).
    return Request(_native.build_request_json(_dumps(d), iin_checksum))


def build_result(
    doc: Optional[Mapping[str, Any]] = None, /, *, iin_checksum: str = "strict", **fields: Any
) -> ResultDocument:
    """Build and validate a result from a dict and/or keyword arguments (keywords win).

    Fields: ``service``, ``request`` {"registration_number", "envelope_sha256"} (see
    :func:`request_ref`), ``applicant`` {"iin", "name"} (the request's applicant),
    ``registered_at`` (datetime), ``outcome`` {"kind", ...} (queue: "queue_number",
    "housing_source"; справка: "fund" when it has state housing, "covers" [IIN]; approved
    privatization: "cost_certificate" {number, amount_kzt}?, "contract" {number, date,
    provider_bin, recipient_iin}?),
    ``issuer`` {"bin", "name"}, ``official`` {"iin", "name", "position"}, ``issued_at``
    (datetime), ``due_by`` (date; default: the core's deadline for the service).
    """
    d: Dict[str, Any] = dict(doc or {})
    d.update(fields)
    # Absent fields are the core's defaults (ResultDocument::build_from_json).
    return ResultDocument(_native.build_result_json(_dumps(d), iin_checksum))


def request_ref(registration_number: str, request_envelope: BytesLike) -> Dict[str, str]:
    """The ``request`` field of a result (the core's ``RequestRef::of``): the registration
    number and the SHA-256 of the request envelope's DER (PEM / base64 envelopes are
    decoded first) — the digest the verifier binds the result to."""
    number, digest = _native.request_ref(
        registration_number, as_bytes(request_envelope, "request_envelope")
    )
    return {"registration_number": number, "envelope_sha256": digest}


class Iin:
    """A validated IIN (ИИН / ЖСН). ``Iin("871008401427")``; raises InvalidIinError.

    ``iin_checksum="lenient"`` accepts any 12 digits (NCA test certificates)."""

    __slots__ = ("value", "birth_date", "sex")

    def __init__(self, value: str, *, iin_checksum: str = "strict") -> None:
        if not isinstance(value, str):
            raise TypeError(f"IIN must be str, not {type(value).__name__}")
        digits, date, sex = _native.parse_iin(value, iin_checksum)
        self.value: str = digits
        self.birth_date: Optional[_dt.date] = _dt.date(*date) if date else None
        self.sex: Optional[str] = sex

    @staticmethod
    def is_valid(value: str, *, iin_checksum: str = "strict") -> bool:
        try:
            Iin(value, iin_checksum=iin_checksum)
        except ValueError:
            return False
        return True

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Iin({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Iin) and other.value == self.value

    def __hash__(self) -> int:
        return hash(("iin", self.value))


class Bin:
    """A validated BIN (БИН / БСН). ``Bin("940140000385")``; raises InvalidBinError (a
    subclass of InvalidIinError)."""

    __slots__ = ("value", "registration_month", "entity_type", "attribute")

    def __init__(self, value: str, *, iin_checksum: str = "strict") -> None:
        if not isinstance(value, str):
            raise TypeError(f"BIN must be str, not {type(value).__name__}")
        digits, month, entity, attr = _native.parse_bin(value, iin_checksum)
        self.value: str = digits
        self.registration_month: Optional[int] = month
        self.entity_type: Optional[str] = entity
        self.attribute: Optional[str] = attr

    @staticmethod
    def is_valid(value: str, *, iin_checksum: str = "strict") -> bool:
        try:
            Bin(value, iin_checksum=iin_checksum)
        except ValueError:
            return False
        return True

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Bin({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bin) and other.value == self.value

    def __hash__(self) -> int:
        return hash(("bin", self.value))
