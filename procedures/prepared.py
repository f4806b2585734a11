"""ORM queries compiled to SQL once per process, for the few that run on every request.

Django builds and compiles a queryset's SQL anew on every run: for the intake's procedure
version lookup (three joins, two subqueries) that took longer than PostgreSQL took to answer it
(issue 9). A :class:`PreparedQuery` is written as an ordinary queryset whose changing values are
:class:`Slot` expressions; it is compiled once per database vendor (and per *shape*: arguments
that change the SQL itself), and each run only binds the slots' values to the same SQL. Rows
become model instances (with their ``select_related`` objects) through Django's own iterables,
so a prepared query returns exactly what the queryset would.

On PostgreSQL the statement is prepared on the server too (:func:`prepared_cursor`): parsed and
planned once per connection instead of at every run. Planning the version lookup took
0,5 ms of PostgreSQL's time per intake, more than running it.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Hashable

from django.conf import settings
from django.db import connections, models
from django.db.models import Expression, F, Field, Lookup, QuerySet


def prepared_cursor(connection=None):
    """A cursor whose statements PostgreSQL keeps prepared on the connection (psycopg prepares
    a statement from its ``prepare_threshold``-th run, set by ``DATABASE_PREPARED_STATEMENTS``).

    Only the few statements sent on every request use it: they bind their parameters on the
    server, which Django's ORM SQL does not always allow (Django #20516), and their plans are
    good for any value (lookups by key), which a generic plan of a list filter need not be.
    Elsewhere (SQLite, or prepared statements turned off for a pooler in transaction mode), an
    ordinary cursor. Queries are logged and counted as Django's own.
    """
    connection = connection or connections["default"]
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return _composed_debug_wrapper()(raw, connection)
    return connection.make_cursor(raw)


@functools.cache
def _composed_debug_wrapper() -> type:
    # Built on first use: the PostgreSQL backend is imported only where it is configured.
    from django.db.backends.postgresql.base import CursorDebugWrapper
    from django.db.backends.utils import CursorWrapper

    class ComposedDebugWrapper(CursorDebugWrapper):
        """Logs (and counts) a statement with its values composed into it, as Django logs
        its own: a prepared statement's text is not kept by psycopg, and Django would log
        ``None``."""

        def execute(self, sql, params=None):
            with self.debug_sql(self.db.ops.compose_sql(sql, params or ())):
                return CursorWrapper.execute(self, sql, params)

    return ComposedDebugWrapper


class _PreparingConnection:
    """The connection as the compiler sees it, whose cursors are :func:`prepared_cursor`."""

    def __init__(self, connection):
        self._connection = connection

    def cursor(self):
        return prepared_cursor(self._connection)

    def __getattr__(self, name):
        return getattr(self._connection, name)


class Slot(Expression):
    """A value bound at each run of a :class:`PreparedQuery`: one placeholder in the SQL, its
    value prepared for the database as ``output_field`` prepares a literal in a lookup. Unlike
    ``filter(field=None)`` (``IS NULL``), a slot bound to ``None`` matches nothing."""

    def __init__(self, name: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class PreparedQuery:
    """``build(*shape, **slots)`` returns the queryset, given :class:`Slot` expressions for the
    values named in ``slots`` (name → the field that prepares the value). ``run(*shape,
    **values)`` returns its rows as a list."""

    def __init__(self, build: Callable[..., QuerySet], **slots: Field):
        self._build = build
        self._slots = slots
        self._compiled: dict[Hashable, tuple] = {}

    def _compile(self, connection, shape: tuple) -> tuple:
        queryset = self._build(
            *shape, **{name: Slot(name, field) for name, field in self._slots.items()}
        )
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        # The columns' converters too (from_db_value and the backend's, called with each run's
        # connection): Django looks them up column by column on every run.
        converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        return queryset, compiler, sql, tuple(params), converters

    def run(self, *shape: Hashable, **values) -> list:
        # The project has one database.
        connection = connections["default"]
        key = (connection.vendor, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(connection, shape)
        queryset, compiler, sql, params, converters = compiled
        bound = [
            param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Slot)
            else param
            for param in params
        ]
        # The compiler of the first run knows the columns and how to build the objects; this
        # run's copy sends the same SQL with this run's values, on this thread's connection.
        run = copy.copy(compiler)
        run.connection = _PreparingConnection(connection)
        run.as_sql = lambda *args, **kwargs: (sql, bound)
        run.get_converters = lambda expressions: converters
        rows = queryset._chain()
        rows.query.get_compiler = lambda *args, **kwargs: run
        return list(rows)


class _AnyOf(Lookup):
    """``column = ANY(CAST(%s AS type[]))``: a list of values bound as one array parameter."""

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        array = f"{self.lhs.output_field.rel_db_type(connection)}[]"
        return f"{lhs} = ANY(CAST({rhs} AS {array}))", [*lhs_params, *rhs_params]


@functools.cache
def _by_ids(model) -> PreparedQuery:
    from django.contrib.postgres.fields import ArrayField

    return PreparedQuery(
        lambda *, ids: model._base_manager.filter(_AnyOf(F("pk"), ids)).order_by(),
        ids=ArrayField(models.BigIntegerField()),
    )


def related_fill_by_id(rows: list, *names: str) -> None:
    """Fill the foreign keys ``names`` of ``rows`` (model instances of one model) as
    ``prefetch_related`` would: one query per related table, by the ids the rows hold.

    On PostgreSQL each query is compiled once per process and binds the ids as one array
    (``id = ANY(%s)``): Django compiles a prefetch's ``IN (…)`` anew on every page, value by
    value, and for a list page of 50 dossiers that took more than its five queries (issue 9).
    Elsewhere, ``prefetch_related_objects``."""
    if not rows:
        return
    connection = connections["default"]
    if connection.vendor != "postgresql":
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(rows, *names)
        return
    meta = type(rows[0])._meta
    for name in names:
        field = meta.get_field(name)
        ids = sorted({getattr(row, field.attname) for row in rows} - {None})
        found = {obj.pk: obj for obj in _by_ids(field.related_model).run(ids=ids)} if ids else {}
        for row in rows:
            field.set_cached_value(row, found.get(getattr(row, field.attname)))
