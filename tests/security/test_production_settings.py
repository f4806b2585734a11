"""Production is safe by default: DEBUG off unless asked for, `check --deploy` clean with the
settings docs/operations/production.md gives, HTTPS settings from the environment, a
Content-Security-Policy, no-store on personal data, the API schema and docs behind a login."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _clean_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "CACHE_URL",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_PROXY_SSL_HEADER",
            "NUM_PROXIES",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(extra)
    return env


def _settings_value(expression: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603 - this interpreter, our own expression
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_clean_env(DJANGO_SETTINGS_MODULE="onestop.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    return (result.stdout + result.stderr).strip()


PRODUCTION_PAGE = BASE_DIR / "docs" / "operations" / "production.md"


def readme_production_env() -> dict:
    """The `export ...` of the documentation's Production page, as documented."""
    section = PRODUCTION_PAGE.read_text(encoding="utf-8")
    block = re.search(r"```sh\n(export .*?)\n(?!\s)", section, re.S).group(1)
    pairs = re.findall(r"([A-Z_]+)=(\S+)", block.replace("\\\n", " "))
    return dict(pairs)


def test_debug_is_off_unless_asked_for():
    assert _settings_value("settings.DEBUG", SECRET_KEY="x" * 60) == "False"
    assert _settings_value("settings.DEBUG", DEBUG="true") == "True"
    # Off with no secret key: refused, with the way out named.
    assert "SECRET_KEY must be set when DEBUG is off" in _settings_value("settings.DEBUG")


def test_make_run_turns_debug_on():
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "run messages: export DEBUG ?= true" in makefile
    assert "export DEBUG=true" in (BASE_DIR / "scripts" / "test.sh").read_text()


def test_check_deploy_passes_with_the_readme_production_settings():
    env = readme_production_env()
    assert env["DEBUG"] == "false"
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_asks_for_a_shared_cache():
    env = readme_production_env()
    env.pop("CACHE_URL")
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "onestop.W001" in result.stderr + result.stdout


def test_https_settings_come_from_the_environment():
    production = {"SECRET_KEY": "x" * 60}
    assert _settings_value("settings.SECURE_SSL_REDIRECT", **production) == "True"
    assert _settings_value("settings.SESSION_COOKIE_SECURE", **production) == "True"
    assert (
        _settings_value("settings.SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="false", **production)
        == "False"
    )
    assert (
        _settings_value(
            "settings.SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="31536000", **production
        )
        == "31536000"
    )
    # The proxy's HTTPS header is trusted only when it is named.
    assert _settings_value("settings.SECURE_PROXY_SSL_HEADER", **production) == "None"
    assert _settings_value(
        "settings.SECURE_PROXY_SSL_HEADER",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        **production,
    ) == str(("HTTP_X_FORWARDED_PROTO", "https"))


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_with_a_nonce_for_inline_scripts(
    client, reform_officer
):
    response = client.get("/tra-cuu/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy

    client.force_login(reform_officer)
    response = client.get("/danh-muc/cong-khai/")
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce, response["Content-Security-Policy"]
    assert f'<script nonce="{nonce.group(1)}">' in response.content.decode()


@pytest.mark.django_db
def test_personal_data_is_never_stored_by_browsers_or_proxies(client, reception_user, receive):
    from tests.fixtures_dossiers import vn

    dossier = receive(vn(2025, 3, 3, 9, 0))
    assert "no-store" in client.get("/tra-cuu/", {"code": dossier.code})["Cache-Control"]
    assert "no-store" in client.get(f"/api/v1/public/dossiers/{dossier.code}/")["Cache-Control"]
    client.force_login(reception_user)
    for url in ("/dossiers/", f"/dossiers/{dossier.code}/", f"/dossiers/{dossier.code}/receipt/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    assert "no-store" in client.get("/api/v1/dossiers/")["Cache-Control"]


@pytest.mark.django_db
def test_the_api_schema_and_docs_need_a_login_in_production(client, settings, leader):
    settings.DEBUG = True
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200

    settings.DEBUG = False
    assert client.get("/api/schema/").status_code in (401, 403)
    docs = client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/")

    client.force_login(leader)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("clock", ["07:00:05", "11:30:00", "13:29:55", "17:00:09"])
def test_the_model_checks_pass_at_the_office_hours_themselves(monkeypatch, clock):
    """Django flags a time default when its check runs within 10 s of that time of day: the
    deploy check must not fail at 07:00, 11:30, 13:30 or 17:00."""
    from datetime import datetime

    from django.db.models import fields

    from procedures.models import CalendarSettings, ClockRuleSet

    now = datetime.combine(
        datetime(2026, 11, 30).date(), datetime.strptime(clock, "%H:%M:%S").time()
    )
    monkeypatch.setattr(fields, "_get_naive_now", lambda: now)
    warnings = [m.id for model in (CalendarSettings, ClockRuleSet) for m in model.check()]
    assert "fields.W161" not in warnings


def test_the_readme_production_block_binds_gunicorn_behind_the_proxy_only():
    """NUM_PROXIES=1 trusts the last X-Forwarded-For hop: gunicorn reachable from outside would
    let a client forge it (issue 22, finding 7). The Production page's block
    (docs/operations/production.md) binds it to the loopback or a unix socket, and says why."""
    section = PRODUCTION_PAGE.read_text(encoding="utf-8")
    binds = re.findall(r"^\S*gunicorn .*--bind (\S+)", section, re.M)
    assert binds, "the Production block runs gunicorn with --bind"
    for bind in binds:
        assert bind.startswith(("127.0.0.1:", "unix:", "[::1]:")), bind
    assert "X-Forwarded-For" in section and "forge" in section
