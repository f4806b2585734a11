"""How people are named on screens, receipts and in the API."""


def person_name(user) -> str:
    """A staff member's name in Vietnamese order, family name first (họ và tên): "Phạm Quản
    Trị" from last_name "Phạm Quản" and first_name "Trị"; the login when no name is set."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name, user.first_name) if part).strip()
    return name or user.get_username()
