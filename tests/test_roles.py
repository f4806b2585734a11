import pytest
from django.contrib.auth.models import Group

from procedures.roles import Role, has_role, user_roles
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_four_role_groups_exist_after_migration():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"reception_staff", "reform_officers", "leaders", "administrators"} <= names


@pytest.mark.django_db
def test_roles_follow_group_membership(reception_user):
    assert user_roles(reception_user) == {Role.RECEPTION}
    assert has_role(reception_user, Role.RECEPTION, Role.ADMINISTRATOR)
    assert not has_role(reception_user, Role.REFORM_OFFICER)


@pytest.mark.django_db
def test_a_superuser_holds_every_role():
    assert user_roles(UserFactory(is_superuser=True)) == set(Role.values)


@pytest.mark.django_db
def test_setup_demo_creates_one_login_per_role_and_can_run_twice(capsys):
    from django.core.management import call_command

    # The logins alone: the demo province has its own tests (tests/procedures/demo/).
    call_command("setup_demo", "--logins-only")
    call_command("setup_demo", "--logins-only")
    out = capsys.readouterr().out
    for username in ("tiepnhan", "kiemsoat", "lanhdao", "quantri", "tichhop"):
        assert username in out
    assert Group.objects.get(name=Role.RECEPTION).user_set.filter(username="tiepnhan").exists()
    assert Group.objects.get(name=Role.ADMINISTRATOR).user_set.get().is_staff
    platform = Group.objects.get(name=Role.INTEGRATION).user_set.get()
    assert (platform.username, platform.is_staff, platform.is_superuser) == (
        "tichhop",
        False,
        False,
    )


@pytest.mark.django_db
def test_a_tokens_user_comes_with_their_roles_read_in_the_same_query(django_assert_num_queries):
    from rest_framework.authtoken.models import Token

    from api.authentication import ExpiringTokenAuthentication

    other = Group.objects.create(name="a group that is no role")
    for groups in ([], [Role.RECEPTION], [Role.LEADER, Role.ADMINISTRATOR]):
        user = UserFactory()
        user.groups.set([*Group.objects.filter(name__in=groups), other])
        key = Token.objects.create(user=user).key
        with django_assert_num_queries(1):
            found, _token = ExpiringTokenAuthentication().authenticate_credentials(key)
            assert user_roles(found) == set(groups)
        # A membership changed afterwards is seen, as with roles read on their own.
        user.groups.add(Group.objects.get(name=Role.REFORM_OFFICER))
        assert user_roles(found) == {*groups, Role.REFORM_OFFICER}
