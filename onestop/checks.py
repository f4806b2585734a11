"""Checks of our own: the deployment's (`manage.py check --deploy`) and the database's (run by
`migrate`, and by `check --database default`)."""

from importlib import import_module

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

# The last version with the migrations that procedures/migrations/0001_initial.py replaces.
LAST_WITH_OLD_MIGRATIONS = "4f9a3aa"

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


@register(Tags.database)
def old_migrations_check(app_configs, databases=None, **kwargs):
    """A database that applied some of the old migrations but not all of them (an installation
    older than 4f9a3aa) is not at the schema the squashed migration stands for, and Django would
    then treat procedures as having no migrations at all and migrate nothing, without a word:
    stop ``migrate`` there and say how to upgrade (docs/operations/backups.md)."""
    squashed = import_module("procedures.migrations.0001_initial").Migration
    replaced = {name for _app, name in squashed.replaces}
    errors = []
    for alias in databases or ():
        recorder = MigrationRecorder(connections[alias])
        if not recorder.has_table():
            continue
        applied = {name for app, name in recorder.applied_migrations() if app == "procedures"}
        missing = replaced - applied
        if applied & replaced and missing:
            errors.append(
                Error(
                    f"The database {alias!r} stopped part-way through the old migrations: "
                    f"{len(missing)} of them are not applied (first: {min(missing)}).",
                    hint=(
                        f"Upgrade to {LAST_WITH_OLD_MIGRATIONS} (the last version with the old "
                        "migrations) and migrate there first, then come back to this version "
                        "(docs/operations/backups.md)."
                    ),
                    id="onestop.E001",
                )
            )
    return errors
