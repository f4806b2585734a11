"""The answer to a locked-out login (django-axes calls it): a page in the user's language, or
JSON for the API's token endpoint, saying how long the lock lasts."""

from django.conf import settings
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
