"""Forms of the catalogue's procedures: the export of the catalogue in force on a date, and an
administrator's correction (đính chính) of a procedure's record."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.choices import OnlineLevel
from procedures.forms.catalogue.inputs import DateInput, blank_choice
from procedures.problems import Problem
from procedures.records import CellError, clean_text, parse_applied_time, parse_time


class CatalogueExportForm(forms.Form):
    as_of = forms.DateField(label=_("Catalogue in force on"), widget=DateInput, required=False)
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")], initial="xlsx"
    )


class CorrectionForm(forms.Form):
    """An administrator's correction: the fields filled in are corrected."""

    note = forms.CharField(
        label=_("What the correction fixes, and why"), widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_from = forms.DateField(
        label=_("Corrected from"), widget=DateInput, required=False, help_text=_("Default: today.")
    )
    name = forms.CharField(label=_("Procedure name"), required=False)
    agency_name = forms.CharField(label=_("Implementing agency"), required=False)
    processing_time = forms.CharField(label=_("Processing time"), required=False)
    applied_time = forms.CharField(
        label=_("Applied time"), required=False, help_text=_("Same unit as the processing time.")
    )
    fees = forms.CharField(label=_("Fees and charges"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False)
    online_level = forms.TypedChoiceField(
        label=_("Online service level"),
        choices=blank_choice(OnlineLevel.choices, ""),
        coerce=int,
        required=False,
    )

    FIELD_OF = {
        "processing_time_value": "processing_time",
        "applied_time_value": "applied_time",
        "changes": "note",
    }

    def clean(self):
        data = super().clean()
        text = clean_text(data.get("processing_time"))
        if text:
            try:
                data["processing_time"] = parse_time(text)
            except CellError as error:
                self.add_error("processing_time", str(error))
        text = clean_text(data.get("applied_time"))
        if text:
            try:
                data["applied_time"] = parse_applied_time(text)[0]
            except CellError as error:
                self.add_error("applied_time", str(error))
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            key: clean_text(data[key])
            for key in ("name", "agency_name", "fees", "legal_basis")
            if clean_text(data.get(key))
        }
        if data.get("online_level") not in (None, ""):
            changes["online_level"] = data["online_level"]
        if data.get("processing_time"):
            changes |= data["processing_time"]
        if data.get("applied_time"):
            changes["applied_time_value"] = str(data["applied_time"])
        return changes

    def add_problem(self, problem: Problem) -> None:
        field = self.FIELD_OF.get(problem.column, problem.column)
        self.add_error(field if field in self.fields else None, problem.message)
