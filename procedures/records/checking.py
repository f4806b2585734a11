"""Checking a national record (kiểm tra hồ sơ TTHC): the announced fields in canonical JSON form
(decimals as strings), with a problem naming each bad field.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.choices import TimeUnit
from procedures.problems import Problem
from procedures.record_times import TIME_FIELDS, channel_time_dict, record_time, time_fields
from procedures.records.fields import (
    _CHANNEL_VALUES,
    _LEVEL_VALUES,
    _ONLINELEVEL_VALUES,
    _TIMEUNIT_VALUES,
    RECORD_FIELDS,
    REQUIRED_FOR_NEW,
)
from procedures.records.reading import clean_text


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    result = Decimal(str(value).strip().replace(",", "."))
    if not result.is_finite():
        raise InvalidOperation
    return result


def canonical_decimal(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")).normalize(), "f")


def _text_limits() -> dict[str, int]:
    """The record's texts held in sized columns: a longer one is a problem with its field named,
    never a database error when the decision is applied."""
    from procedures.models import ProcedureVersion, Sector

    fields = {
        "kind": ProcedureVersion._meta.get_field("kind"),
        "agency_name": ProcedureVersion._meta.get_field("agency_name"),
        "sector_name": Sector._meta.get_field("name"),
    }
    # A text column without a size (real agency names run to 1,346 characters) has no limit.
    return {key: field.max_length for key, field in fields.items() if field.max_length}


def clean_record(raw: dict, *, full: bool) -> tuple[dict, list[Problem]]:
    """Check the fields of a national record and return them in canonical JSON form (decimals as
    strings), with a problem per bad field (``column`` = the field). ``full``: a record that must
    stand alone (newly announced, replacing); otherwise only the announced fields (amended)."""
    record: dict = {}
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(message, column=key))

    unknown = sorted(set(raw) - set(RECORD_FIELDS))
    for key in unknown:
        bad(key, _("Unknown field of a procedure record."))
    for key in ("name", "sector_code", "sector_name", "kind", "agency_name", "fees"):
        if key in raw:
            record[key] = clean_text(raw[key])
    for key in ("result_documents", "legal_basis"):
        if key in raw:
            record[key] = clean_text(raw[key])
    if "name" in record and not record["name"]:
        bad("name", _("The procedure name is empty."))
    for key, limit in _text_limits().items():
        if len(record.get(key) or "") > limit:
            bad(
                key,
                _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": limit, "count": len(record[key])},
            )
    if "sector_code" in record:
        record["sector_code"] = record["sector_code"].upper()
        if len(record["sector_code"]) > 40:
            bad("sector_code", _("A sector code has at most 40 characters."))
    if "level" in raw or "levels" in raw:
        levels = raw.get("levels")
        if levels in (None, []) and "level" in raw:
            levels = [raw["level"]]
        try:
            levels = [int(level) for level in levels]
        except (TypeError, ValueError):
            levels = None
        if not levels or any(level not in _LEVEL_VALUES for level in levels):
            bad(
                "level",
                _(
                    "Unknown level: 0 ministry, 1 province, 2 district, 3 commune or 4 other "
                    "agency."
                ),
            )
        else:
            levels = list(dict.fromkeys(levels))
            record["level"] = levels[0] if "level" not in raw else int(raw["level"])
            if record["level"] not in levels:
                levels.insert(0, record["level"])
            record["levels"] = levels
    if "online_level" in raw:
        try:
            record["online_level"] = int(raw["online_level"])
        except (TypeError, ValueError):
            record["online_level"] = None
        if record["online_level"] not in _ONLINELEVEL_VALUES:
            bad("online_level", _("Unknown online service level: 2, 3 or 4."))
    if set(TIME_FIELDS) & set(raw):
        time_raw = {key: raw.get(key) for key in TIME_FIELDS}
        if time_raw["processing_time_unit"] in (None, ""):
            time_raw["processing_time_unit"] = TimeUnit.DAYS
        if isinstance(time_raw["processing_time_value"], float):
            time_raw["processing_time_value"] = repr(time_raw["processing_time_value"])
        try:
            reading = record_time(time_raw)
        except ProcessingTimeError:
            unit = time_raw["processing_time_unit"]
            if unit not in _TIMEUNIT_VALUES:
                bad("processing_time_unit", _("Unknown unit of a processing time."))
            else:
                bad(
                    "processing_time_value",
                    _("“%(value)s” is not a processing time in %(unit)s.")
                    % {"value": time_raw["processing_time_value"], "unit": TimeUnit(unit).label},
                )
        else:
            fields = time_fields(reading)
            fields.pop("channel_times")
            record.update(fields)
    if "channel_times" in raw:
        times = raw["channel_times"] or {}
        try:
            if not isinstance(times, dict) or set(times) - set(_CHANNEL_VALUES):
                raise ProcessingTimeError
            record["channel_times"] = {
                channel: channel_time_dict(ProcessingTime.from_dict(times[channel]))
                for channel in _CHANNEL_VALUES
                if channel in times
            }
        except (ProcessingTimeError, KeyError, TypeError, ValueError):
            bad(
                "channel_times",
                _(
                    "Times per channel are {channel: {amount, unit, cutoff}} of direct, postal, "
                    "online."
                ),
            )
    if "applied_time_value" in raw:
        value = raw["applied_time_value"]
        if value in (None, ""):
            record["applied_time_value"] = None
        else:
            try:
                value = to_decimal(value)
            except (InvalidOperation, ValueError, TypeError):
                bad("applied_time_value", _("“%(value)s” is not a number.") % {"value": value})
            else:
                if value <= 0 or value >= Decimal("1000000"):
                    bad("applied_time_value", _("A processing time must be more than zero."))
                else:
                    record["applied_time_value"] = canonical_decimal(value)
    applied, legal = record.get("applied_time_value"), record.get("processing_time_value")
    if applied and legal and Decimal(applied) > Decimal(legal):
        bad("applied_time_value", _("The applied time is longer than the legal time."))
    if applied and "processing_time_unit" in record and not legal:
        bad("applied_time_value", _("A time with no amount cannot be reduced."))
    if "channels" in raw:
        channels = raw["channels"] if isinstance(raw["channels"], list | tuple) else None
        if channels is None or any(c not in _CHANNEL_VALUES for c in channels):
            bad("channels", _("Channels are a list of: direct, postal, online."))
        else:
            record["channels"] = list(dict.fromkeys(channels))
    if "papers" in raw:
        papers = _clean_papers(raw["papers"])
        if papers is None:
            bad(
                "papers",
                _("Required papers are a list of {name, originals, copies} with whole numbers."),
            )
        else:
            record["papers"] = papers
    for key in ("is_one_stop", "is_interconnected", "online_payment"):
        if key in raw:
            if not isinstance(raw[key], bool):
                bad(key, _("Write true or false."))
            else:
                record[key] = raw[key]
    if "interconnected_steps" in raw:
        if not isinstance(raw["interconnected_steps"], str | None):
            bad("interconnected_steps", _("The steps are a text: agency, time → agency, time."))
        else:
            record["interconnected_steps"] = clean_text(raw["interconnected_steps"])
    if "interconnected_agencies" in raw:
        agencies = raw["interconnected_agencies"]
        if not isinstance(agencies, list | tuple) or not all(isinstance(a, str) for a in agencies):
            bad("interconnected_agencies", _("Interconnected agencies are a list of names."))
        else:
            record["interconnected_agencies"] = [a.strip() for a in agencies if a.strip()]
    if full:
        for key in REQUIRED_FOR_NEW:
            column = "processing_time_value" if key == "processing_time_unit" else key
            if key not in record and not any(p.column in (key, column) for p in problems):
                key = column
                bad(key, _("Required for a newly announced procedure."))
        if not record.get("sector_code") and not record.get("sector_name"):
            bad("sector_name", _("Give the sector (its code, its name or both)."))
    return record, problems


def _clean_papers(raw) -> list[dict] | None:
    if not isinstance(raw, list | tuple):
        return None
    papers = []
    for item in raw:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not clean_text(item.get("name")):
            return None
        paper = {"name": clean_text(item["name"]), "originals": None, "copies": None}
        for key in ("originals", "copies"):
            value = item.get(key)
            if value in (None, ""):
                continue
            try:
                number = int(value)
            except (TypeError, ValueError):
                return None
            if number < 0:
                return None
            paper[key] = number
        papers.append(paper)
    return papers
