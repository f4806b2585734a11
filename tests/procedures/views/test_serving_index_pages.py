"""The serving index on screen: the leaders' page (score, groups against last month,
agencies worst first, each indicator one click from its dossiers) and the reform officers'
catalogue work list."""

from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from procedures.models import AnnouncementDecision, DecisionLine
from procedures.reports.serving_index import serving_index_dashboard
from tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db
URL = "/chi-so-phuc-vu/"


def test_march_scores_and_ranks_the_agencies_worst_first(built, commune, agency):
    page = serving_index_dashboard(month=date(2025, 3, 1), today=date(2025, 4, 10))
    assert page["applies"] and page["last"] == date(2025, 3, 31)
    assert [a["code"] for a in page["agencies"]] == [commune.code, agency.code]
    assert page["total"] == sum(g["points"] for g in page["groups"])
    # February had only d2 (received 26/02, open at the end): the change is this month's
    # points minus February's, group by group.
    for group in page["groups"]:
        assert group["change"] == group["points"] - group["previous"]


def test_the_weakest_indicators_link_lands_on_exactly_its_dossiers(built, commune, client, leader):
    page = serving_index_dashboard(month=date(2025, 3, 1), today=date(2025, 4, 10))
    commune_row = page["agencies"][0]
    link = commune_row["weakest_link"]
    assert link, commune_row["weakest"]["key"]
    client.force_login(leader)
    answer = client.get(f"/dossiers/list/?{link}")
    assert answer.status_code == 200
    params = {k: v[0] for k, v in parse_qs(link).items()}
    assert params["unit"] == commune.code
    ind = commune_row["weakest"]
    listed = list(answer.context["page"].object_list)
    assert len(listed) == ind["denominator"] - ind["numerator"] > 0
    assert {d.desk.unit.code for d in listed} == {commune.code}


def test_the_leader_sees_the_page(client, leader, built):
    client.force_login(leader)
    month = timezone.localdate().strftime("%Y-%m")
    answer = client.get(URL, {"month": month})
    assert answer.status_code == 200
    assert b"index-total" in answer.content or b"index-not-applicable" in answer.content
    assert client.get(URL, {"month": "2017-03"}).status_code == 200
    assert "23/06/2022" in client.get(URL, {"month": "2017-03"}).content.decode()
    assert client.get(URL, {"month": "03/2017"}).status_code == 400


def test_reception_staff_are_refused(client, reception_user):
    client.force_login(reception_user)
    assert client.get(URL).status_code == 403


def test_the_reform_officers_work_list(client, reform_officer, built, birth_registration):
    # A decision signed a month ago whose procedure is still not published: late; those of
    # March 2025 are older than the list's twelve months.
    signed = timezone.localdate() - timedelta(days=30)
    decision = AnnouncementDecision.objects.create(
        number="200/QĐ-UBND", signed_on=signed, effective_on=signed
    )
    line = DecisionLine.objects.create(
        decision=decision, position=1, change_kind="new", procedure_code="3.000001"
    )
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="3.000001"), valid_from=signed, decision_line=line
    )
    client.force_login(reform_officer)
    answer = client.get("/chi-so-phuc-vu/danh-muc/")
    assert answer.status_code == 200
    work = answer.context["work"]
    # Birth registration (no legal basis, result or publication) and the new unpublished one.
    assert [v["procedure__code"] for v in work["not_fully_public"]["rows"]] == [
        "1.001193",
        "3.000001",
    ]
    assert work["no_online_payment"]["rows"] == []
    late = work["published_late"]["rows"]
    assert [v["procedure__code"] for v in late] == ["3.000001"]
    assert late[0]["working_days"] > 5 and late[0]["published_on"] is None


def test_someone_without_a_role_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("x", password="y-1234567"))
    assert client.get("/chi-so-phuc-vu/danh-muc/").status_code == 403
