"""Signed XML (issue 18) through the Python binding: the core's detection, XML form,
XMLDSig signing and verification — nothing re-implemented here."""

import pytest

import egov_sign
from egov_sign import MalformedInputError, InvalidDocumentError, Request, is_xml, sign_xml
from egov_sign.testing import TestPki


@pytest.fixture(scope="module", params=["rsa", "gost2015", "p256"])
def xpki(request) -> TestPki:
    return TestPki(request.param)


def test_request_xml_round_trip_is_the_same_document(rsa):
    req = Request.from_json(rsa.citizen_portal_request())
    xml = req.to_xml()
    assert xml.startswith(b'<request xmlns="urn:egov-sign:housing:1">')
    assert is_xml(xml) and is_xml(b"\xef\xbb\xbf \n" + xml)
    assert not is_xml(rsa.sign(rsa.citizen_sign, req))
    back = Request.from_xml(xml)
    assert back == req
    assert back.to_json() == req.to_json()
    with pytest.raises(InvalidDocumentError):
        Request.from_xml(xml.replace(b"<channel>portal</channel>", b"<channel>moon</channel>"))
    with pytest.raises((MalformedInputError, InvalidDocumentError)):
        Request.from_xml(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><request>&x;</request>')


def test_sign_xml_then_verify_valid_in_every_family(xpki):
    v = xpki.verifier()
    req = Request.from_json(xpki.citizen_portal_request())
    signed = sign_xml(req, xpki.citizen_sign.key, xpki.citizen_sign.cert)
    assert signed.count(b"<ds:Signature ") == 1
    # verify auto-detects XML; verify_request does too (same entry in the core).
    for r in (
        v.verify(signed, at=xpki.now),
        v.verify_request(signed, at=xpki.now),
        v.verify_xml(signed, at=xpki.now),
    ):
        assert r.indication == "valid", r.codes
        assert r.codes == []
        assert [s["covers"] for s in r.signers] == ["/request"]
        assert r.document is not None and r.document["applicant"]["iin"] == xpki.CITIZEN_IIN
    if xpki.family.startswith("gost"):
        assert "GOST" in v.verify(signed, at=xpki.now).signers[0]["signature_algorithm"]
    # The explicit XML entry does not take CMS.
    with pytest.raises(egov_sign.EgovSignError):
        v.verify_xml(xpki.sign(xpki.citizen_sign, req), at=xpki.now)


def test_json_and_xml_forms_give_the_same_findings(rsa):
    v = rsa.verifier()
    req = Request.from_json(rsa.citizen_portal_request())
    for who in (rsa.citizen_sign, rsa.revoked_sign, rsa.expired_sign, rsa.citizen_auth):
        cms = v.verify(rsa.sign(who, req), at=rsa.now)
        xml = v.verify(sign_xml(req, who.key, who.cert), at=rsa.now)
        assert cms.indication == xml.indication, who
        assert sorted(cms.codes) == sorted(xml.codes), who
        assert cms.document == xml.document


def test_sequential_cosignature_covers_the_first(rsa):
    v = rsa.verifier()
    first = sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen_sign.cert)
    both = sign_xml(first, rsa.citizen2_sign.key, rsa.citizen2_sign.cert)
    assert both.count(b"<ds:Signature ") == 2
    r = v.verify(both, at=rsa.now)
    assert r.indication == "valid", r.codes
    assert [s["covers"] for s in r.signers] == ["/request", "/request"]
    assert [s["indication"] for s in r.signers] == ["valid", "valid"]
    # Removing the first signature breaks the second one (its digest covers the first).
    start = both.index(b"<ds:Signature ")
    end = both.index(b"</ds:Signature>") + len(b"</ds:Signature>")
    r = v.verify(both[:start] + both[end:], at=rsa.now)
    assert r.indication == "invalid", r.codes
    # RSA then GOST-2015 in one document, each signer verified with its own PKI.
    gost = TestPki("gost2015")
    mixed = sign_xml(first, gost.citizen_sign.key, gost.citizen_sign.cert)
    r = v.verify(mixed, at=rsa.now)
    assert [s["indication"] for s in r.signers][0] == "valid"
    assert r.signers[1]["indication"] != "valid"  # not trusted by the RSA verifier
    assert "GOST" in r.signers[1]["signature_algorithm"]


def test_tampered_and_wrapped_xml_is_not_valid(rsa):
    v = rsa.verifier()
    signed = sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen_sign.cert)
    assert b"<size>48213</size>" in signed
    tampered = signed.replace(b"<size>48213</size>", b"<size>1</size>")
    assert v.verify(tampered, at=rsa.now).indication == "invalid"

    # XSW: the signed request wrapped in another element, a forged request around it.
    start = signed.index(b"<ds:Signature ")
    sig = signed[start : signed.index(b"</request>")]
    body = signed[len(b'<request xmlns="urn:egov-sign:housing:1">') : start]
    forged_body = body.replace(b"<size>48213</size>", b"<size>1</size>")
    wrapped = (
        b'<request xmlns="urn:egov-sign:housing:1">'
        + forged_body
        + sig
        + b"<wrapper>"
        + signed
        + b"</wrapper></request>"
    )
    try:
        r = v.verify(wrapped, at=rsa.now)
    except egov_sign.EgovSignError:
        pass  # refused outright: fine
    else:
        assert r.indication != "valid", r.codes
        assert r.document is None or r.document["attachments"][0]["size"] == 48213

    # The signed document moved under a new root: its signature no longer covers the root.
    moved = b'<request xmlns="urn:egov-sign:housing:1">' + body.replace(
        b"<size>48213</size>", b"<size>1</size>"
    ) + b"</request>"
    moved = moved[:-len(b"</request>")] + sig + b"</request>"
    assert v.verify(moved, at=rsa.now).indication == "invalid"

    # XXE / billion laughs: refused before anything is read.
    with pytest.raises(MalformedInputError):
        v.verify(
            b'<!DOCTYPE request [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<request xmlns="urn:egov-sign:housing:1">&x;</request>',
            at=rsa.now,
        )


def test_sign_xml_refuses_invalid_documents_and_bad_options(rsa):
    with pytest.raises(MalformedInputError):
        bad = rsa.citizen_portal_request().replace(b'"channel":"portal"', b'"channel":"moon"')
        assert bad != rsa.citizen_portal_request()
        sign_xml(bad, rsa.citizen_sign.key, rsa.citizen_sign.cert)
    with pytest.raises(egov_sign.InvalidKeyError):
        sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen2_sign.cert)
    with pytest.raises(egov_sign.ConfigError, match="'inclusive' or 'exclusive'"):
        sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen_sign.cert,
                 canonicalization="c14n11")
    # The kinds are the core's names; a receipt has no XML form (the core refuses it).
    with pytest.raises(egov_sign.ConfigError, match="receipt"):
        sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen_sign.cert,
                 kind="receipt")
    with pytest.raises(egov_sign.ConfigError, match="moon"):
        sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen_sign.cert,
                 kind="moon")
    # Exclusive C14N signs and verifies too.
    signed = sign_xml(rsa.citizen_portal_request(), rsa.citizen_sign.key, rsa.citizen_sign.cert,
                      canonicalization="exclusive")
    assert b"xml-exc-c14n" in signed
    assert rsa.verifier().verify(signed, at=rsa.now).is_valid
