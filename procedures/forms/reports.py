"""The report screen's form."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import ReportFormat
from procedures.forms.catalogue import DateInput
from procedures.reports.document import DOCUMENT_KEYS, document_clean
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
    # The document's particulars (Decree 30/2020/NĐ-CP), used by the DOCX and PDF; empty ones are
    # derived from the reporting unit or left as the dotted blank the office fills by hand.
    governing_body = forms.CharField(
        label=_("Issuing body, first line"),
        required=False,
        max_length=120,
        help_text=_("Empty: PEOPLE'S COMMITTEE."),
    )
    issuing_body = forms.CharField(
        label=_("Issuing body, second line"),
        required=False,
        max_length=120,
        help_text=_("Empty: the reporting unit, e.g. TỈNH TRÀ VINH."),
    )
    place = forms.CharField(
        label=_("Place (province)"),
        required=False,
        max_length=80,
        help_text=_("Empty: the province's name."),
    )
    number = forms.CharField(label=_("Document number"), required=False, max_length=20)
    symbol = forms.CharField(
        label=_("Document symbol"), required=False, max_length=40, initial="BC-UBND"
    )
    signed_on = forms.DateField(
        label=_("Date of the document"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: “day … month … year …”, filled in by hand."),
    )
    receiving_unit = forms.CharField(label=_("Receiving unit"), required=False, max_length=200)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One recipient a line."),
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One line each, e.g. TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH."),
    )
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=120)

    def __init__(self, *args, document: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # What this user gave last time: an office signs with the same header every year.
        for key, value in (document or {}).items():
            if key in self.fields and value:
                self.fields[key].initial = value
        year = timezone.localdate().year - 1
        self.fields["date_from"].initial = date(year, 1, 1)
        self.fields["date_to"].initial = date(year, 12, 31)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("The period ends before it starts."))
            else:
                for field, messages in period_problems(date_from, date_to).items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    def report_fields(self) -> list:
        return [self[name] for name in self.fields if name not in DOCUMENT_KEYS]

    def document_fields(self) -> list:
        return [self[name] for name in self.fields if name in DOCUMENT_KEYS]

    def document(self) -> dict:
        """The particulars as stored on the report: texts, the date as YYYY-MM-DD."""
        values = {key: self.cleaned_data.get(key) for key in DOCUMENT_KEYS}
        values["signed_on"] = values["signed_on"].isoformat() if values["signed_on"] else ""
        return document_clean(values)


class ReportAuditForm(forms.Form):
    """Đối chiếu báo cáo: a published report (DOCX, PDF or text) and the period it reports on."""

    MAX_BYTES = 10 * 1024 * 1024

    document = forms.FileField(
        label=_("Published report"), help_text=_("DOCX, PDF with a text layer, or UTF-8 text.")
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput)
    date_to = forms.DateField(label=_("To"), widget=DateInput)
    unit = forms.CharField(
        label=_("Unit (code)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"list": "report-units", "size": 14}),
    )
    show_unplaced = forms.BooleanField(label=_("Also list the figures not placed"), required=False)

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith((".docx", ".pdf", ".txt", ".md")):
            raise forms.ValidationError(
                _("“%(name)s”: give a DOCX, PDF or text (.txt) file.") % {"name": upload.name}
            )
        return upload


class ReportTemplateForm(forms.Form):
    """Mẫu báo cáo (Word): the office's own template of the report's DOCX."""

    template = forms.FileField(
        label=_("Word template (.docx)"),
        help_text=_(
            "Start from the default template; keep its placeholders {{ … }}, listed below."
        ),
    )
