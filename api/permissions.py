"""Role-based permissions for the API: everyone logged in reads; only given roles write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from procedures.roles import Role, has_role


class ReadAnyWriteRoles(BasePermission):
    """Authenticated users read; writes need one of ``write_roles`` (set on the view)."""

    default_write_roles = (Role.ADMINISTRATOR,)

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        return has_role(request.user, *getattr(view, "write_roles", self.default_write_roles))
