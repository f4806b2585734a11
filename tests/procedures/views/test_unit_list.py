"""The units list (Danh sách đơn vị có Bộ phận một cửa): the units on a day, under a unit, by
kind and desk, as the report's coverage figures count them; a bad filter names its field."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.report_data import build_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(reception_user):
    return build_province(reception_user)


# tests.report_data: departments Tư pháp (desk) and Xây dựng (none); districts Cầu Ngang and
# Duyên Hải (desks), Châu Thành (desk; both ended 30/06/2017); communes Mỹ Long and Hiệp Mỹ
# (desks), Long Khánh (none), Mới (from 2018).
@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("as_of=2017-12-31&kind=department&has_desk=true", ["000.00.06.H59"]),
        ("as_of=2017-12-31&kind=department", ["000.00.06.H59", "000.00.07.H59"]),
        ("as_of=2017-12-31&kind=district&has_desk=true", ["848", "849"]),
        ("as_of=2017-06-30&kind=district&has_desk=true", ["847", "848", "849"]),
        ("as_of=2017-12-31&kind=commune", ["29260", "29263", "29290"]),
        ("as_of=2018-01-01&kind=commune&has_desk=false", ["29290", "29300"]),
        ("as_of=2017-12-31&within=848&has_desk=true", ["848", "29260", "29263"]),
    ],
)
def test_the_list_shows_the_units_the_filters_select(client, leader, province, query, codes):
    client.force_login(leader)
    response = client.get(f"{reverse('unit-list')}?{query}")
    assert response.status_code == 200
    page = response.context["page"]
    assert sorted(unit.code for unit in page) == sorted(codes)
    assert page.paginator.count == len(codes)


def test_the_list_speaks_vietnamese_and_names_a_bad_filter(client, leader, province):
    client.force_login(leader)
    with translation.override("vi"):
        response = client.get(reverse("unit-list"), {"within": "9999", "as_of": "2017-12-31"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Đơn vị có Bộ phận một cửa" in text
    assert "within" in text and "9999" in text
