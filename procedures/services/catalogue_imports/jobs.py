"""The import screen's jobs (nhập danh mục qua màn hình): a row per upload, queued through the
outbox, claimed and run by a Celery task with its progress in the cache, and marked failed when
its worker is gone, then retried."""

import logging
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from procedures.choices import ImportKind, ImportStatus
from procedures.importers.catalogue import MAX_FILE_BYTES
from procedures.importers.memory import ImportMemoryExceeded, import_memory_cap
from procedures.models import CatalogueImport
from procedures.models.trail import trail_reason
from procedures.problems import Problem, Refused
from procedures.services.catalogue_imports.files import (
    HEADER_FIELDS,
    decision_file_import,
    procedure_file_import,
)
from procedures.services.catalogue_imports.progress import STALE_AFTER, CacheProgress, progress_key
from procedures.services.import_beat import import_heartbeat, lost_after
from procedures.services.outbox import outbox_enqueue

logger = logging.getLogger(__name__)


@transaction.atomic
def catalogue_import_create(
    *, kind: str, file_name: str, content: bytes, options: dict | None = None, user=None
) -> CatalogueImport:
    """Queue an uploaded catalogue file for import; the Celery task starts once this commits."""
    problems = []
    if kind not in ImportKind.values:
        problems.append(Problem(_("Choose what the file holds."), column="kind"))
    if not content:
        problems.append(Problem(_("The file is empty."), column="file"))
    elif len(content) > MAX_FILE_BYTES:
        problems.append(Problem(_("The file is larger than 20 MB: split it."), column="file"))
    if problems:
        raise Refused(problems)
    job = CatalogueImport.objects.create(
        kind=kind,
        file_name=file_name[:255],
        content=content,
        options=options or {},
        created_by=user,
    )
    _queue(job.pk)
    return job


def _queue(import_id: int) -> None:
    """Queue the import's task once the current transaction commits, in the user's language,
    through the outbox: an upload while the broker is down runs when it is back."""
    outbox_enqueue(
        "procedures.tasks.catalogue.run_catalogue_import", import_id, translation.get_language()
    )


def problems_kept() -> int:
    """How many problems of one import are stored (``IMPORT_PROBLEMS_KEPT``): the first ones,
    enough to fix a file in passes, while the total is counted beside them."""
    return max(1, int(getattr(settings, "IMPORT_PROBLEMS_KEPT", 500)))


OPEN = (ImportStatus.PENDING, ImportStatus.RUNNING)


