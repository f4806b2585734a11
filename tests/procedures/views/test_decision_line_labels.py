"""The decision page's change list names each field as a reform officer reads it, with its value
in words: never a field's name ("processing_time_text:") or an empty mapping ("{}")."""

import pytest

from procedures.services.decisions import decision_create
from tests.catalogue_data import decision_kwargs, line, new_record

pytestmark = pytest.mark.django_db


def test_a_line_shows_labels_and_values_not_field_names(client, reform_officer):
    record = new_record(
        processing_time_text="03 ngày làm việc; trực tuyến 02 ngày làm việc",
        channel_times={"online": {"amount": "2", "unit": "days", "cutoff": None}},
    )
    decision = decision_create(**decision_kwargs(), lines=[line("new", "1.001193", record)])
    empty = decision_create(
        **decision_kwargs(number="17/QĐ-UBND"),
        lines=[line("new", "1.001194", new_record(channel_times={}, processing_time_text=""))],
    )
    client.force_login(reform_officer)
    page = client.get(f"/danh-muc/quyet-dinh/{decision.pk}/").content.decode()
    changes = page.split('class="lines"', 1)[1].split("</table>", 1)[0]
    assert "processing_time_text" not in changes and "channel_times" not in changes
    assert "Thời hạn giải quyết theo văn bản" in changes
    assert "03 ngày làm việc; trực tuyến 02 ngày làm việc" in changes
    assert "Thời hạn theo cách thức nộp" in changes and "Trực tuyến: 2 " in changes
    page = client.get(f"/danh-muc/quyet-dinh/{empty.pk}/").content.decode()
    changes = page.split('class="lines"', 1)[1].split("</table>", 1)[0]
    assert "{}" not in changes and "channel_times" not in changes
