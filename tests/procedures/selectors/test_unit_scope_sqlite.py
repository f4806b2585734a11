"""The leader's scope query also runs on SQLite, the embedded database of `make run`.

The test suite runs on PostgreSQL, so a PostgreSQL-only function in the scope's raw SQL
(GREATEST/LEAST once) passed every test while the demo's leader pages answered 503.
"""

import sqlite3
from datetime import date

import pytest

from procedures.selectors import units
from procedures.selectors.units import _SCOPE_SQL, _scope_read


@pytest.fixture
def sqlite_units():
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE procedures_unit (id INTEGER PRIMARY KEY, code TEXT, parent_id INTEGER,
                                      valid_from DATE NOT NULL, valid_to DATE);
        CREATE TABLE procedures_unit_leaders (id INTEGER PRIMARY KEY, unit_id INTEGER,
                                              user_id INTEGER);
        -- A district that ended with the reform, a commune that outlived it, and a
        -- department with no end.
        INSERT INTO procedures_unit VALUES (1, 'H', NULL, '1900-01-01', '2025-06-30');
        INSERT INTO procedures_unit VALUES (2, 'X', 1, '2008-01-01', NULL);
        INSERT INTO procedures_unit VALUES (3, 'S', NULL, '1900-01-01', NULL);
        INSERT INTO procedures_unit_leaders VALUES (1, 1, 7);
        INSERT INTO procedures_unit_leaders VALUES (2, 3, 8);
        """
    )
    return db


class _SqliteConnection:
    """Stands in for Django's connection: the same SQL, run by SQLite."""

    def __init__(self, db):
        self.db = db

    def cursor(self):
        db = self.db

        class Cursor:
            def __enter__(self):
                self.inner = db.cursor()
                return self

            def __exit__(self, *exc):
                self.inner.close()

            def execute(self, sql, params):
                self.inner.execute(sql.replace("%s", "?"), params)

            def fetchall(self):
                return self.inner.fetchall()

        return Cursor()


@pytest.mark.parametrize(
    ("user_id", "expected"),
    [
        # The district's leader: the district, and the commune only while the district existed.
        (
            7,
            [
                ("H", True, date(1900, 1, 1), date(2025, 6, 30)),
                ("X", False, date(2008, 1, 1), date(2025, 6, 30)),
            ],
        ),
        # A department with no end stays open.
        (8, [("S", True, date(1900, 1, 1), None)]),
    ],
)
def test_the_scope_query_runs_on_sqlite(monkeypatch, sqlite_units, user_id, expected):
    assert "GREATEST" not in _SCOPE_SQL and "LEAST" not in _SCOPE_SQL
    monkeypatch.setattr(units, "connection", _SqliteConnection(sqlite_units))

    scope = _scope_read(user_id)

    assert [(u.code, u.named, u.valid_from, u.valid_to) for u in scope] == expected
    assert scope[0].overlaps(date(2025, 1, 1), date(2025, 12, 31))
