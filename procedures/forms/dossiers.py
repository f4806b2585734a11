"""Forms of the dossier screens: the fast intake form and the action form."""

import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.choices import Channel, RatingLevel, ReturnsCount
from procedures.models import Desk, Unit
from procedures.validators import validate_id_number, validate_visible_text


class DossierIntakeForm(forms.Form):
    """Tiếp nhận hồ sơ. The procedure is picked by the autocomplete, which fills ``procedure``
    with its code; papers come as a list of names checked on the screen."""

    desk = forms.ModelChoiceField(label=_("One-stop desk"), queryset=Desk.objects.none())
    procedure = forms.CharField(label=_("Procedure code"), max_length=40)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        initial=Channel.DIRECT,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(
        label=_("Applicant's full name"), max_length=255, validators=[validate_visible_text]
    )
    applicant_id_number = forms.CharField(
        label=_("ID number (12-digit citizen ID or 9-digit ID)"),
        max_length=12,
        validators=[validate_id_number],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    applicant_phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput({"type": "tel"})
    )
    applicant_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    applicant_email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    # The usual case is one tick: every paper received was scanned at the desk. Unticked, the
    # papers ticked one by one as digitised are.
    digitise_all = forms.BooleanField(label=_("Digitise all"), required=False, initial=True)
    fee_amount = forms.IntegerField(
        label=_("Fee or charge to pay (đồng)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        help_text=_("From the procedure's fees when it gives one amount; 0 when nothing is due."),
    )
    paid_online = forms.BooleanField(label=_("Paid online"), required=False)
    # One per rendering of the form: a second submit of the same form (a double click, a reload)
    # is the same intake and shows the first dossier (the service's idempotency key).
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = desks
        if desks.count() == 1:
            self.fields["desk"].initial = desks.first()
            self.fields["desk"].widget = forms.HiddenInput()
        self.fields["procedure"].widget = forms.HiddenInput()
        if not self.is_bound:
            self.fields["submission"].initial = secrets.token_urlsafe(24)

    @property
    def papers(self) -> list[str]:
        return self.data.getlist("papers") if self.is_bound else []

    def paper_items(self) -> list[dict]:
        """The papers ticked as received, each digitised (all of them under "digitise all")
        and reused from stored data as ticked beside it."""
        digitised = set(self.data.getlist("digitised"))
        reused = set(self.data.getlist("reused"))
        every = self.cleaned_data.get("digitise_all", False)
        return [
            {"name": name, "digitised": every or name in digitised, "reused": name in reused}
            for name in self.papers
        ]


class DossierActionForm(forms.Form):
    """One action on a dossier: the note (reason, missing papers), the receiving unit for a
    hand-over, the new date for an apology."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
    receiver = forms.ModelChoiceField(
        label=_("Receiving agency"), queryset=Unit.objects.none(), required=False
    )
    new_due_at = forms.DateTimeField(
        label=_("New date of the result"),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"],
        error_messages={"invalid": _("Write the new date as dd/mm/yyyy hh:mm.")},
    )

    electronic_result = forms.BooleanField(label=_("Result issued electronically"), required=False)
    result_digitised = forms.BooleanField(label=_("Paper result digitised"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = Unit.objects.valid_on(timezone.localdate()).order_by(
            "kind", "name"
        )


class DossierRatingForm(forms.Form):
    """Đánh giá mức độ hài lòng: the national portal's questions, each on its own scale; big
    buttons (radio choices) so that a tablet or a phone reached by the QR code serves."""

    overall = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling of your dossier?"),
        choices=RatingLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    on_time = forms.TypedChoiceField(
        label=_("How satisfied are you with the time it took?"),
        choices=RatingLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    attitude = forms.TypedChoiceField(
        label=_("How satisfied are you with the staff's attitude?"),
        choices=RatingLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    returns_count = forms.TypedChoiceField(
        label=_("How many times did you have to come back to complete the dossier?"),
        choices=ReturnsCount.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
