"""The report screen's form."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import ReportFormat
from procedures.forms.catalogue import DateInput
from procedures.selectors.statistics_limits import period_problems


class AdminReformReportForm(forms.Form):
    """Báo cáo cải cách hành chính: the period, optionally one unit, and the file to make."""

    date_from = forms.DateField(label=_("From"), widget=DateInput)
    date_to = forms.DateField(label=_("To"), widget=DateInput)
    unit = forms.CharField(
        label=_("Unit (code)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"list": "report-units", "size": 14}),
        help_text=_("Empty: the whole province. A unit: its centres and desks only."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.DOCX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year - 1
        self.fields["date_from"].initial = date(year, 1, 1)
        self.fields["date_to"].initial = date(year, 12, 31)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("The end of the period is before its start."))
            else:
                for field, messages in period_problems(date_from, date_to).items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned
