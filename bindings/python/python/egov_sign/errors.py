"""The exception hierarchy of egov_sign.

Every exception raised for a problem with the input or the configuration derives from
:class:`EgovSignError` and carries ``.code``, the core's stable ``Error::code()``
(``"MALFORMED"``, ``"TOO_LARGE"``, ``"JSON_INVALID"``, ``"IIN_INVALID"``, ...).

An *invalid signature is not an exception*: verification returns a
:class:`egov_sign.Report` whose indication is ``"invalid"`` or ``"indeterminate"``.
Exceptions are for input that cannot be understood at all (:class:`MalformedInputError`),
invalid documents, keys or configuration.
"""

from __future__ import annotations


class EgovSignError(Exception):
    """Base class. ``code``: the core's stable error code; ``malformed_input``: True when
    the input could not be understood (malformed, oversized, invalid document / IIN)."""

    code: str
    malformed_input: bool

    def __init__(self, message: str, code: str = "ERROR", malformed_input: bool = False) -> None:
        super().__init__(message, code, malformed_input)
        self.message = message
        self.code = code
        self.malformed_input = malformed_input

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


class MalformedInputError(EgovSignError, ValueError):
    """Bytes that are not DER / PEM / base64 / JSON of the expected structure, or an input
    over a size limit (``code == "TOO_LARGE"``)."""


class InvalidDocumentError(EgovSignError, ValueError):
    """A document that parsed but breaks a rule of its schema (``code == "DOCUMENT_INVALID"``)."""


class InvalidIinError(EgovSignError, ValueError):
    """An IIN that is not valid under the checksum policy in force (``code == "IIN_INVALID"``)."""


class InvalidBinError(InvalidIinError):
    """A BIN that is not valid under the checksum policy in force (``code == "BIN_INVALID"``)."""


class InvalidKeyError(EgovSignError, ValueError):
    """A private key that cannot be used, or a certificate that does not match it."""


class KeyPasswordError(EgovSignError, ValueError):
    """The password of a key store (PKCS#12) is wrong (``code == "KEY_PASSWORD"``); a
    damaged key store is a :class:`MalformedInputError` instead."""


class UnsupportedAlgorithmError(EgovSignError):
    """An algorithm (signature, digest, key type, curve) the core does not support."""


class ConfigError(EgovSignError, ValueError):
    """A bad option (verifier, policy, time), or no trust anchor configured."""


class TimestampError(EgovSignError):
    """A time-stamp token or TSA response that does not prove anything
    (``code == "TIMESTAMP_INVALID"``); ``reason`` says why, one of ``NOT_A_TIMESTAMP_TOKEN``,
    ``TSA_CERTIFICATE_MISSING``, ``SIGNATURE_INVALID``, ``SIGNING_CERTIFICATE``,
    ``NOT_A_TIMESTAMPING_CERTIFICATE``, ``TSA_PATH_INVALID``, ``UNSUPPORTED_HASH``,
    ``IMPRINT_MISMATCH``, ``NONCE_MISMATCH``, ``POLICY_NOT_ACCEPTED``, ``REJECTED`` (the TSA
    refused the request). Bytes that do not parse raise :class:`MalformedInputError`."""

    reason: str

    def __init__(
        self,
        message: str,
        code: str = "TIMESTAMP_INVALID",
        malformed_input: bool = False,
        reason: str = "",
    ) -> None:
        super().__init__(message, code, malformed_input)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.message} [{self.code}: {self.reason}]"


class OcspError(EgovSignError):
    """An OCSP response that is no evidence about the certificate
    (``code == "OCSP_INVALID"``); ``reason`` says why, one of ``NOT_SUCCESSFUL``,
    ``UNSUPPORTED_RESPONSE_TYPE``, ``RESPONDER_NOT_AUTHORIZED``, ``SIGNATURE_INVALID``,
    ``NO_MATCHING_RESPONSE``, ``UNSUPPORTED_HASH``, ``NOT_YET_VALID``, ``STALE``,
    ``NONCE_MISMATCH``, ``UNKNOWN_CRITICAL_EXTENSION``. A *revoked* answer is not an
    exception: it is a verified result with ``status == "revoked"``."""

    reason: str

    def __init__(
        self,
        message: str,
        code: str = "OCSP_INVALID",
        malformed_input: bool = False,
        reason: str = "",
    ) -> None:
        super().__init__(message, code, malformed_input)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.message} [{self.code}: {self.reason}]"


__all__ = [
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
]
