"""Open dossiers with a running clock, for the calendar's recomputation tests."""

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count

from procedures.calendar import clock as rules
from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import Channel, DossierStatus, TimeUnit
from procedures.models import Dossier
from procedures.selectors.calendar import working_calendar_get
from tests.factories import DeskFactory, ProcedureVersionFactory

_numbers = count(1)


def dossier_with_clock(
    *,
    start: datetime,
    work: timedelta | None = None,
    time: ProcessingTime | None = None,
    status: int = DossierStatus.IN_PROCESS,
    desk=None,
) -> Dossier:
    """A dossier received at ``start`` for a procedure that takes ``time`` (or ``work`` of
    working time, as working hours), its clock started as intake starts it on the calendar in
    force."""
    if time is None:
        time = ProcessingTime(Decimal(work.total_seconds()) / 3600, TimeUnit.HOURS)
    version = ProcedureVersionFactory(
        processing_time_value=time.amount,
        processing_time_unit=time.unit,
        processing_time_cutoff=time.cutoff,
    )
    desk = desk or DeskFactory()
    number = next(_numbers)
    clock = rules.start(time, working_calendar_get(), start)
    return Dossier.objects.create(
        code=f"{desk.code}-{start:%y%m%d}-{number:04d}",
        desk=desk,
        procedure=version.procedure,
        procedure_version=version,
        sector=version.sector,
        channel=Channel.DIRECT,
        applicant_name="Nguyễn Văn An",
        status=status,
        received_at=start,
        clock_started_at=clock.started_at,
        clock_work=clock.work,
        due_at=clock.due_at,
    )
