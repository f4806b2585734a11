"""The leaders' cached dashboards lag a live change by at most DASHBOARD_LIVE_LAG_SECONDS.

At a province's peak every intake changed the roll-ups, and each change forgot every cached
dashboard, so each leader's view recomputed its figures and redrew its charts. A live change now
marks the dashboards as behind; the first reader once the lag has passed since the first such
change bumps the version. A recount still bumps it at once.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings

from procedures.reports import dashboard_cache
from procedures.reports.dashboard_cache import (
    CACHE_VERSION_KEY,
    CHANGED_AT_KEY,
    dashboard_cache_invalidate,
    dashboard_cache_invalidate_soon,
    dashboard_cache_version,
)
from procedures.services.rollups import rollups_rebuild
from tests.fixtures_dossiers import vn


class Clock:
    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    cache.delete_many([CACHE_VERSION_KEY, CHANGED_AT_KEY])
    clock = Clock(1_000_000.0)
    monkeypatch.setattr(dashboard_cache, "time", clock)
    return clock


# (seconds after the first change, a second change then?, the version a reader sees: +0 or +1)
CASES = [
    (0, False, 0),
    (30, False, 0),
    (59, True, 0),  # a second change does not restart the lag
    (60, False, 1),
    (61, False, 1),  # read again: no further bump without a change
]


@override_settings(DASHBOARD_LIVE_LAG_SECONDS=60)
def test_a_live_change_reaches_the_dashboards_within_the_lag_not_on_every_view(clock):
    before = dashboard_cache_version()
    start = clock.now
    dashboard_cache_invalidate_soon()
    for seconds, another_change, bumped in CASES:
        clock.now = start + seconds
        if another_change:
            dashboard_cache_invalidate_soon()
        assert dashboard_cache_version() == before + bumped, seconds

    # A change after the bump starts a new lag from its own moment.
    clock.now = start + 100
    dashboard_cache_invalidate_soon()
    clock.now = start + 159
    assert dashboard_cache_version() == before + 1
    clock.now = start + 160
    assert dashboard_cache_version() == before + 2


@override_settings(DASHBOARD_LIVE_LAG_SECONDS=60)
def test_a_recount_forgets_the_dashboards_at_once(clock):
    before = dashboard_cache_version()
    dashboard_cache_invalidate()
    assert dashboard_cache_version() == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("lag", "seen_at_once"), [(60, False), (0, True)])
def test_an_intake_marks_the_dashboards_behind(clock, receive, lag, seen_at_once):
    rollups_rebuild()  # the roll-ups exist, so the intake keeps them itself
    with override_settings(DASHBOARD_LIVE_LAG_SECONDS=lag):
        before = dashboard_cache_version()
        receive(vn(2025, 3, 3, 9, 0))

        assert dashboard_cache_version() == before + (1 if seen_at_once else 0)
        clock.now += 60
        assert dashboard_cache_version() == before + 1
