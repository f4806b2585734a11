"""How reports write numbers and cells: 20.985 and 0,41% in Vietnamese (the active language's
separators, through Django's formats), two decimals for every rate, and spreadsheet cells that
cannot be read as formulas."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

# One rule for every export: text a spreadsheet could run as a formula gets a leading '.
from procedures.reports.exports import safe_cell  # noqa: F401 (re-exported for the writers)


def whole(value: int | None) -> str:
    """20985 -> "20.985" (Vietnamese), "20,985" (English)."""
    return number_format(int(value or 0), use_l10n=True, force_grouping=True)


def percent_value(part: int, of: int) -> Decimal | None:
    """``part`` / ``of`` as a percentage rounded half up to two decimals; None when ``of`` is 0."""
    if not of:
        return None
    return (Decimal(part) * 100 / Decimal(of)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(part: int, of: int) -> str:
    """85 of 20985 -> "0,41%" (Vietnamese); "" when there is nothing to divide by."""
    value = percent_value(part, of)
    if value is None:
        return ""
    return f"{number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)}%"


def day(value: date | None) -> str:
    """dd/mm/yyyy, the way official documents write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def month(value: date | None) -> str:
    """mm/yyyy: "tháng 10/2016"."""
    return value.strftime("%m/%Y") if value else ""
