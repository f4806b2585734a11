"""The calendar API: due moments, the year's days off and make-up days, working days."""

from datetime import date

import pytest

from procedures.models import CalendarOverride
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due/"
YEAR = "/api/v1/calendar/"
WORKING_DAYS = "/api/v1/calendar/working-days/"


@pytest.fixture
def client(api_client, reception_user):
    api_client.force_authenticate(reception_user)
    return api_client


def test_the_documented_example_answers_as_documented(client):
    response = client.get(f"{DUE}?start=2026-02-13T10:00:00%2B07:00&amount=3&unit=days")
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-02-13T10:00:00+07:00",
        "amount": 3,
        "unit": "days",
        "cutoff": None,
        "text": "3 Ngày làm việc",
        "due_at": "2026-02-25T10:00:00+07:00",
    }


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due_at"),
    [
        ("2017-01-25T17:30:00+07:00", "1", "days", "2017-02-02T17:00:00+07:00"),  # Tết 2017
        ("2025-01-24T10:00:00+07:00", "3", "days", "2025-02-05T10:00:00+07:00"),  # Tết 2025
        ("2025-04-25T17:30:00+07:00", "1", "days", "2025-04-26T17:00:00+07:00"),  # Sat 26/4
        ("2025-04-29T10:00:00+07:00", "1", "days", "2025-05-05T10:00:00+07:00"),  # 30/4–2/5
        ("2026-08-21T10:00:00+07:00", "1", "days", "2026-08-22T10:00:00+07:00"),  # Sat 22/8
        ("2026-08-28T10:00:00+07:00", "1", "days", "2026-09-03T10:00:00+07:00"),  # 31/8–2/9
        ("2026-03-10T11:45:00+07:00", "1", "hours", "2026-03-10T14:30:00+07:00"),  # lunch
        ("2026-03-10T07:00:00+07:00", "1", "days", "2026-03-10T17:00:00+07:00"),
        ("2026-03-10T10:00:00+07:00", "0.5", "days", "2026-03-10T16:00:00+07:00"),
        # A start in UTC is answered in Vietnamese time.
        ("2026-02-13T03:00:00Z", "3", "days", "2026-02-25T10:00:00+07:00"),
    ],
)
def test_due_moments_across_the_real_calendar(client, start, amount, unit, due_at):
    response = client.get(DUE, {"start": start, "amount": amount, "unit": unit})
    assert response.status_code == 200, response.json()
    assert response.json()["due_at"] == due_at


@pytest.mark.parametrize(
    ("params", "due_at", "text"),
    [
        # 15 calendar days from Tue 3/2/2026 end on Wed 18/2, in Tết: Mon 23/2 at 17:00.
        (
            {"start": "2026-02-03T10:00:00+07:00", "amount": "15", "unit": "calendar_days"},
            "2026-02-23T17:00:00+07:00",
            "15 Ngày",
        ),
        # 5 calendar days from Fri 25/4/2025 end on 30/4: after 1/5, 2/5 and the weekend.
        (
            {"start": "2025-04-25T10:00:00+07:00", "amount": "5", "unit": "calendar_days"},
            "2025-05-05T17:00:00+07:00",
            "5 Ngày",
        ),
        # One month from 31/1/2026 is 28/2, a Saturday.
        (
            {"start": "2026-01-31T09:00:00+07:00", "amount": "1", "unit": "months"},
            "2026-03-02T17:00:00+07:00",
            "1 Tháng",
        ),
        # Same day, received after 15:00 on the Friday before Tết.
        (
            {"start": "2026-02-13T15:30:00+07:00", "unit": "same_day"},
            "2026-02-23T17:00:00+07:00",
            "Trong ngày",
        ),
        (
            {"start": "2026-02-13T15:30:00+07:00", "unit": "same_day", "cutoff": "16:00"},
            "2026-02-13T17:00:00+07:00",
            "Trong ngày; nếu nhận hồ sơ sau 16 giờ thì trả kết quả trong ngày làm việc tiếp theo",
        ),
        # Received on the make-up Saturday 26/4/2025, a working day.
        (
            {"start": "2025-04-26T10:00:00+07:00", "unit": "same_day"},
            "2025-04-26T17:00:00+07:00",
            "Trong ngày",
        ),
    ],
)
def test_calendar_days_months_and_same_day(client, params, due_at, text):
    response = client.get(DUE, params)
    assert response.status_code == 200, response.json()
    assert response.json()["due_at"] == due_at
    assert response.json()["text"] == text


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"amount": "1.5", "unit": "months"}, "amount", "tháng"),
        ({"amount": "0", "unit": "calendar_days"}, "amount", "lớn hơn 0"),
        ({"unit": "calendar_days"}, "amount", "bắt buộc"),
        ({"unit": "same_day", "cutoff": "3pm"}, "cutoff", "hh:mm"),
        ({"amount": "200", "unit": "months"}, "amount", "120"),
    ],
)
def test_bad_period_parameters_answer_400(client, params, parameter, message):
    response = client.get(DUE, {"start": "2026-02-13T10:00:00+07:00", **params})
    assert response.status_code == 400
    assert message in " ".join(response.json()[parameter]), response.json()


