import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from procedures.roles import Role
from tests.factories import UserFactory

pytest_plugins = ["tests.fixtures_dossiers", "tests.worker_drain", "tests.serving_index_data"]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def _user_with_role(role: str, **kwargs):
    user = UserFactory(**kwargs)
    # get_or_create: transactional tests flush the tables the role migration filled.
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def reception_user(db):
    return _user_with_role(Role.RECEPTION, username="tiepnhan")


@pytest.fixture
def reform_officer(db):
    return _user_with_role(Role.REFORM_OFFICER, username="kiemsoat")


@pytest.fixture
def leader(db):
    return _user_with_role(Role.LEADER, username="lanhdao")


@pytest.fixture
def administrator(db):
    return _user_with_role(Role.ADMINISTRATOR, username="quantri", is_staff=True)


@pytest.fixture
def celery_eager(monkeypatch):
    """Run Celery tasks in the test's own process and transaction (the embedded default)."""
    from onestop.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)
    return app
