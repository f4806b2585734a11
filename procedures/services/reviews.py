"""Time reviews (rà soát, cắt giảm thời gian giải quyết TTHC)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from procedures.choices import TimeUnit
from procedures.models import TimeReview, TimeReviewItem
from procedures.problems import Problem, Refused
from procedures.records import clean_text, format_date, to_decimal
from procedures.selectors.catalogue import procedure_versions_in_force
from procedures.services.catalogue import BATCH, clean_code


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
        if unit not in TimeUnit.values:
            bad(_("Unknown unit: working days or working hours."), "time_unit")
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
        plan_number=clean_text(plan_number), reviewed_on=reviewed_on, note=clean_text(note)
    )
    for row in rows:
        row.review = review
    TimeReviewItem.objects.bulk_create(rows, batch_size=BATCH)
    return review
