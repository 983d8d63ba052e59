"""The core's acceptance scenarios (crates/egov-sign/tests/acceptance.rs), from Python."""

import datetime as dt
import hashlib

import pytest

import egov_sign
from egov_sign import Verifier, sign


def sign_req(pki, who, content=None, **kw):
    return pki.sign(who, content if content is not None else pki.citizen_portal_request(), **kw)


def test_valid_portal_request(pki):
    env = sign_req(pki, pki.citizen_sign)
    r = pki.verifier().verify_request(env, at=pki.now)
    assert r.indication == "valid", r.findings
    assert r.is_valid and r.findings == [] and r.codes == []
    assert r.signer["iin"] == pki.CITIZEN_IIN
    assert r.signer["role"] == "individual"
    assert len(r.chain) == 3
    assert r.chain[0]["sha256"] == r.signer["sha256"]
    assert r.document["channel"] == "portal"
    assert r.document["applicant"]["iin"] == pki.CITIZEN_IIN
    assert r.signing_time is not None
    assert len(r.envelope_sha256) == 64
    assert r.signature_algorithm
    assert r.refusal_text("ru") == ""


def test_pem_and_base64_envelopes_verify_the_same(p256):
    v = p256.verifier()
    der = sign_req(p256, p256.citizen_sign)
    pem = sign_req(p256, p256.citizen_sign, output="pem")
    b64 = sign_req(p256, p256.citizen_sign, output="base64")
    assert isinstance(pem, str) and pem.startswith("-----BEGIN CMS-----")
    for env in (der, pem.encode(), b64.encode()):
        r = v.verify_request(env, at=p256.now)
        assert r.is_valid, r.findings
    # PEM of a DER envelope is the same envelope (same DER hash in the report).
    pem_of_der = egov_sign.envelope_to_pem(der).encode()
    assert v.verify_request(pem_of_der, at=p256.now).envelope_sha256 == \
        v.verify_request(der, at=p256.now).envelope_sha256 == hashlib.sha256(der).hexdigest()


def test_iin_mismatch_invalid_with_texts_in_three_languages(p256):
    doc = p256.portal_queue_request(p256.CITIZEN2_IIN)
    r = p256.verifier().verify_request(sign_req(p256, p256.citizen_sign, doc), at=p256.now)
    assert r.indication == "invalid"
    assert r.codes == ["IIN_MISMATCH"]
    f = r.findings[0]
    assert "ИИН" in f.message("ru")
    assert "ЖСН" in f.message("kk")
    assert "IIN" in f.message("en")
    assert f.message("kz") == f.message("kk")
    assert r.refusal_text("ru") == f.message("ru")
    assert r.refusal_text("en") == egov_sign.message("IIN_MISMATCH", "en")
    with pytest.raises(ValueError):
        f.message("de")


def test_revoked_now_valid_earlier_delta_and_on_hold(pki):
    v = pki.verifier()
    env = sign_req(pki, pki.revoked_sign)
    assert v.verify_request(env, at=pki.now).codes == ["CERT_REVOKED"]
    assert v.verify_request(env, at=pki.now - dt.timedelta(days=20)).is_valid
    env = sign_req(pki, pki.delta_revoked_sign)
    assert v.verify_request(env, at=pki.now).codes == ["CERT_REVOKED"]
    # Without the delta CRL the same certificate is good.
    v_full = pki.verifier(crls=[pki.crls.root_full, pki.crls.ca_full])
    assert v_full.verify_request(env, at=pki.now).is_valid
    env = sign_req(pki, pki.on_hold_sign)
    assert v.verify_request(env, at=pki.now).codes == ["CERT_ON_HOLD"]


def test_expired_now_valid_earlier_not_at_unproven_signing_time(rsa):
    v = rsa.verifier()
    signed_at = rsa.now - dt.timedelta(days=2 * 365)
    env = sign_req(rsa, rsa.expired_sign, signing_time=signed_at)
    assert v.verify_request(env, at=rsa.now).codes == ["CERT_EXPIRED"]
    assert v.verify_request(env, at=signed_at).is_valid
    # Issue 16: the signer's own signingTime proves nothing; not valid now, so at best
    # indeterminate.
    r = v.verify_request(env, at="signing-time")
    assert r.indication == "indeterminate", r.findings
    assert r.codes == ["SIGNING_TIME_UNPROVEN"]
    # No signingTime attribute and the signing-time mode: indeterminate.
    env = sign_req(rsa, rsa.citizen_sign, signing_time=None)
    r = v.verify_request(env, at="signing-time")
    assert r.has("SIGNING_TIME_MISSING")
    assert r.indication != "valid"
    assert r.signing_time is None


def test_no_crl_is_indeterminate(p256):
    env = sign_req(p256, p256.citizen_sign)
    r = p256.verifier(crls=[]).verify_request(env, at=p256.now)
    assert (r.indication, r.codes) == ("indeterminate", ["REVOCATION_UNKNOWN"])
    # Relaxed explicitly, the same envelope is valid.
    r = p256.verifier(crls=[], revocation="none").verify_request(env, at=p256.now)
    assert r.is_valid


