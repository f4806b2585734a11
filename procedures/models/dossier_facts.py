"""What happens to a dossier outside the desk: the national portal's confirmations that its
status arrived there, and the citizen's rating of the service."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.choices import DossierStatus, RatingChannel, RatingLevel, ReturnsCount


class NationalSyncConfirmation(models.Model):
    """Xác nhận đồng bộ Cổng DVC quốc gia: the province's integration platform says that the
    dossier's status reached the national public-service portal at ``confirmed_at``. One row
    per status: a repeated confirmation changes nothing."""

    dossier = models.ForeignKey(
        "procedures.Dossier",
        on_delete=models.PROTECT,
        related_name="national_syncs",
        db_index=False,  # the unique (dossier, status) constraint's index serves it
    )
    status = models.IntegerField(_("status"), choices=DossierStatus.choices)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("national portal confirmation")
        verbose_name_plural = _("national portal confirmations")
        ordering = ("dossier", "confirmed_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("dossier", "status"), name="national_sync_dossier_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.status} @ {self.confirmed_at}"


RATING_SCALE = [MinValueValidator(RatingLevel.VERY_DISSATISFIED), MaxValueValidator(5)]


class DossierRating(models.Model):
    """Đánh giá của người dân: the holder of the receipt rates the service once, on the national
    portal's five-step scale. Anonymous by design: nothing here says who rated."""

    dossier = models.OneToOneField(
        "procedures.Dossier", on_delete=models.PROTECT, related_name="rating"
    )
    overall = models.PositiveSmallIntegerField(
        _("overall satisfaction"), choices=RatingLevel.choices, validators=RATING_SCALE
    )
    on_time = models.PositiveSmallIntegerField(
        _("resolved on time"), choices=RatingLevel.choices, validators=RATING_SCALE
    )
    attitude = models.PositiveSmallIntegerField(
        _("staff attitude"), choices=RatingLevel.choices, validators=RATING_SCALE
    )
    returns_count = models.PositiveSmallIntegerField(
        _("times they had to come back"), choices=ReturnsCount.choices
    )
    channel = models.CharField(_("rated on"), max_length=10, choices=RatingChannel.choices)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("citizen's rating")
        verbose_name_plural = _("citizens' ratings")
        ordering = ("-rated_at",)
        indexes = [models.Index(fields=("rated_at",), name="dossier_rating_rated_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.overall}"
