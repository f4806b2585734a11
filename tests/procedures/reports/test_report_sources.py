"""Every figure of the report leads to the list that gives it: the JSON's ``sources``, the links
in the Markdown, the DOCX, the PDF's HTML and the XLSX, and each dossier list shows the count
the report printed (tests.report_data: the small province counted by hand)."""

import io
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from openpyxl import load_workbook

from procedures.reports.admin_reform import admin_reform_data
from procedures.reports.admin_reform_files import admin_reform_file
from procedures.reports.pdf_document import admin_reform_html
from tests.report_data import build_province

pytestmark = pytest.mark.django_db
YEAR = {"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)}


@pytest.fixture
def data(reception_user):
    build_province(reception_user)
    with translation.override("vi"):
        return admin_reform_data(**YEAR, base_url="https://motcua.travinh.gov.vn/")


def _pairs(figures, sources, path=""):
    """(path, figure, url) for every figure that has a source."""
    if isinstance(sources, str):
        yield path, figures, sources
    elif isinstance(sources, dict):
        for key, url in sources.items():
            yield from _pairs(figures[key], url, f"{path}.{key}".lstrip("."))
    elif isinstance(sources, list):
        for index, url in enumerate(sources):
            yield from _pairs(figures[index], url, f"{path}.{index}")


def _listed(client, url: str) -> int:
    parts = urlsplit(url)
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_each_dossier_figure_links_to_a_list_showing_the_same_count(client, leader, data):
    client.force_login(leader)
    pairs = [p for p in _pairs(data, data["sources"]) if "/dossiers/list/" in p[2]]
    paths = {path for path, _figure, _url in pairs}
    # The centres (period and since opening), each sector and the total of form 06.
    assert "centres.0.period.received_total" in paths
    assert "centres.0.since_opening.resolved_late" in paths
    assert "sectors_total.in_progress_within_time" in paths
    assert "sectors_total.received_direct_postal" in paths
    assert len(pairs) == (2 * len(data["centres"]) + len(data["sectors"]) + 1) * 14
    nonzero = 0
    for path, figure, url in pairs:
        assert url.startswith("https://motcua.travinh.gov.vn/dossiers/list/?")
        assert _listed(client, url) == figure, path
        nonzero += bool(figure)
    assert nonzero > 20  # the province's figures are not all zero: the lists were exercised


def test_catalogue_figures_link_to_the_screens_that_count_them(client, leader, data):
    client.force_login(leader)
    url = urlsplit(data["sources"]["catalogue"]["new"])
    figures = client.get(f"{url.path}?{url.query}").context["figures"]
    assert figures["announced"]["new"] == data["catalogue"]["new"] == 3
    assert figures["reviews"]["reviewed"] == data["review"]["reviewed"]
    total = urlsplit(data["sources"]["in_force_total"]["interconnected"])
    response = client.get(f"{total.path}?{total.query}")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == data["in_force_total"]["interconnected"]


def test_the_files_carry_the_links(data):
    late = data["sources"]["centres"][0]["since_opening"]["resolved_late"]
    with translation.override("vi"):
        markdown = admin_reform_file(data, "md").content.decode()
        docx = Document(io.BytesIO(admin_reform_file(data, "docx").content))
        book = load_workbook(io.BytesIO(admin_reform_file(data, "xlsx").content))
        html = admin_reform_html(data)
    assert f"[2]({late})/[8](" in markdown
    assert re.search(r"\| \[1\]\(https://motcua\.travinh\.gov\.vn/dossiers/list/\?", markdown)

    targets = {r.target_ref for r in docx.part.rels.values() if r.reltype == RT.HYPERLINK}
    assert late in targets
    assert data["sources"]["sectors_total"]["received_total"] in targets
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)" in text

    sheet = book["Biểu 06"]
    totals = next(r for r in sheet.iter_rows(min_row=13) if r[1].value == "Tổng cộng")
    assert totals[2].value == 8 and totals[2].data_type == "n"
    assert totals[2].hyperlink.target == data["sources"]["sectors_total"]["received_total"]

    assert f'<a class="figure" href="{late.replace("&", "&amp;")}">2</a>' in html
    assert (
        data["sources"]["sectors"][0]["resolved_total"]
        == (data["sources"]["sectors"][0]["resolved_total"])
    )
