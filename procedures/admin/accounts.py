"""Users and access in the admin: a user's audit trail (a role is a group membership: who gave
or took it, when and from where, on the user's History page, procedures.models.trail), and the
record of full views of applicants' personal data (Decree 13/2023)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from procedures.admin.roles import AdministratorAccessMixin
from procedures.models import PersonalDataView

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    pass


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(AdministratorAccessMixin, admin.ModelAdmin):
    """Read only: a record of access is never edited."""

    list_display = ("at", "user", "dossier", "via")
    list_filter = ("via",)
    date_hierarchy = "at"
    search_fields = ("user__username", "dossier__code")
    list_select_related = ("user", "dossier")
    raw_id_fields = ("user", "dossier")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
