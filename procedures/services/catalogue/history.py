"""The catalogue history (lịch sử danh mục TTHC): how a procedure's next version is made from the
record announced and the version before it. Every writer of versions uses these, so the rule is
written once: decisions, time reviews, the import of national records and corrections.

The rule as users and auditors read it, with its legal source:
docs/rules/catalogue.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from procedures.choices import Level
from procedures.importers.published import items_left
from procedures.models import ProcedureVersion, Sector, Unit
from procedures.record_fees import fee_amount_of
from procedures.record_times import cutoff_text
from procedures.records import VERSION_FIELDS, canonical_decimal
from procedures.search import fold, search_key
from procedures.validators import normalize_procedure_code, procedure_code_problem

STEPS = "interconnected_steps"

BATCH = 500


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


def clean_code(value: str) -> tuple[str, str | None]:
    """A procedure code normalised, with the problem message when it is not a code."""
    code = normalize_procedure_code(value or "")
    return code, procedure_code_problem(code)
