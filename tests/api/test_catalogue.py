from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from procedures.choices import Level
from procedures.models import AnnouncementDecision, ProcedureVersion, TimeReview
from procedures.services.decisions import decision_apply, decision_create
from tests.catalogue_data import decision_kwargs, line, new_record
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    civil = SectorFactory(code="HT", name="Hộ tịch")
    building = SectorFactory(code="XD", name="Xây dựng")
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001193"),
        name="Đăng ký khai sinh",
        sector=civil,
        level=Level.COMMUNE,
        online_level=4,
        agency_name="Ủy ban nhân dân cấp xã",
    )
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001022"),
        name="Đăng ký kết hôn",
        sector=civil,
        level=Level.COMMUNE,
        online_level=3,
        superseded_on=date(2020, 1, 1),
    )
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001022"),
        name="Đăng ký kết hôn",
        sector=civil,
        level=Level.COMMUNE,
        valid_from=date(2020, 1, 1),
        status="abolished",
        change_kind="abolished",
    )
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000635"),
        name="Cấp giấy phép xây dựng",
        sector=building,
        level=Level.DISTRICT,
        agency_name="Phòng Kinh tế và Hạ tầng",
    )


def _codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["1.001193", "2.000635"]),
        ("?as_of=2019-12-31", ["1.001022", "1.001193", "2.000635"]),
        ("?status=abolished", ["1.001022"]),
        ("?code=2.000635", ["2.000635"]),
        ("?sector=HT", ["1.001193"]),
        ("?level=2", ["2.000635"]),
        ("?online_level=4", ["1.001193"]),
        ("?agency_name=kinh%20t%E1%BA%BF", ["2.000635"]),
        ("?q=dang%20ky%20khai%20sinh", ["1.001193"]),
        ("?q=%C4%90%C4%82NG%20K%C3%9D", ["1.001193"]),  # "ĐĂNG KÝ"
        ("?q=giay+phep&level=3", []),
        ("?q=2.0006", ["2.000635"]),
    ],
)
def test_the_catalogue_is_filtered_and_searched_without_diacritics(
    api_client, leader, catalogue, query, codes
):
    api_client.force_authenticate(leader)
    assert _codes(api_client.get(f"/api/v1/procedures/{query}")) == codes


def test_search_folds_on_the_suite_database_too(api_client, leader, catalogue):
    # make test runs this on PostgreSQL: the folded column, not the database's collation,
    # makes "khai SINH" find "Đăng ký khai sinh".
    api_client.force_authenticate(leader)
    assert connection.vendor in {"postgresql", "sqlite"}
    assert _codes(api_client.get("/api/v1/procedures/?q=khai%20SINH&as_of=2019-01-01")) == [
        "1.001193"
    ]


def test_a_bad_filter_is_a_400(api_client, leader, catalogue):
    api_client.force_authenticate(leader)
    assert api_client.get("/api/v1/procedures/?as_of=31-02-2017").status_code == 400
    assert api_client.get("/api/v1/procedures/?level=7").status_code == 400


def test_detail_by_code_and_history(api_client, reception_user, catalogue):
    api_client.force_authenticate(reception_user)
    detail = api_client.get("/api/v1/procedures/1.001193/")
    assert detail.status_code == 200
    assert detail.json()["name"] == "Đăng ký khai sinh"
    assert detail.json()["sector"] == {"code": "HT", "name": "Hộ tịch"}
    abolished = api_client.get("/api/v1/procedures/1.001022/").json()
    assert abolished["status"] == "abolished"
    assert api_client.get("/api/v1/procedures/1.001022/?as_of=2019-06-01").json()["status"] == (
        "in_force"
    )
    history = api_client.get("/api/v1/procedures/1.001022/history/").json()
    assert [(v["valid_from"], v["status"]) for v in history] == [
        ("2016-01-01", "in_force"),
        ("2020-01-01", "abolished"),
    ]
    assert "status" in [change["field"] for change in history[1]["changed_fields"]]
    assert api_client.get("/api/v1/procedures/9.999999/").status_code == 404


def test_reading_needs_a_login(api_client, catalogue):
    assert api_client.get("/api/v1/procedures/").status_code in (401, 403)


