"""Mẫu báo cáo: an office's Word template is kept only once it passes its checks, then makes the
next DOCX reports; going back to the default keeps the uploads on record."""

import io
from datetime import date

import pytest
from django.utils import translation
from docx import Document

from procedures.choices import ImportStatus
from procedures.models import ReportTemplate
from procedures.problems import Refused
from procedures.selectors.reports import report_template_active, report_template_content
from procedures.services.report_templates import report_template_reset, report_template_upload
from procedures.services.reports import admin_reform_report_create
from tests.report_data import build_province
from tests.word_templates import edited_template

pytestmark = pytest.mark.django_db

OFFICE = {"BÁO CÁO": "BÁO CÁO CỦA SỞ NỘI VỤ TỈNH TRÀ VINH"}


def test_an_uploaded_template_makes_the_next_docx_report(
    reception_user, reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    build_province(reception_user)
    first = report_template_upload(
        content=edited_template({"BÁO CÁO": "BẢN CŨ"}), file_name="cu.docx", user=reform_officer
    )
    current = report_template_upload(
        content=edited_template(OFFICE), file_name="so-noi-vu.docx", user=reform_officer
    )
    first.refresh_from_db()
    assert not first.active and current.active
    assert report_template_active() == current
    assert current.uploaded_by == reform_officer

    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        report = admin_reform_report_create(
            date_from=date(2017, 1, 1),
            date_to=date(2017, 12, 31),
            file_format="docx",
            user=reform_officer,
        )
    report.refresh_from_db()
    assert report.status == ImportStatus.DONE, report.error
    texts = [p.text for p in Document(io.BytesIO(bytes(report.content))).paragraphs]
    assert "BÁO CÁO CỦA SỞ NỘI VỤ TỈNH TRÀ VINH" in texts
    assert "BẢN CŨ" not in texts

    assert report_template_reset() == 1
    assert report_template_content() is None
    assert ReportTemplate.objects.count() == 2  # the uploads stay on record


@pytest.mark.parametrize(
    ("content", "file_name", "message"),
    [
        (
            edited_template({"{{ place_date }}": "Trà Vinh, ngày 01 tháng 01 năm 2018"}),
            "mau.docx",
            "“mau.docx”: Mẫu thiếu ô {{ place_date }}",
        ),
        (b"%PDF-1.7", "mau.pdf", "“mau.pdf”: hãy chọn tệp Word (.docx)."),
    ],
    ids=["missing-placeholder", "not-docx"],
)
def test_a_refused_template_changes_nothing(reform_officer, content, file_name, message):
    in_use = report_template_upload(
        content=edited_template(OFFICE), file_name="so-noi-vu.docx", user=reform_officer
    )
    with translation.override("vi"), pytest.raises(Refused) as refused:
        report_template_upload(content=content, file_name=file_name, user=reform_officer)
    problems = refused.value.problems
    assert problems[0].message.startswith(message) and problems[0].column == "template"
    assert report_template_active() == in_use
    assert ReportTemplate.objects.count() == 1
