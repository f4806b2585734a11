"""Thành phần hồ sơ đã nhận: the papers a dossier came with, each digitised at intake or not
and taken from stored digitised data or not, and the two facts of Decision 766 they give
(số hóa thành phần hồ sơ, tái sử dụng dữ liệu số hóa). The one place those facts are derived."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def paper_item(value) -> dict:
    """One paper as stored: ``{"name", "digitised", "reused"}``. A plain name (the API's older
    form, and dossiers stored before issue 19) is a paper neither digitised nor reused."""
    if isinstance(value, dict):
        return {
            "name": str(value.get("name", "")).strip(),
            "digitised": bool(value.get("digitised", False)),
            "reused": bool(value.get("reused", False)),
        }
    return {"name": str(value).strip(), "digitised": False, "reused": False}


def paper_items(papers) -> list[dict]:
    """A dossier's papers as items, whatever form each was stored in; blank names dropped."""
    return [item for item in (paper_item(p) for p in papers or []) if item["name"]]


def paper_items_clean(papers) -> list[dict]:
    """The papers an intake sends, checked: each a name or an object with a name and yes/no
    ``digitised`` / ``reused``. Errors name the paper's position (1-based) and its field."""
    errors = []
    for position, value in enumerate(papers or [], start=1):
        if isinstance(value, str):
            continue
        if not isinstance(value, dict):
            errors.append(
                _("Paper %(n)s: write a name or an object with a name.") % {"n": position}
            )
            continue
        if not str(value.get("name", "")).strip():
            errors.append(_("Paper %(n)s: the name is missing.") % {"n": position})
        for flag in ("digitised", "reused"):
            if flag in value and not isinstance(value[flag], bool):
                errors.append(
                    _("Paper %(n)s: %(field)s must be true or false.")
                    % {"n": position, "field": flag}
                )
        unknown = sorted(set(value) - {"name", "digitised", "reused"})
        if unknown:
            errors.append(
                _("Paper %(n)s: unknown field %(fields)s.")
                % {"n": position, "fields": ", ".join(unknown)}
            )
    if errors:
        raise ValidationError({"papers": errors})
    return paper_items(papers)


def papers_facts(items: list[dict]) -> tuple[bool | None, bool | None]:
    """(papers_digitised, data_reused) of a dossier's papers: every paper digitised; at least
    one taken from stored data. Unknown (None, None) for a dossier received without papers:
    there was nothing to digitise, and a "no" would count against the desk."""
    if not items:
        return None, None
    return all(i["digitised"] for i in items), any(i["reused"] for i in items)
