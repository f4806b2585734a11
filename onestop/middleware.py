"""Vietnamese first: the interface opens in Vietnamese whatever the browser asks for."""

from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's Accept-Language: officials' browsers are
    often set to English, yet the screens, receipts and reports are Vietnamese. English only when
    the user picks it (the language switch sets the language cookie, which is still honoured)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)
