"""The user guides (docs/huong-dan/*.md) walked on the demo province, role by role, in Chromium.

The demo is loaded once for this module (``setup_demo``, as ``make run`` loads it, at a twentieth
of the history's dossiers) into the test PostgreSQL database and served by one live server; each
test logs in as a role's demo login and does the guide's tasks, checking on each page what the
guide says the user sees. With DOCS_SCREENSHOTS=1 each page is also saved as the guide's picture
(docs/img/<name>.png), so the guides show the demo as it is today:
``DOCS_SCREENSHOTS=1 bash scripts/test.sh tests/browser/test_user_guide.py``.
"""

import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone, translation
from playwright.sync_api import expect

from procedures.calendar.core import national_days_off
from procedures.management.commands.setup_demo import DEMO_LED_UNIT, DEMO_PASSWORD
from procedures.models import Centre, Dossier, Unit
from procedures.reports.serving_index import serving_index_dashboard
from procedures.selectors.agency_ranking import agency_ranking
from procedures.selectors.catalogue import procedure_versions_in_force
from procedures.selectors.demo import centre_figures
from procedures.selectors.dossiers import dossier_due_text
from procedures.selectors.statistics import dossier_statistics
from procedures.services.demo import CAU_NGANG_CENTRE, DEMO_DESK_CODE, number_text
from procedures.tasks.heartbeat import heartbeat
from procedures.templatetags.dashboard_tags import rate
from tests.catalogue_data import decision_workbook
from tests.worker_drain import drain_published_tasks

# Loading the province (its catalogue of some 1.800 procedures, 146 desks and the history)
# takes minutes on a busy machine: the whole module gets more than the suite's default timeout.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]

# A twentieth of the history: every screen of the guides has its figures, and the load takes
# about a minute on the test PostgreSQL (68 s measured with other test runs on the machine).
DEMO_SCALE = 0.05
LOADED = "s => { const i = document.querySelector(s); return i.complete && i.naturalWidth > 0 }"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo province and its logins, committed, for every test of this module; afterwards
    the database is put back as the migrations left it (the role groups included), as the tests
    that run after this module expect it: emptied, then the rows before the demo restored, as
    Django's ``serialized_rollback`` does."""
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        call_command("setup_demo", scale=DEMO_SCALE, stdout=StringIO())
        drain_published_tasks()
        yield
        drain_published_tasks()
        cache.clear()
        # Without post_migrate, as serialized_rollback does: the rows restored hold them.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(before)
        # The rows came back with their ids: the sequences must continue after them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@pytest.fixture(scope="module")
