"""A published report checked against the data: the seed's 2017 report (Trà Vinh; a copy in
tests/data) against its figures, the 0,04% slip flagged twice (it does not follow from its own
85/20.985, and onestop's share is 0,41%), every other figure of the administrative-reform
paragraph agreeing; DOCX, PDF and text read alike."""

import io
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document

from procedures.reports.audit import (
    AGREE,
    DISAGREE,
    INCONSISTENT,
    UNPLACED,
    audit_summary,
    audit_text,
    document_text,
    finding_line,
)
from procedures.reports.pdf_document import admin_reform_pdf
from tests.report_samples import seed_data

SEED = Path(__file__).resolve().parents[2] / "data" / "seed_tra_vinh_2017.txt"
PARAGRAPH_FIGURES = [
    "204", "221", "425", "1.738", "1.565", "94", "79", "19", "09", "106/106", "97",
    "85/20.985", "20.985", "20.900", "10.128", "10.032", "96",
]  # fmt: skip


def _audit(text: str, data=None):
    with translation.override("vi"):
        return audit_summary(audit_text(text, data or seed_data()))


def test_the_seed_report_has_one_slip_and_agrees_on_every_other_figure_of_the_section():
    summary = _audit(SEED.read_text(encoding="utf-8"))
    [slip] = summary[INCONSISTENT]
    assert slip.printed == "0,04%"
    assert slip.note == "85/20.985 là 0,41%, không phải 0,04%"
    [share] = summary[DISAGREE]
    assert (share.printed, share.computed) == ("0,04%", "0,41%")
    assert [f.printed for f in summary[AGREE]] == PARAGRAPH_FIGURES
    # The rest of the report (economy, meetings, ...) is outside what onestop counts.
    unplaced = [f.printed for f in summary[UNPLACED]]
    assert "17.449" in unplaced and "86,8%" in unplaced
    assert not set(unplaced) & {"204", "20.985", "0,04%"}


@pytest.mark.parametrize(
    ("sentence", "verdict", "printed", "computed"),
    [
        # A count that onestop computes otherwise: both values.
        ("Chủ tịch quyết định công bố mới 205 thủ tục hành chính.", DISAGREE, "205", "204"),
        ("Trên địa bàn có 19 sở, ban, ngành tỉnh có Bộ phận một cửa.", AGREE, "19", "19"),
        # Outside the one-stop context, a count of districts is not placed.
        ("Tiếp xúc cử tri ở 9 huyện, thị xã, thành phố được 192 cuộc.", UNPLACED, "9", ""),
        # A centre's figures for the period unless the paragraph speaks of "since it opened".
        (
            "Trung tâm Hành chính công huyện Cầu Ngang đã tiếp nhận tổng số 8.005 hồ sơ.",
            AGREE,
            "8.005",
            "8.005",
        ),
        (
            "Từ khi đi vào hoạt động đến nay, Trung tâm Hành chính công huyện Cầu Ngang đã tiếp "
            "nhận tổng số 8.005 hồ sơ.",
            DISAGREE,
            "8.005",
            "10.128",
        ),
        # Figures of a sentence without a centre cannot be placed on one.
        ("Đã tiếp nhận tổng số 500 hồ sơ.", UNPLACED, "500", ""),
    ],
)
def test_each_figure_is_placed_or_not_by_its_sentence(sentence, verdict, printed, computed):
    findings = [f for found in _audit(sentence).values() for f in found]
    first = next(f for f in findings if f.printed == printed)
    assert (first.verdict, first.computed) == (verdict, computed)
    if verdict == DISAGREE:
        with translation.override("vi"):
            line = finding_line(first)
        assert line.startswith(f"[không khớp] {printed}") and f"onestop: {computed}" in line


def test_a_consistent_share_is_not_flagged():
    sentence = (
        "Từ khi đi vào hoạt động (tháng 10/2016) đến nay, Trung tâm hành chính công thành phố "
        "Trà Vinh đã tiếp nhận tổng số 20.985 hồ sơ, có 85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ "
        "0,41%)."
    )
    summary = _audit(sentence)
    assert not summary[INCONSISTENT] and not summary[DISAGREE]
    assert [f.printed for f in summary[AGREE]] == ["85/20.985", "0,41%", "20.985"]
    # "tháng 10/2016" is a date, not a figure.
    assert not summary[UNPLACED]


def test_docx_pdf_and_text_are_read_alike():
    document = Document()
    document.add_paragraph("Chủ tịch quyết định công bố mới 204 thủ tục hành chính.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert "công bố mới 204 thủ tục" in document_text(buffer.getvalue(), "bao-cao.docx")

    with translation.override("vi"):
        pdf = admin_reform_pdf(seed_data())
    summary = _audit(document_text(pdf, "bao-cao.pdf"))
    assert "85/20.985" in [f.printed for f in summary[AGREE]]
    assert not summary[INCONSISTENT] and not summary[DISAGREE]

    with translation.override("vi"), pytest.raises(ValueError, match=r"UTF-8 \(dòng 2\)"):
        document_text("dòng 1\n".encode() + "dòng 2".encode("latin-1"), "bao-cao.txt")
