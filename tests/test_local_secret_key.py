"""Management commands under `make run`'s settings: the embedded mode reads the local key that
`make run` writes, without DEBUG; a deployment (DATABASE_URL set) still needs SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY_FILE = ROOT / ".secret_key"
PRINT_SETTINGS = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def _env(**extra) -> dict:
    """The environment of a newcomer's shell: none of the settings' variables set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "CACHE_URL"}
        and not k.startswith("CELERY_")
    }
    return env | extra


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this interpreter and manage.py, fixed
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def local_key():
    """The key file as `make run` writes it (its own script); removed after the test when the
    test wrote it, kept when a developer's `make run` had."""
    existed = KEY_FILE.exists()
    first = subprocess.run([sys.executable, "scripts/local_secret_key.py"], cwd=ROOT, check=True)
    assert first.returncode == 0
    key = KEY_FILE.read_text(encoding="utf-8").strip()
    yield key
    if not existed:
        KEY_FILE.unlink()


def test_make_run_writes_a_private_key_once(local_key):
    assert len(local_key) >= 50
    assert KEY_FILE.stat().st_mode & 0o077 == 0
    subprocess.run([sys.executable, "scripts/local_secret_key.py"], cwd=ROOT, check=True)
    assert KEY_FILE.read_text(encoding="utf-8").strip() == local_key


def test_a_management_command_runs_under_make_runs_settings_without_debug(local_key):
    result = _manage("shell", "--verbosity", "0", "-c", PRINT_SETTINGS, env=_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", local_key]


def test_a_deployment_without_secret_key_still_refuses_to_start(local_key):
    # DATABASE_URL marks a deployment: the checkout's local key is never read there.
    env = _env(DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = _manage("shell", "--verbosity", "0", "-c", PRINT_SETTINGS, env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_deployment_may_name_its_key_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text("a-key-from-the-container-secret\n", encoding="utf-8")
    env = _env(DATABASE_URL="postgres://nobody@127.0.0.1:1/none", SECRET_KEY_FILE=str(key_file))
    result = _manage("shell", "--verbosity", "0", "-c", PRINT_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "a-key-from-the-container-secret"]
