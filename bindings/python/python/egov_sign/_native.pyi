"""Type stubs of the extension module egov_sign._native (use the egov_sign facade)."""

from typing import Dict, List, Optional, Tuple

MAX_ENVELOPE_SIZE: int
MAX_JSON_SIZE: int

class Verifier:
    def __new__(
        cls,
        anchors: List[bytes],
        intermediates: List[bytes],
        crls: List[bytes],
        revocation: str,
        iin_checksum: str,
        operator_bins: List[str],
        provider_bins: List[str],
        document_key_usage: str,
        certificate_cache: int,
        service_rules: Optional[str] = ...,
        calendar_years: List[bytes] = ...,
        tsa_anchors: List[bytes] = ...,
        tsa_intermediates: List[bytes] = ...,
        ocsp_responses: List[bytes] = ...,
        revocation_source: str = ...,
    ) -> "Verifier": ...
    def verify(
        self,
        envelope: bytes,
        kind: str,
        mode: str,
        secs: int,
        micros: int,
        content: Optional[bytes],
        request: Optional[bytes],
        form: str = ...,
    ) -> Tuple[str, str, Optional[Tuple[str, str, str]]]: ...
    def verify_chain(
        self, cert: bytes, intermediates: bytes, usage: str, mode: str, secs: int, micros: int
    ) -> Tuple[str, str, Optional[Tuple[str, str, str]]]: ...
    def certificate_cache(self) -> Tuple[int, int]: ...
    def rejected_crls(self) -> List[Tuple[str, str, str]]: ...

class KeyStore:
    def __new__(cls, data: bytes, password: str) -> "KeyStore": ...
    def entries(
        self,
    ) -> List[Tuple[Optional[str], Optional[bytes], str, Optional[bytes], List[bytes]]]: ...
    def certificates(self) -> List[bytes]: ...
    def sign(
        self,
        alias: Optional[str],
        content: bytes,
        chain: List[bytes],
        detached: bool,
        signing_time: Optional[Tuple[int, int]],
        sid_by_ski: bool,
    ) -> bytes: ...
    def cosign(
        self,
        alias: Optional[str],
        envelope: bytes,
        content: Optional[bytes],
        chain: List[bytes],
        signing_time: Optional[Tuple[int, int]],
        sid_by_ski: bool,
    ) -> bytes: ...

class Calendar:
    def __new__(cls, years: List[bytes] = ...) -> "Calendar": ...
    def years(self) -> List[int]: ...
    def is_working_day(self, y: int, m: int, d: int) -> Optional[bool]: ...
    def add_working_days(
        self, y: int, m: int, d: int, n: int
    ) -> Optional[Tuple[int, int, int]]: ...
    def deadline(
        self, service: str, y: int, m: int, d: int, rules: Optional[str] = ...
    ) -> Optional[Tuple[int, int, int]]: ...

def receipt_from_json(json: bytes, iin_checksum: str) -> bytes: ...
def service_rules(name: str) -> str: ...
def service_matrix(rules: Optional[str] = ...) -> List[Tuple[str, str, bool]]: ...
def sign(
    content: bytes,
    key: bytes,
    cert: bytes,
    chain: List[bytes],
    detached: bool,
    signing_time: Optional[Tuple[int, int]],
    sid_by_ski: bool,
) -> bytes: ...
def cosign(
    envelope: bytes,
    content: Optional[bytes],
    key: bytes,
    cert: bytes,
    chain: List[bytes],
    signing_time: Optional[Tuple[int, int]],
    sid_by_ski: bool,
) -> bytes: ...
def envelope_der(envelope: bytes) -> bytes: ...
def request_ref(registration_number: str, request_envelope: bytes) -> Tuple[str, str]: ...
def envelope_to_pem(envelope: bytes) -> str: ...
def request_from_json(json: bytes, iin_checksum: str) -> bytes: ...
def result_from_json(json: bytes, iin_checksum: str) -> bytes: ...
def request_from_xml(xml: bytes, iin_checksum: str) -> bytes: ...
def result_from_xml(xml: bytes, iin_checksum: str) -> bytes: ...
def request_to_xml(json: bytes, iin_checksum: str) -> bytes: ...
def result_to_xml(json: bytes, iin_checksum: str) -> bytes: ...
def sign_xml(
    document: bytes,
    kind: str,
    key: bytes,
    cert: bytes,
    iin_checksum: str,
    canonicalization: str,
    by_id: bool,
) -> str: ...
def is_xml(data: bytes) -> bool: ...
def build_result_json(json: bytes, iin_checksum: str) -> bytes: ...
def build_request_json(json: bytes, iin_checksum: str) -> bytes: ...
def lang_name(lang: str) -> str: ...
def inspect(data: bytes) -> str: ...
def parse_iin(value: str, iin_checksum: str) -> Tuple[str, Optional[Tuple[int, int, int]], Optional[str]]: ...
def parse_bin(
    value: str, iin_checksum: str
) -> Tuple[str, Optional[int], Optional[str], Optional[str]]: ...
def message(code: str, lang: str) -> Optional[str]: ...
def codes() -> List[str]: ...
def generate_test_pki(family: str, now: Optional[int]) -> Dict[str, object]: ...

class TestResponders:
    def tsa_cert(self) -> bytes: ...
    def ocsp_cert(self) -> bytes: ...
    def tsa_respond(
        self,
        request: bytes,
        gen_time: int,
        serial: int,
        accuracy_seconds: Optional[int],
        embed_certificate: bool,
    ) -> bytes: ...
    def ocsp_respond(
        self,
        request: bytes,
        this_update: int,
        next_update: Optional[int],
        status: str,
        revocation_time: Optional[int] = ...,
        reason: Optional[int] = ...,
    ) -> bytes: ...

def verify_timestamp_token(
    token: bytes,
    signature_value: Optional[bytes],
    envelope: Optional[bytes],
    signer_index: Optional[int],
    tsa_anchors: List[bytes],
    tsa_intermediates: List[bytes],
    nonce: Optional[bytes],
    policies: List[str],
) -> str: ...
def timestamp_request(
    envelope: bytes,
    signer_index: Optional[int],
    hash: Optional[str],
    nonce: Optional[bytes],
    policy: Optional[str],
) -> bytes: ...
def embed_timestamp(
    envelope: bytes,
    signer_index: Optional[int],
    response: bytes,
    tsa_anchors: List[bytes],
    tsa_intermediates: List[bytes],
    nonce: Optional[bytes],
) -> Tuple[bytes, str]: ...
def ocsp_request(
    cert: bytes, issuer: bytes, hash: Optional[str], nonce: Optional[bytes]
) -> bytes: ...
def verify_ocsp_response(
    response: bytes,
    cert: bytes,
    issuer: bytes,
    mode: str,
    secs: int,
    micros: int,
    nonce: Optional[bytes],
    max_age: Optional[int],
) -> str: ...
def signature_timestamp_tokens(envelope: bytes, signer_index: Optional[int]) -> List[bytes]: ...
def envelope_certificates(envelope: bytes) -> List[bytes]: ...
def sample_document(
    name: str,
    at: int,
    arg: Optional[str] = ...,
    arg2: Optional[str] = ...,
    request_envelope: Optional[bytes] = ...,
    number: int = ...,
) -> bytes: ...
