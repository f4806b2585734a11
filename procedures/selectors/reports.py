"""Reads of generated reports (báo cáo đã lập) and their progress."""

from django.core.cache import cache
from django.db.models import QuerySet

from procedures.choices import ImportStatus
from procedures.models import GeneratedReport, ReportTemplate
from procedures.selectors.units import statistics_units_of


def report_progress_key(report_id: int) -> str:
    """Where a running report's progress lives in the cache (written by its task)."""
    return f"generated-report:{report_id}:progress"


def generated_reports_of(user) -> QuerySet[GeneratedReport]:
    """The reports ``user`` may open: all, or for a leader limited to some units the reports
    made for those units (a province's report holds figures that are not theirs)."""
    units = statistics_units_of(user)
    reports = GeneratedReport.objects.all()
    return reports.filter(unit__code__in=units) if units else reports


def generated_reports_recent(
    *, limit: int = 20, reports: QuerySet[GeneratedReport] | None = None
) -> QuerySet[GeneratedReport]:
    """The reports asked for lately (among ``reports``: a reader's), newest first, without
    their files."""
    reports = GeneratedReport.objects.all() if reports is None else reports
    return reports.defer("content", "data").select_related("unit", "created_by")[:limit]


def generated_report_progress(report: GeneratedReport) -> dict:
    """What the report's page shows while it polls: status and percentage done."""
    finished = report.status not in (ImportStatus.PENDING, ImportStatus.RUNNING)
    progress = cache.get(report_progress_key(report.pk)) or {"done": 0, "total": 100}
    percent = 100 if finished else round(100 * progress["done"] / (progress["total"] or 1))
    return {
        "status": report.status,
        "status_display": str(report.get_status_display()),
        "percent": percent,
        "finished": finished,
    }


def report_document_last(*, user) -> dict:
    """Văn bản: the particulars (issuing body, signer, ...) this user gave on their latest
    report, so the report screen offers them again; {} for a user who never gave any."""
    if user is None or not user.is_authenticated:
        return {}
    document = (
        GeneratedReport.objects.filter(created_by=user)
        .exclude(document={})
        .order_by("-created_at", "-id")
        .values_list("document", flat=True)
        .first()
    )
    return document or {}


def report_template_active() -> ReportTemplate | None:
    """Mẫu báo cáo in use: the office's newest active Word template, None for the default."""
    return ReportTemplate.objects.filter(active=True).select_related("uploaded_by").first()


def report_template_content() -> bytes | None:
    """The bytes of the template the next report's DOCX is made from (None: the default)."""
    content = ReportTemplate.objects.filter(active=True).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None