def catalogue_import_run(
    *, import_id: int, language: str | None = None, memory_limit_mb: int | None = None
) -> CatalogueImport:
    """Run a queued import (the task's body). Not one transaction itself: its status must be
    visible while the import's own all-or-nothing transaction runs.

    The import may take at most ``memory_limit_mb`` (default ``IMPORT_MEMORY_LIMIT_MB``) more
    memory than its process held when it began; past it, it ends as failed, naming the file,
    with nothing written (:mod:`procedures.importers.memory`).

    The run first claims the row: a pending import, or a running one whose worker died (started
    longer than ``STALE_AFTER`` ago, e.g. a message redelivered after a crash). A duplicate
    delivery while another worker runs it, or an import already finished, changes nothing."""
    started = timezone.now()
    claimable = Q(status=ImportStatus.PENDING) | Q(
        Q(started_at__isnull=True)
        | Q(started_at__lt=started - STALE_AFTER)
        | Q(beat_at__lt=started - lost_after()),
        status=ImportStatus.RUNNING,
    )
    # SQLite (the embedded default) lets no other connection write while the import's own
    # transaction runs: no heartbeat there, and the web process running it is the one serving.
    beats = connection.vendor != "sqlite"
    claimed = CatalogueImport.objects.filter(claimable, pk=import_id).update(
        status=ImportStatus.RUNNING,
        started_at=started,
        beat_at=started if beats else None,
        attempts=F("attempts") + 1,
    )
    job = CatalogueImport.objects.get(pk=import_id)
    if not claimed:
        return job
    progress = CacheProgress(job.pk)
    progress(0, 100)
    content = bytes(job.content)
    with translation.override(language or translation.get_language()):
        try:
            # The heartbeat's thread starts before the memory cap, which would refuse its stack.
            with (
                import_heartbeat(job.pk, enabled=beats),
                import_memory_cap(memory_limit_mb),
                trail_reason(
                    _("Catalogue import no. %(id)s (%(file)s)")
                    % {"id": job.pk, "file": job.file_name},
                    user=job.created_by,
                ),
            ):
                summary, decision = _run(job, content, progress)
            job.status, job.summary, job.problems, job.decision = (
                ImportStatus.DONE,
                summary,
                [],
                decision,
            )
        except Refused as refusal:
            job.status = ImportStatus.REFUSED
            job.problems = [
                {**p.as_dict(), "text": str(p)} for p in refusal.problems[: problems_kept()]
            ]
            job.problems_total = len(refusal.problems)
        except ImportMemoryExceeded as exceeded:
            logger.warning("catalogue import %s: %s", job.pk, exceeded)
            # A failed allocation may have come in the middle of talking to the database.
            if connection.errors_occurred and not connection.is_usable():
                connection.close()
            job.status = ImportStatus.FAILED
            job.problems = [
                {
                    "message": _(
                        "The file %(file)s needs more memory than one import may use "
                        "(%(limit)s MB): the import was stopped and nothing was written. Split "
                        "the file into smaller ones, or ask the administrator to raise "
                        "IMPORT_MEMORY_LIMIT_MB."
                    )
                    % {"file": job.file_name, "limit": exceeded.limit_mb}
                }
            ]
        except Exception as error:
            logger.exception("catalogue import %s failed", job.pk)
            job.status = ImportStatus.FAILED
            job.problems = [_failure(error)]
    progress(100, 100)
    job.finished_at = timezone.now()
    if job.status != ImportStatus.REFUSED:
        job.problems_total = len(job.problems)
    # Only this run's outcome: a retry started meanwhile has claimed the row with a newer start.
    CatalogueImport.objects.filter(pk=job.pk, started_at=started).update(
        status=job.status,
        summary=job.summary,
        problems=job.problems,
        problems_total=job.problems_total,
        decision=job.decision,
        finished_at=job.finished_at,
    )
    job.started_at = started
    return job


def _run(job: CatalogueImport, content: bytes, progress) -> tuple[dict, object]:
    """The import itself: its summary and, for a decision's file, the decision."""
    if job.kind == ImportKind.PROCEDURES:
        effective = (job.options or {}).get("effective_date")
        summary = procedure_file_import(
            content=content,
            file_name=job.file_name,
            user=job.created_by,
            progress=progress,
            effective_date=date.fromisoformat(effective) if effective else None,
        ).as_dict()
        decision = None
    else:
        options = job.options or {}
        result = decision_file_import(
            content=content,
            file_name=job.file_name,
            header=_header_options(options),
            apply=bool(options.get("apply")),
            user=job.created_by,
            progress=progress,
        )
        summary, decision = result.as_dict(), result.decision
    return summary, decision


def _failure(error: BaseException | str) -> dict:
    return {
        "message": _(
            "The import stopped before its end (%(error)s); nothing was written. Retry it once "
            "the cause is fixed."
        )
        % {"error": (str(error) or error.__class__.__name__)[:300]}
    }


