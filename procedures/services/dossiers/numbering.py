"""Mã hồ sơ: the code of a desk's daily sequence (``{desk}-{yyMMdd}-{NNNN}``), and the intake's
write that takes the next number together with the dossier and its receipt event."""

from __future__ import annotations

import functools
from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from procedures.models import Desk, Dossier, DossierEvent, DossierSequence
from procedures.prepared import prepared_cursor

# The number in a code has at least four digits (0001); a desk's 10.000th dossier of a day
# gets five, as Python's ``{n:04d}`` writes it.
NUMBER_DIGITS = 4


def _code_prefix(desk_code: str, day) -> str:
    return f"{desk_code}-{day:%y%m%d}-"


def dossier_code(*, desk_code: str, day, number: int) -> str:
    return f"{_code_prefix(desk_code, day)}{number:0{NUMBER_DIGITS}d}"


def _take_number_sql() -> str:
    # One statement (PostgreSQL and SQLite alike): the day's first intake inserts the row, the
    # others increment it; either way the row stays locked until the transaction ends. Codes of
    # this desk and day imported from another system are already counted in the row: the
    # history import raises it to the highest number it brought (dossier_import).
    table = DossierSequence._meta.db_table
    return (
        f"INSERT INTO {table} (desk_id, day, last_number) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (desk_id, day) DO UPDATE SET last_number = {table}.last_number + 1 "
        "RETURNING last_number"
    )


def dossier_code_next(*, desk: Desk, day) -> str:
    """The next code of the desk's daily sequence (mã hồ sơ).

    Must run inside the transaction that creates the dossier: the sequence row stays locked
    until it commits, so concurrent intakes queue and a rolled-back intake gives its number back
    (codes are unique and gap-free).
    """
    with connection.cursor() as cursor:
        cursor.execute(_take_number_sql(), [desk.pk, day])
        number = cursor.fetchone()[0]
    return dossier_code(desk_code=desk.code, day=day, number=number)


def dossier_insert_numbered(dossier: Dossier, receipt: DossierEvent, *, savepoint=True) -> None:
    """Write a new dossier with the next code of its desk's day, and its receipt event; both
    instances are saved in place (``dossier.code``, the primary keys).

    Either both rows and the number are written or none is (a unique key already used raises
    ``IntegrityError`` and gives the number back). Concurrent intakes of one desk queue on its
    sequence row until the one holding it commits: on PostgreSQL the three writes are therefore
    ONE statement, which outside a transaction commits in the same round trip, so the row is
    held for that statement's run and its commit only, never while a busy application server
    gets round to sending the next statement (issue 9: that wait made the intake's tail).
    """
    day = timezone.localdate(dossier.received_at)
    if not _writes_in_one_statement():
        # SQLite (``make run``) has no writing CTEs, and runs one writer at a time anyway.
        with transaction.atomic():
            dossier.code = dossier_code_next(desk=dossier.desk, day=day)
            dossier.save(force_insert=True)
            receipt.dossier = dossier
            receipt.save(force_insert=True)
        return
    params = [
        dossier.desk_id,
        day,
        _code_prefix(dossier.desk.code, day),
        *_insert_values(dossier, skip="code"),
        *_insert_values(receipt, skip="dossier_id"),
    ]
    # Inside a caller's transaction, a savepoint: a refused write leaves that transaction usable
    # (``savepoint=False``: the caller's transaction is given up whole when the write fails).
    inner = transaction.atomic() if savepoint and connection.in_atomic_block else nullcontext()
    with inner, prepared_cursor() as cursor:
        cursor.execute(_numbered_insert_sql(), params)
        dossier_id, code, event_id = cursor.fetchone()
    dossier.pk, dossier.code = dossier_id, code
    receipt.pk = event_id
    receipt.dossier = dossier
    for row in (dossier, receipt):
        row._state.adding, row._state.db = False, connection.alias


def _writes_in_one_statement() -> bool:
    return connection.vendor == "postgresql"


@functools.cache
def _numbered_insert_sql() -> str:
    # Table and column names from the models, values as parameters: built once per process.
    number = "(SELECT last_number FROM number)"
    dossier_columns = _insert_columns(Dossier, skip="code")
    event_columns = _insert_columns(DossierEvent, skip="dossier_id")
    dossier_values = ", ".join(["%s"] * len(_insert_fields(Dossier, skip="code")))
    event_values = ", ".join(["%s"] * len(_insert_fields(DossierEvent, skip="dossier_id")))
    return (
        f"WITH number AS ({_take_number_sql()}), "  # noqa: S608
        f"new_dossier AS (INSERT INTO {Dossier._meta.db_table} (code, {dossier_columns}) "
        f"VALUES (%s || lpad({number}::text, greatest({NUMBER_DIGITS}, "
        f"length({number}::text)), '0'), {dossier_values}) RETURNING id, code), "
        f"new_event AS (INSERT INTO {DossierEvent._meta.db_table} (dossier_id, {event_columns}) "
        f"VALUES ((SELECT id FROM new_dossier), {event_values}) RETURNING id) "
        "SELECT new_dossier.id, new_dossier.code, new_event.id FROM new_dossier, new_event"
    )


@functools.cache
def _insert_fields(model: type[Model], *, skip: str) -> tuple:
    """The fields of ``model``'s INSERT but ``skip`` (its primary key left to the database)."""
    return tuple(
        field
        for field in model._meta.local_concrete_fields
        if not field.primary_key and field.attname != skip
    )


def _insert_columns(model: type[Model], *, skip: str) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in _insert_fields(model, skip=skip))


def _insert_values(row: Model, *, skip: str) -> list:
    """``row``'s values for its INSERT, prepared as Django's own INSERT prepares them."""
    return [
        field.get_db_prep_save(field.pre_save(row, add=True), connection)
        for field in _insert_fields(type(row), skip=skip)
    ]