DECISION = {
    "number": "2061/QĐ-UBND",
    "signed_on": "2017-02-20",
    "effective_on": "2017-03-01",
    "signer": "Đồng Văn Lâm",
    "lines": [
        {"change_kind": "new", "procedure_code": "1.013871", "record": new_record()},
        {
            "change_kind": "amended",
            "procedure_code": "2.000635",
            "record": {"processing_time_value": "10", "fees": "50.000 đồng"},
            "legal_basis": "Nghị định 15/2021/NĐ-CP",
        },
        {"change_kind": "abolished", "procedure_code": "1.001193"},
    ],
}


@pytest.mark.parametrize("role", ["reception_user", "leader"])
def test_only_reform_officers_and_administrators_write(api_client, request, catalogue, role):
    api_client.force_authenticate(request.getfixturevalue(role))
    assert api_client.post("/api/v1/decisions/", DECISION, format="json").status_code == 403
    assert (
        api_client.post(
            "/api/v1/reviews/",
            {"plan_number": "1", "reviewed_on": "2017-01-01", "items": []},
            format="json",
        ).status_code
        == 403
    )
    assert (
        api_client.post(
            "/api/v1/catalogue/publish/",
            {"versions": [1], "published_on": "2017-01-01"},
            format="json",
        ).status_code
        == 403
    )
    assert api_client.get("/api/v1/decisions/").status_code == 200


def test_an_officer_enters_and_applies_a_decision(api_client, reform_officer, catalogue):
    api_client.force_authenticate(reform_officer)
    created = api_client.post("/api/v1/decisions/", DECISION, format="json")
    assert created.status_code == 201, created.content
    decision_id = created.json()["id"]
    assert [line["change_kind"] for line in created.json()["lines"]] == [
        "new",
        "amended",
        "abolished",
    ]

    applied = api_client.post(f"/api/v1/decisions/{decision_id}/apply/")

    assert applied.status_code == 200, applied.content
    assert applied.json()["applied"] == {"new": 1, "amended": 1, "replaced": 0, "abolished": 1}
    assert applied.json()["decision"]["applied_by"] == "kiemsoat"
    codes = _codes(api_client.get("/api/v1/procedures/?as_of=2017-03-01"))
    assert codes == ["1.001022", "1.013871", "2.000635"]
    amended = api_client.get("/api/v1/procedures/2.000635/history/").json()
    assert [v["processing_time_value"] for v in amended] == ["3.00", "10.00"]
    assert amended[1]["decision_number"] == "2061/QĐ-UBND"

    twice = api_client.post(f"/api/v1/decisions/{decision_id}/apply/")
    assert twice.status_code == 409
    assert "đã được áp dụng" in twice.json()["problems"][0]["message"]


def test_a_decision_line_announces_several_levels_through_the_api(
    api_client, reform_officer, catalogue
):
    """ "Cấp tỉnh, Cấp huyện, Cấp xã" as a set of levels; "Cơ quan khác" (4) as one of its own."""
    api_client.force_authenticate(reform_officer)
    decision = {
        **DECISION,
        "lines": [
            {
                "change_kind": "new",
                "procedure_code": "1.013871",
                "record": {**new_record(), "levels": [1, 2, 3]},
            },
            {
                "change_kind": "amended",
                "procedure_code": "2.000635",
                "record": {"levels": [3, 4]},
            },
        ],
    }
    created = api_client.post("/api/v1/decisions/", decision, format="json")
    assert created.status_code == 201, created.content
    applied = api_client.post(f"/api/v1/decisions/{created.json()['id']}/apply/")
    assert applied.status_code == 200, applied.content
    assert api_client.get("/api/v1/procedures/1.013871/").json()["levels"] == [1, 2, 3]
    assert api_client.get("/api/v1/procedures/2.000635/").json()["levels"] == [3, 4]


def test_a_contradictory_decision_is_refused_with_409_naming_its_lines(
    api_client, reform_officer, catalogue
):
    api_client.force_authenticate(reform_officer)
    body = {
        **DECISION,
        "lines": [
            {"change_kind": "abolished", "procedure_code": "1.999999"},
            {"change_kind": "new", "procedure_code": "1.001193", "record": new_record()},
            {"change_kind": "abolished", "procedure_code": "2.000635"},
        ],
    }
    decision_id = api_client.post("/api/v1/decisions/", body, format="json").json()["id"]
    response = api_client.post(f"/api/v1/decisions/{decision_id}/apply/")
    assert response.status_code == 409
    assert [(p["line"], p["code"]) for p in response.json()["problems"]] == [
        (1, "1.999999"),
        (2, "1.001193"),
    ]
    assert ProcedureVersion.objects.filter(procedure__code="2.000635").count() == 1


