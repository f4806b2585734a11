"""The work queue and the overdue list count up to a cap, and say when more match."""

import pytest
from django.conf import settings

from procedures.models import Dossier
from procedures.views import pagination
from procedures.views.pagination import CappedPaginator
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rows", "cap", "count", "capped", "pages"),
    [
        (7, 10, 7, False, 4),  # under the cap: exact
        (7, 7, 7, False, 4),  # at the cap: still exact
        (7, 5, 6, True, 3),  # past it: cap + 1 counted, pages up to the cap
        (0, 5, 0, False, 1),
    ],
)
def test_the_count_is_exact_up_to_the_cap(receive, rows, cap, count, capped, pages):
    for _ in range(rows):
        receive(vn(2025, 3, 3, 9, 0))
    paginator = CappedPaginator(Dossier.objects.order_by("code"), 2, cap=cap)

    assert (paginator.count, paginator.capped, paginator.num_pages) == (count, capped, pages)
    last = paginator.page(pages)
    assert len(last) == {(7, 10): 1, (7, 7): 1, (7, 5): 1, (0, 5): 0}[(rows, cap)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_queue_says_more_than_the_cap(client, reception_user, receive, monkeypatch, language):
    for _ in range(5):
        receive(vn(2025, 3, 3, 9, 0))
    monkeypatch.setattr(pagination, "QUEUE_COUNT_CAP", 3)
    client.force_login(reception_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's cookie

    page = client.get("/dossiers/").content.decode()

    expected = {
        "vi": "hơn 3 (liệt kê 3 hồ sơ đầu)",
        "en": "more than 3 (the first 3 are listed)",
    }[language]
    assert expected in page
    # Two pages of 50 would not fit three rows: one page, no pager past the cap.
    assert 'class="pager"' not in page
    assert page.count('href="/dossiers/000.00.31.H56-250303-') == 3


def test_the_queue_under_the_cap_shows_the_exact_count(client, reception_user, receive):
    for _ in range(4):
        receive(vn(2025, 3, 3, 9, 0))
    client.force_login(reception_user)

    page = client.get("/dossiers/").content.decode()

    assert "Số hồ sơ: 4</p>" in page
