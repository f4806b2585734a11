"""Redis down never takes a page down (issue 22, finding 4): the cache acts as a miss when it
cannot reach Redis, so the leader's, the officers' and the administrator's pages compute what
they would have read; the worker is told to reconnect for as long as Redis is gone, and the
repository gives the supervisor units that restart it."""

import configparser
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse

from onestop.cache import TolerantRedisCache

ROOT = Path(__file__).resolve().parent.parent
# A port nobody listens on: connecting is refused at once, as with Redis stopped.
DEAD_REDIS = {
    "default": {
        "BACKEND": "onestop.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:9/1",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS
    yield caches["default"]


def test_every_cache_call_acts_as_a_miss_when_redis_is_unreachable(redis_down):
    cache = redis_down
    assert isinstance(cache, TolerantRedisCache)
    started = time.monotonic()
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.delete("k") is False
    assert cache.get_or_set("k", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("k")
    assert time.monotonic() - started < 3  # one refused connection, then Redis is left alone


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_fixture", "url", "params"),
    [
        ("leader", "home", {}),
        ("leader", "dashboard", {"period": "year"}),
        ("leader", "dashboard-chart", {}),
        ("leader", "dashboard-table", {}),
        ("reform_officer", "home", {}),
        ("reform_officer", "catalogue-import", {}),
        ("administrator", "home", {}),
        ("reception_user", "home", {}),
    ],
)
def test_pages_answer_with_redis_down(request, client, redis_down, user_fixture, url, params):
    client.force_login(request.getfixturevalue(user_fixture))
    args = {"dashboard-chart": ("trend", "svg"), "dashboard-table": ("csv",)}.get(url, ())
    response = client.get(reverse(url, args=args), params)
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_import_page_and_its_retry_answer_with_redis_down(
    client, reform_officer, redis_down, celery_eager, django_capture_on_commit_callbacks
):
    from procedures.choices import ImportKind, ImportStatus
    from procedures.models import CatalogueImport
    from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row

    job = CatalogueImport.objects.create(
        kind=ImportKind.PROCEDURES,
        file_name="tthc.csv",
        content=csv_bytes([procedure_row("1.001193", "Đăng ký khai sinh")], PROCEDURE_HEADERS),
        status=ImportStatus.FAILED,
        created_by=reform_officer,
    )
    client.force_login(reform_officer)
    assert client.get(reverse("catalogue-import-detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("catalogue-import-status", args=[job.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("catalogue-import-retry", args=[job.pk]))
    assert retried.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_the_worker_reconnects_to_the_broker_for_as_long_as_it_takes():
    assert django_settings.CELERY_BROKER_CONNECTION_RETRY is True
    assert django_settings.CELERY_BROKER_CONNECTION_MAX_RETRIES is None
    assert django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] > 0


@pytest.mark.parametrize("unit", ["onestop-worker.service", "onestop-beat.service"])
def test_the_worker_and_beat_have_a_supervisor_unit_that_always_restarts_them(unit):
    path = ROOT / "deploy" / "systemd" / unit
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser["Service"]["Restart"] == "always"
    assert parser["Unit"]["StartLimitIntervalSec"] == "0"
    assert "celery -A onestop" in parser["Service"]["ExecStart"]
    production = (ROOT / "docs" / "operations" / "production.md").read_text(encoding="utf-8")
    assert f"deploy/systemd/{unit}" in production
