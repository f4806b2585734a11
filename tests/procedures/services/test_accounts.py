"""A password change or a deactivation revokes the user's API tokens and sessions (issue 22,
finding 8): whoever had copied them is shut out with the old password."""

import pytest
from django.db import transaction
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OLD, NEW = "mật-khẩu-cũ-2025", "mật-khẩu-mới-2026"


@pytest.fixture
def officer(db):
    user = UserFactory(username="canbo")
    user.set_password(OLD)
    user.save()
    return user


def _set_password(user):
    user.set_password(NEW)
    user.save()


def _deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


def _deactivate_and_reactivate(user):
    _deactivate(user)
    user.is_active = True
    user.save()


@pytest.mark.parametrize("change", [_set_password, _deactivate, _deactivate_and_reactivate])
def test_a_token_and_a_session_stop_working(client, api_client, officer, change):
    key = Token.objects.create(user=officer).key
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert api_client.get("/api/v1/units/", **auth).status_code == 200
    client.force_login(officer)
    assert client.get("/api/v1/units/").status_code == 200

    change(officer)

    assert not Token.objects.filter(user=officer).exists()
    assert api_client.get("/api/v1/units/", **auth).status_code in (401, 403)
    # The browser's session is refused too (Django's session hash, or the inactive account).
    assert client.get("/api/v1/units/").status_code in (401, 403)


def test_other_saves_keep_the_token(api_client, officer):
    key = Token.objects.create(user=officer).key
    officer.first_name = "An"
    officer.save()
    officer.save(update_fields=["last_login"])
    response = api_client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_a_password_change_that_rolls_back_keeps_the_token(officer):
    Token.objects.create(user=officer)
    with pytest.raises(RuntimeError), transaction.atomic():
        _set_password(officer)
        raise RuntimeError
    assert Token.objects.filter(user=officer).exists()
