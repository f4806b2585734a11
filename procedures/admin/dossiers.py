"""Admin of dossiers: read-only, since every change goes through a service and leaves an event."""

from django.contrib import admin

from procedures.models import Dossier, DossierDigest, DossierEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DossierEventInline(admin.TabularInline):
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

    def get_queryset(self, request):
        # One query for the whole timeline, not one per event for its actor and units.
        return super().get_queryset(request).select_related("actor", "giver", "receiver")


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
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
