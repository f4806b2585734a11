"""What an announcement decision (quyết định công bố) would contradict in the catalogue on its
effective date: codes unknown, abolished or already in force, later versions, a code changed
twice on one day. Applying refuses on them; a refused file names them beside its bad rows."""

from datetime import date
from decimal import Decimal

from django.db.models import Min
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.models import ProcedureVersion
from procedures.problems import Problem
from procedures.records import format_date
from procedures.selectors.catalogue import procedure_versions_on
from procedures.services.decisions.checks import clean_lines


def _since(version: ProcedureVersion) -> str:
    return _("since %(date)s (decision %(decision)s)") % {
        "date": format_date(version.valid_from),
        "decision": version.decision_number or "-",
    }


def _codes_of(cleaned: list[dict]) -> set[str]:
    return {line["procedure_code"] for line in cleaned} | {
        line["replaced_code"] for line in cleaned if line["replaced_code"]
    }


def _against_catalogue(
    cleaned: list[dict], day: date
) -> tuple[list[Problem], dict[str, ProcedureVersion]]:
    """Every contradiction between well-formed lines and the catalogue on ``day``, and the
    version each code they touch has that day."""
    codes = _codes_of(cleaned)
    on_day = {
        version.procedure.code: version
        for version in procedure_versions_on(as_of=day).filter(procedure__code__in=codes)
    }
    later = dict(
        ProcedureVersion.objects.filter(procedure__code__in=codes, valid_from__gt=day)
        .values("procedure__code")
        .annotate(first=Min("valid_from"))
        .values_list("procedure__code", "first")
    )
    problems: list[Problem] = []
    for line in cleaned:
        problems += _contradictions(line, on_day, later, day)
    return problems, on_day


def decision_lines_contradictions(*, lines: list[dict], effective_on: date) -> list[Problem]:
    """What applying these lines on ``effective_on`` would contradict in the catalogue, for the
    lines that are well formed (the others have their own problems): lets a refused file name
    its contradictions in the same report as its malformed rows."""
    cleaned, problems = clean_lines(lines)
    bad = {problem.line for problem in problems}
    return _against_catalogue(
        [line for line in cleaned if line["position"] not in bad], effective_on
    )[0]


def _contradictions(
    line: dict, on_day: dict[str, ProcedureVersion], later: dict[str, date], day: date
) -> list[Problem]:
    kind, code = line["change_kind"], line["procedure_code"]
    problems: list[Problem] = []

    def bad(message: str, column: str = "procedure_code", for_code: str = code) -> None:
        problems.append(Problem(message, line=line["position"], column=column, code=for_code))

    touched = [(code, "procedure_code")]
    if line["replaced_code"]:
        touched.append((line["replaced_code"], "replaced_code"))
    for touched_code, column in touched:
        if touched_code in later:
            bad(
                _(
                    "%(code)s already has a later version from %(date)s: apply decisions in the "
                    "order of their effective dates."
                )
                % {"code": touched_code, "date": format_date(later[touched_code])},
                column,
                touched_code,
            )
            return problems

    def must_be_in_force(target: str, column: str) -> bool:
        version = on_day.get(target)
        if version is None:
            bad(
                _("%(code)s is not in the catalogue on %(date)s.")
                % {"code": target, "date": format_date(day)},
                column,
                target,
            )
            return False
        if version.status == ProcedureStatus.ABOLISHED:
            bad(
                _("%(code)s has been abolished %(since)s.")
                % {"code": target, "since": _since(version)},
                column,
                target,
            )
            return False
        if version.valid_from == day:
            bad(
                _("%(code)s already changed on %(date)s (decision %(decision)s).")
                % {
                    "code": target,
                    "date": format_date(day),
                    "decision": version.decision_number or "-",
                },
                column,
                target,
            )
            return False
        return True

    def must_not_be_in_force(target: str) -> None:
        version = on_day.get(target)
        if version is None:
            return
        if version.status == ProcedureStatus.IN_FORCE:
            bad(
                _("%(code)s is already in force %(since)s: announce it as amended, not new.")
                % {"code": target, "since": _since(version)}
            )
        elif version.valid_from == day:
            bad(
                _("%(code)s is abolished on that same day (decision %(decision)s).")
                % {"code": target, "decision": version.decision_number or "-"}
            )

    if kind == ChangeKind.NEW:
        must_not_be_in_force(code)
    elif kind in (ChangeKind.AMENDED, ChangeKind.ABOLISHED):
        if must_be_in_force(code, "procedure_code") and kind == ChangeKind.AMENDED:
            record = line["record"]
            applied = record.get("applied_time_value")
            if (
                applied is not None
                and "processing_time_value" not in record
                and Decimal(applied) > on_day[code].processing_time_value
            ):
                bad(_("The applied time is longer than the legal time."), "applied_time_value")
    else:
        must_be_in_force(line["replaced_code"], "replaced_code")
        must_not_be_in_force(code)
    return problems
