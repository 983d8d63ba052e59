"""Report conversions, messages, document builders, the README's example handler."""

import datetime as dt
import hashlib
import io
import json
import pathlib
import runpy

import pytest

import egov_sign

HERE = pathlib.Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "wsgi_handler.py"
README = HERE.parent / "README.md"


def test_report_dict_json_and_messages(p256):
    p = p256
    doc = p.portal_queue_request(p.CITIZEN2_IIN)
    r = p.verifier().verify_request(p.sign(p.citizen_sign, doc), at=p.now)
    d = r.to_dict()
    assert d["indication"] == "invalid"
    assert [f["code"] for f in d["findings"]] == ["IIN_MISMATCH"]
    assert set(d["findings"][0]["message"]) == {"ru", "kk", "en"}
    assert d["signer"]["iin"] == p.CITIZEN_IIN
    assert d["document"]["applicant"]["iin"] == p.CITIZEN2_IIN
    # to_dict gives a fresh copy; to_json round-trips; indent re-formats the same data.
    d["indication"] = "valid"
    assert r.to_dict()["indication"] == "invalid"
    assert json.loads(r.to_json()) == r.to_dict()
    assert json.loads(r.to_json(indent=2)) == r.to_dict()
    assert "\n" in r.to_json(indent=2)
    f = r.findings[0]
    assert f.severity == "invalid" and f.detail
    assert {f.message(lang) for lang in ("ru", "kk", "en")} == set(f.messages.values())
    # Language names are the core's (Lang::from_str), as egov_sign.message takes them.
    for alias, lang in (("RU", "ru"), ("KZ", "kk"), ("En", "en")):
        assert f.message(alias) == f.message(lang) == egov_sign.message(f.code, alias)
        assert r.refusal_text(alias) == r.refusal_text(lang)
    for bad in ("de", "", "russian"):
        with pytest.raises(ValueError):
            f.message(bad)
        with pytest.raises(ValueError):
            r.refusal_text(bad)
    assert repr(r).startswith("Report(indication='invalid'")
    with pytest.raises(TypeError):
        bool(r)


def test_message_catalogue():
    assert "SIGNATURE_INVALID" in egov_sign.CODES and "IIN_MISMATCH" in egov_sign.CODES
    for code in egov_sign.CODES:
        texts = {egov_sign.message(code, lang) for lang in ("ru", "kk", "en")}
        assert len(texts) == 3 and all(texts)
    with pytest.raises(ValueError):
        egov_sign.message("NOPE", "ru")


def _applicant(p):
    return {"iin": p.CITIZEN_IIN, "name": "Ахметова Айгүл Серікқызы"}


def _form():
    return {
        "service": "housing_queue",
        "category": "socially_vulnerable",
        "current_address": "г. Астана, ул. Абая, д. 1, кв. 2",
        "family_size": 1,
    }


def test_build_request_from_kwargs_sign_and_verify(p256):
    p = p256
    created = p.now.astimezone(dt.timezone(dt.timedelta(hours=5)))
    req = egov_sign.build_request(
        service="housing_queue",
        channel="portal",
        applicant=_applicant(p),
        form=_form(),
        attachments=[
            {
                "kind": "identity_document",
                "file_name": "id.pdf",
                "media_type": "application/pdf",
                "size": 3,
                "sha256": hashlib.sha256(b"pdf").digest(),
            }
        ],
        created_at=created,
    )
    d = req.to_dict()
    assert d["created_at"].endswith("Z") and d["schema_version"] == "1"
    assert d["attachments"][0]["sha256"] == hashlib.sha256(b"pdf").hexdigest()
    assert egov_sign.Request.from_json(req.to_json()) == req
    env = p.sign(p.citizen_sign, req)
    r = p.verifier().verify_request(env, at=p.now)
    assert r.is_valid, r.findings
    assert r.document == d


