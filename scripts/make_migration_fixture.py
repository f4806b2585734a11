"""Make the "database made by the last main with the old migrations" fixture (issue #23).

Run by scripts/make_migration_fixture.sh on a throwaway PostgreSQL, on the commit that still has
the old migrations 0001…0035 (4f9a3aa). It migrates the empty database, fills it through the
project's own services (``setup_demo`` at a small scale: the units, the catalogue with its
decisions and reviews, the history and the live dossiers in every state with their events, the
roll-ups, a login of each role; then an administrative-reform report asked for and generated),
and writes a manifest of what a user would check (counts, a few dossiers' due dates and states, a
procedure's history, a unit's name) next to the dump. tests/migrations/test_migrate_main_0035.py
loads the dump, migrates it with today's migrations and compares the ORM's reading with it.
"""

import json
import sys
from datetime import date

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

from procedures.models import Dossier, DossierEvent, Procedure, Unit  # noqa: E402
from procedures.services.reports import admin_reform_report_create  # noqa: E402


def fill(scale: float) -> None:
    call_command("migrate", verbosity=0)
    call_command("setup_demo", scale=scale, verbosity=0)
    admin_reform_report_create(
        date_from=date(2017, 1, 1),
        date_to=date(2017, 12, 31),
        file_format="md",
        user=get_user_model().objects.get(username="quantri"),
    )


def manifest() -> dict:
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("procedures").get_models()
    }
    counts["auth.User"] = get_user_model().objects.count()
    statuses = dict(Dossier.objects.values_list("status").annotate(n=Count("id")).order_by())
    dossiers = [
        {
            "code": d.code,
            "status": d.status,
            "due_at": d.due_at.isoformat() if d.due_at else None,
            "received_at": d.received_at.isoformat() if d.received_at else None,
            "events": DossierEvent.objects.filter(dossier=d).count(),
        }
        # One dossier of each state, the latest received.
        for d in (
            Dossier.objects.filter(status=status).order_by("-received_at", "code").first()
            for status in sorted(statuses)
        )
    ]
    procedure = (
        Procedure.objects.annotate(n=Count("versions")).filter(n__gt=1).order_by("-n", "code")[0]
    )
    history = [
        {"valid_from": v.valid_from.isoformat(), "name": v.name}
        for v in procedure.versions.order_by("valid_from", "pk")
    ]
    return {
        "counts": counts,
        "statuses": {str(k): v for k, v in statuses.items()},
        "dossiers": dossiers,
        "procedure": {"code": procedure.code, "history": history},
        "units": dict(Unit.objects.order_by("code").values_list("code", "name")[:5]),
        "groups": sorted(apps.get_model("auth", "Group").objects.values_list("name", flat=True)),
        "logins": sorted(
            get_user_model().objects.values_list("username", flat=True).order_by("username")
        ),
    }


if __name__ == "__main__":
    fill(float(sys.argv[1]))
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(manifest(), out, ensure_ascii=False, indent=1)