def test_stale_crl_is_indeterminate(p256):
    env = sign_req(p256, p256.citizen_sign)
    r = p256.verifier(crls=[p256.crls.root_full, p256.crls.ca_stale]).verify_request(env, at=p256.now)
    assert (r.indication, r.codes) == ("indeterminate", ["CRL_EXPIRED"])


def test_crl_with_wrong_signature_is_rejected(p256):
    env = sign_req(p256, p256.citizen_sign)
    v = p256.verifier(crls=[p256.crls.root_full, p256.crls.ca_wrong_signature])
    assert [c[1] for c in v.rejected_crls] == ["CRL_SIGNATURE_INVALID"]
    r = v.verify_request(env, at=p256.now)
    assert not r.is_valid and r.has("CRL_SIGNATURE_INVALID")


def _flip_content_byte(env: bytes, content: bytes) -> bytes:
    pos = env.index(content)
    i = pos + content.index(b"q")
    t = bytearray(env)
    t[i] = ord("Q")
    return bytes(t)


def test_tampered_content_and_signature(pki):
    v = pki.verifier()
    content = pki.citizen_portal_request()
    env = sign_req(pki, pki.citizen_sign, content)
    r = v.verify_request(_flip_content_byte(env, content), at=pki.now)
    assert r.indication == "invalid"
    assert r.has("DIGEST_MISMATCH"), r.findings
    t = bytearray(env)
    t[-5] ^= 0x01
    r = v.verify_request(bytes(t), at=pki.now)
    assert r.indication == "invalid"
    assert r.has("SIGNATURE_INVALID"), r.findings


def test_untrusted_root(p256):
    p = p256
    env = sign(p.citizen_portal_request(), p.untrusted_sign.key, p.untrusted_sign.cert, [p.other_root.cert])
    r = p.verifier().verify_request(env, at=p.now)
    assert (r.indication, r.codes) == ("indeterminate", ["CHAIN_UNTRUSTED"])
    assert r.chain == []


def test_auth_key_refused(p256):
    r = p256.verifier().verify_request(sign_req(p256, p256.citizen_auth), at=p256.now)
    assert (r.indication, r.codes) == ("invalid", ["KEY_USAGE"])
    assert r.signer["key"] == "auth"
    # A verifier that demands no particular key usage accepts it.
    assert p256.verifier(document_key_usage="any").verify_request(
        sign_req(p256, p256.citizen_auth), at=p256.now
    ).is_valid


def test_issuer_not_a_ca(p256):
    p = p256
    env = sign(
        p.citizen_portal_request(),
        p.issued_by_not_ca.key,
        p.issued_by_not_ca.cert,
        [p.not_ca.cert, p.ca.cert],
    )
    r = p.verifier().verify_request(env, at=p.now)
    assert r.indication == "invalid"
    assert r.has("CHAIN_INVALID"), r.findings


def test_con_operator_valid_other_bin_invalid(pki):
    doc = pki.citizen_con_request()
    env = sign_req(pki, pki.operator_sign, doc)
    r = pki.verifier().verify_request(env, at=pki.now)
    assert r.is_valid, r.findings
    assert r.document["channel"] == "con"
    r = pki.verifier(operator_bins=["950341000052"]).verify_request(env, at=pki.now)
    assert (r.indication, r.codes) == ("invalid", ["BIN_MISMATCH"])
    r = pki.verifier(operator_bins=[]).verify_request(env, at=pki.now)
    assert r.has("CHANNEL_NOT_ALLOWED")
    r = pki.verifier().verify_request(sign_req(pki, pki.citizen_sign, doc), at=pki.now)
    assert r.has("ROLE_NOT_ALLOWED") and r.has("IIN_MISMATCH")


def test_result_by_first_head_bound_unbound(pki):
    v = pki.verifier()
    req_env = sign_req(pki, pki.citizen_sign)
    env = pki.sign(pki.provider_head_sign, pki.head_queue_result(req_env))
    r = v.verify_result(env, request=req_env, at=pki.now)
    assert r.is_valid, r.findings
    assert r.signer["role"] == "first_head"
    assert r.document["outcome"]["queue_number"] == 1542
    # A PEM request envelope binds the same.
    assert v.verify_result(env, request=egov_sign.envelope_to_pem(req_env).encode(), at=pki.now).is_valid
    # Another request envelope: unbound.
    other = sign_req(pki, pki.citizen_sign, signing_time=pki.now - dt.timedelta(minutes=1))
    assert other != req_env
    r = v.verify_result(env, request=other, at=pki.now)
    assert (r.indication, r.codes) == ("invalid", ["REQUEST_HASH_MISMATCH"])


