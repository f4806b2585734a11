"""Nhập danh mục từ tệp: the upload of a decision's or the national database's file."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.choices import ImportKind
from procedures.forms.catalogue.inputs import DateInput


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.DECISION,
    )
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    number = forms.CharField(
        label=_("Decision number"),
        required=False,
        max_length=80,
        help_text=_("Only when the file does not say (a CSV file)."),
    )
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput)
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        widget=DateInput,
        help_text=_(
            "For a file of procedures: the date the catalogue takes the records that give none."
        ),
    )
    signer = forms.CharField(label=_("Signer"), required=False, max_length=255)
    apply = forms.BooleanField(
        label=_("Apply the decision to the catalogue at once"), required=False
    )

    def options(self) -> dict:
        data = self.cleaned_data
        options = {
            key: data[key].isoformat() if isinstance(data[key], date) else data[key]
            for key in ("number", "signed_on", "effective_on", "signer")
            if data.get(key)
        }
        options["apply"] = bool(data.get("apply"))
        if data.get("kind") == ImportKind.PROCEDURES and data.get("effective_on"):
            # National records carry no date: the catalogue takes them from this one.
            options["effective_date"] = data["effective_on"].isoformat()
        return options
