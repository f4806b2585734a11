"""What waits for each role on its home page (trang làm việc): the reform officer's unfinished
catalogue work and the administrator's view of the system's health."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from procedures.choices import ImportStatus
from procedures.models import AnnouncementDecision, CatalogueImport, WorkerHeartbeat
from procedures.selectors.catalogue import decisions_list, unpublished_versions

# A worker that has not answered the heartbeat for this long is reported as silent.
HEARTBEAT_STALE = timedelta(minutes=15)


def decisions_not_applied() -> QuerySet[AnnouncementDecision]:
    """Quyết định công bố chưa áp dụng vào danh mục: entered, not yet applied."""
    return decisions_list().filter(applied_at__isnull=True)


def imports_failed() -> QuerySet[CatalogueImport]:
    """Catalogue files whose import failed or was refused and was not imported since."""
    return (
        CatalogueImport.objects.filter(status__in=[ImportStatus.FAILED, ImportStatus.REFUSED])
        # The home page lists names only: a refused file's problems can be hundreds of rows.
        .only("pk", "file_name", "status", "created_at", "kind")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class OfficerWork:
    decisions: list
    decisions_count: int
    unpublished: list
    unpublished_count: int
    imports: list
    imports_count: int


def officer_work(limit: int = 10) -> OfficerWork:
    """Việc chờ xử lý của cán bộ kiểm soát TTHC: decisions not applied, changes not published in
    the national database, imports that failed; the first ``limit`` of each and their counts."""
    decisions, unpublished, imports = (
        decisions_not_applied(),
        unpublished_versions(),
        imports_failed(),
    )
    return OfficerWork(
        decisions=list(decisions[:limit]),
        decisions_count=decisions.count(),
        unpublished=list(unpublished[:limit]),
        unpublished_count=unpublished.count(),
        imports=list(imports[:limit]),
        imports_count=imports.count(),
    )


def last_heartbeat() -> dict:
    """The Celery worker's last heartbeat and whether it is recent."""
    beat = WorkerHeartbeat.objects.order_by("-ran_at").first()
    if beat is None:
        return {"beat": None, "fresh": False}
    return {"beat": beat, "fresh": timezone.now() - beat.ran_at <= HEARTBEAT_STALE}