def test_a_plus_typed_into_the_url_is_read_as_the_offset_it_meant(client):
    # Unencoded, "+07:00" reaches the server as " 07:00".
    response = client.get(f"{DUE}?start=2026-02-13T10:00:00+07:00&amount=1.5&unit=hours")
    assert response.status_code == 200
    assert response.json()["amount"] == 1.5
    assert response.json()["due_at"] == "2026-02-13T11:30:00+07:00"


def test_a_decimal_comma_is_understood(client):
    response = client.get(DUE, {"start": "2026-03-10T07:00:00+07:00", "amount": "1,5"})
    assert response.json()["amount"] == 1.5
    assert response.json()["due_at"] == "2026-03-11T11:00:00+07:00"


def test_the_unit_defaults_to_working_days(client):
    response = client.get(DUE, {"start": "2026-03-10T10:00:00+07:00", "amount": "1"})
    assert response.json()["unit"] == "days"
    assert response.json()["due_at"] == "2026-03-11T10:00:00+07:00"


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"amount": "3"}, "start", "bắt buộc"),
        ({"start": "2026-02-13T10:00:00+07:00"}, "amount", "bắt buộc"),
        ({"start": "2026-02-13T10:00:00", "amount": "3"}, "start", "thiếu múi giờ"),
        ({"start": "13/02/2026", "amount": "3"}, "start", "ISO 8601"),
        ({"start": "2026-02-30T10:00:00+07:00", "amount": "3"}, "start", "ISO 8601"),
        ({"start": "2026-02-13T10:00:00+07:00", "amount": "-1"}, "amount", "không được âm"),
        ({"start": "2026-02-13T10:00:00+07:00", "amount": "ba"}, "amount", ""),
        ({"start": "2026-02-13T10:00:00+07:00", "amount": "99999"}, "amount", "Tối đa 3650"),
        ({"start": "2026-02-13T10:00:00+07:00", "amount": "3", "unit": "weeks"}, "unit", "weeks"),
        ({"start": "9999-02-13T10:00:00+07:00", "amount": "3"}, "start", "1990"),
    ],
)
def test_a_bad_parameter_answers_400_naming_it(client, params, parameter, message):
    response = client.get(DUE, params)
    assert response.status_code == 400
    body = response.json()
    assert parameter in body
    assert message in " ".join(body[parameter])


def test_the_year_lists_national_days_off_and_make_up_days_with_names(client):
    response = client.get(YEAR, {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    off = {d["date"]: d for d in body["non_working_days"]}
    assert off["2026-02-17"]["name"] == "Tết Nguyên Đán"
    assert off["2026-08-31"]["source"] == "national"
    assert body["make_up_working_days"] == [
        {"date": "2026-08-22", "name": "Làm bù cho ngày nghỉ 31/08/2026", "source": "national"}
    ]
    assert body["sessions"] == [
        {"start": "07:00", "end": "11:30"},
        {"start": "13:30", "end": "17:00"},
    ]
    assert body["hours_per_day"] == 8.0
    assert body["working_days"] == 249  # 261 weekdays, 13 of them off, plus Sat 22/8


def test_the_year_includes_the_provinces_own_days(client):
    CalendarOverride.objects.create(
        day=date(2026, 3, 7), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm bù theo QĐ 12"
    )
    CalendarOverride.objects.create(
        day=date(2026, 3, 9), kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ do bão"
    )
    body = client.get(YEAR, {"year": 2026}).json()
    assert {"date": "2026-03-09", "name": "Nghỉ do bão", "source": "province"} in body[
        "non_working_days"
    ]
    assert {"date": "2026-03-07", "name": "Làm bù theo QĐ 12", "source": "province"} in body[
        "make_up_working_days"
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "bắt buộc"),
        ({"year": "abc"}, "số nguyên"),
        ({"year": "1800"}, "1990"),
        ({"year": "3000"}, "2100"),
    ],
)
def test_a_bad_year_answers_400(client, params, message):
    response = client.get(YEAR, params)
    assert response.status_code == 400
    assert message in " ".join(response.json()["year"])


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-02-01", "2026-03-01", 15),
        ("2025-04-01", "2025-05-01", 21),
        ("2026-03-11", "2026-03-09", -2),
    ],
)
def test_working_days_between_two_dates(client, start, end, count):
    response = client.get(WORKING_DAYS, {"start": start, "end": end})
    assert response.status_code == 200
    assert response.json() == {"start": start, "end": end, "working_days": count}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"start": "2026-02-01"}, "end"),
        ({"start": "01-02-2026", "end": "2026-03-01"}, "start"),
        ({"start": "1990-01-01", "end": "2090-01-01"}, "end"),
    ],
)
def test_bad_working_day_parameters_answer_400(client, params, parameter):
    response = client.get(WORKING_DAYS, params)
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize("url", [f"{YEAR}?year=2026", f"{DUE}?start=x&amount=1", WORKING_DAYS])
def test_the_calendar_needs_a_login(api_client, url):
    assert api_client.get(url).status_code in (401, 403)


def test_any_logged_in_user_reads_the_calendar(api_client):
    api_client.force_authenticate(UserFactory())
    assert api_client.get(YEAR, {"year": 2025}).status_code == 200
