"""Production keeps its database connections: on PostgreSQL a connection lives 60 s by default,
checked before reuse, and the environment can say otherwise; SQLite (a file) opens each time."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

POSTGRES = "postgres://onestop:secret@db:5432/onestop"


def _database_settings(**env) -> tuple[int, bool]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DATABASE_") and key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "onestop.settings", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    age, checks = result.stdout.split()
    return int(age), checks == "True"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": POSTGRES}, (60, True)),
        ({"DATABASE_URL": POSTGRES, "DATABASE_CONN_MAX_AGE": "300"}, (300, True)),
        ({"DATABASE_URL": POSTGRES, "DATABASE_CONN_MAX_AGE": "0"}, (0, False)),
        (
            {"DATABASE_URL": POSTGRES, "DATABASE_CONN_HEALTH_CHECKS": "false"},
            (60, False),
        ),
        ({}, (0, False)),  # the embedded SQLite file
    ],
    ids=["postgres-default", "age-set", "age-zero", "checks-off", "sqlite"],
)
def test_database_connections_are_kept_on_a_database_server(env, expected):
    assert _database_settings(**env) == expected
