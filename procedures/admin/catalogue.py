"""Admin screens of the catalogue: for looking things up. The catalogue changes only through
announcement decisions and corrections (the catalogue screens and the API), so versions,
decisions, reviews and imports are read-only here; only a sector's name may be edited."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procedures.models import (
    AnnouncementDecision,
    CatalogueImport,
    DecisionLine,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeReview,
    TimeReviewItem,
)


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(_ReadOnly, SimpleHistoryAdmin):
    """Read-only, with the row's audit trail (procedures.models.trail) on its History page."""


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    readonly_fields = ("code",)

    def has_add_permission(self, request):
        return False  # sectors come with the records that name them

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = ProcedureVersion
    fields = ("valid_from", "superseded_on", "status", "change_kind", "decision_number", "name")
    ordering = ("valid_from",)


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = ("code", "created_at")
    search_fields = ("code", "versions__search_text")
    inlines = [VersionInline]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyAdmin):
    list_display = ("procedure", "name", "valid_from", "superseded_on", "status", "change_kind")
    list_filter = ("status", "change_kind", "level")
    search_fields = ("procedure__code", "search_text")
    list_select_related = ("procedure",)


class DecisionLineInline(ReadOnlyInline):
    model = DecisionLine
    fields = (
        "position",
        "change_kind",
        "procedure_code",
        "replaced_code",
        "name",
        "legal_basis",
        "to_check",
    )


@admin.register(AnnouncementDecision)
class AnnouncementDecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "signed_on", "effective_on", "applied_at")
    search_fields = ("number", "title")
    inlines = [DecisionLineInline]


class TimeReviewItemInline(ReadOnlyInline):
    model = TimeReviewItem
    fields = ("procedure", "legal_time_value", "applied_time_value", "time_unit")


@admin.register(TimeReview)
class TimeReviewAdmin(ReadOnlyAdmin):
    list_display = ("plan_number", "reviewed_on", "effective_on", "applied_at")
    inlines = [TimeReviewItemInline]


@admin.register(CatalogueImport)
class CatalogueImportAdmin(_ReadOnly, admin.ModelAdmin):
    # An import's job row is its own record: not in the trail.

    list_display = ("file_name", "kind", "status", "attempts", "created_by", "created_at")
    list_filter = ("kind", "status")
    exclude = ("content",)

    def get_queryset(self, request):
        # The list shows no file and no problem: neither is read for it (a refused file's
        # problems are up to IMPORT_PROBLEMS_KEPT rows each).
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.defer("content", "problems")
        return queryset
