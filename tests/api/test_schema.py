import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    # --fail-on-warn turns every drf-spectacular warning into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "openapi: 3" in target.read_text()


@pytest.mark.django_db
def test_api_root_schema_and_docs_are_served(client, reception_user):
    client.force_login(reception_user)
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/api/schema/").status_code == 200
    assert b"swagger" in client.get("/api/docs/").content.lower()


@pytest.mark.django_db
def test_api_needs_authentication(api_client):
    assert api_client.get("/api/v1/").status_code in (401, 403)


@pytest.mark.django_db
def test_token_authentication_works(api_client, reception_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=reception_user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/").status_code == 200
