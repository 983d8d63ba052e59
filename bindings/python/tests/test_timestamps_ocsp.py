"""Issue 16 from Python: RFC 3161 signature-time-stamps and RFC 6960 OCSP responses the
caller holds (the test PKI's TSA and responder, and real NCA tokens / responses). Every
check is the core's; these tests pin that the binding passes everything through."""

import datetime as dt
import pathlib

import pytest

import egov_sign
from egov_sign import (
    ConfigError,
    MalformedInputError,
    OcspError,
    TimestampError,
    Verifier,
    embed_timestamp,
    envelope_certificates,
    ocsp_request,
    signature_timestamp_tokens,
    timestamp_request,
    verify_ocsp_response,
    verify_timestamp_token,
)

# The repository's vendored real NCA material (see testdata/nca/SOURCE.md): tests fail,
# never skip, when a file is missing.
NCA = pathlib.Path(__file__).resolve().parents[3] / "testdata" / "nca"
NCA_NONCE = bytes.fromhex("3e42c9bb201a62d02fa4a4756fe3256c")


def nca(name: str) -> bytes:
    return (NCA / name).read_bytes()


def day(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def request_env(pki, who, signing_time=None):
    return pki.sign(who, pki.citizen_portal_request(), signing_time=signing_time or pki.now)


def stamp(pki, env, gen_time, **kw):
    """The envelope with a token of the test TSA at ``gen_time`` (checked, then embedded)."""
    req = timestamp_request(env)
    resp = pki.responders.timestamp_response(req, gen_time, **kw)
    return embed_timestamp(env, resp, tsa_anchors=[pki.root.cert], tsa_intermediates=[pki.ca.cert])


def tsa_verifier(pki, **kw):
    return pki.verifier(tsa_anchors=[pki.root.cert], tsa_intermediates=[pki.ca.cert], **kw)


# -- time-stamps ---------------------------------------------------------------------------


def test_timestamp_request_embed_and_report(pki):
    env = request_env(pki, pki.citizen_sign)
    stamped, v = stamp(pki, env, pki.now, accuracy_seconds=1)
    assert v.policy == "1.2.398.3.3.2.6.4" and v.policy_name == "tsa_gost2015_policy"
    assert v.gen_datetime == pki.now
    assert v.accuracy_micros == 1_000_000
    assert "TIME-STAMPING" in v.tsa and len(v.path) == 3
    # The token is in the envelope, and verifies on its own over the signer's signature.
    [token] = signature_timestamp_tokens(stamped)
    again = verify_timestamp_token(
        token, envelope=stamped, tsa_anchors=pki.root.cert, tsa_intermediates=[pki.ca.cert]
    )
    assert again.to_dict() == v.to_dict()
    # The report: top level and per signer, the core's fields.
    r = tsa_verifier(pki).verify_request(stamped, at="timestamp")
    assert r.is_valid, r.findings
    assert r.timestamp is not None
    assert r.timestamp["gen_time"] == v.gen_time
    assert r.timestamp["policy_name"] == "tsa_gost2015_policy"
    assert r.timestamp["accuracy_micros"] == 1_000_000
    assert set(r.timestamp) == {
        "gen_time", "accuracy_micros", "tsa", "policy", "policy_name", "signature_algorithm", "serial",
    }
    assert r.signers[0]["timestamp"] == r.timestamp
    assert r.to_dict()["timestamp"] == r.timestamp
    # Verified at genTime + accuracy.
    assert r.verification_time == (pki.now + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    # Revocation entries: the CRL source for the citizen and the CA.
    assert [(e["source"], e["status"]) for e in r.revocation] == [("crl", "good"), ("crl", "good")]
    assert r.signers[0]["revocation"] == r.revocation


def test_at_timestamp_without_a_token_or_trust_is_indeterminate(p256):
    env = request_env(p256, p256.citizen_sign)
    r = tsa_verifier(p256).verify_request(env, at="timestamp")
    assert (r.indication, r.codes) == ("indeterminate", ["TIMESTAMP_MISSING"])
    assert r.timestamp is None
    stamped, _ = stamp(p256, env, p256.now)
    # No TSA anchors configured: the token proves nothing (the document anchors are not TSA
    # anchors).
    r = p256.verifier().verify_request(stamped, at="timestamp")
    assert r.indication == "indeterminate" and r.has("TIMESTAMP_INVALID"), r.findings
    assert r.timestamp is None


def test_backdated_signing_time_is_never_valid_without_proof(rsa):
    """Issue 16, fact 1: a key revoked (keyCompromise, now-10d) signs with a signingTime
    backdated to now-20d. The claim alone is not VALID; a time-stamp at now-20d proves it; one
    after the revocation does not."""
    signed_at = rsa.now - day(20)
    env = request_env(rsa, rsa.revoked_sign, signing_time=signed_at)
    v = tsa_verifier(rsa)
    assert v.verify_request(env, at=rsa.now).codes == ["CERT_REVOKED"]
    r = v.verify_request(env, at="signing-time")
    assert r.indication == "indeterminate", r.findings
    assert r.codes == ["SIGNING_TIME_UNPROVEN"]
    assert r.signers[0]["findings"][0]["code"] == "SIGNING_TIME_UNPROVEN"
    # Proven by a token at the claimed time: valid at the time-stamp, and the claim is proven.
    proven, _ = stamp(rsa, env, signed_at)
    assert v.verify_request(proven, at="timestamp").is_valid
    assert v.verify_request(proven, at="signing-time").is_valid
    # A token after the revocation: revoked at genTime.
    late, _ = stamp(rsa, env, rsa.now)
    r = v.verify_request(late, at="timestamp")
    assert r.indication == "invalid" and r.codes == ["CERT_REVOKED"], r.findings
    assert r.revocation[0]["status"] == "revoked"
    assert r.revocation[0]["revocation_time"] is not None


def test_timestamp_refusals_are_typed(p256):
    env = request_env(p256, p256.citizen_sign)
    stamped, _ = stamp(p256, env, p256.now)
    [token] = signature_timestamp_tokens(stamped)
    ok = dict(tsa_anchors=[p256.root.cert], tsa_intermediates=[p256.ca.cert])
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(token, signature_value=b"another signature", **ok)
    assert (e.value.code, e.value.reason) == ("TIMESTAMP_INVALID", "IMPRINT_MISMATCH")
    assert isinstance(e.value, egov_sign.EgovSignError)
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(token, envelope=stamped, tsa_anchors=[p256.other_root.cert])
    assert e.value.reason == "TSA_PATH_INVALID"
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(token, envelope=stamped, nonce=b"\x01\x02", **ok)
    assert e.value.reason == "NONCE_MISMATCH"
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(token, envelope=stamped, policies=["1.2.398.3.3.2.6.3"], **ok)
    assert e.value.reason == "POLICY_NOT_ACCEPTED"
    with pytest.raises(MalformedInputError):
        verify_timestamp_token(b"\x30\x03\x02\x01\x01", envelope=stamped, **ok)
    with pytest.raises(ValueError):
        verify_timestamp_token(token, **ok)
    with pytest.raises(ConfigError):
        timestamp_request(env, 1)
    # embed_timestamp never embeds a token that does not verify.
    resp = p256.responders.timestamp_response(timestamp_request(env), p256.now)
    with pytest.raises(TimestampError) as e:
        embed_timestamp(env, resp, tsa_anchors=[p256.other_root.cert])
    assert e.value.reason == "TSA_PATH_INVALID"
    other = request_env(p256, p256.citizen2_sign)
    with pytest.raises(TimestampError) as e:
        embed_timestamp(other, resp, **ok)
    assert e.value.reason == "IMPRINT_MISMATCH"


def test_timestamp_request_options(p256):
    env = request_env(p256, p256.citizen_sign)
    nonce = b"\x12\x34\x56"
    req = timestamp_request(env, hash="sha512", nonce=nonce, policy="1.2.398.3.3.2.6.4")
    assert req != timestamp_request(env)
    resp = p256.responders.timestamp_response(req, p256.now)
    _, v = embed_timestamp(
        env, resp, tsa_anchors=[p256.root.cert], tsa_intermediates=[p256.ca.cert], nonce=nonce
    )
    assert v.hash_algorithm == "2.16.840.1.101.3.4.2.3" and v.nonce == "123456"
    with pytest.raises(ConfigError):
        timestamp_request(env, hash="md5")


def test_real_nca_cades_t_token():
    """A real CAdES-T made with NCALayer (production NCA TSA, GOST 34.10-2015): its token's
    signature and imprint over the SignerInfo's signature value verify (the TSA certificate
    pinned: its production CA is not in public material)."""
    p7s = nca("nca_cades_t_2025-06-26.p7s")
    [token] = signature_timestamp_tokens(p7s)
    [tsa] = envelope_certificates(token)
    v = verify_timestamp_token(token, envelope=p7s, tsa_anchors=[tsa])
    assert v.gen_time == "2025-06-26T18:25:13Z"
    assert v.policy_name == "tsa_gost2015_policy"
    assert "TIME-STAMPING AUTHORITY" in v.tsa
    assert "2015" in v.signature_algorithm
    assert v.nonce == "7e225391dac4e22d"
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(token, envelope=p7s, tsa_anchors=[nca("nca_gost2015_test.cer")])
    assert e.value.reason == "TSA_PATH_INVALID"
    tampered = bytearray(token)
    tampered[-5] ^= 1
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(bytes(tampered), envelope=p7s, tsa_anchors=[tsa])
    assert e.value.reason == "SIGNATURE_INVALID"


def test_real_nca_gost2004_token():
    token = nca("nca_tsa_token_gost2004_2023-11-12.tst")
    [tsa] = envelope_certificates(token)
    datum = b"1F5453A137690E2DA81AA5C552AE9D2D7E175E53F131A89DB338F0E7184B862721DB25FC77E18CF373ACD529AE397F32A37634A21F6DBD0A2E9D98F39E08221C"
    v = verify_timestamp_token(token, signature_value=datum, tsa_anchors=[tsa])
    assert v.policy_name == "tsa_gost_policy" and v.gen_time == "2023-11-12T21:36:41Z"
    assert "TSA SERVICE" in v.tsa
    with pytest.raises(TimestampError) as e:
        verify_timestamp_token(token, signature_value=bytes.fromhex(datum.decode()), tsa_anchors=[tsa])
    assert e.value.reason == "IMPRINT_MISMATCH"


# -- OCSP ----------------------------------------------------------------------------------


def ocsp_for(pki, who, **kw):
    req = ocsp_request(who.cert, pki.ca.cert, kw.pop("nonce", None))
    return pki.responders.ocsp_response(req, pki.now - dt.timedelta(minutes=5), **kw)


def test_verify_ocsp_response_statuses(pki):
    nonce = b"nonce-1234"
    good = ocsp_for(pki, pki.citizen_sign, next_update=pki.now + day(1), nonce=nonce)
    r = verify_ocsp_response(good, pki.citizen_sign.cert, pki.ca.cert, pki.now, nonce)
    assert (r.status, r.reason, r.non_issued) == ("good", None, False)
    assert r.delegated and not r.responder_unchecked
    assert r.next_update is not None and r.produced_at == r.this_update
    with pytest.raises(OcspError) as e:
        verify_ocsp_response(good, pki.citizen_sign.cert, pki.ca.cert, pki.now, b"other")
    assert (e.value.code, e.value.reason) == ("OCSP_INVALID", "NONCE_MISMATCH")
    with pytest.raises(OcspError) as e:
        verify_ocsp_response(good, pki.citizen_sign.cert, pki.ca.cert, pki.now + day(2))
    assert e.value.reason == "STALE"
    with pytest.raises(OcspError) as e:
        verify_ocsp_response(good, pki.citizen2_sign.cert, pki.ca.cert, pki.now)
    assert e.value.reason == "NO_MATCHING_RESPONSE"
    revoked = ocsp_for(
        pki, pki.citizen_sign, status="revoked", revocation_time=pki.now - day(3), reason=1
    )
    r = verify_ocsp_response(revoked, pki.citizen_sign.cert, pki.ca.cert, pki.now)
    assert (r.status, r.reason) == ("revoked", "keyCompromise")
    assert r.revocation_time == (pki.now - day(3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    # RFC 6960 §2.2 "non-issued": unknown, never a revocation date.
    ni = ocsp_for(pki, pki.citizen_sign, status="non-issued")
    r = verify_ocsp_response(ni, pki.citizen_sign.cert, pki.ca.cert, pki.now)
    assert (r.status, r.non_issued, r.revocation_time) == ("unknown", True, None)
    tampered = bytearray(good)
    tampered[-3] ^= 1
    with pytest.raises((OcspError, MalformedInputError)):
        verify_ocsp_response(bytes(tampered), pki.citizen_sign.cert, pki.ca.cert, pki.now, nonce)


def test_verifier_uses_ocsp_responses(p256):
    env = request_env(p256, p256.citizen_sign)
    good = ocsp_for(p256, p256.citizen_sign, next_update=p256.now + day(1))
    # Only the root's CRL (for the CA): the citizen's status comes from OCSP.
    v = p256.verifier(crls=[p256.crls.root_full], ocsp_responses=[good])
    r = v.verify_request(env, at=p256.now)
    assert r.is_valid, r.findings
    e = r.revocation[0]
    assert (e["source"], e["status"]) == ("ocsp", "good")
    assert e["serial"].lower() == p256.citizen_sign.serial.lower()
    assert {"produced_at", "this_update", "next_update", "responder"} <= set(e)
    assert r.signers[0]["revocation"] == r.revocation
    # revocation_source="crl": the OCSP answer is not used.
    v = p256.verifier(crls=[p256.crls.root_full], ocsp_responses=[good], revocation_source="crl")
    r = v.verify_request(env, at=p256.now)
    assert (r.indication, r.codes) == ("indeterminate", ["REVOCATION_UNKNOWN"])
    # A revoked answer wins over a good CRL.
    revoked = ocsp_for(p256, p256.citizen_sign, status="revoked", revocation_time=p256.now - day(1))
    v = p256.verifier(ocsp_responses=[revoked])
    r = v.verify_request(env, at=p256.now)
    assert r.indication == "invalid" and "CERT_REVOKED" in r.codes, r.findings
    assert r.revocation[0]["source"] == "ocsp" and r.revocation[0]["status"] == "revoked"
    with pytest.raises(ConfigError):
        p256.verifier(revocation_source="ldap")
    with pytest.raises(MalformedInputError):
        p256.verifier(ocsp_responses=[b"not DER"])


def test_real_nca_ocsp_response():
    """The NCA test responder's answer (delegated "OCSP", id-pkix-ocsp-nocheck, GOST
    34.10-2015, no nextUpdate), 2026-09-02."""
    der = nca("nca_ocsp_test2022_2026-09-02.ocsp")
    cert, ca = nca("test2022_individual_2026.cer"), nca("nca_gost2015_test.cer")
    at = dt.datetime(2026, 9, 2, 11, 0, tzinfo=dt.timezone.utc)
    r = verify_ocsp_response(der, cert, ca, at, NCA_NONCE)
    assert r.status == "good" and r.delegated and not r.responder_unchecked
    assert "CN=OCSP" in r.responder and "2015" in r.signature_algorithm
    assert r.this_update == "2026-09-02T10:26:32Z" and r.next_update is None
    with pytest.raises(OcspError) as e:
        verify_ocsp_response(der, cert, ca, at + dt.timedelta(hours=1))
    assert e.value.reason == "STALE"
    assert verify_ocsp_response(der, cert, ca, at + dt.timedelta(hours=1), max_age=7200).status == "good"
    with pytest.raises(OcspError) as e:
        verify_ocsp_response(der, cert, ca, at, b"\x01")
    assert e.value.reason == "NONCE_MISMATCH"
    # The real certificate at that time, with the real response as its only evidence
    # (revocation="end-entity": the CA's own status is not asked).
    v = Verifier(
        anchors=[nca("root_test_gost_2022.cer")],
        intermediates=[ca],
        ocsp_responses=[der],
        revocation="end-entity",
        iin_checksum="lenient",
    )
    rep = v.verify_chain(cert, at=at)
    assert rep.is_valid, rep.findings
    assert [(x["source"], x["status"]) for x in rep.revocation] == [("ocsp", "good")]


def test_ocsp_request_shape(p256):
    a = ocsp_request(p256.citizen_sign.cert, p256.ca.cert)
    b = ocsp_request(p256.citizen_sign.cert, p256.ca.cert, b"n")
    c = ocsp_request(p256.citizen_sign.cert, p256.ca.cert, hash="sha256")
    assert a[0] == 0x30 and len({a, b, c}) == 3
    with pytest.raises(MalformedInputError):
        ocsp_request(p256.citizen_sign.cert, p256.ca.cert, b"x" * 33)
    with pytest.raises(MalformedInputError):
        ocsp_request(b"junk", p256.ca.cert)


def test_each_signer_of_a_cosigned_envelope_is_stamped_by_index(pki):
    """Two SignerInfos: without an index the request and the embedding are refused (the
    token must be checked against the right signature value); with one, each signer gets
    its own token, the other's is kept, and each signer's report carries its own genTime."""
    env = request_env(pki, pki.citizen_sign)
    two = egov_sign.cosign(
        env, pki.citizen2_sign.key, pki.citizen2_sign.cert, [pki.ca.cert], signing_time=pki.now
    )
    with pytest.raises(ConfigError):
        timestamp_request(two)
    ok = dict(tsa_anchors=[pki.root.cert], tsa_intermediates=[pki.ca.cert])
    t0, t1 = pki.now - day(1), pki.now - dt.timedelta(hours=1)
    resp0 = pki.responders.timestamp_response(timestamp_request(two, 0), t0)
    with pytest.raises(ConfigError):
        embed_timestamp(two, resp0, **ok)
    # A response for signer 0 is refused for signer 1 (imprint of another signature).
    with pytest.raises(TimestampError):
        embed_timestamp(two, resp0, signer_index=1, **ok)
    one, v0 = embed_timestamp(two, resp0, signer_index=0, **ok)
    resp1 = pki.responders.timestamp_response(timestamp_request(one, 1), t1)
    both, v1 = embed_timestamp(one, resp1, signer_index=1, **ok)
    assert signature_timestamp_tokens(both, 0) == signature_timestamp_tokens(one, 0)
    assert len(signature_timestamp_tokens(both, 1)) == 1
    r = tsa_verifier(pki).verify_request(both, at="timestamp")
    assert r.is_valid, r.findings
    assert [s["timestamp"]["gen_time"] for s in r.signers] == [v0.gen_time, v1.gen_time]


def test_gen_time_keeps_its_fraction():
    # genTime may carry a fraction (RFC 3161 §2.4.2); the core writes it, the datetime keeps
    # it to the microsecond (it was cut to the second).
    from egov_sign.evidence import _parse_time

    utc = dt.timezone.utc
    assert _parse_time("2024-05-01T09:30:00Z") == dt.datetime(2024, 5, 1, 9, 30, tzinfo=utc)
    assert _parse_time("2024-05-01T09:30:00.5Z").microsecond == 500000
    assert _parse_time("2024-05-01T09:30:00.123456789Z").microsecond == 123456
