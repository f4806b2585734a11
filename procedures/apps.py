from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Administrative procedures and one-stop desks")

    def ready(self):
        # Deployment checks (manage.py check --deploy): production needs a shared cache.
        from onestop import checks  # noqa: F401
