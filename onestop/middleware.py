"""Cross-cutting answers that no view should have to remember, and Vietnamese first: the
interface opens in Vietnamese whatever the browser asks for."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Pages that show an applicant's data to whoever holds the code and check value.
PUBLIC_PERSONAL_PATHS = ("/tra-cuu/", "/api/v1/public/")


def _has_nul(pairs) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in pairs)


class RejectNulBytesMiddleware:
    """A NUL character in the path, the query string or a submitted field answers 400: no code,
    name or filter holds one, and PostgreSQL refuses them in text, so letting one reach a query
    would be a 500. Uploaded files are not looked at (an XLSX is binary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _("The request holds a NUL character, which no code or value can contain.")
            if request.path.startswith("/api/"):
                # With ``problems``, as the API's other refusals (api/schema.py).
                return JsonResponse(
                    {"detail": message, "problems": [{"message": message}]}, status=400
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if "\x00" in request.path or _has_nul(request.GET.lists()):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        content_type = request.content_type or ""
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return _has_nul(request.POST.lists())
        if content_type.endswith("json"):
            # A JSON string spells NUL as \u0000.
            return b"\x00" in request.body or b"\\u0000" in request.body
        return False


class NoStoreForPersonalDataMiddleware:
    """Cache-Control: no-store on every answer to a logged-in user (queues, dossiers, receipts,
    exports, the API) and on the public lookup, so that no browser or shared proxy keeps a copy
    of personal data. Static files (WhiteNoise) answer before this and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(
            PUBLIC_PERSONAL_PATHS
        ):
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
        return response


class DatabaseBusyMiddleware:
    """A database that is busy or away answers 503 with Retry-After, never a 500 page: SQLite's
    "database is locked" once its busy timeout has passed (the embedded default under concurrent
    desk actions), or PostgreSQL restarting under load. The transaction of the request was rolled
    back, so nothing is half-written and the same request can simply be sent again."""

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable for %s %s: %s", request.method, request.path, exception
        )
        message = _("The database is busy or restarting: nothing was saved. Try again in a moment.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's Accept-Language: officials' browsers are
    often set to English, yet the screens, receipts and reports are Vietnamese. English only when
    the user picks it (the language switch sets the language cookie, which is still honoured)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)
