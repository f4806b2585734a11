"""Schemathesis over the OpenAPI schema, on PostgreSQL: every operation, called anonymously and
as each role, with generated paths, queries, headers and bodies, must never answer 5xx.

Bounded: SCHEMATHESIS_MAX_EXAMPLES per operation and role (default 4), no shrinking, so the
whole run stays near a minute on two cores. Select it with `-m schemathesis`."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from procedures.roles import Role
from tests.conftest import _user_with_role
from tests.fixtures_dossiers import PAPERS, vn

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "4"))
ROLES = [None, Role.RECEPTION, Role.REFORM_OFFICER, Role.LEADER, Role.ADMINISTRATOR]


def _schema():
    spec = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(spec)
    loaded.app = get_wsgi_application()
    return loaded


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction; Django's own test client unhooks the same signals."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def province(intake_desk, birth_registration, agency, receive):
    """Something for the generated ids and codes to hit: a desk, a procedure, a dossier."""
    receive(vn(2025, 3, 3, 9, 0))
    # The dossier fixtures list papers by name; the catalogue stores them as records.
    birth_registration.papers = [{"name": name, "originals": 1, "copies": 0} for name in PAPERS]
    birth_registration.save(update_fields=["papers"])


def _headers_for(role):
    if role is None:
        return {}, None
    user = _user_with_role(role, username=f"fuzz-{role}", is_staff=role == Role.ADMINISTRATOR)
    token = Token.objects.create(user=user)
    return {"Authorization": f"Token {token.key}"}, (token.key, user)


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_no_operation_answers_a_server_error(role, province):
    headers, token = _headers_for(role)
    failures = []

    def check(operation):
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call(headers={**(case.headers or {}), **headers})
            if token is not None:
                # DELETE /auth/token/ revokes the caller's token: give it back for the next call.
                Token.objects.get_or_create(key=token[0], defaults={"user": token[1]})
            if response.status_code >= 500:
                failures.append(
                    f"{operation.label}: {response.status_code}\n{case.as_curl_command()}"
                )

        call()

    for operation in OPERATIONS:
        check(operation)

    assert not failures, "\n\n".join(failures[:10])


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.LEADER])
def test_every_answer_agrees_with_the_schema(role, province):
    """Response conformance (issue 22, finding 11): with a staff and a leader token, each answer
    has a status the operation lists, and a body its schema describes (nullable fields, time
    formats, 400 bodies with ``problems``)."""
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    headers, token = _headers_for(role)
    checks = [status_code_conformance, content_type_conformance, response_schema_conformance]
    violations = {}

    def check(operation):
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call(headers={**(case.headers or {}), **headers})
            Token.objects.get_or_create(key=token[0], defaults={"user": token[1]})
            try:
                case.validate_response(response, checks=checks)
            except BaseExceptionGroup as group:  # schemathesis's FailureGroup of its checks
                for failure in group.exceptions:
                    text = f"{response.status_code} {failure}".split("Schema:")[0].strip()
                    violations.setdefault(f"{operation.label} {response.status_code}", text[:600])

        call()

    for operation in OPERATIONS:
        check(operation)

    assert not violations, f"{len(violations)} operations:\n\n" + "\n\n".join(
        f"{label}\n{text}" for label, text in violations.items()
    )
