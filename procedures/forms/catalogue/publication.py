"""Công khai trên Cơ sở dữ liệu quốc gia về TTHC: the changes ticked and the date they were
published."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.forms.catalogue.inputs import DateInput


class IdListField(forms.Field):
    """Ids posted as repeated checkboxes (``versions=3&versions=7``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [int(item) for item in value or [] if str(item).isdigit()]


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("Published in the national database on"), widget=DateInput
    )
    # The ids of the changes ticked; the service refuses unknown or already published ones.
    versions = IdListField(label=_("Changes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()
