"""Writes to the TTHC catalogue outside announcement decisions: loading national records,
an administrator's correction (đính chính), and publication in the national database."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.choices import ChangeKind, Level, ProcedureStatus
from procedures.importers.published import items_left
from procedures.models import AnnouncementDecision, Procedure, ProcedureVersion, Sector, Unit
from procedures.problems import Problem, Refused
from procedures.record_fees import fee_amount_of
from procedures.record_times import cutoff_text
from procedures.records import (
    RECORD_FIELDS,
    VERSION_FIELDS,
    RecordRow,
    canonical_decimal,
    clean_record,
    clean_text,
    column_header,
    format_date,
)
from procedures.search import fold, search_key
from procedures.services.interconnected import (
    StepsError,
    interconnected_steps_copy,
    interconnected_steps_set_many,
    steps_read,
)
from procedures.validators import normalize_procedure_code, procedure_code_problem

Progress = Callable[[int, int], None] | None

STEPS = "interconnected_steps"

BATCH = 500


# ---------------------------------------------------------------------------------------------
# Shared by the writers of versions.


@dataclass
class Lookups:
    """Sectors and agency units resolved once per import or decision, not once per row."""

    sectors_by_code: dict[str, Sector] = field(default_factory=dict)
    sectors_by_name: dict[str, Sector] = field(default_factory=dict)
    units_by_name: dict[str, Unit] = field(default_factory=dict)

    @classmethod
    def load(cls, records: Iterable[dict], on: date) -> "Lookups":
        lookups = cls()
        records = list(records)
        codes = {r["sector_code"] for r in records if r.get("sector_code")}
        names = {fold(r["sector_name"]) for r in records if r.get("sector_name")}
        for sector in Sector.objects.filter(code__in=codes):
            lookups.sectors_by_code[sector.code] = sector
        if names - {fold(s.name) for s in lookups.sectors_by_code.values()}:
            for sector in Sector.objects.all().only("id", "code", "name"):
                lookups.sectors_by_name.setdefault(fold(sector.name), sector)
        # Match agencies to units by name when the name is unique among units valid then.
        counts: dict[str, list[Unit]] = {}
        for unit in Unit.objects.valid_on(on).only("id", "name"):
            counts.setdefault(fold(unit.name), []).append(unit)
        lookups.units_by_name = {
            name: units[0] for name, units in counts.items() if len(units) == 1
        }
        return lookups

    def sector_for(self, record: dict) -> Sector:
        """The record's sector, created when new (a name alone gets a code made from it)."""
        code, name = record.get("sector_code", ""), record.get("sector_name", "")
        if code and code in self.sectors_by_code:
            return self.sectors_by_code[code]
        if not code and fold(name) in self.sectors_by_name:
            return self.sectors_by_name[fold(name)]
        if not code:
            code = fold(name).upper().replace(" ", "-")[:40]
            if code in self.sectors_by_code:
                return self.sectors_by_code[code]
        sector, _created = Sector.objects.get_or_create(code=code, defaults={"name": name or code})
        self.sectors_by_code[code] = sector
        self.sectors_by_name.setdefault(fold(sector.name), sector)
        return sector

    def agency_for(self, agency_name: str) -> Unit | None:
        return self.units_by_name.get(fold(agency_name)) if agency_name else None


def version_values(record: dict, lookups: Lookups, base: dict | None = None) -> dict:
    """Model field values of a new version: ``base`` (the previous version's values) overridden
    by the announced ``record``."""
    values = dict(base or {})
    for key in VERSION_FIELDS:
        if key in record:
            value = record[key]
            if key in {"processing_time_value", "applied_time_value"} and value is not None:
                value = Decimal(value)
            elif key == "processing_time_cutoff":
                value = _cutoff_time(value)
            elif key == "levels":
                value = Level.mask(value)
            elif key == "processing_time_text":
                value = (value or "")[:500]
            values[key] = value
    if "level" in record and "levels" not in record:
        values["levels"] = Level.mask([record["level"]])
    if "online_payment" in record:
        values["online_payment"] = bool(record["online_payment"])
    # The intake's default fee: derived from the fees text, so it never disagrees with it.
    values["fee_amount"] = fee_amount_of(values.get("fees") or "")
    if base is not None and "processing_time_unit" in record:
        # A new time replaces every part of the old one, the channels' times included.
        for key in ("processing_time_value", "processing_time_cutoff", "processing_time_text"):
            if key not in record:
                values[key] = "" if key == "processing_time_text" else None
        if "channel_times" not in record:
            values["channel_times"] = {}
    if base is not None and "processing_time_unit" in record and "applied_time_value" not in record:
        # A reduction belonged to the old legal time; the new legal time applies until a review.
        values["applied_time_value"] = None
    if base is not None:
        # What the record now announces settles the cells that were to check in those fields.
        values["to_check"] = items_left(values.get("to_check", []), set(record))
    if "sector_code" in record or "sector_name" in record or "sector" not in values:
        values["sector"] = lookups.sector_for(record)
    if "agency_name" in record or "agency" not in values:
        values["agency"] = lookups.agency_for(values.get("agency_name", ""))
    values["search_text"] = search_key(values["name"])
    return values


