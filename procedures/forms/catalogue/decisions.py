"""Nhập quyết định công bố: the decision's form and its lines, each line one announced change
of a procedure, turned into the record the decision service takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.choices import ChangeKind, Level, OnlineLevel
from procedures.forms.catalogue.inputs import NOT_ANNOUNCED, DateInput, blank_choice
from procedures.problems import Problem
from procedures.records import (
    CellError,
    clean_text,
    parse_agencies,
    parse_applied_time,
    parse_channels,
    parse_papers,
    parse_time,
)

LINE_KINDS = [c for c in ChangeKind.choices if c[0] != ChangeKind.CORRECTION]


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=80)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput)
    signer = forms.CharField(label=_("Signer"), required=False, max_length=255)
    title = forms.CharField(label=_("Title"), required=False, widget=forms.TextInput)


YES_NO = [("", NOT_ANNOUNCED), ("yes", _("Yes")), ("no", _("No"))]


class DecisionLineForm(forms.Form):
    """One line of a decision: every field of a national record but the papers' details can be
    typed here. For an amendment, only the fields filled in are announced."""

    # An initial value, so that an untouched extra line does not count as filled in.
    change_kind = forms.ChoiceField(
        label=_("Kind of change"), choices=LINE_KINDS, initial=ChangeKind.NEW
    )
    procedure_code = forms.CharField(label=_("Procedure code"), max_length=40)
    replaced_code = forms.CharField(
        label=_("Replaces code"),
        max_length=40,
        required=False,
        help_text=_("Only for a replacement: the code it abolishes."),
    )
    name = forms.CharField(label=_("Procedure name"), required=False)
    sector_code = forms.CharField(label=_("Sector code"), max_length=40, required=False)
    sector_name = forms.CharField(label=_("Sector"), required=False)
    # A set, as records and the catalogue import have it ("Cấp tỉnh, Cấp huyện, Cấp xã";
    # "Cơ quan khác" is a level of its own): one box per level.
    level = forms.TypedMultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every level the procedure is carried out at."),
    )
    agency_name = forms.CharField(label=_("Implementing agency"), required=False)
    processing_time = forms.CharField(
        label=_("Processing time"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 15 ngày làm việc")}),
    )
    applied_time = forms.CharField(
        label=_("Applied time (after reduction)"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 10 ngày làm việc")}),
        help_text=_("In the unit of the processing time."),
    )
    channels = forms.CharField(
        label=_("Channels"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. Trực tiếp; Dịch vụ bưu chính; Trực tuyến")}
        ),
    )
    fees = forms.CharField(label=_("Fees and charges"), required=False)
    online_level = forms.TypedChoiceField(
        label=_("Online service level"),
        choices=blank_choice(OnlineLevel.choices),
        coerce=int,
        required=False,
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Less often announced: shown folded on the screen.
    kind = forms.CharField(label=_("Kind of procedure"), required=False)
    result_documents = forms.CharField(label=_("Result documents"), required=False)
    papers = forms.CharField(
        label=_("Required papers"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("One per line: Tờ khai (1 bản chính, 0 bản sao)")}
        ),
    )
    is_one_stop = forms.ChoiceField(label=_("One-stop mechanism"), choices=YES_NO, required=False)
    is_interconnected = forms.ChoiceField(
        label=_("Interconnected one-stop"), choices=YES_NO, required=False
    )
    interconnected_agencies = forms.CharField(
        label=_("Interconnected agencies, in order"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. UBND cấp xã → Công an → BHXH")}),
    )
    interconnected_steps = forms.CharField(
        label=_("Interconnected steps (agency and its share of the time, in order)"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": _(
                    "e.g. UBND cấp xã 3 ngày làm việc → Công an cấp huyện 5 ngày làm việc"
                ),
            }
        ),
        help_text=_("The agencies as units valid on the effective date, as the decision writes."),
    )

    MAIN_FIELDS = (
        "change_kind",
        "procedure_code",
        "replaced_code",
        "name",
        "sector_code",
        "sector_name",
        "level",
        "agency_name",
        "processing_time",
        "applied_time",
        "channels",
        "fees",
        "online_level",
        "legal_basis",
    )
    MORE_FIELDS = (
        "kind",
        "result_documents",
        "papers",
        "is_one_stop",
        "is_interconnected",
        "interconnected_agencies",
        "interconnected_steps",
    )
    # Record fields -> the form field that typed them, to put a service's problem back.
    FIELD_OF = {
        "processing_time_value": "processing_time",
        "processing_time_unit": "processing_time",
        "applied_time_value": "applied_time",
        "record": "name",
    }

    def main_fields(self):
        return [self[name] for name in self.MAIN_FIELDS]

    def more_fields(self):
        return [self[name] for name in self.MORE_FIELDS]

    def more_open(self) -> bool:
        """Unfold the less common fields when one is filled in or wrong."""
        return any(
            self[name].value() not in (None, "") or self.errors.get(name)
            for name in self.MORE_FIELDS
        )

    def clean(self):
        data = super().clean()
        readers = {
            "processing_time": parse_time,
            "applied_time": parse_applied_time,
            "channels": parse_channels,
            "papers": parse_papers,
            "interconnected_agencies": parse_agencies,
        }
        for key, read in readers.items():
            text = clean_text(data.get(key))
            if not text:
                continue
            try:
                data[key] = read(text)
            except CellError as error:
                self.add_error(key, str(error))
        legal, applied = data.get("processing_time"), data.get("applied_time")
        if (
            isinstance(legal, dict)
            and isinstance(applied, tuple)
            and applied[1] not in ("?", legal["processing_time_unit"])
        ):
            self.add_error(
                "applied_time", _("The applied time is not in the unit of the processing time.")
            )
        return data

    def line(self, position: int) -> dict:
        data = self.cleaned_data
        record: dict = {}
        for key in (
            "name",
            "sector_code",
            "sector_name",
            "agency_name",
            "fees",
            "legal_basis",
            "kind",
            "result_documents",
            "interconnected_steps",
        ):
            if clean_text(data.get(key)):
                record[key] = clean_text(data[key])
        if data.get("level"):
            # The first ticked is the main level, as the import reads "Cấp tỉnh, Cấp xã".
            levels = sorted(set(data["level"]), key=Level.values.index)
            record["level"], record["levels"] = levels[0], levels
        if data.get("online_level") not in (None, ""):
            record["online_level"] = data["online_level"]
        if data.get("processing_time"):
            record |= data["processing_time"]
        if data.get("applied_time"):
            record["applied_time_value"] = str(data["applied_time"][0])
        for key in ("channels", "papers", "interconnected_agencies"):
            if data.get(key):
                record[key] = data[key]
        for key in ("is_one_stop", "is_interconnected"):
            if data.get(key):
                record[key] = data[key] == "yes"
        # .get: a line with a field that did not parse is still checked for its other problems.
        return {
            "position": position,
            "change_kind": data.get("change_kind", ""),
            "procedure_code": data.get("procedure_code", ""),
            "replaced_code": clean_text(data.get("replaced_code")),
            "name": clean_text(data.get("name")),
            "legal_basis": clean_text(data.get("legal_basis")),
            "record": record if data.get("change_kind") != ChangeKind.ABOLISHED else {},
        }

    def add_problem(self, problem: Problem) -> None:
        field = self.FIELD_OF.get(problem.column, problem.column)
        field = field if field in self.fields else None
        if field and field in self.errors:
            return  # the field already says what is wrong with what was typed
        self.add_error(field, problem.message)


class BaseDecisionLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The filled-in lines, numbered in the order shown (forms left empty are skipped)."""
        filled = [form for form in self.forms if form.has_changed()]
        return [form.line(position) for position, form in enumerate(filled, start=1)]

    def filled_forms(self) -> list[DecisionLineForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        super().clean()
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("A decision has at least one line."))


DecisionLineFormSet = forms.formset_factory(
    DecisionLineForm, formset=BaseDecisionLineFormSet, extra=3, max_num=2000
)
