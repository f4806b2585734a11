"""Thành phần hồ sơ đã nhận: papers as names or items, and the two Decision 766 facts."""

import pytest
from django.core.exceptions import ValidationError

from procedures.dossier_papers import paper_items, paper_items_clean, papers_facts

A = {"name": "Tờ khai", "digitised": True, "reused": False}
B = {"name": "Giấy chứng sinh", "digitised": True, "reused": True}
C = {"name": "CCCD", "digitised": False, "reused": False}


@pytest.mark.parametrize(
    ("papers", "items"),
    [
        (["Tờ khai"], [{"name": "Tờ khai", "digitised": False, "reused": False}]),
        ([" Tờ khai ", ""], [{"name": "Tờ khai", "digitised": False, "reused": False}]),
        ([{"name": "Tờ khai", "digitised": True}], [A]),
        ([A, "CCCD"], [A, C]),
        (None, []),
    ],
)
def test_old_names_and_new_items_read_alike(papers, items):
    assert paper_items(papers) == items


@pytest.mark.parametrize(
    ("items", "facts"),
    [
        ([], (None, None)),  # nothing received: not known, never a "no"
        ([A], (True, False)),
        ([A, B], (True, True)),
        ([A, C], (False, False)),
        ([C, B], (False, True)),
    ],
)
def test_papers_digitised_means_every_paper_and_data_reused_means_one(items, facts):
    assert papers_facts(items) == facts


@pytest.mark.parametrize(
    ("papers", "message"),
    [
        ([{"digitised": True}], "Paper 1: the name is missing."),
        (
            ["Tờ khai", {"name": "X", "digitised": "yes"}],
            "Paper 2: digitised must be true or false.",
        ),
        ([{"name": "X", "scanned": True}], "Paper 1: unknown field scanned."),
        ([7], "Paper 1: write a name or an object with a name."),
    ],
)
def test_bad_papers_are_named_by_position_and_field(papers, message, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        paper_items_clean(papers)
    assert message in error.value.message_dict["papers"]
