"""The label of a choice (a dossier's state, its outcome) in the active language, from a table
built once per choice class and language.

Django's ``get_status_display`` rebuilds the field's choices as a dict of lazy translations on
every call: on a page of 50 dossiers, a fifth of the page's time (issue 9).
"""

from functools import lru_cache

from django.db.models import Choices
from django.utils.translation import get_language


@lru_cache(maxsize=64)
def _labels(choices: type[Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[Choices], value) -> str:
    """The label of ``value`` among ``choices`` in the active language (the value itself when
    it is not one of them)."""
    return _labels(choices, get_language()).get(value, str(value))
