"""Every page an officer opens on dossiers is planned on an index, not a scan of the table.

The pages are requested as users request them; the SQL they send is then EXPLAINed. On a few
rows PostgreSQL rightly scans the whole table (it is cheaper), so the table first gets 60,000
synthetic dossiers with their events and fresh statistics (``bench/synthetic_dossiers.py``,
the data of the 10-million-row benchmark). Nothing is forced: ``enable_seqscan`` stays on, so a
plan that can only scan the table still shows a scan here.
"""

import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import synthetic_dossiers
from procedures.models import Dossier, ProcedureVersion

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="plans of PostgreSQL"),
]
ROWS = 60_000
TABLE = Dossier._meta.db_table


@pytest.fixture
def province(intake_desk, birth_registration, receive, agency):
    """60,000 dossiers of the desk and an agency's desk, and one the tests open by code."""
    from procedures.models import Desk
    from tests.factories import CentreFactory

    centre = CentreFactory(code="TTHCC")
    other = Desk.objects.create(
        code="000.00.99.H56", name="Bộ phận khác", unit=agency, centre=centre
    )
    version = ProcedureVersion.objects.select_related("procedure").get(pk=birth_registration.pk)
    synthetic_dossiers.fill(
        rows=ROWS,
        desks=[intake_desk.pk, other.pk],
        versions=[(version.procedure_id, version.pk, version.sector_id)],
        end=timezone.now(),
    )
    return receive()


