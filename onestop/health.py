"""``/healthz``: the state of the database and the broker, for load balancers and operators."""

from functools import lru_cache

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", and we report its text
        return f"down: {exc.__class__.__name__}: {exc}".strip()
    return "ok"


@lru_cache(maxsize=4)
def _redis_client(url: str) -> redis.Redis:
    """One client (and its connection pool) per broker URL and process: a load balancer polls
    /healthz every few seconds, and a new TCP connection and handshake on each poll cost more
    than the PING itself (issue 24). The pool reconnects on its own after Redis comes back."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        health_check_interval=30,
    )


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (eager: tasks run in-process)"
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            _redis_client(url).ping()
        else:  # another transport: kombu's own check, a connection each time
            with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
                conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return f"down: {exc.__class__.__name__}: {exc}".strip()
    return "ok"


def healthz(request):
    checks = {"database": database_state(), "broker": broker_state()}
    healthy = all(state.startswith("ok") for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks}, status=200 if healthy else 503
    )
