"""GET /api/v1/reports/admin-reform/: the report's figures as JSON, or its file."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.report_data import build_province

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/admin-reform/"
YEAR = {"from": "2017-01-01", "to": "2017-12-31"}


@pytest.fixture
def province(reception_user):
    return build_province(reception_user)


@pytest.mark.parametrize("role", ["leader", "reform_officer", "administrator"])
def test_readers_get_the_figures(api_client, province, request, role):
    api_client.force_authenticate(request.getfixturevalue(role))
    response = api_client.get(URL, YEAR)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["catalogue"]["new"] == 3
    assert data["review"]["cut_half"] == 1
    assert data["coverage"]["communes"] == 3
    assert data["centres"][0]["since_opening"]["received_total"] == 8
    assert data["centres"][0]["period"]["late_rate"] == 0.5


def test_files_come_with_their_type_and_name(api_client, leader, province):
    api_client.force_authenticate(leader)
    docx = api_client.get(URL, {**YEAR, "format": "docx"})
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.word")
    assert (
        'filename="bao-cao-cai-cach-hanh-chinh-2017-01-01-2017-12-31.docx"'
        in docx["Content-Disposition"]
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)" in text

    xlsx = api_client.get(URL, {**YEAR, "format": "xlsx", "unit": "848"})
    assert xlsx.status_code == 200
    assert "-848.xlsx" in xlsx["Content-Disposition"]
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == [
        "Biểu 06",
        "Biểu II.06a",
        "Biểu 07b",
    ]
    markdown = api_client.get(URL, {**YEAR, "format": "md"})
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "Trung tâm Hành chính công huyện Cầu Ngang" in markdown.content.decode("utf-8")


def test_reception_staff_and_strangers_are_refused(api_client, reception_user, province):
    assert api_client.get(URL, YEAR).status_code in (401, 403)
    api_client.force_authenticate(reception_user)
    assert api_client.get(URL, YEAR).status_code == 403


def test_bad_parameters_answer_400_naming_them(api_client, leader, province):
    api_client.force_authenticate(leader)
    missing = api_client.get(URL, {"to": "2017-12-31"})
    assert missing.status_code == 400 and "from" in missing.json()
    backwards = api_client.get(URL, {"from": "2017-12-31", "to": "2017-01-01"})
    assert backwards.status_code == 400 and "to" in backwards.json()
    unit = api_client.get(URL, {**YEAR, "unit": "9999"})
    assert unit.status_code == 400
    assert unit.json()["problems"][0]["column"] == "unit"
    odt = api_client.get(URL, {**YEAR, "format": "odt"})
    assert odt.status_code == 400 and "format" in odt.json()


def test_the_pdf_is_the_whole_report_to_sign(api_client, leader, province):
    api_client.force_authenticate(leader)
    pdf = api_client.get(URL, {**YEAR, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert (
        'filename="bao-cao-cai-cach-hanh-chinh-2017-01-01-2017-12-31.pdf"'
        in (pdf["Content-Disposition"])
    )
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert len(pages) == 4
    assert "có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)" in " ".join(pages[0].extract_text().split())
