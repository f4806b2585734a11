"""The label of a choice column (a dossier's state, its outcome) in the request's language.

``get_status_display`` rebuilds the field's choices as a dict of lazy translations on every
call, and DRF inspects the method's signature each time it reads it: a fifth of the time of a
page of 50 dossiers (issue 9). Here the labels are looked up in a table built once per choice
class and language.
"""

from functools import lru_cache

from django.db.models import Choices
from django.utils.translation import get_language
from rest_framework import serializers


@lru_cache(maxsize=64)
def _labels(choices: type[Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


class ChoiceLabelField(serializers.CharField):
    """Read-only: the label of ``source``'s value among ``choices`` (null when it is null)."""

    def __init__(self, choices: type[Choices], **kwargs):
        self.choices = choices
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return _labels(self.choices, get_language()).get(value, str(value))
