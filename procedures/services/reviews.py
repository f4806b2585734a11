"""Time reviews (rà soát, cắt giảm thời gian giải quyết TTHC): recording one, and applying its
times to the catalogue."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar.processing_time import AMOUNT_UNITS
from procedures.choices import ChangeKind, ProcedureStatus, TimeUnit
from procedures.models import ProcedureVersion, TimeReview, TimeReviewItem
from procedures.problems import Problem, Refused
from procedures.records import clean_text, format_date, format_number, to_decimal
from procedures.search import search_key
from procedures.selectors.catalogue import procedure_versions_in_force, procedure_versions_on
from procedures.services.catalogue import BATCH, clean_code, version_base
from procedures.services.interconnected import interconnected_steps_copy


@transaction.atomic
def time_review_create(
    *,
    plan_number: str,
    reviewed_on: date | None,
    items: list[dict],
    note: str = "",
    user=None,
) -> TimeReview:
    """Ghi nhận kết quả rà soát: a review plan with, per procedure, its legal and applied times.

    Each item is ``{"procedure_code", "applied_time_value", "legal_time_value"?, "time_unit"?}``;
    the legal time and unit default to those of the version in force on the review date. The
    bucket (cut by 1/2, 1/3, less, not cut) is never stored: it is derived when read."""
    problems: list[Problem] = []
    if not clean_text(plan_number):
        problems.append(Problem(_("The plan number is missing."), column="plan_number"))
    if reviewed_on is None:
        problems.append(Problem(_("The review date is missing."), column="reviewed_on"))
    if not items:
        problems.append(Problem(_("A review has at least one procedure."), column="items"))
    if problems:
        raise Refused(problems)

    codes = [clean_code(item.get("procedure_code", ""))[0] for item in items]
    in_force = {
        version.procedure.code: version
        for version in procedure_versions_in_force(as_of=reviewed_on).filter(
            procedure__code__in=codes
        )
    }
    rows: list[TimeReviewItem] = []
    seen: dict[str, int] = {}
    for position, (item, code) in enumerate(zip(items, codes, strict=True), start=1):

        def bad(message: str, column: str, *, at=position, for_code=code) -> None:
            problems.append(Problem(message, line=at, column=column, code=for_code or None))

        code_problem = clean_code(code)[1]
        if code_problem:
            bad(code_problem, "procedure_code")
            continue
        if code in seen:
            bad(_("Already reviewed on item %(line)s.") % {"line": seen[code]}, "procedure_code")
            continue
        seen[code] = position
        version = in_force.get(code)
        if version is None:
            bad(
                _("%(code)s is not in force on %(date)s.")
                % {"code": code, "date": format_date(reviewed_on)},
                "procedure_code",
            )
            continue
        unit = clean_text(item.get("time_unit")) or version.processing_time_unit
        if unit not in AMOUNT_UNITS and unit in TimeUnit.values:
            # Same-day procedures, no time, a time to be completed: nothing to cut.
            bad(
                _("The catalogue's time of %(code)s is “%(time)s”: it has no amount to cut.")
                % {"code": code, "time": version.processing_time},
                "time_unit",
            )
            continue
        if unit not in TimeUnit.values:
            bad(_("Unknown unit: working days or working hours."), "time_unit")
            continue
        if unit != version.processing_time_unit and item.get("legal_time_value") in (None, ""):
            # The catalogue's legal time is in the other unit: it cannot stand in for this one.
            bad(
                _("The catalogue counts this procedure in %(unit)s: give the legal time too.")
                % {"unit": TimeUnit(version.processing_time_unit).label},
                "legal_time_value",
            )
            continue
        values = {}
        for key, default in (
            ("legal_time_value", version.processing_time_value),
            ("applied_time_value", None),
        ):
            raw = item.get(key)
            if raw in (None, ""):
                if default is None:
                    bad(_("The applied time is missing."), key)
                values[key] = default
                continue
            try:
                values[key] = to_decimal(raw)
            except (InvalidOperation, ValueError, TypeError):
                bad(_("“%(value)s” is not a number.") % {"value": raw}, key)
                values[key] = None
        legal, applied = values["legal_time_value"], values["applied_time_value"]
        if legal is None or applied is None:
            continue
        if legal <= 0:
            bad(_("The legal time must be more than zero."), "legal_time_value")
        elif applied < 0:
            bad(_("The applied time cannot be negative."), "applied_time_value")
        elif applied > legal:
            bad(_("The applied time is longer than the legal time."), "applied_time_value")
        elif legal >= Decimal("1000000"):
            bad(
                _("“%(value)s” is too long for a processing time.") % {"value": legal},
                "legal_time_value",
            )
        else:
            rows.append(
                TimeReviewItem(
                    procedure=version.procedure,
                    legal_time_value=legal,
                    applied_time_value=applied,
                    time_unit=unit,
                )
            )
    if problems:
        raise Refused(problems)
    review = TimeReview.objects.create(
        plan_number=clean_text(plan_number),
        reviewed_on=reviewed_on,
        note=clean_text(note),
        created_by=user,
    )
    for row in rows:
        row.review = review
    TimeReviewItem.objects.bulk_create(rows, batch_size=BATCH)
    return review


@transaction.atomic
def time_review_delete(*, review: TimeReview) -> None:
    """Delete a review recorded by mistake; an applied review is part of the history."""
    review = TimeReview.objects.select_for_update().get(pk=review.pk)
    if review.applied_at:
        raise Refused(
            [Problem(_("An applied review cannot be deleted: it is part of the history."))],
            conflict=True,
        )
    review.delete()


@dataclass
class ReviewApplied:
    effective_on: date
    changed: int  # procedures whose applied time changed: one new version each
    unchanged: int  # the catalogue already applied that time

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@transaction.atomic
def time_review_apply(
    *, review: TimeReview, effective_on: date | None = None, user=None
) -> ReviewApplied:
    """Áp dụng kết quả rà soát: each reviewed procedure's applied time becomes its locally
    applied time from ``effective_on`` (the review date by default), in one transaction.

    The version in force that day ends the day before; a new version, recorded as coming from
    the review item, keeps every field but the applied time (none when not cut), and the
    agencies of an interconnected procedure with their announced shares. The earlier
    version stays, so the time that applied to a dossier received before that day is unchanged.
    A review that contradicts the catalogue on that day is refused with every offending
    procedure named, and nothing changes: a procedure not in force, one changed later or on that
    very day, a legal time or unit other than the catalogue's (a decision changed it since the
    review), or a review applied twice."""
    review = TimeReview.objects.select_for_update().get(pk=review.pk)
    if review.applied_at:
        raise Refused(
            [
                Problem(
                    _("Review %(plan)s was already applied, from %(date)s.")
                    % {"plan": review.plan_number, "date": format_date(review.effective_on)}
                )
            ],
            conflict=True,
        )
    day = effective_on or review.reviewed_on
    if day < review.reviewed_on:
        raise Refused(
            [
                Problem(
                    _("The applied times cannot take effect before the review (%(date)s).")
                    % {"date": format_date(review.reviewed_on)},
                    column="effective_on",
                )
            ]
        )
    items = list(review.items.select_related("procedure").order_by("procedure__code"))
    procedure_ids = [item.procedure_id for item in items]
    on_day = {
        version.procedure_id: version
        for version in procedure_versions_on(as_of=day)
        .filter(procedure_id__in=procedure_ids)
        .select_for_update(of=("self",))
    }
    later = dict(
        ProcedureVersion.objects.filter(procedure_id__in=procedure_ids, valid_from__gt=day)
        .values("procedure_id")
        .annotate(first=Min("valid_from"))
        .values_list("procedure_id", "first")
    )
    problems: list[Problem] = []
    changes: list[tuple[TimeReviewItem, ProcedureVersion, Decimal | None]] = []
    unchanged = 0
    for item in items:
        problem = _apply_problem(item, on_day.get(item.procedure_id), later, day)
        if problem:
            problems.append(Problem(problem, code=item.procedure.code))
            continue
        version = on_day[item.procedure_id]
        applied = (
            None if item.applied_time_value >= item.legal_time_value else item.applied_time_value
        )
        if applied == version.applied_time_value:
            unchanged += 1
        else:
            changes.append((item, version, applied))
    if problems:
        raise Refused(problems, conflict=True)

    created = []
    for item, version, applied in changes:
        values = version_base(version)
        values["applied_time_value"] = applied
        values["search_text"] = search_key(values["name"])
        created.append(
            ProcedureVersion(
                procedure_id=item.procedure_id,
                valid_from=day,
                status=ProcedureStatus.IN_FORCE,
                change_kind=ChangeKind.REVIEW,
                time_review_item=item,
                created_by=user,
                **values,
            )
        )
    # Close first: at most one open version per procedure, checked by the database.
    ProcedureVersion.objects.filter(pk__in=[version.pk for _i, version, _a in changes]).update(
        superseded_on=day
    )
    ProcedureVersion.objects.bulk_create(created, batch_size=BATCH)
    # The agencies of an interconnected procedure keep their order and announced shares: a
    # review cuts the total time, it does not apportion the cut (interconnected_steps_copy).
    interconnected_steps_copy(
        pairs=[(version, new) for (_i, version, _a), new in zip(changes, created, strict=True)]
    )
    review.effective_on = day
    review.applied_at = timezone.now()
    review.applied_by = user
    review.save(update_fields=["effective_on", "applied_at", "applied_by"])
    return ReviewApplied(effective_on=day, changed=len(created), unchanged=unchanged)


def _apply_problem(
    item: TimeReviewItem, version: ProcedureVersion | None, later: dict, day: date
) -> str | None:
    """Why this item cannot apply on ``day``, or ``None``."""
    code = item.procedure.code
    if item.procedure_id in later:
        return _(
            "%(code)s already has a later version from %(date)s: apply the review from that "
            "date or later."
        ) % {"code": code, "date": format_date(later[item.procedure_id])}
    if version is None:
        return _("%(code)s is not in the catalogue on %(date)s.") % {
            "code": code,
            "date": format_date(day),
        }
    if version.status == ProcedureStatus.ABOLISHED:
        return _("%(code)s has been abolished since %(date)s (decision %(decision)s).") % {
            "code": code,
            "date": format_date(version.valid_from),
            "decision": version.decision_number or "-",
        }
    if version.valid_from == day:
        return _("%(code)s already changed on %(date)s: apply the review from another date.") % {
            "code": code,
            "date": format_date(day),
        }
    if (
        item.time_unit != version.processing_time_unit
        or item.legal_time_value != version.processing_time_value
    ):
        return _(
            "The review took the legal time as %(review)s but the catalogue holds %(catalogue)s "
            "on %(date)s (decision %(decision)s): record the review again against that time."
        ) % {
            "review": _time(item.legal_time_value, item.time_unit),
            "catalogue": _time(version.processing_time_value, version.processing_time_unit),
            "date": format_date(day),
            "decision": version.decision_number or "-",
        }
    if (
        version.applied_time_value is not None
        and item.applied_time_value > version.applied_time_value
    ):
        # A review cuts times; lengthening an earlier cut is an administrator's correction.
        return _(
            "The review's applied time (%(review)s) is longer than the time the catalogue "
            "already applies (%(catalogue)s): a review cannot lengthen it."
        ) % {
            "review": _time(item.applied_time_value, item.time_unit),
            "catalogue": _time(version.applied_time_value, version.processing_time_unit),
        }
    return None


def _time(value: Decimal, unit: str) -> str:
    return f"{format_number(value)} {TimeUnit(unit).label}"
