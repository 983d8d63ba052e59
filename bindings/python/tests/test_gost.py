"""Kazakh GOST (34.10-2015 512-bit, 34.310-2004) through the Python binding: the core's GOST
verification and signing, nothing re-implemented."""

import base64
import datetime as dt
import os
import pathlib

import pytest

import egov_sign
from egov_sign import Verifier
from egov_sign.testing import TestPki

# The shared NCA test set: EGOV_SIGN_NCA_DIR (as the Rust tests), else ../shared/nca-test-pki.
NCA = pathlib.Path(
    os.environ.get("EGOV_SIGN_NCA_DIR")
    or pathlib.Path(__file__).resolve().parents[3].parent / "shared" / "nca-test-pki"
)


@pytest.fixture(scope="module", params=["gost2015", "gost2004"])
def gost(request) -> TestPki:
    return TestPki(request.param)


def test_gost_request_valid_revoked_and_tampered(gost):
    v = gost.verifier()
    env = gost.sign(gost.citizen_sign, gost.citizen_portal_request())
    r = v.verify_request(env, at=gost.now)
    assert r.is_valid, r.findings
    assert "GOST" in r.signature_algorithm
    revoked = gost.sign(gost.revoked_sign, gost.citizen_portal_request())
    assert v.verify_request(revoked, at=gost.now).codes == ["CERT_REVOKED"]
    bad = bytearray(env)
    bad[-3] ^= 0x01
    assert "SIGNATURE_INVALID" in v.verify_request(bytes(bad), at=gost.now).codes


def test_real_nca_gost_certificate_chains_at_2022_06_01():
    assert NCA.is_dir(), f"{NCA} missing: the NCA test files live in ../shared/nca-test-pki"
    v = Verifier(
        anchors=[(NCA / "nca_gost_test.crt").read_bytes()],
        crls=[(NCA / "nca_gost_test.crl").read_bytes()],
        iin_checksum="lenient",
    )
    ceo = (NCA / "ceo_valid_sign_2004_gost.cer").read_bytes()
    at = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc)
    r = v.verify_chain(ceo, at=at)
    assert r.is_valid, r.findings
    assert r.signer["role"] == "first_head"
    assert r.signer["iin"] == "123456789011"
    # The same certificate (PEM → DER) with one signature byte flipped does not chain.
    der = base64.b64decode("".join(l for l in ceo.decode().splitlines() if not l.startswith("-----")))
    assert v.verify_chain(der, at=at).is_valid
    bad = bytearray(der)
    bad[-5] ^= 0x01
    r = v.verify_chain(bytes(bad), at=at)
    assert not r.is_valid


def test_unknown_family_is_a_config_error():
    with pytest.raises(egov_sign.ConfigError):
        TestPki("gost1994")
