"""Role-based permissions for the API: everyone logged in reads; only given roles write; the
integration platform's account (role Tích hợp) reaches only the national-portal endpoints."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from procedures.roles import Role, has_role, integration_only


class IntegrationConfined(BasePermission):
    """An integration-only account may call a view that says so (``integration_allowed``: a
    boolean, or a method of the request for a view that allows only some of its requests);
    every other view answers it 403. Every API view carries this check (a test walks the URLs)."""

    message = _("The integration account may only confirm national-portal synchronisation.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True  # the other permissions decide
        if not integration_only(request.user):
            return True
        allowed = getattr(view, "integration_allowed", False)
        return bool(allowed(request) if callable(allowed) else allowed)


# The default for views that any logged-in user may read (api.settings and the views that set
# their own permission_classes).
AUTHENTICATED = [IsAuthenticated, IntegrationConfined]


class ReadAnyWriteRoles(IntegrationConfined):
    """Authenticated users read; writes need one of ``write_roles`` (set on the view)."""

    default_write_roles = (Role.ADMINISTRATOR,)

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        return has_role(request.user, *getattr(view, "write_roles", self.default_write_roles))
