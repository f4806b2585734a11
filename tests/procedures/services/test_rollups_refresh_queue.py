"""A change queues its roll-up cell's refresh once: while a refresh of the cell is queued and
not yet begun, further changes ride on it; once it begins, the next change queues another."""

import pytest
from django.core.cache import cache

from procedures.choices import Channel
from procedures.services import rollups
from procedures.services.dossiers import dossier_act
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


def test_changes_while_a_refresh_waits_queue_no_other(
    receive, reception_user, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = receive(vn(2025, 3, 3, 9, 0))
    cache.delete(rollups._pending_key(_cell(first)))  # as if earlier tests left nothing behind
    published.clear()

    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(vn(2025, 3, 3, 9, 5))
    with django_capture_on_commit_callbacks(execute=True):
        receive(vn(2025, 3, 3, 9, 10))
        dossier_act(dossier=dossier, actor=reception_user, action="resolve", at=vn(2025, 3, 4))

    assert published == [[list(_cell(dossier))]]

    # The refresh begins (the worker takes it): the next change queues the next refresh.
    rollups.rollups_refresh_cells(cells=[_cell(dossier)])
    with django_capture_on_commit_callbacks(execute=True):
        receive(vn(2025, 3, 3, 9, 15))

    assert published == [[list(_cell(dossier))], [list(_cell(dossier))]]


def test_with_the_cache_unreachable_every_change_queues_its_refresh(
    receive, published, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", unreachable)
    for minute in (0, 5):
        with django_capture_on_commit_callbacks(execute=True):
            dossier = receive(vn(2025, 3, 3, 9, minute))

    assert published == [[list(_cell(dossier))], [list(_cell(dossier))]]


def test_with_redis_down_behind_the_tolerant_cache_every_change_queues_its_refresh(
    receive, published, settings, django_capture_on_commit_callbacks
):
    """The tolerant cache answers an unreachable Redis with a miss (``add`` stores nothing):
    that must not read as "a refresh is already queued", or the dashboards would go stale."""
    from tests.test_cache_tolerant import DEAD_REDIS

    settings.CACHES = DEAD_REDIS
    for minute in (0, 5):
        with django_capture_on_commit_callbacks(execute=True):
            dossier = receive(vn(2025, 3, 3, 9, minute))

    assert published == [[list(_cell(dossier))], [list(_cell(dossier))]]
