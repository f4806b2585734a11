"""`manage.py report admin-reform` for 2017 on the demo province gives back the seed report's
figures ("Thực hiện công tác dân vận gắn với cải cách hành chính", Trà Vinh 2017), all computed
from what the demo loaded through the project's services and imports."""

import io
import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from procedures.reports.admin_reform_files import admin_reform_file
from procedures.services.demo import CAU_NGANG_CENTRE, CITY_CENTRE, demo_province_load
from tests.report_samples import unlinked

pytestmark = pytest.mark.django_db
YEAR = ["--from", "2017-01-01", "--to", "2017-12-31"]
# The demo's 2017 report as PDF: the report (2 portrait pages), form 06 (its sectors), II.06a
# and 07b, each on landscape pages.
EXPECTED_PAGES = 5


@pytest.fixture
def demo(reception_user, reform_officer):
    loaded = demo_province_load(reception_user=reception_user, officer_user=reform_officer)
    if connection.vendor == "postgresql":
        # Tens of thousands of rows written inside the test's transaction: without fresh
        # statistics the planner takes the tables for empty (autovacuum does this in real use).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return loaded


def test_the_2017_report_on_the_demo_gives_the_seeds_figures(demo, tmp_path, client, leader):
    path = tmp_path / "2017.json"
    call_command(
        "report",
        "admin-reform",
        *YEAR,
        "--format",
        "json",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    data = json.loads(path.read_text(encoding="utf-8"))

    # "công bố mới 204 thủ tục hành chính; bãi bỏ 221 thủ tục hành chính; cập nhật 425 thủ tục
    # hành chính vào cơ sở dữ liệu quốc gia"
    assert data["catalogue"]["new"] == 204
    assert data["catalogue"]["abolished"] == 221
    assert data["catalogue"]["published_national"] == 425
    # "Đã rà soát được 1.738 thủ tục hành chính, trong đó có 1.565 ... 94 ... còn 79"
    assert data["review"] == {
        "reviewed": 1738, "cut_half": 1565, "cut_third": 94, "cut_less": 0, "not_cut": 79,
    }  # fmt: skip
    # Each of these figures links to a list that shows the same count (issue 21).
    client.force_login(leader)
    for table in ("catalogue", "review"):
        for key, url in data["sources"][table].items():
            parts = urlsplit(url)
            response = client.get(f"{parts.path}?{parts.query}")
            assert response.context["total"] == data[table][key], (table, key)
    # "19 sở, ban, ngành tỉnh; 09 huyện, thị xã, thành phố; 106/106 xã, phường, thị trấn ...;
    # 97 thủ tục hành chính thực hiện theo cơ chế một cửa liên thông"
    coverage = data["coverage"]
    assert (coverage["departments"], coverage["districts"]) == (19, 9)
    assert (coverage["communes_with_desk"], coverage["communes"]) == (106, 106)
    assert coverage["interconnected_procedures"] == 97

    centres = {centre["code"]: centre for centre in data["centres"]}
    city = centres[CITY_CENTRE]["since_opening"]
    assert centres[CITY_CENTRE]["opened_on"] == "2016-10-01"
    assert city["received_total"] == 20985
    assert city["resolved_in_time"] == 20900
    assert city["resolved_late"] == 85
    cau_ngang = centres[CAU_NGANG_CENTRE]["since_opening"]
    assert cau_ngang["received_total"] == 10128
    assert cau_ngang["resolved_in_time"] == 10032
    assert cau_ngang["in_progress_total"] == cau_ngang["in_progress_within_time"] == 96
    assert cau_ngang["resolved_late"] == 0
    assert data["checks"] == []

    with translation.override("vi"):
        text = unlinked(admin_reform_file(data, "md").content.decode("utf-8"))
    # The seed printed "0,04%"; the report computes 85/20.985 = 0,41%.
    assert (
        "Từ khi đi vào hoạt động (tháng 10/2016) đến nay, Trung tâm Hành chính công thành phố Trà "
        "Vinh đã tiếp nhận tổng số 20.985 hồ sơ, kết quả giải quyết có 20.900 hồ sơ giải quyết "
        "đúng hạn, có 85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)." in text
    )
    assert (
        "Trung tâm Hành chính công huyện Cầu Ngang đã tiếp nhận tổng số 10.128 hồ sơ, kết quả "
        "giải quyết có 10.032 hồ sơ giải quyết đúng hạn, không có hồ sơ trễ hạn, 96 hồ sơ đang "
        "trong thời gian giải quyết." in text
    )
    assert "quyết định công bố mới 204 thủ tục hành chính" in text
    assert "19 sở, ban, ngành tỉnh; 9 huyện, thị xã, thành phố; 106/106 xã, phường, thị trấn" in (
        text
    )


def test_the_2017_report_on_the_demo_prints_as_the_papers_an_office_signs(demo):
    """The PDF of the demo's 2017 report: the report on portrait pages, then form 06 (every
    sector of the demo), II.06a and 07b each on landscape pages one page wide; the pages are
    kept as screenshots under test-artifacts/."""
    from pypdf import PdfReader

    from procedures.reports.admin_reform import admin_reform_data
    from tests.artifacts import pdf_screenshots

    with translation.override("vi"):
        data = admin_reform_data(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
        pdf = admin_reform_file(data, "pdf").content
    pages = PdfReader(io.BytesIO(pdf)).pages
    texts = [" ".join(page.extract_text().split()) for page in pages]
    portrait = [round(float(p.mediabox.width)) < round(float(p.mediabox.height)) for p in pages]
    form_pages = {
        code: [i for i, text in enumerate(texts) if code in text]
        for code in ("Biểu số 06/VPCP/KSTT", "Biểu số II.06a/VPCP/KSTT", "Biểu số 07b/VPCP/KSTT")
    }
    assert "ỦY BAN NHÂN DÂN" in texts[0] and "Số: …/BC-UBND" in texts[0]
    assert "có 85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in " ".join(texts)
    first_form = form_pages["Biểu số 06/VPCP/KSTT"][0]
    assert all(portrait[:first_form]) and not any(portrait[first_form:])
    # Each form starts on its own page; form 06's columns all fit the page's width, so its
    # number row reaches column (13) on the form's first page.
    assert [pages[0] for pages in form_pages.values()] == sorted(
        {pages[0] for pages in form_pages.values()}
    )
    assert "(13)" in texts[first_form]
    # The recipients and the signature close the report, together, before the forms.
    assert "Nơi nhận:" in texts[first_form - 1] and "TM. ỦY BAN NHÂN DÂN" in texts[first_form - 1]
    assert len(pages) == EXPECTED_PAGES
    assert len(pdf_screenshots(pdf, "report-demo-2017")) == len(pages)


def test_report_audit_on_the_seeds_text_flags_the_slip_and_agrees_with_the_rest(demo):
    """`manage.py report audit` on the seed's own report (a copy in tests/data) for 2017
    against the demo: the 0,04% slip flagged, every other figure of the administrative-reform
    paragraph agreeing, nothing else disagreeing."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "data" / "seed_tra_vinh_2017.txt"
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "audit", str(seed), *YEAR, "--language", "vi", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    flagged = [line for line in lines if not line.startswith("[khớp]")]
    assert len(flagged) == 2
    assert flagged[0].startswith("[không khớp với số liệu của chính nó] 0,04%")
    assert "85/20.985 là 0,41%, không phải 0,04%" in flagged[0]
    assert flagged[1].startswith("[không khớp] 0,04%") and "onestop: 0,41%" in flagged[1]
    assert "/dossiers/list/?centre=" in flagged[1]
    agreed = [line.split(" — ")[0].removeprefix("[khớp] ") for line in lines if line not in flagged]
    assert agreed == [
        "204", "221", "425", "1.738", "1.565", "94", "79", "19", "09", "106/106", "97",
        "85/20.985", "20.985", "20.900", "10.128", "10.032", "96",
    ]  # fmt: skip
    assert "17 agree, 1 disagree, 1 inconsistent" in err.getvalue()


def test_the_2017_report_as_docx_prints_through_libreoffice_as_the_papers_to_sign(demo):
    """The DOCX of the demo's 2017 report (the default Word template, forms as subdocuments),
    turned into pages by LibreOffice as an office would print it: the report on portrait pages,
    each form on landscape pages whose header, all 13 columns of form 06 included, is on every
    page; no blank page. The pages are kept as screenshots under test-artifacts/."""
    from pypdf import PdfReader

    from procedures.reports.admin_reform import admin_reform_data
    from tests.artifacts import docx_to_pdf, pdf_screenshots

    with translation.override("vi"):
        data = admin_reform_data(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
        docx = admin_reform_file(data, "docx").content
    pdf = docx_to_pdf(docx, "report-demo-2017-docx")
    if pdf is None:
        pytest.skip("soffice missing: scripts/services.sh installs libreoffice-writer-nogui")
    pages = PdfReader(io.BytesIO(pdf)).pages
    texts = [" ".join(page.extract_text().split()) for page in pages]
    portrait = [round(float(p.mediabox.width)) < round(float(p.mediabox.height)) for p in pages]
    codes = ("Biểu số 06/VPCP/KSTT", "Biểu số II.06a/VPCP/KSTT", "Biểu số 07b/VPCP/KSTT")
    starts = [next(i for i, text in enumerate(texts) if code in text) for code in codes]
    assert starts == sorted(starts)
    first_form = starts[0]

    assert "ỦY BAN NHÂN DÂN" in texts[0] and "Số: …/BC-UBND" in texts[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0]
    assert "Trà Vinh, ngày … tháng … năm …" in texts[0]
    assert "có 85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in " ".join(texts[:first_form])
    signing = texts[first_form - 1]
    assert "Nơi nhận:" in signing and "TM. ỦY BAN NHÂN DÂN" in signing
    # The signature never stands alone on its page: the report's last paragraph (since issue
    # 19, the serving index's, which says the index did not exist in 2017) goes with it.
    assert "Quyết định 766/QĐ-TTg (23/06/2022) chưa có trong kỳ này" in signing
    assert all(portrait[:first_form]) and not any(portrait[first_form:])
    assert all(texts), "a blank page"
    for page in range(starts[0], starts[1]):
        # Form 06 is one page wide: its number row, (1) to (13), heads each of its pages.
        assert "(1)" in texts[page] and "(13)" in texts[page]
    for start in starts:
        assert "Tổng cộng" in " ".join(texts[start:]) and "NGƯỜI LẬP BIỂU" in texts[start:][-1]
    assert len(pages) == EXPECTED_PAGES
    assert len(pdf_screenshots(pdf, "report-demo-2017-docx")) == len(pages)


def test_the_2017_report_as_xlsx_prints_each_form_on_landscape_pages_one_page_wide(demo):
    """The XLSX of the demo's 2017 report printed through LibreOffice Calc, as an officer
    prints the workbook: every form on A4 landscape pages in a serif (Times-metric) face, form
    06 one page wide (its (1)…(13) number row heading each of its pages, never split over four
    as before its print layout), the counts in Vietnamese thousands. Pages kept as screenshots."""
    from pypdf import PdfReader

    from procedures.reports.admin_reform import admin_reform_data
    from tests.artifacts import pdf_screenshots, xlsx_to_pdf

    with translation.override("vi"):
        data = admin_reform_data(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
        xlsx = admin_reform_file(data, "xlsx").content
    pdf = xlsx_to_pdf(xlsx, "report-demo-2017-xlsx")
    if pdf is None:
        pytest.skip("soffice missing: scripts/services.sh installs libreoffice-calc-nogui")
    pages = PdfReader(io.BytesIO(pdf)).pages
    texts = [" ".join(page.extract_text().split()) for page in pages]
    form_06 = [i for i, text in enumerate(texts) if "(13)" in text and "(12)" in text]

    assert all(round(float(p.mediabox.width)) > round(float(p.mediabox.height)) for p in pages)
    assert all(texts), "a blank page"
    assert form_06, "form 06's number row is on no page"
    assert all("(1)" in texts[i] for i in form_06)
    assert "25.429" in " ".join(texts)  # form 06: received in 2017, in Vietnamese thousands
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pages
        for font in (page.get("/Resources") or {}).get("/Font", {}).values()
    }
    assert any("Serif" in font or "Times" in font for font in fonts), fonts
    assert not any("Calibri" in font or "Carlito" in font for font in fonts), fonts
    assert len(pdf_screenshots(pdf, "report-demo-2017-xlsx")) == len(pages)
    # Form 07b's title takes two lines on its five columns: its row has room for both, so the
    # second line does not print over the period line below it.
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[-1]
    assert "07b" in str(sheet.cell(row=1, column=3).value or sheet["D1"].value or "")
    assert sheet.row_dimensions[6].height >= 30
