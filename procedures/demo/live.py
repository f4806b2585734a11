"""The live days (hồ sơ đang giải quyết): about forty dossiers received at the demo desk in the
working weeks before the load, each taken through its actions by the desk's staff with the
moments they happened, so that the reception login finds every state: within time, overdue,
handed over, waiting for a supplement or a financial obligation, resolved, returned, refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import numpy as np
from django.utils import timezone

from procedures.calendar import WorkingCalendar
from procedures.choices import Channel
from procedures.demo.applicants import applicant_details, applicant_names
from procedures.models import Desk, Unit
from procedures.selectors.dossiers import version_paper_names
from procedures.selectors.units import desk_procedure_versions
from procedures.services.dossiers import dossier_act, dossier_receive


@dataclass(frozen=True)
class LiveCase:
    """A dossier received ``back`` working days ago at ``at``, then the ``steps`` taken on it:
    (action, working hours after the previous one, receiving unit or note)."""

    code: str
    back: int
    at: time
    steps: tuple[tuple[str, float, str], ...] = ()
    channel: str = Channel.DIRECT
    missing_paper: bool = False


def _t(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


SNNMT, CA, BHXH = "86.SNNMT", "86.CA", "86.BHXH"
LIVE_CASES = (
    # Received, within time.
    LiveCase("1.009794", 1, _t(8, 10)),
    LiveCase("1.003003", 2, _t(9, 20)),
    LiveCase("2.002811", 1, _t(14, 5), channel=Channel.ONLINE),
    LiveCase("1.001776", 3, _t(10)),
    LiveCase("1.001695", 4, _t(15, 30), channel=Channel.POSTAL),
    LiveCase("1.000894", 1, _t(9, 45)),
    LiveCase("2.000720", 0, _t(8, 30), channel=Channel.ONLINE),
    # Received and overdue; one with an apology and a new date.
    LiveCase("1.004873", 6, _t(10, 15)),
    LiveCase(
        "2.001035",
        5,
        _t(14),
        (("apologize_reschedule", 18, "Hồ sơ cần xác minh nguồn gốc tài sản; hẹn lại ngày trả"),),
    ),
    LiveCase("1.001022", 8, _t(8)),
    # Handed over to the processing agency (and on, for an interconnected procedure).
    LiveCase("1.003003", 9, _t(9), (("transfer", 2, SNNMT),)),
    LiveCase("1.003003", 4, _t(13, 45), (("transfer", 1, SNNMT),)),
    LiveCase("1.013891", 2, _t(8, 30), (("transfer", 1, CA),), channel=Channel.ONLINE),
    LiveCase("1.013891", 6, _t(10), (("transfer", 1, CA), ("transfer", 8, BHXH))),
    LiveCase("1.009794", 7, _t(9, 30), (("transfer", 4, "86.SXD"),)),
    LiveCase("1.001695", 5, _t(14, 20), (("transfer", 2, "86.STP"),)),
    # Due today at the land office, which runs late on these (SLOW_AT_LAND_OFFICE, in
    # since_reform.py): on the due-soon list with a high risk of lateness and its reason.
    LiveCase("1.003003", 20, _t(16, 45), (("transfer", 3, SNNMT),)),
    LiveCase("1.013891", 1, _t(10, 10), (("transfer", 2, CA),), channel=Channel.ONLINE),
    # Waiting for a supplement.
    LiveCase(
        "1.009794",
        5,
        _t(9),
        (("request_supplement", 8, "Bổ sung bản vẽ thiết kế xây dựng (2 bản chính)"),),
        missing_paper=True,
    ),
    LiveCase(
        "1.000894",
        2,
        _t(10, 30),
        (("request_supplement", 2, "Thiếu Giấy xác nhận tình trạng hôn nhân (bản chính)"),),
        missing_paper=True,
    ),
    LiveCase(
        "1.001776",
        8,
        _t(8, 45),
        (("request_supplement", 24, "Bổ sung Giấy xác nhận khuyết tật"),),
        missing_paper=True,
    ),
    LiveCase(
        "2.002811",
        3,
        _t(15),
        (("request_supplement", 3, "Bổ sung bản sao giấy tờ pháp lý của chủ hộ kinh doanh"),),
        channel=Channel.ONLINE,
        missing_paper=True,
    ),
    # Supplemented and running again.
    LiveCase(
        "1.003003",
        12,
        _t(9, 15),
        (
            ("request_supplement", 8, "Bổ sung sơ đồ nhà ở, công trình xây dựng"),
            ("resume", 24, "Đã nhận hồ sơ bổ sung đầy đủ"),
        ),
        missing_paper=True,
    ),
    LiveCase(
        "1.001695",
        9,
        _t(14),
        (
            ("transfer", 1, "86.STP"),
            ("request_supplement", 16, "Bổ sung văn bản thỏa thuận chọn quốc tịch cho con"),
            ("resume", 16, "Đã nhận hồ sơ bổ sung đầy đủ"),
        ),
    ),
    # Waiting for the applicant's financial obligation.
    LiveCase(
        "1.003003",
        14,
        _t(8, 20),
        (
            ("transfer", 2, SNNMT),
            (
                "request_financial_obligation",
                40,
                "Thông báo nộp tiền sử dụng đất và lệ phí trước bạ",
            ),
        ),
    ),
    # Resolved, the result waiting at the desk.
    LiveCase("1.001193", 1, _t(10), (("resolve", 4, ""),)),
    LiveCase("2.000815", 1, _t(8), (("resolve", 2, ""),)),
    LiveCase("1.004873", 4, _t(9, 10), (("resolve", 16, ""),)),
    LiveCase("2.000884", 2, _t(13, 40), (("resolve", 3, ""),)),
    LiveCase("1.009794", 18, _t(9, 50), (("resolve", 88, ""),)),
    # Result returned.
    LiveCase("1.001193", 10, _t(7, 40), (("resolve", 2, ""), ("return_result", 8, ""))),
    LiveCase("1.000656", 7, _t(9), (("resolve", 3, ""), ("return_result", 4, ""))),
    LiveCase("2.000815", 3, _t(14, 15), (("resolve", 1, ""), ("return_result", 0.5, ""))),
    LiveCase(
        "2.002811",
        12,
        _t(10),
        (("resolve", 16, ""), ("return_result", 8, "")),
        channel=Channel.ONLINE,
    ),
    LiveCase("1.000894", 11, _t(8, 30), (("resolve", 16, ""), ("return_result", 8, ""))),
    LiveCase("2.001035", 16, _t(9), (("resolve", 24, ""), ("return_result", 1, ""))),
    LiveCase(
        "1.013891",
        13,
        _t(10),
        (
            ("transfer", 1, CA),
            ("transfer", 8, BHXH),
            ("resolve", 16, ""),
            ("return_result", 2, ""),
        ),
    ),
    LiveCase("2.000843", 6, _t(8, 15), (("resolve", 1, ""), ("return_result", 8, ""))),
    # Refused, withdrawn.
    LiveCase(
        "1.009794",
        6,
        _t(15),
        (("reject", 4, "Công trình cấp III: thuộc thẩm quyền cấp phép của Sở Xây dựng"),),
    ),
    LiveCase(
        "2.000720",
        9,
        _t(10, 20),
        (("withdraw", 8, "Người nộp đề nghị rút hồ sơ để điều chỉnh nội dung đăng ký"),),
    ),
)


def _receipt_day(calendar: WorkingCalendar, now: datetime, back: int, at: time) -> datetime:
    """The moment ``at`` on the working day ``back`` working days before today (0: today, when
    it is a working day and that moment has passed; otherwise the working day before)."""
    today = timezone.localdate(now)
    if back == 0:
        moment = datetime.combine(today, at, calendar.tz)
        if calendar.is_working_day(today) and moment < now - timedelta(minutes=1):
            return moment
        back = 1
    day = today
    while back:
        day -= timedelta(days=1)
        back -= calendar.is_working_day(day)
    return datetime.combine(day, at, calendar.tz)


def live_first_moment(calendar: WorkingCalendar, now: datetime) -> datetime:
    """The opening of the working day of the earliest live dossier."""
    back = max(case.back for case in LIVE_CASES) + 1
    return _receipt_day(calendar, now, back, calendar.sessions[0][0])


def live_dossiers_create(
    *, desk: Desk, user, calendar: WorkingCalendar, now: datetime, rng: np.random.Generator
) -> int:
    """About forty dossiers received at ``desk`` in the past weeks, each taken through its
    actions by the desk's staff with the moments they happened."""
    units = {u.code: u for u in Unit.objects.filter(code__in=[SNNMT, CA, BHXH, "86.SXD", "86.STP"])}
    latest = now - timedelta(minutes=1)
    names = applicant_names(rng, len(LIVE_CASES))
    for case, name in zip(LIVE_CASES, names, strict=True):
        received_at = _receipt_day(calendar, now, case.back, case.at)
        version = (
            desk_procedure_versions(desk=desk, as_of=received_at.date())
            .filter(procedure__code=case.code)
            .select_related("procedure")
            .get()
        )
        papers = version_paper_names(version)
        if case.missing_paper:
            papers = papers[:-1]
        # The desk digitises what it receives; now and then a paper comes from stored data.
        papers = [
            {"name": name, "digitised": True, "reused": bool(rng.random() < 0.3)} for name in papers
        ]
        channel = case.channel if case.channel in version.channels else Channel.DIRECT
        dossier, _created = dossier_receive(
            actor=user,
            desk=desk,
            procedure=version.procedure,
            channel=channel,
            papers=papers,
            received_at=received_at,
            **applicant_details(rng, name),
        )
        moment = received_at
        for action, hours, detail in case.steps:
            moment = min(calendar.add_working_time(moment, timedelta(hours=hours)), latest)
            kwargs = {"note": detail}
            if action == "transfer":
                kwargs = {"receiver": units[detail], "note": _transfer_note(units[detail])}
            elif action == "apologize_reschedule":
                kwargs["new_due_at"] = calendar.add_working_time(now, timedelta(hours=16))
            dossier = dossier_act(dossier=dossier, actor=user, action=action, at=moment, **kwargs)
    return len(LIVE_CASES)


def _transfer_note(unit: Unit) -> str:
    return f"Chuyển {unit.name} giải quyết"
