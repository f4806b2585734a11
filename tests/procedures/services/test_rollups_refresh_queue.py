"""A change of many dossiers at once (a calendar change's recomputation, the verdicts' replay)
queues its roll-up cells' refresh once: while a refresh of the cell is queued and not yet
begun, further changes ride on it; once it begins, the next change queues another. (A single
dossier's change moves its own rows in its transaction: test_rollups_live.py.)"""

import pytest
from django.core.cache import cache

from procedures.choices import Channel
from procedures.services import rollups
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """The refreshes queued, as the batches of cells sent to the worker."""
    sent = []
    monkeypatch.setattr(
        "procedures.services.outbox.outbox_send_or_keep", lambda task, cells: sent.append(cells)
    )
    return sent


def _cell(dossier):
    return (dossier.desk_id, dossier.procedure_id, Channel.DIRECT.value)


def _changed(dossier):
    """What the recomputations call for the dossiers they changed."""
    rollups.rollups_refresh_on_commit(cells=[_cell(dossier)])


def test_changes_while_a_refresh_waits_queue_no_other(
    receive, published, django_capture_on_commit_callbacks
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    cache.delete(rollups._pending_key(_cell(dossier)))  # as if earlier tests left nothing behind
    assert published == []  # the intake queues nothing: its rows moved with it

    with django_capture_on_commit_callbacks(execute=True):
        _changed(dossier)
    with django_capture_on_commit_callbacks(execute=True):
        _changed(dossier)
        _changed(dossier)

    assert published == [[list(_cell(dossier))]]

    # The refresh begins (the worker takes it): the next change queues the next refresh.
    rollups.rollups_refresh_cells(cells=[_cell(dossier)])
    with django_capture_on_commit_callbacks(execute=True):
        _changed(dossier)

    assert published == [[list(_cell(dossier))], [list(_cell(dossier))]]


def test_with_the_cache_unreachable_every_change_queues_its_refresh(
    receive, published, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", unreachable)
    dossier = receive(vn(2025, 3, 3, 9, 0))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _changed(dossier)

    assert published == [[list(_cell(dossier))], [list(_cell(dossier))]]


def test_with_redis_down_behind_the_tolerant_cache_every_change_queues_its_refresh(
    receive, published, settings, django_capture_on_commit_callbacks
):
    """The tolerant cache answers an unreachable Redis with a miss (``add`` stores nothing):
    that must not read as "a refresh is already queued", or the dashboards would go stale."""
    from tests.test_cache_tolerant import DEAD_REDIS

    settings.CACHES = DEAD_REDIS
    dossier = receive(vn(2025, 3, 3, 9, 0))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _changed(dossier)

    assert published == [[list(_cell(dossier))], [list(_cell(dossier))]]
