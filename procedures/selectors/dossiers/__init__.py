"""Reads of dossiers (hồ sơ): who may see and act on them, the work queue, the public lookup.

One module per idea: ``access`` (who may read a dossier and act on it), ``lists`` (the work queue
and the other lists), ``overdue`` (hồ sơ quá hạn, now and at any past moment), ``detail`` (one
dossier: its page, slip and the public lookup). Callers import from here.
"""

from procedures.selectors.dossiers.access import (
    DOSSIER_RELATIONS_BY_ID,
    dossier_allowed_actions,
    dossier_apology_refusal,
    dossier_page_relations_fill,
    dossier_user_can_act,
    dossier_user_can_receive,
    dossiers_visible_to,
    staff_desks_column,
    staff_desks_of,
    staff_desks_read,
)
from procedures.selectors.dossiers.detail import (
    SlipLine,
    dossier_due_text,
    dossier_events,
    dossier_get_by_code,
    dossier_has_rating,
    dossier_no_time_limit_text,
    dossier_public_get,
    dossier_slip,
    dossier_transfer_receivers,
    moment_text,
    version_paper_names,
)
from procedures.selectors.dossiers.lists import (
    QUEUE_ROW_FIELDS,
    QUEUE_VERSION_FIELDS,
    WAITING_LAST,
    dossier_overdue_list,
    dossier_work_queue,
    dossiers_national_sync_pending,
)
from procedures.selectors.dossiers.overdue import (
    STOPPED_WHILE_WAITING,
    dossier_is_overdue_now,
    dossiers_open_at,
    dossiers_overdue,
    dossiers_overdue_at,
    dossiers_overdue_by_desk,
)

__all__ = [
    "DOSSIER_RELATIONS_BY_ID",
    "QUEUE_ROW_FIELDS",
    "QUEUE_VERSION_FIELDS",
    "STOPPED_WHILE_WAITING",
    "WAITING_LAST",
    "SlipLine",
    "dossier_allowed_actions",
    "dossier_apology_refusal",
    "dossier_due_text",
    "dossier_events",
    "dossier_get_by_code",
    "dossier_has_rating",
    "dossier_is_overdue_now",
    "dossier_no_time_limit_text",
    "dossier_overdue_list",
    "dossier_page_relations_fill",
    "dossier_public_get",
    "dossier_slip",
    "dossier_transfer_receivers",
    "dossier_user_can_act",
    "dossier_user_can_receive",
    "dossier_work_queue",
    "dossiers_national_sync_pending",
    "dossiers_open_at",
    "dossiers_overdue",
    "dossiers_overdue_at",
    "dossiers_overdue_by_desk",
    "dossiers_visible_to",
    "moment_text",
    "staff_desks_column",
    "staff_desks_of",
    "staff_desks_read",
    "version_paper_names",
]
