import pytest

from procedures.people import person_name
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("family", "given", "username", "shown"),
    [
        ("Phạm Quản", "Trị", "quantri", "Phạm Quản Trị"),
        ("", "", "tiepnhan", "tiepnhan"),
        ("Nguyễn", "", "nguyen", "Nguyễn"),
    ],
)
@pytest.mark.django_db
def test_names_read_family_name_first(family, given, username, shown):
    user = UserFactory(username=username, last_name=family, first_name=given)
    assert person_name(user) == shown


@pytest.mark.django_db
def test_the_header_shows_the_logged_in_name_in_vietnamese_order(client):
    client.force_login(UserFactory(username="quantri", last_name="Phạm Quản", first_name="Trị"))
    assert '<span class="user-name">Phạm Quản Trị</span>' in client.get("/").content.decode()
