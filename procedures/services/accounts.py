"""Accounts (tài khoản người dùng): what follows a change of a user's password or standing.

A token used to outlive a password change (issue 22): whoever had copied it kept the API after
the owner changed the password to shut them out. Django already refuses a session whose password
hash no longer matches, and any session of an inactive user; the sessions are deleted all the
same, so a deactivated account that is reactivated does not find its old sessions alive.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


@transaction.atomic
def user_tokens_revoke(*, user) -> int:
    """Thu hồi token: delete every API token of ``user``; returns how many there were."""
    count, _ = Token.objects.filter(user=user).delete()
    return count


@transaction.atomic
def user_sessions_revoke(*, user) -> int:
    """Thu hồi phiên đăng nhập: delete every live session of ``user``; returns how many.

    Sessions store their user inside the signed data, so the live ones are read and decoded:
    one pass over the session table, on a rare event (a password change, a deactivation).
    """
    user_id = str(user.pk)
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    count, _ = Session.objects.filter(pk__in=mine).delete()
    return count


def _credentials_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember whether this save changes the password or deactivates the account."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # a login's last_login, say: nothing to compare, no query
    before = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    instance._onestop_revoke_tokens = bool(before) and (
        before["password"] != instance.password or (before["is_active"] and not instance.is_active)
    )


def _credentials_after_save(sender, instance, raw=False, **kwargs):
    if raw or not instance.__dict__.pop("_onestop_revoke_tokens", False):
        return
    # In the same transaction as the save: a password change that rolls back keeps its tokens.
    user_tokens_revoke(user=instance)
    user_sessions_revoke(user=instance)


def connect_credential_signals(user_model) -> None:
    from django.db.models.signals import post_save, pre_save

    pre_save.connect(_credentials_before_save, sender=user_model, weak=False)
    post_save.connect(_credentials_after_save, sender=user_model, weak=False)
