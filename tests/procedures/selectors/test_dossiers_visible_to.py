"""Whose dossiers each reader sees (dossiers_visible_to): a leader named on some units sees
those units' dossiers alone, and those of the units under them while they were under them (a
district's communes until the district ended on 30/6/2025), on every list, the API, the
warnings and the digest; a leader named on none sees the province; staff their desk's and those
handed to their unit."""

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
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
def world(receive, reception_user, agency, leader, commune):
    """Four dossiers: one kept at the commune's desk, one handed by it to the department, one
    received at another commune's desk, one received at the first commune's desk after the
    reform ended its district; a leader named on the department, one named on the district."""
    district = UnitFactory(
        code="844", name="Huyện Càng Long", kind=UnitKind.DISTRICT, valid_to=date(2025, 6, 30)
    )
    commune.parent = district
    commune.save(update_fields=["parent"])
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
    after_reform = receive(vn(2025, 7, 15, 9, 0))
    unit_leader = _user_with_role(Role.LEADER, username="giamdoc_sotuphap")
    agency.leaders.add(unit_leader)
    district_leader = _user_with_role(Role.LEADER, username="chutich_canglong")
    district.leaders.add(district_leader)
    users = {
        "unit leader": unit_leader,
        "district leader": district_leader,
        "leader": leader,
        "reception": reception_user,
    }
    for user in users.values():
        user.email = f"{user.username}@travinh.gov.vn"
        user.save()
    return {
        "users": users,
        "dossiers": {
            "kept": kept,
            "handed": handed,
            "elsewhere": elsewhere,
            "after reform": after_reform,
        },
    }


# Reader -> the dossiers they see. The district's leader sees its commune's dossiers received
# while the district existed (the one handed on too: received at their commune's desk), not
# the commune's after the reform, nor another district's commune.
SCOPES = [
    ("unit leader", {"handed"}),
    ("district leader", {"kept", "handed"}),
    ("leader", {"kept", "handed", "elsewhere", "after reform"}),
    ("reception", {"kept", "handed", "after reform"}),
]
# What is open on AT (the warnings' and the digest's moment): not what came in later.
RECEIVED_BY_AT = {"kept", "handed", "elsewhere"}


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
    expected = {world["dossiers"][n].code for n in seen & RECEIVED_BY_AT}
    assert {d.code for d in warnings.due_soon} == expected


@pytest.mark.parametrize(("reader", "seen"), [s for s in SCOPES if s[0] != "reception"])
@override_settings(SITE_URL="https://motcua.travinh.gov.vn", LANGUAGE_CODE="vi")
def test_a_leaders_digest_lists_their_dossiers_only(world, reader, seen):
    user = world["users"][reader]
    assert leader_digest_send(user=_fresh(user), at=AT)
    [message] = mail.outbox
    assert message.to == [user.email]
    shown = {name for name, dossier in world["dossiers"].items() if dossier.code in message.body}
    assert shown == seen & RECEIVED_BY_AT


def test_a_unit_leader_with_nothing_due_in_their_units_gets_no_digest(world, agency):
    # The department's dossier resolved: the other communes' due dossiers are not theirs.
    unit_leader = world["users"]["unit leader"]
    agency.leaders.remove(unit_leader)
    UnitFactory(code="29799", name="Xã Khác", kind=UnitKind.COMMUNE).leaders.add(unit_leader)
    assert not leader_digest_send(user=_fresh(unit_leader), at=AT)
    assert mail.outbox == []


def test_a_district_leader_reads_their_scope_in_one_query(world):
    # The units under the district are read with the units the leader is named on: one query
    # (a recursive one), however deep the tree, besides the leader's roles; none more for a
    # second read in the same request.
    user = _fresh(world["users"]["district leader"])
    with CaptureQueriesContext(connection) as queries:
        dossiers_visible_to(user)
        dossiers_visible_to(user)
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 2, sql
    assert sum("WITH RECURSIVE" in text for text in sql) == 1


def test_a_district_leader_may_open_their_communes_pages_only(client, world, commune):
    """While the district existed (it ended on 30/06/2025), its leader opens its communes'
    pages and no other commune's; after that the commune is no longer theirs."""
    client.force_login(world["users"]["district leader"])
    while_district = {"period": "range", "from": "01/01/2025", "to": "30/06/2025"}
    page = reverse("unit-page", args=[commune.code])
    assert client.get(page, while_district).status_code == 200
    assert client.get(reverse("unit-page", args=["29702"]), while_district).status_code == 403
    after = {"period": "range", "from": "01/08/2025", "to": "31/08/2025"}
    assert client.get(page, after).status_code == 403
