"""The API root links to the JSON endpoints, never to the HTML screens of the same name."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_root_links_each_resource_to_its_json_endpoint(client, leader):
    client.force_login(leader)
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    links = response.json()
    assert links["dossiers"] == "http://testserver/api/v1/dossiers/"
    assert links["decisions"] == "http://testserver/api/v1/decisions/"
    assert links["reviews"] == "http://testserver/api/v1/reviews/"
    assert links["stats/dossiers"] == "http://testserver/api/v1/stats/dossiers/"
    for name in ("dossiers", "decisions", "reviews", "procedures", "units", "desks", "centres"):
        answer = client.get(links[name], HTTP_ACCEPT="application/json")
        assert answer.status_code == 200, name
        assert answer["Content-Type"].startswith("application/json"), name
