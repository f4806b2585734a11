"""Users in the admin, with their audit trail: a role is a group membership, and who gave or
took it, when and from where is on the user's History page (procedures.models.trail)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    pass
