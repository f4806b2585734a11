"""The role Tích hợp: the province's integration platform confirms national-portal
synchronisation and reads what is not confirmed yet, and nothing else of the API."""

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny

from api.permissions import IntegrationConfined
from procedures.roles import Role, integration_only, user_roles
from tests.conftest import _user_with_role
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
SYNC = {"status": 2, "confirmed_at": "2025-03-03T09:05:00+07:00"}


@pytest.fixture
def integration_client(api_client):
    user = _user_with_role(Role.INTEGRATION, username="lgsp")
    api_client.force_authenticate(user)
    return api_client


def test_the_role_is_a_group_made_by_the_migration():
    assert Group.objects.filter(name="integration").exists()
    assert "Tích hợp" in str(Role.INTEGRATION.label)


def test_the_platform_confirms_lists_and_exports_the_pending(integration_client, receive):
    synced = receive(vn(2025, 3, 3, 9, 0))
    pending = receive(vn(2025, 3, 3, 9, 10))

    confirmed = integration_client.post(
        f"/api/v1/dossiers/{synced.code}/national-sync/", SYNC, format="json"
    )
    listed = integration_client.get("/api/v1/dossiers/?national_sync=pending")
    export = integration_client.get("/api/v1/dossiers/national-sync/pending.csv")

    assert confirmed.status_code == 201, confirmed.data
    assert listed.status_code == 200
    # The whole province's dossiers, though the platform holds no desk.
    assert [row["code"] for row in listed.data["results"]] == [pending.code]
    assert export.status_code == 200
    assert pending.code in export.content.decode("utf-8-sig")
    assert synced.code not in export.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/dossiers/"),
        ("get", "/api/v1/dossiers/{code}/"),
        ("post", "/api/v1/dossiers/"),
        ("post", "/api/v1/dossiers/{code}/resolve/"),
        ("get", "/api/v1/procedures/"),
        ("get", "/api/v1/units/"),
        ("get", "/api/v1/desks/"),
        ("get", "/api/v1/calendar/"),
        ("get", "/api/v1/catalogue/figures/"),
        ("get", "/api/v1/stats/dossiers/?from=2025-03-01&to=2025-03-31"),
        ("get", "/api/v1/stats/serving-index/?from=2025-03-01&to=2025-03-31"),
        ("get", "/api/v1/reports/admin-reform/?year=2025"),
        ("get", "/api/v1/"),
    ],
)
def test_everything_else_answers_403(integration_client, receive, method, url):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    response = getattr(integration_client, method)(url.format(code=dossier.code), {}, format="json")
    assert response.status_code == 403, (url, response.status_code)


def test_a_person_with_a_role_of_their_own_keeps_it(api_client, receive):
    # An administrator also given the integration role still reads the dossiers.
    user = _user_with_role(Role.ADMINISTRATOR, username="quantri")
    user.groups.add(Group.objects.get_or_create(name=Role.INTEGRATION)[0])
    api_client.force_authenticate(user)
    assert not integration_only(user) and Role.INTEGRATION in user_roles(user)
    dossier = receive(vn(2025, 3, 3, 9, 0))
    assert api_client.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 200


def test_the_other_roles_still_may_not_confirm(api_client, receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    api_client.force_authenticate(reception_user)
    url = f"/api/v1/dossiers/{dossier.code}/national-sync/"
    assert api_client.post(url, SYNC, format="json").status_code == 403


def _api_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None) or getattr(
                pattern.callback, "view_class", None
            )
            if view is not None and prefix.startswith("api/"):
                yield prefix + str(pattern.pattern), view


def test_every_api_view_confines_the_integration_account():
    """A view added later without the check would open the API to the platform's account."""
    views = list(_api_views(get_resolver().url_patterns))
    assert any("national-sync" in route for route, _ in views)
    for route, view in views:
        classes = getattr(view, "permission_classes", ())
        assert any(issubclass(c, (IntegrationConfined, AllowAny)) for c in classes), route
