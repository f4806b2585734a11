"""Writing what the replay computed: the new dossiers' events and their recomputed fields, by
``COPY`` and one ``UPDATE ... FROM`` on PostgreSQL, by the ORM's bulk calls elsewhere."""

from __future__ import annotations

from procedures.models import Dossier, DossierEvent
from procedures.services.dossier_import.staging import _postgres

REPLAY_STAGE = "dossier_import_replay_stage"
# The dossier's fields the replay recomputes, with the stage's column types.
REPLAYED_FIELDS = (
    ("due_at", "timestamptz"),
    ("clock_started_at", "timestamptz"),
    ("clock_work", "interval"),
    ("current_agency_id", "bigint"),
    ("supplement_count", "integer"),
    ("supplement_requested_at", "timestamptz"),
    ("apology_due_at", "timestamptz"),
    ("outcome", "varchar(10)"),
    ("is_overdue", "boolean"),
    ("clock_ran_out", "boolean"),
    ("waiting_work", "interval"),
    ("late_766", "boolean"),
    ("apology_in_time", "boolean"),
    ("late_agency_id", "bigint"),
)
EVENT_FIELDS = (
    "dossier_id",
    "action",
    "from_status",
    "to_status",
    "actor_id",
    "at",
    "note",
    "giver_id",
    "receiver_id",
    "due_at",
    "new_due_at",
    # The slip's lines (hand-overs and the resolution), as the live services record them.
    "held_work",
    "share_work",
    "late_work",
)


class _ReplayWriter:
    """Writes the replay's results. On PostgreSQL the events go by ``COPY`` straight into the
    event table (batch by batch, in timeline order, so ids follow the timeline) and the
    dossiers' recomputed fields by ``COPY`` into a stage, then one ``UPDATE ... FROM`` at the
    end: ``bulk_update``'s ``CASE WHEN id = ...`` per row and column took 47 s of 106 s per
    million dossiers (issue 9). Elsewhere (SQLite, ``make run``) the ORM's bulk calls."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.postgres = _postgres()
        self.staged = 0
        if self.postgres:
            columns = ", ".join(f"{name} {kind}" for name, kind in REPLAYED_FIELDS)
            cursor.execute(f"DROP TABLE IF EXISTS {REPLAY_STAGE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {REPLAY_STAGE} (id bigint PRIMARY KEY, {columns}) "
                "ON COMMIT DROP"
            )

    def add(self, dossiers: list[Dossier], events: list[DossierEvent]) -> None:
        if not self.postgres:
            DossierEvent.objects.bulk_create(events, batch_size=5_000)
            Dossier.objects.bulk_update(
                dossiers,
                [name.removesuffix("_id") for name, _kind in REPLAYED_FIELDS],
                batch_size=1_000,
            )
            return
        raw = self.cursor.cursor
        event_table = DossierEvent._meta.db_table
        with raw.copy(f"COPY {event_table} ({', '.join(EVENT_FIELDS)}) FROM STDIN") as copy:
            for event in events:
                copy.write_row([getattr(event, name) for name in EVENT_FIELDS])
        names = ", ".join(name for name, _kind in REPLAYED_FIELDS)
        with raw.copy(f"COPY {REPLAY_STAGE} (id, {names}) FROM STDIN") as copy:
            for dossier in dossiers:
                copy.write_row(
                    [dossier.pk, *(getattr(dossier, name) for name, _kind in REPLAYED_FIELDS)]
                )
        self.staged += len(dossiers)

    def finish(self) -> None:
        if not self.postgres or not self.staged:
            return
        table = Dossier._meta.db_table
        assignments = ", ".join(f"{name} = r.{name}" for name, _kind in REPLAYED_FIELDS)
        self.cursor.execute(f"ANALYZE {REPLAY_STAGE}")
        self.cursor.execute(
            f"UPDATE {table} AS d SET {assignments} FROM {REPLAY_STAGE} AS r WHERE d.id = r.id"  # noqa: S608
        )
        self.cursor.execute(f"DROP TABLE {REPLAY_STAGE}")
