"""Admin access by role: the administrators group (Quản trị) manages these screens without
per-model permissions having to be granted one by one."""

from procedures.roles import Role, has_role


class AdministratorAccessMixin:
    """Users holding the administrator role (and staff status, which the admin site requires)
    may view, add, change and delete; others keep their Django model permissions."""

    def _is_administrator(self, request) -> bool:
        return request.user.is_active and has_role(request.user, Role.ADMINISTRATOR)

    def has_module_permission(self, request):
        return self._is_administrator(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_administrator(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request) or super().has_delete_permission(request, obj)
