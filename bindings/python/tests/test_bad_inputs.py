"""Bad inputs: typed exceptions, distinguishable from an invalid signature (a Report)."""

import datetime as dt

import pytest

import egov_sign
from egov_sign import (
    ConfigError,
    EgovSignError,
    InvalidBinError,
    InvalidDocumentError,
    InvalidIinError,
    InvalidKeyError,
    MalformedInputError,
    Verifier,
)


@pytest.fixture(scope="module")
def v(p256):
    return p256.verifier()


@pytest.fixture(scope="module")
def env(p256):
    return p256.sign(p256.citizen_sign, p256.citizen_portal_request())


@pytest.mark.parametrize(
    "data", [b"", b"garbage garbage", b"\x30\x03\x02\x01", b"-----BEGIN CMS-----\nAAAA\n-----END CMS-----\n"]
)
def test_not_der_is_malformed_input(v, p256, data):
    with pytest.raises(MalformedInputError) as e:
        v.verify_request(data, at=p256.now)
    assert isinstance(e.value, EgovSignError) and isinstance(e.value, ValueError)
    assert e.value.code == "MALFORMED"
    assert e.value.malformed_input is True
    assert "MALFORMED" in str(e.value)


def test_every_truncation_is_an_exception_never_a_crash(v, p256, env):
    for n in range(0, len(env), 7):
        with pytest.raises(MalformedInputError):
            v.verify_request(env[:n], at=p256.now)


def test_huge_envelope_is_too_large(v, p256):
    huge = b"\x30" * (egov_sign.MAX_ENVELOPE_SIZE + 1)
    with pytest.raises(MalformedInputError) as e:
        v.verify_request(huge, at=p256.now)
    assert e.value.code == "TOO_LARGE"


def test_huge_certificate_and_content_are_too_large(p256):
    with pytest.raises(MalformedInputError) as e:
        Verifier([b"\x30" * (64 * 1024 + 1)])
    assert e.value.code == "TOO_LARGE"
    with pytest.raises(MalformedInputError) as e:
        egov_sign.sign(
            b"x" * (egov_sign.MAX_ENVELOPE_SIZE + 1), p256.citizen_sign.key, p256.citizen_sign.cert
        )
    assert e.value.code == "TOO_LARGE"


def test_bad_chain_options(v, p256):
    with pytest.raises(ConfigError):
        v.verify_chain(p256.citizen_sign.cert, usage="encrypt")
    with pytest.raises(ConfigError):
        v.verify_chain(p256.citizen_sign.cert, at=dt.datetime(2025, 1, 1))
    with pytest.raises(MalformedInputError):
        v.verify_chain(b"not a certificate")


