"""Who may open the catalogue screens: leaders read, reform officers and administrators write,
and only administrators correct."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin

from procedures.roles import Role, has_role

READERS = (Role.REFORM_OFFICER, Role.ADMINISTRATOR, Role.LEADER)
WRITERS = (Role.REFORM_OFFICER, Role.ADMINISTRATOR)


class RolesRequired(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous users go to the login page; users without one of ``roles`` get 403."""

    roles: tuple[str, ...] = WRITERS

    def test_func(self) -> bool:
        return has_role(self.request.user, *self.roles)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = has_role(self.request.user, *WRITERS)
        context["can_correct"] = has_role(self.request.user, Role.ADMINISTRATOR)
        return context
