"""How the demo's load reports its steps as it goes (``manage.py setup_demo`` prints them): the
callback's type and the number format of its messages."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.formats import number_format

Log = Callable[[str], None] | None
# What each step of the load is given to say what it did.
Step = Callable[[str], None]


def number_text(value: int) -> str:
    """20985 -> "20.985" (the thousands separator of the active language)."""
    return number_format(value, use_l10n=True, force_grouping=True)
