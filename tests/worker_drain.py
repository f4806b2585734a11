"""Each test waits for the worker to finish the tasks it sent before its database is flushed.

With a real worker, a test that commits (transactional tests, the live server of the browser
tests) sends follow-up tasks (roll-up refreshes, imports, recomputations) that the worker runs
against the same test database. If the test ended without waiting, pytest-django's flush
(TRUNCATE of every table) met the worker's reads: PostgreSQL broke the deadlock by failing the
flush, and the next tests ran on the previous test's rows; or the task wrote into the next
test's data. So every task published during a test's setup and call is awaited (its result, in
the result backend that scripts/services.sh configures) before any fixture is torn down.
"""

import time
import warnings

import pytest
from celery import signals

# Long enough for any follow-up task the suite sends; past it, teardown goes on with a warning.
DRAIN_TIMEOUT_S = 90

_published: list[str] = []


@signals.after_task_publish.connect
def _remember_published_task(sender=None, headers=None, **kwargs):
    task_id = (headers or {}).get("id")
    if task_id:
        _published.append(task_id)


def _unfinished(task_ids: list[str]) -> list[str]:
    from celery.result import AsyncResult

    from onestop.celery import app

    return [task_id for task_id in task_ids if not AsyncResult(task_id, app=app).ready()]


def drain_published_tasks(timeout: float = DRAIN_TIMEOUT_S) -> list[str]:
    """Wait until every task published since the last drain has ended (any outcome); return
    the ids still unfinished at the deadline."""
    from django.conf import settings

    pending = list(dict.fromkeys(_published))
    _published.clear()
    if not pending or not settings.CELERY_RESULT_BACKEND:
        return []
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        try:
            pending = _unfinished(pending)
        except Exception:  # noqa: BLE001 - the result backend is down (a fault test): give up
            return pending
        if pending:
            time.sleep(0.05)
    return pending


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _published.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # Before yield: ahead of every fixture finalizer, the database flush among them. The fault
    # tests stop the broker (whose queue is not persisted) or kill the worker: what they sent
    # may never run, and they wait for their own work themselves.
    if item.get_closest_marker("faults"):
        _published.clear()
        yield
        return
    left = drain_published_tasks()
    if left:
        warnings.warn(
            f"{item.nodeid}: {len(left)} task(s) still unfinished after {DRAIN_TIMEOUT_S} s",
            stacklevel=1,
        )
    yield
