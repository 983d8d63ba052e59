import datetime as dt

import pytest

from egov_sign.testing import TestPki


@pytest.fixture(scope="session")
def p256() -> TestPki:
    return TestPki("p256")


@pytest.fixture(scope="session")
def rsa() -> TestPki:
    return TestPki("rsa")


@pytest.fixture(scope="session", params=["p256", "rsa"])
def pki(request, p256, rsa) -> TestPki:
    return p256 if request.param == "p256" else rsa


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