def version_base(version: ProcedureVersion) -> dict:
    """A version's record fields, to copy into the next version."""
    base = {key: getattr(version, key) for key in VERSION_FIELDS}
    base["sector"] = version.sector
    base["agency"] = version.agency
    base["decision_number"] = version.decision_number
    base["published_on"] = None
    base["to_check"] = list(version.to_check or [])
    base["online_payment"] = version.online_payment
    base["fee_amount"] = version.fee_amount
    return base


def record_of_version(version: ProcedureVersion) -> dict:
    """A version as a canonical record (the form the decision lines and importers compare)."""
    record = {key: getattr(version, key) for key in VERSION_FIELDS}
    for key in ("processing_time_value", "applied_time_value"):
        if record[key] is not None:
            record[key] = canonical_decimal(Decimal(record[key]))
    record["processing_time_cutoff"] = cutoff_text(record["processing_time_cutoff"])
    record["levels"] = version.level_list
    record["channel_times"] = record["channel_times"] or {}
    record["sector_code"] = version.sector.code
    record["sector_name"] = version.sector.name
    record["online_payment"] = version.online_payment
    return record


def _cutoff_time(value):
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    hours, _sep, minutes = str(value).partition(":")
    return time(int(hours), int(minutes[:2] or 0))


# ---------------------------------------------------------------------------------------------
# Loading national records (import_procedures and the import screen).


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
        procedures = Procedure.objects.bulk_create(
            [Procedure(code=row.code) for row in to_create], batch_size=BATCH
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
        ProcedureVersion.objects.bulk_create(versions, batch_size=BATCH)
        _import_steps(versions, to_create)
        summary.created = len(versions)
    for version, published_on in to_publish:
        version.published_on = published_on
    ProcedureVersion.objects.bulk_update(
        [version for version, _day in to_publish], ["published_on"], batch_size=BATCH
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


# ---------------------------------------------------------------------------------------------
# An administrator's correction.


@transaction.atomic
def procedure_version_correct(
    *, procedure: Procedure, changes: dict, note: str, valid_from: date | None = None, user=None
) -> ProcedureVersion:
    """Đính chính: an administrator corrects a procedure's record outside any decision. The
    current version is kept as history; the corrected one, recorded as a correction with its
    note, applies from ``valid_from`` (today by default)."""
    valid_from = valid_from or timezone.localdate()
    problems: list[Problem] = []
    if not clean_text(note):
        problems.append(Problem(_("Say what the correction fixes and why."), column="note"))
    record, record_problems = clean_record(changes, full=False)
    problems += record_problems
    if not record and not record_problems:
        problems.append(Problem(_("The correction changes no field."), column="changes"))
    current = (
        ProcedureVersion.objects.select_for_update(of=("self",))
        .select_related("sector", "agency")
        .filter(procedure=procedure, superseded_on__isnull=True)
        .first()
    )
    if current is None:
        problems.append(
            Problem(_("This procedure has no version to correct."), code=procedure.code)
        )
    elif valid_from <= current.valid_from:
        problems.append(
            Problem(
                _(
                    "A correction must apply after the current version's start (%(date)s): the "
                    "corrected version follows it in the history."
                )
                % {"date": format_date(current.valid_from)},
                column="valid_from",
                code=procedure.code,
            )
        )
    if problems:
        raise Refused(problems)
    lookups = Lookups.load([record], valid_from)
    values = version_values(record, lookups, base=version_base(current))
    if values["applied_time_value"] is not None and (
        values["applied_time_value"] > values["processing_time_value"]
    ):
        raise Refused(
            [Problem(_("The applied time is longer than the legal time."), column="applied_time")]
        )
    values["decision_number"] = current.decision_number
    current.superseded_on = valid_from
    current.save(update_fields=["superseded_on"])
    corrected = ProcedureVersion.objects.create(
        procedure=procedure,
        valid_from=valid_from,
        status=current.status,
        change_kind=ChangeKind.CORRECTION,
        correction_note=clean_text(note),
        created_by=user,
        **values,
    )
    # The steps as corrected, else those of the version it follows.
    if record.get(STEPS):
        refused = interconnected_steps_set_many(texts=[(corrected, record[STEPS])])
        if refused:
            raise Refused([Problem(m, column=STEPS, code=procedure.code) for m in refused[0]])
    elif STEPS not in record:
        interconnected_steps_copy(pairs=[(current, corrected)])
    return corrected


# ---------------------------------------------------------------------------------------------
# Publication in the national database.


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
    return ProcedureVersion.objects.filter(pk__in=ids).update(published_on=published_on)


def clean_code(value: str) -> tuple[str, str | None]:
    """A procedure code normalised, with the problem message when it is not a code."""
    code = normalize_procedure_code(value or "")
    return code, procedure_code_problem(code)
