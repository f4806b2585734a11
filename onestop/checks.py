"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """The lookup's throttle counts in the cache: with one per process, N gunicorn workers allow
    N times the rate. Production needs a shared cache (CACHE_URL, Redis)."""
    if settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return [
            Warning(
                "The cache is local to each process, so every gunicorn worker counts look-ups "
                "on its own and the public lookup's limit multiplies.",
                hint="Set CACHE_URL to a Redis shared by every web process.",
                id="onestop.W001",
            )
        ]
    return []
