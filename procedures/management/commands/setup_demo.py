"""``manage.py setup_demo``: demo logins for each role, and the demo province once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from procedures.models import Unit
from procedures.roles import Role
from procedures.services.demo import demo_province_load, number_text
from procedures.services.demo_extend import demo_history_extend
from procedures.services.units import unit_update

# A demo password is printed on purpose: these logins exist only for the demo province.
DEMO_PASSWORD = "onestop-demo"  # noqa: S105
DEMO_USERS = (
    # username, full name, role, is_staff (admin site access)
    ("tiepnhan", "Nguyễn Thị Tiếp Nhận", Role.RECEPTION, False),
    ("kiemsoat", "Trần Văn Kiểm Soát", Role.REFORM_OFFICER, False),
    ("lanhdao", "Lê Văn Lãnh Đạo", Role.LEADER, False),
    ("lanhdaoso", "Võ Thị Lãnh Đạo Sở", Role.LEADER, False),
    ("quantri", "Phạm Quản Trị", Role.ADMINISTRATOR, True),
    # The province's integration platform (LGSP): an API account, no screen of its own.
    ("tichhop", "Nền Tảng Tích Hợp", Role.INTEGRATION, False),
)
# Where each login finds the demo province's content.
DEMO_SCREENS = {
    "tiepnhan": "/  /dossiers/  /dossiers/overdue/  /dossiers/new/",
    "kiemsoat": "/  /danh-muc/  /danh-muc/quyet-dinh/  /danh-muc/ra-soat/  /danh-muc/cong-khai/",
    "lanhdao": "/?period=range&from=01/10/2016&to=31/12/2017  /danh-muc/so-lieu/  /dossiers/list/",
    "lanhdaoso": "/ (/don-vi/86.SNNMT/: the department it answers for)  /dossiers/list/",
    "quantri": "/  /admin/  /api/v1/",
    "tichhop": (
        "/api/v1/dossiers/?national_sync=pending  /api/v1/dossiers/national-sync/pending.csv"
    ),
}
# The unit the department's leader login answers for (Unit.leaders): it lands on its page.
DEMO_LED_UNIT = "86.SNNMT"


class Command(BaseCommand):
    help = (
        "Create a demo login for each role and load the demo province (Trà Vinh, then Vĩnh Long) "
        "once; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply the history's dossier counts (1 gives the 2017 report's figures)",
        )
        parser.add_argument(
            "--logins-only", action="store_true", help="create the logins, load no province"
        )

    def handle(self, *args, **options):
        users = self._logins()
        if not options["logins_only"]:
            self._province(users, scale=options["scale"])
            self._department_leader(users["lanhdaoso"])
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for username, full_name, role, _is_staff in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {Role(role).label}  ({full_name})")
            if not options["logins_only"]:
                self.stdout.write(f"  {'':<10} {DEMO_SCREENS[username]}")

    @transaction.atomic
    def _logins(self) -> dict:
        User = get_user_model()
        users = {}
        for username, full_name, role, is_staff in DEMO_USERS:
            # Vietnamese names put the family name first: "Phạm Quản" + given name "Trị".
            family, _sep, given = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": given, "last_name": family, "is_staff": is_staff},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_superuser = role == Role.ADMINISTRATOR
                user.save()
            user.groups.add(Group.objects.get_or_create(name=role)[0])
            users[username] = user
        return users

    def _department_leader(self, user) -> None:
        unit = Unit.objects.filter(code=DEMO_LED_UNIT).first()
        if unit is not None and not unit.leaders.filter(pk=user.pk).exists():
            unit_update(unit=unit, data={"leaders": [*unit.leaders.all(), user]})

    def _province(self, users: dict, *, scale: float) -> None:
        load = demo_province_load(
            reception_user=users["tiepnhan"],
            officer_user=users["kiemsoat"],
            scale=scale,
            log=lambda message: self.stdout.write(f"  {message}"),
        )
        figures = load.figures
        if load.loaded:
            self.stdout.write(
                _("Demo province loaded in %(seconds)s s.")
                % {"seconds": number_format(load.seconds, decimal_pos=1, use_l10n=True)}
            )
        else:
            # Loaded on an earlier day: its history is brought up to yesterday.
            added = demo_history_extend(
                scale=scale, step=lambda message: self.stdout.write(f"  {message}")
            )
            if added:
                self.stdout.write(
                    _("The demo's history now runs up to yesterday: %(count)s more dossiers.")
                    % {"count": number_text(added)}
                )
            else:
                self.stdout.write(_("The demo province is already loaded: nothing changed."))
        self.stdout.write(
            _(
                "%(units)s units, %(centres)s centres, %(desks)s desks; %(procedures)s procedures "
                "in force, %(decisions)s decisions, %(reviews)s reviews; %(dossiers)s dossiers, "
                "%(events)s events."
            )
            % {
                "units": number_text(figures.units),
                "centres": number_text(figures.centres),
                "desks": number_text(figures.desks),
                "procedures": number_text(figures.procedures_in_force),
                "decisions": number_text(figures.decisions),
                "reviews": number_text(figures.reviews),
                "dossiers": number_text(figures.dossiers),
                "events": number_text(figures.events),
            }
        )
        for centre in figures.centres_2017:
            self.stdout.write(
                "  "
                + _(
                    "%(centre)s, 10/2016–12/2017: %(received)s received, %(late)s late, "
                    "%(after)s resolved after 31/12/2017."
                )
                % {
                    "centre": centre.name,
                    "received": number_text(centre.received),
                    "late": number_text(centre.late),
                    "after": number_text(centre.resolved_after),
                }
            )
        self.stdout.write(
            "  "
            + _("Desk %(desk)s (tiepnhan): %(open)s open dossiers, %(overdue)s overdue.")
            % {
                "desk": figures.desk_code,
                "open": number_text(figures.desk_open),
                "overdue": number_text(figures.desk_overdue),
            }
        )
