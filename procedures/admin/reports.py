"""Generated reports in the admin: read only (they are made by the report screen's task)."""

from django.contrib import admin

from procedures.models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "date_from",
        "date_to",
        "unit",
        "file_format",
        "status",
        "created_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("kind", "status", "file_format")
    fields = (
        "kind",
        "date_from",
        "date_to",
        "unit",
        "file_format",
        "language",
        "status",
        "file_name",
        "error",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
