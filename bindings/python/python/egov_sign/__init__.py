"""egov_sign: build, sign and verify the request and result documents of Kazakhstan's
housing e-services (CMS SignedData, NCA certificate profile).

A thin Python layer over the Rust core (``egov_sign._native``): every check — CMS,
signature, certification path, CRLs, identity rules, document schema — is the core's.

    >>> from egov_sign import Verifier
    >>> v = Verifier(anchors=[root_pem], intermediates=[ca_pem], crls=[ca_crl],
    ...              operator_bins=["940140000385"])               # doctest: +SKIP
    >>> report = v.verify_request(envelope)                         # doctest: +SKIP
    >>> report.is_valid, report.refusal_text("ru")                  # doctest: +SKIP
"""

from __future__ import annotations

import base64 as _base64
import datetime as _dt
import json as _json
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _native
from ._util import BytesLike, as_bytes, as_bytes_list, as_str_list, instant, time_spec
from .documents import (
    Bin,
    Iin,
    Request,
    ResultDocument,
    build_request,
    build_result,
    request_ref,
)
from .errors import (
    ConfigError,
    EgovSignError,
    InvalidBinError,
    InvalidDocumentError,
    InvalidIinError,
    InvalidKeyError,
    KeyPasswordError,
    MalformedInputError,
    OcspError,
    TimestampError,
    UnsupportedAlgorithmError,
)
from .report import Finding, Report
from .evidence import (
    OcspResult,
    VerifiedTimestamp,
    embed_timestamp,
    envelope_certificates,
    ocsp_request,
    signature_timestamp_tokens,
    timestamp_request,
    verify_ocsp_response,
    verify_timestamp_token,
)

__all__ = [
    "Verifier",
    "KeyStore",
    "KeyEntry",
    "Calendar",
    "service_rules",
    "service_matrix",
    "Report",
    "Finding",
    "sign",
    "cosign",
    "sign_xml",
    "is_xml",
    "inspect",
    "envelope_to_pem",
    "message",
    "CODES",
    "Request",
    "ResultDocument",
    "build_request",
    "build_result",
    "request_ref",
    "Iin",
    "Bin",
    "EgovSignError",
    "MalformedInputError",
    "InvalidDocumentError",
    "InvalidIinError",
    "InvalidBinError",
    "InvalidKeyError",
    "KeyPasswordError",
    "UnsupportedAlgorithmError",
    "ConfigError",
    "TimestampError",
    "OcspError",
    "VerifiedTimestamp",
    "OcspResult",
    "verify_timestamp_token",
    "timestamp_request",
    "embed_timestamp",
    "ocsp_request",
    "verify_ocsp_response",
    "signature_timestamp_tokens",
    "envelope_certificates",
    "MAX_ENVELOPE_SIZE",
]

MAX_ENVELOPE_SIZE: int = _native.MAX_ENVELOPE_SIZE
CODES: Tuple[str, ...] = tuple(_native.codes())

AtSpec = Union[_dt.datetime, str, None]


def _rules_json(rules: Union[str, Dict[str, Any], None]) -> Optional[str]:
    if rules is None or isinstance(rules, str):
        return rules
    if isinstance(rules, dict):
        return _json.dumps(rules, ensure_ascii=False)
    raise TypeError("service_rules must be a dict, a JSON str or None")


def service_rules(name: str = "almaty_city") -> Dict[str, Any]:
    """The core's service rules by name, as a dict (channels and deadline steps per
    service): "almaty_city" (seed 002, the default) or "almaty_region_2012" (seed 000 for
    the queue). Edit and pass to ``Verifier(service_rules=...)`` to override."""
    rules: Dict[str, Any] = _json.loads(_native.service_rules(name))
    return rules


def service_matrix(
    rules: Union[str, Dict[str, Any], None] = None,
) -> List[Tuple[str, str, bool]]:
    """The service × channel matrix of ``rules`` (default the seeds): (service, channel,
    allowed) for every pair, computed by the core."""
    return list(_native.service_matrix(_rules_json(rules)))


