"""The calendar and the service x channel matrix come from the core (issue 14)."""

import datetime as dt
import json

import pytest

import egov_sign


def test_service_matrix_is_the_seeds():
    m = egov_sign.service_matrix()
    assert len(m) == 9
    # 002:205 the справка through the State Corporation only.
    assert ("housing_certificate", "portal", False) in m
    assert ("housing_certificate", "con", True) in m
    # 002:323 privatization: State Corporation and the provider's office.
    assert ("privatization", "provider", True) in m
    assert ("privatization", "portal", False) in m
    rules = egov_sign.service_rules()
    for s in rules["services"]:
        if s["service"] == "housing_certificate":
            s["channels"].append("portal")
    assert ("housing_certificate", "portal", True) in egov_sign.service_matrix(rules)
    region = egov_sign.service_rules("almaty_region_2012")
    queue = [s for s in region["services"] if s["service"] == "housing_queue"][0]
    assert queue["steps"] == [{"days": 30, "unit": "calendar", "cite": "000:543"}]
    with pytest.raises(egov_sign.ConfigError):
        egov_sign.service_rules("astana")
    with pytest.raises(egov_sign.EgovSignError):
        egov_sign.service_matrix('{"services":[],"x":1}')


def test_calendar_from_the_core_and_a_year_override():
    cal = egov_sign.Calendar()
    assert cal.years[0] == 2015 and cal.years[-1] == 2027
    # Nauryz 2025: 21-23 March, 24 and 25 carried over.
    assert cal.is_working_day(dt.date(2025, 3, 24)) is False
    assert cal.add_working_days(dt.date(2025, 3, 20), 4) == dt.date(2025, 3, 31)
    assert cal.deadline("housing_certificate", dt.date(2025, 3, 20)) == dt.date(2025, 3, 31)
    assert cal.is_working_day(dt.date(2040, 1, 2)) is None
    year = (
        b'{"country":"KZ","year":2025,"days_off":[{"date":"2025-03-26","name":"x",'
        b'"source":"test decree"}],"working_days":[]}'
    )
    over = egov_sign.Calendar([year])
    assert over.is_working_day(dt.date(2025, 3, 26)) is False
    assert cal.is_working_day(dt.date(2025, 3, 26)) is True
    with pytest.raises(egov_sign.EgovSignError):
        egov_sign.Calendar([b"{}"])


def test_verifier_takes_rules_and_calendar_and_verifies_receipts(p256):
    v = p256.verifier(
        service_rules=egov_sign.service_rules("almaty_region_2012"),
        calendar_years=[],
    )
    assert hasattr(v, "verify_receipt")
    with pytest.raises(egov_sign.EgovSignError):
        p256.verifier(service_rules='{"services":[{"service":"privatization"}]}')


def test_receipt_signed_by_a_con_operator(p256):
    # 002:120: the State Corporation's employee issues and signs the receipt.
    receipt = json.dumps(
        {
            "schema_version": "1",
            "service": "privatization",
            "applicant": {"iin": p256.CITIZEN_IIN, "name": "Ахметова Айгүл"},
            "operator": {"iin": p256.OPERATOR_IIN, "bin": p256.CON_BIN},
            "missing_documents": ["Справка о составе семьи"],
            "issued_at": p256.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        ensure_ascii=False,
    ).encode()
    v = p256.verifier()
    r = v.verify_receipt(p256.sign(p256.operator_sign, receipt), at=p256.now)
    assert r.is_valid, r.findings
    # The provider's head cannot issue it.
    r = v.verify_receipt(p256.sign(p256.provider_head_sign, receipt), at=p256.now)
    assert not r.is_valid
    assert "BIN_MISMATCH" in [f.code for f in r.findings]