def test_build_request_defaults_are_the_cores(p256):
    # Absent schema_version, family_members, attachments and created_at are filled by the
    # core (Request::build_from_json), as WASM's buildRequest does: created_at is now, UTC,
    # to the second.
    p = p256
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    d = egov_sign.build_request(
        service="housing_queue", channel="portal", applicant=_applicant(p), form=_form()
    ).to_dict()
    after = dt.datetime.now(dt.timezone.utc)
    assert d["schema_version"] == "1"
    assert d["family_members"] == [] and d["attachments"] == []
    assert d["created_at"].endswith("Z") and "." not in d["created_at"]
    created = dt.datetime.fromisoformat(d["created_at"].replace("Z", "+00:00"))
    assert before <= created <= after
    # Explicit values are kept; a wrong schema version and null are refused.
    kept = egov_sign.build_request(
        service="housing_queue", channel="portal", applicant=_applicant(p), form=_form(),
        created_at=dt.datetime(2025, 3, 3, 9, 15, 7, tzinfo=dt.timezone.utc),
        schema_version="1",
    ).to_dict()
    assert kept["created_at"] == "2025-03-03T09:15:07Z"
    for bad in ({"schema_version": "2"}, {"created_at": None}, {"attachments": None}):
        with pytest.raises(egov_sign.EgovSignError):
            egov_sign.build_request(
                service="housing_queue", channel="portal", applicant=_applicant(p),
                form=_form(), **bad,
            )


def test_build_request_validation_errors(p256):
    p = p256
    with pytest.raises(egov_sign.InvalidIinError):
        egov_sign.build_request(
            service="housing_queue",
            channel="portal",
            applicant={"iin": "871008401428", "name": "X"},
            form=_form(),
        )
    with pytest.raises(egov_sign.ConfigError):
        egov_sign.build_request(
            service="housing_queue",
            channel="portal",
            applicant=_applicant(p),
            form=_form(),
            created_at=dt.datetime(2025, 1, 1),
        )
    with pytest.raises(TypeError):
        egov_sign.build_request(service="housing_queue", channel="portal", applicant=_applicant(p),
                                form=_form(), attachments=[object()])


def test_build_result_with_default_deadline_and_bind(p256):
    p = p256
    req_env = p.sign(p.citizen_sign, p.citizen_portal_request())
    registered = p.now
    res = egov_sign.build_result(
        service="housing_queue",
        request=egov_sign.request_ref("KZ-TEST-000001", req_env),
        applicant=_applicant(p),
        registered_at=registered,
        issued_at=registered + dt.timedelta(hours=1),
        outcome={
            "kind": "queue_registration",
            "queue_number": 1542,
            "housing_source": "state_fund",
        },
        issuer={"bin": p.PROVIDER_BIN, "name": "ГУ «Отдел жилищных отношений города Астаны» (TEST)"},
        official={"iin": p.PROVIDER_HEAD_IIN, "name": "Серікова Әсем Қайратқызы", "position": "Руководитель отдела"},
    )
    # The core's sample result for the same inputs is the same document.
    assert res == egov_sign.ResultDocument.from_json(p.head_queue_result(req_env))
    # queue: 27 + 1 calendar days (002:70, 002:74) from the registration date in Almaty time
    # (UTC+5 since 2024-03-01).
    kz_date = registered.astimezone(dt.timezone(dt.timedelta(hours=5))).date()
    assert res["due_by"] == (kz_date + dt.timedelta(days=28)).isoformat()
    env = p.sign(p.provider_head_sign, res)
    assert p.verifier().verify_result(env, request=req_env, at=p.now).is_valid


def _call(app, body, method="POST", lang=None):
    environ = {
        "REQUEST_METHOD": method,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    if lang:
        environ["HTTP_ACCEPT_LANGUAGE"] = lang
    seen = {}

    def start_response(status, headers):
        seen["status"] = status
        seen["headers"] = dict(headers)

    out = b"".join(app(environ, start_response))
    return seen["status"], json.loads(out)


def test_readme_example_handler(p256):
    p = p256
    source = EXAMPLE.read_text(encoding="utf-8")
    # The README shows this very file.
    assert source.split('if __name__ == "__main__"')[0].strip() in README.read_text(encoding="utf-8")
    mod = runpy.run_path(str(EXAMPLE))
    # Verification at "now": the test PKI was generated now, so its certificates are valid.
    app = mod["make_app"](p.verifier())
    good = p.sign(p.citizen_sign, p.citizen_portal_request())
    status, body = _call(app, good)
    assert status == "200 OK" and body["indication"] == "valid"
    status, body = _call(app, p.sign(p.revoked_sign, p.citizen_portal_request()), lang="en")
    assert status.startswith("422")
    assert body["refusal"] == egov_sign.message("CERT_REVOKED", "en")
    assert body["report"]["indication"] == "invalid"
    status, body = _call(app, p.sign(p.revoked_sign, p.citizen_portal_request()), lang="kk-KZ")
    assert body["refusal"] == egov_sign.message("CERT_REVOKED", "kk")
    status, body = _call(app, b"not an envelope")
    assert status.startswith("400") and body["error"] == "MALFORMED"
    status, _ = _call(app, b"", method="GET")
    assert status.startswith("405")