class Calendar:
    """The core's working-day calendar of the Republic of Kazakhstan (embedded years
    2015–2027, each year's holidays, Kurban Ait and transfer decrees), with ``years`` (year
    files, JSON bytes) loaded over it."""

    __slots__ = ("_c",)

    def __init__(self, years: Iterable[BytesLike] = ()) -> None:
        self._c = _native.Calendar(as_bytes_list(years, "years"))

    @property
    def years(self) -> List[int]:
        return list(self._c.years())

    def is_working_day(self, day: _dt.date) -> Optional[bool]:
        """None when the calendar does not hold the year."""
        return self._c.is_working_day(day.year, day.month, day.day)

    def add_working_days(self, day: _dt.date, n: int) -> Optional[_dt.date]:
        """The ``n``th working day after ``day``; None past the years held."""
        r = self._c.add_working_days(day.year, day.month, day.day, n)
        return None if r is None else _dt.date(*r)

    def deadline(
        self,
        service: str,
        registered: _dt.date,
        rules: Union[str, Dict[str, Any], None] = None,
    ) -> Optional[_dt.date]:
        """The legal deadline of ``service`` for a request registered on ``registered``
        under ``rules`` (default the seeds); None when it cannot be computed."""
        r = self._c.deadline(
            service, registered.year, registered.month, registered.day, _rules_json(rules)
        )
        return None if r is None else _dt.date(*r)


def message(code: str, lang: str = "ru") -> str:
    """The refusal text of a finding code in ``lang`` ("ru", "kk", "en")."""
    text = _native.message(code, lang)
    if text is None:
        raise ValueError(f"unknown finding code {code!r}")
    return text


def sign(
    content: BytesLike,
    key: BytesLike,
    cert: BytesLike,
    chain: Sequence[BytesLike] = (),
    *,
    detached: bool = False,
    signing_time: Optional[_dt.datetime] = None,
    output: str = "der",
    sid_by_ski: bool = False,
) -> Union[bytes, str]:
    """Sign ``content`` into a CMS SignedData envelope.

    ``key``: PKCS#8 private key (DER or PEM, unencrypted); ``cert``: the signer's
    certificate (DER or PEM); ``chain``: further certificates to embed. ``signing_time``
    (aware datetime) adds the signingTime attribute. ``output``: "der" (bytes), "pem"
    (str) or "base64" (str). Raises InvalidKeyError (bad key, or certificate not matching
    it), MalformedInputError, UnsupportedAlgorithmError.
    """
    return _signed(
        output,
        signing_time,
        lambda st: _native.sign(
            as_bytes(content, "content"),
            as_bytes(key, "key"),
            as_bytes(cert, "cert"),
            as_bytes_list(chain, "chain"),
            bool(detached),
            st,
            bool(sid_by_ski),
        ),
    )


def cosign(
    envelope: BytesLike,
    key: BytesLike,
    cert: BytesLike,
    chain: Sequence[BytesLike] = (),
    *,
    content: Optional[BytesLike] = None,
    signing_time: Optional[_dt.datetime] = None,
    output: str = "der",
    sid_by_ski: bool = False,
) -> Union[bytes, str]:
    """Add a signature to an existing envelope (DER, PEM or base64), as KalkanCrypt
    co-signs: the earlier SignerInfos, their unsigned attributes (timestamps) and the
    certificates stay byte for byte; the new signer's certificate and ``chain`` are added
    where missing. ``content``: the signed content of a detached envelope. Every earlier
    signature must verify over the content, else EgovSignError with ``code ==
    "COSIGN_REFUSED"``. Otherwise as :func:`sign`.
    """
    return _signed(
        output,
        signing_time,
        lambda st: _native.cosign(
            as_bytes(envelope, "envelope"),
            as_bytes(content, "content") if content is not None else None,
            as_bytes(key, "key"),
            as_bytes(cert, "cert"),
            as_bytes_list(chain, "chain"),
            st,
            bool(sid_by_ski),
        ),
    )


