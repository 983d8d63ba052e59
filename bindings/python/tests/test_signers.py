"""Several signers (issue 15) from Python: a report per signer, the applicant's signature
found among several, co-signing with a key and with the real KalkanCrypt key store, the
real KalkanCrypt two-signer envelope (GOST + RSA)."""

import datetime as dt
import pathlib

import pytest

import egov_sign
from egov_sign import KeyStore, Verifier, cosign

TESTDATA = pathlib.Path(__file__).resolve().parents[3] / "testdata"
KALKAN = TESTDATA / "nca" / "kalkan_individual_2023.p12"
AT = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def test_cosigned_request_reports_each_signer(pki):
    env = pki.sign(pki.citizen_sign, pki.citizen_portal_request())
    two = cosign(env, pki.citizen2_sign.key, pki.citizen2_sign.cert, [pki.ca.cert],
                 signing_time=pki.now)
    r = pki.verifier().verify_request(two, at=pki.now)
    assert r.is_valid, r.findings
    assert len(r.signers) == 2
    assert [s["indication"] for s in r.signers] == ["valid", "valid"]
    assert r.signers[0]["document_signer"] and not r.signers[1]["document_signer"]
    assert r.signer["iin"] == pki.CITIZEN_IIN
    assert r.signers[1]["signer"]["iin"] != pki.CITIZEN_IIN


def test_applicant_second_and_no_applicant(p256):
    p = p256
    req = p.citizen_portal_request()
    first = p.sign(p.citizen2_sign, req)
    two = cosign(first, p.citizen_sign.key, p.citizen_sign.cert, signing_time=p.now)
    r = p.verifier().verify_request(two, at=p.now)
    assert r.is_valid, r.findings
    assert r.signers[1]["document_signer"]
    assert r.signer["iin"] == p.CITIZEN_IIN
    # Without the applicant's signature: invalid.
    other = cosign(first, p.representative_sign.key, p.representative_sign.cert,
                   signing_time=p.now)
    r = p.verifier().verify_request(other, at=p.now)
    assert r.indication == "invalid"
    assert r.has("IIN_MISMATCH")


def test_detached_cosign_and_refusal(p256):
    p = p256
    req = p.citizen_portal_request()
    det = p.sign(p.citizen_sign, req, detached=True)
    two = cosign(det, p.citizen2_sign.key, p.citizen2_sign.cert, content=req, output="pem")
    assert two.startswith("-----BEGIN CMS-----")
    r = p.verifier().verify_request(two.encode(), content=req, at=p.now)
    assert r.is_valid, r.findings
    assert len(r.signers) == 2
    with pytest.raises(egov_sign.EgovSignError) as e:
        cosign(det, p.citizen2_sign.key, p.citizen2_sign.cert, content=b"other")
    assert e.value.code == "COSIGN_REFUSED"
    with pytest.raises(egov_sign.EgovSignError) as e:
        cosign(det, p.citizen2_sign.key, p.citizen2_sign.cert)
    assert e.value.code == "CONTENT_MISSING"


def test_kalkan_store_cosigns_the_real_kalkan_envelope():
    env = (TESTDATA / "kalkan" / "ncanode_one_signer_rsa.p7s").read_bytes()
    ks = KeyStore(KALKAN.read_bytes(), "Qwerty12")
    two = ks.cosign(env, signing_time=AT)
    v = Verifier(
        anchors=[(TESTDATA / "nca" / "root_test_gost_2022.cer").read_bytes(),
                 (TESTDATA / "kalkan" / "nca_rsa_test.crt").read_bytes()],
        intermediates=[(TESTDATA / "nca" / "nca_gost2015_test.cer").read_bytes()],
        revocation="none",
        iin_checksum="lenient",
    )
    r = v.verify_envelope(two, at=AT)
    assert len(r.signers) == 2
    assert r.signers[1]["indication"] == "valid", r.signers[1]["findings"]
    assert "GOST" in r.signers[1]["signature_algorithm"]
    # The RSA signer's certificate expired in 2022: the envelope is not valid.
    assert any(f["code"] == "CERT_EXPIRED" for f in r.signers[0]["findings"])
    assert r.indication == "invalid"