def plans_of(client, url: str) -> list[tuple[str, dict]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if TABLE not in query["sql"] or not query["sql"].startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plans.append((query["sql"], plan[0] if isinstance(plan, list) else json.loads(plan)[0]))
    assert plans, f"{url} read no dossier"
    return plans


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def seq_scans_of_dossiers(plan: dict) -> list[dict]:
    """Sequential scans of the dossier table; and index scans that read a tenth of it or more
    (an index walked end to end with a filter is a scan all the same)."""
    found = []
    for node in nodes(plan["Plan"]):
        if node.get("Relation Name") != TABLE:
            continue
        read = node["Actual Loops"] * (
            node["Actual Rows"]
            + node.get("Rows Removed by Filter", 0)
            + node.get("Rows Removed by Index Recheck", 0)
        )
        if node["Node Type"] == "Seq Scan" or read >= ROWS // 10:
            found.append(node)
    return found


API_PAGES = [
    "/api/v1/dossiers/",
    "/api/v1/dossiers/?desk=000.00.31.H56",
    "/api/v1/dossiers/?centre=TTHCC",
    "/api/v1/dossiers/?status=5",
    "/api/v1/dossiers/?status=9",
    "/api/v1/dossiers/?received_from=2025-03-01&received_to=2025-03-31",
    "/api/v1/dossiers/?overdue_at=2025-03-10T09:00:00%2B07:00",
    "/api/v1/dossiers/?procedure=1.001193",
]


@pytest.mark.parametrize("url", API_PAGES)
def test_the_dossier_list_is_read_on_indexes(api_client, leader, province, url):
    api_client.force_authenticate(leader)
    for sql, plan in plans_of(api_client, url):
        found = seq_scans_of_dossiers(plan)
        if "overdue_at" in url:
            # Known limit: when fewer than a page were overdue at T, the walk back through
            # received_at from T goes on to the first dossier (README, Performance); the ones
            # not yet due at T are passed over in the index (test below). No sequential scan
            # all the same.
            found = [node for node in found if node["Node Type"] == "Seq Scan"]
        assert not found, sql
        if "overdue_at" in url:
            # Such a walk can be estimated past jit_above_cost: JIT is off for this
            # application's connections (settings, README *Performance*).
            with connection.cursor() as cursor:
                cursor.execute("SHOW jit")
                assert cursor.fetchone()[0] == "off"
        else:
            # Far below jit_above_cost (100.000): no plan would be compiled even with JIT on.
            assert plan["Plan"]["Total Cost"] < 100_000, sql


@pytest.mark.parametrize("url", ["/api/v1/dossiers/", "/api/v1/dossiers/?status=2"])
def test_staff_read_their_desks_on_indexes(api_client, reception_user, province, url):
    api_client.force_authenticate(reception_user)
    for sql, plan in plans_of(api_client, url):
        assert not seq_scans_of_dossiers(plan), sql


@pytest.mark.parametrize("who", ["reception_user", "leader"])
@pytest.mark.parametrize("url", ["/dossiers/", "/dossiers/overdue/"])
def test_the_work_queue_and_overdue_list_are_read_on_indexes(client, province, url, who, request):
    client.force_login(request.getfixturevalue(who))
    for sql, plan in plans_of(client, url):
        assert not seq_scans_of_dossiers(plan), sql


def test_the_dossier_page_is_read_on_indexes(client, reception_user, province, api_client):
    client.force_login(reception_user)
    for sql, plan in plans_of(client, f"/dossiers/{province.code}/"):
        assert not seq_scans_of_dossiers(plan), sql
    api_client.force_authenticate(reception_user)
    for sql, plan in plans_of(api_client, f"/api/v1/dossiers/{province.code}/"):
        assert not seq_scans_of_dossiers(plan), sql


def hand_over_to_unit_of(desk, *, open_rows: int, closed_rows: int) -> None:
    """Hand dossiers of the other desks to ``desk``'s unit (the synthetic data have none, real
    data many: the closed ones keep their last holder), then fresh statistics."""
    for statuses, rows in (([2, 4, 5], open_rows), ([9, 10], closed_rows)):
        ids = (
            Dossier.objects.exclude(desk=desk)
            .filter(status__in=statuses)
            .order_by("id")
            .values_list("id", flat=True)[:rows]
        )
        Dossier.objects.filter(pk__in=list(ids)).update(current_agency_id=desk.unit_id)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")


@pytest.mark.parametrize("handed_over", [False, True], ids=["none handed over", "handed over"])
def test_staff_overdue_list_reads_no_dossier_by_status_alone(
    client, reception_user, intake_desk, province, handed_over
):
    """The staff's overdue list (its count and its page) reads the overdue indexes only. Under
    the OR of the staff's desks and their units, PostgreSQL does not see that the partial
    indexes hold overdue dossiers only, and ANDs the status index in: every running dossier of
    every desk read, twice per page (10 ms of 25 at 10 million dossiers)."""
    if handed_over:
        hand_over_to_unit_of(intake_desk, open_rows=300, closed_rows=3_000)
    client.force_login(reception_user)
    plans = [
        (sql, plan)
        for sql, plan in plans_of(client, "/dossiers/overdue/")
        if any(node.get("Relation Name") == TABLE for node in nodes(plan["Plan"]))
    ]
    assert len(plans) >= 2, "the count and the page"
    for sql, plan in plans:
        read = [node.get("Index Name") or node["Node Type"] for node in nodes(plan["Plan"])]
        assert "dossier_status_received_id" not in read and "BitmapAnd" not in read, (sql, read)


@pytest.fixture
def busy_weeks(intake_desk, birth_registration):
    """60,000 dossiers in five weeks (1.700 a day, a large province's pace), all closed but the
    last three days': a moment ten days back has five days of dossiers not yet due before it."""
    version = ProcedureVersion.objects.get(pk=birth_registration.pk)
    synthetic_dossiers.fill(
        rows=ROWS,
        desks=[intake_desk.pk],
        versions=[(version.procedure_id, version.pk, version.sector_id)],
        end=timezone.now(),
        years=35 / 365,
        open_days=3,
    )


def test_overdue_at_a_moment_passes_over_dossiers_not_yet_due_inside_the_index(
    api_client, leader, busy_weeks
):
    # The walk back from the moment rejects the dossiers not yet due then on the index's due
    # moment (about 8.500 here) instead of reading each from the table; and the timeline
    # condition is looked up per dossier, never by hashing every event first.
    api_client.force_authenticate(leader)
    moment = (timezone.localtime() - timedelta(days=10)).isoformat(timespec="seconds")
    for sql, plan in plans_of(api_client, f"/api/v1/dossiers/?overdue_at={quote(moment)}"):
        scans = [node for node in nodes(plan["Plan"]) if node.get("Relation Name") == TABLE]
        assert scans, sql
        assert sum(node.get("Rows Removed by Filter", 0) for node in scans) < 500, scans
        assert "hashed SubPlan" not in json.dumps(plan), sql


def test_the_risk_history_reads_each_agency_on_its_indexes(
    intake_desk, agency, birth_registration, province
):
    """Nguy cơ trễ hạn reads, per procedure and agency, the dossiers handed to the agency and
    those of its desks never handed over, each arm newest first up to its limit: an agency's
    whole year is never read."""
    from procedures.selectors.lateness_risk import HISTORY_LIMIT, lateness_histories

    hand_over_to_unit_of(intake_desk, open_rows=0, closed_rows=3_000)
    procedure = birth_registration.procedure_id
    keys = {(procedure, intake_desk.unit_id), (procedure, agency.pk)}
    with CaptureQueriesContext(connection) as queries:
        histories = lateness_histories(keys=keys, before=timezone.now())
    assert {key: len(history) for key, history in histories.items()} == dict.fromkeys(
        keys, HISTORY_LIMIT
    )
    (sql,) = [q["sql"] for q in queries.captured_queries if TABLE in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    assert not seq_scans_of_dossiers(plan), sql
    used = {node.get("Index Name") for node in nodes(plan["Plan"])}
    assert "dossier_agency_proc_resolved" in used, used
    # The desks' arms: a (desk, …, resolved_at) range. With one procedure only, as here, the
    # planner may take the (desk, resolved_at) index as well as (desk, procedure, resolved_at).
    assert used & {"dossier_desk_proc_resolved", "dossier_desk_resolved"}, used
    read = sum(
        node["Actual Loops"] * (node["Actual Rows"] + node.get("Rows Removed by Filter", 0))
        for node in nodes(plan["Plan"])
        if node.get("Relation Name") == TABLE
    )
    # Each arm stops at its limit (three arms here: the intake desk's unit handed-over and
    # never handed over, the agency's desk never handed over).
    assert read <= 3 * HISTORY_LIMIT + 100, read


@pytest.mark.django_db(transaction=True)
def test_overdue_now_by_desk_is_counted_on_the_desk_overdue_index_alone(province):
    """The dashboard's "overdue right now by desk" is one count per desk that PostgreSQL
    answers from the partial index of overdue dossiers by desk, without reading the table
    (issue 24: grouping by the desk's name read 48.676 rows of the table at 10.000.000).

    Outside a transaction, so that VACUUM can set the visibility map as autovacuum keeps it in
    production: without it an index-only scan still visits the table and is priced so."""
    from procedures.selectors.dossiers import dossiers_overdue, dossiers_overdue_by_desk

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {TABLE}")
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        rows = dossiers_overdue_by_desk(at=now)
    expected = dossiers_overdue(at=now).count()
    assert expected > 0
    assert sum(row["overdue"] for row in rows) == expected
    assert [row["overdue"] for row in rows] == sorted((r["overdue"] for r in rows), reverse=True)
    [sql] = [q["sql"] for q in queries.captured_queries if TABLE in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    scans = [node for node in nodes(plan["Plan"]) if node.get("Relation Name") == TABLE]
    assert [(node["Node Type"], node["Index Name"]) for node in scans] == [
        ("Index Only Scan", "dossier_desk_overdue_due")
    ], sql
    # It reads the overdue dossiers' index entries, no more, and none of the table's rows.
    assert scans[0]["Actual Rows"] == expected
    assert scans[0]["Heap Fetches"] == 0
    assert not seq_scans_of_dossiers(plan)


def test_the_leaders_dashboard_warm_reads_dossiers_on_indexes(client, leader, province):
    """The dashboard, its figures cached (second view), reads only what moves with the clock
    (overdue now by desk and by agency), each on an index."""
    client.force_login(leader)
    assert client.get("/").status_code == 200
    for sql, plan in plans_of(client, "/"):
        assert not seq_scans_of_dossiers(plan), sql
