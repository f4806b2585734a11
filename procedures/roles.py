"""The four roles, kept as Django groups (created by a data migration).

The group names are stable identifiers; their Vietnamese labels come through i18n.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception_staff", _("Reception staff (Tiếp nhận)")
    REFORM_OFFICER = "reform_officers", _("Reform officers (Kiểm soát TTHC)")
    LEADER = "leaders", _("Leaders (Lãnh đạo)")
    ADMINISTRATOR = "administrators", _("Administrators")


def user_roles(user) -> set[str]:
    """The role names a user holds; a superuser holds every role."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role.values)
    return set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))
