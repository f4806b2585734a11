"""The embedded default's worker: long tasks in a background thread of the web process.

With no broker (``make run``: SQLite, Celery eager), a task sent from a request would run inside
that request: an uploaded catalogue read while the officer's browser waits, a report built
before the page answers. Here the web process keeps one background thread instead: a request
queues the long task (an import, a report, a recomputation) and answers at once with its
progress page, as it does in production with a real worker. Only the web process turns this on
(``onestop.wsgi``, which ``runserver`` loads too); management commands and tests keep running
eager tasks in line, where they wait for the result anyway. With a broker, tasks go to the
worker as always.

Tasks that may run long say so: ``@shared_task(long_running=True)``; those that need a memory
cap of their own run here in a child process (``own_process=True``, :mod:`onestop.own_process`).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connections

from onestop.own_process import run_in_own_process, task_has_own_process

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None


def enable() -> None:
    """Give this process its background thread (called by the WSGI application)."""
    global _executor
    if _executor is None:
        # One thread: SQLite takes one writer at a time, and jobs run in the order sent.
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onestop-background")


def disable() -> None:
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True)
        _executor = None


def _run(task, args, kwargs) -> None:
    if task_has_own_process(task):
        # An import: its memory cap must not cap the web process (onestop.own_process).
        run_in_own_process(task, args, kwargs)
        return
    try:
        # apply(): the eager path Celery itself takes, with its signals (a failed import or
        # report is marked failed by its task_failure handler).
        result = task.apply(args=args, kwargs=kwargs)
        if result.failed():
            logger.error("background task %s failed: %s", task.name, result.result)
    finally:
        connections.close_all()


def task_send(task, *args, **kwargs) -> Future | None:
    """Send ``task(*args, **kwargs)``: to the broker when there is one; under the embedded
    default, a long-running task to this process's background thread when it has one, else
    (management commands, tests) in line."""
    from onestop.celery import app

    if _executor is not None and app.conf.task_always_eager and task_is_long(task):
        return _executor.submit(_run, task, args, kwargs)
    task.delay(*args, **kwargs)
    return None


def task_is_long(task) -> bool:
    return bool(getattr(task, "long_running", False))
