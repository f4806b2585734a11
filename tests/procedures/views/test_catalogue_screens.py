import io
from datetime import date

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from procedures.choices import ImportStatus
from procedures.models import AnnouncementDecision, CatalogueImport, ProcedureVersion, TimeReview
from procedures.services.decisions import decision_apply, decision_create
from procedures.services.reviews import time_review_create
from procedures.templatetags.catalogue_tags import share
from tests.catalogue_data import decision_kwargs, decision_workbook, line, new_record
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    sector = SectorFactory(code="HT", name="Hộ tịch")
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001193"), name="Đăng ký khai sinh", sector=sector
    )
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001022"), name="Đăng ký kết hôn", sector=sector
    )


def _get(client, user, url):
    client.force_login(user) if user else client.logout()
    return client.get(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/danh-muc/", {None: 302, "reception_user": 403, "leader": 200, "reform_officer": 200}),
        ("/danh-muc/thu-tuc/1.001193/", {None: 302, "reception_user": 403, "leader": 200}),
        ("/danh-muc/so-lieu/", {None: 302, "reception_user": 403, "leader": 200}),
        ("/danh-muc/ra-soat/", {None: 302, "reception_user": 403, "leader": 200}),
        ("/danh-muc/quyet-dinh/", {None: 302, "reception_user": 403, "leader": 200}),
        ("/danh-muc/quyet-dinh/moi/", {"leader": 403, "reform_officer": 200}),
        ("/danh-muc/nhap/", {"leader": 403, "administrator": 200}),
        ("/danh-muc/cong-khai/", {"leader": 403, "reform_officer": 200}),
        ("/danh-muc/ra-soat/moi/", {"leader": 403, "reform_officer": 200}),
        ("/thu-tuc/", {None: 200, "reception_user": 200}),
        ("/thu-tuc/1.001193/", {None: 200}),
    ],
)
def test_each_screen_opens_for_its_roles_only(client, request, catalogue, url, expected):
    for role, status in expected.items():
        user = request.getfixturevalue(role) if role else None
        assert _get(client, user, url).status_code == status, (url, role)


def test_the_nav_shows_catalogue_links_by_role(client, reform_officer, reception_user):
    client.force_login(reform_officer)
    page = client.get("/").content.decode()
    assert 'href="/danh-muc/"' in page and 'href="/danh-muc/quyet-dinh/"' in page
    client.force_login(reception_user)
    page = client.get("/").content.decode()
    assert 'href="/danh-muc/"' not in page
    assert 'href="/thu-tuc/"' in page


