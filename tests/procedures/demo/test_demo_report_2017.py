"""The demo province tells the seed report's 2017 story (Trà Vinh, "Thực hiện công tác dân vận
gắn với cải cách hành chính"): its catalogue, review and one-stop coverage figures, read back
through the selectors from what the demo loaded through the import services."""

from datetime import date

import pytest

from procedures.choices import UnitKind
from procedures.models import Desk, ProcedureVersion, Unit
from procedures.selectors.catalogue_figures import catalogue_figures
from procedures.services.demo import demo_province_load

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = date(2017, 1, 1), date(2017, 12, 31)


@pytest.fixture
def demo(reception_user, reform_officer):
    # The catalogue does not depend on the scale of the dossier history.
    return demo_province_load(
        reception_user=reception_user, officer_user=reform_officer, scale=0.002
    )


def _with_desk(kind: str, day: date) -> tuple[int, int]:
    units = Unit.objects.valid_on(day).filter(kind=kind)
    desks = Desk.objects.valid_on(day)
    return units.filter(desks__in=desks).distinct().count(), units.count()


def test_the_2017_catalogue_review_and_coverage_figures_are_the_seeds(demo):
    figures = catalogue_figures(date_from=YEAR_START, date_to=YEAR_END)
    # "công bố mới 204 thủ tục hành chính; bãi bỏ 221 thủ tục hành chính; cập nhật 425 thủ tục
    # hành chính vào cơ sở dữ liệu quốc gia"
    assert figures["announced"]["new"] == 204
    assert figures["announced"]["abolished"] == 221
    assert figures["published"] == 425
    # "Đã rà soát được 1.738 thủ tục hành chính, trong đó có 1.565 ... cắt giảm 1/2 ..., 94 ...
    # giảm 1/3 ..., còn 79 thủ tục hành chính không thể cắt giảm"
    assert figures["reviews"] == {
        "reviewed": 1738,
        "half": 1565,
        "third": 94,
        "less": 0,
        "not_cut": 79,
    }
    # "97 thủ tục hành chính thực hiện theo cơ chế một cửa liên thông"
    assert figures["in_force_total"]["interconnected"] == 97
    # The amendments of 2017 were published in January 2018, not in the year's 425.
    assert (
        catalogue_figures(date_from=date(2018, 1, 1), date_to=date(2018, 1, 31))["published"]
        == ProcedureVersion.objects.filter(published_on=date(2018, 1, 15)).count()
        > 0
    )

    # "19 sở, ban, ngành tỉnh; 09 huyện, thị xã, thành phố; 106/106 xã, phường, thị trấn có
    # thành lập Bộ phận tiếp nhận và trả kết quả theo cơ chế một cửa"
    assert _with_desk(UnitKind.DEPARTMENT, YEAR_END) == (19, 19)
    assert _with_desk(UnitKind.DISTRICT, YEAR_END) == (9, 9)
    assert _with_desk(UnitKind.COMMUNE, YEAR_END) == (106, 106)
    # After the reform the districts are gone; two communes of the demo keep a desk.
    assert _with_desk(UnitKind.DISTRICT, date(2025, 7, 1)) == (0, 0)

    # The large catalogue is drawn from the national records (shared/data/catalogue): the
    # portal's names, the processing time written in working time.
    version = ProcedureVersion.objects.filter(procedure__code="1.000017").get()
    assert version.name.startswith("Cấp lại Giấy chứng nhận, tem kiểm định chất lượng")
    assert version.processing_time_value == 1 and version.processing_time_unit == "days"
