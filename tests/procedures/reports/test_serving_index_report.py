"""The administrative-reform report's table on the serving index, and the summary it stores."""

from django.utils import translation

from procedures.reports.admin_reform_files import admin_reform_markdown
from procedures.reports.serving_index import serving_index_summary
from tests.report_samples import seed_data
from tests.serving_index_data import MARCH


def test_the_summary_of_march_holds_the_index_the_api_gives(built):
    summary = serving_index_summary(**MARCH)
    assert summary["applies"] and summary["decision"] == "766/QĐ-TTg"
    satisfaction = next(g for g in summary["groups"] if g["key"] == "satisfaction")
    satisfied = satisfaction["indicators"][0]
    assert (satisfied["numerator"], satisfied["denominator"]) == (2, 3)
    assert satisfied["points"] == "12.00"  # 2/3 × 18


def test_2017_stores_that_the_index_does_not_apply(db):
    from datetime import date

    summary = serving_index_summary(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
    assert summary["applies"] is False and "23/06/2022" in summary["reason"]


def test_the_markdown_report_prints_the_table_with_tam_tinh(built):
    data = seed_data()
    data["serving_index"] = serving_index_summary(**MARCH)
    with translation.override("vi"):
        text = admin_reform_markdown(data)
    assert "## Chỉ số phục vụ (Quyết định 766)" in text
    assert "| Tỷ lệ đánh giá hài lòng trong tiếp nhận, giải quyết TTHC" in text.replace("— ", "")
    assert "12,00 (tạm tính)/18" in text
