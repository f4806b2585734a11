"""Admin screens of administrative units, public administration centres and one-stop desks.

Forms validate with the same rules as the services, and saving goes through the services.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from procedures.admin.roles import AdministratorAccessMixin
from procedures.models import Centre, Desk, DeskProcedureRule, Unit
from procedures.services.units import (
    CENTRE_FIELDS,
    DESK_FIELDS,
    UNIT_FIELDS,
    centre_create,
    centre_errors,
    centre_update,
    desk_create,
    desk_errors,
    desk_update,
    unit_create,
    unit_errors,
    unit_update,
)


class _ServiceForm(forms.ModelForm):
    """Runs the service's validation on the instance the form built, field by field."""

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            for field, messages in self.service_errors().items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)

    def service_errors(self) -> dict[str, list[str]]:
        raise NotImplementedError


class UnitForm(_ServiceForm):
    class Meta:
        model = Unit
        fields = (*UNIT_FIELDS, "successors", "leaders")

    def service_errors(self):
        return unit_errors(
            unit=self.instance,
            parent=self.cleaned_data.get("parent"),
            successors=self.cleaned_data.get("successors") or [],
        )


class CentreForm(_ServiceForm):
    class Meta:
        model = Centre
        fields = CENTRE_FIELDS

    def service_errors(self):
        return centre_errors(centre=self.instance)


class DeskForm(_ServiceForm):
    class Meta:
        model = Desk
        fields = (*DESK_FIELDS, "staff")

    def service_errors(self):
        return desk_errors(desk=self.instance)


class _ServiceAdmin(AdministratorAccessMixin, SimpleHistoryAdmin):
    """Saves through a service; many-to-many fields go to the service too, not save_m2m."""

    fields_saved: tuple[str, ...] = ()
    m2m_saved: tuple[str, ...] = ()

    def _call(self, obj, data, change):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in (*self.fields_saved, *self.m2m_saved)}
        saved = self._call(obj, data, change)
        # The inlines' formsets hold ``obj``: give it the saved row's key.
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class SuccessorInline(AdministratorAccessMixin, admin.TabularInline):
    model = Unit.successors.through
    fk_name = "to_unit"
    verbose_name = _("predecessor unit")
    verbose_name_plural = _("predecessor units (whose work this unit took over)")
    extra = 0
    can_delete = False
    readonly_fields = ("from_unit",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(_ServiceAdmin):
    form = UnitForm
    fields_saved, m2m_saved = UNIT_FIELDS, ("successors", "leaders")
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "valid_to")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("successors", "leaders")
    inlines = (SuccessorInline,)
    list_select_related = ("parent",)

    def _call(self, obj, data, change):
        if change:
            return unit_update(unit=obj, data=data)
        return unit_create(**data)


@admin.register(Centre)
class CentreAdmin(_ServiceAdmin):
    form = CentreForm
    fields_saved = CENTRE_FIELDS
    list_display = ("code", "name", "level", "unit", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)

    def _call(self, obj, data, change):
        if change:
            return centre_update(centre=obj, data=data)
        return centre_create(**data)


class DeskProcedureRuleInline(AdministratorAccessMixin, admin.TabularInline):
    model = DeskProcedureRule
    extra = 1
    raw_id_fields = ("procedure",)
    verbose_name = _("procedure added or excluded")
    verbose_name_plural = _("procedures added to or excluded from what the desk receives")


@admin.register(Desk)
class DeskAdmin(_ServiceAdmin):
    form = DeskForm
    fields_saved, m2m_saved = DESK_FIELDS, ("staff",)
    list_display = ("code", "name", "unit", "centre", "valid_from", "valid_to")
    list_filter = ("centre",)
    search_fields = ("code", "name", "unit__name")
    autocomplete_fields = ("unit", "centre")
    filter_horizontal = ("staff",)
    inlines = (DeskProcedureRuleInline,)
    list_select_related = ("unit", "centre")

    def _call(self, obj, data, change):
        if change:
            return desk_update(desk=obj, data=data)
        return desk_create(**data)