def catalogue_import_fail(
    *, import_id: int, error: BaseException | str, memory_limit_mb: int | None = None
) -> bool:
    """Mark an import failed when its task failed outside the import's own error handling (the
    worker process was killed, the database went away): the all-or-nothing import wrote
    nothing, and the page must stop showing it as running. Returns whether it was open.

    ``memory_limit_mb``: the import's own process died under that memory cap (the embedded
    default, :mod:`onestop.own_process`); the likeliest cause is a file too large for it."""
    problem = _failure(error)
    if memory_limit_mb:
        problem = {
            "message": _(
                "The import's process ended abruptly (%(error)s), most likely because the file "
                "needs more memory than one import may use (%(limit)s MB): nothing was written. "
                "Split the file into smaller ones, or ask the administrator to raise "
                "IMPORT_MEMORY_LIMIT_MB."
            )
            % {"error": str(error)[:300], "limit": memory_limit_mb}
        }
    return bool(
        CatalogueImport.objects.filter(pk=import_id, status__in=OPEN).update(
            status=ImportStatus.FAILED,
            problems=[problem],
            problems_total=1,
            finished_at=timezone.now(),
        )
    )


def catalogue_imports_expire(*, now=None) -> int:
    """Mark failed the imports whose worker is gone: queued but not started, or running without
    progress, for longer than ``STALE_AFTER`` (a worker restarted, a broker lost the message).
    Their transaction never committed, so nothing was written; they can be retried."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    expired = CatalogueImport.objects.filter(
        status=ImportStatus.RUNNING, beat_at__lt=now - lost_after()
    ).update(
        status=ImportStatus.FAILED,
        problems=[
            _failure(
                _(
                    "the worker running it stopped answering (no heartbeat for %(seconds)s "
                    "seconds): it was probably killed or restarted"
                )
                % {"seconds": int(lost_after().total_seconds())}
            )
        ],
        problems_total=1,
        finished_at=now,
    )
    # Imports queued and never started, or started by a version that wrote no heartbeat.
    candidates = CatalogueImport.objects.filter(
        Q(status=ImportStatus.PENDING, created_at__lt=cutoff)
        | Q(status=ImportStatus.RUNNING, beat_at__isnull=True)
        & (Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff))
    ).values_list("pk", "status", "started_at")
    for pk, status, started_at in candidates:
        beat = (cache.get(progress_key(pk)) or {}).get("at")
        if status == ImportStatus.RUNNING and beat and beat > cutoff.timestamp():
            continue  # a long import still reporting progress
        expired += CatalogueImport.objects.filter(
            pk=pk, status=status, started_at=started_at
        ).update(
            status=ImportStatus.FAILED,
            problems=[
                _failure(
                    _("no progress for %(minutes)s minutes: the worker was probably restarted")
                    % {"minutes": int(STALE_AFTER.total_seconds() // 60)}
                )
            ],
            problems_total=1,
            finished_at=now,
        )
    return expired


@transaction.atomic
def catalogue_import_retry(*, job: CatalogueImport, user=None) -> CatalogueImport:
    """Run a failed import again (the same file, options and user). Safe because an import is
    all or nothing and idempotent: whatever a dead run did was rolled back."""
    job = CatalogueImport.objects.select_for_update().defer("content").get(pk=job.pk)
    if job.status != ImportStatus.FAILED:
        raise Refused(
            [
                Problem(
                    _("Only a failed import can be retried; this one is “%(status)s”.")
                    % {"status": job.get_status_display()}
                )
            ],
            conflict=True,
        )
    job.status, job.problems, job.problems_total, job.summary = ImportStatus.PENDING, [], 0, {}
    job.started_at = job.finished_at = job.beat_at = None
    job.save(
        update_fields=[
            "status",
            "problems",
            "problems_total",
            "summary",
            "started_at",
            "finished_at",
            "beat_at",
        ]
    )
    cache.delete(progress_key(job.pk))
    _queue(job.pk)
    return job


def _header_options(options: dict) -> dict:
    header = {}
    for key in HEADER_FIELDS:
        value = options.get(key)
        if value in (None, ""):
            continue
        header[key] = date.fromisoformat(value) if key in ("signed_on", "effective_on") else value
    return header