def test_the_catalogue_screen_searches_without_diacritics(client, leader, catalogue):
    client.force_login(leader)
    page = client.get("/danh-muc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "1.001193" in page and "1.001022" not in page
    assert "1 thủ tục trong danh mục" in page
    public = client.get("/thu-tuc/", {"q": "KET HON"}).content.decode()
    assert "1.001022" in public and "1.001193" not in public


def test_the_procedure_screen_shows_both_versions_of_an_amended_procedure(
    client, leader, catalogue
):
    decision_apply(
        decision=decision_create(
            **decision_kwargs(),
            lines=[line("amended", "1.001193", {"processing_time_value": "1", "fees": "Miễn"})],
        )
    )
    client.force_login(leader)
    page = client.get("/danh-muc/thu-tuc/1.001193/").content.decode()
    assert page.count('class="version ') == 2
    # The earlier version's last day is the day before the decision takes effect.
    assert "01/01/2016</strong> – 28/02/2017" in page
    assert "01/03/2017</strong> – nay" in page
    assert "2061/QĐ-UBND" in page
    assert "3 Ngày làm việc" in page and "1 Ngày làm việc" in page


def _line(prefix, **values):
    return {f"lines-{prefix}-{key}": value for key, value in values.items()}


def test_an_officer_enters_a_decision_on_screen_and_applies_it(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    data = {
        "number": "15/QĐ-UBND",
        "signed_on": "2018-01-02",
        "effective_on": "2018-01-15",
        "signer": "Đồng Văn Lâm",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        **_line(
            0,
            change_kind="new",
            procedure_code="1.013871",
            name="Đăng ký khai sinh lưu động",
            sector_code="HT",
            level="3",
            processing_time="5 ngày làm việc",
        ),
        **_line(
            1, change_kind="amended", procedure_code="1.001022", processing_time="2 ngày làm việc"
        ),
        **_line(2, change_kind="new"),  # untouched extra line
    }
    response = client.post("/danh-muc/quyet-dinh/moi/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = AnnouncementDecision.objects.get()
    assert decision.lines.count() == 2

    response = client.post(f"/danh-muc/quyet-dinh/{decision.pk}/ap-dung/", follow=True)
    page = response.content.decode()
    assert "Đã áp dụng quyết định 15/QĐ-UBND từ ngày 15/01/2018" in page
    in_force = ProcedureVersion.objects.filter(superseded_on=None).values_list(
        "procedure__code", "processing_time_value"
    )
    assert dict(in_force) == {"1.001193": 3, "1.001022": 2, "1.013871": 5}


def test_a_decision_line_announces_several_levels(client, reform_officer, catalogue):
    """ "Cấp tỉnh, Cấp huyện, Cấp xã" on one line, "Cơ quan khác" as a level of its own."""
    client.force_login(reform_officer)
    form_page = client.get("/danh-muc/quyet-dinh/moi/").content.decode()
    assert 'type="checkbox" name="lines-0-level" value="4"' in form_page
    data = {
        "number": "16/QĐ-UBND",
        "signed_on": "2018-01-02",
        "effective_on": "2018-01-15",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        **_line(
            0,
            change_kind="new",
            procedure_code="1.013871",
            name="Đăng ký khai sinh lưu động",
            sector_code="HT",
            processing_time="5 ngày làm việc",
        ),
        **_line(
            1,
            change_kind="new",
            procedure_code="1.013872",
            name="Cấp bản sao",
            sector_code="HT",
            processing_time="Trong ngày",
            level="4",
        ),
    }
    data["lines-0-level"] = ["3", "1", "2"]
    post = client.post("/danh-muc/quyet-dinh/moi/", data)
    assert post.status_code == 302, post.content.decode()[:3000]
    decision = AnnouncementDecision.objects.get()
    detail = client.get(f"/danh-muc/quyet-dinh/{decision.pk}/").content.decode()
    assert "Cấp Tỉnh, Cấp Huyện, Cấp Xã" in detail

    client.post(f"/danh-muc/quyet-dinh/{decision.pk}/ap-dung/")
    levels = {
        version.procedure.code: version.level_list
        for version in ProcedureVersion.objects.filter(
            procedure__code__in=["1.013871", "1.013872"], superseded_on=None
        )
    }
    assert levels == {"1.013871": [1, 2, 3], "1.013872": [4]}


def test_bad_lines_are_shown_on_the_lines_and_nothing_is_saved(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    data = {
        "number": "15/QĐ-UBND",
        "signed_on": "2018-01-02",
        "effective_on": "2018-01-15",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        **_line(
            0,
            change_kind="new",
            procedure_code="1.01387",
            name="Sai mã",
            level="3",
            sector_code="HT",
            processing_time="5 ngày",
        ),
        **_line(
            1,
            change_kind="new",
            procedure_code="1.013872",
            name="Thiếu thời hạn",
            sector_code="HT",
            level="3",
            processing_time="năm ngày",
        ),
    }
    response = client.post("/danh-muc/quyet-dinh/moi/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "không phải là mã TTHC" in page
    assert "Không đọc được thời hạn giải quyết" in page
    assert not AnnouncementDecision.objects.exists()


def test_a_contradictory_decision_shows_its_offending_lines(client, reform_officer, catalogue):
    decision = decision_create(
        **decision_kwargs(),
        lines=[line("abolished", "1.999999"), line("new", "1.001193", new_record())],
    )
    client.force_login(reform_officer)
    response = client.post(f"/danh-muc/quyet-dinh/{decision.pk}/ap-dung/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "1.999999 không có trong danh mục" in page
    assert "1.001193 đã có hiệu lực" in page
    decision.refresh_from_db()
    assert decision.applied_at is None


def test_an_import_runs_and_its_page_reports_the_outcome(
    client, reform_officer, catalogue, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(reform_officer)
    upload = SimpleUploadedFile(
        "qd.xlsx", decision_workbook(abolished=[["1", "1.001022", "Đăng ký kết hôn", "", "", ""]])
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/danh-muc/nhap/", {"kind": "decision", "file": upload})
    job = CatalogueImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/danh-muc/nhap/{job.pk}/"
    assert job.status == ImportStatus.PENDING or CatalogueImport.objects.get().status == "done"
    page = client.get(f"/danh-muc/nhap/{job.pk}/").content.decode()
    assert "Đã nhập quyết định 2061/QĐ-UBND với 1 dòng" in page
    status = client.get(f"/danh-muc/nhap/{job.pk}/tien-do/").json()
    assert (status["finished"], status["percent"], status["status"]) == (True, 100, "done")


def test_a_refused_import_lists_every_bad_row(
    client, reform_officer, catalogue, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(reform_officer)
    content = "Mã TTHC,Tên TTHC,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Ngày hiệu lực\n"
    content += "1.0001,A,Hộ tịch,Cấp Xã,3 ngày làm việc,01/01/2016\n"
    content += "1.000002,,Hộ tịch,Cấp Mới,3 ngày làm việc,01/01/2016\n"
    upload = SimpleUploadedFile("tthc.csv", content.encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/danh-muc/nhap/", {"kind": "procedures", "file": upload})
    job = CatalogueImport.objects.get()
    page = client.get(f"/danh-muc/nhap/{job.pk}/").content.decode()
    # A bad code and a row without a name refuse the file (an unknown level alone would not).
    assert "Tệp bị từ chối, không có dữ liệu nào được ghi: 2 lỗi." in page
    assert "1.0001" in page and "Tên TTHC" in page


def test_the_catalogue_is_exported_as_xlsx_and_csv(client, leader, catalogue):
    client.force_login(leader)
    response = client.get("/danh-muc/xuat/", {"as_of": "2020-01-01", "file_format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="danh-muc-tthc-2020-01-01.xlsx"'
    frame = pd.read_excel(io.BytesIO(response.content), dtype=str)
    assert list(frame["Mã TTHC"]) == ["1.001022", "1.001193"]
    response = client.get("/danh-muc/xuat/", {"file_format": "csv"})
    assert response.content.decode("utf-8-sig").startswith("Mã TTHC,")


def test_a_review_is_recorded_on_screen(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    data = {
        "plan_number": "22/KH-UBND",
        "reviewed_on": "2017-06-01",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-procedure_code": "1.001193",
        "items-0-applied_time": "1,5",
        "items-1-procedure_code": "1.001022",
        "items-1-applied_time": "3",
    }
    response = client.post("/danh-muc/ra-soat/moi/", data, follow=True)
    page = response.content.decode()
    review = TimeReview.objects.get()
    assert response.redirect_chain[-1][0] == f"/danh-muc/ra-soat/{review.pk}/"
    assert "Cắt giảm từ 1/2 trở lên" in page and "Không cắt giảm" in page
    assert "1,5 ngày làm việc" in page


def test_unpublished_changes_are_marked_published_on_screen(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    page = client.get("/danh-muc/cong-khai/").content.decode()
    assert "1.001193" in page and "1.001022" in page
    ids = list(ProcedureVersion.objects.values_list("pk", flat=True))
    response = client.post(
        "/danh-muc/cong-khai/", {"versions": ids, "published_on": "2017-05-02"}, follow=True
    )
    assert "Đã đánh dấu 2 thay đổi công khai ngày 02/05/2017" in response.content.decode()
    assert "Mọi thay đổi đã được công khai" in response.content.decode()


def test_the_figures_screen_writes_the_report_sentence(client, leader, catalogue):
    decision_apply(
        decision=decision_create(
            **decision_kwargs(effective_on=date(2017, 3, 1)),
            lines=[line("abolished", "1.001022")],
        )
    )
    client.force_login(leader)
    page = client.get(
        "/danh-muc/so-lieu/", {"date_from": "2017-01-01", "date_to": "2017-12-31"}
    ).content.decode()
    assert (
        "quyết định công bố mới 0 thủ tục hành chính; sửa đổi, bổ sung 0 thủ tục hành chính; "
        "thay thế 0 thủ tục hành chính; bãi bỏ 1 thủ tục hành chính" in page
    )


def test_an_administrator_corrects_a_record_on_screen(client, administrator, catalogue):
    client.force_login(administrator)
    response = client.post(
        "/danh-muc/thu-tuc/1.001193/dinh-chinh/",
        {"note": "Sai lệ phí", "fees": "Miễn lệ phí", "valid_from": "2021-01-04"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã ghi nhận đính chính" in page
    assert "Đính chính: Sai lệ phí" in page


def test_marking_nothing_published_says_so(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    response = client.post("/danh-muc/cong-khai/", {"published_on": "2017-05-02"})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not ProcedureVersion.objects.exclude(published_on=None).exists()


def test_an_officer_applies_a_review_on_screen_and_the_catalogue_takes_its_times(
    client, reform_officer, leader, catalogue
):
    client.force_login(reform_officer)
    client.post(
        "/danh-muc/ra-soat/moi/",
        {
            "plan_number": "22/KH-UBND",
            "reviewed_on": "01/06/2017",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-procedure_code": "1.001193",
            "items-0-applied_time": "1,5",
        },
    )
    review = TimeReview.objects.get()
    page = client.get(f"/danh-muc/ra-soat/{review.pk}/").content.decode()
    assert "Đã ghi nhận, chưa áp dụng" in page
    assert 'value="01/06/2017"' in page  # the effective date proposed: the review's

    response = client.post(
        f"/danh-muc/ra-soat/{review.pk}/ap-dung/", {"effective_on": "01/07/2017"}, follow=True
    )

    page = response.content.decode()
    assert (
        "Đã áp dụng kết quả rà soát 22/KH-UBND từ ngày 01/07/2017: 1 thủ tục có thời hạn áp "
        "dụng mới, 0 thủ tục đã có sẵn thời hạn đó." in page
    )
    assert "thời hạn áp dụng có hiệu lực từ ngày 01/07/2017" in page
    assert "áp dụng từ ngày 01/07/2017" in page
    history = client.get("/danh-muc/thu-tuc/1.001193/").content.decode()
    assert "Áp dụng kết quả rà soát" in history and "22/KH-UBND" in history
    assert "áp dụng tại địa phương: 1,5 Ngày làm việc" in history
    # Leaders read the review but get no button.
    client.force_login(leader)
    assert "apply-review" not in client.get(f"/danh-muc/ra-soat/{review.pk}/").content.decode()
    assert client.post(f"/danh-muc/ra-soat/{review.pk}/xoa/").status_code == 403


def test_a_review_contradicting_the_catalogue_names_its_procedures_on_screen(
    client, reform_officer, catalogue
):
    client.force_login(reform_officer)
    client.post(
        "/danh-muc/ra-soat/moi/",
        {
            "plan_number": "22/KH-UBND",
            "reviewed_on": "01/06/2017",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-procedure_code": "1.001022",
            "items-0-applied_time": "1",
        },
    )
    review = TimeReview.objects.get()
    decision_apply(
        decision=decision_create(
            **decision_kwargs(effective_on=date(2017, 6, 15)), lines=[line("abolished", "1.001022")]
        )
    )

    response = client.post(
        f"/danh-muc/ra-soat/{review.pk}/ap-dung/", {"effective_on": "01/07/2017"}
    )
    early = client.post(f"/danh-muc/ra-soat/{review.pk}/ap-dung/", {"effective_on": "31/05/2017"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Bị từ chối, không có gì thay đổi: 1 lỗi." in page
    assert "1.001022 đã bị bãi bỏ từ ngày 15/06/2017 (quyết định 2061/QĐ-UBND)." in page
    assert "procedure_code" not in page  # columns are named as officers know them
    assert early.status_code == 400
    assert "không thể có hiệu lực trước ngày rà soát (01/06/2017)" in early.content.decode()
    review.refresh_from_db()
    assert review.applied_at is None


def test_a_decision_line_takes_every_field_of_the_record_on_screen(
    client, reform_officer, catalogue
):
    client.force_login(reform_officer)
    data = {
        "number": "16/QĐ-UBND",
        "signed_on": "02/01/2018",
        "effective_on": "15/01/2018",
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        **_line(
            0,
            change_kind="new",
            procedure_code="1.013871",
            name="Đăng ký khai sinh lưu động",
            sector_code="HT",
            sector_name="Hộ tịch",
            level="3",
            agency_name="UBND cấp xã",
            processing_time="5 ngày làm việc",
            applied_time="3",
            channels="Trực tiếp; Trực tuyến",
            fees="Miễn lệ phí",
            online_level="4",
            legal_basis="Nghị định 123/2015/NĐ-CP",
            kind="TTHC được luật giao",
            result_documents="Giấy khai sinh",
            papers="Tờ khai (1 bản chính, 0 bản sao)\nGiấy chứng sinh (1 bản chính)",
            is_one_stop="yes",
            is_interconnected="yes",
            interconnected_agencies="UBND cấp xã → Công an cấp xã",
        ),
        **_line(1, change_kind="amended", procedure_code="1.001193", fees="10.000 đồng"),
        **_line(
            2,
            change_kind="replaced",
            procedure_code="1.012508.h05",
            replaced_code="1.001022",
            name="Đăng ký kết hôn (mới)",
            sector_code="HT",
            level="3",
            processing_time="8 giờ làm việc",
        ),
        **_line(3, change_kind="new"),  # untouched extra line
    }
    response = client.post("/danh-muc/quyet-dinh/moi/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = AnnouncementDecision.objects.get()
    client.post(f"/danh-muc/quyet-dinh/{decision.pk}/ap-dung/")

    new = ProcedureVersion.objects.get(procedure__code="1.013871")
    assert (new.processing_time_value, new.applied_time_value, new.online_level) == (5, 3, 4)
    assert (new.kind, new.result_documents, new.fees) == (
        "TTHC được luật giao",
        "Giấy khai sinh",
        "Miễn lệ phí",
    )
    assert new.channels == ["direct", "online"]
    assert new.papers == [
        {"name": "Tờ khai", "originals": 1, "copies": 0},
        {"name": "Giấy chứng sinh", "originals": 1, "copies": None},
    ]
    assert (new.is_one_stop, new.is_interconnected) == (True, True)
    assert new.interconnected_agencies == ["UBND cấp xã", "Công an cấp xã"]
    amended = ProcedureVersion.objects.get(procedure__code="1.001193", superseded_on=None)
    assert (amended.fees, amended.name) == ("10.000 đồng", "Đăng ký khai sinh")
    replacing = ProcedureVersion.objects.get(procedure__code="1.012508.H05")
    assert (replacing.processing_time_value, replacing.processing_time_unit) == (8, "hours")
    replaced = ProcedureVersion.objects.get(procedure__code="1.001022", superseded_on=None)
    assert replaced.status == "abolished"


def test_a_decision_line_with_an_applied_time_in_another_unit_is_refused(
    client, reform_officer, catalogue
):
    client.force_login(reform_officer)
    data = {
        "number": "16/QĐ-UBND",
        "signed_on": "02/01/2018",
        "effective_on": "15/01/2018",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        **_line(
            0,
            change_kind="amended",
            procedure_code="1.001193",
            processing_time="2 ngày làm việc",
            applied_time="4 giờ làm việc",
            is_one_stop="maybe",
        ),
    }
    response = client.post("/danh-muc/quyet-dinh/moi/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Thời hạn áp dụng không cùng đơn vị với thời hạn giải quyết." in page
    assert "Hãy chọn một lựa chọn hợp lệ." in page or "Lựa chọn" in page
    assert not AnnouncementDecision.objects.exists()


def test_leaders_read_decisions_but_neither_enter_nor_apply_them(client, leader, catalogue):
    decision = decision_create(**decision_kwargs(), lines=[line("abolished", "1.001022")])
    client.force_login(leader)

    listing = client.get("/danh-muc/quyet-dinh/").content.decode()
    detail = client.get(f"/danh-muc/quyet-dinh/{decision.pk}/").content.decode()

    assert "2061/QĐ-UBND" in listing and "/danh-muc/quyet-dinh/moi/" not in listing
    assert "1.001022" in detail and 'id="apply-decision"' not in detail
    assert client.post(f"/danh-muc/quyet-dinh/{decision.pk}/ap-dung/").status_code == 403
    assert client.post(f"/danh-muc/quyet-dinh/{decision.pk}/xoa/").status_code == 403
    decision.refresh_from_db()
    assert decision.applied_at is None


def test_every_problem_of_a_decision_form_is_shown_at_once(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    data = {
        "number": "17/QĐ-UBND",
        "signed_on": "20/02/2019",
        "effective_on": "01/02/2019",  # before it is signed
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        # A bad code and a time that cannot be read, on the same line.
        **_line(0, change_kind="new", procedure_code="1.01387", processing_time="năm ngày"),
        **_line(1, change_kind="replaced", procedure_code="1.013999"),
    }
    response = client.post("/danh-muc/quyet-dinh/moi/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày hiệu lực của quyết định trước ngày ký." in page
    assert "“1.01387” không phải là mã TTHC" in page
    assert "Không đọc được thời hạn giải quyết từ “năm ngày”" in page
    assert "Dòng thay thế phải ghi mã TTHC được thay thế." in page
    assert not AnnouncementDecision.objects.exists()


def test_review_figures_show_each_bucket_share_the_vietnamese_way(client, leader, catalogue):
    time_review_create(
        plan_number="22/KH-UBND",
        reviewed_on=date(2017, 6, 1),
        items=[
            {"procedure_code": "1.001193", "applied_time_value": "1"},
            {"procedure_code": "1.001022", "applied_time_value": "3"},
        ],
    )
    client.force_login(leader)
    page = client.get(
        "/danh-muc/so-lieu/", {"date_from": "01/01/2017", "date_to": "31/12/2017"}
    ).content.decode()

    assert "50,00%" in page
    assert share(85, 20985) == "0,41%"
    assert share(20900, 20985) == "99,59%"


def test_the_procedure_page_shows_the_interconnected_steps(client, leader):
    from procedures.services.decisions import decision_apply, decision_create
    from tests.catalogue_data import decision_kwargs, line, new_record
    from tests.factories import UnitFactory

    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")
    record = new_record("Đăng ký đất đai lần đầu", processing_time_value="10")
    record |= {
        "is_interconnected": True,
        "interconnected_steps": (
            "UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc"
        ),
    }
    decision_apply(
        decision=decision_create(**decision_kwargs(), lines=[line("new", "1.003003", record)])
    )
    client.force_login(leader)
    page = client.get("/danh-muc/thu-tuc/1.003003/").content.decode()
    assert "Các bước liên thông" in page
    steps = page[page.index('class="steps"') :]
    assert steps.index("UBND xã Long Đức") < steps.index("Công an huyện Long Thành")
    assert "3 ngày làm việc" in steps and "5 ngày làm việc" in steps


def test_a_decision_line_takes_its_steps_on_screen_and_a_bad_step_is_shown_on_it(
    client, reform_officer, catalogue
):
    from procedures.models import InterconnectedStep
    from tests.factories import UnitFactory

    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")
    client.force_login(reform_officer)

    def post(steps):
        return client.post(
            "/danh-muc/quyet-dinh/moi/",
            {
                "number": "15/QĐ-UBND",
                "signed_on": "2018-01-02",
                "effective_on": "2018-01-15",
                "lines-TOTAL_FORMS": "1",
                "lines-INITIAL_FORMS": "0",
                **_line(
                    0,
                    change_kind="new",
                    procedure_code="1.003003",
                    name="Đăng ký đất đai lần đầu",
                    sector_code="DD",
                    sector_name="Đất đai",
                    level="3",
                    processing_time="10 ngày làm việc",
                    is_interconnected="yes",
                    interconnected_steps=steps,
                ),
            },
        )

    response = post("UBND xã Long Đức 3 ngày làm việc → Công an huyện Không Có 5 ngày làm việc")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bước 2: không có đúng một đơn vị tên “Công an huyện Không Có”" in page
    assert not AnnouncementDecision.objects.exists()

    response = post("UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc")
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(f"/danh-muc/quyet-dinh/{AnnouncementDecision.objects.get().pk}/ap-dung/")
    assert list(
        InterconnectedStep.objects.order_by("position").values_list("agency__code", flat=True)
    ) == ["X1", "CA1"]


def test_a_decision_form_refuses_signs_and_exponents_in_times(client, reform_officer, catalogue):
    client.force_login(reform_officer)
    data = {
        "number": "18/QĐ-UBND",
        "signed_on": "02/01/2018",
        "effective_on": "15/01/2018",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        **_line(
            0,
            change_kind="amended",
            procedure_code="1.001193",
            processing_time="-5 ngày làm việc",
        ),
        **_line(1, change_kind="amended", procedure_code="1.001022", processing_time="1e9 ngày"),
    }
    response = client.post("/danh-muc/quyet-dinh/moi/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "-5 ngày làm việc" in page and "dấu" in page
    assert "1e9 ngày" in page and "số mũ" in page
    assert not AnnouncementDecision.objects.exists()
