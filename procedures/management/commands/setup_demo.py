"""``manage.py setup_demo``: demo logins for each role, and the demo province once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from procedures.roles import Role

# A demo password is printed on purpose: these logins exist only for the demo province.
DEMO_PASSWORD = "onestop-demo"  # noqa: S105
DEMO_USERS = (
    # username, full name, role, is_staff (admin site access)
    ("tiepnhan", "Nguyễn Thị Tiếp Nhận", Role.RECEPTION, False),
    ("kiemsoat", "Trần Văn Kiểm Soát", Role.REFORM_OFFICER, False),
    ("lanhdao", "Lê Văn Lãnh Đạo", Role.LEADER, False),
    ("quantri", "Phạm Quản Trị", Role.ADMINISTRATOR, True),
)


class Command(BaseCommand):
    help = "Create a demo login for each role (idempotent) and print them."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        for username, full_name, role, is_staff in DEMO_USERS:
            # Vietnamese names put the family name first: "Phạm Quản" + given name "Trị".
            family, _, given = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": given, "last_name": family, "is_staff": is_staff},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_superuser = role == Role.ADMINISTRATOR
                user.save()
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, full_name, role, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {Role(role).label}  ({full_name})")
