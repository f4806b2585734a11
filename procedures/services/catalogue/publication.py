"""Cập nhật, công khai trên Cơ sở dữ liệu quốc gia về TTHC: recording the date the catalogue's
changes were published in the national database."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.models import ProcedureVersion
from procedures.models.trail import trail_reason
from procedures.problems import Problem, Refused
from procedures.records import format_date
from procedures.services.trail import bulk_update_traced


@transaction.atomic
def procedure_versions_publish(*, version_ids: Iterable[int], published_on: date, user=None) -> int:
    """Cập nhật, công khai trên Cơ sở dữ liệu quốc gia về TTHC: record the date the changes were
    published. Refuses versions already published (naming them) and dates in the future."""
    ids = sorted(set(version_ids))
    problems: list[Problem] = []
    if not ids:
        problems.append(Problem(_("Choose at least one change to mark published.")))
    if published_on > timezone.localdate():
        problems.append(Problem(_("The publication date is in the future."), column="published_on"))
    versions = list(
        ProcedureVersion.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("procedure", "decision_line__decision", "time_review_item__review")
    )
    missing = set(ids) - {v.pk for v in versions}
    if missing:
        problems.append(
            Problem(_("Unknown changes: %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))})
        )
    for version in versions:
        if version.published_on:
            problems.append(
                Problem(
                    _("Already published on %(date)s.")
                    % {"date": format_date(version.published_on)},
                    code=version.procedure.code,
                )
            )
        decision = version.decision_line.decision if version.decision_line else None
        if decision and published_on < decision.signed_on:
            problems.append(
                Problem(
                    _("Published before decision %(number)s was signed (%(date)s).")
                    % {"number": decision.number, "date": format_date(decision.signed_on)},
                    code=version.procedure.code,
                )
            )
        review = version.time_review_item.review if version.time_review_item else None
        if review and published_on < review.reviewed_on:
            problems.append(
                Problem(
                    _("Published before review %(plan)s (%(date)s).")
                    % {"plan": review.plan_number, "date": format_date(review.reviewed_on)},
                    code=version.procedure.code,
                )
            )
    if problems:
        raise Refused(problems)
    for version in versions:
        version.published_on = published_on
    # The trail says who marked each change published, and when it was (one row each).
    with trail_reason(
        _("Published in the national database on %(date)s") % {"date": format_date(published_on)},
        user=user,
    ):
        return bulk_update_traced(ProcedureVersion, versions, ["published_on"], user=user)
