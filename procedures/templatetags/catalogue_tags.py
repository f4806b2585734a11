"""Template filters of the catalogue screens: times, channels and papers the way officers read
them ("15 ngày làm việc", "1,5 giờ làm việc")."""

from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import number_format
from django.utils.text import capfirst

from procedures.choices import ChangeKind, Channel, Level, TimeUnit
from procedures.models import CatalogueImport, ProcedureVersion, TimeReview, TimeReviewItem
from procedures.records import COLUMN_HEADERS, DECISION_HEADERS

register = template.Library()


@register.filter
def amount(value) -> str:
    """15.00 -> "15", 1.50 -> "1,5" (localised), None -> ""."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).normalize()
    places = max(0, -number.as_tuple().exponent)
    return number_format(number, decimal_pos=places, use_l10n=True)


@register.filter
def share(part, whole) -> str:
    """``part`` as a percentage of ``whole`` the Vietnamese way: 85 of 20985 -> "0,41%"."""
    if not whole:
        return ""
    percent = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))
    return f"{number_format(percent, decimal_pos=2, use_l10n=True)}%"


@register.filter
def time_in(value, unit) -> str:
    """A processing time with its unit: "15 ngày làm việc"."""
    if value in (None, ""):
        return ""
    label = TimeUnit(unit).label if unit in TimeUnit.values else unit
    return f"{amount(value)} {label}"


@register.filter
def channel_times_text(version) -> str:
    """The channels whose time differs from the procedure's: "Trực tuyến: 3 Ngày làm việc"."""
    return "; ".join(
        f"{Channel(channel).label}: {version.processing_time_for(channel)}"
        for channel in Channel.values
        if channel in (version.channel_times or {})
    )


@register.filter
def levels_text(version) -> str:
    """Every level a procedure is carried out at: "Province level, Commune level"."""
    return ", ".join(str(Level(level).label) for level in version.level_list)


@register.filter
def channel_labels(channels) -> str:
    return "; ".join(
        str(Channel(channel).label) if channel in Channel.values else str(channel)
        for channel in channels or []
    )


@register.filter
def change_label(kind) -> str:
    return str(ChangeKind(kind).label) if kind in ChangeKind.values else str(kind)


@register.filter
def field_value(value) -> str:
    """A field of a version shown in a history diff."""
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, list):
        if not value:
            return "—"
        if isinstance(value[0], dict):
            return "; ".join(paper.get("name", "") for paper in value)
        return (
            channel_labels(value)
            if all(v in Channel.values for v in value)
            else "; ".join(map(str, value))
        )
    if value is None or value == "":
        return "—"
    return str(value)


# Fields named by a problem that are no column of a table (the whole list, the form itself).
NOT_COLUMNS = {"lines", "items", "record", "changes", "versions", "position"}


@register.filter
def column_label(key) -> str:
    """The header officers know for a field a problem names ("procedure_code" -> "Mã TTHC")."""
    if not key or key in NOT_COLUMNS:
        return ""
    header = COLUMN_HEADERS.get(key) or DECISION_HEADERS.get(key)
    if header:
        return header
    for model in (ProcedureVersion, TimeReview, TimeReviewItem, CatalogueImport):
        try:
            return capfirst(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            continue
    return str(key)


@register.filter
def needs_level_reassignment(version, as_of) -> bool:
    """A version still at the district level after districts ended (the catalogue's rule)."""
    from procedures.selectors.catalogue import version_needs_level_reassignment

    return version_needs_level_reassignment(version, as_of=as_of)
