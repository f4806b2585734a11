"""The API schema and docs describe every endpoint: open while developing (DEBUG), behind a
login in production."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from rest_framework.permissions import BasePermission


class OpenWhenDebug(BasePermission):
    """The schema: anyone with DEBUG, else a logged-in user (session or token)."""

    def has_permission(self, request, view) -> bool:
        return settings.DEBUG or bool(request.user and request.user.is_authenticated)


def login_required_unless_debug(view):
    """The Swagger UI page: with DEBUG open, else the login page first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.DEBUG or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped
