"""Time-stamps (RFC 3161) and OCSP responses (RFC 6960) the caller already holds.

No network I/O: build the request here (:func:`timestamp_request`, :func:`ocsp_request`),
send it with your own HTTP client (``Content-Type: application/timestamp-query`` to the
NCA's TSA, ``application/ocsp-request`` to its OCSP responder), and give the answer back
(:func:`embed_timestamp`, :func:`verify_ocsp_response`, or ``Verifier(ocsp_responses=...)``).
Every check is the core's (``egov_sign::tsp`` / ``egov_sign::ocsp``).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from . import _native
from ._util import BytesLike, as_bytes, as_bytes_list, as_str_list, instant


class VerifiedTimestamp:
    """A time-stamp token that verified: ``gen_time`` (RFC 3339 text, as in the report),
    ``gen_datetime`` (aware datetime, whole seconds), ``accuracy_micros``, ``tsa`` (the TSA
    certificate's subject), ``policy`` (dotted), ``policy_name`` (the NCA name, e.g.
    ``tsa_gost2015_policy``), ``signature_algorithm``, ``serial`` (hex), ``path`` (TSA
    certificate first, anchor last), ``hash_algorithm`` (dotted, of the imprint),
    ``nonce`` (hex). ``to_dict()``: the core's JSON fields."""

    __slots__ = (
        "gen_time",
        "accuracy_micros",
        "tsa",
        "policy",
        "policy_name",
        "signature_algorithm",
        "serial",
        "path",
        "hash_algorithm",
        "nonce",
        "_d",
    )

    def __init__(self, json_text: str) -> None:
        d: Dict[str, Any] = _json.loads(json_text)
        self._d = d
        self.gen_time: str = d["gen_time"]
        self.accuracy_micros: Optional[int] = d.get("accuracy_micros")
        self.tsa: str = d["tsa"]
        self.policy: str = d["policy"]
        self.policy_name: Optional[str] = d.get("policy_name")
        self.signature_algorithm: str = d["signature_algorithm"]
        self.serial: str = d["serial"]
        self.path: List[str] = list(d["path"])
        self.hash_algorithm: str = d["hash_algorithm"]
        self.nonce: Optional[str] = d.get("nonce")

    @property
    def gen_datetime(self) -> _dt.datetime:
        return _parse_time(self.gen_time)

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._d)

    def __repr__(self) -> str:
        return f"VerifiedTimestamp(gen_time={self.gen_time!r}, tsa={self.tsa!r}, policy={self.policy!r})"


class OcspResult:
    """A verified OCSP answer: ``status`` ("good", "revoked" or "unknown"; a "non-issued"
    answer is "unknown" with ``non_issued``), ``reason`` (revoked: RFC 5280 name such as
    "keyCompromise"), ``revocation_time``, ``produced_at``, ``this_update``,
    ``next_update`` (RFC 3339 text), ``responder``, ``delegated``, ``responder_unchecked``
    (a delegated responder without id-pkix-ocsp-nocheck: its own status is yours to check),
    ``signature_algorithm``. ``to_dict()``: the core's JSON fields."""

    __slots__ = (
        "status",
        "reason",
        "revocation_time",
        "non_issued",
        "produced_at",
        "this_update",
        "next_update",
        "responder",
        "delegated",
        "responder_unchecked",
        "signature_algorithm",
        "_d",
    )

    def __init__(self, json_text: str) -> None:
        d: Dict[str, Any] = _json.loads(json_text)
        self._d = d
        self.status: str = d["status"]
        self.reason: Optional[str] = d.get("reason")
        self.revocation_time: Optional[str] = d.get("revocation_time")
        self.non_issued: bool = d["non_issued"]
        self.produced_at: str = d["produced_at"]
        self.this_update: str = d["this_update"]
        self.next_update: Optional[str] = d.get("next_update")
        self.responder: str = d["responder"]
        self.delegated: bool = d["delegated"]
        self.responder_unchecked: bool = d["responder_unchecked"]
        self.signature_algorithm: str = d["signature_algorithm"]

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._d)

    def __repr__(self) -> str:
        return f"OcspResult(status={self.status!r}, this_update={self.this_update!r})"