def test_a_malformed_decision_is_refused_with_400_naming_its_lines(
    api_client, reform_officer, catalogue
):
    api_client.force_authenticate(reform_officer)
    body = {
        **DECISION,
        "lines": [
            {"change_kind": "new", "procedure_code": "12345", "record": new_record()},
            {"change_kind": "new", "procedure_code": "1.000123", "record": {"name": "Thiếu"}},
        ],
    }
    response = api_client.post("/api/v1/decisions/", body, format="json")
    assert response.status_code == 400
    located = {(p["line"], p.get("column")) for p in response.json()["problems"]}
    assert (1, "procedure_code") in located
    assert (2, "level") in located
    assert not AnnouncementDecision.objects.exists()


def test_a_review_is_created_and_read_with_derived_buckets(api_client, reform_officer, catalogue):
    api_client.force_authenticate(reform_officer)
    response = api_client.post(
        "/api/v1/reviews/",
        {
            "plan_number": "22/KH-UBND",
            "reviewed_on": "2017-06-01",
            "items": [
                {"procedure_code": "1.001193", "applied_time_value": "1.5"},
                {"procedure_code": "2.000635", "applied_time_value": "2", "legal_time_value": "3"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert [i["bucket"] for i in response.json()["items"]] == ["half", "third"]
    listed = api_client.get("/api/v1/reviews/").json()["results"]
    assert listed[0]["items"][0]["procedure_code"] == "1.001193"
    assert TimeReview.objects.count() == 1


def test_unpublished_changes_are_listed_and_marked_published(api_client, reform_officer, catalogue):
    api_client.force_authenticate(reform_officer)
    unpublished = api_client.get("/api/v1/catalogue/unpublished/").json()
    assert unpublished["count"] == 4
    ids = [row["id"] for row in unpublished["results"][:2]]
    response = api_client.post(
        "/api/v1/catalogue/publish/",
        {"versions": ids, "published_on": "2020-02-03"},
        format="json",
    )
    assert response.json() == {"published": 2}
    assert api_client.get("/api/v1/catalogue/unpublished/").json()["count"] == 2
    again = api_client.post(
        "/api/v1/catalogue/publish/",
        {"versions": ids, "published_on": "2020-02-03"},
        format="json",
    )
    assert again.status_code == 400


def test_figures_for_a_period(api_client, leader, catalogue):
    decision_apply(
        decision=decision_create(
            **decision_kwargs(effective_on=date(2021, 3, 1)),
            lines=[line("new", f"1.10000{n}", new_record(level=1)) for n in range(3)],
        )
    )
    api_client.force_authenticate(leader)
    response = api_client.get("/api/v1/catalogue/figures/?from=2021-01-01&to=2021-12-31")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["announced"]["new"] == 3
    assert body["announced"]["abolished"] == 0
    assert {row["level"]: row["total"] for row in body["in_force"]} == {1: 3, 2: 1, 3: 1}
    by_level = api_client.get("/api/v1/catalogue/figures/?from=2021-01-01&to=2021-12-31&level=1")
    assert by_level.json()["in_force_total"]["total"] == 3
    by_agency = api_client.get(
        "/api/v1/catalogue/figures/",
        {"from": "2020-01-01", "to": "2021-12-31", "agency_name": "Ủy ban nhân dân cấp xã"},
    ).json()
    assert by_agency["announced"]["new"] == 3  # the announced record names that agency
    assert (
        api_client.get("/api/v1/catalogue/figures/?from=2021-12-31&to=2021-01-01").status_code
        == 400
    )
    assert api_client.get("/api/v1/catalogue/figures/").status_code == 400


def test_an_administrator_corrects_a_record_and_an_officer_may_not(
    api_client, administrator, reform_officer, catalogue
):
    body = {"changes": {"fees": "Miễn phí"}, "note": "Sai lệ phí", "valid_from": "2021-05-04"}
    api_client.force_authenticate(reform_officer)
    assert (
        api_client.post("/api/v1/procedures/1.001193/correct/", body, format="json").status_code
        == 403
    )
    api_client.force_authenticate(administrator)
    response = api_client.post("/api/v1/procedures/1.001193/correct/", body, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["change_kind"], response.json()["fees"]) == ("correction", "Miễn phí")
    assert Decimal(response.json()["processing_time_value"]) == 3


def test_a_review_is_applied_and_the_catalogue_takes_its_times(
    api_client, reform_officer, catalogue
):
    api_client.force_authenticate(reform_officer)
    review = api_client.post(
        "/api/v1/reviews/",
        {
            "plan_number": "22/KH-UBND",
            "reviewed_on": "2017-06-01",
            "items": [{"procedure_code": "1.001193", "applied_time_value": "1.5"}],
        },
        format="json",
    ).json()
    assert review["applied_at"] is None

    response = api_client.post(
        f"/api/v1/reviews/{review['id']}/apply/", {"effective_on": "2017-07-01"}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applied"] == {"effective_on": "2017-07-01", "changed": 1, "unchanged": 0}
    assert body["review"]["effective_on"] == "2017-07-01"
    assert body["review"]["items"][0]["changed"] is True
    before = api_client.get("/api/v1/procedures/1.001193/?as_of=2017-06-30").json()
    after = api_client.get("/api/v1/procedures/1.001193/?as_of=2017-07-01").json()
    assert (before["applied_time_value"], before["time_review_id"]) == (None, None)
    assert (after["applied_time_value"], after["time_review_id"]) == ("1.50", review["id"])
    assert after["change_kind"] == "review"
    history = api_client.get("/api/v1/procedures/1.001193/history/").json()
    assert [v["change_kind"] for v in history] == ["new", "review"]
    again = api_client.post(f"/api/v1/reviews/{review['id']}/apply/", {}, format="json")
    assert again.status_code == 409
    assert api_client.delete(f"/api/v1/reviews/{review['id']}/").status_code == 409


def test_a_contradictory_review_is_refused_naming_its_procedures(
    api_client, reform_officer, catalogue
):
    api_client.force_authenticate(reform_officer)
    review = api_client.post(
        "/api/v1/reviews/",
        {
            "plan_number": "22/KH-UBND",
            "reviewed_on": "2019-06-01",
            "items": [
                {"procedure_code": "1.001193", "applied_time_value": "1"},
                {"procedure_code": "1.001022", "applied_time_value": "1"},
            ],
        },
        format="json",
    ).json()

    response = api_client.post(
        f"/api/v1/reviews/{review['id']}/apply/", {"effective_on": "2020-01-02"}, format="json"
    )

    assert response.status_code == 409
    assert [p["code"] for p in response.json()["problems"]] == ["1.001022"]
    assert ProcedureVersion.objects.filter(change_kind="review").count() == 0
    assert api_client.delete(f"/api/v1/reviews/{review['id']}/").status_code == 204


@pytest.mark.parametrize("role", ["leader", "reception_user"])
def test_only_writers_apply_or_delete_a_review(api_client, request, catalogue, role):
    review = TimeReview.objects.create(plan_number="1/KH", reviewed_on=date(2020, 1, 1))
    api_client.force_authenticate(request.getfixturevalue(role))
    assert api_client.post(f"/api/v1/reviews/{review.pk}/apply/").status_code == 403
    assert api_client.delete(f"/api/v1/reviews/{review.pk}/").status_code == 403
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").status_code == 200


def test_the_history_names_a_changed_sector(api_client, administrator, catalogue):
    api_client.force_authenticate(administrator)
    response = api_client.post(
        "/api/v1/procedures/2.000635/correct/",
        {"changes": {"sector_code": "HT"}, "note": "Sai lĩnh vực", "valid_from": "2021-01-04"},
        format="json",
    )
    assert response.status_code == 201, response.content

    history = api_client.get("/api/v1/procedures/2.000635/history/")

    assert history.status_code == 200
    change = history.json()[1]["changed_fields"][0]
    assert (change["field"], change["before"], change["after"]) == (
        "sector",
        "Xây dựng (XD)",
        "Hộ tịch (HT)",
    )


def test_the_procedure_list_reads_a_page_in_a_fixed_number_of_queries(
    api_client, leader, django_assert_num_queries
):
    sectors = [SectorFactory() for _ in range(3)]
    for index in range(120):
        ProcedureVersionFactory(sector=sectors[index % 3])
    api_client.force_authenticate(leader)
    # The reader's roles (an integration account is confined, api.permissions; a token's
    # request reads them with the token), the count, the page and the page's interconnected
    # steps: no query per procedure.
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/procedures/?q=thu+tuc")
    assert response.json()["count"] == 120
    assert len(response.json()["results"]) == 50


def test_decisions_reviews_and_unpublished_changes_read_in_a_fixed_number_of_queries(
    api_client, reform_officer, django_assert_max_num_queries
):
    for index in range(30):
        procedure = ProcedureVersionFactory().procedure
        decision = decision_create(
            **decision_kwargs(number=f"{index}/QĐ-UBND", effective_on=date(2017, 3, 1)),
            lines=[line("amended", procedure.code, {"fees": f"{index}.000 đồng"})],
        )
        decision_apply(decision=decision)
        TimeReview.objects.create(plan_number=f"{index}/KH", reviewed_on=date(2017, 6, 1))
    api_client.force_authenticate(reform_officer)
    for url, rows in (
        ("/api/v1/decisions/", 30),
        ("/api/v1/reviews/", 30),
        ("/api/v1/catalogue/unpublished/", 60),
        (f"/api/v1/procedures/{procedure.code}/history/", 2),
    ):
        with django_assert_max_num_queries(4):
            body = api_client.get(url).json()
        assert (body["count"] if isinstance(body, dict) else len(body)) == rows, url


def test_a_decision_line_takes_its_steps_and_the_version_gives_them_back(
    api_client, reform_officer, catalogue
):
    from tests.factories import UnitFactory

    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")
    api_client.force_authenticate(reform_officer)
    record = new_record("Đăng ký đất đai lần đầu", processing_time_value="10")
    record |= {
        "is_interconnected": True,
        "interconnected_steps": "UBND xã Long Đức 3 ngày làm việc → Công an Long Thành 5 ngày",
    }
    body = {
        **DECISION,
        "lines": [{"change_kind": "new", "procedure_code": "1.003003", "record": record}],
    }
    refused = api_client.post("/api/v1/decisions/", body, format="json")
    assert refused.status_code == 400
    problem = refused.json()["problems"][0]
    assert (problem["line"], problem["column"]) == (1, "interconnected_steps")
    assert "Bước 2" in problem["message"]

    record["interconnected_steps"] = (
        "UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc"
    )
    created = api_client.post("/api/v1/decisions/", body, format="json")
    assert created.status_code == 201, created.content
    assert (
        created.json()["lines"][0]["record"]["interconnected_steps"]
        == record["interconnected_steps"]
    )
    api_client.post(f"/api/v1/decisions/{created.json()['id']}/apply/")

    version = api_client.get("/api/v1/procedures/1.003003/?as_of=2017-03-01").json()
    assert [
        (s["position"], s["agency"], s["share_value"]) for s in version["interconnected_steps"]
    ] == [
        (1, "X1", "3.00"),
        (2, "CA1", "5.00"),
    ]
    assert version["interconnected_steps_text"] == (
        "UBND xã Long Đức 3 Ngày làm việc → Công an huyện Long Thành 5 Ngày làm việc"
    )


def test_the_cells_to_check_are_given_on_the_procedure_its_history_and_the_list(
    api_client, reform_officer, catalogue
):
    from procedures.importers.published import check_item

    item = check_item(
        key="processing_time",
        column="Thời hạn giải quyết",
        text="Chậm nhất là ngay trước khi tàu rời cảng",
        why="a moment, not a length of time",
    )
    ProcedureVersion.objects.filter(procedure__code="2.000635").update(to_check=[item])
    api_client.force_authenticate(reform_officer)

    detail = api_client.get("/api/v1/procedures/2.000635/").json()
    assert detail["to_check"] == [
        {
            "field": "processing_time",
            "column": "Thời hạn giải quyết",
            "text": "Chậm nhất là ngay trước khi tàu rời cảng",
            "reason": "a moment, not a length of time",
        }
    ]
    assert api_client.get("/api/v1/procedures/1.001193/").json()["to_check"] == []
    listed = {
        row["code"]: row["to_check"]
        for row in api_client.get("/api/v1/procedures/").json()["results"]
    }
    assert listed == {"1.001193": [], "2.000635": [item]}
    history = api_client.get("/api/v1/procedures/2.000635/history/").json()
    assert history[-1]["to_check"] == [item]


def test_the_schema_documents_the_cells_to_check():
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    field = components["ProcedureVersion"]["properties"]["to_check"]
    assert field["readOnly"] is True
    assert "cần xem lại" in field["description"]
    item = components["ToCheckItem"]["properties"]
    assert set(item) == {"field", "column", "text", "reason"}
