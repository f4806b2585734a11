"""The record of full views of an applicant's personal data (Decree 13/2023/NĐ-CP)."""

from procedures.models import Dossier, PersonalDataView
from procedures.personal_data import user_handles_dossier


def personal_data_view_record(*, user, dossier: Dossier, via: str) -> PersonalDataView:
    """Ghi nhật ký truy cập: ``user`` read ``dossier``'s applicant in full through ``via``
    ("api", "page", "receipt", "receipt-pdf")."""
    return PersonalDataView.objects.create(user=user, dossier=dossier, via=via)


def dossier_applicant_access(*, user, dossier: Dossier, via: str) -> bool:
    """Whether ``user`` reads ``dossier``'s applicant in full; a full view is recorded."""
    if not user_handles_dossier(user, dossier):
        return False
    personal_data_view_record(user=user, dossier=dossier, via=via)
    return True
