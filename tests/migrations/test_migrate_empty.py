"""An empty PostgreSQL database migrates to the end, back to zero and forward again (issue #23):
the one squashed migration makes every table and the role groups, and takes them all away."""

import itertools

from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from procedures.roles import Role
from tests.migrations.throwaway import postgresql_only

pytestmark = postgresql_only

# A few tables a user's screens stand on, from each part of the schema.
SOME_TABLES = {
    "procedures_unit",
    "procedures_procedureversion",
    "procedures_dossier",
    "procedures_dossierevent",
    "procedures_dossierdailyrollup",
    "procedures_generatedreport",
    "procedures_historicalprocedureversion",
}


def _role_groups(db) -> set[str]:
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM auth_group")
        return {row[0] for row in cursor.fetchall()}


def _trigram_index(db) -> bool:
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'procver_search_trgm'")
        return cursor.fetchone() is not None


def _migrate(db, *target) -> None:
    call_command("migrate", *target, database=db.alias, verbosity=0, interactive=False)


def test_an_empty_database_migrates_to_the_end_back_to_zero_and_forward(throwaway_database):
    db = throwaway_database
    roles = {role.value for role in Role}

    _migrate(db)
    assert db.left_to_migrate() == []
    tables_at_the_end = db.tables()
    assert tables_at_the_end >= SOME_TABLES
    assert roles <= _role_groups(db)
    assert _trigram_index(db)

    _migrate(db, "procedures", "zero")
    assert db.tables() == set()
    assert not roles & _role_groups(db)
    assert not _trigram_index(db)
    assert [m.name for m, _backwards in db.left_to_migrate()] == ["0001_initial"]

    _migrate(db)
    assert db.left_to_migrate() == []
    assert db.tables() == tables_at_the_end
    assert roles <= _role_groups(db)
    assert _trigram_index(db)


def test_the_history_is_short_and_linear():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    ours = sorted(key for key in graph.nodes if key[0] == "procedures")
    # One node per number, each after the one before: no merge migrations.
    assert [name[:4] for _app, name in ours] == [f"{n:04d}" for n in range(1, len(ours) + 1)]
    for before, after in itertools.pairwise(ours):
        assert before in {parent.key for parent in graph.node_map[after].parents}
    assert graph.leaf_nodes("procedures") == [ours[-1]]
