from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Administrative procedures and one-stop desks")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from procedures.models import Desk
        from procedures.roles import memberships_changed

        # Memos of a user's roles and desks (procedures.roles.memo_on_user) are void after any
        # change of groups or desk staff, whichever side it is made from.
        user = get_user_model()
        m2m_changed.connect(memberships_changed, sender=user.groups.through, weak=False)
        m2m_changed.connect(memberships_changed, sender=Desk.staff.through, weak=False)
        for model in (user, Desk):
            post_save.connect(memberships_changed, sender=model, weak=False)
            post_delete.connect(memberships_changed, sender=model, weak=False)

        # A password change or a deactivation revokes the user's API tokens.
        from procedures.services.accounts import connect_credential_signals

        connect_credential_signals(user)

        # Deployment checks (manage.py check --deploy): production needs a shared cache.
        from onestop import checks  # noqa: F401
