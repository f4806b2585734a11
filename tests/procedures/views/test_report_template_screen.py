"""The report screen's Word template: anyone who reads reports downloads the default or the one
in use; a reform officer uploads the office's own, and a broken one is refused on the screen
with the placeholder named; a leader cannot change it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from procedures.models import ReportTemplate
from tests.word_templates import edited_template

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(client, content: bytes, name: str = "mau-so.docx"):
    return client.post(
        reverse("report-template-upload"),
        {"template": SimpleUploadedFile(name, content, content_type=DOCX)},
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_the_default_template_downloads_as_a_word_file_with_its_placeholders(client, leader):
    client.force_login(leader)
    page = client.get(reverse("report-list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tải mẫu mặc định" in page and "Đang dùng: mẫu mặc định." in page
    assert 'id="template-form"' not in page  # a leader reads, does not change the layout
    response = client.get(reverse("report-template-default"))
    assert response["Content-Type"] == DOCX
    assert 'filename="bao_cao_cchc.docx"' in response["Content-Disposition"]
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "{{ title }}" in texts and "{{p form_06 }}" in texts
    assert _upload(client, edited_template({})).status_code == 403


def test_a_reform_officer_puts_the_office_template_in_use_and_back(client, reform_officer):
    client.force_login(reform_officer)
    content = edited_template({"BÁO CÁO": "BÁO CÁO CỦA SỞ"})
    response = _upload(client, content)
    assert response.status_code == 302
    page = client.get(reverse("report-list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đang dùng: “mau-so.docx”" in page
    assert client.get(reverse("report-template-current")).content == content

    assert client.post(reverse("report-template-reset")).status_code == 302
    assert not ReportTemplate.objects.filter(active=True).exists()


def test_a_broken_template_is_refused_on_the_screen_naming_the_placeholder(client, reform_officer):
    client.force_login(reform_officer)
    response = _upload(client, edited_template({"{{p form_06a }}": ""}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mẫu thiếu ô {{ form_06a }} (biểu II.06a, trên các trang khổ ngang riêng)." in page
    assert not ReportTemplate.objects.exists()


def test_the_upload_form_lists_every_placeholder_with_its_meaning(client, reform_officer):
    client.force_login(reform_officer)
    page = client.get(reverse("report-list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "giữ các ô thay thế {{ … }} của nó, liệt kê dưới đây" in page
    listed = page.split('id="template-placeholders"', 1)[1].split("</details>", 1)[0]
    for name in ("governing_body", "paragraphs", "signer_name", "form_06", "form_06a", "form_07b"):
        assert f"<code>{{{{ {name} }}}}</code>" in listed
    assert "<code>{{ form_06a }}</code> *" in listed  # required
    assert "<code>{{ signer_name }}</code> *" not in listed
    assert "biểu II.06a, trên các trang khổ ngang riêng" in listed
    assert "README" not in page
