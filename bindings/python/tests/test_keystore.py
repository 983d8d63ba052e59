"""PKCS#12 key stores through the Python binding: the real KalkanCrypt store signs a request
that verifies against the real NCA test CA; OpenSSL stores; wrong password; damage."""

import datetime as dt
import pathlib

import pytest

import egov_sign
from egov_sign import KeyPasswordError, KeyStore, MalformedInputError, Verifier

TESTDATA = pathlib.Path(__file__).resolve().parents[3] / "testdata"
KALKAN = TESTDATA / "nca" / "kalkan_individual_2023.p12"
AT = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def kalkan_request() -> bytes:
    text = (TESTDATA / "pki" / "request.json").read_text(encoding="utf-8")
    text = text.replace("871008401427", "123456789011")
    return text.replace("2026-11-23T02:39:41Z", "2023-12-31T09:00:00Z").encode()


def test_kalkan_store_signs_and_verifies_against_nca_test_ca():
    assert KALKAN.is_file(), f"{KALKAN} missing"
    ks = KeyStore(KALKAN.read_bytes(), "Qwerty12")
    [entry] = ks.entries
    assert entry.alias == "8147287582df9bb4710e461804acd49b88bf45c4"
    assert "GOST 34.10-2015" in entry.algorithm
    assert "Qwerty12" not in repr(ks)
    env = ks.sign(kalkan_request(), signing_time=AT)
    v = Verifier(
        anchors=[(TESTDATA / "nca" / "root_test_gost_2022.cer").read_bytes()],
        intermediates=[(TESTDATA / "nca" / "nca_gost2015_test.cer").read_bytes()],
        revocation="none",
        iin_checksum="lenient",
    )
    r = v.verify_request(env, at=AT)
    assert r.is_valid, r.findings
    assert "GOST" in r.signature_algorithm


def test_wrong_password_and_damage():
    data = KALKAN.read_bytes()
    with pytest.raises(KeyPasswordError) as e:
        KeyStore(data, "qwerty12")
    assert e.value.code == "KEY_PASSWORD"
    with pytest.raises(MalformedInputError):
        KeyStore(data[:-100], "Qwerty12")
    with pytest.raises(egov_sign.EgovSignError):
        KeyStore(b"", "Qwerty12")


@pytest.mark.parametrize("alg", ["rsa", "p256", "ed25519"])
@pytest.mark.parametrize("kind", ["pbes2", "legacy"])
def test_openssl_stores(alg, kind):
    ks = KeyStore((TESTDATA / "p12" / f"{alg}_{kind}.p12").read_bytes(), "test-pass")
    [entry] = ks.entries
    assert entry.alias == alg
    assert entry.certificate == ks.certificates[0]
    assert ks.sign(b"hello", output="pem").startswith("-----BEGIN CMS-----")


def test_several_entries_by_alias():
    ks = KeyStore((TESTDATA / "p12" / "two_entries.p12").read_bytes(), "test-pass")
    assert [e.alias for e in ks.entries] == ["rsa", "p256"]
    with pytest.raises(egov_sign.InvalidKeyError, match="choose one by alias"):
        ks.sign(b"x")
    assert ks.sign(b"x", "p256")
    with pytest.raises(egov_sign.InvalidKeyError):
        ks.sign(b"x", "nope")
