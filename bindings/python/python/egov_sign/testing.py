"""The core's generated test PKI (NCA profile) and matching sample documents.

For tests and demos only — never configure these certificates as production trust.

    >>> from egov_sign.testing import TestPki
    >>> pki = TestPki("p256")                                   # doctest: +SKIP
    >>> env = pki.sign(pki.citizen_sign, pki.citizen_portal_request())  # doctest: +SKIP
    >>> pki.verifier().verify_request(env, at=pki.now).is_valid  # doctest: +SKIP
    True
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterable, Optional, Union, cast

from . import Verifier, _native, sign
from ._util import BytesLike, as_bytes, instant


class Issued:
    """A certificate of the test PKI with its key: ``cert`` (DER), ``key`` (PKCS#8 DER),
    ``iin``, ``bin``, ``role``, ``usage``, ``issuer`` (name), ``purpose``, ``serial``."""

    __slots__ = ("name", "cert", "key", "iin", "bin", "role", "usage", "issuer", "purpose", "serial")
    name: str
    cert: bytes
    key: bytes
    iin: Optional[str]
    bin: Optional[str]
    role: str
    usage: str
    issuer: str
    purpose: str
    serial: str

    def __init__(self, d: Dict[str, Any]) -> None:
        for k in self.__slots__:
            setattr(self, k, d[k])

    def __repr__(self) -> str:
        return f"<Issued {self.name} iin={self.iin} bin={self.bin}>"


class Crls:
    """The test PKI's CRLs (DER): root_full, ca_full, ca_delta, ca_stale,
    ca_wrong_signature, other_root_full, ca_unknown_critical, ca_entry_unknown_critical."""

    root_full: bytes
    ca_full: bytes
    ca_delta: bytes
    ca_stale: bytes
    ca_wrong_signature: bytes
    other_root_full: bytes
    ca_unknown_critical: bytes
    ca_entry_unknown_critical: bytes

    def __init__(self, d: Dict[str, bytes]) -> None:
        self._d = dict(d)
        for k, v in d.items():
            setattr(self, k, v)

    def names(self) -> Iterable[str]:
        return list(self._d)


class Responders:
    """The test PKI's time-stamping authority and delegated OCSP responder (offline; tests
    only): ``tsa_cert`` (its TSA anchor is the PKI's root, the CA its intermediate) and
    ``ocsp_cert`` (DER), and the answers to :func:`egov_sign.timestamp_request` /
    :func:`egov_sign.ocsp_request` requests."""

    __test__ = False

    def __init__(self, native: Any) -> None:
        self._r = native
        self.tsa_cert: bytes = native.tsa_cert()
        self.ocsp_cert: bytes = native.ocsp_cert()

    def timestamp_response(
        self,
        request: BytesLike,
        gen_time: _dt.datetime,
        *,
        serial: int = 1,
        accuracy_seconds: Optional[int] = None,
        embed_certificate: bool = True,
    ) -> bytes:
        """A granted TimeStampResp (DER) with genTime ``gen_time``."""
        return cast(
            bytes,
            self._r.tsa_respond(
                as_bytes(request, "request"),
                instant(gen_time, "gen_time")[0],
                serial,
                accuracy_seconds,
                embed_certificate,
            ),
        )

    def ocsp_response(
        self,
        request: BytesLike,
        this_update: _dt.datetime,
        *,
        next_update: Optional[_dt.datetime] = None,
        status: str = "good",
        revocation_time: Optional[_dt.datetime] = None,
        reason: Optional[int] = None,
    ) -> bytes:
        """An OCSPResponse (DER) answering every CertID of ``request`` with ``status``
        ("good", "revoked" with ``revocation_time`` and ``reason`` code, "unknown",
        "non-issued"); the request's nonce is echoed."""
        return cast(
            bytes,
            self._r.ocsp_respond(
                as_bytes(request, "request"),
                instant(this_update, "this_update")[0],
                None if next_update is None else instant(next_update, "next_update")[0],
                status,
                None if revocation_time is None else instant(revocation_time, "revocation_time")[0],
                reason,
            ),
        )


class TestPki:
    """A freshly generated test PKI (``family`` "p256", "rsa", "gost2015" or "gost2004"; ``now`` an aware datetime,
    default the current time). Attributes: every certificate of the core's TestPki as an
    :class:`Issued` (``root``, ``ca``, ``citizen_sign``, ``citizen_auth``,
    ``operator_sign``, ``provider_head_sign``, ``revoked_sign``, ``expired_sign``, ...),
    ``crls``, ``now`` (the generation instant, whole seconds, UTC) and the identities
    (``CITIZEN_IIN``, ``CON_BIN``, ``PROVIDER_BIN``, ...)."""

    __test__ = False  # not a pytest test class

    root: Issued
    ca: Issued
    other_root: Issued
    untrusted_sign: Issued
    citizen_sign: Issued
    citizen_auth: Issued
    citizen2_sign: Issued
    representative_sign: Issued
    operator_sign: Issued
    provider_head_sign: Issued
    provider_employee_sign: Issued
    provider_signer_sign: Issued
    revoked_sign: Issued
    on_hold_sign: Issued
    unheld_sign: Issued
    delta_revoked_sign: Issued
    expired_sign: Issued
    not_yet_valid_sign: Issued
    not_ca: Issued
    issued_by_not_ca: Issued
    CITIZEN_IIN: str
    CITIZEN2_IIN: str
    REPRESENTATIVE_IIN: str
    OPERATOR_IIN: str
    PROVIDER_HEAD_IIN: str
    PROVIDER_EMPLOYEE_IIN: str
    PROVIDER_SIGNER_IIN: str
    CON_BIN: str
    PROVIDER_BIN: str

    def __init__(self, family: str = "p256", now: Optional[_dt.datetime] = None) -> None:
        secs = instant(now, "now")[0] if now is not None else None
        d = cast(Dict[str, Any], _native.generate_test_pki(family, secs))
        self.family: str = d["family"]
        self.now: _dt.datetime = _dt.datetime.fromtimestamp(d["generated_at"], _dt.timezone.utc)
        self._issued = {name: Issued(v) for name, v in d["issued"].items()}
        for name, issued in self._issued.items():
            setattr(self, name, issued)
        self.crls = Crls(d["crls"])
        self.responders = Responders(d["responders"])
        for k, v in d["constants"].items():
            setattr(self, k, v)

    def issued(self, name: str) -> Issued:
        return self._issued[name]

    def names(self) -> Iterable[str]:
        return list(self._issued)

    # -- convenience -----------------------------------------------------------------

    def verifier(
        self,
        crls: Optional[Iterable[bytes]] = None,
        **policy: Any,
    ) -> Verifier:
        """Root as anchor, the CA as intermediate, ``crls`` (default: root_full, ca_full,
        ca_delta); ``operator_bins`` / ``provider_bins`` default to the PKI's ЦОН and
        provider BINs; other keywords go to :class:`Verifier`."""
        if crls is None:
            crls = [self.crls.root_full, self.crls.ca_full, self.crls.ca_delta]
        policy.setdefault("operator_bins", [self.CON_BIN])
        policy.setdefault("provider_bins", [self.PROVIDER_BIN])
        return Verifier([self.root.cert], [self.ca.cert], list(crls), **policy)

    def sign(
        self,
        who: Union[Issued, str],
        content: Union[bytes, Any],
        *,
        chain: Optional[Iterable[bytes]] = None,
        detached: bool = False,
        signing_time: Union[_dt.datetime, None, str] = "now",
        output: str = "der",
    ) -> Any:
        """Sign ``content`` (bytes, or a Request / ResultDocument) as ``who`` with the CA
        in the chain; ``signing_time`` defaults to the PKI's ``now`` (None omits it)."""
        if isinstance(who, str):
            who = self.issued(who)
        if hasattr(content, "to_json"):
            content = content.to_json()
        st: Optional[_dt.datetime]
        if isinstance(signing_time, str):
            if signing_time != "now":
                raise ValueError("signing_time must be a datetime, None or 'now'")
            st = self.now
        else:
            st = signing_time
        return sign(
            content,
            who.key,
            who.cert,
            list(chain) if chain is not None else [self.ca.cert],
            detached=detached,
            signing_time=st,
            output=output,
        )

    # -- sample documents (canonical JSON bytes, created at ``at`` or the PKI's now) -----

    def _at(self, at: Optional[_dt.datetime]) -> int:
        return instant(at or self.now, "at")[0]

    def citizen_portal_request(self, at: Optional[_dt.datetime] = None) -> bytes:
        return _native.sample_document("citizen_portal_request", self._at(at))

    def portal_queue_request(self, applicant_iin: str, at: Optional[_dt.datetime] = None) -> bytes:
        return _native.sample_document("portal_queue_request", self._at(at), applicant_iin)

    def citizen_con_request(self, at: Optional[_dt.datetime] = None) -> bytes:
        return _native.sample_document("citizen_con_request", self._at(at))

    def con_queue_request(self, operator_bin: str, at: Optional[_dt.datetime] = None) -> bytes:
        return _native.sample_document("con_queue_request", self._at(at), operator_bin)

    def provider_queue_request(
        self, employee_iin: str, bin: str, at: Optional[_dt.datetime] = None
    ) -> bytes:
        return _native.sample_document("provider_queue_request", self._at(at), employee_iin, bin)

    def queue_result(
        self,
        request_envelope: BytesLike,
        official_iin: str,
        queue_number: int,
        at: Optional[_dt.datetime] = None,
    ) -> bytes:
        return _native.sample_document(
            "queue_result",
            self._at(at),
            official_iin,
            None,
            as_bytes(request_envelope, "request_envelope"),
            queue_number,
        )

    def head_queue_result(self, request_envelope: BytesLike, at: Optional[_dt.datetime] = None) -> bytes:
        return _native.sample_document(
            "head_queue_result",
            self._at(at),
            None,
            None,
            as_bytes(request_envelope, "request_envelope"),
        )


__all__ = ["TestPki", "Issued", "Crls", "Responders"]
