"""Admin screens of the working calendar. Saving and deleting go through
``procedures.services.calendar``, so every change is recorded and open dossiers' due moments are
recomputed."""

from django import forms
from django.contrib import admin, messages
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from procedures.admin.roles import AdministratorAccessMixin
from procedures.models import CalendarChange, CalendarOverride, CalendarSettings
from procedures.services.calendar import (
    calendar_override_create,
    calendar_override_delete,
    calendar_override_errors,
    calendar_override_update,
    calendar_settings_update,
)

RECOMPUTE_MESSAGE = _(
    "The change is recorded; the due moments of open dossiers are being recomputed."
)


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ("day", "kind", "name")

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            for field, messages_ in calendar_override_errors(override=self.instance).items():
                for message in messages_:
                    self.add_error(field, message)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AdministratorAccessMixin, admin.ModelAdmin):
    """Extra days off and make-up working days (ngày làm bù) of the province."""

    form = CalendarOverrideForm
    list_display = ("day", "weekday", "kind", "name", "created_by")
    list_filter = ("kind",)
    date_hierarchy = "day"
    search_fields = ("name",)

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return WEEKDAYS[obj.day.weekday()]

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in ("day", "kind", "name")}
        if change:
            saved = calendar_override_update(override=obj, user=request.user, **data)
        else:
            saved = calendar_override_create(user=request.user, **data)
        obj.pk = saved.pk
        messages.info(request, RECOMPUTE_MESSAGE)

    def delete_model(self, request, obj):
        calendar_override_delete(override=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            calendar_override_delete(override=override, user=request.user)


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(AdministratorAccessMixin, admin.ModelAdmin):
    """Working sessions and supplement-request mode: one row for the province."""

    list_display = ("__str__", "supplement_mode")

    def has_add_permission(self, request):
        # One row only: once saved, it is changed, never added again.
        return super().has_add_permission(request) and not CalendarSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = ("morning_start", "morning_end", "afternoon_start", "afternoon_end")
        saved = calendar_settings_update(
            user=request.user,
            supplement_mode=form.cleaned_data["supplement_mode"],
            **{f: form.cleaned_data[f] for f in fields},
        )
        obj.pk = saved.pk
        messages.info(request, RECOMPUTE_MESSAGE)


@admin.register(CalendarChange)
class CalendarChangeAdmin(AdministratorAccessMixin, admin.ModelAdmin):
    """The log of calendar changes and of the recomputations they caused (read-only)."""

    list_display = (
        "changed_at",
        "description",
        "changed_by",
        "recomputed_at",
        "recomputed_dossiers",
    )
    list_select_related = ("changed_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