def _parse_time(text: str) -> _dt.datetime:
    """An instant as the core writes it (``inspect::rfc3339``: UTC, ``Z``, a fraction of any
    length when there is one) as an aware datetime; digits beyond microseconds are cut."""
    base, _, fraction = text.rstrip("Z").partition(".")
    t = _dt.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=_dt.timezone.utc)
    return t.replace(microsecond=int((fraction + "000000")[:6])) if fraction else t


def _opt_bytes(value: Optional[BytesLike], name: str) -> Optional[bytes]:
    return None if value is None else as_bytes(value, name)


def _opt_index(value: Optional[int]) -> Optional[int]:
    """A SignerInfo index; None: the envelope's only SignerInfo (the core refuses an envelope
    with several)."""
    return None if value is None else int(value)


def verify_timestamp_token(
    token: BytesLike,
    *,
    tsa_anchors: Union[BytesLike, Iterable[BytesLike]],
    signature_value: Optional[BytesLike] = None,
    envelope: Optional[BytesLike] = None,
    signer_index: Optional[int] = None,
    tsa_intermediates: Union[BytesLike, Iterable[BytesLike]] = (),
    nonce: Optional[BytesLike] = None,
    policies: Iterable[str] = (),
) -> VerifiedTimestamp:
    """Verify an RFC 3161 TimeStampToken (DER, PEM or base64) over a time-stamped datum:
    ``signature_value`` (the value of a SignerInfo's ``signature``), or the signature value
    of SignerInfo ``signer_index`` of ``envelope`` — exactly one of them.

    Checks (the core's): the TSA's CMS signature and signingCertificate(V2), its
    certificate's critical id-kp-timeStamping extKeyUsage and its path to ``tsa_anchors``
    (separate from the document anchors; ``tsa_intermediates`` may hold the TSA
    certificate) at genTime, the messageImprint, the ``nonce`` (INTEGER octets) when given,
    the policy when ``policies`` (dotted OIDs) is not empty.

    Raises :class:`TimestampError` (``reason`` says why) or MalformedInputError.
    """
    if (signature_value is None) == (envelope is None):
        raise ValueError("give exactly one of signature_value and envelope")
    return VerifiedTimestamp(
        _native.verify_timestamp_token(
            as_bytes(token, "token"),
            _opt_bytes(signature_value, "signature_value"),
            _opt_bytes(envelope, "envelope"),
            _opt_index(signer_index),
            as_bytes_list(tsa_anchors, "tsa_anchors"),
            as_bytes_list(tsa_intermediates, "tsa_intermediates"),
            _opt_bytes(nonce, "nonce"),
            as_str_list(policies, "policies"),
        )
    )


def timestamp_request(
    envelope: BytesLike,
    signer_index: Optional[int] = None,
    *,
    hash: Optional[str] = None,
    nonce: Optional[BytesLike] = None,
    policy: Optional[str] = None,
) -> bytes:
    """The DER TimeStampReq (RFC 3161 §2.4.1) for SignerInfo ``signer_index`` of
    ``envelope``: the imprint is ``hash`` ("sha256", "sha384", "sha512", "streebog512",
    "gost34311"; default: the signer's digest algorithm) of its signature value; certReq
    set; ``nonce`` (INTEGER octets) and ``policy`` (dotted OID, e.g. "1.2.398.3.3.2.6.4")
    optional. POST it to the TSA, then give the answer to :func:`embed_timestamp`."""
    return _native.timestamp_request(
        as_bytes(envelope, "envelope"),
        _opt_index(signer_index),
        hash,
        _opt_bytes(nonce, "nonce"),
        policy,
    )


