"""Template filters of the dossier screens, receipts, the public lookup and the digest."""

from django import template

from procedures.selectors.dossiers import dossier_due_text

register = template.Library()


@register.filter
def due_text(dossier) -> str:
    """Hạn giải quyết of ``dossier`` as printed ("25/02/2026 10:00"), or, for a dossier
    without a time limit, why there is none ("Không quy định thời hạn")."""
    return dossier_due_text(dossier)
