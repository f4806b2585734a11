"""Rà soát, cắt giảm thời gian: a time review with its procedures, and the date it applies from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.choices import TimeUnit
from procedures.forms.catalogue.inputs import DateInput, blank_choice
from procedures.problems import Problem
from procedures.records import CellError, clean_text, parse_decimal


class ReviewForm(forms.Form):
    plan_number = forms.CharField(label=_("Plan number"), max_length=80)
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewApplyForm(forms.Form):
    effective_on = forms.DateField(
        label=_("Applied times in force from"),
        widget=DateInput,
        required=False,
        help_text=_("Default: the review date. Dossiers received from that day count them."),
    )


class ReviewItemForm(forms.Form):
    procedure_code = forms.CharField(label=_("Procedure code"), max_length=40)
    legal_time = forms.CharField(
        label=_("Legal time"), required=False, help_text=_("Empty: the catalogue's.")
    )
    applied_time = forms.CharField(label=_("Applied time"))
    time_unit = forms.ChoiceField(
        label=_("Unit"),
        choices=blank_choice(TimeUnit.choices, _("(the catalogue's)")),
        required=False,
    )

    FIELD_OF = {
        "legal_time_value": "legal_time",
        "applied_time_value": "applied_time",
    }

    def clean(self):
        data = super().clean()
        for key in ("legal_time", "applied_time"):
            text = clean_text(data.get(key))
            if text:
                try:
                    data[key] = parse_decimal(text)
                except CellError as error:
                    self.add_error(key, str(error))
        return data

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "procedure_code": data["procedure_code"],
            "legal_time_value": data.get("legal_time") or None,
            "applied_time_value": data.get("applied_time"),
            "time_unit": data.get("time_unit") or None,
        }

    def add_problem(self, problem: Problem) -> None:
        field = self.FIELD_OF.get(problem.column, problem.column)
        self.add_error(field if field in self.fields else None, problem.message)


class BaseReviewItemFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[ReviewItemForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        super().clean()
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("A review has at least one procedure."))


ReviewItemFormSet = forms.formset_factory(
    ReviewItemForm, formset=BaseReviewItemFormSet, extra=5, max_num=5000
)
