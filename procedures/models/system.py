"""Operational records that are not part of the administrative domain."""

from django.conf import settings
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


class OutboxMessage(models.Model):
    """Follow-up work (a Celery task) recorded in the same transaction as the change that needs
    it: the change and its follow-up commit together or not at all. The message is sent to the
    broker after the commit; when the broker is down it stays here, unsent, and the worker's
    periodic drain (or its start) sends it once the broker is back. Tasks sent this way are
    idempotent, so the rare message sent twice (sent, then the process died before marking it)
    has its effect once."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ("id",)
        indexes = [
            models.Index(
                fields=["id"], name="outbox_unsent_idx", condition=models.Q(sent_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"


class PersonalDataView(models.Model):
    """Nhật ký truy cập dữ liệu cá nhân: one full view of an applicant's personal data (Decree
    13/2023/NĐ-CP): who, when, which dossier, and where (API, page, receipt)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT
    )
    dossier = models.ForeignKey(
        "procedures.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, db_index=False
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    via = models.CharField(_("via"), max_length=20)

    class Meta:
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ("-at",)
        indexes = [
            models.Index(fields=["dossier", "at"], name="personal_view_dossier_at"),
            models.Index(fields=["user", "at"], name="personal_view_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.dossier_id} {self.at:%Y-%m-%d %H:%M:%S}"