def test_huge_document_json_is_too_large():
    with pytest.raises(MalformedInputError) as e:
        egov_sign.Request.from_json(b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert e.value.code == "TOO_LARGE"


@pytest.mark.parametrize("bad", ["a string", 42, None, [b"x"], 3.5])
def test_wrong_envelope_type_is_type_error(v, bad):
    with pytest.raises(TypeError):
        v.verify_request(bad)


def test_wrong_types_elsewhere_are_type_errors(v, p256, env):
    with pytest.raises(TypeError):
        v.verify_request(env, at=12345)
    with pytest.raises(TypeError):
        v.verify_request(env, content="text")
    with pytest.raises(TypeError):
        Verifier("root.pem")
    with pytest.raises(TypeError):
        Verifier([p256.root.cert, "x"])
    with pytest.raises(TypeError):
        egov_sign.sign("text", p256.citizen_sign.key, p256.citizen_sign.cert)
    with pytest.raises(TypeError):
        egov_sign.Iin(871008401427)


def test_bytearray_and_memoryview_are_accepted(v, p256, env):
    assert v.verify_request(bytearray(env), at=p256.now).is_valid
    assert v.verify_request(memoryview(env), at=p256.now).is_valid


def test_naive_datetime_is_rejected(v, env):
    with pytest.raises(ConfigError) as e:
        v.verify_request(env, at=dt.datetime(2025, 1, 1))
    assert e.value.code == "CONFIG"


def test_aware_datetime_in_any_zone_is_the_same_instant(v, p256, env):
    almaty = dt.timezone(dt.timedelta(hours=5))
    r1 = v.verify_request(env, at=p256.now)
    r2 = v.verify_request(env, at=p256.now.astimezone(almaty))
    assert r1.verification_time == r2.verification_time


def test_bad_options_are_config_errors(p256, env):
    with pytest.raises(ConfigError):
        p256.verifier(revocation="sometimes")
    with pytest.raises(ConfigError):
        p256.verifier(iin_checksum="loose")
    with pytest.raises(ConfigError):
        p256.verifier().verify_request(env, at="yesterday")
    with pytest.raises(ConfigError) as e:
        Verifier([])
    assert e.value.code == "CONFIG"
    with pytest.raises(ConfigError):
        egov_sign.sign(b"x", p256.citizen_sign.key, p256.citizen_sign.cert, output="xml")
    with pytest.raises(InvalidBinError) as e:
        p256.verifier(operator_bins=["940140000386"])
    assert e.value.code == "BIN_INVALID"


def test_bad_certificates_and_crls_are_malformed(p256):
    with pytest.raises(MalformedInputError):
        Verifier([b"\x30\x00"])
    with pytest.raises(MalformedInputError):
        Verifier([p256.root.cert], crls=[b"not a crl"])


def test_bad_key_and_mismatched_cert(p256):
    with pytest.raises(InvalidKeyError) as e:
        egov_sign.sign(b"x", b"\x30\x03\x02\x01\x00", p256.citizen_sign.cert)
    assert e.value.code == "KEY_INVALID"
    with pytest.raises(InvalidKeyError) as e:
        egov_sign.sign(b"x", p256.citizen_sign.key, p256.citizen2_sign.cert)
    assert e.value.code == "CERT_KEY_MISMATCH"


def test_bad_request_envelope_for_result_is_an_error(v, p256, env):
    with pytest.raises(MalformedInputError):
        v.verify_result(env, request=b"not an envelope", at=p256.now)


def test_invalid_signature_is_a_report_not_an_exception(v, p256, env):
    t = bytearray(env)
    t[-5] ^= 1
    r = v.verify_request(bytes(t), at=p256.now)
    assert r.indication == "invalid" and r.has("SIGNATURE_INVALID")


def test_iin_and_bin_helpers():
    iin = egov_sign.Iin("871008401427")
    assert str(iin) == "871008401427"
    assert iin.birth_date == dt.date(1987, 10, 8)
    assert iin.sex == "female"
    with pytest.raises(InvalidIinError) as e:
        egov_sign.Iin("871008401428")
    assert e.value.code == "IIN_INVALID" and "check digit" in e.value.message
    with pytest.raises(InvalidIinError):
        egov_sign.Iin("87100840142")
    assert not egov_sign.Iin.is_valid("123456789011")
    assert egov_sign.Iin.is_valid("123456789011", iin_checksum="lenient")
    b = egov_sign.Bin("940140000385")
    assert b.registration_month == 1 and b.entity_type == "resident_legal_entity"
    assert b.attribute == "head_office"
    with pytest.raises(InvalidBinError) as e:
        egov_sign.Bin("940140000386")
    assert isinstance(e.value, InvalidIinError) and e.value.code == "BIN_INVALID"


def test_invalid_documents_raise(p256):
    good = p256.citizen_portal_request()
    assert egov_sign.Request.from_json(good).to_json() == good
    with pytest.raises(MalformedInputError) as e:
        egov_sign.Request.from_json(b"{not json")
    assert e.value.code == "JSON_INVALID"
    with pytest.raises(MalformedInputError) as e:
        egov_sign.Request.from_json(good.replace(b'"channel"', b'"extra":1,"channel"'))
    assert e.value.code == "JSON_INVALID"
    with pytest.raises(InvalidIinError):
        egov_sign.Request.from_json(good.replace(p256.CITIZEN_IIN.encode(), b"871008401428"))
    d = egov_sign.Request.from_json(good).to_dict()
    d["operator"] = {"iin": p256.OPERATOR_IIN, "bin": p256.CON_BIN}
    with pytest.raises(InvalidDocumentError) as e:
        egov_sign.build_request(d)
    assert e.value.code == "DOCUMENT_INVALID"
