"""A database made by the last version with the old migrations (main at 0035, commit 4f9a3aa)
migrates forward with its data intact (issue #23): the squashed migration is taken as applied,
nothing is left to migrate, and the ORM reads every row as the screens will.

The database is tests/migrations/data/main-0035.sql.gz, made by scripts/make_migration_fixture.sh
(setup_demo at a small scale and a generated report, through the project's services), with what a
user would check written beside it in main-0035.json when it was made."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import formats

from procedures.choices import DossierStatus, ImportStatus
from procedures.models import Dossier, DossierEvent, GeneratedReport, Procedure, Unit
from tests.migrations.throwaway import DATA, postgresql_only

pytestmark = postgresql_only

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MANIFEST = json.loads((DATA / "main-0035.json").read_text(encoding="utf-8"))


def _counts(alias: str) -> dict:
    counts = {
        model._meta.label: model.objects.using(alias).count()
        for model in apps.get_app_config("procedures").get_models()
    }
    counts["auth.User"] = get_user_model().objects.using(alias).count()
    return counts


def test_a_database_made_by_main_at_0035_migrates_with_its_data_intact(throwaway_database):
    db = throwaway_database
    alias = db.alias
    db.load_sql(DATA / "main-0035.sql.gz")

    # As `manage.py migrate` runs it, with the system checks (onestop.E001 passes).
    call_command("migrate", database=alias, verbosity=0, interactive=False, skip_checks=False)

    # Recognised as already migrated: the squashed migration is recorded, nothing is left.
    assert db.left_to_migrate() == []
    applied = db.executor().recorder.applied_migrations()
    assert ("procedures", "0001_initial") in applied
    assert ("procedures", "0035_integration_role") in applied

    # Every row is still there, and every model reads its rows (each column the models expect).
    assert _counts(alias) == MANIFEST["counts"]
    for model in apps.get_app_config("procedures").get_models():
        assert len(list(model.objects.using(alias).all()[:20])) == min(
            20, MANIFEST["counts"][model._meta.label]
        )

    # The dossiers: how many in each state, and one of each state as the reception desk sees it.
    statuses = {
        str(status): Dossier.objects.using(alias).filter(status=status).count()
        for status in DossierStatus.values
        if Dossier.objects.using(alias).filter(status=status).exists()
    }
    assert statuses == MANIFEST["statuses"]
    for expected in MANIFEST["dossiers"]:
        dossier = Dossier.objects.using(alias).get(code=expected["code"])
        assert dossier.status == expected["status"]
        assert dossier.due_at == datetime.fromisoformat(expected["due_at"])
        assert (
            DossierEvent.objects.using(alias).filter(dossier=dossier).count() == expected["events"]
        )
        # The due date as the screens print it: dd/mm/yyyy in the province's time zone.
        shown = formats.date_format(dossier.due_at.astimezone(VN), "d/m/Y")
        assert shown == datetime.fromisoformat(expected["due_at"]).astimezone(VN).strftime(
            "%d/%m/%Y"
        )

    # A procedure's history: its versions in order, with their names.
    procedure = Procedure.objects.using(alias).get(code=MANIFEST["procedure"]["code"])
    history = [
        {"valid_from": v.valid_from.isoformat(), "name": v.name}
        for v in procedure.versions.using(alias).order_by("valid_from", "pk")
    ]
    assert history == MANIFEST["procedure"]["history"]
    assert len(history) > 1

    # The units by name, the role groups, the logins, the generated report.
    names = dict(Unit.objects.using(alias).order_by("code").values_list("code", "name")[:5])
    assert names == MANIFEST["units"]
    assert names["29236"] == "Phường 4"
    groups = apps.get_model("auth", "Group").objects.using(alias).values_list("name", flat=True)
    assert sorted(groups) == MANIFEST["groups"]
    logins = get_user_model().objects.using(alias).values_list("username", flat=True)
    assert sorted(logins) == MANIFEST["logins"]
    report = GeneratedReport.objects.using(alias).get()
    assert (report.date_from.isoformat(), report.date_to.isoformat()) == (
        "2017-01-01",
        "2017-12-31",
    )
    assert report.created_by.username == "quantri"
    # The report the administrator downloads is still there to download.
    assert report.status == ImportStatus.DONE
    assert report.file_name.endswith(".md")
    assert bytes(report.content)


def test_a_database_part_way_through_the_old_migrations_is_stopped_with_the_way_to_upgrade(
    throwaway_database,
):
    # An installation older than 4f9a3aa: its last old migration is not applied yet.
    db = throwaway_database
    db.load_sql(DATA / "main-0035.sql.gz")
    db.executor().recorder.record_unapplied("procedures", "0035_integration_role")

    with pytest.raises(SystemCheckError) as stopped:
        call_command(
            "migrate", database=db.alias, verbosity=0, interactive=False, skip_checks=False
        )

    assert "onestop.E001" in str(stopped.value)
    assert "0035_integration_role" in str(stopped.value)
    assert "4f9a3aa" in str(stopped.value)
    # Nothing was migrated: the squashed migration is not recorded as applied.
    applied = db.executor().recorder.applied_migrations()
    assert ("procedures", "0001_initial") not in applied
