"""The serving index (Decision 766/QĐ-TTg) against hand counts of dossiers and procedures built
here, for the province, a department, a commune and a desk, on PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import Channel, Level, OnlineLevel, RatingChannel
from procedures.models import AnnouncementDecision, DecisionLine, Dossier, DossierRating
from procedures.selectors.serving_index import serving_index
from procedures.selectors.statistics import dossier_statistics
from procedures.services.dossiers import dossier_act
from tests.factories import DeskFactory, ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

MARCH = {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}


def act(dossier, user, action, at):
    return dossier_act(dossier=dossier, actor=user, action=action, note="lý do", at=at)


def facts(dossier, **values):
    Dossier.objects.filter(pk=dossier.pk).update(**values)


def rate(dossier, overall, at):
    DossierRating.objects.create(
        dossier=dossier,
        overall=overall,
        on_time=overall,
        attitude=overall,
        returns_count=0,
        channel=RatingChannel.LOOKUP,
        rated_at=at,
    )


@pytest.fixture
def department_procedure(db):
    """A department's procedure: fully online, paid online, every part published."""
    return ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000001"),
        name="Cấp phiếu lý lịch tư pháp",
        level=Level.PROVINCE,
        online_level=OnlineLevel.FULL,
        online_payment=True,
        fee_amount=200000,
        fees="200.000 đồng",
        papers=["Tờ khai"],
        legal_basis="Luật Lý lịch tư pháp 2009",
        result_documents="Phiếu lý lịch tư pháp",
        processing_time_text="3 ngày làm việc",
        published_on=date(2020, 1, 1),
    )


@pytest.fixture
def department_desk(agency, reception_user):
    return DeskFactory(
        code="000.00.06.H56.TN", name="Một cửa Sở Tư pháp", unit=agency, staff=[reception_user]
    )


@pytest.fixture
def built(receive, reception_user, department_desk, department_procedure, birth_registration):
    """March 2025. Commune desk (birth registration: partly online, a fee text "Không",
    not fully public): c1..c4. Department desk (fully online, paid online): d1, d2."""
    u = reception_user
    birth_registration.online_level = OnlineLevel.PARTIAL
    birth_registration.fees = "Không"
    birth_registration.save()
    c1 = receive(vn(2025, 3, 3, 9, 0))
    facts(c1, papers_digitised=True, data_reused=True, fee_amount=50000, paid_online=False)
    facts(c1, national_synced_at=vn(2025, 3, 3, 9, 5))
    c1 = act(c1, u, "resolve", vn(2025, 3, 4, 9, 0))  # early
    facts(c1, electronic_result=True, result_digitised=True)
    rate(c1, 5, vn(2025, 3, 5, 8, 0))
    c2 = receive(vn(2025, 3, 3, 9, 0), channel=Channel.ONLINE)
    facts(c2, papers_digitised=False, fee_amount=0)
    c2 = act(c2, u, "resolve", vn(2025, 3, 7, 9, 0))  # late
    facts(c2, electronic_result=False, result_digitised=True)
    rate(c2, 2, vn(2025, 3, 10, 8, 0))
    receive(vn(2025, 3, 24, 9, 0))  # open at the end, overdue (due 27/03)
    c4 = receive(vn(2025, 3, 31, 10, 0))  # open, within time
    facts(c4, papers_digitised=True, fee_amount=20000, paid_online=True)
    receive(vn(2025, 4, 1, 9, 0))  # after the period: nowhere

    def dept(at, **kw):
        return receive(
            at,
            desk=department_desk,
            procedure=department_procedure.procedure,
            papers=["Tờ khai"],
            **kw,
        )

    d1 = dept(vn(2025, 3, 4, 9, 0), channel=Channel.ONLINE)
    facts(d1, papers_digitised=True, fee_amount=200000, paid_online=True)
    facts(d1, national_synced_at=vn(2025, 3, 4, 10, 0))
    d1 = act(d1, u, "resolve", vn(2025, 3, 6, 9, 0))
    facts(d1, electronic_result=True)
    d2 = dept(vn(2025, 2, 26, 9, 0))  # received in February, resolved early in March
    act(d2, u, "resolve", vn(2025, 3, 3, 8, 0))
    rate(d2, 4, vn(2025, 3, 3, 9, 0))

    # Announcements signed in March: one published 2 working days later, one 10 days later,
    # one not published but still within its time on 31/03 (not judged yet).
    decision = AnnouncementDecision.objects.create(
        number="100/QĐ-UBND", signed_on=date(2025, 3, 3), effective_on=date(2025, 3, 3)
    )
    late_decision = AnnouncementDecision.objects.create(
        number="101/QĐ-UBND", signed_on=date(2025, 3, 28), effective_on=date(2025, 3, 28)
    )
    for position, (dec, code, published) in enumerate(
        [
            (decision, "1.001193", date(2025, 3, 5)),
            (decision, "2.000001", date(2025, 3, 20)),
            (late_decision, "2.000001", None),
        ],
        start=1,
    ):
        line = DecisionLine.objects.create(
            decision=dec, position=position, change_kind="new", procedure_code=code
        )
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=code),
            # Not in force in March: counted for its decision only.
            valid_from=date(2030, position, 1),
            superseded_on=date(2030, position, 2),
            decision_line=line,
            published_on=published,
        )
    return {"department_desk": department_desk}


