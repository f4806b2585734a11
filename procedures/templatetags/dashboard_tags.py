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
