"""Argument shaping shared by the facade (no verification logic)."""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, List, Optional, Tuple, Union

from .errors import ConfigError

BytesLike = Union[bytes, bytearray, memoryview]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def as_bytes(value: object, name: str) -> bytes:
    """``bytes`` as is; ``bytearray`` / ``memoryview`` copied; anything else a TypeError."""
    if isinstance(value, bytes):
        return value if type(value) is bytes else bytes(value)
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{name} must be bytes, not {type(value).__name__}")


def as_bytes_list(value: object, name: str) -> List[bytes]:
    """One bytes value, or an iterable of them."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return [as_bytes(value, name)]
    if isinstance(value, str) or value is None:
        raise TypeError(f"{name} must be bytes or a list of bytes, not {type(value).__name__}")
    try:
        items = list(value)  # type: ignore[call-overload,unused-ignore]
    except TypeError:
        raise TypeError(
            f"{name} must be bytes or a list of bytes, not {type(value).__name__}"
        ) from None
    return [as_bytes(v, name) for v in items]


def as_str_list(value: Optional[Iterable[str]], name: str) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    out = list(value)
    for v in out:
        if not isinstance(v, str):
            raise TypeError(f"{name} must hold str, not {type(v).__name__}")
    return out


def instant(value: _dt.datetime, name: str = "time") -> Tuple[int, int]:
    """An aware datetime as (Unix seconds, microseconds).

    Naive datetimes are rejected (ConfigError): an instant without a time zone is ambiguous
    and a verification time must not silently depend on the server's local zone. Pass
    ``datetime.now(timezone.utc)`` or any aware datetime.
    """
    if not isinstance(value, _dt.datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ConfigError(
            f"{name} is a naive datetime: pass an aware one (e.g. datetime.now(timezone.utc))",
            "CONFIG",
        )
    d = value - _EPOCH
    return d.days * 86400 + d.seconds, d.microseconds


def time_spec(at: object, name: str = "at") -> Tuple[str, int, int]:
    """``None`` → now, ``"signing-time"`` → the envelope's signingTime (a claim: see
    SIGNING_TIME_UNPROVEN), ``"timestamp"`` → the time proven by the signer's
    signature-time-stamp token, datetime → that instant."""
    if at is None:
        return "now", 0, 0
    if isinstance(at, str):
        if at in ("signing-time", "signing_time"):
            return "signing-time", 0, 0
        if at == "timestamp":
            return "timestamp", 0, 0
        raise ConfigError(
            f"{name} must be a datetime, None, 'signing-time' or 'timestamp', not {at!r}", "CONFIG"
        )
    if not isinstance(at, _dt.datetime):
        raise TypeError(
            f"{name} must be a datetime, None, 'signing-time' or 'timestamp', not {type(at).__name__}"
        )
    secs, micros = instant(at, name)
    return "at", secs, micros


def rfc3339(value: _dt.datetime) -> str:
    """An aware datetime as RFC 3339 in UTC with ``Z`` (the documents' format)."""
    instant(value, "datetime")
    text = value.astimezone(_dt.timezone.utc).replace(tzinfo=None).isoformat()
    return text + "Z"
