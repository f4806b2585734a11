"""The serving index's rule files: checked when read, chosen by date, points by their rule."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from procedures.serving_index.rules import (
    Indicator,
    RuleFileError,
    load_rule_file,
    rule_set_for,
    rule_sets,
)

REQUIRED_KEYS = {
    "procedures_fully_public",
    "dossiers_synced_national",
    "procedures_published_on_time",
    "resolved_in_time",
    "in_progress_within_time",
    "procedures_online_full",
    "procedures_online_partial",
    "online_submission",
    "procedures_with_online_payment",
    "online_payment",
    "satisfied",
    "papers_digitised",
    "electronic_result",
    "data_reused",
}


def test_the_766_file_has_every_key_the_issue_names_and_the_six_groups():
    rules = rule_set_for(date(2025, 3, 1))
    assert rules.decision == "766/QĐ-TTg" and rules.applies_from == date(2022, 6, 23)
    assert {i.key for i in rules.indicators} >= REQUIRED_KEYS
    assert {g.key: int(g.max_points) for g in rules.groups} == {
        "publicity": 18,
        "progress": 20,
        "online_service": 12,
        "online_payment": 10,
        "satisfaction": 18,
        "digitisation": 22,
    }


@pytest.mark.parametrize(
    ("day", "found"),
    [
        (date(2017, 12, 31), None),
        (date(2022, 6, 22), None),
        (date(2022, 6, 23), date(2022, 6, 23)),
        (date(2026, 1, 1), date(2022, 6, 23)),
    ],
)
def test_the_version_is_chosen_by_the_day(day, found):
    rules = rule_set_for(day)
    assert (rules.applies_from if rules else None) == found


def _indicator(**kw) -> Indicator:
    values = {
        "group": "g",
        "key": "k",
        "name": "n",
        "numerator": "a",
        "denominator": "b",
        "max_points": Decimal("6"),
        "scoring": "proportional",
        "source": "s",
        "provisional": True,
    }
    return Indicator(**(values | kw))


@pytest.mark.parametrize(
    ("numerator", "denominator", "kw", "points"),
    [
        (1, 2, {}, Decimal("3.00")),
        (2, 3, {}, Decimal("4.00")),
        (1, 3, {"max_points": Decimal("18")}, Decimal("6.00")),
        (1, 7, {}, Decimal("0.86")),  # 0,857… rounded half up to two decimals
        (0, 0, {}, Decimal("6")),  # nothing to lose: full points
        (0, 0, {"empty": "zero"}, Decimal("0")),
        (
            9,
            10,
            {
                "scoring": "thresholds",
                "thresholds": ((Fraction(1, 2), Decimal(2)), (Fraction(9, 10), Decimal(6))),
            },
            Decimal(6),
        ),
        (
            8,
            10,
            {
                "scoring": "thresholds",
                "thresholds": ((Fraction(1, 2), Decimal(2)), (Fraction(9, 10), Decimal(6))),
            },
            Decimal(2),
        ),
    ],
)
def test_points_follow_the_rule(numerator, denominator, kw, points):
    assert _indicator(**kw).points(numerator, denominator) == points


def test_a_file_whose_groups_do_not_add_up_is_refused_naming_the_group(tmp_path):
    path = tmp_path / "x_2030-01-01.yaml"
    path.write_text(
        "applies_from: 2030-01-01\n"
        "groups: [{key: a, name: A, max_points: 100}]\n"
        "indicators:\n"
        "  - {group: a, key: k, name: K, numerator: received, denominator: received,"
        " max_points: 90, source: s}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        RuleFileError, match=r"x_2030-01-01\.yaml: group a: indicators add up to 90"
    ):
        load_rule_file(path)


def test_a_missing_field_is_named(tmp_path):
    path = tmp_path / "y_2030-01-01.yaml"
    path.write_text(
        "applies_from: 2030-01-01\n"
        "groups: [{key: a, name: A, max_points: 100}]\n"
        "indicators: [{group: a, key: k, name: K, numerator: x, max_points: 100, source: s}]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="indicator k: field denominator is missing"):
        load_rule_file(path)


def test_every_definition_the_file_names_exists():
    from procedures.selectors.serving_index import DEFINITIONS

    for rules in rule_sets():
        for ind in rules.indicators:
            assert {ind.numerator, ind.denominator} <= set(DEFINITIONS), ind.key
