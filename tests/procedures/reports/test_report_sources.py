"""Every figure of the report leads to the list that gives it: the JSON's ``sources``, the links
in the Markdown, the DOCX, the PDF's HTML and the XLSX, and each dossier, catalogue-change,
review and units list shows the count the report printed (tests.report_data: the small
province counted by hand)."""

import io
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from openpyxl import load_workbook

from procedures.models import ProcedureVersion
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
    # The centres (period and since opening) and their total (form II.06a), each sector and the
    # total of form 06.
    assert "centres.0.period.received_total" in paths
    assert "centres.0.since_opening.resolved_late" in paths
    assert "centres_total.resolved_total" in paths
    assert "sectors_total.in_progress_within_time" in paths
    assert "sectors_total.received_direct_postal" in paths
    assert len(pairs) == (2 * len(data["centres"]) + 1 + len(data["sectors"]) + 1) * 14
    nonzero = 0
    for path, figure, url in pairs:
        assert url.startswith("https://motcua.travinh.gov.vn/dossiers/list/?")
        assert _listed(client, url) == figure, path
        nonzero += bool(figure)
    assert nonzero > 20  # the province's figures are not all zero: the lists were exercised


@pytest.mark.parametrize(
    ("unit", "received"),
    [
        ("848", 8),  # the district: its centre's desk and xã Mỹ Long's (under it)
        ("29260", 1),  # xã Mỹ Long alone: its civil-status dossier
        ("849", 0),  # a desk and no dossier: its lists are empty, not the province's
    ],
)
def test_a_units_form_06_links_to_its_desks_dossiers(
    client, leader, reception_user, unit, received
):
    build_province(reception_user)
    with translation.override("vi"):
        report = admin_reform_data(**YEAR, unit_code=unit)
    client.force_login(leader)
    sources = report["sources"]
    assert report["sectors_total"]["received_total"] == received
    assert len(sources["sectors"]) == len(report["sectors"])
    pairs = list(
        _pairs(
            {"sectors": report["sectors"], "sectors_total": report["sectors_total"]},
            {"sectors": sources["sectors"], "sectors_total": sources["sectors_total"]},
        )
    )
    assert len(pairs) == (len(report["sectors"]) + 1) * 14
    for path, figure, url in pairs:
        assert _listed(client, url) == figure, path


def test_form_07b_links_each_column_to_the_catalogue_list_counting_it(
    client, leader, reception_user
):
    build_province(reception_user)
    # One procedure outside the one-stop mechanism, so that the column differs from the total.
    ProcedureVersion.objects.filter(procedure__code="1.000101").update(is_one_stop=False)
    with translation.override("vi"):
        data = admin_reform_data(**YEAR, base_url="https://motcua.travinh.gov.vn/")
    client.force_login(leader)
    rows = [*zip(data["in_force"], data["sources"]["in_force"], strict=True)]
    rows.append((data["in_force_total"], data["sources"]["in_force_total"]))
    one_stop = 0
    for figures, links in rows:
        assert set(links) == {"total", "one_stop", "interconnected"}
        for kind, url in links.items():
            assert _listed(client, url) == figures[kind], (figures, kind)
        one_stop += figures["one_stop"]
    assert one_stop > 0
    assert data["in_force_total"]["one_stop"] == data["in_force_total"]["total"] - 1


@pytest.mark.parametrize("unit", ["", "848"])
def test_coverage_figures_link_to_the_units_list_counting_them(
    client, leader, reception_user, unit
):
    build_province(reception_user)
    with translation.override("vi"):
        report = admin_reform_data(
            **YEAR, unit_code=unit, base_url="https://motcua.travinh.gov.vn/"
        )
        markdown = admin_reform_file(report, "md").content.decode()
    client.force_login(leader)
    links = report["sources"]["coverage"]
    assert set(links) == set(report["coverage"])
    for key, url in links.items():
        assert _listed(client, url) == report["coverage"][key], key
    assert report["coverage"]["communes_with_desk"] > 0
    # The narrative's coverage figures are links to those lists.
    assert f"]({links['communes_with_desk']})/[" in markdown


def test_each_catalogue_and_review_figure_links_to_a_list_showing_the_same_count(
    client, leader, data
):
    client.force_login(leader)
    sources = data["sources"]
    assert set(sources["catalogue"]) == set(data["catalogue"])
    assert set(sources["review"]) == set(data["review"])
    for table in ("catalogue", "review"):
        for key, url in sources[table].items():
            assert "/danh-muc/so-lieu/" not in url
            assert _listed(client, url) == data[table][key], (table, key)
    # The test province: 3 new, 1 amended, 2 abolished, 5 published; 4 reviewed, one per bucket.
    assert (data["catalogue"]["new"], data["catalogue"]["abolished"]) == (3, 2)
    assert data["catalogue"]["published_national"] == 5
    assert data["review"]["reviewed"] == 4 and data["review"]["cut_half"] == 1


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("kind=new&date_from=2017-01-01&date_to=2017-12-31", 3),
        ("kind=abolished&date_from=2017-01-01&date_to=2017-12-31", 2),
        ("kind=new&date_from=2018-01-01&date_to=2018-12-31", 0),  # nothing announced in 2018
        ("kind=new&date_from=2017-12-31&date_to=2017-01-01", 0),  # a period ending before it starts
        ("bucket=half&date_from=2017-01-01&date_to=2017-12-31", 1),
        ("bucket=&date_from=2017-10-31&date_to=2017-10-31", 4),  # the review's own day
        ("bucket=&date_from=2017-11-01&date_to=2017-12-31", 0),  # after the review
    ],
)
def test_the_change_and_review_lists_follow_their_period(
    client, leader, reception_user, query, codes
):
    build_province(reception_user)
    client.force_login(leader)
    path = "/danh-muc/ra-soat/thu-tuc/" if "bucket" in query else "/danh-muc/thay-doi/"
    with translation.override("vi"):
        response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    assert response.context["total"] == codes
    if "2017-12-31&date_to=2017-01-01" in query:
        assert "Kỳ kết thúc trước ngày bắt đầu." in response.content.decode()


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

    # Form II.06a's totals row and form 07b's one-stop column are links too.
    sheet = book["Biểu II.06a"]
    totals = next(r for r in sheet.iter_rows(min_row=13) if r[1].value == "Tổng cộng")
    assert totals[2].value == data["centres_total"]["received_total"]
    assert totals[2].hyperlink.target == data["sources"]["centres_total"]["received_total"]
    sheet = book["Biểu 07b"]
    totals = next(r for r in sheet.iter_rows() if r[1].value == "Tổng cộng")
    assert totals[3].value == data["in_force_total"]["one_stop"]
    assert totals[3].hyperlink.target == data["sources"]["in_force_total"]["one_stop"]
    assert data["sources"]["in_force_total"]["one_stop"] in targets
    assert (
        data["sources"]["sectors"][0]["resolved_total"]
        == (data["sources"]["sectors"][0]["resolved_total"])
    )
