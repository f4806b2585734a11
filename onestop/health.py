"""``/healthz``: the state of the database and the broker, for load balancers and operators."""

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


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (eager: tasks run in-process)"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
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