def sign_xml(
    document: Union[BytesLike, str, "Request", "ResultDocument"],
    key: BytesLike,
    cert: BytesLike,
    *,
    kind: Optional[str] = None,
    iin_checksum: str = "strict",
    canonicalization: str = "inclusive",
    by_id: bool = False,
) -> bytes:
    """Sign a document as XML with one enveloped XMLDSig signature (``URI=""``,
    enveloped-signature + C14N, as KalkanCrypt signs) and return the signed XML (UTF-8).

    ``document``: a :class:`Request` / :class:`ResultDocument`, or its JSON or XML bytes
    (``kind`` "request" — the default for bytes — "result", or "any" for arbitrary XML).
    A document is validated first; JSON becomes its XML form. An already signed XML
    document gets one more sibling ``ds:Signature`` whose digest covers the earlier ones
    (sequential co-signing; verify the earlier ones first). ``key``: PKCS#8 (RSA, ECDSA,
    GOST 34.10-2004 / 2015); ``cert``: its certificate. ``canonicalization``: "inclusive"
    (C14N 1.0) or "exclusive"; ``by_id``: reference the document element by its ID
    (``URI="#id"``) instead of ``URI=""``. Raises InvalidDocumentError, InvalidKeyError,
    MalformedInputError.
    """
    if isinstance(document, Request):
        data, k = document.to_json(), "request"
    elif isinstance(document, ResultDocument):
        data, k = document.to_json(), "result"
    elif isinstance(document, str):
        data, k = document.encode("utf-8"), "request"
    else:
        data, k = as_bytes(document, "document"), "request"
    if kind is not None:
        k = kind  # the core's names; it refuses a receipt (no XML form)
    signed = _native.sign_xml(
        data,
        k,
        as_bytes(key, "key"),
        as_bytes(cert, "cert"),
        iin_checksum,
        str(canonicalization),
        bool(by_id),
    )
    return signed.encode("utf-8")


def is_xml(data: BytesLike) -> bool:
    """True when ``data`` is XML by content (its first non-blank byte after an optional
    UTF-8 BOM is ``<``) — the rule :meth:`Verifier.verify` uses to tell XML from CMS."""
    return _native.is_xml(as_bytes(data, "data"))


def inspect(data: BytesLike) -> Union[Dict[str, Any], List[Dict[str, Any]]]:
    """What ``data`` holds — certificates, CRLs or a CMS envelope, DER, PEM or base64 —
    described by the core, nothing verified (the JSON of ``egov-sign inspect --json``): a
    dict with ``type`` "certificate", "crl", "delta_crl" or "envelope", or a list of them
    for a bundle. Raises MalformedInputError when it is none of them."""
    result: Union[Dict[str, Any], List[Dict[str, Any]]] = _json.loads(
        _native.inspect(as_bytes(data, "data"))
    )
    return result


def _signed(
    output: str,
    signing_time: Optional[_dt.datetime],
    native: Callable[[Optional[Tuple[int, int]]], bytes],
) -> Union[bytes, str]:
    """The one path of :func:`sign`, :func:`cosign` and :class:`KeyStore`'s: check
    ``output``, convert ``signing_time``, call the core, encode its DER."""
    if output not in ("der", "pem", "base64"):
        raise ConfigError(f"output must be 'der', 'pem' or 'base64', not {output!r}", "CONFIG")
    der = native(instant(signing_time, "signing_time") if signing_time is not None else None)
    if output == "der":
        return der
    if output == "pem":
        return _native.envelope_to_pem(der)
    return _base64.b64encode(der).decode("ascii")


class KeyEntry:
    """One key of a :class:`KeyStore`: ``alias`` (friendlyName; KalkanCrypt writes the hex
    of the key id), ``local_key_id``, ``algorithm`` (the name of the signature algorithm),
    ``certificate`` (DER, checked to hold the key's public key) and ``chain`` (the store's
    certificates above it). The private key itself never leaves the core."""

    __slots__ = ("alias", "local_key_id", "algorithm", "certificate", "chain")

    def __init__(
        self,
        alias: Optional[str],
        local_key_id: Optional[bytes],
        algorithm: str,
        certificate: Optional[bytes],
        chain: List[bytes],
    ) -> None:
        self.alias = alias
        self.local_key_id = local_key_id
        self.algorithm = algorithm
        self.certificate = certificate
        self.chain = chain

    def __repr__(self) -> str:
        return f"KeyEntry(alias={self.alias!r}, algorithm={self.algorithm!r})"


