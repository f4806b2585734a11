"""Lập báo cáo: the report screen asks for a report, a Celery task generates it, the stored row
is downloaded later. The only code that writes ``GeneratedReport`` rows."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onestop.background import task_send
from procedures.choices import ImportStatus, ReportKind
from procedures.models import GeneratedReport, Unit
from procedures.problems import Refused
from procedures.reports.admin_reform import admin_reform_data, admin_reform_problems
from procedures.reports.admin_reform_files import admin_reform_file, report_file_name
from procedures.reports.document import document_clean
from procedures.selectors.reports import report_progress_key, report_template_content
from procedures.services.catalogue_imports import CacheProgress
from procedures.services.outbox import registered_task

logger = logging.getLogger(__name__)

# A report whose worker stopped reporting progress this long ago is taken as dead.
STALE_AFTER = timedelta(minutes=getattr(settings, "REPORT_STALE_MINUTES", 15))
OPEN = (ImportStatus.PENDING, ImportStatus.RUNNING)


@transaction.atomic
def admin_reform_report_create(
    *,
    date_from: date | None,
    date_to: date | None,
    unit_code: str = "",
    file_format: str,
    user,
    document: dict | None = None,
    base_url: str = "",
) -> GeneratedReport:
    """Ask for the administrative-reform report; its task is queued once this commits, and runs
    in the language of the user who asked. ``document`` (issuing body, number, signer, ...) is
    kept with the report: it shapes the DOCX and PDF, and the user's next report starts from it;
    ``base_url`` (this installation's address, as the user reached it) makes the figures' links
    absolute in the files."""
    problems = admin_reform_problems(
        date_from=date_from, date_to=date_to, unit_code=unit_code, file_format=file_format
    )
    if problems:
        raise Refused(problems)
    report = GeneratedReport.objects.create(
        kind=ReportKind.ADMIN_REFORM,
        date_from=date_from,
        date_to=date_to,
        unit=Unit.objects.get(code=unit_code) if unit_code else None,
        file_format=file_format,
        document={**document_clean(document), "base_url": base_url},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_by=user if user is not None and user.is_authenticated else None,
    )

    def queue() -> None:
        # By name: the task module imports this one (tasks wrap services, not the reverse).
        task_send(registered_task("procedures.tasks.reports.generate_report"), report.pk)

    transaction.on_commit(queue)
    return report


def generated_report_run(*, report_id: int) -> GeneratedReport:
    """Generate a queued report (the task's body). The row is claimed first, so a duplicate
    delivery while another worker runs it, or a report already made, changes nothing; a run
    whose worker died (started longer than ``STALE_AFTER`` ago) is taken over."""
    started = timezone.now()
    claimable = Q(status=ImportStatus.PENDING) | Q(
        Q(started_at__isnull=True) | Q(started_at__lt=started - STALE_AFTER),
        status=ImportStatus.RUNNING,
    )
    claimed = GeneratedReport.objects.filter(claimable, pk=report_id).update(
        status=ImportStatus.RUNNING, started_at=started
    )
    report = GeneratedReport.objects.select_related("unit").get(pk=report_id)
    if not claimed:
        return report
    progress = CacheProgress(key=report_progress_key(report.pk))
    progress(0, 100)
    values = {}
    with translation.override(report.language or settings.LANGUAGE_CODE):
        try:
            data = admin_reform_data(
                date_from=report.date_from,
                date_to=report.date_to,
                unit_code=report.unit.code if report.unit else "",
                base_url=(report.document or {}).get("base_url", ""),
                progress=lambda done, total: progress(round(80 * done / total), 100),
            )
            template = report_template_content() if report.file_format == "docx" else None
            made = admin_reform_file(data, report.file_format, report.document, template)
            progress(95, 100)
            values = {
                "status": ImportStatus.DONE,
                "data": data,
                "content": made.content,
                "content_type": made.content_type,
                "file_name": report_file_name(data, made.extension),
                "error": "",
            }
        except Refused as refusal:
            values = {"status": ImportStatus.REFUSED, "error": str(refusal)}
        except Exception as error:
            logger.exception("report %s failed", report.pk)
            values = {"status": ImportStatus.FAILED, "error": _failure(error)}
    values["finished_at"] = timezone.now()
    # Only this run's outcome: a run that took over a stale one has a newer start.
    GeneratedReport.objects.filter(pk=report.pk, started_at=started).update(**values)
    progress(100, 100)
    report.refresh_from_db()
    return report


def _failure(error: BaseException | str) -> str:
    return _("The report could not be generated (%(error)s). Ask for it again.") % {
        "error": (str(error) or error.__class__.__name__)[:300]
    }


def generated_report_fail(*, report_id: int, error: BaseException | str) -> bool:
    """Mark a report failed when its task died outside the run's own error handling (the worker
    killed, the database lost): the page must stop showing it as running."""
    return bool(
        GeneratedReport.objects.filter(pk=report_id, status__in=OPEN).update(
            status=ImportStatus.FAILED, error=_failure(error), finished_at=timezone.now()
        )
    )


def generated_reports_expire(*, now=None) -> int:
    """Mark failed the reports whose worker is gone: queued and never started, or running
    without progress, for longer than ``STALE_AFTER``."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    expired = 0
    candidates = GeneratedReport.objects.filter(
        Q(status=ImportStatus.PENDING, created_at__lt=cutoff)
        | Q(status=ImportStatus.RUNNING, started_at__lt=cutoff)
    ).values_list("pk", "status", "started_at")
    for pk, status, started_at in candidates:
        beat = (cache.get(report_progress_key(pk)) or {}).get("at")
        if status == ImportStatus.RUNNING and beat and beat > cutoff.timestamp():
            continue
        expired += GeneratedReport.objects.filter(
            pk=pk, status=status, started_at=started_at
        ).update(
            status=ImportStatus.FAILED,
            error=_failure(
                _("no progress for %(minutes)s minutes: the worker was probably restarted")
                % {"minutes": int(STALE_AFTER.total_seconds() // 60)}
            ),
            finished_at=now,
        )
    return expired