def demo_server(demo):
    """One live server for the module: pytest-django's own would flush the demo after each
    test."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def sign_in(browser, demo_server, db):
    """A browser page logged in as one of the demo logins, through the real login form."""
    contexts = []

    def _sign_in(username: str):
        context = browser.new_context(
            base_url=demo_server.url, locale="vi-VN", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    yield _sign_in
    for context in contexts:
        context.close()


def _vi(value_function, *args):
    with translation.override("vi"):
        return value_function(*args)


def act(page, action: str, note: str = ""):
    block = page.locator(f"#action-{action}")
    block.locator("summary").click()
    if note:
        block.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        block.locator("button[type=submit]").click()
    page.wait_for_load_state()


# -- Cán bộ tiếp nhận (docs/huong-dan/tiep-nhan.md) ----------------------------------------------


def test_reception_staff_receive_a_dossier_print_its_receipt_and_see_the_calendar(
    sign_in, docs_screenshot
):
    today = timezone.localdate()
    # The guide's example, "Đăng ký khai sinh", which the demo desk receives (its dossiers of
    # the last weeks show it).
    code = "1.001193"
    assert Dossier.objects.filter(
        desk__code=DEMO_DESK_CODE,
        procedure__code=code,
        received_at__date__gte=today - timedelta(days=30),
    ).exists()
    name = procedure_versions_in_force(as_of=today).get(procedure__code=code).name

    page = sign_in("tiepnhan")
    # The home page is the login's desk.
    expect(page.locator("main")).to_contain_text(DEMO_DESK_CODE)
    page.get_by_role("navigation").get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.wait_for_url("**/dossiers/new/")
    # Typed without diacritics, found all the same.
    page.fill("#procedure-search", "dang ky khai sinh")
    page.locator("button.suggestion", has_text=f"{code} · {name} (").click()
    expect(page.locator("#procedure-chosen")).to_contain_text(code)
    page.check("input[value=direct]")
    page.fill("#id_applicant_name", "Thạch Thị Sa Rươl")
    page.fill("#id_applicant_id_number", "084190001234")
    page.fill("#id_applicant_phone", "0912345678")
    page.fill("#id_applicant_address", "Ấp Giồng Lức, xã Long Đức")
    # The procedure's papers, ticked as received.
    papers = page.locator("input[name=papers]")
    ticked = page.locator("input[name=papers]:checked")
    assert papers.count() > 0 and ticked.count() == papers.count()
    docs_screenshot(page, "tiep-nhan-ho-so")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp nhận và in phiếu hẹn").click()
    page.wait_for_load_state()

    # The dossier's page: its code at the demo desk, and the due moment the clock set.
    dossier_code = page.locator(".dossier-code").inner_text()
    assert dossier_code.startswith(f"{DEMO_DESK_CODE}-")
    dossier = Dossier.objects.get(code=dossier_code)
    due = _vi(dossier_due_text, dossier)
    assert re.search(r"\d{2}/\d{2}/\d{4}", due), due
    assert page.locator("#dossier-due").inner_text() == due
    docs_screenshot(page, "ho-so-vua-tiep-nhan")

    # The receipt shows the same code and due moment, with the QR to the public lookup.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="In phiếu tiếp nhận").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    assert receipt.locator("#receipt-code").inner_text() == dossier_code
    assert receipt.locator("#receipt-due").inner_text() == due
    assert receipt.locator(".qr img").get_attribute("src").startswith("data:image/png;base64,")
    docs_screenshot(receipt, "phieu-hen")
    receipt.close()

    # Step by step: a supplement stops the clock, the complete dossier resumes it, resolved,
    # returned; the timeline keeps each step.
    act(page, "request_supplement", note="Thiếu bản sao giấy tờ tùy thân")
    assert page.locator("#dossier-status").inner_text() == "Yêu cầu bổ sung hồ sơ"
    assert "Thời gian còn lại" in page.locator("#dossier-clock").inner_text()
    act(page, "resume", note="Đã nhận đủ")
    act(page, "resolve")
    act(page, "return_result")
    assert page.locator("#dossier-status").inner_text() == "Đã trả kết quả"
    steps = page.locator("#timeline li").all_inner_texts()
    expected_steps = [
        "Tiếp nhận",
        "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Nhận hồ sơ bổ sung đầy đủ",
        "Giải quyết xong",
        "Trả kết quả",
    ]
    assert len(steps) == len(expected_steps)
    for label, step in zip(expected_steps, steps, strict=True):
        assert label in step
    docs_screenshot(page, "ho-so-da-tra-ket-qua")

    # The working calendar of this year: its days off by name and date.
    page.get_by_role("link", name="Lịch làm việc").first.click()
    page.wait_for_url("**/lich-lam-viec/**")
    assert page.locator("h1").inner_text() == f"Lịch làm việc năm {today.year}"
    days_off = page.locator("section.days-off").inner_text()
    first_day, first_name = min(national_days_off(today.year).items())
    assert f"{first_day:%d/%m/%Y}" in days_off and first_name in days_off
    docs_screenshot(page, "lich-lam-viec")


# -- Cán bộ kiểm soát TTHC (docs/huong-dan/kiem-soat.md) -----------------------------------------


def test_a_reform_officer_imports_a_decision_applies_it_and_reads_the_reviews(
    sign_in, docs_screenshot, tmp_path
):
    today = timezone.localdate()
    # A procedure in force that no demo dossier follows, amended by a decision from today.
    version = (
        procedure_versions_in_force(as_of=today)
        .exclude(procedure__code__in=Dossier.objects.values("procedure__code"))
        .order_by("procedure__code")
        .first()
    )
    number = "99/QĐ-UBND"
    path = tmp_path / "QD-99.xlsx"
    path.write_bytes(
        decision_workbook(
            number=number,
            effective_on=f"{today:%d/%m/%Y}",
            amended=[
                [
                    "1",
                    version.procedure.code,
                    version.name,
                    "Trực tiếp",
                    "",
                    "2 ngày làm việc",
                    "",
                    "Nghị định 118/2025/NĐ-CP",
                ]
            ],
        )
    )

    page = sign_in("kiemsoat")
    assert page.locator("h1").inner_text() == "Việc đang chờ bạn"

    # Nhập danh mục từ tệp của Cổng.
    page.get_by_role("link", name="Quyết định công bố").first.click()
    page.get_by_role("link", name="Nhập tệp quyết định").click()
    expect(page.get_by_role("heading", name="Nhập tệp dữ liệu danh mục")).to_be_visible()
    page.get_by_label("Quyết định công bố (các danh mục kèm theo)").check()
    page.set_input_files("input[type=file]", str(path))
    docs_screenshot(page, "nhap-tep-danh-muc")
    page.get_by_role("button", name="Nhập dữ liệu").click()
    expect(page).to_have_url(re.compile(r"/danh-muc/nhap/\d+/$"))
    expect(page.locator(".import-summary")).to_contain_text(
        f"Đã nhập quyết định {number} với 1 dòng", timeout=60_000
    )

    # Áp dụng quyết định công bố: not applied until the officer applies it.
    page.get_by_role("link", name="Mở quyết định").click()
    expect(page.locator("table.lines tbody tr")).to_have_count(1)
    expect(page.locator(".decision-status")).to_contain_text("Chưa áp dụng")
    docs_screenshot(page, "quyet-dinh-chua-ap-dung")
    page.get_by_role("button", name="Áp dụng vào danh mục").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Đã áp dụng quyết định {number} từ ngày {today:%d/%m/%Y}: 0 công bố mới, "
        "1 sửa đổi, bổ sung, 0 thay thế, 0 bãi bỏ."
    )
    expect(page.locator(".decision-status")).to_contain_text("Đã áp dụng")

    # The procedure's page: the new version first, from today, with the decision and the time.
    page.goto(f"/danh-muc/thu-tuc/{version.procedure.code}/")
    versions = page.locator("ol.timeline li.version")
    assert versions.count() >= 2
    expect(versions.nth(0)).to_contain_text(f"{today:%d/%m/%Y}")
    expect(versions.nth(0)).to_contain_text(number)
    expect(versions.nth(0)).to_contain_text("2 Ngày làm việc")
    docs_screenshot(page, "lich-su-thu-tuc")

    # The reviews of the processing times: the 2017 review's figures (the seed report's).
    page.get_by_role("navigation", name="Các mục danh mục TTHC").get_by_role(
        "link", name="Rà soát"
    ).click()
    expect(page.get_by_role("heading", name="Rà soát thời hạn")).to_be_visible()
    rows = page.locator("table tbody tr").all_inner_texts()
    review_2017 = next(row for row in rows if "/2017" in row)
    for figure in ("1.738", "1.565", "94", "79"):
        assert figure in review_2017
    docs_screenshot(page, "ra-soat-thoi-han")


# -- Lãnh đạo (docs/huong-dan/lanh-dao.md) --------------------------------------------------------


def test_a_leader_reads_the_province_a_department_and_the_serving_index(sign_in, docs_screenshot):
    today = timezone.localdate()
    year_start = date(today.year, 1, 1)
    totals = dossier_statistics(date_from=year_start, date_to=today).totals
    ranking = agency_ranking(date_from=year_start, date_to=today, at=timezone.now())
    department = next(row for row in ranking.rows if row["key"] == DEMO_LED_UNIT)
    department_totals = dossier_statistics(
        date_from=year_start, date_to=today, filters={"unit": [DEMO_LED_UNIT]}
    ).totals

    # The dashboard of this year: the province's on-time rate, in the tiles and the ranking.
    page = sign_in("lanhdao")
    assert page.locator("h1").inner_text() == "Bảng điều khiển"
    in_time = page.locator('.tiles [data-figure="in-time"]').inner_text()
    assert _vi(rate, totals["on_time_rate"]) in in_time
    province = page.locator("#agency-ranking tr.province").inner_text()
    assert "Toàn tỉnh" in province
    assert _vi(rate, ranking.province["on_time_rate"]) in province
    for chart in ("#chart-centres", "#chart-trend"):
        page.locator(chart).scroll_into_view_if_needed()
        page.wait_for_function(LOADED, arg=chart)
    docs_screenshot(page, "bang-dieu-khien")

    # Xem tỷ lệ đúng hạn của một sở: its row in the ranking, then its page, same rate.
    row = page.locator(f'#agency-ranking tr[data-key="{DEMO_LED_UNIT}"]')
    assert _vi(rate, department["on_time_rate"]) in row.inner_text()
    with page.expect_navigation():
        row.locator("a.agency").click()
    assert f"/don-vi/{DEMO_LED_UNIT}/" in page.url
    assert page.locator("h1").inner_text() == department["name"]
    unit_in_time = page.locator('.tiles [data-figure="in-time"]').inner_text()
    assert _vi(rate, department_totals["on_time_rate"]) in unit_in_time
    page.locator("#chart-trend").scroll_into_view_if_needed()
    page.wait_for_function(LOADED, arg="#chart-trend")
    docs_screenshot(page, "trang-mot-so")

    # Chỉ số phục vụ of last month: the score out of 100 and the agencies, worst first.
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    expected = serving_index_dashboard(month=month, today=today)
    page.goto("/bang-dieu-khien/")
    page.locator("#serving-index-link").click()
    page.locator("input[name=month]").fill(f"{month:%Y-%m}")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    total = page.locator("#index-total").inner_text()
    assert f"{expected['total']:.2f}".replace(".", ",") + "/100" in total
    agencies = page.locator("#index-agencies tbody tr")
    assert agencies.first.get_attribute("data-unit") == expected["agencies"][0]["code"]
    docs_screenshot(page, "chi-so-phuc-vu")


def test_a_department_leader_lands_on_the_department_page(sign_in):
    page = sign_in("lanhdaoso")
    assert f"/don-vi/{DEMO_LED_UNIT}/" in page.url
    assert page.locator("h1").inner_text() == Unit.objects.get(code=DEMO_LED_UNIT).name


def test_a_leader_makes_the_annual_report_of_2017(sign_in, docs_screenshot):
    centre = Centre.objects.get(code=CAU_NGANG_CENTRE)
    tz = timezone.get_current_timezone()
    opened = centre.valid_from
    figures = centre_figures(
        centre=centre,
        start=datetime.combine(opened, datetime.min.time(), tz),
        end=datetime(2018, 1, 1, tzinfo=tz),
    )
    page = sign_in("lanhdao")
    page.get_by_role("link", name="Báo cáo").first.click()
    expect(page.get_by_role("heading", name="Báo cáo cải cách hành chính")).to_be_visible()
    page.get_by_label("Từ ngày").fill("01/01/2017")
    page.get_by_label("Đến ngày").fill("31/12/2017")
    page.get_by_label("Định dạng").select_option("docx")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page).to_have_url(re.compile(r"/bao-cao/\d+/$"))
    # The worker writes it while the page polls; then the narrative, its figures from the data.
    narrative = page.locator("#narrative")
    expect(narrative).to_contain_text(
        f"Từ khi đi vào hoạt động (tháng {opened:%m/%Y}) đến nay, {centre.name} đã tiếp nhận "
        f"tổng số {_vi(number_text, figures.received)} hồ sơ",
        timeout=180_000,
    )
    # The catalogue's year as the seed report tells it (the demo's decisions and review).
    expect(narrative).to_contain_text("quyết định công bố mới 204 thủ tục hành chính")
    expect(narrative).to_contain_text("bãi bỏ 221 thủ tục hành chính")
    expect(narrative).to_contain_text("Đã rà soát được 1.738 thủ tục hành chính")
    expect(page.locator("#report-status")).to_contain_text("Hoàn thành")
    docs_screenshot(page, "bao-cao-nam")


# -- Quản trị hệ thống (docs/huong-dan/quan-tri.md) ----------------------------------------------


def test_the_administrator_sees_the_system_health(sign_in, docs_screenshot):
    # The worker's heartbeat, as the beat schedule sends it every minute in production.
    heartbeat.delay(timezone.now().isoformat()).get(timeout=60)
    page = sign_in("quantri")
    assert page.locator("h1").inner_text() == "Tình trạng hệ thống"
    assert page.locator("#broker-state").inner_text() == "Hoạt động bình thường"
    assert page.locator("#heartbeat-state").get_attribute("class") == "good"
    docs_screenshot(page, "tinh-trang-he-thong")
