"""Vietnamese numbers for charts and documents, whatever the active language: 20.985 and 0,41%."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def as_decimal(value) -> Decimal:
    """An exact fraction (as the statistics give rates), a number or a text, as a Decimal."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def number_vi(value, places: int = 0) -> str:
    """20985 -> "20.985"; 12.5 with ``places=1`` -> "12,5"."""
    quantum = Decimal(1).scaleb(-places)
    number = as_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent_vi(fraction, places: int = 2) -> str:
    """A fraction as a Vietnamese percentage: 85/20985 -> "0,41%"; None -> "–"."""
    if fraction is None:
        return "–"
    return f"{number_vi(as_decimal(fraction) * 100, places)}%"
