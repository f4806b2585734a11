"""Administrative units, public administration centres and one-stop desks."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.choices import Level, UnitKind


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Unit(models.Model):
    """Đơn vị hành chính: the province, its departments (sở, ban, ngành), districts and communes.

    Units have validity dates because the 2025 reform abolished districts and merged provinces and
    communes; ``successors`` name the units that took over an ended unit's work.
    """

    code = models.CharField(_("official code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), default=date(1900, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successor units"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    # Lãnh đạo đơn vị: a leader named here answers for this unit alone (a department's director,
    # a commune's chairman): they land on its page and see no other unit's. A leader named on
    # no unit is the province's and sees every unit.
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit leaders"),
        blank=True,
        related_name="led_units",
        help_text=_("Leaders who answer for this unit only; they land on its page."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ("kind", "name")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> int:
        """The level (cấp) whose procedures this unit carries out."""
        return {
            UnitKind.PROVINCE: Level.PROVINCE,
            UnitKind.DEPARTMENT: Level.PROVINCE,
            UnitKind.DISTRICT: Level.DISTRICT,
            UnitKind.COMMUNE: Level.COMMUNE,
        }[self.kind]


class Centre(models.Model):
    """Trung tâm Hành chính công (public administration centre) hosting desks of many agencies."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.IntegerField(_("level"), choices=Level.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="centres",
    )
    valid_from = models.DateField(_("valid from"), default=date(1900, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("public administration centre")
        verbose_name_plural = _("public administration centres")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    """Bộ phận tiếp nhận và trả kết quả (one-stop desk) of a unit, possibly inside a centre.

    ``code`` is the agency code printed in dossier codes (QCVN 102:2016, e.g. ``000.00.06.H56``).
    """

    code = models.CharField(_("agency code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="desks"
    )
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("public administration centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="desks",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="desks"
    )
    valid_from = models.DateField(_("valid from"), default=date(1900, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("one-stop desk")
        verbose_name_plural = _("one-stop desks")
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DeskProcedureRule(models.Model):
    """A per-desk addition or exclusion to the procedures a desk receives by level and agency."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="procedure_rules")
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="desk_rules"
    )
    include = models.BooleanField(
        _("include"), help_text=_("Ticked: the desk also receives it. Unticked: excluded.")
    )

    class Meta:
        verbose_name = _("desk procedure rule")
        verbose_name_plural = _("desk procedure rules")
        constraints = [
            models.UniqueConstraint(fields=("desk", "procedure"), name="desk_procedure_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.desk.code} {'+' if self.include else '-'} {self.procedure_id}"
