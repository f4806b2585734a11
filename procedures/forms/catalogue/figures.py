"""Số liệu kiểm soát TTHC: the period, level and agency the catalogue's figures are counted for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.choices import Level
from procedures.forms.catalogue.inputs import DateInput, blank_choice


class FiguresForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput)
    date_to = forms.DateField(label=_("To"), widget=DateInput)
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=blank_choice(Level.choices, _("(all)")),
        coerce=int,
        required=False,
    )
    agency_name = forms.CharField(
        label=_("Implementing agency"),
        required=False,
        widget=forms.TextInput(attrs={"list": "agencies", "size": 28}),
        help_text=_("As the catalogue writes it; empty: every agency."),
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The period ends before it starts."))
        return data
