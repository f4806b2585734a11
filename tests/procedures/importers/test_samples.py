"""The sample files the README points to import as it says."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from procedures.models import AnnouncementDecision
from procedures.selectors.catalogue import procedure_versions_in_force

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "samples" / "catalogue"


def _in_force(day):
    return {v.procedure.code: v for v in procedure_versions_in_force(as_of=day)}


def test_the_sample_catalogue_and_decision_import_and_move_the_catalogue():
    out = StringIO()
    call_command(
        "import_procedures", str(SAMPLES / "danh-muc-tthc.csv"), "--no-progress", stdout=out
    )
    assert "5 dòng: thêm 5 thủ tục" in out.getvalue()
    births = _in_force(date(2017, 1, 1))["1.001193"]
    assert births.is_interconnected and len(births.interconnected_agencies) == 3
    assert births.published_on == date(2016, 7, 15)

    out = StringIO()
    call_command(
        "import_decision",
        str(SAMPLES / "qd-2061-2017.csv"),
        "--apply",
        "--no-progress",
        stdout=out,
    )
    assert "Đã áp dụng từ ngày 01/03/2017" in out.getvalue()
    decision = AnnouncementDecision.objects.get()
    assert (decision.number, decision.signer) == ("2061/QĐ-UBND", "Đồng Văn Lâm")
    after = _in_force(date(2017, 3, 1))
    assert set(after) == {"1.001193", "1.000894", "1.001612", "1.013871", "1.012508.H05"}
    assert after["1.000894"].processing_time_value == 3
