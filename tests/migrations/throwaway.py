"""Throwaway databases for the migration tests (the fixture is registered in conftest.py): each
test gets a database of its own on the test server (CREATE DATABASE … beside test_onestop, dropped
at the end), reached through a Django connection alias of its own, so migrating it back and forth
never touches the test database."""

import gzip
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

DATA = Path(__file__).parent / "data"

# Each test module marks itself with this: the migrations are proved on PostgreSQL (make test).
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the migrations are proved on PostgreSQL (make test)"
)


class ThrowawayDatabase:
    """An empty database on the test server, as the connection alias ``alias``."""

    def __init__(self, alias: str, settings: dict):
        self.alias = alias
        self.settings = settings

    @property
    def connection(self):
        return connections[self.alias]

    def executor(self) -> MigrationExecutor:
        return MigrationExecutor(self.connection)

    def left_to_migrate(self) -> list:
        """The migrations ``migrate`` would still apply (none, once it has run)."""
        executor = self.executor()
        return executor.migration_plan(executor.loader.graph.leaf_nodes())

    def tables(self, prefix: str = "procedures_") -> set[str]:
        with self.connection.cursor() as cursor:
            names = self.connection.introspection.table_names(cursor)
        return {name for name in names if name.startswith(prefix)}

    def load_sql(self, path: Path) -> None:
        """Load a plain-SQL ``pg_dump`` (gzipped) with psql, as an operator restores a backup."""
        psql = shutil.which("psql", path=os.environ.get("PG_BIN")) or shutil.which("psql")
        if psql is None:
            pytest.skip("psql is not installed")
        s = self.settings
        subprocess.run(  # noqa: S603 - a fixed command line
            [
                psql,
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                s["HOST"] or "localhost",
                "-p",
                str(s["PORT"] or 5432),
                "-U",
                s["USER"],
                "-d",
                s["NAME"],
            ],
            input=gzip.decompress(path.read_bytes()),
            stdout=subprocess.DEVNULL,
            check=True,
            env={**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""},
        )


def _server(settings: dict) -> psycopg.Connection:
    # The maintenance database: CREATE and DROP DATABASE run outside any transaction.
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def throwaway_database(django_db_blocker):
    base = connections["default"].settings_dict
    name = f"onestop_migrations_{uuid.uuid4().hex[:10]}"
    alias = name
    settings = {**base, "NAME": name, "TEST": {**base.get("TEST", {}), "NAME": name}}
    with django_db_blocker.unblock():
        with _server(base) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        connections.settings[alias] = settings
        try:
            yield ThrowawayDatabase(alias, settings)
        finally:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]
            with _server(base) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
