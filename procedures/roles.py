"""The roles, kept as Django groups (created by data migrations).

The group names are stable identifiers; their Vietnamese labels come through i18n.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from procedures.prepared import PreparedQuery


class Role(models.TextChoices):
    RECEPTION = "reception_staff", _("Reception staff (Tiếp nhận)")
    REFORM_OFFICER = "reform_officers", _("Reform officers (Kiểm soát TTHC)")
    LEADER = "leaders", _("Leaders (Lãnh đạo)")
    ADMINISTRATOR = "administrators", _("Administrators")
    # The province's integration platform (nền tảng tích hợp, LGSP): confirms national-portal
    # synchronisation and reads what is not confirmed yet; nothing else (api.permissions).
    INTEGRATION = "integration", _("Integration (Tích hợp)")


# Bumped whenever a membership that memos depend on changes (see ``ProceduresConfig.ready``):
# a memo computed before the change is not used after it, in this process.
_generation = 0


def memberships_changed(**_kwargs) -> None:
    global _generation
    _generation += 1


def memo_on_user(user, name: str, compute):
    """``compute()`` once per user object: a request's user is built for that request, so one
    request asks the database once for its roles and desks, however many checks it makes (an
    intake checks them three times: the API test pins its queries)."""
    key = f"_onestop_memo_{name}"
    memo = user.__dict__.get(key)
    if memo is not None and memo[0] == _generation:
        return memo[1]
    value = compute()
    user.__dict__[key] = (_generation, value)
    return value


def group_names_column(user_path: str) -> F:
    """An annotation naming a group of the user at ``user_path``: the query that reads a user (an
    API token's) reads their roles too, one row per group (one row, ``None``, for a user in
    none); :func:`user_roles_read` keeps them. A join plans faster than one EXISTS per role."""
    return F(f"{user_path}__groups__name")


def user_roles_read(user, group_names: Iterable[str | None]) -> None:
    """Keep the roles among ``group_names`` (read with :func:`group_names_column`) as ``user``'s,
    as :func:`user_roles` would have read them: no further query for this user object."""
    roles = frozenset(name for name in group_names if name in Role.values)
    user.__dict__["_onestop_memo_roles"] = (_generation, roles)


# Asked on every request that checks a role: compiled once per process.
_ROLES_OF_USER = PreparedQuery(
    lambda *, user_id: Group.objects.filter(user=user_id, name__in=Role.values).values_list(
        "name", flat=True
    ),
    user_id=models.BigIntegerField(),
)


def user_roles(user) -> set[str]:
    """The role names a user holds; a superuser holds every role."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role.values)
    return set(
        memo_on_user(
            user,
            "roles",
            lambda: frozenset(_ROLES_OF_USER.run(user_id=user.pk)),
        )
    )


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def integration_only(user) -> bool:
    """An integration platform's account: the Tích hợp role and no other (a person who also
    holds a role of their own keeps that role's reach)."""
    return user_roles(user) == {Role.INTEGRATION.value}


def user_manages_desks(user) -> bool:
    """Who may see a desk's staff (the one-stop desk's officers, by login name): administrators,
    who write desks. Other roles read a desk without its staff (issue 22)."""
    return user is not None and has_role(user, Role.ADMINISTRATOR)