class KeyStore:
    """A PKCS#12 key store (``.p12``), as KalkanCrypt issues NCA keys (GOST, RSA) or
    OpenSSL writes them (PBES2 / legacy PBEs; RSA, ECDSA, Ed25519), read by the core.

    Raises KeyPasswordError (wrong password), MalformedInputError (damaged file),
    UnsupportedAlgorithmError, InvalidKeyError (a key not matching its certificate).
    The password is handed to the core and not kept (a Python ``str`` cannot be wiped;
    the core wipes its own copies).
    """

    __slots__ = ("_ks",)

    def __init__(self, data: BytesLike, password: str) -> None:
        if not isinstance(password, str):
            raise TypeError("password must be str")
        self._ks = _native.KeyStore(as_bytes(data, "data"), password)

    def __repr__(self) -> str:
        return f"KeyStore(entries={self.entries!r})"

    @property
    def entries(self) -> List[KeyEntry]:
        """The key entries (no secrets)."""
        return [KeyEntry(*e) for e in self._ks.entries()]

    @property
    def certificates(self) -> List[bytes]:
        """Every certificate in the store (DER)."""
        return self._ks.certificates()

    def sign(
        self,
        content: BytesLike,
        alias: Optional[str] = None,
        chain: Sequence[BytesLike] = (),
        *,
        detached: bool = False,
        signing_time: Optional[_dt.datetime] = None,
        output: str = "der",
        sid_by_ski: bool = False,
    ) -> Union[bytes, str]:
        """Sign ``content`` with the entry ``alias`` (None: the only entry), embedding its
        certificate and chain; otherwise as :func:`sign`."""
        if alias is not None and not isinstance(alias, str):
            raise TypeError("alias must be str or None")
        return _signed(
            output,
            signing_time,
            lambda st: self._ks.sign(
                alias,
                as_bytes(content, "content"),
                as_bytes_list(chain, "chain"),
                bool(detached),
                st,
                bool(sid_by_ski),
            ),
        )

    def cosign(
        self,
        envelope: BytesLike,
        alias: Optional[str] = None,
        chain: Sequence[BytesLike] = (),
        *,
        content: Optional[BytesLike] = None,
        signing_time: Optional[_dt.datetime] = None,
        output: str = "der",
        sid_by_ski: bool = False,
    ) -> Union[bytes, str]:
        """Co-sign ``envelope`` with the entry ``alias`` (None: the only entry); otherwise
        as :func:`cosign`."""
        if alias is not None and not isinstance(alias, str):
            raise TypeError("alias must be str or None")
        return _signed(
            output,
            signing_time,
            lambda st: self._ks.cosign(
                alias,
                as_bytes(envelope, "envelope"),
                as_bytes(content, "content") if content is not None else None,
                as_bytes_list(chain, "chain"),
                st,
                bool(sid_by_ski),
            ),
        )


def envelope_to_pem(envelope: BytesLike) -> str:
    """PEM ("CMS") of an envelope given as DER, PEM or base64."""
    return _native.envelope_to_pem(as_bytes(envelope, "envelope"))


