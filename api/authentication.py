"""API authentication: session, or a token that expires (API_TOKEN_TTL_HOURS) and that its
user can revoke (DELETE /api/v1/auth/token/)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from procedures.prepared import PreparedQuery
from procedures.roles import group_names_column, user_roles_read
from procedures.selectors.dossiers import staff_desks_column, staff_desks_read

# Every API request by token reads it with its user, the user's roles (a row per group) and
# desks in one statement, compiled once per process.
_TOKEN_WITH_USER = PreparedQuery(
    lambda *, key: (
        Token.objects.select_related("user")
        .filter(key=key)
        .annotate(group_name=group_names_column("user"), desks=staff_desks_column("user"))
    ),
    key=models.CharField(),
)


def token_expires_at(token):
    return token.created + timedelta(hours=settings.API_TOKEN_TTL_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token is older than its lifetime."""

    def authenticate_credentials(self, key):
        # DRF's own checks and messages, on the prepared query.
        rows = _TOKEN_WITH_USER.run(key=key)
        if not rows:
            raise AuthenticationFailed(_("Invalid token."))
        token = rows[0]
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        user_roles_read(user, (row.group_name for row in rows))
        staff_desks_read(user, token.desks)
        if token_expires_at(token) <= timezone.now():
            raise AuthenticationFailed(_("The token has expired: ask for a new one."))
        return user, token
