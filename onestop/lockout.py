"""Failed logins (django-axes): what is counted (an account from an address, and an address on its
own) and the answer to a locked-out login: a page in the user's language, or JSON for the API's
token endpoint, saying how long the lock lasts."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return _(
        "Too many failed logins for this account or from this connection: logging in is locked "
        "for %(minutes)d min. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=status)
    else:
        response = render(
            request, "registration/locked_out.html", {"message": lockout_message()}, status=status
        )
    response["Retry-After"] = retry_after
    return response


class PairAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler, counting failures per account *and* address pair.

    Counting by the account alone let a stranger lock anyone out with five guesses (issue 22):
    the pair locks after AXES_FAILURE_LIMIT failures, so the owner logs in from their own
    address meanwhile. An address guessing across many accounts is slowed down on its own,
    after AXES_ADDRESS_FAILURE_LIMIT failures, and only that address is held back.
    AXES_LOCKOUT_PARAMETERS lists the pair first, then the address.
    """

    def _pair_and_address(self, request, credentials):
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        return counts[0], (counts[1] if len(counts) > 1 else 0)

    def get_failures(self, request, credentials=None) -> int:
        pair, address = self._pair_and_address(request, credentials)
        if address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # Axes compares one count with one limit: an address past its own limit counts as
            # a pair at the limit, so the answer is the same lockout page.
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful login clears its own pair only: an attacker holding one account must
        # not wipe the address's count of guesses at others by logging in with it.
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair_attempts.delete()
        return count
