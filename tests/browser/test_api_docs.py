import pytest

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_from_our_own_static_files(page, login, reception_user):
    login(reception_user)
    page.goto("/api/docs/")
    # The title comes from the schema, fetched and rendered by Swagger UI's JavaScript.
    page.wait_for_selector(".swagger-ui .info .title")
    assert "onestop API" in page.locator(".swagger-ui .info .title").inner_text()