def indicator(row, group, key):
    return row["groups"][group]["indicators"][key]


def fractions(row) -> dict:
    return {
        key: (ind["numerator"], ind["denominator"])
        for group in row["groups"].values()
        for key, ind in group["indicators"].items()
    }


def test_the_province_by_hand(built):
    index = serving_index(**MARCH)
    assert index.applies
    t = index.totals
    assert fractions(t) == {
        # The three announced versions: 1 on time, 1 late, 1 still within time (not judged).
        "procedures_published_on_time": (1, 2),
        # In force on 31/03: birth registration and the department's procedure; only the
        # department's is fully public, fully online, paid online.
        "procedures_fully_public": (1, 2),
        "dossiers_synced_national": (2, 5),  # c1, d1 of c1..c4 and d1
        "resolved_in_time": (3, 4),  # c1, d1, d2 of c1, c2, d1, d2
        "in_progress_within_time": (1, 2),  # c4 of c3, c4
        "procedures_online_full": (1, 2),
        "procedures_online_partial": (1, 2),
        "online_submission": (2, 5),  # c2, d1
        "procedures_with_online_payment": (1, 1),  # birth registration has no fee
        "online_payment": (2, 3),  # c4, d1 of c1, c4, d1
        "satisfied": (2, 3),  # 5 and 4 of 5, 2, 4
        "papers_digitised": (3, 5),  # c1, c4, d1
        "results_digitised": (2, 4),  # c1, c2 of c1, c2, d1, d2
        "electronic_result": (2, 4),  # c1, d1
        "data_reused": (1, 5),  # c1
    }


def test_progress_equals_the_766_figures(built):
    t = serving_index(**MARCH).totals
    s = dossier_statistics(**MARCH).totals
    assert indicator(t, "progress", "resolved_in_time")["numerator"] == s["resolved_in_time_766"]
    assert (
        indicator(t, "progress", "in_progress_within_time")["numerator"]
        == s["in_progress_within_time_766"]
    )


