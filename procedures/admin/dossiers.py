"""Admin of dossiers: read-only, since every step goes through a service and leaves an event;
administrators may only correct the channel and the applicant, through
:func:`~procedures.services.dossiers.dossier_correct` (which refreshes the statistics)."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procedures.admin.roles import AdministratorAccessMixin
from procedures.models import (
    Dossier,
    DossierDigest,
    DossierEvent,
    DossierRating,
    NationalSyncConfirmation,
)
from procedures.services.dossiers import (
    CORRECTABLE_FIELDS,
    dossier_correct,
    dossier_correction_errors,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DossierEventInline(AdministratorAccessMixin, admin.TabularInline):
    model = DossierEvent
    fields = (
        "at",
        "action",
        "from_status",
        "to_status",
        "actor",
        "giver",
        "receiver",
        "due_at",
        "new_due_at",
        "note",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # events are immutable

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # One query for the whole timeline, not one per event for its actor and units.
        return super().get_queryset(request).select_related("actor", "giver", "receiver")


class DossierCorrectionForm(forms.ModelForm):
    """The correctable fields, checked by the service's rules before anything is saved."""

    class Meta:
        model = Dossier
        fields = CORRECTABLE_FIELDS

    def _post_clean(self):
        # Not the model's full_clean on an instance changed in place: the service's rules, on
        # the changed fields only, against the dossier as stored.
        if self.errors or self.instance.pk is None:
            return
        stored = Dossier.objects.get(pk=self.instance.pk)
        changes = {f: self.cleaned_data[f] for f in self.changed_data if f in CORRECTABLE_FIELDS}
        for field, messages in dossier_correction_errors(dossier=stored, changes=changes).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


@admin.register(Dossier)
class DossierAdmin(AdministratorAccessMixin, SimpleHistoryAdmin, ReadOnlyAdmin):
    form = DossierCorrectionForm
    list_display = (
        "code",
        "desk",
        "procedure",
        "status",
        "received_at",
        "due_at",
        "closed_at",
        "outcome",
    )
    list_filter = ("status", "outcome", "channel", "is_overdue")
    search_fields = ("code", "applicant_name")
    date_hierarchy = "received_at"
    list_select_related = ("desk", "procedure")
    inlines = [DossierEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_administrator(request)

    def get_readonly_fields(self, request, obj=None):
        # Everything but the correctable fields: states, moments and the clock change only
        # through the desk's actions, each leaving its event.
        return [
            f.name
            for f in Dossier._meta.get_fields()
            if f.concrete and not f.auto_created and f.name not in CORRECTABLE_FIELDS
        ]

    def save_model(self, request, obj, form, change):
        # Through the service: it validates, saves and queues the roll-up refresh on commit.
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in CORRECTABLE_FIELDS}
        dossier_correct(dossier=obj, actor=request.user, changes=changes)

    def get_queryset(self, request):
        # The dossier page shows every foreign key: read them with the dossier.
        return (
            super()
            .get_queryset(request)
            .select_related(
                "desk",
                "procedure",
                "procedure_version__procedure",
                "sector",
                "current_agency",
                "created_by",
            )
        )


@admin.register(DossierDigest)
class DossierDigestAdmin(ReadOnlyAdmin):
    list_display = ("desk", "day", "sent_at", "due_soon_count", "overdue_count")
    list_filter = ("day",)


# Both written only by their services (the integration platform's call, the citizen's form):
# the admin shows them, nobody edits a confirmation or a citizen's answer.
@admin.register(NationalSyncConfirmation)
class NationalSyncConfirmationAdmin(AdministratorAccessMixin, ReadOnlyAdmin):
    list_display = ("dossier", "status", "confirmed_at", "recorded_at")
    list_filter = ("status",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)
    date_hierarchy = "confirmed_at"


@admin.register(DossierRating)
class DossierRatingAdmin(AdministratorAccessMixin, ReadOnlyAdmin):
    list_display = (
        "dossier",
        "overall",
        "on_time",
        "attitude",
        "returns_count",
        "channel",
        "rated_at",
    )
    list_filter = ("overall", "channel")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)
    date_hierarchy = "rated_at"
