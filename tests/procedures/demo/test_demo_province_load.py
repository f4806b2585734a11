"""The demo province: loaded once through the services, with the 2017 report's figures, a live
desk for the reception login and a public catalogue."""

import io
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from procedures.choices import DossierStatus, Outcome
from procedures.models import Desk, Dossier, DossierEvent
from procedures.public_lookup import check_value
from procedures.selectors.dossiers import dossier_work_queue, dossiers_overdue
from procedures.services.demo import (
    CAU_NGANG_CENTRE,
    CITY_CENTRE,
    DEMO_DESK_CODE,
    LIVE_CASES,
    demo_province_load,
)
from tests.fixtures_dossiers import vn

# Each test loads a whole province (a catalogue of some 1.800 procedures, 146 desks) through the
# services: minutes on a busy machine, more than the suite's default timeout.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]

# The figures of the 2017 report (seed, "Thực hiện công tác dân vận gắn với cải cách hành chính").
START, END = vn(2016, 10, 1, 0), vn(2018, 1, 1, 0)


def _setup_demo(*args) -> str:
    out = io.StringIO()
    call_command("setup_demo", *args, stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("procedures").get_models()
    }


def _centre(code: str):
    return Dossier.objects.filter(
        desk__centre__code=code, received_at__gte=START, received_at__lt=END
    )


def test_the_full_demo_gives_the_2017_figures_and_loads_once():
    out = _setup_demo()

    city = _centre(CITY_CENTRE)
    assert city.count() == 20_985
    assert city.filter(outcome=Outcome.LATE).count() == 85
    assert city.filter(outcome__in=[Outcome.EARLY, Outcome.ON_TIME]).count() == 20_900
    assert not city.filter(resolved_at__gte=END).exists()

    cau_ngang = _centre(CAU_NGANG_CENTRE)
    assert cau_ngang.count() == 10_128
    assert not cau_ngang.filter(outcome=Outcome.LATE).exists()
    carried = cau_ngang.filter(resolved_at__gte=END)
    assert carried.count() == 96
    # In progress within time at 31/12/2017, resolved on time in January 2018.
    assert not carried.filter(due_at__lt=END).exists()
    assert not carried.filter(resolved_at__gte=vn(2018, 2, 1, 0)).exists()
    assert cau_ngang.filter(resolved_at__lt=END).count() == 10_032

    # Each desk received only procedures of its level, in force on the day of receipt.
    for desk in Desk.objects.filter(dossiers__isnull=False).distinct():
        other = Dossier.objects.filter(desk=desk).exclude(procedure_version__level=desk.unit.level)
        assert not other.exists(), desk.code

    # Mixed channels and logged hand-overs, supplement requests and apologies.
    channels = Counter(city.values_list("channel", flat=True))
    assert set(channels) == {"direct", "postal", "online"}
    actions = set(DossierEvent.objects.values_list("action", flat=True))
    assert {"transfer", "request_supplement", "resume", "apologize_reschedule"} <= actions
    assert "thành phố Trà Vinh, 10/2016–12/2017: tiếp nhận 20.985 hồ sơ, 85 hồ sơ trễ hạn" in out
    assert "huyện Cầu Ngang, 10/2016–12/2017: tiếp nhận 10.128 hồ sơ, 0 hồ sơ trễ hạn" in out

    before = _row_counts()
    again = _setup_demo()
    assert _row_counts() == before
    assert "Dữ liệu tỉnh mẫu đã có sẵn: không thay đổi gì." in again
    assert "tiếp nhận 20.985 hồ sơ" in again


def test_the_reception_login_works_a_desk_full_of_dossiers(client):
    _setup_demo("--scale", "0.005")
    tiepnhan = get_user_model().objects.get(username="tiepnhan")
    queue = list(dossier_work_queue(user=tiepnhan))
    assert len(queue) == 25
    assert {d.desk.code for d in queue} == {DEMO_DESK_CODE}

    client.force_login(tiepnhan)
    page = client.get("/dossiers/").content.decode()
    assert queue[0].code in page and queue[-1].code in page

    overdue = list(dossiers_overdue(at=timezone.now(), queryset=Dossier.objects.all()))
    assert len(overdue) == 4
    page = client.get("/dossiers/overdue/").content.decode()
    assert all(d.code in page for d in overdue)

    handed = Dossier.objects.filter(desk__code=DEMO_DESK_CODE, current_agency__code="86.BHXH")
    dossier = handed.filter(status=DossierStatus.IN_PROCESS).get()
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "Công an tỉnh Vĩnh Long" in page and "Bảo hiểm xã hội tỉnh Vĩnh Long" in page
    assert dossier.code in client.get(f"/dossiers/{dossier.code}/receipt/").content.decode()

    client.logout()
    cache.clear()
    query = {"code": dossier.code, "check": check_value(dossier.code)}
    page = client.get("/tra-cuu/", query).content.decode()
    assert "Liên thông thủ tục hành chính về đăng ký khai sinh" in page
    assert dossier.applicant_name not in page


