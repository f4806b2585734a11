"""The version every cached dashboard entry (figures, ranking, charts, the serving-index panel)
is stored under: bumping it forgets them all at once, and older entries are simply never read
again.

Two kinds of change bump it. A recount (a rebuild, a refresh, an import) bumps it at once
(:func:`dashboard_cache_invalidate`). A live change (an intake, an action, a correction) only
marks the dashboards as behind (:func:`dashboard_cache_invalidate_soon`), and the first reader
at least ``DASHBOARD_LIVE_LAG_SECONDS`` after the first such change bumps it: at a province's
peak (tens of intakes a second) the leaders' figures and charts are then recomputed once per
lag, not on every view, and they are never older than the lag.
"""

import time

from django.conf import settings
from django.core.cache import cache

CACHE_VERSION_KEY = "dashboard:version"
CHANGED_AT_KEY = "dashboard:changed-at"


def dashboard_cache_version() -> int:
    """The version every cached dashboard entry is stored under (bumped here when a live change
    is older than the lag)."""
    values = cache.get_many([CACHE_VERSION_KEY, CHANGED_AT_KEY])
    changed_at = values.get(CHANGED_AT_KEY)
    if changed_at is not None and time.time() - changed_at >= settings.DASHBOARD_LIVE_LAG_SECONDS:
        # Deleted first: a change made from now on marks the dashboards again.
        cache.delete(CHANGED_AT_KEY)
        dashboard_cache_invalidate()
        values = {CACHE_VERSION_KEY: cache.get(CACHE_VERSION_KEY)}
    version = values.get(CACHE_VERSION_KEY)
    if version is None:
        cache.add(CACHE_VERSION_KEY, 1, None)
        version = cache.get(CACHE_VERSION_KEY, 1)
    return version


def dashboard_cache_invalidate() -> None:
    """Forget every cached dashboard figure and chart now: call when the roll-ups (or the
    dossiers they count) change by a recount. One atomic increment."""
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new version will do
        cache.set(CACHE_VERSION_KEY, 2, None)


def dashboard_cache_invalidate_soon() -> None:
    """A live change committed: the dashboards are behind from now on. Only the first change
    since the last bump keeps its moment (``add``), so the lag runs from it."""
    cache.add(CHANGED_AT_KEY, time.time(), None)
