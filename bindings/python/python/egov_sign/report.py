"""The verification report, built from the core's own JSON serialisation."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple, cast

from . import _native

LANGS = ("ru", "kk", "en")


class Finding:
    """One thing found wrong: a stable ``code``, the ``severity`` (indication it forces),
    the ``subject`` it is about (certificate subject, CRL issuer, document field), an
    English technical ``detail`` and refusal texts in ru / kk / en (:meth:`message`);
    ``signer`` is the index in :attr:`Report.signers` of a co-signer the finding is about
    (``None`` for the signature the document's rules name)."""

    __slots__ = ("code", "severity", "subject", "detail", "messages", "signer")

    def __init__(self, data: Dict[str, Any]) -> None:
        self.code: str = data["code"]
        self.severity: str = data["severity"]
        self.subject: Optional[str] = data.get("subject")
        self.detail: str = data["detail"]
        self.messages: Dict[str, str] = dict(data["message"])
        self.signer: Optional[int] = data.get("signer")

    def message(self, lang: str = "ru") -> str:
        """The refusal text in ``lang`` ("ru", "kk" or "en"; the core's ``Lang`` names)."""
        return self.messages[_native.lang_name(lang)]

    def __repr__(self) -> str:
        return f"Finding(code={self.code!r}, severity={self.severity!r}, detail={self.detail!r})"


class Report:
    """A verification report.

    ``indication`` is ``"valid"``, ``"invalid"`` or ``"indeterminate"``; only ``"valid"``
    means the document may be accepted. A report has no truth value (``if report:`` raises
    TypeError) so that it cannot be mistaken for a boolean: test :attr:`is_valid`.

    The JSON is the core's serialisation of its ``Report`` (parsed lazily, on first access
    of anything but the indication).
    """

    __slots__ = ("indication", "_json", "_data", "_refusal")

    def __init__(
        self,
        json_text: str,
        indication: str,
        refusal: Optional[Tuple[str, str, str]] = None,
    ) -> None:
        self.indication: str = indication
        self._json = json_text
        self._data: Optional[Dict[str, Any]] = None
        # The core's refusal texts (ru, kk, en); None when valid.
        self._refusal = refusal

    @property
    def _d(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = json.loads(self._json)
        return self._data

    @property
    def is_valid(self) -> bool:
        return self.indication == "valid"

    @property
    def findings(self) -> List[Finding]:
        return [Finding(f) for f in self._d["findings"]]

    @property
    def codes(self) -> List[str]:
        """The findings' codes in order, without repeats."""
        out: List[str] = []
        for f in self._d["findings"]:
            if f["code"] not in out:
                out.append(f["code"])
        return out

    def has(self, code: str) -> bool:
        return any(f["code"] == code for f in self._d["findings"])

    @property
    def signer(self) -> Optional[Dict[str, Any]]:
        """The signer certificate summary: subject, issuer, serial, not_before, not_after,
        iin, bin, name, organization, role, key, is_ca, sha256."""
        return self._d.get("signer")

    @property
    def signers(self) -> List[Dict[str, Any]]:
        """One dict per SignerInfo of the envelope, in its order: index, indication,
        findings (the core's JSON), document_signer (the signature the document's rules
        are checked against, e.g. the applicant's), signer, chain, signing_time,
        verification_time, signature_algorithm, and (when present) timestamp and revocation
        (as :attr:`timestamp` / :attr:`revocation`). Empty for a certificate report. The
        top-level :attr:`indication` is valid only if every signer's is."""
        return cast(List[Dict[str, Any]], self._d.get("signers", []))

    @property
    def timestamp(self) -> Optional[Dict[str, Any]]:
        """The document signer's signature-time-stamp (RFC 3161) that verified against the
        verifier's TSA anchors, if any: gen_time (RFC 3339), accuracy_micros (if stated),
        tsa (subject), policy (dotted), policy_name (NCA: ``tsa_gost2015_policy``, ...),
        signature_algorithm, serial (hex). Each entry of :attr:`signers` has its own."""
        return self._d.get("timestamp")

    @property
    def revocation(self) -> List[Dict[str, Any]]:
        """The revocation status of each certificate of the document signer's path that
        needed one: subject, serial, source ("crl", "ocsp" or "none"), status ("good",
        "revoked", "on_hold", "stale", "unknown"), and when known revocation_time, reason (the
        RFC 5280 CRLReason name: "keyCompromise", "certificateHold", ...),
        produced_at / this_update / next_update (OCSP) and responder. Each entry of
        :attr:`signers` has its own."""
        return cast(List[Dict[str, Any]], self._d.get("revocation", []))

    @property
    def chain(self) -> List[Dict[str, Any]]:
        """The validated chain (summaries), signer first, anchor last."""
        return cast(List[Dict[str, Any]], self._d["chain"])

    @property
    def document(self) -> Optional[Dict[str, Any]]:
        """The parsed request / result document, when it parsed."""
        return self._d.get("document")

    @property
    def signing_time(self) -> Optional[str]:
        return self._d.get("signing_time")

    @property
    def verification_time(self) -> str:
        return cast(str, self._d["verification_time"])

    @property
    def signature_algorithm(self) -> Optional[str]:
        return self._d.get("signature_algorithm")

    @property
    def envelope_sha256(self) -> Optional[str]:
        return self._d.get("envelope_sha256")

    def refusal_text(self, lang: str = "ru") -> str:
        """The core's refusal text in ``lang`` ("ru", "kk" or "en"): one line per distinct
        finding code and signer kind (the document's signer, a co-signer); empty for a
        valid report."""
        key = _native.lang_name(lang)
        if self._refusal is None:
            return ""
        return self._refusal[LANGS.index(key)]

    def to_dict(self) -> Dict[str, Any]:
        """A fresh dict of the whole report (the core's JSON structure)."""
        return cast(Dict[str, Any], json.loads(self._json))

    def to_json(self, indent: Optional[int] = None) -> str:
        """The core's JSON (compact), or re-indented with ``indent``."""
        if indent is None:
            return self._json
        return json.dumps(self._d, ensure_ascii=False, indent=indent)

    def __bool__(self) -> bool:
        raise TypeError("a Report has no truth value: test report.is_valid")

    def __repr__(self) -> str:
        return f"Report(indication={self.indication!r}, codes={self.codes!r})"
