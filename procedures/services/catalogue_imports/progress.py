"""A long job's progress in the cache (the import screen polls it): written a few times a
second at most, its time stamp the job's heartbeat. Generated reports report the same way."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache


def progress_key(import_id: int) -> str:
    return f"catalogue-import:{import_id}:progress"


# An import whose worker stopped sending progress this long ago is taken as dead.
STALE_AFTER = timedelta(minutes=getattr(settings, "CATALOGUE_IMPORT_STALE_MINUTES", 30))


class CacheProgress:
    """Progress written to the cache at most a few times a second, read by the polling page.
    Its time stamp is the run's heartbeat: an import that stops beating is shown as failed."""

    def __init__(self, import_id: int | None = None, *, key: str | None = None):
        # ``key``: another long job (a generated report) reporting its progress the same way.
        self.key = key or progress_key(import_id)
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.25:
            return
        self.last = now
        cache.set(
            self.key,
            {"done": done, "total": total, "at": time.time()},
            timeout=int(STALE_AFTER.total_seconds()) * 4,
        )
