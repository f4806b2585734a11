"""A long task in a process of its own, under the embedded default (``make run``).

The memory cap of an import (``IMPORT_MEMORY_LIMIT_MB``, :mod:`procedures.importers.memory`)
is an ``RLIMIT_AS``: it holds for a whole process. In a worker that is the import's own pool
process; in the web process's background thread (:mod:`onestop.background`) it would cap every
request served beside the import, and a file that still got through would take the web process
down with it. So a task marked ``@shared_task(own_process=True)`` runs there in a child process
started with ``spawn`` (a fresh interpreter, nothing shared with the web process's threads):

- the child opens its own connection to the parent's database (the same NAME, the test
  database's included) and takes the parent's import settings, which a test may have lowered;
- the import's status and outcome reach its row through the database as always; its progress,
  which the embedded default keeps in a per-process memory cache, is relayed to the parent's
  cache through a pipe, so the progress page still moves;
- a child that dies (killed past its cap, a crash in a C extension) is reported as the task's
  failure, as Celery reports a worker's lost pool process: ``task_failure`` with
  :class:`ProcessLost`, which the task's own failure handler turns into a reason.

The parent's background thread waits for the child; the requests never do.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal

from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# The settings an import reads, passed to the child as the parent has them now.
PASSED_SETTING_PREFIXES = ("IMPORT_", "CATALOGUE_IMPORT_")
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


class ProcessLost(Exception):
    """The task's child process ended without finishing it (``exitcode``: negative for the
    signal that killed it)."""

    def __init__(self, exitcode: int | None):
        self.exitcode = exitcode
        if exitcode is not None and exitcode < 0:
            try:
                how = signal.Signals(-exitcode).name
            except ValueError:
                how = f"signal {-exitcode}"
        else:
            how = gettext("exit code %(code)s") % {"code": exitcode}
        # Only the cause: the task's own message, in the user's language, tells the rest.
        super().__init__(how)


def task_has_own_process(task) -> bool:
    return bool(getattr(task, "own_process", False))


def run_in_own_process(task, args, kwargs) -> int | None:
    """Run ``task`` in a child process and wait for it; returns the child's exit code. Called
    from the background thread."""
    from celery.signals import task_failure
    from django.core.cache import cache

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(task.name, tuple(args), dict(kwargs), _passed(), send),
        name=f"onestop-{task.name.rsplit('.', 1)[-1]}",
        daemon=True,  # the web process stopping takes its import with it (all or nothing)
    )
    process.start()
    send.close()  # the child holds the only write end: its end is the pipe's end
    while True:
        try:
            operation, call_args = receive.recv()
        except (EOFError, OSError):
            break
        try:
            getattr(cache, operation)(*call_args)
        except Exception:  # progress is a courtesy: the import goes on
            logger.warning("progress of %s not relayed", task.name, exc_info=True)
    receive.close()
    process.join()
    if process.exitcode != 0:
        logger.error("%s: child process %s ended with %s", task.name, process.pid, process.exitcode)
        task_failure.send(
            sender=task,
            task_id=None,
            exception=ProcessLost(process.exitcode),
            args=list(args),
            kwargs=dict(kwargs),
            traceback=None,
            einfo=None,
        )
    return process.exitcode


def _passed() -> dict:
    from django.conf import settings
    from django.db import connections

    from onestop.celery import app

    return {
        "database": dict(connections["default"].settings_dict),
        "settings": {
            name: getattr(settings, name)
            for name in dir(settings)
            if name.startswith(PASSED_SETTING_PREFIXES)
        },
        "relay_cache": settings.CACHES["default"]["BACKEND"] == LOCMEM,
        "eager": bool(app.conf.task_always_eager),
    }


class RelayCache(LocMemCache):
    """The child's cache when the parent's is in its memory: what the child writes is written
    in the parent's too (the import's progress), reads stay the child's own."""

    pipe = None

    def set(self, key, value, timeout=None, version=None):
        super().set(key, value, timeout, version)
        self._relay("set", key, value, *(() if timeout is None else (timeout,)))

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._relay("delete", key)
        return deleted

    def _relay(self, operation, *call_args):
        if RelayCache.pipe is not None:
            try:
                RelayCache.pipe.send((operation, call_args))
            except (OSError, ValueError):
                logger.warning("cache %s not relayed to the web process", operation)


def _child(task_name: str, args: tuple, kwargs: dict, passed: dict, pipe) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
    from django.conf import settings

    # Before django.setup(): connections and caches are built from these on first use.
    settings.DATABASES["default"] = passed["database"]
    for name, value in passed["settings"].items():
        setattr(settings, name, value)
    if passed["relay_cache"]:
        RelayCache.pipe = pipe
        settings.CACHES = {"default": {"BACKEND": "onestop.own_process.RelayCache"}}

    import django

    django.setup()
    from django.db import connections

    from onestop.celery import app

    app.conf.task_always_eager = passed["eager"]
    importlib.import_module(task_name.rsplit(".", 1)[0])
    try:
        # apply(): the eager path, with its signals (the task's own failure handler), as
        # onestop.background runs it in a thread; a failure is the handler's to record.
        result = app.tasks[task_name].apply(args=args, kwargs=kwargs, throw=False)
        if result.failed():
            logger.error("task %s failed: %s", task_name, result.result)
    finally:
        connections.close_all()
        pipe.close()
