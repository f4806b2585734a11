"""What the catalogue forms share: a date typed as dd/mm/yyyy, and the empty choice of a select."""

from django import forms


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy whatever the browser's language: a native date picker shows
    mm/dd/yyyy in an English browser, which officers misread. ISO dates are accepted too."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 10,
            "class": "date",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y")


# The empty choice of a select: for an amendment, "not announced" (the field keeps its value).
NOT_ANNOUNCED = "—"


def blank_choice(choices, label=NOT_ANNOUNCED):
    return [("", label), *choices]
