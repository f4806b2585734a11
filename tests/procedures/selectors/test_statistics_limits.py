"""A statistics request is bounded: a period past the limits gets a 400 naming the limit in
Vietnamese on the API, the leader's home, the dashboard and its CSV and SVG (year 9999 and
year 1 included), and PostgreSQL stops a request that still runs past its statement timeout
(issue 22, finding 2)."""

import pytest
from django.db import connection
from django.urls import reverse

from procedures.selectors.statistics_limits import StatisticsTimeout, statistics_timeout

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/dossiers/"


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"from": "2026-01-01", "to": "9999-12-31"}, "to", "31/12/9999"),
        ({"from": "0001-01-01", "to": "2026-12-31"}, "from", "01/01/0001"),
        ({"from": "9999-01-01", "to": "9999-12-31"}, "from", "31/12/2099"),
        ({"from": "2000-01-01", "to": "2025-12-31"}, "to", "tối đa 3.660 ngày"),
        (
            {"from": "2026-01-01", "to": "2035-12-31", "group_by": "month"},
            "group_by",
            "tối đa 100 nhóm",
        ),
    ],
)
def test_the_api_refuses_a_period_past_the_limits_naming_them(
    api_client, leader, settings, params, field, words
):
    settings.STATS_MAX_TIME_GROUPS = 100
    api_client.force_authenticate(leader)
    response = api_client.get(STATS, params, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])


def test_the_api_accepts_ten_years_by_month(api_client, leader):
    api_client.force_authenticate(leader)
    response = api_client.get(STATS, {"from": "2016-01-01", "to": "2025-12-31", "group_by": "year"})
    assert response.status_code == 200
    assert len(response.json()["rows"]) == 0 or response.json()["rows"][0]


def test_the_report_api_refuses_year_9999(api_client, leader):
    api_client.force_authenticate(leader)
    response = api_client.get(
        "/api/v1/reports/admin-reform/", {"from": "9999-01-01", "to": "9999-12-31"}
    )
    assert response.status_code == 400
    assert "31/12/2099" in " ".join(response.json()["from"])


CENTURY = {"period": "range", "from": "01/01/2026", "to": "31/12/9999"}


@pytest.mark.parametrize(
    ("url", "args"),
    [
        ("home", ()),
        ("dashboard", ()),
        ("dashboard-table", ("csv",)),
        ("dashboard-chart", ("trend", "svg")),
        ("dashboard-chart", ("centres", "png")),
    ],
)
@pytest.mark.parametrize(
    "period",
    [
        CENTURY,
        {"period": "range", "from": "01/01/0001", "to": "31/12/2025"},
        {"period": "range", "from": "01/01/2026", "to": "30/12/2125"},
    ],
)
def test_the_screens_refuse_a_period_past_the_limits_with_a_400(client, leader, url, args, period):
    client.force_login(leader)
    response = client.get(reverse(url, args=args), period, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    text = response.content.decode()
    assert "01/01/2000" in text or "3.660 ngày" in text


def test_the_dashboard_still_answers_a_period_within_the_limits(client, leader):
    client.force_login(leader)
    period = {"period": "range", "from": "01/01/2016", "to": "31/12/2025"}
    assert client.get(reverse("dashboard"), period).status_code == 200
    assert client.get(reverse("dashboard-chart", args=("trend", "svg")), period).status_code == 200


def _timeout_in_force() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_every_statistics_request_runs_under_the_statement_timeout(
    api_client, leader, settings, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    settings.STATS_STATEMENT_TIMEOUT_S = 7
    seen = []

    def statistics(**kwargs):
        seen.append(_timeout_in_force())
        raise StatisticsTimeout(7)

    monkeypatch.setattr("api.views.statistics.dossier_statistics", statistics)
    api_client.force_authenticate(leader)
    response = api_client.get(STATS, {"from": "2025-01-01", "to": "2025-12-31"})
    assert seen == ["7s"]
    assert response.status_code == 503
    assert "7 giây" in response.json()["detail"]
    # SET LOCAL: the connection keeps no limit after the request.
    assert _timeout_in_force() == "0"


def test_a_statement_past_the_timeout_is_stopped(django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with (
        pytest.raises(StatisticsTimeout) as stopped,
        statistics_timeout(0.2),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(5)")
    assert "0,2" in str(stopped.value)


@pytest.mark.parametrize(
    ("date_from", "date_to", "words"),
    [
        ("2026-01-01", "9999-12-31", "31/12/9999"),
        ("2000-01-01", "2025-12-31", "3.660"),
    ],
)
def test_the_report_screen_refuses_a_period_past_the_limits(
    client, leader, date_from, date_to, words
):
    from procedures.models import GeneratedReport

    client.force_login(leader)
    response = client.post(
        reverse("report-list"),
        {"date_from": date_from, "date_to": date_to, "unit": "", "file_format": "docx"},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not GeneratedReport.objects.exists()
