"""Whose dossiers each reader sees (dossiers_visible_to): a leader named on some units sees
those units' dossiers alone, on every list, the API, the warnings and the digest; a leader
named on none sees the province; staff their desk's and those handed to their unit."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from procedures.choices import UnitKind
from procedures.roles import Role
from procedures.selectors.dossiers import dossiers_visible_to
from procedures.selectors.warnings import warnings_for
from procedures.services.dossiers import dossier_act
from procedures.services.dossiers.digest import leader_digest_send
from tests.conftest import _user_with_role
from tests.factories import DeskFactory, UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

# Wednesday afternoon: the dossiers received on Monday are due on Thursday, within a day.
AT = vn(2025, 3, 5, 14, 0)


@pytest.fixture
def world(receive, reception_user, agency, leader):
    """Three dossiers: one kept at the commune's desk, one handed by it to the department, one
    received at another commune's desk; a leader named on the department."""
    kept = receive(vn(2025, 3, 3, 10, 0))
    handed = receive(vn(2025, 3, 3, 11, 0))
    dossier_act(
        dossier=handed, actor=reception_user, action="transfer", receiver=agency,
        at=vn(2025, 3, 4, 8, 0),
    )  # fmt: skip
    other_staff = _user_with_role(Role.RECEPTION, username="tiepnhan_hoaloi")
    other_desk = DeskFactory(
        code="000.00.32.H56",
        name="Bộ phận Một cửa xã Hòa Lợi",
        unit=UnitFactory(code="29702", name="Xã Hòa Lợi", kind=UnitKind.COMMUNE),
        staff=[other_staff],
    )
    elsewhere = receive(vn(2025, 3, 3, 9, 0), desk=other_desk, actor=other_staff)
    unit_leader = _user_with_role(Role.LEADER, username="giamdoc_sotuphap")
    agency.leaders.add(unit_leader)
    users = {"unit leader": unit_leader, "leader": leader, "reception": reception_user}
    for user in users.values():
        user.email = f"{user.username}@travinh.gov.vn"
        user.save()
    return {
        "users": users,
        "dossiers": {"kept": kept, "handed": handed, "elsewhere": elsewhere},
    }


# Reader -> the dossiers they see.
SCOPES = [
    ("unit leader", {"handed"}),
    ("leader", {"kept", "handed", "elsewhere"}),
    ("reception", {"kept", "handed"}),
]


def _fresh(user):
    # Each request builds its user: nothing memoised by an earlier read carries over.
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("screen", ["dossier-list", "dossier-queue", "dossier-overdue"])
@pytest.mark.parametrize(("reader", "seen"), SCOPES)
def test_the_list_screens_show_the_readers_dossiers(client, world, reader, seen, screen):
    # Still open a year on: every one is in the work queue and overdue now.
    client.force_login(world["users"][reader])
    response = client.get(reverse(screen))
    assert response.status_code == 200
    page = response.content.decode()
    shown = {name for name, dossier in world["dossiers"].items() if dossier.code in page}
    assert shown == seen


@pytest.mark.parametrize(("reader", "seen"), SCOPES)
def test_the_api_lists_and_opens_the_readers_dossiers_only(api_client, world, reader, seen):
    api_client.force_authenticate(_fresh(world["users"][reader]))
    listed = {row["code"] for row in api_client.get("/api/v1/dossiers/").data["results"]}
    assert listed == {world["dossiers"][name].code for name in seen}
    for name, dossier in world["dossiers"].items():
        api_client.force_authenticate(_fresh(world["users"][reader]))
        response = api_client.get(f"/api/v1/dossiers/{dossier.code}/")
        assert response.status_code == (200 if name in seen else 404), name


@pytest.mark.parametrize(("reader", "seen"), SCOPES)
def test_the_due_soon_warnings_list_the_readers_dossiers(world, reader, seen):
    user = _fresh(world["users"][reader])
    warnings = warnings_for(queryset=dossiers_visible_to(user), at=AT)
    assert {d.code for d in warnings.due_soon} == {world["dossiers"][n].code for n in seen}


@pytest.mark.parametrize(("reader", "seen"), [s for s in SCOPES if s[0] != "reception"])
@override_settings(SITE_URL="https://motcua.travinh.gov.vn", LANGUAGE_CODE="vi")
def test_a_leaders_digest_lists_their_dossiers_only(world, reader, seen):
    user = world["users"][reader]
    assert leader_digest_send(user=_fresh(user), at=AT)
    [message] = mail.outbox
    assert message.to == [user.email]
    shown = {name for name, dossier in world["dossiers"].items() if dossier.code in message.body}
    assert shown == seen


def test_a_unit_leader_with_nothing_due_in_their_units_gets_no_digest(world, agency):
    # The department's dossier resolved: the other communes' due dossiers are not theirs.
    unit_leader = world["users"]["unit leader"]
    agency.leaders.remove(unit_leader)
    UnitFactory(code="29799", name="Xã Khác", kind=UnitKind.COMMUNE).leaders.add(unit_leader)
    assert not leader_digest_send(user=_fresh(unit_leader), at=AT)
    assert mail.outbox == []
