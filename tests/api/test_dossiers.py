"""The dossier API: intake with Idempotency-Key, actions (200/409/403), filters, public lookup."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from procedures.models import Dossier, DossierEvent
from procedures.people import person_name
from procedures.public_lookup import check_value
from procedures.roles import Role
from tests.conftest import _user_with_role
from tests.factories import DeskFactory
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(api_client, reception_user, intake_desk):
    api_client.force_authenticate(reception_user)
    return api_client


def public_url(code: str) -> str:
    return f"/api/v1/public/dossiers/{code}/?check={check_value(code)}"


def intake_body(birth_registration, **overrides):
    body = {
        "procedure": birth_registration.procedure.code,
        "channel": "online",
        "applicant_name": "Thạch Thị Sa Rươl",
        "applicant_id_number": "084190001234",
        "applicant_phone": "0912345678",
        "applicant_address": "Ấp Giồng Lức",
        "papers": PAPERS,
    }
    body.update(overrides)
    return body


def test_post_receives_a_dossier(staff_client, birth_registration):
    response = staff_client.post(
        "/api/v1/dossiers/", intake_body(birth_registration), format="json"
    )

    assert response.status_code == 201
    assert response.data["code"].startswith("000.00.31.H56-")
    assert response.data["status"] == 2
    assert response.data["due_at"]
    assert [e["action"] for e in response.data["events"]] == ["receive"]
    assert response["Location"] == f"/api/v1/dossiers/{response.data['code']}/"


def test_post_receives_a_dossier_without_a_time_limit(
    staff_client, api_client, leader, birth_registration
):
    """No due date, the reason in ``no_time_limit`` (detail, list and public lookup alike), and
    the list's has_time_limit filter picks it out."""
    from procedures.choices import TimeUnit

    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = TimeUnit.NONE
    birth_registration.save()
    response = staff_client.post(
        "/api/v1/dossiers/", intake_body(birth_registration), format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["due_at"] is None
    assert response.data["no_time_limit"] == "Không quy định thời hạn"
    code = response.data["code"]
    cache.clear()
    public = api_client.get(public_url(code)).data
    assert (public["due_at"], public["no_time_limit"]) == (None, "Không quy định thời hạn")
    api_client.force_authenticate(leader)
    listed = api_client.get("/api/v1/dossiers/?has_time_limit=false").data["results"]
    assert [row["code"] for row in listed] == [code]
    assert api_client.get("/api/v1/dossiers/?has_time_limit=true").data["results"] == []


def test_a_retry_with_the_same_idempotency_key_answers_200_with_the_first_dossier(
    staff_client, birth_registration
):
    body = intake_body(birth_registration)
    first = staff_client.post("/api/v1/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = staff_client.post("/api/v1/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    other = staff_client.post(
        "/api/v1/dossiers/",
        intake_body(birth_registration, applicant_name="Người khác"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.data["code"] == first.data["code"]
    assert other.status_code == 422
    assert first.data["code"] in other.data["detail"]
    assert "Idempotency-Key" in other.data["detail"]
    assert Dossier.objects.count() == 1


def test_idempotency_keys_belong_to_the_user_who_sent_them(
    staff_client, api_client, birth_registration, intake_desk
):
    colleague = _user_with_role(Role.RECEPTION, username="dongnghiep")
    intake_desk.staff.add(colleague)
    body = intake_body(birth_registration)
    mine = staff_client.post("/api/v1/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    api_client.force_authenticate(colleague)

    theirs = api_client.post("/api/v1/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    # Another client's key is another request: a second dossier, and nothing of the first.
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert theirs.data["code"] != mine.data["code"]
    assert Dossier.objects.count() == 2


def test_an_overlong_idempotency_key_is_400(staff_client, birth_registration):
    response = staff_client.post(
        "/api/v1/dossiers/",
        intake_body(birth_registration),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k" * 201,
    )
    assert response.status_code == 400
    assert "200" in str(response.data["idempotency_key"])
    assert not Dossier.objects.exists()


def test_invalid_intake_names_the_field(staff_client, birth_registration):
    response = staff_client.post(
        "/api/v1/dossiers/",
        intake_body(birth_registration, applicant_id_number="12345"),
        format="json",
    )
    assert response.status_code == 400
    assert "applicant_id_number" in response.data
    assert "12 chữ số" in str(response.data["applicant_id_number"])


def test_a_leader_may_not_receive(api_client, leader, intake_desk, birth_registration):
    api_client.force_authenticate(leader)
    body = intake_body(birth_registration, desk=intake_desk.code)
    assert api_client.post("/api/v1/dossiers/", body, format="json").status_code == 403


def test_actions_answer_200_409_and_403(staff_client, receive, leader, api_client, agency):
    code = receive(vn(2025, 3, 3, 9, 0)).code

    moved = staff_client.post(
        f"/api/v1/dossiers/{code}/transfer/", {"receiver": agency.code, "note": "chuyển"}
    )
    assert moved.status_code == 200
    assert moved.data["status"] == 4
    assert moved.data["events"][-1]["receiver"] == agency.code
    assert "resolve" in moved.data["allowed_actions"]

    resolved = staff_client.post(f"/api/v1/dossiers/{code}/resolve/")
    assert resolved.status_code == 200
    assert resolved.data["outcome"] in ("early", "on_time", "late")

    again = staff_client.post(f"/api/v1/dossiers/{code}/resolve/")
    assert again.status_code == 409
    assert "Đã giải quyết" in again.data["detail"]
    assert again.data["status"] == 9

    api_client.force_authenticate(leader)
    assert api_client.post(f"/api/v1/dossiers/{code}/return_result/").status_code == 403
    assert DossierEvent.objects.filter(dossier__code=code).count() == 3


def test_staff_of_another_desk_cannot_learn_that_a_dossier_exists(api_client, receive):
    code = receive(vn(2025, 3, 3, 9, 0)).code
    other = _user_with_role(Role.RECEPTION, username="khac")
    DeskFactory(code="000.00.40.H56", staff=[other])
    api_client.force_authenticate(other)

    # The same answer as for a code that does not exist, reading or acting.
    for url in (f"/api/v1/dossiers/{code}/", "/api/v1/dossiers/NOPE-250303-0001/"):
        assert api_client.get(url).status_code == 404
    for url in (
        f"/api/v1/dossiers/{code}/resolve/",
        "/api/v1/dossiers/NOPE-250303-0001/resolve/",
    ):
        response = api_client.post(url)
        assert response.status_code == 404
        assert code not in response.content.decode()
    assert api_client.get("/api/v1/dossiers/").data["results"] == []
    assert DossierEvent.objects.filter(dossier__code=code).count() == 1


@pytest.mark.parametrize("who", ["leader", "leader_at_another_desk"])
def test_a_user_who_reads_the_dossier_but_may_not_act_gets_403(api_client, receive, who, leader):
    code = receive(vn(2025, 3, 3, 9, 0)).code
    user = leader
    if who == "leader_at_another_desk":
        # Also reception staff of another desk: reads every dossier, acts only on that desk's.
        user = _user_with_role(Role.LEADER, username="lanhdao2")
        user.groups.add(Group.objects.get_or_create(name=Role.RECEPTION)[0])
        DeskFactory(code="000.00.41.H56", staff=[user])
    api_client.force_authenticate(user)

    assert api_client.get(f"/api/v1/dossiers/{code}/").data["allowed_actions"] == []
    response = api_client.post(f"/api/v1/dossiers/{code}/resolve/")
    assert response.status_code == 403
    assert DossierEvent.objects.filter(dossier__code=code).count() == 1


def test_staff_of_the_agency_it_was_handed_to_act_through_the_api(
    staff_client, api_client, receive, agency, agency_staff
):
    code = receive(vn(2025, 3, 3, 9, 0)).code
    assert staff_client.post(f"/api/v1/dossiers/{code}/transfer/", {"receiver": agency.code})
    api_client.force_authenticate(agency_staff)

    response = api_client.post(f"/api/v1/dossiers/{code}/resolve/")

    assert response.status_code == 200
    assert response.data["status"] == 9
    assert response.data["events"][-1]["actor"] == person_name(agency_staff)


def test_a_rejection_without_reason_is_400(staff_client, receive):
    code = receive(vn(2025, 3, 3, 9, 0)).code
    response = staff_client.post(f"/api/v1/dossiers/{code}/reject/", {"note": ""})
    assert response.status_code == 400
    assert "reason" in response.data


def test_an_unknown_action_is_404(staff_client, receive):
    code = receive(vn(2025, 3, 3, 9, 0)).code
    assert staff_client.post(f"/api/v1/dossiers/{code}/delete/").status_code == 404


def test_detail_lists_the_events(staff_client, receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    response = staff_client.get(f"/api/v1/dossiers/{dossier.code}/")
    assert response.status_code == 200
    assert response.data["applicant_id_number"] == "084190001234"
    event = response.data["events"][0]
    assert (event["action"], event["to_status_label"]) == ("receive", "Đã tiếp nhận")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"A", "B", "C"}),
        ("status=2", {"A", "C"}),
        ("status=2&status=9", {"A", "B", "C"}),
        ("outcome=early", {"B"}),
        ("received_from=2025-03-04", {"B", "C"}),
        ("received_to=2025-03-03", {"A"}),
        # A: due 06/03 09:00, still open; C: due 07/03 10:00 (overdue once the date passed).
        ("overdue_at=2025-03-06T10:00:00%2B07:00", set()),
        ("overdue_at=2025-03-07T10:00:00%2B07:00", {"A"}),
        ("overdue_at=2025-03-10T08:00:00%2B07:00", {"A", "C"}),
        ("procedure=1.001193&desk=000.00.31.H56", {"A", "B", "C"}),
        ("desk=000.00.99.H56", set()),
    ],
)
def test_the_list_filters(api_client, leader, receive, reception_user, query, expected):
    from procedures.services.dossiers import dossier_resolve

    a = receive(vn(2025, 3, 3, 9, 0))
    b = receive(vn(2025, 3, 4, 9, 0))
    dossier_resolve(dossier=b, actor=reception_user, at=vn(2025, 3, 5, 9, 0))
    c = receive(vn(2025, 3, 4, 10, 0))
    names = {a.code: "A", b.code: "B", c.code: "C"}
    api_client.force_authenticate(leader)

    response = api_client.get(f"/api/v1/dossiers/?{query}")

    assert response.status_code == 200
    assert {names[row["code"]] for row in response.data["results"]} == expected


def test_public_lookup_shows_the_state_without_personal_data(api_client, receive):
    dossier = receive(vn(2025, 3, 3, 9, 0), applicant_email="sa@example.vn")
    cache.clear()

    response = api_client.get(public_url(dossier.code))

    assert response.status_code == 200
    assert response.data["status_label"] == "Đã tiếp nhận"
    assert response.data["procedure_name"] == "Đăng ký khai sinh"
    assert response.data["due_at"]
    body = response.content.decode()
    for secret in ("084190001234", "0912345678", "Giồng Lức", "sa@example.vn", "Sa Rươl"):
        assert secret not in body
    assert api_client.get(public_url("NOPE-1")).status_code == 404
    assert response.data["clock_stopped"] is False
    assert response.data["is_overdue"] is False


def test_public_lookup_says_when_a_dossier_is_overdue(api_client, client, receive):
    from procedures.services.dossiers import dossiers_mark_overdue

    dossier = receive(vn(2025, 3, 3, 9, 0))  # due 06/03/2025, long passed
    dossiers_mark_overdue()
    cache.clear()
    assert api_client.get(public_url(dossier.code)).data["is_overdue"] is True
    query = {"code": dossier.code, "check": check_value(dossier.code)}
    page = client.get("/tra-cuu/", query).content.decode()
    assert '<span class="badge overdue">Quá hạn</span>' in page


def test_public_lookup_says_when_the_clock_is_stopped(api_client, receive, reception_user):
    from procedures.services.dossiers import dossier_request_supplement

    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_request_supplement(dossier=dossier, actor=reception_user, note="Thiếu giấy")
    cache.clear()
    response = api_client.get(public_url(dossier.code))
    assert response.data["clock_stopped"] is True
    assert "Thiếu giấy" not in response.content.decode()


def test_public_lookup_is_throttled_per_client(api_client, receive, settings):
    settings.PUBLIC_LOOKUP_RATE = "3/min"
    cache.clear()
    code = receive(vn(2025, 3, 3, 9, 0)).code
    statuses = [api_client.get(public_url(code)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other_client = api_client.get(public_url(code), REMOTE_ADDR="10.0.0.9").status_code
    assert other_client == 200
    cache.clear()


def test_behind_a_proxy_the_public_lookup_counts_per_forwarded_client(
    api_client, receive, settings
):
    settings.NUM_PROXIES = 1
    settings.PUBLIC_LOOKUP_RATE = "2/min"
    cache.clear()
    code = receive(vn(2025, 3, 3, 9, 0)).code
    url = public_url(code)

    def get(client_ip):
        # Every request reaches the app from the proxy's address.
        return api_client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)

    assert [get("203.0.113.5").status_code for _ in range(3)] == [200, 200, 429]
    assert get("203.0.113.6").status_code == 200
    cache.clear()


def test_received_dates_are_vietnamese_days(api_client, leader, receive):
    late_evening = receive(vn(2025, 3, 3, 23, 30)).code  # 16:30 UTC, still 03/03 in Vietnam
    receive(vn(2025, 3, 4, 0, 30))
    api_client.force_authenticate(leader)

    def codes(query):
        return [r["code"] for r in api_client.get(f"/api/v1/dossiers/?{query}").data["results"]]

    assert codes("received_from=2025-03-03&received_to=2025-03-03") == [late_evening]
    assert late_evening not in codes("received_from=2025-03-04")
