"""Numbers on the dashboards in the reader's language: 20.985 and 0,41% in Vietnamese."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from procedures.reports.numbers import as_decimal

register = template.Library()


@register.filter
def num(value) -> str:
    """A count with thousands grouped the active language's way: 20.985."""
    if value in (None, ""):
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def rate(value) -> str:
    """A fraction as a percentage with two decimals: 0.0041 -> "0,41%"; none -> "–"."""
    if value in (None, ""):
        return "–"
    percent = (as_decimal(value) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{number_format(percent, decimal_pos=2, use_l10n=True, force_grouping=True)}%"


@register.filter
def points(value) -> str:
    """A change of a rate in percentage points, signed, in the active language: "+1,25"."""
    if value in (None, ""):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{number_format(abs(value), decimal_pos=2, use_l10n=True, force_grouping=True)}"


@register.filter
def trend_arrow(value) -> str:
    """▲ better, ▼ worse, = unchanged, – nothing to compare."""
    if value in (None, ""):
        return "–"
    return "▲" if value > 0 else "▼" if value < 0 else "="


@register.filter
def level_label(value) -> str:
    """The level (cấp) of an agency as its reader names it: "Cấp tỉnh"."""
    from procedures.choices import Level

    if value in (None, ""):
        return ""
    return str(Level(int(value)).label)
