"""The administrator's home in the embedded mode (make run: tasks run in the web process): the
broker and the worker are not expected, said in Vietnamese and in grey, not as a failure."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_embedded_mode_is_said_in_vietnamese_in_grey(client, administrator, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(administrator)
    page = client.get("/").content.decode()
    broker = (
        page.split('id="broker-state"', 1)[0].rsplit("<td", 1)[1]
        + page.split('id="broker-state"', 1)[1].split("</td>", 1)[0]
    )
    assert 'class="muted"' in broker
    assert "tác vụ chạy ngay trong tiến trình web" in broker
    heartbeat = page.split('id="heartbeat-state"', 1)[1].split("</td>", 1)[0]
    assert "Chế độ nhúng" in heartbeat
    assert "eager" not in page and "no worker" not in page.lower()
    assert "Hoạt động bình thường" in page  # the database