def test_result_wrong_bin_employee_and_request_is_not_result(p256):
    p = p256
    v = p.verifier()
    req_env = sign_req(p, p.citizen_sign)
    doc = p.queue_result(req_env, p.PROVIDER_EMPLOYEE_IIN, 7)
    r = v.verify_result(p.sign(p.provider_employee_sign, doc), request=req_env, at=p.now)
    assert (r.indication, r.codes) == ("invalid", ["ROLE_NOT_ALLOWED"])
    doc = p.queue_result(req_env, p.PROVIDER_SIGNER_IIN, 7)
    assert v.verify_result(p.sign(p.provider_signer_sign, doc), request=req_env, at=p.now).is_valid
    doc = p.head_queue_result(req_env)
    r = v.verify_result(p.sign(p.operator_sign, doc), request=req_env, at=p.now)
    assert r.indication == "invalid"
    for c in ("BIN_MISMATCH", "IIN_MISMATCH", "ROLE_NOT_ALLOWED"):
        assert r.has(c), r.findings
    assert v.verify_result(req_env, request=req_env, at=p.now).has("DOCUMENT_INVALID")


def test_provider_office_request_by_employee(p256):
    p = p256
    doc = p.provider_queue_request(p.PROVIDER_EMPLOYEE_IIN, p.PROVIDER_BIN)
    assert p.verifier().verify_request(p.sign(p.provider_employee_sign, doc), at=p.now).is_valid


def test_detached_envelope_needs_its_content(p256):
    p = p256
    v = p.verifier()
    content = p.citizen_portal_request()
    env = p.sign(p.citizen_sign, content, detached=True)
    assert content not in env
    r = v.verify_request(env, at=p.now)
    assert (r.indication, r.codes) == ("indeterminate", ["CONTENT_MISSING"])
    assert v.verify_request(env, at=p.now, content=content).is_valid
    other = bytearray(content)
    other[10] ^= 1
    assert v.verify_request(env, at=p.now, content=bytes(other)).has("DIGEST_MISMATCH")


def test_envelope_and_chain_verification(p256):
    p = p256
    v = p.verifier()
    env = p.sign(p.citizen_auth, b"arbitrary bytes")
    r = v.verify_envelope(env, at=p.now)
    assert r.is_valid and r.document is None
    r = v.verify_chain(p.citizen_sign.cert, at=p.now)
    assert r.is_valid and len(r.chain) == 3
    assert v.verify_chain(p.citizen_auth.cert, at=p.now).codes == ["KEY_USAGE"]
    assert v.verify_chain(p.citizen_auth.cert, usage="any", at=p.now).is_valid
    assert v.verify_chain(p.revoked_sign.cert, at=p.now).codes == ["CERT_REVOKED"]


def test_lenient_checksum_accepts_test_iins(p256):
    p = p256
    doc = p.citizen_portal_request().replace(p.CITIZEN_IIN.encode(), b"123456789011")
    env = p.sign(p.citizen_sign, doc)
    assert p.verifier().verify_request(env, at=p.now).has("IIN_INVALID")
    r = p.verifier(iin_checksum="lenient").verify_request(env, at=p.now)
    assert r.codes == ["IIN_MISMATCH"]


def test_verifier_from_pem_bundle(p256):
    p = p256
    import base64

    def pem(der: bytes, label: str) -> bytes:
        b = base64.encodebytes(der).decode().replace("\n", "")
        lines = "\n".join(b[i : i + 64] for i in range(0, len(b), 64))
        return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----\n".encode()

    crls = pem(p.crls.root_full, "X509 CRL") + pem(p.crls.ca_full, "X509 CRL")
    v = Verifier(pem(p.root.cert, "CERTIFICATE"), pem(p.ca.cert, "CERTIFICATE"), crls)
    assert v.rejected_crls == []
    # No operator BINs in this verifier: a portal request still verifies.
    assert v.verify_request(sign_req(p, p.citizen_sign), at=p.now).is_valid


def test_certificate_cache_never_changes_a_report(pki):
    cached = pki.verifier()
    uncached = pki.verifier(certificate_cache=0)
    assert cached.certificate_cache == (0, 256)
    assert uncached.certificate_cache == (0, 0)
    valid = sign_req(pki, pki.citizen_sign)
    cases = [
        (valid, pki.now),
        (valid, pki.now + dt.timedelta(days=4000)),  # expired later: a hit still checks time
        (sign_req(pki, pki.revoked_sign), pki.now),
        (sign_req(pki, pki.citizen_auth), pki.now),
    ]
    for env, at in cases:
        expected = uncached.verify_request(env, at=at)
        for _ in range(3):
            got = cached.verify_request(env, at=at)
            assert got.to_dict() == expected.to_dict()
            assert got.envelope_sha256 == hashlib.sha256(env).hexdigest()
    assert cached.certificate_cache[0] == 3
    assert uncached.certificate_cache[0] == 0
    assert "CERT_EXPIRED" in cached.verify_request(valid, at=pki.now + dt.timedelta(days=4000)).codes


@pytest.mark.parametrize("bad", [-1, 1_000_001, 2.5, "8", True])
def test_certificate_cache_size_is_checked(p256, bad):
    with pytest.raises((egov_sign.ConfigError, TypeError)):
        p256.verifier(certificate_cache=bad)
