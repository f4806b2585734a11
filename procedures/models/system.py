"""Operational records that are not part of the administrative domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A row a Celery worker writes when it runs the heartbeat task: proof the worker is alive."""

    worker = models.CharField(_("worker"), max_length=200)
    requested_at = models.DateTimeField(_("requested at"))
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ("-ran_at",)

    def __str__(self) -> str:
        return f"{self.worker} @ {self.ran_at:%Y-%m-%d %H:%M:%S}"
