"""Under the embedded default (SQLite) concurrent actions wait for the lock (busy timeout, WAL)
and a lock that is still held answers 503 with a retry hint, never a 500."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError

from tests.fixtures_dossiers import vn


def test_sqlite_waits_for_the_lock_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0],"
        " cursor.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "onestop.settings",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["wal", "20000"], result.stderr


@pytest.mark.django_db
def test_a_locked_database_answers_503_with_retry_after(api_client, reception_user, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    api_client.force_authenticate(reception_user)
    with mock.patch(
        "api.views.dossiers.dossier_act", side_effect=OperationalError("database is locked")
    ):
        response = api_client.post(
            f"/api/v1/dossiers/{dossier.code}/request_supplement/", {"note": "x"}, format="json"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "thử lại" in response.json()["detail"]


@pytest.mark.django_db
def test_a_locked_database_on_a_screen_answers_a_503_page(client, reception_user, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    client.force_login(reception_user)
    with mock.patch(
        "procedures.views.dossiers.dossier_act",
        side_effect=OperationalError("database is locked"),
    ):
        response = client.post(
            f"/dossiers/{dossier.code}/act/request_supplement/", {"note": "Thiếu tờ khai"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert 'id="busy-message"' in response.content.decode()
