"""Validators for identifiers whose format is fixed nationally."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# National codes are one digit, a dot and six digits (1.013871, 2.000635); a province's local
# variant of a national procedure appends a suffix such as .H05 (1.012508.H05).
PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}(?:\.[A-Z][A-Z0-9]{1,9})?$")

PROCEDURE_CODE_MESSAGE = _(
    "“%(value)s” is not a procedure code: expected a national code such as 1.013871 or "
    "2.000635, or a local variant such as 1.012508.H05."
)


def normalize_procedure_code(value: str) -> str:
    """Trim spaces and upper-case a local suffix: " 1.012508.h05 " -> "1.012508.H05"."""
    return "".join(str(value).split()).upper()


def validate_procedure_code(value: str) -> None:
    if not PROCEDURE_CODE_RE.match(value or ""):
        raise ValidationError(
            PROCEDURE_CODE_MESSAGE, code="procedure_code", params={"value": value}
        )


def procedure_code_problem(value: str) -> str | None:
    """The message for a bad code, or ``None`` when ``value`` (already normalised) is valid."""
    if PROCEDURE_CODE_RE.match(value or ""):
        return None
    return str(PROCEDURE_CODE_MESSAGE) % {"value": value}


# Characters that take no room on a page: a name made only of them is no name.
INVISIBLE = re.compile(
    r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]"
)
ASCII_ID_NUMBER = re.compile(r"^(?:[0-9]{12}|[0-9]{9})$")


def is_visible_text(value: str) -> bool:
    """Whether ``value`` shows something: a letter, digit or sign once spaces, zero-width or
    directional marks and combining marks are taken out, and no control characters."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        return False
    # Tone marks alone (combining characters, "\u0301\u0300") print nothing of their own: a
    # name needs at least one letter, digit or sign to carry them.
    return any(unicodedata.category(ch)[0] not in "MCZ" for ch in INVISIBLE.sub("", value))


def validate_visible_text(value: str) -> None:
    if not is_visible_text(value):
        raise ValidationError(
            _("Write a name with visible letters (not only spaces or invisible characters).")
        )


def validate_id_number(value: str) -> None:
    """Số CCCD/CMND: 12 or 9 ASCII digits (not full-width ０ nor Arabic-Indic ٠ digits, which
    look alike and match ``\\d``)."""
    if not ASCII_ID_NUMBER.match(value or ""):
        raise ValidationError(
            _("The ID number must be a 12-digit citizen ID or an older 9-digit ID.")
        )
