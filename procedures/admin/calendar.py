"""Admin screens of the working calendar. Saving and deleting go through
``procedures.services.calendar``, so every change is recorded and open dossiers' due moments are
recomputed."""

from django import forms
from django.contrib import admin, messages
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from procedures.admin.roles import AdministratorAccessMixin
from procedures.models import (
    CalendarChange,
    CalendarOverride,
    CalendarSettings,
    ClockRuleSet,
    InterconnectedStep,
)
from procedures.services.calendar import (
    calendar_override_create,
    calendar_override_delete,
    calendar_override_errors,
    calendar_override_update,
    calendar_settings_update,
    clock_rule_set_delete,
    clock_rule_set_save,
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
class CalendarOverrideAdmin(AdministratorAccessMixin, SimpleHistoryAdmin):
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
class CalendarSettingsAdmin(AdministratorAccessMixin, SimpleHistoryAdmin):
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


RULE_SET_FIELDS = (
    "name",
    "valid_from",
    "supplement_mode",
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
)


@admin.register(ClockRuleSet)
class ClockRuleSetAdmin(AdministratorAccessMixin, SimpleHistoryAdmin):
    """Rule sets by period (Decree 61/2018 to 30/6/2025, Decree 118/2025 from 1/7/2025): the
    supplement mode and sessions for dossiers received from each date. Saved through
    ``clock_rule_set_save``, so the change is recorded and due moments recomputed."""

    list_display = ("valid_from", "name", "supplement_mode", "morning_start", "afternoon_end")
    fields = RULE_SET_FIELDS

    def save_model(self, request, obj, form, change):
        saved = clock_rule_set_save(
            rule_set=obj if change else None,
            user=request.user,
            **{f: form.cleaned_data[f] for f in RULE_SET_FIELDS},
        )
        obj.pk = saved.pk
        messages.info(request, RECOMPUTE_MESSAGE)

    def delete_model(self, request, obj):
        clock_rule_set_delete(rule_set=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for rule_set in queryset:
            clock_rule_set_delete(rule_set=rule_set, user=request.user)


@admin.register(InterconnectedStep)
class InterconnectedStepAdmin(AdministratorAccessMixin, SimpleHistoryAdmin):
    """The agencies of an interconnected procedure in order, with their shares (read here; set
    through ``interconnected_steps_set`` from the decision's text)."""

    list_display = ("version", "position", "agency", "share_value", "share_unit")
    list_select_related = ("version__procedure", "agency")
    search_fields = ("version__procedure__code", "agency__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
