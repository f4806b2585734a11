"""The public lookup resists abuse: a forged X-Forwarded-For does not reset the count, codes
cannot be enumerated without the receipt's check value, failures cost more, and NUL bytes or
other junk in the code answer 404, never 500."""

import pytest
from django.core.cache import cache

from procedures.public_lookup import check_matches, check_value
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def api(code, check=None):
    url = f"/api/v1/public/dossiers/{code}/"
    return url if check is None else f"{url}?check={check}"


def test_a_forged_forwarded_for_does_not_reset_the_count_without_a_proxy(
    api_client, receive, settings
):
    settings.PUBLIC_LOOKUP_RATE = "3/min"
    code = receive(vn(2025, 3, 3, 9, 0)).code
    statuses = [
        api_client.get(
            api(code, check_value(code)), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_page_and_the_api_count_against_one_limit(client, api_client, receive, settings):
    settings.PUBLIC_LOOKUP_RATE = "2/min"
    code = receive(vn(2025, 3, 3, 9, 0)).code
    check = check_value(code)
    assert client.get("/tra-cuu/", {"code": code, "check": check}).status_code == 200
    assert api_client.get(api(code, check)).status_code == 200
    page = client.get("/tra-cuu/", {"code": code, "check": check})
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert "tra cứu quá nhiều lần" in page.content.decode()


def test_sequential_codes_cannot_be_enumerated_without_the_check_value(
    api_client, receive, settings
):
    settings.PUBLIC_LOOKUP_RATE = "1000/min"
    dossiers = [receive(vn(2025, 3, 3, 9, n)) for n in range(5)]
    for dossier in dossiers:
        for check in (None, "", "000000", check_value(dossier.code + "X")):
            response = api_client.get(api(dossier.code, check))
            assert response.status_code == 404, (dossier.code, check)
            assert "Đăng ký khai sinh" not in response.content.decode()
        found = api_client.get(api(dossier.code, check_value(dossier.code)))
        assert found.status_code == 200


def test_a_failed_look_up_counts_several_times(api_client, receive, settings):
    settings.PUBLIC_LOOKUP_RATE = "10/min"
    settings.PUBLIC_LOOKUP_FAILURE_WEIGHT = 5
    code = receive(vn(2025, 3, 3, 9, 0)).code
    assert api_client.get(api(code, "WRONG1")).status_code == 404  # 5 used
    assert api_client.get(api("NOPE-0001", "ABCDEF")).status_code == 404  # 10 used
    # Ten look-ups a minute, but two guesses have spent them all.
    assert api_client.get(api(code, check_value(code))).status_code == 429


def test_the_check_value_is_short_stable_and_tolerant_of_how_it_is_typed(settings):
    code = "000.00.31.H56-250303-0001"
    value = check_value(code)
    assert len(value) == 6 and value.isalnum() and value == value.upper()
    assert check_value(code) == value
    assert check_value("000.00.31.H56-250303-0002") != value
    assert check_matches(code.lower(), f" {value[:3].lower()}-{value[3:]} ")
    assert not check_matches(code, value[:5])
    # Keyed: another key gives other values, so they cannot be computed from the code alone.
    settings.PUBLIC_LOOKUP_KEY = "another key"
    assert check_value(code) != value


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/public/dossiers/a%00b/?check=ABCDEF",
        "/api/v1/public/dossiers/a%00b/",
        "/tra-cuu/?code=a%00b&check=ABCDEF",
        "/tra-cuu/?code=a%00b",
        "/thu-tuc/%00/",
    ],
)
def test_a_nul_byte_in_a_url_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
