"""Template filters of the dossier screens, receipts, the public lookup and the digest."""

from django import template

from procedures.choice_labels import choice_label
from procedures.choices import DossierStatus, Outcome
from procedures.selectors.dossiers import dossier_due_text, moment_text

register = template.Library()


@register.filter
def due_text(dossier) -> str:
    """Hạn giải quyết of ``dossier`` as printed ("25/02/2026 10:00"), or, for a dossier
    without a time limit, why there is none ("Không quy định thời hạn")."""
    return dossier_due_text(dossier)


@register.filter
def moment(value) -> str:
    """A moment as "25/02/2026 10:00" in the province's zone, as ``date:"d/m/Y H:i"`` prints it,
    at a fraction of its cost (rows of the work queue)."""
    return moment_text(value)


@register.filter
def status_label(dossier) -> str:
    """The dossier's state in the active language (a list's rows: see procedures.choice_labels)."""
    return choice_label(DossierStatus, dossier.status)


@register.filter
def outcome_label(dossier) -> str:
    """The dossier's outcome in the active language; empty without one."""
    return "" if dossier.outcome is None else choice_label(Outcome, dossier.outcome)
