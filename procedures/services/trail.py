"""Nhật ký thay đổi của các thao tác hàng loạt: the bulk writes of the imports and of a
publication, with their trail rows.

simple-history writes a trail row from ``post_save``, which ``bulk_create``, ``bulk_update`` and
``update()`` never send: an import of 1.000 procedures would leave no trace of who added them.
These write the trail rows in bulk beside the rows themselves (simple-history's
``bulk_create_with_history`` and ``bulk_update_with_history``), in the caller's transaction,
with the user and the reason (:func:`procedures.models.trail.trail_reason`, naming the import
job). Nothing to write, no trail row: a re-import that changes nothing leaves none.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from procedures.models.trail import (
    TRAIL_RECORDS,
    current_trail_reason,
    current_trail_user,
    trail_reason,
)

BATCH = 1000


def bulk_create_traced(model, objs: Sequence, *, user=None, batch_size: int = BATCH) -> list:
    """Create ``objs`` (one ``+`` trail row each); returns them with their ids."""
    if not objs:
        return []
    return bulk_create_with_history(
        list(objs),
        model,
        batch_size=batch_size,
        default_user=user or current_trail_user(),
        default_change_reason=current_trail_reason(),
    )


def bulk_update_traced(
    model, objs: Sequence, fields: Iterable[str], *, user=None, batch_size: int = BATCH
) -> int:
    """Write ``fields`` of ``objs`` (one ``~`` trail row each, their state after)."""
    if not objs:
        return 0
    return bulk_update_with_history(
        list(objs),
        model,
        list(fields),
        batch_size=batch_size,
        default_user=user or current_trail_user(),
        default_change_reason=current_trail_reason(),
    )


def trail_rows(model, objs: Sequence, *, changed: bool = False, batch_size: int = BATCH) -> None:
    """The trail rows (``+``, or ``~`` when ``changed``) of rows already written, as they now
    stand: a unit created, then given its parent and successors once every new unit had its
    id. Their many-to-many members (a unit's successors) are recorded beside each row."""
    if not objs:
        return
    history = get_history_manager_for_model(model).bulk_history_create(
        list(objs),
        batch_size=batch_size,
        update=changed,
        default_user=current_trail_user(),
        default_change_reason=current_trail_reason(),
    )
    records = TRAIL_RECORDS.get(model)
    if records is not None and records.m2m_fields:
        for row, instance in zip(history, objs, strict=True):
            records.create_historical_record_m2ms(row, instance)


def traced_file_import(service):
    """The trail rows a file's import writes name their reason: the import job running it
    (:func:`procedures.services.catalogue_imports.catalogue_import_run`), else the file (a
    command, the demo); and its user as their author."""

    @functools.wraps(service)
    def run(**kwargs):
        name = kwargs.get("file_name") or Path(kwargs.get("path") or "").name
        reason = current_trail_reason() or _("Import of the file %(file)s") % {"file": name}
        with trail_reason(reason, user=kwargs.get("user")):
            return service(**kwargs)

    return run
