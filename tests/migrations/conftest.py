"""The migration tests' fixture: a throwaway database each (tests/migrations/throwaway.py)."""

from tests.migrations.throwaway import throwaway_database  # noqa: F401
