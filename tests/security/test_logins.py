"""Failed logins are throttled per account and address pair, and per address on its own
(django-axes, onestop.lockout) on the login page, the admin and the token endpoint: a stranger's
guesses never lock the owner out. API tokens expire and their user revokes them."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "một-mật-khẩu-đúng-2025"


@pytest.fixture
def officer(db):
    # is_staff: the admin's login lets them in too.
    user = UserFactory(username="canbo", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, url, username, password, ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, officer, url, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        assert _login(client, url, "canbo", "sai").status_code == 200  # the form again
    assert _login(client, url, "canbo", "sai").status_code == 429  # the fifth failure locks
    locked = _login(client, url, "canbo", PASSWORD)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # From the owner's own address the account is not locked: a stranger's guesses lock only
    # the stranger's pair (issue 22, finding 3).
    assert _login(client, url, "canbo", PASSWORD, ip="198.51.100.1").status_code == 302


def test_a_stranger_cannot_lock_the_owner_out_from_the_token_endpoint(
    api_client, officer, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        api_client.post(
            "/api/v1/auth/token/",
            {"username": "canbo", "password": "sai"},
            format="json",
            REMOTE_ADDR="203.0.113.66",
        )
    owner = api_client.post(
        "/api/v1/auth/token/",
        {"username": "canbo", "password": PASSWORD},
        format="json",
        REMOTE_ADDR="198.51.100.10",
    )
    assert owner.status_code == 200
    assert owner.json()["token"]


def test_a_client_guessing_many_accounts_is_slowed_down_on_its_own(client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 9
    # Four guesses at each of two accounts: no pair reaches its limit, and the address not yet.
    for n in range(2):
        for _ in range(4):
            assert _login(client, "/accounts/login/", f"nguoi{n}", "sai").status_code == 200
    # The ninth failure from the address holds the address back, even for a right password.
    assert _login(client, "/accounts/login/", "nguoi2", "sai").status_code == 429
    assert _login(client, "/accounts/login/", "canbo", PASSWORD).status_code == 429
    # The same account from another client logs in.
    response = _login(client, "/accounts/login/", "canbo", PASSWORD, ip="198.51.100.2")
    assert response.status_code == 302


def test_a_successful_login_does_not_wipe_the_addresss_count(client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    for n in range(5):
        _login(client, "/accounts/login/", f"nguoi{n}", "sai")
    # An attacker holding one account logs in with it from the same address...
    assert _login(client, "/accounts/login/", "canbo", PASSWORD).status_code == 302
    client.logout()
    # ...and the address's guesses still count: the sixth failure holds it back.
    assert _login(client, "/accounts/login/", "nguoi9", "sai").status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_client_lock(client, officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        client.post(
            "/accounts/login/",
            {"username": f"x{n}", "password": "sai"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.9").count() == 3
    response = client.post(
        "/accounts/login/",
        {"username": "canbo", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="10.9.9.200",
    )
    assert response.status_code == 429


def test_the_token_endpoint_counts_failures_and_locks(api_client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    statuses = [
        api_client.post(
            "/api/v1/auth/token/", {"username": "canbo", "password": "sai"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "canbo", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.json()["detail"]
    assert not Token.objects.filter(user=officer).exists()


def test_a_token_works_until_it_expires_or_is_revoked(api_client, officer, settings):
    settings.API_TOKEN_TTL_HOURS = 2
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "canbo", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert api_client.get("/api/v1/units/", **auth).status_code == 200

    # Issued three hours ago: expired.
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(hours=3))
    expired = api_client.get("/api/v1/units/", **auth)
    assert expired.status_code in (401, 403)
    assert "hết hạn" in expired.json()["detail"]

    # A new one, then its user revokes it.
    key = api_client.post(
        "/api/v1/auth/token/", {"username": "canbo", "password": PASSWORD}, format="json"
    ).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert api_client.delete("/api/v1/auth/token/", **auth).status_code == 204
    assert api_client.get("/api/v1/units/", **auth).status_code in (401, 403)


def test_an_unknown_token_or_an_inactive_users_token_is_refused(api_client, officer):
    # DRF's own messages, in the interface's language.
    with translation.override("vi"):
        invalid, inactive_user = gettext("Invalid token."), gettext("User inactive or deleted.")
    unknown = api_client.get("/api/v1/units/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert unknown.status_code in (401, 403)
    assert unknown.json()["detail"] == invalid

    key = Token.objects.create(user=officer).key
    assert api_client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    # A bulk update bypasses the revocation on save (procedures.services.accounts): the
    # inactive user's token is refused all the same.
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    inactive = api_client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
    assert inactive.status_code in (401, 403)
    assert inactive.json()["detail"] == inactive_user
