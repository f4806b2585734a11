"""Dữ liệu cá nhân (Decree 13/2023/NĐ-CP on personal data protection): who reads an applicant's
identity in full, and what everyone else sees.

Processing is limited to its purpose: the desk that received a dossier and the agency holding
it handle it and read the applicant in full (administrators too: they correct dossiers). A
leader or a reform officer reads statistics and timelines, not identities: the name as its
initials, the ID number, phone, address and e-mail masked. Each full view is recorded
(procedures.services.personal_data.personal_data_view_record).
"""

from procedures.roles import Role, has_role
from procedures.selectors.dossiers import staff_desks_of

MASK = "***"
PERSONAL_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
)


def user_handles_dossier(user, dossier) -> bool:
    """True for the dossier's desk staff, the staff of the agency now holding it, and
    administrators."""
    if has_role(user, Role.ADMINISTRATOR):
        return True
    desks = staff_desks_of(user)
    return any(
        desk.pk == dossier.desk_id or desk.unit_id == dossier.current_agency_id for desk in desks
    )


def name_initials(name: str) -> str:
    """ "Nguyễn Văn An" -> "N. V. A.": enough to tell two rows apart, not to name anyone."""
    return " ".join(f"{part[0].upper()}." for part in (name or "").split()) or ""


def masked_applicant(dossier) -> dict[str, str]:
    """The applicant's fields as a user who does not handle the dossier sees them; an empty
    field stays empty (it says nothing about anyone)."""
    values = {field: getattr(dossier, field, "") or "" for field in PERSONAL_FIELDS}
    masked = {field: (MASK if value else "") for field, value in values.items()}
    masked["applicant_name"] = name_initials(values["applicant_name"])
    return masked


def mask_for_display(dossier) -> None:
    """Mask ``dossier``'s applicant in place, for a page that only shows it (never saved)."""
    for field, value in masked_applicant(dossier).items():
        setattr(dossier, field, value)
    # Saving a masked copy would overwrite the applicant: refuse it outright.
    dossier.save = _refuse_save


def _refuse_save(*args, **kwargs):
    raise RuntimeError("A dossier masked for display is never saved.")
