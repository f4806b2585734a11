import pytest
from django.core.exceptions import ValidationError

from procedures.models import Procedure
from procedures.validators import normalize_procedure_code, validate_procedure_code


@pytest.mark.parametrize(
    "code", ["1.013871", "2.000635", "1.012508.H05", "3.000123", "1.001234.H56", "2.002160.T01"]
)
def test_national_codes_and_local_variants_are_accepted(code):
    validate_procedure_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "1013871",
        "1.01387",
        "1.0138712",
        "A.013871",
        "1.013871.",
        "1.013871.h",
        "T-TVI-285316-TT",
    ],
)
def test_anything_else_is_refused_with_a_message_naming_the_expected_forms(code):
    with pytest.raises(ValidationError) as error:
        validate_procedure_code(code)
    message = error.value.messages[0]
    assert "1.013871" in message and "1.012508.H05" in message


def test_codes_are_normalised_before_validation():
    assert normalize_procedure_code(" 1.012508.h05 ") == "1.012508.H05"


@pytest.mark.django_db
def test_the_model_validates_the_code():
    with pytest.raises(ValidationError) as error:
        Procedure(code="12345").full_clean()
    assert "code" in error.value.message_dict
