"""The report screen: the document's particulars (issuing body, number, signer, ...) go with the
report and come back on the form for the same user, not for another; the narrative's figures
link to their lists."""

import pytest
from django.urls import reverse

from procedures.models import GeneratedReport
from tests.report_data import build_province

pytestmark = pytest.mark.django_db

PARTICULARS = {
    "issuing_body": "Sở Nội vụ",
    "governing_body": "UBND tỉnh Trà Vinh",
    "place": "Trà Vinh",
    "number": "15",
    "symbol": "BC-SNV",
    "signed_on": "10/01/2018",
    "receiving_unit": "Ủy ban nhân dân tỉnh",
    "recipients": "- UBND tỉnh;\n- Lưu: VT.",
    "signer_title": "GIÁM ĐỐC",
    "signer_name": "Trần Thị Bình",
}


def test_the_particulars_go_with_the_report_and_are_offered_again_to_the_same_user(
    client, leader, reform_officer, reception_user, celery_eager, django_capture_on_commit_callbacks
):
    build_province(reception_user)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("report-list"),
            {"date_from": "01/01/2017", "date_to": "31/12/2017", "file_format": "docx"}
            | PARTICULARS,
        )
    assert response.status_code == 302
    report = GeneratedReport.objects.get()
    assert report.document["number"] == "15"
    assert report.document["signed_on"] == "2018-01-10"
    assert report.document["base_url"] == "http://testserver/"

    form = client.get(reverse("report-list")).context["form"]
    assert form["signer_name"].value() == "Trần Thị Bình"
    assert form["symbol"].value() == "BC-SNV"
    assert form["recipients"].value() == "- UBND tỉnh;\n- Lưu: VT."

    client.force_login(reform_officer)
    other = client.get(reverse("report-list")).context["form"]
    assert other["signer_name"].value() in (None, "")
    assert other["symbol"].value() == "BC-UBND"

    client.force_login(leader)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    late = report.data["sources"]["centres"][0]["since_opening"]["resolved_late"]
    assert late.startswith("http://testserver/dossiers/list/?centre=")
    assert f'<a href="{late.replace("&", "&amp;")}">2</a>' in page


def test_a_published_report_uploaded_on_the_screen_is_checked_figure_by_figure(
    client, leader, reception_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    build_province(reception_user)
    client.force_login(leader)
    text = (
        "Chủ tịch Ủy ban nhân dân tỉnh quyết định công bố mới 3 thủ tục hành chính; bãi bỏ 5 "
        "thủ tục hành chính.\n"
        "Từ khi đi vào hoạt động đến nay, Trung tâm Hành chính công huyện Cầu Ngang đã tiếp "
        "nhận tổng số 8 hồ sơ, có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 2,5%)."
    )
    response = client.post(
        reverse("report-audit"),
        {
            "document": SimpleUploadedFile("bao-cao.txt", text.encode(), "text/plain"),
            "date_from": "01/01/2017",
            "date_to": "31/12/2017",
        },
    )
    assert response.status_code == 200
    summary = response.context["summary"]
    assert [f.printed for f in summary["agree"]] == ["3", "2/8", "8"]
    assert [(f.printed, f.computed) for f in summary["disagree"]] == [
        ("5", "2"),
        ("2,5%", "25,00%"),
    ]
    [slip] = summary["inconsistent"]
    assert slip.note == "2/8 là 25,0%, không phải 2,5%"
    page = response.content.decode()
    assert "không khớp với số liệu của chính nó" in page

    refused = client.post(
        reverse("report-audit"),
        {
            "document": SimpleUploadedFile("bao-cao.odt", b"x"),
            "date_from": "01/01/2017",
            "date_to": "31/12/2017",
        },
    )
    assert refused.status_code == 400
    assert "bao-cao.odt" in refused.context["form"].errors["document"][0]
