"""PostgreSQL restarts under load: requests in flight fail cleanly (503 with Retry-After, the
transaction rolled back), and the next ones succeed, through a real threaded server."""

import threading
import time

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from procedures.models import DossierEvent
from tests.faults.conftest import wait_for
from tests.fixtures_dossiers import vn

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_a_restart_under_load_gives_503s_then_success_never_a_500(
    live_server, postgres_service, reception_user, receive
):
    dossiers = [receive(vn(2025, 3, 3, 9, n)) for n in range(3)]
    token = Token.objects.create(user=reception_user).key
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    statuses: list[int] = []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            try:
                response = session.get(f"{live_server.url}/api/v1/dossiers/", timeout=10)
            except requests.RequestException:
                statuses.append(-1)  # the connection itself was cut
                continue
            statuses.append(response.status_code)
            if response.status_code == 503:
                assert response.headers["Retry-After"]
            time.sleep(0.02)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: len(statuses) > 20, timeout=30, what="load running")
        postgres_service.restart()
        restarted_at = len(statuses)

        # After the restart, requests succeed again (each request opens a new connection).
        wait_for(
            lambda: statuses[restarted_at:].count(200) >= 10,
            timeout=60,
            what="requests succeed after the restart",
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    assert 500 not in statuses, statuses
    assert set(statuses) <= {200, 503, -1}, set(statuses)
    # Writes work again and nothing was half-written.
    response = session.post(
        f"{live_server.url}/api/v1/dossiers/{dossiers[0].code}/request_supplement/",
        json={"note": "Thiếu tờ khai"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    connection.close()  # the test's own connection died with the restart
    assert DossierEvent.objects.filter(action="request_supplement").count() == 1
