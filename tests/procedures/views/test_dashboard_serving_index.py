"""The serving index's panel on the leader's dashboard: the score of the month the period ends
in against the month before, each group, the indicator that lost most one click from its
dossiers, the worst agencies; the reader's scope; a period before the index existed."""

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.core.cache import cache

from procedures.models import Dossier
from procedures.reports.dashboard import dashboard_cache_invalidate
from procedures.reports.serving_index import serving_index_dashboard
from procedures.roles import Role
from tests.conftest import _user_with_role

pytestmark = pytest.mark.django_db
DASHBOARD = "/bang-dieu-khien/"
MARCH_2025 = {"period": "range", "from": "01/03/2025", "to": "31/03/2025"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _expected(units=()) -> dict:
    return serving_index_dashboard(month=date(2025, 3, 1), today=date(2025, 4, 10), units=units)


def test_the_leader_sees_the_score_against_last_month(client, leader, built, commune, agency):
    client.force_login(leader)
    answer = client.get(DASHBOARD, MARCH_2025)
    assert answer.status_code == 200
    panel = answer.context["serving_index"]
    expected = _expected()
    assert panel["applies"] and panel["month"] == date(2025, 3, 1)
    assert panel["total"] == expected["total"] and panel["change"] == expected["change"]
    assert [(g["key"], g["points"], g["change"]) for g in panel["groups"]] == [
        (g["key"], g["points"], g["change"]) for g in expected["groups"]
    ]
    assert [a["code"] for a in panel["agencies"]] == [commune.code, agency.code]
    html = answer.content.decode()
    total = f"{expected['total']:.2f}".replace(".", ",")
    assert f"{total}/100" in html
    assert "tạm tính" in html  # every rule of the file is provisional
    assert 'href="/chi-so-phuc-vu/?month=2025-03"' in html


def test_the_weakest_indicator_is_the_one_that_lost_most_and_links_its_dossiers(
    client, leader, built
):
    client.force_login(leader)
    panel = client.get(DASHBOARD, MARCH_2025).context["serving_index"]
    every = [i for g in _expected()["groups"] for i in g["indicators"]]
    most = max(i["max_points"] - i["points"] for i in every)
    weakest = panel["weakest"]
    assert weakest["lost"] == most
    assert weakest["link"], weakest["key"]  # a dossier indicator in this data
    listed = client.get(f"/dossiers/list/?{weakest['link']}").context["page"].object_list
    assert len(listed) == weakest["denominator"] - weakest["numerator"] > 0
    assert parse_qs(weakest["link"])["index_gap"]


def test_a_leader_of_one_unit_sees_the_score_of_that_unit(client, built, commune, agency):
    user = _user_with_role(Role.LEADER, username="chutich_xa")
    commune.leaders.add(user)
    client.force_login(user)
    panel = client.get(DASHBOARD, MARCH_2025).context["serving_index"]
    assert [a["code"] for a in panel["agencies"]] == [commune.code]
    assert panel["total"] == _expected([commune.code])["total"] != _expected()["total"]


def test_a_period_before_the_index_says_it_did_not_exist(client, leader, built):
    client.force_login(leader)
    answer = client.get(DASHBOARD, {"period": "range", "from": "01/10/2016", "to": "31/12/2017"})
    panel = answer.context["serving_index"]
    assert not panel["applies"]
    html = answer.content.decode()
    assert 'id="index-panel-not-applicable"' in html and "23/06/2022" in html


def test_the_panel_is_cached_with_the_dashboard(client, leader, built):
    client.force_login(leader)

    def publicity() -> Decimal:
        panel = client.get(DASHBOARD, MARCH_2025).context["serving_index"]
        return next(g["points"] for g in panel["groups"] if g["key"] == "publicity")

    first = publicity()
    # A change made behind the services' back is not heard of: the cached panel stays.
    Dossier.objects.update(national_synced_at=None)
    assert publicity() == first
    dashboard_cache_invalidate()
    assert publicity() < first


def test_the_index_page_keeps_a_unit_leader_to_their_units(client, built, commune, agency):
    user = _user_with_role(Role.LEADER, username="chutich_xa")
    commune.leaders.add(user)
    client.force_login(user)
    page = client.get("/chi-so-phuc-vu/", {"month": "2025-03"}).context["page"]
    assert [a["code"] for a in page["agencies"]] == [commune.code]