def test_a_department_and_a_commune_by_hand(built, commune, agency):
    rows = {r["key"]["unit"]: r for r in serving_index(**MARCH, group_by="unit").rows}
    assert set(rows) == {commune.code, agency.code}
    c, a = fractions(rows[commune.code]), fractions(rows[agency.code])
    assert c["dossiers_synced_national"] == (1, 4)
    assert c["resolved_in_time"] == (1, 2)
    assert c["in_progress_within_time"] == (1, 2)
    assert c["online_submission"] == (1, 4)
    assert c["online_payment"] == (1, 2)
    assert c["satisfied"] == (1, 2)
    assert c["papers_digitised"] == (2, 4)
    assert c["electronic_result"] == (1, 2)
    assert c["data_reused"] == (1, 4)
    # The commune serves birth registration only: partly online, not fully public, no fee;
    # its announcement (signed 03/03, published 05/03) was on time.
    assert c["procedures_fully_public"] == (0, 1)
    assert c["procedures_online_partial"] == (1, 1)
    assert c["procedures_with_online_payment"] == (0, 0)
    assert c["procedures_published_on_time"] == (1, 1)
    assert a["dossiers_synced_national"] == (1, 1)
    assert a["resolved_in_time"] == (2, 2)
    assert a["in_progress_within_time"] == (0, 0)
    assert a["online_submission"] == (1, 1)
    assert a["online_payment"] == (1, 1)
    assert a["satisfied"] == (1, 1)
    assert a["electronic_result"] == (1, 2)
    assert a["procedures_fully_public"] == (1, 1)
    assert a["procedures_online_full"] == (1, 1)
    assert a["procedures_with_online_payment"] == (1, 1)
    # Published 20/03, 13 working days after its signature: late; the one signed 28/03 is
    # still within its time.
    assert a["procedures_published_on_time"] == (0, 1)


def test_a_desk_by_hand(built, intake_desk):
    rows = {r["key"]["desk"]: r for r in serving_index(**MARCH, group_by="desk").rows}
    d = fractions(rows[intake_desk.code])
    assert d["online_submission"] == (1, 4)
    assert d["papers_digitised"] == (2, 4)
    assert d["satisfied"] == (1, 2)
    assert d["resolved_in_time"] == (1, 2)


def test_points_follow_the_files_rule_and_rank(built, commune, agency):
    index = serving_index(**MARCH, group_by="unit")
    rows = {r["key"]["unit"]: r for r in index.rows}
    for row in [*index.rows, index.totals]:
        for group in row["groups"].values():
            for ind in group["indicators"].values():
                n, d, m = ind["numerator"], ind["denominator"], ind["max_points"]
                expected = m if d == 0 else (Decimal(n) * m / Decimal(d)).quantize(Decimal("0.01"))
                assert ind["points"] == expected
            assert group["points"] == sum(i["points"] for i in group["indicators"].values())
        assert row["total_points"] == sum(g["points"] for g in row["groups"].values())
        assert row["provisional"] is True
    # Satisfaction: 1 of 2 ratings satisfied in the commune is 9 of 18 points.
    assert rows[commune.code]["groups"]["satisfaction"]["points"] == Decimal("9.00")
    assert rows[agency.code]["rank"] == 1 and rows[commune.code]["rank"] == 2
    assert rows[agency.code]["total_points"] > rows[commune.code]["total_points"]


def test_by_month_cuts_the_period(built):
    index = serving_index(date_from=date(2025, 2, 1), date_to=date(2025, 3, 31), group_by="month")
    months = {r["key"]["month"]: fractions(r) for r in index.rows}
    assert months["2025-02"]["online_submission"] == (0, 1)  # d2
    assert months["2025-03"]["online_submission"] == (2, 5)
    assert months["2025-03"]["satisfied"] == (2, 3)


@pytest.mark.parametrize(
    ("date_from", "date_to", "applies"),
    [
        (date(2017, 1, 1), date(2017, 12, 31), False),
        (date(2022, 6, 1), date(2022, 6, 30), False),  # starts before 23/06/2022
        (date(2022, 6, 23), date(2022, 6, 30), True),
        (date(2025, 3, 1), date(2025, 3, 31), True),
    ],
)
def test_before_the_decision_the_index_does_not_apply(db, date_from, date_to, applies):
    index = serving_index(date_from=date_from, date_to=date_to)
    assert index.applies is applies
    if not applies:
        assert "23/06/2022" in index.reason and index.totals is None
