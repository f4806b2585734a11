"""Nhập danh mục TTHC từ hồ sơ quốc gia: loading the procedures of a national file into the
catalogue (import_procedures and the import screen), each as its first version."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.models import AnnouncementDecision, Procedure, ProcedureVersion
from procedures.problems import Problem, Refused
from procedures.records import RECORD_FIELDS, RecordRow, column_header, format_date
from procedures.search import fold
from procedures.services.catalogue.history import (
    BATCH,
    STEPS,
    Lookups,
    record_of_version,
    version_values,
)
from procedures.services.interconnected import StepsError, interconnected_steps_set_many, steps_read
from procedures.services.trail import bulk_create_traced, bulk_update_traced

Progress = Callable[[int, int], None] | None


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    published: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    # Imported, and listed: times to be completed, no time, columns defaulted for new ones.
    warnings: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@transaction.atomic
def procedures_import(
    *,
    rows: list[RecordRow],
    user=None,
    progress: Progress = None,
    known_problems: Iterable[Problem] = (),
    effective_date: date | None = None,
    warnings: Iterable[Problem] = (),
) -> ImportSummary:
    """Nhập danh mục TTHC từ hồ sơ quốc gia: add the procedures of a national file to the
    catalogue, each as its first version from its date ("Ngày hiệu lực").

    A row without its own date takes ``effective_date`` (``--effective-date``, the upload form's
    date), else the effective date of the announcing decision it names when that decision is in
    the catalogue; with neither, the whole file is refused with one message. Such a row is
    compared with the procedure's current version when the procedure is already recorded.

    Idempotent: a row equal to the version recorded for that code and date changes nothing (a
    publication date it adds is recorded). A row that would change a recorded procedure is
    refused: changes come through an announcement decision or an administrator's correction.
    Every bad row is reported and nothing is written; ``known_problems`` (the rows the reader
    could not read) are reported with those found here."""
    summary = ImportSummary(rows=len(rows))
    problems: list[Problem] = list(known_problems)
    undated = [row for row in rows if row.valid_from is None]
    if undated and effective_date is None:
        numbers = {row.decision_number for row in undated if row.decision_number}
        decision_dates = dict(
            AnnouncementDecision.objects.filter(number__in=numbers).values_list(
                "number", "effective_on"
            )
        )
        still = [row for row in undated if row.decision_number not in decision_dates]
        if still:
            raise Refused(
                [
                    *problems,
                    Problem(
                        _(
                            "%(count)s record(s) give no effective date (Ngày hiệu lực) and name "
                            "no announcement decision entered in the catalogue: give the date "
                            "the catalogue takes them from (--effective-date, or the date on "
                            "the upload form)."
                        )
                        % {"count": len(still)},
                        column=column_header("valid_from"),
                    ),
                ]
            )
    else:
        decision_dates = {}
    codes = [row.code for row in rows]
    existing: dict[str, list[ProcedureVersion]] = {}
    for start in range(0, len(codes), BATCH):
        chunk = codes[start : start + BATCH]
        for version in (
            ProcedureVersion.objects.filter(procedure__code__in=chunk)
            .select_related("procedure", "sector")
            .order_by("valid_from")
        ):
            existing.setdefault(version.procedure.code, []).append(version)

    to_create: list[RecordRow] = []
    to_publish: list[tuple[ProcedureVersion, date]] = []
    for done, row in enumerate(rows, start=1):
        versions = existing.get(row.code, [])
        stated_date = row.valid_from is not None
        if not stated_date:
            row = replace(row, valid_from=effective_date or decision_dates.get(row.decision_number))
        if stated_date:
            same_day = next((v for v in versions if v.valid_from == row.valid_from), None)
        else:
            # The date is the import's, not the record's: compare with the version in force.
            same_day = next((v for v in versions if v.superseded_on is None), None)
        if same_day is not None:
            differing = _differing_fields(same_day, row)
            if differing:
                headers = ", ".join(dict.fromkeys(row.headers.get(k, k) for k in differing))
                problems.append(
                    Problem(
                        _(
                            "The catalogue already holds this procedure from %(date)s with other "
                            "values (%(columns)s): changes come through an announcement decision "
                            "or an administrator's correction."
                        )
                        % {"date": format_date(row.valid_from), "columns": headers},
                        row=row.row,
                        sheet=row.sheet,
                        code=row.code,
                    )
                )
            elif row.published_on and same_day.published_on is None:
                to_publish.append((same_day, row.published_on))
            else:
                summary.unchanged += 1
        elif versions:
            first = versions[0]
            if not stated_date:
                first = versions[-1]
            problems.append(
                Problem(
                    _(
                        "The catalogue already holds this procedure from %(date)s (decision "
                        "%(decision)s): a later or earlier record comes through an announcement "
                        "decision (import_decision), not this file."
                    )
                    % {
                        "date": format_date(first.valid_from),
                        "decision": first.decision_number or "-",
                    },
                    row=row.row,
                    sheet=row.sheet,
                    code=row.code,
                )
            )
        else:
            to_create.append(row)
        if progress:
            progress(done, len(rows))
    if problems:
        raise Refused(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0)))

    summary.warnings = [warning.as_dict() for warning in warnings]
    if to_create:
        for row in to_create:
            if row.defaulted:
                summary.warnings.append(
                    Problem(
                        _("New procedure: the file has no column %(columns)s; the defaults apply.")
                        % {"columns": ", ".join(row.defaulted)},
                        row=row.row,
                        sheet=row.sheet,
                        code=row.code,
                    ).as_dict()
                )
        lookups = Lookups.load((row.record for row in to_create), timezone.localdate())
        procedures = bulk_create_traced(
            Procedure, [Procedure(code=row.code) for row in to_create], user=user
        )
        if any(p.pk is None for p in procedures):  # backends that return no ids
            by_code = Procedure.objects.in_bulk([r.code for r in to_create], field_name="code")
            procedures = [by_code[r.code] for r in to_create]
        versions = []
        for procedure, row in zip(procedures, to_create, strict=True):
            values = version_values(row.record, lookups)
            versions.append(
                ProcedureVersion(
                    procedure=procedure,
                    valid_from=row.valid_from,
                    status=ProcedureStatus.IN_FORCE,
                    change_kind=ChangeKind.NEW,
                    decision_number=row.decision_number,
                    published_on=row.published_on,
                    created_by=user,
                    to_check=row.to_check,
                    **values,
                )
            )
        bulk_create_traced(ProcedureVersion, versions, user=user)
        _import_steps(versions, to_create)
        summary.created = len(versions)
    for version, published_on in to_publish:
        version.published_on = published_on
    bulk_update_traced(
        ProcedureVersion, [version for version, _day in to_publish], ["published_on"], user=user
    )
    summary.published = len(to_publish)
    return summary


def _import_steps(versions: list[ProcedureVersion], rows: list[RecordRow]) -> None:
    """The steps of the new procedures (column "Các bước liên thông"): every row whose steps
    cannot be read or do not fit is refused with its row and column named, and the whole import
    is undone (the caller's transaction)."""
    texts = [(v, r) for v, r in zip(versions, rows, strict=True) if r.record.get(STEPS)]
    refused = interconnected_steps_set_many(texts=[(v, r.record[STEPS]) for v, r in texts])
    if refused:
        raise Refused(
            [
                Problem(
                    message,
                    row=texts[index][1].row,
                    sheet=texts[index][1].sheet,
                    column=texts[index][1].headers.get(STEPS) or column_header(STEPS),
                    code=texts[index][1].code,
                )
                for index, messages in sorted(refused.items())
                for message in messages
            ]
        )


def _steps_key(version: ProcedureVersion, text: str | None = None) -> list[tuple] | None:
    """The steps as comparable values: the version's own, or ``text`` read on its first day
    (``None`` when the text cannot be read, which then differs from anything)."""
    if text is None:
        return [
            (step.agency_id, Decimal(step.share_value).normalize(), step.share_unit)
            for step in version.interconnected_steps.all()
        ]
    try:
        steps = steps_read(text=text, on=version.valid_from)
    except StepsError:
        return None
    return [(unit.pk, Decimal(share.amount).normalize(), share.unit) for unit, share in steps]


def _differing_fields(version: ProcedureVersion, row: RecordRow) -> list[str]:
    current = record_of_version(version)
    differing = []
    for key in sorted(row.columns, key=RECORD_FIELDS.index):
        if key == "sector_name" and row.record.get("sector_code"):
            continue  # the code identifies the sector; its name is the sector's own
        if key == "sector_code":
            if row.record.get(key) != current["sector_code"]:
                differing.append(key)
            continue
        if key == "sector_name":
            if fold(row.record.get(key, "")) != fold(current["sector_name"]):
                differing.append(key)
            continue
        if key == "processing_time_text":
            continue  # the same time may be written otherwise ("05 (năm) ngày" / "5 Ngày")
        if key == STEPS:
            # By meaning: the same agencies and shares, however the text spells the times.
            if _steps_key(version, row.record[key] or "") != _steps_key(version):
                differing.append(key)
            continue
        if row.record.get(key) != current.get(key):
            differing.append(key)
    if row.decision_number and row.decision_number != version.decision_number:
        differing.append("decision_number")
    if row.published_on and version.published_on and row.published_on != version.published_on:
        differing.append("published_on")
    return differing
