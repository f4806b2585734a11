"""The ranking on the dashboard: its figures (four runs of the statistics) are cached per filter
set and day until the roll-ups change; "overdue now" is read on every page."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.reports.dashboard import (
    dashboard_cache_invalidate,
    dashboard_filters,
    dashboard_ranking,
)
from procedures.selectors.agency_ranking import agency_ranking
from tests.agencies_data import MARCH, agencies  # noqa: F401 (a fixture)
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

TODAY = date(2025, 4, 2)
NOW = vn(2025, 4, 2, 10)


def _count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return len(queries), result


def _page(params=MARCH):
    filters, problems = dashboard_filters(params, today=TODAY)
    assert problems == []
    return dashboard_ranking(filters, now=NOW)


def _figures(answer) -> list[tuple]:
    ranking = answer["ranking"]
    rows = [(r["key"], r["on_time_rate"], r["change"], r["overdue_now"]) for r in ranking.rows]
    return [*rows, ("province", ranking.province["change"], ranking.province["overdue_now"])]


def test_a_second_page_reads_the_figures_from_the_cache(agencies):  # noqa: F811
    cache.clear()
    first_queries, first = _count(_page)
    again_queries, again = _count(_page)
    # Only the overdue-now counts are read again: the rows' and the province's, each its
    # dossiers and the agencies' codes.
    assert again_queries == 4
    assert first_queries > 4 * 4  # four runs of the statistics, each several queries
    assert _figures(again) == _figures(first)
    # The same figures as the ranking computed afresh.
    fresh = agency_ranking(
        date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), at=NOW, filters={}
    )
    assert _figures(again) == _figures({"ranking": fresh})
    assert [r["key"] for r in again["ranking"].rows] == ["29701", "842", "29702"]
    assert again["ranking"].rows[0]["overdue_now"] == 1


def test_the_cache_is_per_filter_set_and_forgotten_when_the_rollups_change(agencies):  # noqa: F811
    cache.clear()
    _page()
    communes_queries, communes = _count(lambda: _page({**MARCH, "level": "3"}))
    assert communes_queries > 4
    assert [r["key"] for r in communes["ranking"].rows] == ["29701", "29702"]
    dashboard_cache_invalidate()
    recomputed_queries, _ = _count(_page)
    assert recomputed_queries > 4


def test_overdue_now_is_never_cached(agencies, reception_user):  # noqa: F811
    cache.clear()
    before = _page()
    assert before["ranking"].province["overdue_now"] == 1
    # The open dossier of Long Đức is resolved: the cached figures stay, overdue now drops.
    from procedures.models import Dossier
    from procedures.services.dossiers import dossier_act

    (open_one,) = Dossier.objects.filter(code__in=agencies["overdue_long_duc"])
    dossier_act(dossier=open_one, actor=reception_user, action="resolve", note="", at=NOW)
    after = _page()
    assert after["ranking"].province["overdue_now"] == 0
    assert after["ranking"].rows[0]["overdue_now"] == 0
