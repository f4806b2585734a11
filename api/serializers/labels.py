"""The label of a choice column (a dossier's state, its outcome) in the request's language, by
:func:`procedures.choice_labels.choice_label` (DRF would also inspect ``get_status_display``'s
signature on each read)."""

from django.db.models import Choices
from rest_framework import serializers

from procedures.choice_labels import choice_label


class ChoiceLabelField(serializers.CharField):
    """Read-only: the label of ``source``'s value among ``choices`` (null when it is null)."""

    def __init__(self, choices: type[Choices], **kwargs):
        self.choices = choices
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return choice_label(self.choices, value)
