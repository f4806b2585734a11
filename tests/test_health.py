from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("down:")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "onestop.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down: OperationalError: connection refused"


@pytest.mark.django_db
def test_healthz_reuses_its_broker_connection(client, settings):
    """A load balancer polls /healthz every few seconds: each poll must not open a new
    connection to Redis (one TCP handshake per poll was most of its cost)."""
    import redis.connection

    from onestop import health

    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs the Redis broker scripts/test.sh starts")
    health._redis_client.cache_clear()
    broker = redis.connection.parse_url(settings.CELERY_BROKER_URL)
    opened = []
    open_socket = redis.connection.Connection._connect

    def counted(connection):
        if (connection.host, connection.port) == (broker["host"], broker["port"]):
            opened.append(connection)
        return open_socket(connection)

    with mock.patch.object(redis.connection.Connection, "_connect", autospec=True) as spy:
        spy.side_effect = counted
        statuses = [client.get("/healthz").status_code for _ in range(5)]
    assert statuses == [200] * 5
    assert len(opened) == 1