class Verifier:
    """A verifier configured once, then shared: thread-safe, immutable, and every
    verification releases the GIL.

    ``anchors``: trusted root certificates; ``intermediates``: CA certificates for path
    building (not trusted by themselves); ``crls``: CRLs (each checked once, here). Each is
    a bytes value or a list of them, DER or PEM (a PEM may hold several).

    Policy: ``revocation`` "chain" (default, every certificate but the anchor needs a CRL),
    "end-entity" or "none"; ``iin_checksum`` "strict" (default) or "lenient" (NCA test
    certificates); ``operator_bins`` / ``provider_bins``: BINs of the ЦОН organisations and
    of the service providers (nobody is trusted until configured); ``document_key_usage``
    "sign" (default: authentication keys are refused) or "any". ``service_rules``: the
    service × channel matrix and deadlines (a dict or JSON str, as :func:`service_rules`
    returns; default the seeds, "almaty_city"); ``calendar_years``: year files (JSON) loaded
    over the embedded working-day calendar of Kazakhstan, replacing a year it holds.

    Time-stamps and OCSP (no network I/O): ``tsa_anchors`` / ``tsa_intermediates``: the
    trust for signature-time-stamp tokens (RFC 3161), **separate** from the document
    anchors — a token that verifies is reported (``Report.timestamp``), and with
    ``at="timestamp"`` the signer is judged at its genTime; ``ocsp_responses``: OCSP
    responses (DER) the caller fetched, each verified (signature, CertID, freshness) when a
    certificate needs revocation status; ``revocation_source`` "any" (default: a good
    answer from either source is enough, a revocation from either wins), "crl" or "ocsp".

    ``certificate_cache``: how many parsed signer certificates the verifier keeps (default
    256, 0 = off). Only the parse is kept; signature, validity, revocation and identity are
    checked on every call, so the cache never changes a report.

    Raises ConfigError (no anchor, bad option), MalformedInputError, InvalidBinError.
    """

    __slots__ = ("_v",)

    def __init__(
        self,
        anchors: Union[BytesLike, Iterable[BytesLike]],
        intermediates: Union[BytesLike, Iterable[BytesLike]] = (),
        crls: Union[BytesLike, Iterable[BytesLike]] = (),
        *,
        revocation: str = "chain",
        iin_checksum: str = "strict",
        operator_bins: Iterable[str] = (),
        provider_bins: Iterable[str] = (),
        document_key_usage: str = "sign",
        certificate_cache: int = 256,
        service_rules: Union[str, Dict[str, Any], None] = None,
        calendar_years: Iterable[BytesLike] = (),
        tsa_anchors: Union[BytesLike, Iterable[BytesLike]] = (),
        tsa_intermediates: Union[BytesLike, Iterable[BytesLike]] = (),
        ocsp_responses: Union[BytesLike, Iterable[BytesLike]] = (),
        revocation_source: str = "any",
    ) -> None:
        if not isinstance(revocation_source, str):
            raise TypeError("revocation_source must be str")
        if not isinstance(revocation, str) or not isinstance(iin_checksum, str):
            raise TypeError("revocation and iin_checksum must be str")
        if not isinstance(document_key_usage, str):
            raise TypeError("document_key_usage must be str")
        if (
            not isinstance(certificate_cache, int)
            or isinstance(certificate_cache, bool)
            or not 0 <= certificate_cache <= 1_000_000
        ):
            raise ConfigError("certificate_cache must be an int from 0 to 1000000")
        self._v = _native.Verifier(
            as_bytes_list(anchors, "anchors"),
            as_bytes_list(intermediates, "intermediates"),
            as_bytes_list(crls, "crls"),
            revocation,
            iin_checksum,
            as_str_list(operator_bins, "operator_bins"),
            as_str_list(provider_bins, "provider_bins"),
            document_key_usage,
            certificate_cache,
            _rules_json(service_rules),
            as_bytes_list(calendar_years, "calendar_years"),
            as_bytes_list(tsa_anchors, "tsa_anchors"),
            as_bytes_list(tsa_intermediates, "tsa_intermediates"),
            as_bytes_list(ocsp_responses, "ocsp_responses"),
            revocation_source,
        )

    def _verify(
        self,
        envelope: BytesLike,
        kind: str,
        at: AtSpec,
        content: Optional[BytesLike],
        request: Optional[BytesLike],
        form: str = "auto",
    ) -> Report:
        mode, secs, micros = time_spec(at)
        json_text, indication, refusal = self._v.verify(
            as_bytes(envelope, "envelope"),
            kind,
            mode,
            secs,
            micros,
            None if content is None else as_bytes(content, "content"),
            None if request is None else as_bytes(request, "request"),
            form,
        )
        return Report(json_text, indication, refusal)

    def verify(
        self,
        signed: BytesLike,
        *,
        kind: str = "request",
        at: AtSpec = None,
        content: Optional[BytesLike] = None,
        request: Optional[BytesLike] = None,
    ) -> Report:
        """Verify a signed document in either form — a CMS envelope (DER, PEM or base64) or
        a signed XML document (enveloped XMLDSig), told apart by content (:func:`is_xml`)
        — as ``kind`` ("request", "result", "receipt" or "any"). The same options and the
        same Report: for XML, ``Report.signers`` holds one entry per ``ds:Signature`` with
        ``covers``, the path of the element it signs; the document rules apply only to a
        document element a signature covers."""
        return self._verify(signed, kind, at, content, request)

    def verify_xml(
        self,
        xml: BytesLike,
        *,
        kind: str = "request",
        at: AtSpec = None,
        request: Optional[BytesLike] = None,
    ) -> Report:
        """Verify a signed XML document (no detection: CMS input is refused as XML) as
        ``kind``; as :meth:`verify`. Raises MalformedInputError for XML refused before any
        work (DTD / entities, limits, not well-formed, duplicate IDs, no signature)."""
        return self._verify(xml, kind, at, None, request, "xml")

    def verify_request(
        self,
        envelope: BytesLike,
        *,
        at: AtSpec = None,
        content: Optional[BytesLike] = None,
    ) -> Report:
        """Verify a request envelope (DER, PEM or base64): signature, path, revocation,
        signing key and the request's channel rules.

        ``at``: None (now), an aware datetime, "signing-time" (the signed signingTime
        attribute, the signer's own claim: indeterminate when missing, and at best
        indeterminate with SIGNING_TIME_UNPROVEN when the signature is not valid now and no
        time-stamp proves the time), or "timestamp" (the time proven by the signer's
        signature-time-stamp token, verified against ``tsa_anchors``: TIMESTAMP_MISSING /
        TIMESTAMP_INVALID, indeterminate, without one). ``content``: the content of a detached
        envelope. Returns a Report for anything that parses (an invalid signature is a
        report, not an exception); raises MalformedInputError otherwise.
        """
        return self._verify(envelope, "request", at, content, None)

    def verify_result(
        self,
        envelope: BytesLike,
        *,
        request: Optional[BytesLike] = None,
        at: AtSpec = None,
        content: Optional[BytesLike] = None,
    ) -> Report:
        """Verify a result envelope: as :meth:`verify_request`, with the official's BIN /
        IIN / role rules and, given ``request`` (the request envelope), the binding to it."""
        return self._verify(envelope, "result", at, content, request)

    def verify_receipt(
        self,
        envelope: BytesLike,
        *,
        at: AtSpec = None,
        content: Optional[BytesLike] = None,
    ) -> Report:
        """Verify a ЦОН receipt refusing documents for an incomplete package (002:120): as
        :meth:`verify_request`, signed by an operator of a configured ``operator_bins``
        organisation; bound to no request (none exists yet)."""
        return self._verify(envelope, "receipt", at, content, None)

    def verify_envelope(
        self,
        envelope: BytesLike,
        *,
        at: AtSpec = None,
        content: Optional[BytesLike] = None,
    ) -> Report:
        """Verify an envelope with arbitrary content: signature, path, revocation only."""
        return self._verify(envelope, "any", at, content, None)

    def verify_chain(
        self,
        cert: BytesLike,
        intermediates: BytesLike = b"",
        usage: str = "sign",
        at: Optional[_dt.datetime] = None,
    ) -> Report:
        """Verify a certificate (DER or PEM; further PEM certificates are intermediates):
        path, validity, revocation, key usage ("sign" or "any") at ``at`` (default now)."""
        if at is None:
            mode, secs, micros = "now", 0, 0
        else:
            secs, micros = instant(at, "at")
            mode = "at"
        json_text, indication, refusal = self._v.verify_chain(
            as_bytes(cert, "cert"),
            as_bytes(intermediates, "intermediates"),
            usage,
            mode,
            secs,
            micros,
        )
        return Report(json_text, indication, refusal)

    @property
    def certificate_cache(self) -> Tuple[int, int]:
        """(certificates held now, capacity) of the parsed-certificate cache."""
        return self._v.certificate_cache()

    @property
    def rejected_crls(self) -> List[Tuple[str, str, str]]:
        """CRLs rejected when the verifier was built: (issuer, code, detail)."""
        return self._v.rejected_crls()

    def __repr__(self) -> str:
        return "<egov_sign.Verifier>"
