"""District-level procedures after districts ended (1/7/2025): the catalogue shows each version as
it was announced for the day asked, and flags those a reform officer must re-assign."""

import pytest

from procedures.choices import Level
from tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions():
    district = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000889"),
        name="Cấp giấy chứng nhận đăng ký hộ kinh doanh",
        level=Level.DISTRICT,
    )
    both = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000890"),
        name="Thủ tục cấp huyện và cấp xã",
        level=Level.DISTRICT,
        levels=Level.mask([Level.DISTRICT, Level.COMMUNE]),
    )
    commune = ProcedureVersionFactory(procedure=ProcedureFactory(code="1.001193"))
    return district, both, commune


def _row(page: str, code: str) -> str:
    return page.split(f">{code}</a>", 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize(
    ("as_of", "flagged"),
    [
        ("30/06/2025", set()),  # the last day of districts: nothing to re-assign
        ("01/07/2025", {"2.000889", "2.000890"}),
        ("15/03/2026", {"2.000889", "2.000890"}),
        ("15/03/2017", set()),
    ],
)
def test_district_procedures_are_flagged_from_1_7_2025(
    client, reform_officer, versions, as_of, flagged
):
    client.force_login(reform_officer)
    page = client.get("/danh-muc/", {"as_of": as_of}).content.decode()
    for code in ("2.000889", "2.000890", "1.001193"):
        row = _row(page, code)
        assert "Cấp Huyện" in row or code == "1.001193"  # shown as announced
        assert ("reassign" in row) == (code in flagged), (as_of, code)
    if flagged:
        warning = page.split('id="level-reassignment"', 1)[1].split("</p>", 1)[0]
        assert "2 thủ tục" in warning and "01/07/2025" in warning
        assert "level=2" in warning
    else:
        assert 'id="level-reassignment"' not in page
