from datetime import date

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from procedures.models import ProcedureVersion
from procedures.prepared import PreparedQuery
from tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def _versions(order: str, *, code, day):
    return (
        ProcedureVersion.objects.filter(procedure__code=code, valid_from__lte=day)
        .select_related("procedure", "sector")
        .order_by(order)
    )


BY_CODE = PreparedQuery(_versions, code=models.CharField(), day=models.DateField())


def test_each_run_binds_its_values_to_the_sql_compiled_once():
    first = ProcedureVersionFactory(
        procedure__code="1.000001", valid_from=date(2016, 1, 1), superseded_on=date(2020, 1, 1)
    )
    later = ProcedureVersionFactory(procedure=first.procedure, valid_from=date(2020, 1, 1))
    other = ProcedureVersionFactory(procedure__code="1.000002", valid_from=date(2016, 1, 1))

    assert BY_CODE.run("valid_from", code="1.000001", day=date(2019, 1, 1)) == [first]
    assert BY_CODE.run("valid_from", code="1.000001", day=date(2021, 1, 1)) == [first, later]
    assert BY_CODE.run("-valid_from", code="1.000001", day=date(2021, 1, 1)) == [later, first]
    assert BY_CODE.run("valid_from", code="1.000002", day=date(2021, 1, 1)) == [other]
    assert BY_CODE.run("valid_from", code="no such code", day=date(2021, 1, 1)) == []

    with CaptureQueriesContext(connection) as queries:
        found = BY_CODE.run("valid_from", code="1.000002", day=date(2021, 1, 1))
        # The rows come with their select_related objects and converted values.
        assert found[0].procedure.code == "1.000002"
        assert found[0].sector == other.sector
        assert found[0].papers == other.papers
    assert len(queries) == 1


def test_the_rows_are_those_of_the_queryset():
    for n in range(3):
        ProcedureVersionFactory(procedure__code=f"2.00000{n}", valid_from=date(2016 + n, 1, 1))
    for code in ("2.000000", "2.000001", "2.000002"):
        for day in (date(2016, 6, 1), date(2017, 6, 1), date(2030, 1, 1)):
            expected = list(_versions("id", code=code, day=day))
            got = BY_CODE.run("id", code=code, day=day)
            assert got == expected
            assert [v.__dict__.keys() for v in got] == [v.__dict__.keys() for v in expected]


def test_later_runs_do_not_compile_again(monkeypatch):
    version = ProcedureVersionFactory(procedure__code="3.000001")
    assert BY_CODE.run("id", code="3.000001", day=date(2030, 1, 1)) == [version]

    def refused(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(connection.ops.compiler("SQLCompiler"), "as_sql", refused)
    assert BY_CODE.run("id", code="3.000001", day=date(2031, 1, 1)) == [version]


def _server_prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side prepared statements")
@pytest.mark.django_db(transaction=True)  # a connection of its own
def test_on_postgresql_the_statement_is_prepared_once_per_connection():
    version = ProcedureVersionFactory(procedure__code="4.000001", valid_from=date(2016, 1, 1))
    connection.close()  # nothing prepared on the next one yet

    with CaptureQueriesContext(connection) as queries:
        runs = [
            BY_CODE.run("valid_from", code=code, day=date(2021, 1, 1))
            for code in ("4.000001", "4.000001", "nothing", "4.000001")
        ]

    assert runs == [[version], [version], [], [version]]
    # Counted as any query is (issue 9 pins the intake's count), with the values bound on the
    # server; PostgreSQL keeps one plan for the four runs.
    assert len(queries) == 4
    # Logged with its values, as Django logs its own queries.
    assert "'4.000001'" in queries.captured_queries[0]["sql"]
    assert len(_server_prepared('"procedures_procedure"."code" = ($1)')) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side prepared statements")
@pytest.mark.django_db(transaction=True)  # a connection of its own
def test_prepared_statements_can_be_turned_off_for_a_pooler(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    connection.close()

    for _ in range(3):
        BY_CODE.run("valid_from", code="5.000001", day=date(2021, 1, 1))

    assert _server_prepared("procedures_procedureversion") == []
