"""Validators for identifiers whose format is fixed nationally."""

import re

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