def embed_timestamp(
    envelope: BytesLike,
    tsa_response: BytesLike,
    *,
    tsa_anchors: Union[BytesLike, Iterable[BytesLike]],
    tsa_intermediates: Union[BytesLike, Iterable[BytesLike]] = (),
    nonce: Optional[BytesLike] = None,
    signer_index: Optional[int] = None,
) -> Tuple[bytes, VerifiedTimestamp]:
    """Check a TSA's TimeStampResp (DER) for the envelope's signature and embed its token as
    the signer's signatureTimeStampToken (earlier tokens are kept). The token must verify
    (as :func:`verify_timestamp_token`, with ``nonce`` when the request had one) before
    anything is embedded. Returns (new envelope DER, the verified token). Raises
    :class:`TimestampError` (``reason == "REJECTED"`` when the TSA refused).
    ``signer_index`` is the SignerInfo stamped; without it an envelope with several
    SignerInfos is refused (the token must be checked against the right signature)."""
    der, json_text = _native.embed_timestamp(
        as_bytes(envelope, "envelope"),
        _opt_index(signer_index),
        as_bytes(tsa_response, "tsa_response"),
        as_bytes_list(tsa_anchors, "tsa_anchors"),
        as_bytes_list(tsa_intermediates, "tsa_intermediates"),
        _opt_bytes(nonce, "nonce"),
    )
    return der, VerifiedTimestamp(json_text)


def ocsp_request(
    certificate: BytesLike,
    issuer: BytesLike,
    nonce: Optional[BytesLike] = None,
    *,
    hash: str = "sha1",
) -> bytes:
    """The DER OCSPRequest (RFC 6960) about ``certificate`` issued by ``issuer`` (DER or
    PEM). CertID hash "sha1" (default; what responders expect) or "sha256"; ``nonce``: 1 to
    32 octets (RFC 8954). POST it to the responder."""
    return _native.ocsp_request(
        as_bytes(certificate, "certificate"),
        as_bytes(issuer, "issuer"),
        hash,
        _opt_bytes(nonce, "nonce"),
    )


def verify_ocsp_response(
    response: BytesLike,
    certificate: BytesLike,
    issuer: BytesLike,
    at: Optional[_dt.datetime] = None,
    nonce: Optional[BytesLike] = None,
    *,
    max_age: Optional[int] = None,
) -> OcspResult:
    """Verify an OCSPResponse (DER, PEM or base64) about ``certificate`` issued by
    ``issuer`` at ``at`` (aware datetime; default now): signed by the CA or a delegated
    responder it issued (id-kp-OCSPSigning), CertID, thisUpdate/nextUpdate freshness (no
    nextUpdate: ``max_age`` seconds, default 3600), the ``nonce`` when given. A revoked
    answer is a result (``status == "revoked"``), not an exception. Raises
    :class:`OcspError` or MalformedInputError."""
    if at is None:
        mode, secs, micros = "now", 0, 0
    else:
        secs, micros = instant(at, "at")
        mode = "at"
    return OcspResult(
        _native.verify_ocsp_response(
            as_bytes(response, "response"),
            as_bytes(certificate, "certificate"),
            as_bytes(issuer, "issuer"),
            mode,
            secs,
            micros,
            _opt_bytes(nonce, "nonce"),
            max_age,
        )
    )


def signature_timestamp_tokens(
    envelope: BytesLike, signer_index: Optional[int] = None
) -> List[bytes]:
    """The signature-time-stamp tokens (DER) embedded in SignerInfo ``signer_index`` of
    ``envelope``, as found (not verified: see :func:`verify_timestamp_token`)."""
    return list(_native.signature_timestamp_tokens(
            as_bytes(envelope, "envelope"), _opt_index(signer_index)
        ))


def envelope_certificates(envelope: BytesLike) -> List[bytes]:
    """The certificates (DER) carried by a CMS envelope or a time-stamp token (not
    verified; e.g. to pin a TSA certificate as a TSA anchor)."""
    return list(_native.envelope_certificates(as_bytes(envelope, "envelope")))


__all__ = [
    "VerifiedTimestamp",
    "OcspResult",
    "verify_timestamp_token",
    "timestamp_request",
    "embed_timestamp",
    "ocsp_request",
    "verify_ocsp_response",
    "signature_timestamp_tokens",
    "envelope_certificates",
]