def test_anyone_reads_the_public_catalogue_of_today(client):
    _setup_demo("--scale", "0.005")

    # The catalogue holds some 1.800 procedures: a visitor searches it.
    def search(q: str) -> str:
        return client.get("/thu-tuc/", {"q": q}).content.decode()

    assert "Đăng ký khai sinh" in search("khai sinh")
    assert "Đăng ký thành lập hộ kinh doanh" in search("2.002811")  # replaced on 1/7/2025
    assert "Cấp Giấy phép kinh doanh karaoke" not in search("karaoke")  # abolished in 2017
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in search("1.009794")
    # The national records it was drawn from, by name.
    assert "Cấp lại Giấy chứng nhận, tem kiểm định chất lượng" in search("1.000017")


def test_the_officer_sees_decisions_reviews_and_changes_to_publish(client):
    _setup_demo("--scale", "0.005")
    client.force_login(get_user_model().objects.get(username="kiemsoat"))
    decisions = client.get("/danh-muc/quyet-dinh/").content.decode()
    assert "1065/QĐ-UBND" in decisions and "1570/QĐ-UBND" in decisions
    reviews = client.get("/danh-muc/ra-soat/").content.decode()
    assert "22/KH-UBND" in reviews
    publication = client.get("/danh-muc/cong-khai/").content.decode()
    assert "2.000720" in publication  # amended after the reform, not yet published
    # The 2017 amendment shortened the legal time (and dropped the local reduction); the 2025
    # decision moved the procedure to the communes.
    history = client.get("/danh-muc/thu-tuc/1.003003/").content.decode()
    assert "30 ngày làm việc" in history and "Nghị định số 01/2017/NĐ-CP" in history
    assert "Cấp Xã" in history


@pytest.mark.parametrize(
    "now",
    [
        vn(2026, 2, 23, 7, 5),  # the Monday after Tết, before the desk opens
        vn(2026, 8, 22, 10, 0),  # a make-up Saturday
        vn(2026, 9, 3, 16, 30),  # the day after the 2/9 holidays
        vn(2026, 11, 29, 22, 0),  # a Sunday night
    ],
)
def test_the_live_dossiers_fit_any_day(reception_user, reform_officer, now: datetime):
    load = demo_province_load(
        reception_user=reception_user, officer_user=reform_officer, scale=0.002, now=now
    )
    live = Dossier.objects.filter(desk__code=DEMO_DESK_CODE, created_by=reception_user)
    assert load.loaded and live.count() == len(LIVE_CASES) == 40
    assert not live.filter(received_at__gt=now).exists()
    assert not DossierEvent.objects.filter(at__gt=now).exists()
    assert Counter(live.values_list("status", flat=True)) == {
        DossierStatus.RECEIVED: 11,
        DossierStatus.IN_PROCESS: 9,
        DossierStatus.SUPPLEMENT_REQUESTED: 4,
        DossierStatus.FINANCIAL_OBLIGATION_REQUESTED: 1,
        DossierStatus.RESOLVED: 5,
        DossierStatus.RESULT_RETURNED: 8,
        DossierStatus.REJECTED: 1,
        DossierStatus.WITHDRAWN: 1,
    }
    assert live.filter(is_overdue=True).count() == 4
    assert live.exclude(apology_due_at=None).count() == 1
    assert load.figures.desk_open == 25


def test_the_demo_has_both_decrees_and_its_interconnected_shares_show_on_the_slip(
    reception_user, reform_officer
):
    """The two rule sets by period, the shares of the interconnected procedures, and a
    hand-over past its share on a live dossier's slip."""
    from procedures.models import ClockRuleSet, InterconnectedStep

    demo_province_load(
        reception_user=reception_user,
        officer_user=reform_officer,
        scale=0.002,
        now=vn(2026, 3, 4, 10, 0),
    )

    assert list(ClockRuleSet.objects.values_list("name", "supplement_mode")) == [
        ("Nghị định 61/2018/NĐ-CP", "restart"),
        ("Nghị định 118/2025/NĐ-CP", "pause"),
    ]
    steps = {
        code: list(
            InterconnectedStep.objects.filter(version__procedure__code=code)
            .order_by("position")
            .values_list("agency__code", flat=True)
        )
        for code in ("1.013891", "1.003003")
    }
    assert steps["1.013891"][1:] == ["86.CA", "86.BHXH"]
    assert steps["1.003003"][1:] == ["86.SNNMT"]
    late = DossierEvent.objects.filter(action="transfer", late_work__gt=timedelta(0))
    assert late.filter(giver__code="86.CA").exists()
