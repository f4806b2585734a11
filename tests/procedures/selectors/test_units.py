from datetime import date

import pytest

from procedures.choices import Level, UnitKind
from procedures.models import DeskProcedureRule
from procedures.selectors.units import (
    desk_procedure_version_by_code,
    desk_procedure_versions,
    desks_of_user,
    unit_successors_on,
    units_valid_on,
    user_can_act_on_desk,
)
from tests.factories import (
    DeskFactory,
    ProcedureVersionFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)


@pytest.fixture
def reform():
    """Trà Vinh before 1/7/2025 (a district with two communes) and Vĩnh Long after (one merged
    commune that was itself merged again in 2026)."""
    tra_vinh = ProvinceFactory(code="84", valid_from=date(1992, 5, 1), valid_to=date(2025, 6, 30))
    vinh_long = UnitFactory(
        code="86", name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, valid_from=REFORM
    )
    district = UnitFactory(
        code="842", kind=UnitKind.DISTRICT, parent=tra_vinh, valid_to=date(2025, 6, 30)
    )
    town = UnitFactory(code="28756", parent=district, valid_to=date(2025, 6, 30))
    village = UnitFactory(code="28759", parent=district, valid_to=date(2025, 6, 30))
    merged = UnitFactory(code="X1", parent=vinh_long, valid_from=REFORM, valid_to=date(2026, 3, 31))
    merged_again = UnitFactory(code="X9", parent=vinh_long, valid_from=date(2026, 4, 1))
    tra_vinh.successors.set([vinh_long])
    district.successors.set([merged])
    town.successors.set([merged])
    village.successors.set([merged])
    merged.successors.set([merged_again])
    return locals()


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (date(2025, 6, 30), {"84", "842", "28756", "28759"}),
        (date(2025, 7, 1), {"86", "X1"}),
        (date(2026, 4, 1), {"86", "X9"}),
    ],
)
def test_a_report_on_a_past_period_sees_the_units_of_that_period(reform, day, codes):
    assert {u.code for u in units_valid_on(day=day)} == codes


@pytest.mark.parametrize(
    ("code", "day", "successors"),
    [
        ("28756", date(2025, 6, 1), ["28756"]),  # still valid: itself
        ("28756", date(2025, 8, 1), ["X1"]),  # merged into X1
        ("842", date(2026, 5, 1), ["X9"]),  # followed through two reforms
        ("84", date(2026, 5, 1), ["86"]),
        ("X9", date(2020, 1, 1), []),  # did not exist yet
    ],
)
def test_successors_say_which_unit_carries_on_the_work(reform, code, day, successors):
    unit = next(u for u in reform.values() if u.code == code)
    assert [u.code for u in unit_successors_on(unit=unit, day=day)] == successors


def test_an_ended_unit_without_successors_has_none(reform):
    lonely = UnitFactory(code="L1", valid_to=date(2020, 1, 1))
    assert unit_successors_on(unit=lonely, day=date(2021, 1, 1)) == []


def test_reception_staff_act_only_on_their_own_desks(reception_user, leader, administrator):
    own = DeskFactory(staff=[reception_user])
    other = DeskFactory()
    assert user_can_act_on_desk(user=reception_user, desk=own)
    assert not user_can_act_on_desk(user=reception_user, desk=other)
    assert list(desks_of_user(reception_user)) == [own]


def test_administrators_act_on_any_desk_and_leaders_on_none(leader, administrator):
    desk = DeskFactory(staff=[leader])
    assert user_can_act_on_desk(user=administrator, desk=desk)
    # A leader listed on a desk still reads only: acting needs the reception role.
    assert not user_can_act_on_desk(user=leader, desk=desk)


def test_a_user_without_role_or_login_acts_nowhere():
    from django.contrib.auth.models import AnonymousUser

    desk = DeskFactory()
    nobody = UserFactory()
    desk.staff.add(nobody)
    assert not user_can_act_on_desk(user=nobody, desk=desk)
    assert not user_can_act_on_desk(user=AnonymousUser(), desk=desk)


def test_a_desk_receives_its_level_and_agency_plus_additions_minus_exclusions():
    province = ProvinceFactory()
    justice = UnitFactory(code="SOTP", kind=UnitKind.DEPARTMENT, parent=province)
    health = UnitFactory(code="SOYT", kind=UnitKind.DEPARTMENT, parent=province)
    commune = UnitFactory(code="28756", kind=UnitKind.COMMUNE)
    desk = DeskFactory(unit=justice)

    own = ProcedureVersionFactory(
        name="Cấp phiếu lý lịch tư pháp", level=Level.PROVINCE, agency=justice
    )
    untied = ProcedureVersionFactory(name="Thủ tục cấp tỉnh chung", level=Level.PROVINCE)
    others = ProcedureVersionFactory(
        name="Cấp giấy phép hành nghề y", level=Level.PROVINCE, agency=health
    )
    commune_level = ProcedureVersionFactory(
        name="Đăng ký khai sinh", level=Level.COMMUNE, agency=commune
    )
    excluded = ProcedureVersionFactory(
        name="Thủ tục bị loại trừ", level=Level.PROVINCE, agency=justice
    )
    DeskProcedureRule.objects.create(desk=desk, procedure=commune_level.procedure, include=True)
    DeskProcedureRule.objects.create(desk=desk, procedure=excluded.procedure, include=False)

    received = set(desk_procedure_versions(desk=desk, as_of=date(2026, 1, 1)))
    assert received == {own, untied, commune_level}
    assert others not in received and excluded not in received

    # The intake's lookup by code (compiled once) finds exactly what the queryset finds.
    for version in (own, untied, others, commune_level, excluded):
        code = version.procedure.code
        found = desk_procedure_version_by_code(desk=desk, code=code, as_of=date(2026, 1, 1))
        assert found == (version if version in received else None)
    assert desk_procedure_version_by_code(desk=desk, code="0.000", as_of=date(2026, 1, 1)) is None
    # Another desk, of another unit and level, with the SQL already compiled.
    commune_desk = DeskFactory(unit=commune)
    assert (
        desk_procedure_version_by_code(
            desk=commune_desk, code=commune_level.procedure.code, as_of=date(2026, 1, 1)
        )
        == commune_level
    )
    assert (
        desk_procedure_version_by_code(
            desk=commune_desk, code=own.procedure.code, as_of=date(2026, 1, 1)
        )
        is None
    )


def test_a_desk_does_not_receive_procedures_not_yet_in_force():
    desk = DeskFactory(unit=UnitFactory(kind=UnitKind.COMMUNE))
    later = ProcedureVersionFactory(level=Level.COMMUNE, valid_from=date(2027, 1, 1))
    assert later not in desk_procedure_versions(desk=desk, as_of=date(2026, 1, 1))
    assert later in desk_procedure_versions(desk=desk, as_of=date(2027, 1, 1))
    code = later.procedure.code
    assert desk_procedure_version_by_code(desk=desk, code=code, as_of=date(2026, 1, 1)) is None
    found = desk_procedure_version_by_code(desk=desk, code=code, as_of=date(2027, 1, 1))
    assert found == later
    # With its procedure and sector, as the intake uses them, without another query.
    assert found._state.fields_cache["procedure"].code == code
    assert found._state.fields_cache["sector"] == later.sector