def test_real_kalkan_two_signer_envelope():
    env = (TESTDATA / "kalkan" / "ncanode_two_signers_gost2015_rsa.p7s").read_bytes()
    v = Verifier(
        anchors=[(TESTDATA / "nca" / "root_test_gost_2022.cer").read_bytes(),
                 (TESTDATA / "kalkan" / "nca_rsa_test.crt").read_bytes()],
        intermediates=[(TESTDATA / "nca" / "nca_gost2015_test.cer").read_bytes()],
        crls=[(TESTDATA / "nca" / "nca_gost2022_test.crl").read_bytes()],
        revocation="end-entity",
        iin_checksum="lenient",
    )
    r = v.verify_envelope(env, at=dt.datetime(2022, 9, 27, 21, 30, tzinfo=dt.timezone.utc))
    assert [s["index"] for s in r.signers] == [0, 1]
    assert r.signers[0]["indication"] == "valid", r.signers[0]["findings"]
    assert any(f["code"] == "CERT_EXPIRED" for f in r.signers[1]["findings"])


def test_revoked_co_signer_is_named_as_a_co_signer(p256):
    p = p256
    env = p.sign(p.citizen_sign, p.citizen_portal_request())
    two = cosign(env, p.revoked_sign.key, p.revoked_sign.cert, signing_time=p.now)
    r = p.verifier().verify_request(two, at=p.now)
    assert r.indication == "invalid"
    f = next(f for f in r.findings if f.code == "CERT_REVOKED")
    # The applicant's signature holds: the refusal names a co-signer, not the applicant.
    assert f.signer == 1
    assert "подписантов" in f.message("ru") and "услугополучателя" not in f.message("ru")
    assert "co-signer" in f.message("en")


def test_inspect_is_the_cores_description(p256):
    """`inspect` (issue 19): the core's description of a certificate, a CRL and a
    two-signer envelope — the JSON of `egov-sign inspect --json` — nothing verified."""
    p = p256
    c = egov_sign.inspect(p.citizen_sign.cert)
    assert c["type"] == "certificate"
    assert c["iin"] == p.CITIZEN_IIN
    assert c["ekus"] and c["signature_algorithm"].count(".") > 2
    crl = egov_sign.inspect(p.crls.ca_full)
    assert crl["type"] == "crl" and crl["entries"] >= 3
    assert crl["this_update"].endswith("Z")
    assert egov_sign.inspect(p.crls.ca_delta)["type"] == "delta_crl"
    env = p.sign(p.citizen_sign, p.citizen_portal_request())
    two = cosign(env, p.citizen2_sign.key, p.citizen2_sign.cert, signing_time=p.now,
                 sid_by_ski=True)
    e = egov_sign.inspect(two)
    assert e["type"] == "envelope" and not e["detached"]
    assert e["signer"]["iin"] == p.CITIZEN_IIN
    assert [s["index"] for s in e["signers"]] == [0, 1]
    assert "serial" in e["signers"][0]["sid"] and "ski" in e["signers"][1]["sid"]
    assert e["signers"][1]["signer"]["iin"] == p.CITIZEN2_IIN
    # The JSON content keeps the document's own names.
    assert e["content"]["applicant"]["iin"] == p.CITIZEN_IIN
    with pytest.raises(egov_sign.MalformedInputError):
        egov_sign.inspect(b"not a certificate")


def test_refusal_text_is_the_cores_per_signer_kind(p256):
    """The refusal text is the core's `Report::refusal_text`: one line per finding code
    *and* signer kind. The facade's own rule (one line per code) dropped the co-signer's
    line when the document signer had the same finding."""
    p = p256
    env = p.sign(p.citizen_sign, p.citizen_portal_request())
    two = cosign(env, p.citizen2_sign.key, p.citizen2_sign.cert, signing_time=p.now)
    expiry = dt.datetime.fromisoformat(
        egov_sign.inspect(p.citizen_sign.cert)["not_after"].replace("Z", "+00:00")
    )
    r = p.verifier(revocation="none").verify_request(two, at=expiry + dt.timedelta(days=1))
    assert r.indication == "invalid"
    expired = [f for f in r.findings if f.code == "CERT_EXPIRED"]
    assert {f.signer for f in expired} >= {None, 1}, r.findings
    for lang in ("ru", "kk", "en"):
        lines = r.refusal_text(lang).split("\n")
        for f in expired:
            assert f.message(lang) in lines, (lang, lines)
    assert p.verifier().verify_request(env, at=p.now).refusal_text("en") == ""
