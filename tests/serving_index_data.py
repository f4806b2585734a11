"""Data for the serving index's tests: March 2025, a commune desk and a department's desk,
with every fact of the index set by hand (see ``built``'s docstring for the counts)."""

from datetime import date

import pytest

from procedures.choices import Channel, Level, OnlineLevel, RatingChannel
from procedures.models import AnnouncementDecision, DecisionLine, Dossier, DossierRating
from procedures.services.dossiers import dossier_act
from tests.factories import DeskFactory, ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import vn

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
