"""The audit trail (procedures.models.trail): a correction in the admin, a catalogue edit and a
role change each leave who, when, from where, and the values before and after, shown on the
object's History page to administrators (issue 22, "Who changed what, and when")."""

import pytest
from django.contrib.auth.models import Group

from procedures.models import Dossier, Sector
from procedures.roles import Role
from procedures.services.catalogue import procedure_version_correct
from tests.factories import ProcedureVersionFactory, SectorFactory, UserFactory
from tests.procedures.admin.test_dossier_admin import _correction

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.50"


def _changes(newer, older) -> dict:
    return {change.field: (change.old, change.new) for change in newer.diff_against(older).changes}


def test_a_dossier_corrected_in_the_admin_is_in_the_trail(client, administrator, receive):
    dossier = receive()
    old_name = dossier.applicant_name
    assert not dossier.history.exists()  # the desk's own actions write no trail row
    client.force_login(administrator)
    data = _correction(client, dossier, applicant_name="Trần Thị Bình")
    response = client.post(
        f"/admin/procedures/dossier/{dossier.pk}/change/", data, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    after, before = dossier.history.all()[:2]
    assert _changes(after, before) == {"applicant_name": (old_name, "Trần Thị Bình")}
    assert after.history_user == administrator and after.ip_address == ADDRESS
    page = client.get(f"/admin/procedures/dossier/{dossier.pk}/history/")
    assert page.status_code == 200
    assert "Trần Thị Bình" in page.content.decode() and old_name in page.content.decode()


def test_a_dossier_corrected_twice_keeps_one_row_per_state(administrator, receive):
    from procedures.services.dossiers.corrections import dossier_correct

    dossier = receive()
    dossier_correct(dossier=dossier, actor=administrator, changes={"applicant_name": "Lê Văn A"})
    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier_correct(dossier=dossier, actor=administrator, changes={"applicant_name": "Lê Văn B"})
    names = list(dossier.history.order_by("history_date").values_list("applicant_name", flat=True))
    assert names[1:] == ["Lê Văn A", "Lê Văn B"] and len(names) == 3


def test_a_sector_renamed_in_the_admin_is_in_the_trail(client, administrator):
    sector = SectorFactory(name="Hộ tịch")
    client.force_login(administrator)
    administrator.is_superuser = True  # the sector screen keeps Django's model permissions
    administrator.save()
    response = client.post(
        f"/admin/procedures/sector/{sector.pk}/change/",
        {"code": sector.code, "name": "Hộ tịch - Chứng thực"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after, before = Sector.objects.get(pk=sector.pk).history.all()[:2]
    assert _changes(after, before) == {"name": ("Hộ tịch", "Hộ tịch - Chứng thực")}
    assert (after.history_user, after.ip_address) == (administrator, ADDRESS)


def test_a_catalogue_correction_is_in_the_trail(administrator):
    from datetime import date

    version = ProcedureVersionFactory(valid_from=date(2020, 1, 1), name="Đăng ký khai sinh")
    corrected = procedure_version_correct(
        procedure=version.procedure,
        changes={"name": "Đăng ký khai sinh (đính chính)"},
        note="Sai tên thủ tục",
        valid_from=date(2026, 1, 1),
        user=administrator,
    )
    # The version it replaces: before, open; after, ended the day the correction applies.
    ended, opened = version.history.all()[:2]
    assert _changes(ended, opened) == {"superseded_on": (None, date(2026, 1, 1))}
    created = corrected.history.get()
    assert (created.history_type, created.name) == ("+", "Đăng ký khai sinh (đính chính)")


def test_a_role_change_is_in_the_trail(client, administrator):
    officer = UserFactory(username="canbo")
    leaders = Group.objects.get_or_create(name=Role.LEADER)[0]
    officer.groups.add(leaders)
    officer.groups.remove(leaders)
    given, removed = officer.history.order_by("history_date")[1:3]
    assert [g.group_id for g in given.groups.all()] == [leaders.pk]
    assert list(removed.groups.all()) == []
    # Logging in (last_login) writes no trail row.
    rows = officer.history.count()
    officer.set_password("mật-khẩu-2026")
    officer.save()
    client.force_login(officer)
    assert officer.history.count() == rows + 1  # the password change, without the hash
    assert not hasattr(officer.history.first(), "password")

    client.force_login(administrator)
    administrator.is_superuser = True  # Django's user admin keeps its model permissions
    administrator.save()
    page = client.get(f"/admin/auth/user/{officer.pk}/history/")
    assert page.status_code == 200


def test_a_membership_changed_from_the_group_side_is_recorded(db):
    officer = UserFactory(username="canbo")
    leaders = Group.objects.get_or_create(name=Role.LEADER)[0]
    leaders.user_set.add(officer)
    assert [g.group_id for g in officer.history.first().groups.all()] == [leaders.pk]


def test_a_desk_changed_through_the_api_with_a_token_names_its_author(api_client, administrator):
    from rest_framework.authtoken.models import Token

    from tests.factories import DeskFactory

    desk = DeskFactory(name="Bộ phận một cửa cũ")
    key = Token.objects.create(user=administrator).key
    response = api_client.patch(
        f"/api/v1/desks/{desk.pk}/",
        {"name": "Bộ phận một cửa mới"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 200, response.json()
    after, before = desk.history.all()[:2]
    assert _changes(after, before)["name"] == ("Bộ phận một cửa cũ", "Bộ phận một cửa mới")
    assert (after.history_user, after.ip_address) == (administrator, ADDRESS)
